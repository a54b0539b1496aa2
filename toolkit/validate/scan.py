"""Scan one chunk of one JSON Lines file: lines, JSON, schemas, and each record's own checks."""

from __future__ import annotations

import gc
import json
import os
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import orjson

from toolkit.problems import Problem, problem
from toolkit.schemas import RECORD_TYPES, SchemaSet, float_integers
from toolkit.validate.canonical import REPEAT_MESSAGE, duplicate_keys, holds_surrogate, may_repeat_keys, surrogate_problems
from toolkit.validate.fastpath import ArticleFastPath, ClaimFastPath
from toolkit.validate.local import check_local, evidences
from toolkit.validate.locate import column_of, repeat_column
from toolkit.validate.refs import check_span, references
from toolkit.validate.state import ArticleRef, Index, Ledger, fingerprint, id_key

BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_LINE = 16 * 1024 * 1024
READ_BUFFER = 1 << 20  # long lines (articles) are read in few system calls


@dataclass
class Chunk:
    """A byte range of a file that starts at a line start; its lines are numbered from 1 until shifted."""

    file: int
    path: str
    start: int
    end: int


@dataclass
class Pending:
    """A check that needs records from elsewhere: a reference or the spans of a claim."""

    target: str
    target_id: str
    file: int
    line: int
    pointer: str
    check_outlet: bool = False
    outlet_id: str | None = None
    spans: list[tuple[str, dict[str, Any]]] | None = None
    offset: int = -1  # where the record's line is, to find columns of problems found later
    length: int = 0


@dataclass
class Found:
    """What a chunk yields: problems, counts, ledgers and what must wait for the whole input."""

    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    registry: list[tuple[str, str, int, int, dict[str, Any]]] = field(default_factory=list)
    articles: list[tuple[str, ArticleRef]] = field(default_factory=list)
    events: list[tuple[str, int, int]] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    unchecked: Counter[str] = field(default_factory=Counter)
    lines: int = 0  # lines that are not blank
    total_lines: int = 0

    def shift(self, by: int) -> None:
        """Renumber lines of a chunk that does not start its file: add the lines before it."""
        if not by:
            return
        self.problems = [replace(p, line=p.line + by) if p.line is not None else p for p in self.problems]
        for ledger in self.ledgers.values():
            ledger.lines = array("I", map(by.__add__, ledger.lines))
        self.registry = [(kind, rid, file, line + by, keys) for kind, rid, file, line, keys in self.registry]
        self.articles = [(rid, ArticleRef._make((ref[0], ref[1] + by, *ref[2:]))) for rid, ref in self.articles]  # twice as fast as _replace
        self.events = [(rid, file, line + by) for rid, file, line in self.events]
        for item in self.pending:
            item.line += by


class Scanner:
    """Checks records chunk by chunk against the schemas and what the index already knows."""

    def __init__(self, paths: list[str], index: Index, schemas: SchemaSet, max_line: int = DEFAULT_MAX_LINE) -> None:
        self.paths = paths
        self.index = index
        self.schemas = schemas
        self.max_line = max_line
        self.now = datetime.now(UTC)
        self._texts: dict[str, dict[str, str] | None] = {}
        self._handles: dict[int, int] = {}
        self.claims = ClaimFastPath(self)
        self.articles = ArticleFastPath(self)

    def scan(self, chunk: Chunk) -> Found:
        """Check every line of a chunk, with the cycle collector paused: parsed records hold no cycles."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._scan(chunk)
        finally:
            if collecting:
                gc.enable()

    def _scan(self, chunk: Chunk) -> Found:
        found = Found()
        crlf_seen = False
        for line_no, offset, raw in self._lines(chunk, found):
            if raw.endswith(b"\r"):
                raw = raw[:-1]
                if not crlf_seen:
                    crlf_seen = True
                    found.problems.append(problem("file.crlf", "CRLF line ends (first here); use LF", file=chunk.path, line=line_no))
            if offset == 0 and raw.startswith(BOM):
                found.problems.append(problem("file.bom", "UTF-8 byte order mark at the start of the file", file=chunk.path, line=1, column=1))
                raw, offset = raw[3:], 3
            self._line(chunk, line_no, offset, raw, found)
        return found

    def _lines(self, chunk: Chunk, found: Found) -> Iterator[tuple[int, int, bytes]]:
        with open(chunk.path, "rb", buffering=READ_BUFFER) as handle:
            handle.seek(chunk.start)
            offset, line_no = chunk.start, 1
            while offset < chunk.end:
                raw = handle.readline(self.max_line + 2)
                if not raw:
                    return
                size = len(raw)
                if size - (raw[-1:] == b"\n") > self.max_line:
                    while raw and raw[-1:] != b"\n":
                        raw = handle.readline(1 << 20)
                        size += len(raw)
                    found.lines += 1
                    length = size - (raw[-1:] == b"\n")
                    found.problems.append(
                        problem("line.too-long", f"line of {length} bytes exceeds the limit of {self.max_line}; skipped", file=chunk.path, line=line_no)
                    )
                else:
                    yield line_no, offset, raw.rstrip(b"\n")
                offset += size
                line_no += 1
                found.total_lines += 1

    def _line(self, chunk: Chunk, line_no: int, offset: int, raw: bytes, found: Found) -> None:
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            where = {"file": chunk.path, "line": line_no}
            if not raw.strip():
                found.problems.append(problem("line.blank", "blank line", **where))
                return
            found.lines += 1
            if "surrogate" not in error.msg or not self._surrogates(chunk, line_no, raw, found):
                found.problems.append(_parse_problem(raw, error, where))
            return
        found.lines += 1
        if type(record) is dict and record.get("type") == "article" and self.articles.check(record, raw, chunk, line_no, offset, found):
            found.counts["article"] += 1
            return
        if may_repeat_keys(raw, record):
            for pointer in duplicate_keys(raw):
                where = {"file": chunk.path, "line": line_no, "pointer": pointer, "column": repeat_column(raw, pointer)}
                found.problems.append(problem("line.duplicate-key", REPEAT_MESSAGE, **where))
        kind = record.get("type") if type(record) is dict else None
        validator = self.schemas.fast.get(kind) if type(kind) is str else None
        if validator is None or kind is None:
            found.problems.append(_shape_problem(record, {"file": chunk.path, "line": line_no}))
            return
        found.counts[kind] += 1
        valid = _is_valid(validator, record)
        if valid and kind == "claim" and self.claims.check(record, chunk.file, line_no, found.ledgers):
            return
        where = {"file": chunk.path, "line": line_no}
        if not valid or float_integers(record):
            try:
                self._schema_problems(kind, record, raw, where, found)
            except (RecursionError, ValueError):
                found.problems.append(problem("record.too-deep", "record is nested too deeply to check; nothing in it was checked", **where))
            self._note_invalid(kind, record, chunk.file, line_no, found)
            return
        self.note(kind, record, chunk, line_no, offset, len(raw), found)
        for code, pointer, message in check_local(record, self.now):
            found.problems.append(problem(code, message, pointer=pointer, column=column_of(raw, pointer), **where))
        self.look_up(record, raw, chunk, line_no, offset, found)

    def _surrogates(self, chunk: Chunk, line_no: int, raw: bytes, found: Found) -> bool:
        """Report the strings holding a lone surrogate of a line orjson refused for them; False when the line has other faults."""
        try:
            record = json.loads(raw.decode("utf-8"))  # strictly: bytes would be read with surrogatepass, taking encoded surrogates too
            problems = surrogate_problems(record)
        except (ValueError, RecursionError):
            return False
        for code, pointer, message in problems:
            found.problems.append(problem(code, message, file=chunk.path, line=line_no, pointer=pointer, column=column_of(raw, pointer)))
        kind = record.get("type") if type(record) is dict else None
        if problems and type(kind) is str and kind in self.schemas.fast:
            found.counts[kind] += 1
            if not holds_surrogate(record.get("id")):
                self._note_invalid(kind, record, chunk.file, line_no, found)
        return bool(problems)

    def _schema_problems(self, kind: str, record: dict[str, Any], raw: bytes, where: dict[str, Any], found: Found) -> None:
        for pointer, keyword, message in self.schemas.errors(kind, record):
            code = "schema.version" if pointer == "/schema_version" else f"schema.{keyword}"
            if code == "schema.version":
                message = f"schema_version {record.get('schema_version')!r} is not supported (this validator knows 1.x)"
            found.problems.append(problem(code, message, pointer=pointer, column=column_of(raw, pointer), **where))

    def _note_invalid(self, kind: str, record: dict[str, Any], file: int, line_no: int, found: Found) -> None:
        """Keep the id of an invalid record so that references to it do not cascade into more errors."""
        rid = record.get("id")
        if not isinstance(rid, str):
            return
        if kind in ("outlet", "actor"):
            found.registry.append((kind, rid, file, line_no, {}))
        elif kind == "article":
            found.articles.append((rid, ArticleRef(file, line_no, -1, 0, None, False, valid=False)))
        elif kind == "event":
            found.events.append((rid, file, line_no))
        else:
            found.ledgers.setdefault(kind, Ledger()).add(id_key(rid), 0, file, line_no)

    def note(self, kind: str, record: dict[str, Any], chunk: Chunk, line_no: int, offset: int, length: int, found: Found) -> None:
        """Keep a schema-valid record's id, content fingerprint and place, for the checks across records."""
        rid = record["id"]
        if kind in ("outlet", "actor"):
            keys = {"name": record["name"], "wikidata": record.get("wikidata"), "domains": record.get("domains") or []}
            keys |= {link: record[link] for link in ("same_as", "distinct_from") if link in record}
            found.registry.append((kind, rid, chunk.file, line_no, keys))
            return
        if kind == "article":
            ref = ArticleRef(chunk.file, line_no, offset, length, record["outlet_id"], "text" in record)
            found.articles.append((rid, ref))
        elif kind == "event":
            found.events.append((rid, chunk.file, line_no))
        ledger = found.ledgers.get(kind)
        if ledger is None:  # not setdefault: a ledger is four arrays, too dear to build for each record
            ledger = found.ledgers[kind] = Ledger()
        ledger.add(id_key(rid), fingerprint(record), chunk.file, line_no)

    def look_up(self, record: dict[str, Any], raw: bytes, chunk: Chunk, line_no: int, offset: int, found: Found) -> None:
        """Check what a schema-valid record points to against the index; what is not there yet waits for the whole input."""
        for target, target_id, pointer in references(record):
            table = self.index.table(target)
            if table is None or target_id not in table:
                by_outlet = target == "article" and record["type"] in ("claim", "comparison")
                spans = list(_spans(record)) if by_outlet and record["type"] == "claim" else None
                pending = Pending(target, target_id, chunk.file, line_no, pointer, by_outlet, record.get("outlet_id"), spans, offset, len(raw))
                found.pending.append(pending)
                continue
            if target == "article" and record["type"] in ("claim", "comparison"):
                found.problems.extend(self._against_article(record, target_id, table[target_id], raw, chunk.path, line_no, pointer, found))

    def _against_article(
        self, record: dict[str, Any], article_id: str, ref: ArticleRef, raw: bytes, path: str, line_no: int, pointer: str, found: Found
    ) -> Iterator[Problem]:
        if not ref.valid:
            return  # the article's own problems are reported; checking against it would only echo them
        where = {"file": path, "line": line_no}
        outlet = record.get("outlet_id")
        if outlet != ref.outlet_id:
            yield problem(
                "ref.outlet-mismatch",
                f"outlet_id {outlet!r} but article {article_id!r} is from {ref.outlet_id!r}",
                pointer="/outlet_id",
                column=column_of(raw, "/outlet_id"),
                **where,
            )
        if record["type"] != "claim":
            return
        spans = list(_spans(record))
        texts = self.texts(article_id, ref)
        if texts is None:
            found.unchecked[article_id] += len(spans)
            return
        for span_pointer, span in spans:
            for code, at, message in check_span(span, texts, span_pointer):
                yield problem(code, message, pointer=at, column=column_of(raw, at), **where)

    def raw_line(self, file: int, offset: int, length: int) -> bytes:
        """The bytes of one record's line, read back from its file."""
        handle = self._handles.get(file)
        if handle is None:
            handle = self._handles[file] = os.open(self.paths[file], os.O_RDONLY)
        return os.pread(handle, length, offset)

    def texts(self, article_id: str, ref: ArticleRef) -> dict[str, str] | None:
        """The headline and body of an indexed article, read back from its file (a few kept in memory)."""
        if article_id in self._texts:
            return self._texts[article_id]
        if not ref.has_text:
            return None
        if len(self._texts) > 256:
            self._texts.clear()
        record = orjson.loads(self.raw_line(ref.file, ref.offset, ref.length))
        texts = {"headline": record["headline"], "body": record["text"]}
        self._texts[article_id] = texts
        return texts

    def close(self) -> None:
        """Close the files opened to read article texts."""
        for handle in self._handles.values():
            os.close(handle)
        self._handles.clear()


def _is_valid(validator: Any, record: dict[str, Any]) -> bool:
    """The fast schema check; a record too deep for it counts as invalid and gets the thorough path."""
    try:
        return bool(validator.is_valid(record))
    except ValueError:
        return False


def _spans(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for pointer, value in evidences(record):
        for i, span in enumerate(value["spans"]):
            yield f"{pointer}/spans/{i}", span


def _parse_problem(raw: bytes, error: orjson.JSONDecodeError, where: dict[str, Any]) -> Problem:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        column = len(raw[: bad.start].decode("utf-8")) + 1
        return problem("line.encoding", f"invalid UTF-8: byte 0x{raw[bad.start]:02x}", column=column, **where)
    return problem("line.json", f"not JSON: {error.msg}", column=error.pos + 1, **where)


def _shape_problem(record: Any, where: dict[str, Any]) -> Problem:
    if type(record) is not dict:
        return problem("line.not-object", f"a record must be a JSON object, not {_json_kind(record)}", column=1, **where)
    kind = record.get("type")
    if kind is None:
        return problem("record.type-missing", "record has no 'type'", pointer="/type", **where)
    if type(kind) is not str:
        return problem("record.type-missing", f"record's 'type' is {_json_kind(kind)}, not a string", pointer="/type", **where)
    known = ", ".join(RECORD_TYPES)
    return problem("record.type-unknown", f"unknown record type {kind[:40]!r}; known: {known}", pointer="/type", **where)


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
