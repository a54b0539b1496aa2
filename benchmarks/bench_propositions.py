"""Proposition alignment on the BASIL gold set: pairwise P/R/F1 and relation accuracy of toolkit.align.propositions.

Usage: python benchmarks/bench_propositions.py [--corpora PATH] [--gold FILE] [--kind attributed|fact|all] [--rules-only] [--json]
       python benchmarks/bench_propositions.py --agreement [--gold FILE] [--second FILE]
       python benchmarks/bench_propositions.py --one-event [--times K]
Imports BASIL into a temporary folder, extracts the claims of its articles as `parallax extract` does (speakers
resolved against data/actors.jsonl), aligns the claims of each gold triplet's event with
toolkit.align.propositions.align_claims, and scores the alignments against tests/golden/propositions/basil.jsonl with
toolkit.score_alignments (`--kind`: the attributed propositions, the default, the facts in the outlets' own voice, or
all). Prints the scores and the seconds alignment took. `--rules-only` extracts with the rules alone, without the
trained taggers.

`--agreement` compares the first annotation with the independent second pass over the triplets both cover
(tests/golden/propositions/basil-second.jsonl): members found by both, pairwise F1 and relations, by kind.

`--one-event` measures cost instead: every claim of every BASIL article as the claims of one event, grouped into
propositions by toolkit.align.propositions.propositions and, as the baseline in the same run, by comparing every pair
(skipping a pair already in one group); prints both times and comparison counts and checks the groups are the same.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import toolkit.align.propositions as grouping  # noqa: E402
from maintainer.shared import CORPORA  # noqa: E402
from toolkit import flows  # noqa: E402
from toolkit.actors.identity import canonical_claim, canonical_ids  # noqa: E402
from toolkit.align.propositions import Params, Rendering, align_claims, linked, propositions, rendering  # noqa: E402
from toolkit.extract import extract  # noqa: E402
from toolkit.flows import Session  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_alignments import KINDS, agreement, omissions, read_gold, render, render_agreement, score_alignments  # noqa: E402

GOLD = ROOT / "tests" / "golden" / "propositions" / "basil.jsonl"
SECOND = ROOT / "tests" / "golden" / "propositions" / "basil-second.jsonl"


def default_corpora() -> Path:
    """$PARALLAX_SHARED/corpora, else ../shared/corpora beside the repository."""
    return CORPORA


def records(folder: Path, kind: str) -> list[dict[str, Any]]:
    """The records of one type under a folder, in path order."""
    return [record for _file, record in read_records([folder]) if record.get("type") == kind]


def import_and_extract(corpora: Path, work: Path, learned: bool = True, facts: bool = True) -> Path:
    """BASIL imported under work/basil and its claims extracted into work/extracted (`learned`: with the taggers; `facts`:
    with the facts in the outlets' own voice); the events come from the import."""
    registry = OutletRegistry.load(work / "basil" / "outlets.jsonl", ROOT / "data" / "outlets.jsonl")
    run_import("basil", corpora / "basil", work / "basil", registry)
    # the actors are the packaged registry's (the seed's) and those the import made
    flows.extract(Session(None), [work / "basil"], work / "extracted", functools.partial(extract, learned=learned, facts=facts))
    return work / "extracted"


def align_triplets(triplets: list[str], events: list[dict[str, Any]], extracted: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The alignments of the events of the given BASIL triplets, and every claim of their articles, the speakers counted
    as the actors they stand for after `same_as` links, as `parallax align` counts them."""
    by_triplet = {str((e.get("external_ids") or {}).get("basil_triplet")): e for e in events}
    missing = [t for t in triplets if t not in by_triplet]
    if missing:
        raise SystemExit(f"gold triplets not among the imported events: {', '.join(missing)}")
    articles = {a["id"]: a for a in records(extracted, "article")}
    ids = canonical_ids({a["id"]: a for a in records(extracted, "actor")})
    claims = [canonical_claim(c, ids) for c in records(extracted, "claim")]
    alignments: list[dict[str, Any]] = []
    for triplet in triplets:
        event = by_triplet[triplet]
        members = [articles[i] for i in event["article_ids"]]
        ids = set(event["article_ids"])
        alignments += align_claims(event["id"], members, sorted((c for c in claims if c["article_id"] in ids), key=lambda c: (c["article_id"], c["id"])))
    return alignments, claims


def run(corpora: Path, gold: Path, learned: bool = True, kinds: tuple[str, ...] = ("attributed",)) -> dict[str, Any]:
    """Import, extract, align the gold triplets and score them (the propositions of `kinds`); the scores with the
    alignment seconds."""
    propositions = read_gold(gold)
    triplets = sorted({str(p["event"]) for p in propositions})
    with tempfile.TemporaryDirectory(prefix="bench-propositions-") as folder:
        work = Path(folder)
        extracted = import_and_extract(corpora, work, learned)
        start = time.perf_counter()
        alignments, claims = align_triplets(triplets, records(work / "basil" / "events", "event"), extracted)
        seconds = time.perf_counter() - start
        outlet_of = {str(a["id"]): str(a.get("outlet_id")) for a in records(extracted, "article")}
    scores = score_alignments(propositions, alignments, claims, kinds)
    return scores | {"alignments": len(alignments), "seconds": seconds, "omissions": omissions(propositions, alignments, claims, outlet_of, kinds)}


def every_pair(renderings: list[Rendering]) -> tuple[list[int], Iterator[tuple[int, int]]]:
    """The baseline's pairs to compare: all of them, each rendering starting alone."""
    return list(range(len(renderings))), ((i, j) for i in range(len(renderings)) for j in range(i + 1, len(renderings)))


def one_event(corpora: Path, learned: bool = True, times: int = 1) -> dict[str, Any]:
    """Every BASIL claim as one event's, `times` over (each time as if other articles carried it): the seconds and
    comparisons of grouping them, and of the every-pair baseline."""
    with tempfile.TemporaryDirectory(prefix="bench-propositions-") as folder:
        extracted = import_and_extract(corpora, Path(folder), learned)
        found = records(extracted, "claim")
    copies = [c | {"id": f"{c['id']}-{k}", "article_id": f"{c['article_id']}-{k}"} if k else c for k in range(times) for c in found]
    claims = sorted(copies, key=lambda c: str(c["id"]))
    renderings = [rendering(c, c.get("outlet_id")) for c in claims]
    params, counted = Params(), [0]

    def counting(a: Rendering, b: Rendering, p: Params) -> bool:
        counted[0] += 1
        return linked(a, b, p)

    grouping.linked = counting  # type: ignore[assignment]
    start = time.perf_counter()
    found = propositions(renderings, params)
    seconds, comparisons = time.perf_counter() - start, counted[0]
    grouping.linked = linked  # type: ignore[assignment]
    start = time.perf_counter()
    baseline = propositions(renderings, params, every_pair)
    baseline_seconds = time.perf_counter() - start
    same = sorted(sorted(r.claim_id for r in g) for g in found) == sorted(sorted(r.claim_id for r in g) for g in baseline)
    cost = {"claims": len(claims), "groups": len(found), "seconds": seconds, "comparisons": comparisons}
    return cost | {"baseline_seconds": baseline_seconds, "same_groups": same}


def main() -> None:
    """Print the scores and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--kind", choices=[*KINDS, "all"], default="attributed", help="which gold propositions to score (default: attributed)")
    parser.add_argument("--agreement", action="store_true", help="compare the gold with its independent second pass instead")
    parser.add_argument("--second", type=Path, default=SECOND, help="with --agreement: the second pass (default: %(default)s)")
    parser.add_argument("--rules-only", action="store_true", help="extract with the rules alone, without the trained taggers")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one-event", action="store_true", help="time grouping every BASIL claim as one event's, against comparing every pair")
    parser.add_argument("--times", type=int, default=1, help="with --one-event: each claim this many times, as other articles' (default 1)")
    args = parser.parse_args()
    if args.agreement:
        found = agreement(args.gold, args.second)
        print(json.dumps(found, indent=2) if args.json else render_agreement(found), end="\n" if args.json else "")
        return
    if args.one_event:
        cost = one_event(args.corpora, learned=not args.rules_only, times=max(1, args.times))
        if args.json:
            print(json.dumps(cost, indent=2))
            return
        print(f"{cost['claims']:,} claims in one event: {cost['groups']:,} propositions")
        print(f"grouping: {cost['seconds']:.2f} s, {cost['comparisons']:,} comparisons")
        print(f"baseline, every pair compared: {cost['baseline_seconds']:.2f} s")
        print("the same groups" if cost["same_groups"] else "THE GROUPS DIFFER")
        sys.exit(0 if cost["same_groups"] else 1)
    result = run(args.corpora, args.gold, learned=not args.rules_only, kinds=KINDS if args.kind == "all" else (args.kind,))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['alignments']} alignments made in {result['seconds']:.2f} s")
    print(render(result), end="")
    o = result["omissions"]
    print(f"omissions of propositions two outlets carry: {o['flagged']} flagged, {o['judged']} judged against gold, {o['true']} true,", end=" ")
    print(f"precision {o['precision']:.4f}")


if __name__ == "__main__":
    main()
