"""Comparisons: the measures 1-9 of how one outlet reports one event, as comparison records.

Every measure is defined in docs/measures.md with its source; this module computes them from the event's
articles, claims, alignments and the actor registry, and reads nothing else.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.actors.sources import SOURCE_TYPES, described_source, unnamed_source
from toolkit.align.copies import copies
from toolkit.align.propositions import NEGATIONS, STOPWORDS, claim_order, content_lemmas, cue_verb, has_ellipsis, lemma, provenance, words
from toolkit.language.lexicon import FORM_LEMMA
from toolkit.language.quotes import find_quotes
from toolkit.records import OWN_VOICE, paragraphs, with_id

METHOD_NAME = "parallax-measures"
METHOD_VERSION = "4"
DIRECT = frozenset({"direct_quote", "partial_quote", "mixed"})
QUOTES = frozenset({"direct_quote", "partial_quote"})
# Stance words of the cooperation-conflict dimension (after the Goldstein 1992 scale of CAMEO and GDELT), hand-picked:
# a headline and a body claim that lean opposite ways on it disagree.
COOPERATION = frozenset(
    lemma(w)
    for w in """dialogue talk talks negotiate negotiation cooperate cooperation relationship relations peace peaceful partner partnership ally
    agree agreement accord deal diplomacy diplomatic engage engagement reconcile reconciliation ceasefire truce support help aid assist
    welcome friend friendly trust compromise unite unity""".split()
)
CONFRONTATION = frozenset(
    lemma(w)
    for w in """adversary enemy foe threat threaten confrontation confront escalate escalation attack retaliate retaliation hostile hostility
    aggression aggressive sanction oppose opposition reject condemn accuse fight invade invasion clash dispute tension punish boycott""".split()
)
TITLES = frozenset(
    """President Minister Mayor Chancellor Secretary General Chief Leader Governor Senator Premier Commissioner Ambassador Spokesman Spokeswoman
    Spokesperson Director Chairman Chairwoman Chair King Queen Prince Princess Pope Judge Justice Colonel Admiral Envoy Representative
    Congressman Congresswoman Sheriff CEO Head""".split()
)
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
    November December""".split()
)
_APPOSITIVE = re.compile(r",\s+((?:the|a|an)\s[^,;:.!?\n“”\"()]{1,80}?)(?=\s*(?:[,;.]|\s[—–]))")
_TITLE_RUN = re.compile(r"(?:\b[A-Z][\w’'-]*[ \t]+)+$")
_CAPITAL = re.compile(r"[A-Z][\w’'-]*")
_LEADING_DETERMINER = re.compile(r"^(?:The|A|An)\s")
_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
# The source type an actor's type implies when nothing more precise is known; a person of no known office is "unknown".
ACTOR_TYPES = {
    "government": "official",
    "country": "official",
    "organization": "organization",
    "media": "media",
    "group": "citizen",
    "anonymous": "anonymous",
    "document": "document",
}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Params:
    """The parameters of headline-body divergence (measure 4), which the comparison records no longer hold: measured
    against hand labels on BASIL it is right on 0.122 of the articles where the majority label alone is right on 0.956
    (docs/measures.md#4-headline-body-divergence, `python benchmarks/bench_divergence.py`)."""

    related_min_shared: int = 1  # content lemmas a body claim must share with the headline to be related to it
    agree_share: float = 0.5  # share of the headline's content lemmas a related body claim must hold to agree (no opposing stance)
    negation_window: int = 3  # tokens after a negation whose lemmas it negates
    label_margin: float = 0.25  # |score| from which the headline agrees or disagrees with the body; below it, the body discusses


@dataclass(frozen=True)
class Stance:
    """A text read for stance: content lemmas, the lemmas it negates, and its cooperation-conflict polarity."""

    lemmas: frozenset[str]
    negated: frozenset[str]
    polarity: int

    @classmethod
    def of(cls, text: str, window: int) -> Stance:
        """The stance reading of a text."""
        tokens = words(text)
        negated_at = [any(t in NEGATIONS for t in tokens[max(0, i - window) : i]) for i in range(len(tokens))]
        content = [(lemma(t), negated_at[i]) for i, t in enumerate(tokens) if t not in STOPWORDS and t not in NEGATIONS]
        polarity = sum(((w in COOPERATION) - (w in CONFRONTATION)) * (-1 if neg else 1) for w, neg in content)
        return cls(frozenset(w for w, _ in content), frozenset(w for w, neg in content if neg), polarity)


def stance(head: Stance, body: Stance, params: Params) -> int:
    """+1 when a body claim agrees with the headline, -1 when it disagrees, 0 when it only discusses it."""
    shared = head.lemmas & body.lemmas
    if shared & (head.negated ^ body.negated) or head.polarity * body.polarity < 0:
        return -1
    if head.polarity * body.polarity > 0 or len(shared) >= params.agree_share * len(head.lemmas):
        return 1
    return 0


def _field(claim: dict[str, Any]) -> str:
    spans = (claim.get("content") or {}).get("spans") or [{}]
    return str((claim.get("position") or {}).get("field") or ("headline" if spans[0].get("field") == "headline" else "body"))


def headline_divergence(article: dict[str, Any], claims: list[dict[str, Any]], params: Params) -> dict[str, Any] | None:
    """4. The headline against the body claims (FNC-1 labels); None when there is no headline or nothing to hold it against."""
    headline = str(article.get("headline") or "")
    head = Stance.of(headline, params.negation_window)
    if not head.lemmas:
        return None
    on_top = [c for c in claims if _field(c) == "headline"]
    body = [c for c in claims if _field(c) != "headline"]
    found: dict[str, Any] = {"headline_claim_id": on_top[0]["id"]} if on_top else {}
    if not body:
        text = str(article.get("text") or "")
        if not text:
            return None
        shared = len(head.lemmas & content_lemmas(tuple(set(words(text))))) >= params.related_min_shared
        return {"label": "discuss" if shared else "unrelated", **found, "body_claim_ids": [], "score": 0.0}
    readings = [(c, Stance.of(str(c["content"]["text"]), params.negation_window)) for c in body]
    related = [(c, r) for c, r in readings if len(head.lemmas & r.lemmas) >= params.related_min_shared]
    related.sort(key=lambda pair: (-len(head.lemmas & pair[1].lemmas), claim_order(pair[0])))
    score = round(sum(stance(head, r, params) for _, r in related) / len(related), 4) if related else 0.0
    label = "unrelated" if not related else "agree" if score >= params.label_margin else "disagree" if score <= -params.label_margin else "discuss"
    return {"label": label, **found, "body_claim_ids": [c["id"] for c, _ in related], "score": score}


def coverage(outlet: str | None, alignments: list[dict[str, Any]], outlets: int) -> dict[str, Any]:
    """1. Of the propositions of the event that at least two of its `outlets` carry (by a claim or in their text: the
    outlets an alignment does not list as omitting it), those the outlet reports, their share, and the ones it omits."""
    shared = [a for a in alignments if outlets - len(a.get("omitted_by") or []) >= 2]
    if outlet is None:  # articles of no known outlet: what no claim of theirs renders
        omitted = [a["id"] for a in shared if all(m.get("outlet_id") is not None for m in a["members"])]
    else:
        omitted = [a["id"] for a in shared if outlet in (a.get("omitted_by") or [])]
    reported = len(shared) - len(omitted)
    ratio = round(reported / len(shared), 4) if shared else 1.0  # nothing two outlets carry: nothing omitted
    return {"reported": reported, "in_event": len(shared), "ratio": ratio, "omitted_alignment_ids": omitted}


def source_selection(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """2. Per speaker (null: unresolved), the outlet's claims, direct (quoted) and indirect; own-voice claims (narrator, fact) are not sources."""
    counts: dict[str | None, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        if claim.get("kind") not in OWN_VOICE:
            tally = counts[(claim.get("speaker") or {}).get("actor_id")]
            tally["claims"] += 1
            tally["direct" if claim.get("kind") in DIRECT else "indirect"] += 1
    rows = [{"actor_id": actor, "claims": c["claims"], "direct": c["direct"], "indirect": c["indirect"]} for actor, c in counts.items()]
    return sorted(rows, key=lambda r: (-r["claims"], r["actor_id"] is None, r["actor_id"] or ""))


def source_types(claims: list[dict[str, Any]], actors: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """2b. Per source type (docs/measures.md#source-types), the outlet's claims, direct and indirect; own-voice claims (narrator, fact) are not sources."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        if claim.get("kind") not in OWN_VOICE:
            tally = counts[source_type(claim.get("speaker") or {}, actors)]
            tally["claims"] += 1
            tally["direct" if claim.get("kind") in DIRECT else "indirect"] += 1
    order = (*SOURCE_TYPES, UNKNOWN)
    return [
        {"source_type": kind, "claims": c["claims"], "direct": c["direct"], "indirect": c["indirect"]}
        for kind, c in sorted(counts.items(), key=lambda i: order.index(i[0]))
    ]


def source_type(speaker: dict[str, Any], actors: Mapping[str, dict[str, Any]]) -> str:
    """The source type of a claim's speaker: its actor's, else its mention's if it names no one, else what its role, its actor's
    offices and descriptions or its actor's type imply; "unknown" when none says."""
    actor = actors.get(str(speaker.get("actor_id"))) or {}
    if actor.get("source_type") in SOURCE_TYPES:
        return str(actor["source_type"])
    if speaker.get("actor_id") is None:
        found = unnamed_source(str((speaker.get("mention") or {}).get("text") or ""))
        if found:
            return found
    roles = [" of ".join(str(r[k]) for k in ("title", "organization") if r.get(k)) for r in actor.get("roles") or ()]
    described = sorted(actor.get("descriptions") or (), key=lambda d: (-int(d.get("count") or 1), str(d.get("text"))))
    for text in (speaker.get("role"), *roles, *(d.get("text") for d in described)):
        found = described_source(str(text)) if text else None
        if found:
            return found
    return ACTOR_TYPES.get(str(actor.get("actor_type")), UNKNOWN)


def position(claim: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """Field and paragraph of a claim: as recorded, else from its content span and the article's paragraphs."""
    recorded = claim.get("position") or {}
    if recorded.get("field"):
        return {k: recorded[k] for k in ("field", "paragraph") if k in recorded}
    span = ((claim.get("content") or {}).get("spans") or [{}])[0]
    if span.get("field") == "headline":
        return {"field": "headline", "paragraph": 0}
    offsets = article.get("paragraphs") or paragraphs(str(article.get("text") or ""))
    start = int(span.get("start") or 0)
    index = next((i for i, (a, b) in enumerate(offsets) if a <= start < b), None)
    return {"field": "body"} if index is None else {"field": "lede" if index == 0 else "body", "paragraph": index}


def _with_alignment(claim: dict[str, Any], alignment_of: dict[str, str], row: dict[str, Any]) -> dict[str, Any]:
    found = alignment_of.get(str(claim["id"]))
    return ({"alignment_id": found} if found else {}) | {"claim_id": claim["id"]} | row


def prominence(claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]], alignment_of: dict[str, str]) -> list[dict[str, Any]]:
    """3. Where each claim (and so its proposition) sits: headline, lede or body, and paragraph."""
    return [_with_alignment(c, alignment_of, position(c, articles[str(c["article_id"])])) for c in claims]


def quote_fidelity(claims: list[dict[str, Any]], members: dict[str, tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """5. Each aligned claim against its proposition's fullest rendering: relation, similarity, ellipsis."""
    rows = []
    for claim in claims:
        if str(claim["id"]) in members:
            alignment_id, member = members[str(claim["id"])]
            row = {"relation": member["relation"], "similarity": member["similarity"], "ellipsis": has_ellipsis(str(claim["content"]["text"]))}
            rows.append({"alignment_id": alignment_id, "claim_id": claim["id"]} | row)
    return rows


def verb_classes(claims: list[dict[str, Any]], alignment_of: dict[str, str]) -> list[dict[str, Any]]:
    """6. The attribution verb of each claim with a cue: lemma and class (Recasens et al. 2013)."""
    rows = []
    for claim in claims:
        found, verb_class = cue_verb(claim)
        if verb_class is not None:
            rows.append(_with_alignment(claim, alignment_of, ({"lemma": found} if found else {}) | {"verb_class": verb_class}))
    return rows


_FIRST = re.compile(r"\w+|[^\w\s]")  # a word, or a sign standing alone


class Names:
    """The actor registry's names and aliases, found in a text (leftmost, longest first, whole words), each mapped to its actors."""

    def __init__(self, actors: list[dict[str, Any]]) -> None:
        self.actors: dict[str, list[str]] = defaultdict(list)
        for actor in sorted(actors, key=lambda a: str(a["id"])):
            for term in dict.fromkeys([actor["name"], *(actor.get("aliases") or ())]):
                self.actors[str(term)].append(str(actor["id"]))
        self.terms: dict[str, str] = {}  # form as written -> term; a term that starts lower-case also matches capitalized
        for term in sorted(self.actors, key=lambda t: (-len(t), t)):
            for form in [term, term[0].upper() + term[1:]] if term[0].islower() else [term]:
                self.terms.setdefault(form, term)
        # forms by their first word, longest first: a text is read word by word, not against one pattern of every name
        # (tens of thousands of actors make such a pattern slow)
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for form in sorted(self.terms, key=lambda f: (-len(f), f)):
            first = _FIRST.match(form)
            if first is not None:
                self.by_first[first.group()].append(form)

    def find(self, text: str) -> Iterator[tuple[int, int, str, list[str]]]:
        """(start, end, term, actor ids) of every name or alias in a text: leftmost, then longest, whole words."""
        if not self.by_first:
            return
        reached = 0
        for token in _FIRST.finditer(text):
            start = token.start()
            if start < reached or (start and text[start - 1].isalnum() or start and text[start - 1] == "_"):
                continue
            for form in self.by_first.get(token.group(), ()):
                end = start + len(form)
                if text.startswith(form, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                    term = self.terms[form]
                    yield start, end, term, self.actors[term]
                    reached = end
                    break


def _term(text: str) -> str:
    """A label as counted: blanks collapsed, a capitalized leading article lowered (The bloc -> the bloc)."""
    text = " ".join(text.split())
    return _LEADING_DETERMINER.sub(lambda m: m.group().lower(), text)


def descriptions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans describing the mention text[start:end]: a title right before it, an appositive right after it."""
    found = []
    window_start = max(0, start - 80)
    run = _TITLE_RUN.search(text[window_start:start])
    if run:
        kept = list(_CAPITAL.finditer(run.group()))
        while kept and (kept[0].group().lower() in STOPWORDS or kept[0].group() in _CALENDAR):
            kept.pop(0)
        if kept and kept[-1].group() in TITLES:
            base = window_start + run.start()
            found.append((base + kept[0].start(), base + kept[-1].end()))
    after = _APPOSITIVE.match(text, end)
    if after and not any(w in FORM_LEMMA and FORM_LEMMA[w] != w for w in words(after.group(1))):
        found.append(after.span(1))
    return found


def _speaker_spans(field: str, text: str, article: dict[str, Any], claims: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Stretches of a field in a speaker's words: inside quotation marks, or the content of a direct or partial quote."""
    offsets = [(0, len(text))] if field == "headline" else [tuple(p) for p in article.get("paragraphs") or paragraphs(text)]
    spans = [span for quote in find_quotes(text, [(int(a), int(b)) for a, b in offsets], field) for span in quote.spans]
    for claim in claims:
        if claim.get("kind") in QUOTES:
            spans += [(s["start"], s["end"]) for s in claim["content"]["spans"] if s.get("field") == field]
    return spans


def _voice(start: int, end: int, spans: list[tuple[int, int]]) -> str:
    return "speaker" if any(a <= start and end <= b for a, b in spans) else "outlet"


def _name_occurrences(article: dict[str, Any], claims: list[dict[str, Any]], names: Names) -> dict[tuple[Any, ...], tuple[str, str]]:
    """Every mention of a registry actor in an article, and the descriptions next to it: key -> (term, voice)."""
    found: dict[tuple[Any, ...], tuple[str, str]] = {}
    for field, text in (("headline", str(article.get("headline") or "")), ("body", str(article.get("text") or ""))):
        quoted: list[tuple[int, int]] | None = None  # found only for a text that names an actor: finding quotes costs
        for start, end, term, actors in names.find(text):
            if quoted is None:
                quoted = _speaker_spans(field, text, article, claims)
            spans = [(start, end, term)] + [(a, b, _term(text[a:b])) for a, b in descriptions(text, start, end)]
            for actor in actors:
                for a, b, label in spans:
                    found.setdefault((actor, article["id"], field, a, b), (label, _voice(a, b, quoted)))
    return found


def _loaded_labels(owner: dict[str, Any], article: dict[str, Any], claims: list[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[str, str]]:
    """Framing labels of scheme loaded_label with a target actor on an article or claim: key -> (term, voice)."""
    found: dict[tuple[Any, ...], tuple[str, str]] = {}
    for n, label in enumerate(owner.get("framing") or ()):
        actor = label.get("target_actor_id")
        if label.get("scheme") != "loaded_label" or not actor:
            continue
        span = label.get("span")
        if span is None:
            found[(actor, owner["id"], "label", n)] = (_term(str(label["label"])), str(label.get("voice") or "outlet"))
            continue
        text = str(article.get("headline") or "") if span["field"] == "headline" else str(article.get("text") or "")
        voice = label.get("voice") or _voice(span["start"], span["end"], _speaker_spans(span["field"], text, article, claims))
        found[(actor, article["id"], span["field"], span["start"], span["end"])] = (_term(str(span["exact"])), str(voice))
    return found


def labeling(articles: list[dict[str, Any]], claims: list[dict[str, Any]], names: Names) -> list[dict[str, Any]]:
    """7. How the outlet names each actor (names, aliases, titles, appositives, loaded labels) and in whose voice, counted."""
    found: dict[tuple[Any, ...], tuple[str, str]] = {}
    for article in articles:
        own = [c for c in claims if c["article_id"] == article["id"]]
        found |= {k: v for k, v in _name_occurrences(article, own, names).items() if k not in found}
        for owner in (article, *own):
            found |= {k: v for k, v in _loaded_labels(owner, article, own).items() if k not in found}
    counts = Counter((key[0], term, voice) for key, (term, voice) in found.items())
    return [{"actor_id": a, "term": t, "voice": v, "count": n} for (a, t, v), n in sorted(counts.items())]


def frames(articles: list[dict[str, Any]], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """8. Framing labels on the outlet's articles and claims, counted per scheme and label."""
    counts = Counter((str(f["scheme"]), str(f["label"])) for owner in (*articles, *claims) for f in owner.get("framing") or ())
    return [{"scheme": s, "label": label, "count": n} for (s, label), n in sorted(counts.items())]


def syndication(event: dict[str, Any], articles: list[dict[str, Any]]) -> dict[str, Any]:
    """9. Whether all the outlet's articles on the event are wire copies (listed by the event), and of which articles."""
    listed = set(event.get("syndicated_article_ids") or ())
    copies = [a for a in articles if a["id"] in listed]
    sources = sorted({str(a["syndicated_from"]) for a in copies if a.get("syndicated_from")})
    return {"syndicated": bool(articles) and len(copies) == len(articles), "syndicated_from": sources}


def method() -> dict[str, Any]:
    """The method a comparison record cites: name and version (no measure the records hold takes a parameter)."""
    return {"name": METHOD_NAME, "version": METHOD_VERSION}


def _check(event: dict[str, Any], articles: list[dict[str, Any]], claims: list[dict[str, Any]], alignments: list[dict[str, Any]]) -> None:
    """Raise ValueError when the records given are not one event's."""
    ids = {str(a["id"]) for a in articles}
    problems = [f"article {i} is not in event {event['id']}" for i in sorted(ids - set(event.get("article_ids") or ()))]
    problems += [f"claim {c['id']} is of article {c['article_id']}, not given" for c in claims if str(c.get("article_id")) not in ids]
    problems += [f"alignment {a['id']} is of event {a['event_id']}" for a in alignments if a.get("event_id") != event["id"]]
    if problems:
        raise ValueError("; ".join(problems))


@dataclass(frozen=True)
class Context:
    """What the comparisons of every outlet of one event share."""

    alignments: list[dict[str, Any]]
    members: dict[str, tuple[str, dict[str, Any]]]  # claim id -> (alignment id, member)
    names: Names
    actors: Mapping[str, dict[str, Any]]  # id -> actor record, for the speakers' source types
    outlets: int  # how many known outlets the event's articles have


def comparison(
    event: dict[str, Any],
    outlet: str | None,
    articles: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    context: Context,
    counted: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The comparison record of one outlet on one event; the measures read the `counted` articles (all by default) and their claims."""
    listed, articles = articles, articles if counted is None else counted
    ids = {str(a["id"]) for a in articles}
    claims = [c for c in claims if str(c["article_id"]) in ids]
    alignment_of = {claim_id: aid for claim_id, (aid, _) in context.members.items()}
    measures: dict[str, Any] = {
        "coverage": coverage(outlet, context.alignments, context.outlets),
        "source_selection": source_selection(claims),
        "source_types": source_types(claims, context.actors),
        "prominence": prominence(claims, {str(a["id"]): a for a in articles}, alignment_of),
    }
    measures |= {
        "quote_fidelity": quote_fidelity(claims, context.members),
        "verb_classes": verb_classes(claims, alignment_of),
        "labeling": labeling(articles, claims, context.names),
        "frames": frames(articles, claims),
        "syndication": syndication(event, listed),
    }
    record = {"type": "comparison", "event_id": event["id"], "outlet_id": outlet, "article_ids": [a["id"] for a in listed], "measures": measures}
    return with_id(record | {"method": method(), "provenance": provenance()})


def compare(
    event: dict[str, Any],
    articles: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    alignments: list[dict[str, Any]],
    actors: list[dict[str, Any]] | Mapping[str, dict[str, Any]],
    names: Names | None = None,
) -> list[dict[str, Any]]:
    """One comparison record per outlet of the event (articles of unknown outlet together under null), outlets in id order, null last.

    `names` is `Names(actors)` made once, and `actors` a mapping by id, for a caller comparing many events with the same
    registry.
    """
    _check(event, articles, claims, alignments)
    members = {str(m["claim_id"]): (str(a["id"]), m) for a in alignments for m in a["members"]}
    outlets = len({str(a["outlet_id"]) for a in articles if a.get("outlet_id")})
    by_id = actors if isinstance(actors, Mapping) else {str(a["id"]): a for a in actors}
    context = Context(alignments, members, names or Names(list(by_id.values())), by_id, outlets)
    by_outlet: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: str(a["id"])):
        by_outlet[article.get("outlet_id")].append(article)
    records = []
    for outlet in sorted(by_outlet, key=lambda o: (o is None, o or "")):
        ids = {str(a["id"]) for a in by_outlet[outlet]}
        own = sorted((c for c in claims if str(c["article_id"]) in ids), key=claim_order)
        versions = copies(by_outlet[outlet]) if outlet is not None else {}  # an outlet's second version of its own report counts once
        counted = [a for a in by_outlet[outlet] if str(a["id"]) not in versions]
        records.append(comparison(event, outlet, by_outlet[outlet], own, context, counted))
    return records
