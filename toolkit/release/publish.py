"""Send a release to the Hugging Face Hub as a dataset repository (or, dry, list what would be sent)."""

from __future__ import annotations

from pathlib import Path

from toolkit.release.atomic import BuildError
from toolkit.release.manifest import MANIFEST


def release_files(release: Path) -> list[tuple[str, int]]:
    """(path in the repository, size in bytes) of every file a release sends, in path order."""
    if not (release / "README.md").is_file() or not (release / MANIFEST).is_file():
        raise BuildError(f"{release} is not a release folder (no README.md or {MANIFEST}); run parallax build first")
    return [(p.relative_to(release).as_posix(), p.stat().st_size) for p in sorted(release.rglob("*")) if p.is_file()]


def publish(release: Path, repo: str, dry_run: bool = False, private: bool = False) -> list[tuple[str, int]]:
    """Upload the release folder to the dataset repository `repo` (token from huggingface-cli login or HF_TOKEN); return the files."""
    files = release_files(release)
    if "/" not in repo:
        raise BuildError(f"{repo!r} is not ORG/NAME")
    if not dry_run:
        from huggingface_hub import HfApi

        api = HfApi()
        api.create_repo(repo, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(folder_path=str(release), repo_id=repo, repo_type="dataset", commit_message=f"Release from {release.name}")
    return files
