"""Score who-is-who: whether predicted claims name the right actor, on PolNeAR (with referents) and on BASIL.

PolNeAR has no entity labels: a referents file gives, for each Source span (raw offsets into the corpus's
`<split>/text/<stem>.txt`), the entity it names or refers to. A referent is placed on the gold claims whose speaker
mention is that span (the stored text is normalized, so raw offsets are not stored offsets: among the article's gold
mentions of the same words, the n-th referent in the text goes to the n-th mention; when they do not count the same,
to the nearest by estimated place). Each gold claim with a non-null referent is matched to a predicted claim as
`parallax score claims` matches them; the predicted actor, followed through `same_as`, is right when the referent is
the name or an alias of that actor or of any actor merged into it. Names compare by `registry.name_key`, leniently:
leading titles (Mr., Sen., President ...) and middle initials do not count ("Sen. Donald J. Trump" = "Donald Trump").

BASIL labels the speaker of each quoted span ('Barack_Obama'; labels starting `other_` are unnamed and left out; case
is folded). Every predicted claim whose content overlaps a labelled gold span (same article and field; the span of
largest overlap when several) is an item; its cluster is its canonical actor, a null or typed actor (`unnamed-document`,
which says what kind of source speaks, not who) its own singleton. B-cubed
precision, recall and F1 of those clusters against the labels are pooled over every article of every triplet, so one
person must be one actor across outlets and events. Also: the share of each triplet's main entities that a participant
of a predicted event holding its articles names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.actors.identity import canonical, canonical_ids
from toolkit.actors.sources import is_typed
from toolkit.errors import ParallaxError
from toolkit.records import read_records
from toolkit.registry import name_key
from toolkit.score import Spans, match, overlap, spans
from toolkit.score_events import bcubed

KINDS = ("person", "organization", "government", "country", "group", "media", "document", "anonymous")
FORMS = ("name", "pronoun", "description")
PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs who whom whose which that this these those"
    " one someone somebody anyone everyone".split()
)
_TITLES = frozenset(
    "mr mrs ms miss dr sen senator rep representative gov governor president vice gen general lt col capt sgt adm rev reverend"
    " secretary mayor judge justice speaker chairman chairwoman minister prime pope sir dame lady lord congressman congresswoman".split()
)
_LOWER_IN_NAMES = frozenset("of the and for de la du von van der del da y on in at to".split())
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


class ReferentsError(ParallaxError, ValueError):
    """A referents line that cannot be scored."""


# --- names -----------------------------------------------------------------------------------------------------------


def loose_key(name: str) -> str:
    """A name's key without leading titles and middle initials ('Sen. Donald J. Trump' -> 'donald trump')."""
    words = [w.rstrip(".") for w in name_key(name).split()]
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    kept = [w for n, w in enumerate(words) if not (0 < n < len(words) - 1 and len(w) == 1)]
    return " ".join(kept)


def same_name(one: str, other: str) -> bool:
    """Whether two names are one: equal `name_key`s, or equal once titles and middle initials are set aside."""
    return name_key(one) == name_key(other) or loose_key(one) == loose_key(other)


def mention_form(mention: str) -> str:
    """How a gold mention refers: 'pronoun' (he, they, who ...), 'name' (capitalized words), else 'description'."""
    words = _WORD.findall(mention)
    if not words:
        return "description"
    if len(words) == 1 and words[0].casefold() in PRONOUNS:
        return "pronoun"
    if words[0].casefold() == "the":
        words = words[1:]
    content = [w for w in words if w.casefold() not in _LOWER_IN_NAMES]
    return "name" if content and all(w[:1].isupper() for w in content) else "description"


@dataclass
class Cast:
    """The predicted actors: each id's canonical id, and the names (names and aliases) of each canonical actor."""

    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, actors: Mapping[str, Mapping[str, Any]]) -> Cast:
        """The cast of actor records by id: names of every actor merged into a canonical one go to it."""
        cast = cls(ids=canonical_ids(actors))
        for rid, record in sorted(actors.items()):
            found = [record.get("name"), *(record.get("aliases") or [])]
            cast.names[cast.ids[rid]].extend(n for n in found if isinstance(n, str) and n.strip())
        return cast

    def canonical(self, actor_id: str | None) -> str | None:
        """The canonical id of an actor id (itself when unknown), None for None."""
        return canonical(actor_id, self.ids)

    def named(self, actor_id: str, name: str) -> bool:
        """Whether a canonical actor goes by a name; an actor without a record goes by its id read as words."""
        names = self.names.get(actor_id) or [actor_id.replace("-", " ")]
        return any(same_name(name, n) for n in names)


# --- reading ---------------------------------------------------------------------------------------------------------


@dataclass
class Side:
    """One side's records: articles by text hash, article records by id, claims by article id, actors, events."""

    by_hash: dict[str, str] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


def read_side(paths: Iterable[Path]) -> Side:
    """The records under the paths, sorted into a Side (the first record of an id wins)."""
    side = Side()
    for _path, record in read_records(paths):
        kind = record.get("type")
        if kind == "article" and isinstance(record.get("id"), str):
            side.by_hash.setdefault(str(record.get("text_sha256")), record["id"])
            side.articles.setdefault(record["id"], record)
        elif kind == "claim" and record.get("kind") != "fact":  # a fact in the outlet's own voice has no speaker to resolve
            side.claims[str(record.get("article_id"))].append(record)
        elif kind == "actor" and isinstance(record.get("id"), str):
            side.actors.setdefault(record["id"], record)
        elif kind == "event":
            side.events.append(record)
    return side


def paired(gold: Side, predicted: Side) -> Iterable[tuple[str, str | None]]:
    """(gold article id, predicted article id or None) of every gold article, paired by text hash, in id order."""
    for article_id in sorted(gold.articles):
        yield article_id, predicted.by_hash.get(str(gold.articles[article_id].get("text_sha256")))


# --- PolNeAR ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Referent:
    """One referents line: the article's file stem, the Source span's raw offsets and words, whom it names, and its kind."""

    article: str
    start: int
    end: int
    mention: str
    referent: str | None
    kind: str


def read_referents(paths: Iterable[Path]) -> list[Referent]:
    """The lines of referents files (JSON Lines); ReferentsError names the first line that is not one."""
    found = []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ReferentsError(f"{path}: cannot be read ({error})") from error
        for number, line in enumerate(lines, 1):
            if line.strip():
                found.append(_referent(line, f"{path}:{number}"))
    return found


def _referent(line: str, where: str) -> Referent:
    """One referents line, or ReferentsError saying what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ReferentsError(f"{where}: not JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise ReferentsError(f"{where}: not a JSON object")
    start, end, referent = data.get("start"), data.get("end"), data.get("referent")
    if not isinstance(data.get("article"), str) or not isinstance(data.get("mention"), str):
        raise ReferentsError(f"{where}: needs an article and a mention (strings)")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool) or not 0 <= start < end:
        raise ReferentsError(f"{where}: needs integer offsets 0 <= start < end")
    if referent is not None and not (isinstance(referent, str) and referent.strip()):
        raise ReferentsError(f"{where}: referent must be a name or null")
    return Referent(data["article"], start, end, data["mention"], referent, str(data.get("kind") or "unknown"))


@dataclass
class Tally:
    """Gold sources with a referent; how many the extractor found; of those, right, null and wrong actors."""

    gold: int = 0
    matched: int = 0
    right: int = 0
    null: int = 0
    wrong: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Counts and shares: right, null and wrong of the matched, matched and right of the gold."""
        return {
            "gold": self.gold,
            "matched": self.matched,
            "right": self.right,
            "null": self.null,
            "wrong": self.wrong,
            "right_of_matched": _share(self.right, self.matched),
            "null_of_matched": _share(self.null, self.matched),
            "wrong_of_matched": _share(self.wrong, self.matched),
            "matched_of_gold": _share(self.matched, self.gold),
            "right_of_gold": _share(self.right, self.gold),
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class PolnearScores:
    """The actor scores of PolNeAR gold sources, overall, by the gold mention's form and by the referent's kind."""

    overall: Tally = field(default_factory=Tally)
    named: Tally = field(default_factory=Tally)  # the sources that are a person or an organization (SCOPE): the measure
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    referents: int = 0
    without_referent: int = 0
    unplaced: int = 0
    unpaired_articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "corpus": "polnear",
            "referents": {"lines": self.referents, "null": self.without_referent, "unplaced": self.unplaced},
            "unpaired_articles": self.unpaired_articles,
            "overall": self.overall.to_dict(),
            "persons_and_organizations": self.named.to_dict(),
            "by_form": {form: self.by_form[form].to_dict() for form in FORMS if form in self.by_form},
            "by_kind": {kind: tally.to_dict() for kind, tally in sorted(self.by_kind.items())},
        }


Key = tuple[tuple[str, int, int], ...]


def _mentions(article: dict[str, Any], claims: list[dict[str, Any]]) -> dict[Key, tuple[str, int, list[dict[str, Any]]]]:
    """The distinct speaker mentions of gold claims: span key -> (blank-collapsed words, estimated raw place, claims)."""
    found: dict[Key, tuple[str, int, list[dict[str, Any]]]] = {}
    body_start = len(str(article.get("headline") or "")) + 1
    for claim in claims:
        mention = (claim.get("speaker") or {}).get("mention")
        if not mention:
            continue
        key = tuple(spans(mention))
        if key:
            place = key[0][1] + (0 if key[0][0] == "headline" else body_start)
            found.setdefault(key, (_words(str(mention.get("text", ""))), place, []))[2].append(claim)
    return found


def _words(text: str) -> str:
    """A mention's words as compared across raw and stored text: NFC, blanks collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def place_referents(article: dict[str, Any], claims: list[dict[str, Any]], referents: list[Referent]) -> list[tuple[Referent, list[dict[str, Any]]]]:
    """Each referent of an article with the gold claims whose mention is its span (none when it cannot be placed)."""
    mentions = _mentions(article, claims)
    by_words: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(mentions, key=lambda k: (k[0][0] != "headline", k[0][1])):
        by_words[mentions[key][0]].append(key)
    placed = []
    groups: dict[str, list[Referent]] = defaultdict(list)
    for referent in sorted(set(referents), key=lambda r: (r.start, r.end, r.mention)):
        groups[_words(referent.mention)].append(referent)
    for words, group in groups.items():
        keys = by_words.get(words, [])
        chosen = keys if len(keys) == len(group) else [_nearest(r, keys, mentions) for r in group]
        placed += [(r, mentions[k][2] if k else []) for r, k in zip(group, chosen, strict=True)]
    return placed


def _nearest(referent: Referent, keys: list[Key], mentions: Mapping[Key, tuple[str, int, list[dict[str, Any]]]]) -> Key | None:
    """The mention of the same words nearest to a referent's raw place, or None when there is none."""
    return min(keys, key=lambda k: abs(mentions[k][1] - referent.start), default=None)


def score_polnear(gold: Iterable[Path], predicted: Iterable[Path], referents: list[Referent]) -> PolnearScores:
    """The actor scores of the predicted claims on the gold sources that the referents name."""
    gold_side, predicted_side = read_side(gold), read_side(predicted)
    cast = Cast.of(predicted_side.actors)
    by_stem: dict[str, list[Referent]] = defaultdict(list)
    for referent in referents:
        by_stem[referent.article].append(referent)
    result = PolnearScores(referents=len(referents), without_referent=sum(r.referent is None for r in referents))
    stems = {str((a.get("source") or {}).get("original_id")): aid for aid, a in gold_side.articles.items()}
    pairs = dict(paired(gold_side, predicted_side))
    for stem, found in sorted(by_stem.items()):
        gold_id = stems.get(stem)
        if gold_id is None:
            result.unplaced += sum(r.referent is not None for r in found)
            continue
        article_claims = gold_side.claims[gold_id]
        predicted_id = pairs.get(gold_id)
        result.unpaired_articles += predicted_id is None
        matched = {id(g): p for g, p in match(article_claims, predicted_side.claims[predicted_id])} if predicted_id else {}
        for referent, claims in place_referents(gold_side.articles[gold_id], article_claims, found):
            if referent.referent is None:
                continue
            result.unplaced += not claims
            for claim in claims:
                _tally(result, referent, matched.get(id(claim)), cast)
    return result


#: The kinds of gold source the headline measure counts: a person or an organization (a government, a country, a medium
#: included), named in the source or elsewhere in the article; a document, a group of people or an unnamed person is not one.
SCOPE = frozenset({"person", "organization", "government", "country", "media"})


def _tally(result: PolnearScores, referent: Referent, predicted: dict[str, Any] | None, cast: Cast) -> None:
    """Count one gold claim with a referent: overall, by mention form and by kind."""
    name = str(referent.referent)
    actor = cast.canonical((predicted or {}).get("speaker", {}).get("actor_id")) if predicted else None
    outcome = None if predicted is None else "null" if actor is None else "right" if cast.named(actor, name) else "wrong"
    tallies = [result.overall, result.by_form[mention_form(referent.mention)], result.by_kind[referent.kind]]
    if referent.kind in SCOPE:
        tallies.append(result.named)
    for tally in tallies:
        tally.gold += 1
        if outcome is not None:
            tally.matched += 1
            setattr(tally, outcome, getattr(tally, outcome) + 1)


# --- BASIL -----------------------------------------------------------------------------------------------------------


@dataclass
class BasilScores:
    """B-cubed of predicted actors against BASIL speaker labels, resolution, and main entities among event participants."""

    gold_spans: int = 0
    covered: int = 0
    claims: int = 0
    resolved: int = 0
    typed: int = 0  # of the resolved, those with a typed actor (what kind of source speaks, not who)
    speakers: int = 0
    actors: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    triplets: int = 0
    entities: int = 0
    entities_named: int = 0
    triplets_without_event: int = 0
    unpaired_articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "corpus": "basil",
            "gold_spans": self.gold_spans,
            "gold_spans_covered": self.covered,
            "unpaired_articles": self.unpaired_articles,
            "claims": self.claims,
            "resolved": self.resolved,
            "resolution": _share(self.resolved, self.claims),
            "typed": self.typed,
            "speakers": self.speakers,
            "actors": self.actors,
            "bcubed": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "main_entities": {
                "triplets": self.triplets,
                "triplets_without_event": self.triplets_without_event,
                "entities": self.entities,
                "named_by_participants": self.entities_named,
                "share": _share(self.entities_named, self.entities),
            },
        }


def speaker_label(claim: dict[str, Any]) -> str | None:
    """The case-folded BASIL speaker label of a gold claim's quoted span, None when unquoted, unlabelled or `other_*`."""
    for label in claim.get("framing") or []:
        attributes = label.get("attributes") or {}
        speaker = str(attributes.get("speaker") or "").strip()
        if label.get("scheme") == "basil" and attributes.get("quote") == "yes" and speaker and not speaker.casefold().startswith("other_"):
            return " ".join(speaker.replace("_", " ").split()).casefold()
    return None


def label_items(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], cast: Cast, prefix: str) -> tuple[dict[str, str], dict[str, str], int]:
    """(item -> label, item -> cluster, gold spans covered) of one article's predicted claims overlapping labelled gold spans."""
    labelled = [(label, spans(g["content"])) for g in gold if (label := speaker_label(g)) is not None]
    truth: dict[str, str] = {}
    clusters: dict[str, str] = {}
    covered: set[int] = set()
    for n, claim in enumerate(predicted):
        found: Spans = spans(claim.get("content"))
        shared = [(overlap(found, s), -i) for i, (_label, s) in enumerate(labelled)]
        size, first = max(shared, default=(0, 0))
        if size <= 0:
            continue
        covered.update(i for i, (n, _) in enumerate(shared) if n > 0)
        item = f"{prefix}#{claim.get('id', n)}"
        actor = cast.canonical((claim.get("speaker") or {}).get("actor_id"))
        # a typed actor ('unnamed-document') says what kind of source speaks, not who: like no actor, its own singleton
        truth[item], clusters[item] = labelled[-first][0], f"null:{item}" if actor is None else f"typed:{item}" if is_typed(actor) else actor
    return truth, clusters, len(covered)


def score_basil(gold: Iterable[Path], predicted: Iterable[Path], main_entities: Mapping[str, list[str]] | None = None) -> BasilScores:
    """The actor scores of predicted claims on BASIL's labelled quoted spans, and main entities among event participants.

    `main_entities` maps gold article ids to their main entities (names); without it, the names of the gold events'
    participants stand for them (the importer keeps the main entities that are evidently persons).
    """
    gold_side, predicted_side = read_side(gold), read_side(predicted)
    cast = Cast.of(predicted_side.actors)
    result = BasilScores()
    truth: dict[str, str] = {}
    clusters: dict[str, str] = {}
    pairs = dict(paired(gold_side, predicted_side))
    for gold_id, predicted_id in pairs.items():
        labelled = sum(speaker_label(g) is not None for g in gold_side.claims[gold_id])
        result.gold_spans += labelled
        result.unpaired_articles += predicted_id is None
        if predicted_id is None:
            continue
        found, made, covered = label_items(gold_side.claims[gold_id], predicted_side.claims[predicted_id], cast, gold_id)
        truth |= found
        clusters |= made
        result.covered += covered
    result.claims, result.resolved = len(truth), sum(not c.startswith("null:") for c in clusters.values())
    result.typed = sum(c.startswith("typed:") for c in clusters.values())
    result.speakers, result.actors = len(set(truth.values())), len({c for c in clusters.values() if not c.startswith(("null:", "typed:"))})
    result.precision, result.recall, result.f1 = bcubed(truth, clusters)
    _entities(result, gold_side, predicted_side, cast, pairs, main_entities)
    return result


def _entities(result: BasilScores, gold: Side, predicted: Side, cast: Cast, pairs: Mapping[str, str | None], main: Mapping[str, list[str]] | None) -> None:
    """Count each gold event's main entities, and those a participant of a predicted event holding its articles names."""
    gold_names = Cast.of(gold.actors)
    for event in sorted(gold.events, key=lambda e: str(e.get("id"))):
        members = [str(a) for a in event.get("article_ids") or []]
        if main is None:
            names = {n for p in event.get("participants") or [] for n in gold_names.names.get(str(p), [])[:1]}
        else:
            names = {" ".join(n.replace("_", " ").split()) for a in members for n in main.get(a, [])}
        held = {pairs.get(a) for a in members} - {None}
        events = [e for e in predicted.events if held & set(map(str, e.get("article_ids") or []))]
        people = {cast.canonical(str(p)) for e in events for p in e.get("participants") or []}
        result.triplets += 1
        result.triplets_without_event += not events
        result.entities += len(names)
        result.entities_named += sum(any(cast.named(str(p), n) for p in people) for n in names)


# --- reports ---------------------------------------------------------------------------------------------------------


def render_polnear(scores: PolnearScores) -> str:
    """A plain-text table of PolNeAR actor scores."""
    rows = [
        f"referents: {scores.referents} lines, {scores.without_referent} null, {scores.unplaced} not placed on a gold claim;"
        f" {scores.unpaired_articles} articles without a predicted counterpart",
        "",
        f"{'':<22} {'gold':>6} {'found':>6} {'right':>6} {'null':>6} {'wrong':>6}"
        f"  {'right/found':>11} {'null/found':>10} {'wrong/found':>11} {'right/gold':>10}",
    ]
    named = [("overall", scores.overall), ("persons and orgs", scores.named)] + [(f"form {f}", scores.by_form[f]) for f in FORMS if f in scores.by_form]
    for name, tally in named + [(f"kind {k}", t) for k, t in sorted(scores.by_kind.items())]:
        d = tally.to_dict()
        rows.append(
            f"{name[:22]:<22} {tally.gold:>6} {tally.matched:>6} {tally.right:>6} {tally.null:>6} {tally.wrong:>6}"
            f"  {d['right_of_matched']:>11.3f} {d['null_of_matched']:>10.3f} {d['wrong_of_matched']:>11.3f} {d['right_of_gold']:>10.3f}"
        )
    return "\n".join(rows) + "\n"


def render_basil(scores: BasilScores) -> str:
    """A plain-text report of BASIL actor scores."""
    d = scores.to_dict()
    e = d["main_entities"]
    return (
        f"labelled quoted spans: {scores.gold_spans}, {scores.covered} overlapped by a predicted claim;"
        f" {scores.unpaired_articles} articles without a predicted counterpart\n"
        f"predicted claims on them: {scores.claims}, {scores.resolved} with an actor (resolution {d['resolution']:.4f}),"
        f" {scores.typed} of them typed;"
        f" {scores.speakers} speakers, {scores.actors} predicted actors\n"
        f"B-cubed precision {scores.precision:.4f}  recall {scores.recall:.4f}  F1 {scores.f1:.4f}\n"
        f"main entities: {e['entities']} in {e['triplets']} triplets ({e['triplets_without_event']} triplets in no predicted event),"
        f" {e['named_by_participants']} named by a participant of their predicted events ({e['share']:.4f})\n"
    )
