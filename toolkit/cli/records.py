"""Commands that make and check records: init, convert, import, extract, validate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.console import (
    PARSER_DEFAULT,
    _bar,
    _load_extractor,
    _load_parser,
    _print_summary,
    _require,
    common,
    console,
    data_folder,
    extractor_option,
    finish,
    progress_shown,
    registries,
    session,
)
from toolkit.cli.group import cli
from toolkit.reporters import REPORTERS


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
    type=click.Choice(["auto", "text", "markdown", "html", "json", "jsonl", "parquet", "warc"]),
    default="auto",
    show_default=True,
    help="Input format; auto tells it by the file name, else by the content.",
)
@click.option("--field", "fields", multiple=True, metavar="OURS=THEIRS", help="For JSON inputs: read a field from another key, e.g. text=body (repeatable).")
@click.option("--out", type=click.Path(path_type=str), help="Data folder to add the articles to (default: the project's data/).")
@click.option(
    "--claims/--no-claims", default=True, show_default=True, help="Extract the claims of each article (speakers resolved against the actors registry)."
)
@click.option(
    "--facts/--no-facts",
    default=True,
    show_default=True,
    help="Among the claims, the facts each article states in its own voice (kind fact), aligned across outlets like quotes.",
)
@click.option("--parser", default=PARSER_DEFAULT, show_default=True, help="The installed spaCy pipeline the claim extractor parses with (see extract --help).")
@extractor_option()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes extracting claims (default: one per core; the same output).")
@common()
def convert(
    inputs: tuple[str, ...],
    outlet: str | None,
    kind: str,
    fields: tuple[str, ...],
    out: str | None,
    claims: bool,
    facts: bool,
    parser: str,
    extractor: str,
    jobs: int | None,
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
      parallax convert pages/ --no-facts        # attributions only, not the facts in the outlets' own voice
      parallax convert pages/ --extractor fast  # the CRF taggers instead of the neural one

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
        _load_extractor(extractor)
        named = None if parser == PARSER_DEFAULT else parser
    with progress_shown():
        summary = flows.convert(session(), inputs, target, kind, outlet, mapping, claims, named, jobs, facts, extractor)
    _print_summary("convert", summary, target)


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


@cli.command(short_help="Extract the claims of articles already converted or imported (who said what).")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--out", required=True, type=click.Path(path_type=str), help="Data folder to write the articles, their claims and the registries they use to.")
@extractor_option()
@click.option(
    "--parser",
    default=PARSER_DEFAULT,
    show_default=True,
    help="The installed spaCy pipeline whose dependency parses the CRF span tagger reads (fast); another English pipeline "
    "(en_core_web_md, en_core_web_lg) can stand in, though the tagger was trained on the default's parses.",
)
@click.option(
    "--facts/--no-facts",
    default=True,
    show_default=True,
    help="Also the facts each article states in its own voice (claims of kind fact), aligned across outlets like quotes.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core; any number gives the same output).")
@common()
def extract(sources: tuple[str, ...], out: str, extractor: str, parser: str, facts: bool, jobs: int | None) -> None:
    """Extract the claims of the articles in data folders or files (who said what, with evidence spans).

    SOURCES (default: the project's data/) hold article records; speakers resolve against the packaged actors, the
    project's data/actors.jsonl and the actors the sources hold. OUT must be another folder than the sources: it
    receives the articles, the claims found in them and the outlet and actor records they point to, so that it
    validates on its own.

    \b
    Examples:
      parallax extract mydata --out extracted
      parallax extract mydata --out extracted --extractor rules --jobs 2
      parallax extract mydata --out extracted --extractor fast
      parallax extract mydata --out attributions --no-facts
    """
    _require("extract")
    import functools

    from toolkit import flows
    from toolkit.extract import extract as extract_claims
    from toolkit.pipeline import Extractor

    folders = [Path(s) for s in sources] or [data_folder(None)]
    if any(folder.resolve() == Path(out).resolve() for folder in folders):
        raise click.BadParameter("write to another folder than the sources", param_hint="--out")
    if extractor != "rules" or facts:  # facts read the parse too
        _load_parser(parser)
    _load_extractor(extractor)
    run: Extractor = functools.partial(extract_claims, learned=extractor != "rules", neural=extractor == "neural", parser=parser, facts=facts)
    registries(*folders, Path(out))
    with progress_shown():
        summary = flows.extract(session(), folders, Path(out), run, jobs)
    _print_summary("extract", summary, Path(out))
