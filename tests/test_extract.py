"""Claim extraction: each supported pattern on fictional articles, valid and stable records, the seed's attributions."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

import toolkit.extract as extract_module
from maintainer.train import gold_paragraphs, span_sequences, train
from toolkit.actors.article import ArticleActors, Lookup, describes_person
from toolkit.actors.sources import typed_unnamed
from toolkit.extract import combine, extract, find, one_per_content
from toolkit.extract.features import article_paragraphs, tagged
from toolkit.extract.learned import _cut, _no_source, _put, _sourceless, cue_lemma, learned_claims, quote_kind
from toolkit.extract.places import Places
from toolkit.extract.rules import Found
from toolkit.extract.speakers import Mention
from toolkit.extract.tokens import tokenize
from toolkit.language.quotes import find_quotes
from toolkit.language.segments import Sentence, field_paragraphs, sentences
from toolkit.records import evidence, paragraphs, write_jsonl
from toolkit.score import match
from toolkit.validate.record import record_problems

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_e6e052abecc23e78"
ACTORS = {
    "vera-lind": {"type": "actor", "id": "vera-lind", "name": "Vera Lind", "actor_type": "person", "aliases": ["Lind"]},
    "tomas-brek": {"type": "actor", "id": "tomas-brek", "name": "Tomas Brek", "actor_type": "person"},
    "norvian-government": {"type": "actor", "id": "norvian-government", "name": "Norvian government", "actor_type": "government", "aliases": ["Castelmar"]},
}
# The seed's attributions found now (content overlap at least half of the shorter): a change may raise it, not lower it.
SEED_FLOOR = 12


def article(body: str, headline: str = "Fictional Headline") -> dict[str, Any]:
    """A minimal article record of the fictional outlet."""
    return {"id": "art_0000000000000000", "outlet_id": "the-daily-lantern", "headline": headline, "text": body, "paragraphs": paragraphs(body)}


def claims_of(body: str, headline: str = "Fictional Headline", learned: bool = False) -> list[dict[str, Any]]:
    """The attributions the rules (and, when `learned`, the taggers) find in a fictional article, each checked valid with its
    spans (facts in the outlet's own voice are tested in tests/test_facts.py)."""
    record = article(body, headline)
    found = [r for r in extract(record, ACTORS, learned=learned) if r["type"] == "claim" and r["kind"] != "fact"]
    for claim in found:
        assert record_problems(claim, {"body": body, "headline": headline}) == []
    return found


def only(found: list[dict[str, Any]], content: str) -> dict[str, Any]:
    """The one claim whose content is the given text."""
    matching = [c for c in found if c["content"]["text"] == content]
    assert len(matching) == 1, [c["content"]["text"] for c in found]
    return matching[0]


PATTERNS = [
    ('"The harbour will reopen in May," Vera Lind said.', '"The harbour will reopen in May,"', "Vera Lind", "direct_quote"),
    ("“The harbour will reopen in May,” said Vera Lind, the port director.", "“The harbour will reopen in May,”", "Vera Lind", "direct_quote"),
    ("”The harbour will reopen in May…” Lind remarked at a briefing.", "”The harbour will reopen in May…”", "Lind", "direct_quote"),
    ("Tomas Brek told reporters: “We will not sign the treaty.”", "“We will not sign the treaty.”", "Tomas Brek", "direct_quote"),
    ("''We will not sign the treaty,'' Tomas Brek said.", "''We will not sign the treaty,''", "Tomas Brek", "direct_quote"),
    ("Vera Lind has stated that the port must stay open all winter.", "that the port must stay open all winter", "Vera Lind", "indirect"),
    ("Lind, who chairs the harbour board, has emphasized the need for new cranes at the quay.", "the need for new cranes at the quay", "Lind", "indirect"),
    ("Castelmar has issued warnings that any blockade would be met with force.", "that any blockade would be met with force", "Castelmar", "indirect"),
    ("The port must stay open all winter, according to Vera Lind.", "The port must stay open all winter", "Vera Lind", "indirect"),
    ("According to Tomas Brek, the treaty is dead.", "the treaty is dead", "Tomas Brek", "indirect"),
    ("Tomas Brek expressed concerns about a “harbour panic” in the capital.", "“harbour panic”", "Tomas Brek", "partial_quote"),
    ("Castelmar views the dispute as part of a wider trade war.", "the dispute as part of a wider trade war", "Castelmar", "belief"),
    ("The fishing fleet will grow next year, Vera Lind said on Monday.", "The fishing fleet will grow next year", "Vera Lind", "indirect"),
    ("Vera Lind said the tolls were “far too high” for small boats.", "the tolls were “far too high” for small boats", "Vera Lind", "mixed"),
]


@pytest.mark.parametrize("body, content, mention, kind", PATTERNS)
def test_pattern(body: str, content: str, mention: str, kind: str) -> None:
    claim = only(claims_of(body), content)
    assert claim["speaker"]["mention"]["text"] == mention
    assert claim["kind"] == kind
    assert claim["provenance"] == {"method": "rules", "tool": "parallax extract", "tool_version": claim["provenance"]["tool_version"]}


def test_actor_by_name_alias_and_pronoun() -> None:
    body = "Vera Lind opened the quay.\n\n“We are ready for the season,” she said.\n\nCastelmar said the quay was built without a permit."
    found = claims_of(body)
    assert only(found, "“We are ready for the season,”")["speaker"]["actor_id"] == "vera-lind"
    assert only(found, "the quay was built without a permit")["speaker"]["actor_id"] == "norvian-government"


def test_description_resolves_to_the_person() -> None:
    body = "Vera Lind opened the quay on Monday.\n\nThe harbour's new director said the fees will fall.\n\nA senior official said the fees will rise."
    found = claims_of(body, learned=True)
    assert only(found, "the fees will fall")["speaker"]["actor_id"] == "vera-lind"
    # An indefinite description is someone unnamed, not the last person named: an anonymous source.
    assert only(found, "the fees will rise")["speaker"]["actor_id"] == "anonymous-source"
    # In a headline, the person the body names most; the place named inside the description is not the speaker.
    headline = "Castelmar Harbour Director Promises Lower Fees"
    assert resolved(body, headline, (0, 26)) == "vera-lind"
    assert resolved("", headline, (0, 26)) is None
    assert resolved(body, "Castelmar Promises Lower Fees", (0, 9)) == "norvian-government"


def resolved(body: str, headline: str, span: tuple[int, int]) -> str | None:
    """The actor of a headline mention of a fictional article, against the registry of these tests."""
    return ArticleActors(article(body, headline), Lookup.of(ACTORS)).resolve("headline", *span, [], typed_unnamed)[0]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("the Dutch PM", True), ("Likely Next NATO Chief", True), ("a senior official", False), ("NATO leaders", False), ("Chief", False)],
)
def test_describes_person(surface: str, expected: bool) -> None:
    assert describes_person(re.findall(r"[\w’'-]+", surface)) is expected


def test_a_surname_is_the_person_of_the_text_who_bears_it_before_the_registry_actor() -> None:
    def speaker(text: str, name: str = "Brek") -> str | None:
        at = text.rindex(name)
        return ArticleActors(article(text), Lookup.of(ACTORS)).resolve("body", at, at + len(name), [], typed_unnamed)[0]

    ada = "Ada Brek, the ferry captain, spoke first. Later Brek said the quay was unsafe."
    assert speaker(ada) == "ada-brek"  # Ada Brek, not Tomas Brek, the registry's only Brek
    assert speaker(ada, "Ada Brek") == "ada-brek"
    assert speaker(ada.replace("Later Brek said", "Later he said"), "he") is None  # nor is 'he' after her
    both = "Tomas Brek met Ada Brek. Mr. Brek spoke. Brek said the quay was unsafe."
    assert speaker(both) == "tomas-brek"  # Tomas Brek twice (once as Mr. Brek) against Ada Brek once
    assert speaker("Ada Brek spoke first. Mrs. Brek left. Brek said the quay was unsafe.") == "ada-brek"
    assert speaker("But Brek said the quay was unsafe. WATCH Brek speak.") == "tomas-brek"  # no other Brek named
    # a surname the registry lists as an alias stands for its actor whoever else bears it
    assert speaker("Ada Lind, the ferry captain, spoke first. Later Lind said the quay was unsafe.", "Lind") == "vera-lind"


def test_no_registry_discovers_the_actor() -> None:
    found = extract(article("Vera Lind said the port must stay open all winter."))
    assert [c["speaker"]["actor_id"] for c in found if c["type"] == "claim"] == ["vera-lind"]
    actors = [r for r in found if r["type"] == "actor"]
    assert [(a["id"], a["name"], a["actor_type"], a["provenance"]["method"]) for a in actors] == [("vera-lind", "Vera Lind", "person", "rules")]


def test_participle_cue_takes_the_quote_speaker() -> None:
    body = "“The tolls will stay,” Lind said, adding that “the fleet can afford them.”"
    found = claims_of(body)
    claim = only(found, "that “the fleet can afford them.”")
    assert (claim["speaker"]["mention"]["text"], claim["cue"]["lemma"], claim["kind"]) == ("Lind", "add", "direct_quote")


def test_quote_over_paragraphs() -> None:
    body = "Tomas Brek said:\n\n“The treaty is dead.\n\n“We will write a new one,” he added."
    found = claims_of(body)
    quote = next(c for c in found if c["kind"] == "direct_quote")
    assert [s["exact"] for s in quote["content"]["spans"]] == ["“The treaty is dead.", "“We will write a new one,”"]


def test_quote_without_a_frame_goes_to_the_previous_speaker() -> None:
    body = "“The quay is finished,” Vera Lind said.\n\n“Nobody believed we could do it in a year.”"
    claim = only(claims_of(body), "“Nobody believed we could do it in a year.”")
    assert (claim["speaker"]["actor_id"], claim["kind"]) == ("vera-lind", "direct_quote")


def test_relayed_report_is_an_intermediary() -> None:
    body = "Tomas Brek confirmed that the treaty talks had collapsed, as reported by the Harbour Courier."
    claim = only(claims_of(body), "that the treaty talks had collapsed")
    assert claim["intermediary"][0]["cue"] == "as reported by"
    assert claim["intermediary"][0]["mention"]["text"] == "the Harbour Courier"


def test_narrator_hedges() -> None:
    body = "Lind is widely seen as the favourite, having reportedly won the support of the fishing guild."
    found = claims_of(body)
    narrator = [c for c in found if c["kind"] == "narrator"]
    assert {c["cue"]["text"] for c in narrator} == {"is widely seen as", "reportedly"}
    assert all("mention" not in c["speaker"] and c["speaker"]["actor_id"] is None for c in narrator)


def test_cue_lemma_class_and_position() -> None:
    body = "The quay opened.\n\nTomas Brek admitted that the cranes arrived late."
    claim = only(claims_of(body), "that the cranes arrived late")
    assert claim["cue"]["text"] == "admitted"
    assert (claim["cue"]["lemma"], claim["cue"]["verb_class"]) == ("admit", "factive")
    assert claim["position"] == {"field": "body", "paragraph": 1, "sentence": 0}


def test_headline_claim() -> None:
    found = claims_of("The quay opened.", headline="Lind Says Harbour Will Reopen in May")
    claim = only(found, "Harbour Will Reopen in May")
    assert (claim["speaker"]["mention"]["text"], claim["cue"]["lemma"], claim["position"]["field"]) == ("Lind", "say", "headline")
    found = claims_of("The quay opened.", headline="Lind says the harbour will reopen in May")
    claim = only(found, "the harbour will reopen in May")
    assert claim["position"]["field"] == "headline" and claim["content"]["spans"][0]["field"] == "headline"


def _reading(cue: str, lemma: str, mention: tuple[int, int] = (60, 64)) -> dict[str, Any]:
    """A claim record reduced to what tells claims apart: content spans, speaker mention spans, cue."""
    span = {"field": "body", "start": 0, "end": 58}
    speaker = {"actor_id": "vera-lind", "mention": {"text": "Lind", "spans": [{"field": "body", "start": mention[0], "end": mention[1]}]}}
    content, cued = {"text": "x", "spans": [span]}, {"text": cue, "lemma": lemma}
    return {"type": "claim", "id": f"clm_{lemma}", "article_id": "art_0000000000000000", "speaker": speaker, "content": content, "cue": cued}


def test_one_claim_per_content_and_speaker() -> None:
    stray, said, told = _reading("Wednesday", "wednesday"), _reading("said", "say"), _reading("told", "tell")
    # a second cue read for one content and speaker is one claim, as parallax validate counts them (dup.content)
    assert [c["id"] for c in one_per_content([stray, said])] == ["clm_say"]  # a lexicon cue stands over a stray word
    assert [c["id"] for c in one_per_content([said, stray])] == ["clm_say"]
    assert [c["id"] for c in one_per_content([said, told])] == ["clm_say"]  # both known: the first stands
    other = _reading("said", "say", mention=(70, 75))
    assert [c["id"] for c in one_per_content([said, other])] == ["clm_say", "clm_say"]  # two speakers, two claims


def test_deterministic() -> None:
    body = "“The tolls will stay,” Lind said.\n\nCastelmar views the dispute as part of a wider trade war."
    assert extract(article(body), ACTORS) == extract(article(body), ACTORS)
    assert len({c["id"] for c in extract(article(body), ACTORS)}) == len(extract(article(body), ACTORS))


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Content spans overlap by at least half of the shorter content."""
    spans_a, spans_b = a["content"]["spans"], b["content"]["spans"]
    shared = sum(max(0, min(x["end"], y["end"]) - max(x["start"], y["start"])) for x in spans_a for y in spans_b if x["field"] == y["field"])
    shorter = min(sum(x["end"] - x["start"] for x in spans_a), sum(y["end"] - y["start"] for y in spans_b))
    return shared > 0 and 2 * shared >= shorter


def test_seed_attributions() -> None:
    seed = _records(ROOT / "data" / "articles" / f"{SEED}.jsonl")[0]
    gold = _records(ROOT / "data" / "claims" / f"{SEED}.jsonl")
    actors = {a["id"]: a for a in _records(ROOT / "data" / "actors.jsonl")}
    records = extract(seed, actors)
    for claim in (r for r in records if r["type"] == "claim"):
        assert record_problems(claim, {"body": seed["text"], "headline": seed["headline"]}) == []
    found = [r for r in records if r["type"] == "claim" and r["kind"] != "fact"]
    facts = [r for r in records if r["type"] == "claim" and r["kind"] == "fact"]
    assert facts and not any(_overlaps(f, g) for f in facts for g in gold)  # no fact takes the words of an annotated attribution
    # the one entity a claim names that the registry does not hold: the agency relaying Stubb's words
    assert [(r["id"], r["actor_type"]) for r in records if r["type"] == "actor"] == [("reuters", "media")]
    matched = [(g, next((c for c in found if _overlaps(c, g)), None)) for g in gold]
    hits = [(g, c) for g, c in matched if c is not None]
    assert len(hits) >= SEED_FLOOR
    assert all(c["speaker"]["actor_id"] == g["speaker"]["actor_id"] for g, c in hits)
    # 'Russia views the conflict as ...' is a belief here where the seed says indirect; every other kind agrees.
    assert [g["cue"]["text"] for g, c in hits if c["kind"] != g["kind"]] == ["views"]
    # Beyond the twelve: the outlet's own hedges, as narrator claims ('is widely seen as', 'reportedly secured'), and two
    # stances the seed leaves out: Hungary 'have consistently opposed the bloc's stance' and Russia 'citing NATO's expanding
    # military presence'. Two are the taggers' errors, kept here so that a change in them shows: 'Rutte, who is considered
    # the frontrunner' (a belief of unnamed people, given to 'who'), and 'the selection ... requires “consensus,”' (a rule of
    # procedure, no attribution). And the headline's own claim, which the seed's annotator left out: 'Likely Next NATO Chief
    # Calls for Dialogue with Russia' renders Rutte's position, its speaker named by a description of him.
    extra = [c for c in found if not any(_overlaps(c, g) for g in gold)]
    cues = ["Calls for", "citing", "have consistently opposed", "is considered", "is widely seen as", "reportedly", "requires"]
    assert sorted(c["cue"]["text"] for c in extra) == cues
    # And no second claim on an annotated content: the relay 'as reported by Reuters' is not a claim of its own beside
    # Stubb's confirmation of the same words.
    paired = {id(c) for _, c in match(gold, found)}
    assert [c["cue"]["text"] for c in found if id(c) not in paired and c not in extra] == []
    assert [c["kind"] for c in extra if c["cue"]["text"] in {"is widely seen as", "reportedly"}] == ["narrator", "narrator"]
    stances = {c["cue"]["text"]: c["speaker"]["actor_id"] for c in extra if c["cue"]["text"] in {"citing", "have consistently opposed"}}
    assert stances == {"citing": "russian-government", "have consistently opposed": "hungary"}
    headline = [c for c in extra if c["position"]["field"] == "headline"]
    assert [(c["speaker"]["mention"]["text"], c["speaker"]["actor_id"], c["content"]["text"]) for c in headline] == [
        ("Next NATO Chief", "mark-rutte", "Dialogue with Russia")  # the tagger leaves the hedge 'Likely' out of the mention
    ]


MORE_PATTERNS = [
    # content bounds as PolNeAR draws them: quotation marks and the 'that' of reported speech inside
    ("Vera Lind said that the quay will close.", "that the quay will close", "Vera Lind", "said"),
    # a comma-framed speaker after the content, with a leading phrase of the narrator's
    ("In nearby Castelmar, the cannery is hanging on, said its owner, Tomas Brek.", "In nearby Castelmar, the cannery is hanging on", "its owner", "said"),
    # a frame set off by commas inside the content
    ("The cannery found no buyer, he said, on condition of anonymity.", "The cannery found no buyer", "he", "said"),
    # a speaker with a parenthesis, and a quantifier standing alone as speaker
    ("Sen. Vera Lind (L-Norvia) said the port will close.", "the port will close", "Sen. Vera Lind (L-Norvia)", "said"),
    ("Some said the tolls were fair.", "the tolls were fair", "Some", "said"),
    # a group speaker narrowed by an appositive
    (
        "Several harbour towns, particularly Castelmar, have argued that the tolls are unfair.",
        "that the tolls are unfair",
        "Several harbour towns, particularly Castelmar",
        "argued",
    ),
    # polls and documents as sources
    ("A new Harbour Courier poll shows Tomas Brek far ahead of his rivals.", "Tomas Brek far ahead of his rivals", "A new Harbour Courier poll", "shows"),
    (
        "The port authority's report found that the cranes were never inspected.",
        "that the cranes were never inspected",
        "The port authority's report",
        "found",
    ),
    # want/plan with an infinitive, support/endorse with an object, citing and referring to
    ("Tomas Brek wants to close the harbour for the winter.", "to close the harbour for the winter", "Tomas Brek", "wants"),
    ("Castelmar plans to build a second quay next year.", "to build a second quay next year", "Castelmar", "plans"),
    ("The fishing guild endorsed Vera Lind for the harbour board.", "Vera Lind for the harbour board", "The fishing guild", "endorsed"),
    ("Tomas Brek called Vera Lind “a danger to the fleet.”", "Vera Lind “a danger to the fleet.”", "Tomas Brek", "called"),
    ("Lind called on the guild to accept the tolls.", "the guild to accept the tolls", "Lind", "called on"),
    ("Vera Lind has spoken at length, referring to the storm damage at the quay.", "the storm damage at the quay", "Vera Lind", "referring to"),
]


@pytest.mark.parametrize("body, content, mention, cue", MORE_PATTERNS)
def test_more_patterns(body: str, content: str, mention: str, cue: str) -> None:
    claim = only(claims_of(body), content)
    assert (claim["speaker"]["mention"]["text"], claim["cue"]["text"]) == (mention, cue)


def test_quotation_going_on_after_its_frame_is_one_claim() -> None:
    body = "“The quay is finished,” Lind said. “Nobody believed we could do it.”\n\nThe guild met."
    claim = only(claims_of(body), "“The quay is finished,” “Nobody believed we could do it.”")
    assert [s["exact"] for s in claim["content"]["spans"]] == ["“The quay is finished,”", "“Nobody believed we could do it.”"]
    assert claim["speaker"]["mention"]["text"] == "Lind"
    # a second quotation with a cue of its own stays a claim of its own
    found = claims_of("“The tolls will stay,” Lind said, adding that “the fleet can afford them.”")
    assert len([c for c in found if c["kind"] == "direct_quote"]) == 2


def test_colon_attribution() -> None:
    found = claims_of("The quay opened.\n\nBrek: We will not sign the treaty.\n\nUPDATE: The quay closed again.", headline="Lind: Harbour Will Reopen in May")
    assert only(found, "Harbour Will Reopen in May")["speaker"]["mention"]["text"] == "Lind"
    claim = only(found, "We will not sign the treaty")
    assert (claim["speaker"]["actor_id"], claim["cue"]["text"]) == ("tomas-brek", ":")
    assert [c for c in found if "closed again" in c["content"]["text"]] == []


def test_nouns_and_compounds_are_not_cues() -> None:
    body = "The guild gave its support to a so-called harbour tax, and Lind-backed members came back to the quay."
    assert [c["cue"]["text"] for c in claims_of(body)] == []


SPEAKERS_AND_SOURCES = [
    # a second verb of the subject's: the speaker is the clause's subject, not the words before 'and'
    ("Vera Lind praised the new cranes on Thursday and said the quay would open early.", "the quay would open early", "Vera Lind", "said"),
    (
        "A spokesman for the Harbour Guild declined to discuss the tolls but said the fleet would stay.",
        "the fleet would stay",
        "A spokesman for the Harbour Guild",
        "said",
    ),
    # a time or setting phrase between speaker and cue
    ("Tomas Brek last week said the treaty talks had stalled.", "the treaty talks had stalled", "Tomas Brek", "said"),
    ("The fishing guild has in the past said the tolls were too high.", "the tolls were too high", "The fishing guild", "said"),
    ("Vera Lind, in a brief interview on Saturday, said the quay would close.", "the quay would close", "Vera Lind", "said"),
    ("Tomas Brek said Wednesday night that the treaty was dead.", "that the treaty was dead", "Tomas Brek", "said"),
    # a long appositive between a quotation and its cue, and a setting phrase closing the frame
    (
        "“Reject this harbour tax,” Vera Lind, the director of the Castelmar Harbour Board and a former guild secretary, said in a statement.",
        "“Reject this harbour tax,”",
        "Vera Lind",
        "said",
    ),
    # lowercase sources after 'according to', also after an opener; polls heading or closing a sentence
    (
        "In addition, according to the port authority, the cranes were never inspected.",
        "the cranes were never inspected",
        "the port authority",
        "according to",
    ),
    (
        "The guild lost half its members in a decade, according to people in attendance.",
        "The guild lost half its members in a decade",
        "people in attendance",
        "according to",
    ),
    ("In a Harbour Courier poll last month, Tomas Brek had a ten-point lead.", "Tomas Brek had a ten-point lead", "a Harbour Courier poll", "In"),
    (
        "Vera Lind is ahead of every rival in the latest Harbour Courier survey.",
        "Vera Lind is ahead of every rival",
        "the latest Harbour Courier survey",
        "in",
    ),
]


@pytest.mark.parametrize("body, content, mention, cue", SPEAKERS_AND_SOURCES)
def test_speakers_and_sources(body: str, content: str, mention: str, cue: str) -> None:
    claim = only(claims_of(body), content)
    assert (claim["speaker"]["mention"]["text"], claim["cue"]["text"]) == (mention, cue)


def test_question_put_to_a_speaker_has_no_named_asker() -> None:
    found = claims_of("Asked Tuesday whether the ferry would run, Lind said the crews were ready.")
    question = only(found, "whether the ferry would run")
    assert (question["cue"]["text"], question["cue"]["lemma"], "mention" in question["speaker"]) == ("Asked", "ask", False)
    assert only(found, "the crews were ready")["speaker"]["mention"]["text"] == "Lind"
    assert only(claims_of("When asked about the tolls, he said: “They stay.”"), "about the tolls")["speaker"]["actor_id"] is None


def test_quotation_after_a_long_frame_goes_on() -> None:
    body = (
        "“The quay is finished,” said Vera Lind, the port director, who led the guild from 2010 to 2014 and again since 2019."
        " “Nobody believed we could do it.”\n\n“The tolls stay,” Lind said, adding that the fleet can pay. “The guild agrees.”"
    )
    found = claims_of(body)
    claim = only(found, "“The quay is finished,” “Nobody believed we could do it.”")
    assert claim["speaker"]["mention"]["text"] == "Vera Lind"
    assert only(found, "“The tolls stay,” “The guild agrees.”")["speaker"]["actor_id"] == "vera-lind"
    assert only(found, "that the fleet can pay")["speaker"]["mention"]["text"] == "Lind"
    # another voice between the two quotations keeps them apart
    apart = claims_of("“The quay is finished,” Lind said. Brek disagreed with her. “It is not finished at all.”")
    assert only(apart, "“The quay is finished,”")["content"]["spans"][0]["exact"] == "“The quay is finished,”"


def test_content_bounds_of_hedges_and_turns() -> None:
    found = claims_of("Lind seems to want a second quay. Brek said the tolls were fair, but the guild disagreed.")
    hedge = only(found, "Lind to want a second quay")
    assert (hedge["cue"]["text"], [s["exact"] for s in hedge["content"]["spans"]]) == ("seems", ["Lind", "to want a second quay"])
    assert only(found, "the tolls were fair")["speaker"]["mention"]["text"] == "Brek"


BOUNDS = [
    # a finite clause without 'that' after a cue that otherwise needs it
    ("Vera Lind suggested Brek was being hypocritical about the tolls.", "Brek was being hypocritical about the tolls", "Vera Lind", "suggested"),
    ("Lind, in her campaigning, suggested she’ll turn to the guild for advice.", "she’ll turn to the guild for advice", "Lind", "suggested"),
    # a poll's polling, a video or a review speaks without 'that'
    ("National polling shows Brek closing the gap on Lind.", "Brek closing the gap on Lind", "National polling", "shows"),
    ("A video of the quay showed dockers crouched over broken crates.", "dockers crouched over broken crates", "A video of the quay", "showed"),
    # 'as X noted, CONTENT'
    (
        "As the Harbour Courier noted in an editorial Thursday, the leading candidate has earned fans abroad.",
        "the leading candidate has earned fans abroad",
        "the Harbour Courier",
        "noted",
    ),
    ("The guild is wary, and as Lind noted, dockers could still lose their permits.", "dockers could still lose their permits", "Lind", "noted"),
    # asides with a quoted title, dashes or a place's commas between the speaker and the cue
    ('Brek, the author of "Salt Roads," about the harbour trade, said the old routes are gone.', "the old routes are gone", "Brek", "said"),
    (
        "A former harbour master -- Tomas Brek, who lost the 2019 vote -- said the board offered no changes.",
        "the board offered no changes",
        "A former harbour master",
        "said",
    ),
    (
        "Many dockers at the quay — including welders, pilots and crane drivers — said the new tolls are unfair.",
        "the new tolls are unfair",
        "the quay",
        "said",
    ),
    ("Lind, during a visit to Arlon, Vestria, said the plant would stay open for years.", "the plant would stay open for years", "Lind", "said"),
    # number subjects
    ("And six in 10 said the port authority was doing a poor job.", "the port authority was doing a poor job", "six in 10", "said"),
    ("Six in 10 dockers said Lind is honest, and three-quarters said the same of Brek.", "the same of Brek", "three-quarters", "said"),
    ("Nearly half said the harbour should stay open all winter.", "the harbour should stay open all winter", "Nearly half", "said"),
    # an opener, then the frame, then the content: 'In both cases, X said, CONTENT'
    (
        'In both cases, Tomas Brek said, the donations paid for "sponsorships" at the regatta.',
        'the donations paid for "sponsorships" at the regatta',
        "Tomas Brek",
        "said",
    ),
    # the hearer after 'to' is no part of the content; a no-break space neither
    ("Tomas Brek wrote to Mrs. Lind about a visit to Arlon by the prince.", "a visit to Arlon by the prince", "Tomas Brek", "wrote"),
    ("Vera Lind explained to Lantern Radio why the quay was chosen.", "why the quay was chosen", "Vera Lind", "explained"),
    ("Brek claimed\xa0Lind was “the founder” of the guild.", "Lind was “the founder” of the guild", "Brek", "claimed"),
]


@pytest.mark.parametrize("body, content, mention, cue", BOUNDS)
def test_speaker_cue_and_content_bounds(body: str, content: str, mention: str, cue: str) -> None:
    claim = only(claims_of(body), content)
    assert (claim["speaker"]["mention"]["text"], claim["cue"]["text"]) == (mention, cue)


# What the taggers (trained on PolNeAR) miss among the patterns above, the rules' attribution lost to theirs, kept here so
# that a change in them shows. None now: after a dashed aside ('-- Tomas Brek, who lost the 2019 vote -- said the board
# offered no changes') the cue tagger still takes 'offered' for a cue, but the span tagger, trained on such runs inside
# a content, gives it none and gives 'said' its clause.
TAGGER_MISSES: set[str] = set()


def _found_with(found: list[dict[str, Any]], body: str, content: str, mention: str) -> bool:
    """Whether a claim's content overlaps `content` by half of the shorter and its speaker's mention overlaps `mention`."""
    start, end = body.index(content), body.index(content) + len(content)
    for claim in found:
        shared = sum(max(0, min(end, s["end"]) - max(start, s["start"])) for s in claim["content"]["spans"])
        words = (claim["speaker"].get("mention") or {}).get("text") or ""
        half = shared and 2 * shared >= min(end - start, sum(s["end"] - s["start"] for s in claim["content"]["spans"]))
        if half and words and (mention in words or words in mention):
            return True
    return False


@pytest.mark.parametrize("body, content, mention", [case[:3] for case in PATTERNS + MORE_PATTERNS + SPEAKERS_AND_SOURCES + BOUNDS])
def test_taggers_and_rules_together_find_the_patterns(body: str, content: str, mention: str) -> None:
    found = claims_of(body, learned=True)
    assert _found_with(found, body, content, mention) != (body in TAGGER_MISSES)


def test_taggers_claims_are_the_models() -> None:
    claim = only(claims_of("Tomas Brek said the tolls would rise next spring.", learned=True), "the tolls would rise next spring")
    assert claim["provenance"]["method"] == "model"
    assert (claim["cue"]["text"], claim["cue"]["lemma"], claim["cue"]["verb_class"], claim["kind"]) == ("said", "say", "neutral_report", "indirect")
    assert claim["speaker"]["actor_id"] == "tomas-brek"


def _found(kind: str, content: tuple[int, int], cue: tuple[int, int], mention: Mention | None = None, method: str = "rules") -> Found:
    return Found(kind, "body", [content], Sentence("body", 0, 0, 0, 200), cue, "say", "neutral_report", mention, method=method)


def test_combine_keeps_the_taggers_first_and_the_rules_they_lack() -> None:
    model = _found("indirect", (30, 60), (20, 24), method="model")
    same_cue = _found("indirect", (25, 60), (20, 24), Mention(0, 10))
    other = _found("indirect", (100, 140), (90, 94), Mention(80, 88))
    overlapping = _found("indirect", (35, 58), (70, 74), Mention(62, 68))
    chosen = combine([model], [same_cue, other, overlapping])
    assert [(c.method, c.content) for c in chosen] == [("model", [(30, 60)]), ("rules", [(100, 140)])]
    assert chosen[0].mention == Mention(0, 10)  # the rules' speaker where the taggers found none
    hedge = _found("narrator", (30, 60), (20, 24))
    assert combine([_found("belief", (30, 60), (20, 24), method="model")], [hedge]) == [hedge]
    # 'managed to', 'failed to': the rules' implicatives stand only where the taggers share them.
    assert combine([], [dataclasses.replace(other, lemma="manage", verb_class="implicative")]) == []


class _EveryPlace(Places):
    """Places that find every attribution of a field wherever it lies: what reading every pair reads."""

    def near(self, field: str, span: tuple[int, int] | None) -> list[int]:
        everyone = [entry[2] for entry in self.entries.get(field, [])] + self.anywhere.get(field, [])
        return sorted(everyone) if span is not None else []


def test_combine_finds_the_overlaps_that_reading_every_pair_finds() -> None:
    chance = random.Random(11)

    def one(method: str) -> Found:
        start = chance.randrange(0, 900)
        content = [(start, start + chance.randrange(1, 120))]
        if chance.random() < 0.2:
            content.append((content[0][1] + 2, content[0][1] + 2 + chance.randrange(1, 60)))
        cue_at = chance.randrange(0, 950)
        cue = (cue_at, cue_at + chance.randrange(0, 8)) if chance.random() < 0.85 else None
        kind = chance.choice(["indirect", "direct_quote", "partial_quote", "narrator", "belief"])
        field = "headline" if chance.random() < 0.1 else "body"
        lemma = chance.choice(["say", "claim", "fail"])
        return Found(kind, field, content, Sentence(field, 0, 0, 0, 1000), cue, lemma, "neutral_report", None, method=method)

    for _ in range(30):
        learned = [one("model") for _ in range(chance.randrange(0, 25))]
        rules = [one("rules") for _ in range(chance.randrange(0, 25))]
        indexed = combine(learned, rules)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(extract_module, "Places", _EveryPlace)
            assert indexed == combine(learned, rules)


def test_each_sentence_is_tagged_with_its_own_rules_and_the_quotations_it_touches() -> None:
    # A quotation running over three paragraphs, cues in most sentences, a paragraph without any: each sentence's
    # features are those it gets when every rule and every quotation of the field is set against it.
    body = (
        "Mayor Ines Varga said the ferry would run. “The tolls will rise,” she told reporters.\n\n"
        "“We will not wait for the council,\n\n“nor for the port.\n\n“Not this year,” she added. Tomas Brek disagreed.\n\n"
        "No one else spoke. The harbor was quiet.\n\nBrek said the council would meet, officials said."
    )
    record = article(body, "Varga says “tolls will rise”")
    rules = find(record)
    reference = []
    for field in ("headline", "body"):
        text = str(record["headline"] if field == "headline" else record["text"])
        quotes = find_quotes(text, [(a, b) for f, _, a, b in field_paragraphs(record) if f == field], field)
        grouped: dict[int, list[Any]] = {}
        for sentence in (s for s in sentences(record) if s.field == field):
            grouped.setdefault(sentence.paragraph, []).append(tagged(text, sentence, quotes, rules))
        reference += list(grouped.values())
    found = [items for _field, _text, items, _quotes in article_paragraphs(record, rules)]
    assert found == reference
    assert sum(bool(item.ruled) for items in found for item in items) >= 4


def test_combine_borrows_no_speaker_for_a_cue_that_names_none() -> None:
    asked = dataclasses.replace(_found("indirect", (30, 60), (20, 24), method="model"), sourceless=True)
    ruled = _found("indirect", (30, 60), (20, 24), Mention(0, 10))
    assert combine([asked], [ruled])[0].mention is None


def test_a_quotation_going_on_after_its_frame_is_one_claim_of_two_spans() -> None:
    # '“A,” Lind said. “B.”': the models read the first sentence, the rules carry the quotation on.
    model = _found("direct_quote", (0, 30), (32, 36), Mention(37, 41), method="model")
    ruled = dataclasses.replace(_found("direct_quote", (0, 30), (32, 36), Mention(37, 41)), content=[(0, 30), (44, 80)])
    assert combine([model], [ruled])[0].content == [(0, 30), (44, 80)]
    # A quotation the rules give no cue, opening the next sentence of the paragraph, goes on the claim before it.
    first = _found("direct_quote", (0, 30), (32, 36), Mention(37, 41), method="model")
    alone = Found("direct_quote", "body", [(44, 80)], Sentence("body", 0, 1, 44, 80), mention=Mention(37, 41))
    chosen = combine([first], [alone])
    assert [c.content for c in chosen] == [[(0, 30), (44, 80)]]
    # Not across paragraphs, and not when the quotation has a cue of its own.
    elsewhere = dataclasses.replace(alone, sentence=Sentence("body", 1, 0, 44, 80))
    assert len(combine([first], [elsewhere])) == 2
    framed = dataclasses.replace(alone, cue=(81, 85))
    assert len(combine([first], [framed])) == 2


def test_a_quoted_number_is_markup_not_a_quotation() -> None:
    body = 'Lind posted <tweet id="123456789"> on the tolls.'
    assert find_quotes(body, [(0, len(body))]) == []


@pytest.mark.parametrize(
    "text, cue, sourceless",
    [
        ("The toll is widely considered a mistake.", "is widely considered", True),
        ("The tolls have been deemed fair.", "have been deemed", True),
        ("Lind seemed to agree.", "seemed", True),
        ("The harbour is known for its tolls.", "is known for", True),  # a participle not in -ed
        ("Lind has also been mentioned as a candidate.", "mentioned", True),  # the auxiliary before the cue
        ("Lind was once asked about the tolls.", "asked about", True),
        ("The plan was praised by Lind.", "was praised by", False),  # the agent speaks
        ("The fishers are convinced the tolls will rise.", "are convinced", False),  # who is convinced holds the view
        ("The plan was announced and Lind said it works.", "said", False),  # an auxiliary of another verb
        ("Lind has emphasized the cost.", "has emphasized", False),
    ],
)
def test_passive_and_seeming_cues_name_no_source(text: str, cue: str, sourceless: bool) -> None:
    start = text.index(cue)
    assert _sourceless(text, (start, start + len(cue))) is sourceless


def test_a_cue_whose_agent_follows_it_names_that_agent() -> None:
    text = "The warning was echoed by Mayor Lind. The warning was echoed widely. Asked by Lind, the pilots said no."
    cues = [(text.index(cue), text.index(cue) + len(cue)) for cue in ("was echoed by", "was echoed widely", "Asked")]
    cues[0] = (cues[0][0], cues[0][1] - 3)  # 'was echoed', its agent after it
    starts = [0, text.index("The warning was echoed widely"), text.index("Asked")]
    assert [_no_source(text, cue, start) for cue, start in zip(cues, starts, strict=True)] == [False, True, False]


def test_a_question_put_to_the_speaker_names_no_source() -> None:
    text = "Asked about the tolls, Lind said they would stay. Lind said so when asked. Lind asked whether they would stay."
    cues = [(text.index(cue), text.index(cue) + 5) for cue in ("Asked", "asked.", "asked whether")]
    starts = [0, text.index("Lind said so"), text.index("Lind asked")]
    assert [_put(text, cue, start) for cue, start in zip(cues, starts, strict=True)] == [True, True, False]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Lind said the tolls stay.", "indirect"),
        ("“The tolls stay, and so do the fees,”", "direct_quote"),
        ("that “the tolls stay for now.”", "direct_quote"),
        ("a “harbour panic”", "mixed"),
        ("“harbour panic”", "partial_quote"),
        ("the tolls were “far too high” for small boats", "mixed"),
    ],
)
def test_quote_kind(text: str, kind: str) -> None:
    assert quote_kind(text, [(0, len(text))]) == kind


def test_cue_lemma() -> None:
    assert [cue_lemma(c) for c in ["has stated", "Said", "according to", "lashed out at"]] == ["state", "say", "according to", "lashed out at"]


def _gold_paragraph(tmp_path: Path, body: str, cue: str, source: str, content: str) -> Any:
    """The body paragraph of a fictional article with one gold claim, ready for `span_sequences`."""
    record = article(body) | {"type": "article"}
    claim = {
        "type": "claim",
        "article_id": record["id"],
        "content": evidence(body, [(body.index(content), body.index(content) + len(content))]),
        "cue": evidence(body, [(body.index(cue), body.index(cue) + len(cue))]),
        "speaker": {"mention": evidence(body, [(body.index(source), body.index(source) + len(source))])},
    }
    write_jsonl(tmp_path / "gold" / "articles.jsonl", [record])
    write_jsonl(tmp_path / "gold" / "claims.jsonl", [claim])
    return next(p for p in gold_paragraphs(tmp_path / "gold")[0] if p.field == "body")


def _at(paragraph: Any, index: int, *words: str) -> tuple[int, int]:
    """The [first, last] token indices of consecutive words in sentence `index`."""
    texts = [t.text for t in paragraph.items[index].tokens]
    first = next(i for i in range(len(texts)) if texts[i : i + len(words)] == list(words))
    return first, first + len(words) - 1


def test_span_tagger_learns_from_the_cue_runs_found(tmp_path: Path) -> None:
    body = "Vera Lind vowed to close the quay. Boats waited."
    paragraph = _gold_paragraph(tmp_path, body, "vowed", "Vera Lind", "to close the quay")
    found = [[_at(paragraph, 0, "vowed", "to", "close")], [_at(paragraph, 1, "waited")]]
    [(features, labels)] = list(span_sequences(paragraph, found))  # a run where no gold cue or content stands teaches nothing
    assert labels == ["S", "S", "K", "CB", "C", "C", "CE", "O"]
    # the cue is given as the run found, too long: the tagger learns to read its last words as content
    assert ["r=K" in f for f in features] == [False, False, True, True, True, False, False, False]
    # where no one run stands over the gold cue, the gold cue itself is given
    [(features, labels)] = list(span_sequences(paragraph, [[], []]))
    assert ["r=K" in f for f in features] == [False, False, True, False, False, False, False, False]


def test_span_tagger_learns_to_pass_over_a_cue_word_inside_a_content(tmp_path: Path) -> None:
    body = "Tomas Brek said the plan drew criticism from the guild."
    paragraph = _gold_paragraph(tmp_path, body, "said", "Tomas Brek", "the plan drew criticism from the guild")
    said, criticism = _at(paragraph, 0, "said"), _at(paragraph, 0, "criticism")
    sequences = list(span_sequences(paragraph, [[said, criticism]]))
    assert [labels for _, labels in sequences] == [["S", "S", "K", "CB", "C", "C", "C", "C", "C", "CE", "O"], ["O"] * 11]
    assert "oc" in sequences[0][0][criticism[0]] and "r=K" in sequences[1][0][criticism[0]]


def test_a_content_ends_before_a_cue_that_and_opens() -> None:
    text = "He rails against the wall, and pledges to stand firm."
    tokens = tokenize(text, 0, len(text))
    at = {t.text: i for i, t in enumerate(tokens)}
    content = [(at["the"], at["firm"])]
    assert [text[tokens[a].start : tokens[b].end] for a, b in _cut(tokens, content, [at["pledges"]])] == ["the wall"]
    assert _cut(tokens, content, [at["rails"]]) == content  # a cue outside the content cuts nothing
    assert _cut(tokens, [(at["pledges"], at["firm"])], [at["pledges"]]) == [(at["pledges"], at["firm"])]  # nor one opening it


def test_training_learns_cues_sources_and_contents(tmp_path: Path) -> None:
    names = ["Vera Lind", "Tomas Brek", "The guild", "The port board", "Castelmar", "The mayor"]
    claims_of_ = ["the quay will close", "the tolls are fair", "the ferry runs late", "the cranes are new", "the fleet will grow", "the docks need repair"]
    articles, claims = [], []
    for n, (name, content) in enumerate(zip(names * 3, claims_of_ * 3, strict=True)):
        body = f"The harbour met on Monday. {name} said {content}. Boats waited outside."
        record = article(body) | {"id": f"art_{n:016d}", "type": "article"}
        articles.append(record)
        start = body.index(content)
        cue = body.index(" said ") + 1
        claims.append(
            {
                "type": "claim",
                "article_id": record["id"],
                "content": evidence(body, [(start, start + len(content))]),
                "cue": evidence(body, [(cue, cue + 4)]),
                "speaker": {"mention": evidence(body, [(body.index(name), body.index(name) + len(name))])},
            }
        )
    write_jsonl(tmp_path / "gold" / "articles.jsonl", articles)
    write_jsonl(tmp_path / "gold" / "claims.jsonl", claims)
    counts = train(gold_paragraphs(tmp_path / "gold"), tmp_path / "models", jobs=2)
    assert counts == {"sentences": 72, "spans": 18}  # a headline and three body sentences each; one span sequence per gold cue
    train(gold_paragraphs(tmp_path / "gold"), tmp_path / "alone", jobs=1)
    for name in ("cues.crfsuite", "spans.crfsuite"):  # the same models from one process as from two
        assert (tmp_path / "alone" / name).read_bytes() == (tmp_path / "models" / name).read_bytes()
    body = "The quay opened on Friday. Ilse Varga said the ferry will run again. Gulls circled."
    record = article(body)
    found = learned_claims(record, find(record), str(tmp_path / "models"))
    assert [(body[c.cue[0] : c.cue[1]], body[c.mention.start : c.mention.end], [body[a:b] for a, b in c.content]) for c in found if c.cue and c.mention] == [
        ("said", "Ilse Varga", ["the ferry will run again"])
    ]


def test_the_command_runs_the_extractor_chosen_by_name(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli
    from toolkit.records import read_records

    data = Path(__file__).resolve().parents[1] / "data"
    found = {}
    for name in ("rules", "rules+crf"):
        result = CliRunner().invoke(cli, ["extract", str(data / "articles"), "--out", str(tmp_path / name), "--extractor", name])
        assert result.exit_code == 0, result.output
        found[name] = {(r["provenance"]["method"]) for _p, r in read_records([tmp_path / name / "claims"])}
    assert found["rules"] == {"rules"}
    assert "model" in found["rules+crf"]
    refused = CliRunner().invoke(cli, ["extract", str(data / "articles"), "--out", str(tmp_path / "x"), "--extractor", "spacy"])
    assert refused.exit_code == 2
    unknown = CliRunner().invoke(cli, ["extract", str(data / "articles"), "--out", str(tmp_path / "y"), "--parser", "no_such_pipeline"])
    assert unknown.exit_code == 2 and "--parser" in unknown.output and "no_such_pipeline" in unknown.output
    assert "Traceback" not in unknown.output and not (tmp_path / "y").exists()


def test_training_refuses_a_count_of_processes_below_one(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from maintainer import train as training

    monkeypatch.setattr("sys.argv", ["train", "--jobs", "0"])
    with pytest.raises(SystemExit) as stopped:
        training.main()
    assert stopped.value.code == 2
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err
