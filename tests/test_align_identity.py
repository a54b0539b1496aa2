"""An event made by `parallax align` keeps its id when articles join it, so a release lists it as changed, not removed and added.

Every outlet, person and event here is fictional, written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_align_run import ACTORS, BRIDGE, OUTLETS, outlet_id, own

from toolkit import flows
from toolkit.articles import ArticleMeta, article_record
from toolkit.extract import extract
from toolkit.flows import Session
from toolkit.records import derive_id, id_is_derived, with_id, write_jsonl
from toolkit.validate import validate

DAYS = ["2021-04-01", "2021-04-01", "2021-03-31"]  # the article that joins last was published first


def bridge_folder(folder: Path, count: int) -> Path:
    """A data folder holding the first `count` reports of the bridge closure, each from its own outlet, with their claims."""
    outlets = [with_id({"type": "outlet", "name": name, "provenance": {"method": "human", "note": "synthetic"}}) for name in OUTLETS]
    actors = [with_id({"type": "actor", "name": n, "actor_type": t, "aliases": a, "provenance": {"method": "human"}}) for n, t, a in ACTORS]
    write_jsonl(folder / "outlets.jsonl", outlets)
    write_jsonl(folder / "actors.jsonl", actors)
    known = {a["id"]: a for a in actors}
    for (headline, body), outlet, day in list(zip(BRIDGE, OUTLETS, DAYS, strict=True))[:count]:
        meta = ArticleMeta(outlet_id=outlet_id(outlet), published=day, rights={"redistributable": True, "note": "synthetic"})
        article = article_record(headline, body, meta)
        write_jsonl(folder / "articles" / f"{outlet_id(outlet)}.jsonl", [article])
        write_jsonl(folder / "claims" / f"{outlet_id(outlet)}.jsonl", [c for c in extract(article, known) if c["type"] == "claim"])
    return folder


def the_event(folder: Path) -> dict[str, Any]:
    (event,) = own(folder, "events")
    return event


def test_an_article_joining_an_event_keeps_its_id_and_the_release_lists_it_changed(tmp_path: Path) -> None:
    data = bridge_folder(tmp_path / "data", 2)
    flows.align(Session(None), data)
    before = the_event(data)
    flows.build(Session(None), data, tmp_path / "release", "1.0.0")
    bridge_folder(data, 3)
    flows.align(Session(None), data)
    after = the_event(data)
    assert len(before["article_ids"]) == 2 and len(after["article_ids"]) == 3
    assert after["id"] == before["id"] and after["founding_article_id"] == before["founding_article_id"]
    assert validate([str(data)], jobs=1).problems == []
    release = flows.build(Session(None), data, tmp_path / "release", "1.1.0")
    assert release.changes["events"] == {"added": [], "removed": [], "changed": [before["id"]]}
    assert f"events, changed: `{before['id']}`" in (tmp_path / "release" / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_release_that_aligns_the_new_article_itself_lists_the_event_changed(tmp_path: Path) -> None:
    data = bridge_folder(tmp_path / "data", 2)
    flows.align(Session(None), data)
    flows.build(Session(None), data, tmp_path / "release", "1.0.0")
    bridge_folder(data, 3)  # not aligned again: the build aligns the data for the release only
    release = flows.build(Session(None), data, tmp_path / "release", "1.1.0")
    assert release.changes["events"] == {"added": [], "removed": [], "changed": [the_event(data)["id"]]}


def test_a_new_event_is_founded_on_its_earliest_article(tmp_path: Path) -> None:
    data = bridge_folder(tmp_path / "data", 3)
    flows.align(Session(None), data)
    event = the_event(data)
    earliest = article_record(BRIDGE[2][0], BRIDGE[2][1], ArticleMeta(outlet_id=outlet_id(OUTLETS[2])))
    assert event["founding_article_id"] == earliest["id"] and event["id"] == derive_id(event)


def test_the_id_of_a_founded_event_follows_its_founding_article_not_its_members() -> None:
    founded = with_id({"type": "event", "title": "Bridge", "article_ids": ["art_0000000000000001"], "founding_article_id": "art_0000000000000001"})
    grown = founded | {"article_ids": ["art_0000000000000001", "art_0000000000000002"]}
    assert derive_id(grown) == founded["id"] and id_is_derived(grown)
    assert not id_is_derived(grown | {"founding_article_id": "art_0000000000000002"})
    unfounded = {k: v for k, v in grown.items() if k != "founding_article_id"}
    assert derive_id(unfounded) != founded["id"] and not id_is_derived(unfounded)
