"""The base of the toolkit's own exceptions: what stops a command, as opposed to a problem found in the data."""

from __future__ import annotations


class ParallaxError(Exception):
    """An error of the toolkit's own that stops the work at hand, with a message for the user."""
