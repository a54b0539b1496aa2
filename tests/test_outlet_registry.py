"""The outlet registry data/outlets.jsonl: rebuilt byte for byte from the corpora and seeds/outlets.jsonl, facts only, every corpus name resolving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from paths import CORPORA, needs

from maintainer.registry import Facts, build, load_facts, main
from maintainer.registry_mentions import mentions
from toolkit.records import dumps
from toolkit.registry import OutletRegistry, name_key
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "data" / "outlets.jsonl"
SEEDS = ROOT / "seeds" / "outlets.jsonl"
NEEDED = ("polnear", "basil", "pac", "allsides-neus", "article-bias-prediction", "narrative-frames", "allsides-ratings", "news-media-reliability")

needs_corpora = needs(*(CORPORA / name for name in NEEDED))


def committed() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REGISTRY.read_text(encoding="utf-8").splitlines()]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def synthetic(root: Path) -> Path:
    """Corpora of fictional outlets laid out like four of the real ones (the other four absent)."""
    csv_head = "news_source,rating,rating_num,type,agree,disagree,perc_agree,url,editorial_review,blind_survey,third_party_analysis,"
    csv_head += "independent_research,confidence_level,twitter,wiki,facebook,screen_name\n"
    sources = [("Harbor Gazette (Web News)", "center", "News Media"), ("Harbor Gazette - Editorial", "left", "News Media")]
    sources += [("Mara Quill", "left", "Author"), ("Ferry Review", "right", "News Media")]
    rows = "".join(f"{n},{r},3,{t},1,1,0.5,https://www.allsides.example/{i},0,0,0,0,High,NA,NA,NA,NA\n" for i, (n, r, t) in enumerate(sources))
    write(root / "allsides-ratings" / "data" / "allsides_data.csv", csv_head + rows)
    articles = [("Harbor Gazette (Web News)", "www.harbor-gazette.example")] * 5 + [("Harbor Gazette (Web News)", "www.ferry-review.example")]
    articles += [("Harbor Gazette - Editorial", "www.harbor-gazette.example")] * 2 + [("Mara Quill", "www.harbor-gazette.example")] * 3
    articles += [("Ferry Review", "www.ferry-review.example")] * 3 + [("Ferry Review", "blog.ferry-review.example")] * 2
    articles += [("Northfield Courier", "www.northfield.example")] * 2 + [("Northfield Courier", "www.wrongsite.example")] * 2
    articles += [("Lone Voice", "www.harbor-gazette.example")]
    write(root / "article-bias-prediction" / "index.tsv", "ID\tsource\tsource_url\n" + "".join(f"{i}\t{s}\t{u}\n" for i, (s, u) in enumerate(articles)))
    frames = 'ID\tsource\tmbfc\tdate\ttext\n0\tharborgazette\tleft_bias\t2019-01-01\t"A made-up text"\n1\tFerry Review\tright_bias\t2019-01-02\tx\n'
    write(root / "narrative-frames" / "data" / "articles_metadata.tsv", frames)
    sites = ["https://www.harbor-gazette.example/\tharbor-gazette.example", "https://www.harbor-gazette.example/opinion\tharbor-gazette.example-opinion"]
    sites += ["https://www.ferry-review.example\tferry-review.example", "http://independent-sound.example\tindependent-sound.example"]
    sites += ["https://www.port.example/news\tport.example-news"]
    labels = "".join(f"{site}\thttp://mbfc.example/{i}/\thigh\tleft-center\n" for i, site in enumerate(sites))
    write(root / "news-media-reliability" / "data" / "emnlp18" / "corpus.tsv", "source_url\tsource_url_normalized\tref\tfact\tbias\n" + labels)
    return root


def synthetic_facts(path: Path) -> Facts:
    lines = [
        {"name": "Harbor Gazette", "aliases": ["Harbor Gazette (Web News)", "Harbor Gazette - Editorial", "harborgazette", "harbor-gazette.example-opinion"]},
        {"name": "Northfield Courier", "not_domains": ["wrongsite.example"]},
        {"not_outlet": "Lone Voice", "why": "a person"},
    ]
    lines[0] |= {"country": "US", "ownership": "private"}
    write(path, "".join(json.dumps(line) + "\n" for line in lines))
    facts, problems = load_facts(path)
    assert problems == []
    return facts


def test_names_group_into_outlets_with_the_domains_the_corpora_give(tmp_path: Path) -> None:
    records, problems = build(synthetic(tmp_path / "corpora"), synthetic_facts(tmp_path / "outlets.jsonl"))
    facts = {r["id"]: tuple(r.get(k) for k in ("name", "aliases", "domains", "country", "ownership")) for r in records}
    aliases = ["Harbor Gazette (Web News)", "Harbor Gazette - Editorial", "harbor-gazette.example-opinion", "harborgazette"]
    assert facts == {
        "ferry-review": ("Ferry Review", None, ["ferry-review.example"], None, None),
        "harbor-gazette": ("Harbor Gazette", aliases, ["harbor-gazette.example"], "US", {"type": "private"}),
        "independent-sound-example": ("independent-sound.example", None, ["independent-sound.example"], None, None),
        "northfield-courier": ("Northfield Courier", None, ["northfield.example"], None, None),
        "port-example-news": ("port.example-news", None, None, None, None),
    }
    assert all("ratings" not in r for r in records)
    assert sorted((p.code, p.message.split(":")[0]) for p in problems) == [
        ("import.layout", "corpus allsides-neus is absent"),
        ("import.layout", "corpus basil is absent"),
        ("import.layout", "corpus pac is absent"),
        ("import.layout", "corpus polnear is absent"),
        ("import.skipped", "allsides-ratings"),
        ("import.skipped", "article-bias-prediction"),
    ]
    assert {p.message for p in problems if p.code == "import.skipped"} == {
        "allsides-ratings: 1 names are not outlets: AllSides rates it as Author 1",
        "article-bias-prediction: 2 names are not outlets: AllSides rates it as Author 1, a person 1",
    }


def test_ratings_are_added_side_by_side_only_when_asked(tmp_path: Path) -> None:
    records, _ = build(synthetic(tmp_path / "corpora"), synthetic_facts(tmp_path / "outlets.jsonl"), ratings=True)
    gazette = next(r for r in records if r["id"] == "harbor-gazette")
    raters = sorted((r["rater"], r["scale"], r["value"], r.get("source_url", "")) for r in gazette["ratings"])
    assert raters == [
        ("AllSides", "allsides_bias", "Center", "https://www.allsides.example/0"),
        ("AllSides", "allsides_bias", "Left", "https://www.allsides.example/1"),
        ("Media Bias/Fact Check", "mbfc_bias", "center-left", "http://mbfc.example/0/"),
        ("Media Bias/Fact Check", "mbfc_bias", "center-left", "http://mbfc.example/1/"),
        ("Media Bias/Fact Check", "mbfc_factuality", "high", "http://mbfc.example/0/"),
        ("Media Bias/Fact Check", "mbfc_factuality", "high", "http://mbfc.example/1/"),
    ]


def test_curated_names_that_clash_and_lines_that_are_not_facts_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "outlets.jsonl", '{"name": "Harbor Gazette", "aliases": ["HG"]}\n{"name": "hg"}\nnot json\n{"aliases": ["x"]}\n\n')
    facts, problems = load_facts(tmp_path / "outlets.jsonl")
    assert [(p.code, p.line) for p in problems] == [("import.unreadable", 3), ("import.unreadable", 4)]
    _, found = build(tmp_path / "no-corpora", facts)
    assert "curated name 'hg' of 'hg' already names 'Harbor Gazette'" in [p.message for p in found]


def test_the_build_writes_nothing_when_a_corpus_is_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synthetic_facts(tmp_path / "outlets.jsonl")
    out = tmp_path / "registry.jsonl"
    assert main([str(synthetic(tmp_path / "corpora")), "--seeds", str(tmp_path / "outlets.jsonl"), "--out", str(out)]) == 1
    assert not out.exists() and "corpus polnear is absent" in capsys.readouterr().out


@needs_corpora
def test_the_committed_registry_is_what_the_corpora_and_the_curated_facts_give(tmp_path: Path) -> None:
    assert main([str(CORPORA), "--out", str(tmp_path / "outlets.jsonl")]) == 0
    assert (tmp_path / "outlets.jsonl").read_bytes() == REGISTRY.read_bytes(), "rebuild with: python -m maintainer.registry"


def test_the_committed_registry_holds_facts_only_and_validates() -> None:
    records = committed()
    assert all("ratings" not in r and "wikidata" not in r for r in records)
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert b"".join(dumps(r) for r in records) == REGISTRY.read_bytes()
    report = validate([str(REGISTRY)], jobs=1)
    assert report.problems == [] and report.records["outlet"] == len(records)


@needs_corpora
def test_every_outlet_name_of_the_corpora_resolves() -> None:
    registry = OutletRegistry.load(REGISTRY)
    found, problems = mentions(CORPORA)
    assert problems == []
    not_outlets = {name_key(json.loads(line).get("not_outlet", "")) for line in SEEDS.read_text(encoding="utf-8").splitlines()}
    rated_news = {name_key(m.name) for m in found if m.corpus == "allsides-ratings" and m.kind == "outlet"}
    rated_apart = {name_key(m.name) for m in found if m.kind != "outlet"} - rated_news
    unresolved = []
    for mention in found:
        if mention.kind != "outlet" or name_key(mention.name) in not_outlets | rated_apart:
            continue
        site = mention.corpus == "news-media-reliability" and mention.hosts
        hit = registry.by_domain.get(next(iter(mention.hosts))) if site else registry.find(name=mention.name)
        unresolved += [] if hit else [(mention.corpus, mention.name)]
    assert unresolved == []


@pytest.mark.parametrize(
    ("code", "outlet"),
    [
        ("breitbart", "breitbart-news"),
        ("huff-post", "huffpost"),
        ("nyt", "the-new-york-times"),
        ("politico", "politico"),
        ("usa-today", "usa-today"),
        ("wash-post", "the-washington-post"),
        ("west-journal", "the-western-journal"),
        ("fox", "fox-news"),
        ("HPO", "huffpost"),
        ("NYT", "the-new-york-times"),
        ("Fox Online News", "fox-news"),
        ("CNN (Web News)", "cnn"),
        ("thehuffingtonpost", "huffpost"),
    ],
)
def test_corpus_codes_and_variants_name_one_outlet(code: str, outlet: str) -> None:
    assert OutletRegistry.load(REGISTRY).find(name=code) == outlet


@needs_corpora
def test_curated_aliases_are_names_the_corpora_use() -> None:
    used = {m.name for m in mentions(CORPORA)[0]}
    facts, _ = load_facts(SEEDS)
    assert [alias for outlet in facts.outlets for alias in outlet.aliases if alias not in used] == []
    assert [name for name in facts.not_outlets if name not in used] == []


@needs_corpora
def test_a_local_build_with_ratings_keeps_each_rater_apart(tmp_path: Path) -> None:
    records, _ = build(CORPORA, load_facts(SEEDS)[0], ratings=True)
    cnn = next(r for r in records if r["id"] == "cnn")
    scales = sorted((r["rater"], r["scale"]) for r in cnn["ratings"])
    mbfc = [("Media Bias/Fact Check", scale) for scale in ("mbfc_bias", "mbfc_factuality", "mbfc_factuality", "other")]
    assert scales == [("AllSides", "allsides_bias")] * 2 + mbfc
