"""Column types of a release, derived from the record JSON Schemas.

Each record type's schema is read into a tree of `Node`s, from which come the Arrow schema of its Parquet file,
its `datasets.Features`, and the conversion of a record into a row of that schema. The mapping:

- `$ref` is followed (into defs.schema.json too); `anyOf [X, {"type": "null"}]` is X, nullable.
- an object with `properties` is a struct; its fields are nullable where the schema allows null or does not require
  them. An object whose keys are a closed list (`propertyNames` with an `enum`) and whose values share one schema is
  a struct of those keys, each optional (event `external_ids`).
- a free object (`method.parameters`, framing `attributes`: keys not fixed by the schema) is one string column
  holding the object as JSON with sorted keys.
- an array is a list; an array of fixed length (`prefixItems` of one type, `items: false`) a fixed-size list
  (article `paragraphs`: [start, end] pairs).
- an `enum` of strings is a class label, names in schema order; in the Parquet file it stays a string, so that any
  Parquet reader sees the value, and `datasets` turns it into the label index on load.
- strings, integers, numbers and booleans are `string`, `int64`, `float64` and `bool`; a `const` string is a string.
- dates (the `date` definition) stay strings; see `Kind.DATE`.

No column is ever null-typed: a column's type comes from the schema, never from the values it holds.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import datasets
import orjson
import pyarrow as pa

from toolkit.errors import ParallaxError
from toolkit.schemas import RECORD_TYPES, load_schemas

DEFS_FILE = "defs.schema.json"


class SchemaTypingError(ParallaxError, ValueError):
    """A part of a schema that has no column type."""


class RecordTypingError(ParallaxError, ValueError):
    """A record value that does not fit the column type its schema declares."""


class Kind(enum.Enum):
    """What a node of the column tree holds.

    `DATE` is a string on purpose. The `date` definition admits a calendar date (`2024-03-01`) or an RFC 3339
    timestamp with its offset and up to nanoseconds. A date alone is not an instant: typing it as a timestamp would
    invent a time of day and a zone, and a timestamp would lose its offset and anything below microseconds. One
    Arrow type holding both forms without loss would be a struct of parts, which is harder to read than the string
    itself; the string keeps exactly what the source said and sorts in time order within each form.
    """

    STRING = "string"
    DATE = "date"
    INT = "int64"
    FLOAT = "float64"
    BOOL = "bool"
    ENUM = "enum"
    JSON = "json"
    STRUCT = "struct"
    LIST = "list"


@dataclass(frozen=True)
class Field:
    """A named field of a struct."""

    name: str
    node: Node
    nullable: bool


@dataclass(frozen=True)
class Node:
    """A column type: a scalar, a class label, a JSON string, a struct of fields or a list of items."""

    kind: Kind
    names: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    item: Node | None = None
    length: int = -1
    nullable: bool = False
    origin: str = ""


def _resolve(ref: str, current: str) -> tuple[dict[str, Any], str]:
    """The schema a `$ref` points at, and the file it sits in."""
    target, _, pointer = ref.partition("#")
    file = target or current
    node: Any = load_schemas()[file]
    for part in [p for p in pointer.split("/") if p]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, file


def _node(schema: dict[str, Any], file: str, where: str) -> Node:
    if "$ref" in schema:
        ref = schema["$ref"]
        target, target_file = _resolve(ref, file)
        if ref.endswith("/$defs/date"):
            return Node(Kind.DATE, origin=where)
        return _node(target, target_file, where)
    if "anyOf" in schema or "oneOf" in schema:
        options: list[Any] = schema.get("anyOf") or schema.get("oneOf") or []
        rest = [option for option in options if option != {"type": "null"}]
        if len(rest) != 1:
            raise SchemaTypingError(f"{where}: only anyOf [X, null] has a column type, not {len(rest)} alternatives")
        inner = _node(rest[0], file, where)
        return _with_nullable(inner, len(rest) < len(options))
    if "const" in schema:
        if not isinstance(schema["const"], str):
            raise SchemaTypingError(f"{where}: a const that is not a string has no column type")
        return Node(Kind.STRING, origin=where)
    if "enum" in schema:
        names = schema["enum"]
        if not all(isinstance(name, str) for name in names):
            raise SchemaTypingError(f"{where}: an enum of values that are not all strings has no class label")
        return Node(Kind.ENUM, names=tuple(names), origin=where)
    kind = schema.get("type")
    nullable = False
    if isinstance(kind, list):
        nullable = "null" in kind
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            raise SchemaTypingError(f"{where}: type {kind} has no single column type")
        kind = kinds[0]
    if kind == "object":
        return _with_nullable(_object(schema, file, where), nullable)
    if kind == "array":
        return _with_nullable(_array(schema, file, where), nullable)
    scalars = {"string": Kind.STRING, "integer": Kind.INT, "number": Kind.FLOAT, "boolean": Kind.BOOL}
    if kind in scalars:
        return Node(scalars[kind], nullable=nullable, origin=where)
    raise SchemaTypingError(f"{where}: no type, enum or const to derive a column type from")


def _with_nullable(node: Node, nullable: bool) -> Node:
    if not nullable or node.nullable:
        return node
    return Node(node.kind, node.names, node.fields, node.item, node.length, True, node.origin)


def _object(schema: dict[str, Any], file: str, where: str) -> Node:
    properties = schema.get("properties")
    additional = schema.get("additionalProperties", True)
    if properties and additional is False:
        required = set(schema.get("required", []))
        fields = []
        for name, sub in properties.items():
            node = _node(sub, file, f"{where}/{name}")
            fields.append(Field(name, node, node.nullable or name not in required))
        return Node(Kind.STRUCT, fields=tuple(fields), origin=where)
    keys = schema.get("propertyNames", {}).get("enum")
    if not properties and isinstance(additional, dict) and keys:
        fields = [Field(key, _node(additional, file, f"{where}/{key}"), True) for key in keys]
        return Node(Kind.STRUCT, fields=tuple(fields), origin=where)
    return Node(Kind.JSON, origin=where)


def _array(schema: dict[str, Any], file: str, where: str) -> Node:
    prefix = schema.get("prefixItems")
    if prefix:
        nodes = [_node(sub, file, f"{where}/*") for sub in prefix]
        fixed = schema.get("items") is False and schema.get("minItems") == len(prefix)
        if not fixed or any(node.kind != nodes[0].kind for node in nodes):
            raise SchemaTypingError(f"{where}: a tuple array is typed only with a fixed length and one item type")
        return Node(Kind.LIST, item=nodes[0], length=len(prefix), origin=where)
    items = schema.get("items")
    if not isinstance(items, dict):
        raise SchemaTypingError(f"{where}: an array without an items schema has no column type")
    return Node(Kind.LIST, item=_node(items, file, f"{where}/*"), origin=where)


@cache
def record_node(record_type: str) -> Node:
    """The column tree of a record type, from its schema."""
    if record_type not in RECORD_TYPES:
        raise SchemaTypingError(f"unknown record type {record_type!r}")
    file = f"{record_type}.schema.json"
    node = _node(load_schemas()[file], file, record_type)
    if node.kind is not Kind.STRUCT:
        raise SchemaTypingError(f"{record_type}: a record schema must be an object with properties")
    return node


def _arrow_type(node: Node) -> pa.DataType:
    if node.kind is Kind.STRUCT:
        return pa.struct([pa.field(f.name, _arrow_type(f.node), nullable=f.nullable) for f in node.fields])
    if node.kind is Kind.LIST:
        assert node.item is not None
        return pa.list_(_arrow_type(node.item), node.length)
    if node.kind is Kind.INT:
        return pa.int64()
    if node.kind is Kind.FLOAT:
        return pa.float64()
    if node.kind is Kind.BOOL:
        return pa.bool_()
    return pa.string()


def _feature(node: Node) -> Any:
    if node.kind is Kind.STRUCT:
        return {f.name: _feature(f.node) for f in node.fields}
    if node.kind is Kind.LIST:
        assert node.item is not None
        return datasets.List(_feature(node.item), length=node.length)
    if node.kind is Kind.ENUM:
        return datasets.ClassLabel(names=list(node.names))
    if node.kind in (Kind.INT, Kind.FLOAT, Kind.BOOL):
        return datasets.Value(node.kind.value)
    return datasets.Value("string")


def arrow_schema(record_type: str) -> pa.Schema:
    """The Arrow schema of a record type's Parquet file (class labels as their strings)."""
    return pa.schema([pa.field(f.name, _arrow_type(f.node), nullable=f.nullable) for f in record_node(record_type).fields])


def features(record_type: str) -> datasets.Features:
    """The `datasets.Features` of a record type, as declared in a release's card."""
    return datasets.Features({f.name: _feature(f.node) for f in record_node(record_type).fields})


def to_row(record_type: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of its Arrow schema; raises RecordTypingError on a value its schema does not allow."""
    return _struct(record_node(record_type), record, "")


def _fail(pointer: str, message: str) -> RecordTypingError:
    return RecordTypingError(f"{pointer or '/'}: {message}")


def _struct(node: Node, value: Any, pointer: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(pointer, f"expected an object, found {type(value).__name__}")
    known = {f.name for f in node.fields}
    unknown = sorted(set(value) - known)
    if unknown:
        raise _fail(pointer, f"keys the schema does not define: {', '.join(unknown)}")
    row: dict[str, Any] = {}
    for f in node.fields:
        sub = value.get(f.name)
        if sub is None:
            if not f.nullable:
                raise _fail(f"{pointer}/{f.name}", "required and not nullable, but missing or null")
            row[f.name] = None
        else:
            row[f.name] = _convert(f.node, sub, f"{pointer}/{f.name}")
    return row


def _convert(node: Node, value: Any, pointer: str) -> Any:
    kind = node.kind
    if value is None:
        if node.nullable:
            return None
        raise _fail(pointer, "null where the schema does not allow it")
    if kind is Kind.STRUCT:
        return _struct(node, value, pointer)
    if kind is Kind.LIST:
        if not isinstance(value, list):
            raise _fail(pointer, f"expected an array, found {type(value).__name__}")
        if node.length >= 0 and len(value) != node.length:
            raise _fail(pointer, f"expected {node.length} items, found {len(value)}")
        assert node.item is not None
        return [_convert(node.item, item, f"{pointer}/{i}") for i, item in enumerate(value)]
    if kind is Kind.ENUM:
        if value not in node.names:
            raise _fail(pointer, f"{value!r} is not one of the schema's values ({', '.join(node.names)})")
        return value
    if kind is Kind.JSON:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    if kind is Kind.BOOL:
        if not isinstance(value, bool):
            raise _fail(pointer, f"expected a boolean, found {value!r}")
        return value
    if kind is Kind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(pointer, f"expected an integer, found {value!r}")
        return value
    if kind is Kind.FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(pointer, f"expected a number, found {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise _fail(pointer, f"expected a string, found {value!r}")
    return value


class _Refused(ParallaxError):
    """A value the fast conversion does not accept; `to_row` then says exactly why."""


Convert = Callable[[Any], Any]


def _compiled(node: Node) -> Convert:
    """The conversion of one node as a closure: the checks of `_convert` without building a pointer for every value.

    A value is returned as it is when nothing in it changes, so that the rows share the records' own objects.
    """
    kind = node.kind
    if kind is Kind.STRUCT:
        return _compiled_struct(node)
    if kind is Kind.LIST:
        return _compiled_list(node)
    if kind is Kind.ENUM:
        names = frozenset(node.names)

        def enum_value(value: Any) -> Any:
            if type(value) is not str or value not in names:
                raise _Refused
            return value

        return enum_value
    if kind is Kind.JSON:
        return lambda value: orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    if kind is Kind.FLOAT:

        def number(value: Any) -> Any:
            if type(value) is float:
                return value
            if type(value) is int:
                return float(value)
            raise _Refused

        return number
    scalar = {Kind.BOOL: bool, Kind.INT: int}.get(kind, str)

    def exact(value: Any) -> Any:
        if type(value) is not scalar:
            raise _Refused
        return value

    return exact


def _compiled_struct(node: Node) -> Convert:
    fields = [(f.name, _compiled(f.node), f.nullable) for f in node.fields]
    known = frozenset(f.name for f in node.fields)

    def struct(value: Any) -> Any:
        if type(value) is not dict or not known.issuperset(value):
            raise _Refused
        changed: dict[str, Any] | None = None
        for name, convert, nullable in fields:
            sub = value.get(name)
            if sub is None:
                if not nullable:
                    raise _Refused
                continue
            out = convert(sub)
            if out is not sub:
                if changed is None:
                    changed = dict(value)
                changed[name] = out
        return value if changed is None else changed

    return struct


def _compiled_list(node: Node) -> Convert:
    assert node.item is not None
    convert, nullable, length = _compiled(node.item), node.item.nullable, node.length

    def items(value: Any) -> Any:
        if type(value) is not list or (length >= 0 and len(value) != length):
            raise _Refused
        out: list[Any] = []
        changed = False
        for item in value:
            if item is None:
                if not nullable:
                    raise _Refused
                out.append(None)
                continue
            converted = convert(item)
            changed = changed or converted is not item
            out.append(converted)
        return out if changed else value

    return items


@cache
def _row_converter(record_type: str) -> Convert:
    return _compiled(record_node(record_type))


def row_converter(record_type: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A faster `to_row` for `pyarrow.Table.from_pylist`: the same rows, except that keys a record leaves out stay out
    (to Arrow a missing key is a null) and unchanged objects are the record's own; the same RecordTypingError otherwise."""
    fast = _row_converter(record_type)

    def convert(record: dict[str, Any]) -> dict[str, Any]:
        try:
            row: dict[str, Any] = fast(record)
        except _Refused:
            return to_row(record_type, record)
        return row

    return convert
