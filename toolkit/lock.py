"""One writer at a time per folder: an exclusive lock, held from reading what a folder holds until its last file is replaced.

A POSIX record lock (`fcntl.lockf`) on a dot-file: the system releases it when its process ends, killed or not, and
a worker process forked by the writer does not inherit it (so a worker left behind cannot keep a folder locked). A
second writer waits for the first, saying so, and gives up after `PARALLAX_LOCK_TIMEOUT` seconds (default 600)
with `FolderBusy`. Nested locks of one folder in one process are one lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from toolkit.errors import ParallaxError

LOCK_NAME = ".parallax.lock"
TIMEOUT_VARIABLE = "PARALLAX_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0
_POLL = 0.05
_held: dict[str, list[int]] = {}  # lock file -> [descriptor, depth], for the locks this process holds

# What a writer says once while it waits for another: the message.
Waiting = Callable[[str], None]


class FolderBusy(ParallaxError):
    """Another parallax run held a folder's lock for longer than this one would wait (`write.busy`)."""


def folder_lock(folder: Path) -> Path:
    """The lock file of a data folder a command writes into."""
    return folder / LOCK_NAME


def timeout() -> float:
    """How long a writer waits for another, in seconds: PARALLAX_LOCK_TIMEOUT, else 600."""
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def locked(path: Path, what: str, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the lock file `path` (made with its folder when missing) for writing `what`; wait for another holder."""
    key = str(path.absolute())
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        _acquire(descriptor, what, waiting)
        _held[key] = [descriptor, 1]
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(descriptor: int, what: str, waiting: Waiting | None) -> None:
    """Take the lock, polling while another process holds it; FolderBusy after the timeout."""
    deadline, said = time.monotonic() + timeout(), False
    while True:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(descriptor)
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"write.busy: {what} is being written by another parallax run ({holder}); waited {timeout():g} s (set {TIMEOUT_VARIABLE} to wait longer)"
                ) from None
            if waiting is not None and not said:
                waiting(f"waiting for another parallax run ({holder}) writing {what}")
                said = True
            time.sleep(_POLL)
            continue
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        return


def _holder(descriptor: int) -> str:
    """Who holds the lock, as its file says (the process id the holder wrote)."""
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"process {text}" if text.isdigit() else "a process"
