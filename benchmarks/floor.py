"""The floor under any validator of this record shape: parse (orjson) and schema check (jsonschema-rs) only.

Usage: python benchmarks/floor.py DATA_DIR [--jobs 2]
Runs over every claims/*.jsonl file with one process per job and prints claims/s; no check across records.
"""

from __future__ import annotations

import argparse
import time
from multiprocessing import get_context
from pathlib import Path

import orjson

from toolkit.schemas import SchemaSet


def parse_and_check(path: Path) -> int:
    """Parse and schema-check every line of one file; return how many were valid."""
    validator = SchemaSet().fast["claim"]
    valid = 0
    with open(path, "rb") as handle:
        for line in handle:
            valid += validator.is_valid(orjson.loads(line))
    return valid


def main() -> None:
    """Time the floor over a generated dataset."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = sorted((args.data / "claims").glob("*.jsonl"))
    start = time.perf_counter()
    with get_context("fork").Pool(args.jobs) as pool:
        total = sum(pool.map(parse_and_check, files, chunksize=1))
    seconds = time.perf_counter() - start
    print(f"{total} claims parsed and schema-checked in {seconds:.2f} s: {total / seconds:.0f} claims/s with {args.jobs} processes")


if __name__ == "__main__":
    main()
