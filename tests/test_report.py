"""`parallax report` as a user runs it, outside the checkout: the pages of the port strike (tests/golden/comparison), of
the seed and of hostile articles (tests/golden/report/hostile), read as files. test_report_browser.py opens them."""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import reporting
from as_user import parallax
from reporting import RATER, Site, hostile, pages, port_strike, prepare, read, seed, table

from toolkit.report import build_report, site
from toolkit.report.html import CSP

OUTLETS = ["Breitbart News", "Fox News", "Reuters", "The Guardian"]
OWN_SCRIPT = re.compile(r'<script src="(\.\./)?assets/report\.js" defer>')
#: Attributes that load or point to something.
POINTERS = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The port strike's project and its reports (the hostile articles' and the seed's are built beside them)."""
    prepare(tmp_path_factory)
    return port_strike(tmp_path_factory)


@pytest.fixture(scope="module")
def event_page(port: Site) -> str:
    """The port strike's one event page."""
    (found,) = (port.release / "events").glob("*.html")
    return found.read_text(encoding="utf-8")


def test_every_page_type_is_written(port: Site) -> None:
    site = port.release
    for name in ("index.html", "outlets.html", "actors.html", "assets/report.css", "assets/report.js", "assets/events.js"):
        assert (site / name).is_file(), name
    assert len(list((site / "events").glob("*.html"))) == 1
    assert sorted(p.stem for p in (site / "outlets").glob("*.html")) == ["breitbart-news", "fox-news", "reuters", "the-guardian"]
    assert {"lena-ortiz", "tomas-rivera", "ana-beltran"} <= {p.stem for p in (site / "actors").glob("*.html")}


def test_leanings_are_shown_by_their_rater(port: Site, event_page: str) -> None:
    assert f"Articles per month by leaning, as {RATER} rates outlets" in (port.release / "index.html").read_text(encoding="utf-8")
    assert f"{RATER}: left" in event_page and f"{RATER}: right" in event_page  # the Guardian's chip, and Fox News's


def pointers(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    """(tag, attributes, value) of every attribute of a page that loads or points to something."""
    return [(tag, attrs, value) for tag, attrs in read(html).tags for name, value in attrs.items() if name in POINTERS and value is not None]


@pytest.mark.parametrize("which", ["release", "data"])
def test_every_link_inside_the_site_resolves(port: Site, which: str) -> None:
    site: Path = getattr(port, which)
    for name, html in pages(site).items():
        ids = {attrs.get("id") for _, attrs in read(html).tags}
        targets = [value for _, _, value in pointers(html)] + [attrs["data-events"] or "" for _, attrs in read(html).tags if "data-events" in attrs]
        for target in targets:
            parts = urlsplit(target)
            if parts.scheme in {"http", "https"}:
                continue  # test_nothing_is_loaded_from_elsewhere
            assert not parts.scheme and not parts.netloc, f"{name}: {target}"
            if parts.path:
                assert (site / name).parent.joinpath(unquote(parts.path)).resolve().is_file(), f"{name}: {target}"
            else:
                assert parts.fragment in ids, f"{name}: {target}"


def test_nothing_is_loaded_from_elsewhere(port: Site) -> None:
    outside = 0
    for name, html in pages(port.release).items():
        for tag, attrs, value in pointers(html):
            if value.lower().startswith(("http:", "https:", "//")):
                assert tag == "a" and "external" in (attrs.get("rel") or "").split(), f"{name}: <{tag}> {value}"
                outside += 1
    assert outside >= 4  # each article's address, as a link out
    for asset in ("report.css", "report.js"):
        assert not re.search(r"https?:|@import|//[a-z]", (port.release / "assets" / asset).read_text(encoding="utf-8"), re.I), asset


def test_every_page_carries_the_policy(port: Site) -> None:
    for name, html in pages(port.release).items():
        metas = [attrs for tag, attrs in read(html).tags if tag == "meta"]
        policies = [attrs.get("content") for attrs in metas if (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
        assert policies == [CSP], name
    assert "default-src 'none'" in CSP and "script-src 'self'" in CSP


def without_text(html: str) -> str:
    """An event page without what only a folder that holds the articles' text shows: ledes and the marked texts."""
    html = re.sub(r'<p class="lede">.*?</p>', "", html, flags=re.S)
    return re.sub(r'<section aria-labelledby="texts">.*</main>', "</main>", html, flags=re.S)


def test_a_data_folder_reports_as_its_release(port: Site) -> None:
    of_release, of_data = pages(port.release), pages(port.data)
    assert of_release.keys() == of_data.keys()
    for name, html in of_release.items():
        if name.startswith("events/"):
            assert 'class="text"' in of_data[name] and 'class="text"' not in html  # the release leaves the texts out
            assert without_text(html) == without_text(of_data[name]), name
        else:
            assert html == of_data[name], name


def test_building_twice_gives_the_same_bytes(port: Site) -> None:
    first = {p.relative_to(port.release): p.read_bytes() for p in port.release.rglob("*") if p.is_file()}
    again = {p.relative_to(port.again): p.read_bytes() for p in port.again.rglob("*") if p.is_file()}
    assert first == again


def test_pages_written_in_two_processes_are_those_written_in_one(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large reports render half of each batch in a forked process; forced here on two events, the site is the same."""
    alone = reporting.both(tmp_path_factory)
    monkeypatch.setattr(site, "FORKED_AT_LEAST", 1)
    twice = tmp_path_factory.mktemp("forked") / "site"
    built = build_report(alone.parent / "records", twice)
    assert built.pages["event"] == 2 and built.largest[1] > 0
    first = {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*") if p.is_file()}
    assert first == {p.relative_to(twice): p.read_bytes() for p in twice.rglob("*") if p.is_file()}


def test_the_event_page_sets_the_four_outlets_side_by_side(event_page: str) -> None:
    outlets = [attrs.get("aria-label") for tag, attrs in read(event_page).tags if tag == "section" and attrs.get("class") == "outlet"]
    assert outlets == OUTLETS
    assert "Marisol dockworkers strike as Calvera&#x27;s exporters count the cost" in event_page


def test_the_matrix_shows_how_each_outlet_carries_each_proposition(event_page: str) -> None:
    matrix = table(event_page, "Each proposition and how each outlet carries it")
    assert matrix.headers == ["Proposition", "Speaker", *OUTLETS]
    ortiz = matrix.row("We will reopen the port within a week")
    assert ortiz["Speaker"] == "Lena Ortiz"
    assert {o: ortiz[o] for o in OUTLETS} == {"Breitbart News": "paraphrase", "Fox News": "same", "Reuters": "same", "The Guardian": "truncated"}
    port = matrix.row("dockworkers walked off the job")
    assert {o: port[o] for o in OUTLETS} == {"Breitbart News": "omitted", "Fox News": "paraphrase", "Reuters": "same", "The Guardian": "same"}
    assert "own voice" in port["Speaker"]


def test_quote_fidelity_strikes_out_the_words_the_guardian_cut(event_page: str) -> None:
    fidelity = event_page[event_page.index('id="fidelity"') :]
    guardian = next(item for item in fidelity.split("<li>") if "The Guardian" in item and "truncated" in item)
    assert re.findall(r"<del>(.*?)</del>", guardian) == ["No ship will be turned away for long,&quot;"]
    assert "We will reopen the port within a week" in guardian


def test_the_seed_calls_nato_the_us_led_military_alliance_in_its_own_voice(tmp_path_factory: pytest.TempPathFactory) -> None:
    (event,) = (seed(tmp_path_factory) / "events").glob("*.html")
    html = event.read_text(encoding="utf-8")
    nato = table(html, "Terms per actor and outlet").row("NATO")
    (cell,) = (v for k, v in nato.items() if k != "Actor")
    (term,) = (t for t in cell.split(";") if "the US-led military alliance" in t)
    assert "words" not in term  # not marked as a quoted speaker's words
    headlines = table(html, "Each headline").row("Likely Next NATO Chief", column="Headline")
    assert headlines["Headline"] == "Likely Next NATO Chief Calls for Dialogue with Russia"
    assert "Russia of course is our main adversary" in headlines["Their quoted words"]
    assert '<h2 id="headlines">Headline against the body</h2>' in html


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page of the hostile articles' reports, of the release (which holds their text) and of the data folder."""
    site = hostile(tmp_path_factory)
    return {f"{which}/{name}": html for which in ("release", "data") for name, html in pages(getattr(site, which)).items()}


def test_hostile_text_runs_no_script(hostile_pages: dict[str, str]) -> None:
    assert {name.split("/")[1] for name in hostile_pages} >= {"index.html", "events", "outlets", "actors"}
    for name, html in hostile_pages.items():
        scripts = re.findall(r"<script\b[^>]*>", html, re.I)
        assert len(scripts) == 1 and OWN_SCRIPT.fullmatch(scripts[0]), f"{name}: {scripts}"
        for tag, attrs in read(html).tags:  # as the browser reads them: `onerror=` may stand only in escaped text
            for attribute, value in attrs.items():
                assert re.fullmatch(r"[a-z][a-z0-9-]*", attribute), f"{name}: <{tag} {attribute}>: markup from the records broke out of an attribute"
                assert not attribute.startswith("on"), f"{name}: <{tag} {attribute}={value!r}>"
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{name}: <{tag} {attribute}={value!r}>"
    event = next(html for name, html in hostile_pages.items() if name.startswith("release/events/"))
    assert "&lt;/script&gt;&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in event  # shown, as text
    assert "onerror=&quot;document.title" in event and "javascript:alert(1)" in event


def test_bidirectional_controls_are_shown_not_obeyed(hostile_pages: dict[str, str]) -> None:
    for name, html in hostile_pages.items():
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", html), name
    event = next(html for name, html in hostile_pages.items() if name.startswith("release/events/"))
    for mark in ("[U+202E]", "[U+2066]", "[U+2069]"):
        assert mark in event


def test_the_event_has_both_fictional_outlets(hostile_pages: dict[str, str]) -> None:
    event = next(html for name, html in hostile_pages.items() if name.startswith("release/events/"))
    assert [attrs.get("aria-label") for tag, attrs in read(event).tags if tag == "section" and attrs.get("class") == "outlet"] == [
        "Northbay Ledger",
        "Quillmoor Post",
    ]


@pytest.mark.parametrize("make", [None, "mkdir"], ids=["missing folder", "empty folder"])
def test_a_folder_without_records_is_refused_with_a_message(tmp_path: Path, make: str | None) -> None:
    if make:
        (tmp_path / "records").mkdir()
    done = parallax("report", "records", "--out", "site", cwd=tmp_path)  # no traceback: as_user checks
    assert done.returncode in {1, 2}
    message = done.stdout + done.stderr
    assert ("no records" if make else "does not exist") in message and "records" in message
    assert not (tmp_path / "site").exists()


def test_a_typical_event_page_is_small(port: Site, tmp_path_factory: pytest.TempPathFactory) -> None:
    sites = [port.release, port.data, seed(tmp_path_factory), hostile(tmp_path_factory).data]
    sizes = [page.stat().st_size for site in sites for page in (site / "events").glob("*.html")]
    assert statistics.median(sizes) < 200_000, sizes
