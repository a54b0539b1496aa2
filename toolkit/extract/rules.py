"""Attribution rules over one text: quotations with their frames, reported speech after cues, beliefs, hedges."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from toolkit.extract.speakers import Mention, after, before, subject
from toolkit.language import lexicon
from toolkit.language.quotes import Quote
from toolkit.language.segments import Sentence

_VERB = lexicon.verb_pattern()
_TITLE_VERB = lexicon.title_verb_pattern()
_NOMINAL = re.compile("|".join(f"(?P<n{i}>\\b{n.pattern}\\b)" for i, n in enumerate(lexicon.NOMINALS)))
_HEDGE = re.compile("|".join(f"(?P<h{i}>\\b{n.pattern}\\b)" for i, n in enumerate(lexicon.NARRATOR_HEDGES)))
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_RELAY = re.compile(r",?\s+(as (?:first )?reported by)\s+")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|as)\s+(?:\w+ly\s+)?$")
_TIME = re.compile(
    r"(?:\s*,)?\s+(?:(?:on|last|this|earlier|late|early|in)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?: (?:night|morning|afternoon|evening))?|week|month|year|night|morning|"
    r"afternoon|evening|today|yesterday|"
    r"(?:a|an|the|his|her|their|its) (?:statement|interview|speech|email|letter|tweet|post)(?: [^,;:]{0,40}?)?(?=,| that| \w+ing)|"
    r"publicly|privately|repeatedly|again|recently)\b(?:\s*,)?"
)
# Where or how a sentence-final frame was spoken ('..., Lind said in a statement.', 'said by telephone this week').
_SETTING = re.compile(r"\s*,?\s*(?:in|on|at|by|during|via|through|while)\s[^,;:\"“”]{2,60}")
_HEARER = re.compile(
    r"\s+(?:reporters|journalists|supporters|the crowd|the audience|him|her|them|us|me|you|"
    r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}|the [\w-]+(?: [\w-]+)?)(?=[\s,:.])"
)
# 'wrote to Vera Lind about', 'explained to reporters why': the hearer after 'to', before the content.
_TO_HEARER = re.compile(
    r"\s+to\s+(?:reporters|journalists|supporters|the crowd|the audience|him|her|them|us|me|you|"
    r"(?:Mr\.|Mrs\.|Ms\.|Dr\.|the\s+)?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?=[\s,:])"
)
_HEARER_THAT = re.compile(r"\s+(?:[\w.'’-]+\s+){1,6}?(?=that\b)")
_THAT = re.compile(r"\s*(?:,\s*)?that\b\s*")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|his|her|its|their|our|my|your|no|any)\s+$", re.IGNORECASE)
_VERB_BEFORE = re.compile(r"\b(?:to|not|n't|will|would|could|can|should|may|might|must|did|do|does|they|we|I|you|who|also|still|strongly|publicly)\s+$")
# 'called Trump “unhinged”', 'called the speech a critical moment': an object, then a quotation or an indefinite noun phrase.
_NAMING = re.compile(r"\s*(?:[\w’'.-]+\s+){1,5}?(?:''|[\"“‘]|(?:a|an)\s)")
_PREPOSITION = re.compile(r"\s*(?:about|over|regarding|on|of)\b\s*")
_AUX = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should|did|does|do)\b")
_OPENER = re.compile(
    r"(?:However|But|And|Yet|Still|Meanwhile|Instead|Indeed|Moreover|Also|"
    r"Despite [^,]{1,60}|In [^,]{1,60}|On [^,]{1,40}|After [^,]{1,60}|For [^,]{1,40})\s*,?\s*"
)
_TRAIL = " \t\n\xa0,;:.!?…—–-"


@dataclass
class Found:
    """One attribution found in a field's text (offsets into that text)."""

    kind: str
    field: str
    content: list[tuple[int, int]]
    sentence: Sentence
    cue: tuple[int, int] | None = None
    lemma: str | None = None
    verb_class: str | None = None
    mention: Mention | None = None
    intermediary: list[tuple[str, Mention]] = dataclasses.field(default_factory=list)
    method: str = "rules"
    sourceless: bool = False  # the cue names no source ('is considered', 'when asked'): none is to be borrowed
    note: str | None = None  # how the model found it, where another than the CRF taggers did


@dataclass(frozen=True)
class Cue:
    """A cue occurrence: [start, end), lemma and class."""

    start: int
    end: int
    lemma: str
    verb_class: str


def _cues(text: str, start: int, end: int, title: bool = False) -> list[Cue]:
    """Every cue verb form and nominal cue in text[start:end], in order, nominal ones first when they overlap; capitalized ones too in a title."""
    found = [Cue(m.start(), m.end(), n.lemma, n.verb_class) for m in _NOMINAL.finditer(text, start, end) for n in [_nominal(m)]]
    taken = [(c.start, c.end) for c in found]
    verbs = [*_VERB.finditer(text, start, end), *(_TITLE_VERB.finditer(text, start + 1, end) if title else [])]
    for m in verbs:
        if not any(a < m.end() and m.start() < b for a, b in taken):
            lemma = lexicon.FORM_LEMMA[m.group().lower()]
            found.append(Cue(m.start(), m.end(), lemma, lexicon.cue_class(lemma)))
    return sorted(found, key=lambda c: c.start)


def has_cue(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a cue or 'according to'."""
    return bool(_cues(text, start, end) or _ACCORDING.search(text, start, end))


def _nominal(match: re.Match[str]) -> lexicon.Nominal:
    return lexicon.NOMINALS[int(str(match.lastgroup)[1:])]


def _inside(quotes: list[Quote], position: int) -> bool:
    return any(a <= position < b for q in quotes for a, b in q.spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    while start < end and text[start] in " \t\n\xa0,;:":
        start += 1
    return start, end


def _quoted(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"''|[\"“”„«»]", text[start:end]))


def quote_frame(text: str, quote: Quote, sentences: list[Sentence]) -> Found | None:
    """A direct quotation with the speaker and cue around it ('“...,” he said' or 'He said: “...”'), or None."""
    close = next((s for s in sentences if s.start <= quote.end <= s.end), None)
    open_ = next((s for s in sentences if s.start <= quote.start <= s.end), None)
    if close is None or open_ is None:
        return None
    m = re.compile(r"\W{0,3}\s*").match(text, quote.end)
    if m is not None:
        frame_end = next((s.end for s in sentences if s.start <= m.end() < s.end), close.end)
        frame = _frame_after(text, m.end(), frame_end)
        ended = text[quote.end - 1] in ".!?" or "." in text[quote.end : m.end()]
        if frame is not None and not (ended and frame[0].start > m.end() and _content_after(text, frame[0], frame_end)):
            cue, mention = frame
            return Found("direct_quote", quote.field, list(quote.spans), open_, (cue.start, cue.end), cue.lemma, cue.verb_class, mention)
    lead_end = open_.start + len(text[open_.start : quote.start - 1].rstrip(" \t\n,:'`\"“”"))
    cues = [c for c in _cues(text, open_.start, lead_end) if not text[c.end : lead_end].strip(" ,:") or _TIME.fullmatch(text, c.end, lead_end)]
    if cues:
        cue = cues[-1]
        mention = before(text, open_.start, cue.start)
        if mention is not None:
            return Found("direct_quote", quote.field, list(quote.spans), open_, (cue.start, cue.end), cue.lemma, cue.verb_class, mention)
    return None


def _frame_after(text: str, start: int, end: int) -> tuple[Cue, Mention | None] | None:
    """'he said', 'said Bob Mason' or 'Rutte remarked at ...' right after a quotation."""
    cues = _cues(text, start, min(end, start + 150))
    if not cues:
        return None
    cue = cues[0]
    if cue.start == start:
        return cue, after(text, cue.end, end)
    mention = before(text, start, cue.start)
    if mention is None or mention.start != start and text[start : mention.start].strip(" ,"):
        return None
    return cue, mention


def _content_after(text: str, cue: Cue, end: int, document: bool = False) -> tuple[int, int] | None:
    """Where reported content begins after a cue (hearer, time and 'that' skipped) and ends, or None."""
    position = cue.end
    if m := _hearer(text, cue, position, end):
        position = m.end()
    if m := _TIME.match(text, position, end):
        position = m.end()
    that = _THAT.match(text, position, end)
    if that:
        position = that.end()
    elif cue.lemma in lexicon.NEEDS_AS:
        if not re.search(r"\bas\b", text[position:end]):
            return None
    elif cue.lemma in lexicon.INFINITIVE and re.match(r"\s*to\s+\w", text[position:end]):
        pass
    elif cue.lemma in lexicon.NEEDS_THAT and not (
        cue.lemma in lexicon.OBJECT or document and cue.lemma in lexicon.DOCUMENT or cue.lemma in lexicon.CLAUSE and _CLAUSE.match(text, position, end)
    ):
        return None
    if cue.lemma == "call" and (text[cue.start - 1 : cue.start] == "-" or not _NAMING.match(text, position, end)):
        return None
    if m := _PREPOSITION.match(text, position, end):
        position = m.end()
    start, stop = _trim(text, position, end)
    if relay := _RELAY.search(text, start, stop):
        stop = _trim(text, start, relay.start())[1]
    if (turn := _TURN.search(text, start, stop)) and not _inside_quote(text, start, turn.start()):
        stop = _trim(text, start, turn.start())[1]
    return (start, stop) if stop - start >= 8 and not _SETTING.fullmatch(text, start, stop) else None


# A finite clause opening right after a cue ('suggested the panel was created', 'noted she'll run'): a subject, then an auxiliary.
_CLAUSE = re.compile(
    r"\s+(?:he|she|they|it|we|I|there|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|(?:the|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+)?)"
    r"(?:\s+(?:is|was|were|are|has|had|have|would|will|could|can|should|might|must|may|did|does|do)\b|['’](?:ll|d|s|re|ve)\b)"
)


def _hearer(text: str, cue: Cue, position: int, end: int) -> re.Match[str] | None:
    """The hearer right after a cue ('told reporters', 'wrote to Vera Lind'), or None."""
    if cue.lemma in lexicon.HEARER and (m := _HEARER_THAT.match(text, position, end) or _HEARER.match(text, position, end)):
        return m
    return _TO_HEARER.match(text, position, end) if cue.lemma not in lexicon.INFINITIVE else None


# Where reported content turns to the writer's own words: ', but ...', ', compared with ...', ', while ...'.
_TURN = re.compile(r",\s+(?:but|compared with|while|though|even though|although|whereas)\s")


def _inside_quote(text: str, start: int, position: int) -> bool:
    """Whether a quotation opened in text[start:position] is still open there."""
    return len(_QUOTE_MARKS.findall(text, start, position)) % 2 == 1


_QUOTE_MARKS = re.compile(r"''|``|[\"“”]")


def _subject(text: str, sentence: Sentence) -> Mention | None:
    """The subject of a sentence, roughly: its start (a leading connective skipped) up to its first auxiliary verb."""
    start = sentence.start
    if m := _OPENER.match(text, start, sentence.end):
        start = m.end()
    aux = _AUX.search(text, start, min(sentence.end, start + 90))
    if aux is None:
        return None
    start, stop = _trim(text, start, aux.start())
    return Mention(start, stop) if stop > start else None


def sentence_claims(text: str, sentence: Sentence, quotes: list[Quote], framed: list[Found]) -> list[Found]:
    """Reported speech, beliefs and relayed reports in one sentence; `framed` are the quotations attributed already."""
    used = {f.cue for f in framed}
    earlier = [f for f in framed if any(sentence.start <= b <= sentence.end for _, b in f.content)]
    found: list[Found] = []
    if (asked := _asked(text, sentence, quotes)) is not None:
        found.append(asked)
        used.add(asked.cue)
    for cue in _cues(text, sentence.start, sentence.end, _title(text, sentence)):
        if (cue.start, cue.end) in used or _inside(quotes, cue.start) or _noun_or_passive(text, cue):
            continue
        claim = _cue_claim(text, sentence, cue, earlier + found, quotes)
        if claim is not None:
            found.append(claim)
    found.extend(_according(text, sentence, quotes))
    return _cut(text, sorted(found, key=lambda f: f.content[0][0]))


_ASKED = re.compile(
    r"(?:(?:When|If|After|Once|Later|Also|But|And) (?:being )?)?(?P<cue>[Aa]sked)\s+"
    r"(?:(?:on |last |this )?(?:\w+day|week|later|again|directly|repeatedly|specifically)\s+)?"
)


def _asked(text: str, sentence: Sentence, quotes: list[Quote]) -> Found | None:
    """'Asked whether the port would reopen, Lind said ...': the question put to an unnamed asker, up to the comma."""
    m = _ASKED.match(text, sentence.start, sentence.end)
    comma = text.find(",", m.end(), sentence.end) if m is not None else -1
    if m is None or comma < 0 or _inside(quotes, m.start()):
        return None
    content = _trim(text, m.end(), comma)
    if content[1] - content[0] < 8:
        return None
    kind = "mixed" if _quoted(text, *content) else "indirect"
    return Found(kind, sentence.field, [content], sentence, (m.start("cue"), m.end("cue")), "ask", "neutral_report")


def _title(text: str, sentence: Sentence) -> bool:
    """Whether a sentence is a headline in title case (most of its words capitalized)."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text[sentence.start : sentence.end])
    return sentence.field == "headline" and len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _noun_or_passive(text: str, cue: Cue) -> bool:
    """Whether a cue word is a noun ('the report') or passive ('was told', 'as reported')."""
    window = max(0, cue.start - 24)
    if text[cue.start - 1 : cue.start] == "-":
        return True
    if cue.lemma in lexicon.OBJECT and text[cue.start : cue.end].endswith("ing") and not text[max(0, cue.start - 4) : cue.start].rstrip().endswith(","):
        return True
    if cue.lemma in {"back", "pledge"} and re.match(r"\s+(?:down|up|off|away|out|delegates?|votes?)\b", text[cue.end : cue.end + 12]):
        return True
    if cue.lemma in lexicon.NOUNISH and text[cue.start : cue.end].lower() == cue.lemma and not _VERB_BEFORE.search(text, window, cue.start):
        return True
    return bool(_DETERMINER_BEFORE.search(text, window, cue.start) or _PASSIVE.search(text, window, cue.start))


def _cue_claim(text: str, sentence: Sentence, cue: Cue, earlier: list[Found], quotes: list[Quote]) -> Found | None:
    """The claim a cue makes in its sentence, or None when it has no speaker or content."""
    mention = before(text, sentence.start, cue.start)
    participle = text[cue.start : cue.end].split()[0].endswith("ing") and text[sentence.start : cue.start].rstrip().endswith(",")
    if participle:
        mention = earlier[-1].mention if earlier else _subject(text, sentence) or _clause_subject(text, sentence, cue)
    elif _COORDINATED.search(text, sentence.start, cue.start) or mention is not None and _stray(text, mention):
        mention = _clause_subject(text, sentence, cue) or mention
    document = mention is not None and bool(lexicon.DOCUMENT_NOUNS.search(text, mention.start, mention.end))
    content = _as_frame(text, sentence, cue, mention) if not participle else None
    content = content or _content_after(text, cue, sentence.end, document)
    if not participle and content is not None and _inverted(text, sentence, cue, mention):
        content, mention = _content_before(text, sentence, cue, None)
    elif mention is not None and not participle and _parenthetical(text, sentence, cue, mention):
        comma = text.rfind(",", sentence.start, mention.start)
        # 'In both cases, Brek said, the money paid for ...': an opener before the frame, the content after it.
        lead = _OPENER.fullmatch(text, sentence.start, comma + 1) or _TIME.fullmatch(" " + text[sentence.start : comma + 1])
        content = _trim(text, cue.end, sentence.end) if lead else _trim(text, sentence.start, comma)
    if content is None and not participle:
        content, mention = _content_before(text, sentence, cue, mention)
    if content is None or mention is None:
        return None
    kind = "belief" if cue.lemma in lexicon.BELIEF else "mixed" if _quoted(text, *content) else "indirect"
    quote = next((q for q in quotes if len(q.spans) == 1 and content[0] <= q.start - 1 <= content[0] + 4), None)
    if quote is not None and (kind == "mixed" and not text[quote.end : content[1]].strip(_TRAIL + "\"'”“") or cue.lemma in {"express", "raise"}):
        kind, content = ("direct_quote" if quote.start - 1 == content[0] else "partial_quote"), quote.spans[0]
    claim = Found(kind, sentence.field, [content], sentence, (cue.start, cue.end), cue.lemma, cue.verb_class, mention)
    relay = _RELAY.match(text, content[1] + (1 if text[content[1] : content[1] + 1] in '"”' else 0), sentence.end)
    if relay and (source := after(text, relay.end(), sentence.end)):
        claim.intermediary.append((relay.group(1), source))
    return claim


_AS_BEFORE = re.compile(r"(?:^|[\s,;:])[Aa]s\s+$")


def _as_frame(text: str, sentence: Sentence, cue: Cue, mention: Mention | None) -> tuple[int, int] | None:
    """'As Lind noted in a memo, the port is closed': a frame opened by 'as' and closed by a comma, its content after that comma."""
    if mention is None or not _AS_BEFORE.search(text[sentence.start : mention.start]):
        return None
    comma = text.find(",", cue.end, sentence.end)
    if comma < 0 or text[cue.end : comma].strip() and not (_SETTING.fullmatch(text, cue.end, comma) or _TIME.fullmatch(text, cue.end, comma)):
        return None
    start, stop = _trim(text, comma + 1, sentence.end)
    return (start, stop) if stop - start >= 8 else None


_COORDINATED = re.compile(r"\b(?:and|but|or|while|by|after|before|when)\s+(?:(?:also|then|later|again|still|even|instead|repeatedly|publicly)\s+)?$")
_STRAY_FIRST = frozenset("and but or while by after before when meanwhile week month year ago the past last".split())


def _stray(text: str, mention: Mention) -> bool:
    """Whether a mention found before a cue is no noun phrase but the tail of a verb phrase ('the debate', 'Tuesday and')."""
    words = text[mention.start : mention.end].split()
    return words[0].lower() in _STRAY_FIRST - {"the"} or words[-1].lower() in _STRAY_FIRST


def _clause_subject(text: str, sentence: Sentence, cue: Cue) -> Mention | None:
    """The subject opening the cue's sentence ('Trump praised Rubio and said ...'), a leading connective skipped."""
    start = sentence.start
    if m := _OPENER.match(text, start, cue.start):
        start = m.end()
    if text[start : start + 1] in "\"“”'`„«":
        return None
    return subject(text, start, cue.start)


def _parenthetical(text: str, sentence: Sentence, cue: Cue, mention: Mention) -> bool:
    """'He found no taker, he said, on condition of anonymity': a frame set off by commas inside its content."""
    head = text[sentence.start : mention.start].rstrip()
    return head.endswith(",") and len(head) > 12 and text[cue.end : cue.end + 1] == "," and not text[mention.end : cue.start].strip(" ")


def _inverted(text: str, sentence: Sentence, cue: Cue, mention: Mention | None) -> bool:
    """'In Decatur, the plant is hanging on, said its chief': a comma before the cue, a speaker after it and none at the clause start."""
    speaker = after(text, cue.end, sentence.end)
    if not text[sentence.start : cue.start].rstrip().endswith(",") or _THAT.match(text, cue.end) or speaker is None:
        return False
    if text[speaker.end : sentence.end].strip(_TRAIL) and text[speaker.end : speaker.end + 1] != ",":
        return False
    opener = _OPENER.match(text, sentence.start, sentence.end)
    return mention is None or mention.start not in {sentence.start, opener.end() if opener else sentence.start}


def _content_before(text: str, sentence: Sentence, cue: Cue, mention: Mention | None) -> tuple[tuple[int, int] | None, Mention | None]:
    """'CONTENT, Ban said.' or 'CONTENT, said Bob Mason, a ...': the content before a sentence-final frame."""
    rest = text[cue.end : sentence.end]
    if mention is not None and (_TIME.fullmatch(rest.rstrip(_TRAIL)) or _SETTING.fullmatch(rest.rstrip(_TRAIL)) or not rest.strip(_TRAIL)):
        comma = text.rfind(",", sentence.start, mention.start)
        if comma > sentence.start and not text[comma : mention.start].strip(", "):
            start, stop = _trim(text, sentence.start, comma)
            return ((start, stop) if stop - start >= 8 else None), mention
    if text[sentence.start : cue.start].rstrip().endswith(",") and not text[cue.start : cue.end].split()[0].endswith("ing"):
        inverted = after(text, cue.end, sentence.end)
        comma = text.rfind(",", sentence.start, cue.start)
        if inverted is not None and comma > sentence.start:
            start, stop = _trim(text, sentence.start, comma)
            return ((start, stop) if stop - start >= 8 else None), inverted
    return None, mention


def _according(text: str, sentence: Sentence, quotes: list[Quote]) -> list[Found]:
    """'according to X, CONTENT', 'CONTENT, according to X' and a poll's 'In a new poll, CONTENT' or 'CONTENT in the latest poll'."""
    found = []
    matches = [(m, "according to") for m in _ACCORDING.finditer(text, sentence.start, sentence.end)]
    matches += [(m, "in") for m in _IN_POLL.finditer(text, sentence.start, sentence.end)]
    for m, lemma in matches:
        if _inside(quotes, m.start()):
            continue
        mention = after(text, m.end(), sentence.end) or _source(text, m.end(), sentence.end)
        if lemma == "in":
            mention = Mention(m.start("who"), m.end("who"))
        if mention is None:
            continue
        tail_comma = text.find(",", mention.end, sentence.end)
        head = text[sentence.start : m.start()]
        leading = tail_comma > 0 and (m.start() - sentence.start < 3 or bool(_OPENER.fullmatch(head)) and head.rstrip().endswith(","))
        if lemma == "in" and not (leading and _TIME.fullmatch(text, mention.end, tail_comma + 1) or not leading and _poll_ends(text, sentence, mention)):
            continue
        start = _OPENER.match(text, sentence.start, m.start())
        content = _trim(text, tail_comma + 1, sentence.end) if leading else _trim(text, start.end() if start else sentence.start, m.start())
        if content[1] - content[0] >= 8:
            kind = "mixed" if _quoted(text, *content) else "indirect"
            cue = (m.start(), m.start() + len(lemma))
            found.append(Found(kind, sentence.field, [content], sentence, cue, lemma, "neutral_report", mention))
    return found


_IN_POLL = re.compile(r"\b[Ii]n\s+(?P<who>(?:[\w’'./&-]+\s+){0,7}?(?:[Pp]olls?|[Ss]urveys?)(?: released \w+)?)\b")
_SOURCE = re.compile(r"(?:(?:the|a|an|some|several|many|two|three|four)\s+)?(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*(?=[\s,.;])")


def _poll_ends(text: str, sentence: Sentence, mention: Mention) -> bool:
    """Whether a poll closes its sentence ('Trump leads in the latest poll.')."""
    return not text[mention.end : sentence.end].strip(_TRAIL) and text[mention.start : mention.end].lower() not in {"the polls", "polls"}


def _source(text: str, start: int, end: int) -> Mention | None:
    """A lowercase source after 'according to' ('people in attendance', 'exit polls', 'the department')."""
    m = _SOURCE.match(text, start, end)
    if m is None or text[m.start() : m.end()].split()[0] in _COORDINATED_WORDS:
        return None
    return Mention(m.start(), m.end())


_COORDINATED_WORDS = frozenset("and but or while by after before when that which who what how".split())


def _frame_start(claim: Found) -> int:
    """Where a claim's frame begins: its speaker when the speaker stands next to the cue, else the cue (', citing ...')."""
    cue = claim.cue[0] if claim.cue else claim.content[0][0]
    mention = claim.mention
    return mention.start if mention is not None and mention.start < cue and cue - mention.end < 40 else cue


def _cut(text: str, found: list[Found]) -> list[Found]:
    """End each claim's content where a later frame in its sentence begins (', adding that', ', he said')."""
    frames = sorted(_frame_start(f) for f in found)
    for claim in found:
        start, stop = claim.content[0]
        later = [p for p in frames if start < p < stop]
        if later:
            stop = _trim(text, start, later[0])[1]
            stop = stop - 4 if text[start:stop].endswith(" and") else stop
            claim.content[0] = _trim(text, start, stop)
    return [f for f in found if f.content[0][1] - f.content[0][0] >= 8]


def hedges(text: str, sentence: Sentence, quotes: list[Quote], taken: list[tuple[int, int]]) -> list[Found]:
    """The outlet's own hedged assertions ('is widely seen as', 'reportedly') as narrator claims."""
    found = []
    for m in _HEDGE.finditer(text, sentence.start, sentence.end):
        if _inside(quotes, m.start()) or any(a <= m.start() < b for a, b in taken):
            continue
        clause = max(text.rfind(",", sentence.start, m.start()) + 1, sentence.start)
        comma = text.find(",", m.end(), sentence.end)
        rest = _trim(text, m.end(), comma if comma > 0 else sentence.end)
        subject = _trim(text, clause, m.start())
        parts = [p for p in (subject, rest) if p[1] - p[0] > 1] if not m.group().endswith("ly") else [rest]
        if parts and sum(b - a for a, b in parts) >= 12:
            hedge = lexicon.NARRATOR_HEDGES[int(str(m.lastgroup)[1:])]
            found.append(Found("narrator", sentence.field, parts, sentence, (m.start(), m.end()), hedge.lemma, hedge.verb_class))
    return found


_OPEN_MARK = re.compile(r"(?:''|``|[\"“”„«])$")
_CLOSE_MARK = re.compile(r"''|[\"“”»]")
_THAT_BEFORE = re.compile(r"\bthat\s*,?\s*$")


def widen(text: str, claim: Found) -> None:
    """PolNeAR's content bounds: a quotation with its marks, reported speech with its 'that'."""
    spans = []
    for start, end in claim.content:
        opening = _OPEN_MARK.search(text, max(0, start - 2), start)
        closing = _CLOSE_MARK.match(text, end)
        if opening and (closing or claim.kind in {"direct_quote", "partial_quote"}):
            start = opening.start()
        if closing and (opening or text[start] in "\"“”'`„«"):
            end = closing.end()
        spans.append((start, end))
    that = _THAT_BEFORE.search(text, claim.cue[1], spans[0][0]) if claim.cue is not None and claim.cue[1] <= spans[0][0] else None
    if that is not None and claim.kind != "narrator":
        spans[0] = (that.start(), spans[0][1])
    claim.content = spans


_COLON = re.compile(r"(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|de|van|von)){0,4}):\s+(?=\S)")
_LABELS = frozenset(
    "update updated note editor's editors correction watch related photo photos video source read click subscribe abstract "
    "advertisement caption credit image listen more see also breaking exclusive opinion analysis live full text transcript".split()
)


def colon(text: str, sentence: Sentence, end: int, quotes: list[Quote]) -> Found | None:
    """'Ryan: Trump Must Apologize' or a transcript's 'Matthews: Well, ...': a name and a colon opening a headline or paragraph."""
    m = _COLON.match(text, sentence.start, sentence.end)
    if m is None or sentence.index != 0 or _inside(quotes, m.start()):
        return None
    who = m.group("who")
    if who.split()[0].lower().strip(".") in _LABELS or who.isupper() and len(who) > 3 or any(ch.isdigit() for ch in who):
        return None
    content = _trim(text, m.end(), end)
    if content[1] - content[0] < 8:
        return None
    kind = "mixed" if _quoted(text, *content) else "indirect"
    return Found(kind, sentence.field, [content], sentence, (m.end("who"), m.end("who") + 1), "say", "neutral_report", Mention(m.start(), m.end("who")))
