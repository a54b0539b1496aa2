"""Crawler output in JSON or JSON Lines: news-please's fields out of the box, other shapes by a field map."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from toolkit.articles import article_record
from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.meta import article_meta
from toolkit.problems import problem
from toolkit.text import normalize

# Our field -> news-please's key; `--field text=body` and the like change it.
NEWS_PLEASE = {
    "headline": "title",
    "text": "maintext",
    "published": "date_publish",
    "byline": "authors",
    "url": "url",
    "domain": "source_domain",
    "language": "language",
    "outlet": "outlet",
}


def record(obj: Any, raw: Raw, line: int | None, options: Options, fmt: str | None = None) -> Iterator[Item]:
    """The article of one crawler object (a JSON object, a Parquet row), read through news-please's keys and the field
    map; `line` is its line (or row) in the file, None for a JSON document's."""
    where = {"file": raw.path, "line": line}
    if not isinstance(obj, dict):
        yield problem("convert.field", "not a JSON object", **where)
        return
    keys = NEWS_PLEASE | options.fields
    fields = {ours: obj.get(theirs) for ours, theirs in keys.items()}
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        yield problem("convert.field", f"no text: field {keys['text']!r} is missing or empty{_hint(obj, keys)}", **where)
        return
    original = str(obj.get("id") or obj.get("filename") or f"{Path(raw.path).name}:{line or 1}")
    # the text is the article's body, read above; only the other fields are metadata, bounded as such
    metadata = {key: value for key, value in fields.items() if key != "text"}
    meta, found = article_meta(
        metadata, raw.path, {"format": fmt or ("jsonl" if line else "json"), "original_id": original, "original_sha256": raw.sha256}, options
    )
    yield from (problem(p.code, p.message, **where) for p in found)
    if meta is not None:
        yield article_record(meta.headline or "", normalize(text).text, meta)


@register("json")
def read_json(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """One JSON document: an article object, or an array of them."""
    try:
        document = orjson.loads(decoded)
    except orjson.JSONDecodeError as error:
        yield problem("convert.format", f"not JSON: {error.msg}", file=raw.path, line=error.lineno, column=error.colno)
        return
    for obj in document if isinstance(document, list) else [document]:
        yield from record(obj, raw, None, options)


@register("jsonl")
def read_jsonl(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """JSON Lines: one article object a line; blank lines (JSON whitespace only) skipped."""
    seen = False
    for number, line in enumerate(decoded.split("\n"), raw.first_line):
        if not line.strip(" \t\r"):
            continue
        seen = True
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield problem("convert.format", f"not JSON: {error.msg}", file=raw.path, line=number, column=error.pos + 1)
            continue
        yield from record(obj, raw, number, options)
    if not seen:
        yield problem("convert.empty", "no JSON lines: the file holds only blank lines", file=raw.path)


def _hint(obj: dict[str, Any], keys: dict[str, str]) -> str:
    """Where the record seems to keep its text instead: its longest string field, with the option that reads it."""
    texts = [(len(value), key) for key, value in obj.items() if isinstance(value, str) and key not in keys.values()]
    if not texts:
        return ""
    length, key = max(texts)
    return f"; its longest text ({length:,} characters) is under {key!r}: convert with --field text={key}" if length >= 200 else ""
