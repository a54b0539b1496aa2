"""Fuzz convert's readers in-process: mutated and generated front matter, HTML, JSON and sidecars, each input under a time limit.

Usage: python benchmarks/bench_fuzz_convert.py [--front-matter 100000] [--html 100000] [--others 5000] [--limit 5] [--seed 17]
Prints, per reader: inputs tried, crashes (an exception escaping, a problem outside the catalog, a record that neither
validates nor serializes), hangs (an input past --limit seconds), the slowest input, and seconds and peak memory per MB;
then whole `parallax convert` runs on large pages (seconds and peak resident memory), the 20 MB page among them.
The first crashing and hanging inputs are saved under --out for a test to replay.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType

import orjson

from toolkit.convert import Options, Raw, read
from toolkit.convert.frontmatter import FIELDS
from toolkit.problems import CATALOG, PIPELINE, Problem
from toolkit.records import dumps
from toolkit.registry import OutletRegistry
from toolkit.validate.record import record_problems

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = Options(OutletRegistry())
BODY = "The council voted on Tuesday to repair the harbor bridge before winter, officials said.\n\nTraffic was light.\n"
KEYS = sorted({key for keys in FIELDS.values() for key in keys} | {"rights", "params", "tags", "menu", "x", "Title", "DATE"})
VALUES = [
    "2020-02-30", "2024-03-02", "2021-13-01 10:00:00", "2024-04-12T08:00:00+02:00", "9" * 5000, "1e400", ".nan", "true", "null",
    "[" * 60 + "]" * 60, "{a: {b: {c: [1, 2]}}}", "&a [x, y]", "*a", "*nope", "!!binary aGVsbG8=", "!!set {a, b}",
    "!!python/object:os.system ls", "!!timestamp 2020-02-30", '"\\ud800"', '"a\\udfffb"', "'http://[oops'", "http://x.example/a",
    "[Mira Olsen, {name: Joris}]", "CC-BY-4.0", "{license: MIT, note: 2020-01-01}", "|\n  two\n  lines", '"\\0"', "Harbor Gazette",
]  # fmt: skip
FRAGMENTS = [
    "\n---\n", "\n+++\n", ": ", "&a ", "*a ", "[", "{", "!!", "\\ud800", "\x00", "\x1f", "\ufeff", "\r\n", "'", '"', "<script>", "<!--",
    "</p>", "<p>", "<html lang=", "<meta ", "ld+json", "\udcff",
]  # fmt: skip
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
HTML = (
    '<!doctype html><html lang="en"><head><title>Harbor Bridge Reopens</title><meta name="author" content="Mira Olsen">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-02"}</script><style>p {}</style></head>'
    "<body><nav><a href='/'>Home</a></nav><article><h1>Harbor Bridge Reopens</h1>"
    + "<p>The council voted on Tuesday to repair the harbor bridge before winter, officials said on the quay.</p>" * 4
    + "</article><footer>(c) Harbor Gazette</footer></body></html>"
)


class Hang(Exception):
    """An input ran past the time limit."""


@dataclass
class Tally:
    """What one reader's fuzzing found."""

    tried: int = 0
    crashes: int = 0
    hangs: int = 0
    records: int = 0
    problems: int = 0
    bytes: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    saved: list[str] = field(default_factory=list)


def check(raw: Raw) -> tuple[int, int]:
    """The records and problems read from one input; AssertionError when one is neither a catalogued problem nor a sound record."""
    records = problems = 0
    for item in read(raw, "auto", OPTIONS):
        if isinstance(item, Problem):
            assert item.code in PIPELINE or item.code in CATALOG, item
            item.message.encode("utf-8")
            problems += 1
        else:
            assert {pointer for _, pointer, _ in record_problems(item)} <= {"/language"}, record_problems(item)
            dumps(item)
            records += 1
    return records, problems


def mutate(rng: random.Random, text: str, seeds: list[str]) -> str:
    """One to four random edits: a character changed, a fragment put in, a slice cut or repeated, another seed spliced."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        edit = rng.randrange(5)
        if edit == 0 and text:
            text = text[: min(at, len(text) - 1)] + chr(rng.choice([rng.randint(0, 127), rng.randint(128, 0x10FFFF)])) + text[at + 1 :]
        elif edit == 1:
            text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
        elif edit == 2:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif edit == 3:
            piece = text[at : at + rng.randint(1, 60)]
            text = text[:at] + piece * rng.choice([2, 10, 100, 1000]) + text[at:]
        else:
            other = rng.choice(seeds)
            text = text[:at] + other[rng.randint(0, len(other)) :]
    return text


def front_matter_inputs(rng: random.Random, count: int) -> Iterator[Raw]:
    """Text and Markdown articles with YAML or TOML front matter, generated from keys and values or mutated from real ones."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests" / "golden" / "convert-frontmatter" / "inputs").glob("*.md"))]
    for n in range(count):
        if n % 2:
            text = mutate(rng, rng.choice(seeds), seeds)
        else:
            lines = [f"{rng.choice(KEYS)}: {rng.choice(VALUES)}" for _ in range(rng.randint(0, 12))]
            if rng.random() < 0.05:
                lines.insert(0, BOMB.rstrip("\n"))
                lines.append(f"{rng.choice(['outlet', 'byline', 'published', 'rights'])}: *i")
            text = "---\n" + "\n".join(lines) + "\n---\n" + BODY
        yield Raw(f"in/{n}{rng.choice(['.md', '.txt'])}", text.encode("utf-8", "surrogatepass"))


def html_inputs(rng: random.Random, count: int) -> Iterator[Raw]:
    """Web pages: a news page mutated, or a soup of tags, text, scripts left open and metadata."""
    seeds = [HTML, *(path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests" / "golden" / "convert" / "inputs").glob("*.html")))]
    tags = ["p", "div", "article", "h1", "script", "style", "noscript", "svg", "template", "title", "meta", "time", "a", "table", "li"]
    for n in range(count):
        if n % 2:
            page = mutate(rng, rng.choice(seeds), seeds)
        else:
            parts = [
                rng.choice([f"<{rng.choice(tags)}>", f"</{rng.choice(tags)}>", "<p>" + BODY + "</p>", rng.choice(FRAGMENTS)]) for _ in range(rng.randint(0, 60))
            ]
            page = "<html><body>" + "".join(parts)
        yield Raw(f"in/{n}.html", page.encode("utf-8", "surrogatepass"))


def other_inputs(rng: random.Random, count: int, folder: Path) -> Iterator[Raw]:
    """Crawler JSON and JSON Lines of any shape, and plain text with a sidecar of any content."""
    names = ["maintext", "title", "date_publish", "authors", "url", "source_domain", "language", "outlet", "license", "rights"]
    values: list[object] = [BODY * 2, "2020-02-30", "http://[oops", "[oops", 2**63 - 1, -1.5, None, True, [], {}, ["a", ["b"]], "x" * 20_000, "en"]
    for n in range(count):
        obj = {rng.choice(names): rng.choice(values) for _ in range(rng.randint(0, 8))} | ({"maintext": BODY * 2} if rng.random() < 0.7 else {})
        data = orjson.dumps(obj)
        kind = n % 3
        if kind == 0:
            yield Raw(f"in/{n}.json", mutate(rng, data.decode(), [data.decode()]).encode("utf-8", "surrogatepass") if rng.random() < 0.3 else data)
        elif kind == 1:
            yield Raw(f"in/{n}.jsonl", b"\n".join([data, orjson.dumps(rng.choice(values)), data]))
        else:
            (folder / f"{n}.meta.json").write_bytes(
                data if rng.random() < 0.7 else mutate(rng, data.decode(), [data.decode()]).encode("utf-8", "surrogatepass")
            )
            yield Raw(str(folder / f"{n}.txt"), f"Headline\n\n{BODY}".encode())


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


def fuzz(name: str, inputs: Iterator[Raw], limit: float, out: Path) -> Tally:
    """Every input read under a time limit, the outcomes tallied."""
    tally = Tally()
    signal.signal(signal.SIGALRM, _alarm)
    for raw in inputs:
        tally.tried += 1
        tally.bytes += len(raw.data)
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            records, problems = check(raw)
            tally.records += records
            tally.problems += problems
        except Hang:
            tally.hangs += 1
            _save(tally, out, f"{name}-hang", raw)
        except Exception as error:  # noqa: BLE001  (what is counted here is any exception escaping a reader)
            tally.crashes += 1
            _save(tally, out, f"{name}-crash-{type(error).__name__}", raw)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        tally.seconds += elapsed
        tally.slowest = max(tally.slowest, elapsed)
    return tally


def _save(tally: Tally, out: Path, stem: str, raw: Raw) -> None:
    if len(tally.saved) < 20:
        path = out / f"{stem}-{tally.tried}{Path(raw.path).suffix}"
        path.write_bytes(raw.data)
        tally.saved.append(str(path))


def page(megabytes: float, scripts: float) -> str:
    """A news page of a size, `scripts` of it inline scripts before the article's paragraphs."""
    script = "<script>var x = '" + "a" * 1000 + "';</script>\n"
    paragraph = "<p>The council voted on Tuesday to repair the harbor bridge before winter, officials said on the quay.</p>\n"
    target = int(megabytes * 1_000_000)
    count = int(target * scripts) // len(script)
    return HTML.replace("<h1>", script * count + "<h1>").replace(
        "</article>", paragraph * max(0, (target - count * len(script)) // len(paragraph)) + "</article>"
    )


def whole_run(path: Path, out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak resident MB and the last line of `parallax convert --no-claims` on one file."""
    command = [str(Path(sys.executable).parent / "parallax"), "convert", str(path), "--out", str(out), "--no-claims"]
    peak_file = out.with_suffix(".peak")
    # A child keeps the peak memory of the process it was forked from: GNU time forks it from a small one.
    timer = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file)] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([*timer, *command], stdout=log, stderr=subprocess.STDOUT)
        _pid, _status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        log.seek(0)
        lines = [line for line in log.read().decode("utf-8", "replace").splitlines() if "[" in line or line.startswith("made")]
    peak = int(peak_file.read_text().split()[-1]) // 1024 if timer else usage.ru_maxrss // 1024
    return seconds, peak, (lines or [""])[0].rsplit(": ", 1)[-1].split(";")[0][:110]


def large_runs(folder: Path) -> list[tuple[str, float, float, int, str]]:
    """(input, MB, seconds, peak MB, outcome) of whole convert runs on large inputs, each in a fresh process."""
    cases = [("page of text", 1, 0.0), ("page of text", 2, 0.0), ("page of text", 4.9, 0.0), ("page of text", 20, 0.0), ("page, 90% scripts", 20, 0.9)]
    rows = []
    for label, megabytes, scripts in cases:
        path = folder / f"page-{megabytes}-{scripts}.html"
        path.write_text(page(megabytes, scripts), encoding="utf-8")
        seconds, peak, outcome = whole_run(path, folder / f"out-{path.stem}")
        rows.append((label, path.stat().st_size / 1e6, seconds, peak, outcome))
    front = folder / "keys.md"
    front.write_text("---\n" + "\n".join(f"k{i}: v" for i in range(250_000)) + "\n---\n" + BODY, encoding="utf-8")
    seconds, peak, outcome = whole_run(front, folder / "out-keys")
    rows.append(("2.5 MB of front-matter keys", front.stat().st_size / 1e6, seconds, peak, outcome))
    return rows


def main() -> None:
    """Run the fuzzers and the large inputs; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--front-matter", type=int, default=100_000, help="inputs with front matter to try")
    parser.add_argument("--html", type=int, default=100_000, help="HTML pages to try")
    parser.add_argument("--others", type=int, default=5_000, help="JSON, JSON Lines and sidecar inputs to try")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds an input may take before it counts as a hang")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-large", action="store_true", help="skip the whole runs on large pages")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/fuzz-convert"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    print(f"# {date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, seed {args.seed}")
    print("| reader | inputs | crashes | hangs | records | problems | MB read | seconds | s per MB | slowest s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        readers: list[tuple[str, Callable[[], Iterator[Raw]]]] = [
            ("front matter (text, Markdown)", lambda: front_matter_inputs(rng, args.front_matter)),
            ("HTML", lambda: html_inputs(rng, args.html)),
            ("JSON, JSON Lines, sidecars", lambda: other_inputs(rng, args.others, Path(folder))),
        ]
        for name, inputs in readers:
            t = fuzz(name.split()[0].lower(), inputs(), args.limit, args.out)
            mb = t.bytes / 1e6
            figures = [f"{t.tried:,}", t.crashes, t.hangs, f"{t.records:,}", f"{t.problems:,}", f"{mb:.1f}", f"{t.seconds:.0f}"]
            print(f"| {name} | {' | '.join(map(str, figures))} | {t.seconds / max(mb, 1e-9):.1f} | {t.slowest:.2f} |")
            for saved in t.saved:
                print(f"  saved {saved}")
        print(f"peak memory of the fuzzing process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
        if not args.no_large:
            print("\n| input | MB | seconds | peak MB | outcome |\n|---|---:|---:|---:|---|")
            for label, megabytes, seconds, peak, outcome in large_runs(Path(folder)):
                print(f"| {label} | {megabytes:.1f} | {seconds:.1f} | {peak} | {outcome} |")


if __name__ == "__main__":
    main()
