"""One event, four outlets, shared and unique statements, one statement paraphrased, one quote truncated and a fact one
outlet leaves out (tests/golden/comparison/): as a user runs it, in a project outside the checkout, `parallax align`
gives the propositions, relations and omissions the reports were written to have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from as_user import aligned_project, parallax, records

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "golden" / "comparison"
OUTLETS = {"reuters", "fox-news", "the-guardian", "breitbart-news"}


@pytest.fixture(scope="module")
def aligned(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The alignments, the claims by id and the comparisons of the four reports, converted and aligned in a project."""
    root = aligned_project(tmp_path_factory.mktemp("elsewhere"), "port", list(INPUTS.glob("*.txt")))
    assert parallax("validate", cwd=root).returncode == 0
    claims = {c["id"]: c for c in records(root / "data" / "claims")}
    return records(root / "data" / "alignments"), claims, records(root / "data" / "comparisons")


def find(aligned: tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]], words: str) -> dict[str, Any]:
    """The one alignment with a member whose content holds `words`."""
    alignments, claims, _ = aligned
    found = [a for a in alignments if any(words in claims[m["claim_id"]]["content"]["text"] for m in a["members"])]
    assert len(found) == 1, [a["proposition"] for a in found]
    return found[0]


def members(alignment: dict[str, Any], claims: dict[str, dict[str, Any]]) -> dict[str, set[tuple[str, str]]]:
    """Outlet -> the (relation, claim kind) of its members."""
    found: dict[str, set[tuple[str, str]]] = {}
    for m in alignment["members"]:
        found.setdefault(m["outlet_id"], set()).add((m["relation"], claims[m["claim_id"]]["kind"]))
    return found


def test_a_quote_told_four_ways_is_one_proposition(aligned: Any) -> None:
    ortiz = find(aligned, "We will reopen the port within a week")
    found = members(ortiz, aligned[1])
    assert ortiz["speaker_actor_id"] == "lena-ortiz"
    assert found["reuters"] == {("same", "direct_quote")}  # the fullest rendering
    assert found["fox-news"] == {("same", "direct_quote")}
    assert found["the-guardian"] == {("truncated", "direct_quote")}  # the first sentence only
    assert ("paraphrase", "indirect") in found["breitbart-news"]  # reported speech in other words
    assert ortiz["omitted_by"] == []


def test_a_fact_in_the_outlets_own_voice_is_aligned_and_its_omission_seen(aligned: Any) -> None:
    port = find(aligned, "dockworkers walked")
    found = members(port, aligned[1])
    assert port["speaker_actor_id"] is None
    assert found == {"reuters": {("same", "fact")}, "the-guardian": {("same", "fact")}, "fox-news": {("paraphrase", "fact")}}
    assert not port["proposition"].startswith("MARISOL")  # the dateline is not the fact's
    assert port["omitted_by"] == ["breitbart-news"]  # no claim and no sentence of its carries it


def test_a_statement_two_outlets_report_is_omitted_by_the_other_two(aligned: Any) -> None:
    wages = find(aligned, "until wages rise")
    assert wages["speaker_actor_id"] == "tomas-rivera"
    assert {m["outlet_id"] for m in wages["members"]} == {"reuters", "fox-news"}
    assert sorted(wages["omitted_by"]) == ["breitbart-news", "the-guardian"]


def test_different_statements_of_one_speaker_and_unique_ones_stand_apart(aligned: Any) -> None:
    vote = find(aligned, "voted nine to one")
    assert vote["speaker_actor_id"] == "tomas-rivera" and {m["outlet_id"] for m in vote["members"]} == {"breitbart-news"}
    analyst = find(aligned, "millions of pesos")
    assert {m["outlet_id"] for m in analyst["members"]} == {"the-guardian"}


def test_coverage_counts_only_what_two_outlets_carry(aligned: Any) -> None:
    _, _, comparisons = aligned
    coverage = {c["outlet_id"]: c["measures"]["coverage"] for c in comparisons}
    assert set(coverage) == OUTLETS
    # three propositions two or more outlets carry: Ortiz's quote, the closing of the port, Rivera's wage demand
    assert {o: (c["reported"], c["in_event"]) for o, c in coverage.items()} == {
        "reuters": (3, 3),
        "fox-news": (3, 3),
        "the-guardian": (2, 3),
        "breitbart-news": (1, 3),
    }


def test_convert_and_extract_can_leave_facts_out(tmp_path: Path) -> None:
    reports = [str(INPUTS / "reuters-port.txt"), str(INPUTS / "fox-port.txt")]
    with_facts = parallax("convert", *reports, "--out", "with", cwd=tmp_path)
    without = parallax("convert", *reports, "--out", "without", "--no-facts", cwd=tmp_path)
    assert with_facts.returncode == 0 and without.returncode == 0
    # the summary counts attributions, whose speakers can be resolved, whether facts were made or not
    line = "1 of 5 attributions names a speaker no actor stands for: 'minister' (1)"
    assert line in with_facts.stdout + with_facts.stderr and line in without.stdout + without.stderr
    assert parallax("extract", "with", "--out", "extracted", "--no-facts", "--extractor", "rules", cwd=tmp_path).returncode == 0
    kinds = {name: [c["kind"] for c in records(tmp_path / name / "claims")] for name in ("with", "without", "extracted")}
    assert "fact" in kinds["with"]
    assert kinds["without"] and "fact" not in kinds["without"]
    assert kinds["extracted"] and "fact" not in kinds["extracted"]
