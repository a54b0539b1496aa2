"""`parallax actors`: list, show, merge, split and rename in a project made with `parallax init`.

Every person, outlet and organization here is fictional, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from toolkit.actors.curation import apply_decisions, is_human
from toolkit.actors.identity import canonical_ids
from toolkit.cli import cli
from toolkit.records import read_records, with_id, write_jsonl
from toolkit.validate import validate

PEOPLE = [("Anna Lind", ["Lind"]), ("Lind", []), ("Piet Holm", []), ("Holm", [])]


def run(project: Path, *args: str) -> Result:
    """Run a command of the project, as from its folder."""
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


def claim(number: int, actor_id: str, mention: str, article: str, outlet: str) -> dict[str, Any]:
    """The parts of a claim a listing reads (a listing does not validate what it reads)."""
    return {
        "type": "claim",
        "id": f"clm_{number:016x}",
        "article_id": article,
        "outlet_id": outlet,
        "kind": "direct_quote",
        "speaker": {"actor_id": actor_id, "mention": {"text": mention}},
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project made with `parallax init`, with four fictional people in its data/actors.jsonl and a few claims."""
    made = CliRunner().invoke(cli, ["init", str(tmp_path / "proj")])
    assert made.exit_code == 0, made.output
    root = tmp_path / "proj"
    people = [with_id({"type": "actor", "name": n, "actor_type": "person", "aliases": a, "provenance": {"method": "rules"}}) for n, a in PEOPLE]
    write_jsonl(root / "data" / "actors.jsonl", [{k: v for k, v in p.items() if v != []} for p in people])
    claims = [
        claim(1, "anna-lind", "Anna Lind", "art_0000000000000001", "harbor-gazette"),
        claim(2, "lind", "Lind", "art_0000000000000001", "harbor-gazette"),
        claim(3, "lind", "Lind", "art_0000000000000002", "brisk-courier"),
        claim(4, "holm", "Holm", "art_0000000000000002", "brisk-courier"),
    ]
    write_jsonl(root / "claims.jsonl", claims)  # beside data/: read only when named
    return root


def stored(project: Path) -> dict[str, dict[str, Any]]:
    """The actor records of the project's data/actors.jsonl, by id."""
    return {r["id"]: r for _p, r in read_records([project / "data" / "actors.jsonl"])}


def listed(project: Path, *args: str) -> dict[str, dict[str, Any]]:
    """The rows of `parallax actors list --format json` over the project's data/ and its claims, by id."""
    done = run(project, "actors", "list", str(project / "data"), str(project / "claims.jsonl"), "--format", "json", *args)
    assert done.exit_code == 0, done.output
    return {row["id"]: row for row in json.loads(done.stdout)["actors"]}


def test_merge_split_rename_round_trip_through_the_project_file(project: Path) -> None:
    assert listed(project)["lind"]["claims"] == 2
    merged = run(project, "actors", "merge", "lind", "anna-lind")
    assert merged.exit_code == 0, merged.output
    assert "merged lind into anna-lind" in merged.stdout and "data/actors.jsonl" in merged.stdout
    assert stored(project)["lind"]["same_as"] == "anna-lind" and is_human(stored(project)["lind"])
    rows = listed(project)
    assert "lind" not in rows and rows["anna-lind"]["claims"] == 3 and rows["anna-lind"]["merged"] == ["lind"]
    assert rows["anna-lind"]["mentions"] == [{"text": "Lind", "count": 2}, {"text": "Anna Lind", "count": 1}]
    split = run(project, "actors", "split", "lind", "anna-lind")
    assert split.exit_code == 0, split.output
    assert "same_as" not in stored(project)["lind"] and stored(project)["anna-lind"]["distinct_from"] == ["lind"]
    assert listed(project)["lind"]["claims"] == 2
    renamed = run(project, "actors", "rename", "holm", "Piet J. Holm")
    assert renamed.exit_code == 0, renamed.output
    assert stored(project)["holm"]["same_as"] == "piet-j-holm" and stored(project)["piet-j-holm"]["aliases"] == ["Holm"]
    assert listed(project)["piet-j-holm"]["claims"] == 1
    assert validate([str(project / "data")], jobs=1).problems == []
    lines = (project / "data" / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == sorted(json.loads(line)["id"] for line in lines)


def test_decisions_in_the_project_survive_an_automatic_pass_that_disagrees(project: Path) -> None:
    assert run(project, "actors", "split", "lind", "anna-lind").exit_code == 0
    assert run(project, "actors", "merge", "holm", "piet-holm").exit_code == 0
    human = {rid: r for rid, r in stored(project).items() if is_human(r)}
    automatic = {rid: dict(r, provenance={"method": "rules"}) for rid, r in stored(project).items()}
    automatic["lind"] = automatic["lind"] | {"same_as": "anna-lind"}
    del automatic["holm"]["same_as"]
    ids = canonical_ids(apply_decisions(automatic, human))
    assert ids["lind"] == "lind" and ids["holm"] == "piet-holm"


@pytest.mark.parametrize(
    ("args", "code", "status"),
    [
        (["merge", "nobody", "anna-lind"], "curate.unknown-actor", 2),
        (["merge", "lind", "lind"], "curate.same-actor", 2),
        (["rename", "lind", "!!"], "curate.name", 2),
        (["rename", "lind", "Holm"], "curate.exists", 1),
    ],
)
def test_refusals_are_coded_lines_with_their_exit_status_and_write_nothing(project: Path, args: list[str], code: str, status: int) -> None:
    before = (project / "data" / "actors.jsonl").read_bytes()
    done = run(project, "actors", *args)
    assert done.exit_code == status and f"parallax: {code}: " in done.stderr and "Traceback" not in done.output
    assert (project / "data" / "actors.jsonl").read_bytes() == before


def test_a_cycle_and_a_merge_of_actors_kept_apart_are_refused(project: Path) -> None:
    assert run(project, "actors", "merge", "lind", "anna-lind").exit_code == 0
    back = run(project, "actors", "merge", "anna-lind", "lind", "--format", "json")
    assert back.exit_code == 1 and json.loads(back.stdout)["refused"] == "curate.cycle"
    assert run(project, "actors", "split", "holm", "piet-holm").exit_code == 0
    apart = run(project, "actors", "merge", "holm", "piet-holm")
    assert apart.exit_code == 1 and "curate.distinct" in apart.stderr


def test_into_writes_another_folder_with_the_registry_actors_it_names(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["actors", "merge", "mark-rutte", "nato", "--into", str(tmp_path / "mine"), "--format", "json"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["copied"] == ["nato"] and summary["records"][0]["same_as"] == "nato"
    assert validate([str(tmp_path / "mine")], jobs=1).problems == []


def test_list_filters_and_show_names_the_actor_an_id_stands_for(project: Path) -> None:
    assert run(project, "actors", "merge", "lind", "anna-lind").exit_code == 0
    assert sorted(listed(project, "--min-claims", "1")) == ["anna-lind", "holm"]
    assert sorted(listed(project, "--search", "LIND")) == ["anna-lind"]
    table = run(project, "actors", "list", str(project / "data"), str(project / "claims.jsonl"))
    assert table.exit_code == 0 and "merged: lind" in table.stdout and "mentions: 'Lind' 2, 'Anna Lind' 1" in table.stdout
    shown = run(project, "actors", "show", "lind", str(project / "data"), str(project / "claims.jsonl"))
    assert shown.exit_code == 0 and shown.stdout.startswith("lind is merged into anna-lind\nanna-lind  Anna Lind (person): 3 claims")
    assert "outlet: harbor-gazette 2" in shown.stdout
    unknown = run(project, "actors", "show", "nobody")
    assert unknown.exit_code == 2 and "curate.unknown-actor" in unknown.stderr
