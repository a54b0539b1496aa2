"""Put the texts back into a release that was built without them, from the user's own copy of the articles."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from toolkit.records import read_records
from toolkit.release.atomic import BuildError, staged
from toolkit.release.croissant import FILE_NAME
from toolkit.release.manifest import MANIFEST, write_manifest
from toolkit.release.parquet import SHARD, WRITE_OPTIONS, seal, shard


@dataclass
class Hydrated:
    """How many texts were restored, were missing from the sources, or were already there."""

    restored: int
    missing: int
    present: int


def texts_by_hash(sources: Iterable[Path]) -> dict[str, str]:
    """The texts of the article records under the sources, by the SHA-256 of their UTF-8 bytes (recomputed, not trusted)."""
    found: dict[str, str] = {}
    for _file, record in read_records(sources):
        text = record.get("text")
        if record.get("type") == "article" and isinstance(text, str):
            found.setdefault(hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
    return found


def hydrate(release: Path, sources: Iterable[Path], out: Path | None = None) -> Hydrated:
    """Restore every missing article text whose hash the sources hold, into `out` (the release itself by default), in one step."""
    articles = shard(release, "articles")
    if articles is None:
        raise BuildError(f"{release} holds no articles to hydrate")
    table = pq.read_table(articles)
    texts = texts_by_hash(sources)
    column = table.column("text").to_pylist()
    hashes = table.column("text_sha256").to_pylist()
    present = sum(text is not None for text in column)
    restored = [text if text is not None else texts.get(digest) for text, digest in zip(column, hashes, strict=True)]
    for text, digest in zip(restored, hashes, strict=True):
        if text is not None and hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            raise BuildError(f"a text does not hash to its article's text_sha256 {digest}; nothing written")
    table = table.set_column(table.schema.get_field_index("text"), table.schema.field("text"), pa.array(restored, type=pa.string()))
    with staged(out or release) as staging:
        shutil.copytree(release, staging, dirs_exist_ok=True)
        before = articles.relative_to(release).as_posix()
        (staging / before).unlink()
        pq.write_table(table, staging / "data" / "articles" / SHARD, **WRITE_OPTIONS)
        renamed(staging, (before, file_sha256(articles)), seal(staging, "articles"))
        (staging / MANIFEST).unlink(missing_ok=True)
        write_manifest(staging)
    filled = sum(text is not None for text in restored) - present
    return Hydrated(filled, len(column) - present - filled, present)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def renamed(release: Path, before: tuple[str, str], after: str) -> None:
    """Have the card and the Croissant description name the rewritten Parquet file `after`; `before` is its old (path, SHA-256)."""
    path, digest = before
    for document in (release / "README.md", release / FILE_NAME):
        if document.is_file():
            text = document.read_text(encoding="utf-8").replace(path, after).replace(digest, file_sha256(release / after))
            document.write_text(text, encoding="utf-8")
