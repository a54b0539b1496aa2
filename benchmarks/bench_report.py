"""Time `parallax report` on a release and weigh its pages.

Usage: python benchmarks/bench_report.py RELEASE [--out DIR] [--runs 1]
RELEASE is a folder `parallax build` wrote (or a data folder). Each run is a fresh process: `parallax report RELEASE
--out DIR/site`, timed with its peak memory; as the baseline of the same run, `parallax tables RELEASE events --format
parquet` (reading the release and computing its event index, which every report needs). Then the pages are weighed by
type (index, event, outlet, actor): how many, median, 90th percentile and largest size.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_validate import BIN, timed  # noqa: E402

KINDS = {"events": "event", "outlets": "outlet", "actors": "actor"}


def weigh(site: Path) -> dict[str, list[int]]:
    """The sizes in bytes of the site's pages, by page type."""
    sizes: dict[str, list[int]] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        kind = KINDS.get(relative.parts[0], "index and lists") if len(relative.parts) > 1 else "index and lists"
        sizes.setdefault(kind, []).append(page.stat().st_size)
    return sizes


def percentile(values: list[int], share: float) -> int:
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("release", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-report-"))
    print(f"{date.today()}, {platform.machine()}, Python {platform.python_version()}: report of {args.release}")
    for run in range(args.runs):
        seconds, peak, code = timed([str(BIN / "parallax"), "tables", str(args.release), "events", "--format", "parquet", "--out", str(out / "events.parquet")])
        print(f"run {run + 1}: baseline `parallax tables RELEASE events`: {seconds:.1f} s, peak {peak} MB, exit {code}")
        seconds, peak, code = timed([str(BIN / "parallax"), "report", str(args.release), "--out", str(out / "site"), "-q"])
        print(f"run {run + 1}: `parallax report`: {seconds:.1f} s, peak {peak} MB, exit {code}")
    for kind, sizes in sorted(weigh(out / "site").items()):
        print(
            f"  {kind}: {len(sizes)} pages, median {statistics.median(sizes) / 1024:.1f} KB, "
            f"90th percentile {percentile(sizes, 0.9) / 1024:.1f} KB, largest {max(sizes) / 1024:.1f} KB"
        )
    total = sum(p.stat().st_size for p in (out / "site").rglob("*") if p.is_file())
    print(f"  the whole site: {total / 1024 / 1024:.1f} MB")
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
