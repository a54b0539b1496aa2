"""Word pieces of the neural tagger: a sentence's (or a cue's window's) words as the encoder's input, and back.

The tagger reads word pieces and labels words: a word's label is read off its first piece. A cue is marked by the
second token type on its pieces. A text longer than the encoder reads at once is cut at word bounds, around the cue
when there is one. Shared by extraction (`toolkit.extract.neural`) and training (`maintainer.neural`), so both read
exactly the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The cue tagger's labels (a word is part of a cue or not) and the span tagger's, as the CRF's: K the given cue's own
#: words, S its source, CB / C / CE a content's first / inner / last word, O the rest.
CUE_LABELS = ("O", "K")
SPAN_LABELS = ("O", "K", "S", "CB", "C", "CE")

#: Word pieces the encoder reads at once, its two marks included.
LIMIT = 160
#: How many pieces one word may give at most: a long run of marks or digits is cut (its first piece labels it).
WORD_PIECES = 8


@dataclass(frozen=True)
class Encoded:
    """One input of the encoder: piece ids, token types, and for each word read (from `first`) the index of its first piece."""

    ids: list[int]
    types: list[int]
    heads: list[int]
    first: int  # the index of the first word read among the words given

    @property
    def words(self) -> range:
        """The indices of the words read, among the words given."""
        return range(self.first, self.first + len(self.heads))


def marks_of(tokenizer: Any) -> tuple[int, int]:
    """The ids of the opening and closing pieces ([CLS], [SEP]) of a word-piece vocabulary."""
    found = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if found[0] is None or found[1] is None:
        raise ValueError("the tokenizer has no [CLS] or [SEP] piece")
    return int(found[0]), int(found[1])


def word_pieces(tokenizer: Any, words: list[str]) -> list[list[int]]:
    """Each word's piece ids (at least one: a word the vocabulary cannot read is its unknown piece)."""
    if not words:
        return []
    encoding = tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
    found: list[list[int]] = [[] for _ in words]
    for piece, word in zip(encoding.ids, encoding.word_ids, strict=True):
        if word is not None and len(found[word]) < WORD_PIECES:
            found[word].append(piece)
    unknown = tokenizer.token_to_id("[UNK]")
    return [ids or [unknown] for ids in found]


def encode(pieces: list[list[int]], cue: tuple[int, int] | None, marks: tuple[int, int], limit: int = LIMIT) -> Encoded:
    """The encoder's input for words given as their pieces: the given cue [first, last] (word indices) marked by token
    type 1. A text too long is cut at word bounds around the cue (from its start when there is none).

    `marks` are the ids of the opening and closing pieces ([CLS], [SEP])."""
    room = limit - 2
    first, last = (cue[0], cue[1]) if cue is not None else (0, 0)
    used = sum(len(p) for p in pieces[first : last + 1])
    if cue is None:
        used, last = len(pieces[0]) if pieces else 0, 0 if pieces else -1
    # Grow around the cue: a word after, then a word before, while there is room (the cue itself always fits).
    grow_right = True
    while True:
        right_ok = last + 1 < len(pieces) and used + len(pieces[last + 1]) <= room
        left_ok = first > 0 and used + len(pieces[first - 1]) <= room
        if not right_ok and not left_ok:
            break
        if right_ok and (grow_right or not left_ok):
            last += 1
            used += len(pieces[last])
        else:
            first -= 1
            used += len(pieces[first])
        grow_right = not grow_right if cue is not None else True
    ids, types, heads = [marks[0]], [0], []
    for n in range(first, last + 1):
        heads.append(len(ids))
        marked = 1 if cue is not None and cue[0] <= n <= cue[1] else 0
        ids += pieces[n]
        types += [marked] * len(pieces[n])
    ids.append(marks[1])
    types.append(0)
    return Encoded(ids, types, heads, first)


def chunks(pieces: list[list[int]], marks: tuple[int, int], limit: int = LIMIT) -> list[Encoded]:
    """A sentence's words as inputs without a cue: one, or several consecutive ones when it is too long."""
    found, start = [], 0
    while start < len(pieces):
        one = encode(pieces[start:], None, marks, limit)
        found.append(Encoded(one.ids, one.types, one.heads, start))
        start += len(one.heads)
    return found


def batch(inputs: list[Encoded]) -> tuple[Any, Any, Any]:
    """Padded arrays of piece ids, attention mask and token types (int64) for a batch of inputs."""
    import numpy as np

    width = max(len(e.ids) for e in inputs)
    ids = np.zeros((len(inputs), width), dtype=np.int64)
    mask = np.zeros((len(inputs), width), dtype=np.int64)
    types = np.zeros((len(inputs), width), dtype=np.int64)
    for row, e in enumerate(inputs):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = 1
        types[row, : len(e.types)] = e.types
    return ids, mask, types
