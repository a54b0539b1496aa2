"""Event scoring: B-cubed and adjusted Rand index on small partitions computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.records import write_jsonl
from toolkit.score_events import adjusted_rand, bcubed, render, score_events


def events(path: Path, clusters: list[list[str]]) -> Path:
    """Event records, one per cluster, in a JSON Lines file."""
    write_jsonl(path, [{"type": "event", "id": f"evt_{path.stem}{n}", "article_ids": ids} for n, ids in enumerate(clusters)])
    return path


def test_hand_computed_partition(tmp_path: Path) -> None:
    # gold {a b c} {d e}; pred {a b} {c d e}
    # precision per article: a 1, b 1, c 1/3, d 2/3, e 2/3 -> 11/15; recall: a 2/3, b 2/3, c 1/3, d 1, e 1 -> 11/15
    # ARI: agreeing pairs 2, gold pairs 4, pred pairs 4, all pairs 10, expected 1.6, max 4 -> 0.4 / 2.4 = 1/6
    gold = events(tmp_path / "gold.jsonl", [["a", "b", "c"], ["d", "e"]])
    pred = events(tmp_path / "pred.jsonl", [["a", "b"], ["c", "d", "e"]])
    scores = score_events([gold], [pred])
    assert scores["bcubed"]["precision"] == pytest.approx(11 / 15)
    assert scores["bcubed"]["recall"] == pytest.approx(11 / 15)
    assert scores["bcubed"]["f1"] == pytest.approx(11 / 15)
    assert scores["ari"] == pytest.approx(1 / 6)
    assert (scores["articles"], scores["gold_events"], scores["pred_events"], scores["unassigned"]) == (5, 2, 2, 0)


def test_unequal_precision_and_recall() -> None:
    # gold {a b c d}; pred {a b} {c} {d}: precision 1; recall a 1/2, b 1/2, c 1/4, d 1/4 -> 3/8; F1 = 2 * 3/8 / (11/8) = 6/11
    # ARI: agreeing pairs 1, gold pairs 6, pred pairs 1, all pairs 6, expected 1, max 3.5 -> 0
    gold = dict.fromkeys("abcd", "g")
    pred = {"a": "p", "b": "p", "c": "q", "d": "r"}
    assert bcubed(gold, pred) == pytest.approx((1.0, 3 / 8, 6 / 11))
    assert adjusted_rand(gold, pred) == pytest.approx(0.0)


def test_unassigned_gold_articles_are_singletons_and_extra_predictions_ignored(tmp_path: Path) -> None:
    # gold {a b}; pred {a x}: x is not gold's, b is in no predicted event -> pred {a} {b}
    # precision 1, recall 1/2, F1 2/3; ARI: agreeing 0, gold pairs 1, pred pairs 0, expected 0, max 1/2 -> 0
    gold = events(tmp_path / "gold.jsonl", [["a", "b"]])
    pred = events(tmp_path / "pred.jsonl", [["a", "x"]])
    scores = score_events([gold], [pred])
    assert scores["bcubed"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3})
    assert scores["ari"] == pytest.approx(0.0)
    assert (scores["articles"], scores["pred_events"], scores["unassigned"]) == (2, 2, 1)


def test_identical_partitions_score_one_even_when_the_index_is_undefined(tmp_path: Path) -> None:
    gold = events(tmp_path / "gold.jsonl", [["a", "b"], ["c"]])
    assert score_events([gold], [gold])["ari"] == 1.0
    assert score_events([gold], [gold])["bcubed"]["f1"] == 1.0
    singles = {"a": "1", "b": "2"}
    assert adjusted_rand(singles, singles) == 1.0
    assert adjusted_rand(singles, {"a": "1", "b": "1"}) == 0.0


def test_folders_are_read_and_non_events_skipped(tmp_path: Path) -> None:
    (tmp_path / "gold" / "events").mkdir(parents=True)
    events(tmp_path / "gold" / "events" / "x.jsonl", [["a", "b"]])
    write_jsonl(tmp_path / "gold" / "articles.jsonl", [{"type": "article", "id": "a"}])
    pred = events(tmp_path / "pred.jsonl", [["b", "a"]])
    scores = score_events([tmp_path / "gold"], [pred])
    assert scores["bcubed"]["f1"] == 1.0
    assert scores["articles"] == 2


def test_render() -> None:
    text = render({"articles": 5, "gold_events": 2, "pred_events": 3, "unassigned": 1, "bcubed": {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}, "ari": 0.125})
    assert "B-cubed precision 0.5000  recall 0.2500  F1 0.3333" in text
    assert "adjusted Rand index 0.1250" in text
    assert "5 in 2 gold events, 3 predicted events (1 articles" in text
