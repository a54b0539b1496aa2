"""docs/errors.md is the rendering of the problem catalog, and documents every code with a real example line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from maintainer.errordoc import PLACES, example_line, render_errors
from toolkit.problems import CATALOG

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "errors.md"
TEXT_LINE = re.compile(r"^[^\s:]+(:\d+(:\d+)?)?: (error|warning)\[(?P<code>[a-zA-Z.-]+)\]( /\S*)?: \S.*$")


def test_errors_doc_is_the_rendered_catalog() -> None:
    assert DOC.read_text(encoding="utf-8") == render_errors(), "regenerate: python -m maintainer.errordoc > docs/errors.md"


def test_module_prints_the_doc() -> None:
    result = subprocess.run([sys.executable, "-m", "maintainer.errordoc"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout == render_errors()


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_code_is_documented_with_its_severity_and_example(code: str) -> None:
    entry = CATALOG[code]
    doc = DOC.read_text(encoding="utf-8")
    assert f"| `{code}` | {entry.severity} |" in doc
    assert example_line(entry) in doc.splitlines()


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_example_is_a_text_format_line(code: str) -> None:
    line = example_line(CATALOG[code])
    match = TEXT_LINE.match(line)
    assert match and match["code"] == code, line


def test_every_code_has_an_example_place() -> None:
    assert sorted(set(CATALOG) ^ set(PLACES)) == []
