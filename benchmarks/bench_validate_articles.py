"""Time `validate` (one process) on imported article records, against the floor of parsing and schema-checking them.

Usage: python benchmarks/bench_validate_articles.py DATA [--before CHECKOUT] [--rounds 3]
DATA is a folder of imported records (`parallax import article-bias-prediction CORPUS --out DATA`); its
articles/*.jsonl are the article records measured. Rows, each the best of the rounds, run in turn in one run:
  floor   orjson.loads + the article schema's jsonschema-rs is_valid over every article line, nothing else
  before  validate(DATA, jobs=1) of another checkout (for example `git worktree add /tmp/valbase HEAD`)
  after   validate(DATA, jobs=1) of this checkout
Each row runs in a fresh process and times only its work (not the interpreter's start or the imports); MB/s is
the article files' bytes over that time, wall clock and CPU time of the process.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent


def article_files(data: Path) -> list[Path]:
    """The article record files of an imported folder."""
    return sorted((data / "articles").glob("*.jsonl"))


def floor(data: Path) -> int:
    """Parse and schema-check every article line; the number of valid ones."""
    from toolkit.schemas import SchemaSet

    validator, valid = SchemaSet().fast["article"], 0
    gc.disable()  # as validate does: parsed records hold no cycles
    for path in article_files(data):
        with open(path, "rb", buffering=1 << 20) as handle:
            for line in handle:
                valid += validator.is_valid(orjson.loads(line))
    return valid


def validate_once(data: Path) -> int:
    """Validate the folder with one process; the number of problems."""
    from toolkit.validate import validate

    return len(validate([str(data)], jobs=1).problems)


def child(task: str, data: Path) -> None:
    """Run one task in this process and print its wall and CPU seconds and its count."""
    work = floor if task == "floor" else validate_once
    import toolkit.validate  # noqa: F401  (imported before the clock starts)

    wall, cpu = time.perf_counter(), time.process_time()
    count = work(data)
    print(time.perf_counter() - wall, time.process_time() - cpu, count)


def timed(task: str, data: Path, checkout: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and count of one task in a fresh process, with toolkit imported from a checkout."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    done = subprocess.run([sys.executable, __file__, str(data), "--child", task], env=env, capture_output=True, text=True, check=True)
    wall, cpu, count = done.stdout.split()
    return float(wall), float(cpu), int(count)


def main() -> None:
    """Time the rows in turn, print the best of each."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--before", type=Path, help="a checkout of the version to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["floor", "validate"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data)
        return
    size = sum(p.stat().st_size for p in article_files(args.data))
    rows = [("floor", "floor", None), *([("before", "validate", args.before)] if args.before else []), ("after", "validate", HERE.parent)]
    best: dict[str, tuple[float, float, int]] = {}
    for _round in range(args.rounds):
        for name, task, checkout in rows:
            wall, cpu, count = timed(task, args.data, checkout)
            print(f"# round {_round + 1} {name:<7} {wall:6.2f} s wall {cpu:6.2f} s CPU ({count} {'valid' if task == 'floor' else 'problems'})")
            previous = best.get(name)
            best[name] = (min(wall, previous[0]), min(cpu, previous[1]), count) if previous else (wall, cpu, count)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}; {size / 1e6:.1f} MB of article records")
    print(f"{'row':<7} {'wall s':>7} {'MB/s':>6} {'CPU s':>7} {'MB/s':>6} {'of floor':>9}")
    for name, (wall, cpu, _count) in best.items():
        share = best["floor"][0] / wall
        print(f"{name:<7} {wall:>7.2f} {size / wall / 1e6:>6.0f} {cpu:>7.2f} {size / cpu / 1e6:>6.0f} {share:>9.2f}")


if __name__ == "__main__":
    main()
