"""Fast yes/no checks of the common clean claim and article; any doubt sends the record to the thorough checks."""

from __future__ import annotations

from datetime import datetime
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import orjson

from toolkit.records import derive_id
from toolkit.validate.local import check_date, check_order, is_nfc, language_ok
from toolkit.validate.state import Ledger, claim_fingerprint

if TYPE_CHECKING:
    from toolkit.validate.scan import Chunk, Found, Scanner

DATES_KEPT = 1 << 16  # dates known good or bad, by value; forgotten all at once past this many


class ClaimFastPath:
    """Checks the common clean claim in a few microseconds; it never reports, it only says 'clean'."""

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.index = scanner.index
        self.now: datetime = scanner.now
        self._dates: dict[str, bool] = {}

    def check(self, r: dict[str, Any], file: int, line: int, ledgers: dict[str, Ledger]) -> bool:
        """True, with the claim noted in the ledger, when every check passes; False to take the thorough path."""
        article_id = r["article_id"]
        ref = self.index.articles.get(article_id)
        outlet = r["outlet_id"]
        if ref is None or ref.outlet_id != outlet or "intermediary" in r:
            return False
        if outlet is not None and outlet not in self.index.outlets:
            return False
        speaker = r["speaker"]
        actor = speaker["actor_id"]
        if actor is not None and actor not in self.index.actors:
            return False
        if "event_id" in r and r["event_id"] not in self.index.events:
            return False
        for label in r.get("framing") or ():
            if "target_actor_id" in label or "span" in label:
                return False
        position = r.get("position")
        if position is not None and (type(position.get("paragraph", 0)) is not int or type(position.get("sentence", 0)) is not int):
            return False  # 1.0 passes the schema check; the thorough path reports it
        created = r["provenance"].get("created")
        if created is not None and not self._date_ok(created):
            return False
        texts = self.scanner.texts(article_id, ref)
        if texts is None:
            return False
        content, cue, mention = r["content"], r.get("cue"), speaker.get("mention")
        content_spans = _spans_ok(content, texts)
        if content_spans is None:
            return False
        cue_spans = [] if cue is None else _spans_ok(cue, texts)
        mention_spans = None if mention is None else _spans_ok(mention, texts)
        if cue_spans is None or (mention is not None and mention_spans is None):
            return False
        rid = r["id"]
        if rid != "clm_" + sha256(orjson.dumps(["claim", [article_id, content_spans, cue_spans]])).hexdigest()[:16]:
            return False
        ledger = ledgers.get("claim")
        if ledger is None:
            ledger = ledgers["claim"] = Ledger()
        ledger.add(int(rid[4:], 16), claim_fingerprint(article_id, content_spans, mention_spans or actor), file, line)
        return True

    def _date_ok(self, value: str) -> bool:
        return _date_ok(self._dates, value, self.now)


class ArticleFastPath:
    """Checks the common clean article with a few passes over its text; it never reports, it only says 'clean'.

    A clean article's line is its record's own serialization (so no key is repeated), and every check the thorough
    path makes of it passes: schema, dates, language, NFC, hash, length, paragraphs, derived id.
    """

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.validator = scanner.schemas.fast["article"]
        self.outlets = scanner.index.outlets
        self.now: datetime = scanner.now
        self._dates: dict[tuple[str | None, ...], bool] = {}

    def check(self, r: dict[str, Any], raw: bytes, chunk: Chunk, line: int, offset: int, found: Found) -> bool:
        """True, with the article noted and its references looked up, when every check passes; False to take the thorough path."""
        text = r.get("text")
        if type(text) is not str or not _canonical(r, raw) or not _schema_valid(self.validator, r):
            return False
        if not (self._fields(r) and _text_ok(r, text)) or derive_id(r) != r["id"]:
            return False
        self.scanner.note("article", r, chunk, line, offset, len(raw), found)
        outlet = r["outlet_id"]
        if "syndicated_from" in r or (outlet is not None and outlet not in self.outlets):
            self.scanner.look_up(r, raw, chunk, line, offset, found)
        return True

    def _fields(self, r: dict[str, Any]) -> bool:
        """The checks of the small fields: language, dates and their order, headline NFC, framing without spans or actors."""
        provenance, framing = r.get("provenance"), r.get("framing")
        dates = (r["published"], r["source"].get("retrieved_at"), provenance.get("created") if provenance else None)
        ok = self._dates.get(dates)
        if ok is None:
            ok = self._dates[dates] = _dates_ok(*dates, self.now)
            if len(self._dates) > DATES_KEPT:
                self._dates.clear()
        if not (ok and language_ok(r["language"]) and is_nfc(r["headline"])):
            return False
        return not framing or not any("span" in label or "target_actor_id" in label for label in framing)


def _dates_ok(published: str | None, retrieved: str | None, created: str | None, now: datetime) -> bool:
    """Whether an article's dates pass check_date and check_order."""
    for value in (published, retrieved, created):
        if any(check_date(value, "", now)):
            return False
    return not any(check_order(published, retrieved, "", ""))


def _date_ok(known: dict[str, bool], value: str, now: datetime) -> bool:
    """Whether a date passes check_date, remembered by value."""
    ok = known.get(value)
    if ok is None:
        ok = known[value] = not any(check_date(value, "", now))
        if len(known) > DATES_KEPT:
            known.clear()
    return ok


def _schema_valid(validator: Any, record: dict[str, Any]) -> bool:
    try:
        return bool(validator.is_valid(record))
    except ValueError:  # nested too deeply for the fast validator
        return False


def _canonical(record: dict[str, Any], raw: bytes) -> bool:
    """Whether a line is its record's own serialization: then no key is written twice, as orjson reads a repeat once.

    Serializing the text also leaves its UTF-8 form cached in the string, so encoding it for its hash costs a copy.
    """
    try:
        return orjson.dumps(record) == raw
    except orjson.JSONEncodeError:  # integers past 64 bits, nesting too deep
        return False


def _text_ok(r: dict[str, Any], text: str) -> bool:
    """The checks of the text: length, SHA-256, NFC, and paragraphs as integer ranges in order within it."""
    length = r["text_length"]
    if type(length) is not int or length != len(text):
        return False
    utf8 = text.encode("utf-8")
    if sha256(utf8).hexdigest() != r["text_sha256"] or not is_nfc(text, utf8):
        return False
    previous = 0
    for start, end in r.get("paragraphs") or ():  # the schema makes each a pair of integers, or of floats like 57.0
        if type(start) is not int or type(end) is not int or not previous <= start <= end <= length:
            return False
        previous = end
    return True


def _spans_ok(evidence: dict[str, Any], texts: dict[str, str]) -> list[list[Any]] | None:
    """The [field, start, end] of each span when the evidence agrees with the text, else None."""
    spans = evidence["spans"]
    joined = spans[0]["exact"] if len(spans) == 1 else " ".join([s["exact"] for s in spans])
    if evidence["text"] != joined:
        return None
    found = []
    for span in spans:
        field, start, exact = span["field"], span["start"], span["exact"]
        if type(start) is not int or type(span["end"]) is not int:
            return None
        prefix, suffix = span.get("prefix", ""), span.get("suffix", "")
        if span["end"] - start != len(exact) or start < len(prefix) or not texts[field].startswith(prefix + exact + suffix, start - len(prefix)):
            return None
        found.append([field, start, span["end"]])
    return found
