"""Proper names in a text: runs of capitalized words, the title written before a name split off, and what kind of
entity a name is (person, organization, government, country, media) by rules and word lists, no model.

Metonyms follow one rule (docs/actors.md#metonyms): a country named as a speaker is the country; its capital or its
seat of government named as a speaker ('Moscow', 'the Kremlin', 'the White House') is its government, an actor
named '<adjective> government' ('Russian government'); an administration named after a leader ('the Obama
administration') is an organization of its own name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

# Lower-case words that stay inside a name ('Ursula von der Leyen', 'Bank of America', 'Bashar al-Assad').
PARTICLES = frozenset("von van der den de del della di da du la le bin ibn al el dos das ter of for".split())
# Particles that may open a name (a surname alone: 'von der Leyen said').
# Page labels written in capitals before a name ('WATCH Brek speak', 'BREAKING').
_LABELS = frozenset("WATCH BREAKING UPDATE UPDATED EXCLUSIVE LIVE VIDEO READ PHOTOS PHOTO ANALYSIS OPINION EDITORIAL NEW CLOSE ADVERTISEMENT".split())
# Capitalized words opening a question or a clause before a name ('Will Hillary Clinton ...', 'Did Trump ...').
_VERBLIKE = frozenset("Will Can Could Would Should Did Does Do Is Are Was Were Has Have Had May Might Must Shall Should".split())
_INNER = frozenset("the a an".split())
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")  # inside a name after 'of' or 'for' ('Committee for a Responsible Federal Budget')
_OPENING_PARTICLES = frozenset("von van de del della di da du la le al el bin ibn".split())
_TOKEN = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|Jr|Sr)\.(?=\s)|(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[\w’'][\w’'-]*|&")
# Capitalized words that open a sentence or a name run without being a name.
_FUNCTION = frozenset(
    """The A An But And Or So Yet If When While As After Before Although Though Because Since Then That This These Those
    He She It They We I You His Her Its Their Our My Your Him Them Us Me In On At By For From To Of With Without Into
    Over Under About Against Between During Like Unlike Unless Until Upon Via Per Not No Yes Also Still Even Just Only
    Now Today Yesterday Tomorrow Here There Where What Who Whom Whose Which Why How Meanwhile However Indeed Instead
    Some Many Most Several Few Both All Every Each Any Another Other Others Such One Two Three Four Five Said Says
    Asked Told According Speaking Writing Earlier Later Last Next First Former Late Other Another Top Senior Neither Either
    Nor Wherever Whatever Whenever Whoever""".split()
)
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)
# Words of an office or a role; the last one of them in a run ends the title before a name
# ('European Commission President Ursula von der Leyen', 'Prime Minister Mark Rutte', 'Sen. Ted Cruz').
TITLE_WORDS = frozenset(
    """President Minister Mayor Chancellor Secretary General Chief Leader Governor Senator Premier Commissioner Ambassador
    Spokesman Spokeswoman Spokesperson Director Chairman Chairwoman Chair King Queen Prince Princess Pope Judge Justice
    Prime Colonel Admiral Envoy Representative Congressman Congresswoman Sheriff CEO Head PM Sen Sen. Rep Rep. Gov Gov. Gen
    Gen. Lt Lt. Col Col. Sgt Sgt. Capt Capt. Adm Adm. Prof Prof. Dr Dr. Mr Mr. Mrs Mrs. Ms Ms. Rev Rev. Attorney
    Officer Commander Nominee Candidate Speaker Lawmaker Leader Adviser Advisor Aide Analyst Professor Economist
    Correspondent Reporter Columnist Editor Author Writer Actor Actress Singer Rapper Comedian Host Anchor Pollster
    Strategist Consultant Activist Historian Scientist Lawyer Businessman Businesswoman Billionaire Entrepreneur Investor
    Producer Filmmaker Journalist Commentator Pundit Blogger Hopeful Frontrunner Challenger Incumbent Staffer Organizer
    Operative Staff Master Founder Executive Officer Vice Deputy Sir Dame Lord Lady Sheikh Ayatollah
    Archbishop Bishop Cardinal Rabbi Imam Pastor Father Superintendent Inspector Detective Sergeant Captain Lieutenant
    Major Marshal Chairperson Coach Manager Treasurer Solicitor Counsel Prosecutor Auditor Comptroller Magistrate
    Alderman Alderwoman Councilman Councilwoman Councilor Councillor Assemblyman Assemblywoman Delegate Legislator
    Trustee Selectman Moderator Panelist""".split()
)
# Titles before a surname that say the name is a person's ('Mr. Trump', 'President Obama').
PERSON_TITLES = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Sir Dame Lord Lady Sen Sen. Senator Rep Rep. Representative Gov Gov. Governor
    President Minister PM Chancellor Secretary Premier Mayor Judge Justice Gen Gen. General Prof Prof. Professor Rev
    Rev. Pope King Queen Prince Princess Congressman Congresswoman Sheriff Commissioner Ambassador Sheikh Ayatollah
    Captain Capt Capt. Lt Lt. Col Col. Colonel Sgt Sgt. Detective Speaker Leader Chairman Chairwoman Candidate Nominee""".split()
)
# Words that make a name an organization's ('European Commission', 'State Department', 'Bank of America').
ORGANIZATION_WORDS = frozenset(
    """Commission Council Department Ministry Party Union Agency Bank Inc Inc. Corp Corp. Corporation Company Co Co.
    Ltd Ltd. LLC Group Association Committee Court Congress Senate House Parliament Assembly Police Army Navy Force
    Forces Guard Institute University College School Foundation Fund Organization Organisation Office Service Services
    Bureau Administration Campaign Board Authority Authorities Federation League Alliance Coalition Movement Network
    Center Centre Society Trust Club Church Cabinet Government Kremlin Pentagon Ministry Secretariat Tribunal Commission
    Conference Federal Reserve Exchange Airlines Airways Motors Industries Holdings Partners Capital Labs Technologies
    Systems Media Press Times Post News Journal Tribune Herald Gazette Telegraph Guardian Reuters Associated Broadcasting
    Television Radio Channel Magazine Daily Weekly Review Monitor Observer Chronicle Express Mail Mirror Sun Star Globe
    Inquirer Bulletin Agency PAC Caucus Secretariat Directorate Inspectorate Prosecutor's Command Embassy Consulate
    Mission Delegation Hospital Clinic Laboratory Lab Program Programme Project Initiative Watch Amnesty Greenpeace
    Initiative Institution Parliament Bundestag Duma Knesset Congress Politburo Junta Regime Partnership Taliban Hamas
    Hezbollah ISIS ISIL Zoo Museum Library Gallery Theatre Theater Orchestra Studio Studios Records Pictures Brewery
    Restaurant Church Cathedral Mosque Synagogue Temple Shelter Academy Seminary Strategies Associates Consulting
    Consultants Solutions Communications Research Analytics Advisors Advisers Pollsters Polling Enterprises Legion Lodge
    Chamber Corps Brigade Battalion Regiment Fellowship Guild Brotherhood Elks Rotary""".split()
)
MEDIA_WORDS = frozenset(
    """Media Press Times Post News Journal Tribune Herald Gazette Telegraph Guardian Reuters Broadcasting Television Radio
    Channel Magazine Daily Weekly Review Monitor Observer Chronicle Express Mail Mirror Inquirer Bulletin""".split()
)
_NOT_ACRONYM = frozenset("I OK TV PM AM US UK EU UN".split())


@dataclass(frozen=True)
class Name:
    """A proper name found in a text: [start, end) of the name, and [title_start, start) of a title written before it."""

    start: int
    end: int
    text: str
    title: str = ""
    title_start: int = -1


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


_ARABIC_ARTICLE = re.compile(r"(?:al|el|bin|ibn|ben)-[A-Z]")


def _capitalized(word: str) -> bool:
    """Whether a word can stand in a name: a capital first, or an Arabic article joined to one ('al-Assad')."""
    return word[:1].isupper() or bool(_ARABIC_ARTICLE.match(word))


# Last words of names that are no actors: days, places, laws, events, works ('Labor Day', 'Paris Agreement').
THINGS = frozenset(
    """Day Days Eve Street Avenue Road Boulevard River Lake Sea Ocean Mountain Mountains Island Islands Valley Bay Beach
    Park Square Bridge Airport Station Hall Week Month Year Act Bill Amendment Law Laws Treaty Agreement Accord Accords
    War Wars Summit Games Cup Olympics Award Awards Prize Festival Show Tour Plan Program Care Protocol Convention Era
    Hotel Tower Building Center Arena Stadium Coast Desert Highway Forest Canyon Peninsula Strait Gulf Canal""".split()
)
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][a-z]*\.?$")


def names(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """The proper names of text[start:end], in order: maximal runs of capitalized words (particles inside them),
    leading function and calendar words dropped, a possessive dropped, a title before the name split off."""
    end = len(text) if end is None else end
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    found: list[Name] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if not (_capitalized(word) or word in _OPENING_PARTICLES and _particle_run(tokens, i)):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _joins(text, tokens, j):
            j += 1
        found.extend(n for n in _split(text, tokens[i : j + 1]) if not _PARTY_STATE.match(n.text))
        i = j + 1
    return found


def _particle_run(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether a lower-case particle opens a name: 'von der Leyen', 'al-Assad' (more particles, then a capital)."""
    j = i
    while j < len(tokens) and tokens[j][0] in _OPENING_PARTICLES:
        j += 1
    return j < len(tokens) and _capitalized(tokens[j][0]) and tokens[j][1] - tokens[j - 1][2] == 1 and j - i <= 2


def _joins(text: str, tokens: list[tuple[str, int, int]], j: int) -> bool:
    """Whether tokens[j + 1] goes on the name run ending at tokens[j]: one space (or a hyphen) between, and a capital
    or a particle followed by a capital."""
    gap = text[tokens[j][2] : tokens[j + 1][1]]
    if gap not in (" ", "-"):
        return False
    following = tokens[j + 1][0]
    if _capitalized(following) or following == "&":
        return not tokens[j][0].endswith(("’s", "'s", "s’", "s'"))
    if following in PARTICLES or following in _INNER and tokens[j][0] in {"of", "for"} or _ORDINAL.fullmatch(following) and tokens[j][0] == "the":
        k = j + 1
        while (
            k < len(tokens)
            and (
                tokens[k][0] in PARTICLES
                or tokens[k][0] in _INNER
                and tokens[k - 1][0] in {"of", "for"}
                or _ORDINAL.fullmatch(tokens[k][0])
                and tokens[k - 1][0] == "the"  # 'Court of Appeals for the 6th Circuit'
            )
            and text[tokens[k - 1][2] : tokens[k][1]] in (" ", "-")
        ):
            k += 1
        longest = 4 if _ORDINAL.fullmatch(tokens[k - 1][0]) else 3
        return k < len(tokens) and k - j <= longest and text[tokens[k - 1][2] : tokens[k][1]] in (" ", "-") and _capitalized(tokens[k][0])
    return False


def _split(text: str, run: list[tuple[str, int, int]]) -> list[Name]:
    """The name of one run of capitalized words: function and calendar words dropped from its ends, a possessive
    dropped, the words up to its last title word kept apart as the title."""
    while run and (_function(run[0][0]) or run[0][0] in _CALENDAR or run[0][0] in PARTICLES and run[0][0] not in _OPENING_PARTICLES):
        run = run[1:]
    while len(run) > 1 and (
        run[0][0] in _LABELS
        or _party_before_name(run)
        or run[0][0] in _VERBLIKE
        or run[0][0].endswith("ing")
        and _lowered(text, run[0][0])
        or _qualifier(run[0][0])
    ):
        run = run[1:]  # 'Democrat Joe Biden', 'Campaigning for Clinton', 'Will Hillary Clinton', 'Texas-based Matt Mackowiak'
    while run and run[0][0] in PARTICLES and run[0][0] not in _OPENING_PARTICLES:
        run = run[1:]
    while run and (run[-1][0] in _CALENDAR or run[-1][0] in PARTICLES or run[-1][0] == "&"):
        run = run[:-1]
    if not run:
        return []
    last_word, last_start, last_end = run[-1]
    if last_word.endswith(("’s", "'s")):
        run = [*run[:-1], (last_word[:-2], last_start, last_end - 2)]
    elif last_word.endswith(("s’", "s'")):
        run = [*run[:-1], (last_word[:-1], last_start, last_end - 1)]
    titles = [n for n, (word, _, _) in enumerate(run) if _title(word)]
    title = ""
    title_start = -1
    if titles and titles[-1] < len(run) - 1:
        cut = titles[-1] + 1
        while cut < len(run) - 1 and run[cut][0] in PARTICLES:  # 'Secretary of State John Kerry'
            cut += 2 if run[cut][0] == "of" and cut + 1 < len(run) - 1 else 1
        while len(run) - cut >= 3 and not given_name(run[cut][0]) and given_name(run[cut + 1][0]):
            cut += 1  # 'Director of Government Affairs Phil Smith': the title runs up to a given name
        title, title_start = text[run[0][1] : run[cut - 1][2]], run[0][1]
        run = run[cut:]
    while run and run[0][0] in PARTICLES and run[0][0] not in _OPENING_PARTICLES:
        run = run[1:]
    of = next((n for n, (word, _, _) in enumerate(run) if word in {"of", "for"}), -1)
    rest: list[Name] = []
    if of >= 1 and not any(w.rstrip(".") in ORGANIZATION_WORDS for w, _, _ in run[:of]):
        # 'Chris Christie of New Jersey', 'Tom Brek of the Harbour Board': two names; 'Bank of America' stays whole
        rest = _split(text, [t for t in run[of + 1 :] if t[0] not in _INNER])
        run = run[:of]
    if not run or _title(run[-1][0]) and (len(run) == 1 or _title(run[-2][0]) or is_acronym(run[-2][0]) or run[-2][0] in ORGANIZATION_WORDS):
        return []  # a title alone ('the NATO Secretary General', 'Prime Minister') names no one; 'Charlie King' does
    return [Name(run[0][1], run[-1][2], text[run[0][1] : run[-1][2]], title, title_start), *rest]


def _party_before_name(run: list[tuple[str, int, int]]) -> bool:
    """Whether a run opens with a party or group word before a name that is no organization's ('Democrat Joe Biden', not
    'Republican National Committee' or 'American Action Network')."""
    return run[0][0] in GROUP_NAMES and not any(w.rstrip(".") in ORGANIZATION_WORDS for w, _, _ in run[1:])


def _qualifier(word: str) -> bool:
    """Whether a capitalized word is a hyphenated qualifier ('Texas-based', 'Ohio-born'), not part of a name."""
    return "-" in word and word.rsplit("-", 1)[1][:1].islower() and not word.startswith(("al-", "el-"))


def _lowered(text: str, word: str) -> bool:
    """Whether a capitalized word is written in lower case elsewhere in the text (a common word opening a sentence)."""
    lower = word.lower()
    return lower != word and not word.isupper() and re.search(rf"(?<![\w’'-]){re.escape(lower)}(?![\w’'-])", text) is not None


def _title(word: str) -> bool:
    return word in TITLE_WORDS or word.rstrip(".") in TITLE_WORDS or "-" in word and all(p in TITLE_WORDS for p in word.split("-"))


def _function(word: str) -> bool:
    """Whether a capitalized word is a function word, alone or contracted ('I’ve', 'It's')."""
    return word in _FUNCTION or re.split(r"[’']", word)[0] in _FUNCTION


def is_acronym(name: str) -> bool:
    """Whether a name is an acronym ('NATO', 'F.B.I.')."""
    letters = name.replace(".", "").replace("-", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and name not in _NOT_ACRONYM


@cache
def _countries() -> dict[str, str]:
    """Country names (folded, lower-case) -> the country's common name, from ISO 3166-1 (pycountry) and usual short forms."""
    import pycountry

    found: dict[str, str] = {}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None) or country.name
        for name in (country.name, getattr(country, "official_name", None), common):
            if name:
                found.setdefault(_fold(name).lower(), _short(common))
    for alias, name in _COUNTRY_ALIASES.items():
        found[alias.lower()] = name
    return found


def _short(name: str) -> str:
    """'Korea, Republic of' -> 'Republic of Korea'; a name with no comma as it is."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        return f"{tail} {head}"
    return name


# Usual names of countries that ISO 3166-1 writes otherwise, and the name each stands for.
_COUNTRY_ALIASES = {
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "United States of America": "United States",
    "United States": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "United Kingdom": "United Kingdom",
    "Russia": "Russia",
    "Russian Federation": "Russia",
    "Iran": "Iran",
    "Syria": "Syria",
    "North Korea": "North Korea",
    "South Korea": "South Korea",
    "Vietnam": "Vietnam",
    "Venezuela": "Venezuela",
    "Bolivia": "Bolivia",
    "Tanzania": "Tanzania",
    "Taiwan": "Taiwan",
    "Turkey": "Turkey",
    "Türkiye": "Turkey",
    "Moldova": "Moldova",
    "Laos": "Laos",
    "Czech Republic": "Czech Republic",
    "Czechia": "Czech Republic",
    "Holland": "Netherlands",
    "the Netherlands": "Netherlands",
    "Netherlands": "Netherlands",
    "Palestine": "Palestine",
    "Vatican": "Vatican",
    "Ivory Coast": "Ivory Coast",
    "Congo": "Congo",
    "Macedonia": "North Macedonia",
}
# Capitals and seats of government that stand for a government when they speak (the metonym rule), and the
# adjective that names it.
SEATS = {
    "Moscow": ("Russia", "Russian"),
    "Kremlin": ("Russia", "Russian"),
    "the Kremlin": ("Russia", "Russian"),
    "Washington": ("United States", "United States"),
    "White House": ("United States", "United States"),
    "the White House": ("United States", "United States"),
    "Beijing": ("China", "Chinese"),
    "Zhongnanhai": ("China", "Chinese"),
    "London": ("United Kingdom", "British"),
    "Downing Street": ("United Kingdom", "British"),
    "Whitehall": ("United Kingdom", "British"),
    "Paris": ("France", "French"),
    "Elysee": ("France", "French"),
    "Élysée": ("France", "French"),
    "Berlin": ("Germany", "German"),
    "Kyiv": ("Ukraine", "Ukrainian"),
    "Kiev": ("Ukraine", "Ukrainian"),
    "Tehran": ("Iran", "Iranian"),
    "Ankara": ("Turkey", "Turkish"),
    "Tokyo": ("Japan", "Japanese"),
    "Seoul": ("South Korea", "South Korean"),
    "Pyongyang": ("North Korea", "North Korean"),
    "Jerusalem": ("Israel", "Israeli"),
    "New Delhi": ("India", "Indian"),
    "Islamabad": ("Pakistan", "Pakistani"),
    "Kabul": ("Afghanistan", "Afghan"),
    "Baghdad": ("Iraq", "Iraqi"),
    "Damascus": ("Syria", "Syrian"),
    "Cairo": ("Egypt", "Egyptian"),
    "Riyadh": ("Saudi Arabia", "Saudi"),
    "Caracas": ("Venezuela", "Venezuelan"),
    "Havana": ("Cuba", "Cuban"),
    "Ottawa": ("Canada", "Canadian"),
    "Canberra": ("Australia", "Australian"),
    "Budapest": ("Hungary", "Hungarian"),
    "Warsaw": ("Poland", "Polish"),
    "Rome": ("Italy", "Italian"),
    "Madrid": ("Spain", "Spanish"),
    "Athens": ("Greece", "Greek"),
    "Minsk": ("Belarus", "Belarusian"),
    "Taipei": ("Taiwan", "Taiwanese"),
    "Brasilia": ("Brazil", "Brazilian"),
    "Mexico City": ("Mexico", "Mexican"),
    "The Hague": ("Netherlands", "Dutch"),
    "Hague": ("Netherlands", "Dutch"),
    "Tbilisi": ("Georgia", "Georgian"),
    "Doha": ("Qatar", "Qatari"),
    "Abu Dhabi": ("United Arab Emirates", "Emirati"),
}


def country(name: str) -> str | None:
    """The country a name names ('Russia', 'U.S.', 'Britain' -> 'United Kingdom'), or None."""
    key = _fold(name).lower().removeprefix("the ")
    return _countries().get(key)


def seat(name: str) -> tuple[str, str] | None:
    """(country, adjective) of a capital or seat of government ('the Kremlin' -> ('Russia', 'Russian')), or None."""
    return SEATS.get(name) or SEATS.get(name.removeprefix("the ").removeprefix("The "))


@lru_cache(maxsize=1 << 16)
def kind(name: str) -> str | None:
    """What a name names by its words alone: country, government (a seat of government), media, organization, or None
    (a person's or an unknown name)."""
    if seat(name) is not None:
        return "government"
    if country(name) is not None:
        return "country"
    words = name.split()
    if any(w in MEDIA_WORDS for w in words[1:]) or words[-1] in {"Reuters", "Bloomberg", "AFP", "AP"}:
        return "media"
    if name in ("Islamic State", "al Qaeda", "al-Qaeda", "Al Qaeda", "Al-Qaeda"):
        return "organization"
    if any(w.rstrip(".") in ORGANIZATION_WORDS or w in ORGANIZATION_WORDS for w in words) or any(w.isupper() and w.isalpha() and len(w) > 1 for w in words):
        return "organization"
    if words[-1] in THINGS and not (len(words) == 1 and given_name(name)) or name in _NOT_ACTORS or name in CITIES:
        return "thing"  # 'Farm Bill', but 'Bill' alone may be a given name
    if len(words) > 1 and words[-1] in ("Republican", "Democrat") and _place(" ".join(words[:-1])):
        return "thing"  # 'the Wisconsin Republican' describes one person, named elsewhere
    if len(words) > 1 and not given_name(words[0]) and any(_place(" ".join(words[:n])) for n in (1, 2, 3) if n < len(words)):
        return "organization"  # 'New Hampshire Elks', 'Texas Roadhouse': a name opening with a place is no person's
    if words[-1] in GROUP_NAMES or name in _MEMBERS or any(_place(name[: -len(end)]) for end in ("ers", "ns", "s") if name.endswith(end)):
        return "group"  # 'Congressional Republicans', 'New Yorkers', 'Californians'
    if name in US_STATES or len(words) > 1 and words[-1] in PLACE_WORDS:
        return "government"
    return None


# Last words of the names of towns and counties ('Atlantic City', 'Orange County'): a place speaks for its government.
PLACE_WORDS = frozenset("City County Township Borough Parish".split())


def _place(name: str) -> bool:
    """Whether a name is a U.S. state, a country or a city."""
    return name in US_STATES or name in CITIES or country(name) is not None


# Cities that are not seats of government, named as places ('the Brussels summit'), never as actors.
CITIES = frozenset(
    """Brussels Geneva Davos Munich Vienna Strasbourg Luxembourg Manchester Birmingham Liverpool Glasgow Edinburgh Dubai
    Singapore Shanghai Mumbai Sydney Melbourne Toronto Montreal Vancouver Chicago Boston Houston Dallas Atlanta Miami
    Philadelphia Phoenix Seattle Denver Detroit Baltimore Cleveland Pittsburgh Milwaukee Minneapolis Charlotte Orlando
    Tampa Hamburg Frankfurt Cologne Milan Naples Barcelona Lyon Marseille Istanbul Odesa Odessa Kharkiv Lviv Gaza Aleppo
    Mosul Benghazi Tripoli Sochi Osaka Kyoto""".split()
    + ["New York", "New York City", "Los Angeles", "San Francisco", "Las Vegas", "New Orleans", "Hong Kong", "St. Petersburg"]
)
_NOT_ACTORS = frozenset(["Capitol Hill", "Transatlantic Trade", "Wall Street", "Silicon Valley", "Main Street", "Fifth Avenue", "Ground Zero"])
US_STATES = frozenset(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois
    Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana
    Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Wisconsin Wyoming""".split()
    + [
        "New Hampshire",
        "New Jersey",
        "New Mexico",
        "New York",
        "North Carolina",
        "North Dakota",
        "Rhode Island",
        "South Carolina",
        "South Dakota",
        "West Virginia",
    ]
)


# Names of many people at once, which speak as groups, not as one actor.
# A member of a faith or people named alone ('a Muslim', 'a Latino'): a group's word, never a person's name.
_MEMBERS = frozenset("Muslim Christian Jew Catholic Protestant Evangelical Mormon Hindu Buddhist Sikh Latino Latina Hispanic".split())
GROUP_NAMES = frozenset(
    """Democrat Democrats Democratic Republican Republicans Conservative Conservatives Liberal Liberals Tory Tories Labour Libertarian
    Independent Independents Americans American Europeans European Christians Muslims Jews Catholics Evangelicals GOP""".split()
)


def surname(name: str) -> str:
    """The surname of a person's name: its last word, with the particles before it ('Ursula von der Leyen' -> 'von der
    Leyen'); a name that opens with a particle is a surname alone ('Van der Holt')."""
    words = name.split()
    if words and words[0].lower() in _OPENING_PARTICLES and words[0] not in ("Al", "El"):  # 'Al Sharpton' has a given name
        return name
    while len(words) > 1 and words[-1].rstrip(".,") in _SUFFIXES:
        words = words[:-1]  # 'Joseph R. Biden Jr.'
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in _SURNAME_PARTICLES and words[i - 1] not in ("Al", "El"):
        i -= 1
    return " ".join(words[i:])


_SUFFIXES = frozenset("Jr Sr II III IV".split())
_SURNAME_PARTICLES = frozenset("von van der den de del della di da du la le al el bin ibn dos das ter".split())


def given(name: str) -> str:
    """The first given name of a person's name ('' for a surname alone)."""
    words = name.split()
    last = surname(name)
    return words[0] if len(words) > len(last.split()) else ""


# Short forms of English given names, read as the name they stand for when two names of one surname are compared
# ('Joe Biden', 'Joseph R. Biden Jr.').
NICKNAMES = {
    "abe": "abraham",
    "al": "albert",
    "alex": "alexander",
    "andy": "andrew",
    "ben": "benjamin",
    "bernie": "bernard",
    "bill": "william",
    "billy": "william",
    "bob": "robert",
    "bobby": "robert",
    "brad": "bradley",
    "charlie": "charles",
    "chris": "christopher",
    "chuck": "charles",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "dick": "richard",
    "don": "donald",
    "ed": "edward",
    "eddie": "edward",
    "fred": "frederick",
    "greg": "gregory",
    "hank": "henry",
    "jack": "john",
    "jake": "jacob",
    "jeff": "jeffrey",
    "jerry": "gerald",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "jon": "jonathan",
    "ken": "kenneth",
    "larry": "lawrence",
    "liz": "elizabeth",
    "matt": "matthew",
    "mike": "michael",
    "mitch": "mitchell",
    "nick": "nicholas",
    "pat": "patrick",
    "pete": "peter",
    "phil": "philip",
    "ron": "ronald",
    "sam": "samuel",
    "steve": "steven",
    "ted": "edward",
    "tim": "timothy",
    "tom": "thomas",
    "tony": "anthony",
    "vlad": "vladimir",
    "will": "william",
    "bibi": "benjamin",
    "newt": "newton",
    "rick": "richard",
    "rudy": "rudolph",
    "kathy": "katherine",
    "kate": "katherine",
    "sue": "susan",
    "meg": "margaret",
    "peggy": "margaret",
}


def given_key(word: str) -> str:
    """A given name as compared: folded, a short form read as its full name ('Joe' -> 'joseph')."""
    folded = _fold(word).lower().rstrip(".")
    return NICKNAMES.get(folded, folded)


# Common given names of women and of men (English-language news), to tell 'he' from 'she' when a pronoun is resolved;
# a name on neither list, or on both, says nothing.
FEMALE = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
    kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy
    shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet
    ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl
    andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia
    judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose
    alexis kayla hillary hilary nikki kellyanne sheryl condoleezza madeleine nancy elena sonia ruth ivanka melania
    michele tulsi kamala elizabeth kirsten dianne barbara susan lisa patty maxine debbie donna huma sarah carly jill
    chelsea ivana marla angela theresa ursula christine ségolène marine giorgia jacinda mette sanna annalena kaja
    beata ewa yulia julia svetlana olga irina natalia tatiana anastasia ana sofia lucia carmen pilar isabel claudia
    dilma cristina michelle oprah beyonce taylor adele madonna meryl ada vera ingrid eva greta astrid sigrid helga
    ursula""".split()
)
MALE = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
    donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
    nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
    jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold keith
    christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert
    willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny barack
    bernie mitt ted marco jeb rand chris mike newt rick reince bill vladimir xi emmanuel boris angela_not
    recep benjamin bashar rodrigo jair justin narendra shinzo volodymyr viktor mark jens alexander olaf friedrich
    rishi keir nigel jeremy tony gordon david dmitry sergei sergey alexei mohammed mohammad ali ahmed hassan hussein
    abdul omar ayatollah jean pierre francois jacques nicolas matteo giuseppe silvio pedro luiz carlos jorge luis
    miguel felipe enrique andres manuel fidel raul hugo nicolas evo lula""".split()
)


def given_name(word: str) -> bool:
    """Whether a word is a known given name or its short form ('Don', 'Phil')."""
    return gender(word) is not None or word.lower() in NICKNAMES


def gender(name: str) -> str | None:
    """'female' or 'male' by a person's first given name (or by 'Mr.'/'Mrs.'/'Ms.' before it), else None."""
    words = name.split()
    if not words:
        return None
    first = _fold(words[0]).lower().rstrip(".")
    if first in ("mr",):
        return "male"
    if first in ("mrs", "ms", "miss"):
        return "female"
    female, male = first in FEMALE, first in MALE
    if not (female or male):  # a short form, read as its full name ('Al' -> 'Albert')
        full = NICKNAMES.get(first, first)
        female, male = full in FEMALE, full in MALE
    return "female" if female and not male else "male" if male and not female else None
