"""parallax score claims: pairing, one-to-one matching and the four levels, on fixtures with known answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.records import evidence, sha256_text, with_id, write_jsonl
from toolkit.score import count, count_per_level, extent, largest_matching, match, score_claims

TEXT = "Mayor Mira Olsen said the bridge will close for six weeks. Councillor Tomas Reyes argued that the ferry must run every hour."
BRIDGE = TEXT.index("the bridge")
FERRY = TEXT.index("the ferry")


def article(outlet: str | None = "harbor-gazette") -> dict[str, Any]:
    """The one synthetic article both sides hold (the same text, so the same hash)."""
    record = {
        "type": "article",
        "outlet_id": outlet,
        "headline": "Bridge to close",
        "published": "2024-03-21",
        "language": "en",
        "genre": "reporting",
        "text": TEXT,
        "text_sha256": sha256_text(TEXT),
        "text_length": len(TEXT),
        "source": {"format": "text"},
        "rights": {"redistributable": True, "note": "synthetic"},
    }
    return with_id(record | ({} if outlet else {"outlet_unknown_reason": "synthetic"}))


def claim(art: dict[str, Any], content: tuple[int, int], speaker: tuple[int, int] | None = None, cue: tuple[int, int] | None = None) -> dict[str, Any]:
    """A claim of the article with the given spans."""
    record: dict[str, Any] = {
        "type": "claim",
        "article_id": art["id"],
        "outlet_id": art["outlet_id"],
        "kind": "indirect",
        "speaker": {"actor_id": None},
        "content": evidence(TEXT, [content]),
        "provenance": {"method": "human"},
    }
    if speaker:
        record["speaker"]["mention"] = evidence(TEXT, [speaker])
    if cue:
        record["cue"] = {"text": TEXT[cue[0] : cue[1]], "spans": evidence(TEXT, [cue])["spans"]}
    return with_id(record)


def side(folder: Path, records: list[dict[str, Any]]) -> Path:
    """A data folder holding the records."""
    write_jsonl(folder / "records.jsonl", records)
    return folder


GOLD_BRIDGE = ((BRIDGE, TEXT.index(".")), (0, 16), (17, 21))
GOLD_FERRY = ((FERRY, len(TEXT) - 1), (TEXT.index("Councillor"), FERRY - 14), (FERRY - 13, FERRY - 8))


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Gold: two claims. Predicted: the bridge claim exact (speaker and cue right), the ferry claim half (speaker wrong, no cue), one extra."""
    art = article()
    gold = [claim(art, *GOLD_BRIDGE), claim(art, *GOLD_FERRY)]
    ferry_half = (FERRY + 4, len(TEXT) - 1)
    predicted = [claim(art, *GOLD_BRIDGE), claim(art, ferry_half, speaker=(0, 5)), claim(art, (0, 16))]
    return side(tmp_path / "gold", [art, *gold]), side(tmp_path / "pred", [article(), *predicted])


def test_levels_count_what_they_say(folders: tuple[Path, Path]) -> None:
    gold, predicted = folders
    scores = score_claims([gold], [predicted])
    assert (scores.paired, scores.overall.gold, scores.overall.predicted) == (1, 2, 3)
    assert scores.overall.tp == {"claim": 2, "claim+speaker": 1, "claim+cue": 1, "exact content": 1}
    found = scores.overall.scores()["claim"]
    assert (found["precision"], found["recall"]) == (2 / 3, 1.0)
    assert found["f1"] == pytest.approx(0.8)
    assert set(scores.by_outlet) == {"harbor-gazette"}


def test_overlap_under_half_of_the_shorter_is_no_match() -> None:
    art = article()
    gold = [claim(art, (FERRY, len(TEXT) - 1))]
    assert match(gold, [claim(art, (FERRY - 30, FERRY + 3))]) == []
    assert len(match(gold, [claim(art, (FERRY + 10, len(TEXT) - 1))])) == 1


def test_one_to_one_best_overlap_first() -> None:
    art = article()
    gold = [claim(art, (BRIDGE, BRIDGE + 40))]
    near, exact = claim(art, (BRIDGE + 5, BRIDGE + 40)), claim(art, (BRIDGE, BRIDGE + 40))
    assert match(gold, [near, exact]) == [(gold[0], exact)]


def test_articles_pair_by_text_hash_whatever_their_outlet(tmp_path: Path) -> None:
    gold_art, predicted_art = article(), article(outlet=None)
    gold = side(tmp_path / "g", [gold_art, claim(gold_art, *GOLD_BRIDGE)])
    predicted = side(tmp_path / "p", [predicted_art, claim(predicted_art, *GOLD_BRIDGE)])
    scores = score_claims([gold], [predicted])
    assert scores.paired == 1 and scores.overall.tp["exact content"] == 1


def test_exact_content_is_the_same_words_however_they_are_split_into_spans(tmp_path: Path) -> None:
    """One text as two spans a blank apart (as brat splits a selection at a line end) is one span, and blanks at the edges do not count."""
    art = article()
    both = (BRIDGE, len(TEXT) - 1)  # the bridge sentence and the ferry sentence
    gap = TEXT.index(" Councillor")
    gold_record = claim(art, both)
    gold_record["content"] = evidence(TEXT, [(BRIDGE, gap), (gap + 1, len(TEXT) - 1)])
    gold = side(tmp_path / "g", [art, gold_record])
    cases = {(BRIDGE, len(TEXT) - 1): 1, (BRIDGE - 1, len(TEXT) - 1): 1, (BRIDGE - 5, len(TEXT) - 1): 0, (BRIDGE, len(TEXT) - 2): 0}
    for content, exact in cases.items():
        predicted = side(tmp_path / f"p{content[0]}-{content[1]}", [article(), claim(article(), content)])
        scores = score_claims([gold], [predicted])
        assert (scores.overall.tp["claim"], scores.overall.tp["exact content"]) == (1, exact), content
    # Without the texts, spans compare as they are.
    assert extent([("body", 0, 4), ("body", 5, 9)]) == [("body", 0, 4), ("body", 5, 9)]
    assert extent([("body", 5, 9), ("body", 0, 4)], {"body": "tide pool"}) == [("body", 0, 9)]


def test_gold_articles_without_predictions_count_as_missed(tmp_path: Path) -> None:
    art = article()
    gold = side(tmp_path / "g", [art, claim(art, *GOLD_BRIDGE)])
    scores = score_claims([gold], [side(tmp_path / "p", [])])
    assert (scores.gold_only, scores.overall.gold, scores.overall.tp["claim"]) == (1, 1, 0)


def test_per_level_pairing_lets_a_near_whole_content_take_the_pair_a_fragment_took() -> None:
    """Pairs on content: a fragment inside the gold content is the closest pair (all of it overlaps), so a near-whole
    reading with the right speaker and cue is left over. Per level, each level finds its own best one-to-one matching."""
    art = article()
    ferry = claim(art, *GOLD_FERRY)
    fragment = claim(art, (FERRY, FERRY + 9))  # 'the ferry' alone, no speaker, no cue
    near = claim(art, (FERRY - 5, len(TEXT) - 6), speaker=GOLD_FERRY[1], cue=GOLD_FERRY[2])  # 'that the ferry must run every'
    assert match([ferry], [near, fragment]) == [(ferry, fragment)]
    assert count([ferry], [near, fragment]).tp == {"claim": 1, "claim+speaker": 0, "claim+cue": 0, "exact content": 0}
    assert count_per_level([ferry], [near, fragment]).tp == {"claim": 1, "claim+speaker": 1, "claim+cue": 1, "exact content": 0}
    # Still one to one: two gold claims cannot share one prediction at any level.
    bridge = claim(art, *GOLD_BRIDGE)
    assert count_per_level([ferry, bridge], [near]).tp["claim"] == 1


def test_per_level_pairing_does_not_judge_a_speaker_the_gold_has_not() -> None:
    art = article()
    sourceless = claim(art, GOLD_BRIDGE[0])  # 'the bridge will close …' with no source (as PolNeAR's Attribution-no-source)
    named = claim(art, GOLD_BRIDGE[0], speaker=(0, 16))
    assert count([sourceless], [named]).tp["claim+speaker"] == 0
    assert count_per_level([sourceless], [named]).tp["claim+speaker"] == 1
    wrong = claim(art, *GOLD_BRIDGE)  # a gold speaker is judged as before
    assert count_per_level([wrong], [claim(art, GOLD_BRIDGE[0], speaker=(FERRY, FERRY + 5))]).tp["claim+speaker"] == 0


def test_largest_matching_is_one_to_one_and_largest() -> None:
    # Greedy in order would give gold 0 the prediction 0 and leave gold 1 nothing; the largest matching pairs both.
    assert largest_matching([[0, 1], [0]], 2) == 2
    assert largest_matching([[0], [0], [0]], 1) == 1
    assert largest_matching([[], [1]], 2) == 1
    assert largest_matching([], 3) == 0


def test_the_command_prints_json(folders: tuple[Path, Path]) -> None:
    gold, predicted = folders
    result = CliRunner().invoke(cli, ["score", "claims", "--gold", str(gold), "--pred", str(predicted), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["overall"]["true_positives"]["claim"] == 2
    assert document["per_level"]["overall"]["true_positives"] == {"claim": 2, "claim+speaker": 1, "claim+cue": 1, "exact content": 1}
    text = CliRunner().invoke(cli, ["score", "claims", "--gold", str(gold), "--pred", str(predicted)]).output
    assert "per level: a best one-to-one pairing" in text and text.count("overall") == 2
    assert document["articles"] == {"paired": 1, "gold_only": 0, "predicted_only": 0}


def test_the_shipped_seed_claims_score_perfectly_against_themselves() -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    scores = score_claims([data], [data])
    assert scores.overall.gold == 12 and all(s["f1"] == 1.0 for s in scores.overall.scores().values())
