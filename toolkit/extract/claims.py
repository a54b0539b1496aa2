"""Claim records from the attributions found in an article."""

from __future__ import annotations

from typing import Any

from toolkit import __version__
from toolkit.extract.rules import Found
from toolkit.records import evidence, with_id

TOOL = "parallax extract"


def _text(article: dict[str, Any], field: str) -> str:
    return str(article.get("headline") or "") if field == "headline" else str(article.get("text") or "")


def position(found: Found) -> dict[str, Any]:
    """Headline, lede (first body paragraph) or body, with paragraph and sentence index."""
    sentence = found.sentence
    field = "headline" if found.field == "headline" else "lede" if sentence.paragraph == 0 else "body"
    return {"field": field, "paragraph": sentence.paragraph, "sentence": sentence.index}


def _speaker(article: dict[str, Any], found: Found) -> dict[str, Any]:
    """The speaker's mention; its actor is resolved afterwards, with the article's other claims (toolkit.actors.article)."""
    if found.mention is None:
        return {"actor_id": None}
    return {"actor_id": None, "mention": evidence(_text(article, found.field), [(found.mention.start, found.mention.end)], found.field)}


def claim_record(article: dict[str, Any], found: Found) -> dict[str, Any]:
    """The claim record of one attribution found in an article."""
    text = _text(article, found.field)
    record: dict[str, Any] = {
        "type": "claim",
        "article_id": article["id"],
        "outlet_id": article.get("outlet_id"),
        "kind": found.kind,
        "speaker": _speaker(article, found),
        "content": evidence(text, found.content, found.field),
    }
    if found.cue is not None:
        cue = evidence(text, [found.cue], found.field)
        record["cue"] = {"text": cue["text"], "lemma": found.lemma, "verb_class": found.verb_class, "spans": cue["spans"]}
    if found.intermediary:
        record["intermediary"] = [
            {"actor_id": None, "mention": evidence(text, [(m.start, m.end)], found.field), "cue": cue_text} for cue_text, m in found.intermediary
        ]
    record["position"] = position(found)
    record["provenance"] = {"method": found.method, "tool": TOOL, "tool_version": __version__}
    if found.note:
        record["provenance"]["note"] = found.note
    return with_id(record)
