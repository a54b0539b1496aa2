"""Article-Bias-Prediction (Baly et al., EMNLP 2020): 37,554 AllSides-linked articles with their outlet's left/center/right label.

Layout: `jsons_all.tar.gz` (data/jsons/<ID>.json, read as a stream, never unpacked) or a folder of those JSON files
(`jsons_media_test/`, or upstream's `data/jsons/`), and `index.tsv` (one row of metadata per article). Outlet name
variants are grouped from the metadata of the whole index, so that a partial copy of the
articles gets the same outlet ids (and so the same article ids) as the full corpus; see `abp_outlets` for the rule.
"""

from __future__ import annotations

import csv
import re
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from toolkit.articles import ArticleMeta, article_record
from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.abp_outlets import clean_name, corpus_outlets, is_opinion, variant_key
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.importers.reading import MEMBER_LIMIT, Refused, open_text, read_bytes, read_limited, regular, unreadable
from toolkit.problems import Problem, problem
from toolkit.text import normalize

CORPUS = Corpus(
    name="article-bias-prediction",
    version="ced8111a720948e6a410e52031ace99c4e53f096",
    license="unknown",
    url="https://github.com/ramybaly/Article-Bias-Prediction",
    redistributable=False,
    rights_note="no license stated; full texts of third-party news outlets crawled from AllSides links, research use only",
)
RIGHTS, PROVENANCE = CORPUS.rights(), CORPUS.provenance()
GROUP = "article-bias-prediction"
TARBALL, INDEX = "jsons_all.tar.gz", "index.tsv"
FOLDERS = ("jsons_media_test", "data/jsons")
EARLIEST, RELEASED = date(1990, 1, 1), date(2021, 3, 31)  # before the web, and the corpus's commit date
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL = re.compile(r"https?://\S+")
_READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


def read_date(value: Any) -> tuple[str | None, str | None]:
    """(ISO date, None) for a date the corpus gives as YYYY-MM-DD or M/D/YY, else (None, why it is unknown)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None, "the corpus gives no date for this article"
    found = _calendar(text)
    if found is None:
        return None, f"the corpus's date {text!r} cannot be read as a date"
    if not EARLIEST <= found <= RELEASED:
        return None, f"the corpus's date {text!r} is not plausible (before {EARLIEST} or after the corpus's release on {RELEASED})"
    return found.isoformat(), None


def _calendar(text: str) -> date | None:
    """The date of YYYY-MM-DD or of a US M/D/YY (two-digit years up to the release year are 20YY), or None."""
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _US_DATE.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000 if year <= RELEASED.year % 100 else 1900
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def byline(authors: Any) -> list[str]:
    """The credited authors of the comma-separated `authors` field, in order, blanks dropped."""
    if not isinstance(authors, str):
        return []
    names = (" ".join(name.split()) for name in authors.split(","))
    return list(dict.fromkeys(name for name in names if name))


def read_index(path: Path) -> Iterator[dict[str, str]]:
    """The rows of index.tsv (fields quoted CSV-style where they hold a tab)."""
    with open_text(path) as handle:
        yield from csv.DictReader(handle, delimiter="\t", restval="")  # a short row gives empty fields, not None


def members(path: Path) -> Iterator[tuple[str, bytes] | Problem]:
    """(name, bytes) of every article JSON of the folder: streamed from the tarball, or read from a folder of JSON files."""
    tarball = path / TARBALL
    if tarball.exists():  # not is_file(): a tarball that is a device is refused, not taken for absent
        yield from _tar_members(tarball)
        return
    folder = next((path / f for f in FOLDERS if (path / f).is_dir()), None)
    if folder is None:
        yield problem("import.layout", f"neither {TARBALL} nor a folder of article JSON files ({', '.join(FOLDERS)})", file=str(path))
        return
    for file in sorted(folder.glob("*.json")):
        try:
            yield f"{folder.name}/{file.name}", read_bytes(file)
        except OSError as error:
            yield unreadable(error, file)


def _tar_members(tarball: Path) -> Iterator[tuple[str, bytes] | Problem]:
    """The .json members of a gzipped tarball, in archive order, read as a stream; a broken archive ends the stream with a problem."""
    try:
        with tarfile.open(regular(tarball, limit=None), "r|gz") as archive:
            for member in archive:
                handle = archive.extractfile(member) if member.isfile() and member.name.endswith(".json") else None
                if handle is not None:
                    yield _member(member, handle, tarball)
    except _READ_ERRORS as error:
        if isinstance(error, Refused):
            yield unreadable(error, tarball)
            return
        yield problem("import.unreadable", f"archive broken, the rest of it is not read: {type(error).__name__}: {error}", file=str(tarball))


def _member(member: tarfile.TarInfo, handle: IO[bytes], tarball: Path) -> tuple[str, bytes] | Problem:
    """(name, bytes) of one archive member, or its refusal: neither its declared nor its actual size may pass the limit."""
    try:
        if member.size > MEMBER_LIMIT:
            raise Refused("import.too-large", f"{member.size:,} bytes, over the limit of {MEMBER_LIMIT:,} bytes for an archive member")
        return member.name, read_limited(handle, MEMBER_LIMIT, "an archive member")
    except Refused as error:
        return problem(error.code, f"cannot read: {member.name}: {error}", file=str(tarball))


def parse_member(name: str, raw: bytes, where: str) -> dict[str, Any] | Problem:
    """The JSON object of one member, or the problem of reading it."""
    try:
        article = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return problem("import.unreadable", f"{name}: cannot parse: {error}", file=where)
    if not isinstance(article, dict):
        return problem("import.unreadable", f"{name}: not a JSON object", file=where)
    return article


def _from_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Every article's metadata read from the article JSON files themselves (a first pass over them)."""
    parsed = (parse_member(item[0], item[1], "") for item in members(path) if not isinstance(item, Problem))
    return (article for article in parsed if isinstance(article, dict))


def _outlets(path: Path, ctx: Context) -> tuple[CorpusOutlets, list[Problem]]:
    """The corpus's outlets from index.tsv; from the article files when there is no index or it cannot be read (reported)."""
    if (path / INDEX).exists():
        try:
            return corpus_outlets(read_index(path / INDEX), ctx.registry, CORPUS), []
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            found = unreadable(error, path / INDEX, "; outlets are made from the article files instead")
            return corpus_outlets(_from_articles(path), ctx.registry, CORPUS), [found]
    return corpus_outlets(_from_articles(path), ctx.registry, CORPUS), []


def article_item(article: dict[str, Any], name: str, outlet: tuple[str | None, str | None], where: str) -> dict[str, Any] | Problem:
    """The article record of one corpus JSON with its (outlet id, why it is unknown), or the problem that skips it."""
    original_id = str(article.get("ID") or Path(name).stem)
    text = article.get("content_original")
    body = normalize(text).text if isinstance(text, str) else ""
    if not body:
        return problem("import.skipped", f"article {original_id}: no text ('content_original' is empty or missing)", file=where)
    title = article.get("title")
    headline = normalize(title).text.replace("\n", " ").strip() if isinstance(title, str) else ""
    published, reason = read_date(article.get("date"))
    source = clean_name(article["source"]) if isinstance(article.get("source"), str) else ""
    url = article.get("url") if isinstance(article.get("url"), str) and _URL.fullmatch(article["url"]) else None
    meta = ArticleMeta(
        outlet_id=outlet[0],
        outlet_name=source or None,
        outlet_unknown_reason=outlet[1],
        url=url,
        byline=byline(article.get("authors")),
        published=published,
        published_unknown_reason=reason,
        genre="opinion" if is_opinion(source) else "unknown",
        source=CORPUS.source(original_id),
        rights=RIGHTS,
        provenance=PROVENANCE,
    )
    return article_record(headline, body, meta)


def outlet_of(source: Any, outlet_ids: dict[str, str]) -> tuple[str | None, str | None]:
    """(outlet id, None) of a source name, or (None, why the article's outlet is unknown)."""
    if not isinstance(source, str) or not source.strip():
        return None, "the corpus names no source for this article"
    key = variant_key(source)
    if not key:
        return None, f"the corpus's source name {clean_name(source)!r} has no letters or digits"
    if key not in outlet_ids:
        return None, f"the corpus's source name {clean_name(source)!r} is not in its {INDEX}"
    return outlet_ids[key], None


@dataclass
class _Written:
    """What the run has written so far: the corpus ID of each article id, and the outlets the articles point to."""

    first_of: dict[str, str] = field(default_factory=dict)
    outlets: set[str] = field(default_factory=set)


@register("article-bias-prediction")
def import_article_bias_prediction(path: Path, ctx: Context) -> Iterator[Item]:
    """Articles with their outlets (name variants merged, the corpus's left/center/right labels as ratings)."""
    outlets, trouble = _outlets(path, ctx)
    yield from trouble
    written = _Written()
    where = str(path / TARBALL) if (path / TARBALL).exists() else str(path)
    for item in members(path):
        if isinstance(item, Problem):
            yield item
            continue
        article = parse_member(*item, where)
        if isinstance(article, Problem):
            yield article
            continue
        yield from _article_items(article, article_item(article, item[0], outlet_of(article.get("source"), outlets.ids), where), written, where)
    yield from outlets.records(GROUP, written.outlets)


def _article_items(article: dict[str, Any], record: dict[str, Any] | Problem, written: _Written, where: str) -> Iterator[Item]:
    """The record of one article, or why it is skipped; a date that cannot be used is reported."""
    if isinstance(record, Problem):
        yield record
        return
    original = record["source"]["original_id"]
    if record["id"] in written.first_of:
        yield problem("import.skipped", f"article {original}: same outlet and text as article {written.first_of[record['id']]} ({record['id']})", file=where)
        return
    written.first_of[record["id"]] = original
    written.outlets.update([record["outlet_id"]] if record["outlet_id"] else [])
    if record["published"] is None and isinstance(article.get("date"), str) and article["date"].strip():
        yield problem("convert.date", f"article {original}: {record['published_unknown_reason']}; recorded as unknown", file=where)
    yield GROUP, record
