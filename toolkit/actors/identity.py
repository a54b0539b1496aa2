"""Which actor an actor id stands for: `same_as` links followed to the end, as the measures count them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def canonical_ids(actors: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Every actor id -> the id it stands for after following `same_as` links (itself when it has none).

    A link to an actor not in `actors` ends the chain at the last actor present; a cycle of links stands for the
    smallest id of the cycle, so that the answer does not depend on where the chain was entered.
    """
    found: dict[str, str] = {}
    for start in actors:
        if start in found:
            continue
        chain = [start]
        seen = {start}
        current = start
        while True:
            target = actors[current].get("same_as")
            if not isinstance(target, str) or target not in actors or target == current:
                end = current
                break
            if target in found:
                end = found[target]
                break
            if target in seen:
                end = min(chain[chain.index(target) :])
                break
            chain.append(target)
            seen.add(target)
            current = target
        for rid in chain:
            found[rid] = end
    return found


def canonical(actor_id: str | None, ids: Mapping[str, str]) -> str | None:
    """The id an actor id stands for (`canonical_ids`), itself when unknown, None for None."""
    return None if actor_id is None else ids.get(actor_id, actor_id)


def merged_into(ids: Mapping[str, str]) -> dict[str, list[str]]:
    """Every canonical id -> the other ids that stand for it (`canonical_ids`), in id order."""
    found: dict[str, list[str]] = {}
    for rid in sorted(ids):
        if ids[rid] != rid:
            found.setdefault(ids[rid], []).append(rid)
    return found


def canonical_actors(actors: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records of the canonical actors only, each (a copy) with the names and aliases of the actors merged into it
    added to its aliases, so that a text naming any of them finds the one actor they stand for."""
    ids = canonical_ids(actors)
    merged = merged_into(ids)
    found: dict[str, dict[str, Any]] = {}
    for rid in sorted(actors):
        if ids[rid] != rid:
            continue
        record = dict(actors[rid])
        names = [str(record.get("name") or "")]
        aliases = list(record.get("aliases") or ())
        for other in merged.get(rid, ()):
            aliases += [actors[other].get("name"), *(actors[other].get("aliases") or ())]
        kept = [a for a in dict.fromkeys(aliases) if isinstance(a, str) and a and a not in names]
        if kept:
            record["aliases"] = kept
        found[rid] = record
    return found


def canonical_framing(record: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    """A copy of an article or claim whose framing labels target the actors they stand for (`canonical_ids`)."""
    copy = dict(record)
    labels = record.get("framing")
    if isinstance(labels, list):
        copy["framing"] = [
            {**label, "target_actor_id": canonical(str(label["target_actor_id"]), ids)}
            if isinstance(label, Mapping) and label.get("target_actor_id") is not None
            else label
            for label in labels
        ]
    return copy


def canonical_claim(claim: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    """A copy of a claim whose speaker, intermediaries and framing targets name the actors they stand for
    (`canonical_ids`); the claim given is not changed."""
    copy = canonical_framing(claim, ids)
    speaker = claim.get("speaker")
    if isinstance(speaker, Mapping) and speaker.get("actor_id") is not None:
        copy["speaker"] = {**speaker, "actor_id": canonical(str(speaker["actor_id"]), ids)}
    links = claim.get("intermediary")
    if isinstance(links, list):
        copy["intermediary"] = [
            {**link, "actor_id": canonical(str(link["actor_id"]), ids)} if isinstance(link, Mapping) and link.get("actor_id") is not None else link
            for link in links
        ]
    return copy
