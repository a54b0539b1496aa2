"""Where the tests find the repository and the shared folder, and the mark of a test that needs a file of the shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from maintainer.shared import CORPORA, ROOT, SHARED

__all__ = ["CORPORA", "ROOT", "SHARED", "needs"]


def needs(*paths: Path) -> pytest.MarkDecorator:
    """Mark a test as needing these files or folders: skipped, saying which is absent, without them; marked `corpus` when they are corpora."""
    return pytest.mark.needs(*paths)


def apply_needs(item: pytest.Item) -> None:
    """Turn an item's `needs` marks into a `corpus` mark and, when a path is absent, a skip with the reason."""
    paths = [Path(path) for mark in item.iter_markers("needs") for path in mark.args]
    if any(path.is_relative_to(CORPORA) for path in paths):
        item.add_marker(pytest.mark.corpus)
    absent = [path for path in paths if not path.exists()]
    if absent:
        item.add_marker(pytest.mark.skip(reason=f"{absent[0]} not found: the shared folder is not beside the repository (set PARALLAX_SHARED)"))
