"""Write the Parquet part of a release: one file per config, and a README whose YAML declares configs and features.

The release folder looks like this (only configs that have records):

```
<out>/
  README.md                                            YAML front matter: configs (data_files) and dataset_info (features)
  data/<config>/train-00000-of-00001-<digest>.parquet  rows sorted by id; <digest>: the file's SHA-256, 16 hex digits
```

and loads with `datasets.load_dataset("<out>", "<config>")`. Building twice from the same records gives the same
bytes; a build is written in a temporary folder beside `out` and moved into place, so `out` is always either the
previous release or the new one. The card names each file exactly, digest included: `datasets` caches a local folder
by its card (the `data_files` patterns), not by the files' content or times, so with a pattern left the same a
rebuilt release would load from the cache of the previous one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from toolkit.records import record_files as files_of_records
from toolkit.release.atomic import BuildError, staged
from toolkit.release.features import RecordTypingError, arrow_schema, features, row_converter
from toolkit.schemas import RECORD_TYPES

#: The config of each record type, in the order of the card.
CONFIGS: dict[str, str] = {record_type: f"{record_type}s" for record_type in RECORD_TYPES}
SPLIT = "train"
SHARD = f"{SPLIT}-00000-of-00001.parquet"  # a config's Parquet file while it is written, before `seal` names it by its content

#: Fixed writer options: the bytes of a file depend on its rows and the pyarrow version only.
WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "row_group_size": 100_000,
    "store_schema": True,
}


def record_files(sources: Iterable[Path]) -> list[Path]:
    """The record files under the sources (toolkit.records.record_files), in path order; an absent source is refused."""
    sources = list(sources)
    for source in sources:
        if not source.is_dir() and not source.is_file():
            raise BuildError(f"{source}: no such file or folder")
    return files_of_records(sources)


#: A record as a release holds it (`config`, `record`): the record itself when unchanged, else a new one; pure.
Transform = Callable[[str, dict[str, Any]], dict[str, Any]]
#: What sees every record as released, once, in file order (`config`, `record`).
Observe = Callable[[str, dict[str, Any]], None]


@dataclass
class Located:
    """Where the records of each config are, by id, without holding them: (file, byte offset, length) of each line.

    `replaced` holds, per config, the ids of the records the transform of `locate` changed.
    """

    files: list[Path]
    places: dict[str, dict[str, tuple[int, int, int]]]
    replaced: dict[str, set[str]] = field(default_factory=dict)

    def configs(self) -> list[str]:
        """The configs that have records, in card order."""
        return [config for config in CONFIGS.values() if self.places.get(config)]


def locate(sources: Iterable[Path], transform: Transform | None = None, observe: Observe | None = None) -> Located:
    """One pass over the record files: where each record is; duplicate ids, unknown types and missing ids refused.

    Each record, as `transform` releases it, is shown to `observe` as it is read.
    """
    files = record_files(sources)
    places: dict[str, dict[str, tuple[int, int, int]]] = {config: {} for config in CONFIGS.values()}
    replaced: dict[str, set[str]] = {config: set() for config in CONFIGS.values()}
    for number, file in enumerate(files):
        for start, length, record in _records(file):
            config, record_id = _config_and_id(file, record)
            bucket = places[config]
            if record_id in bucket:
                raise BuildError(f"{file}: {record['type']} {record_id} is also in {files[bucket[record_id][0]]}")
            bucket[record_id] = (number, start, length)
            if transform is not None:
                released = transform(config, record)
                if released is not record:
                    replaced[config].add(record_id)
                    record = released
            if observe is not None:
                observe(config, record)
    return Located(files, {c: found for c, found in places.items() if found}, {c: ids for c, ids in replaced.items() if ids})


def _records(file: Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(byte offset, length, record) of each line of a file that holds a JSON object; other lines are skipped."""
    offset = 0
    with open(file, "rb") as handle:
        for line in handle:
            start, offset = offset, offset + len(line)
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(record, dict):
                yield start, len(line), record


def _config_and_id(file: Path, record: dict[str, Any]) -> tuple[str, str]:
    """The config and id of a record; an unknown type or an id that is not a string refused."""
    record_type, record_id = record.get("type"), record.get("id")
    if record_type not in CONFIGS:
        raise BuildError(f"{file}: a record of unknown type {record_type!r} (id {record_id!r})")
    if not isinstance(record_id, str):
        raise BuildError(f"{file}: a {record_type} record without a string id")
    return CONFIGS[str(record_type)], record_id


def collect(sources: Iterable[Path]) -> dict[str, list[dict[str, Any]]]:
    """Every record under the sources, by config, each list sorted by id; refused as `locate` refuses."""
    located = locate(sources)
    return {config: [r for batch in read_sorted(located, config, len(located.places[config])) for r in batch] for config in located.configs()}


def read_lines(located: Located, config: str, size: int, budget: int = 0) -> Iterator[tuple[list[str], list[bytes]]]:
    """The ids and lines of one config's records sorted by id, each line ending in a line feed.

    They come `size` at a time, or in smaller pieces of about `budget` bytes when a budget is given; a piece never
    holds records of two different sizes.
    """
    places, pread = located.places[config], os.pread
    handles = [open(file, "rb") for file in located.files]  # noqa: SIM115 (closed below)
    try:
        descriptors = [handle.fileno() for handle in handles]
        ids = sorted(places)
        for first in range(0, len(ids), size):
            group = ids[first : first + size]
            lines: list[bytes] = []
            start, held = 0, 0
            for record_id in group:
                number, offset, length = places[record_id]
                line = pread(descriptors[number], length, offset)
                lines.append(line if line[-1:] == b"\n" else line + b"\n")
                held += length
                if budget and held >= budget:
                    yield group[start : start + len(lines)], lines
                    start, lines, held = start + len(lines), [], 0
            if lines:
                yield group[start:], lines
    finally:
        for handle in handles:
            handle.close()


def read_sorted(located: Located, config: str, size: int) -> Iterator[list[dict[str, Any]]]:
    """The records of one config sorted by id, `size` at a time, read back from their files."""
    for _, lines in read_lines(located, config, size):
        yield [orjson.loads(line) for line in lines]


def table(record_type: str, records: list[dict[str, Any]]) -> pa.Table:
    """The records of one type as an Arrow table of its schema; a value the schema does not allow raises BuildError."""
    convert, rows = row_converter(record_type), []
    for record in records:
        try:
            rows.append(convert(record))
        except RecordTypingError as error:
            raise BuildError(f"{record_type} {record.get('id')}: {error}") from None
    return pa.Table.from_pylist(rows, schema=arrow_schema(record_type))


def seal(folder: Path, config: str) -> str:
    """Name a config's written Parquet file (SHARD) by the SHA-256 of its bytes; its path relative to the release folder."""
    path = folder / "data" / config / SHARD
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    named = path.with_name(f"{SHARD.removesuffix('.parquet')}-{digest[:16]}.parquet")
    os.replace(path, named)
    return named.relative_to(folder).as_posix()


def seal_all(folder: Path, configs: Iterable[str]) -> dict[str, str]:
    """`seal` each config's Parquet file; the relative path of each, by config."""
    return {config: seal(folder, config) for config in configs}


def shard(folder: Path, config: str) -> Path | None:
    """The Parquet file of a config in a release folder (whatever digest its name carries), or None when it has none."""
    found = sorted((folder / "data" / config).glob(f"{SPLIT}-*.parquet"))
    return found[0] if len(found) == 1 else None


def card_yaml(counts: dict[str, int], shards: dict[str, str] | None = None) -> dict[str, Any]:
    """The `configs` and `dataset_info` of the card, features generated from `datasets.Features`.

    Each config's `data_files` names its file in `shards` (relative paths by config), else every file of its folder.
    """
    types = {config: record_type for record_type, config in CONFIGS.items()}
    paths = shards or {c: f"data/{c}/{SPLIT}-*.parquet" for c in counts}
    configs = [{"config_name": c, "data_files": [{"split": SPLIT, "path": paths[c]}]} for c in counts]
    info = [{"config_name": c, "features": features(types[c])._to_yaml_list()} for c in counts]
    return {"configs": configs, "dataset_info": info}


def render_readme(counts: dict[str, int], shards: dict[str, str] | None = None) -> str:
    """README.md: the YAML front matter and the line that loads each config."""
    front = yaml.safe_dump(card_yaml(counts, shards), sort_keys=False, allow_unicode=True, width=1000)
    lines = [f'- `{c}` ({n} rows): `datasets.load_dataset("<this folder>", "{c}")`' for c, n in counts.items()]
    return f"---\n{front}---\n\n# Parallax release\n\nConfigs:\n\n" + "\n".join(lines) + "\n"


def write_release(records: dict[str, list[dict[str, Any]]], folder: Path) -> dict[str, int]:
    """Write the Parquet files and README.md of the records into a folder (not atomic; see build_parquet)."""
    types = {config: record_type for record_type, config in CONFIGS.items()}
    counts: dict[str, int] = {}
    for config in CONFIGS.values():
        if not records.get(config):
            continue
        data = table(types[config], records[config])
        path = folder / "data" / config / SHARD
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(data, path, **WRITE_OPTIONS)
        counts[config] = data.num_rows
    (folder / "README.md").write_bytes(render_readme(counts, seal_all(folder, counts)).encode("utf-8"))
    return counts


def build_parquet(sources: list[Path], out: Path) -> dict[str, int]:
    """Build the Parquet release of the records under the sources into `out`, atomically; return rows per config."""
    records = collect(sources)
    if not records:
        raise BuildError(f"no records under {', '.join(map(str, sources))}")
    with staged(out) as staging:
        return write_release(records, staging)
