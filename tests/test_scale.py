"""`parallax run` on datatrove: the records of the single-process commands, byte for byte, from shards; a run killed
and started again; definitions that cannot run; the Ray executor in local mode where it installs."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.as_user import SCRIPT, parallax

pytest.importorskip("datatrove", reason="parallax run needs the scale extra: pip install 'parallax-toolkit[scale]'")

GOLDEN = Path(__file__).parent / "golden"
STORIES = sorted((GOLDEN / "actors").glob("*.txt")) + sorted((GOLDEN / "comparison").glob("*.txt"))


def _story(path: Path) -> dict[str, str]:
    """A fictional report as a crawler writes it: news-please's keys."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    title, _, text = body.strip().partition("\n\n")
    return {"title": title, "maintext": text, "date_publish": meta["published"], "url": meta["url"], "outlet": meta["outlet"]}


def _inputs(folder: Path) -> Path:
    """A crawl in four formats: JSON Lines (cut in several parts), Parquet (in row groups), WARC and text files, with
    two reports in both the JSON Lines and the Parquet file (the second copy is a duplicate, across parts)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True)
    stories = [_story(p) for p in STORIES]
    with open(folder / "crawl.jsonl", "w", encoding="utf-8") as handle:
        for n, story in enumerate(stories):
            handle.write(json.dumps(story) + "\n")
            handle.write(json.dumps(story | {"maintext": story["maintext"] + f"\n\nUpdated {n} times."}) + "\n")
    rows = [story | {"maintext": story["maintext"] + "\n\nFrom the archive."} for story in stories[:3]] + stories[:2]
    pq.write_table(pa.Table.from_pylist(rows), folder / "archive.parquet", row_group_size=2)
    with open(folder / "pages.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for story in stories[4:7]:
            paragraphs = "".join(f"<p>{p}</p>" for p in story["maintext"].split("\n\n"))
            page = f"<html lang='en'><head><title>{story['title']}</title></head><body><article><h1>{story['title']}</h1>{paragraphs}</article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(story["url"], "response", payload=io.BytesIO(page.encode()), http_headers=headers))
    (folder / "broken.jsonl").write_text('{"title": "No body here"}\nnot JSON at all\n', encoding="utf-8")  # two coded problems
    (folder / "texts").mkdir()
    for path in STORIES[:2]:
        (folder / "texts" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _definition(where: Path, inputs: Path, **more: object) -> Path:
    keys = {"inputs": [str(inputs)], "out": "data", "part_mb": 0.002, "tasks": 4, "events": {"tasks": 2, "days": 100000, "margin": 0}} | more
    path = where / "crawl.yaml"
    path.write_text(json.dumps(keys), encoding="utf-8")  # JSON is YAML
    return path


def _lines(folder: Path, kind: str) -> list[bytes]:
    return sorted(line for path in sorted((folder / kind).glob("*.jsonl")) for line in path.read_bytes().splitlines())


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inputs converted and aligned by the single-process commands."""
    where = tmp_path_factory.mktemp("single")
    inputs = _inputs(where / "in")
    assert parallax("convert", str(inputs), "--out", "data", "-q", cwd=where).returncode == 1  # broken.jsonl
    assert parallax("align", "data", "-q", cwd=where).returncode == 0
    return where


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory, single: Path) -> tuple[Path, dict[str, object]]:
    """The same inputs through `parallax run` with 2 local workers, 4 convert tasks and 2 event tasks."""
    where = tmp_path_factory.mktemp("sharded")
    definition = _definition(where, single / "in", release={"out": "release", "version": "1.0.0", "date": "2026-01-01"})
    done = parallax("run", str(definition), "--workers", "2", "--format", "json", cwd=where)
    assert done.returncode == 1, done.stderr  # broken.jsonl, as convert reports it
    return where, json.loads(done.stdout)


def test_the_plan_cuts_every_format_in_parts(sharded: tuple[Path, dict[str, object]]) -> None:
    plan = json.loads((sharded[0] / ".parallax-run-crawl" / "plan.json").read_text())
    by_file: dict[str, int] = {}
    for part in plan["parts"]:
        by_file[Path(part["path"]).name] = by_file.get(Path(part["path"]).name, 0) + 1
    assert by_file["crawl.jsonl"] > 2 and by_file["archive.parquet"] > 1
    assert len(plan["dealt"]) == 4 and all(plan["dealt"])
    assert sorted(p.name for p in (sharded[0] / ".parallax-run-crawl" / "shards").iterdir()) == [f"{n:05d}" for n in range(len(plan["parts"]))]
    order = [index for task in plan["dealt"] for index in task]
    assert order == sorted(order)  # consecutive parts: task order is input order


def test_small_files_are_read_in_bundles_in_input_order(tmp_path: Path) -> None:
    from toolkit.scale.plan import deal, parts

    for n in range(10):
        (tmp_path / f"page-{n}.txt").write_text(f"Headline {n}\n\nA body of a few words, number {n}.\n", encoding="utf-8")
    found, problems = parts([str(tmp_path), str(tmp_path / "missing.txt")], 120)
    assert [p.code for p in problems] == ["io.not-found"]
    files = [file.path for part in found for file in part.files()]
    assert files == sorted(str(tmp_path / f"page-{n}.txt") for n in range(10))
    assert 1 < len(found) < 10 and all(part.size >= 120 for part in found[:-1])
    assert [index for task in deal(found, 3) for index in task] == list(range(len(found)))


def test_two_workers_write_the_records_of_the_single_process_commands(single: Path, sharded: tuple[Path, dict[str, object]]) -> None:
    data, alone = sharded[0] / "data", single / "data"
    assert len(list((data / "articles").glob("*.jsonl"))) > len(list((alone / "articles").glob("*.jsonl")))  # in shards
    for kind in ("articles", "claims"):
        assert _lines(data, kind) == _lines(alone, kind), kind
    for name in ("outlets.jsonl", "actors.jsonl", "events/parallax-align.jsonl", "alignments/parallax-align.jsonl", "comparisons/parallax-align.jsonl"):
        assert (data / name).read_bytes() == (alone / name).read_bytes(), name
    assert parallax("validate", "data", cwd=sharded[0]).returncode == 0


def test_the_release_is_built_from_the_shards_and_loads(sharded: tuple[Path, dict[str, object]], tmp_path: Path, offline: Path) -> None:
    from tests.releasing import load as load_config

    release = sharded[0] / "release"
    assert (release / "MANIFEST.sha256").is_file()
    claims = load_config(release, "claims", tmp_path)
    assert len(claims) == sharded[1]["written"]["claim"]  # type: ignore[index]
    assert len(load_config(release, "events", tmp_path)) == len((sharded[0] / "data" / "events" / "parallax-align.jsonl").read_bytes().splitlines())


def test_the_summary_is_the_one_convert_gives(single: Path, sharded: tuple[Path, dict[str, object]]) -> None:
    where = single / "again"
    done = parallax("convert", str(single / "in"), "--out", str(where), "--format", "json", cwd=single)
    alone, summary = json.loads(done.stdout), sharded[1]
    for key in ("written", "new_records", "registry_added", "invalid"):
        assert summary[key] == alone[key], key
    codes = sorted(p["code"] for p in summary["problems"])  # type: ignore[union-attr]
    assert codes == sorted(p["code"] for p in alone["problems"]) and codes.count("convert.duplicate") >= 2
    assert {"convert.field", "convert.format"} <= set(codes)


def test_the_console_shows_the_run_not_datatrove_logs(single: Path, tmp_path: Path) -> None:
    definition = _definition(tmp_path, single / "in", events=False, tasks=2)
    done = parallax("run", str(definition), "--workers", "2", cwd=tmp_path)
    assert "convert: 2 tasks" in done.stderr and "INFO" not in done.stderr and "Launching pipeline" not in done.stderr
    assert "error[convert.format]" in done.stdout and "made " in done.stdout
    assert list((tmp_path / ".parallax-run-crawl" / "logs" / "convert" / "logs").glob("task_*.log"))


def test_a_run_killed_and_started_again_finishes_without_redoing_or_repeating(single: Path, tmp_path: Path) -> None:
    definition = _definition(tmp_path, single / "in", events=False, tasks=4)
    work = tmp_path / ".parallax-run-crawl"
    started = subprocess.Popen([str(SCRIPT), "run", str(definition), "--workers", "1", "-q"], cwd=tmp_path, start_new_session=True)
    completions = work / "logs" / "convert" / "completions"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(completions.glob("*"))) < 2 and started.poll() is None:
        time.sleep(0.05)
    os.killpg(started.pid, signal.SIGKILL)
    started.wait()
    done_before = sorted(p.name for p in completions.glob("*"))
    assert 0 < len(done_before) < 4, "the run was killed too late to test a restart"
    plan = json.loads((work / "plan.json").read_text())
    kept = {f"{part:05d}": (work / "shards" / f"{part:05d}" / "summary.json").stat().st_mtime_ns for name in done_before for part in plan["dealt"][int(name)]}
    again = parallax("run", str(definition), "--workers", "2", "-q", cwd=tmp_path)
    assert again.returncode == 1, again.stderr
    for name, stamp in kept.items():  # a task done before the kill is not done again
        assert (work / "shards" / name / "summary.json").stat().st_mtime_ns == stamp
    assert not list((work / "shards").glob("*.partial"))
    for kind in ("articles", "claims"):
        assert _lines(tmp_path / "data", kind) == _lines(single / "data", kind), kind
    assert (tmp_path / "data" / "actors.jsonl").read_bytes() == (single / "data" / "actors.jsonl").read_bytes()


def test_a_definition_that_cannot_run_is_a_usage_error(tmp_path: Path, single: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("inputs: [in]\nout: data\nworkers: 3\n")
    done = parallax("run", str(bad), cwd=tmp_path)
    assert done.returncode == 2 and "unknown key(s) workers" in done.stderr
    bad.write_text("out: data\n")
    assert "`inputs` must name" in parallax("run", str(bad), cwd=tmp_path).stderr
    definition = _definition(tmp_path, single / "in", events=False)
    assert parallax("run", str(definition), "-q", cwd=tmp_path).returncode == 1
    again = parallax("run", str(definition), "-q", cwd=tmp_path)  # a run done, started again: nothing to do, nothing refused
    assert again.returncode == 1 and "made " in again.stdout
    definition.write_text(definition.read_text().replace('"out": "data"', '"out": "other"'))
    changed = parallax("run", str(definition), cwd=tmp_path)
    assert changed.returncode == 2 and "holds a run of another definition" in changed.stderr
    (tmp_path / "mine").mkdir()
    assert parallax("convert", str(GOLDEN / "actors" / "reuters-summit.txt"), "--out", "mine", "-q", cwd=tmp_path).returncode == 0
    elsewhere = _definition(tmp_path / "mine", single / "in", events=False, out=".")
    taken = parallax("run", str(elsewhere), cwd=tmp_path)
    assert taken.returncode == 2 and "already holds records this run did not write (articles/reuters-summit.jsonl" in taken.stderr


def test_the_ray_executor_in_local_mode(single: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the Ray executor needs the ray extra: pip install 'parallax-toolkit[ray]'")
    definition = _definition(tmp_path, single / "in", events=False, tasks=2)
    done = parallax("run", str(definition), "--executor", "ray", "--workers", "2", "-q", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    for kind in ("articles", "claims"):
        assert _lines(tmp_path / "data", kind) == _lines(single / "data", kind), kind


def test_slurm_stages_are_job_arrays_each_depending_on_the_one_before(single: Path, tmp_path: Path) -> None:
    from toolkit.scale.pipeline import Cluster, DefinitionError, executors, load, prepare

    run = prepare(load(_definition(tmp_path, single / "in", release={"out": "release"})))
    chained = executors(run, Cluster("slurm", partition="cpu", time="02:00:00", venv="/shared/envs/parallax"))
    assert [stage for stage, _ in chained] == ["convert", "gather", "events", "merge", "release"]
    assert [executor.world_size for _, executor in chained] == [4, 1, 2, 1, 1]
    for (_, before), (_, after) in zip(chained, chained[1:], strict=False):
        assert after.depends is before
    script = chained[0][1].get_launch_file_contents(chained[0][1].get_sbatch_args(4), "RUN")
    assert "#SBATCH --partition=cpu" in script and "#SBATCH --time=02:00:00" in script
    assert "source /shared/envs/parallax/bin/activate" in script and "parallax-convert" in script
    with pytest.raises(DefinitionError, match="partition"):
        executors(run, Cluster("slurm"))
