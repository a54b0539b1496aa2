"""Attribution cues and their verb classes.

Source: the classes of Recasens, Danescu-Niculescu-Mizil & Jurafsky, "Linguistic Models for Analyzing and
Detecting Biased Language" (ACL 2013), whose lexicons gather Hooper (1975) assertives and factives, Hyland (2005)
hedges, Karttunen (1971) implicatives and report verbs; see ../shared/design/vocabularies.json
(attribution_verb_classes). This is a small hand-picked subset of those lists, plus the report and stance verbs
news attributions use most (PolNeAR train cues), classed `other` when none of the four lexicons holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE = "Recasens, Danescu-Niculescu-Mizil & Jurafsky (ACL 2013): Hooper 1975, Hyland 2005, Karttunen 1971, report verbs"

_CLASSES: dict[str, str] = {
    "neutral_report": "say tell state add write report announce note explain describe reply respond answer comment remark tweet post "
    "recall testify speak repeat reiterate inform quote continue ask cite mention",
    "assertive": "claim insist assert argue allege contend maintain affirm emphasize emphasise stress declare charge swear vow "
    "warn predict guarantee hypothesize assure conclude promise pledge",
    "factive": "acknowledge admit reveal realize regret discover know learn notice recognize concede confirm",
    "hedge": "suggest believe think estimate indicate suppose speculate assume suspect doubt guess imply hint",
    "implicative": "manage fail decline refuse neglect hesitate",
    "other": "urge accuse criticize deny blame praise question dismiss defend complain propose demand fear hope expect "
    "want plan view consider see regard agree disagree oppose support endorse show find seek back reject call",
}
VERB_CLASS: dict[str, str] = {lemma: cls for cls, words in _CLASSES.items() for lemma in words.split()}

# Stance verbs whose claims are beliefs ('Russia views X as Y'), not speech.
BELIEF = frozenset("believe think fear hope expect view consider see regard suspect doubt assume suppose know".split())
# Verbs too common in other senses to count without a following 'that' (or 'as' for view-type verbs).
NEEDS_THAT = frozenset(
    "know learn notice see recognize realize discover confirm regret conclude hope fear expect indicate suggest show "
    "predict imply hint estimate guess assume suppose suspect doubt decline refuse fail manage want plan agree disagree "
    "oppose support endorse continue consider question demand propose defend complain answer respond speak post quote "
    "cite mention recall repeat remark reveal stress charge maintain claim add note state find seek".split()
)
# Verbs whose base form is more often a noun ('voter support', 'a tweet'): that form counts only after a subject or an auxiliary.
NOUNISH = frozenset("support back pledge comment tweet report plan question promise call".split())
# Verbs whose content may be an infinitive ('wants to run', 'plans to leave'): no 'that' needed then.
INFINITIVE = frozenset("want plan hope expect agree decline refuse fail manage propose seek promise pledge vow threaten".split())
# Verbs whose content may be their object ('endorsed Sanders', 'citing the report').
OBJECT = frozenset("support endorse oppose back reject cite defend".split())
# Verbs whose content may follow without 'that' when a document or a poll speaks ('a new poll shows Trump ahead').
DOCUMENT = frozenset("show find reveal indicate suggest".split())
DOCUMENT_NOUNS = re.compile(
    r"\b(?:polls?|surveys?|reports?|study|studies|records|data|analysis|analyses|projections?|research|figures|numbers|"
    r"memos?|documents?|emails?|results|estimates?|census|filings?|tallies|tally|count|polling|videos?|footage|photos?|photographs?|images?|"
    r"pictures?|review|audit|number|statistics|which)\b",
    re.IGNORECASE,
)
# Verbs whose content may be a finite clause without 'that' ('Lind suggested the port was closed').
CLAUSE = frozenset(
    "suggest note claim add state stress maintain predict reveal recall remark confirm conclude know hope fear expect realize "
    "show find indicate learn recognize discover regret imply hint estimate guess assume suppose suspect doubt agree charge".split()
)
NEEDS_AS = frozenset("view regard see consider".split())
# Verbs whose first object is the hearer ('told reporters that').
HEARER = frozenset("tell inform assure warn remind promise ask".split())
_IRREGULAR = {
    "say": ["said", "says", "saying", "say"],
    "tell": ["told", "tells", "telling", "tell"],
    "write": ["wrote", "writes", "writing", "written", "write"],
    "think": ["thought", "thinks", "thinking", "think"],
    "see": ["saw", "sees", "seeing", "seen", "see"],
    "know": ["knew", "knows", "knowing", "known", "know"],
    "speak": ["spoke", "speaks", "speaking", "spoken", "speak"],
    "swear": ["swore", "swears", "swearing", "sworn", "swear"],
    "learn": ["learned", "learnt", "learns", "learning", "learn"],
}
_DOUBLE = frozenset("admit regret plan".split())
_IRREGULAR |= {"find": ["found", "finds", "finding", "find"], "seek": ["sought", "seeks", "seeking", "seek"]}


def forms(lemma: str) -> list[str]:
    """The inflected forms of a cue verb."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma in _DOUBLE:
        return [lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


FORM_LEMMA: dict[str, str] = {form: lemma for lemma in VERB_CLASS for form in forms(lemma)}


@dataclass(frozen=True)
class Nominal:
    """A multi-word cue: its pattern, lemma and class, and whether its content is a belief."""

    pattern: str
    lemma: str
    verb_class: str


NOMINALS = (
    Nominal(r"(?:issued|issues|issuing|has issued|have issued) (?:a |repeated |several )?warnings?", "warn", "assertive"),
    Nominal(r"(?:expressed|expresses|expressing) (?:(?:his|her|their|its|deep|serious|grave) )?(?:concerns?|fears?|doubts?|hopes?)", "express", "other"),
    Nominal(r"(?:raised|raises|raising) (?:(?:the )?concerns?|the possibility|questions?)", "raise", "other"),
    Nominal(r"(?:pointed|points|pointing) out", "point out", "factive"),
    Nominal(r"(?:called|calls|calling) for", "call for", "other"),
    Nominal(r"(?:called|calls|calling) on", "call on", "other"),
    Nominal(r"(?:referred|refers|referring) to", "refer", "neutral_report"),
    Nominal(r"(?:made|makes|making) (?:the|a) (?:case|claim|point|argument)", "make", "assertive"),
)
NARRATOR_HEDGES = (
    Nominal(
        r"(?:is|are|was|were) (?:widely |generally |largely |still )?"
        r"(?:seen|viewed|regarded|considered|expected|believed|thought|said|reported)(?: as|(?= to\b))",
        "see",
        "hedge",
    ),
    Nominal(r"(?:reportedly|allegedly|apparently|purportedly|supposedly)", "reportedly", "hedge"),
    Nominal(r"(?:seems?|seemed|appears?|appeared)(?= to\b)", "seem", "hedge"),
)


def verb_pattern() -> re.Pattern[str]:
    """One pattern matching every cue verb form as a whole word."""
    alternatives = sorted(FORM_LEMMA, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def title_verb_pattern() -> re.Pattern[str]:
    """Every cue verb form capitalized as a headline writes it ('Lind Says Harbour Will Reopen')."""
    alternatives = sorted((form[0].upper() + form[1:] for form in FORM_LEMMA), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def cue_class(lemma: str) -> str:
    """The verb class of a cue lemma, `other` when it is in none of the lexicons."""
    return VERB_CLASS.get(lemma, "other")
