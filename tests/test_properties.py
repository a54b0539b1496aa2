"""Property tests: random bytes and random JSON never make the validator raise; ids and canonical lines are stable."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, Seed, build_seed, read_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.problems import CATALOG, Report
from toolkit.records import derive_id, dumps
from toolkit.schemas import RECORD_TYPES, record_schema
from toolkit.validate import validate
from toolkit.validate.fastpath import ClaimFastPath

ROOT = Path(__file__).resolve().parents[1]
SEED: Seed = build_seed()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
INT64 = st.integers(min_value=-(2**63), max_value=2**64 - 1)
SCALARS = st.none() | st.booleans() | INT64 | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=16)
FRAGMENTS = [b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b'"type"', b":", b",", b'"claim"', b'"id"', b"\xff", b"\xc3", b" ", b"0", b"null"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid data/ folder whose claims/x.jsonl each example overwrites."""
    folder: Path = SEED.write(tmp_path_factory.mktemp("properties") / "data")
    return folder


def run(workdir: Path, content: bytes) -> Report:
    """Validate the data folder with content as claims/x.jsonl, in one process."""
    (workdir / "claims" / "x.jsonl").write_bytes(content)
    return validate([str(workdir)], jobs=1)


def assert_sane(report: Report, content: bytes, path: Path) -> None:
    """Every problem has a catalogued code, and a line inside the file it names."""
    lines = content.count(b"\n") + 1
    for p in report.problems:
        assert p.code in CATALOG, p
        assert p.severity == CATALOG[p.code].severity
        assert p.line is None or 1 <= p.line <= (lines if p.file == str(path) else 12), p
        assert p.column is None or p.column >= 1, p


def json_lines(values: list[Any]) -> bytes:
    """Values as JSON lines (stdlib json: integers of any size)."""
    return b"".join(json.dumps(v).encode() + b"\n" for v in values)


# The validator never raises.


@FAST
@given(content=st.binary(max_size=3000))
def test_random_bytes(workdir: Path, content: bytes) -> None:
    assert_sane(run(workdir, content), content, workdir / "claims" / "x.jsonl")


@FAST
@given(parts=st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=6), max_size=60))
def test_random_json_like_bytes(workdir: Path, parts: list[bytes]) -> None:
    content = b"".join(parts)
    assert_sane(run(workdir, content), content, workdir / "claims" / "x.jsonl")


@FAST
@given(values=st.lists(JSON, min_size=1, max_size=5))
def test_random_json_values(workdir: Path, values: list[Any]) -> None:
    content = json_lines(values)
    report = run(workdir, content)
    assert_sane(report, content, workdir / "claims" / "x.jsonl")
    assert len([p for p in report.problems if p.code == "line.not-object"]) == sum(not isinstance(v, dict) for v in values)


def fields_of(record_type: str) -> list[str]:
    """The property names of a record type's schema."""
    return sorted(record_schema(record_type).get("properties", {}))


@st.composite
def record_shaped(draw: st.DrawFn) -> dict[str, Any]:
    """A dict with a record 'type' and random values under its schema's field names and some others."""
    kind = draw(st.sampled_from(RECORD_TYPES))
    names = draw(st.lists(st.sampled_from(fields_of(kind)) | st.text(max_size=6), max_size=8))
    record = {name: draw(JSON) for name in names}
    return record | {"type": kind}


@FAST
@given(records=st.lists(record_shaped(), min_size=1, max_size=4))
def test_random_records(workdir: Path, records: list[dict[str, Any]]) -> None:
    content = json_lines(records)
    report = run(workdir, content)
    assert_sane(report, content, workdir / "claims" / "x.jsonl")
    assert sum(report.records.values()) == 1 + len(read_records(DATA / "actors.jsonl")) + 1 + 12 + len(records)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside a record, containers included."""
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        yield from leaves(inner, (*path, key))


def replaced(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of the record with the value at a path replaced (or the record's own key removed when value is ...)."""
    result = copy.deepcopy(record)
    holder = result
    for key in path[:-1]:
        holder = holder[key]
    if value is ...:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return result


NEAR = st.integers(min_value=-3, max_value=3000) | st.text(max_size=40) | st.sampled_from(["", "2024-02-30", "1799-12-31", "2999-01-01", "en", "xx-YY", "UK"])


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """One of the seed's valid records with one value replaced, often by one of the same kind, or removed."""
    record = draw(st.sampled_from([SEED.outlet, SEED.article, *SEED.actors, *SEED.claims]))
    path = draw(st.sampled_from([p for p in leaves(record) if p]))
    return replaced(record, path, draw(NEAR | JSON | st.just(...)))


@FAST
@given(records=st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_valid_records(workdir: Path, records: list[dict[str, Any]]) -> None:
    content = json_lines(records)
    assert_sane(run(workdir, content), content, workdir / "claims" / "x.jsonl")


@FAST
@given(records=st.lists(mutated(), min_size=1, max_size=3))
def test_fast_path_finds_what_the_thorough_path_finds(workdir: Path, records: list[dict[str, Any]]) -> None:
    content = json_lines(records)
    quick = run(workdir, content)
    original = ClaimFastPath.check
    try:
        ClaimFastPath.check = lambda *_args: False  # type: ignore[method-assign]
        thorough = run(workdir, content)
    finally:
        ClaimFastPath.check = original  # type: ignore[method-assign]
    assert sorted(map(repr, quick.sorted_problems())) == sorted(map(repr, thorough.sorted_problems()))


# Ids and canonical lines are stable.


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON value with every object's keys in another order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


ANY_RECORD = st.sampled_from([SEED.outlet, SEED.article, *SEED.actors, *SEED.claims])


def derived(record: dict[str, Any]) -> str | None:
    """The derived id, or the name of the error deriving it raised."""
    try:
        return derive_id(record)
    except TypeError as error:
        return type(error).__name__


@settings(max_examples=60, deadline=None)
@given(record=ANY_RECORD | mutated(), rng=st.randoms(use_true_random=False))
def test_derive_id_ignores_key_order(record: dict[str, Any], rng: random.Random) -> None:
    assert derived(shuffled(record, rng)) == derived(record)


@pytest.mark.parametrize(
    "record",
    [{"type": "claim", "cue": {"spans": 1}}, {"type": "alignment", "members": 1}, {"type": "event", "article_ids": 1}],
    ids=["claim-spans", "alignment-members", "event-article-ids"],
)
def test_derive_id_of_a_malformed_record_does_not_raise(record: dict[str, Any]) -> None:
    found = derive_id(record)
    assert found is None or found[:4] in ("clm_", "aln_", "evt_")


@settings(max_examples=60, deadline=None)
@given(record=ANY_RECORD, rng=st.randoms(use_true_random=False))
def test_dumps_ignores_key_order(record: dict[str, Any], rng: random.Random) -> None:
    assert dumps(shuffled(record, rng)) == dumps(record)


PLAIN = st.recursive(
    st.none() | st.booleans() | INT64 | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(body=st.dictionaries(st.text(max_size=8), PLAIN, max_size=6), kind=st.sampled_from(RECORD_TYPES), rng=st.randoms(use_true_random=False))
def test_dumps_is_one_canonical_line(body: dict[str, Any], kind: str, rng: random.Random) -> None:
    record = body | {"type": kind, "id": "x", "schema_version": "1.0.0"}
    line = dumps(record)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == record
    assert list(json.loads(line))[:3] == ["type", "id", "schema_version"]
    assert dumps(shuffled(record, rng)) == line


def test_shipped_records_carry_their_derived_ids() -> None:
    for path in sorted(DATA.rglob("*.jsonl")):
        for record in read_records(path):
            assert derive_id(record) == record["id"], (path, record["id"])


def test_id_follows_identity_not_other_fields(seed: Seed) -> None:
    article = seed.article
    assert derive_id(article | {"headline": "Another headline"}) == article["id"]
    assert derive_id(article | {"text_sha256": "0" * 64}) != article["id"]
    claim = seed.claims[0]
    assert derive_id(claim | {"kind": "direct"}) == claim["id"]
    assert derive_id(seed.claim_at(0, 10)) != derive_id(seed.claim_at(0, 11))


IDS_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
from conftest import build_seed
from toolkit.records import derive_id, dumps
seed = build_seed()
records = [seed.outlet, seed.article, *seed.actors, *seed.claims]
print(json.dumps([[derive_id(r), hashlib.sha256(dumps(r)).hexdigest()] for r in records]))
"""


def test_ids_and_lines_are_the_same_in_another_process() -> None:
    here = [[derive_id(r), hashlib.sha256(dumps(r)).hexdigest()] for r in [SEED.outlet, SEED.article, *SEED.actors, *SEED.claims]]
    for hash_seed in ("0", "12345"):
        env = os.environ | {"PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", IDS_SCRIPT, str(ROOT / "tests")], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
        )
        assert json.loads(done.stdout) == here
