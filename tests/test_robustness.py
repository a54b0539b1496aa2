"""Bad input never crashes the validator and never stops the run: each gets a coded problem at the right line, the rest is still checked."""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from conftest import Seed

import toolkit.validate as validator
from toolkit.problems import Report
from toolkit.records import dumps, write_jsonl
from toolkit.validate import validate

BOM = b"\xef\xbb\xbf"
MiB = 1024 * 1024
Where = tuple[str, Any, Any]


def problems_in(report: Report, path: Path | str) -> list[Where]:
    """(code, line, column) of every problem of one file, in line order."""
    return sorted(((p.code, p.line, p.column) for p in report.problems if p.file == str(path)), key=lambda w: (w[1] or 0, w[0]))


def check(dataset: Path, content: bytes, *extra: str, jobs: int = 1) -> tuple[Report, list[Where]]:
    """Validate the dataset with content added as claims/x.jsonl; the report and that file's problems."""
    target = dataset / "claims" / "x.jsonl"
    target.write_bytes(content)
    report = validate([str(dataset), *extra], jobs=jobs)
    return report, problems_in(report, target)


def expect(*found: Where) -> list[Where]:
    """Expected problems in line order, as problems_in gives them."""
    return sorted(found, key=lambda w: (w[1] or 0, w[0]))


def orphan(line: int) -> Where:
    """The problem of an orphan claim at a line (references carry no column)."""
    return ("ref.unknown-article", line, ANY)


Case = tuple[Callable[[Seed], bytes], list[Where]]
CASES: dict[str, Case] = {
    "not-json": (lambda s: b"{nope\n" + s.orphan_line(2), expect(("line.json", 1, 2), orphan(2))),
    "truncated-json": (lambda s: s.orphan_line(1)[:40] + b"\n" + s.orphan_line(2), expect(("line.json", 1, ANY), orphan(2))),
    "trailing-garbage": (lambda s: s.orphan_line(1)[:-1] + b" x\n" + s.orphan_line(2), expect(("line.json", 1, ANY), orphan(2))),
    "array": (lambda s: b"[1, 2]\n" + s.orphan_line(2), expect(("line.not-object", 1, 1), orphan(2))),
    "string": (lambda s: b'"a claim"\n' + s.orphan_line(2), expect(("line.not-object", 1, 1), orphan(2))),
    "number": (lambda s: b"42\n" + s.orphan_line(2), expect(("line.not-object", 1, 1), orphan(2))),
    "null": (lambda s: b"null\n" + s.orphan_line(2), expect(("line.not-object", 1, 1), orphan(2))),
    "no-type": (lambda s: b'{"id": "x"}\n' + s.orphan_line(2), expect(("record.type-missing", 1, ANY), orphan(2))),
    "unknown-type": (lambda s: b'{"type": "quote"}\n' + s.orphan_line(2), expect(("record.type-unknown", 1, ANY), orphan(2))),
    "invalid-utf8": (lambda s: b'{"type": "claim", "a": "\xff"}\n' + s.orphan_line(2), expect(("line.encoding", 1, 25), orphan(2))),
    "invalid-utf8-after-multibyte": (lambda s: '{"a": "é'.encode() + b'\xff"}\n' + s.orphan_line(2), expect(("line.encoding", 1, 9), orphan(2))),
    "utf8-surrogate": (lambda s: b'{"a": "\xed\xa0\x80"}\n' + s.orphan_line(2), expect(("line.encoding", 1, 8), orphan(2))),
    "invalid-utf8-between": (
        lambda s: s.orphan_line(1) + s.orphan_line(2).replace(b"provenance", b"prov\xc3enance") + s.orphan_line(3),
        expect(orphan(1), ("line.encoding", 2, ANY), orphan(3)),
    ),
    "bom": (lambda s: BOM + s.orphan_line(1) + s.orphan_line(2), expect(("file.bom", 1, 1), orphan(1), orphan(2))),
    "bom-then-bad-json": (lambda s: BOM + b"{x\n" + s.orphan_line(2), expect(("file.bom", 1, 1), ("line.json", 1, 2), orphan(2))),
    "crlf": (lambda s: s.orphan_line(1)[:-1] + b"\r\n" + s.orphan_line(2)[:-1] + b"\r\n", expect(("file.crlf", 1, ANY), orphan(1), orphan(2))),
    "crlf-from-line-2": (lambda s: s.orphan_line(1) + s.orphan_line(2)[:-1] + b"\r\n", expect(orphan(1), ("file.crlf", 2, ANY), orphan(2))),
    "leading-blank-lines": (lambda s: b"\n   \n" + s.orphan_line(3), expect(("line.blank", 1, ANY), ("line.blank", 2, ANY), orphan(3))),
    "blank-line-between": (lambda s: s.orphan_line(1) + b"\t\n" + s.orphan_line(3), expect(orphan(1), ("line.blank", 2, ANY), orphan(3))),
    "blank-line-at-end": (lambda s: s.orphan_line(1) + b"\n", expect(orphan(1), ("line.blank", 2, ANY))),
    "no-final-newline": (lambda s: s.orphan_line(1) + s.orphan_line(2)[:-1], expect(orphan(1), orphan(2))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_line_is_coded_and_the_rest_is_checked(name: str, seed: Seed, dataset: Path) -> None:
    build, expected = CASES[name]
    report, found = check(dataset, build(seed))
    assert found == expected
    assert [p for p in report.problems if p.file != str(dataset / "claims" / "x.jsonl")] == []


def test_empty_file_is_a_warning_and_other_files_are_checked(seed: Seed, dataset: Path) -> None:
    (dataset / "claims" / "y.jsonl").write_bytes(seed.orphan_line(1))
    report, found = check(dataset, b"")
    assert found == [("file.empty", None, None)]
    assert problems_in(report, dataset / "claims" / "y.jsonl") == [orphan(1)]
    assert report.errors == 1 and report.warnings == 1


def test_file_of_blank_lines_is_empty(dataset: Path) -> None:
    _report, found = check(dataset, b"\n\n")
    assert found == expect(("file.empty", None, None), ("line.blank", 1, None), ("line.blank", 2, None))


def test_line_of_50_mb_is_too_long_and_the_next_records_are_checked(seed: Seed, dataset: Path) -> None:
    huge = b'{"type": "claim", "padding": "' + b"a" * (50 * MiB) + b'"}\n'
    report, found = check(dataset, seed.orphan_line(1) + huge + seed.orphan_line(3))
    assert found == expect(orphan(1), ("line.too-long", 2, None), orphan(3))
    (too_long,) = [p for p in report.problems if p.code == "line.too-long"]
    assert str(16 * MiB) in too_long.message


def test_line_of_50_mb_in_worker_processes(seed: Seed, dataset: Path) -> None:
    huge = b'{"type": "claim", "padding": "' + b"a" * (50 * MiB) + b'"}\n'
    content = seed.orphan_line(1) + huge + seed.orphan_line(3) + b"[]\n"
    _report, found = check(dataset, content, jobs=2)
    assert found == expect(orphan(1), ("line.too-long", 2, None), orphan(3), ("line.not-object", 4, 1))


def test_limit_is_a_parameter(seed: Seed, tmp_path: Path) -> None:
    data = seed.write(tmp_path / "data")
    path = data / "claims" / "x.jsonl"
    path.write_bytes(b'{"padding": "' + b"a" * 2000 + b'"}\n' + seed.orphan_line(2))
    report = validate([str(data)], jobs=1, max_line=1024)
    assert problems_in(report, path) == [("line.too-long", 1, None), orphan(2)]


@pytest.mark.parametrize("newline", [b"\n", b""], ids=["lf", "last-line"])
@pytest.mark.parametrize(("size", "too_long"), [(1023, False), (1024, False), (1025, True)])
def test_limit_is_exact(size: int, too_long: bool, newline: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"padding": "' + b"a" * (size - 15) + b'"}' + newline)
    report = validate([str(path)], jobs=1, max_line=1024)
    assert [(p.code, p.line) for p in report.problems if p.code == "line.too-long"] == ([("line.too-long", 1)] if too_long else [])


def test_file_of_one_long_line_is_not_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"padding": "' + b"a" * 2000 + b'"}\n')
    report = validate([str(path)], jobs=1, max_line=1024)
    assert [p.code for p in report.problems] == ["line.too-long"]


def test_unknown_files_in_a_directory_are_skipped_with_a_warning(seed: Seed, dataset: Path) -> None:
    (dataset / "README.md").write_text("# data\n")
    (dataset / "claims" / "extra.csv").write_text("a,b\n1,2\n")
    (dataset / ".hidden.jsonl").write_bytes(b"not json\n")
    report, found = check(dataset, seed.orphan_line(1))
    unknown = sorted(str(p.file) for p in report.problems if p.code == "file.unknown")
    assert unknown == [str(dataset / "README.md"), str(dataset / "claims" / "extra.csv")]
    assert {p.severity for p in report.problems if p.code == "file.unknown"} == {"warning"}
    assert found == [orphan(1)]
    assert not any(p.file and ".hidden" in p.file for p in report.problems)


def test_a_file_named_explicitly_is_read_whatever_its_suffix(seed: Seed, dataset: Path, tmp_path: Path) -> None:
    path = tmp_path / "claims.txt"
    path.write_bytes(seed.orphan_line(1))
    assert problems_in(validate([str(dataset), str(path)], jobs=1), path) == [orphan(1)]


def test_missing_path_is_reported_and_the_rest_is_checked(seed: Seed, dataset: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such.jsonl"
    report, found = check(dataset, seed.orphan_line(1), str(missing))
    assert problems_in(report, missing) == [("io.not-found", None, None)]
    assert found == [orphan(1)]
    assert report.exit_code() == 2


def test_broken_symlink_is_not_found(seed: Seed, dataset: Path) -> None:
    link = dataset / "claims" / "gone.jsonl"
    link.symlink_to(dataset / "nowhere.jsonl")
    report, found = check(dataset, seed.orphan_line(1))
    assert problems_in(report, link) == [("io.not-found", None, None)]
    assert found == [orphan(1)]


def test_path_through_a_regular_file_is_unreadable(seed: Seed, dataset: Path) -> None:
    through = dataset / "actors.jsonl" / "x.jsonl"
    report, found = check(dataset, seed.orphan_line(1), str(through))
    assert problems_in(report, through) == [("io.unreadable", None, None)]
    assert found == [orphan(1)]
    assert report.exit_code() == 2


@pytest.mark.skipif(not sys.platform.startswith("linux") or not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_file_that_fails_on_read_is_unreadable(seed: Seed, dataset: Path) -> None:
    # /proc/self/mem is a regular file that opens but fails with EIO at offset 0, even for root.
    report, found = check(dataset, seed.orphan_line(1), "/proc/self/mem")
    assert problems_in(report, "/proc/self/mem") == [("io.unreadable", None, None)]
    assert found == [orphan(1)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_file_without_read_permission_is_unreadable(seed: Seed, dataset: Path) -> None:
    locked = dataset / "claims" / "locked.jsonl"
    locked.write_bytes(seed.orphan_line(2))
    locked.chmod(0)
    report, found = check(dataset, seed.orphan_line(1))
    assert problems_in(report, locked) == [("io.unreadable", None, None)]
    assert found == [orphan(1)]


def test_directory_symlink_to_its_parent_is_a_loop(seed: Seed, dataset: Path) -> None:
    link = dataset / "claims" / "loop"
    link.symlink_to("..")
    report, found = check(dataset, seed.orphan_line(1))
    assert problems_in(report, link) == [("io.symlink-loop", None, None)]
    assert found == [orphan(1)]
    assert sum(report.records.values()) == 1 + len(seed.actors) + 1 + 12 + 1


@pytest.mark.parametrize("explicit", [False, True], ids=["in-directory", "on-command-line"])
def test_self_referencing_symlink_is_a_loop(explicit: bool, seed: Seed, dataset: Path) -> None:
    link = dataset / "self.jsonl"
    link.symlink_to("self.jsonl")
    report, found = check(dataset, seed.orphan_line(1), *([str(link)] if explicit else []))
    assert {w[0] for w in problems_in(report, link)} == {"io.symlink-loop"}
    assert found == [orphan(1)]


def test_two_symlinks_pointing_at_each_other_are_a_loop(seed: Seed, dataset: Path) -> None:
    (dataset / "a.jsonl").symlink_to("b.jsonl")
    (dataset / "b.jsonl").symlink_to("a.jsonl")
    report, found = check(dataset, seed.orphan_line(1))
    assert sorted(str(p.file) for p in report.problems if p.code == "io.symlink-loop") == [str(dataset / "a.jsonl"), str(dataset / "b.jsonl")]
    assert found == [orphan(1)]


@pytest.mark.parametrize("explicit", [False, True], ids=["in-directory", "on-command-line"])
def test_fifo_is_not_a_file_and_is_never_opened(explicit: bool, seed: Seed, tmp_path: Path) -> None:
    data = seed.write(tmp_path / "data")
    fifo = tmp_path / ("fifo.jsonl" if explicit else "data/fifo.jsonl")
    os.mkfifo(fifo)
    report, found = check(data, seed.orphan_line(1), *([str(fifo)] if explicit else []))
    assert problems_in(report, fifo) == [("io.not-a-file", None, None)]
    assert found == [orphan(1)]


def test_fifo_reached_twice_is_reported_once(seed: Seed, dataset: Path) -> None:
    fifo = dataset / "fifo.jsonl"
    os.mkfifo(fifo)
    report, _found = check(dataset, seed.orphan_line(1), str(fifo))
    assert len(problems_in(report, fifo)) == 1


def test_same_file_twice_is_checked_once(seed: Seed, dataset: Path) -> None:
    report, found = check(dataset, seed.orphan_line(1), str(dataset / "claims" / "x.jsonl"))
    assert found == [orphan(1)]


def test_overlapping_paths_and_links_check_each_file_once(seed: Seed, dataset: Path) -> None:
    (dataset / "claims" / "again.jsonl").symlink_to("seed.jsonl")
    (dataset / ".git").mkdir()
    (dataset / ".git" / "stale.jsonl").write_bytes(b"not json\n")
    report, found = check(dataset, seed.orphan_line(1), str(dataset / "claims"), str(dataset / "claims" / "seed.jsonl"))
    assert found == [orphan(1)]
    assert [p for p in report.problems if p.code != "ref.unknown-article"] == []
    assert report.records["claim"] == 13


def test_invalid_article_does_not_cascade_into_its_claims(seed: Seed, tmp_path: Path) -> None:
    seed.article["extra"] = 1
    data = seed.write(tmp_path / "data")
    report = validate([str(data)], jobs=1)
    assert [p.code for p in report.problems] == ["schema.additionalProperties"]


def nested(depth: int) -> str:
    """Arrays nested depth deep."""
    return "[" * depth + "]" * depth


def outlet_with(field: str, value: str) -> bytes:
    """An outlet line with one more field, its value given as raw JSON."""
    return b'{"type": "outlet", "id": "x", "schema_version": "1.0.0", "name": "X", "' + field.encode() + b'": ' + value.encode() + b"}\n"


DEEP = [
    pytest.param(outlet_with("aliases", f"[{nested(250)}, {nested(250)}]"), id="aliases-250"),
    pytest.param(outlet_with("aliases", f"[{nested(300)}, {nested(300)}]"), id="aliases-300"),
    pytest.param(outlet_with("wikidata", nested(1000)), id="wikidata-1000"),
    pytest.param(outlet_with("zzz", "{" + '"a": {' * 1000 + "}" * 1001), id="objects-1000"),
    pytest.param(f'{{"type": {nested(1000)}}}\n'.encode(), id="type-1000"),
]


@pytest.mark.parametrize("line", DEEP)
def test_deeply_nested_record_is_reported_not_raised(line: bytes, seed: Seed, dataset: Path) -> None:
    _report, found = check(dataset, line + seed.orphan_line(2))
    assert {w[1] for w in found} == {1, 2}
    assert orphan(2) in found


def test_nesting_deeper_than_the_parser_allows_is_not_json(seed: Seed, dataset: Path) -> None:
    _report, found = check(dataset, nested(5000).encode() + b"\n" + seed.orphan_line(2))
    assert found == expect(("line.json", 1, ANY), orphan(2))


# Worker processes: the same problems as one process, references across files and checks deferred to the end included.


class Lines:
    """JSON lines being put together, with the line numbers of marked ones."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.marks: dict[str, int] = {}

    def add(self, *lines: bytes, mark: str | None = None) -> None:
        """Append lines; mark the first one."""
        if mark:
            self.marks[mark] = len(self.parts) + 1
        self.parts.extend(lines)

    def write(self, path: Path) -> None:
        """Write the lines to a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(self.parts))


LATE = "art_" + "f" * 16
INLINE = "art_" + "e" * 16


def same_length(text: str) -> str:
    """Another text of the same length."""
    return "x" * len(text)


def mixed_dataset(seed: Seed, root: Path) -> tuple[Path, Lines]:
    """Some 2,600 claims over many chunks, with problems of every kind: bad lines, bad spans, orphans, duplicates, claims before and after their article."""
    data = seed.write(root / "data")
    lines = Lines()
    lines.add(dumps(copy.deepcopy(seed.article) | {"id": INLINE}), mark="article")
    lines.add(*(dumps(seed.claim_at(s, s + n)) for n in (10, 20, 30) for s in range(0, 2600, 3)))
    wrong = seed.claim_at(100, 120)
    wrong["content"]["spans"][0]["exact"] = wrong["content"]["text"] = same_length(wrong["content"]["text"])
    lines.add(dumps(wrong), mark="wrong")
    lines.add(seed.orphan_line(9), mark="orphan")
    lines.add(b"{broken\n", b"[]\n", b"\n", mark="broken")
    lines.add(dumps(seed.claim_at(0, 10)), mark="duplicate")
    lines.add(dumps(seed.claim_at(0, 10) | {"id": "clm_" + "0" * 16}), mark="same-content")
    early = [seed.claim_at(s, s + 9, article_id=LATE) for s in range(0, 400, 50)]
    before = copy.deepcopy(early[0])
    before["content"]["spans"][0]["exact"] = before["content"]["text"] = same_length(before["content"]["text"])
    lines.add(*(dumps(c) for c in early[1:]))
    lines.add(dumps(before), mark="before")
    after = seed.claim_at(200, 230, article_id=INLINE)
    after["content"]["spans"][0]["exact"] = after["content"]["text"] = same_length(after["content"]["text"])
    lines.add(dumps(after), mark="after")
    lines.write(data / "claims" / "many.jsonl")
    write_jsonl(data / "zz-late" / "more.jsonl", [copy.deepcopy(seed.article) | {"id": LATE}])
    return data, lines


def signature(report: Report) -> list[tuple[Any, ...]]:
    """Everything of every problem, in a stable order."""
    return [(p.file, p.line, p.column, p.code, p.pointer, p.severity, p.message) for p in report.sorted_problems()]


def shallow(report: Report) -> list[tuple[Any, ...]]:
    """Where and what of every problem, without column and message."""
    return sorted((p.file or "", p.line or 0, p.code, p.pointer) for p in report.problems)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 64 KiB and no inline threshold to speak of, so that a 2 MB input takes the worker pool."""
    monkeypatch.setattr(validator, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(validator, "INLINE_BYTES", 1024)


@pytest.fixture
def mixed(seed: Seed, tmp_path: Path) -> tuple[Path, Lines, Report, Report]:
    """The mixed dataset and its reports with one and with two processes."""
    data, lines = mixed_dataset(seed, tmp_path)
    assert (data / "claims" / "many.jsonl").stat().st_size > 20 * validator.CHUNK_BYTES
    return data, lines, validate([str(data)], jobs=1), validate([str(data)], jobs=2)


@pytest.mark.usefixtures("small_chunks")
def test_worker_processes_find_the_same_problems(mixed: tuple[Path, Lines, Report, Report]) -> None:
    _data, _lines, one, two = mixed
    assert shallow(one) == shallow(two)
    assert one.records == two.records and one.files == two.files


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", [1, 2])
def test_every_problem_at_its_line(jobs: int, mixed: tuple[Path, Lines, Report, Report]) -> None:
    data, lines, *reports = mixed
    many, at = str(data / "claims" / "many.jsonl"), lines.marks
    found = {(p.line, p.code, p.pointer) for p in reports[jobs - 1].problems if p.file == many}
    assert found == {
        (at["wrong"], "span.mismatch", "/content/spans/0/exact"),
        (at["orphan"], "ref.unknown-article", "/article_id"),
        (at["broken"], "line.json", ""),
        (at["broken"] + 1, "line.not-object", ""),
        (at["broken"] + 2, "line.blank", ""),
        (at["duplicate"], "id.duplicate", "/id"),
        (at["same-content"], "id.not-derived", "/id"),
        (at["same-content"], "dup.content", "/id"),
        (at["before"], "span.mismatch", "/content/spans/0/exact"),
        (at["after"], "span.mismatch", "/content/spans/0/exact"),
        (at["article"], "id.not-derived", "/id"),
        (at["article"], "dup.content", "/id"),
    }
    late = str(data / "zz-late" / "more.jsonl")
    assert {p.code for p in reports[jobs - 1].problems if p.file == late} == {"id.not-derived", "dup.content"}


@pytest.mark.usefixtures("small_chunks")
def test_worker_processes_give_exactly_the_same_report(mixed: tuple[Path, Lines, Report, Report]) -> None:
    _data, _lines, one, two = mixed
    assert signature(one) == signature(two)


def test_deferred_span_problem_has_its_column(seed: Seed, tmp_path: Path) -> None:
    data = seed.write(tmp_path / "data")
    (data / "articles" / "seed.jsonl").rename(data / "zz-late.jsonl")
    wrong = copy.deepcopy(seed.claims[0])
    wrong["content"]["spans"][0]["exact"] = wrong["content"]["text"] = same_length(wrong["content"]["text"])
    (data / "claims" / "seed.jsonl").write_bytes(dumps(wrong))
    report = validate([str(data)], jobs=1)
    assert [p.code for p in report.problems] == ["span.mismatch"]
    assert report.problems[0].column is not None
