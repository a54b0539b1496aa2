"""The `parallax` command line: thin commands over the library."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from toolkit import __version__
from toolkit.reporters import REPORTERS

DEFAULT_DATA = "data"


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


class _progress:
    """A progress bar on standard error, shown only on a terminal and for inputs worth it."""

    def __init__(self, silent: bool, targets: list[str]) -> None:
        self.bar: Any = None
        if silent or not sys.stderr.isatty():
            return
        total = sum(_size(t) for t in targets)
        if total > 64 * 1024 * 1024:
            self.bar = click.progressbar(length=total, label="validating", file=sys.stderr)

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
