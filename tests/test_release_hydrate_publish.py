"""parallax hydrate puts verified texts back into a text-less release; parallax publish --dry-run lists what it would send."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from releasing import load

from toolkit import flows
from toolkit.cli import cli
from toolkit.flows import Session
from toolkit.records import read_records
from toolkit.release.hydrate import hydrate
from toolkit.release.manifest import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
EVERY_TYPE = ROOT / "tests" / "golden" / "validate" / "valid-dataset" / "input"


def texts(folder: Path) -> dict[str, str]:
    """Article texts by id under a data folder."""
    return {r["id"]: r["text"] for _, r in read_records([folder]) if r.get("type") == "article" and "text" in r}


def test_hydrating_restores_every_text_and_the_manifest_agrees(tmp_path: Path, offline: Path) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0", no_text=True)
    assert set(load(tmp_path / "release", "articles", offline)["text"]) == {None}  # the cache now holds the text-less rows
    done = hydrate(tmp_path / "release", [EVERY_TYPE])
    assert (done.restored, done.missing) == (len(texts(EVERY_TYPE)), 0)
    articles = load(tmp_path / "release", "articles", offline)
    assert dict(zip(articles["id"], articles["text"], strict=True)) == texts(EVERY_TYPE)
    described = json.loads((tmp_path / "release" / "croissant.json").read_text(encoding="utf-8"))["distribution"]
    for file in described:
        assert hashlib.sha256((tmp_path / "release" / file["contentUrl"]).read_bytes()).hexdigest() == file["sha256"]
    for line in (tmp_path / "release" / MANIFEST).read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((tmp_path / "release" / name).read_bytes()).hexdigest() == digest


def test_a_text_that_does_not_hash_right_is_not_restored(tmp_path: Path) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0", no_text=True)
    copy = tmp_path / "copy"
    shutil.copytree(EVERY_TYPE, copy)
    path = copy / "articles.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records[0]["text"] = records[0]["text"].replace("bridge", "brigde", 1)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(cli, ["hydrate", str(tmp_path / "release"), "--from", str(copy), "--out", str(tmp_path / "hydrated")])
    assert result.exit_code == 1 and "1 not found in the sources" in result.output


def test_publish_dry_run_lists_every_file_and_sends_nothing(tmp_path: Path) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0")
    result = CliRunner().invoke(cli, ["publish", str(tmp_path / "release"), "--repo", "example-org/harbor-news", "--dry-run"])
    assert result.exit_code == 0, result.output
    sent = [p.relative_to(tmp_path / "release").as_posix() for p in (tmp_path / "release").rglob("*") if p.is_file()]
    assert all(name in result.output for name in sent)
    assert f"would send {len(sent)} files" in result.output


def test_publish_refuses_a_folder_that_is_not_a_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", str(tmp_path), "--repo", "example-org/harbor-news", "--dry-run"])
    assert result.exit_code == 1 and "not a release folder" in result.output
