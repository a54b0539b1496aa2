"""BASIL (Fan et al., EMNLP 2019): one event in Fox News, The New York Times and HuffPost, with span-level bias labels.

Layout: `articles/<year>/<triplet>_<n>.json` (title, date, url, source, main-event, body paragraphs as lists of
sentences) and `annotations/<year>/<triplet>_<n>_ann.json` (phrase-level annotations). Each article is stored as its
title (headline) and its paragraphs (blank line between paragraphs, sentences joined by one space unless one already
ends or starts with a blank). The outlet codes `fox`/`FOX`, `nyt`/`NYT`, `hpo`/`HPO` (and spellings such as
`foxnews`) name one outlet each. Each triplet becomes one event: `external_ids.basil_triplet`, its articles, the span
of their dates, and as title BASIL's `main-event` (the one most of its articles give; they may differ).

BASIL's spans are biased phrases, not attributions, so each becomes a claim that carries its label as `framing`
(scheme `basil`, label lex or inf, polarity, aim, target, quote and BASIL's other fields as attributes):
- a span outside quotes (`quote: no`) is the outlet's voice: kind `narrator`, no speaker, framing voice `outlet`;
- a quoted span (`quote: yes`) is its speaker's voice: framing voice `speaker`; its kind follows the quotation marks
  around it in its paragraph: `direct_quote` when it is one whole quotation, `partial_quote` when it lies inside one,
  `mixed` when it holds quotation marks, else `indirect` (BASIL also marks reported speech without marks).

Speakers and targets are BASIL labels ('Rick_Perry', 'Obama_campaign', 'other_anti'), not text spans: a quoted span has
no speaker mention. A label becomes a `person` actor only when it is evidently one: every word capitalized, and a text
of the triplet naming them with a personal title or honorific (Mr., Sen., Gov., President, Sheriff, Prime Minister
...) before the full name or the surname. Every other named speaker keeps `actor_id` null and its name in
`speaker.role` (groups and organizations such as 'Tea Party' or 'Obama campaign' are not told apart by the labels, and
no actor is made for them); `other_pro`/`other_anti`/`other_neutral` (an unnamed speaker for, against or neutral
towards the target) keep only the label, in the framing attributes. A person target is also `target_actor_id`, and
the person main entities of a triplet are its event's participants. Names are not merged beyond their slugs
('Bibi Netanyahu' and 'Benjamin Netanyahu' stay two actors).

Offsets are sentence-local and BASIL does not say which sentence: the sentence (title or body) in which the span's
offsets give its text is looked up; a span that fits no sentence or several is reported as `import.skipped`, as is a
span whose mapped offsets do not give its text in the stored article. Two labels of one span are two framing labels of
one claim. The article-level annotations (relative stance, author and annotator feelings) have no place in the
article record and are not imported.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.articles import ArticleMeta, article_record
from toolkit.importers import Context, Corpus, Item, read_json, register
from toolkit.importers.news_outlets import Outlets
from toolkit.importers.quotes import has_quotes, wholly_quoted, within_quotation
from toolkit.importers.reading import read_bytes, unreadable
from toolkit.importers.spans import stored_fragment
from toolkit.problems import Problem, problem
from toolkit.records import selector, with_id
from toolkit.text import Normalized, normalize

CORPUS = Corpus(
    name="basil",
    version="2nd release (4fdbc4f68d5ddae648990063cb6dd11424d96222)",
    license="unknown",
    url="https://github.com/launchnlp/BASIL",
    redistributable=False,
    rights_note="no license stated in either BASIL repository; articles copyrighted by Fox News, The New York Times and HuffPost; research use only",
)
GUIDELINE = "BASIL annotation protocol (Fan et al., EMNLP 2019)"
VOCABULARY = {"bias": ("lex", "inf"), "polarity": ("pos", "neg"), "aim": ("dir", "ind_general", "ind_pro", "ind_anti"), "quote": ("yes", "no")}
EXTRA = ("speaker", "indirect-target-name", "indirect-ally-opponent-sentiment", "notes")
_TITLES = (
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev)\.|Miss|President|Senator|Representative|Congressman|Congresswoman"
    r"|Governor|Speaker|Sheriff|Secretary|Mayor|Judge|Justice|Minister|Chairman|Chairwoman|Reverend|Pope"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"https?://\S+")
EARLIEST = date(1800, 1, 1)  # the validator's earliest date


@dataclass(frozen=True)
class Laid:
    """An article's raw and stored title and body, and where each BASIL sentence (the title first) starts in its raw text."""

    raw_title: str
    raw_body: str
    title: Normalized
    body: Normalized
    sentences: list[str]
    starts: list[int]
    places: list[tuple[int, int]]


def lay_out(title: str, paragraphs: list[list[str]]) -> Laid:
    """The raw body of BASIL's paragraphs of sentences, normalized, with each sentence's raw start and (paragraph, sentence) index."""
    pieces: list[str] = []
    sentences, starts, places = [title], [0], [(-1, -1)]
    size = 0
    for p, paragraph in enumerate(paragraphs):
        if pieces and any(sentence.strip() for sentence in paragraph):
            pieces.append("\n\n")
            size += 2
        for s, sentence in enumerate(paragraph):
            gap = " " if s and sentence and pieces and not pieces[-1][-1:].isspace() and not sentence[0].isspace() else ""
            pieces.append(gap + sentence)
            size += len(gap)
            sentences.append(sentence)
            starts.append(size)
            places.append((p, s))
            size += len(sentence)
    raw_title, raw_body = title.replace("\n", " "), "".join(pieces)
    return Laid(raw_title, raw_body, _stripped(normalize(raw_title)), normalize(raw_body), sentences, starts, places)


def _stripped(normalized: Normalized) -> Normalized:
    """A normalized one-line text without its leading blanks, its offset map moved along."""
    text = normalized.text.lstrip()
    lead = len(normalized.text) - len(text)
    return Normalized(text, [min(max(o - lead, 0), len(text)) for o in normalized.offsets])


def place(laid: Laid, index: int, start: int, end: int) -> tuple[str, int, int] | str:
    """The stored (field, start, end) of offsets local to a sentence, or why they do not give the annotated text there."""
    field_name, raw, text = ("headline", laid.raw_title, laid.title) if index == 0 else ("body", laid.raw_body, laid.body)
    base = laid.starts[index]
    a, b = text.at(base + start), text.at(base + end)
    if a >= b or text.text[a:b] != stored_fragment(raw, base + start, base + end):
        return f"its text is not where its offsets point in the stored {field_name} ({text.text[a:b][:40]!r})"
    return field_name, a, b


@dataclass
class Article:
    """One BASIL article as read: its file, its JSON, its record and its layout."""

    path: Path
    data: dict[str, Any]
    record: dict[str, Any]
    laid: Laid

    @property
    def year(self) -> str:
        """The year folder it sits in, which names its output files."""
        return self.path.parent.name


@dataclass
class _State:
    """What an import carries across triplets: outlets, actors and articles already yielded."""

    outlets: Outlets
    actors: set[str] = field(default_factory=set)
    first_of: dict[str, str] = field(default_factory=dict)


@register("basil")
def import_basil(path: Path, ctx: Context) -> Iterator[Item]:
    """Articles, one event per triplet, and the bias spans as claims with framing labels."""
    if not (path / "articles").is_dir():
        yield problem("import.layout", "no articles/ folder (articles/<year>/<triplet>_<n>.json)", file=str(path))
        return
    triplets: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for file in sorted((path / "articles").glob("*/*.json")):
        data = read_json(file)
        if isinstance(data, Problem):
            yield data
        elif (why := _unusable(data)) is not None:
            yield problem("import.skipped", f"article {file.stem}: {why}", file=str(file))
        else:
            triplets.setdefault(str(data["triplet-uuid"]), []).append((file, data))
    state = _State(Outlets(ctx, CORPUS))
    for uuid, members in sorted(triplets.items(), key=lambda item: str(item[1][0][0])):
        yield from _triplet_items(path, uuid, members, state)


def _unusable(data: dict[str, Any]) -> str | None:
    """Why an article JSON cannot be imported, or None."""
    for key in ("title", "source", "triplet-uuid", "uuid"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            return f"no {key!r}"
    paragraphs = data.get("body-paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, list) and all(isinstance(s, str) for s in p) for p in paragraphs):
        return "'body-paragraphs' is not a list of lists of sentences"
    return None if any(s.strip() for p in paragraphs for s in p) else "no body text"


def _triplet_items(root: Path, uuid: str, members: list[tuple[Path, dict[str, Any]]], state: _State) -> Iterator[Item]:
    """The outlets, articles, actors, claims and event of one triplet."""
    articles: list[Article] = []
    for file, data in members:
        article = _article(file, data, state)
        if isinstance(article, Problem):
            yield article
            continue
        outlet = state.outlets.resolve(str(data["source"]), _url(data))
        if outlet and state.outlets.first_time(outlet):
            yield f"basil-{article.year}", outlet
        yield f"basil-{article.year}", article.record
        articles.append(article)
    if not articles:
        return
    people = People([f"{a.record['headline']}\n{a.record['text']}" for a in articles], uuid)
    for article in articles:
        yield from _claims(root, article, people, state)
    yield from _event_items(uuid, articles, people, state)


def _url(data: dict[str, Any]) -> str | None:
    url = data.get("url")
    return url if isinstance(url, str) and _URL.fullmatch(url) else None


def read_published(text: str) -> tuple[str | None, str | None]:
    """(ISO date, None) of an article's date, or (None, why it is unknown): not YYYY-MM-DD, not on the calendar, or not plausible."""
    if not _DATE.fullmatch(text):
        return None, f"the corpus's date {text!r} is not a date"
    try:
        found = date.fromisoformat(text)
    except ValueError:
        return None, f"the corpus's date {text!r} is not on the calendar"
    if not EARLIEST <= found <= date.today():
        return None, f"the corpus's date {text!r} is not plausible (before {EARLIEST} or in the future)"
    return text, None


def _article(file: Path, data: dict[str, Any], state: _State) -> Article | Problem:
    """The record and layout of one article JSON, or the problem that skips it (the same outlet and text met before)."""
    try:
        digest = hashlib.sha256(read_bytes(file)).hexdigest()
    except OSError as error:
        return unreadable(error, file)
    laid = lay_out(str(data["title"]), data["body-paragraphs"])
    code = str(data["source"])
    outlet = state.outlets.resolve(code, _url(data))
    published, reason = read_published(str(data.get("date") or ""))
    meta = ArticleMeta(
        outlet_id=outlet["id"] if outlet else None,
        outlet_name=None if outlet else code,
        outlet_unknown_reason=None if outlet else f"the corpus's outlet code {code!r} names no known outlet",
        url=_url(data),
        published=published,
        published_unknown_reason=reason,
        source=CORPUS.source(str(data["uuid"])) | {"original_sha256": digest},
        rights=CORPUS.rights(),
        provenance=CORPUS.provenance(f"BASIL articles/{file.parent.name}/{file.name}"),
    )
    record = article_record(laid.title.text, laid.body.text, meta)
    if record["id"] in state.first_of:
        return problem("import.skipped", f"article {file.stem}: same outlet and text as {state.first_of[record['id']]} ({record['id']})", file=str(file))
    state.first_of[record["id"]] = file.stem
    return Article(file, data, record, laid)


@dataclass
class People:
    """Which labels of a triplet are evidently persons, by how its texts name them."""

    texts: list[str]
    triplet: str
    found: dict[str, str | None] = field(default_factory=dict)

    def evidence(self, name: str) -> str | None:
        """The words that show a name is a person's ('Gov. Rick Perry'), or None."""
        if name not in self.found:
            self.found[name] = person_evidence(name, self.texts)
        return self.found[name]

    def actor(self, name: str) -> dict[str, Any] | None:
        """The person actor of a name, when evidently a person."""
        seen = self.evidence(name)
        if seen is None:
            return None
        note = f"a BASIL label; a person, as the articles of triplet {self.triplet} call them {seen!r}"
        return with_id({"type": "actor", "name": name, "actor_type": "person", "provenance": CORPUS.provenance(note)})


def person_evidence(name: str, texts: list[str]) -> str | None:
    """The first place a text names someone with a personal title before their full name or surname ('Mr. Steele'), or None."""
    words = name.split()
    if not words or not all(w[:1].isupper() for w in words):
        return None
    full, last = r"\s+".join(map(re.escape, words)), re.escape(words[-1])
    pattern = re.compile(rf"\b(?:{_TITLES})\s+(?:{full}|(?:[A-Z][a-z]+\s+)?{last})\b")
    return next((match.group(0) for text in texts if (match := pattern.search(text))), None)


def label_name(label: str) -> str:
    """A BASIL entity label as a name ('Rick_Perry' -> 'Rick Perry')."""
    return " ".join(label.replace("_", " ").split())


def _claims(root: Path, article: Article, people: People, state: _State) -> Iterator[Item]:
    """The actors and claims of one article's phrase-level annotations, or the problems that skip them."""
    file = root / "annotations" / article.year / f"{article.path.stem}_ann.json"
    annotation = _annotation(file, article)
    if isinstance(annotation, Problem):
        yield annotation
        return
    claims: dict[str, dict[str, Any]] = {}
    for index, phrase in enumerate(annotation["phrase-level-annotations"]):
        yield from _phrase_items(article, phrase, index, file, people, state, claims)
    for claim in claims.values():
        yield f"basil-{article.year}", claim


def _annotation(file: Path, article: Article) -> dict[str, Any] | Problem:
    """The annotation JSON of an article, or why its claims are skipped."""
    if not file.exists():  # not is_file(): a device or FIFO in its place is refused by the reader, not taken for absent
        return problem("import.skipped", f"article {article.path.stem}: no annotation file; the article is imported without claims", file=str(file))
    annotation = read_json(file)
    if not isinstance(annotation, Problem) and annotation.get("uuid") != article.data["uuid"]:
        why = f"the annotation's uuid {annotation.get('uuid')!r} is not its article's {article.data['uuid']!r}; its claims are skipped"
        return problem("import.skipped", why, file=str(file))
    if not isinstance(annotation, Problem) and not isinstance(annotation.get("phrase-level-annotations"), list):
        return problem("import.skipped", "no 'phrase-level-annotations' list; the article is imported without claims", file=str(file))
    return annotation


def _phrase_items(article: Article, phrase: Any, index: int, file: Path, people: People, state: _State, claims: dict[str, dict[str, Any]]) -> Iterator[Item]:
    """The new actors of one annotation, its claim kept in `claims`, or why it is skipped."""
    name = _phrase_id(phrase, index)
    made = _claim(article, phrase, people, f"BASIL annotations/{article.year}/{file.name} {name}")
    actors = made if isinstance(made, str) else _merge(claims, *made)
    if isinstance(actors, str):
        yield problem("import.skipped", f"{name}: {actors}", file=str(file), pointer=f"/phrase-level-annotations/{index}")
        return
    for actor in actors:
        if actor["id"] not in state.actors:
            state.actors.add(actor["id"])
            yield f"basil-{article.year}", actor


def _merge(claims: dict[str, dict[str, Any]], claim: dict[str, Any], actors: list[dict[str, Any]]) -> list[dict[str, Any]] | str:
    """Keep a claim; a second label of the same span joins the first claim's framing. The claim's actors, or why it conflicts."""
    kept = claims.setdefault(claim["id"], claim)
    if kept is not claim and (kept["kind"], kept["speaker"]) != (claim["kind"], claim["speaker"]):
        return "same span as another annotation, with another speaker or quote flag"
    if kept is not claim:
        kept["framing"].extend(claim["framing"])
    return actors


def _phrase_id(phrase: Any, index: int) -> str:
    """How a phrase-level annotation is named: its place in the list (1-based, as in BASIL's change log) and its id, which may repeat."""
    pid = phrase.get("id") if isinstance(phrase, dict) else None
    return f"item {index + 1}" + (f" ({pid})" if pid else "")


def _claim(article: Article, phrase: Any, people: People, note: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | str:
    """The claim of one phrase-level annotation and the actors it points to, or why it is skipped."""
    if not isinstance(phrase, dict):
        return "not a JSON object"
    why = _bad_phrase(phrase)
    if why:
        return why
    found = [i for i, s in enumerate(article.laid.sentences) if s[phrase["start"] : phrase["end"]] == phrase["txt"]]
    if len(found) != 1:
        return f"its text {phrase['txt'][:40]!r} is at its offsets in {_where(article.laid, found)}"
    placed = place(article.laid, found[0], phrase["start"], phrase["end"])
    if isinstance(placed, str):
        return placed
    return claim_record(article, placed, article.laid.places[found[0]], phrase, people, note)


def _where(laid: Laid, found: list[int]) -> str:
    """No sentence, or the sentences a span fits in ('the title', 'paragraph 2 sentence 0')."""
    names = ["the title" if i == 0 else f"paragraph {laid.places[i][0]} sentence {laid.places[i][1]}" for i in found]
    return f"{len(found)} sentences ({', '.join(names)}); BASIL does not say which" if found else "no sentence"


def _bad_phrase(phrase: dict[str, Any]) -> str | None:
    """Why a phrase-level annotation cannot be imported, or None."""
    start, end = phrase.get("start"), phrase.get("end")
    if not (isinstance(phrase.get("txt"), str) and phrase["txt"] and isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return "no text with integer offsets 0 <= start < end"
    for key, allowed in VOCABULARY.items():
        if str(phrase.get(key, "")).strip().lower() not in allowed:
            return f"{key} {phrase.get(key)!r} is none of {', '.join(allowed)}"
    return None


def claim_record(
    article: Article, placed: tuple[str, int, int], where: tuple[int, int], phrase: dict[str, Any], people: People, note: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A claim of one biased span, with its framing label, and the person actors it points to."""
    record = article.record
    field_name, start, end = placed
    text = record["headline"] if field_name == "headline" else record["text"]
    quoted = _value(phrase, "quote") == "yes"
    speaker, actors = _speaker(phrase, people) if quoted else ({"actor_id": None}, [])
    label, target = _framing(phrase, selector(text, start, end, field_name), quoted, people, note)
    claim: dict[str, Any] = {
        "type": "claim",
        "article_id": record["id"],
        "outlet_id": record["outlet_id"],
        "kind": _kind(text, start, end, record, field_name) if quoted else "narrator",
        "speaker": speaker,
        "content": {"text": text[start:end], "spans": [selector(text, start, end, field_name)]},
        "position": _position(record, field_name, start, where[1]),
        "framing": [label],
        "provenance": CORPUS.provenance(note, method="human") | {"guideline": GUIDELINE},
    }
    return with_id(claim), actors + ([target] if target else [])


def _value(phrase: dict[str, Any], key: str) -> str:
    return str(phrase.get(key, "")).strip().lower()


def _speaker(phrase: dict[str, Any], people: People) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The speaker of a quoted span: a person actor when evident, else the name as role; unnamed 'other_*' speakers as null."""
    label = str(phrase.get("speaker") or "")
    name = label_name(label)
    if not name or label.lower().startswith("other_"):
        return {"actor_id": None}, []
    actor = people.actor(name)
    return ({"actor_id": actor["id"]}, [actor]) if actor else ({"actor_id": None, "role": name}, [])


def _framing(phrase: dict[str, Any], span: dict[str, Any], quoted: bool, people: People, note: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The framing label of a span and the person actor of its target, if evident."""
    attributes = {key: _value(phrase, key) for key in ("polarity", "aim", "quote")}
    attributes |= {key: str(phrase[key]).strip() for key in ("target", *EXTRA) if str(phrase.get(key) or "").strip()}
    label: dict[str, Any] = {"scheme": "basil", "label": _value(phrase, "bias"), "voice": "speaker" if quoted else "outlet", "span": span}
    target = people.actor(label_name(str(phrase.get("target") or "")))
    if target:
        label["target_actor_id"] = target["id"]
    label |= {"attributes": attributes, "provenance": CORPUS.provenance(note, method="human") | {"guideline": GUIDELINE}}
    return label, target


def _kind(text: str, start: int, end: int, record: dict[str, Any], field_name: str) -> str:
    """The kind of a quoted span from the quotation marks around it in its paragraph (or headline)."""
    since = 0 if field_name == "headline" else next((a for a, b in record["paragraphs"] if a <= start < b), 0)
    if wholly_quoted(text, start, end):
        return "direct_quote"
    if within_quotation(text, start, end, since):
        return "partial_quote"
    return "mixed" if has_quotes(text[start:end]) else "indirect"


def _position(record: dict[str, Any], field_name: str, start: int, sentence: int) -> dict[str, Any]:
    """Headline, or lede or body with the stored paragraph's index and BASIL's sentence index in it."""
    if field_name == "headline":
        return {"field": "headline", "paragraph": 0}
    paragraph = next((i for i, (a, b) in enumerate(record["paragraphs"]) if a <= start < b), 0)
    return {"field": "lede" if paragraph == 0 else "body", "paragraph": paragraph, "sentence": sentence}


def _event_items(uuid: str, articles: list[Article], people: People, state: _State) -> Iterator[Item]:
    """The event of a triplet, after the person actors among its main entities."""
    group = f"basil-{articles[0].year}"
    participants = []
    entities = sorted({label_name(e) for a in articles for e in _list(a.data.get("main-entities")) if isinstance(e, str)})
    for name in entities:
        actor = people.actor(name)
        if actor:
            participants.append(actor["id"])
            if actor["id"] not in state.actors:
                state.actors.add(actor["id"])
                yield group, actor
    title, note = event_title(articles)
    dates = sorted(a.record["published"] for a in articles if a.record["published"])
    event: dict[str, Any] = {"type": "event", "title": title}
    if dates:
        event["window"] = {"start": dates[0], "end": dates[-1]}
    if participants:
        event["participants"] = sorted(set(participants))
    event |= {"article_ids": [a.record["id"] for a in articles], "external_ids": {"basil_triplet": uuid}}
    yield group, with_id(event | {"provenance": CORPUS.provenance(note, method="human")})


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def event_title(articles: list[Article]) -> tuple[str, str]:
    """(title, note): BASIL's main-event most of the articles give (ties: the first article's), else the first headline."""
    events = [" ".join(str(a.data.get("main-event") or "").split()) for a in articles]
    counts = Counter(e for e in events if e)
    if not counts:
        return str(articles[0].record["headline"]), "the triplet's grouping by BASIL's authors; title: the first article's headline (no main-event given)"
    best = min(counts, key=lambda e: (-counts[e], events.index(e)))
    return normalize(best).text, f"the triplet's grouping by BASIL's authors; title: BASIL's main-event of {counts[best]} of its {len(articles)} articles"
