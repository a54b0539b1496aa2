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
MAX_PAGE = 5_000_000  # characters of a page, its scripts, styles and comments cut, that trafilatura reads: docs/front-matter.md#limits
MAX_LARGE_PAGE = 200_000_000  # characters of a page read at all; between the two, its main text is its paragraphs
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.IGNORECASE)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "blockquote")
_CHROME = ("nav", "header", "footer", "aside", "form")
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


def extract_large(page: str) -> dict[str, Any] | None:
    """The text and metadata of a page too large for trafilatura in seconds: the paragraphs and headings of its
    <article> (else <main>, else <body>) outside navigation, headers, footers, asides and forms, parsed as a stream so
    that memory stays flat; metadata from its head."""
    from lxml import etree
    from trafilatura import extract_metadata

    parser = etree.HTMLPullParser(events=("end",))
    places: dict[str, list[str]] = {"article": [], "main": [], "body": []}
    for start in range(0, len(page), 1 << 20):
        parser.feed(page[start : start + (1 << 20)])
        _blocks(parser.read_events(), places)
    _blocks(parser.read_events(), places)  # what the last chunk left open ends with the page
    lines = places["article"] or places["main"] or places["body"]
    head = page[: match.start()] if (match := _HEAD_END.search(page)) else page[:100_000]
    found: dict[str, Any] = {"text": "\n".join(lines)}
    document = extract_metadata(head + "</head><body></body></html>")
    if document is not None:
        found |= {key: getattr(document, key, None) for key in ("title", "url", "sitename", "author", "date")}
    return found if found["text"].strip() else None


def _blocks(events: Any, places: dict[str, list[str]]) -> None:
    """File the text of each closed paragraph or heading under the parts of the page that hold it, then let it go."""
    for _event, element in events:
        if element.tag not in _BLOCKS or any(inner.tag in _BLOCKS for inner in element.iterdescendants()):
            continue
        around = {ancestor.tag for ancestor in element.iterancestors()}
        line = " ".join("".join(element.itertext()).split())
        if line and not around & set(_CHROME):
            for place in places:
                if place in around:
                    places[place].append(line)
        element.clear(keep_tail=True)
        while element.getprevious() is not None:  # what went before is read: memory holds only the open elements
            del element.getparent()[0]


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
    yield from page_article(raw, decoded, options)


def page_article(raw: Raw, decoded: str, options: Options, url: str | None = None, original_id: str | None = None, fmt: str = "html") -> Iterator[Item]:
    """The article of one page's HTML; `url` stands in for the page's own when it names none (a crawl's target URI),
    `original_id` for its file name, and each problem says which page it is of (`where`)."""
    where = f"{original_id}: " if original_id else ""
    page = lean(decoded)
    if len(page) > MAX_LARGE_PAGE:
        message = f"{where}page of {len(page):,} characters without its scripts and styles, more than {MAX_LARGE_PAGE:,}; not converted"
        yield problem("convert.too-large", message, file=raw.path)
        return
    if len(page) > MAX_PAGE:
        message = f"{where}page of {len(page):,} characters without its scripts and styles, more than the {MAX_PAGE:,} boilerplate removal reads"
        yield problem("convert.large-page", f"{message}: its main text is the paragraphs of its article, navigation and footers left out", file=raw.path)
    found = extract(page) if len(page) <= MAX_PAGE else extract_large(page)
    if found is None:
        yield problem("convert.no-text", f"{where}no main text found in the page", file=raw.path)
        return
    title = normalize(found.get("title") or "").text.replace("\n", " ")
    body = body_of(found["text"], title)
    if not any(len(paragraph) >= MIN_PARAGRAPH for paragraph in body.split("\n\n")):
        message = f"{where}no main text: no paragraph of {MIN_PARAGRAPH} characters or more, only navigation or boilerplate"
        yield problem("convert.no-text", message, file=raw.path)
        return
    language = _LANG.search(decoded[:5000])
    fields = {
        "url": found.get("url") or url,
        "site_name": found.get("sitename"),
        "byline": found.get("author"),
        "published": found.get("date"),
        "language": language.group(1) if language else None,
    }
    source = {"format": fmt, "original_id": original_id or raw.path.rsplit("/", 1)[-1], "original_sha256": raw.sha256}
    meta, problems = article_meta(fields, raw.path, source, options)
    yield from problems
    if meta is not None:
        yield article_record(title, body, meta)
