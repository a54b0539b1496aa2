"""What an input says about itself, read within limits: YAML, TOML and JSON metadata that cannot hang or crash a run.

docs/front-matter.md#limits lists the limits; a test keeps the two in step.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import yaml

from toolkit.errors import ParallaxError
from toolkit.problems import Problem, problem

MAX_FRONT_MATTER = 64 * 1024  # characters of YAML or TOML front matter; real ones hold well under 4 KiB
MAX_SIDECAR = 1024 * 1024  # bytes of a NAME.meta.json sidecar
MAX_DEPTH = 20  # mappings and lists within each other
MAX_ITEMS = 2_000  # keys and list items, each YAML alias counted as all it stands for
MAX_ALIASES = 100  # YAML aliases (*name) in one front matter
MAX_VALUE = 10_000  # characters of one text value
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Refused(ParallaxError):
    """Metadata beyond a limit: none of it is read."""


@dataclass(frozen=True)
class Unreadable:
    """A value YAML cannot build (a number too long to convert); reported and left out."""

    why: str


class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types
    """PyYAML's safe loader with a bound on nesting and aliases, and values it cannot build kept as such, not raised."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise Refused(f"more than {MAX_ALIASES} YAML aliases")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(f"nested more than {MAX_DEPTH} deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2020-02-30) stays text: the date check reports it as unreadable."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        return Unreadable(f"a number of {len(str(node.value)):,} characters, too long to read")


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _number)


def load_front_matter(text: str, toml: bool) -> Any:
    """The value of YAML or TOML front matter; Refused beyond a limit, ValueError when it is not YAML or TOML."""
    if len(text) > MAX_FRONT_MATTER:
        raise Refused(f"front matter of {len(text):,} characters, more than {MAX_FRONT_MATTER:,}")
    if toml:
        try:
            return tomllib.loads(text)
        except RecursionError:
            raise Refused(f"nested more than {MAX_DEPTH} deep") from None
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"front matter is not TOML: {error}") from None
        except ValueError as error:  # a number past Python's int-string limit
            raise ValueError(f"front matter is not TOML: {str(error).split(';')[0]}") from None
    try:
        loader = _Loader(text)  # its reader refuses control characters here
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise ValueError(f"front matter is not YAML: {str(error).splitlines()[0]}") from None


def load_sidecar(data: bytes) -> Any:
    """The value of a JSON sidecar; Refused beyond a limit, ValueError when it is not JSON."""
    if len(data) > MAX_SIDECAR:
        raise Refused(f"sidecar of {len(data):,} bytes, more than {MAX_SIDECAR:,}")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg}") from None


def checked(fields: dict[Any, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The fields with every key and value one a record can hold; a problem for each left out; Refused past a limit."""
    budget = [MAX_ITEMS]
    found: list[Problem] = []
    return _mapping(fields, "", 1, budget, found), found


def _mapping(given: dict[Any, Any], at: str, depth: int, budget: list[int], found: list[Problem]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in given.items():
        name = key if isinstance(key, str) else str(key) if isinstance(key, int | float | bool | date) else ""
        why = _text_fault(name) if name else "a key that is not text"
        if why:
            found.append(problem("convert.meta-value", f"{at}{shown_key(name)}: {why}; ignored"))
            continue
        item = _value(value, f"{at}{name}", depth, budget, found)
        if item is not _LEFT_OUT:
            kept[name] = item
    return kept


_LEFT_OUT = object()


def _value(value: Any, at: str, depth: int, budget: list[int], found: list[Problem]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise Refused(f"more than {MAX_ITEMS:,} keys and list items (YAML aliases counted as what they repeat)")
    if depth > MAX_DEPTH:
        raise Refused(f"nested more than {MAX_DEPTH} deep")
    if isinstance(value, dict):
        return _mapping(value, f"{at}.", depth + 1, budget, found)
    if isinstance(value, list | tuple):
        items = [_value(item, at, depth + 1, budget, found) for item in value]
        return [item for item in items if item is not _LEFT_OUT]
    why = _text_fault(value) if isinstance(value, str) else _fault(value)
    if why:
        found.append(problem("convert.meta-value", f"{at}: {why}; ignored"))
        return _LEFT_OUT
    return value


def _text_fault(text: str) -> str | None:
    if len(text) > MAX_VALUE:
        return f"text of {len(text):,} characters, more than {MAX_VALUE:,}"
    surrogate = _LONE_SURROGATE.search(text)
    return f"holds a lone surrogate (U+{ord(surrogate.group()):04X}), which is no character" if surrogate else None


def _fault(value: Any) -> str | None:
    if isinstance(value, Unreadable):
        return value.why
    if value is None or isinstance(value, bool | int | float | date):
        return None
    return f"a {type(value).__name__} value, which no field takes"


def shown_key(key: str) -> str:
    """A key as a message names it: cut, a lone surrogate escaped."""
    return key[:60].encode("utf-8", "backslashreplace").decode("utf-8") if key else "?"
