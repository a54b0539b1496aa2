"""flows.extract and flows.convert: worker processes give the bytes of one process, and an extractor failing on an article is that article's problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit import flows, pipeline
from toolkit.articles import ArticleMeta, article_record
from toolkit.cli import cli
from toolkit.extract import extract, extract_rules
from toolkit.flows import Session
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.store import Summary

OUTLETS = ("Calder Harbor Gazette", "Velmora Evening Herald")
ACTORS = (("Mira Olsen", ["Olsen"]), ("Tomas Reyes", ["Reyes"]))
BODIES = (
    '"The bridge will close for {n} weeks," Mira Olsen said on Tuesday. Ferries will run hourly from the north quay.',
    "Tomas Reyes told reporters that {n} dockworkers would walk out at dawn. The port authority gave no comment.",
    'The council met for {n} hours. "We will not raise the harbor fees," Olsen said after the vote, according to a statement.',
)


def synthetic_articles(outlet: str, count: int) -> list[dict[str, Any]]:
    """Articles of a fictional outlet quoting fictional people, each text of its own."""
    meta = ArticleMeta(outlet_id=outlet_record(outlet)["id"], published="2021-04-02", rights={"redistributable": True, "note": "synthetic"})
    return [article_record(f"Harbor news {n} from {outlet}", BODIES[n % len(BODIES)].format(n=n + 2), meta) for n in range(count)]


def outlet_record(name: str) -> dict[str, Any]:
    """A fictional outlet."""
    return with_id({"type": "outlet", "name": name, "provenance": {"method": "human", "note": "synthetic"}})


def make_folder(folder: Path, per_outlet: int = 12) -> Path:
    """A data folder: two fictional outlets, two actors, articles of each outlet in a file of its own, and one text-less article."""
    write_jsonl(folder / "outlets.jsonl", [outlet_record(name) for name in OUTLETS])
    actors = [with_id({"type": "actor", "name": n, "actor_type": "person", "aliases": a, "provenance": {"method": "human"}}) for n, a in ACTORS]
    write_jsonl(folder / "actors.jsonl", actors)
    meta = ArticleMeta(outlet_id=outlet_record(OUTLETS[0])["id"], published="2021-04-03", rights={"redistributable": False, "note": "synthetic"})
    textless = article_record("Harbor notice", "The north quay reopens on Monday, Mira Olsen said.", meta)
    del textless["text"]  # as in a text-less release
    for name, outlet in zip(("calder", "velmora"), OUTLETS, strict=True):
        write_jsonl(folder / "articles" / f"{name}.jsonl", synthetic_articles(outlet, per_outlet) + ([textless] if name == "calder" else []))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def failing_on_fours(article: dict[str, Any], actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules' claims, except for articles whose headline names the number 4, where it raises."""
    if "news 4 " in article["headline"]:
        raise ValueError("no claims for you")
    return extract_rules(article, actors)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic data folder, with enough articles for worker processes to be used."""
    return make_folder(tmp_path_factory.mktemp("synthetic") / "data")


def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of processes of each pool flows.extract starts from now on."""
    started: list[int] = []
    parallel = pipeline._parallel

    def spy(*args: Any) -> Any:
        started.append(args[-1])
        return parallel(*args)

    monkeypatch.setattr(pipeline, "_parallel", spy)
    return started


@pytest.mark.parametrize("window", [pipeline.WINDOW, 5])
def test_two_processes_write_the_bytes_of_one(folder: Path, tmp_path: Path, window: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WINDOW", window)  # 5: many windows, each queued while the one before is written
    started = pools(monkeypatch)
    summaries: dict[int, Summary] = {}
    for jobs in (1, 2):
        summaries[jobs] = flows.extract(Session(None), [folder], tmp_path / str(jobs), extract, jobs=jobs)
    assert started == [2]
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "2")
    assert summaries[1] == summaries[2]
    assert summaries[1].written["claim"] >= 24 and summaries[1].invalid == 0
    assert [p.code for p in summaries[1].problems] == ["import.skipped"]


def test_a_few_articles_are_extracted_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = pools(monkeypatch)
    summary = flows.extract(Session(None), [make_folder(tmp_path / "data", per_outlet=3)], tmp_path / "out", extract_rules, jobs=2)
    assert started == [] and summary.written["article"] == 7


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_extractor_failing_on_one_article_is_that_articles_problem(folder: Path, tmp_path: Path, jobs: int, capfd: pytest.CaptureFixture[str]) -> None:
    summary = flows.extract(Session(None), [folder], tmp_path / "out", failing_on_fours, jobs=jobs)
    failed = [p for p in summary.problems if p.code == "extract.failed"]
    assert len(failed) == 2 and all(p.severity == "error" and p.file and p.file.endswith(".jsonl") for p in failed)
    assert all("ValueError: no claims for you" in p.message for p in failed)
    claims = [r for _p, r in read_records([tmp_path / "out" / "claims"])]
    articles = {r["id"]: r for _p, r in read_records([tmp_path / "out" / "articles"])}
    assert len(articles) == 25 and {c["article_id"] for c in claims} == {i for i, a in articles.items() if "text" in a and "news 4 " not in a["headline"]}
    assert "Traceback" not in capfd.readouterr().err


def test_the_command_takes_jobs(folder: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["extract", str(folder), "--out", str(tmp_path / jobs), "--jobs", jobs, "--extractor", "rules"])
        assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "2")
    refused = CliRunner().invoke(cli, ["extract", str(folder), "--out", str(tmp_path / "x"), "--jobs", "0"])
    assert refused.exit_code == 2


def text_inputs(folder: Path, count: int) -> Path:
    """Plain-text articles (headline on the first line) of the fictional outlets, enough for worker processes."""
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"harbor-{n:02d}.txt").write_text(f"Harbor news {n}\n\n" + BODIES[n % len(BODIES)].format(n=n + 2) + "\n", encoding="utf-8")
    return folder


def test_convert_with_two_processes_writes_the_bytes_of_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = text_inputs(tmp_path / "inputs", 20)
    started = pools(monkeypatch)
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / jobs), "--outlet", OUTLETS[0], "--jobs", jobs])
        assert result.exit_code == 0, result.output
    assert started == [2]
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "2")
    claims = [r for _p, r in read_records([tmp_path / "2" / "claims"])]
    assert len({c["article_id"] for c in claims}) == 20


def test_convert_reports_an_extractor_failing_in_a_worker_as_that_articles_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.extract

    def failing(article: dict[str, Any], actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        if article["headline"] == "Harbor news 4":
            raise ValueError("no claims for you")
        return extract(article, actors, learned=False)

    monkeypatch.setattr(toolkit.extract, "extract", failing)
    started = pools(monkeypatch)
    result = CliRunner().invoke(
        cli, ["convert", str(text_inputs(tmp_path / "inputs", 20)), "--out", str(tmp_path / "out"), "--jobs", "2", "--extractor", "fast"]
    )
    assert started == [2] and result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("error[extract.failed]") == 1 and "harbor-04.txt" in result.output
    articles = {r["id"]: r for _p, r in read_records([tmp_path / "out" / "articles"])}
    claims = [r for _p, r in read_records([tmp_path / "out" / "claims"])]
    assert len(articles) == 20 and {c["article_id"] for c in claims} == {i for i, a in articles.items() if a["headline"] != "Harbor news 4"}


def test_convert_without_its_parser_is_a_usage_error_before_any_input_is_read(tmp_path: Path) -> None:
    inputs = text_inputs(tmp_path / "inputs", 2)
    result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "out"), "--parser", "no_such_pipeline"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot load the parser pipeline 'no_such_pipeline'" in result.output and "--no-claims" in result.output
    assert not (tmp_path / "out").exists()
    assert CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "out"), "--parser", "no_such_pipeline", "--no-claims"]).exit_code == 0


def test_convert_parses_with_the_pipeline_named(tmp_path: Path) -> None:
    from toolkit.extract.syntax import PARSER

    inputs = text_inputs(tmp_path / "inputs", 3)
    for name in (None, PARSER):  # the extractor's own, and the same named: the named one reaches the extractor
        summary = flows.convert(Session(None), [str(inputs)], tmp_path / str(name), parser=name)
        assert summary.written["claim"] >= 3 and summary.problems == []
    assert snapshot(tmp_path / "None") == snapshot(tmp_path / PARSER)
    refused = flows.convert(Session(None), [str(inputs)], tmp_path / "other", parser="no_such_pipeline")
    assert {p.code for p in refused.problems} == {"extract.failed"} and "no_such_pipeline" in refused.problems[0].message
