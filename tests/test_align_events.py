"""Event grouping on synthetic articles of fictional outlets, and a floor on the development pool when the corpora are present."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

from toolkit.align.events import Params, candidates, group_events, method, tokens, vectors

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("PARALLAX_CORPORA") or ROOT.parent / "shared" / "corpora")
POOL_F1_FLOOR = 0.83  # B-cubed F1 measured 0.8364 on the pool (threshold chosen on that same pool)

STORIES = {
    "bridge": (
        "Harbor bridge closes for repairs",
        "Mayor Mira Olsen said the Calder harbor bridge will close for six weeks of cable repairs; ferries will run hourly.",
    ),
    "strike": (
        "Dockworkers strike at Velmora port",
        "Dockworkers at the Velmora container port walked out over pay; the union leader Tomas Reyes promised pickets.",
    ),
    "flood": ("River Anselm floods lower town", "The river Anselm burst its banks and flooded the lower town of Brisk; volunteers filled sandbags overnight."),
    "orchestra": (
        "Quillon orchestra names conductor",
        "The Quillon symphony orchestra named Ilse Marrow its principal conductor after a vote of the musicians.",
    ),
}
OUTLETS = ("harbor-gazette", "velmora-herald", "brisk-courier")


def article(n: int, story: str, outlet: str, published: str | None = "2031-04-02", suffix: str = "") -> dict[str, Any]:
    """A synthetic article (fictional outlet, people and places) retelling a story."""
    headline, text = STORIES[story]
    return {"id": f"art_{story}_{n}", "outlet_id": outlet, "headline": headline, "text": f"{text} {suffix}".strip(), "published": published}


def synthetic() -> list[dict[str, Any]]:
    """Each story told once by each fictional outlet, with a few words of its own."""
    extra = ("Officials gave no timetable.", "Residents reacted on local radio.", "Reporting continues this evening.")
    return [article(n, story, outlet, suffix=extra[n]) for story in STORIES for n, outlet in enumerate(OUTLETS)]


def test_tokens_fold_case_accents_stopwords_and_plurals() -> None:
    assert tokens("The Mayor’s bridges in Brisk are Café-owned, 5 ships") == ["mayor", "bridge", "brisk", "cafe", "owned", "ship"]


def test_vectors_are_unit_length() -> None:
    for vec in vectors(synthetic(), 3):
        assert sum(w * w for w in vec.values()) == pytest.approx(1.0)


def test_candidates_skip_terms_held_by_too_many_articles() -> None:
    vecs = [{0: 1.0}, {0: 1.0}, {0: 1.0}, {1: 1.0}, {1: 1.0}]
    assert candidates(vecs, keys=1, max_block=3) == {(0, 1), (0, 2), (1, 2), (3, 4)}
    assert candidates(vecs, keys=1, max_block=2) == {(3, 4)}


def test_groups_each_story_across_outlets() -> None:
    clusters = group_events(synthetic())
    expected = sorted(sorted(f"art_{story}_{n}" for n in range(3)) for story in STORIES)
    assert clusters == expected


def test_every_article_in_exactly_one_cluster_and_unrelated_ones_alone() -> None:
    lone = {"id": "art_lone", "outlet_id": "brisk-courier", "headline": "Chess club wins trophy", "text": "Knights and rooks.", "published": None}
    articles = [*synthetic()[:3], lone]
    clusters = group_events(articles)
    assert ["art_lone"] in clusters
    assert sorted(a for c in clusters for a in c) == sorted(a["id"] for a in articles)


def test_distant_dates_keep_a_retold_story_apart() -> None:
    near = [article(0, "flood", "harbor-gazette", "2031-04-02"), article(1, "flood", "velmora-herald", "2031-04-03")]
    far = [article(0, "flood", "harbor-gazette", "2031-04-02"), article(1, "flood", "velmora-herald", "2033-09-30")]
    background = synthetic()[:6]
    params = Params(hub_k=0, threshold=0.5)
    assert ["art_flood_0", "art_flood_1"] in group_events(near + background, params)
    assert ["art_flood_0", "art_flood_1"] not in group_events(far + background, params)


def test_same_outlet_is_a_soft_constraint() -> None:
    twins = [article(0, "strike", "harbor-gazette"), article(1, "strike", "harbor-gazette", suffix="Update.")]
    assert group_events(twins, Params(hub_k=0, threshold=0.5)) == [["art_strike_0", "art_strike_1"]]  # near-identical: merged all the same
    assert group_events(twins, Params(hub_k=0, threshold=0.5, same_outlet_penalty=0.9)) == [["art_strike_0"], ["art_strike_1"]]


def test_deterministic_and_order_independent() -> None:
    articles = synthetic()
    assert group_events(articles) == group_events(list(reversed(articles)))


def test_method_cites_parameters() -> None:
    assert method()["parameters"]["threshold"] == Params().threshold


def test_pool_floor(tmp_path: Path) -> None:
    if not all((CORPORA / name).is_dir() for name in ("basil", "pac", "allsides-neus")):
        pytest.skip(f"BASIL, PAC or AllSides not found under {CORPORA}: the shared corpora are not beside the repository (set PARALLAX_CORPORA)")
    spec = importlib.util.spec_from_file_location("bench_events", ROOT / "benchmarks" / "bench_events.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(CORPORA)
    assert result["articles"] == 1803 and result["gold_events"] == 652
    assert result["bcubed"]["f1"] >= POOL_F1_FLOOR
