"""Average-linkage agglomeration over a sparse graph of pair scores, with a penalty on joining articles of one outlet.

The score of two clusters is the mean of their members' pair scores, a pair without a score counting as `absent`, or
as the lower of its two articles' floors when they are given and higher (an article whose best candidates all score
well sits in a crowd, and a pair it had no room for is not evidence against); the best pair of clusters merges while its
score is at least the threshold. When both clusters hold an article of one
outlet the score is lowered by the penalty: an outlet rarely runs two reports of one event, but it can.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from toolkit.align.features import Ints
from toolkit.align.pairs import Floats


def _sum_of_smaller(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    """The sum, over every pair of a value of a and a value of b (b sorted), of the smaller of the two."""
    if not len(a) or not len(b):
        return 0.0
    below = np.searchsorted(b, a)
    prefix = np.concatenate([[0.0], np.cumsum(b)])
    return float(prefix[below].sum() + (a * (len(b) - below)).sum())


class _Clusters:
    """The clusters of an agglomeration in progress, with the summed scores between them."""

    def __init__(self, outlets: Ints, absent: float, penalty: float, floors: list[float]) -> None:
        self.members: dict[int, list[int]] = {n: [n] for n in range(len(outlets))}
        self.outlets: dict[int, set[int]] = {n: {int(outlet)} for n, outlet in enumerate(outlets)}
        self.floors: dict[int, npt.NDArray[np.float64]] = {n: np.array([floor] if floor > 0 else []) for n, floor in enumerate(floors)}
        self.links: dict[int, dict[int, float]] = defaultdict(dict)
        self.absent, self.penalty, self.next = absent, penalty, len(outlets)

    def score(self, a: int, b: int) -> float:
        """The mean pair score of two clusters, less the penalty when they share an outlet."""
        size_a, size_b = len(self.members[a]), len(self.members[b])
        unseen = _sum_of_smaller(self.floors[a], self.floors[b])
        mean = (self.links[a][b] + unseen) / (size_a * size_b) + self.absent
        return mean - self.penalty if not self.outlets[a].isdisjoint(self.outlets[b]) else mean

    def merge(self, a: int, b: int) -> list[tuple[float, int, int]]:
        """Merge two clusters into a new one; the heap entries of its links."""
        merged, self.next = self.next, self.next + 1
        self.members[merged] = self.members.pop(a) + self.members.pop(b)
        self.outlets[merged] = self.outlets.pop(a) | self.outlets.pop(b)
        self.floors[merged] = np.sort(np.concatenate([self.floors.pop(a), self.floors.pop(b)]))
        sums: dict[int, float] = defaultdict(float)
        for old in (a, b):
            for other, value in self.links.pop(old).items():
                if other not in (a, b):
                    sums[other] += value
                    del self.links[other][old]
        for other, value in sums.items():
            self.links[merged][other] = self.links[other][merged] = value
        return [(-self.score(other, merged), other, merged) for other in sums]


def agglomerate(
    first: Ints,
    second: Ints,
    scores: Floats,
    outlets: Ints,
    threshold: float,
    absent: float,
    penalty: float,
    together: Iterable[tuple[int, int]] = (),
    floors: Floats | None = None,
) -> list[list[int]]:
    """Clusters (lists of article indexes) of average linkage over the scored pairs (first[n], second[n]); the pairs
    `together` (versions of one report) are joined before anything else, whatever their scores and outlets. `floors`
    (one per article, toolkit.align.pairs.floors) lift the pairs that have no score; without them every such pair
    counts as `absent`."""
    lifted = [0.0] * len(outlets) if floors is None else [max(float(floor), absent) - absent for floor in floors]
    clusters = _Clusters(outlets, absent, penalty, lifted)
    for a, b, value in zip(first.tolist(), second.tolist(), scores.tolist(), strict=True):
        clusters.links[a][b] = clusters.links[b][a] = max(value, absent) - absent - min(lifted[a], lifted[b])
    where = {n: n for n in range(len(outlets))}  # article -> its cluster
    for a, b in together:
        if where[a] != where[b]:
            clusters.merge(where[a], where[b])
            for member in clusters.members[clusters.next - 1]:
                where[member] = clusters.next - 1
    heap = [(-clusters.score(a, b), a, b) for a in clusters.links for b in clusters.links[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if -negative < threshold:
            break
        if a in clusters.members and b in clusters.members and b in clusters.links[a] and clusters.score(a, b) == -negative:
            for entry in clusters.merge(a, b):
                heapq.heappush(heap, entry)
    return list(clusters.members.values())
