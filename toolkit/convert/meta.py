"""What an input says about its article besides the text: outlet, date, byline, language, rights."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from toolkit.articles import ArticleMeta
from toolkit.problems import Problem, problem

DEFAULT_RIGHTS = {"redistributable": False, "note": "license not stated: the text is left out of public releases"}
GENRES = ("reporting", "opinion", "analysis", "satire", "unknown")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d")
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|\band\b|&)\s*")


def parse_date(value: Any) -> tuple[str | None, str | None]:
    """An ISO 8601 date or timestamp for a date as inputs give it, or None and why it was not read."""
    if value is None or value == "":
        return None, None
    parsed = _parse(value)
    if parsed is None:
        return None, f"cannot read the date {str(value)[:60]!r}"
    when = parsed if isinstance(parsed, datetime) else datetime.combine(parsed, datetime.min.time(), UTC)
    moment = when if when.tzinfo else when.replace(tzinfo=UTC)
    if moment > datetime.now(UTC) + timedelta(days=1) or moment.year < 1800:
        return None, f"the date {str(value)[:60]!r} is not plausible for a news article"
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        return parsed.isoformat(), None
    return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat(), None


def _parse(value: Any) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def authors(value: Any) -> list[str]:
    """A byline as a list of names (a string is split at ';', 'and' and '&')."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        return [name for name in _SPLIT_AUTHORS.split(value.strip()) if name]
    return []


def article_meta(fields: dict[str, Any], path: str, source: dict[str, Any], options: Any) -> tuple[ArticleMeta, list[Problem]]:
    """ArticleMeta from an input's fields (front matter, sidecar, HTML metadata, JSON), with the problems found."""
    found: list[Problem] = []
    meta = ArticleMeta(source=source, rights=fields.get("rights") or DEFAULT_RIGHTS)
    _outlet(meta, fields, options)
    meta.url = fields.get("url") if isinstance(fields.get("url"), str) and str(fields["url"]).startswith(("http://", "https://")) else None
    meta.byline = authors(fields.get("byline"))
    meta.published, why = parse_date(fields.get("published"))
    if why:
        found.append(problem("convert.date", f"{why}; recorded as unknown", file=path))
        meta.published_unknown_reason = f"{why} in the input"
    elif meta.published is None:
        meta.published_unknown_reason = fields.get("published_unknown_reason") or "the input states no publication date"
    language = fields.get("language")
    meta.language = language if isinstance(language, str) and language else "en"
    genre = fields.get("genre")
    meta.genre = genre if genre in GENRES else "unknown"
    return meta, found


def _outlet(meta: ArticleMeta, fields: dict[str, Any], options: Any) -> None:
    """Outlet from --outlet or the input's outlet (id, name or alias), else the URL's domain, else unknown and why."""
    registry = options.registry
    named = options.outlet or fields.get("outlet")
    if named:
        meta.outlet_id = registry.find(name=str(named))
        if meta.outlet_id is None:
            meta.outlet_name = str(named)
            meta.outlet_unknown_reason = f"outlet {str(named)!r} is not in the outlet registry (yet)"
        return
    for url in (fields.get("url"), fields.get("domain")):
        if isinstance(url, str) and url and (found := registry.find(url=url)):
            meta.outlet_id = found
            return
    site = fields.get("site_name") or fields.get("domain")
    if isinstance(site, str) and site and (found := registry.find(name=site)):
        meta.outlet_id = found
        return
    meta.outlet_name = site if isinstance(site, str) and site else None
    meta.outlet_unknown_reason = fields.get("outlet_unknown_reason") or (
        f"outlet {site!r} is not in the outlet registry (yet)" if meta.outlet_name else "the input names no outlet, and its URL's domain is not in the registry"
    )
