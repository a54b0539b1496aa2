"""`parallax run`: a pipeline definition run on datatrove's executors (toolkit.scale)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from toolkit.cli.console import _print_summary, _require, common, console, finish, session
from toolkit.cli.group import cli


@cli.command("run", short_help="Run a pipeline definition in tasks: locally, on Slurm or on Ray (datatrove).")
@click.argument("pipeline", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--executor", type=click.Choice(["local", "slurm", "ray"]), default="local", show_default=True, help="Where the tasks run.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None, help="Tasks run at once (local, ray; default: one per core).")
@click.option("--tasks", type=click.IntRange(min=1), default=None, help="Convert tasks (default: the definition's, else one per part of the inputs).")
@click.option("--partition", help="Slurm: the partition to submit to.")
@click.option("--time", "time_limit", default="24:00:00", show_default=True, help="Slurm: the time limit of each task.")
@click.option("--cpus-per-task", type=click.IntRange(min=1), default=1, show_default=True, help="Slurm and Ray: cores of each task.")
@click.option("--mem-per-cpu-gb", type=click.FloatRange(min=0.5), default=2.0, show_default=True, help="Slurm and Ray: memory per core of each task.")
@click.option("--venv", type=click.Path(file_okay=False), help="Slurm: the virtual environment the tasks activate (default: this one).")
@click.option("--ray-address", help="Ray: the cluster's address (default: a local Ray started for the run).")
@common()
def run(
    pipeline: Path,
    executor: str,
    workers: int | None,
    tasks: int | None,
    partition: str | None,
    time_limit: str,
    cpus_per_task: int,
    mem_per_cpu_gb: float,
    venv: str | None,
    ray_address: str | None,
) -> None:
    """Run the pipeline PIPELINE defines (YAML: its inputs, its data folder, whether to group events and build a
    release) as datatrove tasks: convert + extract + validate in shards, the shards gathered and checked across,
    events grouped by time window and merged, alignments and comparisons, a release. The articles, claims, outlets
    and actors are those `parallax convert` makes of the same inputs; the events are `parallax align`'s when one
    window holds the data (docs/scale.md says how windows differ).

    Each stage's finished tasks are kept under the definition's work folder, so a run killed and started again redoes
    only the tasks not done, and writes no record twice. docs/scale.md has the definition's keys and a cluster's set-up.

    \b
    Examples:
      parallax run crawl.yaml --workers 2
      parallax run crawl.yaml --executor slurm --partition cpu --time 04:00:00 --cpus-per-task 2
      parallax run crawl.yaml --executor ray --ray-address auto

    \b
    A definition:
      inputs: [crawl/]            # files and folders, as parallax convert takes them
      out: data                   # the data folder the records go to
      fields: {text: maintext}    # as convert's --field
      events: {tasks: 4, days: 91, margin: 7}
      release: {out: release, version: 1.0.0}

    Exit status: 0 done, 1 when inputs were skipped or records invalid, 2 when the run could not run.
    """
    _require("run")
    from toolkit.errors import ParallaxError
    from toolkit.scale.pipeline import Cluster, execute, load, prepare
    from toolkit.store import Summary

    project = session().project
    try:
        found = prepare(load(pipeline, project.root if project else None), tasks, workers or os.cpu_count() or 1)
    except ParallaxError as error:
        raise click.UsageError(str(error)) from error
    out = Path(found.out)
    _quiet_datatrove(console().verbose)
    cluster = Cluster(executor, workers or os.cpu_count() or 1, partition, time_limit, cpus_per_task, mem_per_cpu_gb, venv, None, ray_address)
    console().note(f"run of {pipeline}: {found.tasks} convert task{'s' if found.tasks != 1 else ''}, work folder {found.work}/")
    try:
        made = execute(found, cluster, console().note, console().progress)
    except ParallaxError as error:
        click.echo(f"parallax run: {error}", err=True)  # quiet or not: the run stopped
        finish(2, {"command": "run", "error": str(error)})
    if "submitted" in made:
        finish(0, {"command": "run", "submitted": made["submitted"], "work": found.work})
    from toolkit.scale.shards import add_summary, to_problem

    summary = Summary()
    add_summary(summary, made["gathered"]["summary"])
    if "merged" in made:
        summary.problems.extend(to_problem(p) for p in made["merged"]["problems"])
        events = made["merged"]["files"]
        console().note("events, alignments and comparisons: " + ", ".join(f"{count:,} in {name}" for name, count in sorted(events.items())))
    if "released" in made:
        console().note(f"release {made['released']['version']} in {made['released']['out']}/")
    _print_summary("run", summary, out)


def _quiet_datatrove(verbose: bool) -> None:
    """datatrove's own log lines on standard error only with -v; its task logs are in the work folder either way."""
    from loguru import logger

    from toolkit.scale.steps import CONSOLE

    logger.remove()
    if verbose:
        os.environ[CONSOLE] = "INFO"
        logger.add(sys.stderr, level="INFO")
    else:
        os.environ.pop(CONSOLE, None)
