"""The stages import only downward: each package of the pipeline reads the ones below it, toolkit.flows chains
them for the commands, and only toolkit.cli speaks to the terminal."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"
# what each stage must not import: the stages beside and above it
FORBIDDEN = {
    "validate": ("store", "convert", "importers", "extract", "pipeline", "align", "release", "flows", "cli"),
    "convert": ("importers", "extract", "pipeline", "align", "release", "flows", "cli"),
    "importers": ("convert", "extract", "pipeline", "align", "release", "flows", "cli"),
    "extract": ("convert", "importers", "align", "release", "flows", "cli"),
    "language": ("validate", "store", "convert", "importers", "extract", "pipeline", "align", "release", "flows", "cli"),
    "align": ("convert", "importers", "extract", "pipeline", "release", "flows", "cli"),
    "release": ("convert", "importers", "extract", "pipeline", "align", "flows", "cli"),
    "flows": ("cli",),
}


def imports(path: Path) -> set[str]:
    """The toolkit modules a file imports, at any depth of its code, as their first name under toolkit."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "toolkit" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] == "click":
                found.add("click")
    return found


def stage(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_below_its_stage(path: Path) -> None:
    own = stage(path)
    wrong = imports(path) & set(FORBIDDEN.get(own, ()))
    assert not wrong, f"{own} imports {sorted(wrong)}"
    if own != "cli":
        assert "click" not in imports(path), "only toolkit.cli speaks to the terminal"
