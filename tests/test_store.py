"""The store: a record the output folder already holds, in any of its files, is reported and skipped, never written twice."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import Seed
from test_import_polnear import run as import_polnear
from test_import_polnear import write_corpus

from toolkit import store
from toolkit.cli import cli
from toolkit.records import evidence, with_id
from toolkit.store import Summary, write_items
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_e6e052abecc23e78.txt"


def ids(folder: Path) -> list[str]:
    """The id of every record under a folder, in file order."""
    return [json.loads(line)["id"] for path in sorted(folder.rglob("*.jsonl")) for line in path.read_text().splitlines()]


def codes(summary: Summary) -> list[str]:
    return [p.code for p in summary.problems]


def headline_claim(seed: Seed, article: dict[str, Any]) -> dict[str, Any]:
    """A valid claim whose content is the first word of the article's headline."""
    claim = copy.deepcopy(seed.claims[0])
    claim.pop("cue", None)
    claim["content"] = evidence(article["headline"], [(0, article["headline"].index(" "))], "headline")
    claim["position"] = {"field": "headline"}
    return with_id(claim | {"article_id": article["id"]})


def test_the_same_file_under_another_name_is_reported_present_not_written_again(tmp_path: Path) -> None:
    copied = tmp_path / "b.txt"
    copied.write_bytes(SEED.read_bytes())
    out = tmp_path / "mydata"
    first = CliRunner().invoke(cli, ["convert", str(SEED), "--out", str(out), "--no-claims"])
    again = CliRunner().invoke(cli, ["convert", str(copied), "--out", str(out), "--no-claims"])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    assert "warning[write.present]" in again.output and f"{out}/articles/000_e6e052abecc23e78.jsonl:1:" in again.output
    assert "1 already there" in again.output and not (out / "articles" / "b.jsonl").exists()
    assert len(ids(out)) == len(set(ids(out))) == 1
    assert validate([str(out)], jobs=1).problems == []


def test_the_same_text_under_another_headline_is_skipped_with_its_claims(tmp_path: Path, seed: Seed) -> None:
    write_items([("a", seed.article)], tmp_path, Summary())
    retitled = with_id(seed.article | {"headline": "Rutte Says Russia Will Remain a Factor"})
    assert retitled["id"] == seed.article["id"]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.jsonl")}
    summary = write_items([("b", retitled), ("b", headline_claim(seed, retitled)), ("b", seed.claims[1])], tmp_path, Summary())
    assert codes(summary) == ["write.present"] and summary.present == 1 and not summary.written
    assert "skipped with its claims" in summary.problems[0].message and summary.problems[0].line == 1
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.jsonl")} == before


def test_a_record_whose_id_is_in_another_file_is_reported_once_per_record(tmp_path: Path, seed: Seed) -> None:
    write_items([("a", seed.article), *(("a", c) for c in seed.claims[:2])], tmp_path, Summary())
    summary = write_items([("b", seed.claims[1]), ("b", seed.claims[2])], tmp_path, Summary())
    assert codes(summary) == ["write.present"] and summary.written["claim"] == 1
    assert summary.problems[0].file == str(tmp_path / "claims" / "a.jsonl") and summary.problems[0].line == 2
    assert len(ids(tmp_path)) == len(set(ids(tmp_path))) == 4


def test_an_article_under_another_id_is_found_by_its_outlet_and_text(tmp_path: Path, seed: Seed) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "hand.jsonl").write_text(json.dumps(seed.article | {"id": "art_0000000000000001"}) + "\n")
    summary = write_items([("b", seed.article)], tmp_path, Summary())
    assert codes(summary) == ["write.present"] and "(as art_0000000000000001)" in summary.problems[0].message
    assert not (tmp_path / "articles" / "b.jsonl").exists()


def test_an_actor_kept_in_another_file_is_reported_once_however_often_it_comes(tmp_path: Path, seed: Seed) -> None:
    write_items([("people", seed.actors[0])], tmp_path, Summary())
    (tmp_path / "actors.jsonl").rename(tmp_path / "people.jsonl")
    summary = write_items([("registry", seed.actors[0]), ("registry", seed.actors[0])], tmp_path, Summary())
    assert codes(summary) == ["write.present"] and summary.present == 1 and not (tmp_path / "actors.jsonl").exists()


def test_an_outlet_already_in_its_file_is_merged_not_reported(tmp_path: Path, seed: Seed) -> None:
    write_items([("registry", seed.outlet)], tmp_path, Summary())
    summary = write_items([("registry", seed.outlet | {"aliases": ["The Planet"]})], tmp_path, Summary())
    assert codes(summary) == [] and summary.files == {"outlets.jsonl": 1}


def test_an_import_run_twice_into_one_folder_reports_every_article_present(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    first = import_polnear(corpus, tmp_path / "out")
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.jsonl")}
    again = import_polnear(corpus, tmp_path / "out")
    assert first.written["article"] >= 1 and first.written["claim"] >= 1
    assert codes(again).count("write.present") == again.present == first.written["article"] and not again.written["claim"]
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.jsonl")} == before


def test_a_record_holding_a_lone_surrogate_is_reported_and_the_rest_written(tmp_path: Path, seed: Seed) -> None:
    bad_language = seed.article | {"language": "\ud800"}
    bad_claim = copy.deepcopy(seed.claims[1])
    bad_claim["speaker"] = bad_claim.get("speaker", {}) | {"actor_unknown_reason": "not named \udfff"}
    items = [("a", seed.outlet), *[("a", actor) for actor in seed.actors], ("a", bad_language), ("a", seed.article), ("a", bad_claim), ("a", seed.claims[0])]
    summary = write_items(items, tmp_path, Summary())
    assert codes(summary) == ["write.invalid", "write.invalid"] and summary.invalid == 2
    assert "text.surrogate /language:" in summary.problems[0].message and f"article {bad_language['id']}" in summary.problems[0].message
    assert "text.surrogate /speaker/actor_unknown_reason:" in summary.problems[1].message
    assert summary.written["article"] == 1 and summary.written["claim"] == 1
    assert validate([str(tmp_path)], jobs=1).errors == 0


def test_a_record_that_cannot_be_serialized_is_reported_and_the_batch_goes_on(tmp_path: Path, seed: Seed, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "record_problems", lambda record, texts=None: [])  # a check that lets the record through
    unwritable = seed.article | {"id": "art_0000000000000000", "language": "\ud800"}
    summary = write_items([("a", unwritable), ("a", seed.outlet), ("a", seed.article)], tmp_path, Summary())
    assert codes(summary) == ["write.invalid"] and "cannot be written as JSON" in summary.problems[0].message
    assert summary.problems[0].message.encode("utf-8")  # printable: the surrogate is escaped
    assert summary.written["article"] == 1 and ids(tmp_path) == [seed.article["id"], seed.outlet["id"]]


def test_the_claims_of_an_article_that_fails_validation_are_not_written_and_say_why(tmp_path: Path, seed: Seed) -> None:
    broken = seed.article | {"published": "2020-02-30"}
    summary = write_items([("a", seed.outlet), *(("a", actor) for actor in seed.actors), ("a", broken), *(("a", c) for c in seed.claims)], tmp_path, Summary())
    assert codes(summary) == ["write.invalid", "write.invalid"] and "claim" not in summary.written
    assert f"{len(seed.claims)} claim(s) or event(s) of article {seed.article['id']} not written" in summary.problems[1].message
    assert [p.code for p in validate([str(tmp_path)], jobs=1).problems] == []
