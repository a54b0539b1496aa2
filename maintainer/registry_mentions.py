"""How each corpus names the outlets of its articles and ratings: the names, how often each is used, the hosts of its URLs.

These readers take only outlet names, URLs and ratings from the corpora, for building the outlet registry; the
corpus importers read everything else.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from toolkit.importers import allsides_ratings, news_media_reliability, read_json
from toolkit.problems import Problem, problem
from toolkit.registry import domain_of

OUTLET = "outlet"


@dataclass(frozen=True)
class Seen:
    """One use of an outlet name in a corpus: with the URL it came with, the kind of source it names, the ratings it carries."""

    name: str
    url: str | None = None
    kind: str = OUTLET
    ratings: tuple[dict[str, Any], ...] = ()


@dataclass
class Mention:
    """One name a corpus gives an outlet: how often it is used, the hosts of its URLs, its kind and its ratings."""

    corpus: str
    name: str
    kind: str = OUTLET
    count: int = 0
    hosts: Counter[str] = field(default_factory=Counter)
    ratings: list[dict[str, Any]] = field(default_factory=list)

    def add(self, seen: Seen) -> None:
        """Count one more use of the name."""
        self.count += 1
        host = domain_of(seen.url.lower()) if seen.url else None
        if host:
            self.hosts[host] += 1
        self.ratings.extend(rating for rating in seen.ratings if rating not in self.ratings)


def polnear(root: Path) -> Iterator[Seen | Problem]:
    """PolNeAR's publisher codes, of the compartments whose texts are present."""
    for row in _tsv(root / "data" / "metadata.tsv", csv.QUOTE_NONE):
        if isinstance(row, Problem) or (root / "data" / str(row.get("compartment")) / "text").is_dir():
            yield row if isinstance(row, Problem) else Seen(str(row.get("publisher") or ""))


def basil(root: Path) -> Iterator[Seen | Problem]:
    """BASIL's outlet codes and article URLs."""
    for file in sorted(root.glob("articles/*/*.json")):
        data = read_json(file)
        yield data if isinstance(data, Problem) else Seen(str(data.get("source") or ""), _text(data.get("url")))


def pac(root: Path) -> Iterator[Seen | Problem]:
    """PAC's source names (no URLs)."""
    for file in sorted(root.glob("data/merged_annotations/*.json")):
        data = read_json(file)
        yield data if isinstance(data, Problem) else Seen(str(data.get("source") or ""))


def allsides_neus(root: Path) -> Iterator[Seen | Problem]:
    """NeuS's source names of the left, center and right excerpts, with their links."""
    for file in sorted(root.glob("data/raw_crawled/*.jsonl")):
        with open(file, "rb") as handle:
            for number, line in enumerate(handle, 1):
                story = _loads(line, file, number)
                if isinstance(story, Problem):
                    yield story
                    continue
                news = story.get("news") if isinstance(story, dict) else None
                for excerpt in (news or {}).values():
                    yield Seen(str(excerpt.get("newsSource") or ""), _text(excerpt.get("newsLink")))


def article_bias_prediction(root: Path) -> Iterator[Seen | Problem]:
    """Article-Bias-Prediction's source names and source domains, from its index."""
    for row in _tsv(root / "index.tsv", csv.QUOTE_NONE):
        yield row if isinstance(row, Problem) else Seen(str(row.get("source") or ""), _text(row.get("source_url")))


def narrative_frames(root: Path) -> Iterator[Seen | Problem]:
    """The narrative-frames corpus's source names (no URLs)."""
    for row in _tsv(root / "data" / "articles_metadata.tsv", csv.QUOTE_MINIMAL):
        yield row if isinstance(row, Problem) else Seen(str(row.get("source") or ""))


def allsides(root: Path) -> Iterator[Seen | Problem]:
    """Every AllSides rated source with its type, and the rating of each news outlet."""
    for _, row in allsides_ratings.read_rows(root / allsides_ratings.FILE):
        if isinstance(row, Problem):
            yield row
            continue
        name, kind = str(row.get("news_source") or ""), str(row.get("type") or "")
        rated = allsides_ratings.rating(row) if kind == allsides_ratings.NEWS and name not in allsides_ratings.PLACEHOLDERS else None
        yield Seen(name, kind=kind if kind != allsides_ratings.NEWS else OUTLET, ratings=(rated,) if isinstance(rated, dict) else ())


def mbfc(root: Path) -> Iterator[Seen | Problem]:
    """Each MBFC-labelled site by its domain (or its key, for a part of a site), with its ratings."""
    for file in sorted(root.glob("data/*/corpus.tsv")):
        for site in news_media_reliability.read_version(file):
            if isinstance(site, Problem):
                yield site
            else:
                yield Seen(site.key if site.section else site.host, None if site.section else site.url, ratings=site.ratings)


READERS: dict[str, Callable[[Path], Iterator[Seen | Problem]]] = {
    "polnear": polnear,
    "basil": basil,
    "pac": pac,
    "allsides-neus": allsides_neus,
    "article-bias-prediction": article_bias_prediction,
    "narrative-frames": narrative_frames,
    "allsides-ratings": allsides,
    "news-media-reliability": mbfc,
}


def mentions(corpora: Path) -> tuple[list[Mention], list[Problem]]:
    """Every outlet name of every corpus folder under corpora, in reader then name order, and the problems met."""
    found: list[Mention] = []
    problems: list[Problem] = []
    for corpus, reader in READERS.items():
        if not (corpora / corpus).is_dir():
            problems.append(problem("import.layout", f"corpus {corpus} is absent: its outlets are not in the registry", file=str(corpora / corpus)))
            continue
        by_name: dict[tuple[str, str], Mention] = {}
        for seen in reader(corpora / corpus):
            if isinstance(seen, Problem):
                problems.append(seen)
                continue
            name = " ".join(seen.name.split())
            if name:
                by_name.setdefault((name, seen.kind), Mention(corpus, name, seen.kind)).add(seen)
        found.extend(by_name[key] for key in sorted(by_name))
    return found, problems


def _tsv(file: Path, quoting: Literal[0, 1, 2, 3]) -> Iterator[dict[str, Any] | Problem]:
    try:
        csv.field_size_limit(2**31 - 1)
        with open(file, encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, delimiter="\t", quoting=quoting)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield problem("import.unreadable", f"cannot read: {error}", file=str(file))


def _loads(line: bytes, file: Path, number: int) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return problem("import.unreadable", f"cannot parse: {error}", file=str(file), line=number)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
