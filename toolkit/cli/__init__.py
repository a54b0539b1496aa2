"""The `parallax` command line: thin commands over the library (toolkit.flows chains the stages).

Every command takes --project, -q/--quiet, -v/--verbose and --debug; exit statuses are those of EXIT_CODES
(docs/commands.md). A problem in the data is a coded line and exit 1; a wrong command line, a missing file or extra,
or an unreachable network, one line and exit 2; only a bug is an internal error (exit 3; --debug shows its traceback).
"""

from __future__ import annotations

import sys
import traceback

import click

from toolkit.cli import actors, events, records, releases, scale, scoring, tables  # noqa: F401  (register their commands on the group)
from toolkit.cli import console as _console
from toolkit.cli.console import CARD_FIELDS, EXIT_CODES, PARSER_DEFAULT, Console
from toolkit.cli.group import cli

__all__ = ["CARD_FIELDS", "EXIT_CODES", "PARSER_DEFAULT", "Console", "cli", "main"]


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
        if _console.debug:
            traceback.print_exc()
        click.echo(f"parallax: internal error: {type(error).__name__}: {error} (a bug: run again with --debug for the traceback, and report it)", err=True)
        sys.exit(3)
