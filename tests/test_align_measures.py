"""The measures 1-9 on the synthetic event of test_align_propositions (fictional outlets and people), exactly; then the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_align_propositions import Event, article, synthetic

from toolkit.actors.sources import TYPED_ACTORS, typed_actor
from toolkit.align.measures import Names, Params, Stance, compare, descriptions, headline_divergence, method, source_type, source_types, stance
from toolkit.align.propositions import align_claims
from toolkit.records import with_id
from toolkit.validate.record import record_problems

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = "000_e6e052abecc23e78"


class Fixture:
    """The synthetic event, its alignments and comparisons, and lookups by fixture name."""

    def __init__(self) -> None:
        self.event: Event = synthetic()
        articles, claims = list(self.event.articles.values()), list(self.event.claims.values())
        self.alignments = align_claims(self.event.event["id"], articles, claims)
        self.comparisons = compare(self.event.event, articles, claims, self.alignments, self.event.actors)
        self.by_outlet = {c["outlet_id"]: c for c in self.comparisons}

    def cid(self, name: str) -> str:
        """The id of a claim by fixture name."""
        return str(self.event.claims[name]["id"])

    def aln(self, *names: str) -> str:
        """The id of the alignment whose members are exactly these claims."""
        wanted = {self.cid(n) for n in names}
        return next(str(a["id"]) for a in self.alignments if {m["claim_id"] for m in a["members"]} == wanted)

    def in_order(self, *groups: tuple[str, ...]) -> list[str]:
        """Alignment ids of the groups, in the order the alignments are listed."""
        wanted = {self.aln(*g) for g in groups}
        return [str(a["id"]) for a in self.alignments if a["id"] in wanted]

    def measures(self, outlet: str | None) -> dict[str, Any]:
        """The measures of one outlet."""
        return dict(self.by_outlet[outlet]["measures"])


P1 = ("A_h", "A1", "B1", "C1", "D1")
P2 = ("A2", "B2", "C2", "D2")
NARRATOR, ENGINEER = ("B3", "C3"), ("C5", "D3")
ALL = (P1, P2, ("A0",), ("A3",), ("C4",), NARRATOR, ENGINEER)


@pytest.fixture(scope="module")
def fx() -> Fixture:
    """The synthetic event compared."""
    return Fixture()


def test_one_valid_record_per_outlet_unknown_last(fx: Fixture) -> None:
    assert [c["outlet_id"] for c in fx.comparisons] == ["brisk-courier", "ferry-post", "harbor-gazette", "velmora-herald", None]
    for record in fx.comparisons:
        assert record_problems(record) == [], record["outlet_id"]
        assert record["event_id"] == fx.event.event["id"]
    assert fx.by_outlet["harbor-gazette"]["article_ids"] == [fx.event.articles["A"]["id"]]
    assert fx.by_outlet[None]["article_ids"] == [fx.event.articles["D"]["id"]]
    assert fx.comparisons[0]["method"] == method() and fx.comparisons[0]["provenance"]["tool"] == "parallax align"


def test_1_coverage(fx: Fixture) -> None:
    # Of the 7 propositions, 4 are carried by two known outlets or more: P1 and P2, the narrator's (velmora, brisk) and
    # A0, which only harbor-gazette's claims render but ferry-post's claim-less copy states word for word. A3, C4 and
    # the engineer's (brisk and the unknown outlet) are one known outlet's: no one omits them.
    expected = {
        "harbor-gazette": (3, 0.75, [NARRATOR]),
        "velmora-herald": (3, 0.75, [("A0",)]),
        "brisk-courier": (3, 0.75, [("A0",)]),
        "ferry-post": (2, 0.5, [P2, NARRATOR]),  # its text carries P1 and A0
        None: (2, 0.5, [("A0",), NARRATOR]),  # articles of no known outlet: what none of their claims renders
    }
    for outlet, (reported, ratio, omitted) in expected.items():
        wanted = {"reported": reported, "in_event": 4, "ratio": ratio, "omitted_alignment_ids": fx.in_order(*omitted)}
        assert fx.measures(outlet)["coverage"] == wanted, outlet


def test_2_source_selection(fx: Fixture) -> None:
    assert fx.measures("harbor-gazette")["source_selection"] == [
        {"actor_id": "mira-olsen", "claims": 4, "direct": 2, "indirect": 2},
        {"actor_id": "tomas-reyes", "claims": 1, "direct": 1, "indirect": 0},
    ]
    assert fx.measures("velmora-herald")["source_selection"] == [{"actor_id": "mira-olsen", "claims": 2, "direct": 1, "indirect": 1}]  # narrator left out
    assert fx.measures("brisk-courier")["source_selection"] == [
        {"actor_id": "mira-olsen", "claims": 2, "direct": 1, "indirect": 1},
        {"actor_id": "tomas-reyes", "claims": 1, "direct": 1, "indirect": 0},
        {"actor_id": None, "claims": 1, "direct": 0, "indirect": 1},
    ]
    assert fx.measures(None)["source_selection"] == [
        {"actor_id": "mira-olsen", "claims": 2, "direct": 1, "indirect": 1},
        {"actor_id": None, "claims": 1, "direct": 0, "indirect": 1},
    ]
    assert fx.measures("ferry-post")["source_selection"] == []


def test_2b_source_types(fx: Fixture) -> None:
    # the mayor's office makes her an official, the union leader's an organization, "A harbor engineer" an unnamed expert
    official, organization, expert = (
        {"source_type": t, "claims": n, "direct": d, "indirect": n - d} for t, n, d in (("official", 2, 1), ("organization", 1, 1), ("expert", 1, 0))
    )
    assert fx.measures("brisk-courier")["source_types"] == [official, expert, organization]  # taxonomy order, not counts
    assert fx.measures("harbor-gazette")["source_types"] == [official | {"claims": 4, "direct": 2, "indirect": 2}, organization]
    assert fx.measures("velmora-herald")["source_types"] == [official]  # the narrator is no source
    assert fx.measures(None)["source_types"] == [official, expert] and fx.measures("ferry-post")["source_types"] == []


def test_the_source_type_of_a_speaker() -> None:
    person = {"id": "lena-okafor", "type": "actor", "name": "Lena Okafor", "actor_type": "person"}
    actors = {a["id"]: a for a in (person, *TYPED_ACTORS)}
    actors["harbor-watch"] = {"id": "harbor-watch", "actor_type": "organization"}
    actors["pundit"] = person | {"id": "pundit", "source_type": "media", "roles": [{"title": "Mayor"}]}
    described = person | {"id": "described", "descriptions": [{"text": "a retired teacher", "outlet_id": None, "voice": "outlet", "count": 2}]}
    actors |= {"described": described, "mayor": person | {"id": "mayor", "roles": [{"title": "Mayor", "organization": "Calder"}]}}
    cases = [
        ({"actor_id": typed_actor("anonymous")}, "anonymous"),  # a typed actor's own type
        ({"actor_id": "pundit", "mention": {"text": "officials"}}, "media"),  # the actor's source type wins
        ({"actor_id": None, "mention": {"text": "two officials familiar with the plan"}}, "anonymous"),
        ({"actor_id": None, "mention": {"text": "the mayor"}, "role": "Mayor of Calder"}, "official"),  # one person: her role tells
        ({"actor_id": None, "mention": {"text": "he"}}, "unknown"),
        ({"actor_id": "mayor", "mention": {"text": "analysts"}}, "official"),  # a resolved speaker is not read as unnamed
        ({"actor_id": "described"}, "citizen"),
        ({"actor_id": "harbor-watch"}, "organization"),
        ({"actor_id": "lena-okafor"}, "unknown"),  # a person of no known office or description
        ({"actor_id": "not-in-the-registry", "mention": {"text": "officials"}}, "unknown"),
    ]
    assert [source_type(speaker, actors) for speaker, _ in cases] == [want for _, want in cases]
    claims = [
        {"kind": kind, "speaker": speaker} for kind, speaker in (("direct_quote", cases[0][0]), ("indirect", cases[0][0]), ("narrator", {"actor_id": None}))
    ]
    assert source_types(claims, actors) == [{"source_type": "anonymous", "claims": 2, "direct": 1, "indirect": 1}]


def test_3_prominence(fx: Fixture) -> None:
    def row(name: str, group: tuple[str, ...], field: str, paragraph: int) -> dict[str, Any]:
        return {"alignment_id": fx.aln(*group), "claim_id": fx.cid(name), "field": field, "paragraph": paragraph}

    assert fx.measures("harbor-gazette")["prominence"] == [
        row("A_h", P1, "headline", 0),
        row("A0", ("A0",), "lede", 0),
        row("A1", P1, "body", 1),
        row("A2", P2, "body", 2),
        row("A3", ("A3",), "body", 3),
    ]
    # D1 and D2 carry no position: read from their spans and the article's paragraphs
    assert fx.measures(None)["prominence"] == [row("D1", P1, "lede", 0), row("D2", P2, "body", 1), row("D3", ENGINEER, "body", 2)]
    assert fx.measures("ferry-post")["prominence"] == []


def test_4_headline_divergence_is_measured_but_not_in_the_records(fx: Fixture) -> None:
    assert all("headline_divergence" not in c["measures"] for c in fx.comparisons)  # withdrawn: see docs/measures.md

    def measured(outlet: str | None) -> dict[str, Any] | None:
        article = next(a for a in fx.event.articles.values() if a.get("outlet_id") == outlet)
        return headline_divergence(article, [c for c in fx.event.claims.values() if c["article_id"] == article["id"]], Params())

    assert measured("harbor-gazette") == {
        "label": "agree",  # A1 holds 3 of the headline's 6 content lemmas (+1); A0 shares 'bridge' only (0)
        "headline_claim_id": fx.cid("A_h"),
        "body_claim_ids": [fx.cid("A1"), fx.cid("A0")],
        "score": 0.5,
    }
    assert measured("velmora-herald") == {
        "label": "disagree",  # B1 negates 'reopen' and 'May', which the headline asserts (-1); B3 discusses (0)
        "body_claim_ids": [fx.cid("B1"), fx.cid("B3")],
        "score": -0.5,
    }
    assert measured("brisk-courier") == {
        "label": "discuss",
        "body_claim_ids": [fx.cid("C1"), fx.cid("C3"), fx.cid("C4")],
        "score": 0.0,
    }
    assert measured(None) == {"label": "unrelated", "body_claim_ids": [], "score": 0.0}
    # no claims: the headline against the body text, which shares 'Calder' and 'bridge' with it
    assert measured("ferry-post") == {"label": "discuss", "body_claim_ids": [], "score": 0.0}


def test_5_quote_fidelity(fx: Fixture) -> None:
    def row(name: str, group: tuple[str, ...], relation: str, similarity: float, ellipsis: bool = False) -> dict[str, Any]:
        return {"alignment_id": fx.aln(*group), "claim_id": fx.cid(name), "relation": relation, "similarity": similarity, "ellipsis": ellipsis}

    assert fx.measures("velmora-herald")["quote_fidelity"] == [
        row("B1", P1, "contradicts", 1.0),
        row("B2", P2, "truncated", 0.9231, ellipsis=True),
        row("B3", NARRATOR, "same", 1.0),
    ]
    assert fx.measures("brisk-courier")["quote_fidelity"] == [
        row("C1", P1, "paraphrase", 0.6667),
        row("C2", P2, "reframed", 1.0),
        row("C3", NARRATOR, "same", 1.0),
        row("C4", ("C4",), "same", 1.0),
        row("C5", ENGINEER, "same", 1.0),
    ]
    assert fx.measures(None)["quote_fidelity"] == [row("D1", P1, "extended", 0.75), row("D2", P2, "same", 1.0), row("D3", ENGINEER, "same", 1.0)]
    assert [r["relation"] for r in fx.measures("harbor-gazette")["quote_fidelity"]] == ["paraphrase", "same", "same", "same", "same"]


def test_6_verb_classes(fx: Fixture) -> None:
    def row(name: str, group: tuple[str, ...], lemma: str, verb_class: str) -> dict[str, Any]:
        return {"alignment_id": fx.aln(*group), "claim_id": fx.cid(name), "lemma": lemma, "verb_class": verb_class}

    assert fx.measures("brisk-courier")["verb_classes"] == [
        row("C1", P1, "say", "neutral_report"),
        row("C2", P2, "admit", "factive"),
        row("C3", NARRATOR, "reportedly", "hedge"),
        row("C4", ("C4",), "say", "neutral_report"),
        row("C5", ENGINEER, "say", "neutral_report"),
    ]
    assert fx.measures("velmora-herald")["verb_classes"] == [
        row("B1", P1, "concede", "factive"),
        row("B2", P2, "claim", "assertive"),
        row("B3", NARRATOR, "reportedly", "hedge"),
    ]
    # D1 and D2 record only the cue text: lemma and class read with the extractor's lexicon
    assert fx.measures(None)["verb_classes"] == [
        row("D1", P1, "tell", "neutral_report"),
        row("D2", P2, "say", "neutral_report"),
        row("D3", ENGINEER, "say", "neutral_report"),
    ]
    assert [r["lemma"] for r in fx.measures("harbor-gazette")["verb_classes"]] == ["say", "say", "say", "say", "call"]


def test_7_labeling(fx: Fixture) -> None:
    def row(actor: str, term: str, count: int, voice: str = "outlet") -> dict[str, Any]:
        return {"actor_id": actor, "term": term, "voice": voice, "count": count}

    assert fx.measures("harbor-gazette")["labeling"] == [
        row("mira-olsen", "Mayor", 1),  # the title before 'Olsen' in the headline
        row("mira-olsen", "Mira Olsen", 1),
        row("mira-olsen", "Olsen", 2),
        row("mira-olsen", "the embattled mayor", 1),  # a loaded_label framing label
        row("mira-olsen", "the mayor of Calder", 1),  # an appositive
        row("tomas-reyes", "Tomas Reyes", 1),
        row("tomas-reyes", "the head of the dockworkers union", 1),
    ]
    assert fx.measures("brisk-courier")["labeling"] == [
        row("mira-olsen", "Olsen", 2),
        row("mira-olsen", "Olsen", 1, "speaker"),  # inside Reyes's quotation
        row("tomas-reyes", "Reyes", 1),
    ]
    assert fx.measures("velmora-herald")["labeling"] == [row("mira-olsen", "Mayor", 1), row("mira-olsen", "Mira Olsen", 1), row("mira-olsen", "Olsen", 1)]
    assert fx.measures(None)["labeling"] == [row("mira-olsen", "Olsen", 2)]
    assert fx.measures("ferry-post")["labeling"] == [row("mira-olsen", "Mira Olsen", 1), row("mira-olsen", "the mayor of Calder", 1)]


def test_8_frames(fx: Fixture) -> None:
    assert fx.measures("harbor-gazette")["frames"] == [
        {"scheme": "loaded_label", "label": "the embattled mayor", "count": 1},
        {"scheme": "mfc", "label": "10.2", "count": 1},
        {"scheme": "semeval2023_persuasion", "label": "Loaded_Language", "count": 1},
    ]
    assert fx.measures("velmora-herald")["frames"] == [{"scheme": "mfc", "label": "9", "count": 1}]
    assert fx.measures("brisk-courier")["frames"] == fx.measures(None)["frames"] == fx.measures("ferry-post")["frames"] == []


def test_9_syndication(fx: Fixture) -> None:
    assert fx.measures("ferry-post")["syndication"] == {"syndicated": True, "syndicated_from": [fx.event.articles["A"]["id"]]}
    for outlet in ("harbor-gazette", "velmora-herald", "brisk-courier", None):
        assert fx.measures(outlet)["syndication"] == {"syndicated": False, "syndicated_from": []}


def test_an_outlet_with_an_original_and_a_copy_is_not_syndicated(fx: Fixture) -> None:
    e = fx.event.articles["E"]
    own = article("ferry-post", "Ferries Run Hourly", ["Ferries run every hour while the Calder bridge is shut."])
    event = with_id(fx.event.event | {"article_ids": sorted([e["id"], own["id"]])})
    (record,) = compare(event, [e, own], [], [], fx.event.actors)
    assert record["measures"]["syndication"] == {"syndicated": False, "syndicated_from": [fx.event.articles["A"]["id"]]}
    assert record["article_ids"] == sorted([e["id"], own["id"]])


def test_a_second_version_of_an_outlets_report_counts_once(fx: Fixture) -> None:
    a = fx.event.articles["A"]
    again = a | {"id": "art_00000000000000a2", "published": "2024-04-03"}  # the same report, a day later (a re-crawl)
    own = [c for c in fx.event.claims.values() if c["article_id"] == a["id"]]
    copied = [with_id({k: v for k, v in c.items() if k != "id"} | {"article_id": again["id"]}) for c in own]
    event = with_id({"type": "event", "title": "Calder bridge", "article_ids": sorted([a["id"], again["id"]]), "provenance": {"method": "rules"}})
    (twice,) = compare(event, [a, again], own + copied, align_claims(event["id"], [a, again], own + copied), fx.event.actors)
    (once,) = compare(event, [a], own, align_claims(event["id"], [a], own), fx.event.actors)
    assert twice["article_ids"] == sorted([a["id"], again["id"]])
    for measure in ("source_selection", "labeling", "frames"):
        assert twice["measures"][measure] == once["measures"][measure]
    assert twice["measures"]["coverage"] == once["measures"]["coverage"] == {"reported": 0, "in_event": 0, "ratio": 1.0, "omitted_alignment_ids": []}


def test_one_outlet_event(fx: Fixture) -> None:
    a = fx.event.articles["A"]
    own = [c for c in fx.event.claims.values() if c["article_id"] == a["id"]]
    event = with_id({"type": "event", "title": "Calder bridge, one outlet", "article_ids": [a["id"]], "provenance": {"method": "rules"}})
    alignments = align_claims(event["id"], [a], own)
    (record,) = compare(event, [a], own, alignments, fx.event.actors)
    assert record["measures"]["coverage"] == {"reported": 0, "in_event": 0, "ratio": 1.0, "omitted_alignment_ids": []}  # nothing two outlets carry
    assert record_problems(record) == []


def test_an_event_without_claims(fx: Fixture) -> None:
    e = fx.event.articles["E"]
    event = with_id({"type": "event", "title": "Calder bridge, a wire copy", "article_ids": [e["id"]], "provenance": {"method": "rules"}})
    (record,) = compare(event, [e], [], [], fx.event.actors)
    assert record["measures"]["coverage"] == {"reported": 0, "in_event": 0, "ratio": 1.0, "omitted_alignment_ids": []}
    assert record["measures"]["syndication"] == {"syndicated": False, "syndicated_from": []}  # this event lists no copies
    assert record_problems(record) == []


def test_records_of_another_event_are_refused(fx: Fixture) -> None:
    a = fx.event.articles["A"]
    other = with_id({"type": "event", "title": "Another", "article_ids": [fx.event.articles["B"]["id"]], "provenance": {"method": "rules"}})
    with pytest.raises(ValueError, match="not in event"):
        compare(other, [a], [], [], fx.event.actors)
    with pytest.raises(ValueError, match="not given"):
        compare(fx.event.event, [a], [fx.event.claims["B1"]], [], fx.event.actors)
    with pytest.raises(ValueError, match="is of event"):
        compare(other, [fx.event.articles["B"]], [], fx.alignments[:1], fx.event.actors)


def test_same_records_whatever_the_input_order(fx: Fixture) -> None:
    articles, claims = list(reversed(fx.event.articles.values())), list(reversed(fx.event.claims.values()))
    assert compare(fx.event.event, articles, claims, fx.alignments, list(reversed(fx.event.actors))) == fx.comparisons


def test_stance_reading() -> None:
    head = Stance.of("Minister Calls for Talks with Calder", 3)
    assert head.polarity == 1 and head.lemmas == {"minister", "call", "talk", "calder"}
    params = Params()
    assert stance(head, Stance.of("Calder is our enemy", 3), params) == -1  # opposite sides of cooperation and conflict
    assert stance(head, Stance.of("we do not want talks with Calder", 3), params) == -1  # 'talk' negated in the body only
    assert stance(head, Stance.of("talks with Calder must begin", 3), params) == 1
    assert stance(head, Stance.of("Calder held a vote", 3), params) == 0
    assert Stance.of("it will not escalate", 3).polarity == 1  # a negated conflict word leans the other way


def test_names_and_descriptions() -> None:
    actors = [{"id": "nato", "name": "NATO", "aliases": ["the bloc", "the US-led military alliance"]}, {"id": "jens-stoltenberg", "name": "Jens Stoltenberg"}]
    names = Names(actors)
    text = "The bloc met. Jens Stoltenberg, the current NATO Secretary General, spoke for the bloc’s members, not NATOS."
    found = [(text[a:b], term, ids) for a, b, term, ids in names.find(text)]
    assert found == [
        ("The bloc", "the bloc", ["nato"]),
        ("Jens Stoltenberg", "Jens Stoltenberg", ["jens-stoltenberg"]),
        ("NATO", "NATO", ["nato"]),
        ("the bloc", "the bloc", ["nato"]),
    ]
    start = text.index("Jens")
    assert [text[a:b] for a, b in descriptions(text, start, start + 16)] == ["the current NATO Secretary General"]
    told = "Calder, the union said, is broke. On Monday Prime Minister Ilse Marrow spoke."
    assert descriptions(told, 0, 6) == []  # a reported clause is not a description
    start = told.index("Ilse")
    assert [told[a:b] for a, b in descriptions(told, start, start + 11)] == ["Prime Minister"]
    assert list(Names([]).find(text)) == []


def _seed() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    read = lambda path: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]  # noqa: E731
    articles, claims = read(DATA / "articles" / f"{SEED}.jsonl"), read(DATA / "claims" / f"{SEED}.jsonl")
    actors = read(DATA / "actors.jsonl")
    event = with_id({"type": "event", "title": "Rutte and NATO", "article_ids": [a["id"] for a in articles], "provenance": {"method": "rules"}})
    return event, articles, claims, actors


@pytest.mark.skipif(not (DATA / "claims" / f"{SEED}.jsonl").exists(), reason="the seed records are not in data/")
def test_the_seed_as_a_one_article_event() -> None:
    event, articles, claims, actors = _seed()
    alignments = align_claims(event["id"], articles, claims)
    (record,) = compare(event, articles, claims, alignments, actors)
    assert record_problems(record) == [] and all(record_problems(a) == [] for a in alignments)
    measures = record["measures"]
    assert measures["coverage"] == {"reported": 0, "in_event": 0, "ratio": 1.0, "omitted_alignment_ids": []}
    adversary = next(c["id"] for c in claims if "Russia of course is our main adversary" in c["content"]["text"])
    divergence = headline_divergence(articles[0], claims, Params())
    assert divergence is not None and adversary in divergence["body_claim_ids"] and divergence["score"] < 0
    assert "headline_divergence" not in measures
    labels = {(r["actor_id"], r["term"], r["voice"]): r["count"] for r in measures["labeling"]}
    assert labels[("russian-government", "Russia", "speaker")] == 3  # inside Rutte's quotations
    if any(a["id"] == "nato" for a in actors):
        assert labels[("nato", "the US-led military alliance", "outlet")] == 1  # inside Stubb's indirect claim: the outlet's words
        assert ("nato", "the US-led military alliance", "speaker") not in labels


def test_names_are_found_as_one_pattern_of_every_name_would_find_them() -> None:
    """Leftmost, then longest, whole words: the word-by-word finder agrees with a pattern of every form on varied texts."""
    import random

    actors = [
        {"id": "nato", "name": "NATO", "aliases": ["North Atlantic Treaty Organization", "the US-led military alliance"]},
        {"id": "us", "name": "U.S.", "aliases": ["US", "the United States"]},
        {"id": "lind", "name": "Vera Lind", "aliases": ["Lind", "Mrs. Lind"]},
        {"id": "brek", "name": "Brek", "aliases": ["Tomas Brek"]},
        {"id": "bloc", "name": "the bloc"},
        {"id": "ipsos", "name": "Reuters/Ipsos"},
    ]
    names = Names(actors)
    forms = sorted(names.terms, key=lambda f: (-len(f), f))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
    pieces = ["NATO", "NATOs", "the US-led military alliance", "US", "U.S.", "USA", "Vera Lind", "Lind", "Linda", "Mrs. Lind", "Tomas Brek",
              "Brek's", "_Brek", "The bloc", "the bloc", "Reuters/Ipsos", "Reuters", ",", ".", "said", "“", "\n"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))).replace(" ,", ",")
        expected = [(m.start(), m.end(), names.terms[m.group()]) for m in pattern.finditer(text)]
        assert [(a, b, term) for a, b, term, _ids in names.find(text)] == expected, text
