"""The hand-made gold referents of PolNeAR dev and train sources: their shape always, their offsets against the corpus when it
is present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from paths import CORPORA, ROOT, needs

from toolkit.importers.polnear import annotator_of, parse_ann

GOLD = sorted((ROOT / "tests" / "gold").glob("polnear-*-referents-*.jsonl"))
DATA = CORPORA / "polnear" / "data"
DEV = DATA / "dev"
KEYS = ["article", "start", "end", "mention", "referent", "kind", "source_type"]
KINDS = {"person", "organization", "government", "country", "group", "media", "document", "anonymous"}
SOURCE_TYPES = {"official", "expert", "citizen", "organization", "media", "document", "anonymous", None}


def rows(path: Path) -> list[dict[str, Any]]:
    """The lines of one gold file, parsed."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def split_of(path: Path) -> str:
    """The PolNeAR split a gold file annotates ('polnear-train-referents-c.jsonl' -> 'train')."""
    return path.name.split("-")[1]


def source_spans(split: str, stem: str) -> tuple[str, list[tuple[int, int]]]:
    """An article's text and its Source spans (first start, last end) in the .ann of the smallest annotator id, in order."""
    ann = sorted((DATA / split).glob(f"attributions/{stem}_*.ann"), key=annotator_of)[0]
    spans = parse_ann(ann.read_text(encoding="utf-8")).spans.values()
    found = sorted((s.fragments[0][0], s.fragments[-1][1]) for s in spans if s.role == "Source")
    return (DATA / split / "text" / f"{stem}.txt").read_text(encoding="utf-8"), found


def test_gold_files_exist() -> None:
    assert {split_of(p) for p in GOLD} == {"dev", "train"}, GOLD


def test_no_article_is_in_two_files() -> None:
    seen: dict[str, str] = {}
    for path in GOLD:
        for stem in {r["article"] for r in rows(path)}:
            assert stem not in seen, (stem, seen.get(stem), path.name)
            seen[stem] = path.name


@pytest.mark.parametrize("path", GOLD, ids=[p.name for p in GOLD])
def test_rows_have_the_gold_shape(path: Path) -> None:
    got = rows(path)
    assert got and all(list(r) == KEYS for r in got)
    assert [(r["article"], r["start"]) for r in got] == sorted((r["article"], r["start"]) for r in got)
    assert len({(r["article"], r["start"], r["end"]) for r in got}) == len(got)
    for r in got:
        assert r["kind"] in KINDS and r["source_type"] in SOURCE_TYPES, r
        assert r["referent"] is None or (isinstance(r["referent"], str) and r["referent"].strip() == r["referent"] != ""), r
        assert 0 < len(r["mention"]) <= 60 and r["start"] < r["end"], r


@needs(DEV)
@pytest.mark.parametrize("path", GOLD, ids=[p.name for p in GOLD])
def test_rows_cover_every_source_span_of_their_articles(path: Path) -> None:
    got = rows(path)
    for stem in sorted({r["article"] for r in got}):
        text, spans = source_spans(split_of(path), stem)
        mine = [r for r in got if r["article"] == stem]
        assert [(r["start"], r["end"]) for r in mine] == spans, stem
        assert all(r["mention"] == text[r["start"] : r["end"]][:60] for r in mine), stem
