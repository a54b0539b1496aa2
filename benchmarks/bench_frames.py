"""Could the toolkit label article frames itself? A cross-validated classifier of the narrative-frames corpus' five frames.

Usage: python benchmarks/bench_frames.py [--corpora PATH] [--folds 5]
The narrative-frames corpus (428 climate articles, each marked for five generic frames: RE resolution, HI human
interest, CO conflict, MO moral, EC economic) is split into folds; for each frame a logistic regression is fitted on
the other folds and scored on the held-out one, over two representations of an article: the package's static
embeddings of its first 4,000 characters (toolkit/align/models/meaning) and TF-IDF of its words (3 letters or more,
in 5 articles to half of them). The decision threshold is chosen inside the training folds (on their out-of-fold
predictions), never on the fold scored. Prints per frame F1 and the macro F1, beside the baseline that marks every
article with every frame (its F1 is 2p / (1 + p), p the frame's share).

The toolkit ships no frame classifier: frames in the records are those corpora and annotators give (docs/measures.md,
"8. Frames"), because what this measures is not good enough to label news with.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maintainer.shared import CORPORA  # noqa: E402
from toolkit.align.meaning import embed_texts  # noqa: E402

FRAMES = ("RE", "HI", "CO", "MO", "EC")
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)


def read(corpus: Path) -> tuple[list[str], np.ndarray]:
    """The texts and the frame marks (one column per frame) of the articles whose marks can be read."""
    csv.field_size_limit(10**9)
    with open(corpus / "data" / "articles_metadata.tsv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r.get("RE") in ("True", "False")]
    marks = np.array([[str(r[f]).startswith("True") for f in FRAMES] for r in rows], dtype=float)
    return [" ".join(str(r["text"]).split()) for r in rows], marks


def tfidf(texts: list[str]) -> np.ndarray:
    """Unit rows of log term counts times inverse document frequency."""
    tokens = [re.findall(r"[a-z]{3,}", t.lower()) for t in texts]
    df = collections.Counter(w for ws in tokens for w in set(ws))
    vocabulary = sorted(w for w, n in df.items() if 5 <= n <= len(texts) * 0.5)
    index = {w: i for i, w in enumerate(vocabulary)}
    counts = np.zeros((len(texts), len(vocabulary)))
    for row, ws in enumerate(tokens):
        for w in ws:
            if w in index:
                counts[row, index[w]] += 1
    weighted = np.log1p(counts) * np.log(len(texts) / np.array([df[w] for w in vocabulary]))
    return weighted / np.maximum(np.linalg.norm(weighted, axis=1, keepdims=True), 1e-9)


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Weights (and bias, last) of an L2-regularized logistic regression."""
    xb = np.hstack([x, np.ones((len(x), 1))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1 / (1 + np.exp(-(xb @ w)))
        value = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)) + l2 * np.sum(w[:-1] ** 2)
        return float(value), xb.T @ (p - y) / len(y) + np.r_[2 * l2 * w[:-1], 0]

    return np.asarray(minimize(loss, np.zeros(xb.shape[1]), jac=True, method="L-BFGS-B").x)


def predict(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Probabilities of the positive class."""
    return np.asarray(1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w))))


def f1(marked: np.ndarray, truth: np.ndarray) -> float:
    """F1 of boolean marks against the truth."""
    tp = float((marked & (truth == 1)).sum())
    precision, recall = tp / max(float(marked.sum()), 1), tp / max(float(truth.sum()), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def out_of_fold(x: np.ndarray, y: np.ndarray, folds: list[np.ndarray], l2: float) -> np.ndarray:
    """Each item's probability from a model fitted on the other folds."""
    found = np.zeros(len(y))
    for k, test in enumerate(folds):
        train = np.concatenate([f for i, f in enumerate(folds) if i != k])
        found[test] = predict(x[test], fit(x[train], y[train], l2))
    return found


def cross_validated(x: np.ndarray, y: np.ndarray, folds: list[np.ndarray], l2: float) -> float:
    """F1 over the held-out folds, each fold's threshold chosen on its training folds' own out-of-fold predictions."""
    marked = np.zeros(len(y), dtype=bool)
    for k, test in enumerate(folds):
        train = np.concatenate([f for i, f in enumerate(folds) if i != k])
        inner = np.array_split(np.arange(len(train)), len(folds) - 1)
        inner_scores = out_of_fold(x[train], y[train], inner, l2)
        threshold = max(THRESHOLDS, key=lambda t: (f1(inner_scores >= t, y[train]), -t))
        marked[test] = predict(x[test], fit(x[train], y[train], l2)) >= threshold
    return f1(marked, y)


def main() -> None:
    """Print per-frame and macro F1 of each representation, and of the every-frame baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    texts, marks = read(args.corpora / "narrative-frames")
    order = np.random.default_rng(0).permutation(len(texts))
    folds = np.array_split(order, args.folds)
    print(f"{len(texts)} articles; articles with each frame: " + ", ".join(f"{f} {int(n)}" for f, n in zip(FRAMES, marks.sum(0), strict=True)))
    baseline = [2 * marks[:, j].mean() / (1 + marks[:, j].mean()) for j in range(len(FRAMES))]
    each = " ".join(f"{f} {b:.3f}" for f, b in zip(FRAMES, baseline, strict=True))
    print(f"every article marked with every frame: {each}  macro {np.mean(baseline):.3f}")
    for name, x, l2 in (("static embeddings", embed_texts([t[:4000] for t in texts]).astype(np.float64), 1e-3), ("tf-idf", tfidf(texts), 1e-4)):
        scores = [cross_validated(x, marks[:, j], list(folds), l2) for j in range(len(FRAMES))]
        print(f"{name}, logistic regression: " + " ".join(f"{f} {s:.3f}" for f, s in zip(FRAMES, scores, strict=True)) + f"  macro {np.mean(scores):.3f}")


if __name__ == "__main__":
    main()
