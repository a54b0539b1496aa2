"""Actor scoring: right, null and wrong actors on synthetic PolNeAR-like sources, B-cubed on synthetic BASIL-like speakers.

Every article, person and outlet here is fictional; the figures are worked out by hand in the comments.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from paths import CORPORA, needs

from toolkit.cli import cli
from toolkit.importers import run_import
from toolkit.records import read_records, write_jsonl
from toolkit.registry import OutletRegistry
from toolkit.score_actors import (
    Cast,
    Referent,
    ReferentsError,
    label_items,
    loose_key,
    mention_form,
    place_referents,
    read_referents,
    render_basil,
    render_polnear,
    same_name,
    score_basil,
    score_polnear,
)

BASIL = CORPORA / "basil"


def article(aid: str, headline: str, text: str, stem: str = "") -> dict[str, Any]:
    """A minimal article record: the fields the scorer reads."""
    return {"type": "article", "id": aid, "headline": headline, "text": text, "text_sha256": f"hash-{aid}", "source": {"original_id": stem or aid}}


def span(text: str, words: str, nth: int = 0) -> dict[str, Any]:
    """The evidence of the nth occurrence of words in a body text."""
    start = [m.start() for m in re.finditer(re.escape(words), text)][nth]
    return {"text": words, "spans": [{"field": "body", "start": start, "end": start + len(words), "exact": words}]}


def claim(aid: str, cid: str, text: str, content: str, mention: str | None = None, nth: int = 0, actor: str | None = None) -> dict[str, Any]:
    """A claim of an article: its content and, when given, its speaker's mention (nth occurrence) and actor."""
    speaker: dict[str, Any] = {"actor_id": actor}
    if mention is not None:
        speaker["mention"] = span(text, mention, nth)
    return {"type": "claim", "id": cid, "article_id": aid, "speaker": speaker, "content": span(text, content)}


def actor(aid: str, name: str, same_as: str | None = None, aliases: list[str] | None = None) -> dict[str, Any]:
    """An actor record."""
    record: dict[str, Any] = {"type": "actor", "id": aid, "name": name, "actor_type": "person"}
    if same_as:
        record["same_as"] = same_as
    if aliases:
        record["aliases"] = aliases
    return record


# --- names ----------------------------------------------------------------------------------------------------------


def test_names_compare_without_titles_and_middle_initials() -> None:
    assert same_name("Donald J. Trump", "Donald Trump")
    assert same_name("Sen. Ada Quill", "ada  quill")
    assert same_name("President Ada B. C. Quill", "Ada Quill")
    assert loose_key("Mr. Bram Osk") == "bram osk"
    assert not same_name("Ada Quill", "Bram Quill")
    assert not same_name("Ada Quill", "Quill")  # a surname alone is not the person: the actor must carry it as an alias
    assert loose_key("Governor") == "governor"  # a title alone stays a word


@pytest.mark.parametrize(
    ("mention", "form"),
    [
        ("She", "pronoun"),
        ("they", "pronoun"),
        ("Ada Quill", "name"),
        ("Mayor Ada J. Quill", "name"),
        ("the Ellery Dock Board", "name"),
        ("Bank of Ellery", "name"),
        ("A spokesman for the Ellery Dock Board", "description"),
        ("the mayor", "description"),
        ("Quill's aides", "description"),
        ("", "description"),
    ],
)
def test_mention_forms(mention: str, form: str) -> None:
    assert mention_form(mention) == form


# --- PolNeAR ----------------------------------------------------------------------------------------------------------

HEADLINE = "Port Ellery Harbor To Reopen"
BODY = (
    "Mayor Ada J. Quill said the harbor would reopen in May. She added that the fees would fall. "
    "A spokesman for the Ellery Dock Board said nothing was decided. Critics said the plan was late. "
    "Quill said she was confident of the date. Cora Vell said the boats were ready. She said the crews were not."
)
RAW = f"{HEADLINE}\n\n{BODY}"  # the corpus's text file: headline line, blank line, body


def referent(mention: str, name: str | None, kind: str = "person", nth: int = 0) -> dict[str, Any]:
    """A referents line for the nth occurrence of a mention in the raw text."""
    start = [m.start() for m in re.finditer(re.escape(mention), RAW)][nth]
    return {"article": "fictional_2026-01-01_harbor", "start": start, "end": start + len(mention), "mention": mention, "referent": name, "kind": kind}


def polnear_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Gold, predicted and referents of one fictional article.

    gold claims and referents:            predicted actor (canonical)          outcome
      g1 "Mayor Ada J. Quill" Ada Quill   p1 ada-quill                         right (middle initial, title aside)
      g2 "She" (1st)          Ada Quill   p2 a-quill -> ada-quill (same_as)    right (through same_as)
      g3 "A spokesman ..."    Ellery Dock Board (organization)  p3 null        null
      g4 "Critics"            null referent                     p4 ada-quill   not counted
      g5 "Quill"              Ada Quill   (no predicted claim)                 not found
      g6 "Cora Vell"          Cora Vell   p6 ada-quill                         wrong
      g7 "She" (2nd)          Cora Vell   p7 vell -> cora-vell, alias "C. Vell"  right (alias of a merged actor)
    """
    aid = "art_harbor"
    gold = [
        claim(aid, "g1", BODY, "the harbor would reopen in May", "Mayor Ada J. Quill"),
        claim(aid, "g2", BODY, "the fees would fall", "She"),
        claim(aid, "g3", BODY, "nothing was decided", "A spokesman for the Ellery Dock Board"),
        claim(aid, "g4", BODY, "the plan was late", "Critics"),
        claim(aid, "g5", BODY, "she was confident of the date", "Quill", nth=1),
        claim(aid, "g6", BODY, "the boats were ready", "Cora Vell"),
        claim(aid, "g7", BODY, "the crews were not", "She", nth=1),
    ]
    predicted = [
        claim(aid, "p1", BODY, "the harbor would reopen", actor="ada-quill"),
        claim(aid, "p2", BODY, "the fees would fall", actor="a-quill"),
        claim(aid, "p3", BODY, "nothing was decided"),
        claim(aid, "p4", BODY, "the plan was late", actor="ada-quill"),
        claim(aid, "p6", BODY, "the boats were ready", actor="ada-quill"),
        claim(aid, "p7", BODY, "the crews were not", actor="vell"),
    ]
    actors = [
        actor("ada-quill", "Ada Quill"),
        actor("a-quill", "A. Quill", same_as="ada-quill"),
        actor("cora-vell", "Cora Vell"),
        actor("vell", "Ms. Vell", same_as="cora-vell", aliases=["C. Vell"]),
    ]
    # the canonical actor's own name is "Cora Vell" too; to test the alias path, the referent of g7 is "C. Vell"
    lines = [
        referent("Mayor Ada J. Quill", "Ada Quill"),
        referent("She", "Ada Quill"),
        referent("A spokesman for the Ellery Dock Board", "Ellery Dock Board", "organization"),
        referent("Critics", None, "group"),
        referent("Quill", "Ada Quill", nth=1),  # the first is inside "Mayor Ada J. Quill"
        referent("Cora Vell", "Cora Vell"),
        referent("She", "C. Vell", nth=1),
    ]
    folder_gold, folder_pred = tmp_path / "gold", tmp_path / "pred"
    write_jsonl(folder_gold / "data.jsonl", [article(aid, HEADLINE, BODY, "fictional_2026-01-01_harbor"), *gold])
    write_jsonl(folder_pred / "data.jsonl", [article(aid, HEADLINE, BODY), *predicted, *actors])
    write_jsonl(tmp_path / "referents.jsonl", lines)
    return folder_gold, folder_pred, tmp_path / "referents.jsonl"


def test_polnear_right_null_wrong_by_hand(tmp_path: Path) -> None:
    gold, pred, referents = polnear_folders(tmp_path)
    scores = score_polnear([gold], [pred], read_referents([referents])).to_dict()
    # counted: g1 g2 g3 g5 g6 g7 (6); found: all but g5 (5); right g1 g2 g7, null g3, wrong g6
    assert scores["referents"] == {"lines": 7, "null": 1, "unplaced": 0}
    overall = scores["overall"]
    assert (overall["gold"], overall["matched"], overall["right"], overall["null"], overall["wrong"]) == (6, 5, 3, 1, 1)
    assert overall["right_of_matched"] == pytest.approx(3 / 5)
    assert overall["null_of_matched"] == pytest.approx(1 / 5)
    assert overall["wrong_of_matched"] == pytest.approx(1 / 5)
    assert overall["right_of_gold"] == pytest.approx(3 / 6)
    assert overall["matched_of_gold"] == pytest.approx(5 / 6)
    # forms: names g1 (right) g5 (not found) g6 (wrong); pronouns g2 g7 (right); description g3 (null)
    forms = {form: (t["gold"], t["matched"], t["right"], t["null"], t["wrong"]) for form, t in scores["by_form"].items()}
    assert forms == {"name": (3, 2, 1, 0, 1), "pronoun": (2, 2, 2, 0, 0), "description": (1, 1, 0, 1, 0)}
    kinds = {kind: (t["gold"], t["matched"], t["right"]) for kind, t in scores["by_kind"].items()}
    assert kinds == {"person": (5, 4, 3), "organization": (1, 1, 0)}
    assert "overall" in render_polnear(score_polnear([gold], [pred], read_referents([referents])))


def test_polnear_without_same_as_the_merged_names_do_not_count(tmp_path: Path) -> None:
    gold, pred, referents = polnear_folders(tmp_path)
    records = [r for _p, r in read_records([pred])]
    for record in records:
        record.pop("same_as", None)
    write_jsonl(pred / "data.jsonl", records)
    overall = score_polnear([gold], [pred], read_referents([referents])).overall
    # g2's a-quill is now "A. Quill" (not Ada Quill: the initial is the first word); g7's vell is "Ms. Vell", alias "C. Vell": still right
    assert (overall.right, overall.wrong) == (2, 2)


def test_referents_place_by_rank_or_nearest() -> None:
    text = "So he said yes. Later he said no."
    record = article("art_x", "H", text)
    claims = [claim("art_x", "c1", text, "yes", "he"), claim("art_x", "c2", text, "no", "he", nth=1)]
    first, second = (m.start() for m in re.finditer(r"\bhe\b", text))
    # raw offsets: headline "H", a blank line, then the body (3 code points ahead)
    lines = [Referent("x", second + 3, second + 5, "he", "B", "person"), Referent("x", first + 3, first + 5, "he", "A", "person")]
    placed = {r.referent: [c["id"] for c in found] for r, found in place_referents(record, claims, lines)}
    assert placed == {"A": ["c1"], "B": ["c2"]}
    # as many referents as mentions go by rank, however far the stored text has moved (the nearest would be c2 twice)
    moved = [Referent("x", r.start + 30, r.end + 30, r.mention, r.referent, r.kind) for r in lines]
    assert {r.referent: [c["id"] for c in found] for r, found in place_referents(record, claims, moved)} == {"A": ["c1"], "B": ["c2"]}
    # three referents of "he" for two mentions: each goes to the nearest (the extra one, near the start, to the first)
    extra = Referent("x", 0, 2, "he", "C", "person")
    placed = {r.referent: [c["id"] for c in found] for r, found in place_referents(record, claims, [*lines, extra])}
    assert placed == {"A": ["c1"], "B": ["c2"], "C": ["c1"]}
    # words no gold mention has: placed nowhere
    assert place_referents(record, claims, [Referent("x", 0, 3, "she", "D", "person")])[0][1] == []


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("{", "not JSON"),
        ("[1]", "not a JSON object"),
        ('{"article": "a", "mention": "he", "start": 5, "end": 2, "referent": null}', "offsets"),
        ('{"article": "a", "mention": "he", "start": 0, "end": 2, "referent": 3}', "referent"),
        ('{"mention": "he", "start": 0, "end": 2, "referent": null}', "article"),
    ],
)
def test_bad_referents_lines_are_refused(tmp_path: Path, line: str, why: str) -> None:
    (tmp_path / "r.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ReferentsError, match=why):
        read_referents([tmp_path / "r.jsonl"])


def test_polnear_command(tmp_path: Path) -> None:
    gold, pred, referents = polnear_folders(tmp_path)
    args = ["score", "actors", "--corpus", "polnear", "--gold", str(gold), "--predicted", str(pred)]
    result = CliRunner().invoke(cli, [*args, "--referents", str(referents), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["right"] == 3
    missing = CliRunner().invoke(cli, args)
    assert missing.exit_code == 2 and "needs --referents" in missing.output
    (tmp_path / "bad.jsonl").write_text("{\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, [*args, "--referents", str(tmp_path / "bad.jsonl")])
    assert bad.exit_code == 2 and "bad.jsonl:1: not JSON" in bad.output


# --- BASIL ----------------------------------------------------------------------------------------------------------

TEXT = "Ada Quill said the port was safe. Bram Osk called it a disgrace. Critics said it was a sham. The paper said little."


def basil_claim(aid: str, cid: str, content: str, label: str | None, quoted: bool = True, text: str = TEXT) -> dict[str, Any]:
    """A gold claim of a BASIL-like span: its framing label carries the quote flag and the speaker label."""
    attributes: dict[str, Any] = {"quote": "yes" if quoted else "no"}
    if label:
        attributes["speaker"] = label
    record = claim(aid, cid, text, content)
    record["framing"] = [{"scheme": "basil", "label": "lex", "voice": "speaker" if quoted else "outlet", "attributes": attributes}]
    return record


def basil_folders(tmp_path: Path) -> tuple[Path, Path]:
    """Three fictional triplets: A (a1 a2 a3), B (b1), C (c1, in no predicted event).

    items (predicted claims on labelled quoted spans)     gold label     predicted cluster
      i1 a1 "the port was safe"                           ada quill      ada-quill
      i2 a1 "it a disgrace"                               bram osk       bram-osk
      i3 a2 "the port was safe"                           ada quill      quill -> ada-quill (same_as)
      i4 a3 "it a disgrace"                               bram osk       null (its own)
      i5 b1 "the port was safe"  (label "ADA_QUILL")      ada quill      ada-quill-b (another actor)
      i6 b1 "it a disgrace"                               cora vell      null (its own)
    left out: a2's other_anti span, a1's unquoted span, a predicted claim on no gold span.
    """
    ids = ["a1", "a2", "a3", "b1", "c1"]
    gold_claims = [
        basil_claim("a1", "ga1", "the port was safe", "Ada_Quill"),
        basil_claim("a1", "gb1", "it a disgrace", "Bram_Osk"),
        basil_claim("a1", "gn1", "little", None, quoted=False),
        basil_claim("a2", "ga2", "the port was safe", "Ada_Quill"),
        basil_claim("a2", "go2", "it was a sham", "other_anti"),
        basil_claim("a3", "gb3", "it a disgrace", "bram_osk"),
        basil_claim("b1", "ga4", "the port was safe", "ADA_QUILL"),
        basil_claim("b1", "gc4", "it a disgrace", "Cora_Vell"),
    ]
    predicted = [
        claim("a1", "i1", TEXT, "the port was safe", actor="ada-quill"),
        claim("a1", "i2", TEXT, "it a disgrace", actor="bram-osk"),
        claim("a1", "x1", TEXT, "little", actor="bram-osk"),
        claim("a2", "i3", TEXT, "the port was safe", actor="quill"),
        claim("a2", "x2", TEXT, "it was a sham", actor="ada-quill"),
        claim("a3", "i4", TEXT, "it a disgrace"),
        claim("a3", "x3", TEXT, "Ada Quill"),
        claim("b1", "i5", TEXT, "the port was safe", actor="ada-quill-b"),
        claim("b1", "i6", TEXT, "it a disgrace"),
    ]
    actors = [
        actor("ada-quill", "Ada Quill"),
        actor("quill", "Mayor Quill", same_as="ada-quill"),
        actor("bram-osk", "Bram Osk"),
        actor("ada-quill-b", "Ada Quill"),
        actor("cora-vell", "Sen. Cora Vell"),
    ]
    gold_events = [
        {"type": "event", "id": "evt_a", "article_ids": ["a1", "a2", "a3"], "participants": ["ada-quill"]},
        {"type": "event", "id": "evt_b", "article_ids": ["b1"], "participants": ["cora-vell", "bram-osk"]},
        {"type": "event", "id": "evt_c", "article_ids": ["c1"]},
    ]
    predicted_events = [
        {"type": "event", "id": "evt_p1", "article_ids": ["a1", "a2"], "participants": ["quill"]},
        {"type": "event", "id": "evt_p2", "article_ids": ["b1"], "participants": ["cora-vell"]},
    ]
    gold_actors = [actor("ada-quill", "Ada Quill"), actor("cora-vell", "Cora Vell"), actor("bram-osk", "Bram Osk")]
    folder_gold, folder_pred = tmp_path / "gold", tmp_path / "pred"
    write_jsonl(folder_gold / "data.jsonl", [*(article(a, "H", TEXT) for a in ids), *gold_claims, *gold_events, *gold_actors])
    write_jsonl(folder_pred / "data.jsonl", [*(article(a, "H", TEXT) for a in ids), *predicted, *actors, *predicted_events])
    return folder_gold, folder_pred


def test_basil_bcubed_pooled_with_nulls_as_singletons(tmp_path: Path) -> None:
    gold, pred = basil_folders(tmp_path)
    scores = score_basil([gold], [pred])
    # every predicted cluster is pure -> precision 1 (were the two nulls one cluster, i4 and i6 would each score 1/2)
    # recall: i1 2/3, i3 2/3, i5 1/3 (ada quill is three items, the b1 one another actor), i2 1/2, i4 1/2, i6 1 -> 11/3 of 6
    assert (scores.gold_spans, scores.covered, scores.claims, scores.resolved) == (6, 6, 6, 4)
    assert (scores.speakers, scores.actors) == (3, 3)
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(11 / 18)
    assert scores.f1 == pytest.approx(2 * (11 / 18) / (1 + 11 / 18))
    assert scores.to_dict()["resolution"] == pytest.approx(4 / 6)
    # main entities, from the gold participants: A {Ada Quill} named by quill -> ada-quill; B {Cora Vell, Bram Osk}:
    # "Sen. Cora Vell" names Cora Vell; C has none and no predicted event
    assert (scores.triplets, scores.triplets_without_event, scores.entities, scores.entities_named) == (3, 1, 3, 2)
    assert "B-cubed precision 1.0000" in render_basil(scores)


def test_basil_merging_across_triplets_is_rewarded(tmp_path: Path) -> None:
    gold, pred = basil_folders(tmp_path)
    records = [r for _p, r in read_records([pred])]
    for record in records:
        if record.get("id") == "ada-quill-b":
            record["same_as"] = "ada-quill"
    write_jsonl(pred / "data.jsonl", records)
    scores = score_basil([gold], [pred])
    # ada quill is now one cluster of i1 i3 i5: recall 1 + 1 + 1 + 1/2 + 1/2 + 1 = 5 of 6
    assert scores.recall == pytest.approx(5 / 6)
    assert scores.actors == 2


def test_basil_main_entities_given(tmp_path: Path) -> None:
    gold, pred = basil_folders(tmp_path)
    entities = {"a1": ["Ada_Quill", "Dock_Board"], "a3": ["Eli_Marr"], "b1": ["Cora_Vell"]}
    scores = score_basil([gold], [pred], entities)
    # A {Ada Quill, Dock Board, Eli Marr}: one named; B {Cora Vell}: named
    assert (scores.entities, scores.entities_named) == (4, 2)


def test_a_claim_over_two_labelled_spans_takes_the_larger() -> None:
    text = "Ada Quill said the port was safe and Bram Osk said the port was a disgrace."
    gold = [
        basil_claim("a", "g1", "safe", "Ada_Quill", text=text),
        basil_claim("a", "g2", "the port was a disgrace", "Bram_Osk", text=text),
    ]
    predicted = [claim("a", "p", text, "safe and Bram Osk said the port was a disgrace")]
    truth, clusters, covered = label_items(gold, predicted, Cast.of({}), "a")
    assert truth == {"a#p": "bram osk"} and clusters == {"a#p": "null:a#p"} and covered == 2


def test_basil_command(tmp_path: Path) -> None:
    gold, pred = basil_folders(tmp_path)
    result = CliRunner().invoke(cli, ["score", "actors", "--corpus", "basil", "--gold", str(gold), "--pred", str(pred), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["bcubed"]["recall"] == pytest.approx(11 / 18) and found["main_entities"]["share"] == pytest.approx(2 / 3)


# --- the real corpus: a couple of BASIL triplets end to end -------------------------------------------------------


@needs(BASIL / "articles", BASIL / "annotations")
def test_basil_end_to_end_on_two_triplets(tmp_path: Path) -> None:
    from toolkit import flows
    from toolkit.extract import extract
    from toolkit.flows import Session

    corpus = tmp_path / "basil"
    for folder in ("articles", "annotations"):
        for file in sorted((BASIL / folder / "2012").glob("*"))[:6]:  # two triplets: three articles and their annotations
            (corpus / folder / "2012").mkdir(parents=True, exist_ok=True)
            shutil.copy(file, corpus / folder / "2012" / file.name)
    run_import("basil", corpus, tmp_path / "gold", OutletRegistry())
    flows.extract(Session(None), [tmp_path / "gold" / "articles"], tmp_path / "pred", extract)
    flows.align(Session(None), tmp_path / "pred")
    scores = score_basil([tmp_path / "gold"], [tmp_path / "pred"])
    assert scores.triplets == 2 and scores.gold_spans > 0 and scores.unpaired_articles == 0
    assert 0 < scores.claims <= scores.gold_spans * 3
    assert 0.0 <= scores.resolved <= scores.claims
    assert 0.0 <= scores.precision <= 1.0 and 0.0 <= scores.recall <= 1.0 and 0.0 <= scores.f1 <= 1.0
    assert scores.recall > 0.0 and scores.precision > 0.0  # every item at least shares a cluster with itself


def test_typed_actors_are_singletons_but_count_as_resolved() -> None:
    text = "A statement said the port was safe. Analysts said the port was a disgrace."
    gold = [basil_claim("a", "g1", "the port was safe", "Ada_Quill", text=text), basil_claim("a", "g2", "the port was a disgrace", "Bram_Osk", text=text)]
    predicted = [
        claim("a", "p1", text, "the port was safe", actor="unnamed-document"),
        claim("a", "p2", text, "the port was a disgrace", actor="unnamed-document"),
    ]
    truth, clusters, _covered = label_items(gold, predicted, Cast.of({}), "a")
    assert truth == {"a#p1": "ada quill", "a#p2": "bram osk"}
    assert clusters == {"a#p1": "typed:a#p1", "a#p2": "typed:a#p2"}  # 'some document' twice is not one speaker
