"""`parallax run` on datatrove: convert + extract + validate of news articles with 1 and with 2 workers, and the peak
memory of a worker as the input grows.

The input is a JSON Lines crawl made from the article-bias-prediction corpus (imported under --work; its articles'
text, headline, date and outlet as a crawler writes them), repeated past the corpus with each copy's paragraphs
reversed (articles of realistic shape that are not copies), and cut to --articles. Each run is a fresh work folder:

    python benchmarks/bench_scale.py --articles 2000            # 1 worker, then 2, on the same input
    python benchmarks/bench_scale.py --articles 500,1000,2000 --workers 2 --memory

Prints articles/s, the speed-up from 1 to 2 workers, and the largest resident memory of any worker process
(ru_maxrss of the children), with the time spent per stage from datatrove's stats.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CORPORA = ROOT.parent / "shared" / "corpora"


def crawl(work: Path, articles: int) -> Path:
    """A JSON Lines crawl of `articles` articles under work (made once per size)."""
    imported = work / "abp"
    if not (imported / "articles").is_dir():
        subprocess.run(
            [str(BIN / "parallax"), "import", "article-bias-prediction", str(CORPORA / "article-bias-prediction"), "--out", str(imported), "-q"], check=False
        )
    path = work / f"crawl-{articles}.jsonl"
    if path.is_file():
        return path
    rows = []
    for file in sorted((imported / "articles").glob("*.jsonl")):
        for line in file.read_bytes().splitlines():
            record = json.loads(line)
            if record.get("text"):
                rows.append(
                    {
                        "title": record.get("headline") or "",
                        "maintext": record["text"],
                        "date_publish": record.get("published"),
                        "outlet": record.get("outlet_id") or record.get("outlet_name"),
                    }
                )
    made, copy = [], 0
    while len(made) < articles:
        for row in rows:
            if len(made) == articles:
                break
            if copy:
                row = row | {"maintext": "\n\n".join(reversed(row["maintext"].split("\n\n"))) + f"\n\n(copy {copy})"}
            made.append(row)
        copy += 1
    path.write_text("".join(json.dumps(row) + "\n" for row in made))
    return path


def run(work: Path, source: Path, workers: int, part_mb: float, claims: bool = True) -> dict[str, float]:
    """One `parallax run` of the crawl (convert + extract + validate, no events; no extraction unless `claims`): wall
    seconds and the peak memory of any of its processes."""
    folder = Path(tempfile.mkdtemp(dir=work, prefix=f"run-{workers}w-"))
    definition = folder / "pipeline.yaml"
    definition.write_text(f"inputs: [{source}]\nout: data\nevents: false\npart_mb: {part_mb}\nclaims: {'true' if claims else 'false'}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "parallax"), "run", str(definition), "--workers", str(workers), "-q", "--format", "json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise SystemExit(f"parallax run failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    return {
        "seconds": seconds,
        "articles": summary["written"].get("article", 0),
        "claims": summary["written"].get("claim", 0),
        "peak_mb": max(peak, before) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="2000", help="articles in the crawl; a comma-separated list for --memory")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (comma-separated)")
    parser.add_argument("--part-mb", type=float, default=2, help="the size of a part of the input (a task's share)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "parallax-bench-scale")
    parser.add_argument("--memory", action="store_true", help="one run per size with the last worker count: peak memory as the input grows")
    parser.add_argument("--no-claims", dest="claims", action="store_false", help="convert + validate only, no extraction")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(n) for n in args.articles.split(",")]
    counts = [int(n) for n in args.workers.split(",")]
    if args.memory:
        for size in sizes:
            found = run(args.work, crawl(args.work, size), counts[-1], args.part_mb, args.claims)
            rate = found["articles"] / found["seconds"]
            print(f"{size:>7,} articles, {counts[-1]} workers: {found['seconds']:.1f} s, {rate:.1f} articles/s, peak memory {found['peak_mb']:.0f} MB")
        return
    source = crawl(args.work, sizes[0])
    timed = {}
    for workers in counts:
        found = timed[workers] = run(args.work, source, workers, args.part_mb, args.claims)
        rate = found["articles"] / found["seconds"]
        made = f"{found['articles']:,} articles and {found['claims']:,} claims"
        print(f"{workers} worker(s): {found['seconds']:.1f} s for {made}, {rate:.1f} articles/s, peak memory {found['peak_mb']:.0f} MB")
    if 1 in timed and len(timed) > 1:
        for workers in counts[1:]:
            print(f"speed-up from 1 to {workers} workers: {timed[1]['seconds'] / timed[workers]['seconds']:.2f}x")


if __name__ == "__main__":
    main()
