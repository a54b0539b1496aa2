"""The one place that chains the stages for the commands: convert -> extract -> write, import -> write, extract -> write,
validate -> align -> write. Each stage takes and gives records; this module decides what runs after what, which
registries a run resolves against, and that every folder a run writes validates on its own."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.lock import folder_lock, locked
from toolkit.pipeline import DEFAULT_EXTRACTOR, EXTRACTORS, Extractor, Item, Outcome, failed, with_outcomes
from toolkit.problems import Problem, problem
from toolkit.project import Project
from toolkit.records import read_records
from toolkit.references import registry_references
from toolkit.registry import Registries
from toolkit.store import Store, Summary, complete, present_ids, write_items

# (stage, done, total): what a long run reports as it goes; total 0 when it is not known
Progress = Callable[[str, int, int], None]
# characters of an article the extractor reads: about 25 s of work (docs/front-matter.md#limits); a longer one is
# written without claims, so that one huge page cannot hold a batch up for minutes
MAX_EXTRACT = 1_000_000


def _quiet(stage: str, done: int, total: int) -> None:
    """A progress report nobody reads."""


@dataclass
class Session:
    """What a command runs in: the project it found (or none) and the registries its inputs resolve against."""

    project: Project | None
    progress: Progress = _quiet
    _registries: dict[tuple[str, ...], Registries] = field(default_factory=dict)

    def registries(self, *folders: Path | None) -> Registries:
        """The packaged registries, extended by the project's data/ and then by the given folders (the nearest wins)."""
        layers = [self.project.data if self.project else None, *folders]
        unique: list[Path] = []
        for folder in layers:
            if folder is not None and all(folder.resolve() != seen.resolve() for seen in unique):
                unique.append(folder)
        key = tuple(str(p.resolve()) for p in unique)
        if key not in self._registries:
            self._registries[key] = Registries.load(*unique)
        return self._registries[key]

    def waiting(self, message: str) -> None:
        """Say that the run waits for another writing the same folder (toolkit.lock)."""
        self.progress(message, 0, 0)


def convert(
    session: Session,
    paths: Iterable[str],
    out: Path,
    kind: str = "auto",
    outlet: str | None = None,
    fields: dict[str, str] | None = None,
    claims: bool = True,
    parser: str | None = None,
    jobs: int | None = 1,
    facts: bool = True,
    extractor: str = DEFAULT_EXTRACTOR,
) -> Summary:
    """Articles from input files, with the claims the extractor finds in each (unless `claims` is false; the facts in the
    outlet's own voice among them unless `facts` is false), into `out`."""
    from toolkit.convert import Options
    from toolkit.convert.run import articles

    registries = session.registries(out)
    options = Options(registries.outlets, outlet, dict(fields or {}))
    session.progress("converting", 0, 0)
    items: Iterator[tuple[Item, str]] = articles(paths, kind, options, _bytes_progress(session.progress, "converting, bytes read"))
    if not claims:
        return write_items((item for item, _path in items), out, Summary(), registries, session.waiting)
    summary = write_items(_with_claims(items, registries.actors, parser, jobs, facts, extractor), out, Summary(), registries, session.waiting)
    resolve_actors(session, out, summary)
    return summary


def _bytes_progress(progress: Progress, stage: str) -> Callable[[int], None]:
    done = 0

    def advance(size: int) -> None:
        nonlocal done
        done += size
        progress(stage, done, 0)

    return advance


def _carried(element: tuple[Item, str]) -> dict[str, Any] | None:
    item = element[0]
    return None if isinstance(item, Problem) or too_long(item[1]) else item[1]


def too_long(article: dict[str, Any]) -> bool:
    """Whether an article's text is longer than the extractor reads (MAX_EXTRACT characters)."""
    return len(article.get("text") or "") > MAX_EXTRACT


def _too_long(article: dict[str, Any], path: str) -> Problem:
    message = f"article {article.get('id')} of {len(article['text']):,} characters, more than the {MAX_EXTRACT:,} the extractor reads; written without claims"
    return problem("extract.too-long", message, file=path)


def _with_claims(
    items: Iterable[tuple[Item, str]],
    actors: dict[str, dict[str, Any]],
    parser: str | None,
    jobs: int | None,
    facts: bool = True,
    extractor: str = DEFAULT_EXTRACTOR,
) -> Iterator[Item]:
    """Each article item, followed by the claims the extractor finds in it; the extractor's failure as a problem."""
    run = extractor_of(parser, facts, extractor)
    for (item, path), outcome in with_outcomes(items, _carried, run, actors, jobs or os.cpu_count() or 1):
        yield item
        if not isinstance(item, Problem):
            yield from _claims_of(item[1], item[0], outcome, path)


def extractor_of(parser: str | None, facts: bool, extractor: str = DEFAULT_EXTRACTOR) -> Extractor:
    """The extractor of a name (EXTRACTORS): with another spaCy pipeline than its own (`parser`), and without the facts
    in the outlet's own voice when `facts` is false."""
    from toolkit.extract import extract
    from toolkit.extract.syntax import PARSER

    if extractor not in EXTRACTORS:
        raise ValueError(f"no extractor {extractor!r}: {', '.join(EXTRACTORS)}")
    if parser is None and facts and extractor == "fast":
        return extract  # the library's own defaults
    return functools.partial(extract, parser=parser or PARSER, facts=facts, learned=extractor != "rules", neural=extractor == "neural")


def _claims_of(article: dict[str, Any], group: str, outcome: Outcome | None, path: str) -> Iterator[Item]:
    """The claims the extractor found in an article, the problem of its failure, or why it did not read the article."""
    if outcome is None:
        if "text" in article:
            yield _too_long(article, path)  # the only article with a text the extractor is not given
        else:
            yield problem("import.skipped", f"article {article.get('id')} has no text (a text-less release): nothing to extract", file=path)
        return
    found, error = outcome
    if error is not None:
        yield failed(article, error, path)
    for claim in found:
        yield group, claim


def import_corpus(session: Session, corpus: str, path: Path, out: Path) -> Summary:
    """The records of a public corpus folder, resolved against the registries, into `out`."""
    from toolkit.importers import Context, importers

    registries = session.registries(out)
    summary = Summary()
    if not path.is_dir():
        summary.problems.append(problem("import.layout", "not a folder", file=str(path)))
        return summary
    items = _counted(importers()[corpus](path, Context(registries.outlets)), session.progress, "importing")
    return write_items(items, out, summary, registries, session.waiting)


def _counted(items: Iterable[Item], progress: Progress, stage: str) -> Iterator[Item]:
    """The items, with how many have gone by reported at the first and every hundredth."""
    progress(stage, 0, 0)
    for n, item in enumerate(items, 1):
        if n % 100 == 0:
            progress(stage, n, 0)
        yield item


def extract(session: Session, sources: list[Path], out: Path, run: Extractor, jobs: int | None = 1) -> Summary:
    """The claims of every article under the sources, into `out` with the articles, outlets and actors they point to."""
    registries = session.registries(*sources, out)
    items = _counted(_extracted(sources, run, registries.actors, jobs or os.cpu_count() or 1), session.progress, "extracting")
    summary = write_items(items, out, Summary(), registries, session.waiting)
    resolve_actors(session, out, summary)
    return summary


def resolve_actors(session: Session, folder: Path, summary: Summary | None = None) -> Any:
    """The dataset pass over a folder (toolkit.actors.dataset): the actors its extraction made, linked by `same_as` to one
    per entity across its articles, with their descriptions, rewritten in its actors.jsonl (a curator's records untouched).
    Surnames left apart for a curator go into the summary's problems (`actors.ambiguous`)."""
    from toolkit.actors.dataset import resolve_dataset

    session.progress("resolving actors across the articles", 0, 0)
    with locked(folder_lock(folder), f"{folder}/", session.waiting):
        actors, claims = _speakers(folder)
        registries = session.registries(folder)
        known = {**registries.actors, **actors}
        result, report = resolve_dataset(known, claims, decide=_decisions(), typed=_typed())
        _rewrite_actors(folder, {rid: r for rid, r in result.items() if rid in actors}, _needed(result, actors, registries))
    if summary is not None and report.ambiguous:
        summary.problems.append(problem("actors.ambiguous", _ambiguous(report.ambiguous), file=str(folder / "actors.jsonl")))
    return report


# A record line as the store writes it names its type first: other types are passed over without being parsed.
_OTHERS = (b'{"type":"article"', b'{"type":"outlet"', b'{"type":"event"', b'{"type":"alignment"', b'{"type":"comparison"')


def _speakers(folder: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The actor records of a folder, and the speaker and outlet of each of its claims."""
    import orjson

    from toolkit.records import record_files

    actors: dict[str, dict[str, Any]] = {}
    claims: list[dict[str, Any]] = []
    for path in record_files([folder]):
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(_OTHERS):
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue  # the validator reports a line that is not JSON
                if not isinstance(record, dict):
                    continue
                kind = record.get("type")
                if kind == "actor" and isinstance(record.get("id"), str):
                    actors.setdefault(record["id"], record)
                elif kind == "claim" and isinstance(record.get("speaker"), dict):  # only what the pass reads: a million claims fit
                    speaker = record["speaker"]
                    claims.append({"speaker": {"actor_id": speaker.get("actor_id"), "role": speaker.get("role")}, "outlet_id": record.get("outlet_id")})
    return actors, claims


def _ambiguous(ambiguous: dict[str, list[str]], shown: int = 3) -> str:
    """One line for the surnames the pass left apart: the first few with the people each may be, and how many more."""
    items = sorted(ambiguous.items())
    said = "; ".join(f"{rid} may be {', '.join(found[:4])}{' or others' if len(found) > 4 else ''}" for rid, found in items[:shown])
    more = f" and {len(items) - shown:,} more (all: parallax actors resolve --format json)" if len(items) > shown else ""
    return f"{len(items):,} actors named by a surname alone may be any of several people: {said}{more}; merge them with `parallax actors merge`"


def _decisions() -> Any:
    """How a curator's records are laid over the program's (toolkit.actors.curation.apply_decisions)."""
    from toolkit.actors.curation import apply_decisions

    return apply_decisions


def _typed() -> Any:
    """The source type a list of descriptions implies (toolkit.actors.sources)."""
    from toolkit.actors.sources import implied_source_type

    return implied_source_type


def _needed(result: dict[str, dict[str, Any]], held: dict[str, dict[str, Any]], registries: Registries) -> list[dict[str, Any]]:
    """The registry actors the folder's actors now link to (`same_as`) that the folder does not hold."""
    targets = {str(r["same_as"]) for r in result.values() if r.get("same_as")} - set(held)
    return [registries.actors[t] for t in sorted(targets) if t in registries.actors]


def _rewrite_actors(folder: Path, updated: dict[str, dict[str, Any]], added: list[dict[str, Any]]) -> None:
    """Replace the program-made actor lines of a folder's actors.jsonl by their updated records, and add `added`; a line
    that does not change keeps its bytes, and the file is replaced atomically (or left alone when nothing changed)."""
    import orjson

    from toolkit.records import dumps, write_lines

    path = folder / "actors.jsonl"
    if not path.is_file():
        return
    lines, changed = [], False
    for line in path.read_bytes().splitlines(keepends=True):
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            lines.append(line)
            continue
        rid = record.get("id") if isinstance(record, dict) else None
        new = updated.get(rid) if isinstance(rid, str) and (record.get("provenance") or {}).get("method") == "rules" else None
        if new is not None and dumps(new) != dumps(record):
            lines.append(dumps(new))
            changed = True
        else:
            lines.append(line if line.endswith(b"\n") else line + b"\n")
    have = {orjson.loads(line).get("id") for line in lines if line.strip().startswith(b"{")}
    extra = [dumps(a) for a in added if a["id"] not in have]
    if changed or extra:
        write_lines(path, lines + extra)


def _texted(entry: tuple[Path, dict[str, Any]]) -> dict[str, Any] | None:
    record = entry[1]
    return record if record.get("type") == "article" and "text" in record and not too_long(record) else None


def _extracted(sources: list[Path], run: Extractor, actors: dict[str, dict[str, Any]], jobs: int) -> Iterator[Item]:
    for (path, record), outcome in with_outcomes(read_records(sources), _texted, run, actors, jobs):
        kind = record.get("type")
        if kind in ("outlet", "actor"):
            yield "registry", record
        elif kind == "article":
            yield path.stem, record
            yield from _claims_of(record, path.stem, outcome, str(path))


def align(session: Session, data: Path, out: Path | None = None, params: Any = None, grouping: Any = None) -> Any:
    """Validate a data folder, group its articles into events and compare the outlets of each, and write what was made
    into the folder (or into `out`, which then also receives the records of the data, so that it validates alone)."""
    from toolkit.align.meaning import model

    model()  # a model that cannot be read stops the run before any record is read (ModelUnavailable)
    target = out or data
    with locked(folder_lock(target), f"{target}/", session.waiting):
        return _align(session, data, out, params, grouping)


def _align(session: Session, data: Path, out: Path | None, params: Any, grouping: Any = None) -> Any:
    """`align`, with the lock of the folder written held."""
    from toolkit.align.run import AlignRefused, write
    from toolkit.validate import validate

    session.progress("validating", 0, 0)
    report = validate([str(data)])
    if report.io_failed or any(p.severity == "error" and not _own_file(p.file, data) for p in report.problems):
        raise AlignRefused(report)  # errors only in its own files (a stale or partial earlier run) are repaired by remaking them
    made, registries = _aligned(session, data, out, params, grouping)
    target = out or data
    copied = _copy(session, data, target, registries) if target.resolve() != data.resolve() else Summary()
    added = _registry_records(target, made, registries)  # first, so that no step leaves a reference dangling
    summary = write(made, target)
    summary.problems += copied.problems + added.problems
    summary.registry_added = dict(copied.registry_added + added.registry_added)
    return summary


def _aligned(session: Session, data: Path, out: Path | None, params: Any, grouping: Any = None) -> tuple[Any, Registries]:
    """What aligning a data folder makes, its actors resolved against the session's registries; and those registries."""
    from toolkit.align.run import NothingToAlign, load
    from toolkit.align.run import align as run

    session.progress("reading records", 0, 0)
    found = load([data])
    if not found.articles:
        raise NothingToAlign(f"no article records under {data}/ (articles are records of type 'article' in its .jsonl or .ndjson files)")
    registries = session.registries(data, out)
    found.actors = {**registries.actors, **found.actors}  # the folder's own actors first, then the project's and the packaged
    found.actors = _passed(session, found.actors, [c for claims in found.claims.values() for c in claims])
    return run(found, params, session.progress, grouping), registries


def _passed(session: Session, actors: dict[str, dict[str, Any]], claims: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The actors after the dataset pass over the claims (toolkit.actors.dataset), in memory."""
    from toolkit.actors.dataset import resolve_dataset

    session.progress("resolving actors across the articles", 0, 0)
    return resolve_dataset(actors, claims, decide=_decisions(), typed=_typed())[0]


def _registry_records(target: Path, made: Any, registries: Registries, held: Path | None = None) -> Summary:
    """Write into `target` the outlets and actors what alignment made names that neither it nor `held` holds."""
    named = {ref for records in (made.events, made.alignments, made.comparisons) for record in records for ref in registry_references(record)}
    if held is not None:
        named = {(kind, rid) for kind, rid in named if rid not in present_ids(held, kind)}
    added, store = Summary(), Store(target)
    complete(store, named, registries, added)
    store.write()
    return added


def _own_file(file: str | None, data: Path) -> bool:
    """Whether a file named in a problem is one of the files `parallax align` writes under a data folder."""
    from toolkit.align.run import own_files

    return file is not None and any(Path(file).resolve() == path.resolve() for path in own_files(data))


def _copy(session: Session, data: Path, out: Path, registries: Registries) -> Summary:
    """The records of a data folder, but for what `parallax align` made there, written into another folder."""
    from toolkit.align.run import own_files

    own = {path.resolve() for path in own_files(data)}
    session.progress("copying the data's records", 0, 0)
    return write_items(((_group(p, r), r) for p, r in read_records([data]) if p.resolve() not in own), out, Summary(), registries)


def _group(path: Path, record: dict[str, Any]) -> str:
    """The group a record read from a file is written under: its file's name, or the registry for outlets and actors."""
    return "registry" if record.get("type") in ("outlet", "actor") else path.stem


@contextmanager
def aligned_for_release(session: Session, data: Path, missing: int) -> Iterator[Any]:
    """The data folder's files with a temporary folder of what `parallax align` makes of it, for a release only.

    The data folder is never written to. Its own `parallax-align.jsonl` files (an earlier, now stale, run) are left
    out of the sources, and the records others put in them are carried over into the temporary folder, with the
    outlets and actors the new records name that the data folder does not hold.
    """
    from toolkit.align.run import own_files, write
    from toolkit.records import record_files
    from toolkit.release.aligned import Alignment

    own = set(own_files(data))
    with tempfile.TemporaryDirectory(prefix=".parallax-align-") as temporary:
        out = Path(temporary)
        for path in own:
            if path.is_file():
                (out / path.parent.name).mkdir(exist_ok=True)
                shutil.copyfile(path, out / path.parent.name / path.name)
        made, registries = _aligned(session, data, None, None)
        added = _registry_records(out, made, registries, held=data)
        summary = write(made, out)
        summary.problems += added.problems
        yield Alignment([p for p in record_files([data]) if p not in own] + [out], summary, missing)


def build(
    session: Session,
    data: Path,
    out: Path,
    version: str,
    no_text: bool = False,
    info: dict[str, Any] | None = None,
    date: str = "1970-01-01",
    align: bool = True,
) -> Any:
    """A release of a data folder (toolkit.release.build), aligned first for the release when some article is in no
    event and `align`."""
    from toolkit.release.build import build_release

    session.progress("building the release", 0, 0)
    aligner = functools.partial(aligned_for_release, session) if align else None
    return build_release(data, out, version, no_text, info, date, aligner, session.waiting)
