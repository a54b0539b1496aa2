"""The shipped seed records: reproducible from seeds/, and faithful to the human annotations."""

from __future__ import annotations

import json
from pathlib import Path

from paths import SHARED, needs

from maintainer.seed import seed_records, write_seed
from toolkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
NAME = "000_e6e052abecc23e78"
KINDS = {"direct": "direct_quote", "partial": "partial_quote", "indirect": "indirect"}


def test_data_is_what_the_seed_gives_byte_for_byte(tmp_path: Path) -> None:
    write_seed(ROOT / "seeds", NAME, tmp_path)
    for relative in seed_records(ROOT / "seeds", NAME):
        assert (tmp_path / relative).read_bytes() == (ROOT / "data" / relative).read_bytes(), relative


def test_seed_records_validate(tmp_path: Path) -> None:
    write_seed(ROOT / "seeds", NAME, tmp_path)
    report = validate([str(tmp_path)], jobs=1)
    assert report.problems == []
    assert dict(report.records) == {"actor": 8, "article": 1, "claim": 12}


def test_article_keeps_what_is_unknown_with_a_reason() -> None:
    article = seed_records(ROOT / "seeds", NAME)[f"articles/{NAME}.jsonl"][0]
    assert article["outlet_id"] is None and article["outlet_unknown_reason"]
    assert article["published"] is None and article["published_unknown_reason"]
    assert article["headline"] == "Likely Next NATO Chief Calls for Dialogue with Russia"


@needs(SHARED / "seeds" / f"{NAME}.attributions.jsonl")
def test_claims_are_the_twelve_human_annotations() -> None:
    folder = SHARED / "seeds"
    assert (folder / f"{NAME}.txt").read_bytes() == (ROOT / "seeds" / f"{NAME}.txt").read_bytes()
    gold = [json.loads(line) for line in (folder / f"{NAME}.attributions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    records = seed_records(ROOT / "seeds", NAME)
    article, claims = records[f"articles/{NAME}.jsonl"][0], records[f"claims/{NAME}.jsonl"]
    raw = (folder / f"{NAME}.txt").read_text(encoding="utf-8")
    shift = len(raw) - len(article["text"])
    assert len(claims) == len(gold) == 12
    for claim, annotation in zip(claims, gold, strict=True):
        span = claim["content"]["spans"][0]
        assert (span["start"] + shift, span["end"] + shift) == (annotation["start"], annotation["end"])
        assert claim["content"]["text"] == annotation["content"]
        assert claim["kind"] == KINDS[annotation["kind"]]
        assert claim["cue"]["text"] == annotation["cue"]
        assert claim["provenance"]["method"] == "human"
