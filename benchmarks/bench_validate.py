"""Time `parallax validate` as a whole process on generated claims, against check-jsonschema on the same claims.

Usage: python benchmarks/bench_validate.py [--sizes 200000 1000000] [--baseline-size 200000] [--out benchmarks/out]
Prints one row per run: records, seconds, claims/s and peak resident memory (the largest process of the run).
The floor row is orjson + jsonschema-rs alone over the same claims on all cores: no validator of this record
shape built on them can be faster on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from toolkit.schemas import load_schemas  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB (largest process of the tree) and exit code of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024, process.returncode


def dataset(out: Path, claims: int) -> Path:
    """The generated dataset of a size, made once and reused."""
    folder, done = out / f"data-{claims}", out / f"data-{claims}.done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, claims)
        done.write_text("ok\n")
    return folder


def bundled_claim_array_schema() -> dict[str, object]:
    """The claim schema with the shared definitions inlined (check-jsonschema resolves no remote $ref offline), for an array."""
    schemas = load_schemas()
    claim = json.loads(json.dumps(schemas["claim.schema.json"]).replace("defs.schema.json#/$defs/", "#/$defs/"))
    claim["$defs"] = schemas["defs.schema.json"]["$defs"]
    claim.pop("$id")
    return {"$schema": claim["$schema"], "$defs": {"claim": claim, **claim["$defs"]}, "type": "array", "items": {"$ref": "#/$defs/claim"}}


def baseline(folder: Path, out: Path) -> tuple[float, int, int]:
    """check-jsonschema validating the dataset's claims as one JSON array file with the same schema."""
    claims = out / f"claims-{folder.name}.json"
    schema = out / "claim-array.schema.json"
    schema.write_bytes(orjson.dumps(bundled_claim_array_schema()).replace(b'"$ref":"#/$defs/', b'"$ref":"#/$defs/'))
    if not claims.exists():
        with open(claims, "wb") as handle:
            handle.write(b"[")
            first = True
            for part in sorted((folder / "claims").glob("*.jsonl")):
                for line in part.open("rb"):
                    handle.write(line.rstrip(b"\n") if first else b"," + line.rstrip(b"\n"))
                    first = False
            handle.write(b"]")
    return timed([str(BIN / "check-jsonschema"), "--schemafile", str(schema), str(claims)])


def main() -> None:
    """Generate, time, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--baseline-size", type=int, default=200_000, help="size at which check-jsonschema runs (0: skip)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'tool':<20} {'claims':>9} {'seconds':>8} {'claims/s':>10} {'peak MB':>8} exit")
    rates = {}
    for size in args.sizes:
        folder = dataset(args.out, size)
        seconds, peak, code = timed([str(BIN / "parallax"), "validate", "--quiet", str(folder)])
        rates[size] = size / seconds
        print(f"{'parallax validate':<20} {size:>9} {seconds:>8.2f} {size / seconds:>10.0f} {peak:>8} {code}")
        seconds, peak, code = timed([sys.executable, str(Path(__file__).parent / "floor.py"), str(folder)])
        print(f"{'floor (parse+schema)':<20} {size:>9} {seconds:>8.2f} {size / seconds:>10.0f} {peak:>8} {code}")
        if size == args.baseline_size:
            seconds, peak, code = baseline(folder, args.out)
            print(f"{'check-jsonschema':<20} {size:>9} {seconds:>8.2f} {size / seconds:>10.0f} {peak:>8} {code}")
            print(f"{'speed-up':<20} {size:>9} {'':>8} {rates[size] / (size / seconds):>9.1f}x")


if __name__ == "__main__":
    main()
