"""Where the project's shared folder is: $PARALLAX_SHARED, else `shared` beside the repository; it holds corpora/, design/, seeds/."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED") or ROOT.parent / "shared")
CORPORA = SHARED / "corpora"
