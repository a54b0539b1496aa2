"""The installed command run as a user runs it, in a project outside the checkout, and the records it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(sys.executable).with_name("parallax")


def parallax(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would, from `cwd`; no traceback may reach the user."""
    done = subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=dict(os.environ))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def records(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file, or of every such file under a folder."""
    paths = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def aligned_project(where: Path, name: str, inputs: list[Path], extractor: str | None = None) -> Path:
    """A project `name` made under `where` with `parallax init`, the inputs converted into its data/ (with another
    extractor than the default when named) and aligned."""
    assert parallax("init", name, cwd=where).returncode == 0
    root = where / name
    chosen = ["--extractor", extractor] if extractor else []
    converted = parallax("convert", *sorted(str(p) for p in inputs), "--out", "data", *chosen, cwd=root)
    assert converted.returncode == 0, converted.stdout + converted.stderr
    aligned = parallax("align", "data", cwd=root)
    assert aligned.returncode == 0, aligned.stdout + aligned.stderr
    return root
