"""Releases of a Parallax dataset: Parquet per config with declared features, loadable with Hugging Face datasets."""

from toolkit.release.atomic import BuildError
from toolkit.release.parquet import build_parquet

__all__ = ["BuildError", "build_parquet"]
