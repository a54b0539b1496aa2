"""Event descriptions: names, neutral titles, windows, participants and wire copies, on synthetic articles.

Every outlet, person and place here is fictional.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from toolkit.align import describe

ACTORS = [
    {"id": "mira-olsen", "name": "Mira Olsen", "aliases": ["Olsen"]},
    {"id": "calder-council", "name": "Calder council", "aliases": ["the council"]},
    {"id": "tomas-reyes", "name": "Tomas Reyes", "aliases": ["Reyes"]},
]
BY_ID = {a["id"]: a for a in ACTORS}
WIRE = (
    "Mayor Mira Olsen said on Monday the Calder harbor bridge will close for six weeks of cable repairs, "
    "and ferries operated by Velmora Lines will run every hour until the bridge reopens in the spring."
)


def article(ident: str, outlet: str | None, text: str, published: str | None = "2031-04-02") -> dict[str, Any]:
    """A synthetic article."""
    return {"id": ident, "outlet_id": outlet, "headline": "Bridge to close", "text": text, "published": published}


def claim(ident: str, actor: str | None) -> dict[str, Any]:
    """A synthetic claim with only what participants read."""
    return {"id": ident, "speaker": {"actor_id": actor} if actor else {"mention": "officials"}}


def test_names_skip_sentence_starts_days_and_possessives() -> None:
    text = "The mayor spoke. On Monday, Mayor Mira Olsen’s office named Bank of Calder. Velmora Lines agreed. In Brisk, Velmora Lines waited."
    assert describe.names(text) == ["Mira Olsen", "Bank of Calder", "Velmora Lines", "Brisk", "Velmora Lines"]


def test_title_ranks_names_by_articles_then_mentions_and_folds_onto_actors() -> None:
    articles = [
        article("art_a", "harbor-gazette", "Olsen closed the bridge. Ferries of Velmora Lines run. Olsen spoke in Brisk."),
        article("art_b", "brisk-courier", "Mayor Mira Olsen closed the bridge; Velmora Lines adds ferries."),
    ]
    title = describe.title(articles, BY_ID, describe.actor_names(ACTORS))
    assert title == "Mira Olsen, Velmora Lines, Brisk"


def test_names_keep_known_words_at_a_sentence_start_and_drop_a_dangling_joiner() -> None:
    text = "Olsen spoke. Ferries of Velmora Lines run."
    assert describe.names(text) == ["Velmora Lines"]
    assert describe.names(text, frozenset({"Olsen"})) == ["Olsen", "Velmora Lines"]


def test_title_without_names_falls_back_to_ids() -> None:
    assert describe.title([article("art_b", None, "no names here."), article("art_a", None, "")], BY_ID, {}) == "2 articles from art_a"


def test_actor_names_drop_forms_two_actors_share() -> None:
    known = describe.actor_names([*ACTORS, {"id": "olsen-shipping", "name": "Olsen Shipping", "aliases": ["Olsen"]}])
    assert "olsen" not in known
    assert known["mira olsen"] == "mira-olsen"
    assert known["council"] == "calder-council"


def test_window_spans_known_dates_only() -> None:
    articles = [article("a", "x", "t", "2031-04-05T10:00:00Z"), article("b", "y", "t", "2031-04-02"), article("c", "z", "t", None)]
    assert describe.window(articles) == {"start": "2031-04-02", "end": "2031-04-05"}
    assert describe.window([article("c", "z", "t", None)]) is None
    dated_by_url = article("d", "w", "t", None) | {"url": "https://calder-post.example/news/2031/04/01/bridge-closes"}
    assert describe.window([*articles, dated_by_url]) == {"start": "2031-04-01", "end": "2031-04-05"}
    assert describe.window([dated_by_url]) == {"start": "2031-04-01", "end": "2031-04-01"}


def test_participants_are_registry_speakers_most_claims_first() -> None:
    claims = [claim("c1", "tomas-reyes"), claim("c2", "mira-olsen"), claim("c3", "mira-olsen"), claim("c4", None), claim("c5", "someone-else")]
    assert describe.participants(claims, set(BY_ID)) == ["mira-olsen", "tomas-reyes"]
    named = Counter({"calder-council": 2, "tomas-reyes": 3, "olsen-shipping": 5})  # named by the articles; the last no actor here
    assert describe.participants(claims, set(BY_ID), named) == ["mira-olsen", "tomas-reyes", "calder-council"]
    assert describe.participants([], set(BY_ID), Counter({"tomas-reyes": 1, "calder-council": 1})) == ["calder-council", "tomas-reyes"]


def test_copies_flag_the_later_of_two_near_identical_bodies_of_different_outlets() -> None:
    articles = [
        article("art_copy", "brisk-courier", WIRE + " Brisk Courier staff contributed.", "2031-04-03"),
        article("art_wire", "velmora-wire", WIRE, "2031-04-02"),
        article("art_own", "harbor-gazette", "The harbor bridge shuts for repairs, the mayor said, and commuters grumbled at the ferry stop."),
    ]
    assert describe.copies(articles) == {"art_copy": "art_wire"}


def test_copies_flag_a_second_version_of_one_outlet_and_ignore_unlike_texts() -> None:
    same_outlet = [article("art_1", "velmora-wire", WIRE, "2031-04-02"), article("art_2", "velmora-wire", WIRE, "2031-04-03")]
    assert describe.copies(same_outlet) == {"art_2": "art_1"}
    half = " ".join(WIRE.split()[:12]) + " but the rest of this story is told in other words entirely by another desk today."
    assert describe.copies([article("art_1", "a", WIRE), article("art_2", "b", half)]) == {}


def test_copies_on_a_tie_of_dates_take_the_earlier_id_as_the_source() -> None:
    assert describe.copies([article("art_b", "b", WIRE), article("art_a", "a", WIRE)]) == {"art_b": "art_a"}


def test_names_leave_out_titles_dates_and_possessives_and_keep_an_abbreviations_period() -> None:
    text = (
        "On Friday Council members met. Mayor Mira Olsen spoke to Sen. Tomas Reyes in the U.S. Olsen’s Calder wants a vote, "
        "the Harbor Department said, and General Ferries agreed on Oct. 5. While Velmora waited, The Calder Post wrote."
    )
    # after 'U.S.' no sentence is taken to start: 'Olsen' stays a name
    expected = ["Council", "Mira Olsen", "Tomas Reyes", "U.S.", "Olsen", "Calder", "Harbor Department", "General Ferries", "Velmora", "The Calder Post"]
    assert describe.names(text) == expected
    assert describe.names("Olsen spoke, and “He is fine,” I’m told. This Reyes denied.") == ["Reyes"]  # pronouns name no one


def test_title_folds_a_name_onto_the_longer_one_of_the_event() -> None:
    articles = [
        article("art_a", "harbor-gazette", "On Monday Mira Olsen closed the bridge, Olsen said, and Port Director Ines Varga agreed with Olsen."),
        article("art_b", "brisk-courier", "The bridge was closed by Olsen, and Ines Varga spoke; then Varga agreed."),
        article("art_c", "ferry-post", "It was closed by Olsen, Varga said, and Sen. Ada Brisk and Tomas Brisk disagreed with Olsen."),
    ]
    # Olsen -> Mira Olsen (3 articles); Port Director Ines Varga and Varga -> Ines Varga (3); Brisk: two people end with it
    assert describe.title(articles, {}, {}) == "Mira Olsen, Ines Varga, Ada Brisk"
    varga = {"ines-varga": {"id": "ines-varga", "name": "Ines Varga"}}  # an actor of the registry: 'Varga' folds onto it too
    assert describe.title(articles, varga, describe.actor_names(varga.values())) == "Mira Olsen, Ines Varga, Ada Brisk"
    shown = describe.title(articles[1:], varga, describe.actor_names(varga.values())).split(", ")
    assert "Ines Varga" in shown and "Varga" not in shown


def test_fold_keeps_places_and_ambiguous_surnames_apart() -> None:
    keys = {"calder", "bank of calder", "texas", "west texas", "brisk", "ada brisk", "tomas brisk", "senate", "senate republicans", "republicans"}
    assert describe._folded(keys) == {key: key for key in keys}
    folded = describe._folded({"olsen", "mira olsen", "mayor mira olsen"})
    assert folded == {"olsen": "mira olsen", "mira olsen": "mira olsen", "mayor mira olsen": "mira olsen"}


def test_names_keep_initials_months_of_names_and_the_person_after_a_title() -> None:
    text = (
        "Officials said Ada K. Brisk met the U.S. Harbor Safety Board and Prime Minister Tomas May on May 5. "
        "Calder Port Authority Director Ines Varga and Secretary of Trade Ilse Marrow spoke; AP Photo. "
        "In the U.S. The board waited. OPINION: St. Calder Bank agreed with Port Director Dr. Ada Brisk (R-Ky.)."
    )
    assert describe.names(text) == [
        "Ada K. Brisk",
        "U.S.",
        "Harbor Safety Board",
        "Tomas May",
        "Ines Varga",
        "Ilse Marrow",
        "U.S.",
        "St. Calder Bank",
        "Ada Brisk",
    ]
    assert describe.names("The Minister of Ports and Calder Port Director spoke.") == ["Minister of Ports", "Calder Port Director"]
    assert describe.names("Officials said Mr. Reyes and Sen. Olsen met Dr. Ada Brisk.") == ["Reyes", "Olsen", "Ada Brisk"]
    joined = "The Calder Food and Drug Administration and Velmora Lines agreed, and Mira Olsen and Tomas Reyes spoke."
    assert describe.names(joined) == ["Calder Food and Drug Administration", "Velmora Lines", "Mira Olsen", "Tomas Reyes"]
    assert describe.names("Officials said Ada Brisk spoke. MEMBER ARTICLE. Getty Images Plus. The NATO summit") == ["Ada Brisk", "NATO"]


def test_title_counts_one_name_under_its_forms_and_drops_common_words_in_capitals() -> None:
    articles = [
        article("art_a", "harbor-gazette", "Officials in the U.S. said the Harbor Department will close the early ferry. MORE. Early plans changed."),
        article("art_b", "brisk-courier", "The United States and the Department of Harbor closed the bridge early, and more ferries run. MORE."),
        article("art_c", "ferry-post", "Ferries of Velmora Lines run more often in the US, said the Harbor Department."),
    ]
    # U.S., United States, US: one name; Harbor Department and Department of Harbor: one; MORE and Early: written in
    # lower case more often than as names, so common words
    assert describe.title(articles, {}, {}) == "United States, Department of Harbor, Velmora Lines"


def test_title_counts_a_name_with_a_middle_initial_as_the_name_without_it() -> None:
    articles = [
        article("art_a", "harbor-gazette", "Port Director Ines K. Varga closed the bridge; Ines Varga spoke and Tomas Reyes agreed."),
        article("art_b", "brisk-courier", "Tomas Reyes and Mira Olsen met, and Ines Varga agreed."),
    ]
    assert describe.title(articles, {}, {}) == "Ines Varga, Tomas Reyes, Mira Olsen"
    olsen = {"mira-olsen": {"id": "mira-olsen", "name": "Mira Olsen"}}  # 'Mira J. Olsen' resolves to the registry's actor
    two = [article("art_c", None, "Officials said Mira J. Olsen spoke."), article("art_d", None, "Officials said Mira Olsen spoke, and Ada Brisk.")]
    assert describe.title(two, olsen, describe.actor_names(olsen.values())) == "Mira Olsen, Ada Brisk"


def test_names_leave_out_lone_adjectives_and_modifiers_and_mend_line_broken_words() -> None:
    text = (
        "Officials said Velmoran troops and Republican senators met the Calder Port Authority, and Mira Olsen greeted "
        "American envoys, the Senate-passed bill and Texas-based Velmora Lines; the Anti-\nCalder League and "
        "Anti- Calder Party agreed, and President-elect Tomas Reyes waited with the Republican Party."
    )
    # 'Velmoran' is no adjective the rules know, so a name; 'Republican' and 'American' alone name no one, and
    # 'Senate-passed' modifies; 'Republican Party' is a name of its own
    assert describe.names(text) == [
        "Velmoran",
        "Calder Port Authority",
        "Mira Olsen",
        "Velmora Lines",
        "Anti-Calder League",
        "Anti-Calder Party",
        "Tomas Reyes",
        "Republican Party",
    ]


def test_title_counts_an_abbreviation_as_the_name_it_abbreviates() -> None:
    articles = [
        article("art_a", "harbor-gazette", "Officials said the Calder Port Safety Board closed the bridge; the CPSB gave no date."),
        article("art_b", "brisk-courier", "Officials said the CPSB and Mira Olsen closed the bridge, and Velmora Lines agreed."),
        article("art_c", "ferry-post", "Officials said the C.P.S.B. closed it; Mira Olsen spoke, and the VL ferries run."),
    ]
    # CPSB and C.P.S.B. are the Calder Port Safety Board (3 articles); VL fits Velmora Lines; the board ranks first
    assert describe.title(articles, {}, {}) == "Calder Port Safety Board, Mira Olsen, Velmora Lines"
    # an abbreviation two names fit stays itself
    two = [article("art_d", None, "Officials said the Calder Port Safety Board and the Calder Public Schools Bureau met the CPSB chief.")]
    assert "CPSB" in describe.title(two, {}, {}).split(", ")
