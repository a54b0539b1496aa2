"""Find the column of a JSON Pointer's target in a raw JSON line, for editor-friendly locations."""

from __future__ import annotations

import orjson


def column_of(raw: bytes, pointer: str) -> int | None:
    """1-based column (in code points) of the last object key on a pointer's path, or None if not found."""
    if not pointer:
        return None
    position, found = 0, None
    for token in pointer[1:].split("/"):
        if token.isdigit():
            continue
        key = orjson.dumps(token.replace("~1", "/").replace("~0", "~"))
        at = raw.find(key, position)
        while at != -1 and raw[at + len(key) :].lstrip()[:1] != b":":
            at = raw.find(key, at + 1)
        if at == -1:
            return found
        position, found = at + len(key), at
    if found is None:
        return None
    return len(raw[:found].decode("utf-8", "replace")) + 1
