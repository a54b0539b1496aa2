"""What the keys of an input's metadata mean: ours, the aliases Hugo, Jekyll, Pandoc and news-please write, and the keys known and ignored."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from toolkit.problems import Problem, problem

# Our field -> the keys read for it, in the order they are tried: our own key first, then the aliases.
# docs/front-matter.md lists them with the tool that writes each; a test keeps the two in step.
FIELDS: dict[str, tuple[str, ...]] = {
    "headline": ("headline", "title"),
    "published": ("published", "publishdate", "pubdate", "date_publish", "date"),
    "byline": ("byline", "author", "authors"),
    "url": ("url", "canonicalurl", "canonical_url", "source_url"),
    "outlet": ("outlet", "publisher", "source"),
    "domain": ("domain", "source_domain"),
    "site_name": ("site_name", "sitename"),
    "language": ("language", "lang"),
    "genre": ("genre",),
    "rights.redistributable": ("rights.redistributable", "redistributable"),
    "rights.license": ("rights.license", "license", "licence"),
    "rights.note": ("rights.note", "rights", "copyright"),
    "outlet_unknown_reason": ("outlet_unknown_reason",),
    "published_unknown_reason": ("published_unknown_reason",),
}
# Keys that carry no article field: read without a warning, and left out.
IGNORED = frozenset(
    {
        # Hugo
        "aliases", "build", "cascade", "categories", "description", "draft", "expirydate", "headless", "images", "iscjklanguage",
        "keywords", "lastmod", "layout", "linktitle", "markup", "menu", "menus", "modified", "outputs", "params", "resources",
        "series", "sitemap", "slug", "summary", "tags", "translationkey", "type", "unpublishdate", "weight",
        # Jekyll
        "category", "excerpt", "excerpt_separator", "permalink",
        # Pandoc
        "abstract", "subject", "subtitle",
        # news-please
        "date_download", "date_modify", "filename", "image_url", "localpath", "maintext", "title_page", "title_rss",
        # seeds/*.meta.json
        "annotations", "attributions", "file",
    }
)  # fmt: skip
RIGHTS_KEYS = ("redistributable", "license", "note")
GENRES = ("reporting", "opinion", "analysis", "satire", "unknown")
# A genre as inputs name it (lower case, runs of '-', '_' and spaces as one space) -> ours; schema.org's article types too.
GENRE_SYNONYMS = {
    "news": "reporting",
    "news article": "reporting",
    "newsarticle": "reporting",
    "news report": "reporting",
    "report": "reporting",
    "reportage": "reporting",
    "reportagenewsarticle": "reporting",
    "breaking news": "reporting",
    "wire": "reporting",
    "feature": "reporting",
    "op ed": "opinion",
    "oped": "opinion",
    "opinion piece": "opinion",
    "opinionnewsarticle": "opinion",
    "column": "opinion",
    "editorial": "opinion",
    "comment": "opinion",
    "commentary": "opinion",
    "letter": "opinion",
    "letter to the editor": "opinion",
    "news analysis": "analysis",
    "analysisnewsarticle": "analysis",
    "explainer": "analysis",
    "backgrounder": "analysis",
    "satirical": "satire",
    "satiricalarticle": "satire",
    "parody": "satire",
}
_SPACES = re.compile(r"[\s_-]+")
_ALIASES = {key: ours for ours, keys in FIELDS.items() for key in keys}
_TOP_LEVEL = sorted({key for key in _ALIASES if "." not in key and key != "source_url"} | {"rights"})


def genre_of(value: str) -> str | None:
    """Our genre for a genre as an input names it, or None when it is not one we know."""
    name = _SPACES.sub(" ", value.strip().lower())
    return name if name in GENRES else GENRE_SYNONYMS.get(name)


def resolve(given: dict[Any, Any], check_keys: bool) -> tuple[dict[str, Any], dict[str, str], list[Problem]]:
    """Our fields from an input's keys (our own key first, then the aliases), the key each was read from, and the problems met.

    check_keys: report keys that are neither ours, nor aliases, nor known and ignored (front matter and sidecars).
    """
    keys, written, found = _flatten(given, check_keys)
    if isinstance(given.get("params"), dict):
        found += _params(given["params"], keys, written)
    fields: dict[str, Any] = {}
    used: dict[str, str] = {}
    for ours, candidates in FIELDS.items():
        present = [key for key in candidates if key in keys]
        if not present:
            continue
        first = present[0]
        fields[ours], used[ours] = keys[first], written[first]
        for other in present[1:]:
            if shown(keys[other]) != shown(keys[first]):
                message = f"{written[other]} {shown(keys[other])} disagrees with {written[first]} {shown(keys[first])}; {written[first]} is used"
                found.append(problem("convert.meta-conflict", message))
    return fields, used, found


def _params(params: dict[Any, Any], keys: dict[str, Any], written: dict[str, str]) -> list[Problem]:
    """Hugo keeps a page's own fields (author...) under params: read there too, the top level winning."""
    inner, spelled, _ = _flatten(params, False)
    found = []
    for key, value in inner.items():
        if key in keys and shown(keys[key]) != shown(value):
            message = f"params.{spelled[key]} {shown(value)} disagrees with {written[key]} {shown(keys[key])}; {written[key]} is used"
            found.append(problem("convert.meta-conflict", message))
        keys.setdefault(key, value)
        written.setdefault(key, f"params.{spelled[key]}")
    return found


def _flatten(given: dict[Any, Any], check_keys: bool) -> tuple[dict[str, Any], dict[str, str], list[Problem]]:
    """Keys in lower case with their values and their spelling, a rights mapping spread into rights.*; empty values and Jekyll's publish flag left out."""
    keys: dict[str, Any] = {}
    written: dict[str, str] = {}
    found: list[Problem] = []
    for raw, value in given.items():
        key = str(raw).lower()
        if value is None or value == "" or (key == "published" and isinstance(value, bool)):
            continue  # `published: false` is Jekyll's publish flag, not a date
        if key == "rights" and isinstance(value, dict):
            found.extend(_spread_rights(value, keys, written))
            continue
        lookup = "source_url" if key == "source" and isinstance(value, str) and value.startswith(("http://", "https://")) else key
        if lookup in _ALIASES:
            keys.setdefault(lookup, value)
            written.setdefault(lookup, str(raw))
        elif check_keys and key not in IGNORED:
            found.append(problem("convert.meta-unknown-key", f"unknown key {str(raw)!r}; ignored{_did_you_mean(key)}. Keys read: {', '.join(_TOP_LEVEL)}"))
    return keys, written, found


def _spread_rights(value: dict[Any, Any], keys: dict[str, Any], written: dict[str, str]) -> list[Problem]:
    """A rights mapping's keys as rights.*; a problem for each key a rights object does not have."""
    found = []
    for raw, inner in value.items():
        if str(raw) not in RIGHTS_KEYS:
            found.append(problem("convert.meta-unknown-key", f"unknown key 'rights.{raw}'; ignored. Keys of rights: {', '.join(RIGHTS_KEYS)}"))
        elif inner is not None and inner != "":
            keys.setdefault(f"rights.{raw}", inner)
            written.setdefault(f"rights.{raw}", f"rights.{raw}")
    return found


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key, [*_TOP_LEVEL, *sorted(IGNORED)], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def shown(value: Any) -> str:
    """A value as a message shows it: a date as ISO 8601, text quoted, long values cut."""
    text = value.isoformat() if isinstance(value, date) else value
    written = repr(text if not isinstance(text, str) else text[:60])
    return written if len(written) <= 80 else written[:77] + "..."
