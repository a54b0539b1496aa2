"""Event grouping of a run, partitioned by time window (toolkit.align.windows): a plan of the windows, one task per
share of the windows, and a merge that makes the events, the alignments and the comparisons.

The plan reads the gathered data folder once and writes, for each window, the ids of the articles it reads. Each
window task reads only those articles (finding them by the id at the head of each line, parsing no other) and writes
its groups; the merge joins the groups of events that cross a window boundary and runs `parallax align` on the data
folder with those groups, so that events, alignments and comparisons are what `align` writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from toolkit.records import record_files
from toolkit.scale.run import Run
from toolkit.scale.shards import read_json, write_json

WINDOWS = "windows"


def _articles(out: Path, wanted: set[str] | None = None) -> list[dict[str, Any]]:
    """The article records of a data folder (those of `wanted` ids only, when given), in file order."""
    found = []
    for path in record_files([out]):
        with open(path, "rb") as handle:
            for line in handle:
                if not line.startswith(b'{"type":"article"'):
                    continue
                if wanted is not None:
                    at = line.find(b'"id":"')
                    if line[at + 6 : line.find(b'"', at + 6)].decode() not in wanted:
                        continue
                found.append(orjson.loads(line))
    return found


def plan_windows(run: Run) -> int:
    """Write the windows of the run's data folder (the ids each reads) into WORK/windows/plan.json; how many there are."""
    from toolkit.align.events import Params
    from toolkit.align.windows import CROWD, DAYS, MARGIN, plan

    settings = run.events or {}
    days, margin, crowd = int(settings.get("days", DAYS)), int(settings.get("margin", MARGIN)), int(settings.get("crowd", CROWD))
    cut = plan(_articles(run.out_path), Params(), days, margin, crowd=crowd)
    folder = run.work_path / WINDOWS
    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / "plan.json", [{"start": w.start, "end": w.end, "margin": w.margin, "ids": ids} for w, ids in cut.items()])
    return len(cut)


def group_windows(run: Run, rank: int, world_size: int) -> int:
    """Group the windows of this task (every `world_size`-th from `rank`), each into WORK/windows/NNNNN.json; how many."""
    from toolkit.align.events import Params
    from toolkit.align.windows import Window, group_window

    folder = run.work_path / WINDOWS
    cut = read_json(folder / "plan.json")
    mine = list(range(rank, len(cut), world_size))
    wanted = {i for n in mine for i in cut[n]["ids"]}
    by_id = {str(a["id"]): a for a in _articles(run.out_path, wanted)}
    for n in mine:
        window = Window(cut[n]["start"], cut[n]["end"], cut[n]["margin"])
        groups = group_window([by_id[i] for i in cut[n]["ids"] if i in by_id], window, Params())
        write_json(folder / f"{n:05d}.json", [[list(g.owned), list(g.margin)] for g in groups])
    return len(mine)


def merged(run: Run) -> list[list[str]]:
    """The events of every window, merged across boundaries (toolkit.align.windows.merge)."""
    from toolkit.align.windows import Group, Window, merge

    folder = run.work_path / WINDOWS
    cut = read_json(folder / "plan.json")
    found = {}
    for n, window in enumerate(cut):
        groups = read_json(folder / f"{n:05d}.json")
        found[Window(window["start"], window["end"], window["margin"])] = [Group(tuple(owned), tuple(margin)) for owned, margin in groups]
    return merge(found)


def align_merged(run: Run) -> Any:
    """`parallax align` on the run's data folder, its new events the merged windows' (only the articles it has not yet put
    in an event, as `align` groups only those)."""
    from toolkit.flows import align

    events = merged(run)

    def grouping(free: list[dict[str, Any]]) -> list[list[str]]:
        ids = {str(article["id"]) for article in free}
        kept = [[i for i in event if i in ids] for event in events]
        return [event for event in kept if event]

    return align(run.session(), run.out_path, None, None, grouping)
