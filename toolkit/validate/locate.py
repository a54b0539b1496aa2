"""Find the column of a JSON Pointer's target in a raw JSON line, for editor-friendly locations."""

from __future__ import annotations

import orjson


def column_of(raw: bytes, pointer: str) -> int | None:
    """1-based column (in code points) of the last object key on a pointer's path, or None if not found."""
    found = _offset(raw, pointer)[0]
    return None if found is None else _column(raw, found)


def repeat_column(raw: bytes, pointer: str) -> int | None:
    """1-based column of the second time the pointer's last key is written in its object, else of the pointer."""
    found, key = _offset(raw, pointer)
    if found is None or key is None:
        return None
    again = _key_at(raw, key, found + len(key))
    return _column(raw, found if again == -1 else again)


def _offset(raw: bytes, pointer: str) -> tuple[int | None, bytes | None]:
    """Byte offset of the last object key on the path, and that key as written, as far as the path is found."""
    if not pointer:
        return None, None
    position, found, key = 0, None, None
    for token in pointer[1:].split("/"):
        if token.isdigit():
            continue
        try:
            wanted = orjson.dumps(token.replace("~1", "/").replace("~0", "~"))
        except orjson.JSONEncodeError:  # a key no line can hold literally (a lone surrogate is written escaped)
            return found, key
        at = _key_at(raw, wanted, position)
        if at == -1:
            return found, key
        position, found, key = at + len(wanted), at, wanted
    return found, key


def _key_at(raw: bytes, key: bytes, start: int) -> int:
    at = raw.find(key, start)
    while at != -1 and raw[at + len(key) :].lstrip()[:1] != b":":
        at = raw.find(key, at + 1)
    return at


def _column(raw: bytes, offset: int) -> int:
    return len(raw[:offset].decode("utf-8", "replace")) + 1
