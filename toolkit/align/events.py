"""Group articles of different outlets that report the same event.

Method: TF-IDF vectors of headline and body (sublinear term frequency, smoothed idf, L2 norm); candidate pairs only
among articles that share one of their highest-weighted terms, and only through terms held by at most `max_block`
articles (never all pairs); the cosine of a candidate pair is damped when both publication dates are known and lie
further apart than a few days, then less the mean similarity of the two articles to their nearest candidates (an
article on a topic covered often must stand out above that background); then average-linkage agglomeration over that sparse graph (absent pairs count as 0),
where a merge that would put two articles of one outlet into one event needs a higher similarity (a soft constraint:
an outlet rarely runs two articles on one event, but it can).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does
    doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own said same says she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves would also new one two year years told say like get according mr ms mrs""".split()
)


@dataclass(frozen=True)
class Params:
    """The parameters of the grouping; `asdict(Params())` is what an event record's method can cite."""

    threshold: float = 0.03  # least average-linkage similarity (after the hub discount) of two clusters that merge
    same_outlet_penalty: float = 0.3  # subtracted from that similarity when the merge joins two articles of one outlet
    headline_weight: int = 3  # the headline's words count this many times
    date_grace_days: int = 3  # dates this close do not damp a pair
    date_scale_days: float = 7.0  # beyond the grace, similarity decays as exp(-extra days / scale)
    keys_per_article: int = 25  # an article's highest-weighted terms that make candidate pairs
    max_block: int = 60  # terms held by more articles than this make no candidate pairs
    hub_k: int = 8  # neighbours whose mean similarity an article's pairs are discounted by (0: none)
    hub_weight: float = 1.0  # how much of the two articles' mean neighbour similarity is discounted


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, numbers of one digit or plural s."""
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode("ascii").lower()
    words = []
    for word in _WORD.findall(folded):
        word = word.split("'")[0]
        if word in _STOP or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def _day(value: Any) -> int | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def vectors(articles: list[dict[str, Any]], headline_weight: int) -> list[dict[int, float]]:
    """L2-normalized TF-IDF vectors (term index -> weight) of headline and text."""
    counts = []
    for article in articles:
        words = tokens(str(article.get("headline") or "")) * headline_weight + tokens(str(article.get("text") or ""))
        counts.append(Counter(words))
    df: Counter[str] = Counter()
    for count in counts:
        df.update(count.keys())
    index = {term: n for n, term in enumerate(sorted(df))}
    total = len(articles)
    out = []
    for count in counts:
        weights = {index[t]: (1 + math.log(c)) * (math.log((1 + total) / (1 + df[t])) + 1) for t, c in count.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out.append({t: w / norm for t, w in weights.items()})
    return out


def candidates(vecs: list[dict[int, float]], keys: int, max_block: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of articles sharing one of their `keys` highest-weighted terms, through terms in at most max_block articles."""
    postings: dict[int, list[int]] = defaultdict(list)
    for n, vec in enumerate(vecs):
        for term in heapq.nlargest(keys, vec, key=lambda t: (vec[t], -t)):
            postings[term].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 2 <= len(members) <= max_block:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    pairs.add((members[a], members[b]))
    return pairs


def similarities(articles: list[dict[str, Any]], params: Params) -> dict[tuple[int, int], float]:
    """Damped cosine of every candidate pair with a positive value."""
    vecs = vectors(articles, params.headline_weight)
    days = [_day(article.get("published")) for article in articles]
    sims = {}
    for a, b in candidates(vecs, params.keys_per_article, params.max_block):
        small, large = (vecs[a], vecs[b]) if len(vecs[a]) <= len(vecs[b]) else (vecs[b], vecs[a])
        sim = sum(w * large.get(t, 0.0) for t, w in small.items())
        day_a, day_b = days[a], days[b]
        if day_a is not None and day_b is not None:
            extra = abs(day_a - day_b) - params.date_grace_days
            if extra > 0:
                sim *= math.exp(-extra / params.date_scale_days)
        if sim > 0:
            sims[(a, b)] = sim
    if params.hub_k:
        sims = _discount_hubs(sims, len(articles), params.hub_k, params.hub_weight)
    return sims


def _discount_hubs(sims: dict[tuple[int, int], float], size: int, k: int, weight: float) -> dict[tuple[int, int], float]:
    """Each pair's similarity less `weight` times the mean of the two articles' mean similarity to their k nearest candidates.

    An article close to many others (a topic seen often) has a high mean, so its pairs need to stand out above that
    background to count (the cross-domain similarity local scaling of Conneau et al. 2018, here on sparse candidates).
    """
    nearest: list[list[float]] = [[] for _ in range(size)]
    for (a, b), sim in sims.items():
        for n in (a, b):
            if len(nearest[n]) < k:
                heapq.heappush(nearest[n], sim)
            elif sim > nearest[n][0]:
                heapq.heapreplace(nearest[n], sim)
    background = [sum(values) / k for values in nearest]
    found = {}
    for (a, b), sim in sims.items():
        value = sim - weight * (background[a] + background[b]) / 2
        if value > 0:
            found[(a, b)] = value
    return found


def group_events(articles: list[dict[str, Any]], params: Params | None = None) -> list[list[str]]:
    """Clusters of article ids (every article in exactly one; singletons included), each sorted, in order of their first id."""
    params = params or Params()
    ids = [str(article["id"]) for article in articles]
    outlets: list[Counter[str]] = [Counter([str(article.get("outlet_id"))] if article.get("outlet_id") else []) for article in articles]
    members: dict[int, list[int]] = {n: [n] for n in range(len(articles))}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), sim in similarities(articles, params).items():
        links[a][b] = links[b][a] = sim

    def score(a: int, b: int) -> float:
        value = links[a][b] / (len(members[a]) * len(members[b]))
        return value - params.same_outlet_penalty if outlets[a].keys() & outlets[b].keys() else value

    heap = [(-score(a, b), a, b) for a in links for b in links[a] if a < b]
    heapq.heapify(heap)
    next_id = len(articles)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if -negative < params.threshold:
            break
        if a not in members or b not in members or b not in links[a] or score(a, b) != -negative:
            continue
        merged = next_id
        next_id += 1
        members[merged] = members.pop(a) + members.pop(b)
        outlets.append(outlets[a] + outlets[b])
        sums: dict[int, float] = defaultdict(float)
        for old in (a, b):
            for other, value in links.pop(old).items():
                if other not in (a, b):
                    sums[other] += value
                    del links[other][old]
        for other, value in sums.items():
            links[merged][other] = links[other][merged] = value
            heapq.heappush(heap, (-score(other, merged), other, merged))
    clusters = [sorted(ids[n] for n in group) for group in members.values()]
    return sorted(clusters)


def method(params: Params | None = None) -> dict[str, Any]:
    """The method's name and parameters, as an event record can cite them."""
    return {"name": "tfidf-average-linkage", "parameters": asdict(params or Params())}
