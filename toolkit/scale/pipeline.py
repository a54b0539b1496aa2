"""One pipeline definition, run by datatrove's executors: locally in worker processes, on Slurm, or on Ray.

The stages, each a datatrove executor whose tasks are independent:

1. convert: N tasks, each reading its parts of the inputs (toolkit.scale.plan), extracting claims and writing and
   validating a shard (toolkit.scale.steps);
2. gather: 1 task, the shards into the data folder and the checks across them (toolkit.scale.gather), then the
   windows of event grouping planned;
3. events: M tasks, each grouping its windows (toolkit.scale.events);
4. merge: 1 task, the events merged across windows, then alignments and comparisons (`parallax align`);
5. release: 1 task, `parallax build` of the data folder.

Every executor keeps its completed tasks under WORK/logs/<stage>/completions, so a run started again after a kill does
only what is not done, and every task writes its output whole or not at all.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
import yaml

from toolkit.errors import ParallaxError
from toolkit.pipeline import DEFAULT_EXTRACTOR, EXTRACTORS
from toolkit.scale.run import Run

STAGES = ("convert", "gather", "events", "merge", "release")
KEYS = {
    "inputs",
    "out",
    "work",
    "input_format",
    "outlet",
    "fields",
    "claims",
    "facts",
    "parser",
    "extractor",
    "tasks",
    "part_mb",
    "events",
    "release",
}
EVENT_KEYS = {"tasks", "days", "margin", "crowd"}
RELEASE_KEYS = {"out", "version", "no_text", "date"}


class DefinitionError(ParallaxError):
    """A pipeline definition that cannot be run as it is: the message says which key and why."""


class RunChanged(ParallaxError):
    """The work folder holds a run of another definition or of inputs that changed since."""


def load(path: Path, project: Path | None = None) -> Run:
    """The run a pipeline definition (YAML) describes, its paths resolved against the definition's folder."""
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DefinitionError(f"{path}: cannot read the pipeline definition ({error.strerror or error})") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DefinitionError(f"{path}: not YAML ({error})") from error
    if not isinstance(found, dict):
        raise DefinitionError(f"{path}: a pipeline definition is a mapping of keys (inputs, out, ...); see docs/scale.md")
    return definition(found, path.parent.resolve(), project, str(path))


def definition(found: dict[str, Any], base: Path, project: Path | None = None, name: str = "the pipeline") -> Run:
    """A run from a definition's keys (`load`), relative paths read from `base`."""
    unknown = sorted(set(found) - KEYS)
    if unknown:
        raise DefinitionError(f"{name}: unknown key(s) {', '.join(unknown)}; the keys are {', '.join(sorted(KEYS))}")
    inputs = found.get("inputs")
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not inputs or not all(isinstance(i, str) and i for i in inputs):
        raise DefinitionError(f"{name}: `inputs` must name the files or folders to convert (a list of paths)")
    fields = found.get("fields") or {}
    if not isinstance(fields, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        raise DefinitionError(f"{name}: `fields` maps our field to a key of the input, e.g. {{text: body}}")
    out = _path(base, found.get("out", "data"), "out", name)
    work = _path(base, found.get("work", f".parallax-run-{Path(name).stem}"), "work", name)
    tasks = _int(found.get("tasks", 0), "tasks", name, 0)
    part_mb = found.get("part_mb", 8)
    if isinstance(part_mb, bool) or not isinstance(part_mb, int | float) or part_mb <= 0:
        raise DefinitionError(f"{name}: `part_mb` must be a number of megabytes above 0")
    kind = str(found.get("input_format", "auto"))
    from toolkit.convert import READERS, SUFFIXES

    kinds = {"auto", *SUFFIXES.values(), *READERS}
    if kind not in kinds:
        raise DefinitionError(f"{name}: input_format {kind!r} is not one of {', '.join(sorted(kinds))}")
    return Run(
        inputs=tuple(str(_path(base, i, "inputs", name)) for i in inputs),
        out=str(out),
        work=str(work),
        kind=kind,
        outlet=found.get("outlet"),
        fields=dict(fields),
        claims=_flag(found.get("claims", True), "claims", name),
        facts=_flag(found.get("facts", True), "facts", name),
        parser=found.get("parser"),
        extractor=_extractor(found.get("extractor", DEFAULT_EXTRACTOR), name),
        project=str(project) if project else None,
        tasks=tasks,
        part_bytes=max(1, int(part_mb * (1 << 20))),
        events=_section(found.get("events", True), EVENT_KEYS, "events", name, {"tasks": 1, "days": 91, "margin": 7, "crowd": 3000}),
        release=_release(found.get("release", False), base, name),
    )


def _extractor(value: Any, name: str) -> str:
    if value == "rules+crf":
        return "fast"
    if value not in EXTRACTORS:
        raise DefinitionError(f"{name}: `extractor` must be one of {', '.join(EXTRACTORS)}")
    return str(value)


def _path(base: Path, value: Any, key: str, name: str) -> Path:
    if not isinstance(value, str) or not value:
        raise DefinitionError(f"{name}: `{key}` must be a path")
    return (base / Path(value).expanduser()).resolve()


def _int(value: Any, key: str, name: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise DefinitionError(f"{name}: `{key}` must be a whole number of at least {least}")
    return value


def _flag(value: Any, key: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise DefinitionError(f"{name}: `{key}` must be true or false")
    return value


def _section(value: Any, keys: set[str], key: str, name: str, defaults: dict[str, Any]) -> dict[str, Any] | None:
    if value is False or value is None:
        return None
    if value is True:
        return dict(defaults)
    if not isinstance(value, dict) or set(value) - keys:
        raise DefinitionError(f"{name}: `{key}` is true, false or a mapping of {', '.join(sorted(keys))}")
    merged = defaults | value
    for item, least in (("tasks", 1), ("days", 1), ("margin", 0), ("crowd", 0)):
        if item in merged:
            _int(merged[item], f"{key}.{item}", name, least)
    return merged


def _release(value: Any, base: Path, name: str) -> dict[str, Any] | None:
    found = _section(value, RELEASE_KEYS, "release", name, {"out": "release", "version": "0.1.0", "no_text": False, "date": None})
    if found is None:
        return None
    return found | {
        "out": str(_path(base, found["out"], "release.out", name)),
        "version": str(found["version"]),
        "no_text": bool(found["no_text"]),
        "date": found["date"] and str(found["date"]),
    }


def prepare(run: Run, tasks: int | None = None, workers: int = 1) -> Run:
    """The run's plan in WORK/plan.json, made once: the same plan is read again by a run started after a kill, and a
    definition or inputs changed since are refused (RunChanged)."""
    from toolkit.scale.plan import deal, fingerprint, parts
    from toolkit.scale.shards import read_json, write_json

    work = run.work_path
    _check_out(run)
    work.mkdir(parents=True, exist_ok=True)
    plan_file = work / "plan.json"
    if tasks:
        run = replace(run, tasks=tasks)
    key = hashlib.sha256(orjson.dumps({k: v for k, v in run.to_dict().items() if k not in ("tasks",)}, option=orjson.OPT_SORT_KEYS)).hexdigest()
    if plan_file.is_file():
        held = read_json(plan_file)
        if held["definition"] != key:
            raise RunChanged(f"{work}/ holds a run of another definition; give this one another `work` folder, or remove {work}/ to start over")
        changed = [p for p, size, mtime in held["inputs"] if not os.path.exists(p) or list(fingerprint(p)) != [size, mtime]]
        if changed:
            raise RunChanged(f"{len(changed)} input file(s) changed since the run started ({changed[0]}, ...); remove {work}/ to start over")
        return replace(run, tasks=len(held["dealt"]))
    found, problems = parts(list(run.inputs), _part_bytes(run, workers))
    count = run.tasks or max(1, len(found))
    count = min(count, max(1, len(found)))
    files = sorted({part.path for part in found if os.path.exists(part.path)})
    write_json(
        plan_file,
        {
            "definition": key,
            "parts": [part.to_dict() for part in found],
            "dealt": deal(found, count) if found else [[]],
            "problems": [p.to_dict() for p in problems],
            "inputs": [[p, *fingerprint(p)] for p in files],
        },
    )
    return replace(run, tasks=count)


def _check_out(run: Run) -> None:
    """Refuse a data folder holding records this run did not write: gathering does not look for the records already
    there (as convert does), so a run must have a folder of its own; its registry files may be a curator's."""
    from toolkit.align.run import own_files
    from toolkit.records import record_files
    from toolkit.scale.gather import GATHERED
    from toolkit.scale.shards import read_json
    from toolkit.store import SINGLE_FILES

    out, gathered, plan = run.out_path, run.work_path / GATHERED, run.work_path / "plan.json"
    if not out.is_dir():
        return
    ours = {out / name for name in read_json(gathered)["files"]} if gathered.is_file() else set()
    ours |= {out / name for name in SINGLE_FILES.values()} | set(own_files(out))
    if plan.is_file():  # a run killed while gathering: the files it had placed are its own
        for index, part in enumerate(read_json(plan)["parts"]):
            for group in {part["group"], *(group for group, _path in part.get("more", ()))}:
                ours |= {out / folder / f"{group}-{index:05d}.jsonl" for folder in ("articles", "claims")}
    others = [path for path in record_files([out]) if path not in ours]
    if others:
        shown = ", ".join(str(path.relative_to(out)) for path in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise DefinitionError(
            f"{out}/ already holds records this run did not write ({shown}); give the run a folder of its own (`out`), or add to this one with parallax convert"
        )


def _part_bytes(run: Run, workers: int) -> int:
    """The run's part size, or less when the inputs are too small to give every worker four parts."""
    from toolkit.convert.run import inputs

    total = sum(os.path.getsize(entry[1]) for entry in inputs(list(run.inputs)) if isinstance(entry, tuple) and os.path.isfile(entry[1]))
    return max(1, min(run.part_bytes, total // (4 * max(workers, 1)) or 1))


@dataclass(frozen=True)
class Cluster:
    """Where the tasks run: datatrove's executor and what it needs (Slurm's partition and time, Ray's address)."""

    executor: str = "local"  # local | slurm | ray
    workers: int = 1  # tasks run at once (local, ray); -1: as many as there are tasks
    partition: str | None = None
    time: str = "24:00:00"
    cpus_per_task: int = 1
    mem_per_cpu_gb: float = 2
    venv: str | None = None
    sbatch_args: dict[str, Any] | None = None
    ray_address: str | None = None


def stages(run: Run) -> list[tuple[str, int, list[Any]]]:
    """(stage, tasks, datatrove pipeline) of every stage the run has, in order."""
    from toolkit.scale.steps import Call, ExtractClaims, ReadArticles, WriteShard

    convert = [ReadArticles(run), *([ExtractClaims(run)] if run.claims else []), WriteShard(run)]
    made: list[tuple[str, int, list[Any]]] = [("convert", run.tasks, convert), ("gather", 1, [Call(run, "gather")])]
    if run.events is not None:
        made += [("events", int(run.events["tasks"]), [Call(run, "events")]), ("merge", 1, [Call(run, "merge")])]
    if run.release is not None:
        made.append(("release", 1, [Call(run, "release")]))
    return made


def executors(run: Run, cluster: Cluster) -> list[tuple[str, Any]]:
    """The datatrove executor of every stage, each depending on the one before (Slurm submits them all at once)."""
    made: list[tuple[str, Any]] = []
    previous = None
    for stage, tasks, steps in stages(run):
        logs = str(run.work_path / "logs" / stage)
        workers = tasks if cluster.workers == -1 else min(cluster.workers, tasks)
        if cluster.executor == "local":
            from datatrove.executor import LocalPipelineExecutor

            executor: Any = LocalPipelineExecutor(steps, tasks=tasks, workers=workers, logging_dir=logs, start_method="spawn")
        elif cluster.executor == "slurm":
            from datatrove.executor import SlurmPipelineExecutor

            if not cluster.partition:
                raise DefinitionError("the slurm executor needs a partition (--partition)")
            executor = SlurmPipelineExecutor(
                steps,
                tasks=tasks,
                time=cluster.time,
                partition=cluster.partition,
                cpus_per_task=cluster.cpus_per_task,
                mem_per_cpu_gb=int(cluster.mem_per_cpu_gb),
                job_name=f"parallax-{stage}",
                logging_dir=logs,
                venv_path=str(Path(cluster.venv or sys.prefix) / "bin" / "activate"),
                sbatch_args=cluster.sbatch_args,
                depends=previous,
            )
        elif cluster.executor == "ray":
            import datatrove.executor.ray
            from datatrove.executor.ray import RayPipelineExecutor

            from toolkit.scale.steps import quiet

            quiet(datatrove.executor.ray)

            executor = RayPipelineExecutor(
                steps, tasks=tasks, workers=workers, logging_dir=logs, cpus_per_task=cluster.cpus_per_task, mem_per_cpu_gb=cluster.mem_per_cpu_gb
            )
        else:
            raise DefinitionError(f"unknown executor {cluster.executor!r}; choose local, slurm or ray")
        made.append((stage, executor))
        previous = executor
    return made


def execute(
    run: Run, cluster: Cluster, said: Callable[[str], None] = lambda _: None, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, Any]:
    """Run every stage (locally or on Ray one after the other; on Slurm, submitted with their dependencies) and return
    what the run made: the gathered summary, the events and the release (read from WORK once the stages are done)."""
    from toolkit.scale.shards import read_json

    if cluster.executor == "ray":
        import ray

        if not ray.is_initialized():
            ray.init(address=cluster.ray_address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    chained = executors(run, cluster)
    if cluster.executor == "slurm":
        chained[-1][1].run()  # submits every stage, each depending on the one before
        said(f"submitted {len(chained)} stages to Slurm; their logs are under {run.work_path / 'logs'}")
        return {"submitted": [stage for stage, _ in chained]}
    for stage, executor in chained:
        said(f"{stage}: {executor.world_size} task{'s' if executor.world_size != 1 else ''}")
        with _watched(run.work_path / "logs" / stage / "completions", stage, executor.world_size, progress):
            executor.run()
        _check_done(run, stage, executor)
    gathered = run.work_path / "gathered.json"
    if not gathered.is_file():
        raise StageFailed(f"gather is marked done but {gathered} is missing; remove {run.work_path / 'logs' / 'gather'}/ to gather again")
    result: dict[str, Any] = {"gathered": read_json(gathered)}
    for name in ("merged.json", "released.json"):
        if (run.work_path / name).is_file():
            result[name.split(".")[0]] = read_json(run.work_path / name)
    return result


@contextmanager
def _watched(completions: Path, stage: str, tasks: int, progress: Callable[[str, int, int], None] | None) -> Iterator[None]:
    """Report how many of a stage's tasks are done, every second, while it runs."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(1.0):
            done = len(list(completions.glob("*"))) if completions.is_dir() else 0
            progress(f"{stage}: tasks done", done, tasks)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


class StageFailed(ParallaxError):
    """A stage ended with tasks not done."""


def _check_done(run: Run, stage: str, executor: Any) -> None:
    missing = executor.get_incomplete_ranks(skip_completed=True)
    if missing:
        logs = run.work_path / "logs" / stage / "logs"
        raise StageFailed(f"{stage}: {len(missing)} task(s) failed ({', '.join(map(str, missing[:5]))}); their logs: {logs}; run again to redo only those")


__all__ = ["STAGES", "Cluster", "DefinitionError", "RunChanged", "StageFailed", "definition", "execute", "executors", "load", "prepare", "stages"]
