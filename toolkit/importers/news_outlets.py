"""The US outlets of PolNeAR and BASIL: their usual names, the corpus codes and other names they go by, their web domains.

A corpus code resolves to the registry's outlet when the registry knows one of the outlet's names or domains (that
record is yielded unchanged), else to a new outlet record made from the table below. A code the table does not know
is looked up in the registry as it is, and otherwise leaves the article's outlet unknown with the code as its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from toolkit.importers import Context, Corpus
from toolkit.records import with_id

_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Known:
    """An outlet's usual name, its other names (corpus codes among them) and its domains."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


KNOWN = (
    Known("Breitbart News", ("Breitbart", "Breitbart News Network"), ("breitbart.com",)),
    Known("Fox News", ("fox", "foxnews", "Fox News Channel"), ("foxnews.com",)),
    Known("HuffPost", ("The Huffington Post", "Huffington Post", "huff-post", "hpo"), ("huffpost.com", "huffingtonpost.com")),
    Known("The New York Times", ("New York Times", "nyt"), ("nytimes.com",)),
    Known("Politico", (), ("politico.com",)),
    Known("USA Today", ("usa-today",), ("usatoday.com",)),
    Known("The Washington Post", ("Washington Post", "wash-post"), ("washingtonpost.com",)),
    Known("The Western Journal", ("Western Journalism", "west-journal"), ("westernjournal.com", "westernjournalism.com")),
)
TABLE_NOTE = "name, aliases and domains from the importer's table of the corpus's outlet codes (toolkit/importers/news_outlets.py)"


def code_key(code: str) -> str:
    """How codes and names are compared: letters and digits only, lower case, a leading 'the' dropped ('FOX', 'Fox-News' -> 'fox', 'foxnews')."""
    key = _NOT_KEY.sub("", code.casefold())
    return key[3:] if key.startswith("the") and len(key) > 3 else key


BY_KEY = {code_key(name): known for known in KNOWN for name in (known.name, *known.aliases)}


def known(code: str) -> Known | None:
    """The table's outlet of a code or name, in any case and spelling of its separators."""
    return BY_KEY.get(code_key(code))


def outlet_record(entry: Known, corpus: Corpus) -> dict[str, Any]:
    """A new outlet record from the table."""
    record: dict[str, Any] = {"type": "outlet", "name": entry.name}
    if entry.aliases:
        record["aliases"] = list(entry.aliases)
    record |= {"domains": list(entry.domains), "country": "US", "languages": ["en"], "provenance": corpus.provenance(TABLE_NOTE)}
    return with_id(record)


@dataclass
class Outlets:
    """The outlet record of each corpus code, each to be yielded once per import."""

    ctx: Context
    corpus: Corpus
    resolved: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    emitted: set[str] = field(default_factory=set)

    def resolve(self, code: str, url: str | None = None) -> dict[str, Any] | None:
        """The outlet of a code (the registry's record, or a new one from the table); None when neither knows it."""
        key = code_key(code)
        if key not in self.resolved:
            self.resolved[key] = self._lookup(code, url)
        return self.resolved[key]

    def _lookup(self, code: str, url: str | None) -> dict[str, Any] | None:
        entry = known(code)
        registry = self.ctx.registry
        if entry is None:
            found = registry.find(name=code, url=url)
            return registry.outlets[found] if found else None
        names = (registry.find(name=name) for name in (entry.name, *entry.aliases))
        domains = (registry.find(url=f"https://{domain}/") for domain in entry.domains)
        found = next((hit for hit in (*names, *domains) if hit), None)
        return registry.outlets[found] if found else outlet_record(entry, self.corpus)

    def first_time(self, outlet: dict[str, Any]) -> bool:
        """Whether an outlet is met for the first time (then it is to be yielded)."""
        new = outlet["id"] not in self.emitted
        self.emitted.add(outlet["id"])
        return new
