"""parallax import polnear: synthetic corpus folders for the rules and broken inputs; the dev split of the real corpus for spans and counts."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from paths import CORPORA, needs

from toolkit.importers import run_import
from toolkit.importers.news_outlets import known
from toolkit.registry import OutletRegistry
from toolkit.store import Summary
from toolkit.validate import validate

POLNEAR = CORPORA / "polnear" / "data"
needs_corpus = needs(POLNEAR / "dev")
METADATA_HEAD = "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\ttrump_count\tclinton_count\tcredit\twire\n"

FERRY = (
    "Harbor council backs “hourly” ferries\n\n"
    "Mayor Lena Okafor said the ferry would run every hour.\n\n"
    "“We listened to the riders,” Okafor told reporters, “and we acted.”\n\n"
    "Critics argued that the plan ignores\nweekend traffic.\n\n"
    "The schedule “is a start,” a rider said.\n"
)


def records(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Every record of an import folder by its file's path relative to it."""
    return {str(p.relative_to(folder)): [json.loads(line) for line in p.read_text().splitlines()] for p in sorted(folder.rglob("*.jsonl"))}


def run(corpus: Path, out: Path) -> Summary:
    return run_import("polnear", corpus, out, OutletRegistry())


def tspan(tid: str, role: str, text: str, *pieces: str, after: int = 0) -> str:
    """A brat T line for the given pieces of the text (each found after the previous one)."""
    fragments, at = [], after
    for piece in pieces:
        at = text.index(piece, at)
        fragments.append((at, at + len(piece)))
        at += len(piece)
    offsets = ";".join(f"{a} {b}" for a, b in fragments)
    return f"{tid}\t{role} {offsets}\t{' '.join(pieces)}\n"


def ferry_ann() -> str:
    """Annotations of the synthetic ferry article: a discontinuous direct quote, an indirect claim, a wrapped span, an attribution with no source."""
    t = FERRY
    lines = [
        tspan("T1", "Source", t, "Mayor Lena Okafor"),
        tspan("T2", "Cue", t, "said"),
        tspan("T3", "Content", t, "the ferry would run every hour"),
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        tspan("T4", "Content", t, "“We listened to the riders,”", "“and we acted.”"),
        tspan("T5", "Source", t, "Okafor", after=t.index("riders")),
        tspan("T6", "Cue", t, "told"),
        "E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5\n",
        tspan("T7", "Source", t, "Critics"),
        tspan("T8", "Cue", t, "argued"),
        tspan("T9", "Content", t, "that the plan ignores\nweekend traffic"),
        "E3\tAttribution:T8 Cue:T8 Source:T7 Content:T9\n",
        tspan("T10", "Content", t, "The schedule “is a start,”"),
        tspan("T11", "Cue", t, "said", after=t.index("start")),
        "E4\tAttribution-no-source:T11 Content:T10 Cue:T11\n",
        tspan("T12", "Discuss", t, "backs"),
    ]
    return "".join(lines)


def write_corpus(root: Path, split: str = "dev", extra: dict[str, str] | None = None) -> Path:
    """A synthetic PolNeAR folder: one article by two annotators, and the files of `extra` (relative path -> text)."""
    data = root / "data"
    (data / split / "text").mkdir(parents=True)
    (data / split / "attributions").mkdir()
    name = "harbor-gazette_2016-09-02_harbor-council-backs-hourly-ferr"
    (data / split / "text" / f"{name}.txt").write_text(FERRY, encoding="utf-8")
    (data / split / "attributions" / f"{name}_b2c3.ann").write_text(ferry_ann(), encoding="utf-8")
    (data / split / "attributions" / f"{name}_f9e8.ann").write_text(tspan("T1", "Content", FERRY, "the ferry") + "E1\tAttribution:T1 Content:T1\n")
    rows = [f"{split}\t{name}\tLevel-1\tb2c3|f9e8\tharbor-gazette\t2016-09-02\tAda Moreno\tHarbor council backs hourly ferries\t0\t0\tNone\tNone\n"]
    (data / "metadata.tsv").write_text(METADATA_HEAD + "".join(rows), encoding="utf-8")
    for relative, content in (extra or {}).items():
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        (data / relative).write_text(content, encoding="utf-8")
    return root


def test_synthetic_claims(tmp_path: Path) -> None:
    summary = run(write_corpus(tmp_path / "corpus"), tmp_path / "out")
    assert summary.problems == [] and summary.invalid == 0
    found = records(tmp_path / "out")
    (article,) = found["articles/polnear-dev.jsonl"]
    assert article["outlet_id"] is None and article["outlet_name"] == "harbor-gazette"
    assert article["headline"] == "Harbor council backs “hourly” ferries" and article["byline"] == ["Ada Moreno"] and article["published"] == "2016-09-02"
    assert article["rights"]["redistributable"] is False and article["source"]["corpus"]["name"] == "polnear"
    claims = {c["provenance"]["note"].split()[2].rstrip(";"): c for c in found["claims/polnear-dev.jsonl"]}
    assert sorted(claims) == ["E1", "E2", "E3", "E4"]
    assert {e: c["kind"] for e, c in claims.items()} == {"E1": "indirect", "E2": "direct_quote", "E3": "indirect", "E4": "mixed"}
    assert [s["exact"] for s in claims["E2"]["content"]["spans"]] == ["“We listened to the riders,”", "“and we acted.”"]
    assert claims["E3"]["content"]["text"] == "that the plan ignores\nweekend traffic"
    assert claims["E1"]["speaker"] == {"actor_id": None, "mention": claims["E1"]["speaker"]["mention"]}
    assert claims["E1"]["speaker"]["mention"]["text"] == "Mayor Lena Okafor" and claims["E1"]["cue"]["text"] == "said"
    assert claims["E4"]["speaker"] == {"actor_id": None}
    provenance = claims["E1"]["provenance"]
    assert provenance["method"] == "human" and provenance["annotator"] == "b2c3" and provenance["guideline"] == "PolNeAR annotation guidelines (v1.0.0)"
    assert "smallest id of 2 (not imported: f9e8)" in provenance["note"]
    assert validate([str(tmp_path / "out")]).problems == []


def test_content2_and_headline(tmp_path: Path) -> None:
    ann = (
        tspan("T1", "Content", FERRY, "the ferry would run")
        + tspan("T2", "Content2", FERRY, "every hour")
        + tspan("T3", "Cue", FERRY, "said")
        + tspan("T4", "Content", FERRY, "Harbor council backs")
        + "E1\tAttribution-no-source:T3 Content:T1 Content2:T2 Cue:T3\nE2\tAttribution-no-source:T4 Content:T4\n"
    )
    corpus = write_corpus(tmp_path / "corpus")
    next((corpus / "data" / "dev" / "attributions").glob("*_b2c3.ann")).write_text(ann)
    run(corpus, tmp_path / "out")
    claims = records(tmp_path / "out")["claims/polnear-dev.jsonl"]
    by_text = {c["content"]["text"]: c for c in claims}
    assert [s["exact"] for s in by_text["the ferry would run every hour"]["content"]["spans"]] == ["the ferry would run", "every hour"]
    assert by_text["Harbor council backs"]["content"]["spans"][0]["field"] == "headline"
    assert by_text["Harbor council backs"]["position"] == {"field": "headline", "paragraph": 0}


def test_broken_inputs_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    t = FERRY
    broken = (
        tspan("T1", "Content", t, "the ferry would run every hour")
        + "E1\tAttribution:T1 Content:T1\n"
        + "E2\tAttribution:T9 Content:T9\n"  # undefined span
        + "T3\tContent 5 9000\tsomething\nE3\tAttribution:T3 Content:T3\n"  # offsets outside the text
        + "T4\tContent 0 6\tNot it\nE4\tAttribution:T4 Content:T4\n"  # text not at its offsets
        + "T5\tCue 10 20\n"  # unreadable span line
        + tspan("T6", "Cue", t, "argued")
        + "E6\tAttribution-no-source:T6 Cue:T6\n"  # no content
    )
    extra = {"dev/attributions/ghost-article_c1d2.ann": "", "dev/text/lonely-article.txt": "A headline\n\nA body.\n"}
    corpus = write_corpus(tmp_path / "corpus", extra=extra)
    next((corpus / "data" / "dev" / "attributions").glob("*_b2c3.ann")).write_text(broken)
    (corpus / "data" / "dev" / "attributions" / "lonely-article_a1a1.ann").write_bytes(b"T1\tCue 0 1\t\xff\n")
    summary = run(corpus, tmp_path / "out")
    messages = sorted(p.message.split(":")[0] + " " + p.code for p in summary.problems)
    assert messages == [
        "1 annotation file(s) of ghost-article import.skipped",
        "E2 import.skipped",
        "E3 import.skipped",
        "E4 import.skipped",
        "E6 import.skipped",
        "a span line that is not 'T<n><TAB>Role start end[;start end]<TAB>text' import.skipped",
        "cannot read import.unreadable",
    ]
    assert summary.written["claim"] == 1 and summary.written["article"] == 2
    assert validate([str(tmp_path / "out")]).problems == []


def test_layout_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert [p.code for p in run(tmp_path / "empty", tmp_path / "out").problems] == ["import.layout"]
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "data" / "metadata.tsv").unlink()
    summary = run(corpus, tmp_path / "out2")
    assert [p.code for p in summary.problems] == ["import.layout"] and summary.written["claim"] == 4
    (article,) = records(tmp_path / "out2")["articles/polnear-dev.jsonl"]
    assert article["published"] == "2016-09-02" and "byline" not in article


def test_same_text_twice_is_one_article(tmp_path: Path) -> None:
    name = "harbor-gazette_2016-09-03_harbor-council-backs-hourly-ferr"
    corpus = write_corpus(tmp_path / "corpus", split="train", extra={f"train/text/{name}.txt": FERRY, f"train/attributions/{name}_a0a0.ann": ferry_ann()})
    summary = run(corpus, tmp_path / "out")
    assert [p.code for p in summary.problems] == ["import.skipped"] and "same outlet and text" in summary.problems[0].message
    assert summary.written["article"] == 1 and summary.written["claim"] == 4


def test_outlet_codes() -> None:
    names = {
        code: entry.name
        for code in ("breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post", "west-journal", "fox", "FOX", "hpo")
        if (entry := known(code))
    }
    assert names == {
        "breitbart": "Breitbart News",
        "huff-post": "HuffPost",
        "nyt": "The New York Times",
        "politico": "Politico",
        "usa-today": "USA Today",
        "wash-post": "The Washington Post",
        "west-journal": "The Western Journal",
        "fox": "Fox News",
        "FOX": "Fox News",
        "hpo": "HuffPost",
    }


def test_registry_outlet_is_used(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    registry = OutletRegistry()
    registry.add({"type": "outlet", "id": "harbor-gazette", "schema_version": "1.0.0", "name": "Harbor Gazette", "aliases": ["harbor-gazette"]})
    run_import("polnear", corpus, tmp_path / "out", registry)
    found = records(tmp_path / "out")
    assert [o["id"] for o in found["outlets.jsonl"]] == ["harbor-gazette"]
    assert found["articles/polnear-dev.jsonl"][0]["outlet_id"] == "harbor-gazette"


# The real corpus: its dev split.


@pytest.fixture(scope="module")
def dev_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    root = tmp_path_factory.mktemp("polnear")
    shutil.copytree(POLNEAR / "dev", root / "data" / "dev")
    shutil.copy(POLNEAR / "metadata.tsv", root / "data" / "metadata.tsv")
    return root, run(root, root / "out")


def brat(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[tuple[str, int, dict[str, list[str]]]]]:
    """(T spans: role, fragments, text; E lines: id, line, role -> span ids) of a .ann file; a line not starting an entry continues the previous text."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events, last = [], ""
    for number, line in enumerate(path.read_text(encoding="utf-8").rstrip("\n").split("\n"), 1):
        if re.match(r"T\d+\t", line):
            last, head, text = line.split("\t", 2)
            role, offsets = head.split(" ", 1)
            spans[last] = (role, [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))], text)
        elif re.match(r"E\d+\t", line):
            last, (eid, args) = "", line.split("\t", 1)
            roles: dict[str, list[str]] = {}
            for arg in args.split():
                roles.setdefault(arg.split(":")[0], []).append(arg.split(":")[1])
            events.append((eid, number, roles))
        elif re.match(r"[#AMRN]\d+\t", line):
            last = ""
        elif last:
            role, fragments, text = spans[last]
            spans[last] = (role, fragments, text + "\n" + line)
    return spans, events


def fragment_texts(text: str, fragments: list[tuple[int, int]]) -> list[str]:
    """The .ann text of each fragment of a span (the file joins them by one space)."""
    out, at = [], 0
    for a, b in fragments:
        out.append(text[at : at + b - a])
        at += b - a + 1
    return out


def stored_equal(stored: str, annotated: str) -> bool:
    """Equal once the annotation is stored as the text is: NFC, no blanks at line ends."""
    lines = unicodedata.normalize("NFC", annotated).split("\n")
    return stored in ("\n".join(x.rstrip() for x in lines), "\n".join([x.rstrip() for x in lines[:-1]] + [lines[-1]]))


def span_check(root: Path) -> Counter[str]:
    """Every span of every imported dev attribution against its .ann text; every attribution is a claim or a reported problem."""
    out = records(root / "out")
    articles = {a["id"]: a for a in out["articles/polnear-dev.jsonl"]}
    claims = {}
    for claim in out["claims/polnear-dev.jsonl"]:
        file, eid = re.match(r"PolNeAR dev/attributions/(\S+) (E\d+);", claim["provenance"]["note"]).groups()  # type: ignore[union-attr]
        claims[(file, eid)] = claim
    tally: Counter[str] = Counter()
    for text in sorted((root / "data" / "dev" / "text").glob("*.txt")):
        ann = min((root / "data" / "dev" / "attributions").glob(f"{text.stem}_*.ann"), key=lambda p: p.stem.rpartition("_")[2])
        spans, events = brat(ann)
        for eid, _line, roles in events:
            found = claims.get((ann.name, eid))
            tally["attributions" if found else "attributions skipped"] += 1
            if found:
                tally.update(compare(spans, roles, found, articles[found["article_id"]]))
    return tally


def compare(spans: dict[str, Any], roles: dict[str, list[str]], claim: dict[str, Any], article: dict[str, Any]) -> Counter[str]:
    """Each annotated span of an attribution against the stored text at the claim's selectors (fragments in text order)."""
    tally: Counter[str] = Counter()
    groups = {
        ("Content", "Content2"): claim["content"]["spans"],
        ("Cue",): (claim.get("cue") or {}).get("spans", []),
        ("Source",): claim["speaker"].get("mention", {}).get("spans", []),
    }
    for group, selectors in groups.items():
        wanted = sorted(
            (a, tid, piece)
            for tid in (t for role in group for t in roles.get(role, []))
            for (a, _), piece in zip(spans[tid][1], fragment_texts(spans[tid][2], spans[tid][1]), strict=True)
        )
        stored = [article["headline" if s["field"] == "headline" else "text"][s["start"] : s["end"]] for s in selectors]
        status: dict[str, str] = {}
        for index, (_, tid, piece) in enumerate(wanted):
            here = stored[index] if index < len(stored) and len(stored) == len(wanted) else None
            found = "identical" if here == piece else "equal once normalized" if here is not None and stored_equal(here, piece) else "mismatches"
            status[tid] = max(status.get(tid, found), found, key=["identical", "equal once normalized", "mismatches"].index)
            tally["fragments"] += 1
        tally.update(status.values())
        tally["spans"] += len(status)
    return tally


@needs_corpus
def test_dev_spans_reproduce_the_annotations(dev_import: tuple[Path, Summary]) -> None:
    root, summary = dev_import
    tally = span_check(root)
    print(f"\nPolNeAR dev: {dict(tally)}")
    assert tally["mismatches"] == 0
    assert tally["spans"] == tally["identical"] + tally["equal once normalized"] == 6453 and tally["attributions"] == 2192
    assert tally["attributions skipped"] == len([p for p in summary.problems if re.match(r"E\d+:", p.message)])


@needs_corpus
def test_dev_counts_and_validity(dev_import: tuple[Path, Summary]) -> None:
    root, summary = dev_import
    anns = list((root / "data" / "dev" / "attributions").glob("*.ann"))
    texts = list((root / "data" / "dev" / "text").glob("*.txt"))
    assert (len(texts), len(anns)) == (84, 94)  # ABOUT.md
    assert sum(len(brat(a)[1]) for a in anns) == 2320  # ABOUT.md: dev attributions, every annotator's
    assert summary.written["article"] == 84 and summary.invalid == 0
    assert len({a.stem.rpartition("_")[0] for a in anns if len(list(a.parent.glob(a.stem.rpartition("_")[0] + "_*.ann"))) > 1}) == 2  # ABOUT.md
    assert summary.written["outlet"] == 7
    assert validate([str(root / "out")]).problems == []


@needs_corpus
def test_dev_reimport_is_identical(dev_import: tuple[Path, Summary], tmp_path: Path) -> None:
    root, _ = dev_import
    run(root, tmp_path / "again")
    first, second = sorted((root / "out").rglob("*.jsonl")), sorted((tmp_path / "again").rglob("*.jsonl"))
    assert [p.relative_to(root / "out") for p in first] == [p.relative_to(tmp_path / "again") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert sum(run(root, tmp_path / "again").files.values()) == 0  # importing into the same folder adds nothing
