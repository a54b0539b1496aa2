"""Parallax's stages as datatrove pipeline steps: read articles, extract claims, write a shard and check it.

Records travel between steps as datatrove Documents: an article's text is the Document's text and its record is in
the metadata (`parallax`), with the claims the extractor found in it; a problem met on the way (an input that cannot
be read, an article the extractor failed on) travels as a Document without text, so that every problem reaches the
task's summary. Each step works on the parts the run's plan gives its task (toolkit.scale.plan), so a task reads only
its share of the inputs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import datatrove.executor.base
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from toolkit.problems import Problem
from toolkit.scale.run import Run

PLAN = "plan.json"
CONSOLE = "PARALLAX_RUN_CONSOLE"  # the level of datatrove's task logs on standard error (default: none; they go to WORK/logs)


_FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {name}:{function}:{line} - {message}"


def _task_logger(logging_dir: Any, rank: int, local_rank: int = 0, node_rank: int = -1) -> Any:
    """A task's log file, as datatrove keeps it; standard error only at the level $PARALLAX_RUN_CONSOLE names (-v), so
    the command prints the run's own progress and summary, and a failed task is reported with where its log is."""
    from loguru import logger

    logfile = logging_dir.open(f"logs/task_{rank:05d}.log", "w")
    logger.remove()
    level = os.environ.get(CONSOLE)
    if level and local_rank == 0:
        logger.add(sys.stderr, level=level, format=_FORMAT)
    logger.add(logfile, level="DEBUG", format=_FORMAT)
    logger.info(f"Launching pipeline for {rank=}")
    return logfile


def _close_task_logger(logfile: Any) -> None:
    """Close a task's log file; datatrove's own lines go on to standard error only with -v."""
    from loguru import logger

    logger.complete()
    logger.remove()
    level = os.environ.get(CONSOLE)
    if level:
        logger.add(sys.stderr, level=level, format=_FORMAT)
    logfile.close()


def quiet(module: Any) -> None:
    """Make an executor module of datatrove log through `_task_logger` and `_close_task_logger`."""
    module.add_task_logger = _task_logger
    module.close_task_logger = _close_task_logger


quiet(datatrove.executor.base)


def _problem_document(found: Problem, n: int, part: int) -> Document:
    return Document(text="", id=f"problem-{n}", metadata={"parallax": "problem", "part": part, "problem": found.to_dict()})


class RunStep(PipelineStep):
    """A step of a run: it holds the run it belongs to."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run_config = run


class ReadArticles(RunStep):
    """The articles of a task's parts of the inputs, read as `parallax convert` reads them (text, Markdown, HTML, crawler
    JSON and JSON Lines, Parquet, WARC); an article whose outlet and text the task has already read is skipped."""

    name = "parallax: read articles"
    type = "Reader"

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from toolkit.convert import Options, Raw
        from toolkit.convert.run import read_one
        from toolkit.scale.plan import Part, read_part
        from toolkit.scale.shards import read_json

        run = self.run_config
        plan = read_json(run.work_path / PLAN)
        options = Options(run.registries().outlets, run.outlet, dict(run.fields))
        n = 0
        for index in plan["dealt"][rank]:
            seen: dict[tuple[Any, str], str] = {}  # within the part; the gather step finds an article repeated across parts
            for part in Part.from_dict(plan["parts"][index]).files():

                def load(part: Part = part) -> Raw:
                    return Raw(part.path, read_part(part), part.first_line, part.rows, part.file_sha256)

                with self.track_time():
                    for item in read_one(part.group, part.path, load, run.kind, options, seen):
                        n += 1
                        if isinstance(item, Problem):
                            yield _problem_document(item, n, index)
                            continue
                        group, article = item
                        self.stat_update("articles")
                        yield Document(
                            text=str(article.get("text") or ""),
                            id=str(article["id"]),
                            metadata={"parallax": "article", "part": index, "group": group, "path": part.path, "record": article},
                        )


class ExtractClaims(RunStep):
    """The claims of each article, as `parallax convert` finds them (the facts in the outlet's own voice among them
    unless the run says `facts: false`); the extractor's failure on one article is that article's problem."""

    name = "parallax: extract claims"
    type = "Extractor"

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from toolkit.flows import _claims_of, extractor_of, too_long
        from toolkit.pipeline import attempt

        run = self.run_config
        actors = run.registries().actors
        extractor = extractor_of(run.parser, run.facts, run.extractor)
        for document in data or ():
            if document.metadata.get("parallax") == "article":
                article = document.metadata["record"]
                texted = "text" in article and not too_long(article)
                with self.track_time():
                    outcome = attempt(extractor, article, actors) if texted else None
                items = list(_claims_of(article, document.metadata["group"], outcome, document.metadata["path"]))
                document.metadata["claims"] = [item[1] for item in items if not isinstance(item, Problem)]
                document.metadata["problems"] = [item.to_dict() for item in items if isinstance(item, Problem)]
                self.stat_update("claims", value=len(document.metadata["claims"]))
            yield document


class WriteShard(RunStep):
    """Each part's records written as a data folder of their own (toolkit.store: validated record by record, with the
    outlets and actors they point to), then validated whole, and put in place in one step with its summary. One folder
    a part, so that what a task holds in memory is one part's records, whatever the size of the input, and the data
    folder is the same however many tasks share the parts."""

    name = "parallax: write and check the shards"
    type = "Writer"

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from itertools import groupby

        from toolkit.scale.shards import read_json

        run = self.run_config
        todo = list(read_json(run.work_path / PLAN)["dealt"][rank])
        for index, documents in groupby(data or (), key=lambda document: int(document.metadata["part"])):
            while todo and todo[0] != index:
                self._write(run, todo.pop(0), iter(()))  # a part that gave nothing at all: an empty shard
            if todo:
                todo.pop(0)
            self._write(run, index, documents)
        for index in todo:
            self._write(run, index, iter(()))
        yield from ()

    def _write(self, run: Run, index: int, documents: Iterator[Document]) -> None:
        from toolkit.scale.shards import SUMMARY, fresh, put_in_place, shard_folder, summary_to_json, to_problem, write_json
        from toolkit.store import Summary, write_items
        from toolkit.validate import validate

        folder = shard_folder(run.work_path, index)
        partial = fresh(folder)
        keys: list[list[Any]] = []

        def items() -> Iterator[Any]:
            for document in documents:
                kind = document.metadata.get("parallax")
                if kind == "problem":
                    yield to_problem(document.metadata["problem"])
                elif kind == "article":
                    article, group = document.metadata["record"], document.metadata["group"]
                    keys.append([article.get("outlet_id"), article.get("text_sha256"), article["id"], document.metadata["path"]])
                    yield group, article
                    for claim in document.metadata.get("claims", ()):
                        yield group, claim
                    yield from (to_problem(p) for p in document.metadata.get("problems", ()))

        with self.track_time("shard"):
            summary = write_items(items(), partial, Summary(), run.registries())
            report = validate([str(partial)], jobs=1)
        named = [p.to_dict() | {"file": (p.file or "").replace(str(partial), str(folder), 1) or None} for p in report.sorted_problems()]
        checked = {"errors": report.errors, "warnings": report.warnings, "problems": named}
        write_json(partial / SUMMARY, {"part": index, "summary": summary_to_json(summary), "articles": keys, "validation": checked})
        put_in_place(partial, folder)
        self.stat_update("written", value=sum(summary.written.values()))


class Call(RunStep):
    """A stage that is one function of the run: gather, events (a task's windows), merge, release."""

    name = "parallax"
    type = "Stage"

    def __init__(self, run: Run, action: str) -> None:
        super().__init__(run)
        self.action = action
        self.name = f"parallax: {action}"

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.track_time("task"):
            ACTIONS[self.action](self.run_config, rank, world_size)
        yield from ()


def _gather(run: Run, rank: int, world_size: int) -> None:
    from toolkit.scale.events import plan_windows
    from toolkit.scale.gather import gather

    gather(run)
    if run.events is not None:
        plan_windows(run)


def _events(run: Run, rank: int, world_size: int) -> None:
    from toolkit.scale.events import group_windows

    group_windows(run, rank, world_size)


def _merge(run: Run, rank: int, world_size: int) -> None:
    from toolkit.scale.events import align_merged
    from toolkit.scale.shards import write_json

    summary = align_merged(run)
    write_json(run.work_path / "merged.json", {"files": summary.files, "problems": [p.to_dict() for p in summary.problems]})


def _release(run: Run, rank: int, world_size: int) -> None:
    from toolkit.flows import build
    from toolkit.scale.shards import write_json

    settings = run.release or {}
    session = run.session()
    info = session.project.release_info() if session.project else None
    when = settings.get("date") or datetime.now(UTC).date().isoformat()
    made = build(session, run.out_path, Path(settings["out"]), settings["version"], bool(settings.get("no_text")), info, when, align=run.events is None)
    write_json(run.work_path / "released.json", {"out": settings["out"], "version": settings["version"], "made": str(made)})


ACTIONS = {"gather": _gather, "events": _events, "merge": _merge, "release": _release}
