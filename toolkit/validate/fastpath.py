"""A fast yes/no check of a schema-valid claim; any doubt sends the claim to the thorough checks."""

from __future__ import annotations

from datetime import datetime
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import orjson

from toolkit.validate.local import check_date
from toolkit.validate.state import Ledger, claim_fingerprint

if TYPE_CHECKING:
    from toolkit.validate.scan import Scanner


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
        known = self._dates.get(value)
        if known is None:
            known = self._dates[value] = not any(check_date(value, "", self.now))
        return known


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
