"""What the validator keeps between records: an index of registries and articles, ledgers of ids and hashes."""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson


class ArticleRef(NamedTuple):
    """Where an article record is, and what its claims are checked against."""

    file: int
    line: int
    offset: int
    length: int
    outlet_id: str | None
    has_text: bool
    valid: bool = True


@dataclass
class Index:
    """Records other records point to, by id: outlets, actors, articles, events (small beside claims)."""

    outlets: dict[str, tuple[int, int]] = field(default_factory=dict)
    actors: dict[str, tuple[int, int]] = field(default_factory=dict)
    articles: dict[str, ArticleRef] = field(default_factory=dict)
    events: dict[str, tuple[int, int]] = field(default_factory=dict)

    def table(self, target: str) -> dict[str, Any] | None:
        """The table of one target type, or None for types kept only in ledgers (claims, alignments)."""
        tables: dict[str, dict[str, Any]] = {"outlet": self.outlets, "actor": self.actors, "article": self.articles, "event": self.events}
        return tables.get(target)


def id_key(value: str) -> int:
    """A 64-bit key for an id: its hex digits when it has the 'xxx_<16 hex>' form, else a hash."""
    if len(value) == 20 and value[3] == "_":
        try:
            return int(value[4:], 16)
        except ValueError:
            pass
    return hash64(value.encode("utf-8"))


def hash64(data: bytes) -> int:
    """A 64-bit BLAKE2b hash."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def fingerprint(record: dict[str, Any]) -> int:
    """A non-zero 64-bit hash of what makes two records the same content, whatever their ids.

    Python's hash is salted per interpreter: worker processes are forked from one parent, so they agree.
    """
    kind = record["type"]
    if kind == "claim":
        mention = record["speaker"].get("mention")
        speaker = [[s["field"], s["start"], s["end"]] for s in mention["spans"]] if mention else record["speaker"]["actor_id"]
        return claim_fingerprint(record["article_id"], [[s["field"], s["start"], s["end"]] for s in record["content"]["spans"]], speaker)
    if kind == "article":
        key: Any = (record.get("outlet_id"), record["text_sha256"])
    elif kind == "event":
        key = tuple(sorted(record["article_ids"]))
    elif kind == "alignment":
        key = (record["event_id"], tuple(sorted(m["claim_id"] for m in record["members"])))
    else:
        key = (record.get("event_id"), record.get("outlet_id"))
    return hash(key) & 0xFFFFFFFFFFFFFFFF or 1


def claim_fingerprint(article_id: str, content_spans: list[list[Any]], speaker: Any) -> int:
    """The content fingerprint of a claim: its article, content spans and speaker (mention spans, else actor), whatever its cue.

    Two sources of one content ('X and Y said') are two claims; one source and one content under two ids is a duplicate.
    """
    return hash(orjson.dumps([article_id, content_spans, speaker])) & 0xFFFFFFFFFFFFFFFF or 1


@dataclass
class Ledger:
    """Compact columns of (id key, content fingerprint, file, line) for one record type."""

    ids: array[int] = field(default_factory=lambda: array("Q"))
    fingerprints: array[int] = field(default_factory=lambda: array("Q"))
    files: array[int] = field(default_factory=lambda: array("I"))
    lines: array[int] = field(default_factory=lambda: array("I"))

    def add(self, key: int, fp: int, file: int, line: int) -> None:
        """Note one record."""
        self.ids.append(key)
        self.fingerprints.append(fp)
        self.files.append(file)
        self.lines.append(line)

    def extend(self, other: Ledger) -> None:
        """Append another ledger's rows."""
        for name in ("ids", "fingerprints", "files", "lines"):
            getattr(self, name).extend(getattr(other, name))
