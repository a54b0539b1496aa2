"""Measure the claim extractor on PolNeAR: claim, speaker, cue and exact-content P/R/F1, and articles/s.

Usage: python benchmarks/bench_extract.py [--corpus ../shared/corpora/polnear] [--split dev] [--runs 3] [--rules-only]
Imports the split's gold records into a temporary folder, extracts claims from the same articles into another,
scores them with `parallax score claims`'s library call, and times extraction alone over the split's articles.
`--rules-only` leaves the taggers out (the rules alone, as before they were trained). The taggers were trained on
the train split: figures on it are not a measure of what they do on unseen text.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.extract import extract  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.pipeline import extract_folder  # noqa: E402
from toolkit.records import read_records  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score import render, score_claims  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"


def split_copy(corpus: Path, split: str, into: Path) -> Path:
    """A PolNeAR folder holding one split (and the metadata), so that only it is imported."""
    (into / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", into / "data" / "metadata.tsv")
    shutil.copytree(corpus / "data" / split, into / "data" / split)
    return into


def main() -> None:
    """Import, extract, score, time."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rules-only", action="store_true", help="the rules alone, without the trained taggers")
    args = parser.parse_args()
    run = functools.partial(extract, learned=not args.rules_only)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        run_import("polnear", split_copy(args.corpus, args.split, root / "corpus"), root / "gold", OutletRegistry())
        extract_folder([root / "gold"], root / "pred", run)
        print(render(score_claims([root / "gold"], [root / "pred"])))
        articles = [r for _, r in read_records([root / "gold" / "articles"])]
        for n in range(args.runs):
            start = time.perf_counter()
            claims = sum(len(run(article)) for article in articles)
            seconds = time.perf_counter() - start
            print(f"run {n + 1}: {len(articles)} articles, {claims} claims in {seconds:.2f} s: {len(articles) / seconds:.0f} articles/s (one process)")


if __name__ == "__main__":
    main()
