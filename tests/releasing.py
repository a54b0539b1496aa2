"""What the release tests share: loading a config of a release (the `offline` fixture is in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import datasets


def load(release: Path, config: str, cache: Path) -> datasets.Dataset:
    """One config of a release folder, loaded with datasets.load_dataset into the given cache."""
    loaded = datasets.load_dataset(str(release), config, split="train", cache_dir=str(cache / "datasets"))
    assert isinstance(loaded, datasets.Dataset)
    return loaded
