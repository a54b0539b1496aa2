"""Speaker mentions next to a cue, and their resolution to actors of a registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Registry:
    """Actors by the names they go by: full names, aliases and, for people, surnames.

    A surname alone stands for its actor unless the text names another person of that surname more often than the
    actor: in an article about Hillary Clinton, 'Clinton' is not Bill Clinton, the registry's only Clinton.
    """

    names: dict[str, str] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    pattern: re.Pattern[str] | None = None
    surnames: dict[str, str] = field(default_factory=dict)  # a surname that is no full name or alias -> its person
    given: dict[str, frozenset[str]] = field(default_factory=dict)  # a person -> the words before the surname in their names
    namesakes: re.Pattern[str] | None = None  # a capitalized word, then one of the surnames
    _last: tuple[str, frozenset[str]] | None = field(default=None, repr=False, compare=False)  # the last text's `others`

    @classmethod
    def of(cls, actors: dict[str, Any] | None) -> Registry:
        """The registry of an actor mapping (id -> actor record) or None."""
        registry = cls()
        surnames: dict[str, str] = {}
        for actor_id, actor in (actors or {}).items():
            names = [actor.get("name", ""), *actor.get("aliases", [])]
            if actor.get("actor_type") == "person" and actor.get("name"):
                registry.people.add(actor_id)
                surname = str(actor["name"]).split()[-1]
                surnames.setdefault(surname, actor_id)
                registry.given[actor_id] = frozenset(w for n in names if n.split()[-1:] == [surname] for w in n.split()[:-1])
                names.append(surname)
            for name in filter(None, names):
                registry.names.setdefault(name, actor_id)
        full = _full_names(actors)
        registry.surnames = {s: a for s, a in surnames.items() if registry.names.get(s) == a and s not in full}
        if registry.names:
            registry.pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(registry.names, key=len, reverse=True)) + r")\b")
        if registry.surnames:
            alternatives = "|".join(re.escape(n) for n in sorted(registry.surnames, key=len, reverse=True))
            registry.namesakes = re.compile(r"\b([A-Z][\w’'.-]*)\s+(" + alternatives + r")\b")
        return registry

    def others(self, text: str) -> frozenset[str]:
        """The surnames that, in this text, name another person more often than their actor ('Hillary Clinton' against 'Bill Clinton')."""
        if self.namesakes is None:
            return frozenset()
        if self._last is not None and self._last[0] is text:  # the claims of one text are resolved one after another
            return self._last[1]
        own: dict[str, int] = {}
        other: dict[str, int] = {}
        lower: set[str] | None = None
        for match in self.namesakes.finditer(text):
            before, surname = match.group(1), match.group(2)
            if before in self.given.get(self.surnames[surname], frozenset()) or before.rstrip(".") in _TITLES:
                own[surname] = own.get(surname, 0) + 1
                continue
            if before.endswith(".") or before.isupper() or before.lower() in _NOT_GIVEN:
                continue  # a sentence's end, an initial, a heading ('WATCH'), a function word
            lower = lower if lower is not None else set(re.findall(r"\b[a-z][\w’'-]*", text))
            if before.lower() not in lower:  # a word the text also writes in lower case is no given name ('Could Trump')
                other[surname] = other.get(surname, 0) + 1
        found = frozenset(s for s, n in other.items() if n > own.get(s, 0))
        self._last = (text, found)
        return found

    def named(self, text: str, others: frozenset[str] = frozenset()) -> str | None:
        """The actor whose longest name occurs in a mention's text, or None; a surname of `others` names no one."""
        if self.pattern is None:
            return None
        found = [m.group() for m in self.pattern.finditer(text) if m.group() not in others]
        return self.names[max(found, key=len)] if found else None

    def _people(self, text: str, end: int | None = None) -> list[str]:
        """The people a text names before `end` (all of it by default), in order, once per naming."""
        if self.pattern is None:
            return []
        others = self.others(text)
        found = (self.names[m.group()] for m in self.pattern.finditer(text, 0, len(text) if end is None else end) if m.group() not in others)
        return [actor for actor in found if actor in self.people]

    def last_person(self, text: str, end: int) -> str | None:
        """The person named last in text before `end`, or None."""
        people = self._people(text, end)
        return people[-1] if people else None

    def most_named_person(self, text: str) -> str | None:
        """The person a text names most often (the first named among equals), or None."""
        people = self._people(text)
        return max(people, key=people.count) if people else None

    def resolve(self, text: str, mention: Mention, body: str | None = None) -> str | None:
        """The actor of a mention: by name or alias; he/she as the last person named before it; 'who' as its antecedent;
        a person's description ('the Dutch PM') as the last person named before it, or in a headline (`body` given) as
        the person the body names most."""
        surface = text[mention.start : mention.end]
        if surface.lower() in PERSON_PRONOUNS:
            return self.last_person(text, mention.start)
        others = self.others(text)
        if surface.lower() in {"who", "which"}:
            antecedent = re.search(r"([^,.;]+),\s*$", text[max(0, mention.start - 120) : mention.start])
            return self.named(antecedent.group(1), others) if antecedent else None
        named = self.named(surface, others)
        if named not in self.people and describes_person(surface):
            return self.most_named_person(body) if body is not None else self.last_person(text, mention.start)
        return named


def _full_names(actors: dict[str, Any] | None) -> set[str]:
    """Every full name and alias of the actors."""
    return {str(n) for actor in (actors or {}).values() for n in [actor.get("name"), *actor.get("aliases", [])] if n}


# Titles before a surname that name its actor ('President Obama', 'Mr. Trump'), and capitalized words before a surname
# that are no given name of another person ('But Clinton said', 'The Obama administration'); 'Mrs.' and 'Ms.' count for
# neither, the registry not saying whose title they are.
_TITLES = frozenset("Mr Dr President Sen Senator Rep Representative Gov Governor Secretary Speaker Former Vice Mayor Judge Justice Gen General Leader".split())
_NOT_GIVEN = frozenset(
    """mrs ms miss the a an but and or so yet when while as after before although though because since if then that this these those
    his her their its our my your under with by for from to of in on at about against over between during like unlike
    both president once some even team draft given expect below above what who how where why all many most every each no
    not only just also there here now today still""".split()
)


# Nouns naming a person by office or role; a definite phrase ending in one describes someone named elsewhere.
ROLES = frozenset(
    "chief head leader minister pm premier president secretary secretary-general chancellor spokesman spokeswoman spokesperson "
    "director chairman chairwoman chair ambassador envoy commander governor mayor senator frontrunner front-runner nominee "
    "candidate successor king queen".split()
)
_INDEFINITE = frozenset("a an one some several many two three few another any".split())


def describes_person(surface: str) -> bool:
    """Whether a mention is a definite description of one person by office ('the Dutch PM', 'Likely Next NATO Chief'), not
    an anonymous one ('a senior official') or a group ('NATO leaders')."""
    words = re.findall(r"[\w’'-]+", surface)
    return len(words) > 1 and words[-1].lower() in ROLES and words[0].lower() not in _INDEFINITE
