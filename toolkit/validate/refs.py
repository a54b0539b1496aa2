"""What a record points to, and checks of evidence spans against the article's text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.references import REFERENCES, Ref


def references(record: dict[str, Any]) -> Iterator[Ref]:
    """Every id a schema-valid record points to, with its pointer."""
    return REFERENCES[record["type"]](record)


def check_span(span: dict[str, Any], texts: dict[str, str], pointer: str) -> Iterator[tuple[str, str, str]]:
    """A selector's offsets must lie in its text, give its exact text, and agree with its prefix and suffix."""
    text = texts[span["field"]]
    start, end = span["start"], span["end"]
    if end < start or end - start != len(span["exact"]):
        return  # reported on the record's own (span.out-of-range, span.mismatch)
    if end > len(text):
        yield "span.out-of-range", pointer, f"span [{start}, {end}) is not within the {span['field']} ({len(text)} code points)"
        return
    found = text[start:end]
    if found != span["exact"]:
        yield "span.mismatch", f"{pointer}/exact", f"exact {_show(span['exact'])} but {span['field']}[{start}:{end}] is {_show(found)}"
        return
    prefix, suffix = span.get("prefix"), span.get("suffix")
    if prefix is not None and text[max(0, start - len(prefix)) : start] != prefix:
        yield "span.context", f"{pointer}/prefix", f"prefix {_show(prefix)} but the text before {start} is {_show(text[max(0, start - len(prefix)) : start])}"
    if suffix is not None and text[end : end + len(suffix)] != suffix:
        yield "span.context", f"{pointer}/suffix", f"suffix {_show(suffix)} but the text after {end} is {_show(text[end : end + len(suffix)])}"


def _show(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 50 else shown[:49] + "…'"
