"""What the conversion tests share: the convert stage alone, written into a folder."""

from __future__ import annotations

from pathlib import Path

from toolkit.convert import Options
from toolkit.convert.run import articles
from toolkit.store import Summary, write_items


def convert(paths: list[str], out: Path, kind: str, options: Options) -> Summary:
    """The articles of the inputs (no claims) written into `out`, resolved against the registry of `options` alone."""
    return write_items((item for item, _path in articles(paths, kind, options)), out, Summary())
