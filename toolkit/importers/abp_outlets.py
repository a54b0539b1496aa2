"""Outlets of Article-Bias-Prediction: the corpus's `source` name variants grouped into one outlet each, labels kept as ratings.

The variant rule: a name's key is its slug's words, less a leading "the", a trailing "com", and then the trailing
run of section and medium words (online, web, news, opinion, editorial, board, blog), joined without spaces; a key
that still ends in "news" glued to a longer word loses it ("NBCNews.com"). Names with one key are one outlet:
"Fox News", "Fox Online News", "Fox News (Online)" and "Fox News Opinion" are all "fox", "CNN (Web News)" and
"CNN - Editorial" are "cnn", while "Fox News Latino" ("foxnewslatino") and "Guest Writer - Right" stay apart. A new
outlet takes the name most articles use, the others become its aliases (`CorpusOutlets` settles names, domains and
the registry), and the corpus's left/center/right labels of its articles become its ratings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from toolkit.importers import Corpus
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.records import slugify
from toolkit.registry import OutletRegistry

QUALIFIERS = frozenset({"online", "web", "news", "opinion", "editorial", "board", "blog"})
OPINION = frozenset({"opinion", "editorial"})
RATER = "Baly et al. 2020 (Article-Bias-Prediction corpus authors)"
NOTE = "names and domains as the corpus's index gives them; spellings of one name merged (toolkit.importers.abp_outlets)"
Labels = Counter[tuple[str, str]]  # (label, source name) -> articles


def clean_name(name: str) -> str:
    """A source name with its blanks collapsed ('NPR Editorial ' -> 'NPR Editorial')."""
    return " ".join(name.split())


def _words(name: str) -> tuple[list[str], list[str]]:
    """(core words, trailing qualifier words) of a name's slug."""
    words = slugify(name).split("-")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] == "com":
        words = words[:-1]
    cut = len(words)
    while cut > 1 and words[cut - 1] in QUALIFIERS:
        cut -= 1
    return words[:cut], words[cut:]


def variant_key(name: str) -> str:
    """The key shared by every variant of one outlet's name ('' for a name with no letters or digits)."""
    core, _ = _words(name)
    key = "".join(core)
    return key[:-4] if key.endswith("news") and len(key) > 6 else key


def is_opinion(name: str) -> bool:
    """Whether a source name credits an opinion or editorial section ('CNN - Editorial', 'Fox News Opinion')."""
    return bool(OPINION.intersection(_words(name)[1]))


def ratings(labels: Labels, corpus: Corpus) -> list[dict[str, Any]]:
    """One corpus_ideology rating per label the corpus gives an outlet's articles, the names and counts behind it in its note."""
    totals: Counter[str] = Counter()
    for (label, _), count in labels.items():
        totals[label] += count
    found = []
    for label in sorted(totals, key=lambda value: (-totals[value], value)):
        names = sorted(((name, count) for (value, name), count in labels.items() if value == label), key=lambda item: (-item[1], item[0]))
        credited = ", ".join(f"{count} credited to {name!r}" for name, count in names)
        note = f"the corpus's bias_text (AllSides' rating of the source) of {_articles(totals[label])}: {credited}"
        found.append({"rater": RATER, "scale": "corpus_ideology", "value": label, "source_url": corpus.url, "provenance": corpus.provenance(note)})
    return found


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


def corpus_outlets(rows: Iterable[dict[str, Any]], registry: OutletRegistry, corpus: Corpus) -> CorpusOutlets:
    """The outlets of every article's source, source_url and bias_text, settled against the registry and rated."""
    outlets = CorpusOutlets(registry, corpus.provenance(NOTE))
    labels: defaultdict[str, Labels] = defaultdict(Counter)
    for row in rows:
        source, url, label = row.get("source"), row.get("source_url"), row.get("bias_text")
        if not isinstance(source, str) or not (key := variant_key(source)):
            continue
        outlets.see(key, clean_name(source), url=url.strip() or None if isinstance(url, str) else None)
        if isinstance(label, str) and label.strip():
            labels[key][(label.strip(), clean_name(source))] += 1
    outlets.settle()
    for key in sorted(labels):
        for rating in ratings(labels[key], corpus):
            outlets.rate(outlets.ids[key], rating)
    return outlets
