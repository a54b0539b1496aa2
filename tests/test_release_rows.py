"""Arrow's reading of record lines and the row-group writer give the rows and bytes of the Python conversion, or step aside."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.records import dumps, read_records
from toolkit.release.atomic import BuildError
from toolkit.release.build import article_without_text
from toolkit.release.features import Kind, Node, record_node
from toolkit.release.jsonrows import read_rows
from toolkit.release.manifest import canonical
from toolkit.release.parquet import SHARD, WRITE_OPTIONS, collect, locate, read_lines, record_files, shard, table, write_release
from toolkit.release.rowgroups import rows_of, write_located
from toolkit.schemas import RECORD_TYPES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EVERY_TYPE = ROOT / "tests" / "golden" / "validate" / "valid-dataset" / "input"
VALID = {record["type"]: record for _, record in read_records(record_files([EVERY_TYPE]))}  # a valid record of each type
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TEXT = st.text(max_size=8) | st.sampled_from(
    ["", "\x00", "é😀", 'a "quoted" \\ back\nslash', "2024-03-01", "2024-03-01T10:00:00.123456789+02:00", "1800-01-01T00:00:00Z"]
)
NUMBER = st.floats(allow_nan=False, allow_infinity=False) | st.integers(min_value=-(2**63), max_value=2**64 - 1)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def values(node: Node) -> st.SearchStrategy[Any]:
    """Values of a column tree node that the Python conversion accepts (free objects absent or null)."""
    if node.kind is Kind.STRUCT:
        required = {f.name: values(f.node) for f in node.fields if not f.nullable}
        optional = {f.name: st.none() | values(f.node) for f in node.fields if f.nullable}
        return st.fixed_dictionaries(required, optional=optional)
    if node.kind is Kind.LIST:
        assert node.item is not None
        item = st.none() | values(node.item) if node.item.nullable else values(node.item)
        return st.lists(item, min_size=max(node.length, 0), max_size=node.length if node.length >= 0 else 3)
    if node.kind is Kind.ENUM:
        return st.sampled_from(node.names)
    if node.kind is Kind.INT:
        return st.integers(min_value=-(2**63), max_value=2**63 - 1)
    scalars = {Kind.FLOAT: NUMBER, Kind.BOOL: st.booleans(), Kind.JSON: st.none()}
    return scalars.get(node.kind, TEXT)


def lines_of(records: list[Any], style: str) -> list[bytes]:
    """Records as JSON Lines, written compactly, with spaces and ASCII escapes, or with CRLF line ends."""
    if style == "spaced":
        return [json.dumps(r, ensure_ascii=True).encode() + b"\n" for r in records]
    return [orjson.dumps(r) + (b"\r\n" if style == "crlf" else b"\n") for r in records]


def parquet_bytes(rows: pa.Table) -> bytes:
    """The bytes of a row group as a release writes it."""
    sink = io.BytesIO()
    pq.write_table(rows, sink, **WRITE_OPTIONS)
    return sink.getvalue()


def python_rows(record_type: str, lines: list[bytes]) -> pa.Table:
    """The rows the Python conversion makes of the lines."""
    return table(record_type, [orjson.loads(line) for line in lines])


def mutated(draw: st.DrawFn, value: Any) -> Any:
    """The value with one part replaced by any JSON value, or one key added to one of its objects."""
    places: list[tuple[Any, Any]] = []

    def walk(container: Any) -> None:
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, sub in list(items):
            places.append((container, key))
            if isinstance(sub, dict | list):
                walk(sub)

    walk(value)
    container, key = draw(st.sampled_from(places))
    if isinstance(container, dict) and draw(st.booleans()):
        container[draw(st.text(min_size=1, max_size=5))] = draw(JSON_VALUE)
    else:
        container[key] = draw(JSON_VALUE)
    return value


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@SOME
@given(data=st.data())
def test_arrow_reads_the_rows_python_converts(record_type: str, data: st.DataObject) -> None:
    records = data.draw(st.lists(values(record_node(record_type)), min_size=1, max_size=6))
    lines = lines_of(records, data.draw(st.sampled_from(["compact", "spaced", "crlf"])))
    fast = read_rows(record_type, lines)
    assert fast is not None
    assert parquet_bytes(fast) == parquet_bytes(python_rows(record_type, lines))


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@SOME
@given(data=st.data())
def test_a_value_python_refuses_is_refused_and_one_it_accepts_is_read_the_same(record_type: str, data: st.DataObject) -> None:
    records = data.draw(st.lists(values(record_node(record_type)), min_size=1, max_size=4))
    records[-1] = mutated(data.draw, records[-1])
    lines = lines_of(records, "compact")
    fast = read_rows(record_type, lines)
    try:
        slow = python_rows(record_type, lines)
    except (BuildError, OverflowError, pa.ArrowException):
        assert fast is None
        return
    assert fast is None or parquet_bytes(fast) == parquet_bytes(slow)


def one_line(record: dict[str, Any]) -> bytes:
    """A record as one JSON line."""
    return orjson.dumps(record) + b"\n"


def test_a_valid_record_of_each_type_is_read_by_arrow() -> None:
    assert {t: read_rows(t, [one_line(r)]) is not None for t, r in VALID.items()} == {t: t != "alignment" for t in RECORD_TYPES}


@pytest.mark.parametrize(
    ("record_type", "change"),
    [
        ("actor", {"actor_type": "alien"}),  # not a class label
        ("actor", {"name": None}),  # null where the schema allows none
        ("claim", {"cue": {"lemma": "say"}}),  # a required field of an optional object missing
        ("actor", {"nickname": "x"}),  # a key the schema does not define
        ("claim", {"speaker": {"actor_id": None, "pronoun": "she"}}),  # ... in a nested object
        ("actor", {"roles": [{"title": 3}]}),  # a number where text belongs
        ("article", {"paragraphs": [[0, 1, 2]]}),  # a pair of three
        ("claim", {"position": {"field": "body", "paragraph": 1.0}}),  # 1.0 is not an integer
        ("comparison", {"method": VALID["comparison"]["method"] | {"parameters": "x"}}),  # a free object held as a string
    ],
)
def test_arrow_steps_aside_where_it_would_read_otherwise(record_type: str, change: dict[str, Any]) -> None:
    assert read_rows(record_type, [one_line(VALID[record_type] | change)]) is None


def test_a_key_given_twice_is_left_to_python() -> None:
    twice = one_line(VALID["actor"]).replace(b'"name":', b'"name":"First","name":', 1)
    assert read_rows("actor", [twice]) is None
    assert python_rows("actor", [twice]).column("name").to_pylist() == [VALID["actor"]["name"]]  # the last one, as orjson reads it


def test_a_free_object_is_left_to_python() -> None:
    alignment = (EVERY_TYPE / "alignments.jsonl").read_bytes().splitlines(keepends=True)
    assert b'"parameters":{' in alignment[0]
    assert read_rows("alignment", alignment) is None


def test_records_put_in_replace_their_rows() -> None:
    lines = (EVERY_TYPE / "articles.jsonl").read_bytes().splitlines(keepends=True)
    lines = [*lines, lines[0]]
    changed = {1: article_without_text(orjson.loads(lines[1]), True)[0]}
    expected = table("article", [changed.get(n) or orjson.loads(line) for n, line in enumerate(lines)])
    got = rows_of("article", lines, read_rows("article", lines), changed)
    assert parquet_bytes(got) == parquet_bytes(expected)
    assert got.column("text").to_pylist()[1] is None and got.column("text").to_pylist()[0] is not None
    everything = {n: article_without_text(orjson.loads(line), True)[0] for n, line in enumerate(lines)}
    assert rows_of("article", lines, read_rows("article", lines), everything).column("text").null_count == 3


def without_texts(config: str, record: dict[str, Any]) -> dict[str, Any]:
    """Every article without its text (a release built with --no-text)."""
    return article_without_text(record, True)[0] if config == "articles" else record


def same(config: str, record: dict[str, Any]) -> dict[str, Any]:
    """Every record as it is."""
    return record


@pytest.mark.parametrize("source", [DATA, EVERY_TYPE])
@pytest.mark.parametrize("transform", [same, without_texts])
def test_the_row_group_writer_writes_the_bytes_of_write_release(source: Path, transform: Any, tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []
    located = locate([source], transform, lambda config, record: seen.append((config, record["id"])))
    counts = write_located(located, tmp_path / "fast", transform)
    records = {config: [transform(config, r) for r in rows] for config, rows in collect([source]).items()}
    assert counts == write_release(records, tmp_path / "slow")
    assert sorted(seen) == sorted((config, r["id"]) for config, rows in records.items() for r in rows)
    with_text = {r["id"] for r in collect([source])["articles"] if "text" in r}
    assert located.replaced.get("articles", set()) == (with_text if transform is without_texts else set())
    for config in counts:
        written = shard(tmp_path / "slow", config)  # write_release names its files by their content; write_located leaves that to the build
        assert written is not None and (tmp_path / "fast" / "data" / config / SHARD).read_bytes() == written.read_bytes(), config


def test_a_value_outside_the_schema_stops_the_row_group_writer_as_it_stops_python(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(EVERY_TYPE, folder)
    claims = folder / "claims" / "harbor-gazette.jsonl"
    records = [json.loads(line) for line in claims.read_text(encoding="utf-8").splitlines()]
    records[0]["kind"] = "rumour"
    claims.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with pytest.raises(BuildError, match=rf"claim {records[0]['id']}: /kind: 'rumour' is not one of the schema's values \(direct_quote, "):
        write_located(locate([folder]), tmp_path / "release", same)


@SOME
@given(record=st.dictionaries(st.sampled_from(["type", "id", "schema_version", "a", "z"]) | st.text(max_size=4), JSON_VALUE, max_size=6))
def test_the_index_digests_the_canonical_line(record: dict[str, Any]) -> None:
    assert canonical(record) == dumps(record)


def test_lines_come_in_id_order_in_pieces_that_keep_to_their_group(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(EVERY_TYPE, folder)
    actors = folder / "actors.jsonl"
    actors.write_bytes(actors.read_bytes().rstrip(b"\n"))  # the last line without its line feed
    located = locate([folder])
    pieces = list(read_lines(located, "actors", 2, 1))
    assert [len(ids) for ids, _ in pieces] == [1, 1, 1]
    assert [rid for ids, _ in pieces for rid in ids] == sorted(located.places["actors"])
    assert all(line.endswith(b"\n") and orjson.loads(line)["id"] == rid for ids, lines in pieces for rid, line in zip(ids, lines, strict=True))
    assert [len(ids) for ids, _ in read_lines(located, "actors", 2, 1 << 20)] == [2, 1]
