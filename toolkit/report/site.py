"""Build the report: a static site of every event, outlet and actor of a release, that opens from file:// or any host.

The site is written into a staging folder beside `out` and moved into place when complete (as a release is), so a
stopped build leaves the previous report. Building twice from the same records gives the same bytes.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import orjson
import polars as pl

from toolkit.errors import ParallaxError
from toolkit.release.atomic import staged
from toolkit.report import event, overview
from toolkit.report.data import EventRecords, ReportData, Row, read
from toolkit.report.names import file_name
from toolkit.tables import open_records

#: Progress of a build: (stage, done, total).
Progress = Callable[[str, int, int], None]
ASSETS = ("report.css", "report.js")
#: Events whose records are read from the frames at once: enough to read in few steps, few enough to hold little.
CHUNK = 2_000
#: The fewest pages worth a second process.
FORKED_AT_LEAST = 25


class ReportError(ParallaxError):
    """The report could not be written."""


@dataclass
class Built:
    """What a report build wrote."""

    out: Path
    pages: dict[str, int] = field(default_factory=dict)  # page type -> how many
    largest: tuple[str, int] = ("", 0)  # the heaviest page and its size in bytes
    has_text: bool = False
    unresolved: list[str] = field(default_factory=list)  # what the records could not show, and how to fix it


def build_report(release: Path | str, out: Path | str, progress: Progress | None = None) -> Built:
    """Read a release (or a data folder) and write its report into `out`."""
    tell = progress or (lambda stage, done, total: None)
    tell("reading the records", 0, 0)
    data = read(open_records(release))
    built = Built(Path(out).absolute(), has_text=data.has_text, unresolved=unresolved(data))
    with staged(built.out, many_files=True) as folder:
        (folder / "assets").mkdir()
        for name in ASSETS:
            (folder / "assets" / name).write_bytes(files("toolkit.report").joinpath("assets", name).read_bytes())
        (folder / "assets" / "events.js").write_text(overview.events_script(data), encoding="utf-8")
        _write(folder, built, "index", overview.index_pages(data))
        (folder / "events").mkdir()
        ordered = sorted(data.events, key=lambda e: e["event_id"])
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            found = data.event_records([e["event_id"] for e in chunk])

            def render(part: list[Row], found: dict[str, EventRecords] = found) -> dict[str, str]:
                return {"events/" + file_name(e["event_id"]): event.render(e, found[e["event_id"]], data) for e in part}

            _write_in_two(folder, built, "event", overview.Batch(chunk, render))
            tell("writing event pages", start + len(chunk), len(ordered))
        tell("writing outlet and actor pages", 0, 0)
        (folder / "outlets").mkdir()
        (folder / "actors").mkdir()
        _write(folder, built, "outlet", overview.outlet_pages(data))
        for batch in overview.actor_pages(data):
            _write_in_two(folder, built, "actor", batch)
    return built


def _write_in_two(folder: Path, built: Built, kind: str, batch: overview.Batch) -> None:
    """Render and write a batch of pages, half of it in a forked process where the system forks safely (Linux).

    The records were read from the frames before: the child only renders and writes, and never calls polars, whose
    threads a forked process does not have. It sends back what it wrote; a child that fails fails the build.
    """
    half = len(batch.items) // 2
    if sys.platform != "linux" or half < FORKED_AT_LEAST:
        _write(folder, built, kind, batch.render(batch.items))
        return
    reading, writing = os.pipe()
    gc.freeze()  # the collector of either process then leaves what they share alone: no page of it is copied for them
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked process, measured by its pages
        status = 1
        try:
            os.close(reading)
            mine = Built(built.out)
            _write(folder, mine, kind, batch.render(batch.items[:half]))
            os.write(writing, orjson.dumps([mine.pages, mine.largest]))
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    try:
        _write(folder, built, kind, batch.render(batch.items[half:]))
    finally:
        with os.fdopen(reading, "rb") as pipe:
            sent = pipe.read()
        _, status = os.waitpid(child, 0)
        gc.unfreeze()
    if status != 0 or not sent:
        raise ReportError(f"writing {kind} pages failed in the second process (status {status})")
    pages, largest = orjson.loads(sent)
    for name, count in pages.items():
        built.pages[name] = built.pages.get(name, 0) + count
    if largest[1] > built.largest[1]:
        built.largest = (str(largest[0]), int(largest[1]))


def unresolved(data: ReportData) -> list[str]:
    """What the report cannot show of these records, each with how to fix it."""
    found = []
    if not data.has_text:
        found.append(
            "the records hold no article text: event pages list each claim's offsets and quotes "
            "(report the data folder the release was built from, or restore the texts with parallax hydrate)"
        )
    assert data.articles is not None
    placed = data.articles.frame
    in_events = placed.get_column("article_id").n_unique()
    if data.article_count > in_events:
        found.append(f"{data.article_count - in_events} of {data.article_count} articles are in no event and are not shown: run parallax align on the data")
    unknown = placed.filter(pl.col("outlet_id").is_null()).get_column("article_id").n_unique()
    if unknown:
        found.append(f"{unknown} articles have no known outlet: they are shown as 'outlet unknown' (name their outlets and convert them again)")
    shown = {o for e in data.events for o in e.get("outlet_ids") or []}
    unrated = sorted(o for o in shown if not (data.outlets.get(o) or {}).get("leanings"))
    if unrated:
        found.append(
            f"{len(unrated)} of {len(shown)} outlets have no left-right rating, so leanings and blindspots leave them out: "
            "add ratings to their outlet records (for example parallax import allsides-ratings)"
        )
    return found


def _write(folder: Path, built: Built, kind: str, pages: dict[str, str]) -> None:
    for name, html in pages.items():
        content = html.encode("utf-8")
        (folder / name).write_bytes(content)
        kind_of = kind if "/" in name or kind in {"index", "event"} else f"{kind} list"
        built.pages[kind_of] = built.pages.get(kind_of, 0) + 1
        if len(content) > built.largest[1]:
            built.largest = (name, len(content))
