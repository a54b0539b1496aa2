"""Headline-body divergence on BASIL against hand labels: accuracy, macro F1 and the confusion of the FNC-1 labels.

Usage: python benchmarks/bench_divergence.py [--corpora PATH] [--gold FILE] [--second FILE] [--rules-only] [--json]
Imports BASIL, extracts its claims as `parallax extract` does, and reads measure 4 (toolkit.align.measures.
headline_divergence) of every article against its own claims, as `parallax align` computes it for an outlet's first
article; scores the labels against tests/golden/headline-stance/basil.jsonl (one FNC-1 label per article, by reading),
beside the majority label as a baseline. With --second, also the agreement of the two hand passes on the articles both
label.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maintainer.shared import CORPORA  # noqa: E402
from toolkit import flows  # noqa: E402
from toolkit.align.measures import Params, headline_divergence  # noqa: E402
from toolkit.extract import extract  # noqa: E402
from toolkit.flows import Session  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402

GOLD = ROOT / "tests" / "golden" / "headline-stance" / "basil.jsonl"
SECOND = ROOT / "tests" / "golden" / "headline-stance" / "basil-second.jsonl"
LABELS = ("agree", "disagree", "discuss", "unrelated")


def read_labels(path: Path) -> dict[str, str]:
    """Article id -> label of a gold file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("label") not in LABELS:
                raise SystemExit(f"{path}: label {record.get('label')!r} is not one of {', '.join(LABELS)}")
            found[str(record["article_id"])] = str(record["label"])
    return found


def predicted(corpora: Path, learned: bool = True) -> dict[str, str | None]:
    """Article id -> the measure's label (None when the measure is absent) for every BASIL article."""
    with tempfile.TemporaryDirectory(prefix="bench-divergence-") as folder:
        work = Path(folder)
        run_import("basil", corpora / "basil", work / "basil", OutletRegistry())
        flows.extract(Session(None), [work / "basil"], work / "extracted", functools.partial(extract, learned=learned))
        records = [r for _f, r in read_records([work / "extracted"])]
    articles = [r for r in records if r.get("type") == "article"]
    claims: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("type") == "claim":
            claims.setdefault(str(record["article_id"]), []).append(record)
    found: dict[str, str | None] = {}
    for article in articles:
        result = headline_divergence(article, claims.get(str(article["id"]), []), Params())
        found[str(article["id"])] = result["label"] if result else None
    return found


def scores(gold: dict[str, str], labels: dict[str, str | None]) -> dict[str, Any]:
    """Accuracy, per-label precision/recall/F1, macro F1 and the confusion of labels against gold."""
    pairs = [(gold[a], labels.get(a) or "absent") for a in sorted(gold)]
    confusion: dict[str, Counter[str]] = {g: Counter() for g in LABELS}
    for g, p in pairs:
        confusion[g][p] += 1
    per = {}
    for label in LABELS:
        tp = confusion[label][label]
        predicted_n = sum(1 for _, p in pairs if p == label)
        gold_n = sum(1 for g, _ in pairs if g == label)
        precision, recall = (tp / predicted_n if predicted_n else 0.0), (tp / gold_n if gold_n else 0.0)
        per[label] = {
            "gold": gold_n,
            "predicted": predicted_n,
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        }
    present = [label for label in LABELS if per[label]["gold"]]
    majority = Counter(g for g, _ in pairs).most_common(1)[0]
    return {
        "articles": len(pairs),
        "accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
        "macro_f1": sum(per[label]["f1"] for label in present) / len(present) if present else 0.0,
        "majority": {"label": majority[0], "accuracy": majority[1] / len(pairs)},
        "labels": per,
        "confusion": {g: dict(row) for g, row in confusion.items() if row},
    }


def main() -> None:
    """Print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--second", type=Path, default=None, help="a second hand pass, for agreement")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    gold = read_labels(args.gold)
    result = scores(gold, predicted(args.corpora, learned=not args.rules_only))
    if args.second is not None:
        second = read_labels(args.second)
        both = sorted(set(gold) & set(second))
        result["agreement"] = {"articles": len(both), "same": sum(gold[a] == second[a] for a in both)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['articles']} articles: accuracy {result['accuracy']:.4f}, macro F1 {result['macro_f1']:.4f};"
        f" majority label {result['majority']['label']!r} alone: accuracy {result['majority']['accuracy']:.4f}"
    )
    for label, row in result["labels"].items():
        print(f"  {label:<10} gold {row['gold']:>3}  predicted {row['predicted']:>3}  P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}")
    for g, row in result["confusion"].items():
        print(f"  gold {g:<10} -> " + ", ".join(f"{p} {n}" for p, n in sorted(row.items())))
    if "agreement" in result:
        a = result["agreement"]
        print(f"two hand passes agree on {a['same']} of {a['articles']} articles")


if __name__ == "__main__":
    main()
