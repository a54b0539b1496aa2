"""Alignment scoring on small fictional inputs computed by hand, and the BASIL gold set against the imported articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from paths import CORPORA, needs

from toolkit.importers import run_import
from toolkit.records import read_records
from toolkit.registry import OutletRegistry
from toolkit.score_alignments import GoldError, agreement, omissions, pair_counts, read_gold, render, render_agreement, score_alignments

GOLD = Path(__file__).parent / "golden" / "propositions" / "basil.jsonl"
BASIL = CORPORA / "basil"
needs_corpus = needs(BASIL / "articles")

A, B, C, D = "art_000000000000000a", "art_000000000000000b", "art_000000000000000c", "art_000000000000000d"


def member(article: str, start: int, end: int, relation: str) -> dict[str, Any]:
    return {"article_id": article, "start": start, "end": end, "relation": relation}


def claim(claim_id: str, article: str, start: int, end: int) -> dict[str, Any]:
    return {"id": claim_id, "article_id": article, "content": {"spans": [{"field": "body", "start": start, "end": end}]}}


def alignment(*members: tuple[str, str]) -> dict[str, Any]:
    return {"type": "alignment", "members": [{"claim_id": c, "relation": r} for c, r in members]}


# A fictional ferry event in three fictional outlets' articles A, B, C; D is an article of no gold event.
FERRY_GOLD = [
    {"event": "ferry", "speaker": "mayor", "members": [member(A, 0, 40, "same"), member(B, 10, 50, "truncated"), member(C, 100, 140, "paraphrase")]},
    {"event": "ferry", "speaker": "captain", "members": [member(A, 200, 240, "same"), member(B, 300, 320, "extended"), member(C, 400, 420, "paraphrase")]},
]
FERRY_CLAIMS = [
    claim("a1", A, 0, 40),  # mayor in A
    claim("a2", A, 205, 245),  # captain in A: 35 shared
    claim("a3", A, 500, 520),  # no gold member
    claim("b1", B, 12, 48),  # mayor in B
    claim("b2", B, 300, 330),  # captain in B: 20 shared of the shorter 20
    claim("c1", C, 90, 110),  # mayor in C: 10 shared of the shorter 20, exactly half
    claim("c2", C, 600, 640),  # no gold member
    claim("c3", C, 415, 460),  # 5 shared of the shorter 20: too little, so captain in C stays unmatched
    claim("d1", D, 0, 40),  # an article outside the gold
]
FERRY_ALIGNMENTS = [
    alignment(("a1", "same"), ("b1", "truncated"), ("a2", "same")),
    alignment(("b2", "paraphrase"), ("c2", "same"), ("c3", "same")),
    alignment(("c1", "same")),
    alignment(("d1", "same")),
]


def test_hand_computed_scores() -> None:
    # matched: mayor a1 b1 c1, captain a2 b2 (captain in C unmatched); cells (m,L0) (m,L0) (m,L2) (c,L0) (c,L1)
    # gold pairs among matched: mayor 3 + captain 1 = 4; predicted: L0 holds 3 -> 3; both: mayor in L0 -> 1
    # precision 1/3, recall 1/4, F1 2/7; all gold pairs 3 + 3 = 6 -> recall_all 1/6
    # L1 joins matched b2 with unmatched c2 and c3 -> 2 pairs not judged
    scores = score_alignments(FERRY_GOLD, FERRY_ALIGNMENTS, FERRY_CLAIMS)
    assert scores["gold"] == {"events": 1, "articles": 3, "propositions": 2, "members": 6}
    assert scores["claims"] == {"scored": 8, "matched": 5}
    pairs = scores["pairs"]
    assert (pairs["gold"], pairs["predicted"], pairs["true"], pairs["gold_all"], pairs["with_unmatched_claim"]) == (4, 3, 1, 6, 2)
    assert (pairs["precision"], pairs["recall"], pairs["f1"], pairs["recall_all"]) == pytest.approx((1 / 3, 1 / 4, 2 / 7, 1 / 6))


def test_relations_count_members_of_alignments_of_two_or_more() -> None:
    # a1 same/same, b1 truncated/truncated, a2 same/same, b2 extended/paraphrase; c1 is alone and not scored
    relations = score_alignments(FERRY_GOLD, FERRY_ALIGNMENTS, FERRY_CLAIMS)["relations"]
    assert relations == {
        "scored": 4,
        "correct": 3,
        "accuracy": 0.75,
        "confusion": {"same": {"same": 2}, "truncated": {"truncated": 1}, "extended": {"paraphrase": 1}},
    }


def test_perfect_prediction() -> None:
    claims = [claim(f"{m['article_id']}-{m['start']}", m["article_id"], m["start"], m["end"]) for p in FERRY_GOLD for m in p["members"]]
    alignments = [alignment(*((f"{m['article_id']}-{m['start']}", m["relation"]) for m in p["members"])) for p in FERRY_GOLD]
    scores = score_alignments(FERRY_GOLD, alignments, claims)
    assert {k: scores["pairs"][k] for k in ("precision", "recall", "f1", "recall_all", "with_unmatched_claim")} == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "recall_all": 1.0,
        "with_unmatched_claim": 0,
    }
    assert (scores["relations"]["scored"], scores["relations"]["accuracy"]) == (6, 1.0)


def test_claims_in_no_alignment_are_alone_and_the_first_alignment_wins() -> None:
    # a1 and b1 both in the first alignment (b1 listed again later); c1 in none -> pairs: gold 3, predicted 1, both 1
    gold = FERRY_GOLD[:1]
    claims = [claim("a1", A, 0, 40), claim("b1", B, 10, 50), claim("c1", C, 100, 140)]
    alignments = [alignment(("a1", "same"), ("b1", "truncated")), alignment(("b1", "same"), ("c1", "paraphrase"))]
    scores = score_alignments(gold, alignments[:1], claims)
    assert (scores["pairs"]["gold"], scores["pairs"]["predicted"], scores["pairs"]["true"]) == (3, 1, 1)
    assert score_alignments(gold, alignments, claims)["pairs"]["true"] == 1
    assert score_alignments(gold, [], claims)["pairs"]["predicted"] == 0


def test_matching_is_one_to_one_best_overlap_first() -> None:
    # one claim covers two gold members of one article: it matches the one it covers more of
    gold = [
        {"event": "e", "speaker": "s", "members": [member(A, 0, 30, "same"), member(B, 0, 30, "same")]},
        {"event": "e", "speaker": "s", "members": [member(A, 40, 50, "same"), member(B, 40, 50, "same")]},
    ]
    claims = [claim("a", A, 0, 50), claim("b1", B, 0, 30), claim("b2", B, 40, 50)]
    scores = score_alignments(gold, [alignment(("a", "same"), ("b1", "same"), ("b2", "same"))], claims)
    assert scores["claims"]["matched"] == 3
    assert (scores["pairs"]["gold"], scores["pairs"]["predicted"], scores["pairs"]["true"]) == (1, 3, 1)


def test_pair_counts() -> None:
    assert pair_counts([(0, "x"), (0, "x"), (0, "y"), (1, "y")]) == (3, 2, 1)
    assert pair_counts([]) == (0, 0, 0)


def test_unknown_claim_in_an_alignment_is_refused() -> None:
    with pytest.raises(ValueError, match="holds claim ghost"):
        score_alignments(FERRY_GOLD, [alignment(("ghost", "same"))], FERRY_CLAIMS)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"event": "e", "members": []}, "needs a list of members"),
        ({"event": "e", "members": [member(A, 5, 5, "same")]}, "0 <= start < end"),
        ({"event": "e", "members": [{"start": 0, "end": 4, "relation": "same"}]}, "needs an article_id"),
        ({"event": "e", "members": [member(A, 0, 4, "echoes")]}, "'echoes' is not one of"),
    ],
)
def test_bad_gold_is_refused(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(GoldError, match=message):
        score_alignments([FERRY_GOLD[0], bad], [], [])


def test_gold_from_a_file_and_render(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in FERRY_GOLD), encoding="utf-8")
    assert read_gold(path) == FERRY_GOLD
    text = render(score_alignments(str(path), FERRY_ALIGNMENTS, FERRY_CLAIMS))
    assert "gold (attributed): 2 propositions, 6 members in 3 articles of 1 events" in text
    assert "pairwise precision 0.3333  recall 0.2500  F1 0.2857" in text
    assert "recall over all 6 gold pairs 0.1667" in text
    assert "(not judged): 2" in text
    assert "4 matched members in alignments of two or more: 3 right, accuracy 0.7500" in text
    assert text.splitlines()[-1].split() == ["extended", "0", "0", "1"]


SECOND = GOLD.parent / "basil-second.jsonl"


@pytest.mark.parametrize("path", [GOLD, SECOND], ids=["first", "second"])
def test_gold_file_holds_ids_offsets_and_labels_only(path: Path) -> None:
    gold = read_gold(path)
    assert all(list(p) == ["event", "kind", "speaker", "members"] and len(p["speaker"]) <= 24 for p in gold)
    assert all(p["kind"] == "attributed" or p["speaker"] == "outlet" for p in gold)
    assert all(list(m) == ["article_id", "start", "end", "relation"] for p in gold for m in p["members"])
    assert all(sum(m["relation"] == "same" for m in p["members"]) >= 1 and len({m["article_id"] for m in p["members"]}) >= 2 for p in gold)
    readme = (GOLD.parent / "README.md").read_text(encoding="utf-8")
    members = sum(len(p["members"]) for p in gold)
    kinds = Counter(p["kind"] for p in gold)
    counts = f"{len(gold)} propositions ({kinds['attributed']} attributed, {kinds['fact']} facts), {members} members"
    assert f"{counts}, {len({p['event'] for p in gold})} triplets" in readme


def test_the_second_pass_covers_ten_triplets_of_the_first() -> None:
    first, second = {p["event"] for p in read_gold(GOLD)}, {p["event"] for p in read_gold(SECOND)}
    assert len(first) == 30 and len(second) == 10 and second <= first


@pytest.fixture(scope="module")
def basil(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The imported BASIL articles by id and events by triplet."""
    out = tmp_path_factory.mktemp("basil")
    run_import("basil", BASIL, out, OutletRegistry())
    records = [record for _file, record in read_records([out])]
    articles = {r["id"]: r for r in records if r.get("type") == "article"}
    events = {r["external_ids"]["basil_triplet"]: r for r in records if r.get("type") == "event"}
    return articles, events


@needs_corpus
def test_gold_spans_lie_in_the_bodies_of_their_triplets_articles(basil: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]) -> None:
    articles, events = basil
    for proposition in [*read_gold(GOLD), *read_gold(SECOND)]:
        event = events[proposition["event"]]
        for m in proposition["members"]:
            assert m["article_id"] in event["article_ids"]
            text = articles[m["article_id"]]["text"]
            assert 0 <= m["start"] < m["end"] <= len(text)
            assert text[m["start"] : m["end"]] == text[m["start"] : m["end"]].strip()


@needs_corpus
@pytest.mark.parametrize("path", [GOLD, SECOND], ids=["first", "second"])
def test_gold_members_of_a_kind_do_not_overlap_and_each_triplet_has_two_outlets(
    basil: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]], path: Path
) -> None:
    articles, events = basil
    gold = read_gold(path)
    for kind in ("attributed", "fact"):  # a fact may take in words an attributed member holds, never another fact's
        spans = sorted((m["article_id"], m["start"], m["end"]) for p in gold if p["kind"] == kind for m in p["members"])
        assert all(a != b or b_start >= a_end for (a, _s, a_end), (b, b_start, _e) in zip(spans, spans[1:], strict=False))
    for triplet in {p["event"] for p in gold}:
        named = {m["article_id"] for p in gold if p["event"] == triplet for m in p["members"]}
        assert named <= set(events[triplet]["article_ids"])
        assert len({articles[a]["outlet_id"] for a in named}) >= 2


def test_the_command_scores_a_folder_and_refuses_bad_gold(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(p) + "\n" for p in FERRY_GOLD), encoding="utf-8")
    claims = [c | {"type": "claim"} for c in FERRY_CLAIMS]
    pred.write_text("".join(json.dumps(r) + "\n" for r in claims + FERRY_ALIGNMENTS), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "alignments", "--gold", str(gold), "--pred", str(pred), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pairs"]["true"] == 1
    gold.write_text('{"event": "ferry"}\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, ["score", "alignments", "--gold", str(gold), "--pred", str(pred)])
    assert refused.exit_code == 2 and refused.stderr.startswith("cannot score:")


def test_only_the_kinds_asked_for_are_scored() -> None:
    fact = {"event": "ferry", "kind": "fact", "speaker": "outlet", "members": [member(A, 600, 640, "same"), member(B, 600, 640, "same")]}
    scores = score_alignments([*FERRY_GOLD, fact], FERRY_ALIGNMENTS, FERRY_CLAIMS)
    assert scores["gold"]["propositions"] == 2 and scores["kinds"] == ["attributed"]
    assert score_alignments([*FERRY_GOLD, fact], FERRY_ALIGNMENTS, FERRY_CLAIMS, kinds=("fact",))["gold"]["propositions"] == 1
    with pytest.raises(GoldError, match="kind 'opinion' is not one of"):
        read_gold([fact | {"kind": "opinion"}])


def test_agreement_of_two_annotations() -> None:
    second = [
        # the mayor's statement found the same, but the C rendering left out and its A span a little shorter
        {"event": "ferry", "speaker": "the mayor", "members": [member(A, 2, 40, "same"), member(B, 10, 50, "truncated")]},
        # the captain's statement split in two
        {"event": "ferry", "speaker": "captain", "members": [member(A, 200, 240, "same"), member(B, 300, 320, "truncated")]},
        {"event": "ferry", "speaker": "captain", "members": [member(C, 400, 420, "same"), member(B, 700, 720, "same")]},
        {"event": "other", "speaker": "x", "members": [member(D, 0, 9, "same"), member(B, 0, 9, "same")]},  # an event only one side has
    ]
    result = agreement(FERRY_GOLD, second)
    assert result["events"] == 1
    part = result["attributed"]
    # members: 6 first, 6 second; paired: A0, B10, A200, B300, C400 -> 5
    assert part["members"]["paired"] == 5 and part["members"]["recall"] == pytest.approx(5 / 6)
    # pairs over paired members: first {A0,B10} {A200,B300,C400} = 1 + 3 = 4; second {A0,B10} {A200,B300} {C400} = 2; both 2
    assert (part["pairs"]["first"], part["pairs"]["second"], part["pairs"]["both"]) == (4, 2, 2)
    # relations judged where both sides' propositions hold two paired members: A0, B10, A200, B300 -> B300 differs
    assert (part["relations"]["judged"], part["relations"]["same"]) == (4, 3)
    assert "events annotated twice: 1" in render_agreement(result)


def test_omissions_are_judged_against_the_gold_proposition_an_alignment_matches() -> None:
    outlet_of = {A: "north", B: "south", C: "east", D: "west"}
    alignments = [
        # the mayor's: A and B render it, C omits it per the prediction, but gold has C's rendering: a false omission
        {"members": [{"claim_id": "a1"}, {"claim_id": "b1"}], "omitted_by": ["east"]},
        # the captain's: A and B; gold has a member in C too, but C is not flagged; nothing to judge
        {"members": [{"claim_id": "a2"}, {"claim_id": "b2"}], "omitted_by": []},
        # a claim no gold member matches: flagged, not judged
        {"members": [{"claim_id": "a3"}, {"claim_id": "c2"}], "omitted_by": ["south"]},
        # one outlet alone (three of the event's outlets omit it): not counted
        {"members": [{"claim_id": "c1"}], "omitted_by": ["north", "south", "west"]},
    ]
    found = omissions(FERRY_GOLD, alignments, FERRY_CLAIMS, outlet_of)
    assert found == {"flagged": 2, "judged": 1, "true": 0, "precision": 0.0}
    gold_without_c = [FERRY_GOLD[0] | {"members": FERRY_GOLD[0]["members"][:2]}, FERRY_GOLD[1]]
    assert omissions(gold_without_c, alignments, FERRY_CLAIMS, outlet_of)["true"] == 1


def test_a_fact_claim_on_a_speakers_words_matches_no_attributed_member() -> None:
    # c3 moved onto the captain's member in C, once as an attribution and once as a fact in the outlet's own voice
    attributed = [c for c in FERRY_CLAIMS if c["id"] != "c3"] + [claim("c3", C, 400, 420)]
    as_fact = [c for c in FERRY_CLAIMS if c["id"] != "c3"] + [claim("c3", C, 400, 420) | {"kind": "fact"}]
    assert score_alignments(FERRY_GOLD, FERRY_ALIGNMENTS, attributed)["claims"]["matched"] == 6
    assert score_alignments(FERRY_GOLD, FERRY_ALIGNMENTS, as_fact)["claims"]["matched"] == 5
    facts = [p | {"kind": "fact"} for p in FERRY_GOLD]
    assert score_alignments(facts, FERRY_ALIGNMENTS, as_fact, ("fact",))["claims"]["matched"] == 6  # a fact member takes any claim


def test_the_command_scores_facts_and_omissions(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    fact = {"event": "ferry", "kind": "fact", "speaker": "outlet", "members": [member(A, 500, 520, "same"), member(C, 600, 640, "paraphrase")]}
    gold.write_text("".join(json.dumps(p) + "\n" for p in [*FERRY_GOLD, fact]), encoding="utf-8")
    articles = [{"type": "article", "id": a, "outlet_id": o} for a, o in ((A, "fox"), (B, "nyt"), (C, "hpo"))]
    claims = [c | {"type": "claim", "kind": "fact" if c["id"] in ("a3", "c2") else "indirect"} for c in FERRY_CLAIMS]
    aligned = [alignment(("a3", "same"), ("c2", "paraphrase")) | {"omitted_by": ["nyt"]}, *FERRY_ALIGNMENTS]
    pred.write_text("".join(json.dumps(r) + "\n" for r in articles + claims + aligned), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "alignments", "--gold", str(gold), "--pred", str(pred), "--kind", "fact", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["kinds"] == ["fact"] and found["pairs"]["true"] == 1
    both = CliRunner().invoke(cli, ["score", "alignments", "--gold", str(gold), "--pred", str(pred), "--kind", "all", "--format", "json"])
    assert json.loads(both.stdout)["omissions"] == {"flagged": 1, "judged": 1, "true": 1, "precision": 1.0}  # nyt has no member of the fact
    text = CliRunner().invoke(cli, ["score", "alignments", "--gold", str(gold), "--pred", str(pred), "--kind", "all"])
    assert text.exit_code == 0 and "omissions of propositions two outlets carry: 1 flagged, 1 judged, 1 true" in text.stdout
