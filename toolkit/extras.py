"""The light core and the `full` extra: which commands need the extra, and what to install when it is missing.

The core (validate, score, import, init, actors) needs no more than pyproject.toml's `dependencies`, so that a dataset
repository's CI installs in seconds; the other commands stop with the install line instead of a traceback.
"""

from __future__ import annotations

from importlib.util import find_spec

from toolkit.errors import ParallaxError

EXTRA = "full"
INSTALL = f"pip install 'parallax-toolkit[{EXTRA}]'"

# The commands the core runs; every other one is in NEEDS.
CORE_COMMANDS = ("validate", "score", "import", "init", "actors")
# The modules past the core that each command imports (top-level names, as `import` spells them).
_PARSING = ("spacy", "pycrfsuite", "numpy", "onnxruntime", "tokenizers")
_GROUPING = ("numpy", "scipy", "model2vec")
_RELEASING = ("pyarrow", "datasets")
NEEDS: dict[str, tuple[str, ...]] = {
    "convert": ("trafilatura", "lxml_html_clean", "charset_normalizer", *_PARSING),
    "extract": _PARSING,
    "align": _GROUPING,
    "build": ("polars", *_RELEASING, *_GROUPING),  # polars: the card's comparison tables (toolkit.tables)
    "hydrate": _RELEASING,
    "publish": (*_RELEASING, "huggingface_hub"),
    "tables": ("polars", *_RELEASING),
    "report": ("polars", *_RELEASING),
    "run": ("datatrove", "trafilatura", "warcio", *_PARSING, *_GROUPING),
}

# Commands of an extra past `full` (which each includes).
OTHER_EXTRAS = {"run": "scale"}


class ExtraMissing(ParallaxError):
    """A command needs modules of the `full` extra that are not installed."""


def require(command: str) -> None:
    """Raise ExtraMissing, with what to install, when a command's modules are not all installed."""
    missing = [name for name in NEEDS.get(command, ()) if not installed(name)]
    if missing:
        extra = OTHER_EXTRAS.get(command, EXTRA)
        raise ExtraMissing(f"parallax {command} needs the '{extra}' extra (missing: {', '.join(missing)}): pip install 'parallax-toolkit[{extra}]'")


def installed(module: str) -> bool:
    """Whether a top-level module can be imported, found without importing it."""
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False
