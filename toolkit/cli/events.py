"""The command that groups articles into events and compares the outlets: align."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.console import (
    _require,
    common,
    console,
    data_folder,
    finish,
    progress_shown,
    refuse,
    registries,
    registry_file,
    session,
)
from toolkit.cli.group import cli


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
        refuse("align", "nothing aligned", refused)
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
            fix = f"add their outlets to {registry_file('outlets.jsonl')} and convert them again"
            text.append(f"  {without} comparisons are of articles without a known outlet: {fix}")
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
