"""Load the record schemas shipped in the package, and validate records against them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    import jsonschema

RECORD_TYPES = ("outlet", "actor", "article", "claim", "event", "alignment", "comparison")
SCHEMA_VERSION = "1.2.0"
BASE_URI = "https://parallax-toolkit.org/schemas/1/"


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
            cls = jsonschema.validators.validator_for(record_schema(record_type))
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


def pointer_of(path: Any) -> str:
    """A JSON Pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator in ("anyOf", "oneOf") and error.context:
        reasons = sorted({_short(sub) for sub in error.context})
        return f"{_clip(repr(error.instance))} matches none of: " + "; ".join(reasons)
    return _clip(error.message, 300)


def _short(error: jsonschema.ValidationError) -> str:
    text = error.message
    shown = repr(error.instance)
    if text.startswith(shown):
        text = text[len(shown) :].strip()
    return _clip(text, 120)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
