"""The neural tagger: one small transformer encoder (all-MiniLM-L6-v2 fine-tuned on PolNeAR's train split) with a cue
head and a span head, run with onnxruntime (int8 weights; no torch at run time).

The cue head reads each sentence whole and gives each word its chance of being a cue word. The span head reads a cue's
window (the cue's sentence with the sentences a quotation ties to it, as the CRF span tagger does) with the cue's
pieces marked, and labels each word K (the cue's own), S (its source), CB / C / CE (a content's first, inner, last
word) or O. All the sentences of an article go through in batches, then all its cues. Trained by
`python -m maintainer.neural` (docs/neural.md); the CRF path (`--extractor fast`) does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.extract.features import Tagged
from toolkit.extract.pieces import CUE_LABELS, SPAN_LABELS, Encoded, batch, chunks, encode, marks_of, word_pieces

MODEL = "neural.onnx"
TOKENIZER = "neural-tokenizer.json"

#: How likely a word must be a cue word to count, and a source word when the likeliest labelling has no source: chosen
#: on the fifth of PolNeAR's train split held out from training (docs/neural.md).
CUE_THRESHOLD = 0.5
SOURCE_THRESHOLD = 0.1
#: The provenance note of the claims the neural tagger finds.
NOTE = "neural tagger (all-MiniLM-L6-v2 fine-tuned on PolNeAR train, int8)"
#: Inputs a batch of the encoder holds at most, and how many pieces longer than its shortest input its longest may be:
#: padding is work thrown away, and a batch's size hardly changes the encoder's speed on a CPU.
BATCH = 32
SLACK = 6


@dataclass(frozen=True)
class Request:
    """One cue to read: its window's tokens, the cue [first, last] in them."""

    item: Tagged
    cue: tuple[int, int]


class Tagger:
    """A loaded model: the onnxruntime session and the word-piece vocabulary."""

    def __init__(self, folder: str | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        base = _folder(folder)
        options = onnxruntime.SessionOptions()
        # One thread a process: `--jobs` processes share the cores, and a run gives the same bytes whatever their number.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(base / MODEL), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(base / TOKENIZER))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.marks = marks_of(self.tokenizer)

    def _run(self, inputs: list[Encoded], head: str) -> list[Any]:
        """Each input's per-piece probabilities of one head's labels, in batches of inputs of similar lengths."""
        import numpy as np

        found: list[Any] = [None] * len(inputs)
        for chosen in buckets([len(e.ids) for e in inputs]):
            ids, mask, types = batch([inputs[n] for n in chosen])
            (logits,) = self.session.run([head], {"ids": ids, "mask": mask, "types": types})
            logits = logits - logits.max(axis=-1, keepdims=True)
            chances = np.exp(logits)
            chances /= chances.sum(axis=-1, keepdims=True)
            for row, n in enumerate(chosen):
                found[n] = chances[row]
        return found

    def cue_chances(self, items: list[Tagged]) -> list[list[float]]:
        """Each sentence's words' chances of being cue words."""
        pieces = [word_pieces(self.tokenizer, [t.text for t in item.tokens]) for item in items]
        inputs = [(n, one) for n, p in enumerate(pieces) for one in chunks(p, self.marks)]
        chances = self._run([one for _, one in inputs], "cue")
        found: list[list[float]] = [[0.0] * len(item.tokens) for item in items]
        cue = CUE_LABELS.index("K")
        for (n, one), row in zip(inputs, chances, strict=True):
            for word, head in zip(one.words, one.heads, strict=True):
                found[n][word] = float(row[head, cue])
        return found

    def span_chances(self, requests: list[Request]) -> list[list[list[float]]]:
        """For each cue, its window's words' chances of each span label (SPAN_LABELS); words the encoder could not
        read (a window too long) are O for sure."""
        # The cues of one window share its pieces.
        pieces = {id(r.item): word_pieces(self.tokenizer, [t.text for t in r.item.tokens]) for r in requests}
        inputs = [encode(pieces[id(r.item)], r.cue, self.marks) for r in requests]
        chances = self._run(inputs, "span") if inputs else []
        found = []
        for request, one, row in zip(requests, inputs, chances, strict=True):
            words = [[1.0] + [0.0] * (len(SPAN_LABELS) - 1) for _ in request.item.tokens]
            for word, head in zip(one.words, one.heads, strict=True):
                words[word] = [float(p) for p in row[head]]
            found.append(words)
        return found


def buckets(lengths: list[int]) -> list[list[int]]:
    """The indices of inputs of these lengths in batches of like lengths: at most BATCH of them, the longest at most
    SLACK pieces longer than the shortest (in order of length, ties in input order)."""
    found: list[list[int]] = []
    for n in sorted(range(len(lengths)), key=lambda n: lengths[n]):
        if found and len(found[-1]) < BATCH and lengths[n] - lengths[found[-1][0]] <= SLACK:
            found[-1].append(n)
        else:
            found.append([n])
    return found


@cache
def tagger(folder: str | None = None) -> Tagger:
    """The model of `models/` (or of another folder), loaded once a process."""
    return Tagger(folder)


def available(folder: str | None = None) -> bool:
    """Whether the neural path can run: onnxruntime and tokenizers installed and the model files present."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    base = _folder(folder)
    return (base / MODEL).is_file() and (base / TOKENIZER).is_file()


def _folder(folder: str | None) -> Path:
    """The folder of the model files: the package's models/, or another one."""
    return Path(folder) if folder else Path(str(resources.files("toolkit.extract") / "models"))


def source_chances(chances: list[list[float]]) -> list[float]:
    """Each word's chance of being a source word."""
    return [word[_SOURCE] for word in chances]


_SOURCE = SPAN_LABELS.index("S")


def labels_of(chances: list[list[float]]) -> list[str]:
    """The likeliest labelling of a window's words in which every content is whole: a content run opens at CB, goes on
    with C and closes at CE (a one-word content is CB alone), so a C or CE follows only CB or C, and nothing but C or CE
    follows C (Viterbi over the words' log chances). Word by word, a content can have holes and loose ends."""
    import numpy as np

    if not chances:
        return []
    scores = np.log(np.maximum(np.asarray(chances, dtype=np.float64), 1e-12))
    count = len(SPAN_LABELS)
    best = scores[0] + _START
    back = np.zeros((len(chances), count), dtype=np.int64)
    for n in range(1, len(chances)):
        step = best[:, None] + _ALLOWED  # from (rows) to (columns)
        back[n] = step.argmax(axis=0)
        best = step.max(axis=0) + scores[n]
    best = best + _END
    label = int(best.argmax())
    found = [label]
    for n in range(len(chances) - 1, 0, -1):
        label = int(back[n, label])
        found.append(label)
    return [SPAN_LABELS[k] for k in reversed(found)]


def _transitions() -> tuple[Any, Any, Any]:
    """Log weights (0 or minus infinity) of the labels a window may start with, follow one another with, and end with."""
    import numpy as np

    inside, closing, opening = (SPAN_LABELS.index(name) for name in ("C", "CE", "CB"))
    allowed = np.zeros((len(SPAN_LABELS), len(SPAN_LABELS)))
    for before in range(len(SPAN_LABELS)):
        for after in range(len(SPAN_LABELS)):
            continues = after in (inside, closing)
            if (continues and before not in (opening, inside)) or (before == inside and not continues):
                allowed[before, after] = -np.inf
    start = np.zeros(len(SPAN_LABELS))
    start[[inside, closing]] = -np.inf
    end = np.zeros(len(SPAN_LABELS))
    end[inside] = -np.inf
    return start, allowed, end


_START, _ALLOWED, _END = _transitions()
