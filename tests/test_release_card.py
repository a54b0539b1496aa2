"""The dataset card of a release: Hub metadata that parses offline, the card sections, statistics from the data, citations."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import DatasetCard

from toolkit.release.card import CITATIONS, REQUIRED_SECTIONS, TEMPLATE, escape, render_card, size_category
from toolkit.release.comparisons import NOTHING
from toolkit.release.parquet import collect

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing reaches the Hub."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def counts_of(records: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {config: len(items) for config, items in records.items()}


def corpus(name: str) -> dict[str, Any]:
    return {"format": "corpus", "corpus": {"name": name, "version": "v1", "license": "unknown", "url": f"https://example.org/{name}"}}


def article(number: int, outlet: str | None, corpus_name: str, redistributable: bool, framing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "article",
        "id": f"art_{number:016x}",
        "outlet_id": outlet,
        "language": "en-US" if number % 2 else "en",
        "source": corpus(corpus_name),
        "rights": {"redistributable": redistributable, "note": "free" if redistributable else "research use only"},
    }
    if framing:
        found["framing"] = framing
    return found


def claim(number: int, article_number: int, outlet: str | None, kind: str, verb_class: str | None, method: str = "human") -> dict[str, Any]:
    cue: dict[str, Any] = {"text": "said", "spans": []}
    if verb_class:
        cue["verb_class"] = verb_class
    return {
        "type": "claim",
        "id": f"clm_{number:016x}",
        "article_id": f"art_{article_number:016x}",
        "outlet_id": outlet,
        "kind": kind,
        "cue": cue,
        "provenance": {"method": method},
    }


def label(scheme: str, value: str, method: str = "human") -> dict[str, Any]:
    return {"scheme": scheme, "label": value, "provenance": {"method": method}}


def synthetic() -> dict[str, list[dict[str, Any]]]:
    """Three corpora with articles, and an outlet registry that names one more corpus."""
    outlets = [
        {
            "type": "outlet",
            "id": "fox-news",
            "name": "Fox News",
            "ratings": [
                {"rater": "AllSides", "scale": "allsides_bias", "value": "Right", "provenance": {"method": "import"}},
                {"rater": "Media Bias/Fact Check", "scale": "mbfc_bias", "value": "right", "provenance": {"method": "import"}},
            ],
            "provenance": {"method": "import", "note": "names and domains as the corpora give them: allsides-ratings, basil"},
        },
        {
            "type": "outlet",
            "id": "nyt",
            "name": "The New York Times",
            "ratings": [{"rater": "AllSides", "scale": "allsides_bias", "value": "Lean Left", "provenance": {"method": "import"}}],
            "provenance": {"method": "human", "note": "name stated in seeds/outlets.jsonl; names and domains from the corpora: basil"},
        },
    ]
    articles = [
        article(1, "fox-news", "basil", False),
        article(2, "nyt", "basil", False),
        article(3, "nyt", "polnear", False),
        article(4, None, "narrative-frames", True, [label("narrative_frame", "conflict"), label("narrative_frame", "moral")]),
        article(5, "fox-news", "narrative-frames", True, [label("narrative_frame", "conflict")]),
    ]
    articles[3]["outlet_name"] = "Grist"
    claims = [
        claim(1, 1, "fox-news", "direct_quote", "neutral_report"),
        claim(2, 1, "fox-news", "indirect", "hedge", method="rules"),
        claim(3, 2, "nyt", "direct_quote", "neutral_report"),
        claim(4, 3, "nyt", "partial_quote", None, method="rules"),
    ]
    claims[0]["framing"] = [label("basil", "lex"), label("basil", "inf")]
    claims[2]["framing"] = [label("basil", "inf")]
    return {"outlets": outlets, "articles": articles, "claims": claims}


SCORES = {
    "rules on PolNeAR dev": {
        "articles": {"paired": 84, "gold_only": 0, "predicted_only": 0},
        "overall": {
            "gold": 2320,
            "predicted": 2100,
            "scores": {
                "claim": {"precision": 0.65, "recall": 0.6, "f1": 0.624},
                "claim+speaker": {"precision": 0.5, "recall": 0.45, "f1": 0.4737},
            },
        },
    }
}


def render(records: dict[str, list[dict[str, Any]]], **info: Any) -> str:
    return render_card(records, counts_of(records), info)


def bibtex_present(text: str) -> set[str]:
    """The corpora whose every BibTeX entry is in the card (and check none is half there)."""
    found = set()
    for name, entries in CITATIONS.items():
        present = [entry in text for entry in entries]
        assert all(present) or not any(present), name
        if all(present):
            found.add(name)
    return found


def test_card_of_the_shipped_data_parses_offline_with_its_yaml(tmp_path: Path) -> None:
    records = collect([DATA])
    counts = counts_of(records)
    text = render_card(records, counts, {})
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    card = DatasetCard.load(tmp_path / "README.md")
    data = card.data.to_dict()
    assert [c["config_name"] for c in data["configs"]] == list(counts)
    assert [c["config_name"] for c in data["dataset_info"]] == list(counts)
    assert all(c["features"] for c in data["dataset_info"])
    assert data["size_categories"] == [size_category(max(counts.values()))] == ["1K<n<10K"]  # 1,684 outlets
    assert data["language"] == ["en"]
    assert data["pretty_name"] and data["license"] and data["task_categories"]
    for heading in REQUIRED_SECTIONS:
        assert f"\n{heading}\n" in card.text, heading
    assert "[More Information Needed]" in card.text  # no repository or contact given
    assert "| indirect | 8 | 66.7% |" in text  # the seed's twelve claims
    assert "| (unknown) | 1 | 12 |" in text
    assert "Of 1 articles, 0 may be redistributed. 0 are released with their text and 1 without it" in text
    # the registry's outlets name the corpora their names and domains come from; those are cited
    assert {"news-media-reliability", "allsides-ratings", "article-bias-prediction"} <= bibtex_present(text)
    assert render_card(records, counts, {}) == text


def test_synthetic_card_metadata_and_sections() -> None:
    records = synthetic()
    text = render(records, pretty_name="Parallax test", license="cc-by-4.0", task_categories=["text-classification"])
    card = DatasetCard(text)
    data = card.data.to_dict()
    assert data["pretty_name"] == "Parallax test"
    assert data["license"] == "cc-by-4.0"
    assert data["language"] == ["en"]  # en and en-US
    assert data["task_categories"] == ["text-classification"]
    assert data["size_categories"] == ["n<1K"]
    assert [c["config_name"] for c in data["configs"]] == ["outlets", "articles", "claims"]
    assert [c["data_files"][0]["path"] for c in data["configs"]] == [f"data/{c}/train-*.parquet" for c in ("outlets", "articles", "claims")]
    assert [c["config_name"] for c in data["dataset_info"]] == ["outlets", "articles", "claims"]
    positions = [card.text.index(f"\n{heading}\n") for heading in REQUIRED_SECTIONS]
    assert positions == sorted(positions)
    assert "$" not in card.text.replace("${", "")  # every placeholder filled


def test_synthetic_card_statistics() -> None:
    text = render(synthetic(), extraction_scores=SCORES)
    for row in (
        "| `outlets` | 2 |",
        "| `articles` | 5 |",
        "| `claims` | 4 |",
        # articles and claims per outlet, most articles first, ties by name
        "| Fox News (`fox-news`) | 2 | 2 |",
        "| The New York Times (`nyt`) | 2 | 2 |",
        "| Grist (not in the registry) | 1 | 0 |",
        # per corpus
        "| basil | 2 | 3 |",
        "| narrative-frames | 2 | 0 |",
        "| polnear | 1 | 1 |",
        # claim kinds and cue verb classes
        "| direct_quote | 2 | 50.0% |",
        "| indirect | 1 | 25.0% |",
        "| partial_quote | 1 | 25.0% |",
        "| neutral_report | 2 | 50.0% |",
        "| hedge | 1 | 25.0% |",
        "| (unclassified) | 1 | 25.0% |",
        # framing labels by scheme
        "| basil | inf | claim | 2 |",
        "| basil | lex | claim | 1 |",
        "| narrative_frame | conflict | article | 2 |",
        "| narrative_frame | moral | article | 1 |",
        "| basil | human | 3 |",
        "| narrative_frame | human | 3 |",
        # provenance of claims, raters
        "| human | 2 | 50.0% |",
        "| rules | 2 | 50.0% |",
        "| AllSides | allsides_bias | 2 |",
        "| Media Bias/Fact Check | mbfc_bias | 1 |",
        # rights
        "| no | research use only | 3 |",
        "| yes | free | 2 |",
        # extraction error rates, from info
        "| rules on PolNeAR dev | claim | 0.650 | 0.600 | 0.624 | 0.400 | 0.350 | 2320 | 2100 |",
        "| rules on PolNeAR dev | claim+speaker | 0.500 | 0.450 | 0.474 | 0.550 | 0.500 | 2320 | 2100 |",
    ):
        assert f"\n{row}\n" in text, row
    assert "Of 5 articles, 2 may be redistributed. 2 are released with their text and 3 without it" in text
    assert "No extraction scores were measured" not in text
    without_text = render(synthetic(), no_text=True)
    assert "Of 5 articles, 2 may be redistributed. 0 are released with their text and 5 without it (this release was built without text)" in without_text
    assert "No extraction scores were measured" in without_text
    assert "No alignment scores were measured" in without_text


def test_alignment_error_rates_from_info() -> None:
    scores = {"events on a pool": {"measure": "B-cubed", "precision": 0.9, "recall": 0.8, "f1": 0.8471}}
    text = render(synthetic(), alignment_scores=scores)
    assert "\n| events on a pool | B-cubed | 0.900 | 0.800 | 0.847 | 0.200 | 0.100 |\n" in text
    assert "No alignment scores were measured" not in text


def test_citations_are_exactly_the_corpora_in_the_data() -> None:
    records = synthetic()
    assert bibtex_present(render(records)) == {"basil", "polnear", "narrative-frames", "allsides-ratings"}
    only_articles = {"articles": [a for a in records["articles"] if a["source"]["corpus"]["name"] == "polnear"]}
    assert bibtex_present(render(only_articles)) == {"polnear"}
    unknown = copy.deepcopy(only_articles)
    unknown["articles"][0]["source"] = corpus("someone-elses")
    text = render(unknown)
    assert bibtex_present(text) == set()
    assert "No citation is on file for: someone-elses." in text
    assert "no records from a published corpus" in text


def test_every_corpus_has_a_citation() -> None:
    names = {"polnear", "basil", "pac", "allsides-neus", "article-bias-prediction", "narrative-frames", "news-media-reliability", "allsides-ratings"}
    assert set(CITATIONS) == names
    records = {"articles": [article(n, None, name, False) for n, name in enumerate(sorted(names))]}
    assert bibtex_present(render(records)) == names


def test_size_categories_use_the_hub_bins() -> None:
    assert [size_category(n) for n in (0, 999, 1000, 9999, 10_000, 999_999, 1_000_000, 10**12 - 1, 10**12, 10**15)] == [
        "n<1K",
        "n<1K",
        "1K<n<10K",
        "1K<n<10K",
        "10K<n<100K",
        "100K<n<1M",
        "1M<n<10M",
        "100B<n<1T",
        "n>1T",
        "n>1T",
    ]
    records = synthetic()
    counts = counts_of(records) | {"claims": 25_000}  # the largest config decides
    assert DatasetCard(render_card(records, counts, {})).data.to_dict()["size_categories"] == ["10K<n<100K"]


def test_same_bytes_twice_whatever_the_record_order() -> None:
    records = synthetic()
    first = render(records, extraction_scores=SCORES).encode("utf-8")
    shuffled = {config: list(reversed(items)) for config, items in reversed(list(records.items()))}
    shuffled = {config: shuffled[config] for config in records}  # config order is the release's
    assert render(shuffled, extraction_scores=SCORES).encode("utf-8") == first
    assert render(synthetic(), extraction_scores=SCORES).encode("utf-8") == first


HOSTILE = [
    "Evil</script><script>alert(1)</script>",
    "Harbor\n---\nlicense: mit\n",
    "# Heading outlet",
    "[click me](javascript:alert(1))",
    "pipe | in ` the & name\\",
    "JavaScript:void(0) <img src=x onerror=alert(1)>",
]


def hostile() -> dict[str, list[dict[str, Any]]]:
    """The synthetic records with hostile text in every field the card renders: outlet names, corpus names, urls, notes, labels."""
    records = copy.deepcopy(synthetic())
    records["outlets"][0]["name"], records["outlets"][1]["name"] = HOSTILE[0], HOSTILE[1]
    records["outlets"][0]["ratings"][0]["rater"] = HOSTILE[2]
    for number, article in enumerate(records["articles"]):
        bad = HOSTILE[number % len(HOSTILE)]
        article["source"]["corpus"] |= {"name": bad, "version": HOSTILE[3], "license": HOSTILE[4], "url": "javascript:alert(1)"}
        article["rights"]["note"] = HOSTILE[(number + 1) % len(HOSTILE)]
    records["articles"][3]["outlet_name"] = HOSTILE[5]
    records["claims"][0]["framing"][0]["label"] = HOSTILE[3]
    records["claims"][1]["kind"] = HOSTILE[4]
    return records


def tables(body: str) -> list[list[str]]:
    """Each Markdown table of a text as its lines."""
    found: list[list[str]] = []
    for line, before in zip(body.splitlines(), ["", *body.splitlines()], strict=False):
        if line.startswith("|"):
            (found[-1].append(line) if before.startswith("|") else found.append([line]))
    return found


def test_hostile_text_is_escaped_everywhere_the_card_renders_it() -> None:
    info = {"pretty_name": "P\n---\nlicense: mit", "contact": HOSTILE[3], "curators": HOSTILE[0], "repository": "javascript:alert(1)"}
    text, plain = render(hostile(), **info), render(synthetic())
    card, plain_card = DatasetCard(text), DatasetCard(plain)
    data = card.data.to_dict()
    assert data["pretty_name"] == info["pretty_name"] and data["license"] == "other"
    assert data["configs"] == plain_card.data.to_dict()["configs"] and data["dataset_info"] == plain_card.data.to_dict()["dataset_info"]
    body = card.text
    assert "<script" not in body.lower() and "javascript:" not in body.lower() and "<img" not in body
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings[0] == "# Dataset Card for P --- license: mit" and headings[1:] == [h for h in plain_card.text.splitlines() if h.startswith("#")][1:]
    assert [line for line in body.splitlines() if line.strip() == "---"] == []
    for found in tables(body):
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in found}) == 1, found
    assert len(tables(body)) == len(tables(plain_card.text))


def test_escape_keeps_plain_text_and_neutralizes_markup() -> None:
    assert escape("direct_quote (unclassified) 50.0%") == "direct_quote (unclassified) 50.0%"
    assert escape("a|b`c") == "a\\|b\\`c" and escape("<b>&") == "&lt;b&gt;&amp;"
    assert escape("# top\n---\nnext") == "\\# top --- next"
    assert escape("[x](javascript:alert(1))") == "\\[x\\](javascript&#58;alert(1))"


def test_a_card_of_records_without_comparisons_says_so() -> None:
    text = render(synthetic())
    section = text[text.index("\n### Comparisons\n") : text.index("\n## Dataset Creation\n")]
    assert NOTHING in section
    assert [line for line in section.splitlines() if line.startswith("#")] == [
        "### Comparisons",
        "#### Coverage per outlet",
        "#### Source types per outlet",
        "#### Verb classes per outlet",
    ]
    assert section.count("\n(none)\n") == 3


def test_a_project_template_without_the_comparisons_still_renders(tmp_path: Path) -> None:
    shipped = TEMPLATE.read_text(encoding="utf-8")
    older = shipped[: shipped.index("### Comparisons")] + shipped[shipped.index("## Dataset Creation") :]
    (tmp_path / "dataset_card.md").write_text(older + "\nOur own: $our_own\n", encoding="utf-8")
    text = render(synthetic(), card_template=str(tmp_path / "dataset_card.md"))
    assert "Comparisons" not in text and "Our own: $our_own" in text  # a placeholder of its own stays as written
    assert "| `claims` | 4 |" in text and text.replace("$our_own", "").count("$") == 0
