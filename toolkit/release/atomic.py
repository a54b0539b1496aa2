"""Replace a release folder in one step: build beside it, sync, swap; a build stopped at any moment leaves the old one."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import ParallaxError
from toolkit.lock import LOCK_NAME, Waiting, locked


class BuildError(ParallaxError, ValueError):
    """Records that cannot be released as they are; the message says which record and why."""


def release_lock(out: Path) -> Path:
    """The lock file of a release folder: beside it, since the folder itself is swapped out."""
    return out.parent / f"{LOCK_NAME.removesuffix('.lock')}.{out.name}.lock"


@contextlib.contextmanager
def staged(out: Path, waiting: Waiting | None = None, many_files: bool = False) -> Iterator[Path]:
    """A temporary folder beside `out` to build into; on success it replaces `out` in one step, else it is removed.

    The lock of `out` (toolkit.lock) is held throughout, so a second build into `out` waits for the first; the staging
    folders builds that were killed left beside `out` are removed, never a live build's (its process id is in the name).
    With `many_files` the written files reach the disk by one flush of the file systems rather than one by one.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    with locked(release_lock(out), f"{out}/", waiting):
        _remove_stale(out)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.{os.getpid()}.", suffix=".building"))
        try:
            yield staging
            if many_files and hasattr(os, "sync"):
                os.sync()  # tens of thousands of small files (a report) cost seconds when synced one by one
            else:
                _fsync_tree(staging)
            os.chmod(staging, 0o777 & ~_umask())
            _swap_into_place(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _remove_stale(out: Path) -> None:
    """Remove the staging folders beside `out` whose build has ended (killed); a live process's are kept."""
    prefix = f".{out.name}."
    for stale in out.parent.glob(f"{prefix}*.building*"):
        owner = stale.name[len(prefix) :].split(".", 1)[0]
        if owner.isdigit() and _alive(int(owner)):
            continue
        shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether a process of that id runs (this one included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        renameat2 = ctypes.CDLL(name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap_into_place(staging: Path, out: Path) -> None:
    """Move the staging folder to `out`; an existing release is swapped out in one step where the system allows."""
    if not out.exists():
        os.rename(staging, out)
        return
    if not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    if _exchange(staging, out):
        return  # the previous release is now at `staging`, removed by the caller
    old = staging.with_name(staging.name + ".previous")
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
