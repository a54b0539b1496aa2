"""What the report tests share: reports built as a user builds them (the port strike, the seed, the hostile articles) and
a reader of their pages."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from as_user import parallax

from toolkit.report import build_report

ROOT = Path(__file__).resolve().parents[1]
PORT_STRIKE = ROOT / "tests" / "golden" / "comparison"
HOSTILE = ROOT / "tests" / "golden" / "report" / "hostile"
#: Leanings invented for the tests, by a rater that does not exist, so that the charts and chips have something to show.
LEANINGS = {"reuters": "center", "the-guardian": "left", "fox-news": "right", "breitbart-news": "right"}
RATER = "Test rater (fictional)"


@dataclass
class Site:
    """A project and the reports made of it: of its release by `parallax report`, again by the library, and of its data folder."""

    project: Path
    release: Path
    again: Path
    data: Path


def prepare(factory: pytest.TempPathFactory) -> None:
    """Build the port strike's, the hostile articles' and the seed's reports at once (each mostly waits on `parallax`)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        for done in [pool.submit(make, factory) for make in (port_strike, hostile, seed)]:
            done.result()


def port_strike(factory: pytest.TempPathFactory) -> Site:
    """The four reports of the port strike, with leanings, built and reported outside the checkout (once a test session)."""
    return _port_strike(factory.getbasetemp())


def hostile(factory: pytest.TempPathFactory) -> Site:
    """The hostile articles (tests/golden/report/hostile), their two fictional outlets resolved from the fixture's registry."""
    return _hostile(factory.getbasetemp())


def seed(factory: pytest.TempPathFactory) -> Path:
    """The report of this repository's own release (the seed article, aligned), built into a temporary folder."""
    return _seed(factory.getbasetemp())


def both(factory: pytest.TempPathFactory) -> Path:
    """The report of one folder holding the data of the port strike and of the hostile articles: two events."""
    return _both(factory.getbasetemp(), port_strike(factory).project, hostile(factory).project)


# Cached by the session's base folder, so that both report test modules build each report once.
@cache
def _port_strike(base: Path) -> Site:
    return _site(_made(base / "report-port"), "port", sorted(PORT_STRIKE.glob("*.txt")), LEANINGS)


@cache
def _hostile(base: Path) -> Site:
    return _site(_made(base / "report-hostile"), "hostile", sorted(HOSTILE.glob("*.txt")), {})


@cache
def _seed(base: Path) -> Path:
    where = _made(base / "report-seed")
    _run(ROOT, "build", "--out", str(where / "release"))
    build_report(where / "release", where / "site")
    return where / "site"


@cache
def _both(base: Path, port: Path, hostile: Path) -> Path:
    where = _made(base / "report-both")
    shutil.copytree(port / "data", where / "records" / "port")
    shutil.copytree(hostile / "data", where / "records" / "hostile")
    build_report(where / "records", where / "site")
    return where / "site"


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


def _site(where: Path, name: str, inputs: list[Path], leanings: dict[str, str]) -> Site:
    """A project made of the inputs, built and reported: by `parallax report` as a user runs it, then by the library."""
    _run(where, "init", name)
    root = where / name
    if (inputs[0].parent / "outlets.jsonl").exists():  # the fixture's own outlets, which convert resolves against
        shutil.copy(inputs[0].parent / "outlets.jsonl", root / "data" / "outlets.jsonl")
    _run(root, "convert", *map(str, inputs), "--out", "data")
    if leanings:
        _rate(root / "data" / "outlets.jsonl", leanings)
    _run(root, "align", "data")
    _run(root, "build")
    _run(root, "report", "release", "--out", str(where / "site"))
    build_report(root / "release", where / "site-again")
    build_report(root / "data", where / "site-data")
    return Site(root, where / "site", where / "site-again", where / "site-data")


def _run(cwd: Path, *args: str) -> None:
    done = parallax(*args, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr


def _rate(path: Path, leanings: dict[str, str]) -> None:
    """Give outlets a leaning by the fictional rater (the outlet's id does not depend on its ratings)."""
    provenance = {"method": "human", "note": "invented for the report tests; no rater's opinion"}
    outlets = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for outlet in outlets:
        if outlet["id"] in leanings:
            rating = {"rater": RATER, "scale": "other", "value": leanings[outlet["id"]], "rated_at": "2025-01-01", "provenance": provenance}
            outlet["ratings"] = [*outlet.get("ratings", []), rating]
    path.write_text("".join(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in outlets), encoding="utf-8")


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a site by its path inside the site."""
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}


@dataclass
class Table:
    """A table of a page as text: its caption, column headers and rows of cells."""

    caption: str
    headers: list[str]
    rows: list[list[str]]

    def row(self, words: str, column: str | None = None) -> dict[str, str]:
        """The one row whose cell in `column` (the first by default) holds `words`, by column header."""
        where = self.headers.index(column) if column else 0
        found = [r for r in self.rows if words in r[where]]
        assert len(found) == 1, (words, self.rows)
        return dict(zip(self.headers, found[0], strict=True))


class Reader(HTMLParser):
    """Reads a page: every start tag with its attributes, its tables as text, and the text of elements by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[Table] = []
        self._open: list[Table] = []
        self._cell: list[str] | None = None
        self._in_head = False
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self._open.append(Table("", [], []))
        elif self._open and tag == "caption":
            self._caption = []
        elif self._open and tag == "thead":
            self._in_head = True
        elif self._open and tag == "tr" and not self._in_head:
            self._open[-1].rows.append([])
        elif self._open and tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self.tables.append(self._open.pop())
        elif tag == "caption" and self._caption is not None:
            self._open[-1].caption, self._caption = "".join(self._caption).strip(), None
        elif tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None and self._open:
            cell, self._cell = " ".join("".join(self._cell).split()), None
            (self._open[-1].headers if self._in_head else self._open[-1].rows[-1]).append(cell)

    def handle_data(self, data: str) -> None:
        for found in (self._cell, self._caption):
            if found is not None:
                found.append(data)


def read(html: str) -> Reader:
    """A page, read."""
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


def table(html: str, caption: str) -> Table:
    """The one table of a page whose caption starts with `caption`."""
    found = [t for t in read(html).tables if t.caption.startswith(caption)]
    assert len(found) == 1, [t.caption for t in read(html).tables]
    return found[0]
