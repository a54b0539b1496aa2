"""Embeddings of articles whose cosine measures how close two articles are in meaning, for event grouping.

The model is a static one shipped with the package (toolkit/align/models/meaning, see its MODEL.md): each word piece
of the all-MiniLM-L6-v2 vocabulary has one vector, distilled from that sentence encoder by model2vec
(`python -m maintainer.distill` remakes it, from a checkout). An article's embedding is the mean of the vectors of the word pieces
of its headline and the start of its text, scaled to unit length, so that the dot product of two rows is their
cosine. Lookups and means only: no network, no GPU, about 8 seconds for 40,000 articles, and the same input gives the
same bytes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from toolkit.errors import ParallaxError

Vectors = npt.NDArray[np.float32]

MODEL = Path(__file__).resolve().parent / "models" / "meaning"
MAX_TOKENS = 256  # word pieces an embedding reads at most
_BATCH = 1024
_MEND = "reinstall parallax-toolkit, or remake the model with python -m maintainer.distill (from a checkout)"


def passage(article: dict[str, Any], chars: int) -> str:
    """What an article's embedding reads: its headline, then its text's first `chars` characters cut at a word boundary."""
    head, text = str(article.get("headline") or "").strip(), " ".join(str(article.get("text") or "").split())
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars + 1)
        text = text[: cut if cut > 0 else chars]
    return f"{head}. {text}" if head and text else head or text


class ModelUnavailable(ParallaxError, RuntimeError):
    """The embedding model cannot be read: missing or damaged files, which reinstalling the package (or remaking the model) mends."""


def model(folder: Path | None = None) -> Any:
    """The static model of a folder (default: MODEL), loaded once per process from local files only; ModelUnavailable
    when it cannot be read."""
    return _load(folder or MODEL)


@cache
def _load(folder: Path) -> Any:
    """Read a folder's model once (a failed read is tried again on the next call)."""
    from model2vec import StaticModel  # given a folder that exists, it reads that folder and never asks the hub

    if not (folder / "model.safetensors").is_file():
        raise ModelUnavailable(f"no embedding model at {folder} (model.safetensors is missing); {_MEND}")
    try:
        return StaticModel.from_pretrained(folder)
    except Exception as error:  # noqa: BLE001 - safetensors, tokenizers and json each raise their own kinds
        raise ModelUnavailable(f"the embedding model at {folder} cannot be read ({type(error).__name__}: {error}); {_MEND}") from error


def _normalized(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length (a zero row, of a text without a known word piece, stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(vectors / norms, dtype=np.float32)


def embed(articles: list[dict[str, Any]], chars: int, folder: Path | None = None) -> Vectors:
    """One unit-length embedding row per article, of its `passage`, in the articles' order."""
    return embed_texts([passage(article, chars) for article in articles], folder)


def embed_texts(texts: list[str], folder: Path | None = None) -> Vectors:
    """One unit-length embedding row per text, in order (a zero row for a text without a known word piece)."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    encoded = model(folder).encode(texts, show_progress_bar=False, max_length=MAX_TOKENS, batch_size=_BATCH, use_multiprocessing=False)
    return _normalized(np.asarray(encoded, dtype=np.float32))
