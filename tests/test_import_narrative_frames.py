"""The Narrative Frames importer: articles and rated outlets import clean, the two broken rows are reported, frames and roles are noted as left out."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import import_clean, snapshot
from paths import CORPORA, needs

from toolkit.importers import Summary, run_import
from toolkit.importers.narrative_frames import COLUMNS, headline_end
from toolkit.registry import OutletRegistry

FRAMES = CORPORA / "narrative-frames"
# ABOUT.md: 428 articles, 63 outlet strings, 1,944 role rows, dates 2017-04-02 ... 2019-12-24; article 405 is a
# truncated row, article 716 has EC "False)". Two rows repeat another article of the same outlet (292/305, 333/388).
ROWS, ROLES, FIRST, LAST = 428, 1944, "2017-04-02", "2019-12-24"
REPEATS = 2
MBFC = Counter({"left": 132, "right": 114, "center-left": 108, "questionable_source": 74})

needs_corpus = needs(FRAMES / "data" / "articles_metadata.tsv")


def records(folder: Path, kind: str) -> list[dict[str, Any]]:
    """Every record of one kind under an output folder."""
    file = folder / "outlets.jsonl" if kind == "outlet" else folder / f"{kind}s" / "narrative-frames.jsonl"
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()] if file.exists() else []


def imported(source: Path, out: Path) -> Summary:
    """Import a Narrative Frames folder and check that the output validates clean."""
    return import_clean("narrative-frames", source, out)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The staged corpus, imported once."""
    out = tmp_path_factory.mktemp("frames")
    return out, imported(FRAMES, out)


@needs_corpus
def test_the_two_broken_rows_are_reported_with_their_line(full: tuple[Path, Summary]) -> None:
    _, summary = full
    rows = [(p.code, p.line, p.message.split(":")[0]) for p in summary.problems if p.line]
    assert rows == [("import.unreadable", 213, "article 405"), ("import.skipped", 356, "article 716")]


@needs_corpus
def test_counts_match_about(full: tuple[Path, Summary]) -> None:
    out, summary = full
    articles, outlets = records(out, "article"), {o["id"]: o for o in records(out, "outlet")}
    assert len(articles) == ROWS - 1 - REPEATS
    assert sum("same outlet and body text" in p.message for p in summary.problems) == REPEATS
    assert (min(a["published"] for a in articles), max(a["published"] for a in articles)) == (FIRST, LAST)
    spellings = {alias for o in outlets.values() for alias in [o["name"], *o.get("aliases", [])]}
    assert len(spellings & _sources()) == 63
    label = {o["id"]: o["ratings"][0]["value"] for o in outlets.values()}
    # Add back article 405 (left_bias) and the two repeats (an RT and a Drudge Report article).
    assert Counter(label[a["outlet_id"]] for a in articles) + Counter({"left": 1, "questionable_source": 1, "right": 1}) == MBFC
    assert _labels(articles) == _annotated({a["source"]["original_id"] for a in articles})


def _labels(articles: list[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    """(article id, scheme, label) of every framing label the imported articles carry."""
    return Counter((a["source"]["original_id"], f["scheme"], f["label"]) for a in articles for f in a.get("framing", []))


def _annotated(ids: set[str]) -> Counter[tuple[str, str, str]]:
    """The same, read straight from the corpus's tables: frames marked True, and distinct entity roles."""
    names = {"RE": "resolution", "HI": "human_interest", "CO": "conflict", "MO": "moral", "EC": "economic"}
    found: Counter[tuple[str, str, str]] = Counter()
    with open(FRAMES / "data" / "articles_metadata.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.update((row["ID"], "narrative_frame", names[code]) for code in names if row["ID"] in ids and row[code] == "True")
    with open(FRAMES / "data" / "role_and_frame_annoations.tsv", encoding="utf-8", newline="") as handle:
        roles = {(r["ID"], r["entity"].strip(), r["group"].strip(), r["role"]) for r in csv.DictReader(handle, delimiter="\t") if r["ID"] in ids}
    found.update((article, "narrative_role", role) for article, _entity, _group, role in roles)
    return found


def _sources() -> set[str]:
    """The outlet strings of the metadata table."""
    with open(FRAMES / "data" / "articles_metadata.tsv", encoding="utf-8", newline="") as handle:
        return {row[1] for row in csv.reader(handle, delimiter="\t")} - {"source"}


@needs_corpus
def test_reimport_gives_identical_bytes(full: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = full
    imported(FRAMES, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)
    imported(FRAMES, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)


def table(rows: list[list[str]]) -> str:
    """A metadata table as the corpus writes it: tab-separated, CSV quoting."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\n").writerows([COLUMNS, *rows])
    return buffer.getvalue()


def test_broken_rows_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    body = "Harbor Bridge Closes for Good Mayor Tomas Reyes said the Old Harbor Bridge will close."
    good = ["1", "harborgazette", "left_bias", "2018-05-01", body, "True", "False", "True", "False", "False"]
    odd = ["2", "Harbor Gazette", "left_bias", "2018-05-02", body + " Again.", "False", "False", "False", "False", "True)"]
    cut = ["3", "northfieldcourier", "right_bias", "2018-05-03", "Northfield Courier says"]
    source = tmp_path / "frames"
    (source / "data").mkdir(parents=True)
    (source / "data" / "articles_metadata.tsv").write_text(table([good, cut, odd]), encoding="utf-8")
    answers = {"1": {"_ID": "harborgazette--2018-05-01--Harbor Bridge Closes for Good", "_opinion": "True"}}
    (source / "data" / "full_annotations.json").write_text(json.dumps(answers), encoding="utf-8")
    out = tmp_path / "out"
    summary = imported(source, out)
    assert [(p.code, p.line) for p in summary.problems if p.line] == [("import.unreadable", 3), ("import.skipped", 4)]
    articles = {a["source"]["original_id"]: a for a in records(out, "article")}
    assert (articles["1"]["headline"], articles["1"]["genre"]) == ("Harbor Bridge Closes for Good", "opinion")
    assert (articles["2"]["headline"], articles["2"]["genre"]) == ("", "unknown")
    assert [(o["name"], o["aliases"], o["ratings"][0]["value"]) for o in records(out, "outlet")] == [("Harbor Gazette", ["harborgazette"], "left")]


@pytest.mark.parametrize(
    ("text", "file_id", "end"),
    [
        ("Bridge Shut: 'Not Safe' Says Mayor The council met.", "gazette--2018-01-01--Bridge Shut Not Safe Says Mayor", 34),
        ("Bridge Shut? The council met.", "gazette--2018-01-01--Bridge Shut.txt", 12),
        ("Julián Reyes Wins The vote was close.", "gazette--2018-01-01--Julian Reyes Wins", 17),
        ("Bridge Shutdown Looms The council met.", "gazette--2018-01-01--Bridge Shut", None),
        ("Bridge Shut", "gazette--2018-01-01--Bridge Shut", None),
        ("Another headline entirely. Body.", "gazette--2018-01-01--Bridge Shut", None),
        ("x" * 120 + " Body.", "gazette--2018-01-01--" + "x" * 120, None),
    ],
)
def test_headline_end(text: str, file_id: str, end: int | None) -> None:
    assert headline_end(text, file_id) == end


def test_a_folder_of_another_layout_is_a_layout_problem(tmp_path: Path) -> None:
    summary = run_import("narrative-frames", tmp_path, tmp_path / "out", OutletRegistry())
    assert [p.code for p in summary.problems] == ["import.layout"]
