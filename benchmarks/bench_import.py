"""Time `parallax import article-bias-prediction` and then `parallax validate` on its output, each as a whole process.

Usage: python benchmarks/bench_import.py [--corpus PATH] [--runs 1] [--tmp DIR]
The corpus folder defaults to $PARALLAX_SHARED/corpora/article-bias-prediction, else ../shared/corpora/article-bias-prediction
beside the repository. Both commands run in an empty working folder, so no data/outlets.jsonl is read: the outlets
are the corpus's own. Prints one row per command and one for both: seconds, articles/s (over the corpus's articles)
and peak resident memory in MB (os.wait4's ru_maxrss of the process).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = "article-bias-prediction"

from maintainer.shared import CORPORA  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit code of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def default_corpus() -> Path:
    """Where the shared corpora keep Article-Bias-Prediction."""
    return CORPORA / CORPUS


def articles_in(corpus: Path) -> int:
    """How many articles the corpus holds: the rows of its index."""
    with open(corpus / "index.tsv", newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle, delimiter="\t"))


def run(corpus: Path, tmp: Path | None, articles: int) -> None:
    """One import and one validation into a fresh folder; print their rows."""
    with tempfile.TemporaryDirectory(dir=tmp, prefix="bench-import-") as work:
        out = Path(work) / "out"
        rows = [
            ("parallax import", *timed([str(BIN / "parallax"), "import", CORPUS, str(corpus), "--out", str(out)], Path(work))),
            ("parallax validate", *timed([str(BIN / "parallax"), "validate", "--quiet", str(out)], Path(work))),
        ]
        with open(out / "articles" / f"{CORPUS}.jsonl", "rb") as handle:
            written = sum(1 for _ in handle)
    rows.append(("both", sum(r[1] for r in rows), max(r[2] for r in rows), max(r[3] for r in rows)))
    for name, seconds, peak, code in rows:
        print(f"{name:<18} {articles:>9} {seconds:>8.2f} {articles / seconds:>11.0f} {peak:>8} {code}")
    print(f"{'':<18} {written:>9} articles written")


def main() -> None:
    """Time, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None, help="where the output folder is made (default: the system's)")
    args = parser.parse_args()
    if not (args.corpus / "index.tsv").is_file():
        sys.exit(f"{args.corpus}: no index.tsv; not an Article-Bias-Prediction folder (use --corpus)")
    articles = articles_in(args.corpus)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'command':<18} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak MB':>8} exit")
    for _ in range(args.runs):
        run(args.corpus, args.tmp, articles)


if __name__ == "__main__":
    main()
