"""The commands that show the comparison: tables (polars frames over a release) and report (a static site)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from toolkit.cli.console import _require, common, console, finish, progress_shown
from toolkit.cli.group import cli

TABLE_NAMES = ("events", "coverage", "omissions", "matrix", "sources", "source_types", "verbs", "labeling", "headlines", "fidelity", "prominence")


@cli.command(short_help="Comparison tables of a release or data folder: coverage, sources, verbs, labeling and more.")
@click.argument("release", type=click.Path(exists=True, path_type=str))
@click.argument("name", type=click.Choice(TABLE_NAMES))
@click.option(
    "--by",
    "by",
    multiple=True,
    type=click.Choice(["event", "outlet", "leaning", "month"]),
    help="Group by (repeatable; default: the table's own, mostly outlet).",
)
@click.option("--format", "form", type=click.Choice(["table", "csv", "json", "parquet"]), default="table", show_default=True, help="How to write the table.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), help="File to write (default: standard output; needed for parquet).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Rows shown with --format table (0: all).")
@common(summary=False)
def tables(release: str, name: str, by: tuple[str, ...], form: str, out: str | None, limit: int) -> None:
    """Compute the comparison table NAME over RELEASE (a folder `parallax build` wrote, or a data folder of records).

    \b
    Tables (docs/tables.md has their columns):
      events        one row per event: window, outlets, propositions, leanings, blindspots
      coverage      events, articles and shared propositions each outlet reports
      omissions     propositions others carry that an outlet leaves out
      matrix        proposition x outlet: the relation of each rendering, or omitted
      sources       who each outlet quotes, directly or not
      source_types  official, expert, citizen, ... sources per outlet
      verbs         attribution verbs (said, claimed, admitted) by class and lemma
      labeling      the terms each outlet uses for each actor, in whose voice
      headlines     claims in headlines, and how many the body carries too
      fidelity      renderings by relation to the fullest, mean similarity, marked cuts
      prominence    claims in headline, lede and body
    --by leaning gives one row per rater and value, never merged across raters.

    \b
    Examples:
      parallax tables release coverage --by leaning --by month
      parallax tables release verbs --format csv --out verbs.csv
      parallax tables data labeling --by outlet --format json
    """
    _require("tables")
    from toolkit.tables import TABLES, TablesError, matrix, open_records

    if form == "parquet" and not out:
        raise click.UsageError("--format parquet writes a file: name it with --out FILE")
    if name == "matrix" and by:
        raise click.UsageError("the matrix has one row per proposition and outlet: it takes no --by")
    try:
        records = open_records(release)
        frame = matrix(records) if name == "matrix" else TABLES[name].compute(records, by or TABLES[name].by)
    except TablesError as error:
        console().note(f"parallax tables: {error}")
        finish(1)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if "leaning" in by and frame.is_empty():
        console().note("no outlet of these records has a left-right rating: add ratings to their outlet records (for example parallax import allsides-ratings)")
    _write(frame, form, out, limit)


def _write(frame: Any, form: str, out: str | None, limit: int) -> None:
    """Write a table in a format, to standard output or whole into a file (never half-written)."""
    if out is None:
        sys.stdout.write(_formatted(frame, form, limit))
        return
    from toolkit.tables import TablesError

    target = Path(out)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if form == "parquet":
            frame.write_parquet(partial)
        else:
            partial.write_text(_formatted(frame, form, limit), encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise TablesError(f"cannot write {target}: {error.strerror or error}") from None


def _formatted(frame: Any, form: str, limit: int) -> str:
    """A table as CSV (lists and structs as JSON), JSON or a printed table."""
    import polars as pl

    if form == "csv":
        flat = frame.with_columns([pl.Series(c, [_flat(v) for v in frame[c].to_list()], dtype=pl.String) for c, t in frame.schema.items() if t.is_nested()])
        return str(flat.write_csv())
    if form == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1) + "\n"
    shown = frame if limit == 0 else frame.head(limit)
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True, fmt_str_lengths=60, tbl_width_chars=1000):
        text = f"{shown}\n"
    if len(shown) < len(frame):
        text += f"{len(shown)} of {len(frame)} rows shown (--limit 0 for all, or --format csv)\n"
    return text


def _flat(value: Any) -> str:
    """A list or struct cell as one CSV field: JSON."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@cli.command(short_help="A static site of every event, outlet beside outlet, with outlet and actor pages.")
@click.argument("release", type=click.Path(exists=True, path_type=str))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=str), help="Folder to write the site into (replaced as a whole when done).")
@common()
def report(release: str, out: str) -> None:
    """Write a static site of RELEASE (a folder `parallax build` wrote, or a data folder) into OUT.

    One page per event shows its outlets side by side (headline, lede, who is quoted and with which verb), the
    proposition x outlet matrix, what each outlet calls each actor, quote fidelity with the words each outlet cut,
    and each article's text with its claims marked (offsets and quotes when the release holds no text). The index
    lists every event (filterable, sortable) with charts of the dataset; outlets and actors have pages of their own.
    The site opens from file:// or any static host and loads nothing from anywhere else; OUT is replaced only when
    the new site is complete.

    \b
    Examples:
      parallax build && parallax report release --out site
      parallax report data --out site
    """
    _require("report")
    from toolkit.report import build_report
    from toolkit.tables import TablesError

    try:
        with progress_shown():
            built = build_report(release, out, progress=console().progress)
    except TablesError as error:
        console().note(f"parallax report: {error}")
        finish(1, {"command": "report", "refused": str(error)})
    if console().output == "text":
        kinds = ", ".join(f"{n} {kind} pages" for kind, n in built.pages.items())
        click.echo(f"report of {release} in {out}/: {kinds}; the largest page {built.largest[0]}, {built.largest[1] // 1024} KB")
        click.echo(f"open it: {(built.out / 'index.html').as_uri()}")
        if built.unresolved:
            click.echo("not resolved:\n" + "\n".join(f"  {line}" for line in built.unresolved))
    finish(
        0,
        {
            "command": "report",
            "out": str(built.out),
            "pages": built.pages,
            "largest_page": {"name": built.largest[0], "bytes": built.largest[1]},
            "not_resolved": built.unresolved,
        },
    )
