"""Importers read corpus files through one bounded reader: devices, FIFOs and oversized files or members are refused with a code."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from test_import_article_bias_prediction import article, write_corpus
from test_import_basil import write_triplets

from toolkit.importers import article_bias_prediction, reading, run_import
from toolkit.importers.reading import Refused, read_bytes, read_limited
from toolkit.problems import PIPELINE
from toolkit.registry import OutletRegistry
from toolkit.store import Summary


def imported(corpus: str, source: Path, out: Path) -> Summary:
    return run_import(corpus, source, out, OutletRegistry())


def codes(summary: Summary) -> list[str]:
    return [p.code for p in summary.problems]


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with pytest.raises(Refused) as refused:
        read_bytes(tmp_path / "zero.json")
    assert refused.value.code == "import.not-a-file" and "/dev/zero" in str(refused.value)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(Refused) as refused:
        read_bytes(tmp_path / "pipe.json")
    assert refused.value.code == "import.not-a-file"


def test_a_file_over_the_limit_is_refused_and_one_at_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_bytes(b"x" * 101)
    with pytest.raises(Refused) as refused:
        read_bytes(tmp_path / "big.json", limit=100)
    assert refused.value.code == "import.too-large"
    assert read_bytes(tmp_path / "big.json", limit=101) == b"x" * 101


def test_a_stream_is_read_only_up_to_the_limit() -> None:
    stream = io.BytesIO(b"y" * 10_000)
    with pytest.raises(Refused):
        read_limited(stream, 1000)
    assert stream.tell() <= 1001  # stopped at the limit, not read to the end


def test_refusal_codes_are_in_the_catalog() -> None:
    assert {"import.not-a-file", "import.too-large"} <= set(PIPELINE)


def test_basil_goes_on_past_a_device_in_its_articles(tmp_path: Path) -> None:
    corpus = write_triplets(tmp_path / "basil")
    (corpus / "articles" / "2011" / "zero_1.json").symlink_to("/dev/zero")
    summary = imported("basil", corpus, tmp_path / "out")
    assert "import.not-a-file" in codes(summary) and summary.written["article"] == 5


def test_article_files_over_the_limit_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = article(2, "Harbor Gazette", "left", content_original="z " * 3000)
    corpus = write_corpus(tmp_path / "abp", [article(1, "Harbor Gazette", "left"), big], tarball=False)
    monkeypatch.setattr(reading, "FILE_LIMIT", 4000)
    summary = imported("article-bias-prediction", corpus, tmp_path / "out")
    assert codes(summary).count("import.too-large") == 1 and summary.written["article"] == 1


def test_an_archive_member_over_the_limit_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = article(2, "Harbor Gazette", "left", content_original="z " * 3000)
    corpus = write_corpus(tmp_path / "abp", [article(1, "Harbor Gazette", "left"), big, article(3, "Northfield Courier", "center")])
    monkeypatch.setattr(article_bias_prediction, "MEMBER_LIMIT", 4000)
    summary = imported("article-bias-prediction", corpus, tmp_path / "out")
    assert [p.message.split(":")[1].strip() for p in summary.problems if p.code == "import.too-large"] == ["data/jsons/synthetic0000002.json"]
    assert summary.written["article"] == 2


def test_a_tarball_that_is_a_device_is_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "abp", [article(1, "Harbor Gazette", "left")], tarball=False)
    (corpus / "jsons_all.tar.gz").symlink_to("/dev/zero")
    summary = imported("article-bias-prediction", corpus, tmp_path / "out")
    assert "import.not-a-file" in codes(summary)


@pytest.mark.parametrize(("importer", "file"), [("narrative-frames", "data/articles_metadata.tsv"), ("allsides-ratings", "data/allsides_data.csv")])
def test_a_required_file_that_is_a_device_is_refused_not_taken_for_absent(tmp_path: Path, importer: str, file: str) -> None:
    (tmp_path / "corpus" / file).parent.mkdir(parents=True)
    (tmp_path / "corpus" / file).symlink_to("/dev/zero")
    assert "import.not-a-file" in codes(imported(importer, tmp_path / "corpus", tmp_path / "out"))


def test_a_symlink_loop_is_an_os_error_the_readers_report(tmp_path: Path) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    with pytest.raises(OSError):
        read_bytes(tmp_path / "a.json")
