"""What kind of source a speaker is: the source type of a mention that names no one, and of a description beside a name.

The taxonomy and the rules are in docs/measures.md#source-types. A mention is read by its head noun (the last word of
its first noun phrase, past partitives such as "some of", "64 percent of"), the words before it and the words after
it; a description by the first role word it holds and the body that role is held at. No model: lexicons, below.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from toolkit.records import slugify, with_id

SOURCE_TYPES = ("official", "expert", "citizen", "organization", "media", "document", "anonymous")


def _words(text: str) -> frozenset[str]:
    """A lexicon written as a string of words."""
    return frozenset(text.split())


# Heads of unnamed sources, singular and plural. Official: holders of and candidates for public office and the bodies
# of the state, as a body ("officials", "lawmakers", "the agency"); a single unnamed one is anonymous (below).
OFFICIAL = _words(
    """officials authorities police prosecutors investigators lawmakers legislators senators congressmen congresswomen representatives
    governors mayors ministers diplomats regulators officers agents enforcement government administration ministry department agency
    court courts jury legislature council councils commission military army candidates hopefuls contenders nominees leaders elders
    policymakers politicians incumbents delegates superdelegates democrats republicans brokers judges sheriffs deputies authority"""
)
# One unnamed holder of an office: "a senator" (anonymous); "the senator" is a person resolved elsewhere.
OFFICE = _words(
    """president senator governor mayor minister secretary candidate nominee chairman chairwoman chair director judge congressman
    congresswoman representative speaker leader premier chancellor ambassador commissioner sheriff incumbent front-runner frontrunner
    hopeful contender lawmaker legislator delegate prosecutor pm"""
)
# Unnamed individuals identified by position or relation only: anonymous in the singular and the plural.
POSITION = _words(
    """official source sources aide aides adviser advisers advisor advisors spokesman spokeswoman spokesperson spokespeople staffer
    staffers insider insiders officer operative operatives confidant confidants friend friends ally allies employee employees member
    members agent attorneys lawyers"""
)
EXPERT = _words(
    """analyst analysts economist economists expert experts scholar scholars professor professors researcher researchers scientist
    scientists historian historians strategist strategists pollster pollsters consultant consultants observer observers academic
    academics specialist specialists doctor doctors physician physicians engineer engineers"""
)
CITIZEN = _words(
    """voter voters resident residents people person citizen citizens protester protesters protestor protestors demonstrator
    demonstrators supporter supporters backer backers fan fans crowd crowds audience attendee attendees participant participants parent
    parents student students worker workers family families neighbor neighbors neighbour neighbours man men woman women mother mothers
    father fathers veteran veterans taxpayer taxpayers consumer consumers shopper shoppers caucusgoers caucus-goers electorate public
    americans millennials evangelicals conservatives liberals progressives moderates independents respondents majority majorities percent
    traders farmers user users readers viewers listeners callers immigrants refugees troops personnel base occupier occupiers critics
    opponents victims witnesses patients customers owners teachers nurses retirees"""
)
ORGANIZATION = _words(
    """group groups organization organizations organisation organisations activist activists advocate advocates company companies firm
    firms corporation corporations business businesses union unions campaign party board coalition foundation association associations
    charity charities nonprofit nonprofits lobby lobbyist lobbyists industry executives employer employers bank banks donors organizers
    organisers troupe pac pacs"""
)
MEDIA = _words(
    """media reporter reporters journalist journalists correspondent correspondents columnist columnists editor editors commentator
    commentators pundit pundits press newspaper newspapers paper outlet outlets broadcaster broadcasters footage host anchor"""
)
DOCUMENT = _words(
    """report reports poll polls survey surveys study studies statement statements document documents record records filing filings
    lawsuit suit complaint memo memos letter letters email emails e-mail e-mails ad ads advertisement advertisements spot video videos
    photo photos data results analysis audit indictment ruling bill legislation platform website book tweet tweets release transcript
    message messages timeline affidavit statistics estimates findings version contract case quiz placards sign signs tickets average
    account interviews paperwork order proposal resolution"""
)
HEADS: dict[str, frozenset[str]] = {
    "official": OFFICIAL,
    "expert": EXPERT,
    "citizen": CITIZEN,
    "organization": ORGANIZATION,
    "media": MEDIA,
    "document": DOCUMENT,
}
EVERY_HEAD = OFFICE | POSITION | frozenset().union(*HEADS.values())
# Bodies a definite mention names without naming them ("the campaign"), whose capitalized modifier names them ("the Obama
# administration", "the Clinton campaign"): such a mention is a name, resolved elsewhere.
INSTITUTIONS = _words("government administration ministry department agency legislature council commission campaign party board company camp")
PRONOUNS = _words(
    """he she it they we i you who whom whose which that this these those him her them us me one ones some many others other both another
    all each most several few none everyone someone anyone somebody nobody himself herself themselves itself"""
)
POSSESSIVES = _words("his her their its our my your")
# Words before a head that count or quantify it, read past to the head ("some of the", "virtually all analysts").
QUANTIFIERS = _words(
    """the a an some many several other others all most few both another each every any no virtually nearly about almost roughly around
    at least more than less fewer close to only just half dozen dozens hundreds thousands millions numbers number share majority
    majorities percent group handful one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty in among
    by from according"""
)
COUNTS = _words("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety dozen several")
# A bare share ("Forty-one percent said"): of the people a poll asked.
SHARES = _words("percent majority majorities half")
# After these a head is modified, not continued: "officials in Beijing", "a professor at Yale", "people familiar with".
BOUNDARIES = _words("of at for with from in on who whose which that familiar close speaking involved including and or to by under than")
ANONYMITY = ("familiar with", "close to", "with knowledge", "anonymity", "not authorized", "declined to be named", "asked not to be named")
MEDIA_MODIFIERS = _words("media news press")
_TOKEN = re.compile(r"\d[\d,.]*\d%?(?:-\w+)?|[\w’'.-]*\w[\w’'.-]*|[,;:()—–]")
_NUMBER = re.compile(r"[\d.,]+%?|\d+-\w+")


def _tokens(mention: str) -> list[str]:
    """The words (a final full stop dropped, initials kept) and punctuation of a mention."""
    return [t.rstrip(".") if not re.fullmatch(r"(?:\w\.)+", t) else t for t in _TOKEN.findall(mention)]


def _is_number(word: str) -> bool:
    """A count: digits, a number word, or a number word joined by a hyphen ("Forty-one")."""
    return bool(_NUMBER.fullmatch(word)) or word.lower() in COUNTS or bool(re.fullmatch(r"\w+-\w+", word) and word.lower().split("-")[0] in COUNTS)


def _phrase(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The first noun phrase of a mention and what follows it; partitives ("some of the", "64 percent of") are read past."""
    start = 0
    while start < len(tokens) and tokens[start].lower() in BOUNDARIES and tokens[start].lower() in QUANTIFIERS | {"at", "close", "to"}:
        start += 1  # "in media reports", "at least one commentator"
    while True:
        end = next((i for i in range(start, len(tokens)) if _ends(tokens, i)), len(tokens))
        before = [t for t in tokens[start:end] if t.lower() not in QUANTIFIERS and not _is_number(t)]
        partitive = end > start and (tokens[end - 1].lower() in QUANTIFIERS or _is_number(tokens[end - 1]))
        if end < len(tokens) and tokens[end].lower() == "of" and (not before or partitive):
            start = end + 1
            continue
        return tokens[start:end], tokens[end:]


def _ends(tokens: list[str], index: int) -> bool:
    """Whether the noun phrase ends before this token: punctuation or a boundary word, except "in" of "four in 10"."""
    word = tokens[index].lower()
    if not tokens[index][0].isalnum():
        return True
    if word == "in" and 0 < index < len(tokens) - 1 and _is_number(tokens[index - 1]) and _is_number(tokens[index + 1]):
        return False
    return word in BOUNDARIES


def unnamed_source(mention: str) -> str | None:
    """The source type of a speaker mention that names no one ("officials", "a senior official", "a new poll"); None for a name, pronoun or office-holder."""
    tokens = _tokens(mention)
    if not tokens or " ".join(t.lower() for t in tokens) in PRONOUNS:
        return None
    phrase, rest = _phrase(tokens)
    words = [t for t in phrase if t.lower() not in QUANTIFIERS and not _is_number(t)]
    if not words:
        return "citizen" if phrase and phrase[-1].lower() in SHARES else None
    words = _up_to_head(words)
    if _named(words, tokens) or _named_conjunct(tokens):
        return None
    head = _head(words)
    if head in PRONOUNS:
        return None
    tail = " ".join(rest).lower()
    if any(marker in tail or marker in " ".join(phrase).lower() for marker in ANONYMITY) and (head in POSITION or head in ("people", "person", "officials")):
        return "anonymous"
    return _typed(head, words, phrase, tokens)


def _up_to_head(words: list[str]) -> list[str]:
    """The words up to the head: the last known head noun that only lower-case words follow ("people waking up", "a report issued")."""
    if _head(words) in EVERY_HEAD:
        return words
    for index in range(len(words) - 1, -1, -1):
        if _head(words[: index + 1]) in EVERY_HEAD and all(w[0].islower() for w in words[index + 1 :]):
            return words[: index + 1]
    return words


def _named_conjunct(tokens: list[str]) -> bool:
    """Whether the words up to the first comma end in a name ("its chief pollster and strategist Jane Roe")."""
    core = list(itertools.takewhile(lambda t: t[0].isalnum() and t.lower() not in BOUNDARIES - {"and"}, tokens))
    last = core[-1] if len(core) > 1 else ""
    return bool(last) and last[0].isupper() and last.lower() not in CAPITALIZED_GROUPS and not _demonym(last)


def _head(words: list[str]) -> str:
    """The head noun, lower-cased: the last word, with "policy makers" read as one word."""
    head = words[-1].lower().replace("’s", "").replace("'s", "").rstrip("’'")
    return "policymakers" if head == "makers" and len(words) > 1 and words[-2].lower() == "policy" else head


def _named(words: list[str], tokens: list[str]) -> bool:
    """Whether the mention names someone: a capitalized head (not a group like "Democrats"), or a named institution."""
    head = words[-1]
    capitalized = head[0].isupper() and not (head == tokens[0] and head.lower() in EVERY_HEAD)
    if capitalized and head.lower() not in CAPITALIZED_GROUPS and not _demonym(head):
        return True
    owners = words[:-1]
    named_owner = any(w[0].isupper() or w.lower() in POSSESSIVES or w.endswith(("’s", "'s", "s’", "s'")) for w in owners)
    return _head(words) in INSTITUTIONS and named_owner


CAPITALIZED_GROUPS = _words("democrats republicans americans pac pacs gop")


def _demonym(word: str) -> bool:
    """A capitalized plural of people from a place ("Iowans", "New Yorkers"): citizens, not a name."""
    return word[0].isupper() and word.endswith(("ans", "ers", "ites")) and word.lower() not in EVERY_HEAD


def _typed(head: str, words: list[str], phrase: list[str], tokens: list[str]) -> str | None:
    """The type of a head noun, given its determiner and modifiers."""
    first = tokens[0].lower()
    counted = any(_is_number(t) or t.lower() in ("a", "an") for t in phrase[: phrase.index(words[-1])])
    if head in POSITION:
        return "anonymous"
    if head in OFFICE:
        return "anonymous" if first in ("a", "an", "one") else None
    if head in ("officials", "people", "leaders", "officers") and counted and first not in ("the",):
        return "anonymous" if head != "people" else "citizen"
    if head in DOCUMENT and any(w in MEDIA_MODIFIERS for w in words[:-1]):
        return "media"
    if _demonym(words[-1]):
        return "citizen"
    return next((kind for kind, heads in HEADS.items() if head in heads), None)


# Descriptions beside a name ("European Commission President", "a professor at Yale", "spokesman for Greenpeace").
DESCRIBED_MEDIA = _words("reporter journalist correspondent columnist editor anchor host commentator pundit producer")
DESCRIBED_EXPERT = _words(
    """professor analyst economist expert scholar researcher scientist historian strategist pollster consultant fellow lecturer academic
    engineer"""
)
DESCRIBED_OFFICIAL = _words(
    """senator governor mayor minister lawmaker legislator congressman congresswoman representative ambassador diplomat secretary
    commissioner judge justice sheriff prosecutor official premier chancellor pm mp candidate nominee democrat republican aide adviser
    advisor councilman councilwoman"""
)
# Titles whose type is that of the body they are held at ("president of the NAACP"); alone, "president" is an office.
LEADERSHIP = _words("president chairman chairwoman chair director head leader member manager spokesman spokeswoman spokesperson founder lawyer attorney")
# A leadership title held at a body the lexicons do not know ("President of Finland") is an office of state.
HEADS_OF_STATE = _words("president premier")
CORPORATE = _words("ceo executive founder co-founder owner businessman businesswoman entrepreneur investor")
DESCRIBED_CITIZEN = _words(
    """teacher nurse student retiree voter resident mother father parent farmer worker veteran driver homemaker carrier electrician
    plumber mechanic waitress waiter cashier grandmother grandfather activist supporter protester"""
)
BODY_OFFICIAL = _words(
    """government administration ministry department agency commission council parliament senate house congress committee court police
    army navy military embassy pentagon kremlin city county state white legislature assembly bureau office cabinet"""
)
BODY_MEDIA = _words("news times post journal newspaper magazine network radio television tv cnn msnbc nbc abc cbs bbc fox reuters ap press")
BODY_EXPERT = _words("university college institute institution school think tank brookings")
BODY_ORGANIZATION = _words("company group foundation union association organization corporation firm bank campaign party coalition fund")


def described_source(description: str) -> str | None:
    """The source type a title or description written beside a named actor implies ("a senator" -> official), None if unknown."""
    tokens = [t.lower() for t in _tokens(description)]
    cut = next((i for i, t in enumerate(tokens) if t in ("who", "which", "whose", "that")), len(tokens))
    tokens = tokens[:cut]
    for index, word in enumerate(tokens):
        found = _described(word, tokens, index)
        if found:
            return found
    return None


def _described(word: str, tokens: list[str], index: int) -> str | None:
    """The type one word of a description gives, reading the body it is held at for a leadership title."""
    word = word.replace("’s", "").replace("'s", "")
    after, before = tokens[index + 1 :], tokens[:index]
    if word in LEADERSHIP:
        known = _body(after) or _body(before)
        if known or word in HEADS_OF_STATE:
            return known or "official"  # "President", "President of Finland"
        return "organization" if _names_body(after) or _names_body(before) else None
    if word in CORPORATE:
        return "media" if _body(after) == "media" else "organization"
    for kind, words in (("media", DESCRIBED_MEDIA), ("expert", DESCRIBED_EXPERT), ("official", DESCRIBED_OFFICIAL), ("citizen", DESCRIBED_CITIZEN)):
        if word in words:
            return "organization" if word in ("activist",) else kind
    return None


def _body(tokens: list[str]) -> str | None:
    """The type of the first body the lexicons know in some words: a state body, a medium, a university, another organization."""
    for word in tokens:
        for kind, words in (("official", BODY_OFFICIAL), ("media", BODY_MEDIA), ("expert", BODY_EXPERT), ("organization", BODY_ORGANIZATION)):
            if word in words:
                return kind
    return None


def _names_body(tokens: list[str]) -> bool:
    """Whether some words name a body at all ("for Greenpeace"), beyond determiners, prepositions and "former"."""
    return any(w not in QUANTIFIERS and w not in BOUNDARIES and w not in ("former", "retired", "longtime", "interim") for w in tokens)


# One packaged actor per source type, for speakers that name no one: name, actor type, what it stands for.
TYPED = {
    "official": ("Unnamed official", "government", "officials and bodies of the state named as a body: 'officials', 'police', 'the agency'"),
    "expert": ("Unnamed expert", "group", "unnamed experts: 'analysts', 'economists', 'a professor'"),
    "citizen": ("Unnamed citizen", "group", "unnamed members of the public: 'voters', 'residents', 'protesters', 'a voter'"),
    "organization": ("Unnamed organization", "organization", "unnamed organizations and their people: 'groups', 'activists', 'companies', 'the campaign'"),
    "media": ("Unnamed media", "media", "unnamed media: 'local media', 'reporters', 'media reports'"),
    "document": ("Unnamed document", "document", "unnamed documents: 'the report', 'a new poll', 'court documents', 'a statement'"),
    "anonymous": ("Anonymous source", "anonymous", "an unnamed individual known by position only: 'a senior official', 'sources', 'people familiar with'"),
}
TYPED_ACTORS: tuple[dict[str, Any], ...] = tuple(
    with_id(
        {
            "type": "actor",
            "name": name,
            "actor_type": actor_type,
            "source_type": source_type,
            "provenance": {"method": "human", "note": f"the actor of speakers that name no one, by source type (docs/measures.md#source-types): {note}"},
        }
    )
    for source_type, (name, actor_type, note) in TYPED.items()
)


def typed_actor(source_type: str) -> str:
    """The id of the packaged actor standing for unnamed sources of a source type; ValueError for an unknown type."""
    if source_type not in TYPED:
        raise ValueError(f"unknown source type {source_type!r}: one of {', '.join(SOURCE_TYPES)}")
    return slugify(TYPED[source_type][0])


def typed_unnamed(mention: str) -> str | None:
    """The id of the typed actor a speaker mention naming no one stands for ('a senior official' -> 'anonymous-source'),
    or None when the mention names someone or cannot be typed."""
    found = unnamed_source(mention)
    return typed_actor(found) if found is not None else None


def implied_source_type(descriptions: list[str]) -> str | None:
    """The source type most of an actor's descriptions imply (`described_source`), the first in SOURCE_TYPES among equals."""
    counts: dict[str, int] = {}
    for text in descriptions:
        found = described_source(text)
        if found is not None:
            counts[found] = counts.get(found, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda t: (-counts[t], SOURCE_TYPES.index(t)))


#: The ids of the typed actors: they say what kind of source speaks, not who.
TYPED_IDS = frozenset(slugify(entry[0]) for entry in TYPED.values())


def is_typed(actor_id: str | None) -> bool:
    """Whether an actor id is one of the typed actors of unnamed sources."""
    return actor_id in TYPED_IDS
