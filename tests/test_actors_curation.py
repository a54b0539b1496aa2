"""A curator's decisions about who is who (toolkit.actors.curation), and the measures counting merged actors as one.

Every person, outlet and organization here is fictional, written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_align_run import make_folder, own

from toolkit import flows
from toolkit.actors.curation import CurationRefused, apply_decisions, detail, is_human, listing, merge, rename, split, write_decisions
from toolkit.actors.identity import canonical_actors, canonical_claim, canonical_ids
from toolkit.align.run import Dataset, counted_as_one
from toolkit.flows import Session
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.store import Summary, merge_registry, write_items
from toolkit.validate import validate
from toolkit.validate.record import record_problems

DAY = "2026-01-02"


def actor(name: str, **fields: Any) -> dict[str, Any]:
    """A fictional actor record, found by a program unless its provenance says otherwise."""
    return with_id({"type": "actor", "name": name, "actor_type": "person", "provenance": {"method": "rules"}} | fields)


def registry(*records: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Actors by id."""
    return {r["id"]: r for r in records}


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    """Four fictional people, two names of one of them, and a namesake."""
    return registry(
        actor("Anna Lind", aliases=["Lind"], wikidata="Q99999001", roles=[{"title": "Mayor"}], source_type="official"),
        actor("Lind"),
        actor("A. Lind"),
        actor("Piet Holm"),
        actor("Holm"),
    )


def test_merge_makes_a_human_record_pointing_at_the_target(people: dict[str, dict[str, Any]]) -> None:
    made = merge(people, "lind", "anna-lind", date=DAY)
    assert made["id"] == "lind" and made["same_as"] == "anna-lind" and made["name"] == "Lind"
    assert made["provenance"] == {"method": "human", "tool": "parallax actors", "note": "the same actor as anna-lind (merged by a curator)", "created": DAY}
    assert is_human(made) and record_problems(made) == []
    assert canonical_ids({**people, "lind": made})["lind"] == "anna-lind"


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [("nobody", "anna-lind", "curate.unknown-actor"), ("lind", "nobody", "curate.unknown-actor"), ("lind", "lind", "curate.same-actor")],
)
def test_merge_refuses_ids_it_cannot_use(people: dict[str, dict[str, Any]], source: str, target: str, code: str) -> None:
    with pytest.raises(CurationRefused) as refused:
        merge(people, source, target)
    assert refused.value.code == code and str(refused.value).startswith(f"{code}: ")


def test_merge_refuses_a_cycle_directly_and_through_a_chain(people: dict[str, dict[str, Any]]) -> None:
    people["lind"] = merge(people, "lind", "anna-lind")
    with pytest.raises(CurationRefused) as refused:
        merge(people, "anna-lind", "lind")
    assert refused.value.code == "curate.cycle"
    people["a-lind"] = merge(people, "a-lind", "lind")  # a-lind -> lind -> anna-lind
    with pytest.raises(CurationRefused) as chained:
        merge(people, "anna-lind", "a-lind")
    assert chained.value.code == "curate.cycle"


def test_merge_refuses_actors_kept_apart_directly_and_through_a_chain(people: dict[str, dict[str, Any]]) -> None:
    people["holm"] |= {"distinct_from": ["piet-holm"]}
    with pytest.raises(CurationRefused) as refused:
        merge(people, "piet-holm", "holm")
    assert refused.value.code == "curate.distinct"
    people["lind"] = merge(people, "lind", "anna-lind")
    people["a-lind"] |= {"distinct_from": ["lind"]}
    with pytest.raises(CurationRefused) as chained:
        merge(people, "a-lind", "anna-lind")  # lind is merged into anna-lind, so a-lind would become one with lind
    assert chained.value.code == "curate.distinct"


def test_split_keeps_two_actors_apart_and_removes_the_link_between_them(people: dict[str, dict[str, Any]]) -> None:
    people["lind"] = merge(people, "lind", "anna-lind")
    made = {r["id"]: r for r in split(people, "lind", "anna-lind", date=DAY)}
    assert made["lind"]["distinct_from"] == ["anna-lind"] and made["anna-lind"]["distinct_from"] == ["lind"]
    assert "same_as" not in made["lind"] and all(is_human(r) and record_problems(r) == [] for r in made.values())
    ids = canonical_ids({**people, **made})
    assert ids["lind"] != ids["anna-lind"]


def test_split_breaks_a_chain_that_made_two_actors_one(people: dict[str, dict[str, Any]]) -> None:
    people["a-lind"] = merge(people, "a-lind", "lind")
    people["lind"] = merge(people, "lind", "anna-lind")
    made = {r["id"]: r for r in split(people, "a-lind", "anna-lind")}
    ids = canonical_ids({**people, **made})
    assert ids["a-lind"] == "a-lind" and ids["anna-lind"] == "anna-lind" and ids["lind"] == "anna-lind"
    with pytest.raises(CurationRefused) as refused:
        merge({**people, **made}, "a-lind", "lind")
    assert refused.value.code == "curate.distinct"


def test_rename_makes_a_new_actor_and_the_old_one_the_same_as_it(people: dict[str, dict[str, Any]]) -> None:
    new, old = rename(people, "anna-lind", "Anna Maria Lind", date=DAY)
    assert new["id"] == "anna-maria-lind" and new["name"] == "Anna Maria Lind" and new["aliases"] == ["Lind", "Anna Lind"]
    assert new["wikidata"] == "Q99999001" and new["roles"] == [{"title": "Mayor"}] and new["source_type"] == "official"
    assert old["id"] == "anna-lind" and old["same_as"] == "anna-maria-lind" and "wikidata" not in old
    assert all(is_human(r) and record_problems(r) == [] for r in (new, old))
    assert canonical_ids({**people, new["id"]: new, old["id"]: old})["anna-lind"] == "anna-maria-lind"


def test_rename_refuses_an_existing_id_and_a_name_without_letters(people: dict[str, dict[str, Any]]) -> None:
    with pytest.raises(CurationRefused) as exists:
        rename(people, "lind", "Anna Lind")
    assert exists.value.code == "curate.exists" and "parallax actors merge lind anna-lind" in str(exists.value)
    with pytest.raises(CurationRefused) as empty:
        rename(people, "lind", " ... ")
    assert empty.value.code == "curate.name"


def test_a_new_spelling_of_the_same_id_changes_the_name_only(people: dict[str, dict[str, Any]]) -> None:
    (made,) = rename(people, "piet-holm", "PIET  HOLM")
    assert made["id"] == "piet-holm" and made["name"] == "PIET HOLM" and made["aliases"] == ["Piet Holm"]


def test_human_decisions_survive_a_rerun_that_disagrees() -> None:
    human = registry(
        actor("Lind", provenance={"method": "human", "note": "split"}, distinct_from=["anna-lind"]),
        actor("Holm", provenance={"method": "human", "note": "merged"}, same_as="piet-holm"),
    )
    automatic = registry(
        actor("Anna Lind"),
        actor("Lind", same_as="anna-lind"),  # the pass thinks Lind is Anna Lind: the curator said no
        actor("Holm"),  # the pass found nothing for Holm: the curator's merge stays
        actor("Piet Holm"),
        actor("A. Lind", same_as="lind"),  # a chain: a-lind -> lind is allowed, lind -> anna-lind is not
        actor("Lind Anna", same_as="a-lind"),
    )
    decided = apply_decisions(automatic, human)
    assert decided["lind"] == human["lind"] and decided["holm"] == human["holm"]
    assert decided["a-lind"]["same_as"] == "lind" and decided["lind-anna"]["same_as"] == "a-lind"
    ids = canonical_ids(decided)
    assert ids["holm"] == "piet-holm" and ids["lind"] != ids["anna-lind"] and ids["lind-anna"] == "lind"
    assert list(decided) == sorted(decided)
    assert apply_decisions(decided, human) == decided  # a second run changes nothing
    assert apply_decisions(dict(reversed(list(automatic.items()))), human) == decided


def test_a_distinct_from_blocks_a_link_through_a_chain_in_either_direction() -> None:
    human = registry(actor("Anna Lind", provenance={"method": "human"}, distinct_from=["lind-anna"]))
    automatic = registry(actor("Anna Lind"), actor("Lind", same_as="anna-lind"), actor("Lind Anna", same_as="lind"))
    decided = apply_decisions(automatic, human)
    ids = canonical_ids(decided)
    assert ids["lind"] == "anna-lind" and ids["lind-anna"] == "lind-anna" and "same_as" not in decided["lind-anna"]
    assert automatic["lind-anna"]["same_as"] == "lind"  # the records given are not changed


def claim(number: int, actor_id: str | None, mention: str, article: str, outlet: str) -> dict[str, Any]:
    """The parts of a claim a listing reads."""
    return {
        "type": "claim",
        "id": f"clm_{number:016x}",
        "article_id": article,
        "outlet_id": outlet,
        "speaker": {"actor_id": actor_id, "mention": {"text": mention}},
    }


def test_listing_counts_merged_actors_as_one_with_their_mentions(people: dict[str, dict[str, Any]]) -> None:
    people["lind"] = merge(people, "lind", "anna-lind")
    claims = [
        claim(1, "anna-lind", "Anna Lind", "art_1", "harbor-gazette"),
        claim(2, "lind", "Lind", "art_1", "harbor-gazette"),
        claim(3, "lind", "Lind", "art_2", "brisk-courier"),
        claim(4, "piet-holm", "Holm", "art_2", "brisk-courier"),
        claim(5, None, "a spokesman", "art_2", "brisk-courier"),
        claim(6, "ghost", "Ghost", "art_3", "brisk-courier"),
    ]
    rows = {row["id"]: row for row in listing(people, claims)}
    assert "lind" not in rows and [row["id"] for row in listing(people, claims)][:3] == ["anna-lind", "ghost", "piet-holm"]
    lind = rows["anna-lind"]
    assert (lind["claims"], lind["articles"], lind["outlets"], lind["merged"]) == (3, 2, 2, ["lind"])
    assert lind["mentions"] == [{"text": "Lind", "count": 2}, {"text": "Anna Lind", "count": 1}]
    assert lind["source_type"] == "official" and rows["ghost"]["name"] is None and rows["holm"]["claims"] == 0
    shown = detail(people, claims, "lind")
    assert shown["actor"]["id"] == "anna-lind" and [r["id"] for r in shown["merged_records"]] == ["lind"]
    assert shown["outlets"] == [{"outlet_id": "harbor-gazette", "count": 2}, {"outlet_id": "brisk-courier", "count": 1}]


def test_canonical_records_carry_the_names_of_the_actors_merged_into_them(people: dict[str, dict[str, Any]]) -> None:
    people["lind"] = merge(people, "lind", "anna-lind")
    people["a-lind"] = merge(people, "a-lind", "lind")
    found = canonical_actors(people)
    assert sorted(found) == ["anna-lind", "holm", "piet-holm"]
    assert found["anna-lind"]["aliases"] == ["Lind", "A. Lind"] and people["anna-lind"]["aliases"] == ["Lind"]
    label = {"scheme": "loaded_label", "label": "the veteran", "target_actor_id": "lind"}
    stored = claim(1, "a-lind", "A. Lind", "art_1", "harbor-gazette") | {"intermediary": [{"actor_id": "lind"}], "framing": [label]}
    copied = canonical_claim(stored, canonical_ids(people))
    assert copied["speaker"]["actor_id"] == "anna-lind" and copied["intermediary"] == [{"actor_id": "anna-lind"}]
    assert copied["framing"] == [label | {"target_actor_id": "anna-lind"}] and stored["framing"] == [label]
    assert stored["speaker"]["actor_id"] == "a-lind" and stored["intermediary"] == [{"actor_id": "lind"}]


def test_decisions_are_written_sorted_with_the_actors_they_name(people: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    write_jsonl(tmp_path / "actors.jsonl", [people["piet-holm"], people["holm"]])
    copied = write_decisions(tmp_path, [merge(people, "holm", "anna-lind")], people)
    assert [r["id"] for r in copied] == ["anna-lind"]
    stored = [r for _p, r in read_records([tmp_path / "actors.jsonl"])]
    assert [r["id"] for r in stored] == ["anna-lind", "holm", "piet-holm"] and stored[1]["same_as"] == "anna-lind"
    assert validate([str(tmp_path)], jobs=1).problems == []


def _speakers(folder: Path, measure: str = "source_selection") -> set[str | None]:
    """The actors of the rows of one measure of every comparison align wrote."""
    return {row["actor_id"] for c in own(folder, "comparisons") for row in c["measures"][measure]}


def test_the_measures_count_an_actor_merged_into_another_as_that_actor(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    claims_file = folder / "claims" / "synthetic.jsonl"
    claims = [r for _p, r in read_records([claims_file])]
    short = [c for c in claims if (c["speaker"].get("mention") or {}).get("text") == "Olsen"]
    assert short and any(c["speaker"]["actor_id"] == "mira-olsen" for c in claims if c not in short)
    for c in short:
        c["speaker"]["actor_id"] = "olsen"
    write_jsonl(claims_file, claims)
    actors = [r for _p, r in read_records([folder / "actors.jsonl"])]
    # an imported actor (the dataset pass links only the actors extraction made): two actors until a curator merges them
    olsen = with_id({"type": "actor", "name": "Olsen", "actor_type": "person", "provenance": {"method": "import"}})
    write_jsonl(folder / "actors.jsonl", [*actors, olsen])
    flows.align(Session(None), folder)
    assert {"mira-olsen", "olsen"} <= _speakers(folder)  # two actors, counted apart
    assert "olsen" in _speakers(folder, "labeling")
    write_decisions(folder, [merge(registry(*actors, olsen), "olsen", "mira-olsen")], registry(*actors, olsen))
    flows.align(Session(None), folder)
    assert "olsen" not in _speakers(folder) and "mira-olsen" in _speakers(folder)
    labels = [row for c in own(folder, "comparisons") for row in c["measures"]["labeling"]]
    assert "olsen" not in {row["actor_id"] for row in labels} and any(r["actor_id"] == "mira-olsen" and r["term"] == "Olsen" for r in labels)
    rows = [row for c in own(folder, "comparisons") for row in c["measures"]["source_selection"] if row["actor_id"] == "mira-olsen"]
    assert sum(row["claims"] for row in rows) == sum(1 for c in claims if c["speaker"]["actor_id"] in ("mira-olsen", "olsen") and c["kind"] != "narrator")
    bridge = next(e for e in own(folder, "events") if len(e["article_ids"]) == 3)
    assert "olsen" not in bridge["participants"] and bridge["participants"][0] == "mira-olsen"
    assert [r for _p, r in read_records([claims_file])] == claims  # the stored claims are not changed
    assert validate([str(folder)], jobs=1).problems == []


def test_counted_as_one_leaves_the_data_read_unchanged() -> None:
    anna, lind = actor("Anna Lind"), actor("Lind", same_as="anna-lind")
    data = Dataset(actors=registry(anna, lind))
    data.claims["art_1"].append(claim(1, "lind", "Lind", "art_1", "harbor-gazette"))
    view = counted_as_one(data)
    assert view.claims["art_1"][0]["speaker"]["actor_id"] == "anna-lind" and sorted(view.actors) == ["anna-lind"]
    assert view.actors["anna-lind"]["aliases"] == ["Lind"]
    assert data.claims["art_1"][0]["speaker"]["actor_id"] == "lind" and sorted(data.actors) == ["anna-lind", "lind"]


def test_a_folder_writer_leaves_a_decision_as_the_curator_wrote_it(people: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    write_decisions(tmp_path, split(people, "lind", "anna-lind"), people)
    before = (tmp_path / "actors.jsonl").read_bytes()
    automatic = people["lind"] | {"same_as": "anna-lind", "aliases": ["L."]}
    summary = write_items([("registry", automatic)], tmp_path, Summary())
    assert summary.problems == [] and (tmp_path / "actors.jsonl").read_bytes() == before
    assert merge_registry({**people["holm"], "provenance": {"method": "human"}}, people["holm"] | {"same_as": "piet-holm"}).get("same_as") is None
