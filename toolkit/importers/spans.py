"""What an annotated span of a raw text becomes in the stored text, to check that offsets mapped through normalization still hold it."""

from __future__ import annotations

import unicodedata


def stored_form(raw: str, fragments: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """The stored text of raw fragments: NFC, LF line ends, no blanks at line ends; fragments joined by one space."""
    return " ".join(stored_fragment(raw, a, b) for a, b in fragments)


def stored_fragment(raw: str, start: int, end: int) -> str:
    """The stored text of raw[start:end]: its trailing blanks dropped only when nothing but blanks follows them on their line."""
    lines = raw[start:end].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stop = min((at for at in (raw.find("\n", end), raw.find("\r", end)) if at >= 0), default=len(raw))
    last = lines[-1].rstrip() if not raw[end:stop].strip() else lines[-1]
    return unicodedata.normalize("NFC", "\n".join([line.rstrip() for line in lines[:-1]] + [last]))
