"""Sentences made ready for the learned taggers, and the features each tagger reads.

Features are single words: the token, its neighbours, stem, shape, rough word class, whether it is quoted, and what
the rules found there (cue, content, source). The cue tagger adds a wider window, word pairs, the distance to the
sentence's quotation marks and word classes (`wordclasses`); the span tagger adds each token's side of and distance
to the cue, the commas, other cues and content heads ('that', 'to') between them, the word before it, the word
opening its clause and, from a dependency parse (`syntax`), how it hangs from the cue's head. No feature holds more
than a word or two of any sentence.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.extract.places import Places
from toolkit.extract.rules import Found
from toolkit.extract.syntax import Parsed, parse
from toolkit.extract.tokens import Token, kind, stem, tokenize, word_features
from toolkit.extract.wordclasses import classes
from toolkit.language import lexicon
from toolkit.language.quotes import Quote, find_quotes
from toolkit.language.segments import Sentence, field_paragraphs, sentences

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
    syntax: tuple[Parsed, ...] = ()  # each token's parse (`syntax`), where the sentence was parsed


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


def bounds(items: list[Tagged], index: int, quotes: list[Quote]) -> tuple[int, int]:
    """The first and last sentence of the window of sentence `index`: it and the neighbours a quotation ties it to."""
    first = last = index
    while first > 0 and index - first < 2 and _tied(items[first - 1], items[first], quotes):
        first -= 1
    while last + 1 < len(items) and last - index < 2 and (_tied(items[last], items[last + 1], quotes) or _goes_on(items[last + 1], items[index])):
        last += 1
    return first, last


def window(items: list[Tagged], index: int, quotes: list[Quote]) -> tuple[Tagged, int, list[int]]:
    """The sentence `index` of a paragraph with the neighbours a quotation ties it to, as one item; its first token's index; each token's sentence offset."""
    first, last = bounds(items, index, quotes)
    chosen = items[first : last + 1]
    offset = sum(len(item.tokens) for item in chosen[: index - first])
    sentence_of = [n - (index - first) for n, item in enumerate(chosen) for _ in item.tokens]
    if len(chosen) == 1:
        return chosen[0], 0, sentence_of
    tokens = [t for item in chosen for t in item.tokens]
    features = [f for item in chosen for f in item.features]
    ruled, syntax, shift = [], [], 0
    for item in chosen:
        ruled += [Ruled(*(frozenset(i + shift for i in marks) for marks in (r.cue, r.content, r.source))) for r in item.ruled]
        syntax += [Parsed(p.dep, p.tag, p.head + shift, p.left + shift, p.right + shift, p.lemma) for p in item.syntax]
        shift += len(item.tokens)
    # A window's tokens have parses when each of its sentences has one.
    return Tagged(items[index].sentence, tokens, features, ruled, tuple(syntax) if len(syntax) == len(tokens) else ()), offset, sentence_of


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
    tree = _Tree(item.syntax, first, last) if item.syntax else None
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
        if tree is not None:
            extra += tree.features(i, rel)
        if own is None:
            extra.append("nr")
        elif i in own.content or i in own.source:
            extra.append("RC" if i in own.content else "RS")
        found.append(features + extra)
    return found


class _Tree:
    """The parse of a span tagger's window seen from one cue: the cue's head (its word whose head is outside it) and its path to the root."""

    def __init__(self, syntax: tuple[Parsed, ...], first: int, last: int) -> None:
        self.syntax, self.first, self.last = syntax, first, last
        self.head = next((i for i in range(first, last + 1) if not first <= syntax[i].head <= last or syntax[i].head == i), first)
        self.path = self.up(self.head)

    def up(self, i: int) -> list[int]:
        """Token i and its heads up to its sentence's root (a loop, which no parse should hold, stops it too)."""
        path = [i]
        while (head := self.syntax[path[-1]].head) != path[-1] and head not in path:
            path.append(head)
        return path

    def features(self, i: int, rel: str) -> list[str]:
        """Token i's relation and tag, and how it hangs from the cue: through which of the cue head's relations
        ('via=ccomp', 'via=nsubj'), at that subtree's first or last token, or from which common head ('up=prep|nsubj')."""
        parsed = self.syntax[i]
        found = ["dp=" + parsed.dep, "tg=" + parsed.tag, f"rdp={rel}|{parsed.dep}"]
        if self.first <= i <= self.last:
            return found
        mine = self.up(i)
        if self.head in mine:
            child = self.syntax[mine[mine.index(self.head) - 1]]
            found += ["via=" + child.dep, *["vb=" + child.dep] * (i == child.left), *["ve=" + child.dep] * (i == child.right)]
            return [*found, f"viad={child.dep}|{'d' if mine[1] == self.head else 'n'}"]
        common = next((a for a in mine if a in self.path), None)
        if common is None:
            return [*found, "via=none"]
        cue_side = self.path[self.path.index(common) - 1] if common != self.head else common
        own_side = mine[mine.index(common) - 1] if common != i else common
        ours = self.syntax[own_side].dep if own_side != common else "self"
        found.append(f"up={self.syntax[cue_side].dep if cue_side != common else 'self'}|{ours}")
        if own_side != common:
            found += ["ub=" + ours] * (i == self.syntax[own_side].left) + ["ue=" + ours] * (i == self.syntax[own_side].right)
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


def cue_features(item: Tagged) -> list[list[str]]:
    """The cue tagger's features: the word features, a wider window, word pairs, the word classes of a word and its neighbours,
    cue words beside it, its place in the sentence and its distance to the sentence's quotation marks."""
    words = [t.text.lower() for t in item.tokens]
    padded = ["<s>"] * 3 + words + ["</s>"] * 3
    listed = [w in lexicon.FORM_LEMMA for w in ("<s>", *words, "</s>")]
    grains = [classes(w) for w in padded]
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


def parse_sentences(chosen: list[tuple[str, list[Tagged], int]], parser: str) -> None:
    """Give each chosen sentence (field text, its paragraph's items, its index there) its parse, in one batch."""
    if not chosen:
        return
    parses = parse(
        [text[items[k].sentence.start : items[k].sentence.end] for text, items, k in chosen],
        [items[k].tokens for _, items, k in chosen],
        [items[k].sentence.start for _, items, k in chosen],
        parser,
    )
    for (_, items, k), parsed in zip(chosen, parses, strict=True):
        items[k] = dataclasses.replace(items[k], syntax=parsed)


def article_paragraphs(article: dict[str, Any], rules: list[Found]) -> Iterator[tuple[str, str, list[Tagged], list[Quote]]]:
    """Each paragraph of an article: its field, the field's text, its sentences tagged for features, and the quotations
    of the field that reach into the paragraph (all that any of its sentences can touch)."""
    places = Places(rules)
    for field in ("headline", "body"):
        text = str(article.get("headline" if field == "headline" else "text") or "")
        quotes = find_quotes(text, [(a, b) for f, _, a, b in field_paragraphs(article) if f == field], field)
        reach = sorted((min(a for a, _ in q.spans), max(b for _, b in q.spans), n) for n, q in enumerate(quotes))
        starts, widest = [start for start, _, _ in reach], max((end - start for start, end, _ in reach), default=0)
        grouped: dict[int, list[Sentence]] = defaultdict(list)
        for sentence in (s for s in sentences(article) if s.field == field):
            grouped[sentence.paragraph].append(sentence)
        for members in grouped.values():
            first, last = min(s.start for s in members), max(s.end for s in members)
            window = reach[bisect_left(starts, first - widest) : bisect_left(starts, last)]
            touching = [quotes[n] for n in sorted(n for _, end, n in window if end > first)]
            items = [tagged(text, s, touching, [rules[n] for n in places.cued_in(field, s.start, s.end)]) for s in members]
            yield field, text, items, touching
