"""What a record line must keep to beyond its schema: strings without lone surrogates, each key once in an object."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import orjson

from toolkit.schemas import pointer_of

_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_MESSAGE = "text holds a lone surrogate (an unpaired \\ud800-\\udfff), which UTF-8 cannot encode"
REPEAT_MESSAGE = "key repeated in one object: readers disagree on which value counts (orjson takes the last)"


def surrogates(value: Any, where: tuple[Any, ...] = ()) -> Iterator[str]:
    """JSON Pointers of strings (keys or values) holding a lone surrogate, which no UTF-8 serializer can write; such keys shown escaped."""
    if type(value) is str:
        if _SURROGATE.search(value):
            yield pointer_of(where)
    elif type(value) is dict:
        for key, item in value.items():
            shown = _SURROGATE.sub(_escaped, key) if type(key) is str else key
            if shown != key:
                yield pointer_of((*where, shown))
            yield from surrogates(item, (*where, shown))
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from surrogates(item, (*where, i))


def holds_surrogate(value: Any) -> bool:
    """Whether a string, or any string in a value, holds a lone surrogate."""
    return next(surrogates(value), None) is not None


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def huge_integers(value: Any, where: tuple[Any, ...] = ()) -> Iterator[str]:
    """JSON Pointers of integers outside the 64 bits orjson reads and writes (a record made in memory can hold them)."""
    if type(value) is int:
        if not -(2**63) <= value < 2**64:
            yield pointer_of(where)
    elif type(value) is dict:
        for key, item in value.items():
            yield from huge_integers(item, (*where, key))
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from huge_integers(item, (*where, i))


def unwritable_problems(record: Any) -> list[tuple[str, str, str]]:
    """(code, pointer, message) of what keeps a record from being written: lone surrogates, integers past 64 bits."""
    try:
        orjson.dumps(record)  # in C and fast: a record it writes holds neither, so most records are never walked
        return []
    except (TypeError, ValueError):
        pass
    huge = [("schema.type", p, "integer out of the 64-bit range records are written in") for p in huge_integers(record)]
    return surrogate_problems(record) + huge


def surrogate_problems(record: Any) -> list[tuple[str, str, str]]:
    """(code, pointer, message) of each string of a record holding a lone surrogate."""
    return [("text.surrogate", pointer, SURROGATE_MESSAGE) for pointer in surrogates(record)]


def may_repeat_keys(raw: bytes, record: Any) -> bool:
    """False when no object of the line can repeat a key: orjson keeps the last of two, so a repeat leaves fewer quotes.

    A canonical line is its own re-serialization; otherwise, without \\u escapes, every quote of the line is one of a
    string's delimiters or an escaped quote, which the re-serialization writes the same way, so only a dropped key
    (its name, maybe its value) makes the counts differ.
    """
    try:
        dumped = orjson.dumps(record)
    except orjson.JSONEncodeError:
        return True
    if dumped == raw:
        return False
    return b"\\u" in raw or raw.count(b'"') != dumped.count(b'"')


class _Pairs(dict[str, Any]):
    """An object as the standard parser reads it, remembering the keys it met more than once."""

    repeated: list[str]


def _pairs(items: list[tuple[str, Any]]) -> _Pairs:
    found = _Pairs(items)
    seen: set[str] = set()
    found.repeated = [key for key, _value in items if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return found


def duplicate_keys(raw: bytes) -> list[str]:
    """JSON Pointers of every key an object of a JSON line holds twice (read again, slowly, by the standard parser)."""
    found: list[str] = []
    try:
        _repeated(json.loads(raw, object_pairs_hook=_pairs), (), found)
    except (ValueError, RecursionError):  # nested too deeply to read again: orjson's reading stands
        return found
    return found


def _repeated(value: Any, where: tuple[Any, ...], found: list[str]) -> None:
    if isinstance(value, _Pairs):
        found.extend(pointer_of((*where, key)) for key in dict.fromkeys(value.repeated))
        for key, item in value.items():
            _repeated(item, (*where, key), found)
    elif type(value) is list:
        for i, item in enumerate(value):
            _repeated(item, (*where, i), found)
