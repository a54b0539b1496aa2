"""What a run is: a pipeline definition resolved against the folder it was read from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.pipeline import DEFAULT_EXTRACTOR


@dataclass(frozen=True)
class Run:
    """A resolved pipeline definition: every path absolute, every option set (docs/scale.md has the file's keys)."""

    inputs: tuple[str, ...]
    out: str
    work: str
    kind: str = "auto"
    outlet: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    claims: bool = True
    facts: bool = True
    parser: str | None = None
    extractor: str = DEFAULT_EXTRACTOR
    project: str | None = None  # the project's root: its data/ registries are read
    tasks: int = 0  # 0: one task per part
    part_bytes: int = 32 << 20
    events: dict[str, Any] | None = None  # {"tasks": N, "days": D, "margin": M}; None: no events
    release: dict[str, Any] | None = None  # {"out": DIR, "version": V, "no_text": bool}; None: no release

    @property
    def out_path(self) -> Path:
        return Path(self.out)

    @property
    def work_path(self) -> Path:
        return Path(self.work)

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON-ready values."""
        return asdict(self) | {"inputs": list(self.inputs)}

    def session(self) -> Any:
        """A session over the run's project, as a command's would be (toolkit.flows.Session)."""
        from toolkit.flows import Session
        from toolkit.project import load_project

        return Session(load_project(Path(self.project)) if self.project else None)

    def registries(self) -> Any:
        """The registries the run resolves against: packaged, the project's data/, then the output folder's; read once
        a process (a task of many parts asks for them at each part)."""
        key = (self.project, self.out)
        if key not in _REGISTRIES:
            _REGISTRIES[key] = self.session().registries(self.out_path)
        return _REGISTRIES[key]


_REGISTRIES: dict[tuple[str | None, str], Any] = {}
