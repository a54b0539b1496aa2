"""The outlets of one corpus import: registry outlets kept as they are, new ones made of the names, domains and ratings the corpus gives."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.importers import Item
from toolkit.records import slugify, with_id
from toolkit.registry import OutletRegistry, domain_of

_DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


@dataclass
class _Seen:
    """What the corpus says of one outlet: the names it gives it (counted) and the URLs of its articles."""

    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    hosts: Counter[str] = field(default_factory=Counter)

    def name(self) -> str:
        """The name to register: a capitalized one before an all-lower-case one, then the most used, then the first in order."""
        return min(self.names, key=lambda n: (n.islower(), -self.names[n], n))


@dataclass
class CorpusOutlets:
    """Outlets seen in a corpus by key, then settled: found in the registry, or new records with names, domains and ratings."""

    registry: OutletRegistry
    provenance: dict[str, Any]
    seen: dict[str, _Seen] = field(default_factory=lambda: defaultdict(_Seen))
    ids: dict[str, str] = field(default_factory=dict)
    new: dict[str, dict[str, Any]] = field(default_factory=dict)
    local: OutletRegistry = field(default_factory=OutletRegistry)
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def see(self, key: str, name: str, alias: str | None = None, url: str | None = None) -> None:
        """Note that the corpus names an outlet of this key so, in an article at this URL."""
        seen = self.seen[key]
        seen.names[name] += 1
        seen.aliases.update(a for a in (alias,) if a and a != name)
        host = domain_of(url) if url else None
        if host:
            seen.hosts[host] += 1

    def settle(self) -> None:
        """Give every key its outlet: the registry's when a name matches, else a new record."""
        for key in sorted(self.seen):
            found = self._in_registry(self.seen[key])
            self.ids[key] = found or slugify(self.seen[key].name())
            if not found:
                self._add_draft(self.ids[key], self._draft(self.seen[key]))
        for outlet_id, domains in self._domains().items():
            self.new[outlet_id]["domains"] = domains
        for outlet_id, record in self.new.items():
            self.local.add(record | {"id": outlet_id})

    def by_url(self, url: str | None) -> str | None:
        """The outlet (registry or new) whose web domain a URL is on."""
        return (self.registry.find(url=url) or self.local.find(url=url)) if url else None

    def rate(self, outlet_id: str, rating: dict[str, Any]) -> None:
        """Add a rating to an outlet (once): to a new record, or beside the ratings a registry outlet already has."""
        if outlet_id not in self.new and any(_same_rating(rating, other) for other in self.registry.outlets[outlet_id].get("ratings", [])):
            return
        ratings = self.new[outlet_id].setdefault("ratings", []) if outlet_id in self.new else self.extra[outlet_id]
        if not any(_same_rating(rating, other) for other in ratings):
            ratings.append(rating)

    def records(self, group: str, used: set[str]) -> Iterator[Item]:
        """The outlet records that articles point to: new ones, and registry ones with the corpus's ratings beside theirs."""
        for outlet_id in sorted(used):
            record = self.new.get(outlet_id)
            if record:
                yield group, with_id(_tidy(record))
                continue
            registered = self.registry.outlets[outlet_id]
            extra = self.extra.get(outlet_id)
            yield group, registered | {"ratings": [*registered.get("ratings", []), *extra]} if extra else registered

    def _in_registry(self, seen: _Seen) -> str | None:
        for name in sorted({*seen.names, *seen.aliases}):
            found = self.registry.find(name=name)
            if found:
                return found
        slug = slugify(seen.name())
        return slug if slug in self.registry.outlets else None

    def _draft(self, seen: _Seen) -> dict[str, Any]:
        name = seen.name()
        aliases = sorted(({*seen.names, *seen.aliases}) - {name})
        return {"type": "outlet", "name": name, "aliases": aliases, "domains": [], "provenance": self.provenance}

    def _add_draft(self, outlet_id: str, draft: dict[str, Any]) -> None:
        """Keep a new outlet's draft; two keys whose names slug alike ('The-Blaze', 'The Blaze') are one outlet."""
        if outlet_id in self.new:
            first = self.new[outlet_id]
            first["aliases"] = sorted({*first["aliases"], *draft["aliases"], draft["name"]} - {first["name"]})
        else:
            self.new[outlet_id] = draft

    def _domains(self) -> dict[str, list[str]]:
        """Each new outlet's domains: hosts of most of its articles, of which it is the one top user, not taken in the registry."""
        users: dict[str, Counter[str]] = defaultdict(Counter)
        for key, seen in self.seen.items():
            total = sum(seen.hosts.values())
            for host, count in seen.hosts.items():
                if count * 2 > total and _DOMAIN.match(host) and host not in self.registry.by_domain:
                    users[host][self.ids[key]] += count
        domains: dict[str, list[str]] = defaultdict(list)
        for host, counts in sorted(users.items()):
            (top, most), *rest = counts.most_common()
            if top in self.new and not any(count == most for _, count in rest):
                domains[top].append(host)
        return domains


def _same_rating(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two ratings say the same (where each was read aside)."""
    return {k: v for k, v in one.items() if k != "source_url"} == {k: v for k, v in other.items() if k != "source_url"}


def _tidy(record: dict[str, Any]) -> dict[str, Any]:
    """The record without empty lists."""
    return {k: v for k, v in record.items() if v != []}
