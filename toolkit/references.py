"""What a record points to: the (type, id, JSON Pointer) of every reference it holds, for each record type."""

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


def _actor(r: dict[str, Any]) -> Iterator[Ref]:
    yield from _one(r.get("same_as"), "actor", "/same_as")
    yield from _each(r.get("distinct_from"), "actor", "/distinct_from")


def _none(r: dict[str, Any]) -> Iterator[Ref]:
    return iter(())


REFERENCES = {"claim": _claim, "article": _article, "event": _event, "alignment": _alignment, "comparison": _comparison, "outlet": _none, "actor": _actor}


def registry_references(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The (type, id) of every outlet and actor a record points to."""
    for target, value, _pointer in REFERENCES.get(str(record.get("type")), _none)(record):
        if target in ("outlet", "actor") and isinstance(value, str):
            yield target, value
