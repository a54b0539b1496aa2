"""Source names in AllSides spelling (as PAC and NeuS give them): the outlet, section or writer each one names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.records import slugify
from toolkit.registry import name_key

# AllSides rates some sections of an outlet apart; the section is a genre, the outlet the same.
_SECTION = re.compile(r"\s*\((Online News|Web News|News|Online|Opinion)\)$")
# AllSides' entries for unnamed or several writers, rated by leaning.
_PLACEHOLDER = re.compile(r"^(Guest Writer|Multiple Writers) - ")
# AllSides rates these writers as sources of their own; they name a person, not an outlet.
AUTHORS = frozenset(
    {
        "Ana Marie Cox",
        "Andrew C. McCarthy",
        "Dan McLaughlin",
        "David Harsanyi",
        "Donald Trump",
        "Ed Kilgore",
        "Ezra Klein",
        "Grover Norquist",
        "Heather Thompson Day",
        "James Downie",
        "Jennifer Rubin",
        "Jill Lawrence",
        "Jim Geraghty",
        "John Podhoretz",
        "Jonathan Bernstein",
        "Jonathan Turley",
        "Judson Berger",
        "Julian Zelizer",
        "Katrina vanden Heuvel",
        "Kevin McLaughlin",
        "Kyle Smith",
        "Marc Schulman",
        "Matt Lewis",
        "Michael Brendan Dougherty",
        "Nicholas Kristof",
        "Paul Krugman",
        "Rich Lowry",
        "Ross Douthat",
        "Ryan Bomberger",
        "Tucker Carlson",
        "Zack Beauchamp",
    }
)
# The outlet an AllSides entry that names no outlet stands for.
_STANDS_FOR = {"AllSides Staff": "AllSides"}


@dataclass(frozen=True)
class Entry:
    """One AllSides source name: the outlet it names (None for a writer), the byline it gives, the genre its section implies."""

    given: str
    outlet: str | None
    byline: tuple[str, ...] = ()
    genre: str | None = None

    @property
    def key(self) -> str:
        """How outlet names of one outlet are told to be the same ('The Washington Post', 'Washington Post')."""
        return slugify(name_key(self.outlet or ""))


def entry(given: str) -> Entry:
    """What an AllSides source name names."""
    if given in AUTHORS:
        return Entry(given, None, (given,), "opinion")
    if _PLACEHOLDER.match(given):
        return Entry(given, None, (), "opinion")
    if given in _STANDS_FOR:
        return Entry(given, _STANDS_FOR[given])
    section = _SECTION.search(given)
    if section:
        return Entry(given, given[: section.start()], (), "opinion" if section.group(1) == "Opinion" else "reporting")
    return Entry(given, given)
