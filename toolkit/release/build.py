"""Build a publishable release from a data folder: validated first, texts released only where their rights allow."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.problems import Report
from toolkit.release.atomic import BuildError, staged
from toolkit.release.card import CardStats
from toolkit.release.croissant import write_croissant
from toolkit.release.manifest import CHANGELOG, changes, read_index, record_digest, render_changelog, write_index, write_manifest
from toolkit.release.parquet import locate, write_located


class ReleaseRefused(BuildError):
    """The data does not validate, so no release is built from it."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"the data has {report.errors} errors; fix them first")
        self.report = report


@dataclass
class Release:
    """What a build made: rows per config, texts left out, and the changes since the previous release."""

    folder: Path
    counts: dict[str, int]
    texts_dropped: int = 0
    changes: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def without_text(records: dict[str, list[dict[str, Any]]], everything: bool) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The records with the text left out of every article that may not be redistributed (of every article, with `everything`).

    Hashes, lengths, paragraph offsets and URLs stay, so a user's own copy can restore and verify the text.
    """
    dropped, articles = 0, []
    for article in records.get("articles", []):
        article, left_out = article_without_text(article, everything)
        dropped += left_out
        articles.append(article)
    return ({**records, "articles": articles} if "articles" in records else records), dropped


def article_without_text(article: dict[str, Any], everything: bool) -> tuple[dict[str, Any], bool]:
    """The article, without its text when it may not be redistributed (always, with `everything`); whether it was left out."""
    if "text" in article and (everything or not article["rights"]["redistributable"]):
        return {k: v for k, v in article.items() if k != "text"}, True
    return article, False


DEFAULT_INFO: dict[str, Any] = {
    "name": "parallax",
    "description": "Outlets, actors, articles, claims with evidence spans, events and comparisons in the Parallax record schema.",
    "license": "other",
    "cite_as": "@misc{parallax, title = {Parallax records}}",
}
CROISSANT_KEYS = ("name", "description", "license", "cite_as", "url", "version", "data_biases", "data_limitations", "personal_sensitive_information")


def read_info(path: Path | None) -> dict[str, Any]:
    """What a release says about itself (cards/dataset.yaml), over the defaults."""
    if path is None or not path.is_file():
        return dict(DEFAULT_INFO)
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict):
        raise BuildError(f"{path} is not a mapping of fields")
    return DEFAULT_INFO | loaded


def build_release(data: Path, out: Path, version: str, no_text: bool = False, info: dict[str, Any] | None = None, date: str = "1970-01-01") -> Release:
    """Validate the data, then write the release into `out` in one step (the previous release stays until then).

    The same data, version, information and date give the same bytes.
    """
    from toolkit.validate import validate

    report = validate([str(data)])
    if report.errors or report.io_failed:
        raise ReleaseRefused(report)
    located = locate([data])
    if not located.places:
        raise BuildError(f"no records under {data}")
    stats, entries, dropped = CardStats(), [], 0

    def visit(config: str, record: dict[str, Any]) -> dict[str, Any]:
        nonlocal dropped
        if config == "articles":
            record, left_out = article_without_text(record, no_text)
            dropped += left_out
        entries.append((config, record["id"], record_digest(record)))
        stats.add(config, record)
        return record

    previous = read_index(out)
    known = (info or DEFAULT_INFO) | {"version": version, "no_text": no_text}
    with staged(out) as staging:
        counts = write_located(located, staging, visit)
        index = sorted(entries)
        found = changes(previous, index)
        (staging / "README.md").write_text(stats.render(counts, known), encoding="utf-8")
        write_croissant(staging, counts, {k: known[k] for k in CROISSANT_KEYS if known.get(k)} | {"date_published": date})
        write_index(staging, index)
        (staging / CHANGELOG).write_text(render_changelog(version, found, previous is None), encoding="utf-8")
        write_manifest(staging)
    return Release(out, counts, dropped, found)
