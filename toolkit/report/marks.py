"""An article's text with its claims marked, and a rendering held against the fullest one with the words it cut."""

from __future__ import annotations

import difflib
import re
from typing import Any

from toolkit.report.data import spans_of as decoded
from toolkit.report.html import attr, text

#: Which part of a claim wins where parts overlap: the cue over the speaker over the content.
_RANK = {"cue": 3, "speaker": 2, "content": 1}
_WORD = re.compile(r"\S+")


def spans_of(claim: dict[str, Any], field: str) -> list[tuple[int, int, str, dict[str, Any]]]:
    """(start, end, part, claim) of the claim's content, cue and speaker spans in one field of the article."""
    found = []
    for part, spans in decoded(claim).items():
        for span in spans or ():
            if span.get("field") == field and span["end"] > span["start"]:
                found.append((int(span["start"]), int(span["end"]), part, claim))
    return found


def marked(value: str, claims: list[dict[str, Any]], field: str, describe: Any) -> str:
    """The text of one field, escaped, each claim's content, cue and speaker marked (`describe(claim)` titles a mark)."""
    spans = [s for claim in claims for s in spans_of(claim, field) if s[1] <= len(value)]
    if not spans:
        return text(value)
    cuts = sorted({0, len(value), *(s[0] for s in spans), *(s[1] for s in spans)})
    spans.sort(key=lambda s: s[0])
    pieces: list[str] = []
    active: list[tuple[int, int, str, dict[str, Any]]] = []
    following = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        while following < len(spans) and spans[following][0] <= start:
            active.append(spans[following])
            following += 1
        active = [s for s in active if s[1] > start]  # every end is a cut, so what covers `start` covers the piece
        pieces.append(_mark(text(value[start:end]), active, describe))
    return "".join(pieces)


def _mark(piece: str, active: list[tuple[int, int, str, dict[str, Any]]], describe: Any) -> str:
    if not active:
        return piece
    _, _, part, claim = max(active, key=lambda s: (_RANK[s[2]], s[0] - s[1]))
    kind = claim.get("kind")
    voice = "fact" if kind == "fact" else "quote" if kind in {"direct_quote", "partial_quote", "mixed"} else "said"
    return f'<mark class="{part} {voice}" title="{attr(describe(claim))}">{piece}</mark>'


def cut_words(fullest: str, rendering: str) -> str:
    """The rendering held against the fullest: words it cut struck through (<del>), words it added underlined (<ins>)."""
    ours, theirs = _WORD.findall(fullest), _WORD.findall(rendering)
    keyed = [_key(w) for w in ours], [_key(w) for w in theirs]
    out = []
    for tag, a, b, c, d in difflib.SequenceMatcher(None, keyed[0], keyed[1], autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(text(" ".join(theirs[c:d])))
            continue
        if b > a:
            out.append(f"<del>{text(' '.join(ours[a:b]))}</del>")
        if d > c:
            out.append(f"<ins>{text(' '.join(theirs[c:d]))}</ins>")
    return " ".join(out)


def _key(word: str) -> str:
    return re.sub(r"\W+", "", word.lower()) or word
