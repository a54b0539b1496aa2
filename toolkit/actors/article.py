"""Who is who inside one article: the persons, organizations, countries and governments it names, each name joined
to the entity it stands for, and every speaker mention of its claims resolved to one of them.

- A name is looked up in the registry first (names and aliases; a person's surname when no other registry person
  shares it); else it is an entity of the article: a seat of government stands for its government, a country for
  itself, an organization or medium by its words, anything else is a person.
- A person's names join when they share the surname and the first given name ('Hillary Clinton', 'Hillary Rodham
  Clinton'); a surname alone, or after a title ('Mr. Trump'), joins the person of that surname named last before it,
  or the one named most; an acronym joins the organization whose initials it spells; a single word ending an
  organization's name ('the Commission') joins it.
- A speaker mention is resolved by the last name inside it; by its pronoun (he, she: the first person named in the
  nearest sentence before it that names one, the speaker of an earlier claim preferred; it, they: the organization or
  group that spoke last); by its description of one person ('the Dutch PM': the person whose titles share its words,
  else the person named last before it; in a headline, the person the body names most); 'who' by the name before it.
- An entity a claim names that is not in the registry becomes an actor record whose id is the slug of its fullest
  name, with its other names as aliases; the dataset pass (toolkit.actors.dataset) makes one actor of the records of
  one entity across articles.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from toolkit.actors.names import (
    PERSON_TITLES,
    TITLE_WORDS,
    Name,
    country,
    gender,
    given_key,
    given_name,
    is_acronym,
    kind,
    names,
    seat,
    surname,
)
from toolkit.language.quotes import find_quotes
from toolkit.language.segments import Sentence, sentences
from toolkit.records import paragraphs, slugify
from toolkit.registry import name_key

PRONOUNS = frozenset("he she him her".split())
GROUP_PRONOUNS = frozenset("they it we".split())
_DETERMINERS = frozenset("the a an this that these those his her its their our".split())
# Nouns after a name that make the speaker an organization named after it ('the Trump campaign').
_BODIES = frozenset("campaign administration camp team government cabinet office police".split())
# Nouns after a name that make the speaker a document of the one named ('a Quinnipiac University poll', 'his website').
_DOCUMENTS = frozenset(
    "poll polls survey surveys report reports study studies statement statements analysis memo letter website ruling filing "
    "data research release tweet tweets post posts book article editorial average tally index forecast projection ad ads "
    "advertisement video mailer mailers brief suit lawsuit complaint email emails transcript platform review audit resolution "
    "commercial".split()
)
# Nouns that name an organization by its kind ('the department', 'the committee'): the organization named before whose
# name ends in the word.
_ORGANIZATION_HEADS = frozenset(
    "department committee agency ministry commission court party campaign council board bureau administration office "
    "company firm bank union association institute foundation group network coalition alliance organization service".split()
)
# A dateline opening a mention ('WASHINGTON — ', 'KYIV, Ukraine (AP) — ').
_DATELINE = re.compile(r"[A-Z][A-Z .'-]+(?:,[^—–\n]{0,40})?\s[—–-]+\s")
# An aside that ends what a mention says of its speaker ('The Supreme Court justice -- who has been ...').
_ASIDE = re.compile(r"\s(?:--|—|–)\s|,\s(?:who|which)\s")
# The people around someone, who speak as unnamed sources ('his aides', 'her supporters').
_AROUND = frozenset(
    "aides aide advisers adviser advisors advisor allies ally supporters supporter backers lawyers lawyer attorneys attorney staff "
    "staffers friends friend critics opponents rivals voters followers fans associates officials".split()
)
# Kinship nouns before a name set off by a comma ("Clinton's husband, Bill").
_KIN = frozenset("husband wife son daughter father mother brother sister spouse partner widow widower niece nephew".split())
# Heads of a description that may stand for any organization the article named just before ('the company').
_MEDIA_HEADS = frozenset("newspaper paper magazine outlet broadcaster tabloid daily".split())
_GENERIC_HEADS = frozenset("company firm group network organization outfit corporation giant startup platform".split()) | _MEDIA_HEADS
# Words for one office ('a judge' is introduced as 'Justice Frank Nervo').
_SAME_OFFICE = {"judge": {"judge", "justice"}, "justice": {"judge", "justice"}}
# Abbreviated titles, read as the words they stand for when descriptions are compared.
_ABBREVIATED = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pm": "minister", "pres": "president", "sec": "secretary"}
# Nouns after a name that make the speaker the one named, speaking through a spokesperson ('a Clinton spokesman').
# Roles of one who speaks for another ('Trump's lawyer').
_ADVOCATES = frozenset("lawyer lawyers attorney attorneys counsel spokesman spokeswoman spokesperson representative".split())
_SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson spokespeople representative representatives".split())
# Capitalized words that are adjectives of nationality or party, not names, before a lower-case noun ('Russian officials').
_ADJECTIVE = re.compile(r"(?:an|ian|ese|ish|ch|i|ic|al)$")
_APPOSITIVE = re.compile(r",\s+((?:the|a|an)\s[^,;:.!?\n“”\"()]{1,80}?)(?=\s*(?:[,;.]|\s[—–]))")
_INDEFINITE = frozenset("a an one some several many two three few another any each every both either neither all".split())
# A group narrowed to one of its members ('certain NATO members, particularly Hungary'): the member speaks.
_NARROWING = re.compile(r",\s*(?:particularly|especially|including|notably|mainly|chiefly|above all|led by)\s+")
_TYPED = ("unnamed-", "anonymous-")  # ids of the typed actors of unnamed sources (toolkit.actors.sources)
_HONORIFICS = frozenset("Mr Mrs Ms Miss Sir Dame Madam".split())
# Words after which the names of a mention only qualify a speaker described before them ('a judge overseeing a lawsuit
# against Trump University', 'prosecutors for Apple'), unless that speaker is a spokesperson of the one named.
_QUALIFYING = frozenset("in of from at for with against on by to overseeing about near inside within under over among".split())
# Nouns naming a person by office or role; a definite phrase ending in one describes someone named elsewhere.
ROLES = frozenset(
    "chief head leader minister pm premier president secretary secretary-general chancellor spokesman spokeswoman spokesperson "
    "director chairman chairwoman chair ambassador envoy commander governor mayor senator frontrunner front-runner nominee "
    "candidate successor king queen billionaire mogul businessman businesswoman congressman congresswoman lawmaker "
    "representative justice judge founder ceo executive star host anchor author owner republican democrat former "
    "mate strategist adviser advisor aide manager lawyer attorney general".split()
)

# A function that types a speaker mention naming no one ('a senior official' -> the id of a typed actor), or None.
Unnamed = Callable[[str], "str | None"]


@dataclass
class Entity:
    """One person, organization, country, government or medium of an article."""

    name: str
    kind: str
    actor_id: str | None = None  # a registry actor
    names: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)  # titles and appositives written beside its names, lower-cased words

    @property
    def id(self) -> str:
        """The actor id: the registry's, else the slug of its fullest name."""
        return self.actor_id or slugify(self.name)


_POSSESSIVE = re.compile(r"[’']s?\b")
_TITLED_THE = re.compile(r"[a-z,]\s+The\s+$")
_KIN_BEFORE = re.compile(r"\b(?:husband|wife|son|daughter|father|mother|brother|sister|spouse|widow|widower),\s+$")
_SAID_IN = re.compile(r"\b(?:said|says|wrote|writes|added|adds|stated|told [\w ]{1,30}?)\s+(?:in|on|via|through)\s+$")
# Nouns of one kind of document, any of which an earlier sentence may use for what 'the ad' later names.
_DOCUMENT_KINDS = {
    "ad": {"ad", "ads", "advertisement", "commercial", "spot"},
    "advertisement": {"ad", "ads", "advertisement", "commercial", "spot"},
    "letter": {"letter", "letters"},
    "report": {"report", "study", "review", "audit"},
    "statement": {"statement", "release"},
    "resolution": {"resolution", "measure"},
}
_VERB_BETWEEN = re.compile(r"\s+[a-z]+(?:ed|s)\s+")
_LEAD = re.compile(r"((?:[\w’'.-]+ ){0,3}[\w’'.-]+),? $")
_OBJECT = re.compile(r"\b(?:of|to|with|by|for|from|about|against|at|on|in|than|like|over)\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|near)\s+$")
# A run of more capitalized words than this, of no organization, is a title-case line ('Newspaper Says Clinton Needs To
# Quit ...'), no person's name.
_LONGEST_NAME = 5


class Prior(NamedTuple):
    """An earlier claim's speaker in a field: where its mention starts, the entity it resolved to (if one of the article's),
    its actor id and its mention's words."""

    position: int
    entity: int | None
    actor_id: str | None
    mention: str


@dataclass(frozen=True)
class Occurrence:
    """A name of an entity at [start, end) of a field's text."""

    field: str
    start: int
    end: int
    entity: int
    quoted: bool
    title: str = ""


@dataclass
class Lookup:
    """The registry's actors by name key, and registry persons by surname when no other registry person has it."""

    by_name: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, actors: Mapping[str, Mapping[str, Any]] | None) -> Lookup:
        """The lookup of an actor mapping (id -> actor record); the last one made is kept, for the articles of one run
        resolve against one mapping."""
        key = (id(actors), len(actors or ()))
        if _LAST[0] == key and _LAST[1] is not None and _LAST[2] is actors:
            return cast(Lookup, _LAST[1])
        lookup = cls._made(actors)
        _LAST[:] = [key, lookup, actors]
        return lookup

    @classmethod
    def _made(cls, actors: Mapping[str, Mapping[str, Any]] | None) -> Lookup:
        from toolkit.actors.identity import canonical_ids

        lookup = cls()
        surnames: dict[str, set[str]] = {}
        # the actors a program found in earlier runs are found again, article by article, and linked by the dataset
        # pass; only the registry's, the importers' and the curators' stand for their names whatever the article says
        given = {rid: a for rid, a in (actors or {}).items() if (a.get("provenance") or {}).get("method") != "rules"}
        canonical = canonical_ids(given)
        for rid, actor in sorted(given.items()):
            target = canonical.get(rid, rid)  # a merged actor's names lead to the actor it is the same as
            lookup.kinds.setdefault(target, str(given[target].get("actor_type") or "person"))
            aliases = actor.get("aliases")
            for name in [actor.get("name"), *(aliases if isinstance(aliases, list) else ())]:
                if isinstance(name, str) and name:
                    lookup.by_name.setdefault(name_key(name), target)
            if actor.get("same_as"):
                continue
            if actor.get("actor_type") == "person" and isinstance(actor.get("name"), str) and len(actor["name"].split()) > 1:
                surnames.setdefault(surname(actor["name"]).casefold(), set()).add(rid)
        lookup.by_surname = {s: next(iter(ids)) for s, ids in surnames.items() if len(ids) == 1}
        return lookup


_LAST: list[Any] = [None, None, None]  # (id and size of the mapping, its lookup, the mapping itself)


class ArticleActors:
    """The entities of one article and the occurrences of their names."""

    def __init__(self, article: Mapping[str, Any], lookup: Lookup) -> None:
        self.article = article
        self.lookup = lookup
        self.entities: list[Entity] = []
        self.occurrences: list[Occurrence] = []
        self.texts = {"headline": str(article.get("headline") or ""), "body": str(article.get("text") or "")}
        self._keys: dict[str, int] = {}
        self._sentences: dict[str, list[Sentence]] | None = None  # by field
        self._sentence_starts: dict[str, list[int]] = {}
        # indexes, so that a long article costs in proportion to its names
        self._people: dict[str, list[int]] = defaultdict(list)  # folded surname -> persons of a full name
        self._initials: dict[str, int] = {}  # initials of an organization's name of several words -> it
        self._last_word: dict[str, int] = {}  # last word of such a name -> it
        self._seen: dict[int, list[tuple[str, int]]] = defaultdict(list)  # entity -> (field, start) of its names, in order
        self._ids: dict[str, int] = {}
        self._quoted = {f: sorted(_quoted_spans(f, t, article)) for f, t in self.texts.items()}
        body = self.texts["body"]
        lower = set(re.findall(r"\b[a-z][\w’'-]*", body))
        found = [n for n in names(body) if (named := kind(n.text)) != "thing" and (named is not None or len(n.text.split()) <= _LONGEST_NAME)]
        pending = []
        for name in found:
            label = name.text.isupper() and body[name.end : name.end + 1] == ":"  # a transcript's speaker ('JAKE TAPPER:')
            if label and " " in name.text:
                self._occur("body", name, self._person(name.text.title()))
                continue
            index = None if label else self._entity_of(name)
            if index is None:
                pending.append(name)
            else:
                self._occur("body", name, index)
        known = {surname(e.name).casefold() for e in self.entities if e.kind == "person" and " " in e.name}
        for name in pending:  # surnames and single words, once every full name is known: a common word is a name only
            # as the surname of a person named in full ('Atlantic City Mayor Don Guardian' ... 'Guardian said')
            kin = given_name(name.text) and _KIN_BEFORE.search(body, max(0, name.start - 30), name.start)  # 'her husband, Bill,'
            if name.text.casefold() in known or kin or not (_common(name, lower) or self._adjective("body", name)):
                self._occur("body", name, self._single("body", name))
        self._places()
        self._headline()
        self._index()

    def _index(self) -> None:
        self.occurrences.sort(key=lambda o: (o.field != "headline", o.start))
        self._starts = {f: [o.start for o in self.occurrences if o.field == f] for f in self.texts}
        self._first = {f: next((i for i, o in enumerate(self.occurrences) if o.field == f), len(self.occurrences)) for f in self.texts}

    def _places(self) -> None:
        """Names that the body only ever writes after 'in' or 'near', with no title and no known given name ('in San
        Bernardino'), are places: their government, not a person."""
        body = self.texts["body"]
        where: dict[int, list[bool]] = defaultdict(list)
        for occurrence in self.occurrences:
            where[occurrence.entity].append(bool(_LOCATIVE.search(body, max(0, occurrence.start - 6), occurrence.start)))
        for index, found in where.items():
            entity = self.entities[index]
            if entity.kind in ("person", "unknown") and entity.actor_id is None and all(found) and not entity.titles and gender(entity.name) is None:
                entity.kind = "government"

    def _headline(self) -> None:
        """The names of the headline: the longest runs of its words that name a body's entity or a registry actor (a
        headline's capitals are its style, not names), at most six words, leftmost first."""
        text = self.texts["headline"]
        if not text:
            return
        terms: dict[str, int] = {}
        for index, entity in enumerate(self.entities):
            for name in [entity.name, *entity.names]:
                terms.setdefault(name_key(name), index)
                if entity.kind == "person" and " " in name:
                    terms.setdefault(name_key(surname(name)), index)
        words = [(m.start(), m.end()) for m in re.finditer(r"[\w’'.-]+", text)]
        i = 0
        while i < len(words):
            for size in range(min(6, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + size - 1][1]
                phrase = text[start:end].rstrip(".’'").removesuffix("’s").removesuffix("'s")
                key = name_key(phrase)
                found = terms.get(key)
                if found is None and key in self.lookup.by_name:
                    known = self.lookup.by_name[key]
                    found = self._add(phrase, self.lookup.kinds.get(known, "person"), known)
                if found is not None and phrase[:1].isupper():
                    self._occur("headline", Name(start, start + len(phrase), phrase), found)
                    i += size
                    break
            else:
                i += 1

    def _adjective(self, field_name: str, name: Name) -> bool:
        """Whether a single capitalized word is an adjective before a lower-case noun ('Russian officials', 'Democratic lawmakers')."""
        if " " in name.text or name.title:
            return False
        after = re.match(r"\s+([a-z][\w-]*)", self.texts[field_name][name.end :])
        return after is not None and bool(_ADJECTIVE.search(name.text)) and country(name.text) is None and self.lookup.by_name.get(name_key(name.text)) is None

    def _occur(self, field_name: str, name: Name, index: int) -> None:
        entity = self.entities[index]
        entity.names[name.text] += 1
        quoted = self._in_quote(field_name, name.start, name.end)
        if name.title:
            entity.titles[name.title] += 1
        appositive = _APPOSITIVE.match(self.texts[field_name], name.end)
        if appositive:
            entity.titles[appositive.group(1)] += 1
        before = self.texts[field_name][max(0, name.start - 60) : name.start]
        if not name.title and before.rstrip(" ,").rpartition(" ")[2].lower() in ROLES:  # the cheap test first
            lead = _LEAD.search(before)
            if lead:
                entity.titles[lead.group(1).strip()] += 1  # 'Sanders campaign manager Jeff Weaver': a title in lower case
        self.occurrences.append(Occurrence(field_name, name.start, name.end, index, quoted, name.title))
        insort(self._seen[index], (field_name, name.start))

    def _add(self, name: str, entity_kind: str, actor_id: str | None = None) -> int:
        key = actor_id or f"{entity_kind}:{name_key(name)}"
        if key not in self._keys:
            index = self._keys[key] = len(self.entities)
            self.entities.append(Entity(name, entity_kind, actor_id))
            self._ids.setdefault(self.entities[index].id, index)
            if " " in name and entity_kind == "person":
                self._people[surname(name).casefold()].append(index)
            elif " " in name and entity_kind in ("organization", "media"):
                self._initials.setdefault(_initials(name), index)
                self._last_word.setdefault(name.split()[-1], index)
        return self._keys[key]

    def _registry(self, text: str) -> str | None:
        return self.lookup.by_name.get(name_key(text))

    def _entity_of(self, name: Name) -> int | None:
        """The entity of a name read alone, or None for a single word left to `_single`."""
        text = name.text
        rid = self._registry(text)
        if rid is not None:
            return self._add(text, self.lookup.kinds.get(rid, "person"), rid)
        where = seat(text)
        if where is not None:
            government = f"{where[1]} government"
            rid = self._registry(government)
            return self._add(government, "government", rid)
        named = kind(text)
        if named == "media" and " " in text and not is_acronym(text) and given_name(text.split()[0]):
            named = None  # a given name before a word of the press: 'Don Guardian', 'Jim Post'
        if named == "group":
            return self._add(text, "group", self._registry(text))
        if named == "government" and seat(text) is None:
            return self._add(text, "government", self._registry(text))
        if named == "country":
            return self._add(str(country(text)), "country", self._registry(str(country(text))))
        if named in ("media", "organization") and not (is_acronym(text) or " " not in text):
            fuller = next((i for i, e in enumerate(self.entities) if e.kind == named and e.name.startswith(text + " ")), None)
            if fuller is not None:  # 'the Brennan Center' after 'the Brennan Center for Justice'
                return fuller
            return self._add(text, "media" if named == "media" else "organization")
        if " " not in text or is_acronym(text):
            return None
        return self._person(text)

    def _person(self, text: str) -> int:
        """The person entity of a full name: one already named with the same surname and first given name, else a new one."""
        last = surname(text).casefold()
        first = given_key(text.split()[0])
        for index in self._people.get(last, ()):
            entity = self.entities[index]
            if entity.name.endswith(" " + text):  # the last names of a fuller name: 'Suu Kyi', 'Peña Nieto'
                return index
            if given_key(entity.name.split()[0]) == first:
                if len(text) > len(entity.name) and entity.actor_id is None:
                    entity.name = text
                    self._ids.setdefault(entity.id, index)
                return index
        rid = self.lookup.by_surname.get(last)
        if rid is not None and first in {w.casefold() for w in _given_names(rid, self.lookup)}:
            return self._add(text, "person", rid)
        return self._add(text, "person")

    def _single(self, field_name: str, name: Name) -> int:
        """The entity of a single word or acronym: a person of that surname, an organization it abbreviates or ends, or its own."""
        text = name.text
        folded = text.casefold()
        people = list(self._people.get(folded, ()))
        honorific = gender(name.title) if name.title.rstrip(".") in _HONORIFICS else None
        if honorific is not None:  # 'Mr. Obama' is not Michelle Obama, even when she is the only Obama named in full
            people = [i for i in people if self._gender(i) in (None, honorific)]
        if people:
            return self._chosen(people, field_name, name)
        if given_name(text) and not name.title:  # 'Hillary' alone: the one person of the article of that first name
            firsts = [i for i, e in enumerate(self.entities) if e.kind == "person" and " " in e.name and given_key(e.name.split()[0]) == given_key(text)]
            if len(firsts) == 1:
                return firsts[0]
        if is_acronym(text):
            spelled = self._initials.get(text.replace(".", ""))
            return spelled if spelled is not None else self._add(text, "organization")
        ending = self._last_word.get(text)
        if ending is not None:
            return ending
        rid = self.lookup.by_surname.get(folded)
        if rid is not None:
            return self._add(text, "person", rid)
        if not name.title and _TITLED_THE.search(self.texts[field_name], max(0, name.start - 40), name.start):
            return self._add(f"The {text}", "media")  # 'the editors of The Advocate': a capital The inside a sentence titles a publication
        named = kind(text)
        if named in ("organization", "media", "group"):
            return self._add(text, named)
        titled = name.title.split()[-1:] if name.title else []
        return self._add(text, "person" if titled and titled[0] in PERSON_TITLES else "unknown")

    def _chosen(self, people: list[int], field_name: str, name: Name) -> int:
        """Of the persons a surname may stand for (of the gender an honorific before it says), those whose titles share the
        title before it ('President Obama'), then the one named most by full name, then the one named last before it."""
        if len(people) > 1 and name.title:
            wanted = _words(name.title)
            titled = [i for i in people if wanted & {w for t in self.entities[i].titles for w in _words(t)}]
            people = titled or people
        most = max(sum(self.entities[i].names.values()) for i in people)
        return self._nearest([i for i in people if sum(self.entities[i].names.values()) == most], field_name, name.start)

    def _nearest(self, candidates: list[int], field_name: str, start: int) -> int:
        """Of several entities, the one named last before a position of a field, else the one named most."""
        last = {i: p for i in candidates if (p := self._last_before(i, field_name, start)) >= 0}
        if last:
            return max(last, key=lambda i: last[i])
        return max(candidates, key=lambda i: (sum(self.entities[i].names.values()), -i))

    def _last_before(self, index: int, field_name: str, start: int) -> int:
        """Where an entity is named last before a position of a field, or -1."""
        seen = self._seen.get(index, [])
        at = bisect_left(seen, (field_name, start)) - 1
        return seen[at][1] if at >= 0 and seen[at][0] == field_name else -1

    def _between(self, field_name: str, start: int, end: int) -> list[Occurrence]:
        """The occurrences of names of a field that start in [start, end), in order."""
        starts, first = self._starts[field_name], self._first[field_name]
        return self.occurrences[first + bisect_left(starts, start) : first + bisect_left(starts, end)]

    # -- speakers -------------------------------------------------------------------------------------------------

    def resolve(self, field_name: str, start: int, end: int, claims_before: list[Prior], unnamed: Unnamed | None) -> tuple[str | None, str | None]:
        """(actor id, role) of a speaker mention at [start, end) of a field; `claims_before` holds (position, entity) of
        the earlier claims' speakers in the field, in order."""
        text = self.texts[field_name]
        dateline = _DATELINE.match(text, start, end)
        start = dateline.end() if dateline and dateline.end() < end else start  # 'WASHINGTON — Sen. Bernie Sanders'
        aside = _ASIDE.search(text, start, end)
        end = aside.start() if aside and aside.start() > start else end  # 'The Supreme Court justice -- who has been ...'
        surface = text[start:end]
        registered = self._registry(re.sub(r"^(?:the|a|an)\s+", "", surface.strip(), flags=re.IGNORECASE))
        if registered is not None:
            return registered, None
        document = self._document(field_name, start, re.findall(r"[\w’'-]+", surface), claims_before)
        if document is not None:
            return document, None
        inside = [o for o in self._between(field_name, start, end) if o.end <= end or o.end == end + 1 and text[end] == "."]  # 'Biden Jr'
        inside = [o for o in inside if not _parenthesized(text, o)]
        narrowed = _NARROWING.search(surface)
        if narrowed and any(o.start >= start + narrowed.end() for o in inside):
            inside = [o for o in inside if o.start >= start + narrowed.end()]  # 'certain NATO members, particularly Hungary,'
            start = start + narrowed.end()
        comma = text.find(",", start, end) - start
        if comma < 0:
            comma = -1
        after = [o for o in inside if comma > 0 and o.start > start + comma and self.entities[o.entity].kind in ("person", "unknown")]
        lead_words = re.findall(r"[\w’'-]+", text[start : start + comma]) if comma > 0 else []
        if after and lead_words and lead_words[-1].lower() in _KIN and " " not in self.entities[after[0].entity].name:
            # 'his wife, Jane,', 'Clinton's husband, Bill,': a given name, of the family of the one whose kin it is
            owners = [o.entity for o in inside if o.start < start + comma and self.entities[o.entity].kind in ("person", "unknown")]
            pronoun = next((w.lower() for w in lead_words if w.lower() in ("his", "her")), "")
            owner = owners[-1] if owners else self._antecedent(field_name, start, claims_before, pronoun=pronoun) if pronoun else None
            if owner is not None:
                full = f"{self.entities[after[0].entity].name} {surname(self.entities[owner].name)}"
                return self.entities[self._person(full)].id, None
        introduced = bool(lead_words) and lead_words[0].lower() in _INDEFINITE | {"the", "another"} and any(map(_role_word, lead_words))
        if after and lead_words and (_role_word(lead_words[-1]) or lead_words[-1].lower() in _KIN or introduced):
            inside, start, comma = after, after[0].start, -1  # 'The Commission chief, Ingrid van der Holt,': the appositive names the speaker
        if comma > 0 and any(o.start < start + comma for o in inside):
            inside = [o for o in inside if o.start < start + comma]  # 'Rutte, who is considered the frontrunner to ...'
            end = start + comma
        if (
            inside
            and not narrowed
            and not _DOCUMENTS & {w.lower() for w in re.findall(r"[\w’'-]+", text[inside[-1].end : end])}
            and all(self.entities[o.entity].kind in ("unknown", "group") and " " not in self.entities[o.entity].name for o in inside)
            and unnamed
        ):
            typed = unnamed(surface)  # 'Experts say', 'Democrats argued'
            if typed is not None:
                return typed, None
        words = re.findall(r"[\w’'-]+", surface)
        if len(inside) > 1 and _VERB_BETWEEN.fullmatch(text[inside[0].end : inside[1].start]):
            end = inside[1].start  # 'Hewitt challenged Trump': the mention ran past its verb; the first name speaks
            inside = inside[:1]
        if (
            len(inside) > 1
            and re.match(r"\s*(?:of|from|at|with)\s", text[inside[0].end : inside[1].start])
            and self.entities[inside[0].entity].kind in ("person", "unknown")
        ):
            end = inside[1].start  # 'Phil Musser of digital consultancy IMGE'
            inside = inside[:1]
        if inside:
            before_last = re.findall(r"[\w’'-]+", text[start : inside[-1].start])
            if before_last and before_last[-1].lower() in _QUALIFYING:
                # the name is the object of a phrase describing the speaker: 'a judge overseeing a lawsuit against Trump
                # University', 'prosecutors for Apple'; a spokesperson for it speaks for it
                heads = [w.lower() for w in before_last if w.lower() not in _DETERMINERS]
                cut = next((i for i, w in enumerate(heads) if w in _QUALIFYING), len(heads))
                if cut > 0 and heads[cut - 1] in _SPOKESPEOPLE:
                    return self.entities[inside[-1].entity].id, None
                if cut > 0 and unnamed:
                    phrase = re.split(r"\s(?:" + "|".join(sorted(_QUALIFYING)) + r")\s", surface, maxsplit=1)[0]
                    return unnamed(surface) or unnamed(phrase), None  # 'A judge overseeing a lawsuit ...': a judge
                if cut > 0:
                    return None, None
        possessed = [w.lower() for w in re.findall(r"[\w’'-]+", text[inside[-1].end : end])] if inside else []
        if len(possessed) > 1 and possessed[0] in ("’s", "'s", "s’", "s'", "’", "'") and (possessed[-1] in ROLES or possessed[-1] in _KIN):
            # 'Sanders's campaign manager': someone else, named elsewhere by that office; else one who speaks for the one
            # named ('Trump's lawyer') is that one, and anyone else an unnamed source
            other = self._described(field_name, start, ["the", *possessed[1:]], excluded=inside[-1].entity)
            if other is not None:
                return self.entities[other].id, surface
            if possessed[-1] in _ADVOCATES:
                return self.entities[inside[-1].entity].id, surface
            return (unnamed(surface) if unnamed else None), None
        if inside and describes_person(words) and re.search(r"[\w’'-]", text[inside[-1].end : end]):  # a role after the last name
            index = self._described(field_name, start, words)
            if index is not None:
                return self.entities[index].id, surface
        if inside:
            last = inside[-1]
            entity = self.entities[last.entity]
            tail = [w.lower() for w in re.findall(r"[\w’'-]+", re.sub(r"\([^)]*\)?", " ", text[last.end : end]))]
            if tail and tail[-1] in _BODIES and entity.kind in ("person", "unknown", "government", "country"):
                return self._body(entity, tail[-1]), None
            if tail and (tail[-1] in _DOCUMENTS or tail[0] in _DOCUMENTS or tail[-1] in _SPOKESPEOPLE):
                return entity.id, None
            if tail and tail[-1] in ROLES and entity.kind not in ("person", "unknown"):
                return None, None  # 'Castelmar Harbour Director': a person by office, of whom no name was found
            if tail and not _roleless(tail) and tail[0] not in {"of", "from"} and unnamed:
                typed = unnamed(surface)  # 'Trump supporters', 'State Department officials'
                if typed is not None:
                    return typed, None
            return entity.id, self._role(field_name, last, start)
        lowered = re.sub(r"[’']s$", "", surface.strip().lower())
        if lowered.split()[:1] in (["his"], ["her"], ["its"], ["their"]) and len(lowered.split()) > 1:
            return self._possessed(field_name, start, lowered.split(), claims_before, unnamed, surface)
        if lowered in PRONOUNS or lowered == "his":
            index = self._antecedent(field_name, start, claims_before, pronoun=lowered)
            return (self.entities[index].id if index is not None else None), None
        if lowered == "it":  # of the organizations (a brand named by one word included) of the last sentences, the one named most
            kinds = ("organization", "media", "government", "unknown")
            recent = self._recent(field_name, start, claims_before, kinds, None)
            if recent:
                return self.entities[max(recent, key=lambda i: (sum(self.entities[i].names.values()) >= 3, recent[i]))].id, None
            index = self._antecedent(field_name, start, claims_before, kinds)
            return (self.entities[index].id if index is not None else None), None
        if lowered in GROUP_PRONOUNS:
            spoken = [c.actor_id for c in claims_before if c.position < start and c.actor_id and (c.entity is None or self.entities[c.entity].kind != "person")]
            return (spoken[-1] if spoken else None), None
        if len(words) >= 2 and words[0].lower() in ("the", "this", "that") and words[-1].lower() in _DOCUMENTS:
            noun = words[-1].lower()  # 'the report': the issuer of the report an earlier claim cited
            cited = [
                c.actor_id
                for c in claims_before
                if c.position < start and c.actor_id and noun in c.mention.lower().split() and not c.actor_id.startswith(_TYPED)
            ]
            if cited:
                return cited[-1], None
            issuer = self._issuer(field_name, start, noun)
            if issuer is not None:
                return issuer, None
        if lowered == "i" and not self._in_quote(field_name, start):
            author = self._author()  # the writer speaking in the first person: the byline's first name
            return (self.entities[author].id if author is not None else None), None
        if lowered in {"who", "which"}:  # 'who' takes up a person ('Harlan Crow of Texas, who'), 'which' anything else
            before = [o for o in self._between(field_name, start - 200, start) if o.end <= start and start - o.end < 120]
            people = [o for o in before if self.entities[o.entity].kind in ("person", "unknown")]
            chosen = (people or before) if lowered == "who" else ([o for o in before if self.entities[o.entity].kind != "person"] or before)
            return (self.entities[chosen[-1].entity].id if chosen else None), None
        if len(words) > 1 and words[0].lower() in ("a", "an") and words[-1].lower() in ROLES:
            index = self._introduced(field_name, end, words[-1].lower())
            if index is not None:  # 'A federal judge ruled ... U.S. District Judge Royce Lamberth wrote'
                return self.entities[index].id, surface
        if describes_person(words):
            index = self._described(field_name, start, words)
            if index is not None:
                return self.entities[index].id, surface
        if len(words) >= 2 and words[0].lower() in ("the", "this", "that") and words[-1].lower() in _ORGANIZATION_HEADS | _BODIES | _MEDIA_HEADS:
            head = words[-1].lower()  # 'the department': the organization named before whose name ends in the word
            bodies = [
                o.entity for o in self.occurrences if o.field == field_name and o.start < start and self.entities[o.entity].name.lower().split()[-1] == head
            ]
            if bodies:
                return self.entities[bodies[-1]].id, None
            government = self._government() if head == "administration" else None
            if government is not None:  # 'the administration': the government the article names by its seat
                return self.entities[government].id, None
            if head in _GENERIC_HEADS:  # 'the company', 'the watchdog group': the organization the article names most, of
                # those named in the last sentences, else of all; 'the newspaper': the medium
                described = [
                    i
                    for i, e in enumerate(self.entities)
                    if e.kind != "person" and head in {w for t in e.titles for w in _words(t)} and self._last_before(i, field_name, start) >= 0
                ]  # 'The Advocate, a Baton Rouge newspaper, ...'
                if described:
                    return self.entities[max(described, key=lambda i: self._last_before(i, field_name, start))].id, None
                # a brand named by one word is of unknown kind ('Twitter')
                brands: tuple[str, ...] = ("media",) if head in _MEDIA_HEADS else ("organization", "unknown")
                recent = self._recent(field_name, start, claims_before, brands, None)
                pool = list(recent) or [i for i, e in enumerate(self.entities) if e.kind in brands and self._last_before(i, field_name, start) >= 0]
                if pool:
                    return self.entities[max(pool, key=lambda i: (sum(self.entities[i].names.values()), self._last_before(i, field_name, start)))].id, None
        typed = unnamed(surface) if unnamed else None
        return typed, None

    def _document(self, field_name: str, start: int, words: list[str], claims_before: list[Prior]) -> str | None:
        """The issuer of a document named as speaker, where the words around it say who: the speaker just before it ('Jealous
        said in a written statement'), or the one a possessive inside it stands for ('a video of his remarks')."""
        lowered = [w.lower() for w in words]
        if not _DOCUMENTS & set(lowered) and not {"remarks", "comments", "words", "speech", "interview"} & set(lowered):
            return None
        text = self.texts[field_name]
        if _SAID_IN.search(text, max(0, start - 40), start):
            spoken = [c for c in claims_before if c.position < start and c.actor_id and start - c.position < 300]
            if spoken and spoken[-1].actor_id and not spoken[-1].actor_id.startswith(_TYPED):
                return spoken[-1].actor_id
        owner = next((w for w in lowered[1:] if w in ("his", "her")), None) if lowered[0] not in ("his", "her") else None
        if owner is not None:
            index = self._antecedent(field_name, start, claims_before, pronoun=owner)
            return self.entities[index].id if index is not None else None
        return None

    def _issuer(self, field_name: str, start: int, noun: str) -> str | None:
        """The issuer of 'the ad', 'the letter' that no earlier claim cited: the one named first outside quotations in the
        last of the three sentences before that speaks of such a document ('The Romney campaign retorted with an ad of its own.')."""
        found, upto = self._sentences_upto(field_name, start)
        nouns = _DOCUMENT_KINDS.get(noun, {noun})
        text = self.texts[field_name]
        for sentence in reversed(found[max(0, upto - 4) : upto]):
            end = min(sentence.end, start)
            if not nouns & {w.lower() for w in re.findall(r"[\w’'-]+", text[sentence.start : end])}:
                continue
            named = [o for o in self._between(field_name, sentence.start, end) if not o.quoted and self.entities[o.entity].kind not in ("country",)]
            if named:
                body = re.match(r"[’']?s?\s+(\w+)", text[named[0].end : end])
                noun = body.group(1).lower() if body else ""
                return self._body(self.entities[named[0].entity], noun) if noun in _BODIES else self.entities[named[0].entity].id
        return None

    def _in_quote(self, field_name: str, start: int, end: int | None = None) -> bool:
        """Whether [start, end) of a field (a position alone without `end`) is inside one quotation."""
        spans = self._quoted[field_name]
        at = bisect_right(spans, (start, len(self.texts[field_name]) + 1)) - 1  # the last quotation opening at or before it
        return at >= 0 and spans[at][0] <= start and (start < spans[at][1] if end is None else end <= spans[at][1])

    def _author(self) -> int | None:
        """The person the article's byline names first (an entity of the article), or None."""
        byline = self.article.get("byline")
        names = [b for b in byline if isinstance(b, str) and b.strip()] if isinstance(byline, list) else []
        if not names or len(names[0].split()) > 5:
            return None
        name = " ".join(names[0].split())
        known = self._registry(name)
        return self._add(name, "person", known) if " " in name or known else None

    def _possessed(
        self, field_name: str, start: int, words: list[str], claims_before: list[Prior], unnamed: Unnamed | None, surface: str
    ) -> tuple[str | None, str | None]:
        """A speaker named by what belongs to someone ('his campaign', 'her statement', 'her debate performance'): the
        organization named after the one the pronoun stands for, or that one; the people around someone ('his aides',
        'her supporters') are typed unnamed sources."""
        owner = self._antecedent(field_name, start, claims_before, pronoun=words[0]) if words[0] in ("his", "her") else None
        kin = words[-1].removeprefix("ex-").removeprefix("late-")
        if owner is not None and kin in _KIN:  # 'his ex-wife': another of the article's people of the owner's surname
            family = surname(self.entities[owner].name).casefold()
            others = [i for i in self._people.get(family, ()) if i != owner]
            if len(others) == 1:
                return self.entities[others[0]].id, None
            return (unnamed(surface) if unnamed else None), None
        if owner is not None and words[-1] in _BODIES:
            return self._body(self.entities[owner], words[-1]), None
        if owner is not None and words[-1] not in _AROUND:
            return self.entities[owner].id, None
        return (unnamed(surface) if unnamed else None), None

    def _body(self, entity: Entity, noun: str) -> str:
        """The organization named after a person or a place ('the Trump campaign', 'Tulsa police'), an entity of the article;
        a person's administration is the government the article names by its seat, when it names one ('the Obama
        administration' in a report of the White House)."""
        if noun == "administration" and entity.kind in ("person", "unknown"):
            government = self._government()
            if government is not None:
                return self.entities[government].id
        base = surname(entity.name) if entity.kind == "person" else entity.name
        name = f"{base} {'campaign' if noun == 'camp' or noun == 'team' and entity.kind == 'person' else noun}"
        index = self._add(name, "government" if noun == "government" else "organization", self._registry(name))
        self.entities[index].names[name] += 0
        return self.entities[index].id

    def _government(self) -> int | None:
        """The one government the article names by a seat of government ('the White House', 'Washington'), or None when
        it names none or several."""
        named = [i for i, e in enumerate(self.entities) if e.kind == "government" and e.name.endswith(" government")]
        return named[0] if len(named) == 1 else None

    def _role(self, field_name: str, occurrence: Occurrence, start: int) -> str | None:
        """The title written before a speaker's name inside its mention (an honorific is none), or the appositive right after the name."""
        text = self.texts[field_name]
        if occurrence.title and occurrence.title.rstrip(".") not in _HONORIFICS:
            lead = re.split(r"\s[-—–]+\s|:\s", text[start : occurrence.start])[-1]  # 'BRUSSELS, March 20 - European Commission President'
            if len(lead) <= len(occurrence.title) + 30:  # 'Senate Minority Leader Harry Reid', 'the outgoing Dutch Prime Minister Mark Rutte'
                return " ".join(lead.split()).removesuffix(",").strip() or None
        appositive = _APPOSITIVE.match(text, occurrence.end)
        return appositive.group(1) if appositive else None

    def _antecedent(self, field_name: str, start: int, claims_before: list[Prior], kinds: tuple[str, ...] = ("person",), pronoun: str = "") -> int | None:
        """The person a he or she refers to (or the organization an it refers to, with `kinds`).

        The candidates are those named outside quotations in the sentence of the pronoun (before it) and the three
        sentences before; each scores less the further back its sentence, a little more when named first in its sentence
        (the subject), and more when it is the speaker of the last claim before the pronoun; a person whose given name or
        title says the other gender than the pronoun's is no candidate. The highest score wins, the later named among equals.
        """
        wanted = "female" if pronoun in ("she", "her", "hers") else "male" if pronoun in ("he", "him", "his") else None
        scores = self._recent(field_name, start, claims_before, kinds, wanted)
        if not scores:  # nobody in the last sentences: the one of that kind and gender named last before, however far
            before = [i for i in range(len(self.entities)) if self._fits(i, kinds) and (wanted is None or self._gender(i) in (None, wanted))]
            last = {i: p for i in before if (p := self._last_before(i, field_name, start)) >= 0}
            return max(last, key=lambda i: last[i]) if last else None
        return max(scores, key=lambda e: scores[e])

    def _sentences_upto(self, field_name: str, position: int) -> tuple[list[Sentence], int]:
        """The sentences of a field (split once for the article), and how many start at or before a position."""
        if self._sentences is None:
            found = sentences(dict(self.article))
            self._sentences = {f: [s for s in found if s.field == f] for f in self.texts}
            self._sentence_starts = {f: [s.start for s in spans] for f, spans in self._sentences.items()}
        return self._sentences[field_name], bisect_right(self._sentence_starts[field_name], position)

    def _recent(self, field_name: str, start: int, claims_before: list[Prior], kinds: tuple[str, ...], wanted: str | None) -> dict[int, tuple[float, int]]:
        """The entities a reference at `start` may stand for, scored as `_antecedent` says: entity -> (score, position)."""
        found, upto = self._sentences_upto(field_name, start)
        spans = found[max(0, upto - 4) : upto]
        scores: dict[int, tuple[float, int]] = {}
        for distance, sentence in enumerate(reversed(spans)):
            named = [o for o in self._between(field_name, sentence.start, min(sentence.end, start)) if not o.quoted and self._fits(o.entity, kinds)]
            text = self.texts[field_name]
            subject = next((o for o in named if not _POSSESSIVE.match(text, o.end)), None)  # 'Holt's colleague Matt Lauer'
            for occurrence in named:
                if wanted is not None and self._gender(occurrence.entity) not in (None, wanted):
                    continue
                score = -float(distance) + (0.5 if occurrence is subject else 0.0)
                if _OBJECT.search(text, max(0, occurrence.start - 12), occurrence.start):
                    score -= 1.0  # the object of a preposition ('to Trump', 'with McConnell') is seldom the one a pronoun takes up
                held = scores.get(occurrence.entity)
                if held is None or (score, occurrence.start) > held:
                    scores[occurrence.entity] = (score, occurrence.start)
        floor = spans[0].start if spans else 0
        spoken = [c for c in claims_before if c.position < start and c.entity is not None and self._fits(c.entity, kinds)]
        if spoken and (wanted is None or self._gender(spoken[-1].entity) in (None, wanted)):  # type: ignore[arg-type]
            last = spoken[-1]
            if last.position >= floor or not scores:
                held = scores.get(last.entity, (-4.0, last.position))  # type: ignore[arg-type]
                scores[last.entity] = (held[0] + 1.5, max(held[1], last.position))  # type: ignore[index]
        return scores

    def _introduced(self, field_name: str, end: int, head: str) -> int | None:
        """The person an indefinite description by office introduces before naming them: the first named in the next two
        sentences whose titles hold that office ('A federal judge ruled ...' then 'U.S. District Judge Royce Lamberth')."""
        found, at = self._sentences_upto(field_name, end)
        following = found[max(0, at - 1) : at + 2]
        if not following:
            return None
        offices = _SAME_OFFICE.get(head, {head})
        for occurrence in self._between(field_name, end, following[-1].end):
            entity = self.entities[occurrence.entity]
            if entity.kind == "person" and not occurrence.quoted and offices & {_ABBREVIATED.get(w, w) for t in entity.titles for w in _words(t)}:
                return occurrence.entity
        return None

    def _fits(self, index: int, kinds: tuple[str, ...]) -> bool:
        """Whether an entity is of one of the kinds, where a single word of unknown kind named three times or more may be a
        person's surname ('Clinton' in a report that never gives her first name)."""
        entity = self.entities[index]
        return entity.kind in kinds or "person" in kinds and entity.kind == "unknown" and sum(entity.names.values()) >= 3

    def _gender(self, index: int) -> str | None:
        """What an entity's given names and titles say of its gender, or None."""
        entity = self.entities[index]
        found = {gender(n) for n in entity.names if " " in n} | {gender(t) for t in entity.titles if t.rstrip(".") in ("Mr", "Mrs", "Ms", "Miss")}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _described(self, field_name: str, start: int, words: list[str], excluded: int | None = None) -> int | None:
        """The person a definite description stands for: in a headline, the person the article names most; else a person
        named in the last sentences (scored as `_antecedent` scores), two points more when its titles share a word with the
        description; one named further back only when its titles share one."""
        wanted = {w.lower() for w in words} - _DETERMINERS
        people = [i for i, e in enumerate(self.entities) if e.kind == "person" and i != excluded]
        if not people:
            return None
        if field_name == "headline":  # a headline's description is of the one the report is about
            return max(people, key=lambda i: (sum(self.entities[i].names.values()), -i))
        wanted = {_ABBREVIATED.get(w, w) for w in wanted}
        shared = {i: len(wanted & {w for t in self.entities[i].titles for w in _words(t)}) for i in people}
        recent = self._recent(field_name, start, [], ("person",), None)
        # a person named in the last sentences, the more so when the titles agree; one named further back only when its titles do
        last = {i: self._last_before(i, field_name, start) for i in people}
        scored = {
            i: (recent[i][0] + (2.0 if shared[i] else 0.0), recent[i][1]) if i in recent else (-5.0 + (2.0 if shared[i] else -9.0), last.get(i, -1))
            for i in people
        }
        if excluded is not None:  # someone's office: only one whose titles hold its head word
            head = _ABBREVIATED.get(words[-1].lower(), words[-1].lower())
            people = [i for i in people if head in {w for t in self.entities[i].titles for w in _words(t)}]
            if not people:
                return None
        best = max(people, key=lambda i: scored[i])
        return best if scored[best][0] > -10.0 else None

    def index_of(self, actor_id: str | None) -> int | None:
        """The entity of an actor id, if the article names it."""
        return self._ids.get(actor_id) if actor_id is not None else None


def describes_person(words: list[str]) -> bool:
    """Whether words make a definite description of one person by office or role ('the Dutch PM', 'the Republican nominee')."""
    return len(words) > 1 and words[-1].lower() in ROLES and words[0].lower() not in _INDEFINITE and words[-1].lower() not in ("former",)


def _role_word(word: str) -> bool:
    """Whether a word names an office or role ('chief', 'secretary', 'spokesman')."""
    return word.lower() in ROLES or word.lower() in _SPOKESPEOPLE or word.lower() in {t.lower().rstrip(".") for t in TITLE_WORDS}


def _words(text: str) -> set[str]:
    """The lower-cased words of a title or description, abbreviations read out, determiners dropped."""
    return {_ABBREVIATED.get(w, w) for w in (w.lower().rstrip(".") for w in re.findall(r"[\w’'.-]+", text))} - _DETERMINERS


def _parenthesized(text: str, occurrence: Occurrence) -> bool:
    """Whether a name is inside parentheses ('Sen. David Perdue (R-Ga.)')."""
    return text[max(0, occurrence.start - 1) : occurrence.start] == "(" and ")" in text[occurrence.end : occurrence.end + 2]


def _common(name: Name, lower: set[str]) -> bool:
    """Whether a single capitalized word with no title is a common word the text also writes in lower case ('More', 'Harsh')."""
    return " " not in name.text and not name.title and name.text.lower() in lower


# Words opening a setting after a name inside a mention ('Rick Santorum on Sunday', 'Perry in the new ad').
_SETTING = frozenset("on in at during last this earlier later yesterday today tonight recently while when after before".split())


def _roleless(tail: list[str]) -> bool:
    """Whether the words after a name inside a mention say nothing of who speaks ('Trump himself', 'Clinton too', 'Santorum on Sunday')."""
    return tail[0] in _SETTING or all(w in {"himself", "herself", "itself", "themselves", "too", "also", "alone", "jr", "sr"} for w in tail)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _given_names(rid: str, lookup: Lookup) -> set[str]:
    """The first words of the names a registry person goes by."""
    return {key.split()[0] for key, actor in lookup.by_name.items() if actor == rid and " " in key}


def _quoted_spans(field_name: str, text: str, article: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The stretches of a field inside quotation marks."""
    offsets = [(0, len(text))] if field_name == "headline" else [(int(a), int(b)) for a, b in (article.get("paragraphs") or paragraphs(text))]
    return [span for quote in find_quotes(text, offsets, field_name) for span in quote.spans]


def resolve_claims(
    article: Mapping[str, Any],
    claims: list[dict[str, Any]],
    actors: Mapping[str, Mapping[str, Any]] | None,
    unnamed: Unnamed | None = None,
    tool: str = "parallax extract",
) -> list[dict[str, Any]]:
    """The claims of an article with their speakers (and intermediaries) resolved to actors, followed by the actor records
    of the entities they name that the registry does not hold (provenance `rules`).

    A claim keeps its id: ids derive from the article, content and cue, never from the speaker.
    """
    from toolkit import __version__
    from toolkit.records import with_id

    found = ArticleActors(article, Lookup.of(actors))
    before: dict[str, list[Prior]] = {"headline": [], "body": []}
    used: dict[int, None] = {}
    resolved = []
    for claim in claims:
        claim = dict(claim)
        mention = (claim.get("speaker") or {}).get("mention")
        if mention:
            span = mention["spans"][0]
            field_name = "headline" if span["field"] == "headline" else "body"
            actor_id, role = found.resolve(field_name, span["start"], mention["spans"][-1]["end"], before[field_name], unnamed)
            speaker = {"actor_id": actor_id, "mention": mention}
            if role:
                speaker["role"] = role
            claim["speaker"] = speaker
            index = found.index_of(actor_id)
            before[field_name].append(Prior(span["start"], index, speaker["actor_id"], str(mention.get("text") or "")))
            if index is not None:
                used[index] = None
        for link in claim.get("intermediary") or ():
            span = link["mention"]["spans"][0]
            field_name = "headline" if span["field"] == "headline" else "body"
            link["actor_id"], _role = found.resolve(field_name, span["start"], link["mention"]["spans"][-1]["end"], before[field_name], unnamed)
            index = found.index_of(link["actor_id"])
            if index is not None:
                used[index] = None
        resolved.append(claim)
    made = []
    for index in used:
        entity = found.entities[index]
        if entity.actor_id is not None:
            continue
        aliases = sorted({n for n in entity.names if n != entity.name and name_key(n) != name_key(entity.name)})
        record: dict[str, Any] = {"type": "actor", "name": entity.name, "actor_type": "person" if entity.kind == "unknown" else entity.kind}
        if aliases:
            record["aliases"] = aliases
        record["provenance"] = {"method": "rules", "tool": tool, "tool_version": __version__}
        made.append(with_id(record))
    return resolved + sorted(made, key=lambda r: str(r["id"]))
