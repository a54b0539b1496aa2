"""Fuzz the validator with mutated record lines: it never raises, its exit code is the documented one, every code is catalogued."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzzing_records import MUTATIONS, check_report, fuzz_folder, mutate, seed_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.cli import cli
from toolkit.problems import CATALOG
from toolkit.validate import validate
from toolkit.validate.record import record_problems

VALID = Path(__file__).resolve().parent / "golden" / "validate" / "valid-dataset" / "input"
LINES = seed_lines()
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PICKS = st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), min_size=1, max_size=5)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid data folder (registries, articles, events) whose claims/fuzz.jsonl each example overwrites."""
    folder = fuzz_folder(tmp_path_factory.mktemp("fuzz") / "data")
    (folder / "claims").mkdir()
    assert validate([str(folder)], jobs=1).problems == []
    return folder


def _write(workdir: Path, picks: list[int], rng: random.Random, names: list[str]) -> Path:
    lines = []
    for pick in picks:
        line, _done = mutate(LINES[pick], rng, rounds=1) if not names else (MUTATIONS[names[0]](LINES[pick], rng), names)
        lines.append(line)
    path = workdir / "claims" / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_the_seeds_cover_every_record_type() -> None:
    kinds = {line.split(b'"')[3].decode() for line in LINES if line.startswith(b'{"type":"')}
    assert {"outlet", "actor", "article", "claim", "event", "alignment", "comparison"} <= kinds


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@FUZZ
@given(picks=PICKS, rng=st.randoms(use_true_random=False))
def test_each_mutation_never_breaks_validate(workdir: Path, name: str, picks: list[int], rng: random.Random) -> None:
    _write(workdir, picks, rng, [name])
    check_report(validate([str(workdir)], jobs=1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(picks=PICKS, rng=st.randoms(use_true_random=False), rounds=st.integers(min_value=1, max_value=4))
def test_stacked_mutations_never_break_validate(workdir: Path, picks: list[int], rng: random.Random, rounds: int) -> None:
    lines = [mutate(LINES[pick], rng, rounds)[0] for pick in picks]
    (workdir / "claims" / "fuzz.jsonl").write_bytes(b"\n".join(lines))
    check_report(validate([str(workdir)], jobs=1))


@FUZZ
@given(picks=PICKS, rng=st.randoms(use_true_random=False))
def test_the_command_reports_mutations_as_json_with_exit_0_or_1(workdir: Path, picks: list[int], rng: random.Random) -> None:
    _write(workdir, picks, rng, [])
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--jobs", "1", str(workdir)])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.output)
    assert document["valid"] is (result.exit_code == 0)


def _texts() -> dict[str, str]:
    article = json.loads((VALID / "articles.jsonl").read_bytes().splitlines()[0])
    return {"headline": article["headline"], "body": article["text"]}


@settings(max_examples=80, deadline=None)
@given(pick=st.integers(min_value=0, max_value=len(LINES) - 1), rng=st.randoms(use_true_random=False), rounds=st.integers(min_value=1, max_value=3))
def test_the_writers_record_check_never_raises(pick: int, rng: random.Random, rounds: int) -> None:
    line = mutate(LINES[pick], rng, rounds)[0]
    try:
        record = json.loads(line)  # the standard parser: lone surrogates and repeated keys reach the record as a writer might make it
    except (ValueError, RecursionError):
        return
    if isinstance(record, dict):
        for code, pointer, message in record_problems(record, _texts()):
            assert code in CATALOG, (code, pointer, message)
