"""Facts in the outlet's own voice: claim records of kind `fact` for the predications of a body's sentences that no
speaker is credited with ("The House voted 245-189 on Friday to repeal the law").

A fact is what an outlet asserts of the event itself, so that what one outlet reports and another leaves out, or words
otherwise, can be aligned like attributed claims (docs/measures.md, "Facts"). The rules, on the dependency parse of each
body sentence (the extractor's parser):

- The predications are the sentence's main verb and the verbs coordinated with it ("He resigned on Monday and was
  replaced by Smith" is two facts); each needs a subject, its own or the main verb's.
- A sentence is not read when it holds an attribution's cue or a quotation of more than `TITLE_WORDS` words (its main
  clause is the attribution's), when it asks, and when it is a line of the page's furniture (a sign-up, consent or
  subscription line, a credit or caption, "The Associated Press contributed to this report", "This article is more
  than 3 years old"). A quotation of a few words is a title or a term ('on ABC's "This Week"'), which a fact may hold.
- A predication is left out when it reports speech or thought (a cue verb of the lexicon with a clause of its own),
  when any of its words lies in an attributed claim's content, cue or speaker, and when it holds fewer than
  `MIN_CONTENT` content words.
- Its span runs from the first word of its subject (or of the verb, for a coordinated verb without one) to the last word
  of the verb's subtree, without a coordinated predication, a leading conjunction, trailing punctuation, or a dateline
  ("MARISOL, June 2 -", "WASHINGTON (AP) —").

Headlines are left out: their words are the outlet's framing of the event, compared apart (headline measures).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from toolkit import __version__
from toolkit.extract.places import overlap
from toolkit.extract.syntax import PARSER, pipeline
from toolkit.language.lexicon import VERB_CLASS
from toolkit.language.quotes import find_quotes
from toolkit.language.segments import field_paragraphs, sentences
from toolkit.records import evidence, with_id

TOOL = "parallax extract"
MIN_CONTENT = 3  # least content words (nouns, verbs, adjectives, numbers, names) a fact must hold
TITLE_WORDS = 3  # most words of a quotation that is a title or a term, not a speaker's words ('on ABC's "This Week"')
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_CLAUSES = frozenset({"ccomp", "xcomp", "parataxis"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_SPEECH = frozenset(VERB_CLASS) | {"tell", "ask", "add", "write", "say", "announce", "insist", "argue", "claim", "believe", "think"}
_MARKS = frozenset('"“”„«»')
# A page's furniture, not the news: sign-up and consent lines, credits, captions, notices of age or of updates.
_FURNITURE = re.compile(
    r"^(?:you|please)\b.*\b(?:subscri\w*|newsletters?|opt[- ]?out|unsubscribe|e-?mails?|sign up)\b"
    r"|\b(?:sign up|subscribe) (?:for|to) (?:our|the|this|a) (?:\w+ )?(?:newsletter|e-?mails?|updates|alerts)\b"
    r"|\b(?:privacy policy|terms of (?:service|use)|recaptcha|all rights reserved|getty images|image caption|media caption"
    r"|media playback|photo credit|picture taken|contributed (?:to )?this report|original post continues"
    r"|may not be in its final form|available without charge)\b"
    r"|\b(?:article|story|post) (?:is|was|has been) (?:more than \d+ (?:years?|months?) old|updated)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z]{2}[A-Z .,'’-]*[A-Z.](?:\s*\([^)]{1,40}\))?(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*(?:-{1,2}|–|—)\s+")


def fact_claims(article: dict[str, Any], claims: Iterable[dict[str, Any]], parser: str = PARSER) -> list[dict[str, Any]]:
    """The fact claims of an article's body, in reading order, given its attributed claims (whose words no fact holds)."""
    text = str(article.get("text") or "")
    if not text.strip():
        return []
    claims = list(claims)
    taken, cues = _taken(claims), _taken(claims, ("cue",))
    paragraph_spans = [(a, b) for f, _, a, b in field_paragraphs(article) if f == "body"]
    # a quotation of a few words is a title or a term ('on ABC's "This Week"'), not a speaker's words
    quoted = [(q.start, q.end) for q in find_quotes(text, paragraph_spans, "body") if len(text[q.start : q.end].split()) > TITLE_WORDS]
    found = [
        s
        for s in sentences(article)
        if s.field == "body"
        and not _question(text[s.start : s.end])
        and not _FURNITURE.search(text[s.start : s.end])
        and not _overlaps(s.start, s.end, cues + quoted)
    ]
    docs = pipeline(parser).pipe([text[s.start : s.end] for s in found], batch_size=64)
    records = []
    for sentence, doc in zip(found, docs, strict=True):
        dateline = _DATELINE.match(text, sentence.start, sentence.end)
        for start, end in _predications(doc, dateline.end() if dateline else sentence.start, sentence.start):
            if _overlaps(start, end, taken):
                continue
            records.append(_record(article, text, sentence, start, end))
    return records


def _question(sentence: str) -> bool:
    """Whether a sentence asks."""
    return sentence.rstrip().rstrip("\"'”’)").endswith("?")


def _taken(claims: Iterable[dict[str, Any]], parts: tuple[str, ...] = ("content", "cue", "speaker")) -> list[tuple[int, int]]:
    """The body spans of the attributed claims' contents, cues and speakers (or of the `parts` named)."""
    spans = []
    for claim in claims:
        found = {"content": claim.get("content"), "cue": claim.get("cue"), "speaker": (claim.get("speaker") or {}).get("mention")}
        for part in (found[name] or {} for name in parts):
            spans += [(int(s["start"]), int(s["end"])) for s in part.get("spans") or () if s.get("field", "body") == "body"]
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) shares a character with one of the spans."""
    return any(overlap((start, end), span) for span in spans)


def _predications(doc: Any, begin: int, offset: int) -> list[tuple[int, int]]:
    """[start, end) in the field of each predication of a parsed sentence (starting at `offset` in the field) that is not
    a report of speech or thought, none starting before `begin`."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"VERB", "AUX"}:
        return []
    verbs = [root, *(t for t in root.children if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"})]
    subject = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if subject is None:
        return []
    found = []
    for n, verb in enumerate(verbs):
        if _reports(verb):
            continue
        own = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        first = (own or (subject if n == 0 else verb)).left_edge.i
        others = {t.i for v in verbs if v is not verb for t in v.subtree} if verb is root else set()
        words = [
            t
            for t in verb.subtree
            if t.i >= first and offset + t.idx >= begin and t.i not in others and not (verb is root and t.dep_ == "cc" and t.head is root)
        ]
        while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
            words.pop()
        while words and (words[0].is_punct or words[0].dep_ == "cc"):
            words.pop(0)
        if sum(t.pos_ in _CONTENT_POS for t in words) < MIN_CONTENT:
            continue
        found.append((offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)))
    return found


def _reports(verb: Any) -> bool:
    """Whether a verb reports speech or thought: a cue verb with a clause or a quotation of its own."""
    return verb.lemma_.lower() in _SPEECH and any(c.dep_ in _CLAUSES or c.text in _MARKS for c in verb.children)


def _record(article: dict[str, Any], text: str, sentence: Any, start: int, end: int) -> dict[str, Any]:
    """The claim record of one fact: its span of the body, its position, no speaker and no cue."""
    field = "lede" if sentence.paragraph == 0 else "body"
    record: dict[str, Any] = {
        "type": "claim",
        "article_id": article["id"],
        "outlet_id": article.get("outlet_id"),
        "kind": "fact",
        "speaker": {"actor_id": None},
        "content": evidence(text, [(start, end)], "body"),
        "position": {"field": field, "paragraph": sentence.paragraph, "sentence": sentence.index},
        "provenance": {"method": "rules", "tool": TOOL, "tool_version": __version__},
    }
    return with_id(record)
