"""Train the learned cue and span taggers from gold claims (PolNeAR's train split, imported).

Usage: python -m toolkit.extract.train [--corpus ../shared/corpora/polnear] [--out toolkit/extract/models]
Imports the train split into a temporary folder, parses its sentences (`toolkit.extract.syntax`), builds one cue
sequence per sentence and one span sequence per gold cue, and trains both CRFs (about 8 minutes on two cores). The
models keep only single-word features.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.extract import find
from toolkit.extract.features import Tagged, article_paragraphs, cue_features, parse_sentences, span_features, window
from toolkit.extract.learned import CUE_MODEL, SPAN_MODEL, bounded
from toolkit.extract.quotes import Quote
from toolkit.extract.syntax import PARSER
from toolkit.importers import run_import
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


def span_sequences(paragraph: Paragraph) -> Iterator[Sequence]:
    """One span sequence per gold cue: K its cue, S its source, CB, C and CE its content, over the window of its sentence."""
    for index in range(len(paragraph.items)):
        gold = paragraph.gold_cues(index)
        if not gold:
            continue
        joined, offset, sentence_of = window(paragraph.items, index, paragraph.quotes)
        cued = {i + offset for cue in gold for i in cue}
        for claim in paragraph.claims:
            own = [i for i, hit in enumerate(_marked(joined, _spans(claim.get("cue"), paragraph.field))) if hit and sentence_of[i] == 0]
            if own:
                yield _labelled(joined, own, cued - set(own), sentence_of, claim, paragraph.field)


def _labelled(item: Tagged, own: list[int], others: set[int], sentence_of: list[int], claim: dict[str, Any], field: str) -> Sequence:
    """The span sequence of one gold claim: K its cue, S its source, CB, C and CE its content (first, inner, last tokens), O the rest."""
    source = _marked(item, _spans(claim["speaker"].get("mention"), field))
    content = _marked(item, _spans(claim.get("content"), field))
    labels = ["K" if i in own else "S" if source[i] else "C" if content[i] else "O" for i in range(len(item.tokens))]
    return span_features(item, (own[0], own[-1]), others, sentence_of), bounded(labels)


def gold_paragraphs(gold: Path, parser: str = PARSER) -> list[list[Paragraph]]:
    """The paragraphs of each article of an imported gold folder, with their gold claims and parses, in article id order."""
    articles, claims = {}, defaultdict(list)
    for _, record in read_records([gold]):
        if record.get("type") == "article":
            articles[record["id"]] = record
        elif record.get("type") == "claim":
            claims[record["article_id"]].append(record)
    found = []
    for article_id, article in sorted(articles.items()):
        paragraphs = list(article_paragraphs(article, find(article)))
        # Every sentence parsed: a window at extraction time has the parses of all its sentences too.
        parse_sentences([(text, items, k) for _, text, items, _ in paragraphs for k in range(len(items))], parser)
        found.append([Paragraph(field, items, quotes, claims[article_id]) for field, _, items, quotes in paragraphs])
    return found


def fit(data: Iterator[Sequence] | list[Sequence], params: dict[str, Any], path: Path) -> None:
    """Train one CRF on sequences and write it to `path`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def train(articles: list[list[Paragraph]], out: Path) -> dict[str, int]:
    """Train both taggers on articles' paragraphs; how many sentences and gold cues they saw."""
    out.mkdir(parents=True, exist_ok=True)
    cues = [s for article in articles for p in article for s in cue_sequences(p)]
    fit(cues, CUE_PARAMS, out / CUE_MODEL)
    spans = [s for article in articles for p in article for s in span_sequences(p)]
    fit(spans, SPAN_PARAMS, out / SPAN_MODEL)
    return {"sentences": len(cues), "cues": len(spans)}


def import_split(corpus: Path, split: str, into: Path) -> Path:
    """Import one PolNeAR split into `into`/gold; the gold folder."""
    (into / "corpus" / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", into / "corpus" / "data" / "metadata.tsv")
    shutil.copytree(corpus / "data" / split, into / "corpus" / "data" / split)
    run_import("polnear", into / "corpus", into / "gold", OutletRegistry())
    return into / "gold"


def main() -> None:
    """Import PolNeAR's train split and train both taggers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "corpora" / "polnear")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "models")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = train(gold_paragraphs(import_split(args.corpus, "train", Path(tmp))), args.out)
    print(f"trained on {counts['sentences']} sentences and {counts['cues']} gold cues: {args.out}")


if __name__ == "__main__":
    main()
