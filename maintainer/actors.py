"""Write the packaged actor registry (toolkit/registries/actors.jsonl): the seed's actors and one actor per source type.

    python -m maintainer.actors [--out toolkit/registries/actors.jsonl]

The seed's actors are the people and bodies its article quotes (maintainer.seed); the typed actors stand for speakers
that name no one (toolkit.actors.sources, docs/measures.md#source-types). Records in id order; raise the version in
VERSION.json when they change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from maintainer.seed import actor_records
from maintainer.shared import ROOT
from toolkit.actors.sources import TYPED_ACTORS
from toolkit.records import write_jsonl

PACKAGED = ROOT / "toolkit" / "registries" / "actors.jsonl"


def packaged_actors() -> list[dict[str, Any]]:
    """The packaged registry's actors, in id order."""
    return sorted([*actor_records(), *TYPED_ACTORS], key=lambda r: str(r["id"]))


def main(argv: list[str] | None = None) -> int:
    """Write the packaged actors and say how many."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.actors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PACKAGED)
    args = parser.parse_args(argv)
    print(f"wrote {write_jsonl(args.out, packaged_actors())} actors to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
