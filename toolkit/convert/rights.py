"""An article's rights from what its input states: a license (an SPDX identifier), a redistributable flag, a note."""

from __future__ import annotations

import re
from typing import Any

from toolkit.problems import Problem, problem

UNSTATED = {"redistributable": False, "note": "license not stated: the text is left out of public releases"}
# Licenses that let anyone redistribute the text (with attribution or share-alike at most): its text may be released.
REDISTRIBUTABLE = (
    "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0", "CC-BY-SA-3.0", "CC-PDDC", "PDDL-1.0", "ODC-By-1.0", "ODbL-1.0",
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "Unlicense",
)  # fmt: skip
# Licenses known, whose conditions (non-commercial, no derivatives) a public release cannot promise: its text is left out.
RESTRICTED = (
    "CC-BY-NC-4.0", "CC-BY-ND-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0",
    "CC-BY-NC-3.0", "CC-BY-ND-3.0", "CC-BY-NC-SA-3.0", "CC-BY-NC-ND-3.0",
)  # fmt: skip
SPDX_ID = re.compile(r"^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)$")  # the pattern of rights.license in the schema
_KNOWN = {name.lower(): name for name in (*REDISTRIBUTABLE, *RESTRICTED)}
_LEFT_OUT = "the text is left out of public releases"


def known_license(value: str) -> str | None:
    """The SPDX spelling of a license this toolkit knows, or None."""
    return _KNOWN.get(value.strip().lower())


def rights_of(fields: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The rights object of an article from its rights.* fields (type-checked), with the licenses not known."""
    flag, note, stated = fields.get("rights.redistributable"), fields.get("rights.note"), fields.get("rights.license")
    if stated is None and isinstance(note, str) and known_license(note):
        stated, note = note, None  # Pandoc's `rights: CC-BY-4.0`
    if stated is None:
        if flag is None:
            return ({"redistributable": False, "note": note} if note else dict(UNSTATED)), []
        return {"redistributable": flag, "note": note or _flag_note(flag)}, []
    license_id, found = _license(stated)
    free = license_id in REDISTRIBUTABLE
    rights: dict[str, Any] = {"redistributable": free if flag is None else flag, "note": note or _license_note(license_id, stated, flag)}
    if license_id:
        rights["license"] = license_id
    return rights, found


def _license(stated: str) -> tuple[str | None, list[Problem]]:
    """The SPDX id to record (None if the value is not one), and a warning when it is not a license known here."""
    known = known_license(stated)
    if known:
        return known, []
    accepted = f"licenses that allow redistribution: {', '.join(REDISTRIBUTABLE)}; or state redistributable: true"
    if SPDX_ID.match(stated.strip()):
        message = f"license {stated.strip()!r} is not one convert knows; the text is taken as not redistributable ({accepted})"
        return stated.strip(), [problem("convert.meta-unknown-value", message)]
    message = f"license {stated[:60]!r} is not an SPDX identifier (https://spdx.org/licenses/); the text is taken as not redistributable ({accepted})"
    return None, [problem("convert.meta-unknown-value", message)]


def _license_note(license_id: str | None, stated: str, flag: bool | None) -> str:
    if flag is not None:
        return f"stated {'' if flag else 'not '}redistributable in the input, under {license_id or repr(stated[:60])}" + ("" if flag else f": {_LEFT_OUT}")
    if license_id in REDISTRIBUTABLE:
        return f"license {license_id} allows redistribution: the text may be released"
    if license_id in RESTRICTED:
        return f"license {license_id} restricts reuse (non-commercial or no derivatives): {_LEFT_OUT}"
    return f"license {license_id or repr(stated[:60])} is not one known to allow redistribution: {_LEFT_OUT}"


def _flag_note(flag: bool) -> str:
    return "stated redistributable in the input" if flag else f"stated not redistributable in the input: {_LEFT_OUT}"
