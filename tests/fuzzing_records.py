"""Mutations of record lines for fuzzing the validator: the careless and hostile edits a data file meets.

Shared by tests/test_fuzz_validate.py (a few seconds in the suite) and benchmarks/bench_fuzz_validate.py (the long run).
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.problems import CATALOG, Report
from toolkit.reporters import REPORTERS

ROOT = Path(__file__).resolve().parents[1]
Mutation = Callable[[bytes, random.Random], bytes]
MUTATIONS: dict[str, Mutation] = {}
NUMBER = re.compile(rb"(?<=[:\[,])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
KEY = re.compile(rb'"([A-Za-z_]+)":')
OFFSET = re.compile(rb'"(start|end|text_length|paragraph|sentence|count|reported|in_event)":(\d+)')
STRING_START = re.compile(rb'":"')
HUGE = [b"9" * 25, b"9" * 400, b"9" * 5000, b"1e999", b"-1e999", b"1" + b"0" * 400 + b".5", b"5.7e1", b"57.0", b"-0", b"1E+2", b"18446744073709551616"]
SURROGATES = [b"\\ud800", b"\\udc00", b"\\udfff\\ud800", b"\\ud800\\u0041", b"x\\udbff"]
SWAPS: list[Any] = [None, True, False, 0, -1, 1.5, 57.0, 2**70, "", "x", "clm_0000000000000000", [], {}, [1, 2], {"a": 1}, "2024-02-30", "e\u0301"]
FRAGMENTS = [b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b'"', b"\\", b":", b",", b"null", b"NaN", b" "]


def mutation(name: str) -> Callable[[Mutation], Mutation]:
    """Register a mutation under a name."""

    def register(function: Mutation) -> Mutation:
        MUTATIONS[name] = function
        return function

    return register


def seed_lines(root: Path = ROOT, per_type: int = 60) -> list[bytes]:
    """Distinct non-blank record lines of the repository's data/ and of the golden validate inputs, at most per_type of each type.

    The cap keeps the 1,684 outlets of the registry from drowning the few claims, articles and events.
    """
    files = [p for folder in (root / "data", root / "tests" / "golden" / "validate") for p in sorted(folder.rglob("*")) if p.suffix in (".jsonl", ".ndjson")]
    by_type: dict[bytes, dict[bytes, None]] = {}
    for path in files:
        for line in path.read_bytes().splitlines():
            if line.strip():
                kind = line.split(b'"')[3] if line.startswith(b'{"type":"') else b""
                by_type.setdefault(kind, {}).setdefault(line, None)
    return [line for lines in by_type.values() for line in list(lines)[:per_type]]


def fuzz_folder(folder: Path, root: Path = ROOT) -> Path:
    """A valid data folder that mutated lines can point into: the golden valid dataset and the repository's data/ without its registry."""
    shutil.copytree(root / "tests" / "golden" / "validate" / "valid-dataset" / "input", folder / "valid")
    shutil.copytree(root / "data", folder / "repository", ignore=shutil.ignore_patterns("outlets.jsonl"))
    return folder


def mutate(line: bytes, rng: random.Random, rounds: int = 1) -> tuple[bytes, list[str]]:
    """The line after a few random mutations, and their names."""
    names = []
    for _ in range(rounds):
        name = rng.choice(sorted(MUTATIONS))
        line = MUTATIONS[name](line, rng)
        names.append(name)
    return line, names


@mutation("flip")
def _flip(line: bytes, rng: random.Random) -> bytes:
    if not line:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(line))
    return line[:at] + bytes([rng.randrange(256)]) + line[at + 1 :]


@mutation("truncate")
def _truncate(line: bytes, rng: random.Random) -> bytes:
    return line[: rng.randrange(len(line) + 1)]


@mutation("insert")
def _insert(line: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(line) + 1)
    return line[:at] + rng.choice(FRAGMENTS) + line[at:]


@mutation("huge-number")
def _huge(line: bytes, rng: random.Random) -> bytes:
    found = list(NUMBER.finditer(line))
    if not found:
        return _insert(line, rng)
    match = rng.choice(found)
    return line[: match.start()] + rng.choice(HUGE) + line[match.end() :]


@mutation("float-offset")
def _float_offset(line: bytes, rng: random.Random) -> bytes:
    found = list(OFFSET.finditer(line))
    if not found:
        return _huge(line, rng)
    match = rng.choice(found)
    number = match[2]
    value = rng.choice([number + b".0", number + b"e0", number + b".5", number[:1] + b"." + number[1:] + b"e" + str(len(number) - 1).encode(), b"-" + number])
    return line[: match.start(2)] + value + line[match.end(2) :]


@mutation("surrogate")
def _surrogate(line: bytes, rng: random.Random) -> bytes:
    found = list(STRING_START.finditer(line)) or list(KEY.finditer(line))
    if not found:
        return _insert(line, rng)
    at = rng.choice(found).end() if rng.random() < 0.8 else rng.choice(found).start() + 1
    return line[:at] + rng.choice(SURROGATES) + line[at:]


@mutation("duplicate-key")
def _duplicate_key(line: bytes, rng: random.Random) -> bytes:
    found = list(KEY.finditer(line))
    if not found:
        return _insert(line, rng)
    match = rng.choice(found)
    value = rng.choice([b'"x"', b"1", b"null", b'"clm_0000000000000000"', b"[]", b"{}"])
    repeat = match[0] + value + b","
    return line[: match.start()] + (repeat if rng.random() < 0.7 else repeat.replace(b":", b" : ", 1)) + line[match.start() :]


@mutation("deep")
def _deep(line: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 300, 1100, 5000])
    nested = b"[" * depth + b"0" + b"]" * depth if rng.random() < 0.5 else b'{"a":' * depth + b"0" + b"}" * depth
    found = list(KEY.finditer(line))
    if not found:
        return nested
    match = rng.choice(found)
    return line[: match.end()] + nested + b"," + line[match.end() :]


@mutation("swap-type")
def _swap_type(line: bytes, rng: random.Random) -> bytes:
    value = _parsed(line)
    places = _places(value, ()) if isinstance(value, dict | list) else []
    if not places:
        return _flip(line, rng)
    path = rng.choice(places)
    other: Any = rng.choice(SWAPS)
    return _serialized(_replaced(value, path, other), rng)


@mutation("drop-key")
def _drop_key(line: bytes, rng: random.Random) -> bytes:
    value = _parsed(line)
    if not isinstance(value, dict) or not value:
        return _truncate(line, rng)
    objects = [(), *(path for path in _places(value, ()) if isinstance(_at(value, path), dict) and _at(value, path))]
    target = _at(value, rng.choice(objects))
    del target[rng.choice(sorted(target))]
    return _serialized(value, rng)


@mutation("add-key")
def _add_key(line: bytes, rng: random.Random) -> bytes:
    value = _parsed(line)
    if not isinstance(value, dict):
        return _insert(line, rng)
    value[rng.choice(["contry", "id", "type", "schema_version", "extra", ""])] = rng.choice(["x", 1, None, [], {"b": 2}])
    return _serialized(value, rng)


def _parsed(line: bytes) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _serialized(value: Any, rng: random.Random) -> bytes:
    try:
        text = json.dumps(value, ensure_ascii=rng.random() < 0.3, separators=(",", ":") if rng.random() < 0.8 else (", ", ": "))
    except (ValueError, RecursionError):
        return b"{}"
    return text.encode("utf-8", "surrogatepass")


def _places(value: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Every path inside a parsed value (not the root), containers and leaves."""
    found: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found.append((*path, key))
        if len(path) < 8:
            found.extend(_places(item, (*path, key)))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _replaced(value: Any, path: tuple[Any, ...], other: Any) -> Any:
    _at(value, path[:-1])[path[-1]] = other
    return value


def check_report(report: Report) -> None:
    """What every run must give, however bad its input: catalogued codes, a documented exit code, reporters that can write it."""
    for p in report.problems:
        assert p.code in CATALOG, p
        assert p.severity == CATALOG[p.code].severity, p
    expected = 2 if report.io_failed else 1 if report.errors else 0
    assert report.exit_code() == expected
    for reporter in REPORTERS.values():
        out = io.StringIO()
        reporter(report, out)
        out.getvalue().encode("utf-8")
