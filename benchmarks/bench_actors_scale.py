"""Time the dataset pass of actors against `parallax align` on the same extracted articles, in the same run.

Usage: python benchmarks/bench_actors_scale.py [--data FOLDER] [--out benchmarks/out] [--rounds 2]

FOLDER holds articles with the claims `parallax extract` found in them (by default: the 37,554 article-bias-prediction
articles, imported and extracted once under --out, which took 47 minutes on two cores). Each round copies
the folder, runs `parallax actors resolve COPY` (the pass alone: reading every actor and claim, linking, rewriting
actors.jsonl) and `parallax align FOLDER --out OUT` (validation, grouping, the pass again in memory, propositions,
comparisons, writing) as processes, alternating which goes first, and prints wall seconds, peak memory and the ratio.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_validate import BIN, timed  # noqa: E402

from maintainer.shared import CORPORA  # noqa: E402


def extracted(out: Path) -> Path:
    """The article-bias-prediction articles imported and extracted once under `out`, reused later."""
    folder, done = out / "abp-extracted", out / "abp-extracted.done"
    if done.exists():
        return folder
    imported = out / "abp-imported"
    shutil.rmtree(imported, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    print("importing article-bias-prediction", file=sys.stderr)
    subprocess.run(
        [str(BIN / "parallax"), "import", "article-bias-prediction", str(CORPORA / "article-bias-prediction"), "--out", str(imported), "-q"], check=False
    )
    print("extracting claims (about three quarters of an hour on two cores)", file=sys.stderr)
    subprocess.run([str(BIN / "parallax"), "extract", str(imported), "--out", str(folder), "-q"], check=False)
    done.write_text("ok\n")
    return folder


def counts(folder: Path) -> tuple[int, int, int]:
    """Articles, claims and actors of a folder (lines of its files)."""

    def lines(paths: list[Path]) -> int:
        return sum(sum(1 for line in p.open("rb") if line.strip()) for p in paths)

    return (
        lines(sorted((folder / "articles").glob("*.jsonl"))),
        lines(sorted((folder / "claims").glob("*.jsonl"))),
        lines([folder / "actors.jsonl"]) if (folder / "actors.jsonl").exists() else 0,
    )


def main() -> None:
    """Time both, alternating, and print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="an extracted folder (default: article-bias-prediction, extracted once under --out)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    data = args.data or extracted(args.out)
    articles, claims, actors = counts(data)
    print(f"# {date.today()}, {platform.machine()}, Python {platform.python_version()}: {articles:,} articles, {claims:,} claims, {actors:,} actors")
    print("| round | step | s | peak MB |\n|---:|---|---:|---:|")
    pass_s, align_s = [], []
    for round_ in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="bench-actors-") as tmp:
            copy, out = Path(tmp) / "data", Path(tmp) / "aligned"
            shutil.copytree(data, copy)
            steps = [
                ("pass", [str(BIN / "parallax"), "actors", "resolve", str(copy), "-q"]),
                ("align", [str(BIN / "parallax"), "align", str(data), "--out", str(out), "-q"]),
            ]
            for name, command in steps if round_ % 2 else steps[::-1]:
                seconds, peak, code = timed(command)
                (pass_s if name == "pass" else align_s).append(seconds)
                print(f"| {round_} | {name}{'' if code in (0, 1) else f' (exit {code})'} | {seconds:.1f} | {peak:,} |")
    print(f"\npass {min(pass_s):.1f} s, align {min(align_s):.1f} s (best of {args.rounds}): the pass takes {min(pass_s) / min(align_s):.2f} of align's time")


if __name__ == "__main__":
    main()
