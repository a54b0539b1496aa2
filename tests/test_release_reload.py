"""A release rebuilt into the same folder loads fresh through the line `parallax build` prints, with a warm datasets cache."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import datasets
from click.testing import CliRunner

from toolkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EVERY_TYPE = ROOT / "tests" / "golden" / "validate" / "valid-dataset" / "input"
PRINTED = re.compile(r'load it with: datasets\.load_dataset\("(?P<path>[^"]+)", "(?P<config>[^"]+)"\)')
CONFIGS = ("outlets", "actors", "articles", "claims", "events", "alignments", "comparisons")


def built_and_loaded(data: Path, out: Path) -> dict[str, list[dict[str, Any]]]:
    """Build with the command line, then load every config as the printed line does (no cache_dir, no download mode)."""
    result = CliRunner().invoke(cli, ["build", str(data), "--out", str(out), "--date", "2026-12-07"])
    assert result.exit_code == 0, result.output
    printed = PRINTED.search(result.output)
    assert printed, result.output
    loaded = {}
    for config in CONFIGS:
        dataset = datasets.load_dataset(printed["path"], config)
        assert isinstance(dataset, datasets.DatasetDict)
        loaded[config] = dataset["train"].to_list()
    return loaded


def rewrite(path: Path, change: Any) -> None:
    """Rewrite a JSON Lines file with `change` applied to its list of records."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    path.write_text("".join(json.dumps(r) + "\n" for r in change(records)), encoding="utf-8")


def test_a_rebuilt_release_loads_its_new_rows_with_a_warm_cache(tmp_path: Path, offline: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EVERY_TYPE, data)
    before = built_and_loaded(data, tmp_path / "release")
    assert len(before["actors"]) == 3
    again = built_and_loaded(data, tmp_path / "release")  # the cache is warm: the same release, from it
    assert again == before

    def renamed(outlets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [outlets[0] | {"aliases": [*outlets[0].get("aliases", []), "The Harbor Daily"]}, *outlets[1:]]

    def one_more(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [*actors, {"type": "actor", "id": "ines-marlow", "schema_version": "1.0.0", "actor_type": "person", "name": "Ines Marlow"}]

    rewrite(data / "outlets.jsonl", renamed)
    rewrite(data / "actors.jsonl", one_more)
    after = built_and_loaded(data, tmp_path / "release")
    assert "The Harbor Daily" in [alias for outlet in after["outlets"] for alias in outlet["aliases"] or ()]
    assert "Ines Marlow" in [actor["name"] for actor in after["actors"]]
    assert {config: after[config] for config in CONFIGS if config not in ("outlets", "actors")} == {
        config: before[config] for config in CONFIGS if config not in ("outlets", "actors")
    }
