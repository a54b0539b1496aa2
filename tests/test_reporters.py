"""Reporters of a validation report: text lines, one JSON document, GitHub workflow commands with GitHub's escaping."""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import pytest

from toolkit.problems import ERROR, WARNING, Problem, Report, problem
from toolkit.reporters import GITHUB_SHOWN, REPORTERS, github_line, location, report_github, report_json, report_text, text_line

TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+)(:(?P<line>\d+)(:(?P<column>\d+))?)?: (?P<severity>error|warning)\[(?P<code>[a-z0-9.-]+)\]( (?P<pointer>/\S*))?: (?P<message>.+)$"
)
ANNOTATION = re.compile(r"^::(?P<severity>error|warning) (?P<props>[^:]*)::(?P<data>.*)$")


def render(reporter: str, report: Report) -> str:
    """What a reporter writes for a report."""
    out = io.StringIO()
    REPORTERS[reporter](report, out)
    return out.getvalue()


def sample(count: int = 3) -> Report:
    """A report with problems of both severities, given out of order."""
    found = [
        problem("ref.unknown-article", "article 'art_0000000000000001' is not defined", file="data/claims/b.jsonl", line=7, pointer="/article_id"),
        problem("line.json", "not JSON: unexpected character", file="data/claims/a.jsonl", line=3, column=2),
        problem("file.empty", "file holds no records", file="data/claims/empty.jsonl"),
    ]
    found += [problem("line.blank", "blank line", file="data/z.jsonl", line=i) for i in range(1, count - 2)]
    return Report(problems=found, files=4, records=Counter({"claim": 10, "article": 1}))


def test_text_line_shape() -> None:
    p = Problem("id.not-derived", "id 'x' should be 'y'", file="data/a.jsonl", line=3, column=19, pointer="/id")
    assert text_line(p) == "data/a.jsonl:3:19: error[id.not-derived] /id: id 'x' should be 'y'"


@pytest.mark.parametrize(
    ("where", "shown"),
    [
        ({"file": "a.jsonl", "line": 2, "column": 5}, "a.jsonl:2:5"),
        ({"file": "a.jsonl", "line": 2}, "a.jsonl:2"),
        ({"file": "a.jsonl"}, "a.jsonl"),
        ({"file": "a.jsonl", "column": 5}, "a.jsonl"),
        ({}, "<input>"),
    ],
)
def test_location_as_far_as_known(where: dict[str, object], shown: str) -> None:
    assert location(problem("line.json", "x", **where)) == shown


def test_text_report_sorted_then_summary() -> None:
    lines = render("text", sample()).splitlines()
    assert lines[:-1] == [text_line(p) for p in sample().sorted_problems()]
    assert [TEXT_LINE.match(line)["file"] for line in lines[:-1]] == ["data/claims/a.jsonl", "data/claims/b.jsonl", "data/claims/empty.jsonl"]  # type: ignore[index]
    assert lines[-1] == "checked 11 records in 4 files (1 article, 10 claim): 2 errors, 1 warnings"


def test_every_text_line_parses() -> None:
    for line in render("text", sample(8)).splitlines()[:-1]:
        assert TEXT_LINE.match(line), line


def test_json_report_is_one_document() -> None:
    document = json.loads(render("json", sample()))
    assert document["valid"] is False
    assert document["summary"] == {"files": 4, "records": {"article": 1, "claim": 10}, "errors": 2, "warnings": 1}
    assert document["problems"] == [p.to_dict() for p in sample().sorted_problems()]
    assert set(document["problems"][0]) == {"file", "line", "column", "pointer", "code", "severity", "message"}
    assert document["tool"]["name"] == "parallax"


def test_json_report_of_warnings_only_is_valid() -> None:
    report = Report(problems=[problem("line.blank", "blank line", file="a.jsonl", line=1)], files=1)
    document = json.loads(render("json", report))
    assert document["valid"] is True and document["summary"]["warnings"] == 1


def test_json_report_keeps_non_ascii() -> None:
    report = Report(problems=[problem("span.mismatch", "exact 'Stübb' but body[1:6] is 'Stubb'", file="données.jsonl", line=1)], files=1)
    assert "Stübb" in render("json", report) and "données.jsonl" in render("json", report)


def test_github_annotation_shape() -> None:
    p = problem("line.json", "not JSON", file="data/a.jsonl", line=3, column=2)
    assert github_line(p) == "::error file=data/a.jsonl,line=3,col=2,title=line.json::not JSON"


def test_github_annotation_with_pointer_and_warning() -> None:
    p = problem("file.crlf", "CRLF line ends", file="data/a.jsonl", line=1, pointer="/x")
    assert github_line(p) == "::warning file=data/a.jsonl,line=1,title=file.crlf::/x: CRLF line ends"
    assert p.severity == WARNING


def test_github_annotation_without_place() -> None:
    assert github_line(Problem("io.not-found", "gone", severity=ERROR)) == "::error title=io.not-found::gone"


def test_github_escapes_data() -> None:
    p = Problem("span.mismatch", "100% sure\r\nsecond line: a, b", file="a.jsonl", line=1)
    assert github_line(p).endswith("::100%25 sure%0D%0Asecond line: a, b")


def test_github_escapes_properties() -> None:
    p = Problem("line.json", "x", file="data/odd,name:1%\r\n.jsonl", line=1)
    assert github_line(p) == "::error file=data/odd%2Cname%3A1%25%0D%0A.jsonl,line=1,title=line.json::x"


def test_github_escaping_order_does_not_double_escape() -> None:
    p = Problem("line.json", "%0A is not a newline", file="a%3A.jsonl")
    assert github_line(p) == "::error file=a%253A.jsonl,title=line.json::%250A is not a newline"


def github_parts(report: Report) -> tuple[list[str], list[str], list[str]]:
    """The annotations, the lines of the 'all problems' group, and what follows the group."""
    lines = render("github", report).splitlines()
    start, end = lines.index("::group::all problems"), lines.index("::endgroup::")
    return lines[:start], lines[start + 1 : end], lines[end + 1 :]


def test_github_report_annotates_then_lists_everything() -> None:
    report = sample()
    annotations, listed, after = github_parts(report)
    assert annotations == [github_line(p) for p in report.sorted_problems()]
    assert all(ANNOTATION.match(a) for a in annotations)
    assert listed == render("text", report).splitlines()[:-1]
    assert after == [render("text", report).splitlines()[-1]]


def test_github_report_says_when_annotations_are_cut() -> None:
    report = sample(GITHUB_SHOWN + 5)
    annotations, listed, _after = github_parts(report)
    assert len(listed) == GITHUB_SHOWN + 5
    assert annotations[:-1] == [github_line(p) for p in report.sorted_problems()]
    assert str(GITHUB_SHOWN) in annotations[-1] and str(GITHUB_SHOWN + 5) in annotations[-1]


def test_github_report_of_a_clean_run() -> None:
    annotations, listed, after = github_parts(Report(files=2, records=Counter({"claim": 3})))
    assert annotations == [] and listed == []
    assert after == ["checked 3 records in 2 files (3 claim): 0 errors, 0 warnings"]


def test_reporters_are_interchangeable() -> None:
    assert set(REPORTERS) == {"text", "json", "github"}
    assert REPORTERS["text"] is report_text and REPORTERS["json"] is report_json and REPORTERS["github"] is report_github
    for name in REPORTERS:
        assert render(name, sample()).endswith("\n")
