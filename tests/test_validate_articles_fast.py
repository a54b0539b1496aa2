"""The article fast path says 'clean' only of articles the thorough checks find clean; it sends every other one to them.

Each case validates the same lines twice, with the fast path and without it, and asks for the same report.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from fuzzing_records import MUTATIONS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.problems import Report
from toolkit.records import dumps, paragraphs, sha256_text, with_id
from toolkit.validate import validate
from toolkit.validate.fastpath import ArticleFastPath
from toolkit.validate.local import INERT, is_nfc

VALID = Path(__file__).resolve().parent / "golden" / "validate" / "valid-dataset" / "input"
OUTLET = "harbor-gazette"
PUNCTUATED = "The mayor’s “plan” — a ferry every 20 minutes… costs €2.4m © Café Olsen\n\n‘Fine,’ said Tomás – ½ of them."
SCRIPTS = "Ελληνικά και 漢字 👍🏽 and q\u0301 and \u05d0\u05b8\n\nКириллица"
DECOMPOSED = "Cafe\u0301 owners said the bridge had to close."
EN_QUAD = "Two\u2000words in an old space."
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def article(text: str | None = "Port Halden will close the bridge.\n\nThe ferry runs every twenty minutes.", **fields: Any) -> dict[str, Any]:
    """A valid article of the fixture outlet, its hash, length, paragraphs and id made from its text; fields override."""
    record: dict[str, Any] = {
        "type": "article",
        "outlet_id": OUTLET,
        "headline": "Bridge to close",
        "published": "2024-02-26",
        "language": "en",
        "genre": "reporting",
        "source": {"format": "text", "retrieved_at": "2024-02-27T08:00:00Z"},
        "rights": {"redistributable": True, "note": "synthetic text written for the validator's tests"},
        "provenance": {"method": "human", "annotator": "a1", "created": "2024-03-01"},
    }
    if text is not None:
        record |= {"text": text, "text_sha256": sha256_text(text), "text_length": len(text), "paragraphs": paragraphs(text)}
    else:
        record |= {"text_sha256": sha256_text(""), "text_length": 0}
    return with_id(record | fields)


def line(record: dict[str, Any]) -> bytes:
    """The canonical line of a record, as the toolkit writes it."""
    return dumps(record).rstrip(b"\n")


def both(folder: Path, lines: list[bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[Report, Report, int]:
    """Validate the lines with the fast path and without it; also how many articles the fast path passed."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "outlets.jsonl").write_bytes((VALID / "outlets.jsonl").read_bytes())
    (folder / "articles" / "cases.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    original, passed = ArticleFastPath.check, []

    def counted(self: ArticleFastPath, *args: Any) -> bool:
        ok = original(self, *args)
        passed.append(ok)
        return ok

    with monkeypatch.context() as patch:
        patch.setattr(ArticleFastPath, "check", counted)
        quick = validate([str(folder)], jobs=1)
    with monkeypatch.context() as patch:
        patch.setattr(ArticleFastPath, "check", lambda *_args: False)
        thorough = validate([str(folder)], jobs=1)
    return quick, thorough, sum(passed)


def same(quick: Report, thorough: Report) -> None:
    assert [repr(p) for p in quick.sorted_problems()] == [repr(p) for p in thorough.sorted_problems()]
    assert quick.records == thorough.records


CLEAN: dict[str, Callable[[], dict[str, Any]]] = {
    "ascii": article,
    "punctuation-and-latin": lambda: article(PUNCTUATED, headline="“Fine,” she said — café"),
    "other-scripts-and-marks": lambda: article(SCRIPTS, headline="Ελληνικά"),
    "quotes-backslash-control": lambda: article('He said "no" \\ then left.\x01\ttab\n\nEnd.'),
    "no-paragraphs": lambda: article("One line.", paragraphs=[]),
    "unknown-date": lambda: article(published=None, published_unknown_reason="the source gives none"),
    "unknown-outlet": lambda: article(outlet_id=None, outlet_unknown_reason="the source names none"),
    "no-provenance": lambda: {k: v for k, v in article().items() if k != "provenance"},
    "framing-without-span": lambda: article(framing=[{"scheme": "hedge", "label": "hedge", "provenance": {"method": "human", "annotator": "a1"}}]),
    "timestamps": lambda: article(published="2024-02-26T10:00:00+01:00", source={"format": "text", "retrieved_at": "2024-02-26T09:30:00Z"}),
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_articles_take_the_fast_path_and_report_nothing(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [line(CLEAN[name]())]
    quick, thorough, passed = both(tmp_path, lines, monkeypatch)
    assert thorough.problems == [] and quick.problems == []
    assert passed == 1
    same(quick, thorough)


def _retyped(key: str, value: Any) -> Callable[[], bytes]:
    return lambda: line(article() | {key: value})


def _without(key: str) -> Callable[[], bytes]:
    return lambda: line({k: v for k, v in article().items() if k != key})


def _edited(old: bytes, new: bytes, record: Callable[[], dict[str, Any]] = article) -> Callable[[], bytes]:
    """A line with one piece of its bytes replaced (the first occurrence)."""
    return lambda: line(record()).replace(old, new, 1)


def _rehashed(text: str, **fields: Any) -> Callable[[], bytes]:
    """An article whose hash, length and paragraphs fit its text, but whose id is derived anew (only the text is wrong)."""
    return lambda: line(article(text, **fields))


def _floated(key: str) -> bytes:
    """The default article with its text length, or the end of its last paragraph, written as a float (72 as 72.0)."""
    record = article()
    if key == "text_length":
        return line(record).replace(b'"text_length":%d' % record["text_length"], b'"text_length":%d.0' % record["text_length"])
    start, end = record["paragraphs"][-1]
    return line(record).replace(b"[%d,%d]]" % (start, end), b"[%d,%d.0]]" % (start, end))


BROKEN: dict[str, Callable[[], bytes]] = {
    "length-wrong": _retyped("text_length", 3),
    "length-string": _retyped("text_length", "66"),
    "length-float": lambda: _floated("text_length"),
    "length-negative": _retyped("text_length", -1),
    "hash-wrong": _retyped("text_sha256", "0" * 64),
    "hash-wrong-id-fits": lambda: line(with_id(article() | {"text_sha256": "0" * 64})),
    "hash-upper-case": lambda: line(article() | {"text_sha256": article()["text_sha256"].upper()}),
    "hash-short": _retyped("text_sha256", "abc"),
    "text-not-nfc": _rehashed(DECOMPOSED),
    "text-en-quad": _rehashed(EN_QUAD),
    "headline-not-nfc": lambda: line(article(headline="Cafe\u0301 to close")),
    "headline-number": _retyped("headline", 5),
    "text-number": _retyped("text", 5),
    "paragraphs-out-of-order": _retyped("paragraphs", [[35, 70], [0, 33]]),
    "paragraphs-overlap": _retyped("paragraphs", [[0, 40], [35, 66]]),
    "paragraphs-past-the-text": _retyped("paragraphs", [[0, 33], [35, 99]]),
    "paragraph-backwards": _retyped("paragraphs", [[10, 3]]),
    "paragraph-float": _edited(b'"paragraphs":[[0,', b'"paragraphs":[[0.0,'),
    "paragraph-float-end": lambda: _floated("paragraphs"),
    "paragraph-single": _retyped("paragraphs", [[0]]),
    "paragraphs-string": _retyped("paragraphs", "0-33"),
    "missing-hash": _without("text_sha256"),
    "missing-headline": _without("headline"),
    "missing-outlet": _without("outlet_id"),
    "extra-key": _retyped("colour", "red"),
    "id-not-derived": _retyped("id", "art_0000000000000000"),
    "id-malformed": _retyped("id", "article-1"),
    "date-invalid": _retyped("published", "2024-02-30"),
    "date-future": _retyped("published", "2999-01-01"),
    "date-early": _retyped("published", "1799-12-31"),
    "retrieved-before-published": lambda: line(article(source={"format": "text", "retrieved_at": "2024-01-01T00:00:00Z"})),
    "created-invalid": lambda: line(article(provenance={"method": "human", "annotator": "a1", "created": "2024-13-01"})),
    "language-unknown": _retyped("language", "xx-YY"),
    "outlet-unknown": lambda: line(article(outlet_id="nowhere-news")),
    "syndicated-from-unknown": lambda: line(article(syndicated_from="art_0123456789abcdef")),
    "framing-span-wrong": lambda: line(
        article(
            framing=[
                {
                    "scheme": "hedge",
                    "label": "hedge",
                    "span": {"field": "body", "start": 0, "end": 4, "exact": "Pore"},
                    "provenance": {"method": "human", "annotator": "a1"},
                }
            ]
        )
    ),
    "framing-actor-unknown": lambda: line(
        article(framing=[{"scheme": "narrative_role", "label": "hero", "target_actor_id": "nobody", "provenance": {"method": "human", "annotator": "a1"}}])
    ),
    "duplicate-key-same": _edited(b'"genre":"reporting",', b'"genre":"reporting","genre":"reporting",'),
    "duplicate-key-other": _edited(b'"genre":"reporting",', b'"genre":"opinion","genre":"reporting",'),
    "duplicate-key-nested": _edited(b'"format":"text",', b'"format":"text","format":"text",'),
    "duplicate-text": _edited(b'"text":"', b'"text":"x","text":"'),
    "surrogate-in-text": _edited(b'"text":"Port', b'"text":"\\ud800Port'),
    "surrogate-in-headline": _edited(b'"headline":"Bridge', b'"headline":"\\udfffBridge'),
    "invalid-utf8": _edited(b"ferry", b"f\xe2rry"),
    "not-json": _edited(b'"genre":"reporting",', b'"genre":reporting,'),
    "type-missing": _edited(b'"type":"article",', b""),
}
ACROSS = {"outlet-unknown", "syndicated-from-unknown"}  # wrong only against other records: the fast path leaves those checks to the end


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_articles_get_the_same_report_either_way(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [line(article(PUNCTUATED)), BROKEN[name](), line(article(SCRIPTS))]
    quick, thorough, passed = both(tmp_path, lines, monkeypatch)
    assert thorough.problems, f"{name}: the thorough path finds nothing wrong, so the case tests nothing"
    assert passed == (3 if name in ACROSS else 2)
    same(quick, thorough)


def test_a_line_too_long_for_the_limit_is_skipped_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "word " * 4000
    (tmp_path / "articles").mkdir()
    (tmp_path / "outlets.jsonl").write_bytes((VALID / "outlets.jsonl").read_bytes())
    (tmp_path / "articles" / "long.jsonl").write_bytes(line(article(text)) + b"\n" + line(article()) + b"\n")
    quick = validate([str(tmp_path)], jobs=1, max_line=10_000)
    monkeypatch.setattr(ArticleFastPath, "check", lambda *_args: False)
    thorough = validate([str(tmp_path)], jobs=1, max_line=10_000)
    assert [p.code for p in quick.problems] == ["line.too-long"]
    same(quick, thorough)


NOT_CANONICAL: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "ascii-escapes-and-spaces": lambda record: json.dumps(record).encode(),
    "keys-reordered": lambda record: orjson.dumps(dict(sorted(record.items(), reverse=True))),
    "escaped-slash": lambda record: orjson.dumps(record).replace(b"2.4m", b"2.4m\\/x", 1),
    "crlf": lambda record: orjson.dumps(record) + b"\r",
    "trailing-space": lambda record: orjson.dumps(record) + b" ",
}


@pytest.mark.parametrize("name", sorted(NOT_CANONICAL))
def test_valid_lines_written_otherwise_get_the_same_report(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [NOT_CANONICAL[name](article(PUNCTUATED)), NOT_CANONICAL[name](article())]
    quick, thorough, _passed = both(tmp_path, lines, monkeypatch)
    same(quick, thorough)


def test_clean_articles_the_fast_path_leaves_get_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    span = {"field": "body", "start": 0, "end": 4, "exact": "Port"}
    framed = article(framing=[{"scheme": "hedge", "label": "hedge", "span": span, "provenance": {"method": "human", "annotator": "a1"}}])
    lines = [b"\xef\xbb\xbf" + line(article(PUNCTUATED)), line(article(None)), line(framed)]
    quick, thorough, passed = both(tmp_path, lines, monkeypatch)
    assert [p.code for p in thorough.problems] == ["file.bom"]
    assert passed == 1  # the first: a byte order mark is the file's problem, not the record's
    same(quick, thorough)


def test_a_syndicated_article_points_to_one_indexed_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = article()
    quick, thorough, passed = both(tmp_path, [line(first), line(article(PUNCTUATED, syndicated_from=first["id"]))], monkeypatch)
    assert thorough.problems == []
    assert passed == 2
    same(quick, thorough)


def test_a_repeated_article_is_a_duplicate_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quick, thorough, passed = both(tmp_path, [line(article()), line(article())], monkeypatch)
    assert thorough.problems
    assert passed == 2
    same(quick, thorough)


# Random texts and random damage: the two paths agree on every line.

ALPHABET = st.sampled_from(
    [
        *'abc XYZ.,"\\\n\t\x00\x1f\x7f',
        *"’“”—–…é©½€™\u00a0\u2000\u2001\u2002\u2028",
        "e\u0301",
        "\u0301",
        "\u0327",
        "Å",
        "\u212b",
        "ﬁ",
        "가",
        "\u1100\u1161",
        "👍🏽",
        "漢",
        "\ufeff",
    ]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=4), rng=st.randoms(use_true_random=False))
def test_random_texts_get_the_same_report(texts: list[str], rng: random.Random, tmp_path_factory: pytest.TempPathFactory) -> None:
    lines = []
    for text in texts:
        record = article(text, headline=text[:20] or "x")
        if rng.random() < 0.3:
            record["text"] = unicodedata.normalize(rng.choice(["NFC", "NFD", "NFKC"]), text)  # hash and length may now be stale
        lines.append(line(record))
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(*both(tmp_path_factory.mktemp("texts"), lines, monkeypatch)[:2])


ARTICLE_LINES = [line(article()), line(article(PUNCTUATED)), line(article(SCRIPTS)), *(VALID / "articles.jsonl").read_bytes().splitlines()]


@SETTINGS
@given(
    picks=st.lists(st.integers(min_value=0, max_value=len(ARTICLE_LINES) - 1), min_size=1, max_size=4),
    names=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3),
    rng=st.randoms(use_true_random=False),
)
def test_mutated_article_lines_get_the_same_report(picks: list[int], names: list[str], rng: random.Random, tmp_path_factory: pytest.TempPathFactory) -> None:
    lines = []
    for pick in picks:
        mutated = ARTICLE_LINES[pick]
        for name in names:
            mutated = MUTATIONS[name](mutated, rng)
        lines.append(mutated)
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(*both(tmp_path_factory.mktemp("mutated"), lines, monkeypatch)[:2])


# The characters taken as inert, against the whole Unicode database.


def _second_characters() -> set[str]:
    """Every character that is the second of a two-character canonical decomposition, or a Hangul vowel or final jamo."""
    found = {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    return found


def test_inert_characters_neither_combine_nor_change_under_nfc() -> None:
    assert len(INERT) > 500 and "’" in INERT and "é" in INERT and "\u2000" not in INERT
    assert not INERT & _second_characters()
    for char in INERT:
        assert ord(char) >= 0x80
        assert unicodedata.combining(char) == 0, hex(ord(char))
        assert unicodedata.normalize("NFC", char) == char, hex(ord(char))


@settings(max_examples=300, deadline=None)
@given(text=st.lists(ALPHABET | st.characters(), max_size=40).map("".join))
def test_is_nfc_agrees_with_unicodedata(text: str) -> None:
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate: no record holds one
    assert is_nfc(text, utf8) is unicodedata.is_normalized("NFC", text)
    assert is_nfc(text) is unicodedata.is_normalized("NFC", text)
