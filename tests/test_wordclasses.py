"""Word classes: the table's build from a model's word vectors, and the lookup the taggers read."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from maintainer import wordclasses as builder
from toolkit.extract import wordclasses


def fake_model(folder: Path, words: list[str], vectors: np.ndarray) -> Path:
    """A folder holding a safetensors file with one word-vector matrix and its vocab.txt, as a sentence-transformers model has."""
    folder.mkdir()
    data = vectors.astype("<f4").tobytes()
    header = json.dumps({builder.WEIGHTS: {"dtype": "F32", "shape": list(vectors.shape), "data_offsets": [0, len(data)]}}).encode()
    (folder / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + data)
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    return folder


def test_build_keeps_plain_words_and_is_repeatable(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    words = ["[PAD]", "##ing", "a", "7"] + [f"w{chr(97 + i // 676)}{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}" for i in range(1100)]
    model = fake_model(tmp_path / "model", words, rng.normal(size=(len(words), 8)))
    kept, vectors = builder.word_vectors(model)
    assert kept[:2] == ["waaa", "waab"] and len(kept) == 1100
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    first, second = tmp_path / "one.tsv", tmp_path / "two.tsv"
    assert builder.build(model, first) == builder.build(model, second) == 1100
    assert first.read_bytes() == second.read_bytes()
    rows = [line.split("\t") for line in first.read_text(encoding="utf-8").splitlines()]
    assert all(len(row) == 4 and int(row[1]) < 64 and int(row[2]) < 256 and int(row[3]) < 1024 for row in rows)
    assert not list(tmp_path.glob("*.part"))


def test_kmeans_groups_near_vectors() -> None:
    near = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0], [0.14, 0.99]])
    labels = builder.spherical_kmeans(near / np.linalg.norm(near, axis=1, keepdims=True), 2)
    assert labels[0] == labels[1] != labels[2] == labels[3]


def test_shipped_table_groups_reporting_verbs() -> None:
    said, told, slammed, blasted = (wordclasses.classes(w) for w in ("said", "told", "slammed", "blasted"))
    assert said is not None and said == told
    assert slammed is not None and slammed == blasted
    assert said[2] != slammed[2]


def test_unknown_inflection_reads_its_base() -> None:
    assert wordclasses.classes("stressing") == wordclasses.classes("stress") is not None
    assert wordclasses.classes("denouncing") == wordclasses.classes("denounced") is not None
    assert wordclasses.classes("criticizes") == wordclasses.classes("criticized") is not None
    assert wordclasses.classes("qqqxz") is None
