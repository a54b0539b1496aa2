"""The Croissant description of a release: what mlcroissant validates offline, reads back, and the same bytes every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from toolkit.release.croissant import CroissantError, croissant, data_type, sha256, write_croissant
from toolkit.release.features import arrow_schema
from toolkit.release.parquet import CONFIGS, collect, shard, write_release

mlc = pytest.importorskip("mlcroissant", reason="mlcroissant (the test extra) validates the description")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TYPE_OF = {config: record_type for record_type, config in CONFIGS.items()}
OFFLINE = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "NO_PROXY": "*"}

INFO: dict[str, Any] = {
    "name": "Parallax",
    "description": "News outlets, the actors they quote, articles and the claims attributed in them.",
    "license": "https://spdx.org/licenses/Apache-2.0.html",
    "url": "https://example.org/parallax",
    "cite_as": "@misc{parallax, title = {Parallax}, year = {2026}}",
    "date_published": "2026-11-27",
    "version": "0.1.0",
    "data_biases": "Outlet ratings are the opinions of their raters.",
    "data_limitations": "Claims are extracted automatically and carry its error rate.",
    "personal_sensitive_information": "Names of public figures quoted in the news.",
}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No network and a throwaway cache for anything mlcroissant or the Hub libraries might fetch."""
    home = tmp_path_factory.mktemp("hf-home")
    for name, value in {**OFFLINE, "HF_HOME": str(home)}.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A release of the shipped data, with its croissant.json."""
    folder = tmp_path_factory.mktemp("release")
    counts = write_release(collect([DATA]), folder)
    write_croissant(folder, counts, INFO)
    return folder, counts


def document(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "croissant.json").read_text(encoding="utf-8"))
    return loaded


def test_the_cli_validates_it_offline(release: tuple[Path, dict[str, int]]) -> None:
    folder, _ = release
    cli = Path(sys.executable).with_name("mlcroissant")
    if not cli.exists():
        pytest.skip(f"no mlcroissant command beside {sys.executable}")
    command = [str(cli), "validate", "--jsonld", str(folder / "croissant.json")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, **OFFLINE}, cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Done." in done.stderr
    assert "not standard" not in done.stderr  # the @context is the standard one
    assert "error" not in done.stderr.lower()


def test_the_python_api_loads_it_without_issues(release: tuple[Path, dict[str, int]]) -> None:
    folder, counts = release
    dataset = mlc.Dataset(jsonld=folder / "croissant.json")
    assert not dataset.metadata.ctx.issues.errors
    assert not dataset.metadata.ctx.issues.warnings
    assert [rs.name for rs in dataset.metadata.record_sets] == list(counts)
    assert dataset.metadata.data_biases == [INFO["data_biases"]]
    assert dataset.metadata.data_limitations == [INFO["data_limitations"]]
    assert dataset.metadata.personal_sensitive_information == [INFO["personal_sensitive_information"]]


def test_the_dataset_says_what_info_says(release: tuple[Path, dict[str, int]]) -> None:
    folder, _ = release
    doc = document(folder)
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    expected = {"name": "name", "description": "description", "license": "license", "url": "url", "citeAs": "cite_as", "datePublished": "date_published"}
    assert {prop: doc[prop] for prop in expected} == {prop: INFO[key] for prop, key in expected.items()}
    assert doc["rai:dataBiases"] == INFO["data_biases"]
    assert doc["rai:dataLimitations"] == INFO["data_limitations"]
    assert doc["rai:personalSensitiveInformation"] == INFO["personal_sensitive_information"]


def test_a_file_object_per_parquet_file_with_its_hash(release: tuple[Path, dict[str, int]]) -> None:
    folder, counts = release
    files = document(folder)["distribution"]
    assert [f["contentUrl"] for f in files] == [shard(folder, config).relative_to(folder).as_posix() for config in counts]  # type: ignore[union-attr]
    for f in files:
        assert f["@type"] == "cr:FileObject"
        assert f["encodingFormat"] == "application/x-parquet"
        assert f["sha256"] == sha256(folder / f["contentUrl"])


def test_a_field_per_column_typed_from_arrow(release: tuple[Path, dict[str, int]]) -> None:
    folder, counts = release
    record_sets = {rs["name"]: rs for rs in document(folder)["recordSet"]}
    assert list(record_sets) == list(counts)
    for config, rs in record_sets.items():
        schema = pq.read_schema(shard(folder, config))
        assert schema.equals(arrow_schema(TYPE_OF[config]))
        assert [f["name"] for f in rs["field"]] == schema.names
        assert rs["key"] == {"@id": f"{config}/id"}
    outlets = {f["name"]: f for f in record_sets["outlets"]["field"]}
    assert outlets["id"]["dataType"] == "sc:Text"
    assert outlets["domains"]["repeated"] is True and outlets["domains"]["dataType"] == "sc:Text"
    provenance = {f["name"]: f for f in outlets["provenance"]["subField"]}
    assert provenance["confidence"]["dataType"] == "sc:Float"
    outlets_file = shard(folder, "outlets").relative_to(folder).as_posix()  # type: ignore[union-attr]
    source = {"fileObject": {"@id": outlets_file}, "extract": {"column": "provenance"}, "transform": {"jsonPath": "$.confidence"}}
    assert provenance["confidence"]["source"] == source
    ratings = {f["name"]: f for f in outlets["ratings"]["subField"]}
    assert ratings["rater"]["source"]["transform"] == {"jsonPath": "$.rater"}  # applied to each rating
    assert ratings["provenance"]["subField"][0]["source"]["transform"] == {"jsonPath": "$.provenance.method"}
    articles = {f["name"]: f for f in record_sets["articles"]["field"]}
    assert articles["text_length"]["dataType"] == "sc:Integer"
    assert articles["paragraphs"]["dataType"] == "sc:Integer" and articles["paragraphs"]["repeated"] is True
    rights = {f["name"]: f for f in articles["rights"]["subField"]}
    assert rights["redistributable"]["dataType"] == "sc:Boolean"
    claims = {f["name"]: f for f in record_sets["claims"]["field"]}
    spans = {f["name"]: f for f in claims["content"]["subField"]}["spans"]
    assert spans["repeated"] is True
    assert {f["name"]: f for f in spans["subField"]}["start"]["source"]["transform"] == {"jsonPath": "$.spans[*].start"}


def test_the_records_read_back_through_mlcroissant(release: tuple[Path, dict[str, int]]) -> None:
    """Actors (scalars, a list of strings, a list of structs, a struct) and outlet ids, read by mlcroissant from the Parquet files.

    mlcroissant renders the first level of nesting as nested dicts; deeper levels it lifts to the top of the record,
    so those are checked in the description (test_a_field_per_column_typed_from_arrow) rather than read back.
    """
    folder, counts = release
    dataset = mlc.Dataset(jsonld=folder / "croissant.json")
    read = list(dataset.records(record_set="actors"))
    assert len(read) == counts["actors"]
    expected = collect([DATA])["actors"]
    for record, actor in zip(read, expected, strict=True):
        assert record["actors/id"] == actor["id"].encode("utf-8")
        assert record["actors/name"] == actor["name"].encode("utf-8")
        assert record["actors/aliases"] == ([a.encode("utf-8") for a in actor["aliases"]] if actor.get("aliases") else None)
        assert record["actors/provenance"]["actors/provenance/method"] == actor["provenance"]["method"].encode("utf-8")
        roles = [role.get("title") for role in actor.get("roles") or []]
        got = [role["actors/roles/title"] for role in record["actors/roles"]]
        # mlcroissant renders a null list of structs as one item of nulls
        assert got == ([title.encode("utf-8") if title else None for title in roles] if roles else [None])
    outlets = [record["outlets/id"] for record in dataset.records(record_set="outlets")]
    assert outlets == [outlet["id"].encode("utf-8") for outlet in collect([DATA])["outlets"]]


def test_the_same_bytes_every_time(release: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    folder, counts = release
    first = (folder / "croissant.json").read_bytes()
    assert write_croissant(folder, counts, INFO).read_bytes() == first
    other = tmp_path / "again"
    other.mkdir()
    assert write_croissant(other, write_release(collect([DATA]), other), INFO).read_bytes() == first
    assert first.endswith(b"}\n") and not first.endswith(b"\n\n")
    assert json.dumps(json.loads(first), sort_keys=True, indent=2, ensure_ascii=False).encode("utf-8") + b"\n" == first


def test_bad_information_is_refused(release: tuple[Path, dict[str, int]]) -> None:
    folder, counts = release
    with pytest.raises(CroissantError, match="without cite_as"):
        croissant(folder, counts, {k: v for k, v in INFO.items() if k != "cite_as"})
    with pytest.raises(CroissantError, match="not a date"):
        croissant(folder, counts, {**INFO, "date_published": "yesterday"})
    with pytest.raises(CroissantError, match="unknown release information: funding"):
        croissant(folder, counts, {**INFO, "funding": "none"})
    with pytest.raises(CroissantError, match="unknown configs"):
        croissant(folder, {**counts, "tweets": 1}, INFO)
    with pytest.raises(CroissantError, match="missing"):
        croissant(folder / "nowhere", counts, INFO)


def test_arrow_scalars_map_to_croissant_types() -> None:
    import pyarrow as pa

    assert [data_type(t) for t in (pa.string(), pa.int64(), pa.float64(), pa.bool_())] == ["sc:Text", "sc:Integer", "sc:Float", "sc:Boolean"]
    with pytest.raises(CroissantError, match="no Croissant data type"):
        data_type(pa.binary())
