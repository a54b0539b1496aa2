"""Copies of one text: articles whose bodies share most of their word 5-grams (a wire story other outlets ran, a
second version of an outlet's own report).

One rule and one threshold serve event grouping (copies set aside before grouping, found among all articles through
a shared run of words near the top), event records (the copies an event lists) and the measures (an outlet's second
version counted once), the last two among an event's few articles, every pair of them looked at. Of a set of copies
the first article is the original: the earliest published, then the lowest id, where the order says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

SHINGLE = 5  # words of a shingle
CONTAINMENT = 0.8  # least share of the shorter body's word 5-grams that two bodies share to be copies of one text
_WORDS = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The word 5-grams of a text, lower case."""
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def hashed_shingles(article: dict[str, Any]) -> set[int]:
    """The hashes of an article's word 5-grams: 64-bit hashes take a third of the strings' memory; salted per
    interpreter, they change no result but by a collision."""
    return {hash(shingle) for shingle in shingles(str(article.get("text") or ""))}


def contained(a: set[Any], b: set[Any]) -> float:
    """The share of the smaller set of shingles that the other holds (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def shared_runs(articles: list[dict[str, Any]], windows: int, words: int) -> Iterator[tuple[int, int]]:
    """Pairs (first, other) of articles whose texts share a run of `words` words at one of their first `windows` such
    places, each set against the first article of the run only, so the pairs grow with the articles, not with the
    square of the copies."""
    runs: dict[str, list[int]] = defaultdict(list)
    for n, article in enumerate(articles):
        found = _WORDS.findall(str(article.get("text") or "").lower())
        for start in range(0, min(len(found), windows * words) - words + 1, words):
            runs[" ".join(found[start : start + words])].append(n)
    for members in runs.values():
        yield from ((members[0], n) for n in members[1:])


def every_pair(count: int) -> Iterator[tuple[int, int]]:
    """Every pair (earlier, later) of `count` articles, the later one's pairs together, as a small set is read."""
    return ((earlier, later) for later in range(count) for earlier in range(later))


def leaders(
    articles: list[dict[str, Any]], pairs: Iterable[tuple[int, int]], containment: float = CONTAINMENT, days: list[int] | None = None, grace_days: int = 0
) -> list[int]:
    """For each article, the index of the first article of its copies (itself when it copies none): the pairs, in
    order, whose bodies share at least `containment` of the shorter's word 5-grams join, unless both are dated (`days`,
    negative when unknown) more than `grace_days` apart. 5-grams are read only for the pairs that could join."""
    leader = list(range(len(articles)))
    read: dict[int, set[int]] = {}

    def root(n: int) -> int:
        while leader[n] != n:
            leader[n] = leader[leader[n]]
            n = leader[n]
        return n

    def grams(n: int) -> set[int]:
        if n not in read:
            read[n] = hashed_shingles(articles[n])
        return read[n]

    for a, b in pairs:
        near = days is None or days[a] < 0 or days[b] < 0 or abs(days[a] - days[b]) <= grace_days
        if near and root(a) != root(b) and contained(grams(a), grams(b)) >= containment:
            first, other = sorted((root(a), root(b)))
            leader[other] = first
    return [root(n) for n in range(len(articles))]


def copies(articles: list[dict[str, Any]], containment: float = CONTAINMENT) -> dict[str, str]:
    """Article id -> the article it is a copy of, among a few articles (every pair looked at): the later published
    (else the later id) is the copy, whether another outlet ran it (a wire copy) or the same one (a second version)."""
    order = sorted(articles, key=lambda a: (str(a.get("published") or "9999"), str(a["id"])))
    leader = leaders(order, every_pair(len(order)), containment)
    return {str(order[n]["id"]): str(order[first]["id"]) for n, first in enumerate(leader) if first != n}
