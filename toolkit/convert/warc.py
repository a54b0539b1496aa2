"""Articles from WARC files (a crawl such as CC-NEWS): each HTML response is a page read as toolkit.convert.html reads
one, its target URI standing in for a URL the page does not state."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.html import page_article
from toolkit.problems import problem

MAX_RESPONSE = 50_000_000  # bytes of one response's body read; a larger one is its problem (docs/front-matter.md#limits)


@register("warc")
def read_warc(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """The article of every HTML response with status 200 in a WARC file (plain or gzip); other records are passed over."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield problem("convert.format", "reading WARC files needs warcio: pip install 'parallax-toolkit[full]'", file=raw.path)
        return
    pages = 0
    try:
        for entry in ArchiveIterator(io.BytesIO(raw.data)):
            page = _page(entry)
            if page is None:
                continue
            pages += 1
            uri, body, charset = page
            if len(body) > MAX_RESPONSE:
                yield problem("convert.too-large", f"{uri}: a response of {len(body):,} bytes, more than {MAX_RESPONSE:,}; not converted", file=raw.path)
                continue
            text = _decoded(body, charset)
            if text is None:
                yield problem("convert.binary", f"{uri}: the response is not text in any known encoding", file=raw.path)
                continue
            yield from page_article(raw, text, options, url=uri, original_id=uri, fmt="warc")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, TypeError, IndexError, KeyError) as error:
        # warcio's parser raises any of these on a malformed record; the pages before it are kept
        yield problem("convert.format", f"not a WARC file, or one cut short or malformed: {type(error).__name__}: {error}", file=raw.path)
        return
    if not pages:
        yield problem("convert.empty", "no HTML response with status 200 in the WARC file", file=raw.path)


def _page(entry: Any) -> tuple[str, bytes, str | None] | None:
    """(target URI, body, charset) of an HTML response with status 200; None for any other record."""
    if entry.rec_type != "response" or entry.http_headers is None:
        return None
    if entry.http_headers.get_statuscode() != "200":
        return None
    kind = (entry.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in kind:
        return None
    charset = next((part.split("=", 1)[1].strip(" \"'") for part in kind.split(";") if part.strip().startswith("charset=")), None)
    uri = entry.rec_headers.get_header("WARC-Target-URI") or ""
    return uri, entry.content_stream().read(MAX_RESPONSE + 1), charset


def _decoded(body: bytes, charset: str | None) -> str | None:
    """The body as text: in the charset its header names when that decodes it, else UTF-8, else the detected one."""
    for name in (charset, "utf-8"):
        if name:
            try:
                return body.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return None if best is None else str(best)
