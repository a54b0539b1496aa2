"""Fuzzing every convert format: whatever the input, each item is a record that validates or a problem from the catalog (issue 17).

benchmarks/bench_fuzz_convert.py runs the same check over hundreds of thousands of inputs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.convert import Options, Raw, read
from toolkit.convert.frontmatter import FIELDS, IGNORED
from toolkit.problems import CATALOG, PIPELINE, Problem
from toolkit.records import dumps
from toolkit.registry import OutletRegistry
from toolkit.validate.record import record_problems

OPTIONS = Options(OutletRegistry())
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BODY = "The council voted on Tuesday to repair the harbor bridge before winter, officials said.\n"
KEYS = sorted({key for keys in FIELDS.values() for key in keys} | set(list(IGNORED)[:10]) | {"rights", "params", "x"})
# Values as YAML writes them, hostile ones among them: impossible dates, long numbers, nesting, aliases, tags, surrogates.
YAML_VALUES = [
    "2020-02-30", "2024-03-02", "2021-13-01 10:00:00", "9" * 5000, "1e400", "-.inf", ".nan", "true", "null", "~", "''",
    "[" * 50 + "]" * 50, "{a: {b: {c: [1, 2]}}}", "&a [x, y]", "*a", "*nope", "!!binary aGVsbG8=", "!!set {a, b}",
    "!!python/object:os.system ls", "!!timestamp 2020-02-30", '"\\ud800"', '"a\\udfffb"', "'http://[oops'", "http://x.example/a",
    "[Mira Olsen, {name: Joris}]", "[1, [2], {}]", "CC-BY-4.0", "{license: MIT, note: 2020-01-01}", "|\n  two\n  lines", ">-", '"\\0"',
]  # fmt: skip


def check(raw: Raw, kind: str = "auto") -> None:
    """Every item read is a problem with a catalogued code, or a record that serializes and validates (else write.invalid reports it)."""
    for item in read(raw, kind, OPTIONS):
        if isinstance(item, Problem):
            assert item.code in PIPELINE or item.code in CATALOG, item
            item.message.encode("utf-8")
        else:
            # A language tag the input states is checked when the record is written (write.invalid): tests/test_convert.py
            assert {pointer for _, pointer, _ in record_problems(item)} <= {"/language"}, (item, record_problems(item))
            dumps(item)


yaml_line = st.tuples(st.sampled_from(KEYS), st.one_of(st.sampled_from(YAML_VALUES), st.text(max_size=30))).map(lambda kv: f"{kv[0]}: {kv[1]}")
yaml_front = st.lists(yaml_line, max_size=12).map("\n".join)
noise = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)


@FUZZ
@given(front=st.one_of(yaml_front, noise), body=st.one_of(st.just(BODY), noise), suffix=st.sampled_from([".md", ".txt"]))
def test_text_and_markdown_with_any_yaml_front_matter(front: str, body: str, suffix: str) -> None:
    check(Raw(f"story{suffix}", f"---\n{front}\n---\nHeadline\n\n{body}".encode("utf-8", "surrogatepass")))


toml_value = st.one_of(
    st.sampled_from(['"x"', "2020-02-30", "1979-05-27T07:32:00Z", "9" * 5000, "[" * 40 + "]" * 40, '"\\ud800"', "{a = 1}", "inf"]), st.text(max_size=20)
)


@FUZZ
@given(lines=st.lists(st.tuples(st.sampled_from(KEYS), toml_value).map(lambda kv: f"{kv[0]} = {kv[1]}"), max_size=8))
def test_markdown_with_any_toml_front_matter(lines: list[str]) -> None:
    check(Raw("story.md", ("+++\n" + "\n".join(lines) + "\n+++\n" + BODY).encode()))


json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=40), st.sampled_from(["2020-02-30", "http://[oops", "[oops"])
)
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
news_please = st.fixed_dictionaries(
    {"maintext": st.one_of(st.just(BODY * 3), json_value)},
    optional={key: json_value for key in ("title", "date_publish", "authors", "url", "source_domain", "language", "outlet", "license", "genre", "rights")},
)


@FUZZ
@given(records=st.lists(st.one_of(news_please, json_value), min_size=1, max_size=4), lines=st.booleans())
def test_json_and_json_lines_of_any_shape(records: list[object], lines: bool) -> None:
    data = b"\n".join(orjson.dumps(r) for r in records) if lines else orjson.dumps(records)
    check(Raw("crawl.jsonl" if lines else "crawl.json", data))


@FUZZ
@given(data=st.binary(max_size=300), kind=st.sampled_from(["auto", "text", "markdown", "html", "json", "jsonl", "parquet", "warc"]))
def test_any_bytes_in_any_format(data: bytes, kind: str) -> None:
    check(Raw("input", data), kind)


@FUZZ
@given(
    head=st.sampled_from([b"PAR1", b"WARC/1.0\r\n", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n", b"\x1f\x8b\x08\x00"]),
    data=st.binary(max_size=300),
    name=st.sampled_from(["crawl.warc", "crawl.warc.gz", "crawl.gz", "table.parquet", "input"]),
)
def test_broken_parquet_and_warc_files(head: bytes, data: bytes, name: str) -> None:
    check(Raw(name, head + data))


tag = st.sampled_from(["p", "div", "article", "h1", "script", "style", "noscript", "svg", "template", "!--", "title", "meta", "time", "a"])
html_part = st.one_of(
    tag.map(lambda t: f"<{t}>"),
    tag.map(lambda t: f"</{t}>"),
    st.just('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-30", "author": "\\ud800"}</script>'),
    st.just('<meta property="article:published_time" content="2020-02-30">'),
    st.just('<html lang="xx-\u00e9">'),
    st.just("<p>" + BODY + "</p>"),
    noise,
)


@FUZZ
@given(parts=st.lists(html_part, max_size=30))
def test_html_of_any_shape(parts: list[str]) -> None:
    check(Raw("page.html", ("<html><body>" + "".join(parts)).encode("utf-8", "surrogatepass")))


@FUZZ
@given(sidecar=st.one_of(st.dictionaries(st.sampled_from(KEYS), json_value, max_size=8).map(orjson.dumps), st.binary(max_size=100)))
def test_text_with_any_sidecar(sidecar: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "story.meta.json").write_bytes(sidecar)
        check(Raw(str(Path(folder) / "story.txt"), ("Headline\n\n" + BODY).encode()))
