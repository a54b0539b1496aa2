"""Score predicted events against gold events: B-cubed precision, recall and F1, and the adjusted Rand index.

Only the articles that gold assigns to an event are scored. A gold article that no predicted event holds counts as a
predicted cluster of its own; predicted members that gold leaves out are ignored. An article listed in several events of
one side is taken in the first of them (in file order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from toolkit.records import read_records


def assignments(paths: Iterable[Path]) -> dict[str, str]:
    """Article id -> event id, from the event records under the paths (first event wins)."""
    found: dict[str, str] = {}
    for _file, record in read_records(paths):
        if record.get("type") != "event":
            continue
        event = str(record.get("id"))
        members = record.get("article_ids")
        for article in members if isinstance(members, list) else []:
            found.setdefault(str(article), event)
    return found


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of pred against gold, over gold's items (pred must cover them all)."""
    if not gold:
        return 0.0, 0.0, 0.0
    both = Counter((gold[item], pred[item]) for item in gold)
    gold_sizes = Counter(gold.values())
    pred_sizes = Counter(pred[item] for item in gold)
    precision = sum(n * n / pred_sizes[p] for (_g, p), n in both.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _p), n in both.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(gold: dict[str, str], pred: dict[str, str]) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985) from the contingency table; 1.0 when both partitions are equal and the index is undefined."""
    n = len(gold)
    index = sum(_pairs(c) for c in Counter((gold[item], pred[item]) for item in gold).values())
    gold_pairs = sum(_pairs(c) for c in Counter(gold.values()).values())
    pred_pairs = sum(_pairs(c) for c in Counter(pred[item] for item in gold).values())
    total = _pairs(n)
    expected = gold_pairs * pred_pairs / total if total else 0.0
    maximum = (gold_pairs + pred_pairs) / 2
    if maximum == expected:
        return 1.0 if index == gold_pairs == pred_pairs else 0.0
    return (index - expected) / (maximum - expected)


def score_events(gold: list[Path], pred: list[Path]) -> dict[str, Any]:
    """Scores of the predicted events (records under pred) against the gold events (records under gold)."""
    truth = assignments(gold)
    predicted = assignments(pred)
    unassigned = [item for item in truth if item not in predicted]
    restricted = {item: predicted.get(item, "singleton:" + item) for item in truth}
    precision, recall, f1 = bcubed(truth, restricted)
    return {
        "articles": len(truth),
        "gold_events": len(set(truth.values())),
        "pred_events": len(set(restricted.values())),
        "unassigned": len(unassigned),
        "bcubed": {"precision": precision, "recall": recall, "f1": f1},
        "ari": adjusted_rand(truth, restricted),
    }


def render(scores: dict[str, Any]) -> str:
    """Plain-text report of score_events' result."""
    b = scores["bcubed"]
    return (
        f"articles: {scores['articles']} in {scores['gold_events']} gold events, {scores['pred_events']} predicted events"
        f" ({scores['unassigned']} articles in no predicted event, each taken as its own)\n"
        f"B-cubed precision {b['precision']:.4f}  recall {b['recall']:.4f}  F1 {b['f1']:.4f}\n"
        f"adjusted Rand index {scores['ari']:.4f}\n"
    )
