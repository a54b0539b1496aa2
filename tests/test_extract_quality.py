"""Quality floors of the claim extractor on PolNeAR's dev split: a change may raise them, never lower them."""

from __future__ import annotations

import pytest
from importing import polnear_split
from paths import CORPORA, needs

from toolkit.score import ClaimScores, score_claims
from toolkit.validate import validate

POLNEAR = CORPORA / "polnear"
# Measured 2026-11-27 with `python benchmarks/bench_extract.py` (F1: 0.803, 0.720, 0.746, 0.564), rounded down; the rules
# alone (`--rules-only`) measure 0.692, 0.578, 0.595, 0.445.
FLOORS = {"claim": 0.80, "claim+speaker": 0.72, "claim+cue": 0.74, "exact content": 0.56}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> ClaimScores:
    """The extractor's scores against the gold claims of PolNeAR's dev split."""
    root = tmp_path_factory.mktemp("polnear-dev")
    polnear_split(POLNEAR, "dev", root)
    report = validate([str(root / "pred")])  # the folder validates as a whole too: no claim twice (dup.content), no dangling reference
    assert report.errors == 0, [p.code for p in report.problems]
    return score_claims([root / "gold"], [root / "pred"])


@pytest.mark.slow  # about 40 s: parses and tags PolNeAR's dev split
@needs(POLNEAR / "data" / "dev")
@pytest.mark.parametrize("level", sorted(FLOORS))
def test_dev_f1_does_not_fall_below_its_floor(dev_scores: ClaimScores, level: str) -> None:
    assert dev_scores.paired == 84
    assert dev_scores.overall.scores()[level]["f1"] >= FLOORS[level]
