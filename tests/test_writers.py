"""One writer at a time per folder: concurrent writers into one folder lose nothing, and a second one waits or gives up."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from toolkit import flows
from toolkit.flows import Session
from toolkit.lock import FolderBusy, folder_lock, locked
from toolkit.records import read_records
from toolkit.validate import validate

ROUNDS = 4


def _articles(folder: Path, tag: str) -> list[str]:
    """Four text articles in `folder`/pages, named as the other writer's are (so both write one file), with texts of their own."""
    pages = folder / "pages"
    pages.mkdir(parents=True)
    for n in range(4):
        (pages / f"page{n}.txt").write_text(f"Report {tag} {n} on the budget\n\nThe council met on day {n} of run {tag} and spoke.\n", encoding="utf-8")
    return [str(pages)]


def _convert(paths: list[str], out: str, start: multiprocessing.synchronize.Barrier) -> None:
    start.wait()  # both writers scan the empty folder at the same moment
    summary = flows.convert(Session(None), paths, Path(out), outlet="Reuters", claims=False)
    os._exit(0 if summary.written["article"] == 4 else 1)


def test_two_converts_into_one_folder_at_once_keep_every_record(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(ROUNDS):
        out = tmp_path / f"out{round_}"
        inputs = [_articles(tmp_path / f"in{round_}{tag}", f"{tag}{round_}") for tag in "ab"]
        start = context.Barrier(2)
        runs = [context.Process(target=_convert, args=(paths, str(out), start)) for paths in inputs]
        for run in runs:
            run.start()
        for run in runs:
            run.join(120)
        assert [run.exitcode for run in runs] == [0, 0]
        articles = [r for _p, r in read_records([out]) if r["type"] == "article"]
        assert len(articles) == 8, f"round {round_}: {len(articles)} of 8 articles on disk"
        assert validate([str(out)]).errors == 0


def _hold(path: str, held: multiprocessing.synchronize.Event, release: multiprocessing.synchronize.Event) -> None:
    with locked(Path(path), "the folder"):
        held.set()
        release.wait(30)
    os._exit(0)


def test_a_second_writer_waits_says_so_and_gives_up_after_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(folder_lock(tmp_path)), held, release))
    holder.start()
    try:
        assert held.wait(30)
        monkeypatch.setenv("PARALLAX_LOCK_TIMEOUT", "0.3")
        said: list[str] = []
        began = time.monotonic()
        with pytest.raises(FolderBusy, match=r"write\.busy: .* another parallax run \(process \d+\)"), locked(folder_lock(tmp_path), "the folder", said.append):
            pass
        assert time.monotonic() - began >= 0.3
        assert len(said) == 1 and "waiting for another parallax run" in said[0]
    finally:
        release.set()
        holder.join(30)
    with locked(folder_lock(tmp_path), "the folder"):  # released by the holder's end
        pass


def test_nested_locks_of_one_folder_in_one_process_are_one_lock(tmp_path: Path) -> None:
    with locked(folder_lock(tmp_path), "the folder"), locked(folder_lock(tmp_path), "the folder"):
        assert (tmp_path / ".parallax.lock").read_text().strip() == str(os.getpid())


DATA = Path(__file__).resolve().parents[1] / "data"


def _build_once_another_stages(out: str, version: str) -> None:
    """Build a release into `out` as soon as another build's staging folder appears beside it."""
    deadline = time.monotonic() + 60
    while not list(Path(out).parent.glob(f".{Path(out).name}.*.building")) and time.monotonic() < deadline:
        time.sleep(0.005)
    flows.build(Session(None), DATA, Path(out), version)
    os._exit(0)


def _build(out: str, version: str) -> None:
    flows.build(Session(None), DATA, Path(out), version)
    os._exit(0)


def test_two_builds_into_one_out_at_once_both_finish_and_leave_one_release(tmp_path: Path) -> None:
    # spawned, not forked: a build computes the card's tables with polars, whose threads a child forked from a process
    # that has used it (this one, after earlier tests) does not have, so its first query would wait forever
    context = multiprocessing.get_context("spawn")
    for round_ in range(3):
        out = tmp_path / str(round_) / "release"
        second = context.Process(target=_build_once_another_stages, args=(str(out), "1.0.1"))
        second.start()
        first = context.Process(target=_build, args=(str(out), "1.0.0"))
        first.start()
        first.join(120)
        second.join(120)
        assert [first.exitcode, second.exitcode] == [0, 0], f"round {round_}"
        assert "1.0.1" in (out / "CHANGELOG.md").read_text(encoding="utf-8")  # the second build replaced the first's release
        assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".release.")) == []


def test_a_build_removes_the_staging_of_a_killed_build_and_keeps_a_live_one(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        killed = tmp_path / f".release.{dead.pid}.abc123.building"
        running = tmp_path / f".release.{live.pid}.def456.building"
        older = tmp_path / ".release.k2j4h.building"  # named before process ids were: its build cannot still run
        for folder in (killed, running, older):
            (folder / "articles").mkdir(parents=True)
        flows.build(Session(None), DATA, tmp_path / "release", "1.0.0")
        assert sorted(p.name for p in tmp_path.iterdir() if ".building" in p.name) == [running.name]
    finally:
        live.kill()
        live.wait()


def test_a_command_that_gives_up_waiting_says_write_busy_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(folder_lock(out)), held, release))
    holder.start()
    try:
        assert held.wait(30)
        paths = _articles(tmp_path / "in", "a")
        env = os.environ | {"PARALLAX_LOCK_TIMEOUT": "0.2"}
        result = subprocess.run([sys.executable, "-m", "toolkit", "convert", *paths, "--out", str(out), "--no-claims"], env=env, capture_output=True, text=True)
    finally:
        release.set()
        holder.join(30)
    assert result.returncode == 2 and "parallax: write.busy: " in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".parallax.lock"]  # nothing written
