"""Record helpers: slugs, text normalization, paragraphs, selectors and evidence, atomic JSON Lines writes."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Seed
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.records import CONTEXT, dumps, evidence, normalize_text, paragraphs, selector, slugify, write_jsonl
from toolkit.validate.refs import check_span

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOME = settings(max_examples=150, deadline=None)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Mark Rutte", "mark-rutte"),
        ("Élysée Palace", "elysee-palace"),
        ("  O'Brien & Sons, Ltd.  ", "o-brien-sons-ltd"),
        ("Jean-Marie Le Pen", "jean-marie-le-pen"),
        ("BBC News (UK)", "bbc-news-uk"),
        ("Zürich 2024", "zurich-2024"),
        ("ﬁnancial times", "financial-times"),
        ("---", ""),
    ],
)
def test_slugify_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


@SOME
@given(st.text())
def test_slug_is_an_id_or_empty(name: str) -> None:
    slug = slugify(name)
    assert slug == "" or SLUG.match(slug)
    assert slugify(slug) == slug


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("cafe\u0301", "café"),
        ("line one   \nline two\t\n", "line one\nline two"),
        ("\n\n  \nbody\n\n\n", "body"),
        ("para one\n\npara two", "para one\n\npara two"),
        ("", ""),
    ],
)
def test_normalize_text_examples(raw: str, stored: str) -> None:
    assert normalize_text(raw) == stored


@SOME
@given(st.text())
def test_normalized_text_is_stable_nfc_lf_and_trimmed(raw: str) -> None:
    text = normalize_text(raw)
    assert normalize_text(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert not text.startswith("\n") and not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_paragraphs_examples() -> None:
    assert paragraphs("one\n\ntwo\nstill two\n\n\nthree") == [[0, 3], [5, 18], [21, 26]]
    assert paragraphs("") == []
    assert paragraphs("single") == [[0, 6]]


def test_paragraphs_of_the_seed_article(seed: Seed) -> None:
    assert paragraphs(seed.text) == seed.article["paragraphs"]


def covered(spans: list[list[int]]) -> Iterator[int]:
    """Every offset inside some span."""
    for start, end in spans:
        yield from range(start, end)


@SOME
@given(st.text(alphabet=st.sampled_from("ab \n\t.é"), max_size=60).map(normalize_text))
def test_paragraphs_split_at_blank_lines_only(text: str) -> None:
    found = paragraphs(text)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(found, found[1:], strict=False))
    for start, end in found:
        part = text[start:end]
        assert part and not part.startswith("\n") and not part.endswith("\n")
        assert not re.search(r"\n\s*\n", part)
    outside = set(range(len(text))) - set(covered(found))
    assert all(text[i].isspace() for i in outside)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text and a forward span within it."""
    text = draw(st.text(min_size=1, max_size=120))
    start = draw(st.integers(min_value=0, max_value=len(text)))
    end = draw(st.integers(min_value=start, max_value=len(text)))
    return text, start, end


@SOME
@given(text_and_span())
def test_selector_round_trip(case: tuple[str, int, int]) -> None:
    text, start, end = case
    chosen = selector(text, start, end)
    assert chosen["exact"] == text[chosen["start"] : chosen["end"]] == text[start:end]
    assert text.endswith(chosen["prefix"] + chosen["exact"] + chosen["suffix"], 0, min(len(text), end + CONTEXT))
    assert len(chosen["prefix"]) == min(CONTEXT, start) and len(chosen["suffix"]) == min(CONTEXT, len(text) - end)
    assert list(check_span(chosen, {"body": text}, "/content/spans/0")) == []


@SOME
@given(st.data())
def test_evidence_text_is_its_exacts_joined(data: st.DataObject) -> None:
    text = data.draw(st.text(min_size=1, max_size=80))
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(lambda pair: (min(pair), max(pair))), min_size=1, max_size=3)
    )
    found = evidence(text, spans, field="headline")
    assert found["text"] == " ".join(text[s:e] for s, e in spans)
    assert [(s["field"], s["start"], s["end"]) for s in found["spans"]] == [("headline", s, e) for s, e in spans]


def test_seed_claims_are_their_own_selectors(seed: Seed) -> None:
    for claim in seed.claims:
        for span in claim["content"]["spans"]:
            assert selector(seed.text, span["start"], span["end"]) == span


def records(count: int, fail_at: int | None = None) -> Iterator[dict[str, Any]]:
    """Small records, raising before the one at fail_at."""
    for i in range(count):
        if i == fail_at:
            raise RuntimeError("source failed")
        yield {"type": "outlet", "id": f"outlet-{i}", "schema_version": "1.0.0", "name": f"Outlet {i}"}


def test_write_jsonl_writes_canonical_lines(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "outlets.jsonl"
    assert write_jsonl(path, records(3)) == 3
    assert path.read_bytes() == b"".join(dumps(r) for r in records(3))
    assert sorted(p.name for p in path.parent.iterdir()) == ["outlets.jsonl"]


def test_write_jsonl_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "outlets.jsonl"
    write_jsonl(path, records(5))
    write_jsonl(path, records(2))
    assert path.read_bytes().count(b"\n") == 2


def test_failed_write_leaves_the_original_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "outlets.jsonl"
    path.write_bytes(b"original\n")
    with pytest.raises(RuntimeError, match="source failed"):
        write_jsonl(path, records(1000, fail_at=500))
    assert path.read_bytes() == b"original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outlets.jsonl"]


def test_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_jsonl(tmp_path / "new.jsonl", records(3, fail_at=0))
    assert list(tmp_path.iterdir()) == []


def test_write_jsonl_of_an_unserializable_record_keeps_the_original(tmp_path: Path) -> None:
    path = tmp_path / "outlets.jsonl"
    write_jsonl(path, records(2))
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_jsonl(path, [{"type": "outlet", "id": "x", "name": {1, 2}}])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outlets.jsonl"]


def test_written_file_has_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "outlets.jsonl"
    write_jsonl(path, records(1))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
