"""Event grouping on the development pool: BASIL 2010-2012, PAC train and dev, AllSides stories with at least two sides.

Usage: python benchmarks/bench_events.py [--corpora PATH] [--with-roundups] [--fit] [--heldout] [--json]
Imports the three corpora into a temporary folder, keeps the articles of their gold events (with --with-roundups also
the AllSides editors' roundups, which no gold event holds and scoring leaves out), drops every event id, groups the
articles with toolkit.align.events.group_events, writes the groups as event records and scores them against the gold
events with toolkit.score_events (what `parallax score events` reports), and per corpus. Prints B-cubed P/R/F1, ARI
and seconds, and the scores against gold with the events joined that hold one report twice (the same article in two
corpora, which gold made one corpus at a time keeps apart).

--fit fits the pair model's weights on all the pool's candidate pairs (a pair is positive when gold puts both articles
in one event), prints them in the form of toolkit.align.events.WEIGHTS and scores the pool with them: this is how the
default weights were made, so the default figure is in-sample. --heldout scores parts of the pool grouped with weights
fitted without them: PAC dev, and each half of the AllSides stories (split by a hash of the event id), each beside the
same part's in-sample figure (the grouping's other parameters stay as they are, chosen on the whole pool). A part's
figure, like the per-corpus ones, is each of its articles' B-cubed averaged, clusters counted over the whole pool.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maintainer.shared import CORPORA  # noqa: E402
from toolkit.align.copies import contained, shingles  # noqa: E402
from toolkit.align.events import Params, group_events, originals, pair_table  # noqa: E402
from toolkit.align.features import outlet_codes  # noqa: E402
from toolkit.align.pairs import ABSOLUTE, FEATURES, STANDOUT, absolute, fit, log_odds, standout  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records, with_id, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_events import assignments, render, score_events  # noqa: E402

POOL = ("basil", "pac", "allsides-neus")
KEPT = ("id", "outlet_id", "headline", "text", "published", "url")


def default_corpora() -> Path:
    """$PARALLAX_SHARED/corpora, else ../shared/corpora beside the repository."""
    return CORPORA


def build_pool(corpora: Path, work: Path, with_roundups: bool = False) -> tuple[list[dict[str, Any]], Path]:
    """Import the pool under work; return its articles (no event ids anywhere) and the folder of its gold events, a file per events file."""
    gold = work / "gold"
    articles: list[dict[str, Any]] = []
    for corpus in POOL:
        out = work / corpus
        run_import(corpus, corpora / corpus, out, OutletRegistry.load(out / "outlets.jsonl"))
        members = {str(a) for _f, event in read_records([out / "events"]) for a in event.get("article_ids", [])}
        for path in sorted((out / "events").glob("*.jsonl")):
            write_jsonl(gold / path.name, (event for _f, event in read_records([path])))
        for _f, article in read_records([out / "articles"]):
            if article.get("type") == "article" and (with_roundups or article["id"] in members):
                articles.append({k: article.get(k) for k in KEPT})
    return articles, gold


def item_bcubed(truth: dict[str, str], pred: dict[str, str], items: set[str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 averaged over some of gold's articles, clusters counted over all of gold's.

    So a part's figure counts the articles of other parts merged into its events as errors, and the parts' figures,
    weighted by their sizes, average to the whole pool's (which is what toolkit.score_events gives).
    """
    both = Counter((truth[a], pred.get(a, "singleton:" + a)) for a in truth)
    gold_sizes, pred_sizes = Counter(truth.values()), Counter(pred.get(a, "singleton:" + a) for a in truth)
    chosen = [a for a in truth if a in items]
    precision = sum(both[truth[a], pred.get(a, "singleton:" + a)] / pred_sizes[pred.get(a, "singleton:" + a)] for a in chosen) / len(chosen)
    recall = sum(both[truth[a], pred.get(a, "singleton:" + a)] / gold_sizes[truth[a]] for a in chosen) / len(chosen)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def _half(event_id: str) -> int:
    return hashlib.sha256(event_id.encode()).digest()[0] % 2


def fitted(
    articles: list[dict[str, Any]], gold: dict[str, str], params: Params, train: Callable[[str], bool], crowds: Sequence[list[dict[str, Any]]] = ()
) -> Params:
    """params with the three models' weights fitted on the candidate pairs whose two articles pass `train` (label: one
    gold event), read among the articles and, as well, among each of `crowds` (the articles with others around them)."""
    tables, labels = [], []
    for group in (articles, *crowds):
        ordered = originals(group, params)[2]  # as group_events reads them: copies of another article left out
        first, second, table = pair_table(ordered, params)
        ids = [str(article["id"]) for article in ordered]
        keep = np.array([ids[a] in gold and ids[b] in gold and train(ids[a]) and train(ids[b]) for a, b in zip(first, second, strict=True)], dtype=bool)
        labels.append(np.array([gold.get(ids[a], "a") == gold.get(ids[b], "b") for a, b in zip(first, second, strict=True)], dtype=bool)[keep])
        tables.append((first, second, table, outlet_codes(ordered), keep))
    label = np.concatenate(labels)
    weights = fit(np.vstack([table[keep] for _f, _s, table, _o, keep in tables]), label)
    rivals = [
        standout(first, second, log_odds(table, weights), outlets, params.rival_rank, params.absent)[keep] for first, second, table, outlets, keep in tables
    ]
    second_weights = fit(np.vstack(rivals), label)
    alone_weights = fit(np.vstack([absolute(table)[keep] for _f, _s, table, _o, keep in tables]), label)
    return replace(
        params, weights=_named(FEATURES, weights), standout_weights=_named(STANDOUT, second_weights), absolute_weights=_named(ABSOLUTE, alone_weights)
    )


def _named(names: tuple[str, ...], weights: list[float]) -> tuple[tuple[str, float], ...]:
    return tuple(zip(("intercept", *names), (round(w, 4) for w in weights), strict=True))


def pool_parts(gold: Path) -> dict[str, set[str]]:
    """The gold articles of each corpus, of PAC dev and of each half of the AllSides stories."""
    events = {path.stem: assignments([path]) for path in sorted(gold.glob("*.jsonl"))}
    parts = {corpus: {a for stem, found in events.items() if stem.startswith(corpus) for a in found} for corpus in POOL}
    parts["pac-dev"] = set(events.get("pac-dev", {}))
    for half in (0, 1):
        parts[f"allsides-half-{half}"] = {a for a, e in events.get("allsides-neus", {}).items() if _half(e) == half}
    return parts


def group_and_score(articles: list[dict[str, Any]], gold: Path, work: Path, params: Params) -> dict[str, Any]:
    """Group the articles, score the groups overall and per corpus; with the grouping's seconds."""
    start = time.perf_counter()
    clusters = group_events(articles, params)
    seconds = time.perf_counter() - start
    pred = work / "pred.jsonl"
    write_jsonl(pred, (with_id({"type": "event", "article_ids": ids}) for ids in clusters))
    truth, found = assignments([gold]), assignments([pred])
    parts = {name: item_bcubed(truth, found, items) for name, items in pool_parts(gold).items() if name in POOL}
    joined = one_report_joined(truth, articles, params.version_containment)
    rejoined = item_bcubed(joined, found, set(truth)) | {"gold_events": len(set(joined.values()))}
    return score_events([gold], [pred]) | {"input_articles": len(articles), "seconds": seconds, "parts": parts, "versions_joined": rejoined}


def one_report_joined(truth: dict[str, str], articles: list[dict[str, Any]], containment: float) -> dict[str, str]:
    """Gold with the events joined that hold two versions of one outlet's report (one outlet, bodies sharing at least
    `containment` of the shorter's word 5-grams): the same article in two corpora (an AllSides excerpt, PAC's full
    text) is one event, which gold made of one corpus at a time cannot say."""
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        if article["id"] in truth and article.get("outlet_id"):
            by_outlet.setdefault(str(article["outlet_id"]), []).append(article)
    parent = {event: event for event in set(truth.values())}

    def root(event: str) -> str:
        while parent[event] != event:
            event = parent[event]
        return event

    for group in by_outlet.values():
        read = [shingles(str(a.get("text") or "")) for a in group]
        for i, j in itertools.combinations(range(len(group)), 2):
            a, b = root(truth[group[i]["id"]]), root(truth[group[j]["id"]])
            if a != b and contained(read[i], read[j]) >= containment:
                parent[max(a, b)] = min(a, b)
    return {article: root(event) for article, event in truth.items()}


def heldout(articles: list[dict[str, Any]], gold: Path, params: Params) -> dict[str, Any]:
    """F1 of parts of the pool grouped with weights fitted without them, beside their F1 with params' own weights."""
    truth = assignments([gold])
    found: dict[str, Any] = {}
    for name, held in pool_parts(gold).items():
        if name in POOL:
            continue
        weights = fitted(articles, truth, params, lambda a, held=held: a not in held)
        found[name] = {
            setting: item_bcubed(truth, _assigned(group_events(articles, p)), held)["f1"] for setting, p in (("heldout", weights), ("in_sample", params))
        }
    return found


def _assigned(clusters: list[list[str]]) -> dict[str, str]:
    return {a: str(n) for n, ids in enumerate(clusters) for a in ids}


def run(corpora: Path, with_roundups: bool = False, params: Params | None = None, mode: str = "score") -> dict[str, Any]:
    """Group the pool and score it (mode score), after fitting the weights on it (fit), or held out (heldout)."""
    params = params or Params()
    with tempfile.TemporaryDirectory(prefix="bench-events-") as folder:
        work = Path(folder)
        articles, gold = build_pool(corpora, work, with_roundups)
        if mode == "heldout":
            return {"f1": heldout(articles, gold, params)}
        if mode == "fit":
            params = fitted(articles, assignments([gold]), params, lambda _a: True)
        return group_and_score(articles, gold, work, params) | {
            "weights": dict(params.weights),
            "standout_weights": dict(params.standout_weights),
            "absolute_weights": dict(params.absolute_weights),
        }


def main() -> None:
    """Print the pool's scores and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--with-roundups", action="store_true")
    parser.add_argument("--fit", action="store_true", help="fit the pair model on the pool, print its weights, score with them")
    parser.add_argument("--heldout", action="store_true", help="score PAC dev and each AllSides half with weights fitted without them")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.corpora, args.with_roundups, mode="fit" if args.fit else "heldout" if args.heldout else "score")
    if args.json or args.heldout:
        print(json.dumps(result, indent=2))
        return
    if args.fit:
        for name, key in (("WEIGHTS", "weights"), ("STANDOUT_WEIGHTS", "standout_weights"), ("ABSOLUTE_WEIGHTS", "absolute_weights")):
            print(f"{name} = (\n" + "".join(f'    ("{feature}", {weight}),\n' for feature, weight in result[key].items()) + ")")
    print(f"{result['input_articles']} articles grouped in {result['seconds']:.2f} s")
    print(render(result), end="")
    print(
        "per corpus (each article's B-cubed, clusters counted over the whole pool): "
        + "  ".join(f"{name} F1 {part['f1']:.4f}" for name, part in result["parts"].items())
    )
    joined = result["versions_joined"]
    print(
        f"gold with the events joined that hold one report twice ({joined['gold_events']} events): "
        f"B-cubed precision {joined['precision']:.4f}  recall {joined['recall']:.4f}  F1 {joined['f1']:.4f}"
    )


if __name__ == "__main__":
    main()
