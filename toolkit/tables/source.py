"""The records a comparison table reads: a release's Parquet or a data folder's JSON Lines, as polars frames.

A release (what `parallax build` writes) is read lazily from `data/<config>/*.parquet`; a data folder is read once
and typed by the same Arrow schemas a release is written with, so a table computed on either has the same columns.
A config the records do not have is an empty frame of its schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from toolkit.errors import ParallaxError
from toolkit.release.atomic import BuildError
from toolkit.release.features import arrow_schema
from toolkit.release.parquet import CONFIGS, collect, table

#: The record type of each config ("claims" -> "claim").
RECORD_TYPES: dict[str, str] = {config: record_type for record_type, config in CONFIGS.items()}


class TablesError(ParallaxError):
    """The records a table was asked of cannot be read."""


@dataclass
class Records:
    """The records of a release or a data folder, one lazy frame per config."""

    where: Path
    form: str  # "release" or "data"
    frames: dict[str, pl.LazyFrame] = field(default_factory=dict)
    #: Frames computed once and kept, by name, for a caller computing many tables (see `kept`).
    computed: dict[str, pl.DataFrame] | None = None

    def lazy(self, config: str) -> pl.LazyFrame:
        """The config's records (an empty frame of its schema when there are none)."""
        if config not in RECORD_TYPES:
            raise TablesError(f"no config {config!r}; the configs: {', '.join(RECORD_TYPES)}")
        if config not in self.frames:
            self.frames[config] = empty(config)
        return self.frames[config]

    def kept(self, name: str, frame: pl.LazyFrame) -> pl.LazyFrame:
        """The frame as it is, or, once `keep` was called, computed the first time and kept for the next tables."""
        if self.computed is None:
            return frame
        if name not in self.computed:
            self.computed[name] = frame.collect()
        return self.computed[name].lazy()

    def keep(self) -> None:
        """Hold the comparisons and each measure's rows in memory once read: for a caller computing many tables."""
        self.frames["comparisons"] = self.lazy("comparisons").collect().lazy()
        self.computed = {}


def empty(config: str) -> pl.LazyFrame:
    """A frame with no rows and the columns of the config's records."""
    frame = pl.from_arrow(arrow_schema(RECORD_TYPES[config]).empty_table())
    assert isinstance(frame, pl.DataFrame)
    return frame.lazy()


def is_release(folder: Path) -> bool:
    """Whether a folder is a release: Parquet files under data/<config>/."""
    return any((folder / "data" / config).is_dir() and any((folder / "data" / config).glob("*.parquet")) for config in RECORD_TYPES)


def open_records(where: Path | str) -> Records:
    """The records of a release folder, or of a data folder or file of JSON Lines records."""
    where = Path(where)
    if not where.exists():
        raise TablesError(f"{where}: no such file or folder")
    if where.is_dir() and is_release(where):
        return _release(where)
    return _data(where)


def _release(folder: Path) -> Records:
    records = Records(folder, "release")
    for config in RECORD_TYPES:
        files = sorted((folder / "data" / config).glob("*.parquet"))
        if files:
            records.frames[config] = pl.scan_parquet(files)
    return records


def _data(where: Path) -> Records:
    try:
        found = collect([where])
    except BuildError as error:
        raise TablesError(f"{error} (run `parallax validate` on it first)") from None
    records = from_records(found, where)
    if not records.frames:
        raise TablesError(f"{where}: no records (a release folder, or a folder or file of JSON Lines records)")
    return records


def from_records(found: Mapping[str, Iterable[dict[str, Any]]], where: Path | str = "records") -> Records:
    """Records held in memory, by config (as `toolkit.release.parquet.collect` gives them), typed as a release types them."""
    records = Records(Path(where), "data")
    for config, items in found.items():
        try:
            frame = pl.from_arrow(table(RECORD_TYPES[config], list(items)))
        except BuildError as error:
            raise TablesError(f"{where}: {error} (run `parallax validate` on it first)") from None
        assert isinstance(frame, pl.DataFrame)
        records.frames[config] = frame.lazy()
    return records
