"""Every importer, fed corrupted copies of a small synthetic corpus: no exception escapes, every code is catalogued, what is written validates."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fuzzing_corpora import SEEDS, import_problems, mutate, seed, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@pytest.mark.parametrize("layout", sorted(SEEDS))
def test_the_seed_imports_clean(layout: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        assert import_problems(SEEDS[layout][0], write_files(seed(layout), Path(work) / "corpus"), Path(work) / "out") == []


@pytest.mark.parametrize("layout", sorted(SEEDS))
@FUZZ
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_a_corrupted_copy_imports_without_escaping_or_writing_invalid_records(layout: str, number: int) -> None:
    files = mutate(seed(layout), random.Random(number))
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        assert import_problems(SEEDS[layout][0], write_files(files, Path(work) / "corpus"), Path(work) / "out") == []


def _import_changed(layout: str, relative: str, change: Callable[[Any], Any]) -> list[str]:
    """What is wrong with importing the seed after one JSON file of it is changed (each line, for JSON Lines)."""
    files = seed(layout)
    files[relative] = b"\n".join(json.dumps(change(json.loads(line))).encode() for line in files[relative].splitlines() if line.strip())
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        return import_problems(SEEDS[layout][0], write_files(files, Path(work) / "corpus"), Path(work) / "out")


def test_a_huge_split_name_does_not_become_a_file_name() -> None:
    assert _import_changed("pac", "data/merged_annotations/STORY_1_DOCUMENT_1.json", lambda d: d | {"split": "x" * 100_000}) == []


def test_a_stance_of_another_type_is_not_a_rating() -> None:
    def change(story: dict[str, Any]) -> dict[str, Any]:
        return story | {"news": {slot: e | {"stance_specific": {"a": 1}} for slot, e in story["news"].items()}}

    assert _import_changed("allsides-neus", "data/raw_crawled/headline_1_2021-05-04_crawled_all.jsonl", change) == []
