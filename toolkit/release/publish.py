"""Send a release to the Hugging Face Hub as a dataset repository (or, dry, list what would be sent).

Nothing is sent unless the release is what its manifest says (every file listed with its hash, no other file, no
link out of the folder) and it holds no article text whose rights forbid redistribution (a hydrated release), unless
the publisher says so.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from toolkit.release.atomic import BuildError
from toolkit.release.manifest import MANIFEST
from toolkit.release.parquet import shard

RELEASE_PROBLEM, USAGE_OR_NETWORK = 1, 2
LISTED = 5  # files named in a manifest refusal; the count gives the rest
INCLUDE_RESTRICTED = "--include-restricted-text"
LOGIN = "hf auth login"


class PublishRefused(BuildError):
    """Nothing was sent: `code` (catalogued in toolkit.problems.RELEASE) says why, `status` is the exit status to give."""

    def __init__(self, code: str, message: str, status: int = RELEASE_PROBLEM) -> None:
        super().__init__(message)
        self.code, self.status = code, status


def release_files(release: Path) -> list[tuple[str, int]]:
    """(path in the repository, size in bytes) of every file a release sends, in path order."""
    if not (release / "README.md").is_file() or not (release / MANIFEST).is_file():
        raise PublishRefused("publish.not-a-release", f"{release} is not a release folder (no README.md or {MANIFEST}); run parallax build first")
    return [(p.relative_to(release).as_posix(), p.stat().st_size) for p in sorted(release.rglob("*")) if p.is_file()]


def manifest_problems(release: Path) -> list[str]:
    """How the release differs from its MANIFEST.sha256: links out of the folder, files missing, changed or not listed."""
    root, listed = release.resolve(), read_manifest(release)
    found: list[str] = []
    present: set[str] = set()
    for folder, folders, files in os.walk(release):
        for name in sorted(folders + files):
            path = Path(folder) / name
            relative = path.relative_to(release).as_posix()
            if path.is_symlink() and not (path.exists() and path.resolve().is_relative_to(root)):
                found.append(f"{relative} links outside the release or to nothing")
            elif name in files and relative != MANIFEST:
                present.add(relative)
    found += [f"{name} is not listed" for name in sorted(present - listed.keys())]
    found += [f"{name} is missing" for name in sorted(listed.keys() - present)]
    found += [f"{name} has changed" for name in sorted(present & listed.keys()) if _sha256(release / name) != listed[name]]
    return found


def read_manifest(release: Path) -> dict[str, str]:
    """The SHA-256 of each file a release's manifest lists, by path."""
    listed: dict[str, str] = {}
    for line in (release / MANIFEST).read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    return listed


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_manifest(release: Path) -> None:
    """Raise PublishRefused unless the release is exactly what its manifest lists."""
    found = manifest_problems(release)
    if found:
        more = f" and {len(found) - LISTED} more" if len(found) > LISTED else ""
        message = f"the release is not what its {MANIFEST} says: {'; '.join(found[:LISTED])}{more}; rebuild it (parallax build) or hydrate it again"
        raise PublishRefused("publish.manifest", message)


def restricted_texts(release: Path) -> int:
    """How many article texts of the release may not be redistributed (their rights say so); 0 without articles."""
    articles = shard(release, "articles")
    if articles is None:
        return 0
    table = pq.read_table(articles, columns=["text", "rights"])
    allowed = pc.struct_field(table.column("rights"), "redistributable")
    restricted = pc.and_(pc.is_valid(table.column("text")), pc.invert(allowed))
    return int(pc.sum(restricted).as_py() or 0)


def check_rights(release: Path, include_restricted: bool) -> None:
    """Raise PublishRefused when the release holds texts whose rights forbid redistribution, unless they are to be included."""
    count = 0 if include_restricted else restricted_texts(release)
    if count:
        message = (
            f"the release holds {count} article texts whose rights do not allow redistribution (a hydrated release?); "
            f"publish the release built without them, or pass {INCLUDE_RESTRICTED} if you may publish them"
        )
        raise PublishRefused("publish.restricted-text", message)


def network_errors() -> tuple[type[BaseException], ...]:
    """What the Hub client raises when the Hub cannot be reached or refuses a request (HTTP errors of either httpx, and OSError)."""
    found: list[type[BaseException]] = [OSError]
    for name in ("httpx", "httpx2"):
        try:
            found.append(importlib.import_module(name).HTTPError)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def send(release: Path, repo: str, private: bool) -> None:
    """Create the dataset repository if needed and upload the folder, files of earlier releases under data/ removed."""
    from huggingface_hub import HfApi

    try:
        api = HfApi()
        api.create_repo(repo, repo_type="dataset", private=private, exist_ok=True)
        message = f"Release from {release.name}"
        api.upload_folder(folder_path=str(release), repo_id=repo, repo_type="dataset", commit_message=message, delete_patterns=["data/**"])
    except network_errors() as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PublishRefused(
            "publish.network", f"the Hub could not be reached or refused the upload ({detail}); check the network and `{LOGIN}`", USAGE_OR_NETWORK
        ) from None


def publish(release: Path, repo: str, dry_run: bool = False, private: bool = False, include_restricted: bool = False) -> list[tuple[str, int]]:
    """Check the release and upload it to the dataset repository `repo` (token from `hf auth login` or HF_TOKEN); return the files.

    A dry run checks as much and sends nothing.
    """
    if repo.count("/") != 1 or not all(repo.split("/")):
        raise PublishRefused("publish.repo", f"{repo!r} is not ORG/NAME", USAGE_OR_NETWORK)
    try:
        files = release_files(release)
        check_manifest(release)
        check_rights(release, include_restricted)
    except (OSError, pa.ArrowException) as error:  # a Parquet file its manifest lists, but not one Arrow can read
        raise PublishRefused("publish.unreadable", f"cannot read the release: {error}", USAGE_OR_NETWORK) from None
    if not dry_run:
        send(release, repo, private)
    return files
