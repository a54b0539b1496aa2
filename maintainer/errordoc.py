"""Render docs/errors.md, the catalog of every problem code the validator reports, from CATALOG itself."""

from __future__ import annotations

import sys

from toolkit.problems import CATALOG, CURATION, PIPELINE, RELEASE, Code, Problem
from toolkit.reporters import text_line

Place = tuple[str, int | None, int | None, str]  # (file, line, column, pointer) of an example

OUTLETS = "data/outlets.jsonl"
ARTICLES = "data/articles/harbor-gazette.jsonl"
CLAIMS = "data/claims/harbor-gazette.jsonl"
EVENTS = "data/events.jsonl"
ACTORS = "data/actors.jsonl"
GROUPS = {
    "io": "paths",
    "file": "files",
    "line": "lines",
    "record": "records",
    "schema": "schemas",
    "id": "ids",
    "ref": "references",
    "span": "evidence spans",
    "text": "texts",
    "date": "dates",
    "lang": "languages",
    "country": "countries",
    "dup": "duplicated content",
    "actor": "actor identity",
    "convert": "converting articles",
    "import": "importing corpora",
    "extract": "extracting claims",
    "write": "writing records",
    "publish": "publishing releases",
    "curate": "curating actors",
}
# Where each example sits: the line, column and pointer a real report gives for that kind of problem.
PLACES: dict[str, Place] = {
    "io.not-found": ("data/claims/batch-07.jsonl", None, None, ""),
    "io.unreadable": ("data/claims/batch-07.jsonl", None, None, ""),
    "io.symlink-loop": ("data/claims/archive", None, None, ""),
    "io.not-a-file": ("data/claims/incoming.jsonl", None, None, ""),
    "file.unknown": ("data/claims/notes.txt", None, None, ""),
    "file.empty": ("data/claims/batch-08.jsonl", None, None, ""),
    "file.bom": (OUTLETS, 1, 1, ""),
    "file.crlf": (OUTLETS, 1, None, ""),
    "line.blank": (CLAIMS, 14, None, ""),
    "line.encoding": (CLAIMS, 9, 118, ""),
    "line.json": (CLAIMS, 10, 52, ""),
    "line.not-object": (CLAIMS, 11, 1, ""),
    "line.too-long": (CLAIMS, 12, None, ""),
    "line.duplicate-key": (CLAIMS, 13, 70, "/id"),
    "record.type-missing": (CLAIMS, 3, None, "/type"),
    "record.type-unknown": (CLAIMS, 3, None, "/type"),
    "record.too-deep": (OUTLETS, 4, None, ""),
    "schema.additionalProperties": (CLAIMS, 3, 781, "/speaker"),
    "schema.anyOf": (CLAIMS, 3, 617, "/outlet_id"),
    "schema.enum": (CLAIMS, 3, 599, "/kind"),
    "schema.items": (ARTICLES, 1, 226, "/paragraphs/3"),
    "schema.maxLength": (CLAIMS, 3, 233, "/content/spans/0/prefix"),
    "schema.maximum": (CLAIMS, 3, 640, "/provenance/confidence"),
    "schema.minItems": (CLAIMS, 3, 117, "/content/spans"),
    "schema.minLength": (CLAIMS, 3, 99, "/content/text"),
    "schema.minimum": (CLAIMS, 3, 497, "/content/spans/0/start"),
    "schema.pattern": (ARTICLES, 1, 19, "/id"),
    "schema.propertyNames": (EVENTS, 2, 132, "/external_ids"),
    "schema.required": (CLAIMS, 3, None, ""),
    "schema.type": (CLAIMS, 3, 245, "/content/spans/0/start"),
    "schema.uniqueItems": (OUTLETS, 2, 81, "/domains"),
    "schema.version": (OUTLETS, 2, 38, "/schema_version"),
    "id.duplicate": (CLAIMS, 7, None, "/id"),
    "id.not-derived": (ARTICLES, 1, 19, "/id"),
    "ref.unknown-article": (CLAIMS, 4, None, "/article_id"),
    "ref.unknown-outlet": (ARTICLES, 1, None, "/outlet_id"),
    "ref.unknown-actor": (CLAIMS, 4, None, "/speaker/actor_id"),
    "ref.unknown-event": (CLAIMS, 4, None, "/event_id"),
    "ref.unknown-claim": ("data/alignments.jsonl", 2, None, "/members/0/claim_id"),
    "ref.unknown-alignment": ("data/comparisons.jsonl", 2, None, "/measures/coverage/omitted_alignment_ids/0"),
    "ref.outlet-mismatch": (CLAIMS, 4, 580, "/outlet_id"),
    "span.out-of-range": (CLAIMS, 5, 117, "/content/spans/0"),
    "span.mismatch": (CLAIMS, 5, 137, "/content/spans/0/exact"),
    "span.context": (CLAIMS, 5, 171, "/content/spans/0/prefix"),
    "span.text-mismatch": (CLAIMS, 5, 293, "/content/text"),
    "span.unchecked": (ARTICLES, 1, None, ""),
    "text.hash-mismatch": (ARTICLES, 1, 689, "/text_sha256"),
    "text.length-mismatch": (ARTICLES, 1, 671, "/text_length"),
    "text.not-nfc": (ARTICLES, 1, 524, "/text"),
    "text.surrogate": (CLAIMS, 2, 137, "/content/spans/0/exact"),
    "text.paragraphs": (ARTICLES, 1, 203, "/paragraphs/3"),
    "date.invalid": (ARTICLES, 1, 324, "/published"),
    "date.future": (ARTICLES, 1, 324, "/published"),
    "date.too-early": (ARTICLES, 1, 324, "/published"),
    "date.order": (ARTICLES, 1, 503, "/source/retrieved_at"),
    "lang.invalid": (ARTICLES, 1, 155, "/language"),
    "country.invalid": (OUTLETS, 1, 91, "/country"),
    "dup.content": (CLAIMS, 8, None, "/id"),
    "dup.registry": (OUTLETS, 3, None, "/domains"),
    "actor.same-as-self": (ACTORS, 2, 81, "/same_as"),
    "actor.same-as-cycle": (ACTORS, 3, 81, "/same_as"),
    "actor.same-as-distinct": (ACTORS, 4, 112, "/distinct_from"),
}
# Where publish's refusals point: the release folder, or the part of it at fault.
RELEASE_PLACES: dict[str, Place] = {
    "publish.not-a-release": ("release", None, None, ""),
    "publish.manifest": ("release/MANIFEST.sha256", None, None, ""),
    "publish.restricted-text": ("release/data/articles", None, None, ""),
    "publish.repo": ("release", None, None, ""),
    "publish.unreadable": ("release", None, None, ""),
    "publish.network": ("release", None, None, ""),
}

# Where a refused decision points: the project's actors file.
CURATION_PLACES: dict[str, Place] = {code: (ACTORS, None, None, "") for code in CURATION}

HEADER = """# Problem codes

<!-- Generated from CATALOG in toolkit/problems.py by `python -m maintainer.errordoc > docs/errors.md`; edit the catalog, not this file. -->

`parallax validate` reports every problem it finds, not only the first, each with a stable dotted code, a severity,
the file, the 1-based line, the column where known and a JSON Pointer to the value at fault. Errors fail the run
(exit status 1); warnings are reported but leave it passing (exit status 0); a path that cannot be read at all
(`io.*`) gives exit status 2. The codes of schema problems are named after the JSON Schema keyword that failed.

Each example below is a line of the text format (`--format text`, the default),
`path:line:col: severity[code] /pointer: message`, where the line, column and pointer are left out when they do
not apply. `--format json` gives the same fields as one JSON document, `--format github` as workflow annotations.
"""

PIPELINE_HEADER = """# Converting, importing and extracting

`parallax convert`, `parallax import` and `parallax extract` report problems of their inputs the same way, with
these codes; the input goes on being read after each. Every record they make is validated before it is written, so
the codes above can appear too, inside a `write.invalid` message.
"""

CURATION_HEADER = """# Curating actors

`parallax actors merge`, `split` and `rename` write nothing when one of these is found, and say which
(`parallax: code: message`).
"""

RELEASE_HEADER = """# Publishing releases

`parallax publish` sends nothing when one of these is found, and says which (`nothing sent: error[code]: message`).
"""


def group_of(code: str) -> str:
    """The prefix a code is grouped under (`schema` for `schema.enum`)."""
    return code.split(".", 1)[0]


def place_of(code: str) -> Place:
    """Where the example of a code sits; a code without a listed place gets a generic one."""
    return PLACES.get(code) or RELEASE_PLACES.get(code) or CURATION_PLACES.get(code) or ("data/records.jsonl", 1, None, "")


def example_line(entry: Code) -> str:
    """The catalog example of a code, as the text reporter prints it."""
    file, line, column, pointer = place_of(entry.code)
    return text_line(Problem(entry.code, entry.example, file, line, column, pointer, entry.severity))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _heading(prefix: str) -> str:
    return f"{prefix}: {GROUPS.get(prefix, prefix)}"


def _anchor(prefix: str) -> str:
    return _heading(prefix).replace(":", "").replace(" ", "-").lower()


def group_section(prefix: str, entries: list[Code]) -> str:
    """One group of codes: a table of code, severity and meaning, then an example line of each."""
    rows = [f"| `{e.code}` | {e.severity} | {_cell(e.summary)} |" for e in entries]
    examples = [example_line(e) for e in entries]
    table = "\n".join(["| Code | Severity | Meaning |", "|---|---|---|", *rows])
    return f"## {_heading(prefix)}\n\n{table}\n\nExamples:\n\n```text\n" + "\n".join(examples) + "\n```\n"


def grouped(catalog: dict[str, Code] = CATALOG) -> dict[str, list[Code]]:
    """A catalog's codes by prefix, groups and codes in catalog order."""
    groups: dict[str, list[Code]] = {}
    for entry in catalog.values():
        groups.setdefault(group_of(entry.code), []).append(entry)
    return groups


def render_errors() -> str:
    """The whole of docs/errors.md, from the catalog."""
    groups = grouped()
    contents = ", ".join(f"[{_heading(prefix)}](#{_anchor(prefix)}) ({len(entries)})" for prefix, entries in groups.items())
    sections = [group_section(prefix, entries) for prefix, entries in groups.items()]
    pipeline = [group_section(prefix, entries) for prefix, entries in grouped(PIPELINE).items()]
    curation = [group_section(prefix, entries) for prefix, entries in grouped(CURATION).items()]
    release = [group_section(prefix, entries) for prefix, entries in grouped(RELEASE).items()]
    return "\n".join([HEADER, f"Groups: {contents}.\n", *sections, PIPELINE_HEADER, *pipeline, CURATION_HEADER, *curation, RELEASE_HEADER, *release])


if __name__ == "__main__":
    sys.stdout.write(render_errors())
