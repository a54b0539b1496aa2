"""The commands that let a curator see and decide who is who: actors list, show, merge, split, rename."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from toolkit.cli.console import common, console, data_folder, finish, registries, session
from toolkit.cli.group import cli
from toolkit.records import OWN_VOICE

# a decision refused for an id or a name that cannot be used is a usage error; one the data contradicts, a data problem
USAGE_CODES = ("curate.unknown-actor", "curate.same-actor", "curate.name")
SHOWN_MENTIONS = 5


@cli.group(short_help="List actors with their mentions and claims; merge, split and rename them.")
def actors() -> None:
    """See who speaks in the data, and decide who is who.

    A decision (merge, split, rename) is an actor record with provenance `human`, written into the project's
    data/actors.jsonl: no later run of any parallax command rewrites it, and the measures count the actors it makes one
    as one.

    \b
    Examples:
      parallax actors list --min-claims 2
      parallax actors merge von-der-leyen ursula-von-der-leyen
      parallax actors split john-smith john-smith-q42
    """


def _folders(data: tuple[str, ...]) -> list[Path]:
    """The data folders a listing reads: those given, else the project's data/."""
    return [Path(d) for d in data] or [data_folder(None)]


def _read(folders: list[Path]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The actors the folders resolve against (the registries, the project's, the folders' own) and their claims."""
    from toolkit.records import read_records

    known = dict(registries(*folders).actors)
    claims: list[dict[str, Any]] = []
    own: dict[str, dict[str, Any]] = {}
    for _path, record in read_records(folders):
        if record.get("type") == "claim":
            claims.append(record)
        elif record.get("type") == "actor" and isinstance(record.get("id"), str):
            own.setdefault(record["id"], record)
    return known | {rid: r for rid, r in own.items() if rid not in known}, claims


def _matches(row: dict[str, Any], search: str) -> bool:
    """Whether a row's id, name, merged ids or mentions hold the text searched, whatever the case."""
    wanted = search.casefold()
    texts = [row["id"], row["name"] or "", *row["merged"], *(m["text"] for m in row["mentions"])]
    return any(wanted in text.casefold() for text in texts)


def _mentions(row: dict[str, Any], limit: int = SHOWN_MENTIONS) -> str:
    shown = ", ".join(f"{m['text']!r} {m['count']}" for m in row["mentions"][:limit])
    more = len(row["mentions"]) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _kinds(row: dict[str, Any]) -> str:
    kinds = [k for k in (row["actor_type"], row["source_type"]) if k]
    return f" ({', '.join(kinds)})" if kinds else ""


def _table(rows: list[dict[str, Any]]) -> list[str]:
    """The rows as a readable table: counts, then the actor, what was merged into it and its mentions."""
    lines = [f"{'claims':>7} {'articles':>8} {'outlets':>7}  actor"]
    pad = " " * 26
    for row in rows:
        name = row["name"] if row["name"] is not None else "(no actor record)"
        lines.append(f"{row['claims']:>7} {row['articles']:>8} {row['outlets']:>7}  {row['id']}  {name}{_kinds(row)}")
        if row["merged"]:
            lines.append(f"{pad}merged: {', '.join(row['merged'])}")
        if row["mentions"]:
            lines.append(f"{pad}mentions: {_mentions(row)}")
    return lines


@actors.command("list", short_help="The actors of the data, by claims, with the mentions that name them.")
@click.argument("data", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--min-claims", type=click.IntRange(min=0), default=0, show_default=True, help="Show only actors with at least this many claims.")
@click.option("--search", metavar="TEXT", help="Show only actors whose id, name, merged ids or mentions hold TEXT (any case).")
@common()
def list_actors(data: tuple[str, ...], min_claims: int, search: str | None) -> None:
    """List the actors of DATA (default: the project's data/), one per real-world entity (actors merged into another
    count for it), most claims first: claims, articles and outlets, the ids merged into it, and the speaker mentions
    that named it, most frequent first.

    \b
    Examples:
      parallax actors list
      parallax actors list --min-claims 3 --search leyen
      parallax actors list mydata --format json
    """
    from toolkit.actors.curation import listing

    known, claims = _read(_folders(data))
    rows = [row for row in listing(known, claims) if row["claims"] >= min_claims and (search is None or _matches(row, search))]
    attributions = [c for c in claims if c.get("kind") not in OWN_VOICE]  # the outlet's own voice has no speaker to resolve
    unresolved = sum(1 for c in attributions if (c.get("speaker") or {}).get("actor_id") is None)
    if console().output == "text":
        for line in _table(rows):
            click.echo(line)
        click.echo(f"{len(rows):,} actors shown; {len(attributions):,} attributions, {unresolved:,} of them with a speaker no actor stands for")
    finish(0, {"command": "actors list", "actors": rows, "claims": len(claims), "attributions": len(attributions), "claims_without_actor": unresolved})


@actors.command("show", short_help="One actor: its record, the actors merged into it, its mentions and outlets.")
@click.argument("actor_id", metavar="ID")
@click.argument("data", nargs=-1, type=click.Path(exists=True, path_type=str))
@common()
def show(actor_id: str, data: tuple[str, ...]) -> None:
    """Show the actor ID stands for (itself, or the actor it was merged into), as the data of DATA (default: the
    project's data/) names it: its record, the actors merged into it, its mentions and its claims by outlet.

    \b
    Examples:
      parallax actors show ursula-von-der-leyen
      parallax actors show von-der-leyen mydata --format json
    """
    from toolkit.actors.curation import CurationRefused, detail
    from toolkit.records import dumps

    known, claims = _read(_folders(data))
    try:
        found = detail(known, claims, actor_id)
    except CurationRefused as refused:
        _refused("actors show", refused)
    if console().output == "text":
        row = found["actor"]
        if row["id"] != actor_id:
            click.echo(f"{actor_id} is merged into {row['id']}")
        click.echo(f"{row['id']}  {row['name']}{_kinds(row)}: {row['claims']} claims in {row['articles']} articles of {row['outlets']} outlets")
        click.echo("record: " + dumps(found["record"]).decode().rstrip())
        for record in found["merged_records"]:
            click.echo("merged: " + dumps(record).decode().rstrip())
        for mention in row["mentions"]:
            click.echo(f"mention: {mention['text']!r} {mention['count']}")
        for outlet in found["outlets"]:
            click.echo(f"outlet: {outlet['outlet_id']} {outlet['count']}")
    finish(0, {"command": "actors show"} | found)


def _refused(command: str, refused: Any) -> NoReturn:
    """Stop with the coded reason a decision was not recorded: exit 2 for an id or name that cannot be used, else 1."""
    code = 2 if refused.code in USAGE_CODES else 1
    click.echo(f"parallax: {refused}", err=True)
    finish(code, {"command": command, "refused": refused.code, "message": refused.detail})


def _into_option(command: Any) -> Any:
    return click.option(
        "--into",
        type=click.Path(file_okay=False, path_type=str),
        help="The data folder whose actors.jsonl receives the decision (default: the project's data/).",
    )(command)


def _decide(command: str, into: str | None, decide: Any) -> tuple[Path, list[dict[str, Any]], list[dict[str, Any]]]:
    """Make the records of a decision against the actors the folder resolves against, and write them into it."""
    from toolkit.actors.curation import ACTORS_FILE, CurationRefused, write_decisions

    folder = data_folder(into)
    known = registries(folder).actors
    try:
        made = decide(known)
    except CurationRefused as refused:
        _refused(command, refused)
    copied = write_decisions(folder, made, known, session().waiting)
    console().detail(f"wrote {len(made) + len(copied)} records into {folder / ACTORS_FILE}")
    return folder / ACTORS_FILE, made, copied


def _done(command: str, said: str, path: Path, made: list[dict[str, Any]], copied: list[dict[str, Any]]) -> NoReturn:
    """Say what a decision did and where it is kept."""
    also = f", with {len(copied)} actor record{'s' if len(copied) != 1 else ''} it names copied from the registries" if copied else ""
    if console().output == "text":
        click.echo(f"{said}; kept in {path}{also}")
    payload = {"command": command, "file": str(path), "records": made, "copied": [r["id"] for r in copied]}
    finish(0, payload)


@actors.command(short_help="Record that one actor is the same as another: its claims count for that one.")
@click.argument("source")
@click.argument("target")
@_into_option
@common()
def merge(source: str, target: str, into: str | None) -> None:
    """Record that SOURCE is the same actor as TARGET: claims naming SOURCE keep its id and count for TARGET in the
    measures, and SOURCE's name becomes one of TARGET's names. Refused when TARGET is merged into SOURCE already (a
    cycle) or when one of them is marked distinct from the other (parallax actors split).

    \b
    Examples:
      parallax actors merge von-der-leyen ursula-von-der-leyen
      parallax actors merge the-kremlin russian-government --into mydata
    """
    from toolkit.actors.curation import merge as decide

    path, made, copied = _decide("actors merge", into, lambda known: [decide(known, source, target)])
    _done("actors merge", f"merged {source} into {target}: its claims count for {target}", path, made, copied)


@actors.command(short_help="Record that two actors are never the same, whatever names they share.")
@click.argument("a")
@click.argument("b")
@_into_option
@common()
def split(a: str, b: str, into: str | None) -> None:
    """Record that A and B are never the same actor: each is marked distinct from the other, a same_as that made them
    one is removed, and no automatic pass may merge them again.

    \b
    Examples:
      parallax actors split john-smith john-smith-q42
    """
    from toolkit.actors.curation import split as decide

    path, made, copied = _decide("actors split", into, lambda known: decide(known, a, b))
    _done("actors split", f"split {a} from {b}: they stay two actors", path, made, copied)


@actors.command(short_help="Give an actor a new name: a new actor of that name, the old one the same as it.")
@click.argument("actor_id", metavar="ID")
@click.argument("new_name", metavar="NAME")
@_into_option
@common()
def rename(actor_id: str, new_name: str, into: str | None) -> None:
    """Give the actor ID the name NAME. Ids derive from names, so this makes an actor of the new name (with ID's type,
    aliases, roles, source type and Wikidata id, and its old name as an alias) and marks ID the same as it: claims keep
    naming ID and count for the new actor.

    \b
    Examples:
      parallax actors rename von-der-leyen "Ursula von der Leyen"
    """
    from toolkit.actors.curation import rename as decide

    path, made, copied = _decide("actors rename", into, lambda known: decide(known, actor_id, new_name))
    _done("actors rename", f"renamed {actor_id} to {new_name!r} ({made[0]['id']})", path, made, copied)


@actors.command(short_help="Run the dataset pass: link the actors extraction made to one per entity across the articles.")
@click.argument("data", required=False, type=click.Path(exists=True, file_okay=False, path_type=str))
@common()
def resolve(data: str | None) -> None:
    """Link the actors extraction made in DATA (default: the project's data/) to one actor per real-world entity across
    its articles ('von der Leyen' the same as 'Ursula von der Leyen'), set their descriptions and source types, and
    rewrite its actors.jsonl; a curator's records are never changed. `convert`, `extract` and `align` run this pass
    themselves; run it after copying the records of several folders into one. Surnames that may be any of several
    people are left apart and listed, for `parallax actors merge`.

    \b
    Examples:
      parallax actors resolve
      parallax actors resolve merged/ --format json
    """
    from toolkit.flows import resolve_actors
    from toolkit.store import Summary

    folder = data_folder(data)
    summary = Summary()
    report = resolve_actors(session(), folder, summary)
    for found in summary.problems:
        console().note(f"{found.file}: {found.severity}[{found.code}]: {found.message}")
    if console().output == "text":
        click.echo(f"{report.linked} actors linked to another in {folder}/actors.jsonl; {len(report.ambiguous)} surnames left for a curator")
    finish(0, {"command": "actors resolve", "folder": str(folder), "linked": report.linked, "ambiguous": report.ambiguous})
