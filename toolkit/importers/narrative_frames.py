"""Narrative Frames (Frermann et al. 2023): climate-change articles, their narrative frames and actor roles, and their outlets.

Each article carries, as article-level framing labels, the frames its annotators marked True (resolution, human
interest, conflict, moral, economic: scheme narrative_frame) and the role each annotated entity plays in it (hero,
villain, victim: scheme narrative_role, the entity as named and its stakeholder group in the attributes; entities
have no offsets and are not resolved to actors). Outlets carry the MBFC label the corpus gives. The per-annotator
answers to the codebook's questions are reported as left out, once.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from toolkit.articles import ArticleMeta, article_record, draft_from_text
from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.corpus_outlets import CorpusOutlets
from toolkit.importers.reading import open_text, read_bytes, unreadable
from toolkit.importers.repeats import reported_repeats
from toolkit.problems import Problem, problem
from toolkit.text import normalize

CORPUS = Corpus(
    name="narrative-frames",
    version="197314dfe86838e20420894bc3dfa285814dc04c",
    license="MIT",
    url="https://github.com/phenixace/narrative-framing",
    redistributable=False,
    rights_note="article text belongs to its outlet; the corpus's MIT license covers its annotations, not the texts: research use only",
)
GROUP = "narrative-frames"
ARTICLES = "data/articles_metadata.tsv"
ROLES = "data/role_and_frame_annoations.tsv"
ANSWERS = "data/full_annotations.json"
COLUMNS = ["ID", "source", "mbfc", "date", "text", "RE", "HI", "CO", "MO", "EC"]
FRAMES = COLUMNS[5:]
# MBFC's bias categories as the corpus spells them; a questionable source is a category of its own, not a bias.
MBFC_BIAS = {"left_bias": "left", "left_center_bias": "center-left", "center_bias": "center", "right_center_bias": "center-right", "right_bias": "right"}
# Outlet names the corpus gives only run together in lower case.
DISPLAY = {
    "buzzfeed": "BuzzFeed",
    "duran": "The Duran",
    "hill": "The Hill",
    "motherjones": "Mother Jones",
    "palmerreport": "Palmer Report",
    "rightscoop": "The Right Scoop",
    "slate": "Slate",
}
# The corpus's file names cut titles at about 100 characters: a title that long may end early, so it cannot tell where the headline ends.
TITLE_CUT = 98
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Row:
    """One article row of the metadata table, with the line it starts on."""

    file: str
    line: int
    values: dict[str, str]

    @property
    def outlet_key(self) -> str:
        """How the corpus's spellings of one outlet are told to be the same ('thehuffingtonpost', 'The Huffington Post')."""
        return re.sub(r"[^a-z0-9]", "", self.values["source"].lower()).removeprefix("the")

    @property
    def outlet_name(self) -> str:
        """The outlet's name to register."""
        return DISPLAY.get(self.outlet_key, self.values["source"].strip())


@register("narrative-frames")
def import_narrative_frames(path: Path, ctx: Context) -> Iterator[Item]:
    """Articles with their frames and roles, and rated outlets, from a Narrative Frames folder."""
    table = path / ARTICLES
    if not table.exists():  # a device or FIFO in its place is refused by the reader, not taken for absent
        yield problem("import.layout", f"no {ARTICLES}: not a Narrative Frames folder", file=str(path))
        return
    rows: list[Row] = []
    for read in read_rows(table):
        if isinstance(read, Problem):
            yield read
        else:
            rows.append(read)
    answers = yield from _answers(path / ANSWERS)
    roles = yield from read_roles(path / ROLES)
    yield from reported_repeats(_records(rows, answers, roles, ctx))
    yield from _left_out(len(answers))


def read_rows(table: Path) -> Iterator[Row | Problem]:
    """The well-formed rows of the metadata table, and a problem for each broken one."""
    try:
        with open_text(table) as handle:
            reader = csv.reader(handle, delimiter="\t")
            if next(reader, None) != COLUMNS:
                yield problem("import.layout", f"the header is not {' '.join(COLUMNS)}", file=str(table), line=1)
                return
            start = reader.line_num + 1
            for values in reader:
                yield _row(values, start, str(table))
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield unreadable(error, table)


def _row(values: list[str], line: int, file: str) -> Row | Problem:
    """A row, or the problem that keeps it out."""
    name = f"article {values[0]}" if values else "a row"
    if len(values) != len(COLUMNS):
        why = f"{len(values)} of {len(COLUMNS)} columns (a truncated row, its text's quoting broken, no frame columns); skipped"
        return problem("import.unreadable", f"{name}: {why}", file=file, line=line)
    row = Row(file, line, dict(zip(COLUMNS, values, strict=True)))
    if not row.values["text"].strip() or not row.outlet_key:
        return problem("import.skipped", f"{name}: no text or no source; skipped", file=file, line=line)
    return row


def _answers(file: Path) -> Generator[Problem, None, dict[str, Any]]:
    """The per-article answers (title, opinion flag), by article id; a problem when the file cannot be read."""
    if not file.exists():  # not is_file(): a device or FIFO in its place is refused by the reader, not taken for absent
        return {}
    try:
        answers = orjson.loads(read_bytes(file))
    except (OSError, orjson.JSONDecodeError) as error:
        yield unreadable(error, file, "; headlines and genres not known")
        return {}
    if not isinstance(answers, dict):
        yield problem("import.unreadable", "not a JSON object of articles; headlines and genres not known", file=str(file))
        return {}
    return answers


def _records(rows: list[Row], answers: dict[str, Any], roles: dict[str, list[dict[str, Any]]], ctx: Context) -> Iterator[Item]:
    """Outlets and articles of the rows read, and a problem for each frame label that is not True or False."""
    outlets = CorpusOutlets(ctx.registry, CORPUS.provenance())
    for row in rows:
        outlets.see(row.outlet_key, row.outlet_name, alias=row.values["source"])
    outlets.settle()
    for row in rows:
        outlet_id = outlets.ids[row.outlet_key]
        labels = [*_frames(row), *roles.get(row.values["ID"], [])]
        yield GROUP, _article(row, outlet_id, answers.get(row.values["ID"])) | ({"framing": labels} if labels else {})
        if row.values["mbfc"].strip():  # an empty label is no rating (and an empty value would leave the outlet invalid)
            outlets.rate(outlet_id, _rating(row.values["mbfc"].strip()))
        yield from _odd_frames(row)
    yield from outlets.records(GROUP, set(outlets.ids.values()))


def _article(row: Row, outlet_id: str, answer: Any) -> dict[str, Any]:
    """The article of a row: its headline cut off the text where the corpus's file name says it ends."""
    answer = answer if isinstance(answer, dict) else {}
    date = row.values["date"]
    meta = ArticleMeta(
        outlet_id=outlet_id,
        published=date if _DATE.match(date) else None,
        published_unknown_reason=f"the corpus's date {date!r} is not a date",
        genre={"True": "opinion", "False": "reporting"}.get(str(answer.get("_opinion")), "unknown"),
        source=CORPUS.source(row.values["ID"]),
        rights=CORPUS.rights(),
        provenance=CORPUS.provenance("the corpus gives headline and body as one text; the headline is its start up to the title in the file name"),
    )
    text = normalize(row.values["text"]).text
    end = headline_end(text, str(answer.get("_ID", "")))
    if end is None:
        return article_record("", text, meta)
    return draft_from_text(f"{text[:end]}\n\n{text[end:].lstrip()}", meta).record


def headline_end(text: str, file_id: str) -> int | None:
    """Where the headline ends in a text that starts with it, told by the title in the corpus's file name ('source--date--title')."""
    title = _letters(file_id.split("--", 2)[-1].removesuffix(".txt"))
    matched, index = "", 0
    while index < len(text) and len(matched) < len(title):
        matched += _letters(text[index])
        index += 1
    if not title or matched != title or index >= TITLE_CUT or index == len(text) or not text[index].isspace() and not _extend(text, index):
        return None
    while index < len(text) and not text[index].isspace():
        index += 1
    return index if index < len(text) else None


def _extend(text: str, index: int) -> bool:
    """Whether the title's last letter is followed by punctuation up to a space ('...Commitments?' or '...Plan"')."""
    rest = text[index:].split(maxsplit=1)[0]
    return not any(c.isalnum() for c in rest)


def _letters(text: str) -> str:
    """Lower-case ASCII letters and digits of a text, accents dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]", "", folded)


def _rating(mbfc: str) -> dict[str, Any]:
    """The corpus's MBFC label of an outlet: on MBFC's bias scale when it is a bias, else as an MBFC category of its own."""
    note = f"MBFC label {mbfc!r} as given in the corpus's mbfc column (Frermann et al., ACL 2023); when MBFC gave it is not stated"
    scale, value = ("mbfc_bias", MBFC_BIAS[mbfc]) if mbfc in MBFC_BIAS else ("other", mbfc)
    return {"rater": "Media Bias/Fact Check", "scale": scale, "value": value, "provenance": CORPUS.provenance(note)}


def _odd_frames(row: Row) -> Iterator[Problem]:
    """A problem for each frame label that is neither True nor False."""
    for frame in FRAMES:
        if row.values[frame] not in ("True", "False"):
            message = f"article {row.values['ID']}: {frame} is {row.values[frame]!r}, neither True nor False; the label cannot be read"
            yield problem("import.skipped", message, file=row.file, line=row.line)


def _left_out(answered: int) -> Iterator[Problem]:
    """A note of the annotation the records do not carry."""
    if answered:
        why = "the records carry the frames and roles the answers were aggregated into, not each annotator's answers"
        yield problem("import.skipped", f"per-annotator answers to 21 questions for {answered} articles ({ANSWERS}) not imported: {why}")


FRAME_LABELS = {"RE": "resolution", "HI": "human_interest", "CO": "conflict", "MO": "moral", "EC": "economic"}
LABELS_NOTE = "Frermann et al. ACL 2023 narrative-frames annotation; every article was annotated for the five frames, those marked True are given"


def _frames(row: Row) -> list[dict[str, Any]]:
    """The narrative frames an article's annotators marked True."""
    provenance = CORPUS.provenance(LABELS_NOTE, method="human")
    return [
        {"scheme": "narrative_frame", "label": FRAME_LABELS[code], "voice": "outlet", "provenance": provenance} for code in FRAMES if row.values[code] == "True"
    ]


def read_roles(table: Path) -> Generator[Problem, None, dict[str, list[dict[str, Any]]]]:
    """The roles annotated entities play, as narrative_role labels by article id; problems for rows that cannot be read."""
    roles: dict[str, list[dict[str, Any]]] = {}
    if not table.exists():  # a device or FIFO in its place is refused by the reader, not taken for absent
        return roles
    provenance = CORPUS.provenance("Frermann et al. ACL 2023 narrative-frames annotation of entity roles", method="human")
    try:
        with open_text(table) as handle:
            reader = csv.DictReader(handle, delimiter="\t", restval="")
            for values in reader:
                label = _role(values, provenance) if isinstance(values.get("ID"), str) and values["ID"] else None
                if label is None:
                    yield problem(
                        "import.skipped",
                        f"role row of article {values.get('ID')!r}: no article ID, no entity or no hero/villain/victim role",
                        file=str(table),
                        line=reader.line_num,
                    )
                elif label not in roles.setdefault(values["ID"], []):
                    roles[values["ID"]].append(label)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield unreadable(error, table)
    return roles


def _role(values: dict[str, Any], provenance: dict[str, Any]) -> dict[str, Any] | None:
    entity, group, role = (str(values.get(key) or "").strip() for key in ("entity", "group", "role"))
    if not entity or role not in ("hero", "villain", "victim"):
        return None
    attributes = {"entity": entity} | ({"group": group} if group else {})
    return {"scheme": "narrative_role", "label": role, "voice": "outlet", "attributes": attributes, "provenance": provenance}


def _count_rows(table: Path) -> int:
    """How many data rows a table has (0 when it is absent or unreadable)."""
    try:
        with open_text(table) as handle:
            return max(sum(1 for _ in csv.reader(handle, delimiter="\t")) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0
