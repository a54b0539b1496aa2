"""Event grouping on the development pool: BASIL 2010-2012, PAC train and dev, AllSides stories with at least two sides.

Usage: python benchmarks/bench_events.py [--corpora PATH] [--with-roundups] [--json]
Imports the three corpora into a temporary folder, keeps the articles of their gold events (with --with-roundups also
the AllSides editors' roundups, which no gold event holds and scoring leaves out), drops every event id, groups the
articles with toolkit.align.events.group_events, writes the groups as event records and scores them against the gold
events with toolkit.score_events (what `parallax score events` reports). Prints B-cubed P/R/F1, ARI and seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.align.events import Params, group_events  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records, with_id, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_events import render, score_events  # noqa: E402

POOL = ("basil", "pac", "allsides-neus")


def default_corpora() -> Path:
    """$PARALLAX_CORPORA, else ../shared/corpora beside the repository."""
    corpora = os.environ.get("PARALLAX_CORPORA")
    return Path(corpora) if corpora else ROOT.parent / "shared" / "corpora"


def build_pool(corpora: Path, work: Path, with_roundups: bool = False) -> tuple[list[dict[str, Any]], Path]:
    """Import the pool under work; return its articles (no event ids anywhere) and the folder of its gold events."""
    gold = work / "gold"
    articles: list[dict[str, Any]] = []
    for corpus in POOL:
        out = work / corpus
        run_import(corpus, corpora / corpus, out, OutletRegistry.load(out / "outlets.jsonl"))
        members = {str(a) for _f, event in read_records([out / "events"]) for a in event.get("article_ids", [])}
        write_jsonl(gold / f"{corpus}.jsonl", (event for _f, event in read_records([out / "events"])))
        for _f, article in read_records([out / "articles"]):
            if article.get("type") == "article" and (with_roundups or article["id"] in members):
                articles.append({k: article.get(k) for k in ("id", "outlet_id", "headline", "text", "published")})
    return articles, gold


def run(corpora: Path, with_roundups: bool = False, params: Params | None = None) -> dict[str, Any]:
    """Group the pool and score it; the scores with the article count and the grouping's seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-events-") as folder:
        work = Path(folder)
        articles, gold = build_pool(corpora, work, with_roundups)
        start = time.perf_counter()
        clusters = group_events(articles, params)
        seconds = time.perf_counter() - start
        pred = work / "pred.jsonl"
        write_jsonl(pred, (with_id({"type": "event", "article_ids": ids}) for ids in clusters))
        scores = score_events([gold], [pred])
    return scores | {"input_articles": len(articles), "seconds": seconds}


def main() -> None:
    """Print the pool's scores and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--with-roundups", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.corpora, args.with_roundups)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['input_articles']} articles grouped in {result['seconds']:.2f} s")
    print(render(result), end="")


if __name__ == "__main__":
    main()
