"""One actor per real-world entity across a dataset: the actors each article found, joined by `same_as`.

Each article's claims name actors by the names that article gives (toolkit.actors.article): 'Ursula von der Leyen'
in one report, 'von der Leyen' alone in another. This pass reads every actor record and every claim of a dataset and
links the records of one entity, the rules in order (docs/actors.md#across-articles):

1. a name the registry gives an actor (its name or an alias) is that actor;
2. a person's full name joins another full name of the same surname and first given name whose other given names agree
   ('Donald J. Trump' and 'Donald Trump'; never 'Bill Clinton' and 'Hillary Clinton'), and a surname spelled a little
   otherwise ('Zelenskiy', 'Zelensky') with the same given name;
3. a surname alone ('Trump', 'von der Leyen') joins the one full name of that surname in the dataset, or the one of
   several that the claims name at least three times as often as all the others together; otherwise it stays apart and
   is reported, for a curator to decide;
4. an acronym joins the one organization whose initials it spells ('FBI', 'Federal Bureau of Investigation').

Of the records joined, the one the claims name most stands for the others (the longer name among equals). Only records
a program made (provenance `rules`) are linked; a curator's records (provenance `human`) are never rewritten and their
`same_as` and `distinct_from` win. Every actor then carries the descriptions its claims give it (`speaker.role`), by
outlet, and the source type those imply.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from toolkit.actors.names import given_key, is_acronym, surname
from toolkit.registry import name_key

# the share of a surname's claims its leading full name must have for the surname alone to stand for it
DOMINANT = 3.0
# how alike two surnames must be (difflib ratio) to be spellings of one ("Zelenskiy", "Zelensky", "Zelenskyy")
SPELLING = 0.8


@dataclass
class Report:
    """What the pass did: links made, and surnames left apart for a curator."""

    linked: int = 0
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # a surname actor -> the full-name actors it may be


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def _human(record: Mapping[str, Any]) -> bool:
    return (record.get("provenance") or {}).get("method") == "human"


def _automatic(record: Mapping[str, Any]) -> bool:
    return (record.get("provenance") or {}).get("method") == "rules"


def claim_counts(claims: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """How many claims name each actor as their speaker."""
    counts: Counter[str] = Counter()
    for claim in claims:
        actor = (claim.get("speaker") or {}).get("actor_id")
        if actor:
            counts[actor] += 1
    return counts


def link(actors: Mapping[str, Mapping[str, Any]], counts: Counter[str], report: Report | None = None) -> dict[str, str]:
    """The `same_as` links the rules make between the program-made actors: id -> the id it stands for."""
    report = report if report is not None else Report()
    registry = {name_key(n): rid for rid, a in sorted(actors.items()) if not _automatic(a) for n in _names(a)}
    links: dict[str, str] = {}
    people: dict[str, list[str]] = defaultdict(list)  # folded surname -> full-name persons
    singles: list[str] = []
    for rid, actor in sorted(actors.items()):
        if not _automatic(actor) or actor.get("same_as"):
            continue
        own = registry.get(name_key(str(actor.get("name") or "")))
        if own is not None and own != rid:
            links[rid] = own
            continue
        if actor.get("actor_type") == "person":
            name = str(actor.get("name") or "")
            (people[_fold(surname(name))] if surname(name) != name else singles).append(rid)
    for rids in people.values():
        _join_full_names(actors, rids, counts, links)
    _join_spellings(actors, people, counts, links)
    persons = _registry_people(actors)
    weights: Counter[str] = Counter()  # the claims of each actor and of those linked to it
    for rid, n in counts.items():
        weights[_end(links, rid)] += n
    for rid in singles:
        key = _fold(surname(str(actors[rid].get("name") or "")))
        candidates = sorted({_end(links, r) for r in people.get(key, [])} | set(persons.get(key, [])))
        chosen = _dominant(candidates, weights)
        if chosen is not None:
            links[rid] = chosen
        elif candidates:
            report.ambiguous[rid] = candidates
    _join_acronyms(actors, counts, links)
    report.linked = len(links)
    return links


def _names(actor: Mapping[str, Any]) -> list[str]:
    return [n for n in [actor.get("name"), *(actor.get("aliases") or ())] if isinstance(n, str) and n]


def _registry_people(actors: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Folded surname -> the registry (not program-made) persons of that surname."""
    found: dict[str, list[str]] = defaultdict(list)
    for rid, actor in sorted(actors.items()):
        name = str(actor.get("name") or "")
        if not _automatic(actor) and actor.get("actor_type") == "person" and " " in name and not actor.get("same_as"):
            found[_fold(surname(name))].append(rid)
    return found


def _end(links: Mapping[str, str], rid: str) -> str:
    seen = {rid}
    while rid in links and links[rid] not in seen:
        rid = links[rid]
        seen.add(rid)
    return rid


def _dominant(candidates: list[str], weights: Counter[str]) -> str | None:
    """The one candidate, or the one named (with the actors linked to it) at least DOMINANT times as often as all the
    others together."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    weight = {c: weights.get(c, 0) for c in candidates}
    ranked = sorted(candidates, key=lambda c: (-weight[c], c))
    rest = sum(weight[c] for c in ranked[1:])
    return ranked[0] if weight[ranked[0]] >= DOMINANT * max(rest, 1) and weight[ranked[0]] > 0 else None


def _given(name: str) -> list[str]:
    """The given names of a person's name, folded, short forms read out (toolkit.actors.names.NICKNAMES), initials without
    their full stop; a generational suffix ('Jr.') is none."""
    words = [w for w in name.split() if w.rstrip(".,") not in {"Jr", "Sr", "II", "III", "IV"}]
    return [given_key(w) for w in words[: len(words) - len(surname(" ".join(words)).split())]]


def _compatible(one: str, other: str) -> bool:
    """Whether two full names of one surname can be one person: the same first given name, and the other given names of
    the shorter among the longer's (an initial stands for a name of its letter)."""
    a, b = _given(one), _given(other)
    if not a or not b or a[0] != b[0]:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(w == v or (len(w) == 1 and v.startswith(w)) or (len(v) == 1 and w.startswith(v)) for v in long[1:]) for w in short[1:])


def _leader(rids: list[str], actors: Mapping[str, Mapping[str, Any]], counts: Counter[str]) -> str:
    """Of records of one entity, the one that stands for the others: named by the most claims, the longer name among equals."""
    return min(rids, key=lambda r: (-counts.get(r, 0), -len(str(actors[r].get("name") or "")), r))


def _join_full_names(actors: Mapping[str, Mapping[str, Any]], rids: list[str], counts: Counter[str], links: dict[str, str]) -> None:
    """Link the full names of one surname that can be one person, each group to its leader."""
    groups: list[list[str]] = []
    for rid in sorted(rids, key=lambda r: (-counts.get(r, 0), r)):
        if rid in links:
            continue
        name = str(actors[rid].get("name") or "")
        group = next((g for g in groups if all(_compatible(name, str(actors[o].get("name") or "")) for o in g)), None)
        if group is None:
            groups.append([rid])
        else:
            group.append(rid)
    for group in groups:
        leader = _leader(group, actors, counts)
        for rid in group:
            if rid != leader:
                links[rid] = leader


def _join_spellings(actors: Mapping[str, Mapping[str, Any]], people: Mapping[str, list[str]], counts: Counter[str], links: dict[str, str]) -> None:
    """Link full names whose surnames differ by a spelling ('Zelenskiy', 'Zelensky') and whose first given names agree.

    Only the surnames of one first given name are compared, and of those only the ones of the same first two letters and
    lengths within two: the pass stays close to linear however many people a dataset names."""
    by_given: dict[tuple[str, str], list[str]] = defaultdict(list)  # (first given name, first two letters of the surname) -> heads
    for key in sorted(people):
        if len(key) < 6:
            continue
        for rid in dict.fromkeys(_end(links, r) for r in people[key]):
            given = _given(str(actors[rid].get("name") or ""))
            if given:
                by_given[(given[0], key[:2])].append(rid)
    for heads in by_given.values():
        if len(heads) < 2 or len(heads) > 200:
            continue  # a hundred surnames of one given name and two letters are namesakes, not spellings
        folded = {rid: _fold(surname(str(actors[rid].get("name") or ""))) for rid in heads}
        for i, one in enumerate(heads):
            for other in heads[i + 1 :]:
                a, b = folded[one], folded[other]
                if a == b or abs(len(a) - len(b)) > 2:
                    continue
                matcher = difflib.SequenceMatcher(None, a, b)
                if matcher.quick_ratio() < SPELLING or matcher.ratio() < SPELLING:
                    continue
                first, second = _end(links, one), _end(links, other)
                if first != second:
                    leader = _leader([first, second], actors, counts)
                    links[second if leader == first else first] = leader


def _join_acronyms(actors: Mapping[str, Mapping[str, Any]], counts: Counter[str], links: dict[str, str]) -> None:
    """Link an acronym to the one organization whose initials it spells."""
    initials: dict[str, list[str]] = defaultdict(list)
    acronyms = []
    for rid, actor in sorted(actors.items()):
        name = str(actor.get("name") or "")
        if actor.get("actor_type") not in ("organization", "media", "government") or rid in links or actor.get("same_as"):
            continue
        if is_acronym(name):
            if _automatic(actor):
                acronyms.append(rid)
        elif " " in name:
            initials["".join(w[0] for w in name.split() if w[:1].isupper())].append(rid)
    for rid in acronyms:
        found = initials.get(str(actors[rid].get("name") or "").replace(".", ""), [])
        if len(found) == 1:
            links[rid] = found[0]


def describe(claims: Iterable[Mapping[str, Any]], canonical: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The descriptions the claims give each canonical actor (`speaker.role`), with outlet and voice, counted."""
    counted: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    for claim in claims:
        speaker = claim.get("speaker") or {}
        actor, role = speaker.get("actor_id"), speaker.get("role")
        if actor and isinstance(role, str) and role.strip():
            counted[canonical.get(actor, actor)][(" ".join(role.split()), claim.get("outlet_id"))] += 1
    return {
        actor: [{"text": t, "outlet_id": o, "voice": "outlet", "count": n} for (t, o), n in sorted(found.items(), key=lambda x: (x[0][0], x[0][1] or ""))]
        for actor, found in counted.items()
    }


def resolve_dataset(
    actors: Mapping[str, Mapping[str, Any]],
    claims: Sequence[Mapping[str, Any]],
    decide: Callable[[dict[str, dict[str, Any]], dict[str, dict[str, Any]]], dict[str, dict[str, Any]]] | None = None,
    typed: Callable[[list[str]], str | None] | None = None,
) -> tuple[dict[str, dict[str, Any]], Report]:
    """The actor records of a dataset after the pass: program-made records with their `same_as` links, descriptions and
    source type set afresh; every other record as it was. `decide` lays a curator's records over the program's (by
    default the human records simply win by id); `typed` gives the source type a list of descriptions implies."""
    from toolkit.actors.identity import canonical_ids

    report = Report()
    counts = claim_counts(claims)
    human = {rid: dict(a) for rid, a in actors.items() if _human(a)}
    blocked = {(rid, other) for rid, a in human.items() for other in a.get("distinct_from") or ()}
    blocked |= {(b, a) for a, b in blocked}
    made = {rid: {k: v for k, v in a.items() if k not in ("same_as", "descriptions", "source_type")} for rid, a in actors.items() if _automatic(a)}
    fixed = {rid: dict(a) for rid, a in actors.items() if not _automatic(a)}
    links = link({**fixed, **made}, counts, report)
    for rid, target in sorted(links.items()):
        if (rid, _end(links, target)) not in blocked and rid in made:
            made[rid]["same_as"] = target
    merged = decide(made, human) if decide is not None else {**made, **human}
    result = {**fixed, **merged}
    canonical = canonical_ids(result)
    described = describe(claims, canonical)
    for rid, record in result.items():
        if not _automatic(record):
            continue
        if rid in described and not record.get("same_as"):
            record["descriptions"] = described[rid]
            kind = typed([d["text"] for d in described[rid] for _ in range(d["count"])]) if typed is not None else None
            if kind is not None:
                record["source_type"] = kind
    return dict(sorted(result.items())), report
