"""Build the outlet registry (data/outlets.jsonl) from the corpora's outlet names and URLs and a curated file of facts.

    python -m maintainer.registry [CORPORA] [--seeds seeds/outlets.jsonl] [--out data/outlets.jsonl] [--ratings]

The steps, each deterministic:
1. Names. Every name a corpus gives an outlet (registry_mentions) is a mention. A mention is not an outlet when the
   curated file says so (a person, a generic label, an organization that is not a news publisher) or when AllSides
   rates the name only as an author or a think tank.
2. Outlets. Mentions whose names compare equal (toolkit.registry.name_key) are one outlet; the curated file groups the
   names that differ ('CNN (Web News)', 'CNN (Online News)', 'cnn') under one outlet with its usual name.
3. Domains, only from the URLs the corpora give: a host is an outlet's when at least 2 of its articles and a tenth of
   them are on it, and it has more articles there than any other outlet; hosts under another of its domains are
   dropped. The curated file can bar hosts a corpus wrongly files under an outlet (`not_domains`).
4. MBFC's sites join the outlet that has their domain, else the domainless outlet their domain names (name_key:
   'drudgereport.com' is 'drudgereport'), else stand alone, named by the domain (which is not made an alias).
   A part of a site ('npr.org-sections-news') joins only an outlet with that key as a curated alias.
5. Facts: the name, aliases (every spelling the corpora use), domains, and the curated country and ownership type.
   Ratings only with --ratings: MBFC's labels are research-use only and AllSides' terms are unverified, so the
   committed registry carries none; a local build may.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from maintainer.registry_mentions import OUTLET, Mention, mentions
from maintainer.shared import CORPORA, ROOT
from toolkit.problems import ERROR, Problem, problem
from toolkit.records import with_id, write_jsonl
from toolkit.registry import name_key

SEEDS = ROOT / "seeds" / "outlets.jsonl"
OUT = ROOT / "data" / "outlets.jsonl"
# the copy shipped in the package, which every project's outlets resolve against: facts only, never ratings
PACKAGED = ROOT / "toolkit" / "registries" / "outlets.jsonl"
# The tool the registry's provenance names: its module's name when data/outlets.jsonl was first built, kept so that
# the committed bytes stay the same.
TOOL = "toolkit.importers.registry_build"
MBFC = "news-media-reliability"
MIN_ARTICLES, MIN_SHARE = 2, 0.1
_DOMAIN = re.compile(r"([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


@dataclass(frozen=True)
class Curated:
    """What the curated file states of one outlet: its usual name, the corpus names that are it, its country and ownership type."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    ownership: str | None = None
    not_domains: frozenset[str] = frozenset()


@dataclass
class Facts:
    """The curated file: outlets, and names that are not outlets (with why)."""

    outlets: list[Curated] = field(default_factory=list)
    not_outlets: dict[str, str] = field(default_factory=dict)
    source: str = str(SEEDS)


@dataclass
class Outlet:
    """One outlet being built: its curated facts, its mentions, its domains."""

    curated: Curated | None = None
    mentions: list[Mention] = field(default_factory=list)
    domains: set[str] = field(default_factory=set)

    def hosts(self) -> Counter[str]:
        """Articles by host, over all its mentions."""
        total: Counter[str] = Counter()
        for mention in self.mentions:
            total.update(mention.hosts)
        return total

    def name(self) -> str:
        """The curated name, else a capitalized name before a lower-case one, AllSides' spelling first, then the most used; a domain last."""
        if self.curated:
            return self.curated.name
        rated = {m.name for m in self.mentions if m.corpus == "allsides-ratings"}
        counts = Counter[str]()
        for mention in self.mentions:
            counts[mention.name] += mention.count
        sites = {m.name for m in self.mentions if _is_site(m)}
        return min(counts, key=lambda n: (n in sites, n.islower(), n not in rated, -counts[n], n))


def _is_site(mention: Mention) -> bool:
    """Whether a mention is an MBFC site named by its domain (a domain, not a name the outlet goes by)."""
    return mention.corpus == MBFC and bool(mention.hosts)


def load_facts(path: Path) -> tuple[Facts, list[Problem]]:
    """Read the curated file: one JSON object a line, an outlet ({"name", "aliases", ...}) or a non-outlet ({"not_outlet", "why"})."""
    facts, problems = Facts(source=str(path)), []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        try:
            _add_fact(facts, orjson.loads(line)) if line.strip() else None
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            problems.append(problem("import.unreadable", f"not a curated outlet or non-outlet: {error}", file=str(path), line=number))
    return facts, problems


def _add_fact(facts: Facts, entry: dict[str, Any]) -> None:
    if "not_outlet" in entry:
        facts.not_outlets[entry["not_outlet"]] = entry["why"]
        return
    aliases, barred = tuple(entry.get("aliases", [])), frozenset(entry.get("not_domains", []))
    facts.outlets.append(Curated(entry["name"], aliases, entry.get("country"), entry.get("ownership"), barred))


def build(corpora: Path, facts: Facts, ratings: bool = False) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The registry's outlet records, in id order, and the problems met (absent corpora, names left out)."""
    found, problems = mentions(corpora)
    outlets, by_key = _curated(facts, problems)
    news = [m for m in found if m.corpus != MBFC]
    left_out = _left_out(news, facts)
    for mention in news:
        if mention.kind == OUTLET and (mention.corpus, mention.name) not in left_out:
            _join(mention, by_key.get(name_key(mention.name)), outlets, by_key)
    _give_domains(outlets)
    for mention in (m for m in found if m.corpus == MBFC):
        _join_site(mention, outlets, by_key)
    problems.extend(_left_out_problems(left_out))
    records = [record(outlet, ratings) for outlet in outlets if outlet.mentions]
    problems.extend(problem("import.skipped", f"curated outlet {o.curated.name!r} is named in no corpus") for o in outlets if o.curated and not o.mentions)
    return sorted(records, key=lambda r: str(r["id"])), problems + _collisions(records)


def _curated(facts: Facts, problems: list[Problem]) -> tuple[list[Outlet], dict[str, Outlet]]:
    outlets: list[Outlet] = []
    by_key: dict[str, Outlet] = {}
    for curated in facts.outlets:
        outlet = Outlet(curated)
        outlets.append(outlet)
        for name in (curated.name, *curated.aliases):
            if by_key.setdefault(name_key(name), outlet) is not outlet:
                message = f"curated name {name!r} of {curated.name!r} already names {by_key[name_key(name)].name()!r}"
                problems.append(problem("import.unreadable", message, file=facts.source))
    return outlets, by_key


def _left_out(news: list[Mention], facts: Facts) -> dict[tuple[str, str], str]:
    """The mentions that are not outlets, with why: curated, or rated by AllSides only as authors or think tanks."""
    curated = {name_key(name): why for name, why in facts.not_outlets.items()}
    rated_news = {name_key(m.name) for m in news if m.corpus == "allsides-ratings" and m.kind == OUTLET}
    rated_other = {name_key(m.name): m.kind for m in news if m.kind != OUTLET}
    left_out = {}
    for mention in news:
        key = name_key(mention.name)
        if key in curated:
            left_out[(mention.corpus, mention.name)] = curated[key]
        elif key in rated_other and key not in rated_news:
            left_out[(mention.corpus, mention.name)] = f"AllSides rates it as {rated_other[key]}"
    return left_out


def _join(mention: Mention, outlet: Outlet | None, outlets: list[Outlet], by_key: dict[str, Outlet]) -> Outlet:
    if outlet is None:
        outlet = Outlet()
        outlets.append(outlet)
        by_key[name_key(mention.name)] = outlet
    outlet.mentions.append(mention)
    return outlet


def _give_domains(outlets: list[Outlet]) -> None:
    """Each host to the outlet with most articles on it, among those with enough of their articles there."""
    claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, outlet in enumerate(outlets):
        hosts = outlet.hosts()
        total = sum(hosts.values())
        barred = outlet.curated.not_domains if outlet.curated else frozenset()
        for host, count in hosts.items():
            if count >= MIN_ARTICLES and count >= MIN_SHARE * total and host not in barred and _DOMAIN.fullmatch(host):
                claims[host].append((count, index))
    for host, claimants in claims.items():
        ranked = sorted(claimants, reverse=True)
        if len(ranked) == 1 or ranked[0][0] > ranked[1][0]:
            outlets[ranked[0][1]].domains.add(host)
    for outlet in outlets:
        outlet.domains = {d for d in outlet.domains if not any(d.endswith(f".{other}") for other in outlet.domains)}


def _join_site(site: Mention, outlets: list[Outlet], by_key: dict[str, Outlet]) -> None:
    """An MBFC site joins the outlet with its domain, else the one its name names, else stands alone."""
    host = next(iter(site.hosts), None)
    owner = next((o for o in outlets if host in o.domains), None) if host else None
    named = by_key.get(name_key(site.name))
    outlet = _join(site, owner or (named if named and not (host and named.domains) else None), outlets, by_key)
    taken = any(host in other.domains for other in outlets if other is not outlet)
    if host and not taken and not any(host.endswith(f".{d}") for d in outlet.domains):
        outlet.domains.add(host)


def record(outlet: Outlet, ratings: bool = False) -> dict[str, Any]:
    """The outlet record: name, aliases, domains, curated country and ownership, provenance, and ratings when asked."""
    name = outlet.name()
    spellings = {m.name for m in outlet.mentions if not _is_site(m)} | set(outlet.curated.aliases if outlet.curated else ())
    found: dict[str, Any] = {"type": "outlet", "name": name}
    if spellings - {name}:
        found["aliases"] = sorted(spellings - {name})
    if outlet.domains:
        found["domains"] = sorted(outlet.domains)
    if outlet.curated and outlet.curated.country:
        found["country"] = outlet.curated.country
    if outlet.curated and outlet.curated.ownership:
        found["ownership"] = {"type": outlet.curated.ownership}
    if ratings and any(m.ratings for m in outlet.mentions):
        found["ratings"] = sorted((r for m in outlet.mentions for r in m.ratings), key=lambda r: orjson.dumps(r, option=orjson.OPT_SORT_KEYS))
    return with_id(found | {"provenance": _provenance(outlet)})


def _provenance(outlet: Outlet) -> dict[str, Any]:
    corpora = ", ".join(sorted({m.corpus for m in outlet.mentions}))
    if outlet.curated is None:
        return {"method": "import", "tool": TOOL, "note": f"names and domains as the corpora give them: {corpora}"}
    curated = outlet.curated
    stated = [what for what, given in (("name", True), ("aliases", curated.aliases), ("country", curated.country), ("ownership", curated.ownership)) if given]
    note = f"{', '.join(stated)} stated in seeds/outlets.jsonl; names and domains from the corpora: {corpora}"
    return {"method": "human", "tool": TOOL, "note": note}


def _left_out_problems(left_out: dict[tuple[str, str], str]) -> list[Problem]:
    by_corpus: dict[str, Counter[str]] = defaultdict(Counter)
    for (corpus, _), why in left_out.items():
        by_corpus[corpus][why.split(":")[0]] += 1
    return [
        problem("import.skipped", f"{corpus}: {counts.total()} names are not outlets: " + ", ".join(f"{why} {n}" for why, n in sorted(counts.items())))
        for corpus, counts in sorted(by_corpus.items())
    ]


def _collisions(records: list[dict[str, Any]]) -> list[Problem]:
    ids = Counter(str(r["id"]) for r in records)
    return [problem("write.invalid", f"outlet id {rid!r} is made by {n} outlets: rename one in the curated file") for rid, n in sorted(ids.items()) if n > 1]


def default_corpora() -> Path:
    """The corpora of the shared folder: $PARALLAX_SHARED/corpora, else ../shared/corpora beside the repository."""
    return CORPORA


def main(argv: list[str] | None = None) -> int:
    """Build the registry and write it; print what was left out. Exit 1, writing nothing, on an error (an absent corpus, a clash)."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.registry", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="?", type=Path, default=default_corpora())
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--ratings", action="store_true", help="add AllSides' and MBFC's ratings (research use only: never commit them)")
    args = parser.parse_args(argv)
    facts, problems = load_facts(args.seeds)
    records, found = build(args.corpora, facts, args.ratings)
    for each in problems + found:
        print(f"{each.file or args.corpora}: {each.severity}[{each.code}]: {each.message}")
    if any(p.severity == ERROR for p in problems + found):
        print(f"nothing written to {args.out}: fix the errors first")
        return 1
    print(f"wrote {write_jsonl(args.out, records)} outlets to {args.out}")
    if args.out == OUT:
        facts_only = [{k: v for k, v in record.items() if k != "ratings"} for record in records]
        print(f"wrote {write_jsonl(PACKAGED, facts_only)} outlets to {PACKAGED}; raise the version in {PACKAGED.parent / 'VERSION.json'} when they changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
