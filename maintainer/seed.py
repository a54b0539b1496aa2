"""Records of the seed article and its human-annotated attributions (the project's first data)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from toolkit.articles import ArticleDraft, ArticleMeta, draft_from_text
from toolkit.records import evidence, slugify, with_id, write_jsonl

KINDS = {"direct": "direct_quote", "partial": "partial_quote", "indirect": "indirect"}
ACTORS: dict[str, dict[str, Any]] = {
    "Mark Rutte": {"actor_type": "person", "aliases": ["Rutte"], "roles": [{"title": "Prime Minister", "organization": "Government of the Netherlands"}]},
    "Alexander Stubb": {"actor_type": "person", "aliases": ["Stubb"], "roles": [{"title": "President", "organization": "Finland"}]},
    "Hungary": {"actor_type": "country", "wikidata": "Q28"},
    "Viktor Orbán": {"actor_type": "person", "aliases": ["Orban", "Viktor Orban"], "roles": [{"title": "Prime Minister", "organization": "Hungary"}]},
    "Dutch media": {"actor_type": "media"},
    "Jens Stoltenberg": {"actor_type": "person", "aliases": ["Stoltenberg"], "roles": [{"title": "Secretary General", "organization": "NATO"}]},
    "Russian government": {"actor_type": "government", "aliases": ["Moscow", "the Kremlin", "Russia"]},
    "NATO": {"actor_type": "organization", "aliases": ["North Atlantic Treaty Organization", "the US-led military alliance"], "wikidata": "Q7184"},
}
#: Why an actor is in the registry, when it is not a speaker of the annotations.
NOTES = {"NATO": "named in the seed article, which also calls it 'the US-led military alliance' in its own voice"}
NAMES = {"Viktor Orban": "Viktor Orbán"}
SOURCE_NOTE = "seed annotations (seeds/{name}.attributions.jsonl); cue offsets are the annotated cue's nearest occurrence before or after the content"


def read_seed(folder: Path, name: str) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """The seed's metadata, its raw text and its attributions."""
    meta = json.loads((folder / f"{name}.meta.json").read_text(encoding="utf-8"))
    raw = (folder / meta["file"]).read_text(encoding="utf-8")
    lines = (folder / meta["attributions"]).read_text(encoding="utf-8").splitlines()
    return meta, raw, [json.loads(line) for line in lines if line.strip()]


def article_draft(meta: dict[str, Any], raw: str, raw_sha256: str) -> ArticleDraft:
    """The article of a seed file: headline from the first line, the rest as the body."""
    known = ArticleMeta(
        outlet_id=meta["outlet"],
        outlet_unknown_reason=meta["outlet_unknown_reason"],
        published=meta["published"],
        published_unknown_reason=meta["published_unknown_reason"],
        language=meta["language"],
        genre=meta["genre"],
        source={"format": "text", "original_id": meta["file"], "original_sha256": raw_sha256},
        rights=meta["rights"],
    )
    return draft_from_text(raw, known)


def actor_records() -> list[dict[str, Any]]:
    """The actors the seed's attributions name, and those its text names that the comparisons need."""
    records = [
        with_id({"type": "actor", "name": name, **facts, "provenance": {"method": "human", "note": NOTES.get(name, "actors named by the seed annotations")}})
        for name, facts in ACTORS.items()
    ]
    return sorted(records, key=lambda r: r["id"])


def claim_record(draft: ArticleDraft, gold: dict[str, Any], name: str) -> dict[str, Any]:
    """One claim from one annotated attribution, its offsets moved from the file to the body."""
    article = draft.record
    body = article["text"]
    _field, start, end = draft.locate(gold["start"], gold["end"])
    cue_start = _nearest(body, gold["cue"], start, end)
    paragraph = next(i for i, (a, b) in enumerate(article["paragraphs"]) if a <= start < b)
    record: dict[str, Any] = {
        "type": "claim",
        "article_id": article["id"],
        "outlet_id": article["outlet_id"],
        "kind": KINDS[gold["kind"]],
        "speaker": {"actor_id": slugify(NAMES.get(gold["actor"], gold["actor"]))},
        "content": evidence(body, [(start, end)]),
        "position": {"field": "lede" if paragraph == 0 else "body", "paragraph": paragraph},
        "provenance": {"method": "human", "note": SOURCE_NOTE.format(name=name)},
    }
    if cue_start is not None:
        record["cue"] = {"text": gold["cue"], "spans": evidence(body, [(cue_start, cue_start + len(gold["cue"]))])["spans"]}
    return with_id(record)


def _nearest(text: str, cue: str, start: int, end: int) -> int | None:
    found, at = [], text.find(cue)
    while at != -1:
        found.append(at)
        at = text.find(cue, at + 1)
    return min(found, key=lambda a: min(abs(a + len(cue) - start), abs(a - end)), default=None)


def seed_records(folder: Path, name: str) -> dict[str, list[dict[str, Any]]]:
    """Every record of one seed, by the data/ file it belongs in."""
    meta, raw, attributions = read_seed(folder, name)
    raw_sha256 = hashlib.sha256((folder / meta["file"]).read_bytes()).hexdigest()
    draft = article_draft(meta, raw, raw_sha256)
    claims = [claim_record(draft, gold, name) for gold in attributions]
    return {"actors.jsonl": actor_records(), f"articles/{name}.jsonl": [draft.record], f"claims/{name}.jsonl": claims}


def write_seed(folder: Path, name: str, data: Path) -> None:
    """Write a seed's records into a data folder (atomically, file by file)."""
    for relative, records in seed_records(folder, name).items():
        write_jsonl(data / relative, records)


if __name__ == "__main__":
    write_seed(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
