"""Releases of a Parallax dataset: Parquet per config with declared features, loadable with Hugging Face datasets."""

from toolkit.release.parquet import BuildError, build_parquet

__all__ = ["BuildError", "build_parquet"]
