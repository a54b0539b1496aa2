"""Front matter and sidecars as Hugo, Jekyll, Pandoc and news-please write them: aliases, genres, licenses, and values of the wrong type."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from converting import convert
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.convert import Options, Raw, read
from toolkit.convert.frontmatter import FIELDS, GENRE_SYNONYMS, IGNORED
from toolkit.convert.rights import REDISTRIBUTABLE, RESTRICTED, SPDX_ID
from toolkit.problems import PIPELINE, Problem
from toolkit.registry import OutletRegistry
from toolkit.schemas import load_schemas

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "front-matter.md"
GOLDEN = ROOT / "tests" / "golden" / "convert-frontmatter"
BODY = "The Old Harbor Bridge in Port Halden reopened on Friday, the council said.\n\nTraffic was light.\n"


def article(text: str, name: str = "story.md", folder: Path | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The article read from one input (None if none was made) and the problems met."""
    path = str((folder or Path("/nonexistent")) / name)
    items = list(read(Raw(path, text.encode()), "auto", Options(OutletRegistry())))
    records = [item for item in items if not isinstance(item, Problem)]
    return (records[0] if records else None), [item for item in items if isinstance(item, Problem)]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_front_matter_of_every_tool_converts_as_the_golden_files_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    summary = convert(["inputs"], tmp_path, "auto", Options(OutletRegistry.load(GOLDEN / "outlets.jsonl")))
    assert (tmp_path / "articles" / "inputs.jsonl").read_bytes() == (GOLDEN / "expected" / "articles" / "inputs.jsonl").read_bytes()
    expected = [json.loads(line) for line in (GOLDEN / "expected" / "problems.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [{"file": p.file, "code": p.code, "message": p.message} for p in summary.problems] == expected
    assert {p.severity for p in summary.problems} == {"warning"} and summary.written["article"] == 6


def test_hugo_front_matter_gives_headline_date_and_byline_and_the_first_line_stays_body() -> None:
    record, problems = article(
        "---\ntitle: Harbor Bridge Reopens Early\ndate: 2024-04-12T08:00:00+02:00\ndraft: false\nweight: 10\n"
        "authors: [Mira Olsen, Joris Vandermeer]\ntags: [bridge]\ncategories: [news]\nslug: bridge\n---\n" + BODY
    )
    assert problems == []
    assert record is not None
    assert (record["headline"], record["published"], record["byline"]) == (
        "Harbor Bridge Reopens Early",
        "2024-04-12T08:00:00+02:00",
        ["Mira Olsen", "Joris Vandermeer"],
    )
    assert record["text"].startswith("The Old Harbor Bridge in Port Halden reopened") and "published_unknown_reason" not in record


def test_hugo_toml_front_matter_with_the_author_under_params() -> None:
    record, problems = article(
        "+++\ntitle = 'Harbor Bridge Reopens Early'\ndate = 2024-04-12T08:00:00+02:00\ndraft = false\n[params]\nauthor = 'Mira Olsen'\ntoc = true\n+++\n" + BODY
    )
    assert problems == []
    assert record is not None
    assert (record["headline"], record["published"], record["byline"]) == ("Harbor Bridge Reopens Early", "2024-04-12T08:00:00+02:00", ["Mira Olsen"])


def test_a_top_level_key_wins_over_the_same_under_params() -> None:
    record, problems = article("---\nauthor: Mira Olsen\nparams:\n  author: Joris Vandermeer\n---\nHeadline\n\n" + BODY)
    assert record is not None and record["byline"] == ["Mira Olsen"]
    assert [p.message for p in problems] == ["params.author 'Joris Vandermeer' disagrees with author 'Mira Olsen'; author is used"]


def test_toml_front_matter_that_does_not_parse_is_reported() -> None:
    record, problems = article("+++\ntitle = unquoted\n+++\nHeadline\n\n" + BODY)
    assert record is not None and record["headline"] == "Headline"
    assert codes(problems) == ["convert.field"] and problems[0].message.startswith("front matter is not TOML")


def test_hugo_publish_date_wins_over_the_creation_date_and_says_so() -> None:
    record, problems = article("---\ntitle: T\ndate: 2024-04-01\npublishDate: 2024-04-12\n---\n" + BODY)
    assert record is not None and record["published"] == "2024-04-12"
    assert codes(problems) == ["convert.meta-conflict"] and problems[0].message.endswith("; publishDate is used")


def test_jekyll_front_matter_and_a_markdown_heading_repeating_the_title() -> None:
    record, problems = article(
        "---\nlayout: post\ntitle: Council Votes to Fund Ferries\ndate: 2024-03-28 10:00:00 +0100\nauthor: Anneke Brouwer\n"
        "published: true\npermalink: /2024/03/ferries/\ncategories: news harbour\nlang: en-GB\n---\n# Council Votes to Fund Ferries\n\n" + BODY
    )
    assert problems == []
    assert record is not None
    assert (record["headline"], record["published"], record["byline"], record["language"]) == (
        "Council Votes to Fund Ferries",
        "2024-03-28T10:00:00+01:00",
        ["Anneke Brouwer"],
        "en-GB",
    )
    assert record["text"] == BODY.strip()


def test_a_title_and_no_text_is_an_empty_article() -> None:
    record, problems = article("---\ntitle: Harbor Bridge Reopens\n---\n\n")
    assert record is None and [(p.code, p.message) for p in problems] == [("convert.empty", "no body: the text after the front matter is empty")]


def test_a_blank_title_leaves_the_first_line_as_the_headline() -> None:
    record, problems = article("---\ntitle: '  '\n---\nHarbor Bridge Reopens\n\n" + BODY)
    assert problems == [] and record is not None and record["headline"] == "Harbor Bridge Reopens"


def test_jekyll_published_false_is_a_flag_not_a_date() -> None:
    record, problems = article("---\ntitle: T\npublished: false\ndate: 2024-03-28\n---\n" + BODY)
    assert problems == [] and record is not None and record["published"] == "2024-03-28"


def test_pandoc_metadata_with_structured_authors() -> None:
    record, problems = article(
        "---\ntitle: Ferry Fares Frozen\nsubtitle: Until the bridge reopens\nauthor:\n- Mira Olsen\n- name: Joris Vandermeer\n  affiliation: Harbor Gazette\n"
        "date: 22 March 2024\nlang: nl\nabstract: Fares stay.\nkeywords: [ferry]\n---\n" + BODY
    )
    assert problems == []
    assert record is not None
    assert (record["headline"], record["byline"], record["published"], record["language"]) == (
        "Ferry Fares Frozen",
        ["Mira Olsen", "Joris Vandermeer"],
        "2024-03-22",
        "nl",
    )


def test_news_please_sidecar_beside_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "story.meta.json").write_text(
        json.dumps(
            {
                "title": "Traders Ask for Parking Relief",
                "date_publish": "2024-03-26 08:15:00",
                "authors": ["Mira Olsen"],
                "url": "https://harbor-gazette.example/news/2024/03/parking",
                "source_domain": "harbor-gazette.example",
                "language": "en",
                "description": "Shop owners ask for free parking.",
                "date_download": "2024-03-27 00:00:00",
            }
        ),
        encoding="utf-8",
    )
    record, problems = article(BODY, "story.txt", tmp_path)
    assert problems == []
    assert record is not None
    assert (record["headline"], record["published"], record["byline"], record["url"], record["outlet_name"]) == (
        "Traders Ask for Parking Relief",
        "2024-03-26",
        ["Mira Olsen"],
        "https://harbor-gazette.example/news/2024/03/parking",
        "harbor-gazette.example",
    )


def test_without_a_title_the_first_line_is_the_headline() -> None:
    record, problems = article("---\ndate: 2024-03-28\n---\nHarbor Bridge Reopens\n\n" + BODY)
    assert problems == [] and record is not None
    assert record["headline"] == "Harbor Bridge Reopens" and record["text"] == BODY.strip()


def test_our_own_key_wins_over_an_alias_and_a_disagreement_is_a_warning() -> None:
    record, problems = article("---\nheadline: Ours\ntitle: Theirs\nbyline: Mira Olsen\nauthor: Mira Olsen\n---\n" + BODY)
    assert record is not None and record["headline"] == "Ours"
    assert codes(problems) == ["convert.meta-conflict"]
    assert problems[0].message == "title 'Theirs' disagrees with headline 'Ours'; headline is used" and problems[0].severity == "warning"


@pytest.mark.parametrize(
    ("stated", "genre"),
    [("news", "reporting"), ("News Article", "reporting"), ("op-ed", "opinion"), ("Op_Ed", "opinion"), ("column", "opinion"), ("editorial", "opinion")]
    + [("Analysis", "analysis"), ("explainer", "analysis"), ("satire", "satire"), ("OpinionNewsArticle", "opinion")],
)
def test_genre_synonyms(stated: str, genre: str) -> None:
    record, problems = article(f"---\ngenre: {stated}\n---\nHeadline\n\n" + BODY)
    assert problems == [] and record is not None and record["genre"] == genre


def test_an_unknown_genre_is_unknown_with_a_warning_naming_the_accepted_ones() -> None:
    record, problems = article("---\ngenre: gossip\n---\nHeadline\n\n" + BODY)
    assert record is not None and record["genre"] == "unknown"
    assert codes(problems) == ["convert.meta-unknown-value"] and problems[0].severity == "warning"
    assert "'gossip'" in problems[0].message and "reporting, opinion, analysis, satire, unknown" in problems[0].message


def test_an_unknown_key_is_a_warning_and_the_article_is_written() -> None:
    record, problems = article("---\ntitle: T\nauther: Mira Olsen\n---\n" + BODY)
    assert record is not None and "byline" not in record
    assert codes(problems) == ["convert.meta-unknown-key"] and problems[0].severity == "warning"
    assert "'auther'" in problems[0].message and "did you mean 'author'?" in problems[0].message and "byline" in problems[0].message


def test_the_seed_sidecar_keys_are_known() -> None:
    sidecar = json.loads((ROOT / "seeds" / "000_e6e052abecc23e78.meta.json").read_text(encoding="utf-8"))
    record, problems = article("---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in sidecar.items()) + "---\nHeadline\n\n" + BODY)
    assert problems == [] and record is not None and record["rights"] == sidecar["rights"]


def converted(tmp_path: Path, front: str) -> tuple[dict[str, Any], list[Problem]]:
    """One Markdown article converted into a folder: the record written (so it validated) and the problems."""
    path = tmp_path / "story.md"
    path.write_text(f"---\n{front}---\nHeadline\n\n{BODY}", encoding="utf-8")
    summary = convert([str(path)], tmp_path / "out", "auto", Options(OutletRegistry()))
    written = (tmp_path / "out" / "articles" / "story.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == 1, summary.problems
    return json.loads(written[0]), summary.problems


@pytest.mark.parametrize(
    ("front", "rights"),
    [
        ("license: CC-BY-4.0\n", {"redistributable": True, "license": "CC-BY-4.0"}),
        ("license: cc0-1.0\n", {"redistributable": True, "license": "CC0-1.0"}),
        ("rights: CC-BY-SA-4.0\n", {"redistributable": True, "license": "CC-BY-SA-4.0"}),
        ("rights: {license: ODC-By-1.0}\n", {"redistributable": True, "license": "ODC-By-1.0"}),
        ("license: CC-BY-NC-4.0\n", {"redistributable": False, "license": "CC-BY-NC-4.0"}),
        ("redistributable: true\n", {"redistributable": True}),
        ("license: CC-BY-NC-4.0\nredistributable: true\n", {"redistributable": True, "license": "CC-BY-NC-4.0"}),
        ("rights: '© 2024 Harbor Gazette'\n", {"redistributable": False, "note": "© 2024 Harbor Gazette"}),
    ],
)
def test_a_stated_license_sets_the_rights(tmp_path: Path, front: str, rights: dict[str, Any]) -> None:
    record, problems = converted(tmp_path, front)
    assert problems == []
    assert {k: v for k, v in record["rights"].items() if k in rights} == rights
    assert "license" in record["rights"] or "license" not in rights


def test_the_note_of_a_redistributable_license_says_why(tmp_path: Path) -> None:
    record, _ = converted(tmp_path, "license: CC-BY-4.0\n")
    assert record["rights"]["note"] == "license CC-BY-4.0 allows redistribution: the text may be released"


@pytest.mark.parametrize(("front", "kept"), [("license: Harbor-Open-1.0\n", "Harbor-Open-1.0"), ("license: All rights reserved\n", None)])
def test_an_unknown_license_is_a_warning_and_stays_not_redistributable(tmp_path: Path, front: str, kept: str | None) -> None:
    record, problems = converted(tmp_path, front)
    assert codes(problems) == ["convert.meta-unknown-value"] and "CC-BY-4.0" in problems[0].message
    assert record["rights"]["redistributable"] is False and record["rights"].get("license") == kept


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: 2024-03-01\n", "title '2024-03-01' is a date, not text; quote it; ignored"),
        ("title: 1984\n", "title 1984 is a number, not text; quote it; ignored"),
        ("date: [2024, 3]\n", "date [2024, 3] is a list, not text or a date or a number; ignored"),
        ("author: {name: Mira Olsen}\n", "author {'name': 'Mira Olsen'} is a mapping, not text or a list; ignored"),
        ("author: [Mira Olsen, 7]\n", "author item 7 is a number, not text; ignored"),
        ("genre: [news]\n", "genre ['news'] is a list, not text; ignored"),
        ("lang: [en]\n", "lang ['en'] is a list, not text; ignored"),
        ("outlet: yes\n", "outlet True is true or false, not text; quote it; ignored"),
        ("redistributable: maybe\n", "redistributable 'maybe' is text, not true or false; ignored"),
        ("rights: [CC-BY-4.0]\n", "rights ['CC-BY-4.0'] is a list, not text; ignored"),
        ("license: 4\n", "license 4 is a number, not text; quote it; ignored"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_coded_problem(tmp_path: Path, front: str, message: str) -> None:
    record, problems = converted(tmp_path, front)
    assert [(p.code, p.message, p.severity) for p in problems] == [("convert.meta-type", message, "warning")]
    assert record["headline"] == "Headline"


def test_a_long_value_is_cut_in_the_message() -> None:
    _, problems = article("---\ndate: [" + ", ".join(["2024"] * 100) + "]\n---\nHeadline\n\n" + BODY)
    assert codes(problems) == ["convert.meta-type"] and len(problems[0].message) < 160 and "..." in problems[0].message


def test_a_relative_url_is_reported_and_left_out() -> None:
    record, problems = article("---\nurl: /about/\n---\nHeadline\n\n" + BODY)
    assert record is not None and "url" not in record
    assert codes(problems) == ["convert.meta-unknown-value"]


def test_wrong_types_in_crawler_json_are_coded_at_their_line() -> None:
    line = {"title": 5, "maintext": BODY, "authors": "Mira Olsen", "language": ["en"], "date_publish": "2024-03-26"}
    items = list(read(Raw("crawl.jsonl", (json.dumps(line) + "\n").encode()), "auto", Options(OutletRegistry())))
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.code, p.line, p.message.split(" ")[0]) for p in problems] == [("convert.meta-type", 1, "headline"), ("convert.meta-type", 1, "language")]
    records = [i for i in items if not isinstance(i, Problem)]
    assert records[0]["headline"] == "" and records[0]["byline"] == ["Mira Olsen"]


def test_the_license_pattern_is_the_schemas() -> None:
    schema = next(s for s in load_schemas().values() if "rights" in s.get("$defs", {}))
    assert schema["$defs"]["rights"]["properties"]["license"]["pattern"] == SPDX_ID.pattern
    assert all(SPDX_ID.match(name) for name in (*REDISTRIBUTABLE, *RESTRICTED))


def test_the_front_matter_doc_lists_every_key_genre_and_license() -> None:
    doc = DOC.read_text(encoding="utf-8")
    cells = set(re.findall(r"`([^`]+)`", doc))
    keys = {key for candidates in FIELDS.values() for key in candidates if key != "source_url"}
    assert sorted(keys - cells) == [] and sorted(IGNORED - cells) == []
    assert sorted(set(GENRE_SYNONYMS) - cells) == [] and sorted(set(REDISTRIBUTABLE + RESTRICTED) - cells) == []
    assert "front-matter.md" in (ROOT / "README.md").read_text(encoding="utf-8")


VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(), lambda inner: st.lists(inner, max_size=3), max_leaves=5)
KEYS = st.sampled_from(sorted({k for c in FIELDS.values() for k in c} | IGNORED | {"rights", "tags", "nonsense"}))


@settings(max_examples=60, deadline=None)
@given(fields=st.dictionaries(KEYS, VALUES | st.dictionaries(st.sampled_from(["license", "note", "redistributable", "x"]), VALUES), max_size=6))
def test_any_front_matter_gives_an_article_or_catalogued_problems(fields: dict[str, Any]) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(fields) + "---\nHeadline\n\n" + BODY
    record, problems = article(text)
    assert all(p.code in PIPELINE for p in problems)
    assert record is not None or problems
