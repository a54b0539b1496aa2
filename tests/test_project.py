"""A new user's whole path, in a folder outside the checkout: init, convert, validate, align, build, load, rebuild.

The inputs are the seed article and four short reports of the same event written for this test, one per input format
and registry outlet (tests/golden/project/). Every command runs as the installed console script, from the project's
folder, as a user would type it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit.records import slugify

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("parallax")
INPUTS = ROOT / "tests" / "golden" / "project"
SEED = "000_e6e052abecc23e78"
OUTLETS = {"reuters-rutte": "reuters", "fox-rutte": "fox-news", "guardian-rutte": "the-guardian", "breitbart-rutte": "breitbart-news"}


def parallax(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would, from `cwd`."""
    done = subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def records(folder: Path, kind: str) -> list[dict[str, Any]]:
    """Every record of a type under a folder."""
    found = []
    for path in sorted(folder.rglob("*.jsonl")):
        found += [r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r.get("type") == kind]
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made with `parallax init` outside the checkout, with the seed and four reports in its seeds/."""
    where = tmp_path_factory.mktemp("elsewhere")
    assert not where.resolve().is_relative_to(ROOT)
    done = parallax("init", "proj", cwd=where)
    assert done.returncode == 0, done.stderr
    root = where / "proj"
    for name in (f"{SEED}.txt", f"{SEED}.meta.json"):
        shutil.copy(ROOT / "seeds" / name, root / "seeds" / name)
    for path in INPUTS.iterdir():
        shutil.copy(path, root / "seeds" / path.name)
    return root


@pytest.fixture(scope="module")
def converted(project: Path) -> subprocess.CompletedProcess[str]:
    """The seeds converted into the project's data/."""
    return parallax("convert", "seeds", "--out", "data", cwd=project)


def test_init_makes_a_project_that_every_command_finds(project: Path) -> None:
    for made in ("parallax.yaml", "data", "seeds", "cards/dataset_card.md", ".pre-commit-config.yaml", ".github/workflows/validate.yml"):
        assert (project / made).exists(), made
    again = parallax("init", str(project), cwd=project.parent)
    assert again.returncode == 2 and "is a Parallax project already" in again.stderr
    (project / "seeds" / "deeper").mkdir(exist_ok=True)
    found = parallax("validate", "-v", cwd=project / "seeds" / "deeper")  # found by walking up, as git does
    assert found.returncode == 0 and f"project: {project.resolve()}" in found.stderr


def test_outlets_and_the_seed_speakers_resolve_outside_the_checkout(project: Path, converted: subprocess.CompletedProcess[str]) -> None:
    assert converted.returncode == 0, converted.stdout + converted.stderr
    by_name = {str(r["source"]["original_id"]).split(".")[0]: r for r in records(project / "data", "article")}
    for stem, outlet in OUTLETS.items():
        assert by_name[stem]["outlet_id"] == outlet, stem
    seed = next(a for a in records(project / "data", "article") if a["headline"].startswith("Likely Next NATO Chief"))
    claims = [c for c in records(project / "data", "claim") if c["article_id"] == seed["id"]]
    gold = [json.loads(line) for line in (ROOT / "seeds" / f"{SEED}.attributions.jsonl").read_text(encoding="utf-8").splitlines()]
    resolved = 0
    for attribution in gold:
        found = [c for c in claims if attribution["content"][:40] in c["content"]["text"] or c["content"]["text"][:40] in attribution["content"]]
        resolved += slugify(attribution["actor"]) in {c["speaker"].get("actor_id") for c in found}
    assert (resolved, len(gold)) == (12, 12)
    assert "copied from the registries, so that data/ validates on its own" in converted.stdout
    assert "not resolved:" in converted.stdout and "article" in converted.stdout  # the seed names no outlet and no date


def test_every_folder_written_validates_on_its_own(project: Path, converted: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    checked = parallax("validate", cwd=project)
    assert checked.returncode == 0 and "0 errors" in checked.stdout, checked.stdout
    other = parallax("convert", str(INPUTS / "reuters-rutte.txt"), "--out", str(tmp_path / "mine"), cwd=project)
    assert other.returncode == 0, other.stdout
    extracted = parallax("extract", "data", "--out", str(tmp_path / "extracted"), "--extractor", "rules", cwd=project)
    assert extracted.returncode == 0, extracted.stdout
    aligned = parallax("align", "data", "--out", str(tmp_path / "aligned"), cwd=project)
    assert aligned.returncode == 0, aligned.stdout + aligned.stderr
    for folder in ("mine", "extracted", "aligned"):
        alone = parallax("validate", str(tmp_path / folder), cwd=tmp_path)
        assert alone.returncode == 0 and "0 errors, 0 warnings" in alone.stdout, (folder, alone.stdout)
    assert records(tmp_path / "mine", "outlet") == [r for r in records(project / "data", "outlet") if r["id"] == "reuters"]


def test_align_build_and_load_every_config_then_a_rebuild_loads_fresh(project: Path, converted: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    info = yaml.safe_load((project / "parallax.yaml").read_text(encoding="utf-8"))
    info |= {"pretty_name": "Rutte coverage", "license": "cc-by-4.0", "url": "https://example.org/rutte-coverage"}
    (project / "parallax.yaml").write_text(yaml.safe_dump(info), encoding="utf-8")
    aligned = parallax("align", cwd=project)
    assert aligned.returncode == 0, aligned.stdout + aligned.stderr
    compared = {c["outlet_id"] for c in records(project / "data", "comparison")}
    assert compared == {*OUTLETS.values(), None}  # one comparison per outlet; the seed names none
    offline = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"), "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets")}
    built = parallax("build", "--format", "json", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    summary = json.loads(built.stdout)
    assert summary["counts"]["outlets"] == 4 and summary["counts"]["events"] >= 1 and summary["out"] == str(project / "release")
    card = (project / "release" / "README.md").read_text(encoding="utf-8")
    assert "pretty_name: Rutte coverage" in card and "license: cc-by-4.0" in card and "https://example.org/rutte-coverage" in card
    loads = {config: _load(summary["load"].replace('"outlets"', f'"{config}"'), offline) for config in summary["counts"]}
    assert {config: len(rows) for config, rows in loads.items()} == summary["counts"]
    assert sorted(row["id"] for row in loads["outlets"]) == sorted(OUTLETS.values())
    # a new article, a rebuild into the same folder: the same printed line, with the cache now warm, gives the new rows
    extra = project / "seeds" / "extra.txt"
    extra.write_text("---\noutlet: Reuters\npublished: 2024-05-04\n---\nHungary signals it may back Rutte\n\nHungary may back Rutte, officials said.\n")
    assert parallax("convert", str(extra), "--out", "data", cwd=project).returncode == 0
    rebuilt = json.loads(parallax("build", "--format", "json", cwd=project).stdout)
    assert rebuilt["counts"]["articles"] == summary["counts"]["articles"] + 1
    assert len(_load(rebuilt["load"].replace('"outlets"', '"articles"'), offline)) == rebuilt["counts"]["articles"]


def _load(line: str, env: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of the split the printed `datasets.load_dataset(...)` line loads, run as a user would run it."""
    code = f"import datasets, json\nprint(json.dumps({line}['train'].to_list(), default=str))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_the_files_init_writes_are_valid_and_run_the_validator(tmp_path: Path) -> None:
    from toolkit.project import init_project, load_project

    made = init_project(tmp_path / "p", "Rutte Coverage")
    assert {path.relative_to(tmp_path / "p").as_posix() for path in made} >= {"parallax.yaml", ".github/workflows/validate.yml", ".pre-commit-config.yaml"}
    project = load_project(tmp_path / "p")
    assert project.info["name"] == "rutte-coverage" and project.release_info()["license"] == "other"
    hook = yaml.safe_load((tmp_path / "p" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    workflow = yaml.safe_load((tmp_path / "p" / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["validate"]["steps"]]
    assert hook["entry"] == "parallax validate data" and "parallax validate --format github data" in steps
    assert "python -m pip install parallax-toolkit" in steps  # the light core: a dataset's CI needs no extra
    assert parallax(*hook["entry"].split()[1:], cwd=tmp_path / "p").returncode == 0
