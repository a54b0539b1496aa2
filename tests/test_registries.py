"""The registries shipped in the package, and how a project's and a folder's own extend and override them."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit.records import with_id, write_jsonl
from toolkit.registry import PACKAGED, Registries, packaged_version
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_packaged_registries_validate_and_hold_facts_only() -> None:
    folder = Path(str(PACKAGED))
    report = validate([str(folder / "outlets.jsonl"), str(folder / "actors.jsonl")], jobs=1)
    assert report.problems == [] and report.records["outlet"] > 1000 and report.records["actor"] >= 8
    assert not any("ratings" in outlet for outlet in lines(folder / "outlets.jsonl"))
    assert packaged_version()


def test_the_packaged_outlets_are_this_projects_registry_without_its_ratings() -> None:
    ours = [{k: v for k, v in outlet.items() if k != "ratings"} for outlet in lines(ROOT / "data" / "outlets.jsonl")]
    assert lines(Path(str(PACKAGED)) / "outlets.jsonl") == ours


def test_outside_any_folder_the_packaged_registries_resolve() -> None:
    found = Registries.load()
    assert found.outlets.find(name="Reuters") == "reuters" and found.outlets.find(url="https://www.foxnews.com/politics/x") == "fox-news"
    assert "mark-rutte" in found.actors and found.layers == [f"the packaged registries {packaged_version()}"]


def test_a_project_overrides_by_id_and_its_names_win_and_a_folder_overrides_the_project(tmp_path: Path) -> None:
    project, folder = tmp_path / "project", tmp_path / "out"
    reuters = with_id({"type": "outlet", "name": "Reuters", "aliases": ["The Wire"], "country": "GB"})
    bugle = with_id({"type": "outlet", "name": "Daily Bugle", "aliases": ["Fox News"], "domains": ["bugle.example"]})
    write_jsonl(project / "outlets.jsonl", [reuters, bugle])
    write_jsonl(project / "actors.jsonl", [with_id({"type": "actor", "name": "Mark Rutte", "actor_type": "person", "aliases": ["Rutte", "Mr Rutte"]})])
    write_jsonl(folder / "actors.jsonl", [with_id({"type": "actor", "name": "Mark Rutte", "actor_type": "person", "aliases": ["MR"]})])
    found = Registries.load(project, folder)
    assert found.outlets.outlets["reuters"] == reuters and found.outlets.find(name="The Wire") == "reuters"
    assert found.outlets.find(name="Fox News") == "daily-bugle"  # the project's alias wins over the packaged name
    assert found.outlets.find(name="Breitbart") == "breitbart-news"  # what the project does not override stays
    assert found.actors["mark-rutte"]["aliases"] == ["MR"]  # the nearest layer's record replaces the others
    assert len(found.layers) == 3 and found.describe().startswith(f"{len(found.outlets.outlets):,} outlets")
