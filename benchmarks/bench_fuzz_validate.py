"""Fuzz `toolkit.validate.validate` with at least 100,000 mutated record lines; count crashes, hangs and the codes seen.

Usage: python benchmarks/bench_fuzz_validate.py [--inputs 100000] [--batch 500] [--singles 2000] [--seed 17] [--out benchmarks/out/fuzz]
Each input is one record line of data/ or of the golden validate cases after one to three mutations (tests/fuzzing_records.py:
byte flips, truncations, inserted bytes, type swaps, huge numbers, deep nesting, lone surrogates, repeated keys,
float offsets, dropped and added keys). Most inputs are validated many to a file (--batch lines), the rest one per
file (--singles), each file in-process under a watchdog of --timeout seconds per input; a file that overruns is run
again one input at a time, so each hang is counted once. Every file is validated beside a valid folder (the golden
valid dataset and data/ without its registry) so that mutated claims meet the articles they point to. A crash is an exception out of validate, or a report that
breaks the rules every run keeps (uncatalogued code, wrong exit code, a reporter that fails); each is saved to --out.
Last, one file of --big-mb of mutated lines measures time and memory per MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import signal
import sys
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fuzzing_records import check_report, fuzz_folder, mutate, seed_lines  # noqa: E402

from toolkit.validate import validate  # noqa: E402


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so that no handler of the validator swallows it."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


class Tally:
    """What the run found."""

    def __init__(self, out: Path, context: Path) -> None:
        self.out = out
        self.context = context  # valid records the inputs may point to, validated with each file
        self.inputs = 0
        self.bytes = 0
        self.files = 0
        self.crashes = 0
        self.hangs = 0
        self.codes: Counter[str] = Counter()
        self.mutations: Counter[str] = Counter()

    def save(self, kind: str, lines: list[bytes], detail: str) -> None:
        """Keep a failing input and what went wrong, to replay it."""
        number = self.crashes + self.hangs
        (self.out / f"{kind}-{number:04d}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
        (self.out / f"{kind}-{number:04d}.txt").write_text(detail)


def run_file(path: Path, lines: list[bytes], seconds: float, tally: Tally) -> bool:
    """Validate one file of inputs under the watchdog; False when it overran."""
    path.write_bytes(b"\n".join(lines) + b"\n")
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        report = validate([str(tally.context), str(path)], jobs=1)
        check_report(report)
    except Hang:
        return False
    except Exception:  # noqa: BLE001 - counting every crash is the point
        tally.crashes += 1
        tally.save("crash", lines, traceback.format_exc())
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    tally.files += 1
    tally.codes.update(p.code for p in report.problems)
    return True


def run_inputs(path: Path, lines: list[bytes], timeout: float, tally: Tally) -> None:
    """Validate inputs as one file; when it overruns, one at a time, counting each input that overruns alone."""
    if run_file(path, lines, timeout * len(lines), tally):
        return
    for line in lines:
        if not run_file(path, [line], timeout, tally):
            tally.hangs += 1
            tally.save("hang", [line], f"over {timeout} s alone")


def inputs(seeds: list[bytes], count: int, rng: random.Random, tally: Tally) -> list[bytes]:
    """Count mutated lines, each from a random seed line."""
    made = []
    for _ in range(count):
        line, names = mutate(rng.choice(seeds), rng, rounds=rng.randint(1, 3))
        tally.mutations.update(names)
        made.append(line.replace(b"\n", b" "))  # one input, one line (an inserted line end would make two)
    tally.inputs += count
    tally.bytes += sum(len(line) + 1 for line in made)
    return made


def big_file(path: Path, seeds: list[bytes], megabytes: int, rng: random.Random) -> tuple[float, float, float, int]:
    """Seconds, MB of input and peak resident MB before and after validating one file of mutated lines."""
    with open(path, "wb") as handle:
        while handle.tell() < megabytes * 1_000_000:
            handle.write(mutate(rng.choice(seeds), rng, rounds=rng.randint(1, 3))[0].replace(b"\n", b" ") + b"\n")
    size = path.stat().st_size / 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    report = validate([str(path)], jobs=1)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    check_report(report)
    path.unlink()
    return seconds, size, after - before, len(report.problems)


def main() -> None:
    """Mutate, validate, tally, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="inputs per batched file")
    parser.add_argument("--singles", type=int, default=2_000, help="inputs validated one per file")
    parser.add_argument("--timeout", type=float, default=10.0, help="watchdog seconds per input")
    parser.add_argument("--big-mb", type=int, default=20, help="size of the one large file (0: skip)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "fuzz")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _alarm)
    context = args.out / "context"
    shutil.rmtree(context, ignore_errors=True)
    rng, seeds, tally = random.Random(args.seed), seed_lines(), Tally(args.out, fuzz_folder(context))
    path = args.out / "input.jsonl"
    if args.big_mb:  # first, while the peak resident size is still that of start-up
        big, size, grown, found = big_file(args.out / "big.jsonl", seeds, args.big_mb, rng)
    start = time.perf_counter()
    for line in inputs(seeds, args.singles, rng, tally):
        run_inputs(path, [line], args.timeout, tally)
    remaining = args.inputs - args.singles
    while remaining > 0:
        count = min(args.batch, remaining)
        run_inputs(path, inputs(seeds, count, rng, tally), args.timeout, tally)
        remaining -= count
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# {date.today()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, seed {args.seed}")
    print(f"inputs {tally.inputs} ({args.singles} one per file, the rest {args.batch} per file) from {len(seeds)} seed lines, {tally.bytes / 1e6:.1f} MB")
    print(f"crashes {tally.crashes}, hangs {tally.hangs} (watchdog {args.timeout:g} s per input), files {tally.files}")
    print(f"seconds {seconds:.1f}, {seconds / (tally.bytes / 1e6):.2f} s/MB, {tally.inputs / seconds:.0f} inputs/s, peak resident {peak:.0f} MB")
    print(f"mutations: {', '.join(f'{name} {n}' for name, n in sorted(tally.mutations.items()))}")
    print(f"distinct codes {len(tally.codes)}: {', '.join(f'{code} {n}' for code, n in sorted(tally.codes.items()))}")
    if args.big_mb:
        print(f"one file of {size:.1f} MB: {big:.1f} s ({big / size:.2f} s/MB), peak resident +{grown:.0f} MB ({grown / size:.1f} MB/MB), {found} problems")


if __name__ == "__main__":
    main()
