"""The comparison tables (toolkit.tables, `parallax tables`) over one event told by four outlets (tests/golden/comparison/),
converted, aligned and built as a user runs it, the outlets rated by two raters: on the release and on the data folder,
the values the reports were written to have; the leaning and blindspot rules; the command in every format; the card."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from as_user import aligned_project, parallax, records
from click.testing import CliRunner, Result
from paths import SHARED, needs
from polars.testing import assert_frame_equal

from toolkit.cli import cli
from toolkit.records import write_jsonl
from toolkit.release.comparisons import MAX_OUTLETS, comparison_values
from toolkit.release.parquet import collect
from toolkit.tables import (
    KEYS,
    TABLES,
    Records,
    coverage,
    event_index,
    fidelity,
    from_records,
    headlines,
    labeling,
    matrix,
    omissions,
    open_records,
    prominence,
    side,
    source_types,
    sources,
    verbs,
)

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "golden" / "comparison"
OUTLETS = ["breitbart-news", "fox-news", "reuters", "the-guardian"]
NAMES = {"breitbart-news": "Breitbart News", "fox-news": "Fox News", "reuters": "Reuters", "the-guardian": "The Guardian"}
ALLSIDES, MBFC = "AllSides", "Media Bias/Fact Check"
# Ratings made up for the test. The second rater gives other values (and rates the-guardian center, so that no outlet
# of the event is on its left); its factuality ratings are on no left-right scale; an older AllSides rating is replaced.
LEANINGS = {
    "reuters": {ALLSIDES: "Center", MBFC: "center"},
    "fox-news": {ALLSIDES: "Right", MBFC: "right"},
    "the-guardian": {ALLSIDES: "Lean Left", MBFC: "center"},
    "breitbart-news": {ALLSIDES: "Right", MBFC: "extreme-right"},
}
SCALES = {ALLSIDES: "allsides_bias", MBFC: "mbfc_bias"}


def rating(rater: str, scale: str, value: str, rated_at: str | None = None) -> dict[str, Any]:
    """One rater's rating, as an outlet record holds it."""
    return {"rater": rater, "scale": scale, "value": value, "provenance": {"method": "human", "note": "made up for a test"}} | (
        {"rated_at": rated_at} if rated_at else {}
    )


def rate(data: Path, ratings: dict[str, list[dict[str, Any]]]) -> None:
    """Give the outlet records of a data folder these ratings (outlet id -> ratings), in place of their own."""
    outlets = records(data / "outlets.jsonl")
    assert sorted(o["id"] for o in outlets) == OUTLETS
    write_jsonl(
        data / "outlets.jsonl",
        [{k: v for k, v in o.items() if k != "ratings"} | ({"ratings": ratings[o["id"]]} if ratings.get(o["id"]) else {}) for o in outlets],
    )


def two_raters() -> dict[str, list[dict[str, Any]]]:
    """The ratings of the built project: LEANINGS, factuality, and an older AllSides rating of the-guardian listed last."""
    found = {o: [rating(r, SCALES[r], value, "2024-01-01") for r, value in by_rater.items()] for o, by_rater in LEANINGS.items()}
    for ratings in found.values():
        ratings.append(rating(MBFC, "mbfc_factuality", "high"))
    found["the-guardian"].append(rating(ALLSIDES, "allsides_bias", "Left", "2019-06-01"))
    return found


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the four reports converted, aligned, rated by two raters, validated and built into release/."""
    # The CRF taggers' claims, which these tables' expectations were written for: the neural tagger reads Breitbart's
    # headline promise as 'port back in business' without 'within days', and the body's rendering no longer aligns with it.
    root = aligned_project(tmp_path_factory.mktemp("tables"), "port", sorted(INPUTS.glob("*.txt")), extractor="fast")
    rate(root / "data", two_raters())
    validated = parallax("validate", cwd=root)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = parallax("build", "--date", "2025-06-30", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root


@pytest.fixture(params=["release", "data"])
def opened(port: Path, request: pytest.FixtureRequest) -> Records:
    """The records of the release, and of the data folder it was built from."""
    return open_records(port / request.param)


def by_outlet(frame: pl.DataFrame, *columns: str) -> dict[str, Any]:
    """outlet_id -> the values of columns (one row per outlet)."""
    assert frame["outlet_id"].n_unique() == len(frame)
    return {row["outlet_id"]: tuple(row[c] for c in columns) if len(columns) > 1 else row[columns[0]] for row in frame.iter_rows(named=True)}


def relations(found: pl.DataFrame, words: str) -> dict[str, set[str]]:
    """outlet -> the relations of its renderings of the one proposition whose text holds `words` ("omitted" when it has none)."""
    rows = found.filter(pl.col("proposition").str.contains(words, literal=True))
    assert rows["alignment_id"].n_unique() == 1, rows["proposition"].unique().to_list()
    return {o: set(rows.filter(pl.col("outlet_id") == o)["relation"]) for o in rows["outlet_id"].unique(maintain_order=True)}


def test_the_release_and_the_data_folder_give_the_same_tables(port: Path) -> None:
    release, data = open_records(port / "release"), open_records(port / "data")
    assert (release.form, data.form) == ("release", "data")
    for name, table in TABLES.items():
        for by in [table.by] if name == "events" else [table.by, (), ("event",), ("leaning",), ("month",), ("event", "outlet"), ("leaning", "month")]:
            first = table.compute(release, by)
            assert not first.is_empty(), (name, by)
            assert_frame_equal(first, table.compute(data, by))
    assert_frame_equal(matrix(release), matrix(data))


def test_coverage_per_outlet_is_what_each_reports_of_the_shared_propositions(opened: Records) -> None:
    found = coverage(opened)
    assert found.columns == ["outlet_id", "outlet_name", "events", "articles", "in_event", "reported", "ratio"]
    assert found["outlet_id"].to_list() == OUTLETS  # sorted by the key
    assert by_outlet(found, "outlet_name") == NAMES
    # shared by two outlets or more: the closing of the port, Ortiz's quote, Rivera's wage demand; breitbart carries
    # only Ortiz's quote (no word of the port closing, nor of the wage demand), the guardian leaves out the wage demand
    assert by_outlet(found, "events", "articles", "reported", "in_event", "ratio") == {
        "breitbart-news": (1, 1, 1, 3, 0.3333),
        "fox-news": (1, 1, 3, 3, 1.0),
        "reuters": (1, 1, 3, 3, 1.0),
        "the-guardian": (1, 1, 2, 3, 0.6667),
    }
    assert coverage(opened, None).row(0, named=True) == {"events": 1, "articles": 4, "in_event": 12, "reported": 9, "ratio": 0.75}


def test_the_matrix_has_each_relation_and_omission_the_reports_were_written_with(opened: Records) -> None:
    found = matrix(opened)
    assert found.columns == ["alignment_id", "event_id", "speaker_actor_id", "proposition", "outlet_id", "relation", "claim_id", "similarity", "kind"]
    ortiz = relations(found, "reopen the port within a week")
    assert ortiz == {"reuters": {"same"}, "fox-news": {"same"}, "the-guardian": {"truncated"}, "breitbart-news": {"paraphrase"}}
    assert relations(found, "closed on Monday") == {"reuters": {"same"}, "the-guardian": {"same"}, "fox-news": {"paraphrase"}, "breitbart-news": {"omitted"}}
    assert relations(found, "until wages rise") == {"reuters": {"same"}, "fox-news": {"same"}, "the-guardian": {"omitted"}, "breitbart-news": {"omitted"}}
    assert relations(found, "millions of pesos") == {"the-guardian": {"same"}, "reuters": {"omitted"}, "fox-news": {"omitted"}, "breitbart-news": {"omitted"}}
    assert relations(found, "nine to one") == {"breitbart-news": {"same"}, "reuters": {"omitted"}, "fox-news": {"omitted"}, "the-guardian": {"omitted"}}
    omitted = found.filter(pl.col("relation") == "omitted")
    assert omitted["claim_id"].null_count() == omitted["similarity"].null_count() == omitted["kind"].null_count() == len(omitted)
    rendered = found.filter(pl.col("relation") != "omitted")
    assert rendered["claim_id"].null_count() == 0 and set(rendered["kind"]) <= {"direct_quote", "indirect", "fact", "partial_quote"}
    # every proposition has a row for each of the four outlets: a rendering or an omission
    assert set(found.group_by("alignment_id").agg(pl.col("outlet_id").n_unique())["outlet_id"]) == {4}


def test_omissions_count_the_propositions_each_outlet_leaves_out(opened: Records) -> None:
    found = omissions(opened)
    every = matrix(opened)
    propositions = every["alignment_id"].n_unique()
    carried = every.filter(pl.col("relation") != "omitted").group_by("outlet_id").agg(pl.col("alignment_id").n_unique())
    assert by_outlet(found, "omitted") == {o: propositions - n for o, n in carried.iter_rows()}
    assert set(by_outlet(found, "events").values()) == {1}
    shared = coverage(opened)
    for outlet, (reported, in_event) in by_outlet(shared, "reported", "in_event").items():
        assert by_outlet(found, "omitted")[outlet] >= in_event - reported  # omissions of shared propositions, and of the rest
    assert by_outlet(found, "omitted")["breitbart-news"] == max(by_outlet(found, "omitted").values())


def test_sources_lena_ortiz_is_quoted_by_all_four(opened: Records) -> None:
    found = sources(opened)
    assert found.columns == ["outlet_id", "outlet_name", "actor_id", "actor_name", "actor_source_type", "claims", "direct", "indirect", "events"]
    ortiz = found.filter(pl.col("actor_id") == "lena-ortiz")
    assert set(ortiz["outlet_id"]) == set(OUTLETS) and set(ortiz["actor_name"]) == {"Lena Ortiz"} and set(ortiz["actor_source_type"]) == {"official"}
    assert by_outlet(ortiz.filter(pl.col("outlet_id") != "breitbart-news"), "direct") == {"fox-news": 1, "reuters": 1, "the-guardian": 1}
    breitbart = ortiz.filter(pl.col("outlet_id") == "breitbart-news").row(0, named=True)
    assert breitbart["direct"] == 0 and breitbart["indirect"] == breitbart["claims"] >= 1  # reported speech only
    assert set(found.filter(pl.col("actor_id") == "ana-beltran")["outlet_id"]) == {"the-guardian"}
    assert set(found.filter(pl.col("actor_id") == "tomas-rivera")["outlet_id"]) == {"reuters", "fox-news", "breitbart-news"}
    everyone = sources(opened, None)
    assert everyone.columns[0] == "actor_id" and everyone.row(0, named=True)["actor_id"] == "lena-ortiz"  # quoted most
    assert everyone.filter(pl.col("actor_id") == "lena-ortiz")["claims"].item() == ortiz["claims"].sum()


def test_source_types_sum_to_the_sources(opened: Records) -> None:
    found = source_types(opened)
    official = found.filter(pl.col("source_type") == "official")
    assert by_outlet(official, "claims") == by_outlet(sources(opened).filter(pl.col("actor_id") == "lena-ortiz"), "claims")
    assert set(found.filter(pl.col("source_type") == "expert")["outlet_id"]) == {"the-guardian"}  # the shipping analyst
    per_outlet = found.group_by("outlet_id").agg(pl.col("claims").sum()).sort("outlet_id")
    assert_frame_equal(per_outlet, sources(opened).group_by("outlet_id").agg(pl.col("claims").sum()).sort("outlet_id"))


def test_verbs_by_class_and_lemma(opened: Records) -> None:
    found = verbs(opened)
    assert found.columns == ["outlet_id", "outlet_name", "verb_class", "lemma", "claims"]
    rows = {(r["outlet_id"], r["verb_class"], r["lemma"]): r["claims"] for r in found.iter_rows(named=True)}
    assert rows == {
        ("breitbart-news", "assertive", "promise"): 1,  # "minister promises" in the headline
        ("breitbart-news", "neutral_report", "say"): 2,
        ("fox-news", "assertive", "vow"): 1,  # "minister vows"
        ("fox-news", "neutral_report", "say"): 2,
        ("reuters", "neutral_report", "say"): 1,
        ("reuters", "neutral_report", "tell"): 1,  # "told reporters"
        ("the-guardian", "neutral_report", "say"): 2,
    }
    overall = verbs(opened, None)
    assert overall.columns == ["verb_class", "lemma", "claims"] and overall["claims"].sum() == found["claims"].sum()


def test_labeling_the_terms_each_outlet_uses_for_each_actor(opened: Records) -> None:
    found = labeling(opened)
    assert found.columns == ["outlet_id", "outlet_name", "actor_id", "actor_name", "term", "voice", "count", "events"]
    terms = {(r["outlet_id"], r["actor_id"], r["term"]) for r in found.iter_rows(named=True)}
    assert {("reuters", "lena-ortiz", "Transport Minister"), ("the-guardian", "lena-ortiz", "the transport minister")} <= terms
    assert ("the-guardian", "ana-beltran", "a shipping analyst in the capital") in terms
    assert ("fox-news", "tomas-rivera", "the union leader") in terms
    assert set(found["voice"]) <= {"outlet", "speaker"} and not found.filter(pl.col("actor_id") == "ana-beltran")["outlet_id"].is_in(OUTLETS[:3]).any()


def test_headlines_fidelity_and_prominence(opened: Records) -> None:
    heads = by_outlet(headlines(opened), "articles", "headline_claims", "carried_in_body", "carried_ratio")
    assert heads["breitbart-news"] == (1, 1, 1, 1.0)  # the minister's promise, told again in the body
    assert heads["reuters"] == heads["the-guardian"] == (1, 0, 0, None)  # no claim in their headlines
    assert heads["fox-news"][:2] == (1, 1)
    relation = {(r["outlet_id"], r["relation"]): r["claims"] for r in fidelity(opened).iter_rows(named=True)}
    assert relation[("the-guardian", "truncated")] == 1 and relation[("breitbart-news", "paraphrase")] >= 1
    assert {r for o, r in relation if o == "reuters"} == {"same"}  # the fullest renderings
    placed = prominence(opened)
    assert set(placed["field"]) == {"headline", "lede", "body"}
    assert by_outlet(placed.filter(pl.col("field") == "lede"), "claims") == dict.fromkeys(OUTLETS, 1)
    assert set(placed.filter(pl.col("field") == "headline")["outlet_id"]) == {"breitbart-news", "fox-news"}


def test_the_events_index_one_event_four_outlets_leanings_per_rater(opened: Records) -> None:
    found = event_index(opened)
    assert len(found) == 1
    event = found.row(0, named=True)
    assert event["event_id"].startswith("evt_") and (event["start"], event["end"], event["month"]) == ("2025-06-02", "2025-06-02", "2025-06")
    assert event["articles"] == 4 and event["outlet_ids"] == OUTLETS and event["outlet_names"] == [NAMES[o] for o in OUTLETS]
    assert event["shared_propositions"] == 3 and event["propositions"] == matrix(opened)["alignment_id"].n_unique()
    assert event["leanings"] == [
        {"rater": ALLSIDES, "side": "center", "outlets": 1},
        {"rater": ALLSIDES, "side": "left", "outlets": 1},
        {"rater": ALLSIDES, "side": "right", "outlets": 2},
        {"rater": MBFC, "side": "center", "outlets": 2},
        {"rater": MBFC, "side": "right", "outlets": 2},
    ]
    # no outlet MBFC rates is on the left, while half of the four it rates are on the right; AllSides rates one left
    assert event["blindspots"] == [f"{MBFC}: left"]
    with pytest.raises(ValueError, match="takes no grouping"):
        event_index(opened, "outlet")


def test_by_leaning_one_row_per_rater_and_value_never_merged(opened: Records) -> None:
    found = coverage(opened, "leaning")
    assert found.columns[:4] == ["rater", "scale", "leaning", "side"]
    rows = {(r["rater"], r["scale"], r["leaning"], r["side"]): (r["articles"], r["reported"], r["in_event"]) for r in found.iter_rows(named=True)}
    assert rows == {
        (ALLSIDES, "allsides_bias", "Center", "center"): (1, 3, 3),  # reuters
        (ALLSIDES, "allsides_bias", "Lean Left", "left"): (1, 2, 3),  # the guardian; its older "Left" is replaced
        (ALLSIDES, "allsides_bias", "Right", "right"): (2, 4, 6),  # fox and breitbart
        (MBFC, "mbfc_bias", "center", "center"): (2, 5, 6),  # reuters and the guardian
        (MBFC, "mbfc_bias", "extreme-right", "right"): (1, 1, 3),  # breitbart
        (MBFC, "mbfc_bias", "right", "right"): (1, 3, 3),  # fox
    }  # factuality ("high") is on no left-right scale: no row
    both = coverage(opened, ("leaning", "outlet"))
    assert len(both) == 8 and set(both.filter(pl.col("rater") == MBFC)["outlet_id"]) == set(OUTLETS)  # each outlet under each rater
    assert set(omissions(opened, "leaning")["rater"]) == {ALLSIDES, MBFC}


def test_by_month_and_by_event(opened: Records) -> None:
    month = coverage(opened, "month")
    assert month.row(0, named=True) == {"month": "2025-06", "events": 1, "articles": 4, "in_event": 12, "reported": 9, "ratio": 0.75}
    events = coverage(opened, ("event", "outlet"))
    assert events.columns[:4] == ["event_id", "event_title", "outlet_id", "outlet_name"] and len(events) == 4
    assert events["event_title"].n_unique() == 1 and events["event_title"][0] == event_index(opened)["event_title"][0]
    assert set(verbs(opened, ("month", "leaning"))["month"]) == {"2025-06"}


def test_a_grouping_that_is_no_key_names_the_keys(opened: Records) -> None:
    with pytest.raises(ValueError, match="cannot group by country; by one or more of: event, outlet, leaning, month"):
        coverage(opened, ("outlet", "country"))
    assert KEYS == ("event", "outlet", "leaning", "month")


def test_blindspot_rule(port: Path, tmp_path: Path) -> None:
    """A side is a blindspot of a rater when none of the event's outlets it rates is on it, while the opposite side holds at
    least half of them, among at least three."""
    data = shutil.copytree(port / "data", tmp_path / "data")
    plan = {  # rater -> the value it gives each outlet of the event (none: not rated)
        "Half": {"reuters": "Center", "the-guardian": "Center", "fox-news": "Right", "breitbart-news": "Far Right"},
        "Less than half": {"reuters": "Center", "the-guardian": "Center", "fox-news": "Center", "breitbart-news": "Right"},
        "Two rated": {"fox-news": "Right", "breitbart-news": "Right"},
        "Mirror": {"reuters": "Center", "the-guardian": "Left", "fox-news": "Lean Left"},
        "Both sides": {"reuters": "Center", "the-guardian": "Left", "fox-news": "Right", "breitbart-news": "Center"},
        "Factuality": {"reuters": "High", "the-guardian": "High", "fox-news": "Mixed", "breitbart-news": "Low"},
    }
    ratings: dict[str, list[dict[str, Any]]] = {o: [] for o in OUTLETS}
    for rater, values in plan.items():
        for outlet, value in values.items():
            ratings[outlet].append(rating(rater, "other", value))
    rate(data, ratings)
    event = event_index(open_records(data)).row(0, named=True)
    assert event["blindspots"] == ["Half: left", "Mirror: right"]
    counted = {(r["rater"], r["side"]): r["outlets"] for r in event["leanings"]}
    assert counted[("Two rated", "right")] == 2 and not any(rater == "Factuality" for rater, _ in counted)
    rate(data, {})
    unrated = event_index(open_records(data)).row(0, named=True)
    assert unrated["leanings"] == [] and unrated["blindspots"] == []
    assert coverage(open_records(data), "leaning").is_empty()


def test_the_events_index_names_its_outlets_in_the_order_of_their_ids(port: Path, tmp_path: Path) -> None:
    data = shutil.copytree(port / "data", tmp_path / "data")
    outlets = [o | {"name": "Zeta Daily"} if o["id"] == "breitbart-news" else o for o in records(data / "outlets.jsonl") if o["id"] != "reuters"]
    write_jsonl(data / "outlets.jsonl", outlets)  # one outlet renamed, one without its record
    event = event_index(open_records(data)).row(0, named=True)
    assert event["outlet_ids"] == OUTLETS
    assert event["outlet_names"] == ["Zeta Daily", "Fox News", "reuters", "The Guardian"]  # the id stands for a missing name


#: Each value of the rating scales (the schema's, from vocabularies.json outlet_rating_scales) and its side.
SIDES: dict[str, dict[str, str | None]] = {
    "allsides_bias": {"Left": "left", "Lean Left": "left", "Center": "center", "Lean Right": "right", "Right": "right", "Mixed": None},
    "mbfc_bias": {
        "extreme-left": "left",
        "left": "left",
        "center-left": "left",
        "center": "center",
        "center-right": "right",
        "right": "right",
        "extreme-right": "right",
    },
    "groundnews_bias": {
        "Far Left": "left",
        "Left": "left",
        "Lean Left": "left",
        "Center": "center",
        "Lean Right": "right",
        "Right": "right",
        "Far Right": "right",
    },
    "mbfc_factuality": {"low": None, "mixed": None, "high": None},
    "groundnews_factuality": {"Very High": None, "High": None, "Mixed": None, "Low": None, "Very Low": None},
}
VOCABULARY_SCALES = {
    "AllSides": "allsides_bias",
    "MBFC_bias(ramybaly)": "mbfc_bias",
    "MBFC_fact(ramybaly)": "mbfc_factuality",
    "GroundNews_bias(7)": "groundnews_bias",
    "GroundNews_factuality": "groundnews_factuality",
}


def test_side_of_every_value_of_the_rating_scales() -> None:
    for scale, values in SIDES.items():
        for value, expected in values.items():
            assert side(value) == expected, (scale, value)
    defs = json.loads((ROOT / "schemas" / "defs.schema.json").read_text(encoding="utf-8"))
    schema = {rule["if"]["properties"]["scale"]["const"]: rule["then"]["properties"]["value"]["enum"] for rule in defs["$defs"]["rating"]["allOf"]}
    assert {scale: sorted(values) for scale, values in schema.items()} == {scale: sorted(values) for scale, values in SIDES.items()}


def test_side_of_other_spellings() -> None:
    assert [side(v) for v in ("Left-Center", "Right-Center", "Least Biased", "centre", "LEFT", "far_right", "neutral")] == [
        "left",
        "right",
        "center",
        "center",
        "left",
        "right",
        "center",
    ]
    assert [side(v) for v in (None, "", "Pro-Science", "Questionable", "Conspiracy-Pseudoscience", "leftist", "Very High")] == [None] * 7


@needs(SHARED / "design" / "vocabularies.json")
def test_side_covers_the_shared_vocabulary() -> None:
    vocabulary = json.loads((SHARED / "design" / "vocabularies.json").read_text(encoding="utf-8"))["outlet_rating_scales"]
    assert set(vocabulary) == set(VOCABULARY_SCALES)
    for name, values in vocabulary.items():
        assert {v: side(v) for v in values} == SIDES[VOCABULARY_SCALES[name]], name


def invoke(*args: str) -> Result:
    """`parallax tables ...` in this process."""
    return CliRunner().invoke(cli, ["tables", *args], catch_exceptions=False)


def test_the_command_in_each_format(port: Path, tmp_path: Path) -> None:
    release = str(port / "release")
    expected = coverage(open_records(release))
    shown = invoke(release, "coverage")
    assert shown.exit_code == 0 and "outlet_name" in shown.stdout and all(name in shown.stdout for name in NAMES.values())
    assert "1 of 4 rows shown" in invoke(release, "coverage", "--limit", "1").stdout
    as_csv = invoke(release, "coverage", "--format", "csv")
    assert_frame_equal(pl.read_csv(io.StringIO(as_csv.stdout)), expected, check_dtypes=False)
    as_json = invoke(release, "coverage", "--format", "json")
    assert json.loads(as_json.stdout) == expected.to_dicts()
    out = tmp_path / "coverage.parquet"
    assert invoke(release, "coverage", "--format", "parquet", "--out", str(out)).exit_code == 0
    assert_frame_equal(pl.read_parquet(out), expected)
    grouped = json.loads(invoke(str(port / "data"), "coverage", "--by", "leaning", "--by", "month", "--format", "json").stdout)
    assert grouped == coverage(open_records(port / "data"), ("leaning", "month")).to_dicts() and {row["month"] for row in grouped} == {"2025-06"}


def test_the_command_writes_lists_as_json_in_csv_and_the_matrix(port: Path, tmp_path: Path) -> None:
    release = str(port / "release")
    (row,) = list(csv.DictReader(io.StringIO(invoke(release, "events", "--format", "csv").stdout)))
    assert json.loads(row["outlet_ids"]) == OUTLETS and json.loads(row["blindspots"]) == [f"{MBFC}: left"]
    assert {"rater": ALLSIDES, "side": "left", "outlets": 1} in json.loads(row["leanings"])
    out = tmp_path / "matrix.csv"
    assert invoke(release, "matrix", "--format", "csv", "--out", str(out)).exit_code == 0
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == len(matrix(open_records(release)))


def test_usage_errors_and_a_folder_without_records(port: Path, tmp_path: Path) -> None:
    bad_key = parallax("tables", "release", "coverage", "--by", "country", cwd=port)
    assert bad_key.returncode == 2 and "Invalid value for '--by'" in bad_key.stderr
    grouped_events = parallax("tables", "release", "events", "--by", "outlet", cwd=port)
    assert grouped_events.returncode == 2 and "takes no grouping" in grouped_events.stderr
    no_out = parallax("tables", "release", "coverage", "--format", "parquet", cwd=port)
    assert no_out.returncode == 2 and "--out FILE" in no_out.stderr
    (tmp_path / "empty").mkdir()
    empty = parallax("tables", str(tmp_path / "empty"), "coverage", cwd=port)
    assert empty.returncode == 1 and "no records" in empty.stderr and not empty.stdout


def test_the_card_shows_the_comparison_tables_of_its_release(port: Path) -> None:
    card = (port / "release" / "README.md").read_text(encoding="utf-8")
    section = card[card.index("\n### Comparisons\n") : card.index("\n## Dataset Creation\n")]
    covered = coverage(open_records(port / "release"))
    for row in covered.iter_rows(named=True):  # the same numbers as the coverage table
        outlet = f"{row['outlet_name']} (`{row['outlet_id']}`)"
        line = f"| {outlet} | {row['events']} | {row['articles']} | {row['reported']} / {row['in_event']} | {row['ratio']:.1%} |"
        assert f"\n{line}\n" in section, line
    for line in (
        "| outlet | official | organization | expert | unknown |",
        "| The Guardian (`the-guardian`) | 1 | 0 | 1 | 0 |",
        "| outlet | neutral_report | assertive | most used verbs |",
        "| Breitbart News (`breitbart-news`) | 2 | 1 | say (2), promise (1) |",
        "| Reuters (`reuters`) | 2 | 0 | say (1), tell (1) |",
    ):
        assert f"\n{line}\n" in section, line
    assert "$" not in section and "more are not" not in section


def test_a_release_built_twice_is_the_same_bytes(port: Path) -> None:
    again = parallax("build", "--date", "2025-06-30", "--out", "release-again", cwd=port)
    assert again.returncode == 0, again.stdout + again.stderr
    first, second = port / "release", port / "release-again"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [(first / f).read_bytes() == (second / f).read_bytes() for f in files] == [True] * len(files)


def test_the_card_lists_the_outlets_with_most_articles_and_says_how_many_more(port: Path) -> None:
    held = collect([port / "data"])
    outlet, compared = held["outlets"][0], held["comparisons"][0]
    many = MAX_OUTLETS + 3
    outlets = [outlet | {"id": f"outlet-{n:02d}", "name": f"Outlet {n:02d}"} for n in range(many)]
    comparisons = [
        compared | {"id": f"cmp_{n:016x}", "outlet_id": f"outlet-{n:02d}", "article_ids": compared["article_ids"] * (1 + n % 3)} for n in range(many)
    ]
    values = comparison_values(from_records({"outlets": outlets, "events": held["events"], "comparisons": comparisons}))
    assert values["comparisons_summary"].endswith(f"The first {MAX_OUTLETS} of {many} outlets are shown; 3 more are not.")
    rows = [line for line in values["coverage_table"].splitlines()[2:]]
    assert len(rows) == MAX_OUTLETS
    assert [int(row.split(" | ")[2]) for row in rows] == [3] * 7 + [2] * 8 + [1] * 5  # most articles first, then by id
    assert rows[0].startswith("| Outlet 02 (`outlet-02`) |") and rows[-1].startswith("| Outlet 12 (`outlet-12`) |")
    assert len(values["source_types_table"].splitlines()) == len(values["verbs_table"].splitlines()) == MAX_OUTLETS + 2
