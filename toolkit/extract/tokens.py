"""Tokens of a sentence with their offsets, and the single-word features the learned cue and span taggers read."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from toolkit.language import lexicon

_TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|''|``|--|\S")
_MARKS = frozenset({'"', "“", "”", "''", "``", "„", "«", "»"})
_ENDINGS = ("ing", "ed", "es", "s", "ly", "ment", "ion", "ions")


class Token(NamedTuple):
    """A word or mark: its text and [start, end) in its field's text."""

    text: str
    start: int
    end: int


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """The tokens of text[start:end]."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def shape(word: str) -> str:
    """A word's shape: capitalized, upper, lower, number, quotation mark or other mark."""
    if word in _MARKS:
        return "q"
    if word[0].isdigit():
        return "d"
    if word[0].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    return "x" if word[0].isalpha() else "p"


_CLASSES = {
    **dict.fromkeys("the a an this these those his her its their our my your some any no every each".split(), "det"),
    **dict.fromkeys("he she they it we i you who which".split(), "pro"),
    **dict.fromkeys("is was are were be been has have had will would could can may might must should did does do not n't".split(), "aux"),
    **dict.fromkeys("that whether if how why what".split(), "comp"),
    **dict.fromkeys("to for of about on in at with by from".split(), "prep"),
    **dict.fromkeys(['"', "“", "”", "''", "``", ":"], "quote"),
    **dict.fromkeys([",", ";", "—", "–", "--", "-"], "comma"),
    **dict.fromkeys([".", "!", "?", "<s>", "</s>"], "edge"),
}


def kind(word: str) -> str:
    """A word's class, roughly: determiner, pronoun, auxiliary, complementizer, preposition, mark, name or word."""
    return _CLASSES.get(word) or ("name" if word[:1].isupper() else "word")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem: the word lowercased, one common ending cut off ('criticized' -> 'criticiz')."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


def word_features(tokens: list[Token], inside: list[bool]) -> list[list[str]]:
    """The features of each token: itself, its neighbours, its shape and stem, its cue lemma, whether it is quoted."""
    words = [t.text.lower() for t in tokens]
    shapes = [shape(t.text) for t in tokens]
    padded = ["<s>", "<s>", "<s>", *words, "</s>", "</s>", "</s>"]
    found = []
    for i, word in enumerate(words):
        i3 = i + 1
        features = [
            "w=" + word,
            "st=" + stem(word),
            "s3=" + word[-3:],
            "sh=" + shapes[i],
            "w-1=" + padded[i3 + 1],
            "w-2=" + padded[i3],
            "w+1=" + padded[i3 + 3],
            "w+2=" + padded[i3 + 4],
            "sh-1=" + (shapes[i - 1] if i else "<s>"),
            "sh+1=" + (shapes[i + 1] if i + 1 < len(shapes) else "</s>"),
        ]
        features += [f"wp={word}|{kind(padded[i3 + 1])}", f"wn={word}|{kind(padded[i3 + 3])}"]
        lemma = lexicon.FORM_LEMMA.get(word)
        if lemma is not None:
            features += ["lex", "cls=" + lexicon.cue_class(lemma)]
        if inside[i]:
            features.append("q")
        found.append(features)
    return found
