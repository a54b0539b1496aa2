"""Fuzz every importer with corrupted copies of small synthetic corpora, and feed each the hostile sizes of issue 17.

Usage: python benchmarks/bench_fuzz_importers.py [--inputs 1000] [--timeout 10] [--seed 0] [--only LAYOUT] [--no-sizes] [--tmp DIR]

The corrupted copies are those of tests/fuzzing_corpora.py (truncated files, other encodings, binary junk, JSON and TSV fields
of the wrong type or of a huge size, files missing or added), `--inputs` per seed layout. Each input is imported in a
forked child with a watchdog alarm of `--timeout` seconds: a child the alarm ends is a hang; an exception escaping
`run_import`, a problem code not in the catalog, a written record that does not validate, or a child that dies is a
crash. Prints one row per layout: inputs, crashes, hangs, input MB, seconds, milliseconds per input, seconds per MB, the largest
peak resident memory of a child (MB, the parent's pages it shares included) and how far it rose above the parent's. Then, unless --no-sizes, one row
per hostile size (a corpus file that is a symlink to /dev/zero, a tarball holding a 1 GiB member): seconds, peak MB
above the parent's, and the problem codes reported.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import signal
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzing_corpora import SEEDS, Files, import_problems, mutate, seed, write_files  # noqa: E402

from toolkit.importers import run_import  # noqa: E402
from toolkit.registry import OutletRegistry  # noqa: E402

MB = 2**20


def own_peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(work: Callable[[], list[str]], timeout: float, result: Path) -> tuple[str, list[str], float, float]:
    """Run `work` in a forked child under an alarm: ('ok' | 'crash' | 'hang', what it returned or why it crashed, wall seconds, peak MB)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: report through the result file, never return into the parent's code
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            result.write_text(json.dumps({"ok": work()}), encoding="utf-8")
        except BaseException:  # noqa: BLE001 - anything escaping is what is counted
            result.write_text(json.dumps({"crash": [traceback.format_exc(limit=3)]}), encoding="utf-8")
        os._exit(0)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return "hang", [], seconds, usage.ru_maxrss / 1024
    found = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {"crash": [f"child died: status {status}"]}
    result.unlink(missing_ok=True)
    ((outcome, told),) = found.items()
    return outcome, told, seconds, usage.ru_maxrss / 1024


def fuzz(layout: str, inputs: int, rng: random.Random, timeout: float, tmp: Path | None) -> dict[str, object]:
    """Import `inputs` corrupted copies of one seed layout; the row of figures, and the first findings."""
    importer, files = SEEDS[layout][0], seed(layout)
    counts = {"ok": 0, "crash": 0, "hang": 0}
    size, seconds, peak, findings = 0, 0.0, 0.0, []
    with tempfile.TemporaryDirectory(dir=tmp, prefix="fuzz-") as work:
        import_problems(importer, write_files(files, Path(work) / "seed" / "corpus"), Path(work) / "seed" / "out")  # warm: what loads lazily loads once, here
        base = own_peak_mb()
        for number in range(inputs):
            copy: Files = mutate(files, rng)
            size += sum(len(data) for data in copy.values())
            folder = Path(work) / str(number)
            source = write_files(copy, folder / "corpus")
            outcome, found, took, child_peak = in_child(partial(import_problems, importer, source, folder / "out"), timeout, Path(work) / "result.json")
            outcome = "crash" if outcome == "ok" and found else outcome  # an uncatalogued code or an invalid record written
            counts[outcome] += 1
            seconds, peak = seconds + took, max(peak, child_peak)
            if outcome != "ok" and len(findings) < 5:
                findings.append(f"{outcome}: {'; '.join(found)[:300]}")
            shutil.rmtree(folder)
    figures = {"inputs": inputs, "mb": size / MB, "seconds": seconds, "peak": peak, "peak_over_parent": max(peak - base, 0.0)}
    return {"layout": layout, **counts, **figures, "findings": findings}


def _zeros(size: int) -> io.RawIOBase:
    """A stream of `size` zero bytes, without holding them."""

    class Zeros(io.RawIOBase):
        left = size

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            count = min(len(buffer), self.left)
            buffer[:count] = bytes(count)
            self.left -= count
            return count

    return Zeros()


def hostile_sizes(tmp: Path | None, timeout: float) -> list[tuple[str, str, float, float, float, list[str]]]:
    """Each importer with one corpus file a symlink to /dev/zero, and Article-Bias-Prediction with a 1 GiB tarball member."""
    rows = []
    with tempfile.TemporaryDirectory(dir=tmp, prefix="fuzz-sizes-") as work:
        for layout, (importer, _) in SEEDS.items():
            files = seed(layout)
            victim = max(sorted(files), key=lambda name: len(files[name]))
            source = write_files({k: v for k, v in files.items() if k != victim}, Path(work) / layout / "corpus")
            (source / victim).parent.mkdir(parents=True, exist_ok=True)
            (source / victim).symlink_to("/dev/zero")
            rows.append(_hostile(f"{layout}: {victim} -> /dev/zero", importer, source, Path(work) / layout, timeout))
        source = Path(work) / "big" / "corpus"
        source.mkdir(parents=True)
        with tarfile.open(source / "jsons_all.tar.gz", "w:gz", compresslevel=1) as archive:
            info = tarfile.TarInfo("data/jsons/1.json")
            info.size = 2**30
            archive.addfile(info, _zeros(info.size))
        packed = (source / "jsons_all.tar.gz").stat().st_size / MB
        rows.append(_hostile(f"article-bias-prediction: {packed:.1f} MB tarball, 1 GiB member", "article-bias-prediction", source, Path(work) / "big", timeout))
    return rows


def _hostile(name: str, importer: str, source: Path, folder: Path, timeout: float) -> tuple[str, str, float, float, float, list[str]]:
    def work() -> list[str]:
        summary = run_import(importer, source, folder / "out", OutletRegistry())
        return sorted({p.code for p in summary.problems if p.code.startswith("import.")})

    base = own_peak_mb()
    outcome, found, seconds, peak = in_child(work, timeout, folder / "result.json")
    return name, outcome, seconds, peak, max(peak - base, 0.0), found


def main() -> None:
    """Fuzz, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=1000, help="corrupted copies per seed layout")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds an input may take before it counts as a hang")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=sorted(SEEDS), action="append", help="fuzz only these layouts")
    parser.add_argument("--no-sizes", action="store_true", help="leave out the hostile sizes")
    parser.add_argument("--tmp", type=Path, default=None, help="where the copies are written (default: the system's)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, seed {args.seed}")
    print(f"{'layout':<34} {'inputs':>7} {'crashes':>7} {'hangs':>5} {'MB in':>7} {'seconds':>8} {'ms/input':>8} {'s/MB':>6} {'peak MB':>7} {'peak+MB':>7}")
    findings = []
    for layout in args.only or sorted(SEEDS):
        row = fuzz(layout, args.inputs, rng, args.timeout, args.tmp)
        mb, seconds = float(row["mb"]), float(row["seconds"])  # type: ignore[arg-type]
        print(
            f"{layout:<34} {row['inputs']:>7} {row['crash']:>7} {row['hang']:>5} {mb:>7.1f} {seconds:>8.1f} "
            f"{1000 * seconds / int(row['inputs']):>8.1f} {seconds / mb:>6.1f} {float(row['peak']):>7.0f} {float(row['peak_over_parent']):>7.1f}",  # type: ignore[arg-type]
            flush=True,
        )
        findings += [f"{layout}: {finding}" for finding in row["findings"]]  # type: ignore[attr-defined]
    for finding in findings:
        print(f"  {finding}")
    if not args.no_sizes:
        print(f"{'hostile size':<64} {'outcome':>7} {'seconds':>8} {'peak MB':>7} {'peak+MB':>7} codes")
        for name, outcome, seconds, peak, growth, codes in hostile_sizes(args.tmp, max(args.timeout, 120.0)):
            print(f"{name:<64} {outcome:>7} {seconds:>8.1f} {peak:>7.0f} {growth:>7.1f} {' '.join(codes)}", flush=True)


if __name__ == "__main__":
    main()
