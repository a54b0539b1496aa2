"""Measure who-is-who: the actors of extracted claims on PolNeAR dev (with referents) and on BASIL.

Usage: python benchmarks/bench_actors.py [--corpora ../shared/corpora] [--referents FILE ...] [--only polnear|basil] [--json]
Imports PolNeAR dev and BASIL into temporary folders, extracts claims from their articles with `flows.extract` (the
product's extraction, whatever actor resolution it does), aligns the BASIL predictions into events with
`flows.align`, and scores them with `parallax score actors`'s library calls: on PolNeAR, the right, null and wrong
actors of the claims whose gold source names someone (referents: tests/gold/polnear-dev-referents-*.jsonl unless
--referents is given; without any, PolNeAR is skipped); on BASIL, B-cubed of the predicted actors against the speaker
labels of quoted spans, pooled over all triplets, the share of those claims with an actor, and the share of the
articles' main entities that a participant of their predicted event names. Prints every figure and the seconds of
each step.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import split_copy  # noqa: E402

from maintainer.shared import CORPORA  # noqa: E402
from toolkit import flows  # noqa: E402
from toolkit.extract import extract  # noqa: E402
from toolkit.flows import Session  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.records import read_records  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score_actors import read_referents, render_basil, render_polnear, score_basil, score_polnear  # noqa: E402


def timed(seconds: dict[str, float], step: str, run: Callable[[], Any]) -> Any:
    """Run a step, keeping its seconds under its name, and say that it ran (on stderr)."""
    start = time.perf_counter()
    found = run()
    seconds[step] = round(time.perf_counter() - start, 2)
    print(f"{step}: {seconds[step]:.2f} s", file=sys.stderr)
    return found


def main_entities(corpus: Path, gold: Path) -> dict[str, list[str]]:
    """Gold article id -> BASIL's main entities of that article, read from the corpus's article files."""
    by_uuid = {}
    for file in sorted((corpus / "articles").glob("*/*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        entities = data.get("main-entities")
        by_uuid[str(data.get("uuid"))] = [str(e) for e in entities if isinstance(e, str)] if isinstance(entities, list) else []
    found = {}
    for _path, record in read_records([gold / "articles"]):
        uuid = str((record.get("source") or {}).get("original_id"))
        found[str(record["id"])] = by_uuid.get(uuid, [])
    return found


def referenced_copy(corpus: Path, split: str, into: Path, referents: list[Path]) -> Path:
    """A PolNeAR folder holding the articles of one split that the referents files name (and the metadata)."""
    stems = {str(json.loads(line)["article"]) for path in referents for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    (into / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", into / "data" / "metadata.tsv")
    for folder, suffix in (("text", ".txt"), ("attributions", ".ann")):
        (into / "data" / split / folder).mkdir(parents=True)
        for path in sorted((corpus / "data" / split / folder).glob(f"*{suffix}")):
            stem = path.stem if folder == "text" else path.stem.rpartition("_")[0]
            if stem in stems:
                shutil.copy(path, into / "data" / split / folder / path.name)
    return into


def polnear(corpora: Path, referents: list[Path], root: Path, seconds: dict[str, float], split: str = "dev") -> dict[str, Any]:
    """Import the PolNeAR articles the referents name (dev: the whole split), extract, score against the referents."""
    gold, pred = root / "polnear-gold", root / "polnear-pred"
    if not (corpora / "polnear" / "data" / split).is_dir():
        return {"skipped": f"{corpora / 'polnear'} not found"}
    copy = (
        split_copy(corpora / "polnear", split, root / "polnear") if split == "dev" else referenced_copy(corpora / "polnear", split, root / "polnear", referents)
    )
    timed(seconds, "polnear import", lambda: run_import("polnear", copy, gold, OutletRegistry()))
    timed(seconds, "polnear extract", lambda: flows.extract(Session(None), [gold], pred, extract))
    lines = read_referents(referents)
    scores = timed(seconds, "polnear score", lambda: score_polnear([gold], [pred], lines))
    return {"referent_files": [str(p) for p in referents], **scores.to_dict(), "text": render_polnear(scores)}


def basil(corpora: Path, root: Path, seconds: dict[str, float]) -> dict[str, Any]:
    """Import BASIL, extract, align, score."""
    corpus, gold, pred = corpora / "basil", root / "basil-gold", root / "basil-pred"
    if not (corpus / "articles").is_dir():
        return {"skipped": f"{corpus} not found"}
    timed(seconds, "basil import", lambda: run_import("basil", corpus, gold, OutletRegistry()))
    timed(seconds, "basil extract", lambda: flows.extract(Session(None), [gold / "articles"], pred, extract))
    timed(seconds, "basil align", lambda: flows.align(Session(None), pred))
    entities = main_entities(corpus, gold)
    scores = timed(seconds, "basil score", lambda: score_basil([gold], [pred], entities))
    return {**scores.to_dict(), "text": render_basil(scores)}


def main() -> None:
    """Import, extract, align, score, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--referents", type=Path, nargs="*", help="PolNeAR referents files (JSON Lines; default: those of the split in tests/gold)")
    parser.add_argument("--split", choices=("dev", "train"), default="dev", help="the PolNeAR split scored (train: for choices, dev: for reporting)")
    parser.add_argument("--only", choices=("polnear", "basil"), help="one corpus only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    seconds: dict[str, float] = {}
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "basil":
            referents = args.referents or sorted((ROOT / "tests" / "gold").glob(f"polnear-{args.split}-referents-*.jsonl"))
            found["polnear"] = polnear(args.corpora, referents, Path(tmp), seconds, args.split) if referents else {"skipped": "no referents file"}
        if args.only != "polnear":
            found["basil"] = basil(args.corpora, Path(tmp), seconds)
    found["seconds"] = seconds
    if args.json:
        print(json.dumps({k: {n: v for n, v in part.items() if n != "text"} if k != "seconds" else part for k, part in found.items()}, indent=2))
        return
    for name in ("polnear", "basil"):
        if name in found:
            print(f"== {name}")
            print(found[name].get("text") or found[name].get("skipped"))
    print("seconds: " + ", ".join(f"{step} {s:.2f}" for step, s in seconds.items()))


if __name__ == "__main__":
    main()
