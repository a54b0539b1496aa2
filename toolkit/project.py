"""Dataset projects: a folder marked by `parallax.yaml`, found by walking up from the current folder as git does.

The project file holds what a release says about itself (name, description, license, citation, url, version); the
project's `data/` holds its records, `seeds/` its raw inputs and `cards/` the card template a maintainer may edit.
Nothing here depends on the current folder unless no folder is named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import ParallaxError
from toolkit.records import slugify

PROJECT_FILE = "parallax.yaml"
TEMPLATES = resources.files("toolkit") / "cards"
# the fields of the project file that a release states about itself, and the defaults of a project that states none
DEFAULT_INFO: dict[str, Any] = {
    "name": "parallax",
    "description": "Outlets, actors, articles, claims with evidence spans, events and comparisons in the Parallax record schema.",
    "license": "other",
    "cite_as": "@misc{parallax, title = {Parallax records}}",
}


class ProjectError(ParallaxError):
    """A project file that cannot be read, or a folder that cannot become a project."""


@dataclass(frozen=True)
class Project:
    """A dataset project: its root folder and what its project file says."""

    root: Path
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def file(self) -> Path:
        """The project file."""
        return self.root / PROJECT_FILE

    @property
    def data(self) -> Path:
        """The folder of the project's records."""
        return self.root / "data"

    @property
    def seeds(self) -> Path:
        """The folder of the project's raw inputs."""
        return self.root / "seeds"

    @property
    def cards(self) -> Path:
        """The folder of the project's card templates."""
        return self.root / "cards"

    @property
    def release(self) -> Path:
        """Where the project's release is built by default."""
        return self.root / "release"

    def release_info(self) -> dict[str, Any]:
        """What a release of the project says about itself, over the defaults."""
        return DEFAULT_INFO | self.info

    def card_template(self) -> Path | None:
        """The project's own card template, when it has one."""
        path = self.cards / "dataset_card.md"
        return path if path.is_file() else None


def read_info(path: Path) -> dict[str, Any]:
    """The mapping of a project file (or any YAML file of release information)."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ProjectError(f"cannot read {path}: {error.strerror or error}") from error
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ProjectError(f"{path} is not valid YAML: {str(error).splitlines()[0] if str(error) else type(error).__name__}") from error
    if not isinstance(loaded, dict):
        raise ProjectError(f"{path} is not a mapping of fields (name: ..., description: ...)")
    return {str(key): value for key, value in loaded.items()}


def load_project(root: Path) -> Project:
    """The project whose root is `root` (it must hold the project file)."""
    file = root / PROJECT_FILE
    if not file.is_file():
        raise ProjectError(f"{root} is not a Parallax project (no {PROJECT_FILE}); make one with: parallax init {root}")
    return Project(root.resolve(), read_info(file))


def find_project(start: Path | None = None) -> Project | None:
    """The project holding `start` (default: the current folder): the nearest folder at or above it with a project file."""
    here = (start or Path(os.getcwd())).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return load_project(folder)
    return None


def _project_file(name: str) -> str:
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "Dataset"
    return f"""# A Parallax dataset project. This file marks the project's root (every `parallax` command run in this folder or
# below it finds it) and says what a release of the dataset says about itself: its card and croissant.json.
name: {name}
pretty_name: {title}
version: 0.1.0
description: >-
  What this dataset holds and why: the outlets, the events and the period it covers.
# An SPDX id (CC-BY-4.0, CC0-1.0, ...) for the records you made; each article's own rights decide whether its text
# is released. `other` with a license_name when they differ.
license: other
license_name: mixed (each article states its rights; texts that may not be redistributed are released without text)
cite_as: >-
  @misc{{{name.replace("-", "_")}, title = {{{title}}}, note = {{Built with the Parallax toolkit}}}}
curators: the maintainers of {name}
# Where the release is published (a Hugging Face dataset repository, a web page), and whom to ask about it.
url: ""
contact: ""
more_information: ""
"""


PRE_COMMIT = """# Validates the records of data/ before every commit that changes a JSON Lines file (pip install pre-commit;
# pre-commit install). Pin `rev` to the toolkit release the dataset is made with.
repos:
  - repo: local
    hooks:
      - id: parallax-validate
        name: parallax validate
        language: system
        entry: parallax validate data
        files: \\.(jsonl|ndjson)$
        pass_filenames: false
"""

WORKFLOW = """# Validates every pull request with the Parallax validator; each problem becomes an annotation on the changed line.
name: validate

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # The light install: validating needs no converter, extractor or release builder.
      - run: python -m pip install parallax-toolkit
      # Exit status: 0 clean, 1 problems in the data, 2 unreadable input.
      - run: parallax validate --format github data
"""

GITIGNORE = "/release/\n.venv/\n.parallax*.lock\n"


def _readme(name: str) -> str:
    return f"""# {name}

A Parallax dataset project: records in `data/`, raw inputs in `seeds/`, what a release says about itself in
`parallax.yaml`, and the dataset card's template in `cards/`.

```sh
parallax convert seeds/ --out data     # articles (text, Markdown, HTML, crawler JSON) and the claims found in them
parallax validate                      # data/: schemas, ids, references, evidence spans
parallax align                         # events, alignments and comparisons, written into data/
parallax build                         # a release in release/, loadable with datasets.load_dataset
```
"""


def init_project(folder: Path, name: str | None = None) -> list[Path]:
    """Make `folder` a dataset project; return the files and folders made. Nothing that exists is overwritten."""
    if (folder / PROJECT_FILE).exists():
        raise ProjectError(f"{folder} is a Parallax project already ({PROJECT_FILE} exists)")
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder} exists and is not a folder")
    slug = slugify(name or folder.resolve().name) or "dataset"
    files = {
        PROJECT_FILE: _project_file(slug),
        "README.md": _readme(slug),
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/validate.yml": WORKFLOW,
        "cards/dataset_card.md": (TEMPLATES / "dataset_card.md").read_text(encoding="utf-8"),
    }
    made: list[Path] = []
    try:
        for sub in ("data", "seeds", "cards"):
            if not (folder / sub).is_dir():
                (folder / sub).mkdir(parents=True)
                made.append(folder / sub)
        for relative, text in files.items():
            path = folder / relative
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            made.append(path)
    except OSError as error:
        raise ProjectError(f"cannot make a project in {folder}: {error.strerror or error}") from error
    return made
