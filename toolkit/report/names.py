"""How the report names outlets, actors, leanings and time windows, and where their pages are."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from toolkit.report.html import attr, bdi, link, text

_SAFE = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def file_name(record_id: str) -> str:
    """A page's file name for a record id: the id itself when it is a short lower-case slug, else a digest of it."""
    if _SAFE.fullmatch(record_id):
        return f"{record_id}.html"
    return "x-" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:24] + ".html"


def outlet_label(outlet_id: Any, data: Any, depth: int, linked: bool = True) -> str:
    """An outlet's name, linked to its page (made once per outlet and depth: pages repeat them)."""
    if outlet_id is None:
        return '<span class="muted">outlet unknown</span>'
    key = ("outlet", outlet_id, depth, linked)
    if key not in data.labels:
        name = bdi((data.outlets.get(outlet_id) or {}).get("name") or outlet_id)
        data.labels[key] = link("../" * depth + "outlets/" + file_name(outlet_id), name) if linked else name
    return str(data.labels[key])


def actor_label(actor_id: Any, mention: Any, data: Any, depth: int) -> str:
    """An actor's name linked to its page, or the words that name someone no actor stands for."""
    if actor_id is None or actor_id not in data.actors:
        return f'<bdi>{text(mention or "unresolved")}</bdi> <span class="muted">(no actor)</span>' if actor_id is None else bdi(actor_id)
    key = ("actor", actor_id, depth)
    if key not in data.labels:
        data.labels[key] = link("../" * depth + "actors/" + file_name(actor_id), bdi(data.actors[actor_id] or actor_id))
    return str(data.labels[key])


def chips(outlet: dict[str, Any] | None, brief: bool = False) -> str:
    """An outlet's leanings, one mark per rater (never merged): the rater's value, or in brief (the index's rows) the rater
    (initials of a long name) and the side."""
    if not outlet or not outlet.get("leanings"):
        return "" if brief else '<p class="chips"><span class="muted">no leaning rating</span></p>'
    tag = "abbr" if brief else "span"
    found = "".join(
        f'<{tag} class="lean {attr(r["side"])}" title="{attr(r["rater"])} ({attr(r["scale"])}): {attr(r["leaning"])}">'
        f"{text(_short_name(r['rater']) if brief else r['rater'])}: {text(r['side'] if brief else r['leaning'])}</{tag}>"
        for r in outlet["leanings"]
    )
    return f" {found}" if brief else f'<p class="chips">{found}</p>'


def window(event: dict[str, Any]) -> str:
    """An event's time window as a line of text."""
    start, end = event.get("start"), event.get("end")
    if not start:
        return "undated"
    return text(start) if not end or end == start else f"{text(start)} – {text(end)}"


def _short_name(rater: str) -> str:
    if len(rater) <= 12:
        return rater
    words = [w for w in re.split(r"[^A-Za-z0-9]+", rater) if w and w[0].isupper()]
    return "".join(w[0] for w in words[:3]) or rater[:3]


def plural(count: int, noun: str) -> str:
    """A count with its noun, plural unless one ("1 event", "3 events")."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
