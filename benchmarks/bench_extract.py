"""Measure the claim extractor on PolNeAR: claim, speaker, cue and exact-content P/R/F1, and articles/s.

Usage: python benchmarks/bench_extract.py [--corpus ../shared/corpora/polnear] [--split dev] [--runs 3] [--rules-only] [--jobs N] [--convert]
           [--extractor fast|neural] [--models DIR] [--baseline fast|neural|rules] [--held-out N] [--cue-threshold T]
       python benchmarks/bench_extract.py --agreement [--corpus ../shared/corpora/polnear]
       python benchmarks/bench_extract.py --long [--corpus ../shared/corpora/polnear] [--split dev]
Imports the split's gold records into a temporary folder, extracts claims from the same articles into another,
scores them with `parallax score claims`'s library call, and times extraction alone over the split's articles (one
process, with facts in the outlets' own voice and, as the baseline in the same run, without), then the whole of
`flows.extract` (reading, extracting, validating, writing) with `--jobs` processes.
`--convert` also times `parallax convert`'s library call with `--jobs` processes over the same articles written as
text files (headline on the first line): reading, extracting, validating, writing.
`--extractor neural` measures the neural tagger instead of the CRF taggers (`--models DIR`: another folder's model);
`--baseline NAME` also times `flows.extract` with another extractor in each run. `--split train --held-out 5` scores
only the train articles `maintainer.neural --hold 5` kept out of training (every fifth by id), where the neural
tagger's choices are made; `--cue-threshold` tries another cue threshold there.
`--rules-only` leaves the taggers out (the rules alone, as before they were trained). The taggers were trained on
the train split: figures on it are not a measure of what they do on unseen text.
`--agreement` scores, with the same scorer, one annotator against another on the texts of train and dev that two or
more annotators annotated (the first two by annotator id): the scale of what a human reaches.
`--long` times the split's texts joined into one article (a paragraph break between them) against the same texts as
separate articles, in the same run: extraction's cost should grow with the text, not with its square.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from maintainer.shared import CORPORA  # noqa: E402
from toolkit import flows  # noqa: E402
from toolkit.extract import extract, learned  # noqa: E402
from toolkit.flows import Session  # noqa: E402
from toolkit.importers import run_import  # noqa: E402
from toolkit.importers.polnear import annotator_of  # noqa: E402
from toolkit.records import paragraphs, read_records, write_jsonl  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402
from toolkit.score import render, score_claims  # noqa: E402

DEFAULT = CORPORA / "polnear"


def split_copy(corpus: Path, split: str, into: Path) -> Path:
    """A PolNeAR folder holding one split (and the metadata), so that only it is imported."""
    (into / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", into / "data" / "metadata.tsv")
    shutil.copytree(corpus / "data" / split, into / "data" / split)
    return into


def annotator_copies(corpus: Path, into: Path, splits: tuple[str, ...] = ("train", "dev")) -> tuple[Path, Path] | None:
    """Two PolNeAR folders of the texts annotated twice or more, the first holding each text's first annotation, the second its second."""
    copies = (into / "first", into / "second")
    found = 0
    for split in splits:
        by_text: dict[str, list[Path]] = {}
        for ann in sorted((corpus / "data" / split / "attributions").glob("*.ann")):
            by_text.setdefault(ann.stem.rpartition("_")[0], []).append(ann)
        for name, anns in sorted(by_text.items()):
            text = corpus / "data" / split / "text" / f"{name}.txt"
            if len(anns) < 2 or not text.is_file():
                continue
            found += 1
            for copy, ann in zip(copies, sorted(anns, key=annotator_of), strict=False):
                for folder in ("text", "attributions"):
                    (copy / "data" / split / folder).mkdir(parents=True, exist_ok=True)
                shutil.copy(text, copy / "data" / split / "text")
                shutil.copy(ann, copy / "data" / split / "attributions")
    for copy in copies if found else ():
        shutil.copy(corpus / "data" / "metadata.tsv", copy / "data" / "metadata.tsv")
    return copies if found else None


def agreement(corpus: Path) -> None:
    """Score the second annotator of each text annotated twice against the first."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copies = annotator_copies(corpus, root)
        if copies is None:
            print(f"no text of {corpus} is annotated twice")
            return
        for copy, name in zip(copies, ("first", "second"), strict=True):
            run_import("polnear", copy, root / f"gold-{name}", OutletRegistry())
        print(render(score_claims([root / "gold-first"], [root / "gold-second"])))


def held_out(gold: Path, every: int) -> None:
    """Keep in an imported gold folder only every `every`-th article by id (from the first) and its claims."""
    records = [r for _, r in read_records([gold])]
    ids = sorted(r["id"] for r in records if r.get("type") == "article")
    kept = set(ids[::every])
    shutil.rmtree(gold)
    for group in ("articles", "claims"):
        chosen = [r for r in records if r.get("type") == group[:-1] and (r["id"] if group == "articles" else r["article_id"]) in kept]
        write_jsonl(gold / group / "held-out.jsonl", chosen)


def text_files(articles: list[dict[str, Any]], into: Path) -> Path:
    """The articles as text files, headline on the first line, as `parallax convert` reads them."""
    into.mkdir(parents=True)
    for n, article in enumerate(articles):
        (into / f"{n:03d}.txt").write_text(f"{article.get('headline') or 'Untitled'}\n\n{article['text']}\n", encoding="utf-8")
    return into


def long_article(articles: list[dict[str, Any]], run: Any) -> None:
    """Print the seconds and claims of the articles' texts extracted one by one, then joined into one article."""
    start = time.perf_counter()
    apart = sum(len(run(article)) for article in articles)
    separate = time.perf_counter() - start
    text = "\n\n".join(str(article.get("text") or "") for article in articles)
    joined = {"id": "art_0000000000000000", "type": "article", "headline": "", "text": text, "paragraphs": paragraphs(text), "outlet_id": None}
    start = time.perf_counter()
    together = len(run(joined))
    one = time.perf_counter() - start
    print(f"{len(articles)} articles apart: {apart} claims in {separate:.2f} s")
    print(f"joined into one article of {len(text):,} characters: {together} claims in {one:.2f} s ({one / separate:.2f} times)")


def main() -> None:
    """Import, extract, score, time."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rules-only", action="store_true", help="the rules alone, without the trained taggers")
    parser.add_argument("--extractor", choices=["fast", "neural"], default="fast", help="the CRF taggers (fast) or the neural tagger")
    parser.add_argument("--baseline", choices=["fast", "neural", "rules"], default=None, help="also time flows.extract with this extractor, in each run")
    parser.add_argument("--models", default=None, help="a folder holding the taggers' models, instead of the packaged ones")
    parser.add_argument(
        "--held-out",
        type=int,
        default=0,
        metavar="N",
        help="score only every N-th article of the split by id (the train articles maintainer.neural --hold N kept out of training)",
    )
    parser.add_argument("--cue-threshold", type=float, default=None, help="the neural cue threshold to try (default: the shipped one)")
    parser.add_argument("--agreement", action="store_true", help="one PolNeAR annotator against another, no extraction")
    parser.add_argument("--jobs", type=int, default=1, help="processes of the timed flows.extract (and convert) runs")
    parser.add_argument("--convert", action="store_true", help="also time parallax convert over the articles as text files")
    parser.add_argument("--long", action="store_true", help="time the texts joined into one article against the same texts apart")
    args = parser.parse_args()
    if args.agreement:
        agreement(args.corpus)
        return
    run = functools.partial(extract, learned=not args.rules_only, neural=args.extractor == "neural", models=args.models)
    baseline = flows.extractor_of(None, True, args.baseline) if args.baseline else None
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        run_import("polnear", split_copy(args.corpus, args.split, root / "corpus"), root / "gold", OutletRegistry())
        if args.held_out:
            held_out(root / "gold", args.held_out)
        if args.cue_threshold is not None:
            learned.NEURAL_CUE = args.cue_threshold
        if args.long:
            long_article([r for _, r in read_records([root / "gold" / "articles"])], run)
            return
        flows.extract(Session(None), [root / "gold"], root / "pred", run)
        print(render(score_claims([root / "gold"], [root / "pred"])))
        articles = [r for _, r in read_records([root / "gold" / "articles"])]
        for n in range(args.runs):
            start = time.perf_counter()
            claims = sum(len(run(article)) for article in articles)
            seconds = time.perf_counter() - start
            print(f"run {n + 1}: {len(articles)} articles, {claims} claims in {seconds:.2f} s: {len(articles) / seconds:.0f} articles/s (one process)")
            start = time.perf_counter()
            claims = sum(len(run(article, facts=False)) for article in articles)
            seconds = time.perf_counter() - start
            print(f"run {n + 1}: without facts, {claims} claims in {seconds:.2f} s: {len(articles) / seconds:.0f} articles/s (one process)")
            for name, timed in [(args.extractor, run), *([(args.baseline, baseline)] if baseline else [])]:
                start = time.perf_counter()
                flows.extract(Session(None), [root / "gold" / "articles"], root / f"run-{n}-{name}", timed, jobs=args.jobs)
                seconds = time.perf_counter() - start
                rate = len(articles) / seconds
                print(f"run {n + 1}: flows.extract ({name}), {len(articles)} articles in {seconds:.2f} s: {rate:.1f} articles/s (--jobs {args.jobs})")
            if args.convert:
                texts = root / "texts" if (root / "texts").is_dir() else text_files(articles, root / "texts")
                start = time.perf_counter()
                summary = flows.convert(Session(None), [str(texts)], root / f"convert-{n}", jobs=args.jobs)
                seconds = time.perf_counter() - start
                rate = summary.written["article"] / seconds
                print(f"run {n + 1}: convert, {summary.written['article']} articles in {seconds:.2f} s: {rate:.0f} articles/s (--jobs {args.jobs})")


if __name__ == "__main__":
    main()
