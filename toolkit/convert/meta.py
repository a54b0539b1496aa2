"""What an input says about its article besides the text: outlet, date, byline, language, rights."""

from __future__ import annotations

import email.utils
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from toolkit.articles import ArticleMeta
from toolkit.convert.frontmatter import GENRES, genre_of, resolve, shown
from toolkit.convert.limits import Refused, checked
from toolkit.convert.rights import rights_of
from toolkit.problems import Problem, problem
from toolkit.text import normalize

_TYPES: dict[str, tuple[type, ...]] = {"published": (str, date, int), "byline": (str, list), "rights.redistributable": (bool,)}  # others take text
_KINDS: dict[type, str] = {
    str: "text",
    date: "a date",
    datetime: "a timestamp",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d")
_URL = re.compile(r"https?://\S+\Z")  # the pattern of an article's url in the schema
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


def article_meta(fields: dict[str, Any], path: str, source: dict[str, Any], options: Any, check_keys: bool = False) -> tuple[ArticleMeta | None, list[Problem]]:
    """ArticleMeta from an input's fields (front matter, sidecar, HTML metadata, JSON), with the problems found; check_keys as in resolve.

    None, with a convert.front-matter problem, when the fields are beyond a limit of docs/front-matter.md#limits.
    """
    try:
        safe, found = checked(fields)
    except Refused as error:
        return None, [problem("convert.front-matter", f"{error}; the article is not converted", file=path)]
    given, keys, more = resolve(safe, check_keys)
    found += more
    known = _typed(given, keys, found)
    rights, more = rights_of(known)
    found += more
    meta = ArticleMeta(source=source, rights=rights)
    known["url"] = meta.url = _url(known.get("url"), keys.get("url", "url"), found)
    _outlet(meta, known, options)
    meta.byline = authors(known.get("byline"))
    meta.published, why = parse_date(known.get("published"))
    if why:
        found.append(problem("convert.date", f"{why}; recorded as unknown"))
        meta.published_unknown_reason = f"{why} in the input"
    elif meta.published is None:
        meta.published_unknown_reason = known.get("published_unknown_reason") or "the input states no publication date"
    meta.language = known.get("language") or "en"
    meta.genre = _genre(known.get("genre"), keys.get("genre", "genre"), found)
    headline = known.get("headline")
    meta.headline = (normalize(headline).text.replace("\n", " ") if headline else None) or None
    return meta, [replace(p, file=path) for p in found]


def _typed(fields: dict[str, Any], keys: dict[str, str], found: list[Problem]) -> dict[str, Any]:
    """The fields whose values have the type their field takes; a problem for each of the others, which are left out."""
    kept = {}
    for name, value in fields.items():
        expected = _TYPES.get(name, (str,))
        if isinstance(value, expected) and not (isinstance(value, bool) and bool not in expected):
            kept[name] = _names(value, keys[name], found) if name == "byline" and isinstance(value, list) else value
            continue
        wanted = " or ".join(_KINDS[kind] for kind in expected if kind in _KINDS)
        quote = "; quote it" if str in expected and isinstance(value, int | float | date) else ""
        found.append(problem("convert.meta-type", f"{keys[name]} {shown(value)} is {_kind(value)}, not {wanted}{quote}; ignored"))
    return kept


def _names(values: list[Any], name: str, found: list[Problem]) -> list[str]:
    """The names of a byline list: text, or Pandoc's {name: ...} mappings; anything else reported and left out."""
    names = []
    for value in values:
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            value = value["name"]
        if isinstance(value, str):
            names.append(value)
        else:
            found.append(problem("convert.meta-type", f"{name} item {shown(value)} is {_kind(value)}, not text; ignored"))
    return names


def _kind(value: Any) -> str:
    return next((_KINDS[kind] for kind in (bool, datetime, date, int, float, list, dict, str) if isinstance(value, kind)), type(value).__name__)


def _url(value: Any, key: str, found: list[Problem]) -> str | None:
    """An absolute http(s) URL, or None (and a problem when the input gave something else)."""
    if value is None or (isinstance(value, str) and _URL.match(value) and _parses(value)):
        return value
    found.append(problem("convert.meta-unknown-value", f"{key} {shown(value)} is not an absolute http(s) URL; ignored"))
    return None


def _parses(url: str) -> bool:
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # 'http://[oops': a bracket that opens no IPv6 address
        return False


def _genre(value: str | None, key: str, found: list[Problem]) -> str:
    """Our genre for a stated one (synonyms read); unknown, with a problem naming ours, when it is none of them."""
    if value is None:
        return "unknown"
    ours = genre_of(value)
    if ours is None:
        accepted = f"{', '.join(GENRES)}, or a synonym listed in docs/front-matter.md"
        found.append(problem("convert.meta-unknown-value", f"{key} {shown(value)} is not one convert knows; recorded as unknown (accepted: {accepted})"))
    return ours or "unknown"


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
        if isinstance(url, str) and url and _parses(url if "//" in url else f"//{url}") and (found := registry.find(url=url)):
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
