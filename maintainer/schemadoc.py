"""Render docs/schema.md, the contributor's guide to every record and field, from the schemas themselves."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

import orjson

from toolkit.records import PREFIXES, derive_id, identity, slugify
from toolkit.schemas import BASE_URI, RECORD_TYPES, load_schemas

DEFS = "defs.schema.json"
Node = dict[str, Any]

HEADER = f"""# Record schemas

<!-- Generated from schemas/*.schema.json by `python -m maintainer.schemadoc > docs/schema.md`; edit the schemas, not this file. -->

Every Parallax record is one JSON object on one line of a JSON Lines file (UTF-8, text in NFC). Its `type` names
its schema; its `schema_version` says which version of the schemas it follows (1.x); its `id` is derived from
its content (see [How ids are derived](#how-ids-are-derived)). The schemas are JSON Schema 2020-12, published
under `{BASE_URI}`; shared pieces live in `{DEFS}` and are referenced, not copied.

`parallax validate` is stricter than JSON Schema in three ways, because records are written by Parallax's canonical
serializer: an `integer` is written without a fraction or exponent (`57.0` and `5.7e1` are numbers, reported as
`schema.type`; readers such as `score` take them as `57`); an object holds each key once (`line.duplicate-key`); a
string holds no lone surrogate (`text.surrogate`). See [the problem codes](errors.md).

How to read the tables:

- **Field** is a path: `a.b` is field `b` of object `a`; `a[]` is an item of array `a`, so
  `speaker.mention.spans[].start` is the `start` of each span of the speaker's mention.
- **Required**: `yes` means the field must be present whenever its parent object is; a condition means it is
  required only then. Fields not listed are not allowed unless the table says otherwise.
- **Allowed values** lists fixed values, controlled vocabularies (with the source of each list), patterns and
  ranges. `when ...:` marks a rule that applies only under that condition.
- A type in brackets links to its shared definition below.

Contents: {", ".join(f"[{t}](#{t})" for t in RECORD_TYPES)}, [shared definitions](#shared-definitions).
"""

SHARED_INTRO = f"""## Shared definitions

`$id`: `{BASE_URI}{DEFS}`

The record schemas reference these definitions with `$ref` (`{DEFS}#/$defs/<name>`), so a span, a provenance
or a rating has the same shape wherever it appears.

### Evidence spans

A `selector` places a piece of evidence in an article with both selectors of the
[W3C Web Annotation Data Model](https://www.w3.org/TR/annotation-model/#selectors), kept in one object:

- **TextPositionSelector**: `start` and `end` count Unicode code points of the stored text (Python `str`
  indexes; not bytes, not UTF-16 units), `start` inclusive, `end` exclusive. `field` says which text they index:
  the article's `headline` or its body `text`.
- **TextQuoteSelector**: `exact` is the text at `[start, end)`; `prefix` and `suffix` hold up to 32 code points
  right before and after it, so the span can be found again when offsets no longer fit.

A tool resolves a span by its offsets when the article's `text_sha256` matches, else by searching for `exact`
with its `prefix` and `suffix`, else it fails loudly. The validator checks that `exact == text[start:end]` and
that `prefix` and `suffix` agree with the text around the offsets.

An `evidence` object is a piece of text with its spans: usually one selector; several when the text is
discontinuous (a quote broken by "he said"), and then `text` is their `exact` texts joined by one space.

### Provenance and who said so

`provenance.method` says how a record or label was produced: `human` (an annotator), `import` (converted from an
existing corpus), `rules` (a deterministic program), `model` (a trained statistical model), `llm` (a large
language model). `tool`, `tool_version`, `annotator`, `guideline`, `confidence` and `created` say which and when.
Labels that are opinions always carry provenance: every framing label and every outlet rating requires one.

### Outlet ratings

A `rating` is one rater's label of an outlet on one `scale`. Raters sit side by side in `ratings[]` and are never
merged into one "bias" score. The `scale` decides which values `value` may take (AllSides, Media Bias/Fact Check
as collected by Baly et al., Ground News); `corpus_ideology` and `other` take free text.

### Framing labels

A `framing_label` on a claim names its `scheme`, its `label` from that scheme's list, whose `voice` carries the
framing (`outlet`: the outlet's own words, such as "the US-led military alliance"; `speaker`: words inside the
quote), optionally the `span` that carries it and the `target_actor_id` it is about, and always its `provenance`.
Schemes with a controlled vocabulary (MFC frame codes, BASIL, SemEval-2023 persuasion techniques, NewsWCL50
properties) restrict `label` as the definition table below shows.
"""


SLUG_RULE = (
    "the slug of `name`: accents folded to ASCII, lower case, every other run of characters as one `-` (`Viktor Orbán` gives `{example}`);"
    " when two share a name, the slug and the lower-case Wikidata id (`john-smith-q42`)"
)


@dataclass
class Row:
    """One field of a table: its dotted path, type, whether required, description and allowed values."""

    path: str
    kind: str
    required: str
    description: str
    values: list[str] = field(default_factory=list)


def code(value: Any) -> str:
    """A value as inline code ('null' for None, strings bare)."""
    text = value if isinstance(value, str) else json.dumps(value)
    return f"`{text}`"


def cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ") or "-"


def first_clause(text: str) -> str:
    """The text up to its first colon or semicolon, as a sentence."""
    for mark in (": ", "; "):
        text = text.split(mark, 1)[0]
    return text.rstrip(".") + "." if text else ""


def describe_condition(condition: Node) -> str:
    """An if-schema in words: '`scheme` is `mfc`', '`outlet_id` is null'."""
    parts = []
    for name, rule in condition.get("properties", {}).items():
        if "const" in rule:
            parts.append(f"`{name}` is {code(rule['const'])}")
        elif rule.get("type") == "null":
            parts.append(f"`{name}` is null")
        else:
            parts.append(f"`{name}` matches {json.dumps(rule, sort_keys=True)}")
    return " and ".join(parts)


def constraints(node: Node) -> list[str]:
    """The allowed values and limits a schema node sets, in words."""
    found = _vocabulary(node)
    if "minLength" in node:
        found.append("non-empty" if node["minLength"] == 1 else f"at least {node['minLength']} characters")
    if "maxLength" in node:
        found.append(f"at most {node['maxLength']} characters")
    found += _range(node)
    if node.get("minItems"):
        found.append(f"at least {node['minItems']} item(s)")
    if node.get("uniqueItems"):
        found.append("items distinct")
    return found


def _vocabulary(node: Node) -> list[str]:
    source = f" (source: {node['$comment'].removeprefix('source:').strip()})" if "$comment" in node else ""
    if "const" in node:
        return [f"always {code(node['const'])}"]
    if "enum" in node:
        return ["one of " + ", ".join(code(v) for v in node["enum"]) + source]
    if "pattern" in node:
        return [f"pattern `{node['pattern']}`{source}"]
    return []


def _range(node: Node) -> list[str]:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return [f"{low} to {high}"]
    if low is not None:
        return [f"at least {low}"]
    return [f"at most {high}"] if high is not None else []


class Tables:
    """Flattens a schema into rows, following $ref into the shared definitions and merging if/then branches."""

    def __init__(self, schemas: dict[str, Node]) -> None:
        self.schemas = schemas
        self.rows: dict[str, Row] = {}

    def resolve(self, node: Node, doc: str) -> tuple[Node, str, str]:
        """The node a $ref points to (siblings of $ref win), the document it is in, and the definition's name."""
        if "$ref" not in node:
            return node, doc, ""
        target, _, pointer = node["$ref"].partition("#")
        doc = target.rsplit("/", 1)[-1] or doc
        found: Any = self.schemas[doc]
        for part in pointer.strip("/").split("/"):
            found = found[part]
        merged, doc, _ = self.resolve(found, doc)
        return merged | {k: v for k, v in node.items() if k != "$ref"}, doc, pointer.rsplit("/", 1)[-1]

    def walk(self, node: Node, doc: str, path: str = "", condition: str = "") -> list[Row]:
        """Rows for every field under a node (a record schema or a definition)."""
        node, doc, _ = self.resolve(node, doc)
        self._children(node, doc, path, condition)
        return list(self.rows.values())

    def _children(self, node: Node, doc: str, path: str, condition: str) -> None:
        required = set(node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            child = f"{path}.{name}" if path else name
            self._field(sub, doc, child, "yes" if name in required else "", condition)
        items = node.get("items")
        if isinstance(items, dict):
            resolved, items_doc, _ = self.resolve(items, doc)
            if "properties" in resolved:
                self._children(resolved, items_doc, f"{path}[]", condition)
        for rule in node.get("allOf", ()):
            self._branch(rule, doc, path, condition)

    def _branch(self, rule: Node, doc: str, path: str, condition: str) -> None:
        if "if" not in rule or "then" not in rule:
            return
        when = describe_condition(rule["if"])
        when = f"{condition} and {when}" if condition else when
        for name in rule["then"].get("required", ()):
            child = f"{path}.{name}" if path else name
            self.rows[child].required = f"when {when}"
        self._children(rule["then"], doc, path, when)

    def _field(self, sub: Node, doc: str, path: str, required: str, condition: str) -> None:
        resolved, sub_doc, ref = self.resolve(sub, doc)
        values = self.values(resolved, sub_doc)
        if condition:
            values = [f"when {condition}: {v}" for v in values]
        row = self.rows.get(path)
        if row is None:
            description = sub.get("description") or self._shared_description(resolved, sub_doc)
            self.rows[path] = Row(path, self.type_text(resolved, sub_doc, ref), "" if condition else required, description, values)
        else:
            row.values += values
        self._children(resolved, sub_doc, path, condition)

    def _shared_description(self, node: Node, doc: str) -> str:
        items = node.get("items")
        if "description" not in node and isinstance(items, dict):
            node = self.resolve(items, doc)[0]
        text = str(node.get("description", ""))
        # A shared object's full description is in its own entry; its rows only need the gist.
        return first_clause(text) if "properties" in node else text

    def values(self, node: Node, doc: str) -> list[str]:
        """The allowed values of a node in words, looking into anyOf options, array items and object keys."""
        if "anyOf" in node:
            options = [self.resolve(option, doc)[0] for option in node["anyOf"]]
            found = [v for option in options if option.get("type") != "null" for v in self.values(option, doc)]
            return found + ["or null"] * any(option.get("type") == "null" for option in options)
        found = constraints(node)
        if isinstance(node.get("items"), dict):
            found += [f"each item: {v}" for v in constraints(self.resolve(node["items"], doc)[0])]
        if "propertyNames" in node:
            found += [f"keys: {v}" for v in constraints(node["propertyNames"])]
        if isinstance(node.get("additionalProperties"), dict):
            found += ["values: " + self.type_text(node["additionalProperties"], doc, "")]
        return found

    def type_text(self, node: Node, doc: str, ref: str) -> str:
        """The type of a node in words, linking the shared definition it comes from."""
        if "anyOf" in node:
            return " or ".join(self.type_text(*self.resolve(option, doc)) for option in node["anyOf"])
        kind = self._json_type(node)
        if kind == "array" and "prefixItems" in node:
            kind = "array [" + ", ".join(self._json_type(item) for item in node["prefixItems"]) + "]"
        elif kind == "array" and isinstance(node.get("items"), dict):
            kind = "array of " + self.type_text(*self.resolve(node["items"], doc))
        return f"{kind} ([{ref}](#{ref}))" if ref else kind

    @staticmethod
    def _json_type(node: Node) -> str:
        if "type" in node:
            return str(node["type"])
        sample = node.get("const", (node.get("enum") or [None])[0])
        if sample is not None:
            return {str: "string", bool: "boolean", int: "integer", float: "number"}[type(sample)]
        return "object" if "properties" in node else "string" if "pattern" in node else "any"


def table(rows: list[Row]) -> str:
    """Rows as a Markdown table."""
    lines = ["| Field | Type | Required | Description | Allowed values |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        values = "; ".join(row.values)
        lines.append(f"| `{row.path}` | {cell(row.kind)} | {cell(row.required)} | {cell(row.description)} | {cell(values)} |")
    return "\n".join(lines)


def record_section(record_type: str, schemas: dict[str, Node]) -> str:
    """The section of one record type: description, $id, required fields, conditions and the field table."""
    name = f"{record_type}.schema.json"
    schema = schemas[name]
    required = ", ".join(f"`{field}`" for field in schema.get("required", ()))
    closed = "no other fields are allowed" if schema.get("additionalProperties") is False else "other fields are allowed"
    return "\n".join(
        [
            f"## {record_type}",
            "",
            f"**{schema.get('title', record_type)}.** {schema['description']}",
            "",
            f"- `$id`: `{schema['$id']}`",
            f"- File: `schemas/{name}`",
            f"- Required: {required}; {closed}.",
            "",
            table(Tables(schemas).walk(schema, name)),
        ]
    )


def definition_section(name: str, schemas: dict[str, Node]) -> str:
    """The reference entry of one shared definition."""
    tables = Tables(schemas)
    node = schemas[DEFS]["$defs"][name]
    lines = [f"#### `{name}`", "", node.get("description", "A shared definition.")]
    lines += ["", f"Type: {tables.type_text(node, DEFS, '')}."]
    values = tables.values(node, DEFS)
    if values:
        lines += ["", "Allowed values: " + "; ".join(values) + "."]
    rows = tables.walk(node, DEFS)
    if rows:
        lines += ["", table(rows)]
    return "\n".join(lines)


EVENT_RULE = (
    "`external_ids` when it has any, else `founding_article_id` when it has one (events `parallax align` makes: an event keeps"
    " its id as articles join or leave it), else the sorted `article_ids`"
)


def ids_section() -> str:
    """How ids are derived for each record type, with a worked example computed by toolkit.records."""
    example = {"type": "comparison", "event_id": "evt_0123456789abcdef", "outlet_id": "example-news"}
    hashed = orjson.dumps(["comparison", identity(example)], option=orjson.OPT_SORT_KEYS).decode("utf-8")
    rows = [
        ("outlet, actor", "slug", SLUG_RULE.format(example=slugify("Viktor Orbán"))),
        ("article", f"`{PREFIXES['article']}_` + 16 hex", "`[outlet_id, text_sha256]`: the same text from the same outlet is the same article"),
        ("claim", f"`{PREFIXES['claim']}_` + 16 hex", "`[article_id, content spans, cue spans]`, each span as `[field, start, end]`"),
        ("event", f"`{PREFIXES['event']}_` + 16 hex", EVENT_RULE),
        ("alignment", f"`{PREFIXES['alignment']}_` + 16 hex", "`[event_id, sorted member claim ids]`"),
        ("comparison", f"`{PREFIXES['comparison']}_` + 16 hex", "`[event_id, outlet_id]`"),
    ]
    lines = ["### How ids are derived", ""]
    lines.append("An `id` is computed from the record's content, so the same input always gives the same id and the same record added twice is caught.")
    lines.append("Outlets and actors get readable slugs; the other types get a prefix and the first 16 hex digits of the SHA-256 of the")
    lines.append("compact JSON (keys sorted, no spaces, UTF-8) of `[type, identity]`, where the identity is:")
    lines += ["", "| Type | Id | Identity |", "| --- | --- | --- |"]
    lines += [f"| {kind} | {shape} | {cell(what)} |" for kind, shape, what in rows]
    lines += ["", f"For example, a comparison of event `{example['event_id']}` and outlet `{example['outlet_id']}` hashes `{hashed}`"]
    lines.append(f"and gets the id `{derive_id(example)}`. `toolkit.records.with_id(record)` returns a record with its id set;")
    lines.append("the validator reports an id that does not match its content as `id.not-derived` (see [errors](errors.md)).")
    return "\n".join(lines)


def render_schema_doc() -> str:
    """docs/schema.md: every record type and field, then the shared definitions, from the shipped schemas."""
    schemas = load_schemas()
    parts = [HEADER]
    parts += [record_section(record_type, schemas) for record_type in RECORD_TYPES]
    parts += [SHARED_INTRO.rstrip("\n"), ids_section(), "### Definition reference"]
    parts += [definition_section(name, schemas) for name in schemas[DEFS]["$defs"]]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def main() -> None:
    """Write the rendered document to standard output as UTF-8."""
    sys.stdout.buffer.write(render_schema_doc().encode("utf-8"))


if __name__ == "__main__":
    main()
