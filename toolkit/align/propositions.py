"""Propositions: the claims of one event grouped across outlets into alignment records.

Method (docs/measures.md, "Propositions and relations"): two claims of one speaker (the resolved actor, else the
normalized mention; narrator claims with no speaker together) are linked when one is a verbatim run of the other
(pieces between ellipses, in order), their token sequences nearly agree, or their content lemmas overlap (Dice); two
claims of different speakers only when they say much the same words, since one quotation is often credited to other
speakers across outlets (and across extractions). Claims linked, directly or through others, are one proposition.
Each member is related to the fullest rendering: the longest quoted member, or the longest member when none is quoted.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from toolkit import __version__
from toolkit.actors.sources import is_typed
from toolkit.language.lexicon import FORM_LEMMA, NARRATOR_HEDGES, NOMINALS, cue_class
from toolkit.records import with_id

TOOL = "parallax align"
METHOD_NAME = "speaker-lexical-linkage"
METHOD_VERSION = "6"
QUOTED = frozenset({"direct_quote", "partial_quote", "mixed"})
NEGATIONS = frozenset("not no never nor none nothing neither nobody nowhere without cannot".split())
PRONOUNS = frozenset("he she they it we i you him her them his hers their its one someone".split())
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between both but by can could
    did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself now of off on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yourselves every said says say told tell according mr ms mrs""".split()
)
_QUOTED_TEXT = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")
_WORD = re.compile(r"[a-z0-9]+")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+")
VOICE = "voice:outlet"  # the speaker key of facts in an outlet's own voice
_FIELD_RANK = {"headline": 0, "lede": 1, "body": 2}


@dataclass(frozen=True)
class Params:
    """The thresholds of the grouping and the relations; `asdict(Params())` is what an alignment record's method cites."""

    same_min: float = 0.9  # least token-sequence ratio for two renderings to count as the same words (near verbatim)
    paraphrase_min: float = 0.4  # least Dice over content lemmas for two renderings of one speaker to be one proposition
    min_lemmas: int = 2  # least content lemmas a contained rendering must hold, and two paraphrases must share, to link
    quoted_tokens: int = 3  # least tokens of words one rendering quotes that, run on in another of one speaker, link them
    cross_quoted_tokens: int = 4  # the same for renderings of different speakers (cross_lemmas shared besides)
    cross_min: float = 0.6  # least Dice or token-sequence ratio for two renderings of different speakers to be one proposition
    cross_lemmas: int = 3  # least content lemmas two renderings of different speakers must share to link
    carried_min: float = 0.8  # least share of a rendering's content lemmas one sentence of an article must hold to carry it
    meaning_min: float = 0.7  # least cosine of two renderings of one speaker in two outlets, each the other's nearest, to link
    fact_min: float = 0.7  # least cosine of two facts in two outlets, one the other's nearest, to link
    fact_lemmas: int = 3  # least content lemmas two facts must share to link (by their words or by meaning)
    fact_dice: float = 0.6  # least Dice over content lemmas for two facts to link by their words


@dataclass(frozen=True)
class Rendering:
    """One claim's content, prepared for comparison: its pieces between ellipses, tokens, content lemmas, cue class, framing,
    and the token runs of the words it quotes (inside quotation marks) with their content lemmas."""

    claim: dict[str, Any]
    outlet_id: str | None
    speaker: str | None
    actor: str | None
    pieces: tuple[tuple[str, ...], ...]
    tokens: tuple[str, ...]
    lemmas: frozenset[str]
    negations: int
    verb_class: str | None
    framing: frozenset[tuple[str, str]]
    quotations: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = ()

    @property
    def claim_id(self) -> str:
        """The claim's id."""
        return str(self.claim["id"])

    @property
    def quoted(self) -> bool:
        """Whether the rendering is in the speaker's words (a direct, partial or mixed quote)."""
        return self.claim.get("kind") in QUOTED


def words(text: str) -> list[str]:
    """Lower-case ASCII word tokens; "n't" becomes "not" and a possessive 's is dropped."""
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'")).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"n't\b", " not", folded.lower())
    return _WORD.findall(re.sub(r"'s\b|'", "", folded))


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A crude suffix-stripping stem, the same for the inflections of a word (repairs, repaired, repairing -> repair)."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def content_lemmas(tokens: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The lemmas of the tokens that are neither stopwords nor negations."""
    return frozenset(lemma(t) for t in tokens if t not in STOPWORDS and t not in NEGATIONS)


def has_ellipsis(text: str) -> bool:
    """Whether a text marks a cut with an ellipsis (…, ... or [...])."""
    return _ELLIPSIS.search(text) is not None


def pieces(text: str) -> tuple[tuple[str, ...], ...]:
    """The token runs of a text between its ellipses (one run when it has none)."""
    return tuple(tuple(run) for run in (words(part) for part in _ELLIPSIS.split(text)) if run)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two sets, 0 when either is empty."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The token-sequence ratio 2M/T of two token lists (difflib, no junk heuristic)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def contains(outer: tuple[str, ...], inner: tuple[tuple[str, ...], ...]) -> bool:
    """Whether every piece of inner is a contiguous run of outer, in order and without overlap."""
    haystack, position = " " + " ".join(outer) + " ", 0
    for piece in inner:
        found = haystack.find(" " + " ".join(piece) + " ", position)
        if found < 0:
            return False
        position = found + len(" ".join(piece)) + 1
    return bool(inner)


def cue_verb(claim: dict[str, Any]) -> tuple[str | None, str | None]:
    """(lemma, verb class) of a claim's cue: as recorded, else read from the cue text with the extractor's lexicon."""
    cue = claim.get("cue")
    if not isinstance(cue, dict):
        return None, None
    found, verb_class = cue.get("lemma"), cue.get("verb_class")
    text = str(cue.get("text") or "").lower()
    if found is None:
        nominal = next((n for n in (*NOMINALS, *NARRATOR_HEDGES) if re.search(n.pattern, text)), None)
        if nominal is not None:
            found, verb_class = nominal.lemma, verb_class or nominal.verb_class
        else:
            found = next((FORM_LEMMA[w] for w in words(text) if w in FORM_LEMMA), None)
    if verb_class is None:
        verb_class = cue_class(found) if found else "other"
    return found, verb_class


def speaker_key(claim: dict[str, Any]) -> str | None:
    """Who a claim is attributed to: 'actor:<id>', 'mention:<words>', 'claim:<id>' for a lone pronoun, None for no speaker.

    A typed actor of unnamed sources ('unnamed-expert') says what kind of source speaks, not who: its mention counts. A
    fact in the outlet's own voice is 'voice:outlet', whichever outlet states it."""
    if claim.get("kind") == "fact":
        return VOICE
    speaker = claim.get("speaker") or {}
    if speaker.get("actor_id") and not is_typed(speaker["actor_id"]):
        return f"actor:{speaker['actor_id']}"
    mention = (speaker.get("mention") or {}).get("text")
    if not mention:
        return None
    tokens = words(_DETERMINER.sub("", mention.strip().lower()))
    if not tokens or (len(tokens) == 1 and tokens[0] in PRONOUNS):
        return f"claim:{claim['id']}"
    return "mention:" + " ".join(tokens)


def rendering(claim: dict[str, Any], outlet_id: str | None) -> Rendering:
    """A claim prepared for comparison."""
    text = str((claim.get("content") or {}).get("text") or "")
    runs = pieces(text)
    tokens = tuple(t for run in runs for t in run)
    framing = frozenset((str(f.get("scheme")), str(f.get("label"))) for f in claim.get("framing") or ())
    negations = sum(t in NEGATIONS for t in tokens)
    actor = (claim.get("speaker") or {}).get("actor_id")
    actor = None if is_typed(actor) else actor
    quotations = tuple((run, content_lemmas(run)) for run in (tuple(words(q)) for q in _QUOTED_TEXT.findall(text)) if run)
    lemmas = content_lemmas(tokens)
    return Rendering(claim, outlet_id, speaker_key(claim), actor, runs, tokens, lemmas, negations, cue_verb(claim)[1], framing, quotations)


def matches(a: Rendering, b: Rendering, params: Params) -> bool:
    """Whether two renderings of one speaker state one proposition: containment, a Dice from paraphrase_min, words one of
    them quotes run on in the other, or near-verbatim tokens; for two facts in the outlets' voice, containment or a Dice
    from fact_dice with fact_lemmas lemmas shared."""
    shorter, longer = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    fact = a.speaker == VOICE
    least, paraphrase = (params.fact_lemmas, params.fact_dice) if fact else (params.min_lemmas, params.paraphrase_min)
    if len(shorter.lemmas) >= least and contains(longer.tokens, shorter.pieces):
        return True
    if len(a.lemmas & b.lemmas) >= least and dice(a.lemmas, b.lemmas) >= paraphrase:
        return True
    if not fact and (quoted_in(a, b, params.quoted_tokens, params) or quoted_in(b, a, params.quoted_tokens, params)):
        return True
    matcher = difflib.SequenceMatcher(None, a.tokens, b.tokens, autojunk=False)
    return matcher.quick_ratio() >= params.same_min and matcher.ratio() >= params.same_min


def quoted_in(a: Rendering, b: Rendering, least: int, params: Params) -> bool:
    """Whether words one rendering quotes (`least` tokens at least, `min_lemmas` content lemmas) run on in the other's
    tokens: 'his politics as based in "some phony theology"' and '"It's about some phony theology"'."""
    return any(len(run) >= least and len(found) >= params.min_lemmas and contains(b.tokens, (run,)) for run, found in a.quotations)


def matches_across(a: Rendering, b: Rendering, params: Params) -> bool:
    """Whether two renderings of different speakers state one proposition: cross_lemmas shared, and containment, words one
    quotes (`cross_quoted_tokens`) run on in the other, or a Dice or ratio from cross_min: a spokesman's words that an
    outlet credits to the person he speaks for."""
    if len(a.lemmas & b.lemmas) < params.cross_lemmas:
        return False
    shorter, longer = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if contains(longer.tokens, shorter.pieces) or dice(a.lemmas, b.lemmas) >= params.cross_min or ratio(a.tokens, b.tokens) >= params.cross_min:
        return True
    return quoted_in(a, b, params.cross_quoted_tokens, params) or quoted_in(b, a, params.cross_quoted_tokens, params)


def linked(a: Rendering, b: Rendering, params: Params) -> bool:
    """Whether two renderings are linked: any match within one speaker, a close one across speakers, though never between
    two actors one article credits (there one speaks of the other's words: 'Obama answered Trump's "lost greatness"'), nor
    between a fact in an outlet's own voice and a speaker's words (an outlet that repeats what someone said as fact
    does not make it the speaker's proposition)."""
    if a.speaker == b.speaker:
        return matches(a, b, params)
    if VOICE in (a.speaker, b.speaker):
        return False
    if a.actor and b.actor and a.claim.get("article_id") == b.claim.get("article_id"):
        return False
    return matches_across(a, b, params)


def similarity(a: Rendering, b: Rendering) -> float:
    """The larger of the token-sequence ratio and the Dice over content lemmas, to 4 decimals."""
    return round(max(ratio(a.tokens, b.tokens), dice(a.lemmas, b.lemmas)), 4)


def relation(member: Rendering, canonical: Rendering, params: Params) -> str:
    """How a member renders the proposition against its fullest rendering (one of the six relations)."""
    if member.tokens == canonical.tokens:
        return _same_or_reframed(member, canonical)
    if len(member.tokens) < len(canonical.tokens) and contains(canonical.tokens, member.pieces):
        return "truncated"
    if len(member.tokens) > len(canonical.tokens) and contains(member.tokens, canonical.pieces):
        return "extended"
    if negation_flipped(member.tokens, canonical.tokens, params):
        return "contradicts"
    if member.negations % 2 == canonical.negations % 2 and ratio(member.tokens, canonical.tokens) >= params.same_min:
        return _same_or_reframed(member, canonical)
    return "paraphrase"


def negation_flipped(a: tuple[str, ...], b: tuple[str, ...], params: Params) -> bool:
    """Whether where two renderings overlap they say the same but for an odd number of negations ('will' / 'will not')."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    equal = [n for n, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return False
    inner = ops[equal[0] : equal[-1] + 1]
    changed = [t for tag, i1, i2, j1, j2 in inner if tag != "equal" for t in (*a[i1:i2], *b[j1:j2])]
    kept = [t for tag, i1, i2, _, _ in inner if tag == "equal" for t in a[i1:i2]]
    negations = sum(t in NEGATIONS for t in changed)
    others = len(changed) - negations
    return negations % 2 == 1 and len(content_lemmas(kept)) >= params.min_lemmas and others <= (1 - params.same_min) * len(kept)


def _same_or_reframed(member: Rendering, canonical: Rendering) -> str:
    """Same words: reframed when the cue class (both known) or the framing labels differ, else same."""
    classes = member.verb_class != canonical.verb_class and None not in (member.verb_class, canonical.verb_class)
    return "reframed" if classes or member.framing != canonical.framing else "same"


def canonical(group: list[Rendering]) -> Rendering:
    """The fullest rendering: a direct quote first (all in the speaker's words), then a partial or mixed quote, then the
    rest; among those, most tokens, then most members with its words and cue class, then claim id."""
    support = Counter((r.tokens, r.verb_class) for r in group)
    return min(group, key=lambda r: (r.claim.get("kind") != "direct_quote", not r.quoted, -len(r.tokens), -support[r.tokens, r.verb_class], r.claim_id))


def claim_order(claim: dict[str, Any]) -> tuple[str, int, int, str]:
    """Article, field (headline, lede, body), offset and id: the order claims, members and alignments are listed in."""
    spans = (claim.get("content") or {}).get("spans") or [{}]
    field = (claim.get("position") or {}).get("field") or ("headline" if spans[0].get("field") == "headline" else "body")
    return str(claim.get("article_id")), _FIELD_RANK.get(field, 2), int(spans[0].get("start") or 0), str(claim.get("id"))


def reading_order(r: Rendering) -> tuple[str, int, int, str]:
    """The reading order of a rendering's claim."""
    return claim_order(r.claim)


Pairs = Callable[[list[Rendering]], tuple[list[int], Iterable[tuple[int, int]]]]


def can_link(renderings: list[Rendering]) -> tuple[list[int], Iterator[tuple[int, int]]]:
    """Where comparing starts: each rendering's first parent, and the pairs (n < m) worth comparing, in order.

    Only the pairs that can link are given: those that share a content lemma (every link needs shared lemmas but a
    near-verbatim one within one speaker), and one speaker's pairs of which a rendering has no content lemma; one
    speaker's renderings of the same words in one article start as one group and are compared no further. So an event
    of many claims costs what its overlapping pairs cost, not the square of its claims; the groups are those of
    comparing every pair.
    """
    parent = list(range(len(renderings)))
    first_of: dict[tuple[Any, ...], int] = {}
    postings: dict[str, list[int]] = defaultdict(list)
    speakers: dict[str | None, list[int]] = defaultdict(list)
    bare: dict[str | None, list[int]] = defaultdict(list)  # renderings without content lemmas, by speaker
    compared = []
    for n, r in enumerate(renderings):
        same = first_of.setdefault((r.speaker, r.pieces, r.claim.get("article_id")), n)
        if same != n:
            parent[n] = same  # one speaker's same words in one article: linked to the first, and linked alike to all else
            continue
        compared.append(n)
        speakers[r.speaker].append(n)
        for word in r.lemmas:
            postings[word].append(n)
        if not r.lemmas:
            bare[r.speaker].append(n)

    def pairs() -> Iterator[tuple[int, int]]:
        for n in compared:
            r = renderings[n]
            later = {m for word in r.lemmas for m in postings[word] if m > n}
            later.update(m for m in (speakers[r.speaker] if not r.lemmas else bare[r.speaker]) if m > n)
            yield from ((n, m) for m in sorted(later))

    return parent, pairs()


def propositions(renderings: list[Rendering], params: Params, pairs: Pairs = can_link, vectors: Any = None) -> list[list[Rendering]]:
    """Groups of renderings that state one proposition: those linked to one another, directly or through others, of
    the pairs `pairs` gives to compare (`can_link`: those that can link); with `vectors` (one unit-length row of
    meaning per rendering), also one speaker's renderings in two outlets that are each other's nearest in meaning.

    Two facts of one article never come to share a proposition through others, only by a link of their own: an article
    states a fact once, so two of its facts that facts of other outlets resemble are two facts, not one."""
    parent, candidates = pairs(renderings)

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    facts: dict[int, list[int]] = defaultdict(list)  # the facts of each group, by its root
    for n, r in enumerate(renderings):
        if r.speaker == VOICE:
            facts[root(n)].append(n)

    def apart(a: int, b: int) -> bool:
        """Whether joining two groups would put two facts of one article together that do not link by themselves."""
        return any(
            renderings[x].claim.get("article_id") == renderings[y].claim.get("article_id") and not linked(renderings[x], renderings[y], params)
            for x in facts.get(a, ())
            for y in facts.get(b, ())
        )

    def join(a: int, b: int) -> None:
        parent[b] = a
        if b in facts:
            facts[a].extend(facts.pop(b))

    for n, m in candidates:
        a, b = sorted((root(n), root(m)))
        if a != b and linked(renderings[n], renderings[m], params) and not apart(a, b):  # a pair already in one group needs no comparing
            join(a, b)
    if vectors is not None:
        for n, m in nearest_in_meaning(renderings, vectors, params):
            a, b = sorted((root(n), root(m)))
            if a != b and not apart(a, b):
                join(a, b)
    groups: dict[int, list[Rendering]] = defaultdict(list)
    for n, r in enumerate(renderings):
        groups[root(n)].append(r)
    return list(groups.values())


def nearest_in_meaning(renderings: list[Rendering], vectors: Any, params: Params) -> Iterator[tuple[int, int]]:
    """Pairs of one speaker's renderings in two outlets that are each other's nearest in meaning among that speaker's
    renderings in the other outlet, with a cosine of at least `meaning_min` and a content lemma in common: a paraphrase
    in other words ("to stay in the race" / "to remain in the race"). Mutual nearest only, so that meaning does not chain
    renderings into one proposition the way a threshold alone does. Facts in the outlets' voice follow their own rule
    (`_facts_in_meaning`)."""
    by_speaker: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for n, r in enumerate(renderings):
        if r.speaker is not None and r.outlet_id is not None and r.lemmas:
            by_speaker[r.speaker][str(r.outlet_id)].append(n)
    for speaker, outlets in by_speaker.items():
        names = sorted(outlets)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                left, right = outlets[first], outlets[second]
                cosines = vectors[left] @ vectors[right].T
                if speaker == VOICE:
                    yield from _facts_in_meaning(renderings, left, right, cosines, params)
                    continue
                for row, n in enumerate(left):
                    column = int(cosines[row].argmax())
                    m = right[column]
                    if cosines[row, column] >= params.meaning_min and int(cosines[:, column].argmax()) == row and renderings[n].lemmas & renderings[m].lemmas:
                        yield n, m


def _facts_in_meaning(renderings: list[Rendering], left: list[int], right: list[int], cosines: Any, params: Params) -> Iterator[tuple[int, int]]:
    """Facts of two outlets of which one is the other's nearest in meaning, with a cosine of at least `fact_min` and
    `fact_lemmas` content lemmas in common: outlets state a fact in their own words more often than a speaker's."""
    nearest = {(row, int(cosines[row].argmax())) for row in range(len(left))}
    nearest |= {(int(cosines[:, column].argmax()), column) for column in range(len(right))}
    for row, column in sorted(nearest):
        n, m = left[row], right[column]
        if cosines[row, column] >= params.fact_min and len(renderings[n].lemmas & renderings[m].lemmas) >= params.fact_lemmas:
            yield n, m


def method(params: Params | None = None) -> dict[str, Any]:
    """The method an alignment record cites: name, version and every threshold."""
    return {"name": METHOD_NAME, "version": METHOD_VERSION, "parameters": asdict(params or Params())}


def provenance() -> dict[str, Any]:
    """The provenance of a record made by these rules."""
    return {"method": "rules", "tool": TOOL, "tool_version": __version__}


def speaker_of(group: list[Rendering], head: Rendering) -> str | None:
    """The actor most members credit, ties going to the canonical member's, then to the first by id; None when no member has one."""
    counts = Counter(r.actor for r in group if r.actor)
    if not counts:
        return None
    most = max(counts.values())
    return head.actor if head.actor and counts[head.actor] == most else min(actor for actor, n in counts.items() if n == most)


def alignment_record(event_id: str, group: list[Rendering], outlets: list[str], params: Params, carried: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The alignment record of one proposition; an outlet omits it when no claim of its renders it and no sentence of its
    articles carries it (`carried`: the outlets whose text does)."""
    head = canonical(group)
    rest = sorted((r for r in group if r is not head), key=reading_order)
    members = [{"claim_id": head.claim_id, "outlet_id": head.outlet_id, "relation": "same", "similarity": 1.0}]
    members += [{"claim_id": r.claim_id, "outlet_id": r.outlet_id, "relation": relation(r, head, params), "similarity": similarity(r, head)} for r in rest]
    reporting = {r.outlet_id for r in group}
    record = {
        "type": "alignment",
        "event_id": event_id,
        "speaker_actor_id": speaker_of(group, head),
        "proposition": str(head.claim["content"]["text"]),
        "members": members,
        "omitted_by": [o for o in outlets if o not in reporting and o not in carried],
        "method": method(params),
        "provenance": provenance(),
    }
    return with_id(record)


def align_claims(event_id: str, articles: list[dict[str, Any]], claims: list[dict[str, Any]], params: Params | None = None) -> list[dict[str, Any]]:
    """The alignment records of one event: every proposition its articles' claims state, single-member ones included."""
    params = params or Params()
    outlet_of = {str(a["id"]): a.get("outlet_id") for a in articles}
    strangers = sorted({str(c.get("article_id")) for c in claims} - outlet_of.keys())
    if strangers:
        raise ValueError(f"claims of articles not in the event: {', '.join(strangers)}")
    renderings = [rendering(c, outlet_of[str(c["article_id"])]) for c in sorted(claims, key=lambda c: str(c["id"]))]
    outlets = sorted({str(o) for o in outlet_of.values() if o})
    several = len(outlets) > 1  # meaning links and text carrying only matter between outlets
    groups = propositions(renderings, params, vectors=meaning_vectors(renderings) if several else None)
    text = Sentences(articles) if several else None
    records = []
    for group in groups:
        reporting = {r.outlet_id for r in group}
        carried = frozenset(o for o in outlets if o not in reporting and text.carry(o, group, params)) if text else frozenset()
        records.append((reading_order(canonical(group)), alignment_record(event_id, group, outlets, params, carried)))
    return [record for _, record in sorted(records, key=lambda pair: pair[0])]


def meaning_vectors(renderings: list[Rendering]) -> Any:
    """One unit-length row of meaning per rendering's content (the package's static embedding model), or None when the
    model cannot be read (then only words link renderings)."""
    try:
        from toolkit.align.meaning import embed_texts

        return embed_texts([str(r.claim["content"]["text"]) for r in renderings])
    except Exception:  # noqa: BLE001 - without numpy, model2vec or the model files, words alone link renderings
        return None


class Sentences:
    """The content lemmas of every sentence of an event's articles, by outlet, to tell whether an outlet's text carries a
    proposition that none of its claims renders."""

    def __init__(self, articles: list[dict[str, Any]]) -> None:
        from toolkit.language.segments import sentences

        self.by_outlet: dict[str, list[frozenset[str]]] = defaultdict(list)
        for article in articles:
            outlet = article.get("outlet_id")
            if not outlet:
                continue
            texts = {"headline": str(article.get("headline") or ""), "body": str(article.get("text") or "")}
            for sentence in sentences(dict(article)):
                found = content_lemmas(tuple(words(texts[sentence.field][sentence.start : sentence.end])))
                if found:
                    self.by_outlet[str(outlet)].append(found)

    def carry(self, outlet: str, group: list[Rendering], params: Params) -> bool:
        """Whether one sentence of the outlet's articles holds at least `carried_min` of the content lemmas of a rendering
        of the proposition, and at least `cross_lemmas` of them (as a link across speakers needs)."""
        wanted = [r.lemmas for r in group if len(r.lemmas) >= params.cross_lemmas]
        return any(
            len(shared := lemmas & found) >= params.cross_lemmas and len(shared) >= params.carried_min * len(lemmas)
            for lemmas in wanted
            for found in self.by_outlet.get(outlet, ())
        )
