"""Plain text and Markdown: headline on the first line, optional YAML front matter, a `.meta.json` beside it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from toolkit.articles import draft_from_text
from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.meta import article_meta
from toolkit.problems import problem

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """YAML front matter (None if absent), the text after it, and why it could not be read."""
    match = _FRONT.match(text)
    if not match:
        return None, text, None
    try:
        fields = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        return None, text[match.end() :], f"front matter is not YAML: {str(error).splitlines()[0]}"
    if not isinstance(fields, dict):
        return None, text[match.end() :], "front matter is not a mapping of fields"
    return fields, text[match.end() :], None


def sidecar(path: str) -> dict[str, Any]:
    """The fields of NAME.meta.json beside NAME.txt, when there is one."""
    side = Path(path).with_suffix(".meta.json")
    try:
        fields = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return fields if isinstance(fields, dict) else {}


def _read(raw: Raw, decoded: str, options: Options, markdown: bool) -> Iterator[Item]:
    fields, body, why = front_matter(decoded)
    if why:
        yield problem("convert.field", f"{why}; its fields are ignored", file=raw.path)
    known = sidecar(raw.path) | (fields or {})
    source = {"format": "markdown" if markdown else "text", "original_id": Path(raw.path).name, "original_sha256": raw.sha256}
    meta, found = article_meta(known, raw.path, source, options)
    yield from found
    draft = draft_from_text(body, meta, markdown)
    if not draft.split.body:
        yield problem("convert.empty", "no body: the text has a headline line but nothing after it", file=raw.path)
        return
    yield draft.record


@register("text")
def read_text(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """A plain-text article."""
    return _read(raw, decoded, options, markdown=False)


@register("markdown")
def read_markdown(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """A Markdown article (a leading '# ' of the headline dropped)."""
    return _read(raw, decoded, options, markdown=True)
