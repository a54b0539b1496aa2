"""Careless and hostile records: float offsets, repeated keys and lone surrogates are coded problems, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.records import read_records
from toolkit.schemas import as_integers, float_integers, integer_sites
from toolkit.validate import validate
from toolkit.validate.canonical import duplicate_keys, may_repeat_keys
from toolkit.validate.record import record_problems

VALID = Path(__file__).resolve().parent / "golden" / "validate" / "valid-dataset" / "input"
CLAIMS = VALID / "claims" / "harbor-gazette.jsonl"


def _article_texts() -> dict[str, str]:
    article = orjson.loads((VALID / "articles.jsonl").read_bytes().splitlines()[0])
    return {"headline": article["headline"], "body": article["text"]}


def _claim() -> dict[str, Any]:
    return dict(orjson.loads(CLAIMS.read_bytes().splitlines()[0]))


def _full_claim() -> dict[str, Any]:
    """The fixture claim with every optional field that holds an integer: a sentence, a relaying actor, a framing span."""
    claim = _claim()
    mention = claim["speaker"]["mention"]
    claim["position"]["sentence"] = 0
    claim["intermediary"] = [{"actor_id": None, "mention": mention}]
    claim["framing"] = [{"scheme": "mfc", "label": "5", "span": mention["spans"][0], "provenance": {"method": "human", "annotator": "a1"}}]
    return dict(orjson.loads(orjson.dumps(claim)))  # no object shared between fields


def _sites(record: Any, site: tuple[str, ...], where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The concrete paths of a record that match an integer site."""
    if not site:
        return [where]
    keys = (range(len(record)) if isinstance(record, list) else record) if site[0] == "*" else [site[0]]
    if not isinstance(record, dict | list):
        return []
    return [p for k in keys if (isinstance(record, list) or k in record) for p in _sites(record[k], site[1:], (*where, k))]


def _set(record: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


def test_record_problems_codes_a_float_offset() -> None:
    claim = _claim()
    claim["content"]["spans"][0]["start"] = 0.0
    found = record_problems(claim, _article_texts())
    assert ("schema.type", "/content/spans/0/start") in [(code, pointer) for code, pointer, _message in found]


def test_record_problems_codes_a_lone_surrogate() -> None:
    claim = _claim()
    claim["speaker"]["role"] = "Mayor\ud800"
    assert [(code, pointer) for code, pointer, _message in record_problems(claim, _article_texts())] == [("text.surrogate", "/speaker/role")]


@pytest.mark.parametrize("site", sorted(integer_sites("claim")))
def test_every_claim_integer_site_written_as_a_float_is_coded(site: tuple[str, ...], tmp_path: Path) -> None:
    claim = _full_claim()
    paths = _sites(claim, site)
    assert paths, f"the fixture claim has no {site}"
    for path in paths:
        value = claim
        for key in path:
            value = value[key]
        _set(claim, path, float(value))
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("outlets.jsonl", "actors.jsonl", "articles.jsonl", "events.jsonl"):
        (folder / name).write_bytes((VALID / name).read_bytes())
    (folder / "claims.jsonl").write_bytes(orjson.dumps(claim) + b"\n")
    problems = validate([str(folder)], jobs=1).problems
    assert sorted((p.code, p.pointer) for p in problems) == sorted(("schema.type", "".join(f"/{k}" for k in path)) for path in paths)


def test_validate_command_codes_float_offsets_and_exits_1(tmp_path: Path) -> None:
    raw = CLAIMS.read_bytes().splitlines()[0].replace(b'"start":0,', b'"start":0e0,', 1)
    (tmp_path / "claims.jsonl").write_bytes(raw + b"\n")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--jobs", "1", str(VALID), str(tmp_path)])
    assert result.exit_code == 1, result.output
    codes = {(p["code"], p["pointer"]) for p in json.loads(result.output)["problems"]}
    assert ("schema.type", "/content/spans/0/start") in codes


def test_float_integers_ignores_numbers_that_may_be_fractions() -> None:
    claim = _claim() | {"provenance": {"method": "human", "confidence": 1.0}}
    assert float_integers(claim) == []


def test_readers_take_an_integral_float_as_an_integer_and_skip_a_fraction(tmp_path: Path) -> None:
    lines = CLAIMS.read_bytes().splitlines()
    whole = lines[0].replace(b'"start":0,', b'"start":0.0,', 1)
    fraction = lines[1].replace(b'"start":', b'"start":0.5,"x":', 1)
    (tmp_path / "claims.jsonl").write_bytes(whole + b"\n" + fraction + b"\n")
    found = [record for _path, record in read_records([tmp_path])]
    assert [type(r["content"]["spans"][0]["start"]) for r in found] == [int]
    assert as_integers({"type": "claim", "position": {"paragraph": 2.5}}) is None


def test_score_reads_predictions_with_float_offsets(tmp_path: Path) -> None:
    raw = CLAIMS.read_bytes()
    predicted = tmp_path / "predicted"
    predicted.mkdir()
    (predicted / "articles.jsonl").write_bytes((VALID / "articles.jsonl").read_bytes())
    (predicted / "claims.jsonl").write_bytes(raw.replace(b'"start":0,', b'"start":0.0,'))
    result = CliRunner().invoke(cli, ["score", "claims", "--gold", str(VALID), "--pred", str(predicted)])
    assert result.exit_code == 0, result.output


def test_a_canonical_line_is_not_read_twice_for_repeated_keys() -> None:
    line = CLAIMS.read_bytes().splitlines()[0]
    assert not may_repeat_keys(line, orjson.loads(line))
    spaced = json.dumps(orjson.loads(line)).encode()
    assert not may_repeat_keys(spaced, orjson.loads(spaced))


@pytest.mark.parametrize(
    ("line", "pointers"),
    [
        (b'{"a":1,"a":2}', ["/a"]),
        (b'{"a":{"b":[{"c":1, "c" :1}]},"d":"\\"a\\":"}', ["/a/b/0/c"]),
        (b'{"name":"x","n\\u0061me":"y"}', ["/name"]),
        (b'{"a":"\\"","a":1,"b":"\\u0022"}', ["/a"]),
    ],
)
def test_repeated_keys_are_found_however_written(line: bytes, pointers: list[str]) -> None:
    assert may_repeat_keys(line, orjson.loads(line))
    assert duplicate_keys(line) == pointers


@pytest.mark.parametrize("kind", [[], {}, None, 1, "quote"])
def test_record_problems_names_a_type_that_is_no_record_type(kind: Any) -> None:
    assert [code for code, _pointer, _message in record_problems({"type": kind, "id": "x"})] == ["record.type-unknown"]


def test_record_problems_codes_an_integer_no_line_can_hold() -> None:
    claim = _claim()
    claim["content"]["spans"][0]["end"] = 2**64
    assert [(code, pointer) for code, pointer, _message in record_problems(claim, _article_texts())] == [("schema.type", "/content/spans/0/end")]


def test_record_problems_codes_a_record_nested_too_deeply() -> None:
    outlet = orjson.loads((VALID / "outlets.jsonl").read_bytes().splitlines()[0])
    nested: Any = "x"
    for _ in range(5000):
        nested = [nested]
    outlet["aliases"] = nested
    assert [code for code, _pointer, _message in record_problems(outlet)] == ["record.too-deep"]
