"""Article records from texts of any source, and where a raw offset lands in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.records import paragraphs, sha256_text, with_id
from toolkit.text import Normalized, Split, normalize, split_headline

UNKNOWN_OUTLET = "the source does not name the outlet, and no domain or name matched the outlet registry"
UNKNOWN_DATE = "the source states no publication date"


@dataclass
class ArticleMeta:
    """What is known of an article besides its text."""

    outlet_id: str | None = None
    outlet_name: str | None = None
    outlet_unknown_reason: str | None = None
    url: str | None = None
    byline: list[str] = field(default_factory=list)
    published: str | None = None
    published_unknown_reason: str | None = None
    language: str = "en"
    genre: str = "unknown"
    source: dict[str, Any] = field(default_factory=lambda: {"format": "text"})
    rights: dict[str, Any] = field(default_factory=lambda: {"redistributable": False, "note": "license not stated"})
    provenance: dict[str, Any] | None = None
    headline: str | None = None  # a headline the input states apart from its text (a front matter title)


@dataclass(frozen=True)
class ArticleDraft:
    """An article record and the maps from the raw text it was made of."""

    record: dict[str, Any]
    normalized: Normalized
    split: Split

    def locate(self, raw_start: int, raw_end: int) -> tuple[str, int, int]:
        """(field, start, end) in the stored headline or body of a span of the raw text."""
        field_name, start = self.split.locate(self.normalized.at(raw_start))
        _, end = self.split.locate(self.normalized.at(raw_end))
        if field_name == "headline":
            end = min(end, len(self.split.headline)) if self.normalized.at(raw_end) <= self.split.body_start else len(self.split.headline)
        return field_name, start, max(end, start)


def article_record(headline: str, body: str, meta: ArticleMeta) -> dict[str, Any]:
    """An article record (id derived) from a stored headline and body."""
    record: dict[str, Any] = {"type": "article", "outlet_id": meta.outlet_id}
    if meta.outlet_id is None:
        record["outlet_unknown_reason"] = meta.outlet_unknown_reason or UNKNOWN_OUTLET
    if meta.outlet_name and meta.outlet_id is None:
        record["outlet_name"] = meta.outlet_name
    if meta.url:
        record["url"] = meta.url
    record["headline"] = headline
    if meta.byline:
        record["byline"] = meta.byline
    record["published"] = meta.published
    if meta.published is None:
        record["published_unknown_reason"] = meta.published_unknown_reason or UNKNOWN_DATE
    record |= {
        "language": meta.language,
        "genre": meta.genre,
        "text": body,
        "text_sha256": sha256_text(body),
        "text_length": len(body),
        "paragraphs": paragraphs(body),
        "source": meta.source,
        "rights": meta.rights,
    }
    if meta.provenance:
        record["provenance"] = meta.provenance
    return with_id(record)


def draft_from_text(raw: str, meta: ArticleMeta, markdown: bool = False) -> ArticleDraft:
    """An article from a plain text laid out as headline, blank line, body; raw offsets map into it."""
    normalized = normalize(raw)
    split = split_headline(normalized.text, markdown)
    return ArticleDraft(article_record(split.headline, split.body, meta), normalized, split)
