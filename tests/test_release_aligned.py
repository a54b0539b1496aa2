"""A release of data with articles in no event is aligned first, without writing into the data (synthetic, fictional data)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from test_align_run import make_folder, snapshot

from toolkit import flows
from toolkit.align.run import GROUP
from toolkit.articles import ArticleMeta, article_record
from toolkit.flows import Session
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.release.aligned import Alignment
from toolkit.release.parquet import record_files, shard

ROOT = Path(__file__).resolve().parents[1]


def unaligned(folder: Path) -> int:
    """How many articles of a data folder no event holds (events of any origin count).

    Only lines that name an article or an event are parsed: the claims, most of a dataset, are skipped unread.
    """
    held: set[str] = set()
    articles: set[str] = set()
    for path in record_files([folder]):
        with open(path, "rb") as handle:
            for line in handle:
                if b'"article"' not in line and b'"event"' not in line:
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if not isinstance(record, dict):
                    continue
                if record.get("type") == "event":
                    held.update(str(a) for a in record.get("article_ids") or ())
                elif record.get("type") == "article":
                    articles.add(str(record.get("id")))
    return len(articles - held)


@contextmanager
def aligned_sources(folder: Path, enabled: bool = True) -> Iterator[Alignment]:
    """What a build is made from: the folder alone when every article is in an event (or aligning is off), else the
    folder with what flows.aligned_for_release makes of it."""
    missing = unaligned(folder) if enabled else 0
    if not missing:
        yield Alignment([folder])
        return
    with flows.aligned_for_release(Session(None), folder, missing) as found:
        yield found


def ids(sources: list[Path]) -> Counter[str]:
    """How often each id occurs in the sources."""
    return Counter(str(r["id"]) for _p, r in read_records(sources))


def test_data_without_events_is_aligned_into_a_temporary_folder(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    before = snapshot(folder)
    with aligned_sources(folder) as found:
        assert found.unaligned == 5 and found.summary is not None
        events = [r for _p, r in read_records(found.sources) if r["type"] == "event"]
        assert sorted(a for e in events for a in e["article_ids"]) == sorted(r["id"] for _p, r in read_records([folder / "articles"]))
        temporary = found.sources[-1]
        assert temporary.is_dir()
    assert not temporary.exists()
    assert snapshot(folder) == before


def test_aligned_data_is_released_as_it_is(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    flows.align(Session(None), folder)
    assert unaligned(folder) == 0
    with aligned_sources(folder) as found:
        assert found.sources == [folder] and found.summary is None


def test_no_align_leaves_the_data_as_the_only_source(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    with aligned_sources(folder, enabled=False) as found:
        assert found.sources == [folder] and found.summary is None


def add_late_article(folder: Path) -> dict[str, object]:
    """An article written after the folder was aligned."""
    outlet = next(r for _p, r in read_records([folder / "outlets.jsonl"]))
    meta = ArticleMeta(outlet_id=outlet["id"], published="2021-06-01", rights={"redistributable": True, "note": "synthetic"})
    late = article_record("Calder library reopens", "The Calder library reopened on Monday after a year of work on its roof.", meta)
    write_jsonl(folder / "articles" / "late.jsonl", [late])
    return late


def test_a_stale_alignment_is_made_again_without_duplicate_ids(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    flows.align(Session(None), folder)
    late = add_late_article(folder)
    assert unaligned(folder) == 1
    own = folder / "events" / f"{GROUP}.jsonl"
    with aligned_sources(folder) as found:
        assert own not in found.sources and max(ids(found.sources).values()) == 1
        events = [r for _p, r in read_records(found.sources) if r["type"] == "event"]
        assert late["id"] in {a for e in events for a in e["article_ids"]}


def test_events_of_any_origin_count_and_records_others_put_in_the_own_files_are_carried(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    flows.align(Session(None), folder)
    late = add_late_article(folder)
    own = folder / "events" / f"{GROUP}.jsonl"
    human = with_id({"type": "event", "title": "Kept by hand", "article_ids": [late["id"]], "provenance": {"method": "human"}})
    write_jsonl(own, [*(r for _p, r in read_records([own])), human])
    assert unaligned(folder) == 0
    first = next(r for _p, r in read_records([folder / "articles" / "synthetic.jsonl"]))
    other = with_id({"type": "event", "title": "Also by hand", "article_ids": [first["id"]], "provenance": {"method": "human"}})
    write_jsonl(own, [r for _p, r in read_records([own]) if r["id"] != human["id"]] + [other])
    with aligned_sources(folder) as found:
        records = {str(r["id"]): r for _p, r in read_records(found.sources)}
        assert other["id"] in records and max(ids(found.sources).values()) == 1


def test_build_aligns_for_the_release_only_and_no_align_skips_it(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from toolkit.cli import cli

    folder = make_folder(tmp_path / "data")
    before = snapshot(folder)
    release = flows.build(Session(None), folder, tmp_path / "release", "1.0.0")
    assert release.aligned == 5 and release.counts["events"] == 2 and release.counts["comparisons"] == 5
    assert pq.read_table(shard(tmp_path / "release", "events")).num_rows == 2
    assert snapshot(folder) == before
    plain = flows.build(Session(None), folder, tmp_path / "plain", "1.0.0", align=False)
    assert plain.aligned == 0 and "events" not in plain.counts
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert "aligned 5 articles that were in no event" in result.stdout


def test_a_build_of_aligned_data_gives_the_same_bytes_as_a_build_that_aligns(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    flows.build(Session(None), folder, tmp_path / "first", "1.0.0")
    flows.align(Session(None), folder)
    flows.build(Session(None), folder, tmp_path / "second", "1.0.0")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


def test_one_pass_gathers_what_the_separate_readers_find(tmp_path: Path) -> None:
    from toolkit.release.build import article_without_text, read_once
    from toolkit.release.manifest import record_index
    from toolkit.release.parquet import collect

    for folder in (make_folder(tmp_path / "data"), ROOT / "data"):
        with (
            read_once(folder, no_text=False, aligner=functools.partial(flows.aligned_for_release, Session(None))) as (located, seen),
            aligned_sources(folder) as alignment,
        ):
            records = {c: [article_without_text(r, False)[0] if c == "articles" else r for r in rows] for c, rows in collect(alignment.sources).items()}
            assert seen.digests == {config: record_index(records).get(config, {}) for config in seen.digests}
            assert seen.unaligned == alignment.unaligned == unaligned(folder)
            assert {c: sorted(p) for c, p in located.places.items()} == {c: [r["id"] for r in rows] for c, rows in records.items()}
