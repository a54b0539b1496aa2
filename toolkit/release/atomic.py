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


class BuildError(ParallaxError, ValueError):
    """Records that cannot be released as they are; the message says which record and why."""


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` to build into; on success it replaces `out` in one step, else it is removed."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.*.building*"):  # left by a build that was killed
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".building"))
    try:
        yield staging
        _fsync_tree(staging)
        os.chmod(staging, 0o777 & ~_umask())
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
