"""Bytes to text: UTF-8 when it is, else the detected charset; empty and binary inputs refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.problems import Problem, problem

if TYPE_CHECKING:
    from toolkit.convert import Raw

BOM = b"\xef\xbb\xbf"


def decode(raw: Raw) -> tuple[str | None, list[Problem]]:
    """The text of an input and the problems of decoding it; None when it is empty or not text."""
    data = raw.data.removeprefix(BOM)
    if not data.strip():
        return None, [problem("convert.empty", "empty file" if not data else "the file holds only white space", file=raw.path)]
    nul = data.find(b"\x00")
    if nul != -1:
        return None, [problem("convert.binary", f"binary file: NUL byte at {nul}", file=raw.path)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, [problem("convert.binary", "no known text encoding decodes the file", file=raw.path)]
    return str(best), [problem("convert.encoding", f"not UTF-8; decoded as {best.encoding}", file=raw.path)]
