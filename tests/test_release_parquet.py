"""The Parquet part of a release: typed from the schemas, deterministic, atomic, and loaded by `datasets` offline."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from releasing import load

from toolkit.records import read_records
from toolkit.release import BuildError, build_parquet
from toolkit.release.atomic import release_lock
from toolkit.release.features import Kind, Node, RecordTypingError, arrow_schema, features, record_node, to_row
from toolkit.release.parquet import CONFIGS, record_files, shard
from toolkit.schemas import RECORD_TYPES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EVERY_TYPE = ROOT / "tests" / "golden" / "validate" / "valid-dataset" / "input"
TYPE_OF = {config: record_type for record_type, config in CONFIGS.items()}
pytestmark = pytest.mark.usefixtures("offline")


@pytest.fixture
def every_type(tmp_path: Path) -> Path:
    """Records of every type (the valid golden dataset), with an event's external ids filled in."""
    folder = tmp_path / "every-type"
    shutil.copytree(EVERY_TYPE, folder)
    events = folder / "events.jsonl"
    lines = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    lines[0]["external_ids"] = {"gdelt": "1187", "allsides_story": "nato-chief"}
    events.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return folder


def source_records(folder: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for _, record in read_records(record_files([folder])):
        found.setdefault(CONFIGS[record["type"]], []).append(record)
    return {config: sorted(records, key=lambda r: r["id"]) for config, records in found.items()}


def decoded(node: Node, value: Any) -> Any:
    """A loaded value back in its JSON form: labels as names, JSON columns parsed, absent fields dropped."""
    if value is None:
        return None
    if node.kind is Kind.STRUCT:
        out = {f.name: decoded(f.node, value[f.name]) for f in node.fields}
        return {k: v for k, v in out.items() if v is not None}
    if node.kind is Kind.LIST:
        assert node.item is not None
        return [decoded(node.item, item) for item in value]
    if node.kind is Kind.ENUM:
        return node.names[value]
    if node.kind is Kind.JSON:
        return json.loads(value)
    return value


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def has_null_type(data_type: pa.DataType) -> bool:
    if pa.types.is_null(data_type):
        return True
    if pa.types.is_struct(data_type):
        return any(has_null_type(data_type.field(i).type) for i in range(data_type.num_fields))
    if pa.types.is_list(data_type) or pa.types.is_fixed_size_list(data_type):
        return has_null_type(data_type.value_type)
    return False


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_column_is_typed_from_the_schema(record_type: str) -> None:
    schema = arrow_schema(record_type)
    assert not any(has_null_type(f.type) for f in schema)
    assert schema.field("id").nullable is False and schema.field("id").type == pa.string()
    assert features(record_type).arrow_schema.names == schema.names


def test_type_mapping_decisions() -> None:
    article, claim, event = features("article"), features("claim"), features("event")
    assert article["genre"] == datasets.ClassLabel(names=["reporting", "opinion", "analysis", "satire", "unknown"])
    assert article["published"] == datasets.Value("string")  # a date or a timestamp, kept as written
    assert arrow_schema("article").field("published").nullable is True  # anyOf [date, null]
    assert arrow_schema("article").field("paragraphs").type == pa.list_(pa.list_(pa.int64(), 2))
    assert claim["content"]["spans"].feature["start"] == datasets.Value("int64")
    assert claim["speaker"]["actor_id"] == datasets.Value("string")
    assert features("alignment")["method"]["parameters"] == datasets.Value("string")  # a free object, as JSON
    assert event["external_ids"] == {key: datasets.Value("string") for key in ("basil_triplet", "allsides_story", "pac_story", "gdelt", "event_registry")}
    assert features("outlet")["ratings"].feature["scale"].names[0] == "allsides_bias"


def test_a_value_outside_its_type_is_refused() -> None:
    record = {"type": "actor", "id": "x", "schema_version": "1.1.0", "name": "X", "actor_type": "person"}
    assert to_row("actor", record)["actor_type"] == "person"
    for bad, message in [
        ({"actor_type": "alien"}, "/actor_type: 'alien' is not one of the schema's values"),
        ({"name": None}, "/name: required and not nullable"),
        ({"nickname": "x"}, "keys the schema does not define: nickname"),
        ({"roles": [{"title": 3}]}, "/roles/0/title: expected a string"),
    ]:
        with pytest.raises(RecordTypingError, match=message):
            to_row("actor", record | bad)


@pytest.mark.parametrize("source", ["data", "every_type"])
def test_release_loads_with_declared_features_and_all_rows(source: str, request: pytest.FixtureRequest, tmp_path: Path, offline: Path) -> None:
    folder = DATA if source == "data" else request.getfixturevalue("every_type")
    expected = source_records(folder)
    release = tmp_path / "release"
    counts = build_parquet([folder], release)
    assert counts == {config: len(records) for config, records in expected.items()}
    if source == "every_type":
        assert set(counts) == set(CONFIGS.values())
    front = (release / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    card = yaml.safe_load(front)
    assert [c["config_name"] for c in card["configs"]] == list(counts)
    assert datasets.get_dataset_config_names(str(release)) == list(counts)
    loaded = {}
    for info in card["dataset_info"]:
        config = info["config_name"]
        declared = features(TYPE_OF[config])
        assert datasets.Features._from_yaml_list(info["features"]) == declared
        loaded[config] = load(release, config, offline)
        assert loaded[config].features == declared
        assert loaded[config].num_rows == counts[config]
        node = record_node(TYPE_OF[config])
        assert [decoded(node, row) for row in loaded[config]] == [without_nulls(r) for r in expected[config]]
    articles = {row["id"]: row for row in loaded["articles"]}
    field_names = loaded["claims"].features["content"]["spans"].feature["field"]
    checked = 0
    for claim in loaded["claims"]:
        article = articles[claim["article_id"]]
        for span in claim["content"]["spans"]:
            text = article["headline"] if field_names.int2str(span["field"]) == "headline" else article["text"]
            assert text[span["start"] : span["end"]] == span["exact"]
            checked += 1
    assert checked >= counts["claims"]


def is_lock(path: Path) -> bool:
    """Whether a file is the lock a build of the release beside it takes (it stays: removing it could let two builds in)."""
    return path == release_lock(path.parent / path.name.removeprefix(".parallax.").removesuffix(".lock"))


def test_building_twice_gives_the_same_bytes(every_type: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build_parquet([every_type], first)
    build_parquet([every_type], second)
    assert files_of(first) == files_of(second)
    before = files_of(first)
    build_parquet([every_type], first)  # a rebuild in place replaces the release with the same bytes
    assert files_of(first) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not is_lock(p)) == ["every-type", "first", "second"]  # no staging left behind
    table = pq.read_table(shard(first, "claims"))
    assert table.column("id").to_pylist() == sorted(table.column("id").to_pylist())
    assert table.schema.remove_metadata() == arrow_schema("claim")


def test_an_enum_value_outside_the_schema_fails_the_build(every_type: Path, tmp_path: Path) -> None:
    release = tmp_path / "release"
    build_parquet([every_type], release)
    before = files_of(release)
    claims = every_type / "claims" / "harbor-gazette.jsonl"
    records = [json.loads(line) for line in claims.read_text(encoding="utf-8").splitlines()]
    records[0]["kind"] = "rumour"
    claims.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with pytest.raises(BuildError, match=rf"claim {records[0]['id']}: /kind: 'rumour' is not one of the schema's values \(direct_quote, "):
        build_parquet([every_type], release)
    assert files_of(release) == before  # the previous release is untouched
    assert sorted(p.name for p in tmp_path.iterdir() if not is_lock(p)) == ["every-type", "release"]


def test_unknown_types_and_duplicate_ids_are_refused(every_type: Path, tmp_path: Path) -> None:
    extra = every_type / "extra.jsonl"
    extra.write_text(json.dumps({"type": "rumour", "id": "r1"}) + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match="unknown type 'rumour'"):
        build_parquet([every_type], tmp_path / "release")
    first_actor = (every_type / "actors.jsonl").read_text(encoding="utf-8").splitlines()[0]
    extra.write_text(first_actor + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match="is also in"):
        build_parquet([every_type], tmp_path / "release")
    assert not (tmp_path / "release").exists()


def test_kinds_seen_in_a_release_match_the_records(every_type: Path, tmp_path: Path, offline: Path) -> None:
    build_parquet([every_type], tmp_path / "release")
    claims = load(tmp_path / "release", "claims", offline)
    names = claims.features["kind"]
    seen = Counter(names.int2str(k) for k in claims["kind"])
    assert seen == Counter(r["kind"] for r in source_records(every_type)["claims"])
