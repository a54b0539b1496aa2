"""The light core: validate, score and --help run without the `full` extra's packages; the other commands say what to install."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tomllib
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import CORPORA, needs

from toolkit.cli import cli
from toolkit.extras import CORE_COMMANDS, INSTALL, NEEDS, OTHER_EXTRAS, installed
from toolkit.validate.resolve import _runs, ledger_duplicates, sorted_column
from toolkit.validate.state import Ledger

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "validate"
# The top-level packages of the `full` extra and of what it pulls in; none may be imported on the light path.
HEAVY = (
    "numpy scipy pyarrow polars pandas datasets huggingface_hub spacy thinc pycrfsuite model2vec tokenizers safetensors "
    "trafilatura justext htmldate courlan lxml lxml_html_clean charset_normalizer torch warcio datatrove loguru ray onnxruntime"
).split()
# Runs the command line with every heavy package unimportable, as in a venv holding only the core.
BLOCKED = f"""
import sys

HEAVY = {set(HEAVY)!r}


class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HEAVY:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: not in the light core)", name=name)
        return None


sys.meta_path.insert(0, Blocked())
sys.argv = ["parallax", *sys.argv[1:]]
from toolkit.cli import main

main()
"""


def parallax(*args: str, light: bool) -> subprocess.CompletedProcess[str]:
    """Run the command line in a new process, with the heavy packages blocked when `light`."""
    command = [sys.executable, "-c", BLOCKED, *args] if light else [sys.executable, "-m", "toolkit", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_validate_reports_the_same_without_the_full_extra() -> None:
    """Every golden case together, and the shipped data/, validate alike with and without the heavy packages."""
    for target in (str(GOLDEN), "data"):
        light, full = parallax("validate", "--jobs", "2", target, light=True), parallax("validate", "--jobs", "2", target, light=False)
        assert "Traceback" not in light.stderr and "internal error" not in light.stderr, light.stderr
        assert (light.returncode, light.stdout) == (full.returncode, full.stdout)
    assert full.returncode == 0 and " 0 errors" in full.stdout


def test_help_and_score_run_without_the_full_extra() -> None:
    """--help lists every command, and scoring claims and events needs no heavy package."""
    assert parallax("--help", light=True).returncode == 0
    for kind in ("claims", "events"):
        done = parallax("score", kind, "--gold", "data", "--pred", "data", "--format", "json", light=True)
        assert done.returncode == 0 and done.stdout.startswith("{"), done.stderr


@needs(CORPORA / "basil" / "articles")
def test_import_runs_without_the_full_extra(tmp_path: Path) -> None:
    """Importing a corpus needs no heavy package: the same records with and without them."""
    light = parallax("import", "basil", str(CORPORA / "basil"), "--out", str(tmp_path / "light"), light=True)
    full = parallax("import", "basil", str(CORPORA / "basil"), "--out", str(tmp_path / "full"), light=False)
    assert light.returncode == full.returncode == 0, light.stderr
    assert sorted(p.name for p in (tmp_path / "light").rglob("*.jsonl")) == sorted(p.name for p in (tmp_path / "full").rglob("*.jsonl"))
    assert all(p.read_bytes() == (tmp_path / "full" / p.relative_to(tmp_path / "light")).read_bytes() for p in (tmp_path / "light").rglob("*.jsonl"))


def test_every_command_is_in_the_core_or_names_its_modules() -> None:
    """A new command is either light or listed with the modules it needs past the core."""
    assert set(cli.commands) <= set(CORE_COMMANDS) | set(NEEDS) and not set(CORE_COMMANDS) & set(NEEDS)


def test_every_module_named_is_installed_with_the_full_extra() -> None:
    """The tests run with the full extra, so a misspelt module name would show here as not installed."""
    assert [name for names in NEEDS.values() for name in names if not installed(name)] == []
    assert not installed("not_a_parallax_module") and not installed("")


COMMANDS = {
    "convert": ["convert", "data/articles"],
    "extract": ["extract", "data", "--out", "never-written"],
    "align": ["align", "data", "--out", "never-written"],
    "build": ["build", "data", "--out", "never-written"],
    "hydrate": ["hydrate", "data", "--from", "data", "--out", "never-written"],
    "publish": ["publish", "data", "--repo", "org/name", "--dry-run"],
    "tables": ["tables", "data", "coverage", "--format", "parquet", "--out", "never-written"],
    "report": ["report", "data", "--out", "never-written"],
    "run": ["run", "never-written.yaml"],
}


@pytest.mark.parametrize("command", sorted(NEEDS))
def test_a_command_past_the_core_says_what_to_install(command: str) -> None:
    """Without the heavy packages, each other command prints the install line and exits 2, no traceback, nothing written."""
    done = parallax(*COMMANDS[command], light=True)
    assert done.returncode == 2, done.stderr
    extra = OTHER_EXTRAS.get(command, "full")
    assert done.stderr.startswith(f"parallax {command} needs the '{extra}' extra (missing: ")
    assert done.stderr.rstrip().endswith(INSTALL if extra == "full" else f"pip install 'parallax-toolkit[{extra}]'")
    assert "Traceback" not in done.stderr and not (ROOT / "never-written").exists()


def test_the_readme_names_the_core_dependencies() -> None:
    """The README's light install lists exactly pyproject.toml's core dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0] for spec in project["dependencies"]}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"The light core installs (.+?)\.\n", readme)
    assert listed is not None and set(re.findall(r"`([a-z0-9-]+)`", listed.group(1))) == core
    assert "parallax-toolkit[full]" in project["optional-dependencies"]["test"]


def lexsort_runs(values: array[int], files: array[int], lines: array[int]) -> Iterator[list[int]]:
    """The duplicate runs as numpy found them before the light core: a lexsort and the neighbours that are equal."""
    keys = np.frombuffer(values, dtype=np.uint64)
    order = np.lexsort((np.frombuffer(lines, dtype=np.uint32), np.frombuffer(files, dtype=np.uint32), keys))
    ordered = keys[order]
    group: list[int] = []
    for at in np.flatnonzero(ordered[1:] == ordered[:-1]):
        if group and group[-1] != order[at]:
            yield group
            group = []
        if not group:
            group.append(int(order[at]))
        group.append(int(order[at + 1]))
    if group:
        yield group


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 2), st.integers(1, 5)), max_size=60), st.booleans())
def test_duplicate_runs_are_those_numpy_found(rows: list[tuple[int, int, int]], wide: bool) -> None:
    """Rows sharing a value come in the same groups and order as numpy's lexsort gave, ties by row; a sorted column is sorted."""
    shift = 63 if wide else 0  # values past 2**63 too
    values = array("Q", [v << shift if v < 2 else v for v, _, _ in rows])
    files, lines = array("I", [f for _, f, _ in rows]), array("I", [n for _, _, n in rows])
    assert list(_runs(values, files, lines)) == list(lexsort_runs(values, files, lines))
    assert list(sorted_column(values)) == sorted(values)


def test_duplicate_runs_at_scale_are_those_numpy_found() -> None:
    """On 20,000 rows with repeated ids and content, and unfingerprinted rows (0) left out, the runs are numpy's."""
    rng, ledger = random.Random(7), Ledger()
    for row in range(20_000):
        ledger.add(rng.getrandbits(64) if row % 3 else rng.randrange(9_000), rng.choice((0, rng.randrange(18_000))), rng.randrange(3), row // 3 + 1)
    ids, fps, files, lines = ledger.ids, ledger.fingerprints, ledger.files, ledger.lines
    assert list(_runs(ids, files, lines)) == list(lexsort_runs(ids, files, lines)) != []
    assert list(_runs(fps, files, lines, skip=0)) == [rows for rows in lexsort_runs(fps, files, lines) if fps[rows[0]] != 0] != []
    assert any(p.code == "dup.content" for p in ledger_duplicates("claim", ledger, ["a.jsonl", "b.jsonl", "c.jsonl"]))
