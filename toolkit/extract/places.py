"""Attributions indexed by where they lie in a field's text, so that those near a span are found without reading all.

An article of thousands of attributions would otherwise cost the square of them wherever each is set against the others.
"""

from __future__ import annotations

import bisect

from toolkit.extract.rules import Found

__all__ = ["Places", "extent", "overlap"]


def overlap(one: tuple[int, int] | None, other: tuple[int, int] | None) -> bool:
    """Whether two spans, both given, share a character."""
    return one is not None and other is not None and one[0] < other[1] and other[0] < one[1]


def extent(found: Found) -> tuple[int, int] | None:
    """From the first to the last character of an attribution's cue and content; None when it has neither."""
    spans = [*([found.cue] if found.cue else []), *found.content]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


class Places:
    """A list of attributions indexed by field, by the stretch each covers and by where its cue starts."""

    def __init__(self, found: list[Found]) -> None:
        self.starts: dict[str, list[int]] = {}
        self.entries: dict[str, list[tuple[int, int, int]]] = {}
        self.widest: dict[str, int] = {}
        self.anywhere: dict[str, list[int]] = {}
        self.cues: dict[str, list[tuple[int, int]]] = {}
        placed: dict[str, list[tuple[int, int, int]]] = {}
        for n, one in enumerate(found):
            if one.cue is not None:
                self.cues.setdefault(one.field, []).append((one.cue[0], n))
            span = extent(one)
            if span is None:
                self.anywhere.setdefault(one.field, []).append(n)
            else:
                placed.setdefault(one.field, []).append((span[0], span[1], n))
        for field, entries in placed.items():
            entries.sort()
            self.entries[field] = entries
            self.starts[field] = [start for start, _, _ in entries]
            self.widest[field] = max(end - start for start, end, _ in entries)
        for cues in self.cues.values():
            cues.sort()

    def near(self, field: str, span: tuple[int, int] | None) -> list[int]:
        """Indexes, in list order, of the attributions of a field whose extent overlaps the span (all that lack one)."""
        if span is None:
            return []
        entries, starts = self.entries.get(field, []), self.starts.get(field, [])
        low = bisect.bisect_left(starts, span[0] - self.widest.get(field, 0))
        high = bisect.bisect_left(starts, span[1])
        found = [n for start, end, n in entries[low:high] if end > span[0]]
        return sorted(found + self.anywhere.get(field, []))

    def cued_in(self, field: str, start: int, end: int) -> list[int]:
        """Indexes, in list order, of the attributions of a field whose cue starts in [start, end)."""
        cues = self.cues.get(field, [])
        low, high = bisect.bisect_left(cues, (start, -1)), bisect.bisect_left(cues, (end, -1))
        return sorted(n for _, n in cues[low:high])
