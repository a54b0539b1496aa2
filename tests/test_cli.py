"""The `parallax` command line: exit codes, output formats, help texts, and no traceback for any input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import Seed

from toolkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("parallax")
TEXT_LINE = re.compile(
    r"^(?P<file>.+?)(:(?P<line>\d+)(:(?P<column>\d+))?)?: (?P<severity>error|warning)\[(?P<code>[a-z0-9.-]+)\]( (?P<pointer>/\S*))?: (?P<message>.+)$"
)
ANNOTATION = re.compile(r"^::(?P<severity>error|warning) (?P<props>(file=[^,:]*,)?(line=\d+,)?(col=\d+,)?title=[^,:]+)::(?P<data>.*)$")


def column(line: bytes, key: str) -> int:
    """1-based column of a key in a JSON line (ASCII lines)."""
    return line.index(f'"{key}"'.encode()) + 1


def invoke(*args: str) -> Result:
    """Run the CLI in this process."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_script(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would."""
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def flawed(seed: Seed, dataset: Path) -> Path:
    """A dataset with an orphan claim, a line that is not JSON, a record with a wrong id, and a blank line."""
    wrong_id = seed.claim_at(10, 20) | {"id": "clm_" + "0" * 16}
    (dataset / "claims" / "x.jsonl").write_bytes(seed.orphan_line(1) + b"{nope\n" + json.dumps(wrong_id).encode() + b"\n\n")
    return dataset


# Exit codes.


def test_shipped_data_is_clean_by_default() -> None:
    done = run_script("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("checked ") and "0 errors" in done.stdout


def test_clean_dataset_exits_0(dataset: Path) -> None:
    result = invoke("validate", str(dataset))
    assert result.exit_code == 0 and result.stdout.startswith("checked 22 records in 4 files")


def test_warnings_alone_exit_0(dataset: Path) -> None:
    (dataset / "README.md").write_text("notes\n")
    result = invoke("validate", str(dataset))
    assert result.exit_code == 0 and "warning[file.unknown]" in result.stdout


def test_problems_exit_1(flawed: Path) -> None:
    assert invoke("validate", str(flawed)).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no/such/path"],
        ["validate", "--format", "xml", "data"],
        ["validate", "--jobs", "0", "data"],
        ["validate", "--max-line-bytes", "10", "data"],
        ["validate", "--no-such-option"],
        ["no-such-command"],
    ],
    ids=["missing-path", "bad-format", "bad-jobs", "bad-limit", "bad-option", "bad-command"],
)
def test_usage_and_io_errors_exit_2(args: list[str]) -> None:
    done = run_script(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_default_path_missing_exits_2(tmp_path: Path) -> None:
    done = run_script("validate", cwd=tmp_path)
    assert done.returncode == 2 and "no data folder: name one, run inside a project, or make a project with: parallax init DIR" in done.stderr


def test_missing_path_beside_good_data_still_reports_the_rest(flawed: Path, tmp_path: Path) -> None:
    result = invoke("validate", str(flawed), str(tmp_path / "gone.jsonl"))
    assert result.exit_code == 2
    assert "error[io.not-found]" in result.stdout and "error[ref.unknown-article]" in result.stdout


# Output formats.


def problem_lines(flawed: Path, output: str) -> list[str]:
    """The output lines of one format for the flawed dataset."""
    result = invoke("validate", "--format", output, str(flawed))
    assert result.exit_code == 1
    return result.stdout.splitlines()


def test_text_format(flawed: Path) -> None:
    lines = problem_lines(flawed, "text")
    x = flawed / "claims" / "x.jsonl"
    raw = x.read_bytes().splitlines()
    assert f"{x}:1:{column(raw[0], 'article_id')}: error[ref.unknown-article] /article_id: article 'art_0000000000000001' is not defined" in lines
    assert any(line.startswith(f"{x}:2:2: error[line.json]: not JSON") for line in lines)
    assert any(line.startswith(f"{x}:3:{column(raw[2], 'id')}: error[id.not-derived] /id: ") for line in lines)
    assert f"{x}:4: warning[line.blank]: blank line" in lines
    assert all(TEXT_LINE.match(line) for line in lines[:-1])
    assert re.fullmatch(r"checked 24 records in 5 files \(.*\): 3 errors, 1 warnings", lines[-1])


def test_json_format(flawed: Path) -> None:
    document = json.loads("\n".join(problem_lines(flawed, "json")))
    assert document["valid"] is False
    found = {(p["line"], p["code"], p["pointer"]) for p in document["problems"]}
    assert found == {(1, "ref.unknown-article", "/article_id"), (2, "line.json", ""), (3, "id.not-derived", "/id"), (4, "line.blank", "")}
    assert document["summary"]["errors"] == 3 and document["summary"]["warnings"] == 1


def test_github_format(flawed: Path) -> None:
    lines = problem_lines(flawed, "github")
    start, end = lines.index("::group::all problems"), lines.index("::endgroup::")
    annotations, listed = lines[:start], lines[start + 1 : end]
    assert len(annotations) == len(listed) == 4
    assert all(ANNOTATION.match(a) for a in annotations)
    x = flawed / "claims" / "x.jsonl"
    assert f"::error file={x},line=2,col=2,title=line.json::not JSON" in "\n".join(annotations)
    assert listed == problem_lines(flawed, "text")[:-1]
    assert lines[-1].startswith("checked ")


def test_github_format_escapes_file_names(seed: Seed, dataset: Path) -> None:
    odd = dataset / "claims" / "odd,name:1%.jsonl"
    odd.write_bytes(seed.orphan_line(1))
    lines = invoke("validate", "--format", "github", str(dataset)).stdout.splitlines()
    escaped = str(dataset / "claims" / "odd%2Cname%3A1%25.jsonl")
    at = column(odd.read_bytes(), "article_id")
    assert f"::error file={escaped},line=1,col={at},title=ref.unknown-article::/article_id: article 'art_0000000000000001' is not defined" in lines
    assert f"{odd}:1:{at}: error[ref.unknown-article] /article_id: article 'art_0000000000000001' is not defined" in lines


def test_clean_json_document(dataset: Path) -> None:
    document = json.loads(invoke("validate", "--format", "json", str(dataset)).stdout)
    assert document["valid"] is True and document["problems"] == []
    assert document["summary"]["records"] == {"actor": 8, "article": 1, "claim": 12, "outlet": 1}


def test_max_line_bytes_option(seed: Seed, dataset: Path) -> None:
    (dataset / "claims" / "x.jsonl").write_bytes(b'{"padding": "' + b"a" * 2000 + b'"}\n' + seed.orphan_line(2))
    result = invoke("validate", "--max-line-bytes", "1024", "--jobs", "1", str(dataset))
    assert f"{dataset / 'claims' / 'x.jsonl'}:1: error[line.too-long]" in result.stdout
    assert "error[ref.unknown-article]" in result.stdout


# Help texts and entry points.


def commands(group: click.Group, prefix: str = "parallax") -> Iterator[tuple[str, click.Command]]:
    """Every command under a group, with its full name."""
    yield prefix, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def test_every_command_and_option_has_help() -> None:
    for name, command in commands(cli):
        assert command.help and command.help.strip(), name
        assert command.get_short_help_str(), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help and param.help.strip(), f"{name} {param.opts}"
            else:
                assert param.human_readable_name.upper() in command.help, f"{name} does not explain {param.human_readable_name}"


def test_help_of_every_command_renders() -> None:
    for name, _command in commands(cli):
        result = invoke(*name.split()[1:], "--help")
        assert result.exit_code == 0 and result.stdout.startswith("Usage: "), name


def test_python_m_toolkit_help() -> None:
    done = subprocess.run([sys.executable, "-m", "toolkit", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "validate" in done.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("parallax, version ")


# No traceback reaches the user.


def garbage(root: Path) -> Path:
    """A folder of bad input of every kind."""
    root.mkdir()
    (root / "random.jsonl").write_bytes(bytes(range(256)) * 8)
    (root / "nul.jsonl").write_bytes(b"\x00\x00\n\x00{}\n")
    (root / "bom-crlf.jsonl").write_bytes(b'\xef\xbb\xbf[1]\r\n{"type": 5}\r\n')
    (root / "types.jsonl").write_bytes(b'{"type": ["claim"]}\n{"type": {"a": 1}}\n{"type": null}\n{"type": "claim", "id": 3}\n')
    (root / "numbers.jsonl").write_bytes(b'{"type": "claim", "x": 1e999}\n{"type": "outlet", "name": 123456789012345678901234567890}\nNaN\n')
    (root / "strings.jsonl").write_bytes(b'{"type": "claim", "a": "\\ud800"}\n{"\\u0000": "\\u0000"}\n')
    (root / "long.jsonl").write_bytes(b"[" + b"0," * 3000 + b"0]\n" + b'"' + b"x" * 5000)
    (root / "empty.jsonl").write_bytes(b"")
    (root / "notes.txt").write_text("hello")
    (root / "loop").symlink_to(".")
    (root / "self.jsonl").symlink_to("self.jsonl")
    os.mkfifo(root / "fifo.jsonl")
    return root


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_garbage_gives_problems_not_tracebacks(output: str, tmp_path: Path) -> None:
    folder = garbage(tmp_path / "garbage")
    done = run_script("validate", "--format", output, "--max-line-bytes", "4096", str(folder), "/proc/self/mem", str(folder / "notes.txt" / "x"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    for code in ("line.encoding", "line.not-object", "line.too-long", "io.symlink-loop", "io.not-a-file", "io.unreadable", "file.unknown", "file.empty"):
        assert code in done.stdout, code


@pytest.mark.parametrize("depth", [300, 1000])
def test_deep_nesting_gives_no_traceback(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"type": "outlet", "id": "x", "schema_version": "1.0.0", "name": "X", "aliases": [' + ("[" * depth + "]" * depth + ",") * 2 + '"a"]}\n')
    done = run_script("validate", str(path))
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
