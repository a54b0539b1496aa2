"""The hand labels of headline against body on BASIL: their shape, their ids, and the scoring of bench_divergence."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from paths import CORPORA, ROOT, needs

from toolkit.importers import run_import
from toolkit.records import read_records
from toolkit.registry import OutletRegistry

FOLDER = ROOT / "tests" / "golden" / "headline-stance"


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_divergence", ROOT / "benchmarks" / "bench_divergence.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["basil.jsonl", "basil-second.jsonl"])
def test_labels_are_ids_and_fnc_labels_only(name: str) -> None:
    rows = [json.loads(line) for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()]
    assert rows and all(list(r) == ["article_id", "label"] and r["label"] in bench().LABELS for r in rows)
    assert [r["article_id"] for r in rows] == sorted({r["article_id"] for r in rows})


def test_the_second_pass_is_a_subset_and_the_readme_counts_hold() -> None:
    first, second = bench().read_labels(FOLDER / "basil.jsonl"), bench().read_labels(FOLDER / "basil-second.jsonl")
    assert len(first) == 90 and set(second) <= set(first)
    counts = {label: sum(v == label for v in first.values()) for label in bench().LABELS}
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert f"{counts['agree']} agree, {counts['discuss']} discuss, {counts['disagree']} disagree, {counts['unrelated']} unrelated" in readme


@needs(CORPORA / "basil")
def test_every_id_is_a_basil_article(tmp_path: Path) -> None:
    run_import("basil", CORPORA / "basil", tmp_path, OutletRegistry())
    ids = {r["id"] for _f, r in read_records([tmp_path]) if r.get("type") == "article"}
    assert set(bench().read_labels(FOLDER / "basil.jsonl")) == ids


def test_scores_against_a_majority_baseline() -> None:
    gold = {"a": "agree", "b": "agree", "c": "agree", "d": "discuss"}
    found = bench().scores(gold, {"a": "agree", "b": "discuss", "c": None, "d": "discuss"})
    assert found["accuracy"] == 0.5 and found["majority"] == {"label": "agree", "accuracy": 0.75}
    assert found["confusion"] == {"agree": {"agree": 1, "discuss": 1, "absent": 1}, "discuss": {"discuss": 1}}
    assert found["labels"]["discuss"]["precision"] == 0.5 and found["labels"]["agree"]["recall"] == pytest.approx(1 / 3)
