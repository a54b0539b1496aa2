"""Quotations in a text: straight, curly, doubled-apostrophe and mismatched marks, running over paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.language.segments import sentence_spans

_MARK = re.compile(r"''|``|[\"“”„«»]")
_OPENING = frozenset("“„«`")
_CLOSING = frozenset("»")
_BEFORE_OPEN = frozenset(" \n\t([{—–-/:")


@dataclass(frozen=True)
class Quote:
    """A quotation: its field, the [start, end) of its text inside the marks per paragraph, and the paragraphs."""

    field: str
    spans: tuple[tuple[int, int], ...]
    paragraphs: tuple[int, ...]

    @property
    def start(self) -> int:
        """Where the quoted text begins."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """Where the quoted text ends."""
        return self.spans[-1][1]


def _role(text: str, start: int, end: int) -> str:
    """'open' or 'close' for the mark text[start:end], from its neighbours first and its glyph second."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    opens = (before in _BEFORE_OPEN or before in '"“”') and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens != closes:
        return "open" if opens else "close"
    if text[start] in _OPENING:
        return "open"
    return "close" if text[start] in _CLOSING or closes else "open"


def paragraph_quotes(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotations of text[start:end] (inside the marks) and where an unclosed one begins, if any."""
    found: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _MARK.finditer(text, start, end):
        role = _role(text, mark.start(), mark.end())
        if role == "open" and opened is None:
            opened = mark.end()
        elif role == "close" and opened is not None:
            # A quoted number alone is markup ('<tweet id="123456789">'), not a quotation.
            if mark.start() > opened and not text[opened : mark.start()].isdigit():
                found.append((opened, mark.start()))
            opened = None
    return found, opened


def find_quotes(text: str, paragraphs: list[tuple[int, int]], field: str = "body") -> list[Quote]:
    """Every quotation of a text split into paragraphs; an unclosed one continues into a paragraph that opens with a mark."""
    found: list[Quote] = []
    carried: list[tuple[int, int, int]] = []
    for index, (start, end) in enumerate(paragraphs):
        closed, opened = paragraph_quotes(text, start, end)
        lead = _MARK.match(text, start)
        continues = lead is not None and (closed[0][0] if closed else opened) == lead.end()
        if carried and continues and closed:
            found.append(_quote(field, [*carried, (index, *closed.pop(0))]))
            carried = []
        elif carried and not continues:
            found.append(_quote(field, carried))
            carried = []
        found.extend(_quote(field, [(index, *span)]) for span in closed)
        if opened is not None:
            carried.append((index, opened, _last_line_end(text, opened, end)))
    if carried:
        found.append(_quote(field, carried))
    return sorted((q for q in found if all(a < b for a, b in q.spans)), key=lambda q: q.start)


def _quote(field: str, parts: list[tuple[int, int, int]]) -> Quote:
    return Quote(field, tuple((a, b) for _, a, b in parts), tuple(p for p, _, _ in parts))


def _last_line_end(text: str, start: int, end: int) -> int:
    """The end of an unclosed quotation: its paragraph's end, trailing blanks trimmed."""
    spans = sentence_spans(text, start, end)
    return spans[-1][1] if spans else start
