"""One actor per entity across a dataset (toolkit.actors.dataset), and the pass as convert and extract run it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit import flows
from toolkit.actors.curation import apply_decisions
from toolkit.actors.dataset import resolve_dataset
from toolkit.actors.identity import canonical_ids
from toolkit.actors.sources import implied_source_type
from toolkit.flows import Session
from toolkit.records import with_id, write_jsonl
from toolkit.validate import validate


def made(name: str, actor_type: str = "person", **extra: Any) -> dict[str, Any]:
    """An actor record as extraction makes it."""
    return with_id({"type": "actor", "name": name, "actor_type": actor_type, "provenance": {"method": "rules", "tool": "parallax extract"}, **extra})


def said(actor: str, times: int = 1, outlet: str = "the-daily-lantern", role: str | None = None) -> list[dict[str, Any]]:
    """Claims (as the pass reads them) spoken by an actor."""
    speaker: dict[str, Any] = {"actor_id": actor, **({"role": role} if role else {})}
    return [{"speaker": speaker, "outlet_id": outlet} for _ in range(times)]


def passed(actors: list[dict[str, Any]], claims: list[dict[str, Any]]) -> dict[str, str]:
    """Every actor id -> the id it stands for after the pass."""
    result, _report = resolve_dataset({a["id"]: a for a in actors}, claims, decide=apply_decisions, typed=implied_source_type)
    return canonical_ids(result)


def test_a_surname_joins_the_one_full_name_of_that_surname() -> None:
    actors = [made("Ingrid van der Holt"), made("Van der Holt"), made("Taras Kovalenko"), made("Kovalenko")]
    ids = passed(actors, said("ingrid-van-der-holt") + said("van-der-holt") + said("kovalenko"))
    assert ids["van-der-holt"] == "ingrid-van-der-holt" and ids["kovalenko"] == "taras-kovalenko"


def test_namesakes_stay_two_and_a_surname_between_them_is_reported() -> None:
    actors = [made("Hillary Clinton"), made("Bill Clinton"), made("Clinton")]
    result, report = resolve_dataset({a["id"]: a for a in actors}, said("hillary-clinton", 3) + said("bill-clinton", 2) + said("clinton"))
    ids = canonical_ids(result)
    assert ids["hillary-clinton"] != ids["bill-clinton"] and ids["clinton"] == "clinton"
    assert report.ambiguous == {"clinton": ["bill-clinton", "hillary-clinton"]}
    # one of them named far more often (three times all the others together) takes the surname
    assert passed(actors, said("hillary-clinton", 9) + said("bill-clinton", 3))["clinton"] == "hillary-clinton"


def test_full_names_join_across_initials_nicknames_and_spellings() -> None:
    actors = [made("Donald J. Trump"), made("Donald Trump"), made("Joseph R. Biden Jr."), made("Joe Biden"), made("Taras Kovalenkiy"), made("Taras Kovalenko")]
    ids = passed(actors, said("donald-trump", 2) + said("joe-biden", 2) + said("taras-kovalenkiy", 2))
    assert ids["donald-j-trump"] == ids["donald-trump"] == "donald-trump"
    assert ids["joseph-r-biden-jr"] == ids["joe-biden"] == "joe-biden"
    assert ids["taras-kovalenko"] == ids["taras-kovalenkiy"] == "taras-kovalenkiy"
    assert len({passed([made("Ada Lind"), made("Vera Lind")], [])[x] for x in ("ada-lind", "vera-lind")}) == 2


def test_acronyms_and_registry_names_win() -> None:
    registry = {
        "type": "actor",
        "id": "russian-government",
        "name": "Russian government",
        "actor_type": "government",
        "aliases": ["Moscow"],
        "provenance": {"method": "human"},
    }
    actors = [made("Harbour Safety Board", "organization"), made("HSB", "organization"), made("Moscow", "government"), registry]
    ids = passed(actors, [])
    assert ids["hsb"] == "harbour-safety-board" and ids["moscow"] == "russian-government"


def test_a_curators_decisions_win_and_the_pass_gives_the_same_bytes_again() -> None:
    holt, short = made("Ingrid van der Holt"), made("Van der Holt")
    kept_apart = with_id(
        {"type": "actor", "name": "Van der Holt", "actor_type": "person", "distinct_from": ["ingrid-van-der-holt"], "provenance": {"method": "human"}}
    )
    assert passed([holt, kept_apart], said("van-der-holt"))["van-der-holt"] == "van-der-holt"
    claims = said("ingrid-van-der-holt", 2, role="European Commission President") + said("van-der-holt", 1, "fox-news", role="the Commission president")
    first, _ = resolve_dataset({a["id"]: a for a in (holt, short)}, claims, decide=apply_decisions, typed=implied_source_type)
    again, _ = resolve_dataset(first, claims, decide=apply_decisions, typed=implied_source_type)
    assert first == again
    assert first["van-der-holt"]["same_as"] == "ingrid-van-der-holt" and "descriptions" not in first["van-der-holt"]
    assert first["ingrid-van-der-holt"]["descriptions"] == [
        {"text": "European Commission President", "outlet_id": "the-daily-lantern", "voice": "outlet", "count": 2},
        {"text": "the Commission president", "outlet_id": "fox-news", "voice": "outlet", "count": 1},
    ]
    assert first["ingrid-van-der-holt"]["source_type"] == "official"


def test_convert_links_what_extraction_made_and_the_folder_validates(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "one.txt").write_text("Quay rules change\n\nPort Director Vera Lind said on Monday the fees will fall.\n", encoding="utf-8")
    (inputs / "two.txt").write_text("Fees to fall\n\nLind said the fees will fall in spring. Lind added that ships will wait.\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = flows.convert(Session(None), [str(p) for p in sorted(inputs.iterdir())], out, outlet="the-guardian")
    assert not [p for p in summary.problems if p.severity == "error"]
    lines = (out / "actors.jsonl").read_bytes()
    assert b'"id":"lind"' in lines and b'"same_as":"vera-lind"' in lines
    assert validate([str(out)], jobs=1).problems == []
    flows.resolve_actors(Session(None), out)
    assert (out / "actors.jsonl").read_bytes() == lines  # a second pass changes no byte
    write_jsonl(out / "actors.jsonl", [*map(__import__("json").loads, lines.splitlines())])
    assert validate([str(out)], jobs=1).problems == []


def test_actors_found_in_earlier_runs_do_not_decide_who_a_new_article_names(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "one.txt").write_text("Ferry fees\n\nBrek said the fees will fall.\n", encoding="utf-8")
    flows.convert(Session(None), [str(inputs / "one.txt")], out, outlet="the-guardian")
    assert b'"id":"brek"' in (out / "actors.jsonl").read_bytes()  # a surname alone, an actor of its own
    (inputs / "two.txt").write_text("Quay rules\n\nAda Brek opened the quay. Brek said the quay was unsafe.\n", encoding="utf-8")
    flows.convert(Session(None), [str(inputs / "two.txt")], out, outlet="the-guardian")
    claims = [r for p in sorted((out / "claims").glob("*.jsonl")) for r in map(__import__("json").loads, p.read_text().splitlines())]
    said = {c["content"]["text"]: c["speaker"]["actor_id"] for c in claims}
    assert said["the quay was unsafe"] == "ada-brek" and said["the fees will fall"] == "brek"
    assert validate([str(out)], jobs=1).problems == []
