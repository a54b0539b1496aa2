"""Group articles of different outlets that report the same event.

Method: each article is read into TF-IDF matrices of its words, its headline, its capitalized names and its numbers,
with its day (published, else from its URL), the weekdays it names near the top and its outlet
(toolkit.align.features), and into an embedding of its headline and opening (toolkit.align.meaning). Candidate pairs
come from blocking on high-weight terms that few articles share and from each dated article's nearest in meaning among
the articles of the days around it, never from all pairs; each pair's features (cosines of words and of embeddings,
each against both articles' background of nearest candidates, mutual ranks, days apart, shared or conflicting
weekdays, same outlet) go through a logistic model, and its scores through a second one that measures each pair
against the articles' rival candidates (toolkit.align.pairs). Measured so, reports of a crowded story stand out from
nothing and sink; a third model reads the pair alone, and a pair counts at the better of the two (the pair-alone one
less `absolute_offset`). Average linkage over those log-odds, with a penalty on joining two articles of one outlet,
makes the events (toolkit.align.linkage); a pair that is no candidate counts as `absent`, or, between two articles
whose `neighbours` best candidates all score well (a crowd), at the lower of the two scores of their `neighbours`-th
best, so a story of hundreds of reports can form although each report has room for a dozen candidates. Two versions of one
outlet's report (near-identical bodies) are joined before it. Before any of this, copies of one text (a wire story that
many outlets ran, found by a shared run of words near the top and most of their word 5-grams) are set aside and follow
their first article into its event, so that a story run a thousand times is grouped as one article.

The weights in `Params` were fitted on the candidate pairs of the development pool (BASIL 2010-2012, PAC train and dev,
AllSides stories) grouped alone and crowded by the article-bias-prediction articles of the same days, which
`benchmarks/bench_events_dense.py --fit` reproduces; weights of a logistic model are conditional on one another (body
and background share the cosine, so body's own weight is negative). Opinion and analysis pieces are grouped as reports
are: grouping reports first and attaching each view to the event it links to best scored lower on the pool
(docs/benchmarks.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from toolkit.align.copies import CONTAINMENT, contained, hashed_shingles, leaders, shared_runs
from toolkit.align.features import Ints, day, outlet_codes, profiles, tokens
from toolkit.align.linkage import agglomerate
from toolkit.align.meaning import embed
from toolkit.align.pairs import (
    ABSOLUTE,
    FEATURES,
    STANDOUT,
    Floats,
    absolute,
    candidates,
    features,
    floors,
    log_odds,
    meaning_neighbours,
    standout,
)

__all__ = ["VERSION", "Params", "copies", "group_events", "method", "originals", "pair_table", "tokens"]

VERSION = "6"  # of the method: a change that can change its result changes it
VERSION_COSINE = 0.2  # least body cosine of two articles of one outlet to be read as versions of one report
WEIGHTS = (
    ("intercept", -0.5261),
    ("body", -3.9633),
    ("headline", 1.3096),
    ("names", 0.3379),
    ("numbers", 0.5772),
    ("background", 14.5006),
    ("rank_near", -0.3454),
    ("rank_far", -0.443),
    ("dated", 1.6043),
    ("days_apart", -0.7249),
    ("far_apart", -1.7565),
    ("weekday_shared", 0.8989),
    ("weekday_conflict", -1.3534),
    ("same_outlet", -5.9667),
    ("meaning", 0.9997),
    ("meaning_background", 9.9171),
)
ABSOLUTE_WEIGHTS = (
    ("intercept", -7.7134),
    ("body", 8.9129),
    ("headline", 2.3937),
    ("names", 0.9634),
    ("numbers", 0.3961),
    ("dated", 1.783),
    ("days_apart", -0.5185),
    ("far_apart", 0.1256),
    ("weekday_shared", 0.5951),
    ("weekday_conflict", -1.7965),
    ("same_outlet", -5.3423),
    ("meaning", 3.657),
)
STANDOUT_WEIGHTS = (
    ("intercept", -0.9882),
    ("score", 0.3936),
    ("margin_low", 0.3994),
    ("margin_high", 0.413),
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
    version_containment: float = CONTAINMENT  # least share of word 5-grams two articles share to be copies of one text, or versions of one report
    meaning_chars: int = 1000  # characters of the text, after the headline, that an article's embedding reads
    copy_windows: int = 4  # runs of words from the top of a text at which two texts are looked at as copies
    copy_window_words: int = 25  # words of such a run
    window_days: int = 1  # days either side of a dated article among whose articles its nearest in meaning are candidates
    window_neighbours: int = 5  # articles kept so per dated article
    absolute_weights: tuple[tuple[str, float], ...] = ABSOLUTE_WEIGHTS  # intercept, then one per toolkit.align.pairs.ABSOLUTE
    absolute_offset: float = 3.0  # subtracted from the pair-alone model's log-odds before the better of the two is taken


def pair_table(articles: list[dict[str, Any]], params: Params, stage: Callable[[str], None] = lambda _: None) -> tuple[Ints, Ints, Floats]:
    """Candidate pairs (first[n] < second[n], indexes into articles) and their feature rows; `stage` hears each step begin."""
    stage("reading texts")
    read = profiles(articles, params.headline_weight, params.top_chars)
    stage("embedding headlines and openings")
    vectors = embed(articles, params.meaning_chars)
    stage("finding candidate pairs")
    near = meaning_neighbours(read.days, vectors, params.window_days, params.window_neighbours)
    first, second, body = candidates(read.body, params.keys_per_article, params.max_block, params.shortlist, params.neighbours, near)
    stage(f"measuring {len(first):,} candidate pairs")
    return first, second, features(read, first, second, body, params.hub_k, params.date_grace_days, params.date_scale_days, vectors)


def _check(params: Params) -> None:
    """Refuse weights that do not name the features in order."""
    for weights, expected in ((params.weights, FEATURES), (params.standout_weights, STANDOUT), (params.absolute_weights, ABSOLUTE)):
        names = [name for name, _ in weights]
        if names != ["intercept", *expected]:
            raise ValueError(f"weights must name intercept, {', '.join(expected)} in that order; got {', '.join(names)}")


def group_events(articles: list[dict[str, Any]], params: Params | None = None, stage: Callable[[str], None] = lambda _: None) -> list[list[str]]:
    """Clusters of article ids (every article in exactly one; singletons included), each sorted, in order of their first
    id; `stage` hears each step of the work begin (reading texts, embedding, candidates, measuring, linking)."""
    params = params or Params()
    _check(params)
    stage("finding copies")
    everyone, leader, ordered = originals(articles, params)
    first, second, table = pair_table(ordered, params, stage)
    outlets = outlet_codes(ordered)
    scores = pair_scores(first, second, table, outlets, params)
    together = versions(ordered, first, second, outlets, params.version_containment, table[:, FEATURES.index("body")])
    stage("linking")
    lowest = floors(first, second, scores, len(ordered), params.neighbours, params.absent)
    groups = agglomerate(first, second, scores, outlets, params.threshold, params.absent, params.same_outlet_penalty, together, lowest)
    followers: dict[str, list[str]] = defaultdict(list)
    for n, article in enumerate(everyone):
        if leader[n] != n:
            followers[str(everyone[leader[n]]["id"])].append(str(article["id"]))
    return sorted(sorted(i for n in group for i in (str(ordered[n]["id"]), *followers[str(ordered[n]["id"])])) for group in groups)


def pair_scores(first: Ints, second: Ints, table: Floats, outlets: Ints, params: Params) -> Floats:
    """Each candidate pair's log-odds of one event: the better of the standout model over the pair model (a pair
    measured against its articles' other candidates) and the pair-alone model less `absolute_offset`."""
    scores = log_odds(table, [weight for _, weight in params.weights])
    measured = log_odds(standout(first, second, scores, outlets, params.rival_rank, params.absent), [weight for _, weight in params.standout_weights])
    alone = log_odds(absolute(table), [weight for _, weight in params.absolute_weights]) - params.absolute_offset
    return np.maximum(measured, alone)


def originals(articles: list[dict[str, Any]], params: Params) -> tuple[list[dict[str, Any]], list[int], list[dict[str, Any]]]:
    """The articles in id order, the index of each one's first copy (`copies`), and the articles that copy none: the
    ones grouped, their copies following them."""
    everyone = sorted(articles, key=lambda article: str(article["id"]))
    leader = copies(everyone, params.version_containment, params.copy_windows, params.copy_window_words, params.date_grace_days)
    return everyone, leader, [article for n, article in enumerate(everyone) if leader[n] == n]


def copies(articles: list[dict[str, Any]], containment: float, windows: int, words: int, grace_days: int) -> list[int]:
    """For each article, the index of the first article of its copies (itself when it copies none): texts that share a
    run of `words` words at one of the first `windows` such places and at least `containment` of the shorter's word
    5-grams, published (when both dates are known) at most `grace_days` apart (toolkit.align.copies). A wire story run
    by a thousand outlets is then one article to group, not a thousand whose every word is too common to block on.
    """
    days = [day(article.get("published"), article.get("url")) for article in articles]
    return leaders(articles, shared_runs(articles, windows, words), containment, days, grace_days)


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
        read[n] = hashed_shingles(articles[n])
    return [(a, b) for a, b in same if contained(read[a], read[b]) >= containment]


def method(params: Params | None = None) -> dict[str, Any]:
    """The method's name, version and parameters, as an event record can cite them."""
    parameters = asdict(params or Params())
    parameters["weights"] = dict(parameters["weights"])
    parameters["standout_weights"] = dict(parameters["standout_weights"])
    parameters["absolute_weights"] = dict(parameters["absolute_weights"])
    return {"name": "pair-model-average-linkage", "version": VERSION, "parameters": parameters}
