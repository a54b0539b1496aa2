"""What every command shares: options, help with examples, JSON summaries, exit statuses, progress, internal errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from toolkit import cli as cli_module
from toolkit.cli import EXIT_CODES, Console, cli
from toolkit.cli import console as cli_console

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "golden" / "project"


def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every command by its full name ('score claims'), groups left out."""
    found: dict[str, click.Command] = {}
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found |= commands(command, f"{prefix}{name} ")
        else:
            found[f"{prefix}{name}"] = command
    return found


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_takes_the_common_options_and_shows_an_example(name: str) -> None:
    command = commands()[name]
    flags = {flag for param in command.params for flag in getattr(param, "opts", [])}
    assert {"--project", "-q", "--quiet", "-v", "--verbose", "--debug", "--format"} <= flags, name
    shown = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert shown.exit_code == 0 and re.search(r"Examples?:\n", shown.output), name
    assert command.short_help and command.short_help.endswith(".") and len(command.short_help) <= 110, name


def test_the_command_list_shows_whole_summaries() -> None:
    listed = " ".join(CliRunner().invoke(cli, ["--help"]).output.split("Commands:")[1].split())
    assert "..." not in listed
    for name, command in cli.commands.items():
        assert f"{name} {command.short_help}" in listed, name


def test_the_exit_statuses_documented_are_those_of_the_command_line() -> None:
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", doc, re.MULTILINE))
    assert {int(code): text for code, text in table.items()} == EXIT_CODES


def test_summaries_are_json_with_format_json(tmp_path: Path) -> None:
    made = CliRunner().invoke(cli, ["init", str(tmp_path / "proj"), "--format", "json"])
    assert made.exit_code == 0 and json.loads(made.stdout)["command"] == "init"
    done = CliRunner().invoke(cli, ["convert", str(INPUTS / "reuters-rutte.txt"), "--out", str(tmp_path / "out"), "--no-claims", "--format", "json"])
    summary = json.loads(done.stdout)
    assert done.exit_code == 0 and summary["written"] == {"article": 1, "outlet": 1} and summary["exit_code"] == 0
    assert summary["registry_added"] == {"outlet": 1} and summary["unresolved"]["articles_without_outlet"] == 0


def test_usage_errors_are_usage_errors_with_the_fix(tmp_path: Path) -> None:
    bad_date = CliRunner().invoke(cli, ["build", str(ROOT / "data"), "--out", str(tmp_path / "r"), "--date", "2026-99-01"])
    assert bad_date.exit_code == 2 and "'2026-99-01' is not a date YYYY-MM-DD" in bad_date.output and not (tmp_path / "r").exists()
    unknown = CliRunner().invoke(cli, ["import", "no-such-corpus", str(tmp_path)])
    assert unknown.exit_code == 2 and "known: " in unknown.output
    outside = CliRunner().invoke(cli, ["align", "--project", str(tmp_path)])
    assert outside.exit_code == 2 and "parallax init" in outside.output


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the entry point as the console script would; its exit status and standard error."""
    monkeypatch.setattr(sys, "argv", ["parallax", *args])
    monkeypatch.setattr(cli_console, "debug", False)
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    return int(exited.value.code or 0), capsys.readouterr().err


def test_an_internal_error_is_one_line_and_its_traceback_only_with_debug(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("something inside broke")

    monkeypatch.setattr("toolkit.project.init_project", broken)
    code, err = run_main(monkeypatch, capsys, "init", "anywhere")
    assert code == 3 and "internal error: RuntimeError: something inside broke" in err and "--debug" in err and "Traceback" not in err
    code, err = run_main(monkeypatch, capsys, "init", "anywhere", "--debug")
    assert code == 3 and "Traceback (most recent call last)" in err


def test_progress_is_one_rewritten_line_on_a_terminal_and_silent_elsewhere(capsys: pytest.CaptureFixture[str]) -> None:
    quiet = Console(quiet=False, verbose=False)
    quiet.live = False
    quiet.progress("extracting", 500)
    assert capsys.readouterr().err == ""
    shown = Console(quiet=False, verbose=False)
    shown.live = True
    shown.progress("extracting", 500)
    shown.progress("extracting", 1000)
    shown.finish()
    err = capsys.readouterr().err
    assert "\rextracting: 500" in err and "\rextracting: 1,000" in err and err.endswith("\r")
    told = Console(quiet=False, verbose=True)
    told.live = False
    for stage in ("validating", "validating", "grouping"):
        told.progress(stage)
    assert capsys.readouterr().err == "validating\ngrouping\n"


def test_outside_any_project_a_command_says_once_which_registries_it_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["convert", str(INPUTS / "reuters-rutte.txt"), str(INPUTS / "fox-rutte.html"), "--out", "mine", "--no-claims"])
    assert done.exit_code == 0, done.output
    assert done.stderr.count("no Parallax project here or above (no parallax.yaml): resolving against") == 1
    assert "outlets and" in done.stderr and "the packaged registries" in done.stderr
    inside = CliRunner().invoke(cli, ["init", "proj"])
    assert inside.exit_code == 0
    monkeypatch.chdir(tmp_path / "proj")
    quiet = CliRunner().invoke(cli, ["convert", str(INPUTS / "reuters-rutte.txt"), "--no-claims"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and "under data/" in quiet.stdout  # the project's data/, said by -v only


def test_every_long_step_reports_progress(tmp_path: Path) -> None:
    from toolkit import flows
    from toolkit.extract import extract_rules
    from toolkit.flows import Session

    stages: list[str] = []
    session = Session(None, lambda stage, done, total: stages.append(stage))
    flows.convert(session, [str(path) for path in sorted(INPUTS.iterdir())], tmp_path / "data", claims=False)
    flows.extract(session, [tmp_path / "data"], tmp_path / "extracted", extract_rules)
    flows.align(session, tmp_path / "extracted")
    flows.build(session, tmp_path / "extracted", tmp_path / "release", "1.0.0")
    said = list(dict.fromkeys(stage.split(":")[0] for stage in stages))
    assert said[:5] == ["converting", "converting, bytes read", "extracting", "resolving actors across the articles", "validating"]
    assert {"reading records", "comparing outlets", "building the release"} <= set(said)
