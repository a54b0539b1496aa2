"""What an event record says about its articles: a neutral title, a time window, participants, and wire copies.

- Title: the names its articles mention most (people, places, organizations), never a headline, since a
  headline carries its outlet's framing. A name is a run of capitalized words in the body, initials and short
  titles with their periods inside it ("George W. Bush", "St. Louis"), two runs joined by "and" when the second
  ends with an institution's word ("Food and Drug Administration"). A sentence's first word counts only when it is
  capitalized elsewhere too (after "U.S." no sentence is taken to start); titles ("President", "Sen.", "House
  Speaker", "Secretary of State") before a person's name, days, and months but in a name ("Theresa May") are left
  out. Left out whole: a lone capitalized function word ("But", "NOT"), a run all in capitals ("MEMBER ARTICLE"),
  a picture's credit ("AP Photo", "Getty Images"), a web page's furniture ("Advertisement"), a wire agency of a
  byline, a lawmaker's party and state ("R-Ky"), and a single word the articles write in lower case more often
  than as a name ("Early"). A name is folded onto an actor of the registry when it ends with the actor's name or an
  alias ("Prime Minister Mark Rutte", "Rutte" -> Mark Rutte), onto the same name without middle initials when the
  event has it ("John A. Boehner" -> John Boehner), onto one spelling of an abbreviation ("U.S.", "US" -> United
  States; "Labor Department" -> Department of Labor), else onto the event's own longer name it ends with
  ("Human Services Secretary Xavier Becerra" -> Xavier Becerra; a single word only into the one two-word name that
  ends with it and reads as a person's: "West" -> Kanye West). Names rank by the number of articles that mention
  them, then by mentions; the top three, joined by commas.
- Window: the first and last publication day of its articles, when any is known: from `published`, else from a
  date in the article's URL ("/2021/06/04/"), as event grouping reads it.
- Participants: actors of the registry speaking in its claims, most claims first; then those its articles name (a
  name or alias that stands for one actor only, in the headline or the start of the body), by the number of articles
  naming them.
- Syndication: of two articles whose bodies share most of their word 5-grams (toolkit.align.copies: containment of
  the shorter in the longer at least its `CONTAINMENT`, the threshold event grouping sets its copies aside by), the
  later one (else the later id) is a copy of the earlier one: a wire copy when another outlet ran it, a second version
  when the same outlet did (Event Registry's isDuplicate, measured on text).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from toolkit.align.copies import copies as copies  # an event lists its copies (toolkit.align.run)
from toolkit.align.features import day

_CAPITALIZED = r"[A-Z](?:[\w'’-]|\.(?=[A-Za-z]))*"
_DOTTED = (  # an initial and the short titles whose period stays inside a name, by width: a look-behind takes one width only
    ("[A-Z]",),
    ("St", "Mt", "Ft", "Dr", "Mr", "Ms", "Lt"),
    ("Mrs", "Sen", "Rep", "Gov", "Gen", "Col", "Sgt", "Rev"),
    ("Capt", "Prof"),
)
_DOT = "(?:" + "|".join(rf"(?<=(?<![\w.’'])(?:{'|'.join(group)}))" for group in _DOTTED) + r")\."
_NAME = re.compile(  # 'George W. Bush', 'St. Louis', 'Dr. Ada Brisk' are one run
    rf"(?<![\w'’]){_CAPITALIZED}(?:(?:{_DOT})?[^\S\n]+(?:(?:of|the|de|van|von|al|bin|for)[^\S\n]+)?{_CAPITALIZED})*"
)
_JOINERS = frozenset("of the de van von al bin for".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_INNER_POSSESSIVE = re.compile(r"(?<=['’]s)[^\S\n]+|(?<=s['’])[^\S\n]+")
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december".split()
    + "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n|[“\"”]\s*)$")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+[A-Z]")  # U.S, its final period left out by _NAME
_QUALIFIERS = frozenset("north south east west new northern southern eastern western central upper lower greater".split())  # of places
_TITLES = frozenset(
    """Mr Mrs Ms Miss Dr Sen Senator Rep Representative Gov Governor President Secretary Mayor Judge Chairman Chairwoman
    Chancellor Commissioner Ambassador Sheriff Lt Col Sgt Capt Rev Prof Prime Minister""".split()
)  # titles before a name, left out of it (not 'Justice' or 'General': the Justice Department, General Motors)
_FUNCTION = frozenset("while when after before as if but and or so yet then once since though although because".split())  # opening a run, not a name
_NOT_NAMES = frozenset(
    """The A An I I'm I’m I've I’ve I'd I’d I'll I’ll He She It We They You His Her Its Our Their My Your This That These
    Those What When Where Why How Who Which There Here""".split()
)  # alone, an article or a pronoun names no one
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Prof|St|Jr|Sr)\.\s+$")  # 'Sen. Bernie Sanders' starts no sentence
_ABBREVIATION_BEFORE = re.compile(r"(?:\b[A-Z]\.){2,}\s+$")  # 'U.S. Energy Information Administration' starts no sentence
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][A-Za-z]*")  # 'R-Ky': a lawmaker's party and state, not a name
_DAY_AFTER = re.compile(r"\.?[^\S\n]+\d")  # 'May 5': the month of a date
_MONTHS = frozenset("january february march april may june july august september october november december".split())  # in full
_INSTITUTIONS = frozenset(
    "Administration Department Commission Committee Agency Bureau Service Services Prevention Development Affairs Security Technology Foundation".split()
)
_LONE_WORDS = _FUNCTION | frozenset(
    """in on at to for from with by not no yes all some any every more most many much just only also even now today tonight
    yesterday tomorrow somebody someone nobody everyone everybody anyone anything something nothing well oh okay look listen
    please thanks""".split()
)  # alone, a capitalized word of these is a sentence's first in a quote or a heading ('But', 'NOT'), not a name
_FURNITURE = frozenset(
    ["Advertisement", "ADVERTISEMENT", "Replay More Videos", "More Videos", "Read More", "Click Here", "Sign Up", "Subscribe"]
    + ["OPINION", "EXCLUSIVE", "BREAKING", "UPDATE", "WATCH", "LIVE"]
    + ["AP", "AFP", "Reuters", "Associated Press", "Agence France-Presse", "UPI"]
    + ["Getty", "Shutterstock", "Dreamstime", "Pixabay", "iStock", "Alamy"]
)  # a web page's furniture, the wire agencies of its bylines, the picture libraries of its credits: not what it is about
_ADJECTIVES = frozenset(
    """American British English Scottish Irish Welsh French German Italian Spanish Portuguese Dutch Belgian Swiss Austrian
    Swedish Norwegian Danish Finnish Polish Czech Hungarian Romanian Greek Turkish Russian Ukrainian Belarusian Georgian
    Armenian Israeli Palestinian Lebanese Syrian Iraqi Iranian Saudi Yemeni Qatari Emirati Egyptian Libyan Afghan Pakistani
    Indian Chinese Taiwanese Japanese Korean Vietnamese Thai Indonesian Filipino Australian Canadian Mexican Cuban
    Venezuelan Colombian Brazilian Argentine Chilean Peruvian Nigerian Kenyan Ethiopian Sudanese African Asian European
    Arab Western Eastern Republican Democratic Democrat Conservative Liberal Progressive Libertarian Socialist Communist
    Muslim Islamic Christian Jewish Catholic Protestant Evangelical Hispanic Latino""".split()
)  # alone, an adjective of a nation, a region, a party or a faith ('American troops', 'Republican senators') names no one
_MODIFIER = re.compile(r"[A-Z][\w'’]*-[a-z]+")  # 'Senate-passed', 'Texas-based' modify a noun: no name, nor part of one
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,6}|[A-Z]{2,6}")  # 'CDC', 'F.B.I.': an abbreviation, perhaps of a name the event spells out
_LINE_BROKEN = re.compile(r"(?<=[A-Za-z])-[^\S\n]*\n?[^\S\n]*(?=[A-Z])")  # 'Anti-⏎Brexit', 'Anti- Brexit': one word
_CREDITS = frozenset("Photo Photos Images".split())  # 'AP Photo', 'Getty Images': a picture's credit, not what the event is about
_INNER_TITLES = _TITLES | frozenset(
    """Speaker Leader Minister Secretary Director Chair Chief Executive Commissioner Administrator Spokesman Spokeswoman
    Spokesperson Adviser Advisor General""".split()
)  # a title inside a run: the name after it is the person ('House Speaker Nancy Pelosi')
_SAME = {
    **dict.fromkeys(["u.s.", "us", "usa", "u.s.a.", "united states of america"], "united states"),
    **dict.fromkeys(["u.k.", "uk", "britain", "great britain"], "united kingdom"),
    **dict.fromkeys(["u.n.", "un"], "united nations"),
    **dict.fromkeys(["e.u.", "eu"], "european union"),
    **dict.fromkeys(["covid", "covid19"], "covid-19"),
}  # forms of one name that no rule of spelling finds: an abbreviation and its words
_MIDDLE_INITIALS = re.compile(r"(?<=\S) (?:[A-Za-z]\. )+(?=\S)")
_DEPARTMENT = re.compile(r"(.+) department")  # 'Labor Department' is the Department of Labor
TITLE_NAMES = 3
BODY_CHARS = 3000  # names are taken from the start of the body: the lede names what the article is about


def _runs(text: str) -> list[tuple[str, bool, bool]]:
    """The capitalized runs of a text, each with whether it opens a sentence and whether a day's number follows it."""
    found = []
    for start, end in _spans(text):
        before = text[max(0, start - 12) : start]
        run = text[start:end]
        opening = run.split()[0]
        after_abbreviation = bool(_ABBREVIATION_BEFORE.search(before)) and opening not in _NOT_NAMES and opening.lower() not in _FUNCTION
        initial = (bool(_SENTENCE_START.search(before[-3:])) and not _TITLE_BEFORE.search(before) and not after_abbreviation) or start == 0
        parts = _INNER_POSSESSIVE.split(run)  # "Putin's Russia" is two names
        for n, part in enumerate(parts):
            value = _POSSESSIVE.sub("", part)
            if value and _ABBREVIATION.fullmatch(value.split()[-1]) and n == len(parts) - 1 and text[end : end + 1] == ".":
                value += "."
            dated = n == len(parts) - 1 and bool(_DAY_AFTER.match(text, end))
            found.append((value, initial, dated))
            initial = False
    return found


def _spans(text: str) -> list[tuple[int, int]]:
    """Where the capitalized runs of a text are; two runs joined by 'and' are one when the second ends with the word of
    an institution ('Food and Drug Administration', 'Centers for Disease Control and Prevention')."""
    spans: list[tuple[int, int]] = []
    for match in _NAME.finditer(text):
        last = spans[-1][1] if spans else -9
        if match.start() == last + 5 and text.startswith(" and ", last) and match.group(0).rpartition(" ")[2] in _INSTITUTIONS:
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append((match.start(), match.end()))
    return spans


def _after_title(words: list[str]) -> list[str]:
    """The person's name after the last title inside a run ('House Speaker Nancy Pelosi' -> Nancy Pelosi, 'Secretary of
    State Antony Blinken' -> Antony Blinken, 'Director Dr. Ada Brisk' -> Ada Brisk), when two capitalized words or more
    follow it; else the run as it is."""
    for n in range(len(words) - 1, -1, -1):
        if words[n].rstrip(".") in _INNER_TITLES:
            rest = words[n + 3 :] if words[n + 1 : n + 2] == ["of"] else words[n + 1 :]  # 'Secretary of State' is one title
            if len(rest) >= 2 and not any(word in _JOINERS or word in _INNER_TITLES for word in rest):
                return rest
            return words
    return words


def names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Runs of capitalized words in a text; a sentence's first word kept only when the text capitalizes it elsewhere too or it is `known`."""
    found = _runs(_LINE_BROKEN.sub("-", text))
    mid_sentence = set(known) | {word for value, initial, _dated in found if not initial for word in value.split()}
    out = []
    for value, initial, dated in found:
        words = value.split()
        if initial and words and (words[0] not in mid_sentence or words[0] in _NOT_NAMES):
            words = words[1:]
            while words and words[0] in _JOINERS:
                words = words[1:]
        words = _after_title(words)
        while words and (
            (words[0].rstrip(".") in _TITLES and words[1:2] != ["of"])
            or words[0].lower() in _CALENDAR
            or (initial and words[0].lower() in _FUNCTION)
            or _MODIFIER.fullmatch(words[0])
        ):
            words = words[1:]  # 'President Joe Biden' is Joe Biden; 'Friday Democrats' (a run across 'On Friday Democrats said') is Democrats
        while words and words[-1].lower() in _CALENDAR and (dated or words[-1].lower() not in _MONTHS or len(words) == 1):
            words = words[:-1]  # 'Oct. 5' and 'Friday' go, 'Theresa May' stays
            dated = False
        if len(words) == 1:
            words = [w for w in words if w not in _TITLES and w not in _NOT_NAMES and w not in _ADJECTIVES and w.lower() not in _LONE_WORDS]
        if _CREDITS.intersection(words) or " ".join(words) in _FURNITURE or (len(value.split()) > 1 and value.isupper()) or _PARTY_STATE.fullmatch(value):
            continue  # a picture's credit ('Getty Images Plus'); a heading in capitals ('MEMBER ARTICLE')
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


def _in_lower_case(word: str, texts: list[str]) -> int:
    """How often the texts write a word in lower case, as a word of its own."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w'’-])")
    return sum(len(pattern.findall(text)) for text in texts)


def _without_initials(name: str) -> str:
    """A name without its middle initials ('John A. Boehner' -> 'John Boehner')."""
    return _MIDDLE_INITIALS.sub(" ", name)


def _key(name: str) -> str:
    """A name's key: lower case, its abbreviation spelled out ('U.S.' -> united states), 'X Department' as 'department of x'."""
    key = name.lower()
    department = _DEPARTMENT.fullmatch(key)
    return _SAME.get(key) or (f"department of {department.group(1)}" if department and " of " not in key else key)


def _folded(keys: set[str]) -> dict[str, str]:
    """Each name key -> the event's shortest name of two words or more that it ends with ("human services secretary
    xavier becerra" -> "xavier becerra"); a single word -> the one name of two words, the first never a name alone, that
    it ends ("west" -> "kanye west"; not "republicans" -> "senate republicans", "senate" being a name); else itself."""
    found = {}
    for key in keys:
        words = key.split()
        found[key] = next((" ".join(words[s:]) for s in range(len(words) - 2, 0, -1) if " ".join(words[s:]) in keys), key)
    people: dict[str, set[str]] = defaultdict(set)  # a last word -> the names of two words it ends
    for key in keys:
        words = key.split()
        if len(words) == 2 and words[0] not in keys and not {words[0]} & (_JOINERS | _QUALIFIERS | _FUNCTION):
            people[words[1]].add(key)
    return {key: next(iter(people[key])) if len(key.split()) == 1 and len(people[key]) == 1 else target for key, target in found.items()}


def _initials(name: str) -> str:
    """The first letters of a name's words but its joiners ('Centers for Disease Control and Prevention' -> cdcp)."""
    return "".join(word[0] for word in name.lower().split() if word not in _JOINERS and word != "and")


def _spelled_out(keyed: list[tuple[str, str]], actors: dict[str, dict[str, Any]], present: set[str], fold: dict[str, str]) -> dict[str, str]:
    """Each abbreviation of an event ('CDC', 'F.B.I.') -> the one name of the event it abbreviates, as `fold` keys it: a
    name of two words or more (or a present actor's name) whose initials are its letters, or begin with them when it has
    three letters or more (CDC, the Centers for Disease Control and Prevention). An abbreviation two names fit stays."""
    short = {key for name, key in keyed if key not in actors and _ACRONYM.fullmatch(name)}
    spelled = {key: _initials(key) for _name, key in keyed if key not in actors and len(key.split()) >= 2}
    spelled |= {key: _initials(str(actors[key].get("name") or "")) for key in present}
    found = {}
    for key in sorted(short):
        letters = key.replace(".", "")
        fits = {fold.get(long, long) for long, initials in spelled.items() if initials == letters or (len(letters) >= 3 and initials.startswith(letters))}
        if len(fits - {key}) == 1 and key not in fits:
            found[key] = fits.pop()
    return found


def name_words(known: dict[str, str]) -> frozenset[str]:
    """The words of the known names, as written and capitalized, that a capitalized run of words may start with."""
    return frozenset(word for form in known for word in form.title().split()) | frozenset(w for form in known for w in form.split())


def title(articles: list[dict[str, Any]], actors: dict[str, dict[str, Any]], known: dict[str, str], words: frozenset[str] | None = None) -> str:
    """A neutral title: the names the articles mention most (`words`: name_words(known), given when made once for many events)."""
    in_articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    words = name_words(known) if words is None else words
    texts = [str(a.get("text") or "")[:BODY_CHARS] or str(a.get("headline") or "") for a in articles]
    found = [names(text, words) for text in texts]
    keyed = [[(name, _resolve(name, known) or (". " in name and _resolve(_without_initials(name), known)) or _key(name)) for name in named] for named in found]
    own_keys = {key for named in keyed for _n, key in named if key not in actors}
    initials = {key: _without_initials(key) for key in own_keys if _without_initials(key) in own_keys - {key}}  # John A. Boehner is John Boehner
    keyed = [[(name, initials.get(key, key)) for name, key in named] for named in keyed]
    present = {key for named in keyed for _name, key in named if key in actors}
    forms = {str(actors[key]["name"]).lower(): key for key in present if actors[key].get("name")}  # "Biden" folds onto the actor Joe Biden too
    fold = {key: forms.get(target, target) for key, target in _folded({key for named in keyed for _n, key in named if key not in actors} | set(forms)).items()}
    fold |= _spelled_out([pair for named in keyed for pair in named], actors, present, fold)
    for named in keyed:
        seen = set()
        for name, resolved in named:
            key = fold.get(resolved, resolved)
            surfaces[key][name] += 1
            mentions[key] += 1
            first_seen.setdefault(key, len(first_seen))
            seen.add(key)
        in_articles.update(seen)
    ranked: list[str] = []
    for key in sorted(mentions, key=lambda k: (-in_articles[k], -mentions[k], first_seen[k])):
        if len(ranked) == TITLE_NAMES:
            break
        if key in actors or " " in key or _in_lower_case(key, texts) <= mentions[key]:  # not a common word ('Early', 'MORE')
            ranked.append(key)
    shown = [_shown(key, surfaces[key], actors, articles) for key in ranked]
    return ", ".join(shown) if shown else _fallback(articles)


def _shown(key: str, surfaces: Counter[str], actors: dict[str, dict[str, Any]], articles: list[dict[str, Any]]) -> str:
    """The actor's name when some article writes it out, else the form written most (the longest on ties) of those
    that are the name itself, not a shorter or longer form folded onto it."""
    name = actors.get(key, {}).get("name")
    if isinstance(name, str) and any(name in str(a.get("text") or "") for a in articles):
        return name
    own = {form: n for form, n in surfaces.items() if form.lower() == key} or surfaces
    return sorted(own.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


def _fallback(articles: list[dict[str, Any]]) -> str:
    """Without names: the article ids it groups (ids are neutral)."""
    ids = sorted(str(a["id"]) for a in articles)
    return f"{len(ids)} article{'s' if len(ids) > 1 else ''} from {ids[0]}"


def window(articles: list[dict[str, Any]]) -> dict[str, str] | None:
    """First and last publication day (YYYY-MM-DD) of the articles, each from its `published`, else from a date in its
    URL's path (as event grouping reads it); None when no article gives one."""
    days = sorted(found for a in articles if (found := day(a.get("published"), a.get("url"))) >= 0)
    return {"start": date.fromordinal(days[0]).isoformat(), "end": date.fromordinal(days[-1]).isoformat()} if days else None


def participants(claims: list[dict[str, Any]], known_actors: Collection[str], named: Counter[str] | None = None) -> list[str]:
    """Actors of the registry taking part: those speaking in the claims, most claims first (then by id); then those the
    articles name without quoting them, by the number of articles naming them (`named`), then by id."""
    counts = Counter(str(c["speaker"]["actor_id"]) for c in claims if (c.get("speaker") or {}).get("actor_id") in known_actors)
    speakers = [actor for actor, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    mentioned = named or Counter()
    others = sorted((actor for actor in mentioned if actor in known_actors and actor not in counts), key=lambda a: (-mentioned[a], a))
    return speakers + others
