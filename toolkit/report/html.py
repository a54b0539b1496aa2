"""HTML of the report, safe with hostile text: every string from the records is escaped, controls are shown, not obeyed.

Article text, titles and names come from the web. They are escaped for HTML; bidirectional controls (which can make
text read in another order than it is stored) and other invisible format characters are shown as a visible `[U+202E]`
mark instead of acting; a link is made only of an `http` or `https` address. Pages carry a Content Security Policy
that lets them load only the report's own style sheet and script, so no request leaves the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

#: Bidirectional embeddings, overrides, isolates and marks; zero-width and other invisible format characters; C0 controls
#: but tab and line ends; DEL.
_CONTROLS = [0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A), 0xFEFF]
_CONTROLS += [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]

#: What a page may load: its own style sheet and script, and nothing from anywhere else.
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def _shown(code: int) -> str:
    name = unicodedata.name(chr(code), "control character")
    return f'<span class="ctl" title="{name.lower()}">[U+{code:04X}]</span>'


_FOUND = re.compile("[" + "".join(re.escape(chr(code)) for code in _CONTROLS) + "]")


def text(value: object) -> str:
    """A string from the records as HTML text: escaped, with invisible controls shown as marks."""
    if value is None:
        return ""
    escaped = html.escape(str(value))  # five replacements in C: faster than one pass in Python for text with punctuation
    return _FOUND.sub(lambda found: _shown(ord(found.group(0))), escaped) if _FOUND.search(escaped) else escaped


def attr(value: object) -> str:
    """A string from the records as an attribute value: escaped, controls dropped (an attribute cannot show marks)."""
    return "" if value is None else html.escape(_FOUND.sub("", str(value)))


def bdi(value: object) -> str:
    """A name or title inside its own direction isolate, so right-to-left text cannot reorder what stands around it."""
    return f"<bdi>{text(value)}</bdi>"


def safe_url(value: object) -> str | None:
    """The address if it is an http(s) URL with a host, else None (javascript:, data:, relative paths are not links)."""
    if not isinstance(value, str) or _FOUND.search(value) or any(c.isspace() for c in value):
        return None
    parts = urlsplit(value)
    return value if parts.scheme in {"http", "https"} and parts.netloc else None


def link(href: str, label: str, extra: str = "") -> str:
    """A link inside the report (`href` made by the report itself, `label` already HTML)."""
    return f'<a href="{attr(href)}"{extra}>{label}</a>'


def outside_link(url: object, label: str) -> str:
    """A link out of the report to an article's address, or the address as plain text when it is not http(s)."""
    address = safe_url(url)
    if address is None:
        return f'{label} <span class="muted">{text(url)}</span>' if url else label
    return f'<a href="{attr(address)}" rel="noopener noreferrer nofollow external">{label}</a>'


def table(caption: str, headers: Iterable[str], rows: Iterable[Iterable[str]], sortable: bool = False, numeric: Iterable[int] = ()) -> str:
    """A table (cells already HTML) with a caption and column headers; sortable tables get header buttons from the script."""
    numbers = set(numeric)
    kind = {True: ' data-type="number"', False: ""}
    cell = {True: ' class="num"', False: ""}
    head = "".join(f'<th scope="col"{kind[i in numbers]}>{h}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cell[i in numbers]}>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    marker = ' data-sortable=""' if sortable else ""
    label = attr(_plain(caption))
    inner = f"<table{marker}><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll" tabindex="0" role="region" aria-label="{label}">{inner}</div>'


def section(slug: str, title: str, inner: str) -> str:
    """A section of a page under its own heading (`title` already HTML), labelled by it for assistive technology."""
    return f'<section aria-labelledby="{slug}"><h2 id="{slug}">{title}</h2>{inner}</section>'


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def page(title: str, body: str, depth: int, here: str = "") -> str:
    """A whole page: head with the policy and the local assets, header and navigation, main content, footer."""
    up = "../" * depth
    current = {True: ' aria-current="page"', False: ""}
    nav = "".join(
        f'<li><a href="{up}{href}"{current[key == here]}>{name}</a></li>'
        for key, href, name in (("events", "index.html", "Events"), ("outlets", "outlets.html", "Outlets"), ("actors", "actors.html", "Actors"))
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{attr(title)} · Parallax report</title>"
        f'<link rel="stylesheet" href="{up}assets/report.css">'
        f'<script src="{up}assets/report.js" defer></script>'
        "</head><body>"
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header><p class="brand"><a href="{up}index.html">Parallax report</a></p>'
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>'
        f'<main id="main" tabindex="-1">{body}</main>'
        "<footer><p>Made by <code>parallax report</code> from a Parallax release. Measures: docs/measures.md of the toolkit.</p></footer>"
        "</body></html>\n"
    )
