"""The News-Media-Reliability importer: MBFC's labels as ratings of outlets keyed by domain, each version's labels side by side."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import assert_reimport_identical
from paths import CORPORA, needs

from toolkit.importers import run_import
from toolkit.importers.news_media_reliability import FACTUALITY, SEVEN_POINTS, THREE_POINTS
from toolkit.records import with_id, write_jsonl
from toolkit.registry import OutletRegistry
from toolkit.validate import validate

CORPUS = CORPORA / "news-media-reliability"
DEFS = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "defs.schema.json").read_text(encoding="utf-8"))
HEADER = "source_url\tsource_url_normalized\tref\tfact\tbias\n"


needs_corpus = needs(CORPUS / "data")


def scale_values(scale: str) -> list[str]:
    """The values the schema allows on a rating scale."""
    for rule in DEFS["$defs"]["rating"]["allOf"]:
        if rule["if"]["properties"]["scale"]["const"] == scale:
            return list(rule["then"]["properties"]["value"]["enum"])
    raise KeyError(scale)


def outlets(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "outlets.jsonl").read_text(encoding="utf-8").splitlines()]


def run(corpus: Path, out: Path, *registries: Path) -> Any:
    return run_import("news-media-reliability", corpus, out, OutletRegistry.load(out / "outlets.jsonl", *registries))


def fixture(root: Path, versions: dict[str, str]) -> Path:
    """A folder laid out like the corpus, each version's corpus.tsv with the given rows (fictional sites)."""
    for version, rows in versions.items():
        (root / "data" / version).mkdir(parents=True)
        (root / "data" / version / "corpus.tsv").write_text(HEADER + rows, encoding="utf-8")
    return root


@pytest.mark.parametrize(("label", "value"), sorted(SEVEN_POINTS.items()))
def test_seven_point_labels_map_to_the_mbfc_bias_scale(label: str, value: str) -> None:
    assert value in scale_values("mbfc_bias")
    assert value == {"left-center": "center-left", "right-center": "center-right"}.get(label, label)


def test_factuality_labels_are_the_scale_itself() -> None:
    assert sorted(FACTUALITY) == sorted(scale_values("mbfc_factuality"))


def test_three_point_labels_are_kept_apart_from_the_seven_point_scale(tmp_path: Path) -> None:
    corpus = fixture(tmp_path / "nmr", {"acl2020": "https://harbor-gazette.example\tharbor-gazette.example\thttps://mbfc.example/hg/\tlow\tright\n"})
    summary = run(corpus, tmp_path / "out")
    assert summary.problems == [] and {"left", "center", "right"} == THREE_POINTS
    (outlet,) = outlets(tmp_path / "out")
    assert [(r["scale"], r["value"]) for r in outlet["ratings"]] == [("mbfc_factuality", "low"), ("other", "right")]
    assert "three points" in outlet["ratings"][1]["provenance"]["note"]


@needs_corpus
def test_the_whole_corpus_imports_with_the_counts_of_its_about(tmp_path: Path) -> None:
    summary = run(CORPUS, tmp_path / "out")
    assert summary.problems == [] and summary.invalid == 0
    records = outlets(tmp_path / "out")
    assert len(records) == 1066 + 859 - 505
    ratings = [r for outlet in records for r in outlet["ratings"]]
    values = Counter((r["scale"], r["value"]) for r in ratings)
    seven = {"center": 263, "center-left": 209, "left": 168, "right": 157, "extreme-right": 156, "center-right": 92, "extreme-left": 21}
    assert {v: n for (s, v), n in values.items() if s == "mbfc_bias"} == seven
    assert {v: n for (s, v), n in values.items() if s == "other"} == {"right": 349, "center": 271, "left": 239}
    assert {v: n for (s, v), n in values.items() if s == "mbfc_factuality"} == {"high": 542 + 452, "mixed": 268 + 245, "low": 256 + 162}
    assert sum(len(o["ratings"]) == 4 for o in records) == 505
    assert all(r["rater"] == "Media Bias/Fact Check" and "rated_at" not in r and r["license"] for r in ratings)
    report = validate([str(tmp_path / "out")], jobs=1)
    assert report.problems == [] and report.records["outlet"] == 1420


@needs_corpus
def test_sites_and_their_parts(tmp_path: Path) -> None:
    run(CORPUS, tmp_path / "out")
    by_id = {o["id"]: o for o in outlets(tmp_path / "out")}
    assert by_id["cnn-com"]["domains"] == ["cnn.com"] and by_id["cnn-com"]["name"] == "cnn.com"
    assert "domains" not in by_id["who-int-en"] and "who.int" in by_id["who-int-en"]["provenance"]["note"]
    assert sum("domains" not in o for o in by_id.values()) == 36
    assert all("source_url" not in r for r in by_id["tmn-today"]["ratings"][:2])


@needs_corpus
def test_reimport_gives_identical_bytes(tmp_path: Path) -> None:
    assert_reimport_identical("news-media-reliability", CORPUS, tmp_path)


def test_a_registered_outlet_keeps_its_facts_and_gets_the_ratings(tmp_path: Path) -> None:
    rows = "http://www.harbor-gazette.example/\tharbor-gazette.example\thttp://mbfc.example/hg/\thigh\tleft-center\n"
    rows += "https://harbor-gazette.example/opinion/\tharbor-gazette.example-opinion\thttp://mbfc.example/hg-op/\tmixed\tleft\n"
    corpus = fixture(tmp_path / "nmr", {"emnlp18": rows})
    registered = with_id({"type": "outlet", "name": "Harbor Gazette", "aliases": ["harbor-gazette.example-opinion"], "domains": ["harbor-gazette.example"]})
    write_jsonl(tmp_path / "registry" / "outlets.jsonl", [registered])
    summary = run(corpus, tmp_path / "out", tmp_path / "registry" / "outlets.jsonl")
    assert summary.problems == []
    (outlet,) = outlets(tmp_path / "out")
    assert {k: outlet[k] for k in ("id", "name", "domains")} == {"id": "harbor-gazette", "name": "Harbor Gazette", "domains": ["harbor-gazette.example"]}
    assert [(r["scale"], r["value"], r["source_url"]) for r in outlet["ratings"]] == [
        ("mbfc_factuality", "high", "http://mbfc.example/hg/"),
        ("mbfc_bias", "center-left", "http://mbfc.example/hg/"),
        ("mbfc_factuality", "mixed", "http://mbfc.example/hg-op/"),
        ("mbfc_bias", "left", "http://mbfc.example/hg-op/"),
    ]


def test_a_site_named_like_a_registered_outlet_without_domains_rates_it_and_gives_it_the_domain(tmp_path: Path) -> None:
    rows = "https://harborgazette.example\tharborgazette.example\thttp://mbfc.example/hg/\thigh\tcenter\n"
    rows += "https://northfield.example\tnorthfield.example\thttp://mbfc.example/nc/\tlow\tright\n"
    corpus = fixture(tmp_path / "nmr", {"emnlp18": rows})
    gazette = with_id({"type": "outlet", "name": "Harbor Gazette", "aliases": ["harborgazette.example"]})
    courier = with_id({"type": "outlet", "name": "Northfield Courier", "aliases": ["northfield.example"], "domains": ["northfield-courier.example"]})
    write_jsonl(tmp_path / "registry" / "outlets.jsonl", [gazette, courier])
    run(corpus, tmp_path / "out", tmp_path / "registry" / "outlets.jsonl")
    found = {o["id"]: o.get("domains") for o in outlets(tmp_path / "out")}
    assert found == {"harbor-gazette": ["harborgazette.example"], "northfield-example": ["northfield.example"]}


def test_another_raters_ratings_stay_beside_these(tmp_path: Path) -> None:
    corpus = fixture(tmp_path / "nmr", {"emnlp18": "https://harbor-gazette.example\tharbor-gazette.example\thttp://mbfc.example/hg/\thigh\tcenter\n"})
    allsides = {"rater": "AllSides", "scale": "allsides_bias", "value": "Center", "provenance": {"method": "import"}}
    registered = with_id({"type": "outlet", "name": "Harbor Gazette", "domains": ["harbor-gazette.example"], "ratings": [allsides]})
    write_jsonl(tmp_path / "rated" / "outlets.jsonl", [registered])
    summary = run(corpus, tmp_path / "out", tmp_path / "rated" / "outlets.jsonl")
    (outlet,) = outlets(tmp_path / "out")
    assert [(r["rater"], r["scale"]) for r in outlet["ratings"]] == [
        ("AllSides", "allsides_bias"),
        ("Media Bias/Fact Check", "mbfc_factuality"),
        ("Media Bias/Fact Check", "mbfc_bias"),
    ]
    assert summary.problems == []


def test_broken_inputs_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    rows = "https://harbor-gazette.example\tharbor-gazette.example\thttp://mbfc.example/hg/\thigh\tcenter\n"
    rows += "not a url\tnothing\thttp://mbfc.example/x/\thigh\tcenter\n"
    rows += "https://northfield-courier.example\tnorthfield-courier.example\thttp://mbfc.example/nc/\tsomewhat\tcenter\n"
    rows += "https://port-halden-post.example\tport-halden-post.example\t\tlow\tfar-out\n"
    corpus = fixture(tmp_path / "nmr", {"emnlp18": rows, "future2030": rows})
    (corpus / "data" / "acl2020").mkdir()
    (corpus / "data" / "acl2020" / "corpus.tsv").write_text("url\tlabel\nx\ty\n", encoding="utf-8")
    summary = run(corpus, tmp_path / "out")
    found = [(p.code, Path(p.file or "").parent.name, p.line) for p in summary.problems]
    assert found == [
        ("import.unreadable", "acl2020", 1),
        ("import.skipped", "emnlp18", 3),
        ("import.skipped", "emnlp18", 4),
        ("import.skipped", "emnlp18", 5),
        ("import.skipped", "future2030", None),
    ]
    assert [o["id"] for o in outlets(tmp_path / "out")] == ["harbor-gazette-example"]


def test_a_folder_without_the_corpus_is_a_layout_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert [p.code for p in run(tmp_path / "empty", tmp_path / "out").problems] == ["import.layout"]


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    corpus = fixture(tmp_path / "nmr", {"emnlp18": ""})
    (corpus / "data" / "emnlp18" / "corpus.tsv").write_bytes(HEADER.encode() + b"https://caf\xe9.example\tcaf\xe9.example\tx\thigh\tleft\n")
    assert [p.code for p in run(corpus, tmp_path / "out").problems] == ["import.unreadable"]


@needs_corpus
def test_a_copy_of_one_version_imports_alone(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "data" / "acl2020", tmp_path / "copy" / "data" / "acl2020")
    summary = run(tmp_path / "copy", tmp_path / "out")
    assert summary.problems == [] and summary.written["outlet"] == 859
