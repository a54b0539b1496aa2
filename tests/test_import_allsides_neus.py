"""The NeuS (AllSides story triplets) importer: the staged crawl imports clean with ABOUT.md's counts; broken lines are reported."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import import_clean, snapshot
from paths import CORPORA, needs

from toolkit.importers import Summary, run_import
from toolkit.importers.allsides_names import entry
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.registry import OutletRegistry

NEUS = CORPORA / "allsides-neus"
CRAWL = NEUS / "data" / "raw_crawled" / "headline_11_2021-10-19_crawled_all.jsonl"
# ABOUT.md: 506 stories; 469 with all three slots, 30 + 4 + 2 with two, 1 empty; 251 excerpts carry an opinionTag.
STORIES, TRIPLETS, PAIRS, EMPTY, TAGGED = 506, 469, 36, 1, 251
ALLSIDES = {"Left", "Lean Left", "Center", "Lean Right", "Right", "Mixed"}

needs_corpus = needs(CRAWL)


def records(folder: Path, kind: str, group: str = "allsides-neus") -> list[dict[str, Any]]:
    """Every record of one kind (and group) under an output folder."""
    file = folder / "outlets.jsonl" if kind == "outlet" else folder / f"{kind}s" / f"{group}.jsonl"
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()] if file.exists() else []


def imported(source: Path, out: Path) -> Summary:
    """Import a NeuS folder and check that the output validates clean."""
    return import_clean("allsides-neus", source, out)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The staged NeuS folder, imported once."""
    out = tmp_path_factory.mktemp("neus")
    return out, imported(NEUS, out)


@needs_corpus
def test_counts_match_about(full: tuple[Path, Summary]) -> None:
    out, summary = full
    events, excerpts = records(out, "event"), records(out, "article")
    sizes = Counter(len(e["article_ids"]) for e in events)
    assert sizes == Counter({3: TRIPLETS, 2: PAIRS})
    assert len(events) == STORIES - EMPTY and len(excerpts) == 3 * TRIPLETS + 2 * PAIRS
    assert len(records(out, "article", "allsides-neus-roundups")) == STORIES
    tagged = sum(a["genre"] in ("opinion", "analysis") for a in excerpts)
    assert tagged == TAGGED - 8  # FACT CHECK (6) and DATA (2) stay reporting
    empty = [p.message for p in summary.problems if "no coverage" in p.message]
    assert empty == ["story 6086: no coverage excerpts, so no event"]


@needs_corpus
def test_outlets_carry_the_allsides_rating_of_the_crawl(full: tuple[Path, Summary]) -> None:
    out, _ = full
    outlets = {o["id"]: o for o in records(out, "outlet")}
    ratings = [r for o in outlets.values() for r in o.get("ratings", [])]
    assert all(r["rater"] == "AllSides" and r["scale"] == "allsides_bias" and r["value"] in ALLSIDES for r in ratings)
    assert {r["rated_at"] for r in ratings} == {"2021-10-19"}
    assert "cnn.com" in outlets["cnn"]["domains"]
    roundups = records(out, "article", "allsides-neus-roundups")
    assert {(a["outlet_id"], a["genre"]) for a in roundups} == {("allsides", "analysis")}
    members = {i for e in records(out, "event") for i in e["article_ids"]}
    assert not members & {a["id"] for a in roundups}


@needs_corpus
def test_reimport_gives_identical_bytes(full: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = full
    imported(NEUS, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)
    imported(NEUS, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)


def excerpt(stance: str, source: str, link: str, tag: str | None = None) -> dict[str, Any]:
    """A synthetic excerpt of a fictional outlet."""
    return {
        "stance": stance.split()[-1],
        "stance_specific": stance,
        "newsSource": source,
        "newsTitle": f"Harbor bridge to close, says {source}",
        "newsLink": link,
        "newBody": [f"Mayor Tomas Reyes said the Old Harbor Bridge will close ({link}).", "The council meets on Monday..."],
        "topicID": "1",
        "opinionTag": tag,
    }


def test_broken_lines_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    good = {
        "id": 9001,
        "issue": "Port Halden Closes Old Harbor Bridge",
        "topic": "Infrastructure",
        "link": "/story/port-halden-closes-old-harbor-bridge",
        "date": "2021-05-03T09:00:00-07:00",
        "roundup": ["Port Halden will close the Old Harbor Bridge.", "Coverage was balanced."],
        "news": {
            "left": excerpt("lean left", "Harbor Gazette (Online News)", "https://www.harbor-gazette.example/a"),
            "right": excerpt("right", "Northfield Courier", "https://northfield-courier.example/b", "OPINION"),
            "center": excerpt("center", "Guest Writer - Center", "https://www.harbor-gazette.example/c"),
        },
    }
    empty = good | {"id": 9002, "news": {}, "roundup": ["Port Halden will close the Old Harbor Bridge on Monday."]}
    lines = [json.dumps(good), '{"id": 9003, "issue": "cut off', "[1, 2]", "", json.dumps(empty)]
    crawl = tmp_path / "neus" / "data" / "raw_crawled" / "headline_1_2021-05-04_crawled_all.jsonl"
    crawl.parent.mkdir(parents=True)
    crawl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = imported(tmp_path / "neus", out)
    found = {(p.code, p.line) for p in summary.problems if p.line}
    assert found == {("import.unreadable", 2), ("import.skipped", 3)}
    assert summary.written == Counter({"article": 5, "outlet": 3, "event": 1})  # 3 excerpts, 2 roundups; AllSides is the third outlet
    gazette = {o["id"]: o for o in records(out, "outlet")}["harbor-gazette"]
    assert gazette["domains"] == ["harbor-gazette.example"]
    assert [(r["value"], r["rated_at"]) for r in gazette["ratings"]] == [("Lean Left", "2021-05-04")]
    by_slot = {a["source"]["original_id"]: a for a in records(out, "article")}
    assert (by_slot["9001/center"]["outlet_id"], by_slot["9001/center"]["genre"]) == ("harbor-gazette", "opinion")
    assert by_slot["9001/right"]["genre"] == "opinion"


def test_a_folder_of_another_layout_is_a_layout_problem(tmp_path: Path) -> None:
    summary = run_import("allsides-neus", tmp_path, tmp_path / "out", OutletRegistry())
    assert [p.code for p in summary.problems] == ["import.layout"]


@pytest.mark.parametrize(
    ("given", "outlet", "byline", "genre"),
    [
        ("Harbor Gazette (Online News)", "Harbor Gazette", (), "reporting"),
        ("Harbor Gazette (Opinion)", "Harbor Gazette", (), "opinion"),
        ("Northfield Courier", "Northfield Courier", (), None),
        ("Guest Writer - Lean Right", None, (), "opinion"),
        ("Paul Krugman", None, ("Paul Krugman",), "opinion"),
        ("AllSides Staff", "AllSides", (), None),
    ],
)
def test_allsides_source_names(given: str, outlet: str | None, byline: tuple[str, ...], genre: str | None) -> None:
    named = entry(given)
    assert (named.outlet, named.byline, named.genre) == (outlet, byline, genre)


def test_outlet_spellings_that_slug_alike_are_one_outlet_with_one_domain() -> None:
    outlets = CorpusOutlets(OutletRegistry(), {"method": "import"})
    outlets.see("blaze", "The Blaze", url="https://www.theblaze.example/a")
    outlets.see("the-blaze", "The-Blaze", url="https://theblaze.example/b")
    outlets.see("courier", "Courier", url="https://theblaze.example/c")
    outlets.settle()
    assert outlets.ids["blaze"] == outlets.ids["the-blaze"] == "the-blaze"
    assert outlets.new["the-blaze"]["aliases"] == ["The-Blaze"]
    assert outlets.new["the-blaze"]["domains"] == ["theblaze.example"] and outlets.by_url("https://x.theblaze.example/") == "the-blaze"
