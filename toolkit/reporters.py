"""Interchangeable reporters of a validation report: text, json, github."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from toolkit import __version__
from toolkit.problems import Problem, Report

GITHUB_SHOWN = 10


def location(p: Problem) -> str:
    """path:line:col as far as known."""
    parts = [p.file or "<input>"]
    if p.line is not None:
        parts.append(str(p.line))
        if p.column is not None:
            parts.append(str(p.column))
    return ":".join(parts)


def text_line(p: Problem) -> str:
    """One problem as `path:line:col: severity[code] /pointer: message`."""
    pointer = f" {p.pointer}" if p.pointer else ""
    return f"{location(p)}: {p.severity}[{p.code}]{pointer}: {p.message}"


def summary(report: Report) -> str:
    """One line: what was read and what was found."""
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.records.items())) or "no records"
    total = sum(report.records.values())
    return f"checked {total} records in {report.files} files ({counts}): {report.errors} errors, {report.warnings} warnings"


def report_text(report: Report, out: TextIO) -> None:
    """Plain text, one problem a line, then a summary."""
    for p in report.sorted_problems():
        out.write(text_line(p) + "\n")
    out.write(summary(report) + "\n")


def report_json(report: Report, out: TextIO) -> None:
    """One JSON document with the summary and every problem."""
    document = {
        "tool": {"name": "parallax", "version": __version__},
        "valid": report.exit_code() == 0,
        "summary": {"files": report.files, "records": dict(sorted(report.records.items())), "errors": report.errors, "warnings": report.warnings},
        "problems": [p.to_dict() for p in report.sorted_problems()],
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """One problem as a GitHub Actions workflow command (::error / ::warning)."""
    props = []
    if p.file:
        props.append(f"file={_escape_property(p.file)}")
    if p.line is not None:
        props.append(f"line={p.line}")
    if p.column is not None:
        props.append(f"col={p.column}")
    props.append(f"title={_escape_property(p.code)}")
    pointer = f"{p.pointer}: " if p.pointer else ""
    return f"::{p.severity} {','.join(props)}::{_escape_data(pointer + p.message)}"


def report_github(report: Report, out: TextIO) -> None:
    """Workflow-command annotations, then the full list as text: GitHub shows only the first ten per step."""
    problems = report.sorted_problems()
    for p in problems:
        out.write(github_line(p) + "\n")
    if len(problems) > GITHUB_SHOWN:
        out.write(f"GitHub shows {GITHUB_SHOWN} annotations per step; all {len(problems)} problems follow.\n")
    out.write("::group::all problems\n")
    for p in problems:
        out.write(text_line(p) + "\n")
    out.write("::endgroup::\n")
    out.write(summary(report) + "\n")


REPORTERS: dict[str, Callable[[Report, TextIO], None]] = {"text": report_text, "json": report_json, "github": report_github}
