"""The contributor material works: CONTRIBUTING.md's examples validate, its code runs, the hook and workflow say what they should."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from toolkit.validate import validate
from toolkit.validate.discover import rank

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FOLDERS = {"outlet": "outlets.jsonl", "actor": "actors.jsonl", "article": "articles/example.jsonl", "claim": "claims/example.jsonl"}


def blocks(language: str) -> list[str]:
    """The fenced code blocks of CONTRIBUTING.md in one language."""
    return re.findall(rf"^```{language}\n(.*?)^```$", GUIDE, re.MULTILINE | re.DOTALL)


def example_lines() -> list[str]:
    """Every record line the guide shows."""
    return [line for block in blocks("jsonl") for line in block.splitlines()]


def test_guide_shows_one_line_of_each_type() -> None:
    assert sorted(json.loads(line)["type"] for line in example_lines()) == sorted(FOLDERS)


def test_guide_examples_validate(tmp_path: Path) -> None:
    for line in example_lines():
        path = tmp_path / "data" / FOLDERS[json.loads(line)["type"]]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(line + "\n", encoding="utf-8")
    report = validate([str(tmp_path / "data")], jobs=1)
    assert report.problems == []
    assert sum(report.records.values()) == len(FOLDERS)


def test_guide_code_makes_the_example_records() -> None:
    (code,) = blocks("python")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "CONTRIBUTING.md", "exec"), {})
    ids, line = out.getvalue().splitlines()
    records = {json.loads(example)["type"]: example for example in example_lines()}
    assert ids.split() == [json.loads(records["article"])["id"], json.loads(records["claim"])["id"]]
    assert json.loads(line)["id"] == json.loads(records["claim"])["id"]


def test_documented_read_order_is_the_validator_s() -> None:
    documented = ["data/outlets.jsonl", "data/actors.jsonl", "data/articles/a.jsonl", "data/events/a.jsonl", "data/claims/a.jsonl", "data/alignments/a.jsonl"]
    documented += ["data/comparisons/a.jsonl", "data/other/a.jsonl"]
    assert sorted(documented, key=rank) == documented


def load_yaml(name: str) -> Any:
    yaml = pytest.importorskip("yaml", reason="PyYAML reads the hook and workflow files")
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_pre_commit_hook() -> None:
    (hook,) = load_yaml(".pre-commit-hooks.yaml")
    assert (hook["id"], hook["language"], hook["entry"]) == ("parallax-validate", "python", "parallax validate")
    assert re.search(hook["files"], "data/claims/a.jsonl") and not re.search(hook["files"], "data/notes.json")
    assert hook["pass_filenames"] is False and hook["args"] == ["data"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts


def test_workflow_validates_pull_requests() -> None:
    workflow = load_yaml(".github/workflows/validate.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    steps = workflow["jobs"]["validate"]["steps"]
    assert any(step.get("with", {}).get("python-version") == "3.11" for step in steps)
    assert any("pip install" in step.get("run", "") for step in steps)
    assert any(step.get("run", "").strip() == "parallax validate --format github data" for step in steps)
