"""Parallax: build source-bias and claim-comparison datasets from news."""

__version__ = "0.1.0"
