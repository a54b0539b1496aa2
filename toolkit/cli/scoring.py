"""Commands that score predictions against gold records: score claims, events and alignments."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from toolkit.cli.console import (
    common,
    console,
    progress_shown,
)
from toolkit.cli.group import cli


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

    console().progress("scoring claims")
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

    console().progress("scoring events")
    with progress_shown():
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

    console().progress("reading alignments and claims")
    with progress_shown():
        found = [r for _p, r in read_records([Path(p) for p in predicted])]
    try:
        scores = score_alignments(Path(gold), (r for r in found if r.get("type") == "alignment"), [r for r in found if r.get("type") == "claim"])
    except (GoldError, ValueError) as error:
        click.echo(f"cannot score: {error}", err=True)
        sys.exit(2)
    click.echo(json.dumps(scores, indent=2) if output == "json" else render(scores), nl=output == "json")
