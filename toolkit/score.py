"""Score predicted claims against gold claims: articles paired by text hash, claims one to one by content overlap.

Two pairings are reported. The first pairs claims once, on content (best overlap first), and judges speaker, cue and
exact content on those pairs. The second, per level, finds for each level on its own a largest one-to-one matching of
the pairs that count at that level: a near-whole content then takes the pair a small fragment took in the first, and a
gold claim with no speaker (a passive, 'it was reported') is not judged on its speaker. Attributions are scored:
facts in an outlet's own voice (claims of kind `fact`) are left out on both sides, since no attribution corpus marks
them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.records import read_records

LEVELS = ("claim", "claim+speaker", "claim+cue", "exact content")
MIN_OVERLAP = 0.5  # of the shorter content, for two claims to be one


@dataclass
class Counts:
    """True positives per level, and the numbers of predicted and gold claims."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        """Add another's counts to these."""
        for level in LEVELS:
            self.tp[level] += other.tp[level]
        self.predicted += other.predicted
        self.gold += other.gold

    def scores(self) -> dict[str, dict[str, float]]:
        """Precision, recall and F1 at each level."""
        found = {}
        for level in LEVELS:
            p = self.tp[level] / self.predicted if self.predicted else 0.0
            r = self.tp[level] / self.gold if self.gold else 0.0
            found[level] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
        return found


@dataclass
class ClaimScores:
    """Scores overall and per outlet, with how many articles were paired and left unpaired."""

    overall: Counts = field(default_factory=Counts)
    by_outlet: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_level: Counts = field(default_factory=Counts)  # each level's own best matching (`count_per_level`)
    per_level_by_outlet: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    paired: int = 0
    gold_only: int = 0
    predicted_only: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "articles": {"paired": self.paired, "gold_only": self.gold_only, "predicted_only": self.predicted_only},
            "overall": _report(self.overall),
            "by_outlet": {outlet: _report(counts) for outlet, counts in sorted(self.by_outlet.items())},
            "per_level": {
                "overall": _report(self.per_level),
                "by_outlet": {outlet: _report(counts) for outlet, counts in sorted(self.per_level_by_outlet.items())},
            },
        }


def _report(counts: Counts) -> dict[str, Any]:
    return {"gold": counts.gold, "predicted": counts.predicted, "true_positives": counts.tp, "scores": counts.scores()}


Spans = list[tuple[str, int, int]]


def spans(evidence: dict[str, Any] | None) -> Spans:
    """(field, start, end) of each span of an evidence object (none when absent)."""
    return [(s["field"], s["start"], s["end"]) for s in evidence["spans"]] if evidence else []


def overlap(one: Spans, other: Spans) -> int:
    """How many code points two span lists share."""
    return sum(max(0, min(a_end, b_end) - max(a_start, b_start)) for fa, a_start, a_end in one for fb, b_start, b_end in other if fa == fb)


def length(found: Spans) -> int:
    """How many code points a span list covers."""
    return sum(end - start for _, start, end in found)


def match(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Gold and predicted claims paired one to one, best overlap first, where contents share half the shorter."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            shared, shorter = _shared(g, p)
            if shorter and shared >= MIN_OVERLAP * shorter:
                candidates.append((-shared / shorter, -shared, i, j))
    pairs, used_gold, used_predicted = [], set(), set()
    for _ratio, _common, i, j in sorted(candidates):
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((gold[i], predicted[j]))
    return pairs


def _agree(gold: dict[str, Any] | None, predicted: dict[str, Any] | None) -> bool:
    """Whether two optional evidence objects agree: both absent, or overlapping."""
    if not gold or not predicted:
        return not gold and not predicted
    return overlap(spans(gold), spans(predicted)) > 0


def _same_speaker(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Whether the speakers agree: mention spans overlap; where the gold names its actor but no span, the same actor."""
    if gold.get("mention") is None and gold.get("actor_id") is not None:
        return bool(predicted.get("actor_id") == gold["actor_id"])
    return _agree(gold.get("mention"), predicted.get("mention"))


def extent(found: Spans, texts: dict[str, str] | None = None) -> Spans:
    """The words a span list covers: blanks at span edges trimmed, spans only blanks apart joined (offsets as they are without `texts`).

    One text can be selected as one span or as several: brat, in which PolNeAR was annotated, splits a selection at
    each line end, so a two-sentence quotation can be two spans a space or a newline apart.
    """
    if texts is None:
        return sorted(found)
    joined: Spans = []
    for name, start, end in sorted(found):
        text = texts.get(name, "")
        while start < end and text[start : start + 1].isspace():
            start += 1
        while end > start and text[end - 1 : end].isspace():
            end -= 1
        if joined and joined[-1][0] == name and not text[joined[-1][2] : start].strip():
            joined[-1] = (name, joined[-1][1], max(end, joined[-1][2]))
        elif start < end:
            joined.append((name, start, end))
    return joined


def count(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], texts: dict[str, str] | None = None) -> Counts:
    """The counts of one article's gold and predicted claims; `texts` (field -> text) makes exact content blind to blanks between spans."""
    counts = Counts(predicted=len(predicted), gold=len(gold))
    for g, p in match(gold, predicted):
        counts.tp["claim"] += 1
        counts.tp["claim+speaker"] += _same_speaker(g["speaker"], p["speaker"])
        counts.tp["claim+cue"] += _agree(g.get("cue"), p.get("cue"))
        counts.tp["exact content"] += extent(spans(g["content"]), texts) == extent(spans(p["content"]), texts)
    return counts


def _shared(gold: dict[str, Any], predicted: dict[str, Any]) -> tuple[int, int]:
    """How many code points two claims' contents share, and the length of the shorter."""
    g_spans, p_spans = spans(gold["content"]), spans(predicted["content"])
    return overlap(g_spans, p_spans), min(length(g_spans), length(p_spans))


def _overlapping(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Whether two claims' contents share half the shorter (the first condition of every level, as `match` pairs them)."""
    shared, shorter = _shared(gold, predicted)
    return bool(shorter) and shared >= MIN_OVERLAP * shorter


def _speaker_counts(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """The speaker level's condition: the speakers agree, or the gold claim has no speaker at all (nothing to judge)."""
    speaker = gold["speaker"]
    if speaker.get("mention") is None and speaker.get("actor_id") is None:
        return True
    return _same_speaker(speaker, predicted["speaker"])


def largest_matching(edges: list[list[int]], right: int) -> int:
    """The size of a largest one-to-one matching of a bipartite graph (`edges[i]`: the right nodes left node i may take;
    augmenting paths, enough for the tens of claims of an article)."""
    taken: list[int | None] = [None] * right

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            holder = taken[j]
            if holder is None or augment(holder, seen):
                taken[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(edges)))


def count_per_level(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], texts: dict[str, str] | None = None) -> Counts:
    """The counts of one article's claims with a largest one-to-one matching found for each level on its own: a pair
    counts at a level when the contents share half the shorter and the level's condition holds."""
    counts = Counts(predicted=len(predicted), gold=len(gold))
    near = [[j for j, p in enumerate(predicted) if _overlapping(g, p)] for g in gold]
    conditions: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
        "claim": lambda g, p: True,
        "claim+speaker": _speaker_counts,
        "claim+cue": lambda g, p: _agree(g.get("cue"), p.get("cue")),
        "exact content": lambda g, p: extent(spans(g["content"]), texts) == extent(spans(p["content"]), texts),
    }
    for level, holds in conditions.items():
        edges = [[j for j in near[i] if holds(g, predicted[j])] for i, g in enumerate(gold)]
        counts.tp[level] = largest_matching(edges, len(predicted))
    return counts


@dataclass
class _Side:
    """One side's articles by text hash (with their outlet), their texts by article id, and claims by article id."""

    articles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def _read(paths: Iterable[Path]) -> _Side:
    side = _Side()
    for _path, record in read_records(paths):
        if record.get("type") == "article":
            side.articles.setdefault(record["text_sha256"], (record["id"], record.get("outlet_id")))
            side.texts.setdefault(record["id"], {"headline": record.get("headline") or "", "body": record.get("text") or ""})
        elif record.get("type") == "claim" and record.get("kind") != "fact":
            side.claims[record["article_id"]].append(record)
    return side


def score_claims(gold: Iterable[Path], predicted: Iterable[Path]) -> ClaimScores:
    """Score the predicted claims of articles against the gold ones, pairing articles by their text hash."""
    gold_side, predicted_side = _read(gold), _read(predicted)
    result = ClaimScores()
    for text_hash, (gold_id, outlet) in sorted(gold_side.articles.items()):
        predicted_article = predicted_side.articles.get(text_hash)
        if predicted_article is None:
            result.gold_only += 1
            counts = levels = Counts(gold=len(gold_side.claims[gold_id]))
        else:
            result.paired += 1
            # Both sides' spans index the same text (the hashes agree): the gold article's fields read both.
            pair = gold_side.claims[gold_id], predicted_side.claims[predicted_article[0]], gold_side.texts[gold_id]
            counts, levels = count(*pair), count_per_level(*pair)
        result.overall.add(counts)
        result.by_outlet[outlet or "(unknown outlet)"].add(counts)
        result.per_level.add(levels)
        result.per_level_by_outlet[outlet or "(unknown outlet)"].add(levels)
    result.predicted_only = len(set(predicted_side.articles) - set(gold_side.articles))
    return result


def render(scores: ClaimScores) -> str:
    """Plain-text tables of the scores: the pairing on content, then the pairing per level."""
    rows = [f"articles: {scores.paired} paired, {scores.gold_only} only in gold, {scores.predicted_only} only predicted", ""]
    rows += _table("claims paired once, on content; each level judged on those pairs", scores.overall, scores.by_outlet)
    rows += [
        "",
        *_table(
            "per level: a best one-to-one pairing found for each level (a gold claim with no speaker: speaker not judged)",
            scores.per_level,
            scores.per_level_by_outlet,
        ),
    ]
    return "\n".join(rows) + "\n"


def _table(title: str, overall: Counts, by_outlet: dict[str, Counts]) -> list[str]:
    header = f"{'':<28} {'gold':>6} {'pred':>6}  " + "  ".join(f"{level:>22}" for level in LEVELS)
    rows = [f"{title}:", header, f"{'':<28} {'':>6} {'':>6}  " + "  ".join(f"{'P     R     F1':>22}" for _ in LEVELS)]
    for name, counts in [("overall", overall), *sorted(by_outlet.items())]:
        cells = "  ".join(f"{s['precision']:>6.3f}{s['recall']:>6.3f}{s['f1']:>6.3f}".rjust(22) for s in counts.scores().values())
        rows.append(f"{name[:28]:<28} {counts.gold:>6} {counts.predicted:>6}  {cells}")
    return rows
