"""Align a data folder: group its articles into events, its claims into propositions, and compare the outlets of each event.

Event records already in the data (a corpus's own events, a person's) are kept as they are; only the articles
none of them holds are grouped. What this module wrote before (provenance tool `parallax align`) is made again
from scratch, into `events/`, `alignments/` and `comparisons/` files named `parallax-align.jsonl`, each replaced
whole and atomically; the same data gives the same bytes. Only the founding articles of the events it made before
are read from them: an event keeps its founding article, and so its id, when articles join or leave it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.actors.identity import canonical_actors, canonical_claim, canonical_framing, canonical_ids
from toolkit.align import describe
from toolkit.align.events import Params, group_events, method
from toolkit.align.measures import Names, compare
from toolkit.align.propositions import align_claims
from toolkit.errors import ParallaxError
from toolkit.problems import Problem, Report
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.store import FOLDERS, invalid
from toolkit.validate.record import record_problems

TOOL = "parallax align"
GROUP = "parallax-align"
OUTPUTS = ("event", "alignment", "comparison")
# (stage, done, total): what a long run reports as it goes
Progress = Callable[[str, int, int], None]
Grouping = Callable[[list[dict[str, Any]]], list[list[str]]]  # articles -> the ids of each event (toolkit.align.windows)


class AlignRefused(ParallaxError):
    """The data does not validate, so it is not aligned."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"the data has {report.errors} errors; fix them first")
        self.report = report


class NothingToAlign(ParallaxError):
    """The data holds no article, so there is nothing to align (a wrong folder, most likely)."""


@dataclass
class Dataset:
    """The records alignment reads, with what earlier runs of `parallax align` made left out."""

    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    alignments: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    compared: set[tuple[str, str | None]] = field(default_factory=set)
    founders: set[str] = field(default_factory=set)  # founding articles of the events an earlier run made


@dataclass
class Aligned:
    """What a run made: its events, alignments and comparisons (records kept from the data not included)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    alignments: list[dict[str, Any]] = field(default_factory=list)
    comparisons: list[dict[str, Any]] = field(default_factory=list)
    kept_events: int = 0
    syndicated: int = 0


@dataclass
class Summary:
    """What `align_folder` wrote, where, and any record it could not write."""

    aligned: Aligned
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    registry_added: dict[str, int] = field(default_factory=dict)  # outlets and actors copied in, so the folder validates alone


def is_own(record: dict[str, Any]) -> bool:
    """Whether a record was made by this module (and is made again by every run)."""
    return (record.get("provenance") or {}).get("tool") == TOOL


def own_files(folder: Path) -> list[Path]:
    """The files this module writes under a folder: events, alignments and comparisons, in that order."""
    return [folder / FOLDERS[kind] / f"{GROUP}.jsonl" for kind in OUTPUTS]


def load(sources: Iterable[Path]) -> Dataset:
    """The articles, claims, actors and the kept events, alignments and comparisons under the sources."""
    data = Dataset()
    for _path, record in read_records(sources):
        kind = record.get("type")
        if kind == "article":
            data.articles[record["id"]] = record
        elif kind == "claim":
            data.claims[record["article_id"]].append(record)
        elif kind == "actor":
            data.actors[record["id"]] = record
        elif is_own(record):
            if kind == "event" and isinstance(record.get("founding_article_id"), str):
                data.founders.add(record["founding_article_id"])
        elif kind == "event":
            data.events.append(record)
        elif kind == "alignment":
            data.alignments[record["event_id"]].append(record)
        elif kind == "comparison":
            data.compared.add((record["event_id"], record["outlet_id"]))
    return data


def _provenance() -> dict[str, Any]:
    return {"method": "rules", "tool": TOOL, "tool_version": __version__}


def event_record(
    article_ids: list[str], data: Dataset, params: Params, known: dict[str, str], names: Names, words: frozenset[str] | None = None
) -> dict[str, Any]:
    """The event of a group of articles: neutral title, window, participants, wire copies, method."""
    articles = [data.articles[i] for i in article_ids]
    claims = [c for i in article_ids for c in data.claims.get(i, [])]
    record: dict[str, Any] = {"type": "event", "title": describe.title(articles, data.actors, known, words), "article_ids": sorted(article_ids)}
    record["founding_article_id"] = founder(article_ids, data)
    span = describe.window(articles)
    if span:
        record["window"] = span
    people = describe.participants(claims, data.actors, named(articles, names))  # the dict itself: a set of it costs every event
    if people:
        record["participants"] = people
    copied = describe.copies(articles)
    if copied:
        record["syndicated_article_ids"] = sorted(copied)
    record["method"] = {"version": __version__} | method(params)
    record["provenance"] = _provenance()
    return with_id(record)


def founder(article_ids: list[str], data: Dataset) -> str:
    """The article an event is founded on: the earliest (by publication date, then id) of the founding articles of the
    events an earlier run made that it holds, else of all its articles; undated articles come last."""
    earlier = [i for i in article_ids if i in data.founders]
    return min(earlier or article_ids, key=lambda i: _dated(data.articles[i]))


def _dated(article: dict[str, Any]) -> tuple[bool, str, str]:
    published = article.get("published")
    return not isinstance(published, str), published if isinstance(published, str) else "", str(article["id"])


def named(articles: list[dict[str, Any]], names: Names) -> Counter[str]:
    """How many of the articles name each actor (in the headline or the start of the body, where the title's names come
    from too), by a name or alias that stands for that actor alone."""
    found: Counter[str] = Counter()
    for article in articles:
        texts = (str(article.get("headline") or ""), str(article.get("text") or "")[: describe.BODY_CHARS])
        found.update({actors[0] for text in texts for _start, _end, _term, actors in names.find(text) if len(actors) == 1})
    return found


def new_events(data: Dataset, params: Params, names: Names, progress: Progress | None = None, grouping: Grouping | None = None) -> list[dict[str, Any]]:
    """Events for the articles no kept event holds: grouped (by `grouping`, else toolkit.align.events.group_events), then
    described (`names`: the registry's, as Names finds them)."""
    held = {str(a) for event in data.events for a in event["article_ids"]}
    free = [data.articles[i] for i in sorted(data.articles) if i not in held]

    def stage(step: str) -> None:
        if progress:
            progress(f"grouping {len(free):,} article{'s' if len(free) != 1 else ''}: {step}", 0, 0)

    groups = (grouping(free) if grouping else group_events(free, params, stage)) if free else []
    known = describe.actor_names(data.actors.values())
    words = describe.name_words(known)  # once: a dataset's actors give tens of thousands of names
    events = []
    for n, group in enumerate(groups, 1):
        events.append(event_record(group, data, params, known, names, words))
        if progress and (n % 1000 == 0 or n == len(groups)):
            progress("describing events", n, len(groups))
    return events


def counted_as_one(data: Dataset) -> Dataset:
    """The data as the measures count it: each claim's speaker and intermediaries, and the actors framing labels
    target, replaced by the actor they stand for after `same_as` links (in copies; the records read are not changed),
    and only those canonical actors, each with the names and aliases of the actors merged into it, so that "von der
    Leyen" and "Ursula von der Leyen" are one actor."""
    ids = canonical_ids(data.actors)
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article_id, found in data.claims.items():
        claims[article_id] = [canonical_claim(claim, ids) for claim in found]
    articles = {rid: canonical_framing(article, ids) if article.get("framing") else article for rid, article in data.articles.items()}
    return replace(data, articles=articles, claims=claims, actors=canonical_actors(data.actors))


def align(data: Dataset, params: Params | None = None, progress: Progress | None = None, grouping: Grouping | None = None) -> Aligned:
    """Events for the articles not yet in one (grouped by `grouping`, else in one pass), then the propositions and
    comparisons of every event (actors counted as the actors they stand for: `counted_as_one`)."""
    params = params or Params()
    data = counted_as_one(data)
    actors = [data.actors[i] for i in sorted(data.actors)]
    names = Names(actors)
    made = Aligned(events=new_events(data, params, names, progress, grouping), kept_events=len(data.events))
    everything = sorted(data.events + made.events, key=lambda e: str(e["id"]))
    for n, event in enumerate(everything, 1):
        articles = [data.articles[str(i)] for i in event["article_ids"] if str(i) in data.articles]
        claims = [c for a in articles for c in sorted(data.claims.get(a["id"], []), key=lambda c: str(c["id"]))]
        alignments = data.alignments.get(event["id"])
        if alignments is None:
            alignments = align_claims(event["id"], articles, claims)
            made.alignments.extend(alignments)
        compared = compare(event, articles, claims, alignments, data.actors, names=names)  # by id: a dict per event costs
        made.comparisons.extend(c for c in compared if (c["event_id"], c["outlet_id"]) not in data.compared)
        made.syndicated += len(event.get("syndicated_article_ids", []))
        if progress and (n % 1000 == 0 or n == len(everything)):
            progress("comparing outlets", n, len(everything))
    return made


def checked(records: list[dict[str, Any]], problems: list[Problem]) -> list[dict[str, Any]]:
    """The records that pass their schema, in id order; the others reported."""
    good = []
    for record in records:
        errors = record_problems(record)
        if errors:
            problems.append(invalid(record, errors))
        else:
            good.append(record)
    return sorted(good, key=lambda r: str(r["id"]))


def write(made: Aligned, out: Path) -> Summary:
    """Replace this module's files under `out` with what a run made (a file is removed when it has nothing left).

    Alignments point to events and claims, comparisons to events and alignments, so the files are replaced in an order
    that never leaves a reference dangling: comparisons and alignments first cut down to the records others put in
    them, then events, alignments and comparisons replaced. A reader, or a kill, between any two steps finds a folder
    that validates; what it lacks (and the temporary file a kill left), the next run makes (removes). The caller holds
    the folder's lock (toolkit.lock).
    """
    summary = Summary(made)
    plans = []
    for path, records in zip(own_files(out), (made.events, made.alignments, made.comparisons), strict=True):
        for left in path.parent.glob(f".{path.name}.*.tmp"):  # a temporary file of a run killed while writing it
            left.unlink(missing_ok=True)
        held = [r for _p, r in read_records([path])] if path.is_file() else []
        others = [r for r in held if not is_own(r)]
        good = checked(records, summary.problems) + others
        plans.append((path, len(held) > len(others), others, good))
        summary.files[str(path.relative_to(out))] = len(good)
    for path, has_own, others, _good in reversed(plans[1:]):
        if has_own:
            _replace(path, others)
    for path, _has_own, _others, good in plans:
        _replace(path, good)
    return summary


def _replace(path: Path, records: list[dict[str, Any]]) -> None:
    """Replace a file with the records in one step, or remove it when there are none."""
    if records:
        write_jsonl(path, records)
    else:
        path.unlink(missing_ok=True)
