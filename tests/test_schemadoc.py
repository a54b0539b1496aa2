"""docs/schema.md is the rendering of the schemas, and names every field and every allowed value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from maintainer.schemadoc import render_schema_doc
from toolkit.schemas import RECORD_TYPES, load_schemas

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "schema.md"
ROW_PATH = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every object inside a JSON value, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


@pytest.fixture(scope="module")
def rendered() -> str:
    return render_schema_doc()


def test_doc_is_the_rendering(rendered: str) -> None:
    assert DOC.read_text(encoding="utf-8") == rendered, "docs/schema.md is stale: run `python -m maintainer.schemadoc > docs/schema.md`"


def test_rendering_is_deterministic(rendered: str) -> None:
    assert render_schema_doc() == rendered


def test_every_property_has_a_row(rendered: str) -> None:
    last_segments = {path.rsplit(".", 1)[-1].removesuffix("[]") for path in ROW_PATH.findall(rendered)}
    names = {name for schema in load_schemas().values() for node in walk(schema) for name in node.get("properties", {})}
    assert names - last_segments == set()


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_record_type_has_its_section(rendered: str, record_type: str) -> None:
    schema = load_schemas()[f"{record_type}.schema.json"]
    section = rendered.split(f"\n## {record_type}\n", 1)[1].split("\n## ", 1)[0]
    assert schema["$id"] in section
    assert schema["description"] in section
    for name in schema["properties"]:
        assert f"| `{name}` |" in section


def test_nested_fields_are_dotted_paths(rendered: str) -> None:
    claim = rendered.split("\n## claim\n", 1)[1].split("\n## ", 1)[0]
    for path in ("speaker.mention.spans[].start", "content.spans[].exact", "framing[].provenance.method", "framing[].attributes.aim"):
        assert f"| `{path}` |" in claim


def test_every_enum_value_appears(rendered: str) -> None:
    values = {value for schema in load_schemas().values() for node in walk(schema) for value in node.get("enum", ())}
    assert {value for value in values if f"`{value}`" not in rendered} == set()


def test_every_pattern_and_source_appears(rendered: str) -> None:
    nodes = [node for schema in load_schemas().values() for node in walk(schema)]
    patterns = {node["pattern"] for node in nodes if isinstance(node.get("pattern"), str)}
    sources = {node["$comment"].removeprefix("source:").strip() for node in nodes if isinstance(node.get("$comment"), str)}
    assert {p for p in patterns if f"`{p}`" not in rendered and f"`{p.replace('|', chr(92) + '|')}`" not in rendered} == set()
    assert {s for s in sources if s not in rendered} == set()


def test_every_shared_definition_has_an_entry(rendered: str) -> None:
    for name in load_schemas()["defs.schema.json"]["$defs"]:
        assert f"#### `{name}`" in rendered


def test_type_links_point_at_entries(rendered: str) -> None:
    anchors = {name for name in re.findall(r"^#### `([^`]+)`$", rendered, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([a-z0-9_]+)\)", rendered)) - {*RECORD_TYPES, "shared-definitions", "how-ids-are-derived"}
    assert links - anchors == set()


def test_ids_example_is_the_library_s(rendered: str) -> None:
    from toolkit.records import derive_id

    example = {"type": "comparison", "event_id": "evt_0123456789abcdef", "outlet_id": "example-news"}
    assert f"gets the id `{derive_id(example)}`" in rendered
