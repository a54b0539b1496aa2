"""Shared fixtures: a small valid dataset built from the shipped records, with an outlet so that every check has work to do."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datasets
import huggingface_hub
import pytest
from paths import apply_needs

from toolkit.records import dumps, evidence, with_id, write_jsonl

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need the shared folder (before `-m` selects), and skip them, with the reason, where it is absent."""
    for item in items:
        apply_needs(item)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Seed:
    """Valid records of one outlet: the outlet, the actors, the seed article and its twelve claims."""

    outlet: dict[str, Any]
    actors: list[dict[str, Any]]
    article: dict[str, Any]
    claims: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """The article's body."""
        return str(self.article["text"])

    def claim_at(self, start: int, end: int, article_id: str | None = None) -> dict[str, Any]:
        """A valid claim whose content is body[start:end], with its derived id."""
        claim = copy.deepcopy(self.claims[0])
        claim.pop("cue", None)
        claim["content"] = evidence(self.text, [(start, end)])
        claim["article_id"] = article_id or self.article["id"]
        return with_id(claim)

    def orphan(self, number: int = 1) -> dict[str, Any]:
        """A claim, valid on its own, that points to an article nobody defines."""
        return self.claim_at(number, number + 5, article_id=f"art_{number:016x}")

    def orphan_line(self, number: int = 1) -> bytes:
        """An orphan claim as a JSON line (with its LF)."""
        return dumps(self.orphan(number))

    def write(self, root: Path) -> Path:
        """Write the records as a data/ folder under root; return that folder."""
        write_jsonl(root / "outlets.jsonl", [self.outlet])
        write_jsonl(root / "actors.jsonl", self.actors)
        write_jsonl(root / "articles" / "seed.jsonl", [self.article])
        write_jsonl(root / "claims" / "seed.jsonl", self.claims)
        return root


def build_seed() -> Seed:
    """The shipped records, moved to the outlet 'daily-planet' with every id derived again."""
    outlet = with_id({"type": "outlet", "name": "Daily Planet", "country": "US", "languages": ["en"]})
    article = read_records(next((DATA / "articles").glob("*.jsonl")))[0]
    article.pop("outlet_unknown_reason", None)
    article = with_id(article | {"outlet_id": outlet["id"]})
    claims = [with_id(c | {"article_id": article["id"], "outlet_id": outlet["id"]}) for c in read_records(next((DATA / "claims").glob("*.jsonl")))]
    return Seed(outlet, read_records(DATA / "actors.jsonl"), article, claims)


@pytest.fixture
def seed() -> Seed:
    """A fresh copy of the valid records, free to change."""
    return build_seed()


@pytest.fixture
def dataset(tmp_path: Path, seed: Seed) -> Path:
    """A valid data/ folder in a temporary directory."""
    return seed.write(tmp_path / "data")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No network and a throwaway cache: nothing reaches the Hub or the user's cache."""
    home = tmp_path_factory.mktemp("hf-home")
    for name, value in {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(home), "HF_DATASETS_CACHE": str(home / "datasets")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_CACHE_HOME", str(home))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", home / "datasets")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    return home
