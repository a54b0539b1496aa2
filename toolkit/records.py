"""Records in and out: content-derived ids, text normalization, selectors, canonical JSON Lines."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from toolkit.schemas import SCHEMA_VERSION, as_integers

CONTEXT = 32
PREFIXES = {"article": "art", "claim": "clm", "event": "evt", "alignment": "aln", "comparison": "cmp"}
SLUGGED = ("outlet", "actor")
#: Claim kinds in the outlet's own voice, credited to no speaker: a hedged assertion, a fact of the event.
OWN_VOICE = frozenset({"narrator", "fact"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# The one rule for which files hold records: JSON Lines by either name, outside dot-files and dot-folders.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
_BLANK_LINES = re.compile(r"\A\n+|\n(?:[^\S\n]*\n)+")


def slugify(name: str) -> str:
    """A lower-case ASCII slug of a name ('Mark Rutte' -> 'mark-rutte')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_name.lower()).strip("-")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _spans(evidence: Any) -> list[list[Any]]:
    if not isinstance(evidence, dict):
        return []
    return [[s.get("field"), s.get("start"), s.get("end")] for s in _list(evidence.get("spans")) if isinstance(s, dict)]


def claim_id(article_id: Any, content: Any, cue: Any) -> str:
    """The id of a claim: a hash of its article and of its content and cue spans."""
    material = orjson.dumps(["claim", [article_id, _spans(content), _spans(cue)]], option=orjson.OPT_SORT_KEYS)
    return "clm_" + hashlib.sha256(material).hexdigest()[:16]


def identity(record: dict[str, Any]) -> Any:
    """The part of a record its id is derived from, or None for an unknown type."""
    kind = record.get("type")
    if kind == "article":
        return [record.get("outlet_id"), record.get("text_sha256")]
    if kind == "claim":
        return [record.get("article_id"), _spans(record.get("content")), _spans(record.get("cue"))]
    if kind == "event":
        return record.get("external_ids") or record.get("founding_article_id") or sorted(map(str, _list(record.get("article_ids"))))
    if kind == "alignment":
        members = _list(record.get("members"))
        return [record.get("event_id"), sorted(str(m.get("claim_id")) for m in members if isinstance(m, dict))]
    if kind == "comparison":
        return [record.get("event_id"), record.get("outlet_id")]
    return None


def derive_id(record: dict[str, Any]) -> str | None:
    """The id a record must carry, derived from its content; None for an unknown type."""
    kind = record.get("type")
    if kind in SLUGGED:
        name = record.get("name")
        return slugify(name) if isinstance(name, str) else None
    if kind not in PREFIXES:
        return None
    if kind == "claim":
        return claim_id(record.get("article_id"), record.get("content"), record.get("cue"))
    digest = hashlib.sha256(orjson.dumps([kind, identity(record)], option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f"{PREFIXES[kind]}_{digest[:16]}"


def id_is_derived(record: dict[str, Any]) -> bool:
    """Whether a record's id is derived from its content; a registry slug may add the Wikidata id to tell namesakes apart."""
    expected = derive_id(record)
    if expected is None or record.get("id") == expected:
        return True
    wikidata = record.get("wikidata")
    return record.get("type") in SLUGGED and bool(wikidata) and record.get("id") == f"{expected}-{str(wikidata).lower()}"


def with_id(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its derived id and the current schema version set, those two first."""
    head = {"type": record["type"], "id": None, "schema_version": SCHEMA_VERSION}
    body = {k: v for k, v in record.items() if k not in head}
    merged = head | body
    merged["id"] = derive_id(merged)
    return merged


def normalize_text(text: str) -> str:
    """Stored form of a text: NFC, LF line ends, no trailing blanks on lines, no leading or trailing blank lines."""
    from toolkit.text import normalize

    return normalize(text).text


def sha256_text(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[list[int]]:
    """[start, end) code-point offsets of the paragraphs of a stored text (separated by blank lines)."""
    found, start = [], 0
    for gap in _BLANK_LINES.finditer(text):
        if gap.start() > start:
            found.append([start, gap.start()])
        start = gap.end()
    if start < len(text):
        found.append([start, len(text)])
    return found


def selector(text: str, start: int, end: int, field: str = "body") -> dict[str, Any]:
    """Both W3C selectors for text[start:end]: position and quote with up to 32 code points of context."""
    return {
        "field": field,
        "start": start,
        "end": end,
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }


def evidence(text: str, spans: Iterable[tuple[int, int]], field: str = "body") -> dict[str, Any]:
    """An evidence object for one or more spans of a text."""
    selectors = [selector(text, start, end, field) for start, end in spans]
    return {"text": " ".join(s["exact"] for s in selectors), "spans": selectors}


def dumps(record: dict[str, Any]) -> bytes:
    """One record as a canonical JSON line: type, id, schema_version first, then keys sorted."""
    head = {k: record[k] for k in ("type", "id", "schema_version") if k in record}
    rest = orjson.loads(orjson.dumps({k: v for k, v in record.items() if k not in head}, option=orjson.OPT_SORT_KEYS))
    return orjson.dumps(head | rest) + b"\n"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def is_hidden(name: str) -> bool:
    """Whether a file or folder name is a dot-name, which no walk for records enters."""
    return name.startswith(".")


def holds_records(name: str) -> bool:
    """Whether a file found in a folder holds records by its name: .jsonl or .ndjson, not a dot-file."""
    return name.endswith(RECORD_SUFFIXES) and not is_hidden(name)


def record_files(paths: Iterable[Path]) -> list[Path]:
    """The record files of the paths: a file as given; a folder's .jsonl and .ndjson files at any depth, without
    dot-files and dot-folders, sorted."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = (p for p in path.rglob("*") if holds_records(p.name) and p.is_file())
        files.extend(sorted(p for p in found if not any(is_hidden(part) for part in p.relative_to(path).parts)))
    return files


def read_records(paths: Iterable[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(file, record) of every JSON object in the record files of the paths (`record_files`), in path order; other lines skipped.

    An integer written 57.0 is read as 57 (JSON Schema's reading; `validate` reports it); a record with 57.5 where an
    integer belongs is skipped like a line that is not JSON, so no reader slices a text with a float.
    """
    for path in paths:  # each path listed when reached, as a walk of its own
        for file in record_files([path]):
            with open(file, "rb") as handle:
                for line in handle:
                    try:
                        record = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(record, dict) and (record := as_integers(record)) is not None:
                        yield file, record


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records to a JSON Lines file atomically (temporary file, then rename); return the count."""
    return write_lines(path, (dumps(record) for record in records))


def write_lines(path: Path, lines: Iterable[bytes]) -> int:
    """Write lines (each ending in LF) to a file atomically: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    count = 0
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as out:
            for line in lines:
                out.write(line)
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
