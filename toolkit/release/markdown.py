"""Markdown a card writes: values from the data escaped so they render as their text, and tables of them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit


class Markdown(str):
    """Markdown the card wrote itself or has escaped already: `escape` and `table` take it as it is."""


_LINE_BREAKS = re.compile(r"[\t\r\n\x0b\x0c\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MARKUP = str.maketrans({"\\": "\\\\", "|": "\\|", "`": "\\`", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "&": "&amp;"})
_UNSAFE_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file)(\s*):")
_CODE = re.compile(r"[\w.:/@+-]+")


def escape(value: Any) -> Markdown:
    """A value from the data as Markdown that renders as that text on one line: no markup, no HTML, no link, no new line or heading."""
    if isinstance(value, Markdown):
        return value
    text = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(value))).translate(_MARKUP)
    text = _UNSAFE_SCHEME.sub(r"\1\2&#58;", text)  # shown as written, never a link target
    return Markdown("\\" + text if text.lstrip().startswith("#") else text)


def code(value: Any) -> Markdown:
    """An id or a name as inline code when it is a plain token, else as escaped text."""
    text = str(value)
    return Markdown(f"`{text}`") if _CODE.fullmatch(text) else escape(text)


def link(value: Any, otherwise: str = "") -> Markdown:
    """A web address from the data, shown (and linked by the renderer) only when it is http or https; else `otherwise`."""
    text = str(value or "").strip()
    try:
        web = urlsplit(text).scheme.lower() in ("http", "https")
    except ValueError:  # 'http://[oops'
        web = False
    return escape(text) if web and not _LINE_BREAKS.search(text) and " " not in text else escape(otherwise)


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table, every cell escaped (but `Markdown` ones); '(none)' when there are no rows."""
    if not rows:
        return "(none)"
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
