"""Build the report: a static site of every event, outlet and actor of a release, that opens from file:// or any host.

The site is written into a staging folder beside `out` and moved into place when complete (as a release is), so a
stopped build leaves the previous report. Building twice from the same records gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from toolkit.release.atomic import staged
from toolkit.report import event, overview
from toolkit.report.data import ReportData, read
from toolkit.report.names import file_name
from toolkit.tables import open_records

#: Progress of a build: (stage, done, total).
Progress = Callable[[str, int, int], None]
ASSETS = ("report.css", "report.js")


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
    with staged(built.out) as folder:
        (folder / "assets").mkdir()
        for name in ASSETS:
            (folder / "assets" / name).write_bytes(files("toolkit.report").joinpath("assets", name).read_bytes())
        (folder / "assets" / "events.js").write_text(overview.events_script(data), encoding="utf-8")
        _write(folder, built, "index", overview.index_pages(data))
        (folder / "events").mkdir()
        for number, found in enumerate(data.events, 1):
            if number % 200 == 0 or number == len(data.events):
                tell("writing event pages", number, len(data.events))
            _write(folder, built, "event", {"events/" + file_name(found["event_id"]): event.render(found, data)})
        tell("writing outlet and actor pages", 0, 0)
        (folder / "outlets").mkdir()
        (folder / "actors").mkdir()
        _write(folder, built, "outlet", overview.outlet_pages(data))
        _write(folder, built, "actor", overview.actor_pages(data))
    return built


def unresolved(data: ReportData) -> list[str]:
    """What the report cannot show of these records, each with how to fix it."""
    found = []
    if not data.has_text:
        found.append("the records hold no article text: event pages list each claim's offsets and quotes (parallax hydrate restores texts)")
    in_events = sum(len(a) for a in data.articles.values())
    if data.article_count > in_events:
        found.append(f"{data.article_count - in_events} of {data.article_count} articles are in no event and are not shown: run parallax align on the data")
    unknown = sum(1 for found in data.articles.values() for a in found if a.get("outlet_id") is None)
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
