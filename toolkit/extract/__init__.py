"""Claim extraction: article record -> claim records (direct and partial quotes, reported speech, beliefs, hedges).

Rules find quotations with their frames, reported speech after cues, beliefs and hedges; two CRF taggers trained
on PolNeAR (`learned`) then find cues and each cue's source and content, the rules' findings and, for sources and
contents, a dependency parse of the cue's sentences (`syntax`) among their features.
The taggers' attributions come first; a rule attribution that none of them shares (cue or content) is kept too.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from toolkit.actors.article import resolve_claims
from toolkit.actors.sources import typed_unnamed
from toolkit.extract.claims import claim_record
from toolkit.extract.facts import fact_claims
from toolkit.extract.learned import learned_claims
from toolkit.extract.places import Places, extent, overlap
from toolkit.extract.rules import Found, colon, has_cue, hedges, quote_frame, sentence_claims, widen
from toolkit.extract.syntax import PARSER
from toolkit.language.lexicon import NARRATOR_HEDGES, NOMINALS, VERB_CLASS
from toolkit.language.quotes import Quote, find_quotes
from toolkit.language.segments import Sentence, field_paragraphs, sentences
from toolkit.validate.state import fingerprint

__all__ = ["combine", "extract", "extract_rules", "find", "one_per_content"]

_MARKS = re.compile(r"''|``|[\"“”„«»]")


def extract(
    article: dict[str, Any],
    actors: dict[str, Any] | None = None,
    learned: bool = True,
    models: str | None = None,
    parser: str = PARSER,
    facts: bool = True,
    neural: bool = False,
) -> list[dict[str, Any]]:
    """The claim records of an article (headline and body), then the actor records of the speakers they name that
    `actors` (id -> actor record) does not hold (toolkit.actors.article).

    Rules only unless `learned`; the taggers are the CRF ones, or the neural one with `neural`, as shipped in `models/`
    or in the folder `models`; the CRF span tagger reads the parses of the spaCy pipeline `parser`. With `facts`, the body's facts in the outlet's own voice
    follow the attributions (toolkit.extract.facts).
    """
    rules = find(article)
    found = combine(learned_claims(article, rules, models, parser, neural), rules) if learned else rules
    claims = one_per_content([claim_record(article, f) for f in found])
    if facts:
        claims += fact_claims(article, claims, parser)
    return resolve_claims(article, claims, actors, typed_unnamed)


def one_per_content(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One claim per content and speaker, as `parallax validate` counts claims (whatever their cues), in the order given.

    Of two readings of one content by one speaker, the first stands unless only the other has a known cue verb (the
    taggers can take a word near a quotation for a second cue: '"…," Pelosi said in a letter to Democrats Wednesday').
    """
    kept: dict[int, dict[str, Any]] = {}
    for record in records:
        key = fingerprint(record)  # what parallax validate holds the same claim (dup.content)
        held = kept.get(key)
        if held is None or (_known_cue(record) and not _known_cue(held)):
            kept[key] = record
    return list(kept.values())


def _known_cue(record: dict[str, Any]) -> bool:
    """Whether a claim's cue is a verb or phrase of the extractor's lexicon."""
    lemma = (record.get("cue") or {}).get("lemma")
    return lemma in VERB_CLASS or any(lemma == n.lemma for n in (*NOMINALS, *NARRATOR_HEDGES))


def extract_rules(article: dict[str, Any], actors: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The claim records the rules alone find (no model loaded)."""
    return extract(article, actors, learned=False)


def combine(learned: list[Found], rules: list[Found]) -> list[Found]:
    """The models' attributions, then the rules' whose cue and content no attribution of the models has (of `_UNSHARED` cues, none).

    Where both find a cue, the models' attribution stands, with the rules' speaker when the models found none;
    the rules' narrator hedges ('is widely seen as') and partial quotes ('expressed concerns about a “panic”')
    stand over the models' reading of them, a partial quote with the models' content where that holds the quotation.
    """
    chosen = []
    by_place = Places(rules)
    for claim in learned:
        ruled = next((rules[n] for n in by_place.near(claim.field, claim.cue) if overlap(rules[n].cue, claim.cue)), None)
        if ruled is not None and ruled.kind == "partial_quote" and _holds(claim.content, ruled.content):
            # The quoted words with what frames them: 'called him “savage”' has the content 'him “savage”'.
            claim = dataclasses.replace(ruled, content=claim.content)
        elif ruled is not None and ruled.kind in {"narrator", "partial_quote"}:
            claim = ruled
        elif ruled is not None and claim.mention is None and not claim.sourceless:
            claim = dataclasses.replace(claim, mention=ruled.mention)
        if ruled is not None and len(claim.content) == 1 and len(ruled.content) > 1 and ruled.content[0] == claim.content[0]:
            # '“A,” he said. “B.”': the rules carry the quotation on into the next sentence, which the models read apart.
            claim = dataclasses.replace(claim, content=list(ruled.content))
        chosen.append(claim)
    by_place = Places(chosen)
    kept = [r for r in rules if r.lemma not in _UNSHARED and not any(_same(r, chosen[n]) for n in by_place.near(r.field, extent(r)))]
    return _folded(sorted(_unique(chosen) + kept, key=lambda f: (f.field != "headline", f.content[0])))


def _folded(found: list[Found]) -> list[Found]:
    """A quotation with no cue of its own, in the sentence after an attribution of its paragraph, is that attribution's content
    going on ('“A,” he said. “B.”'): one claim of two spans, not a second claim.
    """
    kept: list[Found] = []
    for claim in found:
        last = kept[-1] if kept else None
        if (
            claim.cue is None
            and claim.kind == "direct_quote"
            and last is not None
            and last.cue is not None
            and last.field == claim.field
            and last.sentence.paragraph == claim.sentence.paragraph
            and claim.sentence.index == last.sentence.index + 1
            and last.content[-1][1] <= claim.content[0][0]
        ):
            kept[-1] = dataclasses.replace(last, content=[*last.content, *claim.content])
        else:
            kept.append(claim)
    return kept


#: Cues the rules find that stand only where the models share them: 'failed to win', 'managed to', 'the states that', 'his comments'.
_UNSHARED = frozenset("fail manage state comment".split())


def _holds(outer: list[tuple[int, int]], inner: list[tuple[int, int]]) -> bool:
    """Whether each span of `inner` lies within a span of `outer`."""
    return all(any(a <= c and d <= b for a, b in outer) for c, d in inner)


def _same(one: Found, other: Found) -> bool:
    """Whether two attributions share their cue, or contents overlapping by half of the shorter."""
    if one.field != other.field:
        return False
    if overlap(one.cue, other.cue):
        return True
    shared = sum(max(0, min(b, d) - max(a, c)) for a, b in one.content for c, d in other.content)
    shorter = min(sum(b - a for a, b in one.content), sum(b - a for a, b in other.content))
    return shared > 0 and 2 * shared >= shorter


def find(article: dict[str, Any]) -> list[Found]:
    """The rules' attributions of an article's headline and body, in reading order."""
    found: list[Found] = []
    for field in ("headline", "body"):
        text = str(article.get(field if field == "headline" else "text") or "")
        spans = [(a, b) for f, _, a, b in field_paragraphs(article) if f == field]
        found.extend(_field(text, find_quotes(text, spans, field), [s for s in sentences(article) if s.field == field]))
    return found


def _field(text: str, quotes: list[Quote], spans: list[Sentence]) -> list[Found]:
    """The attributions of one field's text."""
    frames = {q: f for q in quotes if (f := quote_frame(text, q, spans)) is not None}
    framed = _joined(text, quotes, frames, spans)
    found = framed + [claim for s in spans for claim in sentence_claims(text, s, quotes, framed)]
    found += _continued(text, quotes, spans, found)
    ends = {s.paragraph: s.end for s in spans}
    covered = [span for f in found for span in f.content]
    for sentence in spans:
        claim = colon(text, sentence, ends[sentence.paragraph], quotes)
        if claim is not None and not any(a < claim.content[0][1] and claim.content[0][0] < b for a, b in covered):
            found.append(claim)
    taken = [span for f in found for span in f.content]
    found += [claim for s in spans for claim in hedges(text, s, quotes, taken)]
    for claim in found:
        widen(text, claim)
    return _unique(sorted(found, key=lambda f: f.content[0]))


def _next_sentence(text: str, spans: list[Sentence], frame_end: int, quote: Quote) -> bool:
    """'“A,” said Lind, the port director, who ... . “B.”': a quotation opening the sentence right after its frame's, no other voice between."""
    frame = next((s for s in spans if s.start <= frame_end <= s.end), None)
    opened = next((s for s in spans if s.start <= quote.start < s.end), None)
    if frame is None or opened is None or opened.index != frame.index + 1 or opened.paragraph != frame.paragraph:
        return False
    between = text[frame_end : quote.start]
    if quote.start - opened.start > 2 or _MARKS.search(between[:-2]) or len(between) > 300:
        return False
    return not has_cue(text, frame_end, quote.start) or bool(_PARTICIPLE.match(between))


_PARTICIPLE = re.compile(r"\s*,\s*(?:adding|suggesting|referring|saying|noting|arguing|explaining|citing)\b[^.!?]*[.!?]\s*\W{0,2}$")


def _joined(text: str, quotes: list[Quote], frames: dict[Quote, Found], spans: list[Sentence]) -> list[Found]:
    """'“A,” he said. “B.”': a quotation framed after it goes on in the next one of its paragraph when that has no frame of its own."""
    joined: list[Found] = []
    last: Found | None = None
    for quote in quotes:
        if quote in frames:
            last = frames[quote]
            joined.append(last)
            continue
        if last is not None and last.cue is not None and last.mention is not None and last.content[-1][1] < last.cue[0]:
            frame_end = max(last.cue[1], last.mention.end)
            between = text[frame_end : quote.start]
            alone = not _MARKS.search(between[:-2]) and not has_cue(text, frame_end, quote.start)
            if quote.paragraphs[0] == last.sentence.paragraph and (0 < len(between) < 60 and alone or _next_sentence(text, spans, frame_end, quote)):
                last.content = [*last.content, *quote.spans]
        last = None
    return joined


def _continued(text: str, quotes: list[Quote], spans: list[Sentence], found: list[Found]) -> list[Found]:
    """Quotations standing alone (no frame of their own) go to the speaker of the attribution just before them."""
    covered = [span for f in found for span in f.content]
    extra: list[Found] = []
    for quote in quotes:
        if any(a <= quote.start < b or quote.start <= a < quote.end for a, b in covered):
            continue
        sentence = next((s for s in spans if s.start <= quote.start <= s.end), None)
        if sentence is None or text[sentence.start : quote.start].strip(" \"'“”`„«") or len(text[quote.start : quote.end].split()) < 4:
            continue
        previous = [f for f in found + extra if f.content[0][0] < quote.start and f.mention is not None]
        if previous and sentence.paragraph - previous[-1].sentence.paragraph <= 2:
            extra.append(Found("direct_quote", sentence.field, list(quote.spans), sentence, mention=previous[-1].mention))
    return extra


def _unique(found: list[Found]) -> list[Found]:
    """One attribution per content span and cue."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for claim in found:
        key = (claim.field, tuple(claim.content), claim.cue)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept
