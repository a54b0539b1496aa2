"""Every exception the toolkit defines derives from ParallaxError, so that a caller catches them all with one clause."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import toolkit
from toolkit.errors import ParallaxError


def modules() -> list[ModuleType]:
    """Every module of the toolkit package, imported (not `__main__`, which runs the command)."""
    names = [info.name for info in pkgutil.walk_packages(toolkit.__path__, "toolkit.") if not info.name.endswith("__main__")]
    return [toolkit, *(importlib.import_module(name) for name in names)]


def test_every_toolkit_exception_derives_from_parallax_error() -> None:
    defined = {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for module in modules()
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and issubclass(cls, BaseException)
    }
    assert len(defined) >= 11 and "toolkit.release.build.ReleaseRefused" in defined
    assert [name for name, cls in sorted(defined.items()) if not issubclass(cls, ParallaxError)] == []


def test_the_exceptions_keep_the_bases_callers_catch() -> None:
    from toolkit.release.atomic import BuildError
    from toolkit.release.build import ReleaseRefused
    from toolkit.score_alignments import GoldError

    assert issubclass(ReleaseRefused, BuildError) and issubclass(BuildError, ValueError) and issubclass(GoldError, ValueError)
