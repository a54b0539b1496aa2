"""Load the record schemas shipped in the package, and validate records against them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import orjson

if TYPE_CHECKING:
    import jsonschema

RECORD_TYPES = ("outlet", "actor", "article", "claim", "event", "alignment", "comparison")
SCHEMA_VERSION = "1.4.0"
BASE_URI = "https://parallax-toolkit.org/schemas/1/"
Path = tuple[str, ...]  # the keys to an integer site; "*" stands for any array index or any key of a map


def schema_files() -> dict[str, str]:
    """Every schema file shipped with the package, by file name, as text."""
    folder = resources.files("toolkit") / "schemas"
    return {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir() if entry.name.endswith(".schema.json")}


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema, parsed, by file name."""
    return {name: json.loads(text) for name, text in sorted(schema_files().items())}


def record_schema(record_type: str) -> dict[str, Any]:
    """The schema of one record type."""
    return load_schemas()[f"{record_type}.schema.json"]


class SchemaSet:
    """Validators for every record type: a fast yes/no path and a detailed one for wording."""

    def __init__(self) -> None:
        schemas = load_schemas()
        self.registry_rs = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
        self.fast = {t: self._fast(t) for t in RECORD_TYPES}
        self._detailed: dict[str, jsonschema.protocols.Validator] = {}

    def _fast(self, record_type: str) -> Any:
        schema = record_schema(record_type)
        return jsonschema_rs.validator_for(schema, registry=self.registry_rs, base_uri=schema["$id"])

    def detailed(self, record_type: str) -> jsonschema.protocols.Validator:
        """The python-jsonschema validator of a type, built on first use (only invalid records need it)."""
        if record_type not in self._detailed:
            import jsonschema  # imported on first need: clean data never pays for it
            import referencing

            resources = [(s["$id"], referencing.Resource.from_contents(s)) for s in load_schemas().values()]
            registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
            cls = _canonical(jsonschema.validators.validator_for(record_schema(record_type)))
            self._detailed[record_type] = cls(record_schema(record_type), registry=registry)
        return self._detailed[record_type]

    def errors(self, record_type: str, record: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
        """Each schema error of a record as (JSON Pointer, keyword, message), in document order."""
        found = sorted(self.detailed(record_type).iter_errors(record), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
        for error in found:
            if "propertyNames" in error.relative_schema_path:
                yield pointer_of(error.absolute_path), "propertyNames", f"{_clip(repr(error.instance))} is not an allowed key here: {_short(error)}"
            else:
                yield pointer_of(error.absolute_path), str(error.validator), _message(error)


def _canonical(cls: Any) -> Any:
    """A validator class stricter than JSON Schema in one way: 57.0 is a number, not an integer, as the canonical serializer never writes it."""
    import jsonschema

    checker = cls.TYPE_CHECKER.redefine("integer", lambda _checker, instance: type(instance) is int)
    return jsonschema.validators.extend(cls, type_checker=checker)


@cache
def integer_sites(record_type: str) -> frozenset[Path]:
    """Every path at which a record type's schema requires an integer."""
    schemas = load_schemas()
    found: set[Path] = set()
    _collect(schemas[f"{record_type}.schema.json"], f"{record_type}.schema.json", (), found, schemas)
    return frozenset(found)


@cache
def _trees() -> dict[str, dict[str, Any]]:
    """The integer sites of each record type as nested dicts of keys ("*" for any), True at a site."""
    trees: dict[str, dict[str, Any]] = {}
    for record_type in RECORD_TYPES:
        tree = trees[record_type] = {}
        for site in integer_sites(record_type):
            node = tree
            for key in site[:-1]:
                node = node.setdefault(key, {})
            node[site[-1]] = True
    return trees


def _site_tree(kind: Any) -> dict[str, Any] | None:
    return _trees().get(kind) if type(kind) is str else None


def _collect(node: Any, file: str, path: Path, found: set[Path], schemas: dict[str, Any]) -> None:
    if not isinstance(node, dict) or len(path) > 12:
        return
    kind = node.get("type")
    if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
        found.add(path)
    if "$ref" in node:
        target, _, fragment = node["$ref"].partition("#")
        file = target or file
        resolved: Any = schemas[file]
        for part in fragment.strip("/").split("/") if fragment.strip("/") else ():
            resolved = resolved[part]
        _collect(resolved, file, path, found, schemas)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, ()):
            _collect(branch, file, path, found, schemas)
    for key in ("then", "else"):
        _collect(node.get(key), file, path, found, schemas)
    for name, sub in node.get("properties", {}).items():
        _collect(sub, file, (*path, name), found, schemas)
    for sub in (node.get("items"), node.get("additionalProperties"), *node.get("prefixItems", ())):
        _collect(sub, file, (*path, "*"), found, schemas)


def float_integers(record: dict[str, Any]) -> list[str]:
    """JSON Pointers of numbers written with a fraction or exponent (57.0, 5.7e1) where the schema requires an integer."""
    tree = _site_tree(record.get("type"))
    if not tree:
        return []
    found: list[tuple[Any, Any, tuple[Any, ...]]] = []
    _floats(record, tree, (), found)
    return [pointer_of(where) for _container, _key, where in found]


def as_integers(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record with 57.0 read as 57 where its schema requires an integer; None when such a number has a fraction (57.5)."""
    tree = _site_tree(record.get("type"))
    if not tree:
        return record
    found: list[tuple[Any, Any, tuple[Any, ...]]] = []
    _floats(record, tree, (), found)
    for container, key, _where in found:
        value = container[key]
        if not value.is_integer():
            return None
        container[key] = int(value)
    return record


def _floats(value: Any, tree: dict[str, Any], where: tuple[Any, ...], found: list[tuple[Any, Any, tuple[Any, ...]]]) -> None:
    """Note (container, key, path) of each float at an integer site, walking only the parts of the record that hold sites."""
    if type(value) is dict:
        for key, below in tree.items():
            if key == "*":
                for other, item in value.items():
                    if other not in tree:
                        _site(value, other, item, below, where, found)
            elif key in value:
                _site(value, key, value[key], below, where, found)
    elif type(value) is list and "*" in tree:
        below = tree["*"]
        if (below is True or below.get("*") is True) and not _may_hold_float(value):
            return  # arrays of integers (paragraphs) are long and their numbers almost never floats: one quick look
        for i, item in enumerate(value):
            _site(value, i, item, below, where, found)


def _site(container: Any, key: Any, item: Any, below: Any, where: tuple[Any, ...], found: list[tuple[Any, Any, tuple[Any, ...]]]) -> None:
    if below is True:
        if type(item) is float:
            found.append((container, key, (*where, key)))
    elif type(item) is dict or type(item) is list:
        _floats(item, below, (*where, key), found)


def _may_hold_float(value: list[Any]) -> bool:
    """Whether an array may hold a float: orjson writes every float, and no integer, with a '.' or an 'e'."""
    try:
        text = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return True
    return b"." in text or b"e" in text


def pointer_of(path: Any) -> str:
    """A JSON Pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator in ("anyOf", "oneOf") and error.context:
        reasons = sorted({_short(sub) for sub in error.context})
        return f"{_clip(repr(error.instance))} matches none of: " + "; ".join(reasons)
    if error.validator == "type" and type(error.instance) is float and error.instance.is_integer():
        return _clip(error.message, 300) + " (write an integer without a fraction or exponent)"
    return _clip(error.message, 300)


def _short(error: jsonschema.ValidationError) -> str:
    text = error.message
    shown = repr(error.instance)
    if text.startswith(shown):
        text = text[len(shown) :].strip()
    return _clip(text, 120)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
