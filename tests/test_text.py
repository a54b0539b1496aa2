"""Stored-text normalization and its offset map, and the headline/body split."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.text import normalize, split_headline

PIECES = st.lists(st.sampled_from(["a", "b", " ", "\t", "\n", "\r\n", "\r", "e\u0301", "\u00e9", "\u2019", "x y", "\n\n"]), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(raw=PIECES)
def test_normalized_text_is_nfc_lf_without_trailing_blanks(raw: str) -> None:
    text = normalize(raw).text
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert text == text.strip("\n")
    assert normalize(text).text == text


@settings(max_examples=200, deadline=None)
@given(raw=PIECES)
def test_offset_map_is_monotonic_and_spans_of_kept_text_map_exactly(raw: str) -> None:
    normalized = normalize(raw)
    offsets = normalized.offsets
    assert len(offsets) == len(raw) + 1
    assert offsets == sorted(offsets) and offsets[-1] == len(normalized.text)
    for start in range(len(raw)):
        for end in range(start + 1, min(len(raw), start + 6) + 1):
            piece = raw[start:end]
            if piece.isalpha() and unicodedata.is_normalized("NFC", piece) and all(unicodedata.combining(c) == 0 for c in raw[end : end + 1]):
                assert normalized.text[normalized.at(start) : normalized.at(end)] == piece


def test_crlf_cr_trailing_blanks_and_outer_blank_lines() -> None:
    raw = "\r\n  \r\nTitle  \r\n\r\nBody one.\rBody two.\t\n\n"
    normalized = normalize(raw)
    assert normalized.text == "Title\n\nBody one.\nBody two."
    start = raw.index("Body two.")
    assert normalized.text[normalized.at(start) : normalized.at(start + 9)] == "Body two."


def test_decomposed_accents_become_composed_and_offsets_follow() -> None:
    raw = "Cafe\u0301 Ole\u0301 opens"
    normalized = normalize(raw)
    assert normalized.text == "Caf\u00e9 Ol\u00e9 opens"
    start = raw.index("opens")
    assert normalized.text[normalized.at(start) : normalized.at(start + 5)] == "opens"


def test_headline_split_and_locate() -> None:
    split = split_headline("# A Headline\n\n\nFirst paragraph.\n\nSecond.", markdown=True)
    assert (split.headline, split.body) == ("A Headline", "First paragraph.\n\nSecond.")
    assert split.locate(2) == ("headline", 2)
    assert split.locate(split.body_start + 6) == ("body", 6)
