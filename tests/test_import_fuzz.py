"""Every importer, fed corrupted copies of a small synthetic corpus: no exception escapes, every code is catalogued, what is written validates."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from fuzzing import SEEDS, import_problems, mutate, seed, write_files
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
