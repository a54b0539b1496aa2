"""Score predicted alignments (propositions across outlets) against gold propositions given as article spans.

Gold is JSON Lines, one proposition a line: {"event", "kind", "speaker", "members": [{"article_id", "start", "end",
"relation"}]}, each member a code-point span of an article body (tests/golden/propositions/README.md); `kind` is
"attributed" (a speaker's statement; the default) or "fact" (stated in the outlet's own voice). The propositions of the
kinds asked for (by default the attributed ones) are scored. Only the articles that gold members name are scored;
claims of other articles, and alignment members that are such claims, are left out.

Matching: the claims of each gold article are paired one to one with its gold members by content overlap, as
toolkit.score pairs claims (best overlap first, at least half of the shorter span shared). A claim so paired
matches that member; every other claim of a gold article is unmatched.

Pairs: two matched members are together in gold when one gold proposition holds both, and predicted together
when one alignment holds both their claims (a claim that no alignment holds is an alignment of its own; a claim
that several hold counts in the first). Precision, recall and F1 count pairs of matched members only. An unmatched
claim is in no judged pair, because gold lists only what two outlets report and cannot tell whether grouping it was
right: the predicted pairs that join it to a matched claim are counted apart (`with_unmatched_claim`). A gold member
that no claim matches is in no judged pair either; `recall_all` divides the true pairs by every gold pair instead,
so it also falls with each member the claims miss.

Relations: over the matched members whose alignment holds at least two claims (a lone claim is 'same' by
definition), the share whose predicted relation is the gold one, with the confusion table.

Gold that is not a list of propositions with span members raises GoldError; an alignment member whose claim is not
among the claims given raises ValueError.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ParallaxError
from toolkit.score import match

RELATIONS = ("same", "truncated", "extended", "paraphrase", "contradicts", "reframed")
KINDS = ("attributed", "fact")


class GoldError(ParallaxError, ValueError):
    """A gold proposition that cannot be scored."""


@dataclass(frozen=True)
class Member:
    """One gold member: its proposition's index, the article body span, the relation and the proposition's kind."""

    proposition: int
    article_id: str
    start: int
    end: int
    relation: str
    kind: str = "attributed"


@dataclass(frozen=True)
class Placement:
    """Where the prediction puts one claim: its alignment, the relation given and how many claims the alignment holds."""

    alignment: str
    relation: str | None
    size: int


def read_gold(source: str | Path | Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold propositions of a JSON Lines file, or the ones given, each checked."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    else:
        records = list(source)
    for number, record in enumerate(records, 1):
        check_gold(record, number)
    return records


def check_gold(record: Any, number: int) -> None:
    """Raise GoldError unless the record is a proposition whose members are body spans with a known relation."""
    members = record.get("members") if isinstance(record, dict) else None
    if not isinstance(members, list) or not members:
        raise GoldError(f"gold proposition {number}: needs a list of members")
    if record.get("kind", "attributed") not in KINDS:
        raise GoldError(f"gold proposition {number}: kind {record.get('kind')!r} is not one of {', '.join(KINDS)}")
    for member in members:
        problem = member_problem(member)
        if problem:
            raise GoldError(f"gold proposition {number}: {problem}")


def member_problem(member: Any) -> str | None:
    """What is wrong with one gold member, or None."""
    if not isinstance(member, dict) or not isinstance(member.get("article_id"), str):
        return "a member needs an article_id"
    start, end = member.get("start"), member.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool) or not 0 <= start < end:
        return "a member needs integers 0 <= start < end"
    if member.get("relation") not in RELATIONS:
        return f"relation {member.get('relation')!r} is not one of {', '.join(RELATIONS)}"
    return None


def gold_members(gold: list[dict[str, Any]]) -> list[Member]:
    """Every member of the gold propositions, in file order."""
    return [Member(n, m["article_id"], m["start"], m["end"], m["relation"], kind_of(record)) for n, record in enumerate(gold) for m in record["members"]]


def match_members(members: list[Member], claims: list[dict[str, Any]]) -> dict[int, str]:
    """Index of each gold member a claim matches -> that claim's id, pairing article by article. A member of an attributed
    proposition is matched only with a claim that credits a speaker: a fact claim on a speaker's words renders no one's
    statement (the extractor missed the attribution), so the member counts as one no claim matches."""
    by_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for claim in sorted(claims, key=lambda c: str(c["id"])):
        by_article[str(claim["article_id"]), "fact"].append(claim)
        if claim.get("kind") != "fact":
            by_article[str(claim["article_id"]), "attributed"].append(claim)
    wanted: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for index, m in enumerate(members):
        wanted[m.article_id, m.kind].append({"index": index, "content": _span(m)})
    return {g["index"]: str(c["id"]) for key, group in sorted(wanted.items()) for g, c in match(group, by_article[key])}


def placements(alignments: Iterable[dict[str, Any]], claims: dict[str, dict[str, Any]]) -> dict[str, Placement]:
    """Claim id -> its placement, for every claim the alignments hold (the first alignment that holds it wins)."""
    found: dict[str, Placement] = {}
    for number, alignment in enumerate(alignments):
        members = alignment.get("members") or []
        for member in members:
            claim_id = str(member.get("claim_id"))
            if claim_id not in claims:
                raise ValueError(f"alignment {alignment.get('id', number)} holds claim {claim_id}, which is not among the claims")
            found.setdefault(claim_id, Placement(f"alignment {number}", member.get("relation"), len(members)))
    return found


def pairs(n: int) -> int:
    """How many unordered pairs n items make."""
    return n * (n - 1) // 2


def pair_counts(cells: list[tuple[int, str]]) -> tuple[int, int, int]:
    """(gold pairs, predicted pairs, pairs in both) of items given as (gold proposition, predicted alignment)."""
    both = sum(pairs(n) for n in Counter(cells).values())
    gold = sum(pairs(n) for n in Counter(g for g, _ in cells).values())
    predicted = sum(pairs(n) for n in Counter(p for _, p in cells).values())
    return gold, predicted, both


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _pair_scores(cells: list[tuple[int, str]], all_gold_pairs: int, with_unmatched: int) -> dict[str, Any]:
    gold, predicted, both = pair_counts(cells)
    precision, recall = _ratio(both, predicted), _ratio(both, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scores = {"precision": precision, "recall": recall, "f1": f1, "recall_all": _ratio(both, all_gold_pairs)}
    return {"gold": gold, "predicted": predicted, "true": both, "gold_all": all_gold_pairs, "with_unmatched_claim": with_unmatched} | scores


def _with_unmatched(matched: set[str], scored: list[str], placed: dict[str, Placement]) -> int:
    """Predicted pairs that join a matched claim with an unmatched claim of a gold article."""
    groups: dict[str, Counter[bool]] = defaultdict(Counter)
    for claim_id in scored:
        if claim_id in placed:
            groups[placed[claim_id].alignment][claim_id in matched] += 1
    return sum(counts[True] * counts[False] for counts in groups.values())


def _relation_scores(members: list[Member], matched: dict[int, str], placed: dict[str, Placement]) -> dict[str, Any]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for index, claim_id in matched.items():
        placement = placed.get(claim_id)
        if placement is not None and placement.size >= 2:
            confusion[members[index].relation][str(placement.relation)] += 1
    scored = sum(sum(row.values()) for row in confusion.values())
    correct = sum(row[relation] for relation, row in confusion.items())
    table = {g: dict(sorted(confusion[g].items(), key=lambda kv: _order(kv[0]))) for g in sorted(confusion, key=_order)}
    return {"scored": scored, "correct": correct, "accuracy": _ratio(correct, scored), "confusion": table}


def _order(relation: str) -> tuple[int, str]:
    return (RELATIONS.index(relation), "") if relation in RELATIONS else (len(RELATIONS), relation)


def kind_of(proposition: dict[str, Any]) -> str:
    """A gold proposition's kind: 'attributed' unless it says 'fact'."""
    return str(proposition.get("kind", "attributed"))


def score_alignments(
    gold: str | Path | Iterable[dict[str, Any]],
    alignments: Iterable[dict[str, Any]],
    claims: Iterable[dict[str, Any]],
    kinds: tuple[str, ...] = ("attributed",),
) -> dict[str, Any]:
    """Pairwise precision, recall and F1 and relation accuracy of predicted alignments over the gold propositions of
    the kinds given."""
    propositions = [p for p in read_gold(gold) if kind_of(p) in kinds]
    members = gold_members(propositions)
    articles = {m.article_id for m in members}
    by_id = {str(c["id"]): c for c in claims}
    scored = sorted(i for i, c in by_id.items() if str(c.get("article_id")) in articles)
    matched = match_members(members, [by_id[i] for i in scored])
    placed = {i: p for i, p in placements(alignments, by_id).items() if str(by_id[i].get("article_id")) in articles}
    cells = [(members[index].proposition, placed[c].alignment if c in placed else f"claim {c}") for index, c in sorted(matched.items())]
    all_gold_pairs = sum(pairs(n) for n in Counter(m.proposition for m in members).values())
    events = len({str(p.get("event")) for p in propositions})
    return {
        "kinds": list(kinds),
        "gold": {"events": events, "articles": len(articles), "propositions": len(propositions), "members": len(members)},
        "claims": {"scored": len(scored), "matched": len(matched)},
        "pairs": _pair_scores(cells, all_gold_pairs, _with_unmatched(set(matched.values()), scored, placed)),
        "relations": _relation_scores(members, matched, placed),
    }


def render(scores: dict[str, Any]) -> str:
    """Plain-text report of score_alignments' result."""
    gold, claims, p, r = scores["gold"], scores["claims"], scores["pairs"], scores["relations"]
    rows = [
        f"gold ({', '.join(scores.get('kinds', ['attributed']))}): {gold['propositions']} propositions, {gold['members']} members in"
        f" {gold['articles']} articles of {gold['events']} events",
        f"claims: {claims['scored']} in those articles, {claims['matched']} matching a gold member ({gold['members'] - claims['matched']} members unmatched)",
        f"pairs of matched members: {p['gold']} in gold, {p['predicted']} predicted, {p['true']} in both",
        f"pairwise precision {p['precision']:.4f}  recall {p['recall']:.4f}  F1 {p['f1']:.4f}",
        f"recall over all {p['gold_all']} gold pairs {p['recall_all']:.4f}",
        f"predicted pairs joining a matched claim with an unmatched one (not judged): {p['with_unmatched_claim']}",
        f"relations of {r['scored']} matched members in alignments of two or more: {r['correct']} right, accuracy {r['accuracy']:.4f}",
    ]
    if r["confusion"]:
        predicted = sorted({k for row in r["confusion"].values() for k in row}, key=_order)
        rows.append(f"  {'gold / predicted':<16}" + "".join(f"{k:>12}" for k in predicted))
        rows += [f"  {g:<16}" + "".join(f"{row.get(k, 0):>12}" for k in predicted) for g, row in r["confusion"].items()]
    return "\n".join(rows) + "\n"


def agreement(first: str | Path | Iterable[dict[str, Any]], second: str | Path | Iterable[dict[str, Any]]) -> dict[str, Any]:
    """How far two annotations of the same events agree, over the events both cover, by kind and together.

    Members of one are paired one to one with members of the other in the same article by span overlap (best first, at
    least half of the shorter span shared), kinds apart. Members: how many of each side's members the other side has
    (precision and recall of the second against the first, and their F1). Pairs: over paired members, two are together
    in the first when one proposition holds both, and in the second likewise; pairwise precision, recall and F1 of the
    second against the first. Relations: over paired members whose propositions have at least two paired members on both
    sides, the share with the same relation.
    """
    one, other = read_gold(first), read_gold(second)
    events = sorted({str(p.get("event")) for p in one} & {str(p.get("event")) for p in other})
    result: dict[str, Any] = {"events": len(events)}
    for label, kinds in (("attributed", ("attributed",)), ("fact", ("fact",)), ("all", KINDS)):
        a = [p for p in one if str(p.get("event")) in events and kind_of(p) in kinds]
        b = [p for p in other if str(p.get("event")) in events and kind_of(p) in kinds]
        result[label] = _agreement(a, b)
    return result


def _agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    one, other = gold_members(first), gold_members(second)
    kinds = [kind_of(p) for p in first], [kind_of(p) for p in second]
    paired: list[tuple[int, int]] = []
    for kind in KINDS:  # the second side's members as claims of the first's
        mine = [i for i, m in enumerate(one) if kinds[0][m.proposition] == kind]
        theirs = [{"id": str(j), "article_id": m.article_id, "content": _span(m)} for j, m in enumerate(other) if kinds[1][m.proposition] == kind]
        paired += [(mine[k], int(j)) for k, j in match_members([one[i] for i in mine], theirs).items()]
    precision, recall = _ratio(len(paired), len(other)), _ratio(len(paired), len(one))
    cells = [(one[i].proposition, f"p{other[j].proposition}") for i, j in paired]
    gold_pairs, predicted_pairs, both = pair_counts(cells)
    pp, pr = _ratio(both, predicted_pairs), _ratio(both, gold_pairs)
    sizes_one = Counter(one[i].proposition for i, _ in paired)
    sizes_other = Counter(other[j].proposition for _, j in paired)
    judged = [(i, j) for i, j in paired if sizes_one[one[i].proposition] >= 2 and sizes_other[other[j].proposition] >= 2]
    same = sum(one[i].relation == other[j].relation for i, j in judged)
    return {
        "propositions": [len(first), len(second)],
        "members": {"first": len(one), "second": len(other), "paired": len(paired), "precision": precision, "recall": recall, "f1": _f1(precision, recall)},
        "pairs": {"first": gold_pairs, "second": predicted_pairs, "both": both, "precision": pp, "recall": pr, "f1": _f1(pp, pr)},
        "relations": {"judged": len(judged), "same": same, "agreement": _ratio(same, len(judged))},
    }


def _span(member: Member) -> dict[str, Any]:
    return {"spans": [{"field": "body", "start": member.start, "end": member.end}]}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def render_agreement(result: dict[str, Any]) -> str:
    """Plain-text report of agreement's result."""
    rows = [f"events annotated twice: {result['events']}"]
    for label in ("attributed", "fact", "all"):
        part = result[label]
        m, p, r = part["members"], part["pairs"], part["relations"]
        rows.append(
            f"{label}: propositions {part['propositions'][0]} / {part['propositions'][1]}; members {m['first']} / {m['second']}, {m['paired']} paired"
            f" (F1 {m['f1']:.4f}); pairs F1 {p['f1']:.4f} (precision {p['precision']:.4f}, recall {p['recall']:.4f});"
            f" relations the same {r['same']} of {r['judged']} ({r['agreement']:.4f})"
        )
    return "\n".join(rows) + "\n"


def omissions(
    gold: str | Path | Iterable[dict[str, Any]],
    alignments: Iterable[dict[str, Any]],
    claims: Iterable[dict[str, Any]],
    outlet_of: dict[str, str],
    kinds: tuple[str, ...] = ("attributed",),
) -> dict[str, Any]:
    """How many of the predicted omissions are true: of the alignments of gold articles that at least two outlets carry
    (their event's outlets less those listed as omitting), each (alignment, omitting outlet) is judged when the alignment
    matches a gold proposition (the one most of its matched claims' members belong to; propositions of `kinds`): true when
    that proposition has no member in an article of the outlet, false when it has one. `outlet_of`: article id -> outlet;
    gold members of articles it does not hold (articles not predicted) are left out.
    """
    propositions = [p for p in read_gold(gold) if kind_of(p) in kinds]
    members = [m for m in gold_members(propositions) if m.article_id in outlet_of]
    articles = {m.article_id for m in members}
    events = {m.article_id: str(propositions[m.proposition].get("event")) for m in members}
    outlets_of_event: dict[str, set[str]] = defaultdict(set)
    for article, event in events.items():
        outlets_of_event[event].add(outlet_of[article])
    by_id = {str(c["id"]): c for c in claims}
    scored = [by_id[i] for i in sorted(by_id) if str(by_id[i].get("article_id")) in articles]
    matched = match_members(members, scored)
    proposition_of = {claim_id: members[index].proposition for index, claim_id in matched.items()}
    carrying = [{outlet_of[m.article_id] for m in members if m.proposition == n} for n in range(len(propositions))]
    flagged = judged = true = 0
    for alignment in alignments:
        ids = [str(m["claim_id"]) for m in alignment["members"] if str(by_id.get(str(m["claim_id"]), {}).get("article_id")) in articles]
        if not ids:
            continue
        event = events[str(by_id[ids[0]]["article_id"])]
        omitting = [str(o) for o in alignment.get("omitted_by") or []]
        if len(outlets_of_event[event]) - len(omitting) < 2:
            continue
        flagged += len(omitting)
        found = Counter(proposition_of[i] for i in ids if i in proposition_of)
        if not found:
            continue
        proposition = min(found, key=lambda n: (-found[n], n))
        judged += len(omitting)
        true += sum(o not in carrying[proposition] for o in omitting)
    return {"flagged": flagged, "judged": judged, "true": true, "precision": _ratio(true, judged)}
