"""Stored text: normalization with an offset map from the raw text, and the headline/body split."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, for every raw offset 0..len(raw), the offset it became (None: the raw text was already stored form)."""

    text: str
    mapped: list[int] | None

    @property
    def offsets(self) -> list[int]:
        """The offset map as a list."""
        return self.mapped if self.mapped is not None else list(range(len(self.text) + 1))

    def at(self, raw_offset: int) -> int:
        """The normalized offset of a raw offset."""
        return self.mapped[raw_offset] if self.mapped is not None else raw_offset


def _nfc_with_map(line: str) -> tuple[str, list[int]]:
    """NFC of one line, and for each of its offsets (and its end) the offset in the result."""
    if unicodedata.is_normalized("NFC", line):
        return line, list(range(len(line) + 1))
    out: list[str] = []
    offsets: list[int] = []
    start, size = 0, 0
    for end in range(1, len(line) + 1):
        if end == len(line) or unicodedata.combining(line[end]) == 0:
            cluster = unicodedata.normalize("NFC", line[start:end])
            offsets.extend([size] * (end - start))
            out.append(cluster)
            size += len(cluster)
            start = end
    offsets.append(size)
    return "".join(out), offsets


def normalize(raw: str) -> Normalized:
    """The stored form of a text, with an offset map: LF line ends, NFC, no trailing blanks, no outer blank lines.

    Offsets are Unicode code points. A raw offset inside something removed (a CR, trailing blanks) maps to
    where the removed text was.
    """
    if is_stored(raw):
        return Normalized(raw, None)
    pieces: list[str] = []
    offsets: list[int] = []
    size = 0
    for match in _LINE.finditer(raw):
        line, ending = match.group(1), match.group(2)
        kept, line_map = _nfc_with_map(line.rstrip())
        pieces.append(kept)
        offsets.extend(size + o for o in line_map[:-1])
        offsets.extend([size + len(kept)] * (len(line) - (len(line_map) - 1)))
        size += len(kept)
        if ending:
            pieces.append("\n")
            offsets.extend([size] * len(ending))
            size += 1
    offsets.append(size)
    joined = "".join(pieces)
    lead = len(joined) - len(joined.lstrip("\n"))
    text = joined.strip("\n")
    return Normalized(text, [min(max(o - lead, 0), len(text)) for o in offsets])


def is_stored(text: str) -> bool:
    """Whether a text is already in stored form (then normalizing it changes nothing)."""
    return (
        "\r" not in text
        and not text.startswith("\n")
        and not text.endswith("\n")
        and unicodedata.is_normalized("NFC", text)
        and not any(line[-1:].isspace() for line in text.split("\n"))
    )


@dataclass(frozen=True)
class Split:
    """A plain-text article: its headline (first line) and body (after the first blank line), with where each starts."""

    headline: str
    body: str
    body_start: int

    def locate(self, offset: int) -> tuple[str, int]:
        """Field and offset within it of an offset into the whole normalized text."""
        if offset < self.body_start:
            return "headline", min(offset, len(self.headline))
        return "body", offset - self.body_start


def split_headline(text: str, markdown: bool = False) -> Split:
    """Split a normalized text into headline (its first line; a Markdown '# ' dropped) and body."""
    first, _, rest = text.partition("\n")
    headline = first[2:].strip() if markdown and first.startswith("# ") else first.strip()
    body = rest.lstrip("\n")
    return Split(headline, body, len(text) - len(body))
