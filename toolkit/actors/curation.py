"""A curator's decisions about who is who, kept as data: merge, split and rename actors, and lay the decisions over what
a program found.

A decision is an actor record whose provenance method is `human`, written into a project's `data/actors.jsonl`. The
rule every program that writes actor records follows (`apply_decisions`): a human record is never rewritten; its
`same_as` wins; its `distinct_from` blocks any automatic `same_as` that would make the two one actor, directly or
through a chain of links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from toolkit.actors.identity import canonical, canonical_ids, merged_into
from toolkit.errors import ParallaxError
from toolkit.lock import Waiting, folder_lock, locked
from toolkit.records import dumps, slugify, with_id, write_lines
from toolkit.schemas import SCHEMA_VERSION

Actors = Mapping[str, Mapping[str, Any]]
TOOL = "parallax actors"
ACTORS_FILE = "actors.jsonl"


class CurationRefused(ParallaxError):
    """A decision that cannot be recorded as asked; `code` (a `curate.*` code of docs/errors.md) says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.detail = message


def is_human(record: Mapping[str, Any]) -> bool:
    """Whether a record is a person's decision (provenance method `human`), which no program rewrites."""
    provenance = record.get("provenance")
    return isinstance(provenance, Mapping) and provenance.get("method") == "human"


def today() -> str:
    """Today's date in UTC, as a decision is dated."""
    return datetime.now(UTC).date().isoformat()


def _decided(record: Mapping[str, Any], note: str, date: str | None) -> dict[str, Any]:
    """A copy of an actor record as a curator's decision: human provenance with what was decided and when."""
    body = {key: value for key, value in record.items() if key not in ("provenance", "schema_version")}
    head = {"type": "actor", "id": record["id"], "schema_version": SCHEMA_VERSION}
    return head | body | {"provenance": {"method": "human", "tool": TOOL, "note": note, "created": date or today()}}


def _known(actors: Actors, *ids: str) -> None:
    """Refuse ids no actor record holds."""
    for rid in ids:
        if rid not in actors:
            raise CurationRefused("curate.unknown-actor", f"no actor {rid!r} in the registries or the data (see: parallax actors list --search ...)")


def merge(actors: Actors, source_id: str, target_id: str, date: str | None = None) -> dict[str, Any]:
    """The human record making `source_id` the same actor as `target_id` (its claims then count for the target)."""
    _known(actors, source_id, target_id)
    if source_id == target_id:
        raise CurationRefused("curate.same-actor", f"cannot merge {source_id!r} into itself")
    record = _decided(actors[source_id], f"the same actor as {target_id} (merged by a curator)", date)
    record["same_as"] = target_id
    after = {**actors, source_id: record}
    if _reaches(after, target_id, source_id):
        raise CurationRefused("curate.cycle", f"{target_id!r} is already merged into {source_id!r}: merging back would make a cycle")
    conflict = _split_pair(actors, after, target_id)
    if conflict is not None:
        a, b = conflict
        raise CurationRefused("curate.distinct", f"{a!r} is marked distinct from {b!r} (parallax actors split); merging would make them one")
    return record


def _reaches(actors: Actors, start: str, goal: str) -> bool:
    """Whether following `same_as` links from `start` reaches `goal`."""
    current, seen = start, set()
    while current in actors and current not in seen:
        if current == goal:
            return True
        seen.add(current)
        target = actors[current].get("same_as")
        if not isinstance(target, str):
            return False
        current = target
    return current == goal


def _split_pair(before: Actors, after: Actors, actor_id: str) -> tuple[str, str] | None:
    """A pair made one actor by the change from `before` to `after` although one says it is distinct from the other."""
    old, new = canonical_ids(before), canonical_ids(after)
    members = sorted(rid for rid in new if new[rid] == new[actor_id])
    for a in members:
        for b in sorted(str(x) for x in after[a].get("distinct_from") or ()):
            if b in new and new[b] == new[a] and old.get(a) != old.get(b):
                return a, b
    return None


def split(actors: Actors, a: str, b: str, date: str | None = None) -> list[dict[str, Any]]:
    """The human records saying that `a` and `b` are never the same actor: each distinct from the other, and any
    `same_as` of theirs that made them one removed."""
    _known(actors, a, b)
    if a == b:
        raise CurationRefused("curate.same-actor", f"cannot split {a!r} from itself")
    made = {}
    for this, other in ((a, b), (b, a)):
        record = _decided(actors[this], f"never the same actor as {other} (split by a curator)", date)
        record["distinct_from"] = sorted({*(record.get("distinct_from") or ()), other})
        if record.get("same_as") == other:
            del record["same_as"]
        made[this] = record
    ids = canonical_ids({**actors, **made})
    if ids[a] == ids[b]:  # still one through a chain of links: each stands alone, with the actors merged into it
        for rid in (a, b):
            if ids[rid] != rid:
                made[rid].pop("same_as", None)
    return [made[a], made[b]]


def rename(actors: Actors, actor_id: str, new_name: str, date: str | None = None) -> list[dict[str, Any]]:
    """The records of a rename: a new actor of the new name (its id derives from it) and the old one the same as it.

    Claims keep naming the old id and count for the new actor through `same_as`. A new name of the same id is the
    old record with its name changed and the old name kept as an alias.
    """
    _known(actors, actor_id)
    name = " ".join(new_name.split())
    slug = slugify(name)
    if not slug:
        raise CurationRefused("curate.name", f"{new_name!r} gives no id (a name needs a letter or a digit)")
    old = actors[actor_id]
    aliases = [a for a in dict.fromkeys([*(old.get("aliases") or ()), old["name"]]) if a != name]
    if slug == actor_id:
        record = _decided(old, f"renamed from {old['name']} (by a curator)", date) | {"name": name}
        return [_with_aliases(record, aliases)]
    if slug in actors:
        raise CurationRefused("curate.exists", f"an actor {slug!r} exists already: merge into it with parallax actors merge {actor_id} {slug}")
    fresh: dict[str, Any] = {"type": "actor", "name": name}
    fresh |= {key: old[key] for key in ("actor_type", "roles", "source_type", "wikidata", "same_as", "distinct_from", "descriptions") if key in old}
    fresh["provenance"] = {"method": "human", "tool": TOOL, "note": f"renamed from {old['name']} ({actor_id}) by a curator", "created": date or today()}
    made = _with_aliases(with_id(fresh), aliases)
    left = {key: value for key, value in old.items() if key != "wikidata"}  # the new record holds it: one Wikidata id, one actor
    former = _decided(left, f"renamed {name} ({made['id']}) by a curator", date) | {"same_as": made["id"]}
    return [made, former]


def _with_aliases(record: dict[str, Any], aliases: list[str]) -> dict[str, Any]:
    """The record with these aliases (none: without the field)."""
    rest = {key: value for key, value in record.items() if key != "aliases"}
    return rest | {"aliases": aliases} if aliases else rest


class _Groups:
    """Actors joined into groups by `same_as` links (a union-find), each group with its members."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}

    def find(self, rid: str) -> str:
        """The group an actor id is in."""
        self.parent.setdefault(rid, rid)
        self.members.setdefault(rid, {rid})
        while self.parent[rid] != rid:
            self.parent[rid] = self.parent[self.parent[rid]]
            rid = self.parent[rid]
        return rid

    def join(self, a: str, b: str) -> None:
        """Make the groups of two ids one (the smaller root wins, so the result is deterministic)."""
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self.parent[rb] = ra
            self.members[ra] |= self.members.pop(rb)

    def forbidden(self, a: str, b: str, apart: Mapping[str, set[str]]) -> bool:
        """Whether joining the groups of `a` and `b` would make one an actor said to be distinct from another."""
        ra, rb = self.find(a), self.find(b)
        return ra != rb and any(self.find(other) == rb for member in self.members[ra] for other in apart.get(member, ()))


def apply_decisions(automatic: Actors, human: Actors) -> dict[str, dict[str, Any]]:
    """The actor records a program found with a curator's decisions laid over them, in id order.

    A human record wins by id, whatever the program found; no record whose provenance is human is changed. An
    automatic `same_as` that would make one actor of two that a `distinct_from` keeps apart (in either direction,
    directly or through a chain of links) is dropped; the links are taken in id order, the human ones first.
    """
    result = {rid: dict(record) for rid, record in automatic.items()} | {rid: dict(record) for rid, record in human.items()}
    apart: dict[str, set[str]] = {}
    for rid, record in result.items():
        for other in record.get("distinct_from") or ():
            apart.setdefault(rid, set()).add(str(other))
            apart.setdefault(str(other), set()).add(rid)
    groups = _Groups()
    links = sorted((rid, str(r["same_as"])) for rid, r in result.items() if isinstance(r.get("same_as"), str))
    for rid, target in links:
        if is_human(result[rid]):
            groups.join(rid, target)
    for rid, target in links:
        if is_human(result[rid]):
            continue
        if groups.forbidden(rid, target, apart):
            del result[rid]["same_as"]
        else:
            groups.join(rid, target)
    return dict(sorted(result.items()))


def _mention(claim: Mapping[str, Any]) -> str | None:
    """The speaker's mention as written, blanks collapsed."""
    mention = (claim.get("speaker") or {}).get("mention")
    text = mention.get("text") if isinstance(mention, Mapping) else None
    return " ".join(text.split()) if isinstance(text, str) and text.strip() else None


def _tally(actors: Actors, claims: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The canonical ids, and per canonical actor its claims, articles, outlets and mentions counted."""
    ids = canonical_ids(actors)
    found: dict[str, dict[str, Any]] = {}
    for claim in claims:
        speaker = claim.get("speaker") or {}
        actor = canonical(speaker.get("actor_id"), ids) if isinstance(speaker, Mapping) else None
        if actor is None:
            continue
        tally = found.setdefault(actor, {"claims": 0, "articles": set(), "outlets": Counter(), "mentions": Counter()})
        tally["claims"] += 1
        tally["articles"].add(str(claim.get("article_id")))
        if claim.get("outlet_id") is not None:
            tally["outlets"][str(claim["outlet_id"])] += 1
        mention = _mention(claim)
        if mention is not None:
            tally["mentions"][mention] += 1
    return ids, found


def _counted(counter: Counter[str], key: str) -> list[dict[str, Any]]:
    """A counter's entries, most frequent first, then in text order."""
    return [{key: text, "count": n} for text, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def _row(rid: str, record: Mapping[str, Any] | None, merged: list[str], tally: Mapping[str, Any] | None) -> dict[str, Any]:
    """One actor of a listing."""
    record = record or {}
    tally = tally or {"claims": 0, "articles": set(), "outlets": Counter(), "mentions": Counter()}
    return {
        "id": rid,
        "name": record.get("name"),
        "actor_type": record.get("actor_type"),
        "source_type": record.get("source_type"),
        "merged": merged,
        "claims": tally["claims"],
        "articles": len(tally["articles"]),
        "outlets": len(tally["outlets"]),
        "mentions": _counted(tally["mentions"], "text"),
    }


def listing(actors: Actors, claims: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per canonical actor (and per actor id the claims name that no record holds): id, name, types, the ids
    merged into it, its claims, articles and outlets counted, and the speaker mentions that named it, most frequent
    first. Rows by claims, most first, then by id."""
    ids, tallies = _tally(actors, claims)
    merged = merged_into(ids)
    wanted = sorted({rid for rid in ids if ids[rid] == rid} | set(tallies))
    rows = [_row(rid, actors.get(rid), merged.get(rid, []), tallies.get(rid)) for rid in wanted]
    return sorted(rows, key=lambda row: (-row["claims"], row["id"]))


def detail(actors: Actors, claims: Iterable[Mapping[str, Any]], actor_id: str) -> dict[str, Any]:
    """One actor as `parallax actors show` gives it: the actor it stands for, its row, record, the records merged into
    it, and its claims by outlet."""
    _known(actors, actor_id)
    ids, tallies = _tally(actors, claims)
    rid = ids[actor_id]
    merged = merged_into(ids).get(rid, [])
    tally = tallies.get(rid)
    outlets = _counted(tally["outlets"], "outlet_id") if tally else []
    return {
        "asked": actor_id,
        "actor": _row(rid, actors[rid], merged, tally),
        "record": dict(actors[rid]),
        "merged_records": [dict(actors[other]) for other in merged],
        "outlets": outlets,
    }


def _read_lines(path: Path) -> list[bytes]:
    """The lines of a registry file (blank ones dropped), each ending in LF."""
    if not path.is_file():
        return []
    with open(path, "rb") as handle:
        return [line if line.endswith(b"\n") else line + b"\n" for line in handle if line.strip()]


def _id_of(line: bytes) -> str | None:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return record["id"] if isinstance(record, dict) and isinstance(record.get("id"), str) else None


def _needed(records: list[dict[str, Any]], held: set[str], actors: Actors) -> list[dict[str, Any]]:
    """The actor records the decisions point to (and those point to) that the folder does not hold, from `actors`."""
    wanted = [str(x) for r in records for x in [r.get("same_as"), *(r.get("distinct_from") or ())] if x is not None]
    have, copied = held | {str(r["id"]) for r in records}, []
    while wanted:
        rid = wanted.pop()
        if rid in have or rid not in actors:
            continue
        have.add(rid)
        record = dict(actors[rid])
        copied.append(record)
        wanted += [str(x) for x in [record.get("same_as"), *(record.get("distinct_from") or ())] if x is not None]
    return copied


def write_decisions(folder: Path, records: list[dict[str, Any]], actors: Actors, waiting: Waiting | None = None) -> list[dict[str, Any]]:
    """Write decisions into a folder's actors.jsonl under the folder's lock, replacing the records of their ids, with
    the actors they point to that the folder lacks copied in from `actors`; the file is replaced whole, sorted by id,
    each record a canonical line (other lines kept byte for byte). Returns the records copied in."""
    path = folder / ACTORS_FILE
    with locked(folder_lock(folder), f"{folder}/", waiting):
        lines = _read_lines(path)
        by_id = {rid: line for line in lines if (rid := _id_of(line)) is not None}
        copied = _needed(records, set(by_id), actors)
        for record in [*copied, *records]:
            by_id[str(record["id"])] = dumps(record)
        unread = [line for line in lines if _id_of(line) is None]
        write_lines(path, unread + [by_id[rid] for rid in sorted(by_id)])
    return copied
