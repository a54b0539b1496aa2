"""Dependency parses aligned to the extractor's tokens, and the span tagger's features read from them."""

from __future__ import annotations

import pytest

from toolkit.extract.features import _Tree
from toolkit.extract.syntax import ParserError, parse, pipeline
from toolkit.extract.tokens import tokenize

SENTENCE = "Harbour master Ilse Varga said the ferries won't run until the storm passes."


def _parsed(text: str, offset: int = 0) -> tuple[list[str], list[tuple[str, str, int, int, int]]]:
    tokens = tokenize(text, offset, len(text))
    (parsed,) = parse([text[offset:]], [tokens], [offset])
    return [t.text for t in tokens], [tuple(p) for p in parsed]


def test_each_token_gets_the_parse_of_the_parser_token_holding_its_first_character() -> None:
    words, parsed = _parsed(SENTENCE)
    assert len(parsed) == len(words)
    said = words.index("said")
    assert parsed[said][0] == "ROOT" and parsed[said][2] == said
    assert parsed[words.index("Varga")][:3] == ("nsubj", "NNP", said)
    run = words.index("run")
    assert parsed[run][0] == "ccomp" and parsed[run][2] == said
    # The clause said: from 'the' to 'passes', its subtree's edges in our token indices.
    assert (words[parsed[run][3]], words[parsed[run][4]]) == ("the", "passes")
    assert all(0 <= p[2] < len(words) and p[3] <= i <= p[4] for i, p in enumerate(parsed))


def test_offsets_place_a_sentence_inside_its_field() -> None:
    field = "The quay opened. " + SENTENCE
    words, parsed = _parsed(field, offset=len("The quay opened. "))
    assert words[0] == "Harbour" and parsed == _parsed(SENTENCE)[1]


def test_the_span_tagger_reads_how_each_word_hangs_from_the_cue() -> None:
    words, parsed = _parsed(SENTENCE)
    from toolkit.extract.syntax import Parsed

    said = words.index("said")
    tree = _Tree(tuple(Parsed(*p) for p in parsed), said, said)
    assert tree.head == said
    assert {"via=nsubj"} <= set(tree.features(words.index("Varga"), "B"))
    assert {"via=ccomp", "vb=ccomp"} <= set(tree.features(words.index("the"), "A"))
    assert {"via=ccomp", "ve=ccomp"} <= set(tree.features(words.index("passes"), "A"))
    assert not any(f.startswith("via=") for f in tree.features(said, "K"))


def test_an_unknown_pipeline_is_a_clear_error() -> None:
    with pytest.raises(ParserError, match="no_such_pipeline"):
        pipeline("no_such_pipeline")


def test_the_command_lines_default_parser_is_the_extractors() -> None:
    from toolkit.cli import PARSER_DEFAULT
    from toolkit.extract.syntax import PARSER

    assert PARSER_DEFAULT == PARSER


def test_a_cue_the_lexicon_does_not_hold_is_recorded_by_its_verbs_lemma() -> None:
    from toolkit.extract.features import Tagged
    from toolkit.extract.learned import cue_lemma
    from toolkit.language.segments import Sentence

    text = "The mayor has hailed the deal, and the council thanked her."
    tokens = tokenize(text, 0, len(text))
    (parsed,) = parse([text], [tokens], [0])
    item = Tagged(Sentence("body", 0, 0, 0, len(text)), tokens, [[] for _ in tokens], [], parsed)
    hailed = (text.index("has hailed"), text.index("has hailed") + len("has hailed"))
    thanked = (text.index("thanked"), text.index("thanked") + len("thanked"))
    assert cue_lemma("has hailed", item, hailed) == "hail"
    assert cue_lemma("thanked", item, thanked) == "thank"
    assert cue_lemma("has said", item, hailed) == "say"  # the lexicon's forms first
    assert cue_lemma("has hailed") == "has hailed"  # no parse: the words as written


def test_fixed_phrases_and_auxiliaries_are_no_verb_to_lemmatize() -> None:
    from toolkit.extract.features import Tagged
    from toolkit.extract.learned import cue_lemma
    from toolkit.language.segments import Sentence

    text = "According to the mayor, the deal is done."
    tokens = tokenize(text, 0, len(text))
    (parsed,) = parse([text], [tokens], [0])
    item = Tagged(Sentence("body", 0, 0, 0, len(text)), tokens, [[] for _ in tokens], [], parsed)
    assert cue_lemma("According to", item, (0, len("According to"))) == "according to"
    at = text.index("is")
    assert cue_lemma("is", item, (at, at + 2)) == "is"
