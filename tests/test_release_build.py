"""parallax build: validated first, rights-aware text, changelog, manifest, identical bytes, and a killed build harmless."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from releasing import load

from toolkit import flows
from toolkit.cli import cli
from toolkit.flows import Session
from toolkit.release import build
from toolkit.release.build import ReleaseRefused
from toolkit.release.manifest import INDEX, MANIFEST, changes, read_index, write_index

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EVERY_TYPE = ROOT / "tests" / "golden" / "validate" / "valid-dataset" / "input"


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a release, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_shipped_data_builds_and_loads(tmp_path: Path, offline: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(DATA), "--out", str(tmp_path / "release")])
    assert result.exit_code == 0, result.output
    assert "load it with: datasets.load_dataset(" in result.output
    claims = load(tmp_path / "release", "claims", offline)
    assert claims.num_rows == 12
    articles = load(tmp_path / "release", "articles", offline)
    assert articles[0]["text"] is None and articles[0]["text_sha256"]  # the seed's rights do not allow its text


def test_invalid_data_builds_nothing_and_keeps_the_previous_release(tmp_path: Path) -> None:
    flows.build(Session(None), DATA, tmp_path / "release", "1.0.0")
    before = files(tmp_path / "release")
    bad = tmp_path / "bad"
    shutil.copytree(EVERY_TYPE, bad)
    with open(bad / "claims" / "harbor-gazette.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"type": "claim", "id": "clm_0000000000000000"}\n')
    with pytest.raises(ReleaseRefused) as refused:
        flows.build(Session(None), bad, tmp_path / "release", "1.0.1")
    assert refused.value.report.errors > 0
    assert files(tmp_path / "release") == before


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path: Path) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "a", "1.0.0")
    flows.build(Session(None), EVERY_TYPE, tmp_path / "b", "1.0.0")
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_changelog_names_what_was_added_removed_and_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EVERY_TYPE, data)
    flows.build(Session(None), data, tmp_path / "release", "1.0.0")
    outlets = data / "outlets.jsonl"
    lines = [json.loads(line) for line in outlets.read_text(encoding="utf-8").splitlines()]
    lines[0]["aliases"] = [*lines[0].get("aliases", []), "The Gazette Online"]
    outlets.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    release = flows.build(Session(None), data, tmp_path / "release", "1.1.0")
    assert release.changes["outlets"]["changed"] == [lines[0]["id"]]
    assert all(not kinds["added"] and not kinds["removed"] for kinds in release.changes.values())
    changelog = (tmp_path / "release" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "# Changes in 1.1.0" in changelog and lines[0]["id"] in changelog


def test_no_text_leaves_every_text_out_and_keeps_hashes(tmp_path: Path, offline: Path) -> None:
    release = flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0", no_text=True)
    assert release.texts_dropped > 0
    articles = load(tmp_path / "release", "articles", offline)
    assert all(text is None for text in articles["text"]) and all(articles["text_sha256"])


def test_the_card_and_croissant_describe_the_release(tmp_path: Path) -> None:
    import subprocess as run

    from huggingface_hub import DatasetCard

    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "2.0.0", date="2026-11-27")
    card = DatasetCard.load(tmp_path / "release" / "README.md")
    assert {c["config_name"] for c in card.data.to_dict()["configs"]} == {"outlets", "actors", "articles", "claims", "events", "alignments", "comparisons"}
    assert "## Bias, Risks, and Limitations" in card.text
    croissant = json.loads((tmp_path / "release" / "croissant.json").read_text(encoding="utf-8"))
    assert (croissant["version"], croissant["datePublished"]) == ("2.0.0", "2026-11-27")
    checked = run.run(
        [str(Path(sys.executable).parent / "mlcroissant"), "validate", "--jsonld", str(tmp_path / "release" / "croissant.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr


def test_manifest_holds_the_hash_of_every_other_file(tmp_path: Path) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0")
    listed = dict(reversed(line.split("  ", 1)) for line in (tmp_path / "release" / MANIFEST).read_text().splitlines())
    present = {name: hashlib.sha256(data).hexdigest() for name, data in files(tmp_path / "release").items() if name != MANIFEST}
    assert listed == present


@pytest.mark.slow  # about 5 s: builds a release in a process and kills it
def test_a_build_killed_midway_leaves_the_previous_release_as_it_was(tmp_path: Path) -> None:
    flows.build(Session(None), DATA, tmp_path / "release", "1.0.0")
    before = files(tmp_path / "release")
    big = tmp_path / "big"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "40000", str(big)], check=True)
    build = subprocess.Popen([sys.executable, "-m", "toolkit", "build", str(big), "--out", str(tmp_path / "release")], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".release.*.building")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)  # kill once the build writes into its staging folder, not while it still validates
    assert build.poll() is None, "the build ended before it could be killed"
    time.sleep(0.3)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert files(tmp_path / "release") == before
    flows.build(Session(None), DATA, tmp_path / "release", "1.0.1")
    assert not list(tmp_path.glob(".release.*"))


def test_large_data_validated_while_the_release_is_built_gives_the_same_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flows.build(Session(None), EVERY_TYPE, tmp_path / "first", "1.0.0")
    monkeypatch.setattr(build, "BACKGROUND_BYTES", 0)
    flows.build(Session(None), EVERY_TYPE, tmp_path / "alongside", "1.0.0")
    assert files(tmp_path / "alongside") == files(tmp_path / "first")
    assert gc.isenabled()


def test_large_data_that_does_not_validate_is_refused_however_the_build_fares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "BACKGROUND_BYTES", 0)
    flows.build(Session(None), EVERY_TYPE, tmp_path / "release", "1.0.0")
    before = files(tmp_path / "release")
    bad_claim, no_rights = tmp_path / "bad-claim", tmp_path / "no-rights"
    shutil.copytree(EVERY_TYPE, bad_claim)
    with open(bad_claim / "claims" / "harbor-gazette.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"type": "claim", "id": "clm_0000000000000000"}\n')  # the build stops at its missing fields
    shutil.copytree(EVERY_TYPE, no_rights)
    lines = [json.loads(line) for line in (no_rights / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    del lines[0]["rights"]  # the build needs an article's rights to release its text
    (no_rights / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    for data in (bad_claim, no_rights, tmp_path / "missing"):
        with pytest.raises(ReleaseRefused) as refused:
            flows.build(Session(None), data, tmp_path / "release", "1.0.1")
        assert refused.value.report.errors > 0
    assert files(tmp_path / "release") == before
    assert not list(tmp_path.glob(".release.*"))


def test_the_index_reads_back_and_changes_are_found_per_config(tmp_path: Path) -> None:
    index = {"claims": {"clm_2": "b", "clm_1": "a"}, "actors": {"x": "c"}}
    write_index(tmp_path, index)
    assert (tmp_path / INDEX).read_text(encoding="utf-8") == "config\tid\tsha256\nactors\tx\tc\nclaims\tclm_1\ta\nclaims\tclm_2\tb\n"
    assert read_index(tmp_path) == index
    now = {"claims": {"clm_3": "c", "clm_2": "B", "clm_1": "a"}}
    assert changes(index, now) == {
        "actors": {"added": [], "removed": ["x"], "changed": []},
        "claims": {"added": ["clm_3"], "removed": [], "changed": ["clm_2"]},
    }
    assert changes(None, now) == {"claims": {"added": ["clm_1", "clm_2", "clm_3"], "removed": [], "changed": []}}
