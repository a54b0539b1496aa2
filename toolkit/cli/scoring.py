"""Commands that score predictions against gold records: score claims, events, alignments and actors."""

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


@cli.group(short_help="Score predicted claims, events, alignments or actors against gold records.")
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

    A second table pairs per level: for each level, a largest one-to-one matching of the claim pairs that count at
    that level (contents sharing half the shorter, and the level's condition). A near-whole content then takes the pair
    a small fragment took in the first pairing, and a gold claim with no speaker (a passive, 'it was reported') is not
    judged on its speaker. --format json gives both ("per_level").

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
@click.option(
    "--kind",
    type=click.Choice(["attributed", "fact", "all"]),
    default="attributed",
    show_default=True,
    help="Which gold propositions to score: speakers' statements, facts in the outlets' own voice, or both.",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How to print the scores.")
@common(summary=False)
def score_alignments_command(gold: str, predicted: tuple[str, ...], kind: str, output: str) -> None:
    """Pairwise precision, recall and F1, relation accuracy and omission precision of predicted alignments against gold
    propositions.

    Gold lines are {"event", "kind", "speaker", "members": [{"article_id", "start", "end", "relation"}]} (the format of
    tests/golden/propositions/). Claims pair with gold members by content overlap, as in `score claims`; a member of a
    speaker's statement only with a claim that credits a speaker. An omission (an outlet in an alignment's
    `omitted_by`, of a proposition two outlets carry) is true when the gold proposition it matches has no member in
    that outlet's articles.

    \b
    Examples:
      parallax score alignments --gold tests/golden/propositions/basil.jsonl --pred aligned
      parallax score alignments --gold tests/golden/propositions/basil.jsonl --pred aligned --kind fact
    """
    from toolkit.records import read_records
    from toolkit.score_alignments import KINDS, GoldError, omissions, render, score_alignments

    console().progress("reading alignments and claims")
    with progress_shown():
        found = [r for _p, r in read_records([Path(p) for p in predicted])]
    kinds = KINDS if kind == "all" else (kind,)
    alignments = [r for r in found if r.get("type") == "alignment"]
    claims = [r for r in found if r.get("type") == "claim"]
    outlet_of = {str(r["id"]): str(r.get("outlet_id")) for r in found if r.get("type") == "article" and "id" in r}
    try:
        scores = score_alignments(Path(gold), alignments, claims, kinds)
        omitted = omissions(Path(gold), alignments, claims, outlet_of, kinds)
    except (GoldError, ValueError) as error:
        click.echo(f"cannot score: {error}", err=True)
        sys.exit(2)
    scores["omissions"] = omitted
    if output == "json":
        click.echo(json.dumps(scores, indent=2))
        return
    click.echo(render(scores), nl=False)
    judged = f"{omitted['flagged']} flagged, {omitted['judged']} judged, {omitted['true']} true"
    click.echo(f"omissions of propositions two outlets carry: {judged}, precision {omitted['precision']:.4f}")


@score.command("actors", short_help="Whether predicted claims name the right actor: PolNeAR sources, BASIL speakers.")
@click.option("--corpus", "corpus", required=True, type=click.Choice(["polnear", "basil"]), help="Which gold the folders hold.")
@click.option("--gold", "gold", multiple=True, required=True, type=click.Path(exists=True, path_type=str), help="Gold data folder or file (repeatable).")
@click.option(
    "--pred",
    "--predicted",
    "predicted",
    multiple=True,
    required=True,
    type=click.Path(exists=True, path_type=str),
    help="Predicted data folder or file (repeatable), with its actor records.",
)
@click.option(
    "--referents",
    "referents",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="PolNeAR: JSON Lines of the entity each Source span names (repeatable; needed with --corpus polnear).",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How to print the scores.")
@common(summary=False)
def score_actors_command(corpus: str, gold: tuple[str, ...], predicted: tuple[str, ...], referents: tuple[str, ...], output: str) -> None:
    """Whether predicted claims name the right actor, actors followed through `same_as`.

    PolNeAR: of the gold claims whose source names an entity (the referents file: {"article": file stem, "start",
    "end": raw offsets of the Source span, "mention", "referent": a name or null, "kind"}), how many the extractor found
    (claims matched as in `score claims`), and of those how many have the right actor (the referent is its name or an
    alias; titles and middle initials aside), no actor, or another; by the mention's form and the referent's kind.

    BASIL: of the predicted claims overlapping quoted spans with a named speaker label, B-cubed precision, recall and F1
    of their actors (no actor: a cluster of its own) against the labels, pooled over all triplets; the share with an
    actor; and the share of each gold event's participants (the main entities the importer kept as persons) that a
    participant of the predicted events holding its articles names.

    \b
    Examples:
      parallax score actors --corpus polnear --gold polnear-gold --pred extracted --referents referents.jsonl
      parallax score actors --corpus basil --gold basil-gold --pred aligned --format json
    """
    from toolkit.score_actors import ReferentsError, read_referents, render_basil, render_polnear, score_basil, score_polnear

    if corpus == "polnear" and not referents:
        click.echo("cannot score: --corpus polnear needs --referents (PolNeAR has no entity labels of its own)", err=True)
        sys.exit(2)
    console().progress("scoring actors")
    gold_paths, predicted_paths = [Path(g) for g in gold], [Path(p) for p in predicted]
    try:
        with progress_shown():
            if corpus == "polnear":
                polnear = score_polnear(gold_paths, predicted_paths, read_referents(Path(r) for r in referents))
                found, text = polnear.to_dict(), render_polnear(polnear)
            else:
                basil = score_basil(gold_paths, predicted_paths)
                found, text = basil.to_dict(), render_basil(basil)
    except ReferentsError as error:
        click.echo(f"cannot score: {error}", err=True)
        sys.exit(2)
    click.echo(json.dumps(found, indent=2) if output == "json" else text, nl=output == "json")
