"""The Article-Bias-Prediction importer: dates, outlet name variants, broken members, determinism; and a subset of the real corpus."""

from __future__ import annotations

import csv
import io
import json
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from importing import import_clean, snapshot
from paths import CORPORA, needs

from toolkit.importers import Summary, run_import
from toolkit.importers.abp_outlets import RATER, corpus_outlets, is_opinion, variant_key
from toolkit.importers.article_bias_prediction import CORPUS, read_date, read_index
from toolkit.registry import OutletRegistry
from toolkit.text import normalize

ABP = CORPORA / "article-bias-prediction"
FIELDS = ["ID", "topic", "source", "source_url", "url", "date", "authors", "title", "bias_text", "bias"]
LABELS = {"left": 0, "center": 1, "right": 2}

needs_corpus = needs(ABP / "index.tsv")


def records(folder: Path, kind: str) -> list[dict[str, Any]]:
    """Every record of one kind under an output folder."""
    files = [folder / "outlets.jsonl"] if kind == "outlet" else sorted((folder / f"{kind}s").glob("*.jsonl"))
    return [json.loads(line) for file in files if file.exists() for line in file.read_text(encoding="utf-8").splitlines()]


def imported(source: Path, out: Path) -> Summary:
    """Import a corpus folder into an output folder and check that the output validates clean."""
    return import_clean("article-bias-prediction", source, out)


def article(number: int, source: str, bias: str, **extra: Any) -> dict[str, Any]:
    """A synthetic article JSON of fictional outlets and people, in the corpus's shape."""
    text = f"Mayor Tomas Reyes said the Old Harbor Bridge would close for {number} weeks.\n\nThe council votes on Monday."
    return {
        "ID": f"synthetic{number:07d}",
        "topic": "infrastructure",
        "source": source,
        "source_url": "www.harbor-gazette.example" if "Harbor" in source else "www.northfield-courier.example",
        "url": f"https://news.example/{number}",
        "date": "2016-09-20",
        "authors": "Mara Lind, Tomas Reyes",
        "title": f"Port Halden bridge to close ({number})",
        "content_original": text,
        "content": text.replace(".", " ."),
        "bias_text": bias,
        "bias": LABELS.get(bias, 1),
    } | extra


def write_corpus(folder: Path, members: list[dict[str, Any] | tuple[str, bytes]], index: bool = True, tarball: bool = True) -> Path:
    """A folder laid out like the corpus: jsons_all.tar.gz (or jsons_media_test/) and index.tsv of the members that are articles."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [(f"data/jsons/{m['ID']}.json", json.dumps(m).encode()) if isinstance(m, dict) else m for m in members]
    if tarball:
        with tarfile.open(folder / "jsons_all.tar.gz", "w:gz") as archive:
            for name, data in [("data/", None), ("data/jsons/", None), *files]:
                info = tarfile.TarInfo(name)
                info.type, info.size = (tarfile.DIRTYPE, 0) if data is None else (tarfile.REGTYPE, len(data))
                archive.addfile(info, None if data is None else io.BytesIO(data))
    else:
        (folder / "jsons_media_test").mkdir()
        for name, data in files:
            (folder / "jsons_media_test" / Path(name).name).write_bytes(data)
    if index:
        with open(folder / "index.tsv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, FIELDS, delimiter="\t", extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(m for m in members if isinstance(m, dict))
    return folder


SYNTHETIC = [
    article(1, "Harbor Gazette", "left", date="2016-09-20"),
    article(2, "Harbor Gazette (Online)", "left", date="9/5/18"),
    article(3, "Harbor Gazette - Opinion", "right", date=""),
    article(4, "Harbor Gazette", "left", date="0001-11-30", content_original="Line one.  \r\n\r\nCafe\u0301 two.\r\n"),
    article(5, "Northfield Courier", "center", date="2050-09-30", authors=""),
    article(6, "Guest Writer - Right", "right", date="2018-02-30"),
    article(7, "Northfield Courier", "center", content_original=" \n "),
    ("data/jsons/synthetic0000008.json", b'{"ID": "synthetic0000008", "source": "Harbor Ga'),
    article(9, "The Harbor Gazette", "left", content_original=article(1, "", "")["content_original"]),
    article(10, "Harbor Gazette Latino", "left", date="12/31/20"),
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Summary]:
    """The synthetic corpus, imported once."""
    folder = tmp_path_factory.mktemp("abp")
    source, out = write_corpus(folder / "corpus", SYNTHETIC), folder / "out"
    return source, out, imported(source, out)


def test_every_broken_item_is_reported_and_the_rest_imported(synthetic: tuple[Path, Path, Summary]) -> None:
    _, out, summary = synthetic
    found = sorted((p.code, p.message.split(":")[0]) for p in summary.problems)
    assert found == [
        ("convert.date", "article synthetic0000004"),
        ("convert.date", "article synthetic0000005"),
        ("convert.date", "article synthetic0000006"),
        ("import.skipped", "article synthetic0000007"),
        ("import.skipped", "article synthetic0000009"),
        ("import.unreadable", "data/jsons/synthetic0000008.json"),
    ]
    assert "same outlet and text as article synthetic0000001" in next(p.message for p in summary.problems if "synthetic0000009" in p.message)
    assert summary.written == Counter({"article": 7, "outlet": 4})


def test_dates_are_normalized_or_unknown_with_a_reason(synthetic: tuple[Path, Path, Summary]) -> None:
    _, out, _ = synthetic
    articles = {a["source"]["original_id"][-2:]: a for a in records(out, "article")}
    assert {k: a["published"] for k, a in articles.items()} == {
        "01": "2016-09-20",
        "02": "2018-09-05",
        "03": None,
        "04": None,
        "05": None,
        "06": None,
        "10": "2020-12-31",
    }
    assert articles["03"]["published_unknown_reason"] == "the corpus gives no date for this article"
    assert "not plausible" in articles["04"]["published_unknown_reason"] and "not plausible" in articles["05"]["published_unknown_reason"]
    assert "cannot be read" in articles["06"]["published_unknown_reason"]


def test_name_variants_are_one_outlet_with_each_label_a_rating(synthetic: tuple[Path, Path, Summary]) -> None:
    _, out, _ = synthetic
    outlets = {o["id"]: o for o in records(out, "outlet")}
    assert sorted(outlets) == ["guest-writer-right", "harbor-gazette", "harbor-gazette-latino", "northfield-courier"]
    gazette = outlets["harbor-gazette"]
    assert gazette["aliases"] == ["Harbor Gazette (Online)", "Harbor Gazette - Opinion", "The Harbor Gazette"]
    assert gazette["domains"] == ["harbor-gazette.example"]
    assert [(r["rater"], r["scale"], r["value"]) for r in gazette["ratings"]] == [(RATER, "corpus_ideology", "left"), (RATER, "corpus_ideology", "right")]
    assert "1 article: 1 credited to 'Harbor Gazette - Opinion'" in gazette["ratings"][1]["provenance"]["note"]
    articles = {a["source"]["original_id"][-2:]: a for a in records(out, "article")}
    assert {k for k, a in articles.items() if a["outlet_id"] == "harbor-gazette"} == {"01", "02", "03", "04"}
    assert [k for k, a in sorted(articles.items()) if a["genre"] == "opinion"] == ["03"]


def test_texts_are_stored_as_normalize_gives_them(synthetic: tuple[Path, Path, Summary]) -> None:
    _, out, _ = synthetic
    articles = {a["source"]["original_id"][-2:]: a for a in records(out, "article")}
    assert articles["04"]["text"] == normalize(SYNTHETIC[3]["content_original"]).text == "Line one.\n\nCaf\u00e9 two."
    assert articles["01"]["headline"] == "Port Halden bridge to close (1)"
    assert articles["01"]["byline"] == ["Mara Lind", "Tomas Reyes"] and "byline" not in articles["05"]
    assert all(a["rights"] == {"redistributable": False, "note": CORPUS.rights_note} for a in articles.values())


def test_reimport_gives_identical_bytes(synthetic: tuple[Path, Path, Summary], tmp_path: Path) -> None:
    source, out, _ = synthetic
    imported(source, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)
    imported(source, tmp_path)
    assert snapshot(tmp_path) == snapshot(out)


def test_a_folder_of_json_files_or_no_index_gives_the_same_records(tmp_path: Path) -> None:
    articles = [m for m in SYNTHETIC if isinstance(m, dict)]
    outputs = []
    for name, index, tarball in [("tar", True, True), ("folder", True, False), ("no-index", False, True)]:
        imported(write_corpus(tmp_path / name, articles, index=index, tarball=tarball), tmp_path / f"out-{name}")
        outputs.append(snapshot(tmp_path / f"out-{name}"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_an_unreadable_index_is_reported_and_the_articles_give_the_outlets(tmp_path: Path) -> None:
    articles = [m for m in SYNTHETIC if isinstance(m, dict)]
    imported(write_corpus(tmp_path / "no-index", articles, index=False), tmp_path / "out-no-index")
    source = write_corpus(tmp_path / "bad-index", articles)
    (source / "index.tsv").write_bytes(b"ID\tsource\n\xff\xfe broken\n")
    summary = imported(source, tmp_path / "out-bad-index")
    assert [p.code for p in summary.problems if p.file and p.file.endswith("index.tsv")] == ["import.unreadable"]
    assert snapshot(tmp_path / "out-bad-index") == snapshot(tmp_path / "out-no-index")


def test_a_broken_archive_keeps_what_was_read_before(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "corpus", [article(n, "Harbor Gazette", "left") for n in range(1, 40)])
    whole = (source / "jsons_all.tar.gz").read_bytes()
    (source / "jsons_all.tar.gz").write_bytes(whole[: len(whole) * 2 // 3])
    summary = imported(source, tmp_path / "out")
    assert [p.code for p in summary.problems] == ["import.unreadable"]
    assert 0 < summary.written["article"] < 39


def test_a_folder_of_another_layout_is_a_layout_problem(tmp_path: Path) -> None:
    summary = run_import("article-bias-prediction", tmp_path, tmp_path / "out", OutletRegistry())
    assert [p.code for p in summary.problems] == ["import.layout"]


def test_a_registered_outlet_is_kept_and_gains_the_corpus_rating(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "corpus", [article(1, "Harbor Gazette (Online)", "center")])
    out = tmp_path / "out"
    out.mkdir()
    registered = {"type": "outlet", "id": "the-harbor-gazette", "schema_version": "1.0.0", "name": "The Harbor Gazette", "aliases": ["Harbor Gazette (Online)"]}
    (out / "outlets.jsonl").write_text(json.dumps(registered) + "\n", encoding="utf-8")
    imported(source, out)
    [outlet] = records(out, "outlet")
    assert {k: v for k, v in outlet.items() if k != "ratings"} == registered
    assert [(r["scale"], r["value"]) for r in outlet["ratings"]] == [("corpus_ideology", "center")]
    assert [a["outlet_id"] for a in records(out, "article")] == ["the-harbor-gazette"]


def test_variant_rule() -> None:
    fox = {"Fox News", "Fox Online News", "Fox News (Online)", "Fox News Opinion"}
    assert {variant_key(n) for n in fox} == {"fox"}
    assert variant_key("CNN (Web News)") == variant_key("CNN - Editorial") == "cnn"
    assert variant_key("NBC News (Online)") == variant_key("NBCNews.com") == variant_key("NBC (Web News)") == "nbc"
    assert variant_key("Des Moines Register") == variant_key("DesMoines Register")
    assert len({variant_key(n) for n in ("Fox News Latino", "Fox News", "Guest Writer - Right", "Guest Writer - Left", "Guest Writer")}) == 5
    assert variant_key("News") == "news" and variant_key("!!!") == ""
    assert is_opinion("Fox News Opinion") and is_opinion("CNN - Editorial") and not is_opinion("Editorial Week") and not is_opinion("Fox News")


def test_read_date() -> None:
    assert read_date("2016-09-20") == ("2016-09-20", None)
    assert read_date("9/5/18") == ("2018-09-05", None)
    assert read_date("12/31/1999") == ("1999-12-31", None)
    assert read_date(" ")[0] is None and read_date(None)[0] is None
    for bad in ("0001-11-30", "2050-09-30", "2018-02-30", "13/1/18", "yesterday"):
        published, reason = read_date(bad)
        assert published is None and reason and repr(bad) in reason


@needs_corpus
def test_index_counts_match_about() -> None:
    rows = list(read_index(ABP / "index.tsv"))
    assert len(rows) == 37_554
    assert Counter(r["bias_text"] for r in rows) == {"right": 13_734, "left": 13_005, "center": 10_815}
    assert len({r["source"] for r in rows}) == 491
    assert sum(r["date"] == "" for r in rows) == 4_407
    assert sum("/" in r["date"] for r in rows) == 37
    assert {read_date(r["date"])[0] is None for r in rows if "/" in r["date"]} == {False}


@needs_corpus
def test_real_name_variants_are_one_outlet() -> None:
    ids = corpus_outlets(read_index(ABP / "index.tsv"), OutletRegistry(), CORPUS).ids
    assert len({ids[variant_key(n)] for n in ("Fox News", "Fox Online News", "Fox News (Online)", "Fox News Opinion")}) == 1
    assert ids[variant_key("CNN (Web News)")] == ids[variant_key("CNN - Editorial")]
    assert len({ids[variant_key(n)] for n in ("Fox News", "Fox News Latino", "Guest Writer - Right")}) == 3


@pytest.fixture(scope="module")
def media_test(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Summary]:
    """The unpacked media-based test split (1,300 articles) with the whole index, imported once."""
    folder = tmp_path_factory.mktemp("abp-media")
    source = folder / "corpus"
    source.mkdir()
    (source / "index.tsv").symlink_to(ABP / "index.tsv")
    (source / "jsons_media_test").symlink_to(ABP / "jsons_media_test")
    return source, folder / "out", imported(source, folder / "out")


@needs_corpus
def test_media_test_split_imports_clean_with_about_counts(media_test: tuple[Path, Path, Summary]) -> None:
    _, out, summary = media_test
    articles = records(out, "article")
    assert len(articles) == 1_300 and summary.written["article"] == 1_300
    labels = {r["ID"]: r["bias_text"] for r in read_index(ABP / "index.tsv")}
    assert Counter(labels[a["source"]["original_id"]] for a in articles) == {"right": 599, "left": 402, "center": 299}
    assert not [p for p in summary.problems if p.severity == "error"]
    outlets = {o["id"] for o in records(out, "outlet")}
    assert {a["outlet_id"] for a in articles} == outlets


@needs_corpus
def test_the_same_articles_from_the_tarball_give_the_same_bytes(media_test: tuple[Path, Path, Summary], tmp_path: Path) -> None:
    _, out, _ = media_test
    files = sorted((ABP / "jsons_media_test").glob("*.json"))[:200]
    members: list[dict[str, Any] | tuple[str, bytes]] = [(f"data/jsons/{f.name}", f.read_bytes()) for f in files]
    source = write_corpus(tmp_path / "corpus", members, index=False)
    (source / "index.tsv").symlink_to(ABP / "index.tsv")
    imported(source, tmp_path / "out")
    subset = records(tmp_path / "out", "article")
    assert len(subset) == 200
    whole = {a["id"]: a for a in records(out, "article")}
    assert all(whole[a["id"]] == a for a in subset)
