"""The gold referents of PolNeAR dev sources (second set of articles): its form, and its match with the Source spans the importer reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paths import CORPORA, ROOT, needs

from toolkit.importers.polnear import annotator_of, parse_ann

GOLD = ROOT / "tests" / "gold" / "polnear-dev-referents-b.jsonl"
DEV = CORPORA / "polnear" / "data" / "dev"
KEYS = ["article", "start", "end", "mention", "referent", "kind", "source_type"]
KINDS = {"person", "organization", "government", "country", "group", "media", "document", "anonymous"}
SOURCE_TYPES = {"official", "expert", "citizen", "organization", "media", "document", "anonymous", None}


def rows() -> list[dict[str, Any]]:
    """The lines of the gold file, each read as a JSON object."""
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def chosen_ann(stem: str) -> Path:
    """The .ann file of an article that the importer reads: the one of the smallest annotator id."""
    return min((DEV / "attributions").glob(f"{stem}_*.ann"), key=annotator_of)


def test_lines_have_the_keys_in_order_and_known_labels() -> None:
    """Every line has the keys in the agreed order, a kind and a source type of the vocabularies, and a referent that is a name or null."""
    found = rows()
    assert found
    for row in found:
        assert list(row) == KEYS
        assert row["kind"] in KINDS and row["source_type"] in SOURCE_TYPES
        assert row["referent"] is None or (isinstance(row["referent"], str) and row["referent"].strip() == row["referent"] != "")
        assert isinstance(row["start"], int) and isinstance(row["end"], int) and 0 <= row["start"] < row["end"]
        assert 0 < len(row["mention"]) <= 60


def test_lines_are_sorted_by_article_then_start_without_repeats() -> None:
    """The lines run by article, then by start offset, and no span is given twice."""
    keys = [(row["article"], row["start"], row["end"]) for row in rows()]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@needs(DEV)
def test_each_source_span_of_the_chosen_annotation_has_one_line_with_its_text() -> None:
    """For each article the gold names, its lines are exactly the Source spans of the chosen .ann, and each mention is the span's text."""
    found = rows()
    for stem in sorted({row["article"] for row in found}):
        annotation = parse_ann(chosen_ann(stem).read_text(encoding="utf-8"))
        spans = sorted({(span.fragments[0][0], span.fragments[-1][1]) for span in annotation.spans.values() if span.role == "Source"})
        lines = [row for row in found if row["article"] == stem]
        assert [(row["start"], row["end"]) for row in lines] == spans, stem
        text = (DEV / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        for row in lines:
            assert row["mention"] == text[row["start"] : row["end"]][:60], (stem, row["start"])
