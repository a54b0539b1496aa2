"""`parallax align` stopped between any two of its file replacements leaves a folder that validates, and a folder an
earlier run left inconsistent in its own files is repaired, not refused."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.test_align_run import make_folder, snapshot
from toolkit import flows
from toolkit.align.events import Params
from toolkit.align.run import own_files
from toolkit.flows import Session
from toolkit.validate import validate

APART = Params(threshold=1e9)  # no two articles merge: an event per article, most of which the default grouping drops


class Killed(BaseException):
    """A stand-in for SIGKILL: nothing after it runs, no handler catches it."""


def _kill_at(monkeypatch: pytest.MonkeyPatch, step: int) -> list[str]:
    """Make the process 'die' at its file replacement or removal number `step` (0-based); the steps done, by file."""
    done: list[str] = []

    def dying(real: Any) -> Any:
        def step_of(path: Any, *args: Any, **kwargs: Any) -> Any:
            if len(done) == step:
                raise Killed
            result = real(path, *args, **kwargs)
            done.append(str(args[0] if args else path))
            return result

        return step_of

    monkeypatch.setattr(os, "replace", dying(os.replace))
    monkeypatch.setattr(os, "unlink", dying(os.unlink))
    return done


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder aligned with other parameters than the default: a re-run replaces most of its events."""
    folder = make_folder(tmp_path_factory.mktemp("stale") / "data")
    flows.align(Session(None), folder, params=APART)
    return folder


@pytest.fixture(scope="module")
def clean(stale: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files a run with the default parameters, undisturbed, leaves."""
    folder = tmp_path_factory.mktemp("clean") / "data"
    shutil.copytree(stale, folder)
    flows.align(Session(None), folder)
    return snapshot(folder)


def test_a_run_killed_at_any_step_leaves_a_folder_that_validates(stale: Path, clean: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for step in itertools.count():
        folder = tmp_path / str(step) / "data"
        shutil.copytree(stale, folder)
        done = _kill_at(monkeypatch, step)
        try:
            flows.align(Session(None), folder)
        except Killed:
            pass
        else:
            break
        finally:
            monkeypatch.undo()
        assert len(done) == step
        errors = [(p.code, p.file) for p in validate([str(folder)], jobs=1).problems if p.severity == "error"]
        assert errors == [], f"killed after {done}"
        flows.align(Session(None), folder)  # the next run completes the work
        assert snapshot(folder) == clean
    assert step >= 5, "comparisons and alignments cut, then events, alignments and comparisons replaced"
    assert snapshot(folder) == clean


def test_align_remakes_its_own_files_when_only_they_are_inconsistent(stale: Path, clean: dict[str, bytes], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(stale, folder)
    events = own_files(folder)[0]
    events.write_bytes(clean[str(events.relative_to(folder))])  # new events beside old alignments and comparisons
    assert any(p.code == "ref.unknown-event" for p in validate([str(folder)], jobs=1).problems)
    flows.align(Session(None), folder)
    assert snapshot(folder) == clean


def test_align_still_refuses_errors_outside_its_own_files(stale: Path, tmp_path: Path) -> None:
    from toolkit.align.run import AlignRefused

    folder = tmp_path / "data"
    shutil.copytree(stale, folder)
    claims = next((folder / "claims").glob("*.jsonl"))
    claims.write_bytes(claims.read_bytes() + b'{"type": "claim"}\n')
    with pytest.raises(AlignRefused):
        flows.align(Session(None), folder)
