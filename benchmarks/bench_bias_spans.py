"""How many of BASIL's bias spans the comparison measures surface: informational bias by coverage, lexical bias by labeling.

Usage: python benchmarks/bench_bias_spans.py [--corpora PATH] [--rules-only] [--no-facts] [--json]
Imports BASIL (its annotated spans become claims with `basil` framing labels: `inf`, content an outlet includes that
tangentially relates to the event, and `lex`, a loaded word choice), extracts claims from the same articles as
`parallax extract` does (attributions and facts in the outlets' own voice), aligns and compares each triplet's event as
`parallax align` does (speakers counted as the actors they stand for), and counts, over every annotated span of a body
or headline:

- informational bias (`inf`): spans a claim renders (one of the span's article whose content overlaps it by at least
  half of the shorter of the two), spans whose proposition at least one other outlet of the event omits (its alignment's
  `omitted_by`, what the coverage measure counts), and spans whose proposition no other outlet reports (unique to the
  outlet);
- lexical bias (`lex`): spans holding a term the labeling measure lists for the outlet (a name, title, description or
  label of an actor, compared case-folded), and spans holding a claim's cue (the attribution-verb measure).

The extracted claims never see BASIL's labels: the spans are gold only. `--no-facts` extracts attributions alone (no
facts in the outlets' own voice), for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_propositions import import_and_extract, records  # noqa: E402

from maintainer.shared import CORPORA  # noqa: E402
from toolkit.actors.identity import canonical_actors, canonical_claim, canonical_ids  # noqa: E402
from toolkit.align.measures import Names, compare  # noqa: E402
from toolkit.align.propositions import align_claims  # noqa: E402
from toolkit.score import MIN_OVERLAP, Spans, length, overlap, spans  # noqa: E402


def renders(span: Spans, content: Spans) -> bool:
    """Whether a claim's content shares with a span at least half of the shorter of the two, as `score claims` pairs."""
    shorter = min(length(span), length(content))
    return shorter > 0 and overlap(span, content) >= MIN_OVERLAP * shorter


def bias_spans(imported: Path) -> list[dict[str, Any]]:
    """Every BASIL-labelled span: article, outlet, label, field, start, end and the span's words."""
    found = []
    for claim in records(imported, "claim"):
        for frame in claim.get("framing") or ():
            if frame.get("scheme") == "basil" and frame.get("label") in ("inf", "lex") and frame.get("span"):
                span = frame["span"]
                found.append(
                    {
                        "article_id": claim["article_id"],
                        "outlet_id": claim.get("outlet_id"),
                        "label": frame["label"],
                        "span": spans({"spans": [span]}),
                        "text": str(span.get("exact") or ""),
                    }
                )
    return found


def run(corpora: Path, learned: bool = True, facts: bool = True) -> dict[str, Any]:
    """Import, extract, align and compare; the counts of spans surfaced, by label."""
    with tempfile.TemporaryDirectory(prefix="bench-bias-") as folder:
        work = Path(folder)
        extracted = import_and_extract(corpora, work, learned, facts)
        labelled = bias_spans(work / "basil" / "claims")
        events = records(work / "basil" / "events", "event")
        articles = {a["id"]: a for a in records(extracted, "article")}
        actor_records = {a["id"]: a for a in records(extracted, "actor")}
        claims_by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
        ids = canonical_ids(actor_records)
        for claim in records(extracted, "claim"):
            claims_by_article[claim["article_id"]].append(canonical_claim(claim, ids))
    actors = [a for _, a in sorted(canonical_actors(actor_records).items())]
    names = Names(actors)
    alignment_of: dict[str, dict[str, Any]] = {}
    labeling: dict[str, set[str]] = {}  # article id -> the terms its outlet's comparison lists
    for event in events:
        members = [articles[i] for i in event["article_ids"] if i in articles]
        claims = [c for a in members for c in sorted(claims_by_article[a["id"]], key=lambda c: str(c["id"]))]
        alignments = align_claims(event["id"], members, claims)
        for alignment in alignments:
            for member in alignment["members"]:
                alignment_of[str(member["claim_id"])] = alignment
        for comparison in compare(event, members, claims, alignments, actors, names=names):
            terms = {str(row["term"]).casefold() for row in comparison["measures"]["labeling"]}
            for article_id in comparison["article_ids"]:
                labeling[str(article_id)] = terms
    counts: dict[str, Counter[str]] = {"inf": Counter(), "lex": Counter()}
    for span in labelled:
        tally = counts[span["label"]]
        tally["spans"] += 1
        own = claims_by_article[span["article_id"]]
        if span["label"] == "inf":
            rendering = [c for c in own if renders(span["span"], spans(c.get("content")))]
            if not rendering:
                continue
            tally["rendered by a claim"] += 1
            found = [alignment_of[str(c["id"])] for c in rendering if str(c["id"]) in alignment_of]
            if any(a.get("omitted_by") for a in found):
                tally["omitted by another outlet"] += 1
            if any({m.get("outlet_id") for m in a["members"]} == {span["outlet_id"]} for a in found):
                tally["reported by no other outlet"] += 1
        else:
            words = span["text"].casefold()
            if any(term in words for term in labeling.get(span["article_id"], ())):
                tally["holds a labeling term"] += 1
            if any(overlap(span["span"], spans(c.get("cue"))) for c in own):
                tally["holds a claim's cue"] += 1
    return {label: dict(tally) for label, tally in counts.items()}


def main() -> None:
    """Print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--rules-only", action="store_true", help="extract with the rules alone, without the trained taggers")
    parser.add_argument("--no-facts", action="store_true", help="extract attributions alone, without facts in the outlets' own voice")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    found = run(args.corpora, learned=not args.rules_only, facts=not args.no_facts)
    if args.json:
        print(json.dumps(found, indent=2))
        return
    for label, tally in found.items():
        total = tally.get("spans", 0)
        print(f"{label}: {total} spans")
        for name, n in tally.items():
            if name != "spans":
                print(f"  {name}: {n} ({n / total:.3f})" if total else f"  {name}: {n}")


if __name__ == "__main__":
    main()
