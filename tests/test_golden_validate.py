"""Golden cases of `parallax validate`: each case yields exactly the (file, line, code, pointer) rows of its expected.json."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.problems import CATALOG, Problem
from toolkit.validate import validate
from toolkit.validate.scan import DEFAULT_MAX_LINE

GOLDEN = Path(__file__).resolve().parent / "golden" / "validate"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())
OUTLETS = GOLDEN / "valid-dataset" / "input" / "outlets.jsonl"
SHORT_LINE = 1024
Row = tuple[str, int | None, str, str]

KNOWN_BUGS: dict[str, str] = {}
CODE_BUGS: dict[str, str] = {}


def _registry(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(OUTLETS, folder / "outlets.jsonl")
    return folder


def _not_found(root: Path) -> list[Path]:
    folder = _registry(root / "input")
    os.symlink("missing-target.jsonl", folder / "gone.jsonl")
    return [folder, root / "absent.jsonl"]


def _unreadable(root: Path) -> list[Path]:
    # Root reads any file whatever its mode, so the failures are ones root meets too: a read that fails
    # with an I/O error (Linux /proc/self/mem at offset 0) and a path through a regular file (ENOTDIR).
    folder = _registry(root / "input")
    os.symlink("/proc/self/mem", folder / "memory.jsonl")
    return [folder, folder / "outlets.jsonl" / "more.jsonl"]


def _symlink_loop(root: Path) -> list[Path]:
    folder = _registry(root / "input")
    os.symlink("self.jsonl", folder / "self.jsonl")
    os.symlink(".", folder / "again")
    return [folder]


def _not_a_file(root: Path) -> list[Path]:
    folder = _registry(root / "input")
    os.mkfifo(folder / "pipe.jsonl")
    return [folder]


def padded(size: int) -> bytes:
    """A valid outlet record of exactly size bytes, without its line end."""
    head, tail = b'{"type":"outlet","id":"long-line","schema_version":"1.0.0","name":"Long Line","aliases":["', b'"]}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def _lines(root: Path, *lines: bytes) -> list[Path]:
    path = root / "input.jsonl"
    path.write_bytes(b"".join(lines))
    return [path]


def _too_long(root: Path) -> list[Path]:
    first, second = OUTLETS.read_bytes().splitlines(keepends=True)[:2]
    return _lines(root, first, padded(2 * SHORT_LINE) + b"\n", second, padded(2 * SHORT_LINE))


def _too_long_by_one(root: Path) -> list[Path]:
    first, second = OUTLETS.read_bytes().splitlines(keepends=True)[:2]
    return _lines(root, first, padded(SHORT_LINE + 1) + b"\n", second)


def _too_long_only(root: Path) -> list[Path]:
    return _lines(root, padded(2 * SHORT_LINE) + b"\n")


BUILDERS: dict[str, Callable[[Path], list[Path]]] = {
    "io-not-found": _not_found,
    "io-unreadable": _unreadable,
    "io-symlink-loop": _symlink_loop,
    "io-not-a-file": _not_a_file,
    "line-too-long": _too_long,
    "line-too-long-by-one": _too_long_by_one,
    "line-too-long-only-line": _too_long_only,
}
MAX_LINE = dict.fromkeys(["line-too-long", "line-too-long-by-one", "line-too-long-only-line"], SHORT_LINE)


def _order(row: Row) -> tuple[str, int, str, str]:
    return row[0], row[1] or 0, row[2], row[3]


def expected_rows(case: str) -> list[Row]:
    """The rows a case's expected.json lists, sorted."""
    listed = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    return sorted(((r.get("file", "input.jsonl"), r["line"], r["code"], r["pointer"]) for r in listed), key=_order)


def case_inputs(case: str, scratch: Path) -> tuple[Path, list[str]]:
    """The folder expected files are relative to, and the paths to validate."""
    if case in BUILDERS:
        return scratch, [str(p) for p in BUILDERS[case](scratch)]
    folder = GOLDEN / case
    single = folder / "input.jsonl"
    return folder, [str(single if single.exists() else folder / "input")]


def rows(problems: list[Problem] | list[dict[str, Any]], root: Path) -> list[Row]:
    """Problems (objects or JSON dicts) as sorted rows, their files relative to root."""
    found: list[dict[str, Any]] = [p.to_dict() if isinstance(p, Problem) else p for p in problems]
    return sorted(((os.path.relpath(str(p["file"]), root), p["line"], str(p["code"]), str(p["pointer"])) for p in found), key=_order)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Problem]]]:
    """Every case run once through the library: its root and its problems."""
    found = {}
    for case in CASES:
        root, paths = case_inputs(case, tmp_path_factory.mktemp(case))
        report = validate(paths, jobs=1, max_line=MAX_LINE.get(case, DEFAULT_MAX_LINE))
        found[case] = (root, report.problems)
    return found


def _marked(names: list[str], bugs: dict[str, str]) -> list[Any]:
    return [pytest.param(n, marks=pytest.mark.xfail(reason=bugs[n], strict=True)) if n in bugs else n for n in names]


@pytest.mark.parametrize("case", _marked(CASES, KNOWN_BUGS))
def test_golden_case(case: str, reports: dict[str, tuple[Path, list[Problem]]]) -> None:
    root, problems = reports[case]
    assert rows(problems, root) == expected_rows(case)


@pytest.mark.parametrize("case", ["valid-dataset", "ref-unknown", "span-checks", "io-not-found", "line-too-long"])
def test_golden_case_through_the_cli(case: str, tmp_path: Path) -> None:
    root, paths = case_inputs(case, tmp_path)
    options = ["--max-line-bytes", str(MAX_LINE[case])] if case in MAX_LINE else []
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--jobs", "1", *options, *paths])
    document = json.loads(result.output)
    assert rows(document["problems"], root) == expected_rows(case)
    assert result.exit_code == _exit_code(expected_rows(case))


def _exit_code(expected: list[Row]) -> int:
    codes = {row[2] for row in expected}
    if any(code.startswith("io.") for code in codes):
        return 2
    return 1 if any(CATALOG[code].severity == "error" for code in codes) else 0


def test_every_code_is_expected_by_a_golden_case() -> None:
    expected = {row[2] for case in CASES for row in expected_rows(case)}
    assert sorted(set(CATALOG) - expected) == []


def test_every_expected_code_is_catalogued() -> None:
    expected = {row[2] for case in CASES for row in expected_rows(case)}
    assert sorted(expected - set(CATALOG)) == []


@pytest.mark.parametrize("code", _marked(sorted(CATALOG), CODE_BUGS))
def test_code_is_triggered(code: str, reports: dict[str, tuple[Path, list[Problem]]]) -> None:
    assert any(p.code == code for _root, problems in reports.values() for p in problems)


def test_reported_codes_are_catalogued_with_their_severity(reports: dict[str, tuple[Path, list[Problem]]]) -> None:
    reported = {(p.code, p.severity) for _root, problems in reports.values() for p in problems}
    assert {(code, severity) for code, severity in reported if code not in CATALOG or CATALOG[code].severity != severity} == set()


def test_positive_cases_exist() -> None:
    positive = [case for case in CASES if not expected_rows(case)]
    assert len(positive) >= 2
