"""Draw PolNeAR train's speaker mentions that may name no one, for reading and labelling with a source type.

    python -m maintainer.source_sample [TRAIN] [--count 400] [--seed 2016] > draws.jsonl

Every `Source` span of the split's brat files (in file order) that is not a pronoun, not only capitalized words and
does not open with a name is a candidate; `count` of them are drawn with `random.Random(seed)`. Each line gives the
article (the annotation file's name), the offsets, the mention (60 characters at most) and, for the reader only, the
text around it: keep the offsets and the labels, never the text, in the repository (tests/gold/polnear-train-source-types*.jsonl,
docs/measures.md#source-types).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

from maintainer.shared import CORPORA

TRAIN = CORPORA / "polnear" / "data" / "train"
# Pronouns and possessives, and quantifiers standing alone: the words the draws were made without.
PRONOUNS = frozenset(
    """he she it they we i you who which that his her their its him them us me our my your whose this these those one some many
    others both another all each most several few none everyone someone anyone somebody nobody whom""".split()
)
_WORD = re.compile(r"[\w’'.-]+")
_OPENS_WITH_NAME = re.compile(r"^(?!(?:The|A|An) )[A-Z][\w.'’-]+,? [A-Z]|^[A-Z][\w'’-]+,")


def sources(train: Path) -> Iterator[tuple[str, int, int, str, str]]:
    """(article, start, end, mention, article text) of every Source span, in file order."""
    for ann in sorted((train / "attributions").glob("*.ann")):
        text = (train / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            offsets = parts[1].split()[1:] if len(parts) >= 3 and parts[1].startswith("Source ") else []
            if len(offsets) == 2 and text[int(offsets[0]) : int(offsets[1])] == parts[2]:
                yield ann.stem, int(offsets[0]), int(offsets[1]), parts[2], text


def candidate(mention: str) -> bool:
    """Whether a mention may name no one: not a pronoun, not only capitalized words, not opening with a name."""
    content = [w for w in _WORD.findall(mention) if w.lower() not in ("the", "a", "an")]
    if not content or mention.lower().strip() in PRONOUNS or (len(content) == 1 and content[0].lower() in PRONOUNS):
        return False
    if all(w[0].isupper() or not w[0].isalpha() for w in content):
        return False
    return not _OPENS_WITH_NAME.match(mention)


def main(argv: list[str] | None = None) -> int:
    """Print the draws, one JSON object a line."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.source_sample", description=__doc__.split("\n\n")[0])
    parser.add_argument("train", nargs="?", type=Path, default=TRAIN)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    found = [row for row in sources(args.train) if candidate(row[3])]
    for article, start, end, mention, text in random.Random(args.seed).sample(found, min(args.count, len(found))):
        around = f"{text[max(0, start - 100) : start]}[[{mention}]]{text[end : end + 60]}".replace("\n", " ")
        sys.stdout.buffer.write(orjson.dumps({"article": article, "start": start, "end": end, "mention": mention[:60], "around": around}) + b"\n")
    print(f"{len(found)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
