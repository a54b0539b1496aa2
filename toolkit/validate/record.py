"""Check one record on its own before it is written: schema, id, dates, codes, texts, evidence spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson

from toolkit.schemas import SchemaSet
from toolkit.validate.local import check_local, evidences
from toolkit.validate.refs import check_span

_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _schemas() -> SchemaSet:
    return SchemaSet()


def record_problems(record: dict[str, Any], texts: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(code, pointer, message) of everything wrong with one record; spans checked when its article's texts are given."""
    lone = [("write.surrogate", pointer, "the string holds a lone surrogate code point, which UTF-8 cannot encode") for pointer in surrogates(record)]
    if lone:
        return lone  # nothing else is checked: the checks encode strings as UTF-8
    kind = record.get("type")
    schemas = _schemas()
    if kind not in schemas.fast:
        return [("record.type-unknown", "/type", f"unknown record type {kind!r}")]
    if not schemas.fast[kind].is_valid(record):
        return [(f"schema.{keyword}", pointer, message) for pointer, keyword, message in schemas.errors(kind, record)]
    found = check_local(record, datetime.now(UTC))
    if kind == "claim" and texts is not None:
        for pointer, value in evidences(record):
            for i, span in enumerate(value["spans"]):
                found.extend(check_span(span, texts, f"{pointer}/spans/{i}"))
    return found


def surrogates(record: Any) -> Iterator[str]:
    """JSON Pointers of the strings of a record (values and keys) that hold a surrogate code point, which no UTF-8
    file can hold (a pointer's own surrogates written as backslash escapes)."""
    try:
        orjson.dumps(record)  # in C and fast: a record it serializes holds none
        return
    except (TypeError, ValueError):
        pass
    stack: list[tuple[str, Any]] = [("", record)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            if _has_surrogate(value):
                yield pointer
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                step = f"{pointer}/{_printable(str(key)).replace('~', '~0').replace('/', '~1')}"
                if isinstance(key, str) and _has_surrogate(key):
                    yield step
                stack.append((step, item))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", item) for i, item in reversed(list(enumerate(value))))


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _printable(text: str) -> str:
    """The text with any surrogate written as a backslash escape, so that it can be printed and written."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if _has_surrogate(text) else text
