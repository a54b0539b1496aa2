"""Source types: mentions that name no one and descriptions beside a name, on written examples; then PolNeAR train's sources, read and labelled."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from paths import CORPORA, ROOT, needs

from maintainer.actors import packaged_actors
from maintainer.source_sample import candidate, sources
from toolkit.actors.sources import SOURCE_TYPES, TYPED_ACTORS, described_source, typed_actor, unnamed_source
from toolkit.records import slugify
from toolkit.registry import PACKAGED
from toolkit.validate.record import record_problems

TRAIN = CORPORA / "polnear" / "data" / "train"
GOLD = ROOT / "tests" / "gold"

MENTIONS = {
    "a senior official": "anonymous",
    "A senior administration official": "anonymous",
    "officials": "official",
    "U.S. officials": "official",
    "two people familiar with the talks": "anonymous",
    "people familiar with the matter": "anonymous",
    "sources": "anonymous",
    "an aide": "anonymous",
    "a person close to the minister": "anonymous",
    "a senator": "anonymous",
    "Federal officials familiar with the case": "anonymous",
    "analysts": "expert",
    "economists": "expert",
    "a professor": "expert",
    "Some outside analysts": "expert",
    "residents": "citizen",
    "protesters": "citizen",
    "a voter": "citizen",
    "Iowans": "citizen",
    "64 percent of the electorate": "citizen",
    "Forty-one percent": "citizen",
    "nearly four in 10 likely voters": "citizen",
    "millions of people waking up on Tuesday": "citizen",
    "groups": "organization",
    "activists": "organization",
    "companies": "organization",
    "unions": "organization",
    "the campaign": "organization",
    "the report": "document",
    "a new poll": "document",
    "documents": "document",
    "court documents": "document",
    "a statement": "document",
    "a report issued this month": "document",
    "the recent 50-state poll": "document",
    "a Harbor Gazette/Channel 9 News survey": "document",
    "local media": "media",
    "Dutch media": "media",
    "reporters": "media",
    "in media reports": "media",
    "At least one commentator": "media",
    "police": "official",
    "prosecutors": "official",
    "the agency": "official",
    "Democrats": "official",
    "city officials": "official",
    "All five of the Republican candidates": "official",
    # a name, a pronoun, one person by office: resolved elsewhere
    "Obama": None,
    "the State Department": None,
    "NATO": None,
    "he": None,
    "they": None,
    "some": None,
    "the president": None,
    "the Dutch PM": None,
    "The Vermont senator": None,
    "the Obama administration": None,
    "the Clinton campaign": None,
    "his campaign": None,
    "Harbor councillor Lena Okafor": None,
    "its chief pollster and strategist Jane Roe": None,
    "the pro-ferry groups Riders United": None,
    "Clinton's candidacy": None,
    "": None,
}

DESCRIPTIONS = {
    "European Commission President": "official",
    "a senator": "official",
    "the Dutch prime minister": "official",
    "a professor at Yale": "expert",
    "an analyst at Capital Economics": "expert",
    "a senior fellow at the Harbor Institute": "expert",
    "a retired teacher": "citizen",
    "a retired postal service letter carrier": "citizen",
    "spokesman for Greenpeace": "organization",
    "CEO of Ford": "organization",
    "legal director for the rights group Harbor Watch": "organization",
    "a reporter for CNN": "media",
    "spokeswoman for the State Department": "official",
    "former head of the Republican National Committee": "official",
    "President of Finland": "official",
    "chairman of Acme Freight": "organization",
    "CEO of CNN": "media",
    "spokesman": None,
    "a longtime friend of the couple": None,
    "": None,
}


@pytest.mark.parametrize(("mention", "expected"), sorted(MENTIONS.items()))
def test_the_source_type_of_a_mention_that_names_no_one(mention: str, expected: str | None) -> None:
    assert unnamed_source(mention) == expected


@pytest.mark.parametrize(("description", "expected"), sorted(DESCRIPTIONS.items()))
def test_the_source_type_a_description_implies(description: str, expected: str | None) -> None:
    assert described_source(description) == expected


def test_one_valid_typed_actor_per_source_type_in_the_packaged_registry() -> None:
    assert sorted(a["source_type"] for a in TYPED_ACTORS) == sorted(SOURCE_TYPES)
    packaged = {a["id"]: a for a in map(json.loads, (Path(str(PACKAGED)) / "actors.jsonl").read_text(encoding="utf-8").splitlines())}
    for actor in TYPED_ACTORS:
        assert actor["id"] == slugify(actor["name"]) == typed_actor(actor["source_type"])
        assert record_problems(actor) == [] and packaged[actor["id"]] == actor
    assert typed_actor("anonymous") == "anonymous-source" and typed_actor("official") == "unnamed-official"
    with pytest.raises(ValueError, match="unknown source type 'pundit'"):
        typed_actor("pundit")


def _scores(name: str) -> tuple[float, float, float]:
    """Agreement over all, and coverage and accuracy over the mentions read as typed, of the classifier on a labelled file."""
    rows = [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines()]
    agree = answered = right = typed = 0
    for row in rows:
        text = (TRAIN / "text" / f"{row['article'].rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")[row["start"] : row["end"]]
        assert text.startswith(row["mention"]), row  # the offsets still point at the mention read
        found, gold = unnamed_source(text), row["source_type"]
        agree += found == gold
        typed += gold is not None
        answered += gold is not None and found is not None
        right += gold is not None and found == gold
    return agree / len(rows), answered / typed, right / answered


@needs(TRAIN)
def test_polnear_train_sources_read_and_labelled() -> None:
    """Floors of the measured scores (docs/measures.md#source-types): the sample the lexicons were written beside, and a held-out one."""
    agreement, coverage, accuracy = _scores("polnear-train-source-types.jsonl")
    assert agreement >= 0.95 and coverage >= 0.95 and accuracy >= 0.98
    agreement, coverage, accuracy = _scores("polnear-train-source-types-heldout.jsonl")
    assert agreement >= 0.75 and coverage >= 0.74 and accuracy >= 0.94


def test_the_packaged_actors_are_what_the_maintainer_tool_writes() -> None:
    lines = (Path(str(PACKAGED)) / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == packaged_actors()


@needs(TRAIN)
def test_the_labelled_mentions_are_the_samplers_draws() -> None:
    """The two labelled files are draws 1-200 and 231-330 of `python -m maintainer.source_sample`, so the sample can be drawn again."""
    found = [row for row in sources(TRAIN) if candidate(row[3])]
    draws = [(a, s, e) for a, s, e, _, _ in random.Random(2016).sample(found, 400)]
    for name, wanted in (("polnear-train-source-types.jsonl", draws[:200]), ("polnear-train-source-types-heldout.jsonl", draws[230:330])):
        rows = [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines()]
        assert [(r["article"], r["start"], r["end"]) for r in rows] == wanted
    assert not candidate("they") and not candidate("Donald Trump") and not candidate("Jane Roe, a retired teacher") and candidate("a senior official")
