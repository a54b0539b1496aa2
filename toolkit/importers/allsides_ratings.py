"""AllSides media bias ratings, as the AllSideR snapshot of 2019-10-18 gives them: one allsides_bias rating per rated news source.

Only sources of type 'News Media' are outlets; authors and think tanks are counted and reported once. AllSides'
placeholder entries (a test entry, the 'Left/Center/Right - Major Media Sources' aggregates) are not outlets either.
A source rates the registry outlet its name or alias points to ('CNN (Web News)' and 'CNN - Editorial' both rate
CNN, each rating with its own AllSides page), else a new outlet of that name. The corpus gives no outlet domains.

Values, mapped from AllSideR's labels: left -> Left, left-center -> Lean Left, center -> Center,
right-center -> Lean Right, right -> Right, allsides -> Mixed (AllSides' label for sources that carry several
leanings). Each rating is dated 2019-10-18, the snapshot's stated update: AllSideR does not date single ratings.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.rated_outlets import RatedOutlets
from toolkit.importers.reading import open_text, unreadable
from toolkit.problems import Problem, problem

CORPUS = Corpus(
    name="allsides-ratings",
    version="48ccaf4481a7c5af5664ea3467d314a7d67d516d",
    license="GPL-3.0 (the AllSideR package)",
    url="https://github.com/favstats/AllSideR",
    redistributable=False,
    rights_note="the ratings are AllSides.com's; AllSides' terms of use were not verified: research use only",
)
GROUP = "allsides-ratings"
FILE = "data/allsides_data.csv"
RATER = "AllSides"
RATED_AT = "2019-10-18"
LICENSE = "AllSides Media Bias Ratings under AllSides.com's terms of use (not verified); the AllSideR package that collects them is GPL-3.0"
FIELDS = ("news_source", "rating", "type", "url", "confidence_level")
NEWS = "News Media"
VALUES = {"left": "Left", "left-center": "Lean Left", "center": "Center", "right-center": "Lean Right", "right": "Right", "allsides": "Mixed"}
PLACEHOLDERS = frozenset({"Test Source", "Left - Major Media Sources", "Center - Major Media Sources", "Right - Major Media Sources"})
_URL = re.compile(r"https?://\S+")


@register("allsides-ratings")
def import_allsides_ratings(path: Path, ctx: Context) -> Iterator[Item]:
    """News outlets with their AllSides rating, from data/allsides_data.csv."""
    file = path / FILE
    if not file.exists():  # not is_file(): a device or FIFO in its place is refused by the reader, not taken for absent
        yield problem("import.layout", f"no {FILE}: not an AllSideR folder", file=str(path))
        return
    outlets, left_out = RatedOutlets(ctx.registry), Counter[str]()
    for line, row in read_rows(file):
        if isinstance(row, Problem):
            yield row
            continue
        kind = _cell(row, "type") or "no type"
        name = " ".join(_cell(row, "news_source").split())
        if kind != NEWS or name in PLACEHOLDERS:
            left_out["AllSides placeholder" if kind == NEWS else kind] += 1
            continue
        rated = rating(row)
        if isinstance(rated, str):
            yield problem("import.skipped", f"{name!r} skipped: {rated}", file=str(file), line=line)
            continue
        outlets.rate(ctx.registry.find(name=name), {"type": "outlet", "name": name, "provenance": CORPUS.provenance()}, [rated])
    yield from outlets.items(GROUP)
    if left_out:
        counts = ", ".join(f"{kind} {count}" for kind, count in sorted(left_out.items(), key=lambda item: (-item[1], item[0])))
        yield problem("import.skipped", f"{left_out.total()} rated sources are not news outlets and were not imported: {counts}", file=str(file))


def read_rows(file: Path) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """Each row of the CSV with the line it ends on, or a problem when the file cannot be read."""
    try:
        with open_text(file) as handle:
            reader = csv.DictReader(handle, restval="")
            missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
            if missing:
                yield 1, problem("import.unreadable", f"no column {', '.join(missing)}: not AllSideR's allsides_data.csv", file=str(file), line=1)
                return
            for row in reader:
                yield reader.line_num, row
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield 0, unreadable(error, file)


def rating(row: dict[str, Any]) -> dict[str, Any] | str:
    """A row's AllSides rating, or why it has none."""
    name, label = _cell(row, "news_source"), _cell(row, "rating").lower()
    if not name:
        return "no source name"
    if label not in VALUES:
        return f"rating {label!r} is not one of {', '.join(VALUES)}"
    note = f"AllSides entry {' '.join(name.split())!r} rated {label!r}"
    confidence = _cell(row, "confidence_level")
    if confidence and confidence != "NA":
        note += f", confidence level {confidence!r}"
    found: dict[str, Any] = {"rater": RATER, "scale": "allsides_bias", "value": VALUES[label], "rated_at": RATED_AT, "license": LICENSE}
    if _URL.fullmatch(_cell(row, "url")):
        found["source_url"] = _cell(row, "url")
    return found | {"provenance": CORPUS.provenance(f"{note}; dated by the snapshot's update, AllSideR does not date single ratings")}


def _cell(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""
