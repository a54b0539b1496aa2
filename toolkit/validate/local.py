"""Checks of one record on its own: derived id, dates, codes, texts, evidence."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from toolkit.records import derive_id, id_is_derived
from toolkit.validate.refs import check_span

Found = tuple[str, str, str]  # (code, pointer, message)
EARLIEST_YEAR = 1800
_COUNTRY_HINTS = {"UK": "GB", "EL": "GR"}


@lru_cache(maxsize=4096)
def parse_date(value: str) -> datetime | None:
    """A date or timestamp as an aware UTC datetime, or None when it is not a real date."""
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def check_date(value: Any, pointer: str, now: datetime) -> Iterator[Found]:
    """A date must be real, not before 1800 and not in the future."""
    if not isinstance(value, str):
        return
    parsed = parse_date(value)
    if parsed is None:
        yield "date.invalid", pointer, f"{value!r} is not a valid date or time"
    elif parsed.year < EARLIEST_YEAR:
        yield "date.too-early", pointer, f"{value!r} is before {EARLIEST_YEAR}"
    elif parsed > now + timedelta(days=1):
        yield "date.future", pointer, f"{value!r} is in the future"


def check_order(first: Any, second: Any, pointer: str, what: str) -> Iterator[Found]:
    """Two dates that must not be out of order (an end before its start)."""
    if not (isinstance(first, str) and isinstance(second, str)):
        return
    a, b = parse_date(first), parse_date(second)
    if a is not None and b is not None and b < a - timedelta(days=1 if len(first) == 10 or len(second) == 10 else 0):
        yield "date.order", pointer, f"{what}: {second} is before {first}"


@lru_cache(maxsize=1024)
def language_ok(tag: str) -> bool:
    """Whether a tag is a valid BCP 47 language tag."""
    import langcodes  # imported on first need

    return bool(langcodes.tag_is_valid(tag))


@lru_cache(maxsize=1024)
def country_ok(code: str) -> bool:
    """Whether a code is an ISO 3166-1 alpha-2 country code."""
    import pycountry  # imported on first need

    return pycountry.countries.get(alpha_2=code) is not None


def check_language(tag: Any, pointer: str) -> Iterator[Found]:
    """A language tag must be valid BCP 47."""
    if isinstance(tag, str) and not language_ok(tag):
        yield "lang.invalid", pointer, f"{tag!r} is not a valid BCP 47 language tag"


def check_country(code: Any, pointer: str) -> Iterator[Found]:
    """A country must be an ISO 3166-1 alpha-2 code."""
    if isinstance(code, str) and not country_ok(code):
        hint = f" (did you mean {_COUNTRY_HINTS[code]}?)" if code in _COUNTRY_HINTS else ""
        yield "country.invalid", pointer, f"{code!r} is not an ISO 3166-1 alpha-2 code{hint}"


# Characters of common news text that neither combine with a neighbour nor change under NFC (canonical combining class 0,
# NFC_Quick_Check Yes): a text of these and ASCII passes the quick check of UAX #15, so it is NFC. The ranges (Latin-1,
# Latin Extended-A and -B, general punctuation, currency signs, letterlike symbols) hold no character that may compose with
# the one before it; tests check that against the whole Unicode database.
_NEAR_LATIN = (range(0x80, 0x250), range(0x2000, 0x2070), range(0x20A0, 0x20C0), range(0x2100, 0x2150))
INERT = frozenset(c for block in _NEAR_LATIN for c in map(chr, block) if unicodedata.combining(c) == 0 and unicodedata.is_normalized("NFC", c))
_ASCII = bytes(range(128))


def is_nfc(text: str, utf8: bytes | None = None) -> bool:
    """Whether a text is NFC; with its UTF-8 bytes, a text of ASCII and inert characters is known NFC without a walk of its code points."""
    if text.isascii():
        return True
    if utf8 is not None and INERT.issuperset(utf8.translate(None, _ASCII).decode("utf-8")):
        return True  # only whole multi-byte sequences are left, so they decode
    return unicodedata.is_normalized("NFC", text)


def check_nfc(text: str, pointer: str) -> Iterator[Found]:
    """Texts are stored in NFC so that code-point offsets mean the same everywhere."""
    if not unicodedata.is_normalized("NFC", text):
        at = next((i for i, ch in enumerate(text) if not unicodedata.is_normalized("NFC", text[i : i + 2])), 0)
        yield "text.not-nfc", pointer, f"text is not NFC near code point {at}"


def check_evidence_text(value: Any, pointer: str) -> Iterator[Found]:
    """An evidence text must be its spans' exact texts joined by one space, each span a forward range."""
    if not isinstance(value, dict):
        return
    spans = value.get("spans") or ()
    for i, span in enumerate(spans):
        if span["end"] < span["start"]:
            yield "span.out-of-range", f"{pointer}/spans/{i}", f"span [{span['start']}, {span['end']}) ends before it starts"
        elif span["end"] - span["start"] != len(span["exact"]):
            yield (
                "span.mismatch",
                f"{pointer}/spans/{i}/exact",
                (f"exact has {len(span['exact'])} code points but the span [{span['start']}, {span['end']}) has {span['end'] - span['start']}"),
            )
    joined = " ".join(s["exact"] for s in spans)
    if value.get("text") != joined:
        yield "span.text-mismatch", f"{pointer}/text", f"text {_show(value.get('text'))} but its spans give {_show(joined)}"


def evidences(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every evidence object of a claim with its pointer: content, cue, speaker and intermediary mentions."""
    yield "/content", record["content"]
    if record.get("cue"):
        yield "/cue", record["cue"]
    mention = record["speaker"].get("mention")
    if mention:
        yield "/speaker/mention", mention
    for i, link in enumerate(record.get("intermediary") or ()):
        if link.get("mention"):
            yield f"/intermediary/{i}/mention", link["mention"]


def _show(text: Any) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:59] + "…'"


def _article(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    yield from check_language(record.get("language"), "/language")
    yield from check_date(record.get("published"), "/published", now)
    source = record["source"]
    yield from check_date(source.get("retrieved_at"), "/source/retrieved_at", now)
    yield from check_order(record.get("published"), source.get("retrieved_at"), "/source/retrieved_at", "retrieved before published")
    yield from check_nfc(record["headline"], "/headline")
    text = record.get("text")
    if text is None:
        return
    yield from check_nfc(text, "/text")
    texts = {"headline": record["headline"], "body": text}
    for i, label in enumerate(record.get("framing") or ()):
        if "span" in label:
            yield from check_span(label["span"], texts, f"/framing/{i}/span")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != record["text_sha256"]:
        yield "text.hash-mismatch", "/text_sha256", f"text_sha256 is {record['text_sha256'][:12]}…, the text hashes to {digest[:12]}…"
    if len(text) != record["text_length"]:
        yield "text.length-mismatch", "/text_length", f"text_length {record['text_length']} but the text has {len(text)} code points"
    previous = 0
    for i, (start, end) in enumerate(record.get("paragraphs") or ()):
        if not previous <= start <= end <= len(text):
            yield (
                "text.paragraphs",
                f"/paragraphs/{i}",
                f"paragraph {i} [{start}, {end}) is not a forward range after the previous one within the text ({len(text)} code points)",
            )
        previous = max(previous, end)


def _claim(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    for pointer, value in evidences(record):
        yield from check_evidence_text(value, pointer)


def _outlet(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    yield from check_country(record.get("country"), "/country")
    for i, tag in enumerate(record.get("languages") or ()):
        yield from check_language(tag, f"/languages/{i}")
    for i, rating in enumerate(record.get("ratings") or ()):
        yield from check_date(rating.get("rated_at"), f"/ratings/{i}/rated_at", now)
    for i, status in enumerate(record.get("legal_status") or ()):
        yield from _window(status, f"/legal_status/{i}", now, planned_end=True)


def _actor(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    for i, role in enumerate(record.get("roles") or ()):
        yield from _window(role, f"/roles/{i}", now, planned_end=True)
    if record.get("same_as") == record["id"]:
        yield "actor.same-as-self", "/same_as", f"actor {record['id']!r} is same_as itself"


def _event(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    if record.get("window"):
        yield from _window(record["window"], "/window", now)


def _window(value: dict[str, Any], pointer: str, now: datetime, planned_end: bool = False) -> Iterator[Found]:
    """Dates of a period; a term of office or a sanction may be set to end in the future."""
    yield from check_date(value.get("start"), f"{pointer}/start", now)
    for found in check_date(value.get("end"), f"{pointer}/end", now):
        if not (planned_end and found[0] == "date.future"):
            yield found
    yield from check_order(value.get("start"), value.get("end"), f"{pointer}/end", "ends before it starts")


def _nothing(record: dict[str, Any], now: datetime) -> Iterator[Found]:
    return iter(())


BY_TYPE: dict[str, Callable[[dict[str, Any], datetime], Iterator[Found]]] = {
    "outlet": _outlet,
    "actor": _actor,
    "article": _article,
    "claim": _claim,
    "event": _event,
    "alignment": _nothing,
    "comparison": _nothing,
}


def check_local(record: dict[str, Any], now: datetime) -> list[Found]:
    """Every problem a schema-valid record has on its own."""
    found = list(BY_TYPE[record["type"]](record, now))
    if not id_is_derived(record):
        expected = derive_id(record)
        found.append(("id.not-derived", "/id", f"id {record['id']!r} should be {expected!r} (derived from its content)"))
    provenance = record.get("provenance")
    if provenance and "created" in provenance:
        found.extend(check_date(provenance["created"], "/provenance/created", now))
    return found
