"""Paragraphs and sentences of an article's headline and body, as code-point offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.records import paragraphs

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov sen rep reps st jr sr gen lt col sgt capt cmdr adm prof rev inc co corp ltd no vs etc u.s u.k u.n "
    "a.m p.m jan feb aug sept sep oct nov dec pres supt ft mt d.c n.y calif fla ill mass mich wash ariz del".split()
)
# A sentence ends at . ! ? or … with any closing quotes or brackets, before blanks and a capital, digit or opening quote.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"“”‘'(\[]*[A-Z0-9])|\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its field, paragraph and sentence index, and [start, end) in the field's text."""

    field: str
    paragraph: int
    index: int
    start: int
    end: int


def _abbreviation(text: str, end: int) -> bool:
    """Whether the full stop at text[end - 1] closes an abbreviation or an initial rather than a sentence."""
    word = re.search(r"([\w.]+)\.$", text[max(0, end - 12) : end])
    if word is None:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or len(token) == 1


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of the sentences of text[start:end], blanks trimmed."""
    found, begin = [], start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if match.group() != "\n" and match.group().startswith(".") and len(match.group()) == 1 and _abbreviation(text, stop):
            continue
        found.append((begin, stop))
        begin = stop
    found.append((begin, end))
    return [trimmed for a, b in found if (trimmed := _trim(text, a, b))[0] < trimmed[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def field_paragraphs(article: dict[str, Any]) -> Iterator[tuple[str, int, int, int]]:
    """(field, paragraph index, start, end) of the headline (paragraph 0) and of each body paragraph."""
    headline = article.get("headline") or ""
    if headline.strip():
        yield "headline", 0, 0, len(headline)
    text = article.get("text") or ""
    for index, (start, end) in enumerate(article.get("paragraphs") or paragraphs(text)):
        yield "body", index, start, end


def sentences(article: dict[str, Any]) -> list[Sentence]:
    """Every sentence of the headline and the body, in reading order."""
    found = []
    for field, paragraph, start, end in field_paragraphs(article):
        text = article["headline"] if field == "headline" else article["text"]
        for index, (a, b) in enumerate(sentence_spans(text, start, end)):
            found.append(Sentence(field, paragraph, index, a, b))
    return found
