"""AllSides story triplets crawled by NeuS (Lee et al. 2022): stories as events, the excerpts as articles, outlets with their AllSides rating.

AllSides' own roundup of a story is imported as an article of the outlet AllSides, genre analysis: it is text
AllSides published on its story page, but it summarizes the other outlets' coverage and weighs its balance rather
than reporting first-hand, and it is written by the editors who picked the excerpts. For that reason it is not a
member of the story's event: an event lists independent coverage, and counting it would add AllSides as one more
outlet covering every story. It shares the story id in `source.original_id` ('5607/roundup') with the event's
`external_ids.allsides_story`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from toolkit.articles import ArticleMeta, article_record, draft_from_text
from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.allsides_names import entry
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.importers.reading import read_bytes, unreadable
from toolkit.importers.repeats import reported_repeats
from toolkit.problems import Problem, problem
from toolkit.records import with_id
from toolkit.text import normalize

CORPUS = Corpus(
    name="allsides-neus",
    version="1586f55a9011853224ca4d0cee164c46f6137557",
    license="MIT (README badge only; no LICENSE file)",
    url="https://github.com/HLTCHKUST/framing-bias-metric",
    redistributable=False,
    rights_note="excerpt of an outlet's article as shown on AllSides.com; rights belong to the outlet and AllSides: research use only",
)
ROUNDUP_RIGHTS = {"redistributable": False, "note": "text by AllSides editors on AllSides.com; rights belong to AllSides: research use only"}
GROUP = "allsides-neus"
ROUNDUPS = "allsides-neus-roundups"
FOLDER = "data/raw_crawled"
ALLSIDES = "https://www.allsides.com"
SLOTS = ("left", "center", "right")
STANCES = {"left": "Left", "lean left": "Lean Left", "center": "Center", "lean right": "Lean Right", "right": "Right", "mixed": "Mixed"}
TAG_GENRES = {"OPINION": "opinion", "ANALYSIS": "analysis"}
_CRAWLED = re.compile(r"(\d{4}-\d{2}-\d{2})_crawled")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Story:
    """One AllSides story of a crawl file, with the date the crawl gives its ratings."""

    data: dict[str, Any]
    rated_at: str

    @property
    def id(self) -> str:
        """AllSides' story number."""
        return str(self.data["id"])

    @property
    def date(self) -> str | None:
        """The story's date on AllSides, when readable."""
        date = self.data.get("date")
        return date if isinstance(date, str) and _DATE.match(date) else None

    @property
    def url(self) -> str | None:
        """The story page on AllSides."""
        link = self.data.get("link")
        return f"{ALLSIDES}{link}" if isinstance(link, str) and link.startswith("/") and _URL.match(ALLSIDES + link) else None

    def excerpts(self) -> list[tuple[str, dict[str, Any]]]:
        """(slot, excerpt) in left, center, right order, then any other slot."""
        news = self.data.get("news") or {}
        order = [s for s in SLOTS if s in news] + sorted(s for s in news if s not in SLOTS)
        return [(slot, news[slot]) for slot in order if _usable(news[slot])]


@register("allsides-neus")
def import_allsides_neus(path: Path, ctx: Context) -> Iterator[Item]:
    """Events, excerpt articles, roundups and rated outlets from a NeuS folder."""
    files = sorted((path / FOLDER).glob("*.jsonl"))
    if not files:
        yield problem("import.layout", f"no {FOLDER}/*.jsonl: not a NeuS (framing-bias-metric) folder", file=str(path))
        return
    stories: list[Story] = []
    for file in files:
        for read in read_stories(file):
            if isinstance(read, Problem):
                yield read
            else:
                stories.append(read)
    yield from reported_repeats(_records(stories, ctx))
    if (path / "data" / "naacl2022_lrc_roundup_random_order_probe").is_dir():
        why = "seq2seq copies of the same stories without outlet names or stance labels"
        yield problem("import.skipped", f"data/naacl2022_lrc_roundup_random_order_probe/ not read: {why}", file=str(path))


def read_stories(file: Path) -> Iterator[Story | Problem]:
    """The stories of a crawl file, and a problem for each line that is not one."""
    try:
        lines = read_bytes(file).splitlines()
    except OSError as error:
        yield unreadable(error, file)
        return
    found = _CRAWLED.search(file.name)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield problem("import.unreadable", f"cannot parse: {error}", file=str(file), line=number)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), int | str) or not isinstance(data.get("news") or {}, dict):
            yield problem("import.skipped", "not an AllSides story (no id, or 'news' is not an object); skipped", file=str(file), line=number)
            continue
        date = data.get("date")
        yield Story(data, found.group(1) if found else (date[:10] if isinstance(date, str) and _DATE.match(date) else ""))


def _usable(excerpt: Any) -> bool:
    """Whether an excerpt has what an article needs: a source name and some text."""
    if not isinstance(excerpt, dict) or not isinstance(excerpt.get("newsSource"), str) or not excerpt["newsSource"].strip():
        return False
    body = excerpt.get("newBody")
    return isinstance(body, list) and any(isinstance(p, str) and p.strip() for p in body)


def _records(stories: list[Story], ctx: Context) -> Iterator[Item]:
    """Outlets, articles, roundups and events of the stories read."""
    outlets = _outlets(stories, ctx)
    used: set[str] = set()
    for story in stories:
        members = []
        for slot, excerpt in story.excerpts():
            article = _excerpt(story, slot, excerpt, outlets)
            members.append(article["id"])
            used.update([article["outlet_id"]] if article["outlet_id"] else [])
            yield GROUP, article
        roundup = _roundup(story, outlets)
        if roundup:
            used.add(roundup["outlet_id"])
            yield ROUNDUPS, roundup
        yield _event(story, members) if members else problem("import.skipped", f"story {story.id}: no coverage excerpts, so no event")
    yield from outlets.records(GROUP, used)
    yield from _unrated(stories)


def _outlets(stories: list[Story], ctx: Context) -> CorpusOutlets:
    """Every outlet the excerpts name, with AllSides itself (the roundups' outlet), settled against the registry."""
    outlets = CorpusOutlets(ctx.registry, CORPUS.provenance())
    outlets.see(entry("AllSides").key, "AllSides", url=ALLSIDES)
    for story in stories:
        for _, excerpt in story.excerpts():
            named = entry(excerpt["newsSource"])
            if named.outlet:
                outlets.see(named.key, named.outlet, alias=named.given, url=_link(excerpt))
    outlets.settle()
    return outlets


def _excerpt(story: Story, slot: str, excerpt: dict[str, Any], outlets: CorpusOutlets) -> dict[str, Any]:
    """The article of one excerpt, its outlet rated as the story page showed it."""
    named, url = entry(excerpt["newsSource"]), _link(excerpt)
    outlet_id = outlets.ids[named.key] if named.outlet else outlets.by_url(url)
    if named.outlet and outlet_id and _rated(excerpt):
        outlets.rate(outlet_id, _rating(story, excerpt))
    meta = ArticleMeta(
        outlet_id=outlet_id,
        outlet_unknown_reason=f"AllSides names the writer entry {named.given!r}, and the link's domain matches no outlet",
        url=url,
        byline=list(named.byline),
        published_unknown_reason=f"the corpus gives only the date of the AllSides story that excerpts it ({story.data.get('date')})",
        genre=TAG_GENRES.get(str(excerpt.get("opinionTag")), named.genre or "reporting"),
        source=CORPUS.source(f"{story.id}/{slot}"),
        rights=CORPUS.rights(),
        provenance=CORPUS.provenance("excerpt shown on AllSides (a few paragraphs), not the full article"),
    )
    return _article(str(excerpt.get("newsTitle") or ""), excerpt["newBody"], meta)


def _roundup(story: Story, outlets: CorpusOutlets) -> dict[str, Any] | None:
    """AllSides' own summary of the story, as an analysis article of AllSides; None when the story has none."""
    roundup = story.data.get("roundup")
    if not isinstance(roundup, list) or not any(isinstance(p, str) and p.strip() for p in roundup):
        return None
    meta = ArticleMeta(
        outlet_id=outlets.ids[entry("AllSides").key],
        url=story.url,
        published=story.date,
        published_unknown_reason="the corpus gives no readable date for this story",
        genre="analysis",
        source=CORPUS.source(f"{story.id}/roundup"),
        rights=ROUNDUP_RIGHTS,
        provenance=CORPUS.provenance("AllSides editors' roundup of the story's coverage, with its note on coverage balance"),
    )
    return _article(str(story.data.get("issue") or ""), roundup, meta)


def _article(title: str, paragraphs: list[Any], meta: ArticleMeta) -> dict[str, Any]:
    """An article from a headline and paragraphs, stored as a plain text laid out so would be."""
    body = "\n\n".join(p.strip() for p in paragraphs if isinstance(p, str) and p.strip())
    headline = " ".join(title.split())
    if not headline:
        return article_record("", normalize(body).text, meta)
    return draft_from_text(f"{headline}\n\n{body}", meta).record


def _rating(story: Story, excerpt: dict[str, Any]) -> dict[str, Any]:
    """The AllSides bias rating shown beside an excerpt."""
    note = f"AllSides rating of {excerpt['newsSource']!r} shown on AllSides story pages, as crawled by NeuS (Lee et al., NAACL 2022)"
    rating = {"rater": "AllSides", "scale": "allsides_bias", "value": STANCES[excerpt["stance_specific"]], "provenance": CORPUS.provenance(note)}
    rating |= {"rated_at": story.rated_at} if story.rated_at else {}
    return rating | ({"source_url": story.url} if story.url else {})


def _event(story: Story, members: list[str]) -> tuple[str, dict[str, Any]]:
    """The event of one story: its excerpts' articles, AllSides' title and date."""
    event: dict[str, Any] = {
        "type": "event",
        "title": " ".join(str(story.data.get("issue") or f"AllSides story {story.id}").split()),
        "article_ids": sorted(set(members)),
        "external_ids": {"allsides_story": story.id},
        "provenance": CORPUS.provenance("coverage of one story from the left, center and right, picked by AllSides editors"),
    }
    if story.date:
        event["window"] = {"start": story.date, "end": story.date}
    return GROUP, with_id(event)


def _rated(excerpt: dict[str, Any]) -> bool:
    """Whether an excerpt's stance is one of the AllSides scale (the corpus may give another value, or another type)."""
    stance = excerpt.get("stance_specific")
    return isinstance(stance, str) and stance in STANCES


def _link(excerpt: dict[str, Any]) -> str | None:
    link = excerpt.get("newsLink")
    return link if isinstance(link, str) and _URL.match(link) else None


def _unrated(stories: list[Story]) -> Iterator[Problem]:
    """One note for the ratings of writer entries, which have no outlet to sit on, and one for stances off the AllSides scale."""
    excerpts = [e for s in stories for _, e in s.excerpts()]
    writers = sorted({e["newsSource"] for e in excerpts if not entry(e["newsSource"]).outlet})
    if writers:
        why = "ratings sit on outlets, and these AllSides entries name writers (their articles take the outlet of their link)"
        yield problem("import.skipped", f"AllSides ratings of {len(writers)} writer entries not imported: {why}")
    odd = sorted({str(e.get("stance_specific")) for e in excerpts if not _rated(e)})
    if odd:
        yield problem("import.skipped", f"ratings not imported: stance_specific {', '.join(map(repr, odd))} is not on the AllSides scale")
