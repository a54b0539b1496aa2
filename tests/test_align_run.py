"""`parallax align` on a synthetic data folder: events made and kept, files replaced, same bytes twice, refusals.

Every outlet, person, place and event here is fictional, written for these tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit import flows
from toolkit.align import meaning
from toolkit.align.run import GROUP, TOOL, AlignRefused
from toolkit.articles import ArticleMeta, article_record
from toolkit.cli import cli
from toolkit.extract import extract
from toolkit.flows import Session
from toolkit.lock import LOCK_NAME
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ["Harbor Gazette", "Brisk Courier", "Velmora Herald"]
ACTORS = [("Mira Olsen", "person", ["Olsen"]), ("Tomas Reyes", "person", ["Reyes"])]
BRIDGE = [
    (
        "Calder bridge to close for six weeks",
        'Mayor Mira Olsen said on Tuesday that the Calder harbor bridge will close for six weeks of cable repairs.\n\n"The cables are older than '
        'any of us, and we will not gamble with them," Olsen said at City Hall.',
    ),
    (
        "Mayor shuts Calder bridge, ferries to fill gap",
        "The Calder harbor bridge will shut for six weeks while its cables are repaired, Mayor Mira Olsen announced on Tuesday.\n\n"
        '"The cables are older than any of us," Olsen said, adding that ferries would run every hour.',
    ),
    (
        "Calder commuters face six weeks without harbor bridge",
        "Commuters in Calder will lose the harbor bridge for six weeks of cable repairs, Mayor Mira Olsen said on Tuesday.\n\n"
        "Olsen claimed the cables were older than anyone in the city, and ferry operators said they were ready.",
    ),
]
STRIKE = [
    (
        "Velmora dockworkers walk out over pay",
        "Dockworkers at the Velmora container port walked out on Thursday over pay.\n\n"
        '"We will picket every gate until the port pays what it owes," union leader Tomas Reyes told reporters.',
    ),
    (
        "Strike halts Velmora port",
        "A strike by dockworkers halted the Velmora container port on Thursday, as the union demanded better pay.\n\n"
        "Union leader Tomas Reyes warned that pickets would stay at every gate until the port paid what it owed.",
    ),
]


def outlet_id(name: str) -> str:
    """The id of a fictional outlet."""
    return str(with_id({"type": "outlet", "name": name, "provenance": {"method": "human"}})["id"])


def make_folder(folder: Path) -> Path:
    """A data folder: three fictional outlets, two actors, five articles on two events, and the claims the extractor finds."""
    outlets = [with_id({"type": "outlet", "name": name, "provenance": {"method": "human", "note": "synthetic"}}) for name in OUTLETS]
    actors = [with_id({"type": "actor", "name": n, "actor_type": t, "aliases": a, "provenance": {"method": "human"}}) for n, t, a in ACTORS]
    write_jsonl(folder / "outlets.jsonl", outlets)
    write_jsonl(folder / "actors.jsonl", actors)
    known = {a["id"]: a for a in actors}
    articles, claims = [], []
    for story, day in ((BRIDGE, "2021-04-01"), (STRIKE, "2021-05-08")):
        for (headline, body), outlet in zip(story, OUTLETS, strict=False):
            meta = ArticleMeta(outlet_id=outlet_id(outlet), published=day, rights={"redistributable": True, "note": "synthetic"})
            article = article_record(headline, body, meta)
            articles.append(article)
            claims.extend(c for c in extract(article, known) if c["type"] == "claim")
    write_jsonl(folder / "articles" / "synthetic.jsonl", articles)
    write_jsonl(folder / "claims" / "synthetic.jsonl", claims)
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh synthetic data folder."""
    return make_folder(tmp_path / "data")


def own(folder: Path, kind: str) -> list[dict[str, Any]]:
    """The records align wrote of one kind."""
    path = folder / kind / f"{GROUP}.jsonl"
    return [r for _p, r in read_records([path])] if path.is_file() else []


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path, but for the lock writers take (toolkit.lock)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


def test_articles_of_one_story_form_one_event_per_story(folder: Path) -> None:
    flows.align(Session(None), folder)
    events = own(folder, "events")
    assert len(events) == 2
    sizes = sorted(len(e["article_ids"]) for e in events)
    assert sizes == [2, 3]
    bridge = next(e for e in events if len(e["article_ids"]) == 3)
    assert bridge["window"] == {"start": "2021-04-01", "end": "2021-04-01"}
    assert bridge["participants"][0] == "mira-olsen"
    assert "Mira Olsen" in bridge["title"] and bridge["provenance"]["tool"] == TOOL
    assert validate([str(folder)], jobs=1).problems == []


def test_each_event_gets_alignments_and_one_comparison_per_outlet(folder: Path) -> None:
    flows.align(Session(None), folder)
    events = {e["id"]: e for e in own(folder, "events")}
    comparisons = own(folder, "comparisons")
    assert sorted((c["event_id"], c["outlet_id"]) for c in comparisons) == sorted(
        (e["id"], outlet_id(name)) for e in events.values() for name in OUTLETS[: len(e["article_ids"])]
    )
    alignments = own(folder, "alignments")
    assert alignments and all(a["event_id"] in events for a in alignments)
    quoted = [a for a in alignments if a["speaker_actor_id"] == "mira-olsen" and len({m["outlet_id"] for m in a["members"]}) > 1]
    assert quoted, "Olsen's quote about the cables is aligned across outlets"


def test_a_second_run_gives_the_same_bytes(folder: Path) -> None:
    flows.align(Session(None), folder)
    first = snapshot(folder)
    flows.align(Session(None), folder)
    assert snapshot(folder) == first


def test_events_already_in_the_data_are_kept_and_their_articles_not_grouped_again(folder: Path) -> None:
    articles = [r for _p, r in read_records([folder / "articles"])]
    strike = sorted(a["id"] for a in articles if "Velmora" in a["headline"] or "Strike" in a["headline"])
    human = with_id({"type": "event", "title": "Velmora port strike", "article_ids": strike, "provenance": {"method": "human", "annotator": "test"}})
    write_jsonl(folder / "events" / "annotated.jsonl", [human])
    before = (folder / "events" / "annotated.jsonl").read_bytes()
    summary = flows.align(Session(None), folder)
    assert summary.aligned.kept_events == 1
    assert (folder / "events" / "annotated.jsonl").read_bytes() == before
    made = own(folder, "events")
    assert len(made) == 1 and not set(made[0]["article_ids"]) & set(strike)
    assert {c["event_id"] for c in own(folder, "comparisons")} == {human["id"], made[0]["id"]}


def test_out_writes_elsewhere_and_leaves_the_data_as_it_was(folder: Path, tmp_path: Path) -> None:
    before = snapshot(folder)
    flows.align(Session(None), folder, tmp_path / "aligned")
    assert snapshot(folder) == before
    made = sorted(snapshot(tmp_path / "aligned"))
    assert {f"{kind}/{GROUP}.jsonl" for kind in ("alignments", "comparisons", "events")} <= set(made)
    assert set(made) - {f"{kind}/{GROUP}.jsonl" for kind in ("alignments", "comparisons", "events")} == set(snapshot(folder))  # the data's records too
    assert validate([str(tmp_path / "aligned")], jobs=1).problems == []  # so that it validates alone


def test_records_others_put_in_the_own_file_are_kept(folder: Path) -> None:
    flows.align(Session(None), folder)
    path = folder / "events" / f"{GROUP}.jsonl"
    articles = sorted(r["id"] for _p, r in read_records([folder / "articles"]))
    human = with_id({"type": "event", "title": "All of it", "article_ids": articles[:1], "provenance": {"method": "human"}})
    path.write_bytes(path.read_bytes() + json.dumps(human).encode() + b"\n")
    flows.align(Session(None), folder)
    kept = [r for _p, r in read_records([path]) if r["provenance"]["method"] == "human"]
    assert [r["id"] for r in kept] == [human["id"]]


def test_invalid_data_is_not_aligned(folder: Path) -> None:
    with open(folder / "claims" / "synthetic.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"type": "claim", "id": "clm_0000000000000000"}\n')
    with pytest.raises(AlignRefused) as refused:
        flows.align(Session(None), folder)
    assert refused.value.report.errors >= 1
    assert not (folder / "events").exists()


def test_the_command_reports_what_it_wrote_and_refuses_bad_data(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["align", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "2 events made (0 kept from the data" in result.stdout and result.stderr == ""
    assert CliRunner().invoke(cli, ["align", str(folder)]).stderr == ""  # no progress when standard error is not a terminal
    told = CliRunner().invoke(cli, ["align", str(folder), "-v"])  # its own events of the first run are made again, each stage said
    articles = len(list(read_records([folder / "articles"])))
    assert f"grouping {articles} articles: reading texts\n" in told.stderr and f"grouping {articles} articles: linking\n" in told.stderr
    shutil.copy(folder / "claims" / "synthetic.jsonl", folder / "claims" / "copy.jsonl")
    refused = CliRunner().invoke(cli, ["align", str(folder)])
    assert refused.exit_code == 1 and "nothing aligned" in refused.stderr
    assert "id.duplicate" in refused.stdout


def test_a_folder_without_articles_is_refused_not_written(tmp_path: Path) -> None:
    (tmp_path / "actors.jsonl").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", str(tmp_path)])
    assert result.exit_code == 1 and f"nothing aligned: no article records under {tmp_path}/" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == ["actors.jsonl"]  # the lock is no record


def test_a_model_that_cannot_be_read_stops_the_run_before_anything_is_written(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "model"
    shutil.copytree(meaning.MODEL, damaged)
    (damaged / "model.safetensors").write_bytes(b"not a safetensors file")
    monkeypatch.setattr(meaning, "MODEL", damaged)
    with pytest.raises(meaning.ModelUnavailable, match="cannot be read"):
        flows.align(Session(None), folder)
    (damaged / "model.safetensors").unlink()
    result = CliRunner().invoke(cli, ["align", str(folder)])
    assert result.exit_code == 2 and "nothing aligned: no embedding model at" in result.stderr and "reinstall parallax-toolkit" in result.stderr
    assert not (folder / "events").exists()


def test_the_seed_aligned_alone_is_a_one_outlet_event(tmp_path: Path) -> None:
    summary = flows.align(Session(None), ROOT / "data", tmp_path)
    assert len(summary.aligned.events) == 1 and len(summary.aligned.comparisons) == 1
    comparison = summary.aligned.comparisons[0]
    labels = {(x["actor_id"], x["term"], x["voice"]) for x in comparison["measures"]["labeling"]}
    assert ("nato", "the US-led military alliance", "outlet") in labels
    # NATO speaks in none of the seed's claims, but the article names it: it takes part
    assert summary.aligned.events[0]["participants"][-1] == "nato" and "mark-rutte" in summary.aligned.events[0]["participants"]
    assert "headline_divergence" not in comparison["measures"]  # withdrawn until it measures well (docs/measures.md)


def test_the_shipped_alignment_is_what_align_makes_of_the_data(tmp_path: Path) -> None:
    flows.align(Session(None), ROOT / "data", tmp_path)
    for kind in ("events", "alignments", "comparisons"):
        relative = f"{kind}/{GROUP}.jsonl"
        assert (tmp_path / relative).read_bytes() == (ROOT / "data" / relative).read_bytes(), f"run parallax align to refresh data/{relative}"
