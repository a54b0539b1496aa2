"""Word classes: words of like meaning share a class ('slammed', 'blasted'), so the taggers can read a cue they never saw.

The table `models/wordclasses.tsv` maps each lowercase word of all-MiniLM-L6-v2's vocabulary (sentence-transformers,
Apache-2.0) to a class at three grains (64, 256 and 1,024 classes): spherical k-means over the model's word vectors.
It holds vocabulary words and numbers only, and is rebuilt from a checkout by `python -m maintainer.wordclasses --model DIR`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

TABLE = "wordclasses.tsv"
# Endings cut off, in order, to find the base of a word the table lacks ('denouncing' -> 'denounc' -> 'denounced').
_ENDINGS = (("ing", ""), ("ing", "e"), ("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""))


@cache
def table() -> dict[str, tuple[str, ...]]:
    """The shipped table: word -> its class at each grain."""
    source = resources.files("toolkit.extract") / "models" / TABLE
    found = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, *classes = line.split("\t")
        found[word] = tuple(classes)
    return found


@cache
def classes(word: str) -> tuple[str, ...] | None:
    """A lowercase word's classes, coarse to fine; for a word the table lacks, those of another form of its verb
    ('denouncing' -> 'denounced'); None when unknown."""
    known = table()
    if word in known:
        return known[word]
    for base in (word[: -len(ending)] + replacement for ending, replacement in _ENDINGS if word.endswith(ending)):
        for form in (base, base + "ed", base + "d", base + "s", base + "ing", base[:-1] + "ing"):
            if form != word and form in known:
                return known[form]
    return None
