"""parallax publish sends nothing it should not: restricted texts, a release that is not its manifest, and no traceback when the Hub is away."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import httpx2
import huggingface_hub
import pytest
import requests
from click.testing import CliRunner, Result
from huggingface_hub.errors import HfHubHTTPError

from toolkit import flows
from toolkit.cli import cli
from toolkit.flows import Session
from toolkit.problems import RELEASE
from toolkit.release.hydrate import hydrate
from toolkit.release.publish import publish, restricted_texts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"  # the seed article's rights do not allow its text to be redistributed
REPO = "example-org/harbor-news"


def sent(release: Path, *options: str) -> Result:
    """`parallax publish RELEASE --repo REPO` with the options."""
    return CliRunner().invoke(cli, ["publish", str(release), "--repo", REPO, *options])


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A release of the shipped data, built without the seed article's text."""
    flows.build(Session(None), DATA, tmp_path / "release", "1.0.0")
    return tmp_path / "release"


def test_a_hydrated_release_with_restricted_text_is_refused_unless_asked(release: Path) -> None:
    assert restricted_texts(release) == 0
    hydrate(release, [DATA])
    assert restricted_texts(release) == 1
    refused = sent(release, "--dry-run")
    assert refused.exit_code == 1
    assert "error[publish.restricted-text]" in refused.output and "1 article texts" in refused.output
    assert "--include-restricted-text" in refused.output
    allowed = sent(release, "--dry-run", "--include-restricted-text")
    assert allowed.exit_code == 0, allowed.output
    assert "would send" in allowed.output


def manifest_refusal(release: Path) -> str:
    """The output of a refused dry run, which must name the manifest."""
    result = sent(release, "--dry-run")
    assert result.exit_code == 1, result.output
    assert "error[publish.manifest]" in result.output and "Traceback" not in result.output
    return result.output


def test_a_changed_file_is_refused(release: Path) -> None:
    with open(release / "CHANGELOG.md", "a", encoding="utf-8") as handle:
        handle.write("edited by hand\n")
    assert "CHANGELOG.md has changed" in manifest_refusal(release)


def test_a_file_the_manifest_does_not_list_is_refused(release: Path) -> None:
    (release / "data" / "notes.txt").write_text("not part of the release\n", encoding="utf-8")
    assert "data/notes.txt is not listed" in manifest_refusal(release)


def test_a_missing_file_is_refused(release: Path) -> None:
    (release / "croissant.json").unlink()
    assert "croissant.json is missing" in manifest_refusal(release)


def test_a_link_out_of_the_release_is_refused(release: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("a token\n", encoding="utf-8")
    os.symlink(secret, release / "secret.txt")
    assert "secret.txt links outside the release" in manifest_refusal(release)


def test_a_link_to_a_folder_out_of_the_release_is_refused(release: Path, tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", release / "data" / "more")
    assert "data/more links outside the release" in manifest_refusal(release)


def test_a_repository_not_named_org_slash_name_is_a_usage_error(release: Path) -> None:
    for repo in ("harbor-news", "a/b/c", "/harbor-news"):
        result = CliRunner().invoke(cli, ["publish", str(release), "--repo", repo, "--dry-run"])
        assert result.exit_code == 2 and "error[publish.repo]" in result.output


class Hub:
    """An HfApi stand-in: records the calls, or raises `error` at the first."""

    calls: list[tuple[str, dict[str, Any]]] = []
    error: BaseException | None = None

    def create_repo(self, repo: str, **options: Any) -> None:
        """Create the repository (record the call)."""
        if Hub.error is not None:
            raise Hub.error
        Hub.calls.append(("create_repo", {"repo": repo, **options}))

    def upload_folder(self, **options: Any) -> None:
        """Upload the folder (record the call)."""
        Hub.calls.append(("upload_folder", options))


def hub_error(kind: str) -> BaseException:
    """What the Hub client raises without a network or without a login."""
    request = httpx2.Request("POST", "https://huggingface.co/api/repos/create")
    return {
        "httpx2": httpx2.ConnectError("[Errno -3] Temporary failure in name resolution", request=request),
        "httpx": httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
        "requests": requests.ConnectionError("Max retries exceeded with url: /api/repos/create"),
        "hf": HfHubHTTPError("401 Unauthorized: invalid token", response=httpx2.Response(401, request=request)),
        "os": OSError(101, "Network is unreachable"),
    }[kind]


@pytest.mark.parametrize("kind", ["httpx2", "httpx", "requests", "hf", "os"])
def test_a_network_failure_is_a_clear_error_with_exit_status_2(release: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(huggingface_hub, "HfApi", Hub)
    monkeypatch.setattr(Hub, "error", hub_error(kind))
    result = sent(release)
    assert result.exit_code == 2, result.output
    assert "error[publish.network]" in result.output and "hf auth login" in result.output
    assert "internal error" not in result.output and isinstance(result.exception, SystemExit)


def test_a_release_is_sent_whole_and_files_of_earlier_releases_removed(release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(huggingface_hub, "HfApi", Hub)
    monkeypatch.setattr(Hub, "calls", [])
    files = publish(release, REPO, private=True)
    assert [name for name, _ in Hub.calls] == ["create_repo", "upload_folder"]
    assert Hub.calls[0][1] == {"repo": REPO, "repo_type": "dataset", "private": True, "exist_ok": True}
    upload = Hub.calls[1][1]
    assert upload["folder_path"] == str(release) and upload["repo_id"] == REPO and upload["delete_patterns"] == ["data/**"]
    assert len(files) == len([p for p in release.rglob("*") if p.is_file()])


def test_help_says_how_to_log_in_today() -> None:
    words = " ".join(CliRunner().invoke(cli, ["publish", "--help"]).output.split())
    assert "hf auth login" in words and "huggingface-cli" not in words
    assert "--include-restricted-text" in words


def test_every_publish_code_is_documented() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` | error |" in doc for code in RELEASE)


def test_an_unreadable_articles_file_is_an_error_not_a_traceback(release: Path) -> None:
    from toolkit.release.manifest import MANIFEST, write_manifest
    from toolkit.release.parquet import shard

    articles = shard(release, "articles")
    assert articles is not None
    articles.write_bytes(b"not parquet")
    (release / MANIFEST).unlink()
    write_manifest(release)  # the manifest agrees: only reading the file fails
    result = sent(release, "--dry-run")
    assert result.exit_code == 2 and "error[publish.unreadable]" in result.output
