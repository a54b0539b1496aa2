"""Event grouping partitioned by time window, for a run in which each task groups one slice of the corpus.

A plan cuts the calendar into windows of `days` days, counted from the first day of the proleptic calendar so that a
window does not move when articles are added; each window owns the articles of its days and reads as well those of
`margin` days either side. An article's day is the one grouping reads (toolkit.align.features.day: published, else
from its URL). The undated articles are one window of their own (UNDATED), grouped among themselves; each is read as
well by the window owning the day of its nearest dated article in meaning (the embeddings of toolkit.align.meaning), so
that it can join a dated event there. With `undated="alone"` they are grouped among themselves only.

Every window reads as well a crowd: the same `crowd` dated articles of the whole corpus (those whose ids hash lowest),
which it groups with its own but reports in no group. The pair model measures each pair against its articles' other
candidates, so that a window grouped without a crowd joins far more than the single pass does (docs/benchmarks.md).

Each window is grouped alone, on only the articles it reads (`group_window`, toolkit.align.events.group_events), and
says of each group which members it owns. `merge` makes the corpus's events: an article's event is its owning window's
group, and two such groups of different windows are joined when each window puts one of the other's articles in its
group (`rule="mutual"`; `rule="any"` joins when one window does), so an event crossing a window boundary, which both
windows see whole, is one event. A dated window's group that holds an undated article joins that article's group of the
undated window on its own word (the undated window reads no dated article, so it cannot second it). Joins are taken as
a union, so the events do not depend on the order of the windows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np

from toolkit.align.events import Params, group_events
from toolkit.align.features import day
from toolkit.align.meaning import embed

__all__ = ["CROWD", "DAYS", "MARGIN", "UNDATED", "Group", "Window", "group_events_by_window", "group_window", "merge", "plan", "slices", "windows"]

DAYS = 91  # days a window owns (a quarter of a year: measured in docs/benchmarks.md)
MARGIN = 7  # days either side a window reads as well
CROWD = 3000  # dated articles of the whole corpus that every window reads as well, as the crowd its pairs are measured in
_PRODUCTS = 1 << 24  # dot products of embeddings taken at once (64 MB of float32)


@dataclass(frozen=True, order=True)
class Window:
    """The days [start, end) a window owns (proleptic ordinals), and the days either side of them it reads as well."""

    start: int
    end: int
    margin: int

    def owns(self, day: int) -> bool:
        """Whether an article of this day belongs to the window."""
        return self.start <= day < self.end

    def reads(self, day: int) -> bool:
        """Whether an article of this day is grouped in the window (owned, or in its margin)."""
        return self.start - self.margin <= day < self.end + self.margin


UNDATED = Window(-1, 0, 0)  # the window that owns the undated articles (its one day, -1, is no date)


class Group(NamedTuple):
    """A group a window found: the ids it owns, and the ids of other windows' articles it read (each sorted)."""

    owned: tuple[str, ...]
    margin: tuple[str, ...]


def article_day(article: dict[str, Any]) -> int:
    """The day grouping reads of an article (-1 when it has none)."""
    return day(article.get("published"), article.get("url"))


def windows(days: Iterable[int], size: int = DAYS, margin: int = MARGIN) -> list[Window]:
    """The calendar windows of `size` days that own at least one of the days (negative days, undated, ignored), in order."""
    if size < 1 or margin < 0:
        raise ValueError(f"a window needs at least 1 day and a margin of at least 0; got {size} and {margin}")
    starts = sorted({d - d % size for d in days if d >= 0})
    return [Window(start, start + size, margin) for start in starts]


def plan(
    articles: list[dict[str, Any]],
    params: Params | None = None,
    days: int = DAYS,
    margin: int = MARGIN,
    undated: Literal["neighbour", "alone"] = "neighbour",
    crowd: int = CROWD,
) -> dict[Window, list[str]]:
    """The ids each window reads, sorted (windows in order, UNDATED first): its own days and margin, the undated
    articles whose nearest dated article it owns, and the crowd."""
    found = [article_day(article) for article in articles]
    cut = windows(found, days, margin)
    read: dict[Window, list[str]] = {window: [] for window in cut}
    starts = np.array([window.start for window in cut], dtype=np.int64)
    for article, when in zip(articles, found, strict=True):
        if when >= 0:
            low, high = np.searchsorted(starts, [when - margin - days + 1, when + margin], side="left")
            for window in cut[low : high + 1]:
                if window.reads(when):
                    read[window].append(str(article["id"]))
    lost = [str(article["id"]) for article, when in zip(articles, found, strict=True) if when < 0]
    if lost:
        read[UNDATED] = lost
    for article_id, window in _undated(articles, found, cut, params or Params(), undated).items():
        read[window].append(article_id)
    extra = _crowd(articles, found, crowd)
    return {window: sorted(set(read[window]) | extra) for window in sorted(read)}


def _crowd(articles: list[dict[str, Any]], found: list[int], size: int) -> set[str]:
    """The `size` dated articles whose ids hash lowest: a sample of the corpus that adding articles changes little."""
    ids = [str(article["id"]) for article, when in zip(articles, found, strict=True) if when >= 0]
    return set(sorted(ids, key=lambda i: hashlib.sha256(i.encode()).digest())[: max(size, 0)])


def _undated(articles: list[dict[str, Any]], found: list[int], cut: list[Window], params: Params, rule: str) -> dict[str, Window]:
    """The dated window that reads each undated article as well: the one owning its nearest dated article in meaning (none with rule alone)."""
    lost = [n for n, when in enumerate(found) if when < 0]
    dated = [n for n, when in enumerate(found) if when >= 0]
    if rule not in ("neighbour", "alone"):
        raise ValueError(f"unknown rule for undated articles {rule!r}; choose neighbour or alone")
    if rule == "alone" or not dated:
        return {}
    nearest = _nearest([articles[n] for n in lost], [articles[n] for n in dated], params.meaning_chars)
    starts = np.array([window.start for window in cut], dtype=np.int64)
    owner = np.searchsorted(starts, [found[dated[m]] for m in nearest], side="right") - 1
    return {str(articles[n]["id"]): cut[w] for n, w in zip(lost, owner.tolist(), strict=True)}


def _nearest(queries: list[dict[str, Any]], pool: list[dict[str, Any]], chars: int) -> list[int]:
    """For each query article, the index of the pool article nearest in meaning (ties: the first)."""
    if not queries:
        return []
    asked, among = embed(queries, chars), embed(pool, chars)
    step = max(1, _PRODUCTS // len(pool))
    return [int(m) for start in range(0, len(queries), step) for m in np.argmax(asked[start : start + step] @ among.T, axis=1)]


def group_window(articles: list[dict[str, Any]], window: Window, params: Params | None = None) -> list[Group]:
    """The groups of one window, found among the articles it reads (only those: `plan` names them), each split into
    the articles of the window's days (UNDATED's: the undated ones) and those of its margin or undated; the other
    dated articles (the crowd) are grouped too but left out."""
    days = {str(article["id"]): article_day(article) for article in articles}
    owned = {i for i, when in days.items() if window.owns(when)}
    margin = {i for i, when in days.items() if i not in owned and (when < 0 or window.reads(when))}
    found = []
    for group in group_events(articles, params):
        kept = Group(tuple(i for i in group if i in owned), tuple(i for i in group if i in margin))
        if kept.owned or kept.margin:
            found.append(kept)
    return found


def merge(groups_by_window: Mapping[Window, list[Group]] | Iterable[list[Group]], rule: Literal["mutual", "any"] = "mutual") -> list[list[str]]:
    """The events of the owned articles of every window, as group_events gives them (each sorted, in order of their
    first id): the owned part of each group, joined with another window's when both windows (`any`: either) put an
    article of the other's part in their group, or when a dated window puts an undated article in its group (known
    only when the groups are given by window: without the windows every join must be mutual)."""
    if rule not in ("mutual", "any"):
        raise ValueError(f"unknown rule for merging {rule!r}; choose mutual or any")
    by_window = groups_by_window if isinstance(groups_by_window, Mapping) else dict(enumerate(groups_by_window))
    tagged = [(window, group) for window in sorted(by_window) for group in by_window[window] if group.owned]
    parts = [group for _window, group in tagged]
    undated = {n for n, (window, _group) in enumerate(tagged) if window == UNDATED}
    home = _homes(parts)
    wanted = {(n, home[i]) for n, group in enumerate(parts) for i in group.margin if i in home}
    leader = list(range(len(parts)))
    for a, b in sorted(wanted):
        if a != b and (rule == "any" or (b, a) in wanted or b in undated):
            _join(leader, a, b)
    events: dict[int, list[str]] = defaultdict(list)
    for n, group in enumerate(parts):
        events[_root(leader, n)].extend(group.owned)
    return sorted(sorted(ids) for ids in events.values())


def _homes(parts: list[Group]) -> dict[str, int]:
    """Each owned article's part; ValueError when two windows own one article (a plan gives each article to one)."""
    home: dict[str, int] = {}
    for n, group in enumerate(parts):
        for i in group.owned:
            if home.setdefault(i, n) != n:
                raise ValueError(f"article {i} is owned by two windows")
    return home


def _root(leader: list[int], n: int) -> int:
    while leader[n] != n:
        leader[n] = leader[leader[n]]
        n = leader[n]
    return n


def _join(leader: list[int], a: int, b: int) -> None:
    first, other = sorted((_root(leader, a), _root(leader, b)))
    leader[other] = first


def group_events_by_window(
    articles: list[dict[str, Any]],
    params: Params | None = None,
    days: int = DAYS,
    margin: int = MARGIN,
    undated: Literal["neighbour", "alone"] = "neighbour",
    rule: Literal["mutual", "any"] = "mutual",
    crowd: int = CROWD,
) -> list[list[str]]:
    """The events of the articles grouped window by window in this process and merged (see the module docstring)."""
    params = params or Params()
    by_id = {str(article["id"]): article for article in articles}
    cut = plan(articles, params, days, margin, undated, crowd)
    return merge({window: group_window(read, window, params) for window, read in slices(by_id, cut)}, rule)


def slices(articles: Mapping[str, dict[str, Any]], cut: Mapping[Window, list[str]]) -> Iterable[tuple[Window, list[dict[str, Any]]]]:
    """Each window of a plan with the articles it reads."""
    return ((window, [articles[i] for i in ids]) for window, ids in cut.items())
