"""The PAC importer: the development copy imports clean with ABOUT.md's counts; broken files are reported and the run goes on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import import_clean, snapshot
from paths import CORPORA, needs

from toolkit.importers import Summary, run_import
from toolkit.importers.pac import RATER
from toolkit.registry import OutletRegistry

PAC = CORPORA / "pac"
SPLITS = {"train": 190, "dev": 44, "test": 70}  # ABOUT.md: the `split` field of the merged files
EMPTY_DATES = 20  # ABOUT.md: 20 articles have an empty date
ALLSIDES = {"Left", "Lean Left", "Center", "Lean Right", "Right", "Mixed"}

needs_corpus = needs(PAC / "data" / "merged_annotations")


def records(folder: Path, kind: str) -> list[dict[str, Any]]:
    """Every record of one kind under an output folder."""
    files = [folder / "outlets.jsonl"] if kind == "outlet" else sorted((folder / f"{kind}s").glob("*.jsonl"))
    return [json.loads(line) for file in files if file.exists() for line in file.read_text(encoding="utf-8").splitlines()]


def imported(source: Path, out: Path) -> Summary:
    """Import a PAC folder into an output folder and check that the output validates clean."""
    return import_clean("pac", source, out)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The development copy of PAC, imported once."""
    out = tmp_path_factory.mktemp("pac")
    return out, imported(PAC, out)


@needs_corpus
def test_counts_match_about(full: tuple[Path, Summary]) -> None:
    out, summary = full
    splits = Counter(json.loads(p.read_bytes())["split"] for p in (PAC / "data" / "merged_annotations").glob("*.json"))
    files = {f"articles/pac-{split}.jsonl": SPLITS[split] for split in splits}
    assert {k: v for k, v in summary.files.items() if k.startswith("articles/")} == files
    articles, events = records(out, "article"), records(out, "event")
    assert len(events) == len(articles) // 2
    assert all(len(e["article_ids"]) == 2 and e["external_ids"]["pac_story"].startswith("STORY_") for e in events)
    assert sum(a["published"] is None for a in articles) == EMPTY_DATES
    assert not [p for p in summary.problems if p.severity == "error"]


@needs_corpus
def test_outlets_carry_pac_ideology_as_their_own_rating(full: tuple[Path, Summary]) -> None:
    out, _ = full
    outlets = {o["id"]: o for o in records(out, "outlet")}
    ratings = [r for o in outlets.values() for r in o.get("ratings", [])]
    assert ratings and all(r["rater"] == RATER and r["scale"] == "corpus_ideology" and r["value"] in ALLSIDES for r in ratings)
    assert {"CNN (Online News)", "CNN (Opinion)"} <= set(outlets["cnn"]["aliases"])
    writer = [a for a in records(out, "article") if a["outlet_id"] is None]
    assert writer and all(a["genre"] == "opinion" and "writer entry" in a["outlet_unknown_reason"] for a in writer)


@needs_corpus
def test_reimport_gives_identical_bytes(full: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = full
    imported(PAC, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)
    imported(PAC, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)


def story(number: int, document: int, source: str, ideology: str, **extra: Any) -> dict[str, Any]:
    """A synthetic PAC document of fictional outlets and people."""
    return {
        "title": f"Port Halden council votes on the harbor bridge ({number}/{document})",
        "id": f"STORY_{number}_DOCUMENT_{document}",
        "split": "dev",
        "date": "2022-03-01",
        "topic": "infrastructure",
        "source": source,
        "media_ideology": ideology,
        "news": [{"id": 0, "text": f"Mayor Tomas Reyes said the Old Harbor Bridge would close ({source})."}, {"id": 1, "text": "The vote is on Monday."}],
        "events": [{"e_id": 0, "token": "said", "entity": [{"text": "Tomas Reyes", "entityType": "Agent"}]}],
        "entity_list": [],
    } | extra


def corpus(folder: Path, files: dict[str, str]) -> Path:
    """A folder laid out like PAC holding the given files."""
    merged = folder / "data" / "merged_annotations"
    merged.mkdir(parents=True)
    for name, text in files.items():
        (merged / name).write_text(text, encoding="utf-8")
    return folder


def test_broken_files_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    source = corpus(
        tmp_path / "pac",
        {
            "STORY_900_DOCUMENT_0.json": json.dumps(story(900, 0, "Harbor Gazette (Online News)", "Lean Left")),
            "STORY_900_DOCUMENT_1.json": json.dumps(story(900, 1, "Northfield Courier", "Right", date="")),
            "STORY_901_DOCUMENT_0.json": json.dumps(story(901, 0, "Harbor Gazette (Opinion)", "Left"))[:80],
            "STORY_901_DOCUMENT_1.json": json.dumps(story(901, 1, "Northfield Courier", "Right", news=None)),
            "STORY_902_DOCUMENT_0.json": json.dumps(story(902, 0, "Guest Writer - Right", "Right")),
        },
    )
    out = tmp_path / "out"
    summary = imported(source, out)
    found = {(p.code, Path(p.file or "").name) for p in summary.problems}
    assert ("import.unreadable", "STORY_901_DOCUMENT_0.json") in found
    assert ("import.skipped", "STORY_901_DOCUMENT_1.json") in found
    assert summary.written == Counter({"article": 3, "event": 2, "outlet": 2})
    gazette = {o["id"]: o for o in records(out, "outlet")}["harbor-gazette"]
    assert gazette["aliases"] == ["Harbor Gazette (Online News)"]
    assert [(r["value"], r["rater"]) for r in gazette["ratings"]] == [("Lean Left", RATER)]
    dated = {a["source"]["original_id"]: a["published"] for a in records(out, "article")}
    assert dated == {"STORY_900_DOCUMENT_0": "2022-03-01", "STORY_900_DOCUMENT_1": None, "STORY_902_DOCUMENT_0": "2022-03-01"}


def test_a_registered_outlet_is_kept_and_gains_the_corpus_rating(tmp_path: Path) -> None:
    source = corpus(tmp_path / "pac", {"STORY_1_DOCUMENT_0.json": json.dumps(story(1, 0, "Harbor Gazette (Online News)", "Center"))})
    out = tmp_path / "out"
    out.mkdir()
    registered = {"type": "outlet", "id": "harbor-gazette", "schema_version": "1.0.0", "name": "Harbor Gazette"}
    (out / "outlets.jsonl").write_text(json.dumps(registered) + "\n", encoding="utf-8")
    imported(source, out)
    [outlet] = records(out, "outlet")
    assert {k: v for k, v in outlet.items() if k != "ratings"} == registered
    assert [(r["scale"], r["value"], r["rater"]) for r in outlet["ratings"]] == [("corpus_ideology", "Center", RATER)]


def test_a_folder_of_another_layout_is_a_layout_problem(tmp_path: Path) -> None:
    summary = run_import("pac", tmp_path, tmp_path / "out", OutletRegistry())
    assert [p.code for p in summary.problems] == ["import.layout"]
