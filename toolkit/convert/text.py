"""Plain text and Markdown: headline on the first line, optional YAML or TOML front matter, a `.meta.json` beside it."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from toolkit.articles import article_record
from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.meta import article_meta
from toolkit.problems import problem
from toolkit.text import Split, normalize, split_headline

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.DOTALL)  # YAML between ---, TOML between +++ (Hugo)


def front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """YAML or TOML front matter (None if absent), the text after it, and why it could not be read."""
    match = _FRONT.match(text)
    if not match:
        return None, text, None
    rest = text[match.end() :]
    try:
        fields = tomllib.loads(match.group(2)) if match.group(1) == "+++" else yaml.safe_load(match.group(2)) or {}
    except yaml.YAMLError as error:
        return None, rest, f"front matter is not YAML: {str(error).splitlines()[0]}"
    except tomllib.TOMLDecodeError as error:
        return None, rest, f"front matter is not TOML: {error}"
    if not isinstance(fields, dict):
        return None, rest, "front matter is not a mapping of fields"
    return fields, rest, None


def sidecar(path: str) -> dict[str, Any]:
    """The fields of NAME.meta.json beside NAME.txt, when there is one."""
    side = Path(path).with_suffix(".meta.json")
    try:
        fields = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return fields if isinstance(fields, dict) else {}


def split_given(text: str, headline: str, markdown: bool) -> Split:
    """A normalized text whose headline the metadata gives: all of it is body, but a first line repeating the headline."""
    first, _, rest = text.partition("\n")
    line = first[2:].strip() if markdown and first.startswith("# ") else first.strip()
    body = rest.lstrip("\n") if line == headline else text
    return Split(headline, body, len(text) - len(body))


def _read(raw: Raw, decoded: str, options: Options, markdown: bool) -> Iterator[Item]:
    fields, body, why = front_matter(decoded)
    if why:
        yield problem("convert.field", f"{why}; its fields are ignored", file=raw.path)
    known = sidecar(raw.path) | (fields or {})
    source = {"format": "markdown" if markdown else "text", "original_id": Path(raw.path).name, "original_sha256": raw.sha256}
    meta, found = article_meta(known, raw.path, source, options, check_keys=True)
    yield from found
    text = normalize(body).text
    split = split_headline(text, markdown) if meta.headline is None else split_given(text, meta.headline, markdown)
    if not split.body:
        reason = "the text has a headline line but nothing after it" if meta.headline is None else "the text after the front matter is empty"
        yield problem("convert.empty", f"no body: {reason}", file=raw.path)
        return
    yield article_record(split.headline, split.body, meta)


@register("text")
def read_text(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """A plain-text article."""
    return _read(raw, decoded, options, markdown=False)


@register("markdown")
def read_markdown(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """A Markdown article (a leading '# ' of the headline dropped)."""
    return _read(raw, decoded, options, markdown=True)
