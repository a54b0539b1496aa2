"""Time `parallax build` as a whole process on generated data (validation included), and its peak memory.

Usage: python benchmarks/bench_build.py [--sizes 200000 1000000] [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_validate import BIN, dataset, timed  # noqa: E402


def main() -> None:
    """Generate (once), build, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'claims':>9} {'seconds':>8} {'claims/s':>10} {'peak MB':>8} exit")
    for size in args.sizes:
        folder = dataset(args.out, size)
        with tempfile.TemporaryDirectory(dir=args.out) as tmp:
            command = [str(BIN / "parallax"), "build", str(folder), "--out", str(Path(tmp) / "release"), "--date", "2026-11-27", "--info", "-"]
            seconds, peak, code = timed(command)
        print(f"{size:>9} {seconds:>8.2f} {size / seconds:>10.0f} {peak:>8} {code}")


if __name__ == "__main__":
    main()
