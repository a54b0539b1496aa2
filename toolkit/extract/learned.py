"""Learned attributions: a CRF tags cue words in a sentence, a second one tags each cue's source and content.

Both models are trained from PolNeAR's train split by `python -m toolkit.extract.train` and ship in `models/`.
Their features are single words (the token, its neighbours, stem, shape, word class), whether it is quoted, what
the rules found there (cue, content, source), and for the span tagger its side of and distance to the cue, the
commas, other cues and content heads ('that', 'to') between them, the word before it and the word opening its
clause; never corpus sentences. The span tagger reads the cue's sentence with the sentences a quotation ties to it
('“A,” he said. “B.”'), so a content may run over sentences; it marks a content's first and last tokens apart
(CB, CE), and a content that opens a quotation runs to its close.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.extract import lexicon, wordclasses
from toolkit.extract.quotes import Quote, find_quotes
from toolkit.extract.rules import Found
from toolkit.extract.segments import Sentence, field_paragraphs, sentences
from toolkit.extract.speakers import Mention
from toolkit.extract.tokens import Token, kind, stem, tokenize, word_features

CUE_MODEL = "cues.crfsuite"
SPAN_MODEL = "spans.crfsuite"
_BUCKETS = (1, 2, 3, 4, 6, 10, 15, 25)


@dataclass(frozen=True)
class Ruled:
    """A rule-found attribution in token indices of a sentence: its cue, content and source tokens."""

    cue: frozenset[int]
    content: frozenset[int]
    source: frozenset[int]


@dataclass(frozen=True)
class Tagged:
    """One sentence ready for tagging: its tokens, their word features and the rules' attributions in it."""

    sentence: Sentence
    tokens: list[Token]
    features: list[list[str]]
    ruled: list[Ruled]


def _covered(tokens: list[Token], spans: list[tuple[int, int]]) -> frozenset[int]:
    """The indices of the tokens overlapping any of the spans."""
    ends, found = [t.end for t in tokens], set()
    for a, b in spans:
        i = bisect_right(ends, a)
        while i < len(tokens) and tokens[i].start < b:
            found.add(i)
            i += 1
    return frozenset(found)


def _ruled(tokens: list[Token], sentence: Sentence, rules: list[Found]) -> list[Ruled]:
    """The rule-found attributions whose cue stands in a sentence, in its token indices."""
    found = []
    for claim in rules:
        if claim.field != sentence.field or claim.cue is None or not sentence.start <= claim.cue[0] < sentence.end:
            continue
        source = [(claim.mention.start, claim.mention.end)] if claim.mention else []
        found.append(Ruled(_covered(tokens, [claim.cue]), _covered(tokens, claim.content), _covered(tokens, source)))
    return [r for r in found if r.cue]


def tagged(text: str, sentence: Sentence, quotes: list[Quote], rules: list[Found]) -> Tagged:
    """A sentence's tokens and features: words, quotation marks, and the rules' cues, contents and sources."""
    tokens = tokenize(text, sentence.start, sentence.end)
    spans = [span for q in quotes for span in q.spans if span[0] < sentence.end and sentence.start < span[1]]
    inside = [any(a <= t.start < b for a, b in spans) for t in tokens]
    features = word_features(tokens, inside)
    ruled = _ruled(tokens, sentence, rules)
    for r in ruled:
        for marks, name in ((r.cue, "rk"), (r.content, "rc"), (r.source, "rs")):
            for i in marks:
                if name not in features[i]:
                    features[i].append(name)
    return Tagged(sentence, tokens, features, ruled)


def _bucket(distance: int) -> str:
    return _BUCKET[distance] if distance < len(_BUCKET) else "99"


_BUCKET = tuple(str(next((b for b in _BUCKETS if d <= b), 99)) for d in range(_BUCKETS[-1] + 1))


def window(items: list[Tagged], index: int, quotes: list[Quote]) -> tuple[Tagged, int, list[int]]:
    """The sentence `index` of a paragraph with the neighbours a quotation ties it to, as one item; its first token's index; each token's sentence offset."""
    first = last = index
    while first > 0 and index - first < 2 and _tied(items[first - 1], items[first], quotes):
        first -= 1
    while last + 1 < len(items) and last - index < 2 and (_tied(items[last], items[last + 1], quotes) or _goes_on(items[last + 1], items[index])):
        last += 1
    chosen = items[first : last + 1]
    offset = sum(len(item.tokens) for item in chosen[: index - first])
    sentence_of = [n - (index - first) for n, item in enumerate(chosen) for _ in item.tokens]
    if len(chosen) == 1:
        return chosen[0], 0, sentence_of
    tokens = [t for item in chosen for t in item.tokens]
    features = [f for item in chosen for f in item.features]
    ruled, shift = [], 0
    for item in chosen:
        ruled += [Ruled(*(frozenset(i + shift for i in marks) for marks in (r.cue, r.content, r.source))) for r in item.ruled]
        shift += len(item.tokens)
    return Tagged(items[index].sentence, tokens, features, ruled), offset, sentence_of


def _tied(one: Tagged, other: Tagged, quotes: list[Quote]) -> bool:
    """Whether a quotation runs from one sentence into the next."""
    return any(a < one.sentence.end and other.sentence.start < b for q in quotes for a, b in q.spans)


def _goes_on(item: Tagged, cued: Tagged) -> bool:
    """Whether a sentence opens with a quotation mark after a cue sentence holding quotation marks ('“A,” he said. “B.”')."""
    return bool(item.tokens) and item.tokens[0].text in _MARKS and any(t.text in _MARKS for t in cued.tokens)


_MARKS = frozenset({'"', "“", "”", "''", "``"})


def span_features(item: Tagged, cue: tuple[int, int], others: set[int], sentence_of: list[int] | None = None) -> list[list[str]]:
    """Word features plus each token's place relative to one cue [first, last], the other cues and the cue's sentence."""
    first, last = cue
    words = [t.text.lower() for t in item.tokens]
    breaks = [w in _BREAKS for w in words]
    commas, heads = _running(breaks), _running(w in _HEADS for w in words)
    cued = _running(i in others for i in range(len(words)))
    openers = _openers(words, breaks)
    ends = ("s" if not any(w[0].isalnum() for w in words[:first]) else "m") + ("e" if not any(w[0].isalnum() for w in words[last + 1 :]) else "m")
    own = next((r for r in item.ruled if any(first <= i <= last for i in r.cue)), None)
    found = []
    for i, features in enumerate(item.features):
        rel, distance, between, other = _relation(i, first, last, commas, cued)
        extra = [
            "r=" + rel,
            f"rd={rel}{_bucket(distance)}",
            f"rc={rel}{min(between, 3)}",
            f"rh={rel}|{words[first]}",
            f"rt={rel}|{words[last]}",
            f"ro={rel}{min(other, 2)}",
            f"re={rel}{ends}",
            f"rw={rel}|{words[i]}",
            f"rkd={rel}{_bucket(distance)}|{kind(words[i])}",
            f"rb={rel}|{words[i - 1] if i else '<s>'}|{words[i]}",
            f"rx={rel}{min(_between(i, first, last, heads), 2)}",
        ]
        if between:
            extra.append(f"rl={rel}|{openers[i]}")
        if i in others:
            extra.append("oc")
        if sentence_of and sentence_of[i]:
            extra += [f"so={sentence_of[i]}", f"rso={rel}{sentence_of[i]}"]
        if own is None:
            extra.append("nr")
        elif i in own.content or i in own.source:
            extra.append("RC" if i in own.content else "RS")
        found.append(features + extra)
    return found


_BREAKS = frozenset({",", "—", "–", "--", ":", ";"})
# Words that head a content after its cue: 'told the people that ...', 'urged women to ...'.
_HEADS = frozenset({"that", "to", "whether", "if", ":", '"', "“", "``"})


def _between(i: int, first: int, last: int, counts: list[int]) -> int:
    """How many flagged tokens stand between token i and the cue [first, last] (none inside the cue)."""
    if i < first:
        return counts[first] - counts[i + 1]
    return counts[i] - counts[last + 1] if i > last else 0


def _openers(words: list[str], breaks: list[bool]) -> list[str]:
    """The word opening each token's clause: the first after the nearest comma or dash before it ('and', 'who', a participle)."""
    found, opener = [], "<s>"
    for i, word in enumerate(words):
        if i and breaks[i - 1]:
            opener = word if word in _OPENERS else "ing" if word.endswith("ing") else kind(word)
        found.append(opener)
    return found


_OPENERS = frozenset("and but or which who whom whose where when while as although though because since so including according".split())


def _running(flags: Iterable[bool]) -> list[int]:
    """How many flags are set before each position (one more position than flags)."""
    counts = [0]
    for flag in flags:
        counts.append(counts[-1] + flag)
    return counts


def _relation(i: int, first: int, last: int, commas: list[int], cued: list[int]) -> tuple[str, int, int, int]:
    """Token i's side of the cue (Before, Kue, After), its distance, and the commas and other cue tokens between them."""
    if i < first:
        return "B", first - i, commas[first] - commas[i + 1], cued[first] - cued[i + 1]
    if i > last:
        return "A", i - last, commas[i] - commas[last + 1], cued[i] - cued[last + 1]
    return "K", 0, 0, 0


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


def cue_features(item: Tagged) -> list[list[str]]:
    """The cue tagger's features: the word features, a wider window, word pairs, the word classes of a word and its neighbours,
    cue words beside it, its place in the sentence and its distance to the sentence's quotation marks."""
    words = [t.text.lower() for t in item.tokens]
    padded = ["<s>"] * 3 + words + ["</s>"] * 3
    listed = [w in lexicon.FORM_LEMMA for w in ("<s>", *words, "</s>")]
    grains = [wordclasses.classes(w) for w in padded]
    marks = [i for i, w in enumerate(words) if w in _MARKS]
    found = []
    for i, features in enumerate(item.features):
        p = i + 3
        extra = [
            "sq" if marks else "nq",
            "w-3=" + padded[p - 3],
            "w+3=" + padded[p + 3],
            f"b-={padded[p - 1]}|{padded[p]}",
            f"b+={padded[p]}|{padded[p + 1]}",
            "st-1=" + stem(padded[p - 1]),
            "st+1=" + stem(padded[p + 1]),
            "p=" + ("0" if i == 0 else "1" if i == 1 else "e" if i >= len(words) - 2 else "m"),
        ]
        extra += ["lex-1"] * listed[i] + ["lex+1"] * listed[i + 2]
        extra += _marks_near(i, marks) + _classes(padded, grains, p)
        found.append(features + extra)
    return found


def _marks_near(i: int, marks: list[int]) -> list[str]:
    """How far the nearest quotation marks before and after a token stand, bucketed; none when the sentence has none."""
    if not marks:
        return []
    before = min((i - m for m in marks if m < i), default=99)
    after = min((m - i for m in marks if m > i), default=99)
    return ["ql=" + _bucket(before), "qr=" + _bucket(after)]


def _classes(words: list[str], grains: list[tuple[str, ...] | None], p: int) -> list[str]:
    """The classes of the word at p (padded) at each grain, its neighbours' two either side at the middle grain, and
    the word paired with its neighbours' classes ('said' before a class of nouns)."""
    word, previous, following = grains[p], grains[p - 1], grains[p + 1]
    found = [f"c{n}={c}" for n, c in zip((6, 8, 10), word, strict=True)] if word else []
    found += [f"c8{d:+d}={near[1]}" for d in (-2, -1, 1, 2) if (near := grains[p + d])]
    if previous:
        found.append(f"cw-1={previous[1]}|{words[p]}")
    if following:
        found.append(f"wc+1={words[p]}|{following[1]}")
    return found


def cue_runs(item: Tagged, folder: str | None = None, threshold: float = CUE_THRESHOLD) -> list[tuple[int, int]]:
    """The cues the cue model finds in a sentence, as [first, last] token indices: tokens likely enough to be cue words."""
    if not item.tokens:
        return []
    tagger = _tagger(CUE_MODEL, folder)
    tagger.set(cue_features(item))
    # A run stops at a comma: 'asserted, acknowledging' are two cues.
    marked = [item.tokens[i].text != "," and tagger.marginal("K", i) >= threshold for i in range(len(item.tokens))]
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
    """The source and content token runs the span model finds for one cue, its likeliest source first."""
    tagger = _tagger(SPAN_MODEL, folder)
    labels = tagger.tag(span_features(item, cue, others, sentence_of))
    sources = runs(labels, "S")
    if len(sources) > 1:
        # Chosen on a fifth of PolNeAR's train split held out from training: the likeliest run beats the nearest, which is often
        # a noun of a clause between ('Kim praised the plan, thanked the mayor and said').
        likely = [tagger.marginal("S", i) for i in range(len(labels))]
        sources.sort(key=lambda run: -max(likely[run[0] : run[1] + 1]))
    elif not sources:
        likely = [tagger.marginal("S", i) for i in range(len(labels))]
        found = runs(["S" if p >= SOURCE_THRESHOLD else "O" for p in likely], "S")
        # The one the rules name, else the likeliest, not the nearest: 'Lind, who is seen as the next port director, has stressed'.
        ruled = next((r.source for r in item.ruled if any(cue[0] <= i <= cue[1] for i in r.cue)), frozenset())
        sources = [max(found, key=lambda run: (bool(ruled & set(range(run[0], run[1] + 1))), max(likely[run[0] : run[1] + 1])))] if found else []
    return {"source": sources, "content": content_runs(labels)}


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


def learned(items: list[Tagged], quotes: list[Quote], folder: str | None = None) -> list[Learned]:
    """(sentence, cue, content spans, source span), in characters, for each cue the models find in a paragraph's sentences."""
    found = []
    for index, item in enumerate(items):
        cues = cue_runs(item, folder)
        if not cues:
            continue
        joined, offset, sentence_of = window(items, index, quotes)
        tokens = joined.tokens
        for first, last in cues:
            at = (first + offset, last + offset)
            others = {i + offset for a, b in cues if (a, b) != (first, last) for i in range(a, b + 1)}
            tags = cue_spans(joined, at, others, sentence_of, folder)
            runs_ = [(a, b) for a, b in _merged(tags["content"], at, tags["source"]) if not (a == at[1] + 1 and _setting(tokens, a)) and _worded(tokens, a, b)]
            content = [(tokens[a].start, tokens[b].end) for a, b in runs_]
            if not content or _bare(tokens, runs_):
                continue
            sources = [r for r in tags["source"] if not _stray(tokens, r)]
            source = (tokens[sources[0][0]].start, tokens[sources[0][1]].end) if sources else None
            found.append((item, (tokens[at[0]].start, tokens[at[1]].end), content, source))
    return found


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


def article_paragraphs(article: dict[str, Any], rules: list[Found]) -> Iterator[tuple[str, str, list[Tagged], list[Quote]]]:
    """Each paragraph of an article: its field, the field's text, its sentences tagged for features, and the field's quotations."""
    for field in ("headline", "body"):
        text = str(article.get("headline" if field == "headline" else "text") or "")
        quotes = find_quotes(text, [(a, b) for f, _, a, b in field_paragraphs(article) if f == field], field)
        paragraphs: dict[int, list[Tagged]] = defaultdict(list)
        for sentence in (s for s in sentences(article) if s.field == field):
            paragraphs[sentence.paragraph].append(tagged(text, sentence, quotes, rules))
        for items in paragraphs.values():
            yield field, text, items, quotes


def learned_claims(article: dict[str, Any], rules: list[Found], folder: str | None = None) -> list[Found]:
    """The attributions the models find in an article's headline and body, the rules' findings among their features."""
    found = []
    for field, text, items, quotes in article_paragraphs(article, rules):
        for item, cue, content, source in learned(items, quotes, folder):
            content = [_whole(text, span, quotes) for span in content]
            lemma = cue_lemma(text[cue[0] : cue[1]])
            kind = "belief" if lemma in lexicon.BELIEF else quote_kind(text, content)
            mention = Mention(*source) if source is not None and not _sourceless(text[cue[0] : cue[1]]) and not _put(text, cue, item.sentence.start) else None
            claim = Found(kind, field, content, item.sentence, cue, lemma, lexicon.cue_class(lemma), mention, method="model")
            ruled = next((r for r in rules if r.field == field and r.cue is not None and r.cue[0] < cue[1] and cue[0] < r.cue[1]), None)
            if ruled is not None:
                claim.intermediary = ruled.intermediary
            found.append(claim)
    return found


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


def _sourceless(cue: str) -> bool:
    """Whether a cue names no source of its own: 'seemed', or a passive ('is considered', 'have been deemed') without an agent."""
    words = cue.lower().split()
    return bool(_SEEMING & set(words)) or bool(_BE & set(words)) and words[-1].endswith("ed") and "by" not in words


_PUT = frozenset("asked told pressed questioned".split())
_WHEN = re.compile(r"\b(?:when|if|after|before|once|as|until|while)\s+$", re.IGNORECASE)


def _put(text: str, cue: tuple[int, int], start: int) -> bool:
    """Whether a cue is a question put to the speaker, not asked by one ('When asked about it, he said', 'Asked whether ...')."""
    words = text[cue[0] : cue[1]].split()
    if not words or words[0].lower() not in _PUT:
        return False
    return not text[start : cue[0]].strip(" \"“”'") or bool(_WHEN.search(text, max(start, cue[0] - 12), cue[0]))


def cue_lemma(cue: str) -> str:
    """The lemma of a cue: its first word that is a known cue verb form, else the cue lowercased."""
    words = cue.lower().split()
    return next((lexicon.FORM_LEMMA[w] for w in words if w in lexicon.FORM_LEMMA), " ".join(words))


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
