"""Time `parallax build` as a whole process on generated data (validation included), and its peak memory.

Usage: python benchmarks/bench_build.py [--sizes 200000 1000000] [--out benchmarks/out] [--against DIR] [--rounds N]

Prints one row per build: wall seconds, claims/s, CPU seconds (user + system, every process of the build) and the peak
resident memory of its largest process. On a machine others use, wall seconds vary with their load; CPU seconds much
less. `--against DIR` also builds, in turn with this checkout, with the `toolkit` package found in DIR (a checkout of
an earlier version, say), so that both are measured under the same load; both releases must be byte-identical.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_validate import dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "import sys; from toolkit.cli import cli; sys.argv[0] = 'parallax'; cli()"


def timed_build(folder: Path, release: Path, toolkit: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS in MB (largest process of the tree) and exit code of one build."""
    command = [sys.executable, "-c", COMMAND, "build", str(folder), "--out", str(release), "--date", "2026-11-27", "--info", "-"]
    environment = os.environ | {"PYTHONPATH": str(toolkit)}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, cwd=toolkit)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    assert process.stderr is not None
    process.stderr.close()
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def same_files(a: Path, b: Path) -> bool:
    """Whether two release folders hold the same files with the same bytes."""
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in files)


def main() -> None:
    """Generate (once), build, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--against", type=Path, help="a folder holding another version's toolkit package, built in turn with this one")
    parser.add_argument("--rounds", type=int, default=1, help="builds of each size (and version)")
    args = parser.parse_args()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    toolkits = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    print(f"{'toolkit':<8} {'claims':>9} {'seconds':>8} {'claims/s':>10} {'CPU s':>7} {'peak MB':>8} exit")
    for size in args.sizes:
        folder = dataset(args.out, size).resolve()
        with tempfile.TemporaryDirectory(dir=args.out) as tmp:
            for _ in range(args.rounds):
                for name, toolkit in toolkits.items():
                    shutil.rmtree(Path(tmp) / name, ignore_errors=True)  # a first release each time: no changelog against a previous one
                    seconds, cpu, peak, code = timed_build(folder, Path(tmp) / name, toolkit)
                    print(f"{name:<8} {size:>9} {seconds:>8.2f} {size / seconds:>10.0f} {cpu:>7.1f} {peak:>8} {code}", flush=True)
            if args.against:
                print(f"# {size}: releases byte-identical: {same_files(Path(tmp) / 'this', Path(tmp) / 'against')}")


if __name__ == "__main__":
    main()
