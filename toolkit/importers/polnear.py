"""PolNeAR (Newell, Margolin & Ruths, LREC 2018): 2016 US-election articles of 7 outlets with gold attributions.

Layout: `data/metadata.tsv` and `data/<split>/text/<name>.txt` with `data/<split>/attributions/<name>_<annotator>.ann`
(brat standoff) for every split present (train, dev, test, annotator-training); PATH is the corpus folder or its
`data/` folder. Each attribution (an `E` line) becomes a claim: its Content span (and Content2, the rest of a split
content) as the content, its Cue as the cue, its Source as the speaker's mention. Discontinuous spans keep one
selector per fragment. PolNeAR resolves no speakers to entities, so `speaker.actor_id` is null (no actor is made
up); an Attribution-no-source has no mention (unless a Source span is annotated all the same). `Discuss` and
`Discard` spans are annotators' markers outside any attribution and are not imported.

An article annotated by several annotators is imported with the annotation of the smallest annotator id only; each
claim's provenance names its annotator, its `.ann` file and `E` line, and which annotators were passed over.

Offsets index the raw `.txt`; they are mapped to the stored (normalized) headline and body, and each span is checked
to give there what the annotation says (in its stored form: NFC, no blanks at line ends). Reported as
`import.skipped`, never dropped silently: an attribution with no Content, with a span that does not check, or whose
content and source spans are those of an earlier attribution of the article (one claim per content and source, as
the validator holds), and
an article whose outlet and text repeat an earlier one's.

Kind, from the content's quotation marks (double quotes only; a single ’ is an apostrophe as often as a quote):
`direct_quote` when every content fragment is wholly inside quotation marks, `mixed` when it holds quotation marks
otherwise, else `indirect`. Genre is `unknown`: the corpus meant to sample hard news but says opinion pieces of some
outlets were hard to tell apart.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.articles import ArticleDraft, ArticleMeta, draft_from_text
from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.news_outlets import Outlets
from toolkit.importers.quotes import has_quotes, wholly_quoted
from toolkit.importers.reading import open_text, read_bytes, read_text, unreadable
from toolkit.importers.spans import stored_form
from toolkit.problems import Problem, problem
from toolkit.records import evidence, with_id

CORPUS = Corpus(
    name="polnear",
    version="1.0.0 (c3eee833c035bf7b8c84f55b58c0bf7346cfae76)",
    license="unknown",
    url="https://github.com/networkdynamics/PolNeAR",
    redistributable=False,
    rights_note="no license stated (the repository has no LICENSE file); article texts are copyrighted by their publishers; research use only",
)
GUIDELINE = "PolNeAR annotation guidelines (v1.0.0)"
SPLITS = ("train", "dev", "test", "annotator-training")
_ENTRY = re.compile(r"^([TEARMN#]\d+)\t(.*?)(?=\n[TEARMN#]\d+\t|\n*\Z)", re.MULTILINE | re.DOTALL)
_OFFSETS = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)")
_NONE = {"", "none", "na"}


@dataclass(frozen=True)
class Span:
    """A text-bound annotation: role, raw fragments (start, end) and the text the file gives for it."""

    role: str
    fragments: tuple[tuple[int, int], ...]
    text: str


@dataclass(frozen=True)
class Attribution:
    """An `E` line: its id, its line in the file, and the span ids of each of its roles."""

    eid: str
    line: int
    roles: dict[str, list[str]]


@dataclass
class Annotation:
    """The spans and attributions of one .ann file, and the lines that could not be read."""

    spans: dict[str, Span] = field(default_factory=dict)
    attributions: list[Attribution] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)


def parse_ann(content: str) -> Annotation:
    """The spans and attributions of a brat standoff file (a span's text may run over several lines)."""
    found = Annotation()
    for match in _ENTRY.finditer(content):
        key, rest, line = match.group(1), match.group(2), content.count("\n", 0, match.start()) + 1
        if key.startswith("T"):
            span = _span(rest)
            if span is None:
                found.unread.append(line)
            else:
                found.spans[key] = span
        elif key.startswith("E"):
            roles: dict[str, list[str]] = {}
            for argument in rest.split():
                role, _, tid = argument.partition(":")
                roles.setdefault(role, []).append(tid)
            found.attributions.append(Attribution(key, line, roles))
    return found


def _span(rest: str) -> Span | None:
    """A T line's role, fragments and text, or None when it cannot be read."""
    head, tab, text = rest.partition("\t")
    match = _OFFSETS.fullmatch(head)
    if not tab or match is None:
        return None
    fragments = tuple((int(a), int(b)) for a, b in (part.split() for part in match.group(2).split(";")))
    return Span(match.group(1), fragments, text)


def annotator_of(path: Path) -> str:
    """The annotator id at the end of an .ann file name ('..._4b22.ann' -> '4b22')."""
    return path.stem.rpartition("_")[2]


def read_metadata(root: Path) -> dict[str, dict[str, str]] | Problem:
    """The rows of metadata.tsv by file name, or the problem that leaves outlet and date to the file names."""
    path = root / "metadata.tsv"
    if not path.exists():  # a device or FIFO in its place is refused by the reader, not taken for absent
        return problem("import.layout", "no metadata.tsv: outlet and date from the file names, no byline", file=str(path))
    try:
        with open_text(path) as handle:
            rows = {str(row.get("filename")): row for row in csv.DictReader(handle, delimiter="\t", restval="")}
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return unreadable(error, path, "; outlet and date from the file names, no byline")
    return rows


def data_root(path: Path) -> Path:
    """The folder holding the split folders: PATH/data when present, else PATH."""
    return path / "data" if (path / "data").is_dir() else path


@register("polnear")
def import_polnear(path: Path, ctx: Context) -> Iterator[Item]:
    """Articles and their gold attributions as claims, for every split present."""
    root = data_root(path)
    splits = [s for s in SPLITS if (root / s / "text").is_dir()]
    if not splits:
        yield problem("import.layout", f"no split folder with a text/ folder ({', '.join(SPLITS)})", file=str(root))
        return
    metadata = read_metadata(root)
    if isinstance(metadata, Problem):
        yield metadata
    yield from _parc3_note(root)
    state = _State(Outlets(ctx, CORPUS), metadata if isinstance(metadata, dict) else {})
    for split in splits:
        yield from _split_items(root, split, state)


@dataclass
class _State:
    """What an import carries across files: outlets, metadata, and the articles met so far by id."""

    outlets: Outlets
    metadata: dict[str, dict[str, str]]
    first_of: dict[str, str] = field(default_factory=dict)


def _parc3_note(root: Path) -> Iterator[Item]:
    """The PARC3 replication annotations cannot be imported: their texts are the Penn Treebank's."""
    folder = root / "parc3-replication" / "attributions"
    if folder.is_dir():
        count = len(list(folder.glob("*.ann")))
        yield problem(
            "import.skipped", f"parc3-replication: {count} annotation files skipped; their texts (Penn Treebank, LDC) are not in the corpus", file=str(folder)
        )


def _split_items(root: Path, split: str, state: _State) -> Iterator[Item]:
    """The items of one split: each text with the chosen annotation; annotations without a text are reported."""
    texts = sorted((root / split / "text").glob("*.txt"))
    anns: dict[str, list[Path]] = {}
    for ann in sorted((root / split / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rpartition("_")[0], []).append(ann)
    for name in sorted(set(anns) - {t.stem for t in texts}):
        yield problem("import.skipped", f"{len(anns[name])} annotation file(s) of {name}: no text file {name}.txt", file=str(anns[name][0]))
    for text in texts:
        yield from _article_items(text, split, sorted(anns.get(text.stem, []), key=annotator_of), state)


def _article_items(text: Path, split: str, anns: list[Path], state: _State) -> Iterator[Item]:
    """The outlet (first time), the article and the claims of one text file, or the problems that skip them."""
    group = f"polnear-{split}"
    try:
        data = read_bytes(text)
        raw = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield unreadable(error, text)
        return
    row = state.metadata.get(text.stem)
    outlet = state.outlets.resolve(_code(text.stem, row))
    draft = draft_from_text(raw, _meta(text.stem, row, hashlib.sha256(data).hexdigest(), outlet))
    record = draft.record
    if not draft.split.body:
        yield problem("import.skipped", f"{text.stem}: no body after the headline", file=str(text))
        return
    if record["id"] in state.first_of:
        yield problem(
            "import.skipped", f"{text.stem}: same outlet and text as {state.first_of[record['id']]} ({record['id']}); it and its claims skipped", file=str(text)
        )
        return
    state.first_of[record["id"]] = text.stem
    if outlet and state.outlets.first_time(outlet):
        yield group, outlet
    yield group, record
    if not anns:
        yield problem("import.skipped", f"{text.stem}: no annotation file; the article is imported without claims", file=str(text))
        return
    yield from _claims(raw, draft, anns, split)


def _meta(name: str, row: dict[str, str] | None, sha256: str, outlet: dict[str, Any] | None) -> ArticleMeta:
    """Article metadata from the metadata row, or from the file name '<publisher>_<date>_<slug>'."""
    parts, code = name.split("_"), _code(name, row)
    published = (row or {}).get("publication_date") or (parts[1] if len(parts) > 1 else "")
    dated = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", published))
    author = (row or {}).get("author", "").strip()
    return ArticleMeta(
        outlet_id=outlet["id"] if outlet else None,
        outlet_name=None if outlet else code,
        outlet_unknown_reason=None if outlet else f"the corpus's publisher code {code!r} names no known outlet",
        byline=[] if author.casefold() in _NONE else [author],
        published=published if dated else None,
        published_unknown_reason=None if dated else f"the corpus's date {published!r} is not a date",
        source=CORPUS.source(name) | {"original_sha256": sha256},
        rights=CORPUS.rights(),
        provenance=CORPUS.provenance(),
    )


def _code(name: str, row: dict[str, str] | None) -> str:
    """The publisher code of an article: the metadata's, else the file name's prefix."""
    return (row or {}).get("publisher") or name.split("_")[0]


def _claims(raw: str, draft: ArticleDraft, anns: list[Path], split: str) -> Iterator[Item]:
    """The claims of the chosen annotation (the smallest annotator id), each attribution or the problem that skips it."""
    chosen = anns[0]
    try:
        annotation = parse_ann(read_text(chosen))
    except (OSError, UnicodeDecodeError) as error:
        yield unreadable(error, chosen, "; the article's claims are skipped")
        return
    for line in annotation.unread:
        yield problem("import.skipped", "a span line that is not 'T<n><TAB>Role start end[;start end]<TAB>text'", file=str(chosen), line=line)
    note, seen = _choice_note(chosen, anns, split), dict[str, str]()
    for attribution in annotation.attributions:
        item = _claim_item(raw, draft, annotation, attribution, note, chosen)
        key = _content_and_source(item) if isinstance(item, dict) else ""
        if key in seen:
            item = _skip(attribution, chosen, f"same content and source spans as {seen[key]} (another cue); one claim is kept per content and source")
        if isinstance(item, dict):
            seen[key] = attribution.eid
            yield f"polnear-{split}", item
        else:
            yield item


def _choice_note(chosen: Path, anns: list[Path], split: str) -> str:
    """Which annotation the claims come from, and which were passed over."""
    annotator = annotator_of(chosen)
    where = f"PolNeAR {split}/attributions/{chosen.name}"
    if len(anns) == 1:
        return f"{where} {{eid}}; annotator {annotator}, the article's only one"
    others = ", ".join(annotator_of(a) for a in anns[1:])
    return f"{where} {{eid}}; annotator {annotator} chosen as the smallest id of {len(anns)} (not imported: {others})"


def _skip(attribution: Attribution, path: Path, why: str) -> Problem:
    return problem("import.skipped", f"{attribution.eid}: {why}", file=str(path), line=attribution.line)


def _claim_item(raw: str, draft: ArticleDraft, annotation: Annotation, attribution: Attribution, note: str, path: Path) -> dict[str, Any] | Problem:
    """The claim of one attribution, or the problem that skips it."""
    missing = [tid for tids in attribution.roles.values() for tid in tids if tid not in annotation.spans]
    if missing:
        return _skip(attribution, path, f"refers to undefined span(s) {', '.join(missing)}")
    located: dict[str, list[tuple[str, int, int]]] = {}
    for role in ("Content", "Content2", "Cue", "Source"):
        for tid in attribution.roles.get(role, []):
            found = _locate(raw, draft, annotation.spans[tid])
            if isinstance(found, str):
                return _skip(attribution, path, f"{role} {tid} {found}")
            located.setdefault(role, []).extend(found)
    if not located.get("Content") and not located.get("Content2"):
        return _skip(attribution, path, f"no Content span (roles: {', '.join(sorted(attribution.roles))})")
    provenance = CORPUS.provenance(note.format(eid=attribution.eid), method="human") | {"annotator": annotator_of(path), "guideline": GUIDELINE}
    return claim_record(draft, located, provenance)


def _locate(raw: str, draft: ArticleDraft, span: Span) -> list[tuple[str, int, int]] | str:
    """The stored (field, start, end) of each fragment of a span, or why it cannot be placed exactly."""
    if any(not 0 <= a < b <= len(raw) for a, b in span.fragments):
        return f"offsets {span.fragments} are outside the text ({len(raw)} code points)"
    if " ".join(raw[a:b] for a, b in span.fragments) != span.text:
        return f"text {span.text[:40]!r} is not the text at its offsets"
    placed = [draft.locate(a, b) for a, b in span.fragments]
    stored = " ".join(_field_text(draft, f)[a:b] for f, a, b in placed)
    if stored != stored_form(raw, span.fragments) or any(a >= b for _, a, b in placed):
        return f"text {span.text[:40]!r} is not where its offsets point in the stored text ({stored[:40]!r})"
    return placed


def _field_text(draft: ArticleDraft, field_name: str) -> str:
    return str(draft.record["headline"] if field_name == "headline" else draft.record["text"])


def claim_record(draft: ArticleDraft, located: dict[str, list[tuple[str, int, int]]], provenance: dict[str, Any]) -> dict[str, Any]:
    """A claim from the located spans of one attribution (content fragments in reading order)."""
    article = draft.record
    content = _evidence(draft, sorted(located.get("Content", []) + located.get("Content2", []), key=_reading_order))
    speaker: dict[str, Any] = {"actor_id": None}
    if located.get("Source"):
        speaker["mention"] = _evidence(draft, located["Source"])
    record: dict[str, Any] = {
        "type": "claim",
        "article_id": article["id"],
        "outlet_id": article["outlet_id"],
        "kind": quote_kind(draft, content["spans"]),
        "speaker": speaker,
        "content": content,
    }
    if located.get("Cue"):
        record["cue"] = _evidence(draft, located["Cue"])
    record["position"] = position(article, content["spans"][0])
    record["provenance"] = provenance
    return with_id(record)


def _reading_order(span: tuple[str, int, int]) -> tuple[int, int]:
    return (0 if span[0] == "headline" else 1, span[1])


def _evidence(draft: ArticleDraft, spans: list[tuple[str, int, int]]) -> dict[str, Any]:
    """An evidence object of located spans, which may lie in the headline and the body."""
    selectors = [evidence(_field_text(draft, f), [(a, b)], f)["spans"][0] for f, a, b in spans]
    return {"text": " ".join(s["exact"] for s in selectors), "spans": selectors}


def position(article: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    """Where a span sits: the headline, or the lede or body with its paragraph index."""
    if span["field"] == "headline":
        return {"field": "headline", "paragraph": 0}
    paragraph = next((i for i, (a, b) in enumerate(article["paragraphs"]) if a <= span["start"] < b), 0)
    return {"field": "lede" if paragraph == 0 else "body", "paragraph": paragraph}


def quote_kind(draft: ArticleDraft, spans: list[dict[str, Any]]) -> str:
    """direct_quote when every fragment is wholly inside quotation marks, mixed when quotation marks occur, else indirect."""
    if all(wholly_quoted(_field_text(draft, s["field"]), s["start"], s["end"]) for s in spans):
        return "direct_quote"
    return "mixed" if any(has_quotes(s["exact"]) for s in spans) else "indirect"


def _content_and_source(claim: dict[str, Any]) -> str:
    """What makes two claims one for the validator: their content spans and their speaker's mention spans."""
    mention = claim["speaker"].get("mention") or {"spans": []}
    return repr([[(s["field"], s["start"], s["end"]) for s in part["spans"]] for part in (claim["content"], mention)])
