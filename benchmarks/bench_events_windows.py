"""Event grouping by time window (toolkit.align.windows) against the single pass over all articles.

Usage: python benchmarks/bench_events_windows.py [--corpora PATH] [--days 91] [--margin 7] [--crowd 3000]
                                                 [--undated neighbour|alone] [--rule mutual|any] [--gold] [--json]

Imports article-bias-prediction into a temporary folder and groups its 37,553 articles twice, each in a fresh process:
in one pass with toolkit.align.events.group_events, and window by window (plan, each window, merge) with
toolkit.align.windows; then the largest window alone, in a process that loads only its articles. Prints the events of
each, the B-cubed precision, recall and F1 of the windowed events against the single pass's, the share of articles
whose event is exactly the same, seconds and peak resident memory (whole pass, and largest window), and the kinds of
difference: articles whose windowed event is a part of their single-pass event (split), holds it and more (joined),
or neither; single-pass events split across windows or within one; events with an undated article.

--gold groups the development pool with all the article-bias-prediction articles both ways as well (the "all" scenario of
benchmarks/bench_events_dense.py) and scores each against the pool's gold events.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_events import KEPT, POOL, build_pool, default_corpora, item_bcubed, pool_parts  # noqa: E402
from bench_events_scale import _peak_mb  # noqa: E402

from toolkit.align.features import day  # noqa: E402
from toolkit.align.windows import CROWD, DAYS, MARGIN  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_events import assignments  # noqa: E402

ABP = "article-bias-prediction"


def articles_file(corpora: Path, work: Path, gold: bool) -> tuple[Path, Path | None]:
    """A JSON Lines file of the article-bias-prediction articles (with the pool's when gold), and the pool's gold folder."""
    out = work / ABP
    run_import(ABP, corpora / ABP, out, OutletRegistry.load(out / "outlets.jsonl"))
    articles = [{k: a.get(k) for k in KEPT} for _f, a in read_records([out / "articles"]) if a.get("type") == "article"]
    folder = None
    if gold:
        pool, folder = build_pool(corpora, work / "pool")
        articles += pool
    path = work / "articles.jsonl"
    write_jsonl(path, articles)
    return path, folder


def measure(path: Path, mode: str, options: dict[str, Any], pred: Path) -> dict[str, Any]:
    """Group the file's articles in this process (single, windowed, or the largest window), writing the groups to pred."""
    from toolkit.align import windows
    from toolkit.align.events import group_events

    if mode == "largest":
        wanted = set(options["ids"])
        articles = [a for _f, a in read_records([path]) if a["id"] in wanted]
        loaded, start = _peak_mb(), time.perf_counter()
        groups = windows.group_window(articles, windows.Window(*options["window"]), None)
        found: list[Any] = [list(group) for group in groups]
        return {"articles": len(articles), "seconds": time.perf_counter() - start, "loaded_mb": loaded, "peak_mb": _peak_mb(), "groups": len(found)}
    articles = [a for _f, a in read_records([path])]
    loaded, start = _peak_mb(), time.perf_counter()
    result: dict[str, Any] = {}
    if mode == "single":
        found = group_events(articles)
    else:
        cut = windows.plan(articles, None, options["days"], options["margin"], options["undated"], options["crowd"])
        result["plan_seconds"] = time.perf_counter() - start
        largest = max(cut, key=lambda window: len(cut[window]))
        result |= {"windows": len(cut), "largest": {"window": list(vars(largest).values()), "ids": cut[largest]}}
        by_id = {str(a["id"]): a for a in articles}
        found = windows.merge({window: windows.group_window(read, window) for window, read in windows.slices(by_id, cut)}, options["rule"])
    result |= {"articles": len(articles), "events": len(found), "seconds": time.perf_counter() - start, "loaded_mb": loaded, "peak_mb": _peak_mb()}
    pred.write_text(json.dumps(found))
    return result


def fresh(path: Path, mode: str, options: dict[str, Any], pred: Path) -> dict[str, Any]:
    """measure() in a fresh process (its options in a file beside pred: a window's ids are too many for a command line)."""
    given = pred.with_suffix(".options.json")
    given.write_text(json.dumps(options))
    command = [sys.executable, __file__, "--measure", str(path), "--mode", mode, "--options", str(given), "--pred", str(pred)]
    return dict(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))


def compared(single: list[list[str]], windowed: list[list[str]], days: dict[str, int], window_days: int) -> dict[str, Any]:
    """B-cubed of the windowed events against the single pass's, the share of articles with the same event, and the kinds of difference."""
    truth = {a: str(n) for n, group in enumerate(single) for a in group}
    found = {a: str(n) for n, group in enumerate(windowed) for a in group}
    one = {a: frozenset(group) for group in single for a in group}
    other = {a: frozenset(group) for group in windowed for a in group}
    kinds = Counter("same" if one[a] == other[a] else "split" if other[a] < one[a] else "joined" if other[a] > one[a] else "both" for a in one)
    result: dict[str, Any] = {"bcubed": item_bcubed(truth, found, set(truth)), "same_share": kinds["same"] / len(one), "articles": dict(kinds)}
    result["single_events"] = _events(single, other, days, window_days)
    result["windowed_events"] = _events(windowed, one, days, window_days)
    return result


def _events(groups: list[list[str]], against: dict[str, frozenset[str]], days: dict[str, int], window_days: int) -> dict[str, int]:
    """Events of more than one article of one grouping counted by whether the other keeps them, crosses a window boundary, holds an undated article."""
    kinds: Counter[str] = Counter()
    for group in groups:
        if len(group) < 2:
            continue
        kept = "kept" if against[group[0]] == frozenset(group) else "changed"
        dated = {days[a] - days[a] % window_days for a in group if days[a] >= 0}
        where = "undated" if any(days[a] < 0 for a in group) else "across" if len(dated) > 1 else "within"
        kinds[f"{kept} {where}"] += 1
    return dict(sorted(kinds.items()))


def gold_scores(pred: Path, gold: Path) -> dict[str, float]:
    """B-cubed F1 of the pool's gold articles as grouped, overall and per corpus."""
    truth = assignments([gold])
    found = {a: str(n) for n, group in enumerate(json.loads(pred.read_text())) for a in group}
    grouped = {a: e for a, e in truth.items() if a in found}
    scores = {"all": item_bcubed(grouped, found, set(grouped))["f1"]}
    return scores | {name: item_bcubed(grouped, found, items & set(grouped))["f1"] for name, items in pool_parts(gold).items() if name in POOL}


def run(corpora: Path, options: dict[str, Any], gold: bool) -> dict[str, Any]:
    """Both groupings of the articles, the largest window alone, and how they differ."""
    with tempfile.TemporaryDirectory(prefix="bench-events-windows-") as folder:
        work = Path(folder)
        path, gold_folder = articles_file(corpora, work, gold)
        single = fresh(path, "single", options, work / "single.json")
        windowed = fresh(path, "windowed", options, work / "windowed.json")
        largest = windowed.pop("largest")
        result = {"options": options, "single": single, "windowed": windowed, "largest": fresh(path, "largest", largest, work / "largest.json")}
        days = {str(a["id"]): day(a.get("published"), a.get("url")) for _f, a in read_records([path])}
        one, other = (json.loads((work / name).read_text()) for name in ("single.json", "windowed.json"))
        result["compared"] = compared(one, other, days, options["days"])
        if gold_folder:
            result["gold"] = {name: gold_scores(work / f"{name}.json", gold_folder) for name in ("single", "windowed")}
        return result


def report(result: dict[str, Any]) -> None:
    """Print the figures."""
    single, windowed, largest, diff = result["single"], result["windowed"], result["largest"], result["compared"]
    print(f"articles {single['articles']}  windows {windowed['windows']} of {result['options']}")
    print(f"{'':10} {'events':>7} {'seconds':>8} {'peak MB':>8}")
    print(f"{'single':10} {single['events']:>7} {single['seconds']:>8.1f} {single['peak_mb']:>8.0f}")
    print(f"{'windowed':10} {windowed['events']:>7} {windowed['seconds']:>8.1f} {windowed['peak_mb']:>8.0f}  (plan {windowed['plan_seconds']:.1f} s)")
    print(f"{'largest':10} {largest['groups']:>7} {largest['seconds']:>8.1f} {largest['peak_mb']:>8.0f}  ({largest['articles']} articles)")
    score = diff["bcubed"]
    print(f"B-cubed against the single pass: P {score['precision']:.4f} R {score['recall']:.4f} F1 {score['f1']:.4f}; same event {diff['same_share']:.4f}")
    print("articles: " + "  ".join(f"{k} {v}" for k, v in sorted(diff["articles"].items())))
    print("single-pass events: " + "  ".join(f"{k} {v}" for k, v in diff["single_events"].items()))
    print("windowed events:    " + "  ".join(f"{k} {v}" for k, v in diff["windowed_events"].items()))
    for name, scores in result.get("gold", {}).items():
        print(f"gold, {name}: " + "  ".join(f"{k} {v:.4f}" for k, v in scores.items()))


def main() -> None:
    """Group both ways and print how the windowed events differ from the single pass."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--days", type=int, default=DAYS, help="days a window owns")
    parser.add_argument("--margin", type=int, default=MARGIN, help="days either side a window reads as well")
    parser.add_argument("--crowd", type=int, default=CROWD, help="dated articles of the whole corpus every window reads as well")
    parser.add_argument("--undated", choices=("neighbour", "alone"), default="neighbour")
    parser.add_argument("--rule", choices=("mutual", "any"), default="mutual")
    parser.add_argument("--gold", action="store_true", help="group the development pool with them and score both against its gold events")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--options", help=argparse.SUPPRESS)
    parser.add_argument("--pred", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.mode, json.loads(Path(args.options).read_text()), args.pred)))
        return
    options = {"days": args.days, "margin": args.margin, "undated": args.undated, "rule": args.rule, "crowd": args.crowd}
    result = run(args.corpora, options, args.gold)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)


if __name__ == "__main__":
    main()
