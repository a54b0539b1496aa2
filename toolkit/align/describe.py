"""What an event record says about its articles: a neutral title, a time window, participants, and wire copies.

- Title: the names its articles mention most (people, places, organizations), never a headline, since a
  headline carries its outlet's framing. A name is a run of capitalized words in the body (a sentence's first
  word only when it is capitalized elsewhere too), folded onto an actor of the registry when it ends with the
  actor's name or an alias ("Prime Minister Mark Rutte", "Rutte" -> Mark Rutte). Names rank by the number of
  articles that mention them, then by mentions; the top three, joined by commas.
- Window: the first and last publication date of its articles, when any is known.
- Participants: actors speaking in its claims, most claims first.
- Syndication: of two articles of different outlets whose bodies share most of their word 5-grams (containment
  of the shorter in the longer at least `copy_containment`), the later one (else the later id) is a copy of
  the earlier one (Event Registry's isDuplicate, measured on text).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

_CAPITALIZED = r"[A-Z](?:[\w'’-]|\.(?=[A-Za-z]))*"
_NAME = re.compile(rf"{_CAPITALIZED}(?:[^\S\n]+(?:(?:of|the|de|van|von|al|bin|for)[^\S\n]+)?{_CAPITALIZED})*")
_JOINERS = frozenset("of the de van von al bin for".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n|[“\"”]\s*)$")
_WORD = re.compile(r"\w+")
TITLE_NAMES = 3
BODY_CHARS = 3000  # names are taken from the start of the body: the lede names what the article is about
COPY_CONTAINMENT = 0.8
SHINGLE = 5


def names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Runs of capitalized words in a text; a sentence's first word kept only when the text capitalizes it elsewhere too or it is `known`."""
    mid_sentence = set(known)
    found: list[tuple[str, bool]] = []
    for match in _NAME.finditer(text):
        value = _POSSESSIVE.sub("", match.group(0))
        initial = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()])) or match.start() == 0
        if not initial:
            mid_sentence.update(value.split())
        found.append((value, initial))
    out = []
    for value, initial in found:
        words = value.split()
        if initial and words and words[0] not in mid_sentence:
            words = words[1:]
            while words and words[0] in _JOINERS:
                words = words[1:]
        words = [w for w in words if w.lower() not in _CALENDAR] if len(words) == 1 else words
        if words and (len(words) > 1 or len(words[0]) > 1):
            out.append(" ".join(words))
    return out


def actor_names(actors: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each actor's name and aliases (lower case) -> actor id; a form two actors share is left out."""
    forms: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for form in [actor.get("name"), *actor.get("aliases", [])]:
            if isinstance(form, str) and form.strip():
                forms[_strip_article(form).lower()].add(str(actor["id"]))
    return {form: next(iter(ids)) for form, ids in forms.items() if len(ids) == 1}


def _strip_article(form: str) -> str:
    return form[4:] if form.lower().startswith("the ") else form


def _resolve(name: str, known: dict[str, str]) -> str | None:
    """The actor a name ends with (its whole text, or its last words), if any."""
    words = name.split()
    for start in range(len(words)):
        found = known.get(" ".join(words[start:]).lower())
        if found:
            return found
    return None


def title(articles: list[dict[str, Any]], actors: dict[str, dict[str, Any]], known: dict[str, str]) -> str:
    """A neutral title: the names the articles mention most."""
    in_articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    words = frozenset(word for form in known for word in form.title().split()) | frozenset(w for form in known for w in form.split())
    for article in articles:
        text = str(article.get("text") or "")[:BODY_CHARS] or str(article.get("headline") or "")
        seen = set()
        for name in names(text, words):
            key = _resolve(name, known) or name.lower()
            surfaces[key][name] += 1
            mentions[key] += 1
            first_seen.setdefault(key, len(first_seen))
            seen.add(key)
        in_articles.update(seen)
    ranked = sorted(mentions, key=lambda k: (-in_articles[k], -mentions[k], first_seen[k]))[:TITLE_NAMES]
    shown = [_shown(key, surfaces[key], actors, articles) for key in ranked]
    return ", ".join(shown) if shown else _fallback(articles)


def _shown(key: str, surfaces: Counter[str], actors: dict[str, dict[str, Any]], articles: list[dict[str, Any]]) -> str:
    """The actor's name when some article writes it out, else the form written most (the longest on ties)."""
    name = actors.get(key, {}).get("name")
    if isinstance(name, str) and any(name in str(a.get("text") or "") for a in articles):
        return name
    return sorted(surfaces.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


def _fallback(articles: list[dict[str, Any]]) -> str:
    """Without names: the article ids it groups (ids are neutral)."""
    ids = sorted(str(a["id"]) for a in articles)
    return f"{len(ids)} article{'s' if len(ids) > 1 else ''} from {ids[0]}"


def window(articles: list[dict[str, Any]]) -> dict[str, str] | None:
    """First and last publication date (YYYY-MM-DD) of the articles, or None when no date is known."""
    days = sorted(str(a["published"])[:10] for a in articles if isinstance(a.get("published"), str) and len(a["published"]) >= 10)
    return {"start": days[0], "end": days[-1]} if days else None


def participants(claims: list[dict[str, Any]], known_actors: set[str]) -> list[str]:
    """Actor ids speaking in the claims, most claims first (then by id); only actors of the registry."""
    counts = Counter(str(c["speaker"]["actor_id"]) for c in claims if (c.get("speaker") or {}).get("actor_id") in known_actors)
    return [actor for actor, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def copies(articles: list[dict[str, Any]], containment: float = COPY_CONTAINMENT) -> dict[str, str]:
    """Article id -> the article it is a copy of, among articles of different outlets with near-identical bodies."""
    outlets = [a.get("outlet_id") for a in articles]
    if len(articles) < 2 or (None not in outlets and len(set(outlets)) < 2):
        return {}  # no two articles of different outlets
    order = sorted(articles, key=lambda a: (str(a.get("published") or "9999"), str(a["id"])))
    shingles = [_shingles(str(a.get("text") or "")) for a in order]
    found: dict[str, str] = {}
    for later in range(len(order)):
        for earlier in range(later):
            if order[later].get("outlet_id") is not None and order[later].get("outlet_id") == order[earlier].get("outlet_id"):
                continue
            a, b = shingles[earlier], shingles[later]
            if a and b and len(a & b) / min(len(a), len(b)) >= containment and str(order[earlier]["id"]) not in found:
                found[str(order[later]["id"])] = str(order[earlier]["id"])
                break
    return found
