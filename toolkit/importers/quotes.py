"""Quotation marks around and inside a span of text, for telling direct quotes from mixed and indirect ones.

Only double quotation marks count (straight and curly): a single ’ is an apostrophe as often as a closing quote.
"""

from __future__ import annotations

OPEN, CLOSE = frozenset('"“'), frozenset('"”')
QUOTES = OPEN | CLOSE
TRAILING = frozenset(".,;:!?)-—…")


def has_quotes(text: str) -> bool:
    """Whether a text holds a double quotation mark."""
    return bool(QUOTES.intersection(text))


def wholly_quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], widened to quotation marks right outside it, is one quotation with no marks inside."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING):
        end -= 1
    if start < end and text[start] not in OPEN and start > 0 and text[start - 1] in OPEN:
        start -= 1
    after = end
    while after < len(text) and text[after] in TRAILING:
        after += 1
    if start < end and text[end - 1] not in CLOSE and after < len(text) and text[after] in CLOSE:
        end = after + 1
    inner = text[start + 1 : end - 1]
    return end - start >= 2 and text[start] in OPEN and text[end - 1] in CLOSE and not has_quotes(inner)


def inside_quotes(text: str, start: int, since: int = 0) -> bool:
    """Whether a quotation opened in text[since:start] is still open at start (“ opens, ” closes, a straight " toggles)."""
    open_ = False
    for char in text[since:start]:
        if char == '"':
            open_ = not open_
        elif char in OPEN:
            open_ = True
        elif char in CLOSE:
            open_ = False
    return open_


def within_quotation(text: str, start: int, end: int, since: int = 0) -> bool:
    """Whether text[start:end] lies inside one quotation (opened before it or by its first mark) and holds no other mark but a closing one at its end."""
    if start < end and text[start] in OPEN:
        start += 1
    stop = end
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in TRAILING or text[stop - 1] in CLOSE):
        stop -= 1
    return start < stop and inside_quotes(text, start, since) and not has_quotes(text[start:stop])
