"""The AllSides ratings importer: news outlets with their AllSides rating, dated and sourced; authors and think tanks left out."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import assert_reimport_identical
from paths import CORPORA, needs

from toolkit.importers import run_import
from toolkit.importers.allsides_ratings import RATED_AT, VALUES
from toolkit.records import with_id, write_jsonl
from toolkit.registry import OutletRegistry
from toolkit.validate import validate

CORPUS = CORPORA / "allsides-ratings"
DEFS = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "defs.schema.json").read_text(encoding="utf-8"))
HEADER = "news_source,rating,rating_num,type,agree,disagree,perc_agree,url,editorial_review,blind_survey,third_party_analysis,"
HEADER += "independent_research,confidence_level,twitter,wiki,facebook,screen_name\n"


needs_corpus = needs(CORPUS / "data" / "allsides_data.csv")


def row(name: str, rating: str, kind: str = "News Media", url: str = "", confidence: str = "High") -> str:
    """One CSV row of AllSideR's layout (fictional sources)."""
    url = url or f"https://www.allsides.example/news-source/{name.lower().replace(' ', '-')}"
    return f'"{name}",{rating},NA,{kind},10,5,0.66,{url},0,0,0,1,{confidence},NA,NA,NA,NA\n'


def fixture(root: Path, rows: str) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "allsides_data.csv").write_text(HEADER + rows, encoding="utf-8")
    return root


def outlets(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "outlets.jsonl").read_text(encoding="utf-8").splitlines()]


def run(corpus: Path, out: Path, *registries: Path) -> Any:
    return run_import("allsides-ratings", corpus, out, OutletRegistry.load(out / "outlets.jsonl", *registries))


@pytest.mark.parametrize(("label", "value"), sorted(VALUES.items()))
def test_labels_map_to_the_allsides_scale(label: str, value: str) -> None:
    (scale,) = [rule for rule in DEFS["$defs"]["rating"]["allOf"] if rule["if"]["properties"]["scale"]["const"] == "allsides_bias"]
    assert value in scale["then"]["properties"]["value"]["enum"]
    expected = {"left": "Left", "left-center": "Lean Left", "center": "Center", "right-center": "Lean Right", "right": "Right", "allsides": "Mixed"}
    assert value == expected[label]


@needs_corpus
def test_the_whole_snapshot_imports_its_news_media(tmp_path: Path) -> None:
    summary = run(CORPUS, tmp_path / "out")
    assert [p.message for p in summary.problems] == [
        "255 rated sources are not news outlets and were not imported: Author 201, Think Tank / Policy Group 50, AllSides placeholder 4"
    ]
    records = outlets(tmp_path / "out")
    ratings = [r for o in records for r in o["ratings"]]
    assert len(ratings) == 296 - 4 and len(records) == 291  # 'PJ Media' has two AllSides pages, so two ratings
    assert all(r["rater"] == "AllSides" and r["rated_at"] == RATED_AT and r["source_url"].startswith("https://www.allsides.com/") for r in ratings)
    assert all("domains" not in o for o in records)
    by_id = {o["id"]: o for o in records}
    assert [r["value"] for r in by_id["pj-media"]["ratings"]] == ["Lean Right", "Right"]
    assert by_id["abc-news"]["ratings"][0]["value"] == "Lean Left"
    report = validate([str(tmp_path / "out")], jobs=1)
    assert report.problems == [] and report.records["outlet"] == 291


@needs_corpus
def test_values_follow_the_labels(tmp_path: Path) -> None:
    run(CORPUS, tmp_path / "out")
    values = Counter(r["value"] for o in outlets(tmp_path / "out") for r in o["ratings"])
    assert set(values) == set(VALUES.values()) and values.total() == 292


@needs_corpus
def test_reimport_gives_identical_bytes(tmp_path: Path) -> None:
    assert_reimport_identical("allsides-ratings", CORPUS, tmp_path)


def test_sections_of_one_registered_outlet_rate_it_side_by_side(tmp_path: Path) -> None:
    corpus = fixture(tmp_path / "as", row("Harbor Gazette (Web News)", "left-center") + row("Harbor Gazette - Editorial", "left"))
    aliases = ["Harbor Gazette (Web News)", "Harbor Gazette - Editorial"]
    registered = with_id({"type": "outlet", "name": "Harbor Gazette", "aliases": aliases, "domains": ["harbor-gazette.example"], "country": "US"})
    write_jsonl(tmp_path / "registry" / "outlets.jsonl", [registered])
    summary = run(corpus, tmp_path / "out", tmp_path / "registry" / "outlets.jsonl")
    assert summary.problems == []
    (outlet,) = outlets(tmp_path / "out")
    assert outlet["id"] == "harbor-gazette" and outlet["domains"] == ["harbor-gazette.example"] and outlet["country"] == "US"
    assert [(r["value"], r["provenance"]["note"].split(";")[0]) for r in outlet["ratings"]] == [
        ("Lean Left", "AllSides entry 'Harbor Gazette (Web News)' rated 'left-center', confidence level 'High'"),
        ("Left", "AllSides entry 'Harbor Gazette - Editorial' rated 'left', confidence level 'High'"),
    ]


def test_authors_think_tanks_and_placeholders_are_counted_not_imported(tmp_path: Path) -> None:
    rows = row("Harbor Gazette", "center") + row("Mara Quill", "left", kind="Author") + row("Institute of Tides", "right", kind="Think Tank / Policy Group")
    rows += row("Test Source", "center") + row("Ferry Review", "allsides", confidence="NA")
    summary = run(fixture(tmp_path / "as", rows), tmp_path / "out")
    assert [p.message for p in summary.problems] == [
        "3 rated sources are not news outlets and were not imported: AllSides placeholder 1, Author 1, Think Tank / Policy Group 1"
    ]
    found = {o["name"]: o["ratings"][0] for o in outlets(tmp_path / "out")}
    assert {name: rating["value"] for name, rating in found.items()} == {"Harbor Gazette": "Center", "Ferry Review": "Mixed"}
    assert "confidence" not in found["Ferry Review"]["provenance"]["note"]


def test_broken_rows_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    rows = row("Harbor Gazette", "center") + row("Northfield Courier", "far-left") + row("", "left") + row("Ferry Review", "right", url="not a url")
    summary = run(fixture(tmp_path / "as", rows), tmp_path / "out")
    assert [(p.code, p.line) for p in summary.problems] == [("import.skipped", 3), ("import.skipped", 4)]
    found = {o["name"]: o["ratings"][0] for o in outlets(tmp_path / "out")}
    assert sorted(found) == ["Ferry Review", "Harbor Gazette"] and "source_url" not in found["Ferry Review"]


def test_a_folder_without_the_file_is_a_layout_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert [p.code for p in run(tmp_path / "empty", tmp_path / "out").problems] == ["import.layout"]


@pytest.mark.parametrize(
    "content", [b"name,label\nHarbor Gazette,center\n", HEADER.encode() + b'"Caf\xe9 Times",center,3,News Media,1,1,0.5,x,0,0,0,0,High,NA,NA,NA,NA\n']
)
def test_a_file_of_another_layout_or_encoding_is_unreadable(tmp_path: Path, content: bytes) -> None:
    corpus = fixture(tmp_path / "as", "")
    (corpus / "data" / "allsides_data.csv").write_bytes(content)
    summary = run(corpus, tmp_path / "out")
    assert [p.code for p in summary.problems] == ["import.unreadable"] and not (tmp_path / "out" / "outlets.jsonl").exists()
