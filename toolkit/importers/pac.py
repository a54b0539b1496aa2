"""PAC (Zou et al. 2023): one story told by two opposed outlets, as articles, one event per story and outlet ideology ratings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from toolkit.articles import ArticleMeta, article_record, draft_from_text
from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.allsides_names import Entry, entry
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.importers.reading import read_bytes, unreadable
from toolkit.importers.repeats import reported_repeats
from toolkit.problems import Problem, problem
from toolkit.records import slugify, with_id
from toolkit.text import normalize

CORPUS = Corpus(
    name="pac",
    version="3d9e5815bb0fd7c505cd1669930918617670f80d",
    license="unknown",
    url="https://github.com/launchnlp/Partisan-Event-Dataset",
    redistributable=False,
    rights_note="copyright of the publishing outlet; PAC states no license: research use only, text not redistributed",
)
RATER = "PAC corpus authors (Zou et al., Findings of EMNLP 2023)"
FOLDER = "data/merged_annotations"
# Parts of a full copy that repeat the merged annotations: per-annotator files and the tokenised splits.
REPEATS = ("data/annotations_1", "data/annotations_2", "data/train.json", "data/dev.json", "data/test.json")
_STORY = re.compile(r"^(STORY_(\d+))_DOCUMENT_\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SPLIT = 40  # the longest split name that names an output file (PAC's are train, dev and test)


@dataclass(frozen=True)
class Document:
    """One article of a PAC story, read from its file."""

    file: Path
    story: str
    number: str
    data: dict[str, Any]

    @property
    def entry(self) -> Entry:
        """What its source names."""
        return entry(self.data["source"])

    @property
    def group(self) -> str:
        """The output file of its split ('pac-train')."""
        split = slugify(str(self.data.get("split") or ""))
        return f"pac-{split}" if split and len(split) <= MAX_SPLIT else "pac"  # a file name, so a short one

    @property
    def published(self) -> str | None:
        """Its date, when PAC gives one."""
        date = self.data.get("date")
        return date if isinstance(date, str) and _DATE.match(date) else None


@register("pac")
def import_pac(path: Path, ctx: Context) -> Iterator[Item]:
    """Articles, one event per story and the outlets with PAC's ideology label, from a PAC folder."""
    folder = path / FOLDER
    if not folder.is_dir():
        yield problem("import.layout", f"no {FOLDER}/: not a PAC folder", file=str(path))
        return
    documents = []
    for file in sorted(folder.glob("*.json")):
        read = read_document(file)
        if isinstance(read, Problem):
            yield read
        else:
            documents.append(read)
    yield from reported_repeats(_records(documents, ctx))
    yield from _left_out(documents, path)


def read_document(file: Path) -> Document | Problem:
    """A story's article from its file, or the problem that keeps it out."""
    try:
        data = orjson.loads(read_bytes(file))
    except (OSError, orjson.JSONDecodeError) as error:
        return unreadable(error, file)
    if not isinstance(data, dict):
        return problem("import.unreadable", "not a JSON object", file=str(file))
    story = _STORY.match(str(data.get("id") or file.stem))
    why = _missing(data)
    if why or not story:
        return problem("import.skipped", why or f"id {data.get('id')!r} names no PAC story; skipped", file=str(file))
    return Document(file, story.group(1), story.group(2), data)


def _missing(data: dict[str, Any]) -> str | None:
    """Why a document cannot become an article, or None."""
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        return "no source (outlet); skipped"
    news = data.get("news")
    if not isinstance(news, list) or not all(isinstance(s, dict) and isinstance(s.get("text"), str) for s in news):
        return "no list of sentences in 'news'; skipped"
    if not any(s["text"].strip() for s in news):
        return "no article text; skipped"
    return None


def _records(documents: list[Document], ctx: Context) -> Iterator[Item]:
    """Outlets, articles and events of the documents read."""
    outlets = CorpusOutlets(ctx.registry, CORPUS.provenance())
    for document in documents:
        if document.entry.outlet:
            outlets.see(document.entry.key, document.entry.outlet, alias=document.entry.given)
    outlets.settle()
    stories: dict[str, list[tuple[Document, dict[str, Any]]]] = {}
    for document in documents:
        outlet_id = outlets.ids.get(document.entry.key) if document.entry.outlet else None
        article = _article(document, outlet_id)
        stories.setdefault(document.story, []).append((document, article))
        yield document.group, article
        if outlet_id and document.data.get("media_ideology"):
            outlets.rate(outlet_id, _rating(document))
    for members in stories.values():
        yield members[0][0].group, _event(members)
    used = {a["outlet_id"] for members in stories.values() for _, a in members if a["outlet_id"]}
    yield from outlets.records("pac", used)


def _article(document: Document, outlet_id: str | None) -> dict[str, Any]:
    """The article record of a document: its sentences joined into one paragraph."""
    named = document.entry
    meta = ArticleMeta(
        outlet_id=outlet_id,
        outlet_unknown_reason=None if named.outlet else f"PAC's source {named.given!r} is an AllSides writer entry, not an outlet",
        byline=list(named.byline),
        published=document.published,
        published_unknown_reason="PAC gives an empty date for this article",
        genre=named.genre or "unknown",
        source=CORPUS.source(str(document.data.get("id") or document.file.stem)),
        rights=CORPUS.rights(),
        provenance=CORPUS.provenance(),
    )
    body = " ".join(s["text"].strip() for s in document.data["news"] if s["text"].strip())
    title = " ".join(str(document.data.get("title") or "").split())
    if not title:
        return article_record("", normalize(body).text, meta)
    return draft_from_text(f"{title}\n\n{body}", meta).record


def _rating(document: Document) -> dict[str, Any]:
    """PAC's ideology label of a document's outlet, as a rating of its own rater."""
    given = document.data["source"]
    note = f"media_ideology of the AllSides-style source {given!r} in PAC; the corpus does not say when it was assigned"
    return {"rater": RATER, "scale": "corpus_ideology", "value": str(document.data["media_ideology"]), "provenance": CORPUS.provenance(note)}


def _event(members: list[tuple[Document, dict[str, Any]]]) -> dict[str, Any]:
    """The event of one story: its articles, the dates they give, PAC's story id."""
    first = members[0][0]
    topic = first.data.get("topic")
    event: dict[str, Any] = {
        "type": "event",
        "title": f"PAC story {first.number}" + (f" ({topic})" if isinstance(topic, str) and topic else ""),
        "article_ids": sorted({article["id"] for _, article in members}),
        "external_ids": {"pac_story": first.story},
        "provenance": CORPUS.provenance("same story in opposed outlets, paired by the PAC authors"),
    }
    dates = sorted(d for d in (document.published for document, _ in members) if d)
    if dates:
        event["window"] = {"start": dates[0], "end": dates[-1]}
    return with_id(event)


def _left_out(documents: list[Document], path: Path) -> Iterator[Problem]:
    """One note per kind of annotation the schema has no place for, and per part of the folder not read."""
    events = [e for d in documents if isinstance(d.data.get("events"), list) for e in d.data["events"]]
    triggers = len(events)
    links = sum(len(e["entity"]) for e in events if isinstance(e, dict) and isinstance(e.get("entity"), list))
    if triggers:
        why = "the schema has no record for event mentions; framing labels sit on claims, and triggers are not attributions"
        yield problem("import.skipped", f"{triggers} event triggers (partisanship, ideology, intensity) and {links} entity role links not imported: {why}")
    labelled = sum(1 for d in documents if d.data.get("relative_ideology") or d.data.get("absolute_ideology"))
    if labelled:
        why = "the article schema has no field for labels of an article"
        yield problem("import.skipped", f"relative_ideology / absolute_ideology of {labelled} articles not imported: {why}")
    writers = sorted({d.data["source"] for d in documents if not d.entry.outlet and d.data.get("media_ideology")})
    if writers:
        why = "ratings sit on outlets, and these AllSides entries name writers"
        yield problem("import.skipped", f"media_ideology of {len(writers)} writer entries not imported ({', '.join(writers)}): {why}")
    present = [part for part in REPEATS if (path / part).exists()]
    if present:
        yield problem("import.skipped", f"not read: {', '.join(present)} (per-annotator or tokenised copies of {FOLDER}/)", file=str(path))
