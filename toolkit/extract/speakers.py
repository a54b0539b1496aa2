"""Speaker mentions next to a cue (who they are is resolved in toolkit.actors.article)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[\w’'.-]+|[^\w\s]")
_PRONOUNS = frozenset("he she they it we i who which you".split())
# Words opening an appositive that narrows a group speaker ('certain NATO members, particularly Hungary').
_NARROWING = frozenset("particularly especially including notably mainly chiefly led".split())
# Quantifiers standing alone as speakers ('Some said', 'Others argued').
_STANDALONE = frozenset("some others many most several few both all".split())
PERSON_PRONOUNS = frozenset("he she him her".split())
# Words between a speaker and its cue that belong to neither ('Rutte has also repeatedly said').
_BETWEEN = frozenset(
    "has have had is was were are be been also later then now recently previously once already subsequently again still never often "
    "will would could may might must should did does do not n't just even further earlier first only once had".split()
)
# Words that end a noun phrase going backwards: clause openers, prepositions heading what precedes, and verbs.
_STOP = frozenset(
    "that and but while because when which where if as after before though although since so than or whether what how why "
    "in on at during for with from by to over under about into against among between without through is was are were has have had "
    "be been said says told there here this these those it".split()
)
_DETERMINERS = frozenset("the a an his her its their our my this that these those one another some many several".split())
# A time or setting phrase between a speaker and its cue ('Gore has in the past said', 'The panel last week said').
_SETTING_BEFORE = re.compile(
    r"(?:,\s*)?(?:\b(?:(?:on|last|this|next|earlier|late|early)\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year|night|morning|"
    r"afternoon|evening|today|yesterday|tonight)|\bin the past|\b(?:\w+ )?(?:days|weeks|months|years) ago|\bmeanwhile)\s*,?\s*$"
)
# Words that end the subject at a sentence start going forwards: a verb or a clause opener.
_SUBJECT_END = frozenset(
    "has have had is was were are will would could can may might must should did does do who which that and but or said says "
    "told on in at during after before while when as also".split()
)
_COUNTS = frozenset("one two three four five six seven eight nine 1 2 3 4 5 6 7 8 9".split())
_TENS = frozenset("10 ten".split())
_PREPOSITIONS = frozenset("in on at by during from via through after before while with to over under for".split())
_NAME_JOINS = frozenset("of the de van von for and ’s 's - .".split())
_AFTER_STOP = frozenset("that and but while because when which where if as after before though although since so than or in on at during for with".split())


@dataclass(frozen=True)
class Mention:
    """A speaker mention: [start, end) in its field's text."""

    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _skip_appositive(tokens: list[tuple[str, int, int]], i: int) -> int:
    """Given tokens[i] is a comma, the index before an appositive or relative clause it closes, else -1.

    A quoted title inside it is passed over ('Hemsley, the co-author of "Going Viral," said'), and so are the
    commas of a place within it ('Lind, during a visit to Arlon, Vestria, said').
    """
    marks = 0
    for j in range(i - 1, max(-1, i - 25), -1):
        word = tokens[j][0]
        if word == "," and marks % 2 == 0:
            if not (j + 1 < i and j >= 1 and tokens[j - 1][0][:1].isalnum()):
                return -1
            if tokens[j + 1][0][:1].isupper() and tokens[j - 1][0][:1].isupper() and j >= 2 and tokens[j - 2][0] in _PREPOSITIONS:
                continue
            return j - 1
        if word in {'"', "“", "”"}:
            marks += 1
        elif word in {".", ";", ":", "(", ")"}:
            return -1
    return -1


_DASHES = frozenset({"—", "–", "--"})


def _skip_dashes(tokens: list[tuple[str, int, int]], i: int) -> int:
    """Given tokens[i] closes an aside set off by dashes ('—' or '--'), the index before its opening dash, else -1."""
    for j in range(i - 1, max(-1, i - 30), -1):
        if tokens[j][0] in _DASHES:
            return j - 1 if j >= 1 and tokens[j - 1][0][:1].isalnum() else -1
        if tokens[j][0] in {".", ";", ":", "(", ")"}:
            return -1
    return -1


def _inside_aside(text: str, start: int, setting: re.Match[str]) -> bool:
    """Whether a setting phrase closes an aside ('Lind, in an interview on Monday, said'): a comma after it, a noun before it."""
    head = _tokens(text, max(start, setting.start() - 30), setting.start())
    return setting.group().rstrip().endswith(",") and bool(head) and head[-1][0].islower() and head[-1][0] not in _BETWEEN


def before(text: str, start: int, cue: int) -> Mention | None:
    """The speaker mention ending just before a cue at `cue`, searching no further back than `start`."""
    if (setting := _SETTING_BEFORE.search(text, max(start, cue - 40), cue)) and not _inside_aside(text, start, setting):
        cue = setting.start()
    tokens = _tokens(text, start, cue)
    i = len(tokens) - 1
    while i >= 0 and (tokens[i][0].lower() in _BETWEEN or (tokens[i][0].endswith("ly") and tokens[i][0].islower())):
        i -= 1
    if i >= 2 and tokens[i][0] == "to" and tokens[i - 1][0].islower():
        i -= 2  # 'Lind decided to endorse': the subject of the verb before 'to'
        while i >= 0 and (tokens[i][0].lower() in _BETWEEN or (tokens[i][0].endswith("ly") and tokens[i][0].islower())):
            i -= 1
    if i >= 1 and tokens[i][0] in _DASHES:
        i = _skip_dashes(tokens, i)
        if i < 0:
            return None
    if i >= 1 and tokens[i][0] == "," and tokens[i - 1][0] == ")":
        i -= 1
    elif i >= 0 and tokens[i][0] == ",":
        comma = i
        i = _skip_appositive(tokens, i)
        if i >= 0 and tokens[i + 2][0].lower() in _NARROWING:
            head = _phrase_back(tokens, i)
            return Mention(head.start, tokens[comma - 1][2]) if head is not None else None
    if i >= 1 and tokens[i][0] == ")":
        opening = next((j for j in range(i - 1, max(-1, i - 8), -1) if tokens[j][0] == "("), -1)
        if opening > 0 and tokens[opening - 1][0][:1].isupper():
            found = _phrase_back(tokens, opening - 1)
            return Mention(found.start, tokens[i][2]) if found is not None else None
    if i < 0:
        return None
    if tokens[i][0].lower() in _PRONOUNS or tokens[i][0].lower() in _STANDALONE and (i == 0 or not tokens[i - 1][0][:1].isalnum()):
        return Mention(tokens[i][1], tokens[i][2])
    return _phrase_back(tokens, i)


def _phrase_back(tokens: list[tuple[str, int, int]], last: int) -> Mention | None:
    """The noun phrase ending at tokens[last], at most eight words, or None when there is none."""
    first = last
    while first - 1 >= 0 and last - first < 8:
        word = tokens[first - 1][0]
        if not (word[0].isalnum() or word in {"’s", "'s", "-"}) or word.lower() in _STOP:
            break
        if word == "and" and not (tokens[first][0][:1].isupper() and first >= 2 and tokens[first - 2][0][:1].isupper()):
            break
        first -= 1
    if first >= 2 and tokens[first - 1][0] == "in" and tokens[first][0].lower() in _TENS and tokens[first - 2][0].lower() in _COUNTS:
        first -= 2  # 'six in 10 voters said'
    words = [t[0] for t in tokens[first : last + 1]]
    if not any(w[:1].isupper() or w.lower() in _DETERMINERS or w.replace("-", "").isalpha() for w in words):
        return None
    if tokens[last][0].lower() in _DETERMINERS or not tokens[last][0][:1].isalnum():
        return None
    return Mention(tokens[first][1], tokens[last][2])


def after(text: str, start: int, end: int) -> Mention | None:
    """The speaker mention that begins at `start` (after an inverted cue: 'said Bob Mason, a retired carrier')."""
    tokens = _tokens(text, start, end)
    if not tokens:
        return None
    if tokens[0][0].lower() in _PRONOUNS:
        return Mention(tokens[0][1], tokens[0][2])
    if tokens[0][0] in _PREPOSITIONS:
        return None
    last = -1
    for i, (word, _, _) in enumerate(tokens[:10]):
        if not (word[0].isalnum() or word in {"’s", "'s", "-"}) or (i and word.lower() in _AFTER_STOP):
            break
        last = i
    if last < 0 or not any(t[0][:1].isupper() or t[0].lower() in _DETERMINERS for t in tokens[: last + 1]):
        return None
    stop = tokens[last][2] - (1 if tokens[last][0].endswith(".") and len(tokens[last][0]) > 3 else 0)
    return Mention(tokens[0][1], stop)


def subject(text: str, start: int, end: int) -> Mention | None:
    """The subject opening a clause at `start`: a pronoun, a name ('The State Department') or a short noun phrase up to its verb."""
    tokens = _tokens(text, start, end)
    if not tokens:
        return None
    first = tokens[0][0]
    if first.lower() in _PRONOUNS - {"who", "which", "it"}:
        return Mention(tokens[0][1], tokens[0][2])
    if not (first[:1].isupper() or first.lower() in _DETERMINERS):
        return None
    last = 0
    for i, (word, _, _) in enumerate(tokens[1:9], 1):
        if not word[:1].isalnum() and word not in _NAME_JOINS or word.lower() in _SUBJECT_END:
            break
        if word.islower() and (word.endswith("ed") or word.endswith("ly")) or word in _NAME_JOINS and i == 8:
            break
        last = i
    while last > 0 and tokens[last][0] in _NAME_JOINS:
        last -= 1
    if tokens[last][0].lower() in _DETERMINERS:
        return None
    return Mention(tokens[0][1], tokens[last][2])
