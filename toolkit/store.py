"""Write records into a folder laid out like data/, adding to what is there without clobbering it."""

from __future__ import annotations

import dataclasses
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.lock import Waiting, folder_lock, locked
from toolkit.problems import Problem, problem
from toolkit.records import OWN_VOICE, derive_id, dumps, write_lines
from toolkit.references import registry_references
from toolkit.registry import Registries
from toolkit.validate.discover import discover
from toolkit.validate.record import record_problems

SINGLE_FILES = {"outlet": "outlets.jsonl", "actor": "actors.jsonl"}
DECISIONS_TOOL = "parallax actors"  # toolkit.actors.curation.TOOL: the provenance tool of a curator's decision
IDENTITY_LINKS = ("same_as", "distinct_from")
FOLDERS = {"article": "articles", "claim": "claims", "event": "events", "alignment": "alignments", "comparison": "comparisons"}


def target(kind: str, group: str) -> str:
    """The file, relative to the folder, that a record of a kind and group goes to."""
    return SINGLE_FILES.get(kind) or f"{FOLDERS[kind]}/{group}.jsonl"


@dataclass
class Store:
    """Records waiting to be written, by target file; the first record of an id wins.

    Outlets and actors wait as records (a later one of the same id merges into them); the rest wait as their
    serialized lines, which take far less memory than the records.
    """

    root: Path
    pending: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, record: dict[str, Any], group: str) -> bool:
        """Queue a record; False when a record of the same id is already queued (an outlet or actor is merged into it).

        Raises TypeError (orjson.JSONEncodeError) for a record that cannot be written as JSON, leaving the queue as it was.
        """
        registry = record["type"] in SINGLE_FILES
        records = self.pending[target(record["type"], group)]
        queued = records.get(record["id"])
        if queued is not None:
            if registry:
                records[record["id"]] = merge_registry(queued, record)
            return False
        line = dumps(record)  # a record that cannot be serialized raises here, before it is queued
        records[record["id"]] = record if registry else line
        return True

    def write(self) -> dict[str, int]:
        """Write every queued file: records already in it are kept, new ids added in id order.

        An outlet or actor already there gains the aliases, domains and ratings a new record of its id brings
        (ratings side by side, never merged across raters). Returns how many records each file gained or changed.
        Each file is replaced atomically.
        """
        gained = {}
        for relative, records in sorted(self.pending.items()):
            path = self.root / relative
            existing = _read(path)
            lines, changed = self._updated(existing, records) if relative in SINGLE_FILES.values() else (existing, 0)
            known = {_id_of(line) for line in existing}
            new = [_line(records[i]) for i in sorted(records) if i not in known]
            if new or changed or not path.exists():
                write_lines(path, lines + new)
            gained[relative] = len(new) + changed
        self.pending.clear()
        return gained

    @staticmethod
    def _updated(existing: list[bytes], records: dict[str, dict[str, Any]]) -> tuple[list[bytes], int]:
        """Existing registry lines, each merged with the queued record of its id; and how many changed."""
        lines, changed = [], 0
        for line in existing:
            rid = _id_of(line)
            if rid in records:
                merged = merge_registry(orjson.loads(line), records[rid])
                if dumps(merged) != dumps(orjson.loads(line)):
                    line, changed = dumps(merged), changed + 1
            lines.append(line)
        return lines, changed


def merge_registry(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An outlet or actor with what a newer record of it adds: missing fields, aliases, domains, languages, ratings.

    A curator's decision (`parallax actors`) is kept as it is, and no record of human provenance gains a `same_as` or
    `distinct_from` it does not state: who is who is the curator's to say (toolkit.actors.curation).
    """
    found = old.get("provenance")
    provenance: dict[str, Any] = found if isinstance(found, dict) else {}
    if provenance.get("tool") == DECISIONS_TOOL:
        return old
    human = provenance.get("method") == "human"
    merged = dict(old) | {k: v for k, v in new.items() if k not in old and not (human and k in IDENTITY_LINKS)}
    for key in ("aliases", "domains", "languages", "ratings", "roles"):
        if key in new:
            have = list(old.get(key, []))
            merged[key] = have + [item for item in new[key] if item not in have]
    return merged


def _line(queued: Any) -> bytes:
    return queued if isinstance(queued, bytes) else dumps(queued)


def _read(path: Path) -> list[bytes]:
    """The lines already in a file, byte for byte (each ending in LF), blank lines dropped."""
    if not path.exists():
        return []
    with open(path, "rb") as handle:
        return [line if line.endswith(b"\n") else line + b"\n" for line in handle if line.strip()]


def _id_of(line: bytes) -> Any:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return record.get("id") if isinstance(record, dict) else None


@dataclass
class Unresolved:
    """What a run wrote but could not resolve: articles without an outlet or a date, speakers without an actor."""

    articles: int = 0
    claims: int = 0  # attributions: claims in the outlet's own voice (narrator, fact) name no speaker to resolve
    outlets: Counter[str] = field(default_factory=Counter)  # names of outlets not in the registry, by articles
    no_outlet: int = 0  # articles whose input names no outlet at all
    undated: int = 0
    speakers: Counter[str] = field(default_factory=Counter)  # mentions of speakers no actor stands for, by claims

    def observe(self, record: dict[str, Any]) -> None:
        """Count what a record written leaves unresolved."""
        kind = record.get("type")
        if kind == "article":
            self.articles += 1
            if record.get("outlet_id") is None:
                if record.get("outlet_name"):
                    self.outlets[str(record["outlet_name"])] += 1
                else:
                    self.no_outlet += 1
            if record.get("published") is None:
                self.undated += 1
        elif kind == "claim" and record.get("kind") not in OWN_VOICE:
            self.claims += 1
            speaker = record.get("speaker") or {}
            mention = (speaker.get("mention") or {}).get("text")
            if speaker.get("actor_id") is None and mention:  # a claim with no speaker named (the outlet's own) has none to resolve
                self.speakers[str(mention)] += 1

    def to_dict(self) -> dict[str, Any]:
        """The counts, for a JSON summary."""
        return {
            "articles_without_outlet": sum(self.outlets.values()) + self.no_outlet,
            "unknown_outlets": dict(self.outlets.most_common()),
            "articles_without_date": self.undated,
            "claims_without_actor": sum(self.speakers.values()),
            "unresolved_speakers": dict(self.speakers.most_common(20)),
        }


@dataclass
class Summary:
    """What an import or a conversion did: records written by type and file, what stayed unresolved, and every problem."""

    written: Counter[str] = field(default_factory=Counter)
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid: int = 0
    unresolved: Unresolved = field(default_factory=Unresolved)
    registry_added: Counter[str] = field(default_factory=Counter)  # outlets and actors copied in from the registries
    present: int = 0


def keys(record: dict[str, Any]) -> list[str]:
    """What a record is known by in a folder: its id and, for an article, the id its outlet and text give."""
    found = [record["id"]] if isinstance(record.get("id"), str) else []
    if record.get("type") == "article":
        derived = derive_id(record)
        if derived is not None and derived not in found:
            found.append(derived)
    return found


def _numbered(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) of every JSON object in a file; other lines and an unreadable file give nothing."""
    try:
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    yield number, record
    except OSError:
        return


@dataclass
class Present:
    """The record files under a folder and, for each id in them, the index of the file it is in.

    Ids only (an article's also under the id of its outlet and text, where it carries another), so memory grows with
    the number of records in the folder, not with their size.
    """

    root: Path
    files: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> Present:
        """The ids of every record file under a folder (the files `parallax validate` reads there)."""
        present = cls(root)
        for index, name in enumerate(discover([str(root)]).files if root.is_dir() else []):
            present.files.append(Path(name).relative_to(root).as_posix())
            for _number, record in _numbered(Path(name)):
                for key in keys(record):
                    present.ids.setdefault(key, index)
        return present

    def where(self, record: dict[str, Any]) -> tuple[str, str] | None:
        """(key, file) of a record already in the folder that this record would repeat, or None."""
        for key in keys(record):
            index = self.ids.get(key)
            if index is not None:
                return key, self.files[index]
        return None

    def locate(self, wanted: dict[str, set[str]]) -> dict[tuple[str, str], tuple[int, str]]:
        """(line, id) of the record each (file, key) names, reading only the files named."""
        found: dict[tuple[str, str], tuple[int, str]] = {}
        for relative, names in wanted.items():
            for number, record in _numbered(self.root / relative):
                for key in keys(record):
                    if key in names and (relative, key) not in found:
                        found[relative, key] = (number, str(record.get("id")))
        return found


@dataclass
class _Repeat:
    """A record of the input skipped because the folder holds it already."""

    kind: str
    rid: str
    group: str
    key: str
    file: str


def _present_problems(present: Present, repeats: list[_Repeat]) -> list[Problem]:
    """The `write.present` problem of each skipped record, at the line of the folder that already holds it."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for repeat in repeats:
        wanted[repeat.file].add(repeat.key)
    places = present.locate(wanted)
    found = []
    for repeat in repeats:
        line, stored = places.get((repeat.file, repeat.key), (None, repeat.key))
        what = "the same outlet and text" if repeat.kind == "article" else "the same id"
        also = f" (as {stored})" if stored != repeat.rid else ""
        tail = "; skipped with its claims" if repeat.kind == "article" else "; skipped"
        message = f"{repeat.kind} {repeat.rid} (for {repeat.group}) is already in the folder{also}, with {what}{tail}"
        found.append(problem("write.present", message, file=str(present.root / repeat.file), line=line))
    return found


class _Texts(OrderedDict[str, dict[str, str]]):
    """Texts of the latest articles, for checking the spans of their claims before they are written."""

    def keep(self, record: dict[str, Any]) -> None:
        if "text" in record:
            self[record["id"]] = {"headline": record["headline"], "body": record["text"]}
            if len(self) > 4096:
                self.popitem(last=False)


def invalid(record: dict[str, Any], errors: list[tuple[str, str, str]], where: str = "") -> Problem:
    """The `write.invalid` problem of a record that fails validation, with its first three errors."""
    detail = "; ".join(f"{code} {pointer}: {message}" for code, pointer, message in errors[:3])
    return _printable(problem("write.invalid", f"{record.get('type')} {record.get('id')}{where}: {detail}"))


def _printable(found: Problem) -> Problem:
    """The problem with any lone surrogate of its message written as a backslash escape, so that it can be printed."""
    return dataclasses.replace(found, message=found.message.encode("utf-8", "backslashreplace").decode("utf-8"))


def write_items(
    items: Iterable[tuple[str, dict[str, Any]] | Problem], out: Path, summary: Summary, registries: Registries | None = None, waiting: Waiting | None = None
) -> Summary:
    """Validate each record, queue the valid ones, report the rest; then write the folder.

    A record the folder already holds, in any of its files, is skipped and reported (`write.present`): an article
    whose outlet and text are there, with its claims, and any other record whose id is there. An outlet or actor
    already in the file it goes to is merged into instead. With `registries`, the outlets and actors the records
    point to that the folder does not hold are copied in from them, so that the folder validates on its own. The
    folder's lock (toolkit.lock) is held from reading what the folder holds until its last file is replaced, so a
    second writer waits (`waiting` is told) and then finds this one's records already there.
    """
    with locked(folder_lock(out), f"{out}/", waiting):
        return _write_items(items, out, summary, registries)


def _write_items(items: Iterable[tuple[str, dict[str, Any]] | Problem], out: Path, summary: Summary, registries: Registries | None) -> Summary:
    store, texts, present = Store(out), _Texts(), Present.scan(out)
    repeats: dict[tuple[str, str], _Repeat] = {}  # each record once, however often the input repeats it
    skipped: set[str] = set()  # articles the folder holds already: their claims are not written against the stored ones
    dropped: Counter[str] = Counter()  # articles of the run that failed validation, with how many claims and events pointing to them were left out
    referenced: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, Problem):
            summary.problems.append(item)
            continue
        group, record = item
        if record.get("type") == "claim" and record.get("article_id") in skipped:
            continue
        orphan = _dropped_article(record, dropped)
        if orphan is not None:
            dropped[orphan] += 1
            continue
        errors = record_problems(record, texts.get(record.get("article_id", "")) if record.get("type") == "claim" else None)
        if errors:
            summary.invalid += 1
            summary.problems.append(invalid(record, errors, f" (for {group})"))
            if record.get("type") == "article" and isinstance(record.get("id"), str):
                dropped[record["id"]] += 0
            continue
        repeat = _repeat(present, record, group)
        if repeat is not None:
            repeats.setdefault((repeat.kind, repeat.rid), repeat)
            if repeat.kind == "article":
                skipped.add(repeat.rid)
            continue
        try:
            added = store.add(record, group)
        except (TypeError, ValueError) as error:  # orjson's: a record validation let through cannot abort the batch
            summary.invalid += 1
            summary.problems.append(
                _printable(problem("write.invalid", f"{record.get('type')} {record.get('id')} (for {group}): cannot be written as JSON ({error})"))
            )
            continue
        if added:
            summary.written[record["type"]] += 1
            summary.unresolved.observe(record)
            referenced.update(registry_references(record))
            if record["type"] == "article":
                texts.keep(record)
                if dropped.get(record["id"]) == 0:  # a valid article of that id came after all: its claims are written
                    del dropped[record["id"]]
    summary.problems.extend(_orphan_problems(dropped))
    summary.present += len(repeats)
    summary.problems.extend(_present_problems(present, list(repeats.values())))
    if registries is not None:
        complete(store, referenced, registries, summary)
    summary.files = store.write()
    return summary


def _dropped_article(record: dict[str, Any], dropped: Counter[str]) -> str | None:
    """The article that failed validation in this run that a claim or an event points to, or None."""
    if record.get("type") == "claim":
        return record["article_id"] if record.get("article_id") in dropped else None
    if record.get("type") == "event" and isinstance(record.get("article_ids"), list):
        return next((rid for rid in record["article_ids"] if isinstance(rid, str) and rid in dropped), None)
    return None


def _orphan_problems(dropped: Counter[str]) -> list[Problem]:
    """Why the claims and events of articles that failed validation were not written: one problem per article that had any."""
    why = "the article fails validation (above), so they would point to nothing"
    return [problem("write.invalid", f"{count} claim(s) or event(s) of article {rid} not written: {why}") for rid, count in dropped.items() if count]


def present_ids(folder: Path, kind: str) -> set[str]:
    """The ids of the outlets or actors a folder's registry file holds."""
    return {rid for line in _read(folder / SINGLE_FILES[kind]) if isinstance(rid := _id_of(line), str)}


def complete(store: Store, referenced: set[tuple[str, str]], registries: Registries, summary: Summary) -> None:
    """Queue the registry records of the outlets and actors referenced that neither the folder nor the queue holds, and
    of those the records copied point to (an actor's `same_as` and `distinct_from`)."""
    held = {kind: present_ids(store.root, kind) | set(store.pending.get(SINGLE_FILES[kind], {})) for kind in SINGLE_FILES}
    wanted = sorted(referenced, reverse=True)
    while wanted:
        kind, rid = wanted.pop()
        if rid in held[kind]:
            continue
        record = registries.record(kind, rid)
        if record is None:
            summary.problems.append(problem("write.unknown-reference", f"no {kind} {rid!r} in the registries ({registries.describe()})", pointer=""))
            held[kind].add(rid)  # said once
            continue
        store.add(record, "registry")
        held[kind].add(rid)
        summary.registry_added[kind] += 1
        summary.written[kind] += 1
        wanted.extend(sorted(set(registry_references(record)), reverse=True))


def _repeat(present: Present, record: dict[str, Any], group: str) -> _Repeat | None:
    """The record as one the folder already holds, or None; an outlet or actor in the file it goes to is merged, not repeated."""
    found = present.where(record)
    if found is None:
        return None
    key, file = found
    if record["type"] in SINGLE_FILES and file == target(record["type"], group):
        return None
    return _Repeat(record["type"], str(record["id"]), group, key, file)
