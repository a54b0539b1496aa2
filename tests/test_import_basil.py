"""parallax import basil: synthetic triplets for the rules and broken inputs; the real corpus for spans, counts and determinism."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from paths import CORPORA, needs

from toolkit.importers import run_import
from toolkit.importers.basil import lay_out, person_evidence, place
from toolkit.importers.news_outlets import known
from toolkit.registry import OutletRegistry
from toolkit.store import Summary
from toolkit.validate import validate

BASIL = CORPORA / "basil"
needs_corpus = needs(BASIL / "articles")

OUTLETS = [
    {"type": "outlet", "id": "harbor-gazette", "schema_version": "1.0.0", "name": "Harbor Gazette", "aliases": ["hg"]},
    {"type": "outlet", "id": "ridge-post", "schema_version": "1.0.0", "name": "Ridge Post", "aliases": ["ridge"]},
    {"type": "outlet", "id": "lakeside-daily", "schema_version": "1.0.0", "name": "Lakeside Daily", "aliases": ["lake"]},
]
TRIPLET_A, TRIPLET_B = "aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"
FERRY = [
    ["Mayor Lena Okafor approved the hourly ferry on Tuesday. ", "Caf\u0065\u0301 owners cheered."],
    ["“It is a reckless gamble,” said Tomas Reyes, a council member.", "Okafor called the plan “a lifeline for the harbor” in her statement."],
]


def registry() -> OutletRegistry:
    found = OutletRegistry()
    for outlet in OUTLETS:
        found.add(outlet)
    return found


def article(triplet: str, n: int, source: str, title: str, paragraphs: list[list[str]], main_event: str = "Harbor ferry approved") -> dict[str, Any]:
    return {
        "title": title,
        "date": f"2011-05-0{n}",
        "uuid": f"{triplet[:8]}-{n:04d}-4000-8000-000000000000",
        "url": f"https://example.org/{triplet[:8]}/{n}",
        "main-entities": ["Lena Okafor", "Harbor Council"],
        "source": source,
        "main-event": main_event,
        "triplet-uuid": triplet,
        "body-paragraphs": paragraphs,
    }


def phrase(pid: str, sentence: str, text: str, **labels: str) -> dict[str, Any]:
    start = sentence.index(text)
    base = {"id": pid, "txt": text, "start": start, "end": start + len(text), "bias": "lex", "quote": "no", "speaker": "", "target": "Lena_Okafor"}
    return base | {"polarity": "neg", "aim": "dir", "indirect-target-name": "", "indirect-ally-opponent-sentiment": "", "notes": ""} | labels


def write_triplets(root: Path) -> Path:
    """Two synthetic triplets (2011): outlet codes in two spellings, and annotations of every kind."""
    a_phrases = [
        phrase("p1", FERRY[0][0], "approved"),
        phrase("p2", FERRY[1][0], "“It is a reckless gamble,”", quote="yes", speaker="Tomas_Reyes", bias="inf"),
        phrase("p3", FERRY[1][1], "lifeline for the harbor", quote="yes", speaker="other_pro", polarity="pos", target="Harbor_Council"),
        phrase("p4", FERRY[0][1], "cheered"),
        phrase("p5", FERRY[0][1], "cheered", bias="inf", polarity="pos"),
        phrase("p6", "Ferry approved", "approved"),
        phrase("p7", FERRY[0][1], "cheered", quote="yes", speaker="Tomas_Reyes"),  # the span of p4, in another voice
    ]
    files = {
        f"articles/2011/{TRIPLET_A}_1.json": article(TRIPLET_A, 1, "hg", "Ferry approved", FERRY),
        f"articles/2011/{TRIPLET_A}_2.json": article(TRIPLET_A, 2, "ridge", "Council backs ferry", [["The council backs the ferry."]], "Harbor ferry passes"),
        f"articles/2011/{TRIPLET_A}_3.json": article(TRIPLET_A, 3, "lake", "Ferry vote", [["Mr. Reyes voted no."]]),
        f"articles/2011/{TRIPLET_B}_1.json": article(TRIPLET_B, 1, "HG", "Bridge closes", [["The bridge closes.", "The bridge closes."]], ""),
        f"articles/2011/{TRIPLET_B}_2.json": article(TRIPLET_B, 2, "RIDGE", "Bridge shut", [["The old bridge is shut."]], ""),
        f"annotations/2011/{TRIPLET_A}_1_ann.json": {"uuid": article(TRIPLET_A, 1, "", "", [])["uuid"], "phrase-level-annotations": a_phrases},
        f"annotations/2011/{TRIPLET_A}_2_ann.json": {"uuid": article(TRIPLET_A, 2, "", "", [])["uuid"], "phrase-level-annotations": []},
        f"annotations/2011/{TRIPLET_A}_3_ann.json": {"uuid": "wrong", "phrase-level-annotations": []},
        f"annotations/2011/{TRIPLET_B}_1_ann.json": {
            "uuid": article(TRIPLET_B, 1, "", "", [])["uuid"],
            "phrase-level-annotations": [
                phrase("p1", "The bridge closes.", "closes"),  # in two sentences: ambiguous
                {"id": "p2", "txt": "nowhere", "start": 0, "end": 7, "bias": "lex", "quote": "no", "polarity": "neg", "aim": "dir", "target": "x"},
                phrase("p3", "The bridge closes.", "bridge", bias="spin"),
            ],
        },
    }
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (root / "articles" / "2011" / "broken_1.json").write_text("{not json", encoding="utf-8")
    return root


def records(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {str(p.relative_to(folder)): [json.loads(line) for line in p.read_text().splitlines()] for p in sorted(folder.rglob("*.jsonl"))}


@pytest.fixture
def synthetic(tmp_path: Path) -> tuple[Path, Summary]:
    out = tmp_path / "out"
    return out, run_import("basil", write_triplets(tmp_path / "basil"), out, registry())


def test_articles_outlets_and_events(synthetic: tuple[Path, Summary]) -> None:
    out, summary = synthetic
    found = records(out)
    articles = found["articles/basil-2011.jsonl"]
    assert len(articles) == 5 and summary.invalid == 0
    assert Counter(a["outlet_id"] for a in articles) == {"harbor-gazette": 2, "ridge-post": 2, "lakeside-daily": 1}  # hg / HG, ridge / RIDGE
    assert sorted(o["id"] for o in found["outlets.jsonl"]) == ["harbor-gazette", "lakeside-daily", "ridge-post"]
    ferry = next(a for a in articles if a["headline"] == "Ferry approved")
    assert ferry["text"].startswith("Mayor Lena Okafor approved the hourly ferry on Tuesday. Café owners cheered.\n\n“It is")
    events = {e["external_ids"]["basil_triplet"]: e for e in found["events/basil-2011.jsonl"]}
    assert events[TRIPLET_A]["title"] == "Harbor ferry approved" and len(events[TRIPLET_A]["article_ids"]) == 3
    assert events[TRIPLET_A]["window"] == {"start": "2011-05-01", "end": "2011-05-03"}
    assert events[TRIPLET_A]["participants"] == ["lena-okafor"]
    assert "main-event of 2 of its 3 articles" in events[TRIPLET_A]["provenance"]["note"]
    assert events[TRIPLET_B]["title"] == "Bridge closes" and "headline" in events[TRIPLET_B]["provenance"]["note"]
    assert validate([str(out)]).problems == []


def test_spans_become_claims_with_framing(synthetic: tuple[Path, Summary]) -> None:
    out, _ = synthetic
    found = records(out)
    claims = {c["content"]["text"]: c for c in found["claims/basil-2011.jsonl"]}
    assert sorted(claims) == ["approved", "cheered", "lifeline for the harbor", "“It is a reckless gamble,”"]
    narrator = claims["cheered"]
    assert narrator["kind"] == "narrator" and narrator["speaker"] == {"actor_id": None}
    assert [(f["label"], f["attributes"]["polarity"], f["voice"]) for f in narrator["framing"]] == [("lex", "neg", "outlet"), ("inf", "pos", "outlet")]
    assert narrator["framing"][0]["target_actor_id"] == "lena-okafor" and narrator["position"] == {"field": "lede", "paragraph": 0, "sentence": 1}
    quote = claims["“It is a reckless gamble,”"]
    assert quote["kind"] == "direct_quote" and quote["speaker"] == {"actor_id": "tomas-reyes"} and quote["framing"][0]["voice"] == "speaker"
    partial = claims["lifeline for the harbor"]
    assert partial["kind"] == "partial_quote" and partial["speaker"] == {"actor_id": None}
    assert partial["framing"][0]["attributes"] == {"polarity": "pos", "aim": "dir", "quote": "yes", "target": "Harbor_Council", "speaker": "other_pro"}
    assert "target_actor_id" not in partial["framing"][0]
    headline = [c for c in found["claims/basil-2011.jsonl"] if c["content"]["spans"][0]["field"] == "headline"]
    assert len(headline) == 1 and headline[0]["position"] == {"field": "headline", "paragraph": 0}
    actors = {a["id"]: a for a in found["actors.jsonl"]}
    assert sorted(actors) == ["lena-okafor", "tomas-reyes"] and {a["actor_type"] for a in actors.values()} == {"person"}
    assert "'Mr. Reyes'" in actors["tomas-reyes"]["provenance"]["note"]
    assert claims["approved"]["provenance"]["guideline"].startswith("BASIL annotation protocol")


def test_broken_inputs_are_reported(synthetic: tuple[Path, Summary]) -> None:
    _, summary = synthetic
    problems = sorted((p.code, p.message.split(":")[0], Path(p.file or "").name) for p in summary.problems)
    assert problems == [
        ("import.skipped", "article bbbbbbbb-0000-4000-8000-000000000002_2", f"{TRIPLET_B}_2_ann.json"),
        ("import.skipped", "item 1 (p1)", f"{TRIPLET_B}_1_ann.json"),
        ("import.skipped", "item 2 (p2)", f"{TRIPLET_B}_1_ann.json"),
        ("import.skipped", "item 3 (p3)", f"{TRIPLET_B}_1_ann.json"),
        ("import.skipped", "item 7 (p7)", f"{TRIPLET_A}_1_ann.json"),
        (
            "import.skipped",
            "the annotation's uuid 'wrong' is not its article's 'aaaaaaaa-0003-4000-8000-000000000000'; its claims are skipped",
            f"{TRIPLET_A}_3_ann.json",
        ),
        ("import.unreadable", "cannot read", "broken_1.json"),
    ]
    messages = {p.message for p in summary.problems}
    assert any("2 sentences" in m and "does not say which" in m for m in messages)
    assert any("'nowhere'" in m and "no sentence" in m for m in messages)
    assert any("bias 'spin'" in m for m in messages)


def test_reimport_is_identical(tmp_path: Path) -> None:
    corpus = write_triplets(tmp_path / "basil")
    run_import("basil", corpus, tmp_path / "one", registry())
    run_import("basil", corpus, tmp_path / "two", registry())
    one, two = sorted((tmp_path / "one").rglob("*.jsonl")), sorted((tmp_path / "two").rglob("*.jsonl"))
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))


def test_offsets_through_normalization() -> None:
    laid = lay_out(" Title with trailing blank ", [["Caf\u0065\u0301 owners cheered. ", "Then  left."], [], ["Second."]])
    assert laid.body.text == "Café owners cheered. Then  left.\n\nSecond."
    assert place(laid, 1, 12, 19) == ("body", 11, 18)
    assert place(laid, 2, 0, 4) == ("body", 21, 25)
    assert place(laid, 3, 0, 6) == ("body", 34, 40)
    assert place(laid, 0, 12, 20) == ("headline", 11, 19)


def test_person_evidence() -> None:
    texts = ["Gov. Lena Okafor spoke.", "Mr. Reyes agreed with the Harbor Party.", "the Tomas campaign"]
    assert person_evidence("Lena Okafor", texts) == "Gov. Lena Okafor"
    assert person_evidence("Tomas Reyes", texts) == "Mr. Reyes"
    assert person_evidence("Harbor Party", texts) is None
    assert person_evidence("Tomas campaign", texts) is None
    names = [entry.name if (entry := known(code)) else None for code in ("fox", "FOX", "foxnews", "nyt", "NYT", "hpo", "HPO")]
    assert names == ["Fox News"] * 3 + ["The New York Times"] * 2 + ["HuffPost"] * 2


# The real corpus (the development copy: 2010-2012).


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("basil") / "out"
    return out, run_import("basil", BASIL, out, OutletRegistry())


def span_check(out: Path) -> Counter[str]:
    """Every phrase-level annotation against the stored text of its claim's framing span."""
    labels = {}
    for claims in (p for p in (out / "claims").glob("*.jsonl")):
        for line in claims.read_text().splitlines():
            claim = json.loads(line)
            for label in claim["framing"]:
                labels[label["provenance"]["note"]] = label["span"]
    tally: Counter[str] = Counter()
    for file in sorted(BASIL.glob("annotations/*/*_ann.json")):
        for index, phrase in enumerate(json.loads(file.read_text(encoding="utf-8"))["phrase-level-annotations"], 1):
            span = labels.get(f"BASIL annotations/{file.parent.name}/{file.name} item {index} ({phrase['id']})")
            tally["spans"] += 1
            if span is None:
                tally["skipped"] += 1
            elif span["exact"] == phrase["txt"]:
                tally["identical"] += 1
            elif span["exact"] == unicodedata.normalize("NFC", phrase["txt"]).strip():
                tally["equal once normalized"] += 1
            else:
                tally["mismatches"] += 1
    return tally


@needs_corpus
def test_real_spans_reproduce_the_annotations(real: tuple[Path, Summary]) -> None:
    out, summary = real
    tally = span_check(out)
    print(f"\nBASIL: {dict(tally)}")
    assert tally["mismatches"] == 0 and tally["skipped"] == len([p for p in summary.problems if re.match(r"item \d+", p.message)])
    assert tally["spans"] == sum(1 for f in BASIL.glob("annotations/*/*_ann.json") for _ in json.loads(f.read_text())["phrase-level-annotations"])


@needs_corpus
def test_real_counts_and_validity(real: tuple[Path, Summary]) -> None:
    out, summary = real
    files = sorted(BASIL.glob("articles/*/*.json"))
    triplets = {f.name.rsplit("_", 1)[0] for f in files}
    assert summary.written["article"] == len(files) == 3 * len(triplets)  # ABOUT.md: each event in 3 outlets
    assert summary.written["event"] == len(triplets) and summary.written["outlet"] == 3  # fox / FOX ... merged
    assert summary.invalid == 0 and summary.problems == []
    found = records(out)
    by_outlet = Counter(a["outlet_id"] for name, rows in found.items() if name.startswith("articles/") for a in rows)
    assert by_outlet == {"fox-news": len(triplets), "the-new-york-times": len(triplets), "huffpost": len(triplets)}
    claims = [c for name, rows in found.items() if name.startswith("claims/") for c in rows]
    quoted = Counter(label["attributes"]["quote"] for c in claims for label in c["framing"])
    assert all(c["kind"] == "narrator" for c in claims if c["framing"][0]["attributes"]["quote"] == "no") and sum(quoted.values()) == summary.written["claim"]
    assert validate([str(out)]).problems == []


@needs_corpus
def test_real_reimport_is_identical(real: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = real
    run_import("basil", BASIL, tmp_path / "again", OutletRegistry())
    first, second = sorted(out.rglob("*.jsonl")), sorted((tmp_path / "again").rglob("*.jsonl"))
    assert [p.relative_to(out) for p in first] == [p.relative_to(tmp_path / "again") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


def test_an_impossible_date_keeps_the_article_and_its_claims(tmp_path: Path) -> None:
    corpus = write_triplets(tmp_path / "basil")
    file = corpus / "articles" / "2011" / f"{TRIPLET_A}_1.json"
    file.write_text(json.dumps(json.loads(file.read_text(encoding="utf-8")) | {"date": "2011-02-30"}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_import("basil", corpus, out, registry())
    assert summary.invalid == 0 and "write.invalid" not in [p.code for p in summary.problems]
    first = next(a for a in records(out)["articles/basil-2011.jsonl"] if a["source"]["original_id"].endswith("0001-4000-8000-000000000000"))
    assert first["published"] is None and "not on the calendar" in first["published_unknown_reason"]
    assert [p.code for p in validate([str(out)], jobs=1).problems if p.severity == "error"] == []
