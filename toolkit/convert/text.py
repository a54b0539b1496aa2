"""Plain text and Markdown: headline on the first line, optional YAML or TOML front matter, a `.meta.json` beside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.articles import article_record
from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.limits import MAX_SIDECAR, Refused, load_front_matter, load_sidecar
from toolkit.convert.meta import article_meta
from toolkit.problems import Problem, problem
from toolkit.text import Split, normalize, split_headline

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.DOTALL)  # YAML between ---, TOML between +++ (Hugo)


def front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """YAML or TOML front matter (None if absent), the text after it, and why it could not be read.

    Refused when it is beyond a limit of docs/front-matter.md#limits.
    """
    match = _FRONT.match(text)
    if not match:
        return None, text, None
    rest = text[match.end() :]
    try:
        fields = load_front_matter(match.group(2), toml=match.group(1) == "+++") or {}
    except ValueError as error:
        return None, rest, str(error)
    if not isinstance(fields, dict):
        return None, rest, "front matter is not a mapping of fields"
    return fields, rest, None


def sidecar(path: str) -> tuple[dict[str, Any], list[Problem]]:
    """The fields of NAME.meta.json beside NAME.txt, when there is one, and why they were not read; Refused past a limit."""
    side = Path(path).with_suffix(".meta.json")
    try:
        with side.open("rb") as file:
            data = file.read(MAX_SIDECAR + 1)  # one past the limit, to tell it is over
    except OSError:
        return {}, []
    try:
        fields = load_sidecar(data)
    except ValueError as error:
        return {}, [problem("convert.field", f"{side.name} is {error}; its fields are ignored", file=path)]
    if not isinstance(fields, dict):
        return {}, [problem("convert.field", f"{side.name} is not a JSON object; its fields are ignored", file=path)]
    return fields, []


def split_given(text: str, headline: str, markdown: bool) -> Split:
    """A normalized text whose headline the metadata gives: all of it is body, but a first line repeating the headline."""
    first, _, rest = text.partition("\n")
    line = first[2:].strip() if markdown and first.startswith("# ") else first.strip()
    body = rest.lstrip("\n") if line == headline else text
    return Split(headline, body, len(text) - len(body))


def _read(raw: Raw, decoded: str, options: Options, markdown: bool) -> Iterator[Item]:
    try:
        fields, body, why = front_matter(decoded)
        beside, unread = sidecar(raw.path)
    except Refused as error:
        yield problem("convert.front-matter", f"{error}; the article is not converted", file=raw.path)
        return
    if why:
        yield problem("convert.field", f"{why}; its fields are ignored", file=raw.path)
    yield from unread
    source = {"format": "markdown" if markdown else "text", "original_id": Path(raw.path).name, "original_sha256": raw.sha256}
    meta, found = article_meta(beside | (fields or {}), raw.path, source, options, check_keys=True)
    yield from found
    if meta is None:
        return
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
