"""Check one record on its own before it is written: schema, id, dates, codes, texts, evidence spans."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from toolkit.schemas import SchemaSet, float_integers
from toolkit.validate.canonical import unwritable_problems
from toolkit.validate.local import check_local, evidences
from toolkit.validate.refs import check_span


@cache
def _schemas() -> SchemaSet:
    return SchemaSet()


def record_problems(record: dict[str, Any], texts: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(code, pointer, message) of everything wrong with one record; spans checked when its article's texts are given."""
    kind = record.get("type")
    schemas = _schemas()
    if type(kind) is not str or kind not in schemas.fast:
        return [("record.type-unknown", "/type", f"unknown record type {kind!r}")]
    try:
        unwritable = unwritable_problems(record)
        if unwritable:
            return unwritable  # nothing more is checked: hashing or writing such a record fails
        if not schemas.fast[kind].is_valid(record) or float_integers(record):
            return [(f"schema.{keyword}", pointer, message) for pointer, keyword, message in schemas.errors(kind, record)]
    except (RecursionError, ValueError):
        return [("record.too-deep", "", "record is nested too deeply to check; nothing in it was checked")]
    found = check_local(record, datetime.now(UTC))
    if kind == "claim" and texts is not None:
        for pointer, value in evidences(record):
            for i, span in enumerate(value["spans"]):
                found.extend(check_span(span, texts, f"{pointer}/spans/{i}"))
    return found
