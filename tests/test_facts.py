"""Facts in the outlet's own voice (toolkit.extract.facts): which predications of a body are facts, and their spans."""

from __future__ import annotations

from typing import Any

from toolkit.extract import extract
from toolkit.records import paragraphs
from toolkit.schemas import SchemaSet


def article(text: str, headline: str = "Port closes") -> dict[str, Any]:
    """A minimal article record around a body text."""
    return {"type": "article", "id": "art_0000000000000001", "outlet_id": "reuters", "headline": headline, "text": text, "paragraphs": paragraphs(text)}


def facts(text: str, headline: str = "Port closes") -> list[str]:
    """The content texts of the fact claims the extractor finds in a body."""
    found = extract(article(text, headline), learned=False)
    return [c["content"]["text"] for c in found if c.get("type") == "claim" and c["kind"] == "fact"]


def test_a_main_clause_no_one_is_credited_with_is_a_fact() -> None:
    assert facts("The House voted 245-189 on Friday to repeal the law.") == ["The House voted 245-189 on Friday to repeal the law"]


def test_what_a_speaker_says_is_an_attribution_not_a_fact() -> None:
    text = "The port closed on Monday after the strike began.\n\nMinister Lena Ortiz said the port would reopen within a week."
    assert facts(text) == ["The port closed on Monday after the strike began"]
    assert facts('"We will reopen the harbour soon," the minister told reporters at the docks.') == []


def test_two_coordinated_predications_are_two_facts() -> None:
    found = facts("The director resigned on Monday and was replaced by his deputy on Tuesday.")
    assert found == ["The director resigned on Monday", "was replaced by his deputy on Tuesday"]


def test_questions_short_clauses_and_headlines_are_not_facts() -> None:
    assert facts("Will the port reopen before the harvest season ends?") == []
    assert facts("It rained.") == []
    assert facts("The ferry sank.", headline="Ferry sinks off the coast of Marisol with forty passengers aboard") == []


def test_a_dateline_is_not_part_of_the_fact() -> None:
    found = facts("MARISOL, June 2 - The port of Marisol closed on Monday after 3,000 dockworkers walked off the job.")
    assert found == ["The port of Marisol closed on Monday after 3,000 dockworkers walked off the job"]


def test_fact_claims_are_valid_records_with_no_speaker_and_no_cue() -> None:
    found = [c for c in extract(article("The council approved the budget of 40 million pesos on Tuesday."), learned=False) if c.get("kind") == "fact"]
    assert len(found) == 1
    claim = found[0]
    assert claim["speaker"] == {"actor_id": None} and "cue" not in claim
    assert claim["content"]["spans"][0]["field"] == "body"
    assert claim["position"]["field"] == "lede"
    assert list(SchemaSet().errors("claim", claim)) == []


def test_facts_can_be_left_out() -> None:
    text = "The council approved the budget of 40 million pesos on Tuesday."
    assert not [c for c in extract(article(text), learned=False, facts=False) if c.get("kind") == "fact"]


def test_a_title_in_quotation_marks_does_not_make_a_quotation() -> None:
    assert facts('Santorum appeared on CBS\'s "Face the Nation" on Sunday morning.') == ['Santorum appeared on CBS\'s "Face the Nation" on Sunday morning']
    assert facts('The mayor left the hall after "we will never accept this plan" rang out from the crowd.') == []


def test_a_pages_furniture_is_not_a_fact() -> None:
    text = (
        "The Harbour Gazette contributed to this report.\n\nThis article is more than 3 years old.\n\n"
        "You may opt-out of these emails at any time.\n\nThe ferry company cancelled forty crossings on Friday."
    )
    assert facts(text) == ["The ferry company cancelled forty crossings on Friday"]
