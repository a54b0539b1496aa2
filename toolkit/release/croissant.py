"""The Croissant 1.0 description (`croissant.json`) of a release folder, written as JSON-LD directly.

What the release says about itself, in the MLCommons Croissant vocabulary (https://mlcommons.org/croissant/1.0):

- the dataset: name, description, license, url, citeAs, datePublished and version from `info`, and the responsible-AI
  fields `rai:dataBiases`, `rai:dataLimitations` and `rai:personalSensitiveInformation` where `info` has them;
- a `FileObject` per Parquet file (`data/<config>/train-00000-of-00001-<digest>.parquet`, relative to the folder), with its
  SHA-256 and `encodingFormat` `application/x-parquet`;
- a `RecordSet` per config, with a `Field` per top-level column of the config's Arrow schema
  (`toolkit.release.features.arrow_schema`).

Column types, from Arrow to Croissant:

- `string` is `sc:Text` (class labels and dates are strings in the Parquet files, so they are `sc:Text` too; the card
  declares their labels), `int64` is `sc:Integer`, `float64` is `sc:Float`, `bool` is `sc:Boolean`;
- a list is the field of its items with `repeated: true` (a list of lists, article `paragraphs`, is repeated
  `sc:Integer`);
- a struct is a field with a `subField` per struct field, each reading its own value out of the top-level column
  with a JSONPath transform (`$.mention.text` in claim `speaker`, `$.spans[*].start` in claim `content`); a list of
  structs is a repeated field with such sub-fields, their paths applied to each item when the list is the column
  itself (`$.title` in actor `roles`), as mlcroissant applies them.

The Parquet columns stay what they are (nested structs and lists): nothing is re-encoded as JSON text, so a
description never promises a type the file does not hold.

Nothing here reads a clock: the same folder, counts and info give the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from toolkit.errors import ParallaxError
from toolkit.release.features import arrow_schema
from toolkit.release.parquet import CONFIGS, shard

FILE_NAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
PARQUET = "application/x-parquet"

#: The standard JSON-LD context of Croissant 1.0, with the responsible-AI prefix.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

#: The keys of `info`: the required ones, and the optional ones with the Croissant property each fills.
REQUIRED_INFO = ("name", "description", "license", "cite_as", "date_published")
OPTIONAL_INFO: dict[str, str] = {
    "url": "url",
    "version": "version",
    "data_biases": "rai:dataBiases",
    "data_limitations": "rai:dataLimitations",
    "personal_sensitive_information": "rai:personalSensitiveInformation",
}


class CroissantError(ParallaxError, ValueError):
    """Release information that cannot be described as it is; the message says what is wrong."""


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_type(arrow_type: pa.DataType) -> str:
    """The Croissant data type of an Arrow scalar type."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "sc:Text"
    if pa.types.is_integer(arrow_type):
        return "sc:Integer"
    if pa.types.is_floating(arrow_type):
        return "sc:Float"
    if pa.types.is_boolean(arrow_type):
        return "sc:Boolean"
    raise CroissantError(f"no Croissant data type for the Arrow type {arrow_type}")


def _is_list(arrow_type: pa.DataType) -> bool:
    return bool(pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type))


def _field(field_id: str, name: str, arrow_type: pa.DataType, file_id: str, column: str, path: str) -> dict[str, Any]:
    """The Croissant field of a column (`path` empty) or of a part of one (`path`: its JSONPath below the column)."""
    lists = 0
    while _is_list(arrow_type):
        lists += 1
        arrow_type = arrow_type.value_type
    node: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": name}
    source: dict[str, Any] = {"fileObject": {"@id": file_id}, "extract": {"column": column}}
    if path:
        source["transform"] = {"jsonPath": "$" + path}
    node["source"] = source
    if lists:
        node["repeated"] = True
    if pa.types.is_struct(arrow_type):
        # A JSONPath applies to the column's value, or to each item when the column is a list: below the column's
        # own list the path starts afresh, below any other list it goes through every item ([*]).
        wildcards = "[*]" * (lists - 1 if not path and lists else lists)
        node["subField"] = [_field(f"{field_id}/{sub.name}", sub.name, sub.type, file_id, column, f"{path}{wildcards}.{sub.name}") for sub in arrow_type]
    else:
        node["dataType"] = data_type(arrow_type)
    return node


def record_set(config: str, rows: int, file_id: str) -> dict[str, Any]:
    """The record set of one config: a field per top-level column of its Arrow schema."""
    types = {c: record_type for record_type, c in CONFIGS.items()}
    if config not in types:
        raise CroissantError(f"unknown config {config!r}; the configs are {', '.join(CONFIGS.values())}")
    schema = arrow_schema(types[config])
    fields = [_field(f"{config}/{column.name}", column.name, column.type, file_id, column.name, "") for column in schema]
    return {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": f"The {types[config]} records of the release, one per row ({rows} rows), sorted by id.",
        "key": {"@id": f"{config}/id"},
        "field": fields,
    }


def _check_info(info: dict[str, Any]) -> None:
    missing = [key for key in REQUIRED_INFO if not info.get(key)]
    if missing:
        raise CroissantError(f"release information without {', '.join(missing)}")
    unknown = sorted(set(info) - set(REQUIRED_INFO) - set(OPTIONAL_INFO))
    if unknown:
        raise CroissantError(f"unknown release information: {', '.join(unknown)}")
    for key, value in info.items():
        if not isinstance(value, str):
            raise CroissantError(f"release information {key} must be a string, not {type(value).__name__}")
    try:
        datetime.date.fromisoformat(info["date_published"])
    except ValueError:
        raise CroissantError(f"date_published {info['date_published']!r} is not a date (YYYY-MM-DD)") from None


def croissant(folder: Path, counts: dict[str, int], info: dict[str, Any]) -> dict[str, Any]:
    """The Croissant 1.0 JSON-LD of a release folder: its Parquet files, a record set per config, and `info`.

    `counts` are the rows per config (as `write_release` returns them); `info` holds the keys of `REQUIRED_INFO`
    and any of `OPTIONAL_INFO`, all strings, `date_published` an ISO date.
    """
    _check_info(info)
    unknown = sorted(set(counts) - set(CONFIGS.values()))
    if unknown:
        raise CroissantError(f"unknown configs {', '.join(unknown)}; the configs are {', '.join(CONFIGS.values())}")
    files: list[dict[str, Any]] = []
    record_sets: list[dict[str, Any]] = []
    for config in [c for c in CONFIGS.values() if c in counts]:
        path = shard(folder, config)
        if path is None:
            raise CroissantError(f"{folder / 'data' / config}: the Parquet file of config {config} is missing")
        relative = path.relative_to(folder).as_posix()
        files.append(
            {
                "@type": "cr:FileObject",
                "@id": relative,
                "name": relative,
                "contentUrl": relative,
                "encodingFormat": PARQUET,
                "sha256": sha256(path),
            }
        )
        record_sets.append(record_set(config, counts[config], relative))
    dataset: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": info["name"],
        "description": info["description"],
        "license": info["license"],
        "citeAs": info["cite_as"],
        "datePublished": info["date_published"],
        "distribution": files,
        "recordSet": record_sets,
    }
    for key, prop in OPTIONAL_INFO.items():
        if info.get(key):
            dataset[prop] = info[key]
    return dataset


def dumps(document: dict[str, Any]) -> bytes:
    """The bytes of a JSON-LD document: sorted keys, two-space indent, UTF-8, one trailing newline."""
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_croissant(folder: Path, counts: dict[str, int], info: dict[str, Any]) -> Path:
    """Write `folder/croissant.json` and return its path."""
    path = folder / FILE_NAME
    path.write_bytes(dumps(croissant(folder, counts, info)))
    return path
