"""One rule for which files hold records: .jsonl and .ndjson files, outside dot-files and dot-folders, read alike by every command."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from toolkit import flows
from toolkit.flows import Session
from toolkit.records import read_records, record_files
from toolkit.score import score_claims
from toolkit.validate import validate


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def as_ndjson(dataset: Path, folder: Path) -> Path:
    """A copy of a data folder with its article and claim files named .ndjson."""
    shutil.copytree(dataset, folder)
    for kind in ("articles", "claims"):
        for file in (folder / kind).glob("*.jsonl"):
            file.rename(file.with_suffix(".ndjson"))
    return folder


def no_claims(article: dict[str, Any], actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """An extractor that finds nothing, so that extraction writes the articles it read."""
    return []


def test_a_folder_holds_its_jsonl_and_ndjson_files_outside_dot_names(tmp_path: Path) -> None:
    for name in ("b.ndjson", "a.jsonl", "notes.json", "README.md", ".hidden.jsonl", ".git/HEAD.jsonl", "sub/c.jsonl", "sub/.cache/d.ndjson"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    assert record_files([tmp_path]) == [tmp_path / "a.jsonl", tmp_path / "b.ndjson", tmp_path / "sub" / "c.jsonl"]
    assert record_files([tmp_path / "notes.json"]) == [tmp_path / "notes.json"]  # a file named on its own is read whatever its name


def test_ndjson_records_are_read_validated_and_extracted_like_jsonl(dataset: Path, tmp_path: Path) -> None:
    ndjson = as_ndjson(dataset, tmp_path / "ndjson")
    assert [r for _, r in read_records([ndjson])] == [r for _, r in read_records([dataset])]
    assert validate([str(ndjson)]).records == validate([str(dataset)]).records
    summaries = [flows.extract(Session(None), [folder], tmp_path / f"out-{folder.name}", no_claims) for folder in (dataset, ndjson)]
    assert summaries[0] == summaries[1] and summaries[0].written["article"] == 1
    assert snapshot(tmp_path / "out-data") == snapshot(tmp_path / "out-ndjson")


def test_ndjson_records_are_aligned_and_scored_like_jsonl(dataset: Path, tmp_path: Path) -> None:
    ndjson = as_ndjson(dataset, tmp_path / "ndjson")
    summaries = [flows.align(Session(None), folder, tmp_path / f"aligned-{folder.name}") for folder in (dataset, ndjson)]
    assert summaries[0] == summaries[1]
    assert snapshot(tmp_path / "aligned-data") == snapshot(tmp_path / "aligned-ndjson")
    scores = score_claims([dataset], [ndjson]).to_dict()
    assert scores == score_claims([dataset], [dataset]).to_dict() and scores["articles"]["paired"] == 1
