"""Meta tests of the schemas: valid 2020-12, versioned ids, resolvable refs, vocabularies that agree with their sources, shipped in the wheel."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import referencing
from jsonschema import Draft202012Validator
from paths import SHARED, needs

from toolkit.schemas import BASE_URI, RECORD_TYPES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schemas"
NAMES = sorted(path.name for path in SCHEMA_DIR.glob("*.schema.json"))
DRAFT = "https://json-schema.org/draft/2020-12/schema"

VOCABULARIES = SHARED / "design" / "vocabularies.json"


def load(name: str) -> dict[str, Any]:
    """One schema from the top-level schemas/ folder."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def nodes(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object inside a schema with its JSON Pointer, depth first."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from nodes(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from nodes(value, f"{pointer}/{index}")


def branch(schema: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    """The `then` of the if/then rule that applies when `field` has the const `value`."""
    for rule in schema.get("allOf", ()):
        if rule.get("if", {}).get("properties", {}).get(field, {}).get("const") == value:
            return dict(rule["then"])
    raise AssertionError(f"no rule for {field} = {value}")


ENUMS = [(name, pointer) for name in NAMES for pointer, node in nodes(load(name)) if "enum" in node]
# Enums that come from vocabularies.json but carry no $comment naming it; reported to the schema owners.


@pytest.fixture(scope="module")
def vocabularies() -> dict[str, Any]:
    return dict(json.loads(VOCABULARIES.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def defs() -> dict[str, Any]:
    return dict(load("defs.schema.json")["$defs"])


def string_lists(node: Any, top: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every list of strings in vocabularies.json, with the top-level key it sits under."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from string_lists(value, top or key)
    elif isinstance(node, list) and node and all(isinstance(item, str) for item in node):
        yield top, [re.split(r" \(|/", item)[0] for item in node]


# Schema validity, ids, references


def test_every_record_type_has_a_schema() -> None:
    assert sorted([*(f"{t}.schema.json" for t in RECORD_TYPES), "defs.schema.json"]) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = load(name)
    assert schema["$schema"] == DRAFT
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_id_is_versioned(name: str) -> None:
    assert load(name)["$id"] == f"{BASE_URI}{name}"
    assert re.fullmatch(r"https://parallax-toolkit\.org/schemas/[1-9][0-9]*/[a-z]+\.schema\.json", load(name)["$id"])


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_record_schema_names_its_type(record_type: str) -> None:
    schema = load(f"{record_type}.schema.json")
    assert schema["properties"]["type"] == {"description": "Record type.", "const": record_type}
    assert {"type", "id", "schema_version"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("name", NAMES)
def test_refs_resolve(name: str) -> None:
    schemas = [load(other) for other in NAMES]
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (schema["$id"], referencing.Resource.from_contents(schema)) for schema in schemas
    )
    schema = load(name)
    resolver = registry.resolver(base_uri=schema["$id"])
    refs = [node["$ref"] for _, node in nodes(schema) if isinstance(node.get("$ref"), str)]
    for ref in refs:
        assert isinstance(resolver.lookup(ref).contents, dict), ref


def test_every_shared_definition_is_used() -> None:
    used = {ref.rsplit("/", 1)[-1] for name in NAMES for _, node in nodes(load(name)) for ref in [node.get("$ref")] if isinstance(ref, str)}
    assert set(load("defs.schema.json")["$defs"]) - used == set()


# Controlled vocabularies


def test_every_comment_names_a_source() -> None:
    comments = [(name, pointer, node["$comment"]) for name in NAMES for pointer, node in nodes(load(name)) if "$comment" in node]
    assert comments
    assert [c for c in comments if not c[2].startswith("source: ")] == []


@pytest.mark.parametrize(("name", "pointer"), ENUMS)
@needs(VOCABULARIES)
def test_vocabulary_enum_names_its_source(vocabularies: dict[str, Any], name: str, pointer: str) -> None:
    node = dict(nodes(load(name)))[pointer]
    sources = {top for top, values in string_lists(vocabularies) if len(set(node["enum"]) & set(values)) >= 2}
    if not sources:
        return  # the project's own list, not a controlled vocabulary
    comment = node.get("$comment", "")
    assert "vocabularies.json" in comment and any(source in comment for source in sources), f"{name}#{pointer}: $comment should name one of {sorted(sources)}"


@needs(VOCABULARIES)
def test_verb_classes_agree(vocabularies: dict[str, Any], defs: dict[str, Any]) -> None:
    classes = [re.match(r"[a-z_]+", item).group(0) for item in vocabularies["attribution_verb_classes"]["classes"]]  # type: ignore[union-attr]
    assert defs["verb_class"]["enum"] == classes


@needs(VOCABULARIES)
def test_basil_labels_agree(vocabularies: dict[str, Any], defs: dict[str, Any]) -> None:
    basil = vocabularies["basil"]["phrase_level"]
    rule = branch(defs["framing_label"], "scheme", "basil")["properties"]
    assert rule["label"]["enum"] == basil["bias"]
    for attribute in ("polarity", "aim", "quote"):
        assert rule["attributes"]["properties"][attribute]["enum"] == basil[attribute]


@needs(VOCABULARIES)
def test_persuasion_techniques_agree(vocabularies: dict[str, Any], defs: dict[str, Any]) -> None:
    groups = vocabularies["semeval2023_t3_persuasion"]["groups"].values()
    rule = branch(defs["framing_label"], "scheme", "semeval2023_persuasion")["properties"]
    assert rule["label"]["enum"] == [label for group in groups for label in group]


@needs(VOCABULARIES)
def test_newswcl50_properties_agree(vocabularies: dict[str, Any], defs: dict[str, Any]) -> None:
    rule = branch(defs["framing_label"], "scheme", "newswcl50")["properties"]
    assert rule["label"]["enum"] == vocabularies["newswcl50"]["property_codes"]


@needs(VOCABULARIES)
def test_mfc_codes_agree(vocabularies: dict[str, Any], defs: dict[str, Any]) -> None:
    mfc = vocabularies["mfc_frames"]
    codes = list(mfc["codes"])
    suffixes = [key.removeprefix("X") for key in mfc["suffixes"] if key.startswith("X")]
    allowed = {*codes, *(code + suffix for code in codes for suffix in suffixes), *(key for key in mfc["suffixes"] if not key.startswith("X"))}
    pattern = re.compile(branch(defs["framing_label"], "scheme", "mfc")["properties"]["label"]["pattern"])
    candidates = {f"{number}{suffix}" for number in range(0, 20) for suffix in ("", ".0", ".1", ".2", ".3")} | {"01", "1.", "16"}
    assert {c for c in candidates if bool(pattern.search(c)) != (c in allowed)} == set()


@needs(VOCABULARIES)
def test_headline_stance_agrees(vocabularies: dict[str, Any]) -> None:
    measure = load("comparison.schema.json")["properties"]["measures"]["properties"]["headline_divergence"]
    assert measure["properties"]["label"]["enum"] == vocabularies["headline_body_stance"]["labels"]


@pytest.mark.parametrize(
    ("scale", "source"),
    [
        ("allsides_bias", "AllSides"),
        ("mbfc_bias", "MBFC_bias(ramybaly)"),
        ("mbfc_factuality", "MBFC_fact(ramybaly)"),
        ("groundnews_bias", "GroundNews_bias(7)"),
        ("groundnews_factuality", "GroundNews_factuality"),
    ],
)
@needs(VOCABULARIES)
def test_rating_scales_agree(vocabularies: dict[str, Any], defs: dict[str, Any], scale: str, source: str) -> None:
    rule = branch(defs["rating"], "scale", scale)["properties"]
    assert rule["value"]["enum"] == vocabularies["outlet_rating_scales"][source]


@needs(VOCABULARIES)
def test_genres_include_semeval(vocabularies: dict[str, Any]) -> None:
    genres = load("article.schema.json")["properties"]["genre"]["enum"]
    assert set(vocabularies["semeval2023_t3_genre"]["labels"]) <= set(genres)


# Shipping


def test_package_ships_the_schemas() -> None:
    shipped = resources.files("toolkit") / "schemas"
    assert sorted(entry.name for entry in shipped.iterdir() if entry.name.endswith(".schema.json")) == NAMES
    for name in NAMES:
        assert (shipped / name).read_bytes() == (SCHEMA_DIR / name).read_bytes(), name


def copy_source(target: Path) -> None:
    """The files a wheel is built from, copied so the build leaves the work tree untouched."""
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(SCHEMA_DIR, target / "schemas")
    shutil.copytree(ROOT / "toolkit", target / "toolkit", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))


def test_wheel_ships_the_schemas(tmp_path: Path) -> None:
    # pyproject's PEP 639 license string needs setuptools 77 or later; the build runs offline in this environment.
    pytest.importorskip("setuptools", minversion="77")
    source, out = tmp_path / "src", tmp_path / "wheels"
    source.mkdir()
    copy_source(source)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(out), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in NAMES:
            assert archive.read(f"toolkit/schemas/{name}") == (SCHEMA_DIR / name).read_bytes(), name
