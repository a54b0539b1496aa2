"""The outlet registry: find an outlet by id, name, alias or web domain."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """How names are compared: case-folded, spaces collapsed, a leading 'the' and a trailing '.com' dropped."""
    key = _SPACE.sub(" ", name.casefold()).strip()
    key = key.removeprefix("the ")
    return key.removesuffix(".com")


def domain_of(url: str) -> str | None:
    """The host of a URL without 'www.', or None when it has none."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.removeprefix("www.") if host else None


@dataclass
class OutletRegistry:
    """Outlets by id, with look-ups by name, alias and domain."""

    outlets: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, *paths: Path) -> OutletRegistry:
        """The outlets of the given outlets.jsonl files that exist (earlier files win)."""
        registry = cls()
        for path in paths:
            if path.is_file():
                with open(path, "rb") as handle:
                    for line in handle:
                        if line.strip():
                            registry.add(orjson.loads(line))
        return registry

    def add(self, outlet: dict[str, Any]) -> None:
        """Register an outlet; names, aliases and domains already taken keep their first outlet."""
        rid = outlet["id"]
        self.outlets.setdefault(rid, outlet)
        for name in [rid, outlet.get("name", ""), *outlet.get("aliases", [])]:
            if name:
                self.by_name.setdefault(name_key(name), rid)
        for domain in outlet.get("domains", []):
            self.by_domain.setdefault(domain, rid)

    def find(self, name: str | None = None, url: str | None = None) -> str | None:
        """The id of the outlet a name (id, name or alias) or else a URL's domain points to."""
        if name and name_key(name) in self.by_name:
            return self.by_name[name_key(name)]
        domain = domain_of(url) if url else None
        while domain and "." in domain:
            if domain in self.by_domain:
                return self.by_domain[domain]
            domain = domain.split(".", 1)[1]
        return None
