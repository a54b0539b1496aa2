"""Build a publishable release from a data folder: only from data that validates, texts released only where their rights allow."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from toolkit.lock import Waiting
from toolkit.problems import Report
from toolkit.project import DEFAULT_INFO
from toolkit.release.aligned import Aligner, Coverage
from toolkit.release.atomic import BuildError, staged
from toolkit.release.card import CardStats
from toolkit.release.croissant import write_croissant
from toolkit.release.manifest import CHANGELOG, Index, changes, read_index, record_digest, render_changelog, write_index, write_manifest
from toolkit.release.parquet import CONFIGS, Located, locate, seal_all
from toolkit.release.rowgroups import write_located
from toolkit.tables import open_records


class ReleaseRefused(BuildError):
    """The data does not validate, so no release is built from it."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"the data has {report.errors} errors; fix them first")
        self.report = report


@dataclass
class Release:
    """What a build made: rows per config, texts left out, and the changes since the previous release."""

    folder: Path
    counts: dict[str, int]
    texts_dropped: int = 0
    changes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    aligned: int = 0  # articles that were in no event, aligned for this release (not in the data folder)


def without_text(records: dict[str, list[dict[str, Any]]], everything: bool) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The records with the text left out of every article that may not be redistributed (of every article, with `everything`).

    Hashes, lengths, paragraph offsets and URLs stay, so a user's own copy can restore and verify the text.
    """
    dropped, articles = 0, []
    for article in records.get("articles", []):
        article, left_out = article_without_text(article, everything)
        dropped += left_out
        articles.append(article)
    return ({**records, "articles": articles} if "articles" in records else records), dropped


def article_without_text(article: dict[str, Any], everything: bool) -> tuple[dict[str, Any], bool]:
    """The article, without its text when it may not be redistributed (always, with `everything`); whether it was left out."""
    if "text" in article and (everything or not article["rights"]["redistributable"]):
        return {k: v for k, v in article.items() if k != "text"}, True
    return article, False


CROISSANT_KEYS = ("name", "description", "license", "cite_as", "url", "version", "data_biases", "data_limitations", "personal_sensitive_information")


_PR_SET_PDEATHSIG = 1
BACKGROUND_BYTES = 32 << 20  # data of at least this size is validated while the release is built, below it before


def build_release(
    data: Path,
    out: Path,
    version: str,
    no_text: bool = False,
    info: dict[str, Any] | None = None,
    date: str = "1970-01-01",
    aligner: Aligner | None = None,
    waiting: Waiting | None = None,
) -> Release:
    """Validate the data and build its release beside `out`, which it replaces in one step only if the data validates.

    Large data is validated in a child process while the release is built (both use every core), small data first.
    With an `aligner`, data whose articles are not all in events is aligned by it first, for the release only.
    The same data, version, information and date give the same bytes. A second build into `out` waits for the first
    (`waiting` is told; toolkit.release.atomic.staged).
    """
    with Validation(data, background=folder_bytes(data) >= BACKGROUND_BYTES) as validation, paused_collector():
        try:
            if not validation.background:
                validation.passed()
            with read_once(data, no_text, aligner) as (located, seen):
                release = _build(located, seen, out, version, no_text, info or DEFAULT_INFO, date, validation, waiting)
            release.aligned = seen.unaligned
            return release
        except ReleaseRefused:
            raise
        except Exception:  # a build of data that does not validate may fail anywhere: the validation report says why
            validation.passed()
            raise


class Seen:
    """What one pass over the records gathers for a release: the record index, the card statistics, and the articles in no event."""

    def __init__(self, no_text: bool) -> None:
        self.no_text = no_text
        self.stats = CardStats()
        self.digests: Index = {config: {} for config in CONFIGS.values()}
        self.coverage = Coverage()
        self.unaligned = 0  # articles that were in no event, aligned for the release

    def release(self, config: str, record: dict[str, Any]) -> dict[str, Any]:
        """The record as the release holds it (an article without the text it may not redistribute)."""
        return article_without_text(record, self.no_text)[0] if config == "articles" else record

    def observe(self, config: str, record: dict[str, Any]) -> None:
        """Note one record, as released."""
        self.digests[config][record["id"]] = record_digest(record)
        self.stats.add(config, record)
        self.coverage.add(config, record)


@contextlib.contextmanager
def read_once(data: Path, no_text: bool, aligner: Aligner | None) -> Iterator[tuple[Located, Seen]]:
    """The data's records located in one pass that also gathers what the release says of them (`Seen`).

    When some article is in no event (and there is an `aligner`), the data is aligned for the release, and the data
    and what alignment made are located again in a second pass.
    """
    seen = Seen(no_text)
    located = locate([data], seen.release, seen.observe)
    if not located.places:
        raise BuildError(f"no records under {data}")
    missing = seen.coverage.unaligned if aligner else 0
    if not missing:
        yield located, seen
        return
    assert aligner is not None
    with aligner(data, missing) as alignment:
        seen = Seen(no_text)
        located = locate(alignment.sources, seen.release, seen.observe)
        seen.unaligned = alignment.unaligned
        yield located, seen


def _build(
    located: Located, seen: Seen, out: Path, version: str, no_text: bool, info: dict[str, Any], date: str, validation: Validation, waiting: Waiting | None
) -> Release:
    """Write the release of the located records, and swap it in if the data validates."""
    index: Index = {config: found for config, found in seen.digests.items() if found}
    known = info | {"version": version, "no_text": no_text}
    with staged(out, waiting) as staging:
        previous = read_index(out)  # under the lock of `out`: the release this one replaces
        counts = write_located(located, staging, seen.release)
        shards = seal_all(staging, counts)
        found = changes(previous, index)
        compared = open_records(staging)  # the Parquet just written, read by the functions of `parallax tables`
        (staging / "README.md").write_text(seen.stats.render(counts, known, shards, compared=compared), encoding="utf-8")
        write_croissant(staging, counts, {k: known[k] for k in CROISSANT_KEYS if known.get(k)} | {"date_published": date})
        write_index(staging, index)
        (staging / CHANGELOG).write_text(render_changelog(version, found, previous is None), encoding="utf-8")
        write_manifest(staging)
        validation.passed()
    return Release(out, counts, len(located.replaced.get("articles", ())), found)


def folder_bytes(data: Path) -> int:
    """The size of the files under a folder (0 for anything else)."""
    return sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) if data.is_dir() else 0


class Validation:
    """`toolkit.validate.validate` of a data folder: at once, or in a child process (`background`) while the release is built."""

    def __init__(self, data: Path, background: bool) -> None:
        self.background = background
        self._report: Report | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if not background:
            from toolkit.validate import validate

            self._report = validate([str(data)])
            return
        context = multiprocessing.get_context("fork")  # before any thread of the build starts
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_validate_into, args=(data, sender, os.getpid()))
        self._process.start()
        sender.close()

    def __enter__(self) -> Validation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def report(self) -> Report:
        """The report of the validation, once it has ended."""
        if self._report is None:
            assert self._process is not None
            try:
                outcome = self._results.recv()
            except EOFError:
                raise BuildError(f"validation ended without a report (exit status {self._process.exitcode})") from None
            finally:
                self._process.join()
            if isinstance(outcome, str):
                raise BuildError(f"validation failed: {outcome}")
            self._report = outcome
        return self._report

    def passed(self) -> None:
        """Return when the data validates; raise ReleaseRefused when it has errors."""
        report = self.report()
        if report.errors or report.io_failed:
            raise ReleaseRefused(report)

    def close(self) -> None:
        """End the child if it still runs (the build was stopped) and release its pipe."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()


def _validate_into(data: Path, results: Connection, parent: int) -> None:
    """The child's work: validate, and send the report (or why validation failed) to the parent."""
    from toolkit.validate import validate

    _end_with(parent)
    try:
        outcome: Report | str = validate([str(data)])
    except Exception as error:  # the parent raises it as a BuildError
        outcome = f"{type(error).__name__}: {error}"
    with contextlib.suppress(OSError):  # the parent has gone: nobody waits for the report
        results.send(outcome)
        results.close()


def _end_with(parent: int) -> None:
    """Have the system end this process when the build that started it ends, killed or not (Linux; elsewhere it runs on)."""
    name = ctypes.util.find_library("c")
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """No cyclic garbage collection during a build: it holds a million small objects, none in a cycle, that each full collection would scan."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
