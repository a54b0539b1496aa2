"""Train the learned cue and span taggers from gold claims (PolNeAR's train split, imported).

Usage: python -m maintainer.train [--corpus ../shared/corpora/polnear] [--out toolkit/extract/models] [--jobs N]
Imports the train split into a temporary folder and parses its sentences (`toolkit.extract.syntax`). The cue CRF
learns from one sequence per sentence. The span CRF learns from the cue runs a cue model finds, as at extraction
time: each fold of the split gets its runs from a cue model fitted on the other folds, and each gold cue is given to
the span tagger as the run found over it. All of it takes about 13 minutes on two cores. The models keep only
single-word features.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maintainer.shared import CORPORA, ROOT
from toolkit.extract import find
from toolkit.extract.features import Tagged, article_paragraphs, cue_features, parse_sentences, span_features, window
from toolkit.extract.learned import CUE_MODEL, SPAN_MODEL, bounded, cue_runs
from toolkit.extract.syntax import PARSER
from toolkit.importers import run_import
from toolkit.language.quotes import Quote
from toolkit.records import read_records
from toolkit.registry import OutletRegistry

Sequence = tuple[list[list[str]], list[str]]
CUE_PARAMS = {"c1": 1.0, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}
# The span tagger's L1 weight, chosen on fifths of the train split held out from training (1, 2, 3 and 4 on one fifth,
# 1 and 3 on another): with the parse's features, a stronger one reads better.
SPAN_PARAMS = {"c1": 3.0, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}


@dataclass
class Paragraph:
    """One paragraph's sentences tagged for features, its field and quotations, and its article's gold claims."""

    field: str
    items: list[Tagged]
    quotes: list[Quote]
    claims: list[dict[str, Any]]

    def gold_cues(self, index: int) -> list[list[int]]:
        """The token indices of each gold cue standing in one sentence."""
        item = self.items[index]
        found = []
        for claim in self.claims:
            spans = _spans(claim.get("cue"), self.field)
            if spans and item.sentence.start <= spans[0][0] < item.sentence.end:
                found.append([i for i, hit in enumerate(_marked(item, spans)) if hit])
        return found


def _spans(evidence: dict[str, Any] | None, field: str) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in evidence["spans"] if s["field"] == field] if evidence else []


def _marked(item: Tagged, spans: list[tuple[int, int]]) -> list[bool]:
    return [any(a < t.end and t.start < b for a, b in spans) for t in item.tokens]


def cue_sequences(paragraph: Paragraph) -> Iterator[Sequence]:
    """One cue sequence per sentence: K on gold cue tokens."""
    for index, item in enumerate(paragraph.items):
        marked = {i for cue in paragraph.gold_cues(index) for i in cue}
        yield cue_features(item), ["K" if i in marked else "O" for i in range(len(item.tokens))]


def span_sequences(paragraph: Paragraph, found: list[list[tuple[int, int]]]) -> Iterator[Sequence]:
    """The span tagger's sequences of a paragraph, given the cue runs a cue model found in each sentence (`found`).

    One per gold cue: K its cue, S its source, CB, C and CE its content, O the rest, over the window of its sentence. The
    cue is given as the run found over it (too long or too short, as at extraction time), or as itself where no one run
    was; the other cues are the other runs found and gold cues. And one all O for each run found inside a gold content
    where no gold cue stands ('criticism' in 'said the plan drew criticism'), its other cues the other runs found: a
    word the tagger must not read as a claim of its own.
    """
    for index in range(len(paragraph.items)):
        gold, runs_ = paragraph.gold_cues(index), found[index]
        if not gold and not runs_:
            continue
        joined, offset, sentence_of = window(paragraph.items, index, paragraph.quotes)
        cued = {i + offset for cue in gold for i in cue}
        shifted = [(a + offset, b + offset) for a, b in runs_]
        marked = cued | {i for a, b in shifted for i in range(a, b + 1)}
        for claim in paragraph.claims:
            own = [i for i, hit in enumerate(_marked(joined, _spans(claim.get("cue"), paragraph.field))) if hit and sentence_of[i] == 0]
            if not own:
                continue
            over = [run for run in shifted if run[0] <= own[-1] and own[0] <= run[1]]
            given = over[0] if len(over) == 1 else (own[0], own[-1])
            others = marked - set(own) - set(range(given[0], given[1] + 1))
            yield _labelled(joined, given, set(own), others, sentence_of, claim, paragraph.field)
        inside = {i for claim in paragraph.claims for i, hit in enumerate(_marked(joined, _spans(claim.get("content"), paragraph.field))) if hit}
        for first, last in shifted:
            words = set(range(first, last + 1))
            if words <= inside and not words & cued:
                others = {i for a, b in shifted if (a, b) != (first, last) for i in range(a, b + 1)}
                yield span_features(joined, (first, last), others, sentence_of), ["O"] * len(joined.tokens)


def _labelled(item: Tagged, given: tuple[int, int], own: set[int], others: set[int], sentence_of: list[int], claim: dict[str, Any], field: str) -> Sequence:
    """The span sequence of one gold claim whose cue is given as `given`: K its own cue words, S its source, CB, C and
    CE its content (first, inner, last tokens), O the rest."""
    source = _marked(item, _spans(claim["speaker"].get("mention"), field))
    content = _marked(item, _spans(claim.get("content"), field))
    labels = ["K" if i in own else "S" if source[i] else "C" if content[i] else "O" for i in range(len(item.tokens))]
    return span_features(item, given, others, sentence_of), bounded(labels)


def gold_records(gold: Path) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each article of an imported gold folder with its gold claims, in article id order."""
    articles, claims = {}, defaultdict(list)
    for _, record in read_records([gold]):
        if record.get("type") == "article":
            articles[record["id"]] = record
        elif record.get("type") == "claim":
            claims[record["article_id"]].append(record)
    return [(article, claims[article_id]) for article_id, article in sorted(articles.items())]


def gold_paragraphs(gold: Path, parser: str = PARSER) -> list[list[Paragraph]]:
    """The paragraphs of each article of an imported gold folder, with their gold claims and parses, in article id order."""
    found = []
    for article, claims in gold_records(gold):
        paragraphs = list(article_paragraphs(article, find(article)))
        # Every sentence parsed: a window at extraction time has the parses of all its sentences too.
        parse_sentences([(text, items, k) for _, text, items, _ in paragraphs for k in range(len(items))], parser)
        found.append([Paragraph(field, items, quotes, claims) for field, _, items, quotes in paragraphs])
    return found


def fit(data: Iterator[Sequence] | list[Sequence], params: dict[str, Any], path: Path) -> None:
    """Train one CRF on sequences and write it to `path`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def train(articles: list[list[Paragraph]], out: Path, jobs: int | None = None) -> dict[str, int]:
    """Train both taggers on articles' paragraphs (`jobs` processes fit the cue models); how many sentences and span sequences they saw."""
    out.mkdir(parents=True, exist_ok=True)
    global _articles
    _articles = articles
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tasks = [(fold, Path(tmp) / f"fold{fold}") for fold in range(FOLDS)] + [(None, out)]
            if jobs == 1 or sys.platform != "linux":
                done = [_fit_cues(*task) for task in tasks]
            else:
                # fork shares the parsed paragraphs with the workers
                with multiprocessing.get_context("fork").Pool(min(jobs or os.cpu_count() or 1, len(tasks))) as pool:
                    done = pool.starmap(_fit_cues, tasks)
    finally:
        _articles = []
    found = {n: runs_ for part in done for n, runs_ in part.items()}
    spans = [s for n, article in enumerate(articles) for p, runs_ in zip(article, found[n], strict=True) for s in span_sequences(p, runs_)]
    fit(spans, SPAN_PARAMS, out / SPAN_MODEL)
    return {"sentences": sum(len(p.items) for article in articles for p in article), "spans": len(spans)}


#: The train split is cut into this many folds (article n in fold n % FOLDS): the span tagger trains on the cue runs a
#: cue model trained on the other folds finds in each fold, as it would in text it never saw.
FOLDS = 5

_articles: list[list[Paragraph]] = []  # the articles `train` fits on, shared with its worker processes


def _fit_cues(fold: int | None, folder: Path) -> dict[int, list[list[list[tuple[int, int]]]]]:
    """Fit a cue model into `folder` on every fold but `fold` (None: on all, the shipped model) and find the cue runs
    of that fold's articles with it, per paragraph and sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    fit([s for n, article in enumerate(_articles) if n % FOLDS != fold for p in article for s in cue_sequences(p)], CUE_PARAMS, folder / CUE_MODEL)
    if fold is None:
        return {}
    return {n: [[cue_runs(item, str(folder)) for item in p.items] for p in article] for n, article in enumerate(_articles) if n % FOLDS == fold}


def import_split(corpus: Path, split: str, into: Path) -> Path:
    """Import one PolNeAR split into `into`/gold; the gold folder."""
    (into / "corpus" / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", into / "corpus" / "data" / "metadata.tsv")
    shutil.copytree(corpus / "data" / split, into / "corpus" / "data" / split)
    run_import("polnear", into / "corpus", into / "gold", OutletRegistry())
    return into / "gold"


def _positive(text: str) -> int:
    """A count of processes: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main() -> None:
    """Import PolNeAR's train split and train both taggers."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPORA / "polnear")
    parser.add_argument("--out", type=Path, default=ROOT / "toolkit" / "extract" / "models")
    parser.add_argument("--jobs", "-j", type=_positive, default=None, help="processes fitting the cue models (default: one per core; the models are the same)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = train(gold_paragraphs(import_split(args.corpus, "train", Path(tmp))), args.out, args.jobs)
    print(f"trained on {counts['sentences']} sentences and {counts['spans']} span sequences: {args.out}")


if __name__ == "__main__":
    main()
