"""Who is who inside one article (toolkit.actors.names, toolkit.actors.article), on fictional text."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.actors.article import ArticleActors, Lookup, Prior, resolve_claims
from toolkit.actors.names import country, gender, kind, names, seat, surname
from toolkit.actors.sources import typed_unnamed
from toolkit.records import paragraphs


def article(body: str, headline: str = "Fictional Headline") -> dict[str, Any]:
    return {"id": "art_0000000000000000", "outlet_id": "the-daily-lantern", "headline": headline, "text": body, "paragraphs": paragraphs(body)}


def speaker(body: str, mention: str, occurrence: int = 0, actors: dict[str, Any] | None = None, headline: str = "Fictional Headline") -> str | None:
    """The actor a mention (its n-th occurrence in the body, or in the headline) resolves to, earlier mentions resolved first."""
    record = article(body, headline)
    found = ArticleActors(record, Lookup.of(actors))
    field = "headline" if mention in headline and occurrence < 0 else "body"
    text = headline if field == "headline" else body
    start = -1
    for _ in range(max(occurrence, 0) + 1):
        start = text.index(mention, start + 1)
    return found.resolve(field, start, start + len(mention), [], typed_unnamed)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("European Commission President Ingrid van der Holt said", [("Ingrid van der Holt", "European Commission President")]),
        ("Secretary of State Lena Marsh told reporters", [("Lena Marsh", "Secretary of State")]),
        ("But Mr. Brek's plan failed", [("Brek", "Mr.")]),
        ("Vestrian President Taras Kovalenkiy and Omar al-Rashid met", [("Taras Kovalenkiy", "Vestrian President"), ("Omar al-Rashid", "")]),
        ("Sen. Ada Lind (D-Ore.) said", [("Ada Lind", "Sen.")]),
        ("the NATO Secretary General said", []),  # a title alone names no one
        ("Charlie King, a lawyer, said", [("Charlie King", "")]),
        ("Democrat Joe Varga and Texas-based Ann Moss spoke", [("Joe Varga", ""), ("Ann Moss", "")]),
        ("Tom Brek of the Harbour Board said", [("Tom Brek", ""), ("Harbour Board", "")]),
        ("The Committee for a Safer Harbour said", [("Committee for a Safer Harbour", "")]),
    ],
)
def test_names_and_the_titles_before_them(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(n.text, n.title) for n in names(text)] == expected


def test_what_kind_of_entity_a_name_is() -> None:
    assert (kind("Harbour Board"), kind("Daily Lantern Times"), kind("Vera Lind"), kind("Labor Day"), kind("Republicans")) == (
        "organization",
        "media",
        None,
        "thing",
        "group",
    )
    assert country("U.S.") == "United States" and country("Britain") == "United Kingdom" and country("Vestria") is None
    assert seat("the Kremlin") == ("Russia", "Russian") and seat("the White House") == ("United States", "United States")
    assert surname("Ursula von der Leyen") == "von der Leyen" and surname("Van der Holt") == "Van der Holt"
    assert (gender("Hillary Clinton"), gender("Bernie Sanders"), gender("Taras Lind")) == ("female", "male", None)


def test_names_surnames_and_titles_resolve_to_one_entity() -> None:
    body = "Vera Lind opened the quay. Tom Brek watched.\n\nLind said the fees will fall. Mr. Brek said they will rise."
    assert speaker(body, "Lind", 1) == "vera-lind"
    assert speaker(body, "Mr. Brek") == "tom-brek"
    assert speaker(body, "Vera Lind") == "vera-lind"


def test_two_people_of_one_surname_stay_two() -> None:
    body = "Ada Brek met Tomas Brek. Tomas Brek spoke first and Tomas Brek spoke last.\n\nAda Brek said the quay was unsafe. Brek said it was not."
    assert speaker(body, "Ada Brek", 1) == "ada-brek"
    assert speaker(body, "Brek said it") == "tomas-brek"  # the one named most by full name


def test_pronouns_follow_gender_recency_and_the_last_speaker() -> None:
    body = (
        "Hillary Lind met Bernard Moss in Arlon.\n\nLind said the quay must stay open. She added that the fees will fall.\n\n"
        "Moss disagreed. He said the fees will rise."
    )
    assert speaker(body, "She") == "hillary-lind"
    assert speaker(body, "He") == "bernard-moss"
    other = "Ingrid Varga spoke after Tom Brek had left the hall.\n\nShe said the port was safe."
    assert speaker(other, "She") == "ingrid-varga"  # 'he' and 'she' are told apart by the given names


def test_descriptions_resolve_to_the_person_described() -> None:
    body = "Port Director Vera Lind opened the quay. Mayor Tom Brek cut the ribbon.\n\nThe director said the fees will fall."
    assert speaker(body, "The director") == "vera-lind"
    head = "Vera Lind opened the quay. Lind said the fees will fall. Lind left."
    assert speaker(head, "Port Chief", -1, headline="Port Chief Says Fees Will Fall") == "vera-lind"


def test_organizations_by_acronym_kind_and_pronoun() -> None:
    body = (
        "The Harbour Safety Board (HSB) met on Monday. Investors sold shares of Norvik Shipping.\n\nThe HSB said the quay is unsafe. The board said so twice."
    )
    assert speaker(body, "The HSB") == "harbour-safety-board"
    assert speaker(body, "The board") == "harbour-safety-board"


def test_metonyms_speak_for_governments_and_countries() -> None:
    body = "Talks went on. The Kremlin said the plan was dead.\n\nMoscow said it would not sign. Vestria said it would."
    assert speaker(body, "The Kremlin") == "russian-government" and speaker(body, "Moscow") == "russian-government"
    assert speaker(body, "Vestria") == "vestria"


def test_unnamed_sources_are_typed_and_groups_narrow_to_a_member() -> None:
    body = "Analysts said the fees will rise. A senior official said they will fall.\n\nCertain members, particularly Norvia, said no."
    assert speaker(body, "Analysts") == "unnamed-expert"
    assert speaker(body, "A senior official") == "anonymous-source"
    assert speaker(body, "Certain members, particularly Norvia,") == "norvia"


def test_a_name_qualifying_a_described_speaker_is_not_the_speaker() -> None:
    body = "Vera Lind runs Norvik Shipping.\n\nA judge overseeing a lawsuit against Norvik Shipping said no. A spokesman for Norvik Shipping said yes."
    assert speaker(body, "A judge overseeing a lawsuit against Norvik Shipping") == "anonymous-source"
    assert speaker(body, "A spokesman for Norvik Shipping") == "norvik-shipping"


def test_possessives_name_what_belongs_to_someone() -> None:
    body = "Vera Lind ran for mayor.\n\nHer campaign said the fees will fall. The Lind campaign said so again."
    assert speaker(body, "Her campaign") == "lind-campaign"
    assert speaker(body, "The Lind campaign") == "lind-campaign"


def test_resolved_claims_keep_their_ids_and_bring_their_actor_records() -> None:
    body = "Harbour Master Vera Lind said the fees will fall."
    start = body.index("Harbour")
    claim = {
        "type": "claim",
        "id": "clm_0000000000000001",
        "article_id": "art_0000000000000000",
        "speaker": {"actor_id": None, "mention": {"text": "Harbour Master Vera Lind", "spans": [{"field": "body", "start": start, "end": start + 24}]}},
    }
    found = resolve_claims(article(body), [claim], None, typed_unnamed)
    assert found[0]["id"] == claim["id"] and found[0]["speaker"]["actor_id"] == "vera-lind"
    assert found[0]["speaker"]["role"] == "Harbour Master"
    assert [(r["id"], r["actor_type"], r["provenance"]["method"]) for r in found[1:]] == [("vera-lind", "person", "rules")]
    registry = {"vera-lind": {"type": "actor", "id": "vera-lind", "name": "Vera Lind", "actor_type": "person"}}
    assert resolve_claims(article(body), [claim], registry, typed_unnamed)[1:] == []  # a registry actor is not made again


def test_the_writer_speaking_in_the_first_person_is_the_bylines_author() -> None:
    body = 'I think the quay is unsafe, I said. "I am here," Lind said.'
    record = {**article(body), "byline": ["Anna Virtanen"]}
    found = ArticleActors(record, Lookup.of(None))
    assert found.resolve("body", 0, 1, [], typed_unnamed)[0] == "anna-virtanen"
    quoted = body.index("I am")
    assert found.resolve("body", quoted, quoted + 1, [], typed_unnamed)[0] is None  # inside a quotation, 'I' is the one quoted
    assert ArticleActors(article(body), Lookup.of(None)).resolve("body", 0, 1, [], typed_unnamed)[0] is None  # no byline


def test_a_transcripts_speaker_labels_in_capitals_are_people() -> None:
    body = "Partial transcript:\n\nJAKE TAPPER: Donald Trump released a video.\n\nTAPPER: And?\n\nTRUMP: Yes."
    found = ArticleActors(article(body), Lookup.of(None))
    assert [(e.name, e.kind) for e in found.entities] == [("Jake Tapper", "person"), ("Donald Trump", "person")]
    assert speaker(body, "TAPPER", 1) == "jake-tapper" and speaker(body, "TRUMP") == "donald-trump"


def test_names_after_long_titles_places_and_party_descriptions() -> None:
    assert [(n.text, n.title) for n in names("UMWA Director of Government Affairs Phil Lind said")] == [("Phil Lind", "UMWA Director of Government Affairs")]
    assert kind("Wisconsin Republican") == "thing"  # describes one person, named elsewhere
    assert (kind("New Yorkers"), kind("Californians"), kind("Atlantic City"), kind("Sanders")) == ("group", "group", "government", None)


def test_a_surname_that_is_a_common_word_or_a_press_word_is_still_the_person() -> None:
    body = "Harbour Mayor Don Guardian met Marty Small in Arlon. Small businesses were closed.\n\nGuardian said the fees will fall. Small said they will rise."
    assert speaker(body, "Guardian said") == "don-guardian"
    assert speaker(body, "Small said") == "marty-small"


def test_the_last_names_of_a_fuller_name_are_that_person() -> None:
    body = "Aung San Suu Kyi met the envoys.\n\nSuu Kyi said the talks went well."
    assert speaker(body, "Suu Kyi", 1) == "aung-san-suu-kyi"


def test_an_honorific_of_the_other_gender_is_another_person() -> None:
    body = "Michelle Varga opened the school.\n\nMr. Varga said the fees will fall."
    assert speaker(body, "Mr. Varga") != "michelle-varga"


def test_someones_office_or_kin_is_someone_else() -> None:
    body = (
        "Vera Lind runs for mayor. Lind campaign manager Tom Brek planned the tour.\n\n"
        "Lind's campaign manager said the tour is over. Lind's lawyer said nothing. Lind's adviser said more."
    )
    assert speaker(body, "Lind's campaign manager") == "tom-brek"
    assert speaker(body, "Lind's lawyer") == "vera-lind"  # no one named holds that office; a lawyer speaks for the client
    assert speaker(body, "Lind's adviser") == "anonymous-source"  # one of the people around her
    kin = "Bernard Moss spoke in Arlon.\n\nHis wife, Jane, said the fees will fall."
    assert speaker(kin, "His wife, Jane,") == "jane-moss"
    family = "Ivana Lind sued Donald Lind. Lind lost the case.\n\nHis ex-wife said she was glad."
    assert speaker(family, "His ex-wife") == "ivana-lind"


def test_places_a_team_and_a_newspaper() -> None:
    places = "Tom Brek spoke in San Arlon. Officials met in San Arlon.\n\nHe said the fees will fall."
    assert speaker(places, "He") == "tom-brek"  # a name only ever written after 'in' is a place
    team = "Vera Lind ran for mayor.\n\nHer team said the fees will fall."
    assert speaker(team, "Her team") == "lind-campaign"
    paper = "The fees were set by the board, wrote the editors of The Lantern. They blamed Vera Lind.\n\nThe newspaper said the fees will fall."
    assert speaker(paper, "The newspaper") == "the-lantern"


def test_a_single_word_named_often_is_a_pronouns_antecedent() -> None:
    body = "Lind spoke first. Lind spoke again. Lind left.\n\nOn Monday Lind addressed the council. She said the fees will fall."
    assert speaker(body, "She") == "lind"


def test_given_names_that_look_like_particles_or_things() -> None:
    assert surname("Al Sharpton") == "Sharpton" and surname("Ayman al Zawahiri") == "al Zawahiri" and gender("Al Sharpton") == "male"
    body = "By noon the Rev. Al Sharpton took calls.\n\nMr. Sharpton said the vote matters. The bill failed.\n\nLind's husband, Bill, said no."
    assert speaker(body, "Mr. Sharpton") == "al-sharpton"
    assert speaker(body, "Lind's husband, Bill") == "bill-lind"


def test_a_mention_cut_before_a_names_last_dot_still_holds_the_name() -> None:
    body = "Vice President Joseph R. Biden Jr. spoke in Arlon."
    assert speaker(body, "Vice President Joseph R. Biden Jr") == "joseph-r-biden-jr"


def test_a_role_before_a_comma_is_a_title_of_the_name_after_it() -> None:
    body = "At the meeting the campaign chief, Paul Varga, spoke first.\n\nVera Lind's campaign chief said the tour is over."
    assert speaker(body, "Vera Lind's campaign chief") == "paul-varga"


def test_an_administration_is_the_government_named_by_its_seat() -> None:
    body = "The White House met Vera Lind.\n\nThe Lind administration said the fees will fall. The administration said so twice."
    assert speaker(body, "The Lind administration") == "united-states-government"
    assert speaker(body, "The administration") == "united-states-government"
    alone = "Vera Lind won.\n\nThe Lind administration said the fees will fall."
    assert speaker(alone, "The Lind administration") == "lind-administration"


def test_documents_speak_for_their_issuers() -> None:
    body = (
        "The Lind campaign retorted with an ad of its own on Tuesday.\n\nThe ad says the fees will fall.\n\n"
        '"We take no issue," Harbour Master Vera Lind said in a written statement.\n\n'
        "Tom Brek spoke on Friday. He said so, according to a video of his remarks."
    )
    assert speaker(body, "The ad") == "lind-campaign"
    record = article(body)
    found = ArticleActors(record, Lookup.of(None))
    start = body.index("Harbour Master Vera Lind")
    prior = [Prior(start, found.index_of("vera-lind"), "vera-lind", "Harbour Master Vera Lind")]
    at = body.index("a written statement")
    assert found.resolve("body", at, at + len("a written statement"), prior, typed_unnamed)[0] == "vera-lind"
    assert speaker(body, "a video of his remarks") == "tom-brek"


def test_an_indefinite_office_introduces_the_person_named_next() -> None:
    body = "A harbour judge ruled on Friday that the fees were unlawful. Harbour Judge Vera Lind wrote that the board erred."
    assert speaker(body, "A harbour judge") == "vera-lind"
    alone = "A harbour judge ruled on Friday that the fees were unlawful. The board will appeal."
    assert speaker(alone, "A harbour judge") != "vera-lind"


def test_the_object_of_a_preposition_yields_to_the_subject() -> None:
    body = "Tom Brek spoke at the dock.\n\nThe crowd, angry with Omar Varga, cheered Brek.\n\nHe said the fees will fall."
    assert speaker(body, "He") == "tom-brek"


def test_who_takes_up_a_person_and_which_anything_else() -> None:
    body = "Donors included Harlan Varga of Texas, who gave the most, and the Harbour Fund of Arlon, which gave less."
    assert speaker(body, "who") == "harlan-varga"
    assert speaker(body, "which") != "harlan-varga"


def test_council_titles_a_first_name_alone_and_a_verb_inside_a_mention() -> None:
    assert [(n.text, n.title) for n in names("Chicago Alderman Jason C. Varga said")] == [("Jason C. Varga", "Chicago Alderman")]
    assert [n.text for n in names("Neither Donald J. Lind nor Tom Brek spoke")] == ["Donald J. Lind", "Tom Brek"]
    body = "Hillary Lind met Tom Brek.\n\nHillary said the fees will fall. Brek challenged Lind on the fees."
    assert speaker(body, "Hillary said") == "hillary-lind"
    assert speaker(body, "Brek challenged Lind") == "tom-brek"


def test_organization_names_with_ordinals_openings_and_shorter_forms() -> None:
    assert [n.text for n in names("the U.S. Court of Appeals for the 6th Circuit said")] == ["U.S. Court of Appeals for the 6th Circuit"]
    assert [n.text for n in names("The American Legion said")] == ["American Legion"]
    assert kind("New Hampshire Elks") == "organization" and kind("Virginia Foxx") is None and kind("Muslim") == "group"
    body = "The Harbour Center for Justice sued.\n\nThe Harbour Center said the fees will fall."
    assert speaker(body, "The Harbour Center said") == "harbour-center-for-justice"


def test_a_described_speaker_introduced_by_name_after_a_comma() -> None:
    body = "Tom Brek won.\n\nAnother delegate on the Brek slate, Vera Lind, said the fees will fall."
    assert speaker(body, "Another delegate on the Brek slate, Vera Lind,") == "vera-lind"
    assert speaker("The panel met.\n\nWherever Vera Lind went, she said no.", "she") == "vera-lind"
