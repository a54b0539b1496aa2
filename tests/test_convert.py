"""parallax convert: golden conversions of every input format, bad inputs, determinism, the seed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from converting import convert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.cli import cli
from toolkit.convert import Options
from toolkit.problems import CATALOG, PIPELINE
from toolkit.registry import OutletRegistry
from toolkit.score import score_claims
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "convert"
CUSTOM = ["--field", "headline=headline_text", "--field", "text=body", "--field", "published=when", "--field", "url=link"]
EXPECTED_PROBLEMS = [
    ("inputs/bridge-closure.txt", None, "convert.duplicate"),
    ("inputs/cafe-owners.txt", None, "convert.encoding"),
    ("inputs/crawl.jsonl", 2, "convert.field"),
    ("inputs/crawl.jsonl", 3, "convert.date"),
    ("inputs/crawl.jsonl", 4, "convert.format"),
    ("inputs/custom-shape.json", None, "convert.field"),
    ("inputs/empty.txt", None, "convert.empty"),
    ("inputs/nav-only.html", None, "convert.no-text"),
    ("inputs/notes.rtf", None, "convert.format"),
    ("inputs/pixel.txt", None, "convert.binary"),
]


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An output folder holding the synthetic outlet registry; the golden folder as working directory."""
    monkeypatch.chdir(GOLDEN)
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(GOLDEN / "outlets.jsonl", folder / "outlets.jsonl")
    return folder


def run(out: Path, *args: str) -> tuple[int, str]:
    """parallax convert with --out and without claim extraction (tested apart), as a user runs it."""
    result = CliRunner().invoke(cli, ["convert", *args, "--out", str(out), "--no-claims"])
    return result.exit_code, result.output


def test_every_format_converts_as_the_golden_files_say(out: Path) -> None:
    code, output = run(out, "inputs")
    assert code == 1, output
    run(out, "inputs/custom-shape.json", *CUSTOM)
    for expected in sorted((GOLDEN / "expected" / "articles").iterdir()):
        assert (out / "articles" / expected.name).read_bytes() == expected.read_bytes(), expected.name
    assert validate([str(out)], jobs=1).problems == []


def test_bad_inputs_are_reported_and_the_rest_converted(out: Path) -> None:
    registry = OutletRegistry.load(out / "outlets.jsonl")
    summary = convert(["inputs"], out, "auto", Options(registry))
    assert sorted((p.file, p.line, p.code) for p in summary.problems) == EXPECTED_PROBLEMS
    assert summary.written["article"] == 6


def test_converting_again_adds_nothing_and_changes_no_byte(out: Path) -> None:
    run(out, "inputs")
    before = {p: p.read_bytes() for p in out.rglob("*.jsonl")}
    code, output = run(out, "inputs")
    assert "0 new records" in output and code == 1
    assert {p: p.read_bytes() for p in out.rglob("*.jsonl")} == before


def test_the_seed_converts_to_the_shipped_article(tmp_path: Path) -> None:
    code, output = run(tmp_path, str(ROOT / "seeds" / "000_e6e052abecc23e78.txt"))
    assert code == 0, output
    name = "articles/000_e6e052abecc23e78.jsonl"
    assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes()


def test_claims_are_extracted_and_the_output_validates(out: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", "inputs/bridge-closure.txt", "inputs/council-vote.html", "--out", str(out), "--extractor", "fast"])
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for path in sorted((out / "claims").iterdir()) for line in path.open()]
    assert {c["cue"]["text"] for c in claims if "cue" in c} >= {"said", "told"}
    assert validate([str(out)], jobs=1).problems == []


def test_an_extractor_failing_on_one_article_is_its_problem_and_the_rest_is_converted(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.extract

    real = toolkit.extract.extract

    def fragile(article: dict[str, Any], actors: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if "council votes" in article["headline"].lower():
            raise IndexError("list index out of range")
        return real(article, actors)

    monkeypatch.setattr(toolkit.extract, "extract", fragile)
    result = CliRunner().invoke(cli, ["convert", "inputs/bridge-closure.txt", "inputs/council-vote.html", "--out", str(out), "--extractor", "fast"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error[extract.failed]" in result.output and "inputs/council-vote.html" in result.output
    articles = [json.loads(line) for path in sorted((out / "articles").iterdir()) for line in path.open()]
    claims = [json.loads(line) for path in sorted((out / "claims").iterdir()) for line in path.open()]
    assert len(articles) == 2 and claims and {c["article_id"] for c in claims} == {a["id"] for a in articles if "council votes" not in a["headline"].lower()}
    assert validate([str(out)], jobs=1).problems == []


def test_the_seed_converts_with_its_twelve_annotated_claims_found(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(ROOT / "seeds" / "000_e6e052abecc23e78.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert validate([str(tmp_path)], jobs=1).problems == []
    scores = score_claims([ROOT / "data"], [tmp_path])
    assert scores.overall.gold == 12
    assert scores.overall.tp["claim"] == 12 and scores.overall.tp["claim+speaker"] == 12


def test_outlet_from_front_matter_alias_and_from_the_url_domain(out: Path) -> None:
    run(out, "inputs/ferry-timetable.md", "inputs/bridge-closure.txt")
    records = [json.loads(line) for path in sorted((out / "articles").iterdir()) for line in path.open()]
    assert {r["headline"]: r["outlet_id"] for r in records} == {
        "Ferries Every Twenty Minutes During Bridge Works": "harbor-gazette",
        "Harbor Bridge to Close for Six Weeks": "harbor-gazette",
    }


def test_an_unregistered_outlet_is_kept_by_name(out: Path, tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text("---\noutlet: Northfield Courier\n---\nA Headline\n\nA body long enough to be an article body.\n", encoding="utf-8")
    run(out, str(page))
    record = json.loads((out / "articles" / "story.jsonl").read_text())
    assert (record["outlet_id"], record["outlet_name"]) == (None, "Northfield Courier")
    assert "not in the outlet registry" in record["outlet_unknown_reason"]


def test_front_matter_that_is_not_yaml_is_reported(out: Path, tmp_path: Path) -> None:
    page = tmp_path / "broken.txt"
    page.write_text("---\nurl: [unclosed\n---\nHeadline\n\nBody text of the article.\n", encoding="utf-8")
    summary = convert([str(page)], out, "auto", Options(OutletRegistry()))
    assert [p.code for p in summary.problems] == ["convert.field"]
    assert summary.written["article"] == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ""]))
def test_random_bytes_never_crash_convert(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    summary = convert([str(path)], tmp_path / "out", "auto", Options(OutletRegistry()))
    assert all(p.code in CATALOG or p.code in PIPELINE for p in summary.problems)
    assert summary.written["article"] + len(summary.problems) >= 1


def test_a_record_that_fails_validation_is_reported_not_written(out: Path, tmp_path: Path) -> None:
    page = tmp_path / "bad-language.txt"
    page.write_text("---\nlanguage: english\n---\nHeadline\n\nBody text of the article.\n", encoding="utf-8")
    summary = convert([str(page)], out, "auto", Options(OutletRegistry()))
    assert [p.code for p in summary.problems] == ["write.invalid"]
    assert "lang.invalid" in summary.problems[0].message
    assert not (out / "articles" / "bad-language.jsonl").exists()
