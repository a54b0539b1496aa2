"""HTML pages: main text and metadata by trafilatura, boilerplate removed, paragraphs kept apart."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

from toolkit.articles import article_record
from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.meta import article_meta
from toolkit.problems import problem
from toolkit.text import normalize

MIN_PARAGRAPH = 40  # shorter "main text" is a menu or a caption that the extractor fell back on
MAX_PAGE = 5_000_000  # characters of a page once its scripts, styles and comments are cut: docs/front-matter.md#limits
_CUT = re.compile(r"<(script|style|noscript|template|svg)\b|<!--", re.IGNORECASE)
_JSON_LD = re.compile(r"<script[^>]*application/ld\+json", re.IGNORECASE)
_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", re.IGNORECASE)


def extract(page: str) -> dict[str, Any] | None:
    """trafilatura's text and metadata of a page, or None when it finds no main text."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=False)
    if document is None:
        return None
    found: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return found if (found.get("text") or "").strip() else None


def lean(page: str) -> str:
    """The page without what holds no article text (scripts but JSON-LD metadata, styles, comments), cut in one pass.

    An element left open runs to the end of the page, as a browser reads it.
    """
    lower, kept, at = page.lower(), [], 0
    for match in _CUT.finditer(page):
        if match.start() < at:
            continue
        tag = match.group(1)
        if tag and tag.lower() == "script" and _JSON_LD.match(page, match.start(), match.start() + 500):
            continue
        close = "-->" if tag is None else f"</{tag.lower()}"
        end = lower.find(close, match.end())
        kept.append(page[at : match.start()])
        at = len(page) if end == -1 else (end + 3 if tag is None else lower.find(">", end) + 1 or len(page))
    kept.append(page[at:])
    return "".join(kept)


def body_of(text: str, title: str) -> str:
    """The stored body: trafilatura's lines as paragraphs (blank line between), a repeated title dropped."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    return normalize("\n\n".join(lines)).text


@register("html")
def read_html(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """An article from a web page."""
    page = lean(decoded)
    if len(page) > MAX_PAGE:
        message = f"page of {len(page):,} characters without its scripts and styles, more than {MAX_PAGE:,}; not converted"
        yield problem("convert.too-large", message, file=raw.path)
        return
    found = extract(page)
    if found is None:
        yield problem("convert.no-text", "no main text found in the page", file=raw.path)
        return
    title = normalize(found.get("title") or "").text.replace("\n", " ")
    body = body_of(found["text"], title)
    if not any(len(paragraph) >= MIN_PARAGRAPH for paragraph in body.split("\n\n")):
        yield problem("convert.no-text", f"no main text: no paragraph of {MIN_PARAGRAPH} characters or more, only navigation or boilerplate", file=raw.path)
        return
    language = _LANG.search(decoded[:5000])
    fields = {
        "url": found.get("url"),
        "site_name": found.get("sitename"),
        "byline": found.get("author"),
        "published": found.get("date"),
        "language": language.group(1) if language else None,
    }
    meta, problems = article_meta(fields, raw.path, {"format": "html", "original_id": raw.path.rsplit("/", 1)[-1], "original_sha256": raw.sha256}, options)
    yield from problems
    if meta is not None:
        yield article_record(title, body, meta)
