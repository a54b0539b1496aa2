"""Corrupted copies of small synthetic corpora, one layout per importer, for the fuzz tests and benchmarks/bench_fuzz_importers.py.

Each seed is a folder written by the importer tests' own helpers (fictional outlets and people, no corpus text),
held as {relative path: bytes}. `mutate` corrupts one or more of its files the way careless or hostile copies do:
truncated, re-encoded, binary junk, a JSON or TSV field of the wrong type or of a huge size, a file missing.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_import_allsides_neus import excerpt
from test_import_allsides_ratings import fixture as ratings_fixture
from test_import_allsides_ratings import row as ratings_row
from test_import_article_bias_prediction import SYNTHETIC as ABP_ARTICLES
from test_import_article_bias_prediction import write_corpus as abp_corpus
from test_import_basil import write_triplets
from test_import_narrative_frames import table as frames_table
from test_import_news_media_reliability import fixture as reliability_fixture
from test_import_pac import corpus as pac_corpus
from test_import_pac import story
from test_import_polnear import write_corpus as polnear_corpus

from toolkit.importers import run_import
from toolkit.problems import CATALOG, PIPELINE
from toolkit.registry import OutletRegistry
from toolkit.validate import validate

Files = dict[str, bytes]


def _neus(root: Path) -> None:
    news = {
        "left": excerpt("lean left", "Harbor Gazette (Online News)", "https://www.harbor-gazette.example/a"),
        "right": excerpt("right", "Northfield Courier", "https://northfield-courier.example/b", "OPINION"),
    }
    good = {"id": 9001, "issue": "Port Halden Closes Bridge", "topic": "Infrastructure", "date": "2021-05-03T09:00:00-07:00", "news": news}
    good["roundup"] = ["Port Halden will close the Old Harbor Bridge.", "Coverage was balanced."]
    crawl = root / "data" / "raw_crawled" / "headline_1_2021-05-04_crawled_all.jsonl"
    crawl.parent.mkdir(parents=True)
    other = {"center": excerpt("center", "Port Halden Post", "https://port-halden-post.example/c")}
    crawl.write_text(json.dumps(good) + "\n" + json.dumps(good | {"id": 9002, "issue": "Ferry Vote", "news": other}) + "\n", encoding="utf-8")


def _ratings(root: Path) -> None:
    ratings_fixture(root, ratings_row("Harbor Gazette", "left") + ratings_row("Northfield Courier", "right") + ratings_row("Ada Moreno", "center", "Author"))


def _abp(root: Path) -> None:
    abp_corpus(root, list(ABP_ARTICLES[:4]))


def _abp_folder(root: Path) -> None:
    abp_corpus(root, list(ABP_ARTICLES[:4]), tarball=False)


def _frames(root: Path) -> None:
    body = "Harbor Bridge Closes for Good Mayor Tomas Reyes said the Old Harbor Bridge will close."
    rows = [["1", "harborgazette", "left_bias", "2018-05-01", body, "True", "False", "True", "False", "False"]]
    rows.append(["2", "northfieldcourier", "right_bias", "2018-05-02", body + " Again.", "False", "False", "False", "False", "True"])
    (root / "data").mkdir(parents=True)
    (root / "data" / "articles_metadata.tsv").write_text(frames_table(rows), encoding="utf-8")
    answers = {"1": {"_ID": "harborgazette--2018-05-01--Harbor Bridge Closes for Good", "_opinion": "True"}}
    (root / "data" / "full_annotations.json").write_text(json.dumps(answers), encoding="utf-8")
    roles = io.StringIO()
    csv.writer(roles, delimiter="\t", lineterminator="\n").writerows([["ID", "entity", "group", "role"], ["1", "Tomas Reyes", "", "hero"]])
    (root / "data" / "role_and_frame_annoations.tsv").write_text(roles.getvalue(), encoding="utf-8")


def _reliability(root: Path) -> None:
    rows = "https://harbor-gazette.example\tharbor-gazette.example\thttp://mbfc.example/hg/\thigh\tcenter\n"
    rows += "https://northfield-courier.example\tnorthfield-courier.example\thttp://mbfc.example/nc/\tlow\tright\n"
    reliability_fixture(root, {"emnlp18": rows, "acl2020": rows})


def _pac(root: Path) -> None:
    documents = [story(1, 1, "Harbor Gazette", "Left"), story(1, 2, "Northfield Courier", "Right")]
    pac_corpus(root, {f"{d['id']}.json": json.dumps(d) for d in documents})


#: How each importer's seed folder is written: the importer's name, and a writer of a small synthetic copy.
SEEDS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "allsides-neus": ("allsides-neus", _neus),
    "allsides-ratings": ("allsides-ratings", _ratings),
    "article-bias-prediction": ("article-bias-prediction", _abp),
    "article-bias-prediction (folder)": ("article-bias-prediction", _abp_folder),
    "basil": ("basil", write_triplets),
    "narrative-frames": ("narrative-frames", _frames),
    "news-media-reliability": ("news-media-reliability", _reliability),
    "pac": ("pac", _pac),
    "polnear": ("polnear", polnear_corpus),
}


def files_of(folder: Path) -> Files:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def seed(name: str) -> Files:
    """The files of one seed layout."""
    with tempfile.TemporaryDirectory(prefix="fuzz-seed-") as work:
        SEEDS[name][1](Path(work))
        return files_of(Path(work))


def write_files(files: Files, folder: Path) -> Path:
    """Lay the files out under a folder."""
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _junk(rng: random.Random, size: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(size))


def _odd_value(rng: random.Random) -> Any:
    """A JSON value of a type a field may not expect, or of an unreasonable size."""
    return rng.choice(
        [
            None,
            0,
            -1,
            2**70,
            1.5e308,
            True,
            "",
            " ",
            [],
            {},
            [[["deep"]]],
            "x" * rng.choice([1000, 100_000]),
            "\u202e\u0000\ufeff\ud7ff",
            "2020-02-30",
            "http://[oops",
            {"a": [1, {"b": None}]},
            "Evil</script><script>",
        ]
    )


def _mutate_json(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """The JSON value with one field, somewhere inside it, replaced, removed, or given an odd value."""
    if isinstance(value, dict) and value and depth < 6:
        key = rng.choice(sorted(value))
        action = rng.random()
        if action < 0.2:
            return {k: v for k, v in value.items() if k != key}
        if action < 0.6:
            return value | {key: _odd_value(rng)}
        return value | {key: _mutate_json(value[key], rng, depth + 1)}
    if isinstance(value, list) and value and depth < 6:
        index = rng.randrange(len(value))
        changed = list(value)
        changed[index] = _mutate_json(value[index], rng, depth + 1) if rng.random() < 0.6 else _odd_value(rng)
        return changed
    return _odd_value(rng)


def _json_lines(data: bytes, rng: random.Random) -> bytes | None:
    """A JSON or JSON Lines file with one of its records changed, or None when it does not parse."""
    lines = data.splitlines()
    try:
        parsed = [json.loads(line) for line in lines if line.strip()]
    except (ValueError, UnicodeDecodeError):
        return None
    if not parsed:
        return None
    index = rng.randrange(len(parsed))
    parsed[index] = _mutate_json(parsed[index], rng)
    return b"\n".join(json.dumps(item, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass") for item in parsed) + b"\n"


def _table_cells(data: bytes, rng: random.Random) -> bytes:
    """A TSV or CSV file with one cell replaced, a row cut short or given extra cells."""
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    separator = b"\t" if b"\t" in data else b","
    cells = lines[index].split(separator)
    action = rng.random()
    if action < 0.5:
        cells[rng.randrange(len(cells))] = rng.choice([b"", b'"', b"NA", b"\t\t", b"x" * 200_000, "caf\u00e9".encode("latin-1"), b"-1", b"1e999"])
    elif action < 0.75:
        cells = cells[: rng.randrange(len(cells) + 1)]
    else:
        cells += [b"extra"] * rng.randint(1, 5)
    lines[index] = separator.join(cells)
    return b"\n".join(lines)


def _tarball(data: bytes, rng: random.Random) -> bytes:
    """A gzipped tarball with one member mutated (or, one time in four, the compressed bytes themselves)."""
    if rng.random() < 0.25:
        return _bytes(data, rng)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            members = [(m, archive.extractfile(m).read() if m.isfile() else None) for m in archive.getmembers()]  # type: ignore[union-attr]
    except (tarfile.TarError, OSError, EOFError):
        return _bytes(data, rng)
    files = [i for i, (_, content) in enumerate(members) if content is not None]
    if files:
        index = rng.choice(files)
        content = members[index][1] or b""
        members[index] = (members[index][0], _json_lines(content, rng) or _bytes(content, rng) if rng.random() < 0.7 else _bytes(content, rng))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for member, content in members:
            if content is not None:
                member.size = len(content)
            archive.addfile(member, None if content is None else io.BytesIO(content))
    return buffer.getvalue()


def _bytes(data: bytes, rng: random.Random) -> bytes:
    """The bytes corrupted blindly: truncated, re-encoded, overwritten or followed by junk, or emptied."""
    action = rng.randrange(7)
    if action == 0:
        return data[: rng.randrange(len(data) + 1)]
    if action == 1:
        return data.decode("utf-8", "replace").encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252"]), "replace")
    if action == 2 and data:
        start = rng.randrange(len(data))
        return data[:start] + _junk(rng, rng.randint(1, 64)) + data[start + 1 :]
    if action == 3:
        return data + _junk(rng, rng.randint(1, 4096))
    if action == 4:
        return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    if action == 5:
        return b"\x00" * rng.randint(0, 64)
    return _junk(rng, rng.randint(0, 2048))


def _corrupt(name: str, data: bytes, rng: random.Random) -> bytes:
    """One file corrupted with a mutation that suits its kind."""
    if name.endswith(".tar.gz"):
        return _tarball(data, rng)
    if name.endswith((".json", ".jsonl")) and rng.random() < 0.7:
        return _json_lines(data, rng) or _bytes(data, rng)
    if name.endswith((".tsv", ".csv", ".ann")) and rng.random() < 0.7:
        return _table_cells(data, rng)
    return _bytes(data, rng)


def mutate(files: Files, rng: random.Random) -> Files:
    """A corrupted copy of a seed: one to three of its files corrupted, removed, or joined by a stray file."""
    changed = dict(files)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        name = rng.choice(sorted(changed)) if changed else "stray.json"
        action = rng.random()
        if action < 0.08:
            changed.pop(name, None)
        elif action < 0.12:
            changed[str(Path(name).with_name("stray" + Path(name).suffix))] = _junk(rng, rng.randint(0, 512))
        else:
            changed[name] = _corrupt(name, changed.get(name, b""), rng)
    return changed


def import_problems(importer: str, source: Path, out: Path) -> list[str]:
    """What is wrong with importing a folder: an exception escaping, a code not in the catalog, a record written that does not validate."""
    try:
        summary = run_import(importer, source, out, OutletRegistry())
    except Exception as error:  # noqa: BLE001 - the point is that none escapes
        return [f"exception {type(error).__name__}: {error}"]
    found = [f"uncatalogued code {p.code}" for p in summary.problems if p.code not in CATALOG and p.code not in PIPELINE]
    if out.exists():
        found += [f"written record fails: {p.code} {p.file}:{p.line} {p.message}" for p in validate([str(out)], jobs=1).problems if p.severity == "error"]
    return found
