"""What the importer tests share: where the corpora are, importing with a clean validation, and an output's bytes."""

from __future__ import annotations

from pathlib import Path

from toolkit.importers import run_import
from toolkit.registry import OutletRegistry
from toolkit.store import Summary
from toolkit.validate import validate


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def import_clean(corpus: str, source: Path, out: Path) -> Summary:
    """Import a corpus folder into an output folder (its own outlets as the registry) and check that the output validates clean."""
    summary = run_import(corpus, source, out, OutletRegistry.load(out / "outlets.jsonl"))
    report = validate([str(out)])
    assert (report.errors, report.warnings) == (0, 0), [p.message for p in report.problems]
    assert summary.invalid == 0
    return summary


def assert_reimport_identical(corpus: str, source: Path, folder: Path) -> None:
    """Importing into two new folders gives the same bytes, and importing again into one adds and changes nothing."""
    runs = [run_import(corpus, source, folder / name, OutletRegistry.load(folder / name / "outlets.jsonl")) for name in ("a", "b")]
    assert snapshot(folder / "a") == snapshot(folder / "b") and runs[0].invalid == 0
    before = snapshot(folder / "a")
    again = run_import(corpus, source, folder / "a", OutletRegistry.load(folder / "a" / "outlets.jsonl"))
    assert sum(again.files.values()) == 0 and snapshot(folder / "a") == before


def polnear_split(corpus: Path, split: str, root: Path, stems: set[str] | None = None, extractor: str = "fast") -> tuple[Path, Path]:
    """PolNeAR's split (or only the articles of `stems` in it) imported alone (its metadata with it) into root/gold, and
    the claims of its articles that an extractor (toolkit.pipeline.EXTRACTORS) finds in root/pred, as a user's
    `parallax import` and `parallax extract` make them: (gold, pred)."""
    import shutil

    from toolkit import flows
    from toolkit.flows import Session

    (root / "corpus" / "data").mkdir(parents=True)
    shutil.copy(corpus / "data" / "metadata.tsv", root / "corpus" / "data" / "metadata.tsv")

    def others(_folder: str, names: list[str]) -> list[str]:
        """The files of articles not in `stems` ('<stem>.txt', '<stem>_<annotator>.ann')."""
        kept = stems or set()
        return [n for n in names if "." in n and Path(n).stem not in kept and Path(n).stem.rpartition("_")[0] not in kept]

    shutil.copytree(corpus / "data" / split, root / "corpus" / "data" / split, ignore=None if stems is None else others)
    run_import("polnear", root / "corpus", root / "gold", OutletRegistry())
    summary = flows.extract(Session(None), [root / "gold"], root / "pred", flows.extractor_of(None, True, extractor))
    assert summary.invalid == 0
    return root / "gold", root / "pred"
