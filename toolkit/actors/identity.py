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
