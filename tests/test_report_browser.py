"""The report in a real browser (Debian's chromium, driven by Playwright), opened from file:// as a reader opens it: pages
load without errors, links resolve, hostile text runs nothing, the keyboard reaches everything, the filter and the
sorting work and text keeps its contrast. Skipped, with the reason, where chromium or Playwright is missing."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from reporting import both, hostile, port_strike, prepare, seed

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: it comes with the test extra (pip install -e '.[test]')")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The page types of a report: a name for each, and the page of the port strike that stands for it.
PAGE_TYPES = {
    "index": "index.html",
    "event": "events/*.html",
    "outlets": "outlets.html",
    "outlet": "outlets/reuters.html",
    "actors": "actors.html",
    "actor": "actors/lena-ortiz.html",
}
#: Records every value given to document.title, before any script of the page runs.
WATCH_TITLE = """
window.__titles = [];
const own = Object.getOwnPropertyDescriptor(Document.prototype, "title");
Object.defineProperty(Document.prototype, "title", {
  configurable: true,
  get() { return own.get.call(this); },
  set(value) { window.__titles.push(String(value)); own.set.call(this, value); },
});
"""
FOCUSABLE = """() => {
  const found = Array.from(document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"))
    .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility());
  found.forEach((e, i) => e.setAttribute("data-focus-order", String(i)));
  return found.length;
}"""
CONTRAST = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const rgba = (value) => { const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number); return [r, g, b, a]; };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3])).concat([1]);
  let background = [255, 255, 255, 1];
  const layers = [];
  for (let e = element; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
  for (const layer of layers.reverse()) background = over(layer, background);
  const colour = over(rgba(getComputedStyle(element).color), background);
  const luminance = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [light, dark] = [luminance(colour), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


@dataclass
class Opened:
    """A page opened in the browser, and what happened on it."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module", autouse=True)
def reports(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The reports the tests open, built once a session."""
    prepare(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with nothing that reaches the network on its own."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def opened(browser: Browser) -> Iterator[Opened]:
    """A fresh page that records console errors, page errors, dialogs (dismissed) and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_TITLE)
    page = context.new_page()
    page.set_default_timeout(5_000)
    found = Opened(page)
    page.on("console", lambda message: found.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: found.errors.append(str(error)))

    def dismissed(dialog: Dialog) -> None:
        found.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismissed)
    page.on("request", lambda request: found.requests.append(request.url))
    yield found
    context.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """Where the screenshots go: $PARALLAX_ARTIFACTS, else report-screenshots/ in the test run's base temporary folder."""
    folder = Path(os.environ.get("PARALLAX_ARTIFACTS") or tmp_path_factory.getbasetemp() / "report-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\nscreenshots of the report pages: {folder}")
    return folder


def page_of(site: Path, pattern: str) -> Path:
    """The first page of a site matching a pattern."""
    return sorted(site.glob(pattern))[0]


def unresolved(page: Page) -> list[str]:
    """Links, style sheets and scripts of the open page that point to no file of the site (or no element of the page)."""
    targets = page.evaluate("() => Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'), (e) => [e.tagName, e.href || e.src])")
    missing = []
    for tag, url in targets:
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"}:
            assert tag == "A", f"<{tag}> loads {url}"  # a link out, never followed
        elif parts.scheme != "file" or not Path(unquote(parts.path)).is_file():
            missing.append(url)
        elif (
            parts.fragment
            and url.split("#")[0] == page.url.split("#")[0]
            and not page.evaluate("(id) => !!document.getElementById(id)", unquote(parts.fragment))
        ):
            missing.append(url)  # a link to an element of this page that is not there
    return missing


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_each_page_type_opens_cleanly(opened: Opened, tmp_path_factory: pytest.TempPathFactory, artifacts: Path, kind: str) -> None:
    site = port_strike(tmp_path_factory).release
    opened.page.goto(page_of(site, PAGE_TYPES[kind]).as_uri())
    assert opened.errors == []
    assert unresolved(opened.page) == []
    assert all(url.startswith("file:") for url in opened.requests), opened.requests
    opened.page.screenshot(path=str(artifacts / f"{kind}.png"), full_page=True)


def test_the_seed_shows_what_it_calls_nato_and_the_headline_against_the_body(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = opened.page
    page.goto(page_of(seed(tmp_path_factory), "events/*.html").as_uri())
    nato = page.locator("tr", has=page.get_by_role("link", name="NATO", exact=True))
    sync_api.expect(nato.get_by_text("the US-led military alliance")).to_be_visible()
    headlines = page.locator("section", has=page.get_by_role("heading", name="Headline against the body"))
    row = headlines.locator("tr", has_text="Likely Next NATO Chief Calls for Dialogue with Russia")
    sync_api.expect(row.get_by_text("Russia of course is our main adversary")).to_be_visible()
    assert opened.errors == []


def test_hostile_text_runs_nothing_and_shows_its_controls(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    page, site = opened.page, hostile(tmp_path_factory).release  # the release holds the articles' text (CC0)
    for path in sorted(site.rglob("*.html")):
        page.goto(path.as_uri())
        page.evaluate("() => document.querySelectorAll('th button').forEach((button) => button.click())")  # sort every table
        if page.locator("#q").count():
            page.fill("#q", "velden")  # loads assets/events.js
            sync_api.expect(page.locator("#count")).to_have_text(re.compile(r"^1 events? match"))
        assert page.evaluate("window.__titles") == [], path
        assert "PWNED" not in page.title(), path
    assert opened.dialogs == [] and opened.errors == []
    page.goto(page_of(site, "events/*.html").as_uri())
    sync_api.expect(page.get_by_text("[U+202E]").first).to_be_visible()
    sync_api.expect(page.get_by_text("[U+2066]").first).to_be_visible()
    shown = page.inner_text("main")
    assert "\u202e" not in shown and "\u2066" not in shown and "</script><script>document.title='PWNED'</script>" in shown


def test_the_keyboard_reaches_everything_on_the_index(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = opened.page
    page.goto(page_of(port_strike(tmp_path_factory).release, "index.html").as_uri())
    count = page.evaluate(FOCUSABLE)
    assert count > 10
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"  # the skip link comes first
    reached = set()
    for _ in range(2 * count + 5):
        reached.add(page.evaluate("document.activeElement.getAttribute('data-focus-order')"))
        if len(reached - {None}) == count:
            break
        page.keyboard.press("Tab")
    assert reached - {None} == {str(i) for i in range(count)}
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_filter_keeps_the_events_that_match(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = opened.page
    page.goto(page_of(both(tmp_path_factory), "index.html").as_uri())
    rows = page.locator("table[data-sortable] tbody tr")
    titles = [row.locator("td").first.inner_text() for row in rows.all()]
    assert len(titles) == 2
    word = max(set(titles[0].split()) - set(titles[1].split()), key=len).strip(",")
    page.fill("#q", word.lower())
    sync_api.expect(rows).to_have_count(1)
    sync_api.expect(rows.first).to_contain_text(titles[0])
    sync_api.expect(page.locator("#count")).to_have_text(re.compile(r"^1 events? match"))
    page.fill("#q", "zzzqx")
    sync_api.expect(rows).to_have_count(0)
    sync_api.expect(page.locator("#count")).to_have_text(re.compile(r"^0 events match"))
    page.fill("#q", "")
    sync_api.expect(rows).to_have_count(2)
    assert opened.errors == []


def test_a_header_button_sorts_the_rows(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = opened.page
    page.goto(page_of(port_strike(tmp_path_factory).release, "outlets.html").as_uri())
    header = page.locator("table[data-sortable] thead th").first
    names = page.locator("table[data-sortable] tbody tr td:first-child")
    header.get_by_role("button").click()
    sync_api.expect(header).to_have_attribute("aria-sort", "ascending")
    assert names.all_inner_texts() == sorted(names.all_inner_texts(), key=str.lower)
    header.get_by_role("button").click()
    sync_api.expect(header).to_have_attribute("aria-sort", "descending")
    assert names.all_inner_texts() == sorted(names.all_inner_texts(), key=str.lower, reverse=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_keeps_its_contrast(opened: Opened, tmp_path_factory: pytest.TempPathFactory, scheme: str) -> None:
    page = opened.page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(page_of(port_strike(tmp_path_factory).release, "events/*.html").as_uri())
    ratios = {selector: page.evaluate(CONTRAST, selector) for selector in ("body", "main a", ".muted", ".rel.omitted")}
    assert None not in ratios.values(), ratios
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
