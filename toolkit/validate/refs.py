"""What a record points to, and checks of evidence spans against the article's text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Ref = tuple[str, str, str]  # (target type, target id, pointer)


def _each(values: Any, target: str, pointer: str) -> Iterator[Ref]:
    for i, value in enumerate(values or ()):
        if value is not None:
            yield target, value, f"{pointer}/{i}"


def _one(value: Any, target: str, pointer: str) -> Iterator[Ref]:
    if value is not None:
        yield target, value, pointer


def _claim(r: dict[str, Any]) -> Iterator[Ref]:
    yield "article", r["article_id"], "/article_id"
    yield from _one(r.get("outlet_id"), "outlet", "/outlet_id")
    yield from _one(r.get("event_id"), "event", "/event_id")
    yield from _one(r["speaker"].get("actor_id"), "actor", "/speaker/actor_id")
    for i, link in enumerate(r.get("intermediary") or ()):
        yield from _one(link.get("actor_id"), "actor", f"/intermediary/{i}/actor_id")
    for i, label in enumerate(r.get("framing") or ()):
        yield from _one(label.get("target_actor_id"), "actor", f"/framing/{i}/target_actor_id")


def _article(r: dict[str, Any]) -> Iterator[Ref]:
    yield from _one(r.get("outlet_id"), "outlet", "/outlet_id")
    yield from _one(r.get("syndicated_from"), "article", "/syndicated_from")
    for i, label in enumerate(r.get("framing") or ()):
        yield from _one(label.get("target_actor_id"), "actor", f"/framing/{i}/target_actor_id")


def _event(r: dict[str, Any]) -> Iterator[Ref]:
    yield from _each(r["article_ids"], "article", "/article_ids")
    yield from _one(r.get("founding_article_id"), "article", "/founding_article_id")
    yield from _each(r.get("syndicated_article_ids"), "article", "/syndicated_article_ids")
    yield from _each(r.get("participants"), "actor", "/participants")


def _alignment(r: dict[str, Any]) -> Iterator[Ref]:
    yield "event", r["event_id"], "/event_id"
    yield from _one(r.get("speaker_actor_id"), "actor", "/speaker_actor_id")
    for i, member in enumerate(r["members"]):
        yield "claim", member["claim_id"], f"/members/{i}/claim_id"
        yield from _one(member.get("outlet_id"), "outlet", f"/members/{i}/outlet_id")
    yield from _each(r.get("omitted_by"), "outlet", "/omitted_by")


def _comparison(r: dict[str, Any]) -> Iterator[Ref]:
    yield "event", r["event_id"], "/event_id"
    yield from _one(r.get("outlet_id"), "outlet", "/outlet_id")
    yield from _each(r["article_ids"], "article", "/article_ids")
    measures = r["measures"]
    coverage = measures.get("coverage") or {}
    yield from _each(coverage.get("omitted_alignment_ids"), "alignment", "/measures/coverage/omitted_alignment_ids")
    for name in ("prominence", "quote_fidelity", "verb_classes"):
        for i, item in enumerate(measures.get(name) or ()):
            yield "claim", item["claim_id"], f"/measures/{name}/{i}/claim_id"
            yield from _one(item.get("alignment_id"), "alignment", f"/measures/{name}/{i}/alignment_id")
    for i, item in enumerate(measures.get("source_selection") or ()):
        yield from _one(item.get("actor_id"), "actor", f"/measures/source_selection/{i}/actor_id")
    for i, item in enumerate(measures.get("labeling") or ()):
        yield "actor", item["actor_id"], f"/measures/labeling/{i}/actor_id"
    divergence = measures.get("headline_divergence") or {}
    yield from _one(divergence.get("headline_claim_id"), "claim", "/measures/headline_divergence/headline_claim_id")
    yield from _each(divergence.get("body_claim_ids"), "claim", "/measures/headline_divergence/body_claim_ids")
    yield from _each((measures.get("syndication") or {}).get("syndicated_from"), "article", "/measures/syndication/syndicated_from")


def _none(r: dict[str, Any]) -> Iterator[Ref]:
    return iter(())


REFERENCES = {"claim": _claim, "article": _article, "event": _event, "alignment": _alignment, "comparison": _comparison, "outlet": _none, "actor": _none}


def references(record: dict[str, Any]) -> Iterator[Ref]:
    """Every id a schema-valid record points to, with its pointer."""
    return REFERENCES[record["type"]](record)


def check_span(span: dict[str, Any], texts: dict[str, str], pointer: str) -> Iterator[tuple[str, str, str]]:
    """A selector's offsets must lie in its text, give its exact text, and agree with its prefix and suffix."""
    text = texts[span["field"]]
    start, end = span["start"], span["end"]
    if end < start or end - start != len(span["exact"]):
        return  # reported on the record's own (span.out-of-range, span.mismatch)
    if end > len(text):
        yield "span.out-of-range", pointer, f"span [{start}, {end}) is not within the {span['field']} ({len(text)} code points)"
        return
    found = text[start:end]
    if found != span["exact"]:
        yield "span.mismatch", f"{pointer}/exact", f"exact {_show(span['exact'])} but {span['field']}[{start}:{end}] is {_show(found)}"
        return
    prefix, suffix = span.get("prefix"), span.get("suffix")
    if prefix is not None and text[max(0, start - len(prefix)) : start] != prefix:
        yield "span.context", f"{pointer}/prefix", f"prefix {_show(prefix)} but the text before {start} is {_show(text[max(0, start - len(prefix)) : start])}"
    if suffix is not None and text[end : end + len(suffix)] != suffix:
        yield "span.context", f"{pointer}/suffix", f"suffix {_show(suffix)} but the text after {end} is {_show(text[end : end + len(suffix)])}"


def _show(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 50 else shown[:49] + "…'"
