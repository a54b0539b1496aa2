"""Commands of releases: build, hydrate, publish."""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path

import click

from toolkit import __version__
from toolkit.cli.console import (
    CARD_FIELDS,
    _require,
    common,
    console,
    data_folder,
    finish,
    progress_shown,
    refuse,
    session,
)
from toolkit.cli.group import cli


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
        refuse("build", "no release built", refused)
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
            them = "it" if len(unstated) == 1 else "them"
            click.echo(f"not resolved:\n  the card says [More Information Needed] for {', '.join(unstated)}: state {them} in {where}")
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

    console().progress("restoring texts")
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

    console().progress("checking the release" if dry_run else "checking and sending the release")
    try:
        with progress_shown():
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
