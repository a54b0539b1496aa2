"""Group articles of different outlets that report the same event.

Method: each article is read into TF-IDF matrices of its words, its headline, its capitalized names and its numbers,
with its day (published, else from its URL), the weekdays it names near the top and its outlet
(toolkit.align.features), and into an embedding of its headline and opening (toolkit.align.meaning). Candidate pairs
come from blocking on high-weight terms that few articles share, never from all pairs; each pair's features (cosines
of words and of embeddings, each against both articles' background of nearest candidates, mutual ranks, days apart,
shared or conflicting weekdays, same outlet) go through a logistic model, and its scores through a second one that
measures each pair against the articles' rival candidates (toolkit.align.pairs). Average linkage over those log-odds,
with a penalty on joining two articles of one outlet, makes the events (toolkit.align.linkage); two versions of one
outlet's report (near-identical bodies) are joined before it. The weights in `Params` were fitted on the development
pool of benchmarks/bench_events.py (BASIL 2010-2012, PAC train and dev, AllSides stories), which `--fit` there
reproduces; weights of a logistic model are conditional on one another (body and background share the cosine, so
body's own weight is negative).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from toolkit.align.describe import contained, shingles
from toolkit.align.features import Ints, outlet_codes, profiles, tokens
from toolkit.align.linkage import agglomerate
from toolkit.align.meaning import embed
from toolkit.align.pairs import FEATURES, STANDOUT, Floats, candidates, features, log_odds, standout

__all__ = ["VERSION", "Params", "group_events", "method", "pair_table", "tokens"]

VERSION = "4"  # of the method: a change that can change its result changes it
VERSION_COSINE = 0.2  # least body cosine of two articles of one outlet to be read as versions of one report
WEIGHTS = (
    ("intercept", -0.6952),
    ("body", -4.3811),
    ("headline", 1.0879),
    ("names", 0.1944),
    ("numbers", 0.5057),
    ("background", 14.9261),
    ("rank_near", -0.3928),
    ("rank_far", -0.5509),
    ("dated", 1.4175),
    ("days_apart", -0.5772),
    ("far_apart", -1.7799),
    ("weekday_shared", 0.9355),
    ("weekday_conflict", -1.3103),
    ("same_outlet", -8.1855),
    ("meaning", 1.5044),
    ("meaning_background", 7.9274),
)
STANDOUT_WEIGHTS = (
    ("intercept", -1.0128),
    ("score", 0.4189),
    ("margin_low", 0.3864),
    ("margin_high", 0.396),
)


@dataclass(frozen=True)
class Params:
    """The parameters of the grouping; `method(params)` is what an event record cites."""

    threshold: float = -1.5  # least average log-odds of two clusters that merge
    absent: float = -4.0  # the log-odds a pair that is no candidate (or scores lower) counts as
    same_outlet_penalty: float = 5.0  # subtracted when a merge joins two articles of one outlet
    headline_weight: int = 3  # the headline's words count this many times in the body vector
    top_chars: int = 400  # characters from the top in which named weekdays count
    date_grace_days: int = 3  # days apart beyond which a dated pair counts as far apart and its similarities decay
    date_scale_days: float = 7.0  # beyond the grace, similarities decay as exp(-extra days / scale)
    keys_per_article: int = 25  # an article's highest-weighted terms that block candidate pairs
    max_block: int = 500  # terms that are keys of more articles than this block no pairs
    shortlist: int = 40  # articles kept per article by shared key weight, before exact cosines
    neighbours: int = 12  # articles kept per article by exact cosine: the candidate pairs
    hub_k: int = 8  # nearest candidates whose mean cosine is an article's background
    weights: tuple[tuple[str, float], ...] = WEIGHTS  # intercept, then one per feature of toolkit.align.pairs.FEATURES
    rival_rank: int = 2  # a pair's score is measured against each article's candidate of this rank (0: best) of other outlets
    standout_weights: tuple[tuple[str, float], ...] = STANDOUT_WEIGHTS  # intercept, then one per toolkit.align.pairs.STANDOUT
    version_containment: float = 0.8  # least share of word 5-grams two articles of one outlet share to be versions of one report, joined first
    meaning_chars: int = 1000  # characters of the text, after the headline, that an article's embedding reads


def pair_table(articles: list[dict[str, Any]], params: Params, stage: Callable[[str], None] = lambda _: None) -> tuple[Ints, Ints, Floats]:
    """Candidate pairs (first[n] < second[n], indexes into articles) and their feature rows; `stage` hears each step begin."""
    stage("reading texts")
    read = profiles(articles, params.headline_weight, params.top_chars)
    stage("embedding headlines and openings")
    vectors = embed(articles, params.meaning_chars)
    stage("finding candidate pairs")
    first, second, body = candidates(read.body, params.keys_per_article, params.max_block, params.shortlist, params.neighbours)
    stage(f"measuring {len(first):,} candidate pairs")
    return first, second, features(read, first, second, body, params.hub_k, params.date_grace_days, params.date_scale_days, vectors)


def _check(params: Params) -> None:
    """Refuse weights that do not name the features in order."""
    for weights, expected in ((params.weights, FEATURES), (params.standout_weights, STANDOUT)):
        names = [name for name, _ in weights]
        if names != ["intercept", *expected]:
            raise ValueError(f"weights must name intercept, {', '.join(expected)} in that order; got {', '.join(names)}")


def group_events(articles: list[dict[str, Any]], params: Params | None = None, stage: Callable[[str], None] = lambda _: None) -> list[list[str]]:
    """Clusters of article ids (every article in exactly one; singletons included), each sorted, in order of their first
    id; `stage` hears each step of the work begin (reading texts, embedding, candidates, measuring, linking)."""
    params = params or Params()
    _check(params)
    ordered = sorted(articles, key=lambda article: str(article["id"]))
    first, second, table = pair_table(ordered, params, stage)
    outlets = outlet_codes(ordered)
    scores = log_odds(table, [weight for _, weight in params.weights])
    scores = log_odds(standout(first, second, scores, outlets, params.rival_rank, params.absent), [weight for _, weight in params.standout_weights])
    together = versions(ordered, first, second, outlets, params.version_containment, table[:, FEATURES.index("body")])
    stage("linking")
    groups = agglomerate(first, second, scores, outlets, params.threshold, params.absent, params.same_outlet_penalty, together)
    return sorted(sorted(str(ordered[n]["id"]) for n in group) for group in groups)


def versions(articles: list[dict[str, Any]], first: Ints, second: Ints, outlets: Ints, containment: float, body: Floats) -> list[tuple[int, int]]:
    """The candidate pairs that are two versions of one outlet's report: one outlet (known), bodies sharing at least
    `containment` of the shorter's word 5-grams (a re-crawl, an update, an excerpt of the full text).

    Only pairs whose body cosine reaches VERSION_COSINE are read for 5-grams (on the development pool every version
    pair has at least 0.40), so memory stays with the few likely pairs, not every pair of one outlet.
    """
    likely = (outlets[first] == outlets[second]) & (outlets[first] >= 0) & (body >= VERSION_COSINE)
    same = [(int(a), int(b)) for a, b in zip(first[likely], second[likely], strict=True)]
    read: dict[int, set[int]] = {}
    for n in sorted({n for pair in same for n in pair}):
        # 64-bit hashes take a third of the strings' memory; salted per interpreter, they change no result but by a collision
        read[n] = {hash(shingle) for shingle in shingles(str(articles[n].get("text") or ""))}
    return [(a, b) for a, b in same if contained(read[a], read[b]) >= containment]


def method(params: Params | None = None) -> dict[str, Any]:
    """The method's name, version and parameters, as an event record can cite them."""
    parameters = asdict(params or Params())
    parameters["weights"] = dict(parameters["weights"])
    parameters["standout_weights"] = dict(parameters["standout_weights"])
    return {"name": "pair-model-average-linkage", "version": VERSION, "parameters": parameters}
