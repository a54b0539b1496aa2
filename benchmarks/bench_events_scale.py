"""Event grouping at scale: the 37,554 article-bias-prediction articles together with the development pool.

Usage: python benchmarks/bench_events_scale.py [--corpora PATH] [--sizes 1000,10000,all] [--json]
Imports article-bias-prediction and the pool (BASIL, PAC, AllSides, as benchmarks/bench_events.py builds it) into a
temporary folder, shuffles their articles in a fixed order and, for each size, groups the first that many with
toolkit.align.events.group_events in a fresh process. Prints, per size, the seconds of the grouping, the peak resident
memory of that process (the articles as loaded included) and the memory it held before grouping, the number of events,
and the seconds per thousand articles, which stays about flat when the cost grows linearly. For the run of every
article it also scores the pool's gold events as they were grouped among all the others (B-cubed F1, overall and per
corpus): the pool's figure when 37,554 more articles compete for its pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_events import KEPT, POOL, build_pool, default_corpora, item_bcubed, pool_parts  # noqa: E402

from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records, with_id, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_events import assignments, score_events  # noqa: E402

ABP = "article-bias-prediction"


def build_articles(corpora: Path, work: Path) -> tuple[Path, Path]:
    """Import article-bias-prediction and the pool under work; a JSON Lines file of all their articles, shuffled (seed 0), and the pool's gold folder."""
    out = work / ABP
    run_import(ABP, corpora / ABP, out, OutletRegistry.load(out / "outlets.jsonl"))
    articles = [{k: a.get(k) for k in KEPT} for _f, a in read_records([out / "articles"]) if a.get("type") == "article"]
    pool, gold = build_pool(corpora, work / "pool")
    articles += pool
    random.Random(0).shuffle(articles)
    path = work / "articles.jsonl"
    write_jsonl(path, articles)
    return path, gold


def _peak_mb() -> float:
    """Peak resident memory of this process in MB: VmHWM of /proc/self/status (ru_maxrss can carry the parent's peak across fork and exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, size: int, pred: Path) -> dict[str, Any]:
    """Group the first `size` articles of the file in this process, writing the events to pred: seconds, events, memory before and peak."""
    from toolkit.align.events import group_events

    articles = [article for _f, article in islice(read_records([path]), size)]
    loaded = _peak_mb()
    start = time.perf_counter()
    clusters = group_events(articles)
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    write_jsonl(pred, (with_id({"type": "event", "article_ids": ids}) for ids in clusters))
    return {"articles": len(articles), "events": len(clusters), "seconds": seconds, "loaded_mb": loaded, "peak_mb": peak}


def run(corpora: Path, sizes: list[int | None]) -> list[dict[str, Any]]:
    """Measure each size in a fresh process (None: all the articles, whose grouping of the pool is scored too)."""
    found = []
    with tempfile.TemporaryDirectory(prefix="bench-events-scale-") as folder:
        path, gold = build_articles(corpora, Path(folder))
        for size in sizes:
            pred = Path(folder) / f"pred-{size or 'all'}.jsonl"
            command = [sys.executable, __file__, "--measure", str(path), "--size", str(size or 0), "--pred", str(pred)]
            result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            if size is None:
                truth, found_events = assignments([gold]), assignments([pred])
                result["pool_f1"] = {"all": score_events([gold], [pred])["bcubed"]["f1"]}
                result["pool_f1"] |= {name: item_bcubed(truth, found_events, items)["f1"] for name, items in pool_parts(gold).items() if name in POOL}
            found.append(result)
    return found


def main() -> None:
    """Print seconds and peak memory per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--sizes", default="1000,10000,all", help="comma-separated article counts; 'all' for every article")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--pred", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.size or sys.maxsize, args.pred)))
        return
    results = run(args.corpora, [None if size == "all" else int(size) for size in args.sizes.split(",")])
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'articles':>9} {'events':>7} {'seconds':>8} {'s/1k':>6} {'loaded MB':>10} {'peak MB':>8}")
    for r in results:
        per = r["seconds"] / r["articles"] * 1000
        print(f"{r['articles']:>9} {r['events']:>7} {r['seconds']:>8.1f} {per:>6.2f} {r['loaded_mb']:>10.0f} {r['peak_mb']:>8.0f}")
    for r in results:
        if "pool_f1" in r:
            print(f"pool grouped among all {r['articles']}: B-cubed F1 " + "  ".join(f"{k} {v:.4f}" for k, v in r["pool_f1"].items()))


if __name__ == "__main__":
    main()
