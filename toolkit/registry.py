"""The outlet registry: find an outlet by id, name, alias or web domain."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
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
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # 'http://[oops': no host can be read
        return None
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


PACKAGED = resources.files("toolkit") / "registries"
REGISTRY_FILES = {"outlet": "outlets.jsonl", "actor": "actors.jsonl"}


def packaged_version() -> str:
    """The version of the registries shipped in the package."""
    return str(orjson.loads((PACKAGED / "VERSION.json").read_bytes())["version"])


def _read_layer(data: bytes, kind: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # the validator reports a line that is not JSON; a registry read skips it
        if isinstance(record, dict) and record.get("type") == kind and isinstance(record.get("id"), str):
            found.setdefault(record["id"], record)
    return found


@dataclass
class Registries:
    """The outlets and actors that inputs resolve to: the packaged registries, extended and overridden by a project's
    `data/` and by the folders a command writes to or reads (a later layer's record of an id replaces an earlier's)."""

    outlets: OutletRegistry
    actors: dict[str, dict[str, Any]]
    layers: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, *folders: Path | None) -> Registries:
        """The packaged registries, then the registries of each folder that exists, in order."""
        packaged = (
            f"the packaged registries {packaged_version()}",
            _read_layer((PACKAGED / "outlets.jsonl").read_bytes(), "outlet"),
            _read_layer((PACKAGED / "actors.jsonl").read_bytes(), "actor"),
        )
        layers: list[tuple[str, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]] = [packaged]
        for folder in folders:
            if folder is None:
                continue
            files = [folder / name for name in REGISTRY_FILES.values()]
            if not any(path.is_file() for path in files):
                continue
            outlets, actors = (_read_layer(path.read_bytes(), kind) if path.is_file() else {} for kind, path in zip(REGISTRY_FILES, files, strict=True))
            layers.append((str(folder), outlets, actors))
        registry, actors_by_id = OutletRegistry(), dict[str, dict[str, Any]]()
        for _name, outlets, actors in reversed(layers):  # the nearest layer first: its names and ids win
            for outlet in outlets.values():
                registry.add(outlet)
            for rid, actor in actors.items():
                actors_by_id.setdefault(rid, actor)
        return cls(registry, dict(sorted(actors_by_id.items())), [name for name, _o, _a in layers])

    def record(self, kind: str, rid: str) -> dict[str, Any] | None:
        """The outlet or actor of an id, or None."""
        return self.outlets.outlets.get(rid) if kind == "outlet" else self.actors.get(rid)

    def describe(self) -> str:
        """Which registries these are, for the user: counts and the layers they come from."""
        return f"{len(self.outlets.outlets):,} outlets and {len(self.actors):,} actors from " + ", then ".join(self.layers or ["no registry"])
