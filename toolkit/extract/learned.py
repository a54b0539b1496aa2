"""Learned attributions: a CRF tags cue words in a sentence, a second one tags each cue's source and content.

Both models are trained from PolNeAR's train split by `python -m maintainer.train` (from a checkout) and ship in `models/`; their
features (`toolkit.extract.features`) are single words, never corpus sentences. The span tagger reads the cue's
sentence with the sentences a quotation ties to it ('“A,” he said. “B.”'), so a content may run over sentences; it
marks a content's first and last tokens apart (CB, CE), and a content that opens a quotation runs to its close. It
was trained on cue runs as the cue tagger finds them, not on gold cues alone: a run too long ('vowed to impose') keeps
its last words for the content, and a run inside another's content ('said the plan drew criticism') gets none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.extract.features import Tagged, article_paragraphs, bounds, cue_features, parse_sentences, span_features, window
from toolkit.extract.neural import CUE_THRESHOLD as NEURAL_CUE
from toolkit.extract.neural import NOTE as NEURAL_NOTE
from toolkit.extract.neural import SOURCE_THRESHOLD as NEURAL_SOURCE
from toolkit.extract.neural import Request, labels_of, source_chances, tagger
from toolkit.extract.places import Places, overlap
from toolkit.extract.rules import Found
from toolkit.extract.speakers import Mention
from toolkit.extract.syntax import PARSER
from toolkit.extract.tokens import Token, kind
from toolkit.language import lexicon
from toolkit.language.quotes import Quote

CUE_MODEL = "cues.crfsuite"
SPAN_MODEL = "spans.crfsuite"


@cache
def _tagger(name: str, folder: str | None = None) -> Any:
    """A loaded model of `models/` (or of another folder); python-crfsuite is imported only when a model is needed."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    path = Path(folder) / name if folder else resources.files("toolkit.extract") / "models" / name
    tagger.open(str(path))
    return tagger


def runs(labels: list[str], label: str) -> list[tuple[int, int]]:
    """[first, last] token indices of each run of one label."""
    found: list[tuple[int, int]] = []
    for i, tag in enumerate(labels):
        if tag != label:
            continue
        if found and found[-1][1] == i - 1:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


# How likely a token must be a cue word to count, and a source word when the best labelling has no source: chosen on a
# fifth of PolNeAR's train split held out from training (a lower cue threshold trades precision for recall, F1 flat).
CUE_THRESHOLD = 0.4
SOURCE_THRESHOLD = 0.1


def cue_runs(item: Tagged, folder: str | None = None, threshold: float = CUE_THRESHOLD) -> list[tuple[int, int]]:
    """The cues the cue model finds in a sentence, as [first, last] token indices: tokens likely enough to be cue words."""
    if not item.tokens:
        return []
    tagger = _tagger(CUE_MODEL, folder)
    tagger.set(cue_features(item))
    return chance_runs(item, [tagger.marginal("K", i) for i in range(len(item.tokens))], threshold)


def chance_runs(item: Tagged, chances: list[float], threshold: float) -> list[tuple[int, int]]:
    """The runs of a sentence's tokens whose chance of being cue words reaches `threshold`, as [first, last] indices."""
    # A run stops at a comma: 'asserted, acknowledging' are two cues.
    marked = [item.tokens[i].text != "," and chances[i] >= threshold for i in range(len(item.tokens))]
    return [_unset(item.tokens, run) for run in runs(["K" if hit else "O" for hit in marked], "K")]


_SETTING = frozenset("at in during following after on".split())
_OCCASIONS = frozenset(
    "conference briefing interview interviews rally rallies event speech debate meeting hearing statement forum appearance session summit "
    "dinner luncheon breakfast convention ceremony address call broadcast show podcast program".split()
)


def _setting(tokens: list[Token], i: int) -> bool:
    """Whether a setting phrase ('at a press conference', 'in an interview') opens at tokens[i]."""
    return tokens[i].text.lower() in _SETTING and any(t.text.lower() in _OCCASIONS for t in tokens[i + 1 : i + 5])


def _unset(tokens: list[Token], run: tuple[int, int]) -> tuple[int, int]:
    """A cue run without the setting phrase it ends in ('remarked at a briefing', 'said in an interview'): where, not what."""
    first, last = run
    cut = next((i for i in range(first + 1, last + 1) if _setting(tokens, i)), None)
    return (first, cut - 1) if cut is not None else run


def cue_spans(item: Tagged, cue: tuple[int, int], others: set[int], sentence_of: list[int], folder: str | None = None) -> dict[str, Any]:
    """The source and content token runs the span model finds for one cue, its likeliest source first, and the runs of
    the cue's own tokens it keeps as cue words (in the cue's indices)."""
    tagger = _tagger(SPAN_MODEL, folder)
    labels = tagger.tag(span_features(item, cue, others, sentence_of))
    return read_spans(item, cue, labels, lambda: [tagger.marginal("S", i) for i in range(len(labels))], SOURCE_THRESHOLD)


def read_spans(item: Tagged, cue: tuple[int, int], labels: list[str], source_chances: Callable[[], list[float]], threshold: float) -> dict[str, Any]:
    """The source runs (likeliest first), content runs and own cue runs of one cue's labels, whichever tagger gave them;
    `source_chances` gives each token's chance of being a source word, asked for only when it is needed."""
    sources = runs(labels, "S")
    if len(sources) > 1:
        # Chosen on a fifth of PolNeAR's train split held out from training: the likeliest run beats the nearest, which is often
        # a noun of a clause between ('Kim praised the plan, thanked the mayor and said').
        likely = source_chances()
        sources.sort(key=lambda run: -max(likely[run[0] : run[1] + 1]))
    elif not sources:
        likely = source_chances()
        found = runs(["S" if p >= threshold else "O" for p in likely], "S")
        # The one the rules name, else the likeliest, not the nearest: 'Lind, who is seen as the next port director, has stressed'.
        ruled = next((r.source for r in item.ruled if any(cue[0] <= i <= cue[1] for i in r.cue)), frozenset())
        sources = [max(found, key=lambda run: (bool(ruled & set(range(run[0], run[1] + 1))), max(likely[run[0] : run[1] + 1])))] if found else []
    return {"source": sources, "content": content_runs(labels), "cue": runs(labels[cue[0] : cue[1] + 1], "K")}


def bounded(labels: list[str]) -> list[str]:
    """Content labels marking each run's bounds: CB its first token, CE its last, C the tokens between."""
    found = list(labels)
    for first, last in runs(labels, "C"):
        found[last] = "CE"
        found[first] = "CB"
    return found


def content_runs(labels: list[str]) -> list[tuple[int, int]]:
    """[first, last] token indices of each content run of bounded labels: a run opens at CB (or a C after no content) and closes at CE."""
    found: list[tuple[int, int]] = []
    inside = False
    for i, tag in enumerate(labels):
        if tag not in _CONTENT:
            inside = False
            continue
        if inside and tag != "CB":
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
        inside = tag != "CE"
    return found


_CONTENT = frozenset({"C", "CB", "CE"})


Learned = tuple[Tagged, tuple[int, int], list[tuple[int, int]], tuple[int, int] | None]


@dataclass(frozen=True)
class Asked:
    """One cue run to read: its sentence, the window around it, where the cue stands in the window, and the other cues there."""

    item: Tagged
    joined: Tagged
    cue: tuple[int, int]
    others: set[int]
    sentence_of: list[int]
    joint: list[int]  # the window's indices of the later cues that 'and' or 'but' opens


def asked(items: list[Tagged], quotes: list[Quote], found_cues: list[list[tuple[int, int]]]) -> list[Asked]:
    """Each cue run found in a paragraph's sentences (`found_cues`, one list per sentence) with the window the span tagger reads."""
    found = []
    for index, item in enumerate(items):
        cues = found_cues[index]
        if not cues:
            continue
        joined, offset, sentence_of = window(items, index, quotes)
        for first, last in cues:
            at = (first + offset, last + offset)
            others = {i + offset for a, b in cues if (a, b) != (first, last) for i in range(a, b + 1)}
            joint = [a + offset for a, _ in cues if a + offset > at[1] and joined.tokens[a + offset - 1].text.lower() in _JOINING]
            found.append(Asked(item, joined, at, others, sentence_of, joint))
    return found


def learned(one: Asked, tags: dict[str, Any]) -> Learned | None:
    """(sentence, cue, content spans, source span), in characters, of a cue run read as `tags` (`read_spans`), or None
    where the reading gives no content."""
    tokens, at = one.joined.tokens, one.cue
    if tags["cue"]:
        # The cue as the span tagger reads it: a run too long ('vowed to impose') gives its last words to the content.
        at = (at[0] + tags["cue"][0][0], at[0] + tags["cue"][-1][1])
    joint = [a for a in one.joint if a > at[1]]
    merged = _merged(_cut(tokens, tags["content"], joint), at, tags["source"])
    runs_ = [(a, b) for a, b in merged if not (a == at[1] + 1 and _setting(tokens, a)) and _worded(tokens, a, b)]
    content = [(tokens[a].start, tokens[b].end) for a, b in runs_]
    if not content or _bare(tokens, runs_):
        return None
    sources = [r for r in tags["source"] if not _stray(tokens, r)]
    source = (tokens[sources[0][0]].start, tokens[sources[0][1]].end) if sources else None
    return one.item, (tokens[at[0]].start, tokens[at[1]].end), content, source


def _cut(tokens: list[Token], runs_: list[tuple[int, int]], joint: list[int]) -> list[tuple[int, int]]:
    """Content runs ending before the first of the `joint` cues they hold (cues that 'and' or 'but' opens): 'rails against
    A and pledges to B' is two claims, not one whose content runs over the second."""
    found = []
    for first, last in runs_:
        cut = next((i for i in sorted(joint) if first < i <= last), None)
        if cut is not None:
            last = cut - 1
            while last >= first and tokens[last].text.lower() in _LINKS:
                last -= 1
        if last >= first:
            found.append((first, last))
    return found


_JOINING = frozenset({"and", "but"})
_LINKS = frozenset({"and", "but", "or", "then", "also", ",", ";", "—", "–", "-", "--"})


def _merged(runs_: list[tuple[int, int]], cue: tuple[int, int], sources: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content runs with the gaps of at most `_GAP` tokens between them closed, unless the cue or a source stands there."""
    found: list[tuple[int, int]] = []
    taken = {i for a, b in [cue, *sources] for i in range(a, b + 1)}
    for a, b in runs_:
        if found and a - found[-1][1] - 1 <= _GAP and not taken & set(range(found[-1][1] + 1, a)):
            found[-1] = (found[-1][0], b)
        else:
            found.append((a, b))
    return found


# Chosen on a fifth of PolNeAR's train split held out from training: content runs a word or two apart are one content.
_GAP = 2


def _worded(tokens: list[Token], first: int, last: int) -> bool:
    """Whether a run of tokens holds a word (not marks alone, as '“”')."""
    return any(t.text[0].isalnum() for t in tokens[first : last + 1])


def _bare(tokens: list[Token], runs_: list[tuple[int, int]]) -> bool:
    """Whether a content is a lone pronoun or function word ('She', 'that'), which says nothing."""
    return len(runs_) == 1 and runs_[0][0] == runs_[0][1] and kind(tokens[runs_[0][0]].text.lower()) in _BARE


_BARE = frozenset({"det", "pro", "aux", "comp", "prep"})


_FUNCTION_WORDS = frozenset("and but or nor so yet in on at by for with from to of after before when while as if than then more the a an".split())


def _stray(tokens: list[Token], run: tuple[int, int]) -> bool:
    """Whether a source run is a lone function word or mark ('and', 'In'), which names no one."""
    return run[0] == run[1] and (tokens[run[0]].text.lower() in _FUNCTION_WORDS or not tokens[run[0]].text[0].isalnum())


def learned_claims(article: dict[str, Any], rules: list[Found], folder: str | None = None, parser: str = PARSER, neural: bool = False) -> list[Found]:
    """The attributions the taggers find in an article's headline and body, the rules' findings among their features:
    the two CRF taggers, or the neural tagger (`toolkit.extract.neural`) with `neural`.

    Cues come first; the sentences the span tagger will read around them are then parsed together (`parser`): the CRF
    span tagger reads the parse, and cue lemmas come from it ('has hailed' -> hail).
    """
    paragraphs = list(article_paragraphs(article, rules))
    if neural:
        model = tagger(folder)
        chances = iter(model.cue_chances([item for _, _, items, _ in paragraphs for item in items]))
        cues = [[chance_runs(item, next(chances), NEURAL_CUE) for item in items] for _, _, items, _ in paragraphs]
    else:
        cues = [[cue_runs(item, folder) for item in items] for _, _, items, _ in paragraphs]
    chosen = []
    for (_, text, items, quotes), runs_ in zip(paragraphs, cues, strict=True):
        wanted: set[int] = set()
        for index in (i for i, found_runs in enumerate(runs_) if found_runs):
            first, last = bounds(items, index, quotes)
            wanted.update(range(first, last + 1))
        chosen += [(text, items, k) for k in sorted(wanted)]
    parse_sentences(chosen, parser)
    found, places = [], Places(rules)
    relays = [r for r in rules if r.intermediary]
    # The parses are in the items now: the windows are made after parsing.
    reads = [(field, text, quotes, one) for (field, text, items, quotes), runs_ in zip(paragraphs, cues, strict=True) for one in asked(items, quotes, runs_)]
    if neural:
        spans = model.span_chances([Request(one.joined, one.cue) for _, _, _, one in reads])
        tags = [
            read_spans(one.joined, one.cue, labels_of(words), functools.partial(source_chances, words), NEURAL_SOURCE)
            for (_, _, _, one), words in zip(reads, spans, strict=True)
        ]
    else:
        tags = [cue_spans(one.joined, one.cue, one.others, one.sentence_of, folder) for _, _, _, one in reads]
    for (field, text, quotes, one), read in zip(reads, tags, strict=True):
        got = learned(one, read)
        if got is None:
            continue
        item, cue, content, source = got
        content = [_whole(text, span, quotes) for span in content]
        lemma = cue_lemma(text[cue[0] : cue[1]], item, cue)
        kind = "belief" if lemma in lexicon.BELIEF else quote_kind(text, content)
        none = _no_source(text, cue, item.sentence.start)
        mention = Mention(*source) if source is not None and not none else None
        if mention is not None and _relay(field, mention, content, relays):
            continue
        claim = Found(
            kind,
            field,
            content,
            item.sentence,
            cue,
            lemma,
            lexicon.cue_class(lemma),
            mention,
            method="model",
            sourceless=none,
            note=NEURAL_NOTE if neural else None,
        )
        ruled = next((rules[n] for n in places.near(field, cue) if overlap(rules[n].cue, cue)), None)
        if ruled is not None:
            claim.intermediary = ruled.intermediary
        found.append(claim)
    return found


def _relay(field: str, mention: Mention, content: list[tuple[int, int]], relays: list[Found]) -> bool:
    """Whether an attribution is the relay the rules found of another one ('Stubb confirmed that X, as reported by
    Reuters'): its source is the relay's, and its content holds the relayed claim's. The relay is the other claim's
    intermediary (`relays`: the rules' attributions that have one), not a claim of its own."""
    span = (mention.start, mention.end)
    return any(
        held.field == field and any(overlap((m.start, m.end), span) for _, m in held.intermediary) and any(overlap(a, b) for a in held.content for b in content)
        for held in relays
    )


def _whole(text: str, span: tuple[int, int], quotes: list[Quote]) -> tuple[int, int]:
    """A content run holding a quotation's opening but stopping inside it (or its closing, starting inside it) run to its marks: quotations are whole."""
    start, end = span
    for a, b in (part for q in quotes for part in q.spans):
        if start <= a < end < b:
            closing = _MARK.match(text, b)
            return start, closing.end() if closing else b
        if a < start < b <= end:
            opening = _OPENED.search(text, max(0, a - 2), a)
            return opening.start() if opening else a, end
    return span


_OPENED = re.compile(r"(?:''|``|[\"“”„«])$")


_SEEMING = frozenset("seem seems seemed seeming".split())
_BE = frozenset("is was are were been be being".split())


def _no_source(text: str, cue: tuple[int, int], start: int) -> bool:
    """Whether a cue in a sentence starting at `start` names no source, unless its agent follows ('was echoed by Lind', 'asked by Lind')."""
    if text[cue[1] : cue[1] + 4].lower() == " by ":
        return False
    return _sourceless(text, cue) or _put(text, cue, start)


def _sourceless(text: str, cue: tuple[int, int]) -> bool:
    """Whether a cue names no source of its own: 'seemed', or a passive without an agent ('is considered', 'has also been mentioned')."""
    words = text[cue[0] : cue[1]].lower().split()
    if _SEEMING & set(words):
        return True
    if "by" in words:
        return False
    before = [w for w in text[max(0, cue[0] - 30) : cue[0]].lower().split()[-3:] if w not in _ADVERBS]
    words = before + [w for w in words if w not in _ADVERBS]
    # An auxiliary before the cue counts only with its participle in the cue ('was | once asked', not 'was announced and | said').
    be = [i for i, w in enumerate(words[:-1]) if w in _BE and i + 1 >= len(before)]
    following = words[be[-1] + 1] if be else ""
    return (following.endswith("ed") or following in _IRREGULAR) and following not in _FEELING


#: Adverbs that may stand between an auxiliary and its participle ('was once asked', 'has also been mentioned').
_ADVERBS = frozenset("not also widely once often still never long just already".split())
#: Past participles not in -ed.
_IRREGULAR = frozenset("known written seen shown given told thought held said drawn taken made brought meant understood heard found kept".split())
#: Participles of feeling and conviction, whose subject holds the view: 'they are convinced', 'he is worried'.
_FEELING = frozenset(
    "convinced concerned worried pleased disappointed surprised committed determined prepared interested excited alarmed frustrated "
    "confused troubled opposed inclined persuaded satisfied dismayed outraged shocked relieved encouraged united divided agreed scared".split()
)


_PUT = frozenset("asked told pressed questioned".split())
_WHEN = re.compile(r"\b(?:when|if|after|before|once|as|until|while)\s+$", re.IGNORECASE)


def _put(text: str, cue: tuple[int, int], start: int) -> bool:
    """Whether a cue is a question put to the speaker, not asked by one ('When asked about it, he said', 'Asked whether ...')."""
    words = text[cue[0] : cue[1]].split()
    if not words or words[0].lower() not in _PUT:
        return False
    return not text[start : cue[0]].strip(" \"“”'") or bool(_WHEN.search(text, max(start, cue[0] - 12), cue[0]))


def cue_lemma(cue: str, item: Tagged | None = None, span: tuple[int, int] | None = None) -> str:
    """The lemma of a cue: its first word that is a known cue verb form; else, where the sentence was parsed, the lemma of
    its last verb ('has hailed' -> 'hail'); else the cue lowercased."""
    words = cue.lower().split()
    known = next((lexicon.FORM_LEMMA[w] for w in words if w in lexicon.FORM_LEMMA), None)
    if known is not None:
        return known
    if item is not None and span is not None and item.syntax and " ".join(words) not in _FIXED_CUES:
        verbs = [p.lemma for t, p in zip(item.tokens, item.syntax, strict=False) if span[0] <= t.start < span[1] and p.tag.startswith("VB") and p.lemma]
        main = [v for v in verbs if v not in _AUXILIARIES]
        if main:
            return main[-1]
    return " ".join(words)


# Cues kept as written: a fixed phrase ('according to') and auxiliaries alone ('is', 'has') are no verb to lemmatize.
_FIXED_CUES = frozenset(["according to"])
_AUXILIARIES = frozenset("be have do will would shall should can could may might must".split())


_MARK = re.compile(r"''|``|[\"“”„«»]")


def quote_kind(text: str, content: list[tuple[int, int]]) -> str:
    """direct_quote when each fragment is one quotation (a leading "that" aside; partial_quote for a few words), mixed with marks, else indirect."""
    fragments = [re.sub(r"^that\s+", "", text[a:b].strip().rstrip(".,;:!?")) for a, b in content]
    if not any(_MARK.search(f) for f in fragments):
        return "indirect"
    whole = all(_MARK.match(f) and _MARK.search(f[-2:]) and len(_MARK.findall(f)) == 2 for f in fragments)
    if not whole:
        return "mixed"
    return "direct_quote" if sum(len(f.split()) for f in fragments) >= 5 else "partial_quote"
