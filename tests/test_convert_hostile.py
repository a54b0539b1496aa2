"""Careless and hostile metadata: each bad value is a coded problem of its input, nothing hangs, the batch goes on (issue 17)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from toolkit.convert import Options, Raw, read
from toolkit.convert import html as html_module
from toolkit.convert import limits as limits_module
from toolkit.problems import PIPELINE, Problem
from toolkit.registry import OutletRegistry

ROOT = Path(__file__).resolve().parents[1]
BODY = "The Old Harbor Bridge in Port Halden reopened on Friday, the council said.\n\nTraffic was light.\n"
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


def converted(text: str, name: str = "story.md", folder: Path | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The article read from one input (None if none was made) and the problems met."""
    path = str((folder or Path("/nonexistent")) / name)
    items = list(read(Raw(path, text.encode("utf-8", "surrogatepass")), "auto", Options(OutletRegistry())))
    records = [item for item in items if not isinstance(item, Problem)]
    return (records[0] if records else None), [item for item in items if isinstance(item, Problem)]


def front(yaml: str) -> str:
    return f"---\n{yaml}\n---\n{BODY}"


# (front matter, the code expected, whether the article is still written)
HOSTILE = {
    "impossible date": ("published: 2020-02-30", "convert.date", True),
    "impossible timestamp": ("date: 2021-13-01 10:00:00", "convert.date", True),
    "number of 5,000 digits": ("outlet: " + "9" * 5000, "convert.meta-value", True),
    "nesting 10,000 deep": ("outlet: " + "[" * 10_000 + "]" * 10_000, "convert.front-matter", False),
    "URL that does not parse": ("url: 'http://[oops'", "convert.meta-unknown-value", True),
    "domain that does not parse": ("domain: '[oops'", None, True),
    "URL with a space": ("url: 'https://harbor-gazette.example/a <meta name='", "convert.meta-unknown-value", True),
    "date where text is expected": ("rights: 2020-01-01", "convert.meta-type", True),
    "lone surrogate in language": ('language: "\\ud800"', "convert.meta-value", True),
    "lone surrogate in a reason": ('outlet_unknown_reason: "\\udfff"', "convert.meta-value", True),
    "lone surrogate in a key": ('"k\\ud800": 1', "convert.meta-value", True),
    "lone surrogate in a byline item": ('author: ["Mira Olsen", "\\ud800"]', "convert.meta-value", True),
    "alias bomb as outlet": (BOMB + "outlet: *i", "convert.front-matter", False),
    "alias bomb as byline": (BOMB + "byline: *i", "convert.front-matter", False),
    "alias bomb as published": (BOMB + "published: *i", "convert.front-matter", False),
    "alias bomb as rights": (BOMB + "rights: *i", "convert.front-matter", False),
    "self-referring alias": ("outlet: &a [*a]", "convert.front-matter", False),
    "2.5 MB of keys": ("\n".join(f"k{i}: v" for i in range(250_000)), "convert.front-matter", False),
    "3,000 keys": ("\n".join(f"k{i}: v" for i in range(3_000)), "convert.front-matter", False),
    "value of 20,000 characters": ("headline: " + "a" * 20_000, "convert.meta-value", True),
    "binary value": ("headline: !!binary aGVsbG8=", "convert.meta-value", True),
    "control character": ("title: a\x1fb", "convert.field", True),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_value_is_a_coded_problem_of_its_input_and_fast(case: str) -> None:
    yaml, code, written = HOSTILE[case]
    start = time.perf_counter()
    record, problems = converted(front(yaml))
    assert time.perf_counter() - start < 5
    assert (record is not None) == written, problems
    assert all(p.code in PIPELINE for p in problems)
    if code:
        assert code in [p.code for p in problems]
    if record is not None:
        orjson.dumps(record)  # a lone surrogate would fail here
        assert not re.search("[\ud800-\udfff]", orjson.dumps(record).decode())


def test_toml_front_matter_nested_deep_or_holding_a_long_number_is_a_problem() -> None:
    for toml, code in (("outlet = " + "[" * 10_000 + "]" * 10_000, "convert.front-matter"), ("weight = " + "9" * 5000, "convert.field")):
        record, problems = converted(f"+++\n{toml}\n+++\n{BODY}")
        assert code in [p.code for p in problems]


def test_a_sidecar_beyond_a_limit_or_not_json_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.meta.json").write_text('{"outlet": ' + "[" * 5000 + "]" * 5000 + "}")
    (tmp_path / "b.meta.json").write_text('{"language": "\\ud800"')
    (tmp_path / "c.meta.json").write_bytes(b'{"k": "' + b"x" * (limits_module.MAX_SIDECAR + 1) + b'"}')
    (tmp_path / "d.meta.json").write_text('{"outlet": "Harbor Gazette", "language": "de"}')
    found = {name: converted(BODY, name, tmp_path) for name in ("a.txt", "b.txt", "c.txt", "d.txt")}
    assert [p.code for p in found["a.txt"][1]] == ["convert.field"]  # orjson stops at depth 1024: not JSON
    assert [p.code for p in found["b.txt"][1]] == ["convert.field"]
    assert [p.code for p in found["c.txt"][1]] == ["convert.front-matter"] and found["c.txt"][0] is None
    record = found["d.txt"][0]
    assert record is not None and record["language"] == "de" and found["d.txt"][1] == []


def test_a_json_record_with_hostile_fields_is_coded_and_the_next_converted() -> None:
    text = "The council voted to repair the bridge before winter, officials said on Tuesday." * 3
    lines = [
        {"maintext": text, "title": "A" * 20_000, "authors": [["x"] * 10] * 300},
        {"maintext": text, "title": "Fine", "url": "http://[oops", "source_domain": "[oops"},
        {"maintext": text + " Again.", "title": "Fine too", "date_publish": "2020-02-30"},
    ]
    data = b"\n".join(orjson.dumps(line) for line in lines)
    items = list(read(Raw("crawl.jsonl", data), "auto", Options(OutletRegistry())))
    records = [item for item in items if not isinstance(item, Problem)]
    codes = [(p.line, p.code) for p in items if isinstance(p, Problem)]
    assert len(records) == 2 and (1, "convert.front-matter") in codes and (2, "convert.meta-unknown-value") in codes and (3, "convert.date") in codes


def test_a_long_text_in_json_is_the_body_not_a_metadata_value_beyond_its_limit() -> None:
    text = "The council voted to repair the bridge before winter, officials said on Tuesday. " * 400  # 32,800 characters
    inputs = {"crawl.jsonl": {"maintext": text, "title": "Bridge"}, "story.json": {"content": text, "title": "Bridge"}}
    for name, record in inputs.items():
        fields = {"text": "content"} if name.endswith(".json") else {}
        items = list(read(Raw(name, orjson.dumps(record)), "auto", Options(OutletRegistry(), fields=fields)))
        records = [item for item in items if not isinstance(item, Problem)]
        assert len(records) == 1 and len(records[0]["text"]) > 30_000
        assert [p.code for p in items if isinstance(p, Problem)] == [], items


def test_the_limits_documented_are_those_applied() -> None:
    doc = (ROOT / "docs" / "front-matter.md").read_text(encoding="utf-8").split("## Limits", 1)[1]
    for value in (
        limits_module.MAX_FRONT_MATTER,
        limits_module.MAX_SIDECAR,
        limits_module.MAX_DEPTH,
        limits_module.MAX_ITEMS,
        limits_module.MAX_ALIASES,
        limits_module.MAX_VALUE,
    ):
        assert f"| {value:,}" in doc, value


ARTICLE_HTML = (
    '<!doctype html><html lang="en"><head><title>Bridge repair</title>'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge repair", '
    '"datePublished": "2024-03-02", "author": {"@type": "Person", "name": "Mira Olsen"}}</script></head>'
    "<body><article><h1>Bridge repair</h1>"
    + "<p>The council voted on Tuesday to repair the harbor bridge before winter, officials said.</p>" * 5
    + "</article></body></html>"
)


def test_a_page_of_megabytes_of_scripts_converts_fast_and_keeps_its_json_ld() -> None:
    script = "<script>var x = '" + "a" * 1000 + "';</script>\n<style>p {}</style><!-- " + "c" * 500 + " -->\n"
    page = ARTICLE_HTML.replace("<h1>", script * 8000 + "<h1>")  # 12 MB
    start = time.perf_counter()
    record, problems = converted(page, "page.html")
    assert time.perf_counter() - start < 10
    assert record is not None and (record["published"], record["byline"], problems) == ("2024-03-02", ["Mira Olsen"], [])


def test_a_page_too_large_for_boilerplate_removal_converts_fast_from_its_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    page = ARTICLE_HTML.replace(
        "</article>", "<p>More words about the bridge and the ferry timetable.</p>" * 100_000 + "</article><footer><p>(c) Gazette</p></footer>"
    )
    start = time.perf_counter()
    record, problems = converted(page, "page.html")
    assert time.perf_counter() - start < 10
    assert [p.code for p in problems] == ["convert.large-page"] and record is not None
    assert (record["headline"], record["published"], record["byline"]) == ("Bridge repair", "2024-03-02", ["Mira Olsen"])
    assert record["text"].count("More words about the bridge") == 100_000 and "(c) Gazette" not in record["text"]
    monkeypatch.setattr(html_module, "MAX_LARGE_PAGE", 1_000_000)
    record, problems = converted(page, "page.html")
    assert record is None and [p.code for p in problems] == ["convert.too-large"]


def test_an_input_that_is_no_regular_file_is_refused_and_the_rest_converted(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "valid.md").write_text("---\ntitle: Harbor Bridge Reopens\npublished: 2024-03-02\n---\n" + BODY)
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-claims"])
    assert time.perf_counter() - start < 10 and result.exit_code == 1, result.output
    assert result.output.count("error[io.not-a-file]") == 2 and "made 1 article" in result.output


def test_cutting_scripts_is_linear_when_they_are_never_closed() -> None:
    from toolkit.convert.html import lean

    start = time.perf_counter()
    assert lean("<p>kept</p>" + "<script>" * 200_000) == "<p>kept</p>"
    assert lean("<p>a</p><!-- x --><p>b</p><STYLE>s</style >c<svg><path/></svg>d") == "<p>a</p><p>b</p>cd"
    assert time.perf_counter() - start < 1


def hostile_batch(folder: Path) -> dict[str, str]:
    """A folder of hostile articles, each with the code it must be reported with, and one valid article."""
    folder.mkdir()
    expected = {}
    for number, case in enumerate(sorted(HOSTILE)):
        yaml, code, _ = HOSTILE[case]
        if code:
            name = f"hostile-{number:02d}.md"
            (folder / name).write_bytes(front(yaml).encode("utf-8", "surrogatepass"))
            expected[name] = code
    (folder / "huge.html").write_text(ARTICLE_HTML.replace("</article>", "<p>More words about the ferry timetable.</p>" * 150_000 + "</article>"))
    expected["huge.html"] = "convert.large-page"  # converted from its paragraphs, too long for the extractor: extract.too-long with claims
    (folder / "sidecar.txt").write_text(BODY)
    (folder / "sidecar.meta.json").write_bytes(b'{"k": "' + b"x" * (limits_module.MAX_SIDECAR + 1) + b'"}')
    expected["sidecar.txt"] = "convert.front-matter"
    (folder / "valid.md").write_text("---\ntitle: Harbor Bridge Reopens\npublished: 2024-03-02\noutlet: Harbor Gazette\n---\n" + BODY)
    return expected


@pytest.mark.parametrize("claims", [False, True], ids=["no-claims", "claims"])
def test_a_hostile_batch_with_one_valid_article_converts_within_a_minute(tmp_path: Path, claims: bool) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli
    from toolkit.validate import validate

    expected = hostile_batch(tmp_path / "batch")
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "batch"), "--out", str(tmp_path / "out"), *([] if claims else ["--no-claims"])])
    assert time.perf_counter() - start < 60
    assert result.exit_code == 1 and "Traceback" not in result.output and "internal error" not in result.output, result.output
    reported = re.findall(r"^(\S+): (?:error|warning)\[([a-z.-]+)\]", result.output, re.MULTILINE)
    for name, code in expected.items():
        assert (str(tmp_path / "batch" / name), code) in reported, name
    assert ((str(tmp_path / "batch" / "huge.html"), "extract.too-long") in reported) == claims
    written = [orjson.loads(line) for path in sorted((tmp_path / "out" / "articles").iterdir()) for line in path.read_bytes().splitlines()]
    assert "Harbor Bridge Reopens" in [record["headline"] for record in written]
    assert validate([str(tmp_path / "out")], jobs=1).problems == []
