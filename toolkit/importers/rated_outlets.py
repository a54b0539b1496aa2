"""Outlets as one rater rates them: the registry's record (with any ratings it has) and these ratings beside them, or a new record."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.importers import Item
from toolkit.records import slugify, with_id
from toolkit.registry import OutletRegistry


@dataclass
class RatedOutlets:
    """The outlets one import rates, by id; ratings are added side by side, never merged with another rater's."""

    registry: OutletRegistry
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rate(self, found: str | None, draft: dict[str, Any], ratings: Iterable[dict[str, Any]]) -> str:
        """Add ratings to the registry outlet found (or, when none was, to a new outlet made of the draft); return its id.

        The draft's domains are added to a registry outlet that has none (one found by name).
        """
        outlet_id = found or slugify(draft["name"])
        if outlet_id not in self.records:
            self.records[outlet_id] = self._start(outlet_id, draft)
        record = self.records[outlet_id]
        if draft.get("domains") and not record.get("domains"):
            record["domains"] = list(draft["domains"])
        held = record.setdefault("ratings", [])
        held.extend(rating for rating in ratings if rating not in held)
        return outlet_id

    def items(self, group: str) -> Iterator[Item]:
        """The rated outlets in id order."""
        for outlet_id in sorted(self.records):
            yield group, self.records[outlet_id]

    def _start(self, outlet_id: str, draft: dict[str, Any]) -> dict[str, Any]:
        known = self.registry.outlets.get(outlet_id)
        return with_id(draft) if known is None else copy.deepcopy(known)
