"""The base of the toolkit's own exceptions, so that a caller can catch every one of them at once."""

from __future__ import annotations


class ParallaxError(Exception):
    """Work the toolkit cannot go on with; each subclass says why."""
