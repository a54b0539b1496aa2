"""Time `parallax align` as a whole process on real articles: the 37,554 article-bias-prediction articles with the pool.

Usage: python benchmarks/bench_align.py [--corpora PATH] [--sizes 1000 10000 0] [--out benchmarks/out]
Imports article-bias-prediction, BASIL, PAC and AllSides (the development pool of benchmarks/bench_events.py) into one
folder once (kept under --out), without the corpora's own events, so every article is grouped. For each size (0: all)
it writes a data folder of that many articles (a fixed order: by the SHA-256 of the id) with their claims and the
registries, and runs `parallax align DATA --out OUT` in a fresh process: validation, grouping, propositions,
comparisons and writing. Prints seconds, seconds per thousand articles (flat when the cost grows linearly), peak
memory, and the events made; and for the run holding the whole pool, the B-cubed F1 of its events on the pool's gold
events, with the other articles there as distractors.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_validate import BIN, timed  # noqa: E402

from maintainer.shared import CORPORA as SHARED_CORPORA  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_events import score_events  # noqa: E402

CORPORA = ("article-bias-prediction", "basil", "pac", "allsides-neus")
POOL = ("basil", "pac", "allsides-neus")


def default_corpora() -> Path:
    """$PARALLAX_SHARED/corpora, else ../shared/corpora beside the repository."""
    return SHARED_CORPORA


def imported(corpora: Path, out: Path) -> Path:
    """The four corpora imported into out/align-full once (the events moved to out/align-gold), reused later."""
    full, gold, done = out / "align-full", out / "align-gold", out / "align-full.done"
    if done.exists():
        return full
    shutil.rmtree(full, ignore_errors=True)
    shutil.rmtree(gold, ignore_errors=True)
    for corpus in CORPORA:
        print(f"importing {corpus}", file=sys.stderr)
        run_import(corpus, corpora / corpus, full, OutletRegistry.load(full / "outlets.jsonl", ROOT / "data" / "outlets.jsonl"))
    gold.mkdir(parents=True)
    for path in sorted((full / "events").glob("*.jsonl")):
        if any(path.stem.startswith(corpus) for corpus in POOL):
            shutil.copy(path, gold / path.name)
    shutil.rmtree(full / "events")
    done.write_text("ok\n")
    return full


def _order(record: dict[str, Any]) -> str:
    return hashlib.sha256(str(record["id"]).encode()).hexdigest()


def subset(full: Path, size: int, into: Path) -> int:
    """A data folder of the first `size` articles (all when 0) in a fixed order, their claims, and the registries."""
    articles = sorted((r for _f, r in read_records([full / "articles"])), key=_order)
    chosen = articles[:size] if size else articles
    keep = {a["id"] for a in chosen}
    write_jsonl(into / "articles" / "articles.jsonl", sorted(chosen, key=lambda a: str(a["id"])))
    write_jsonl(into / "claims" / "claims.jsonl", (c for _f, c in read_records([full / "claims"]) if c.get("article_id") in keep))
    for name in ("outlets.jsonl", "actors.jsonl"):
        if (full / name).is_file():
            shutil.copy(full / name, into / name)
    return len(chosen)


def pool_f1(gold: Path, aligned: Path, articles: set[str]) -> float | None:
    """B-cubed F1 of the aligned events on the pool's gold events, when the run held all their articles."""
    held = {str(a) for _f, e in read_records([gold]) for a in e["article_ids"]}
    if not held <= articles:
        return None
    return float(score_events([gold], [aligned / "events"])["bcubed"]["f1"])


def main() -> None:
    """Import once, then align each size in its own process."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    full = imported(args.corpora, args.out)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'articles':>9} {'seconds':>8} {'s/1k':>6} {'peak MB':>8} {'events':>7} {'pool F1':>8} exit")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.out, prefix="align-") as tmp:
            data, aligned = Path(tmp) / "data", Path(tmp) / "aligned"
            count = subset(full, size, data)
            seconds, peak, code = timed([str(BIN / "parallax"), "align", str(data), "--out", str(aligned), "--quiet"])
            events = sum(1 for _f, _r in read_records([aligned / "events"])) if (aligned / "events").is_dir() else 0
            ids = {str(a["id"]) for _f, a in read_records([data / "articles"])}
            f1 = pool_f1(args.out / "align-gold", aligned, ids) if code == 0 else None
            shown = f"{f1:.3f}" if f1 is not None else "-"
            print(f"{count:>9} {seconds:>8.1f} {seconds / count * 1000:>6.2f} {peak:>8} {events:>7} {shown:>8} {code}", flush=True)


if __name__ == "__main__":
    main()
