"""Write the Parquet part of a release: one file per config, and a README whose YAML declares configs and features.

The release folder looks like this (only configs that have records):

```
<out>/
  README.md                                   YAML front matter: configs (data_files) and dataset_info (features)
  data/<config>/train-00000-of-00001.parquet  rows sorted by id
```

and loads with `datasets.load_dataset("<out>", "<config>")`. Building twice from the same records gives the same
bytes; a build is written in a temporary folder beside `out` and moved into place, so `out` is always either the
previous release or the new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from toolkit.records import read_records
from toolkit.release.atomic import BuildError, staged
from toolkit.release.features import RecordTypingError, arrow_schema, features, to_row
from toolkit.schemas import RECORD_TYPES

#: The config of each record type, in the order of the card.
CONFIGS: dict[str, str] = {record_type: f"{record_type}s" for record_type in RECORD_TYPES}
SPLIT = "train"
SHARD = f"{SPLIT}-00000-of-00001.parquet"
RECORD_SUFFIXES = (".jsonl", ".ndjson")

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
    """The record files under the sources (folders walked, dot-files skipped), in path order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = (p for p in source.rglob("*") if p.is_file() and p.suffix in RECORD_SUFFIXES)
            files.extend(sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(source).parts)))
        elif source.is_file():
            files.append(source)
        else:
            raise BuildError(f"{source}: no such file or folder")
    return files


def collect(sources: Iterable[Path]) -> dict[str, list[dict[str, Any]]]:
    """Every record under the sources, by config, each list sorted by id; duplicate ids and unknown types refused."""
    by_config: dict[str, dict[str, dict[str, Any]]] = {config: {} for config in CONFIGS.values()}
    where: dict[str, Path] = {}
    for file, record in read_records(record_files(sources)):
        record_type, record_id = record.get("type"), record.get("id")
        if record_type not in CONFIGS:
            raise BuildError(f"{file}: a record of unknown type {record_type!r} (id {record_id!r})")
        if not isinstance(record_id, str):
            raise BuildError(f"{file}: a {record_type} record without a string id")
        bucket = by_config[CONFIGS[str(record_type)]]
        if record_id in bucket:
            raise BuildError(f"{file}: {record_type} {record_id} is also in {where[record_id]}")
        bucket[record_id] = record
        where[record_id] = file
    return {config: [records[key] for key in sorted(records)] for config, records in by_config.items() if records}


def table(record_type: str, records: list[dict[str, Any]]) -> pa.Table:
    """The records of one type as an Arrow table of its schema; a value the schema does not allow raises BuildError."""
    rows = []
    for record in records:
        try:
            rows.append(to_row(record_type, record))
        except RecordTypingError as error:
            raise BuildError(f"{record_type} {record.get('id')}: {error}") from None
    return pa.Table.from_pylist(rows, schema=arrow_schema(record_type))


def card_yaml(counts: dict[str, int]) -> dict[str, Any]:
    """The `configs` and `dataset_info` of the card, features generated from `datasets.Features`."""
    types = {config: record_type for record_type, config in CONFIGS.items()}
    configs = [{"config_name": c, "data_files": [{"split": SPLIT, "path": f"data/{c}/{SPLIT}-*.parquet"}]} for c in counts]
    info = [{"config_name": c, "features": features(types[c])._to_yaml_list()} for c in counts]
    return {"configs": configs, "dataset_info": info}


def render_readme(counts: dict[str, int]) -> str:
    """README.md: the YAML front matter and the line that loads each config."""
    front = yaml.safe_dump(card_yaml(counts), sort_keys=False, allow_unicode=True, width=1000)
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
    (folder / "README.md").write_bytes(render_readme(counts).encode("utf-8"))
    return counts


def build_parquet(sources: list[Path], out: Path) -> dict[str, int]:
    """Build the Parquet release of the records under the sources into `out`, atomically; return rows per config."""
    records = collect(sources)
    if not records:
        raise BuildError(f"no records under {', '.join(map(str, sources))}")
    with staged(out) as staging:
        return write_release(records, staging)
