"""Generate a deterministic synthetic dataset of realistic shape: outlets, actors, articles, claims."""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.records import evidence, paragraphs, sha256_text, slugify, with_id, write_jsonl

WORDS = [
    *"minister council alliance border talks summit ceasefire budget reform vote election court ruling sanctions".split(),
    *"troops energy prices inflation protest treaty delegation agency report analysts officials parliament coalition".split(),
    *"the a of to in on for with and that will would not has have said after before during over against between".split(),
]
CUES = [
    ("said", "say", "neutral_report"),
    ("claimed", "claim", "assertive"),
    ("admitted", "admit", "factive"),
    ("suggested", "suggest", "hedge"),
    ("told reporters", "tell", "neutral_report"),
    ("insisted", "insist", "assertive"),
]
EVENT_SIZE = 4  # articles of one event (consecutive articles are of different outlets)
CLAIMS_PER_ARTICLE = 25  # PolNeAR: about 25 attributions per article
CLAIMS_PER_FILE = 50_000


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def outlets(count: int) -> list[dict[str, Any]]:
    """Fictional outlets with domains and a rating."""
    return [
        with_id(
            {
                "type": "outlet",
                "name": f"Synthetic Courier {i}",
                "domains": [f"courier{i}.example.org"],
                "country": "NL",
                "languages": ["en"],
                "ownership": {"type": "private"},
                "ratings": [
                    {
                        "rater": "Synthetic Rater",
                        "scale": "allsides_bias",
                        "value": "Center",
                        "rated_at": "2024-01-15",
                        "provenance": {"method": "import", "tool": "benchmarks/generate.py"},
                    }
                ],
                "provenance": {"method": "import", "tool": "benchmarks/generate.py"},
            }
        )
        for i in range(count)
    ]


def actors(count: int) -> list[dict[str, Any]]:
    """Fictional people."""
    return [
        with_id(
            {
                "type": "actor",
                "name": f"Person {i:05d}",
                "aliases": [f"P{i}"],
                "actor_type": "person",
                "provenance": {"method": "import", "tool": "benchmarks/generate.py"},
            }
        )
        for i in range(count)
    ]


def article(rng: random.Random, number: int, outlet_id: str) -> tuple[dict[str, Any], list[tuple[int, int, int, int, str, int, int]]]:
    """One article of about 3,000 characters, and where its claims go: (mention, cue, content) offsets."""
    parts, spans, at = [], [], 0
    for _ in range(CLAIMS_PER_ARTICLE):
        speaker, cue = f"Person {rng.randrange(2000):05d}", rng.choice(CUES)[0]
        content = _sentence(rng, rng.randint(12, 30)).lower()
        lead = _sentence(rng, rng.randint(4, 10))
        sentence = f"{lead}. {speaker} {cue} that {content}."
        base = at + len(lead) + 2
        spans.append(
            (
                base,
                base + len(speaker),
                base + len(speaker) + 1,
                base + len(speaker) + 1 + len(cue),
                cue,
                base + len(speaker) + len(cue) + 7,
                base + len(speaker) + len(cue) + 7 + len(content),
            )
        )
        parts.append(sentence)
        at += len(sentence) + 2
    text = "\n\n".join(parts)
    record = with_id(
        {
            "type": "article",
            "outlet_id": outlet_id,
            "url": f"https://{outlet_id}.example.org/news/{number}",
            "headline": _sentence(rng, 8),
            "byline": ["Synthetic Writer"],
            "published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "language": "en",
            "genre": "reporting",
            "text": text,
            "text_sha256": sha256_text(text),
            "text_length": len(text),
            "paragraphs": paragraphs(text),
            "source": {"format": "jsonl", "retrieved_at": "2024-12-31T00:00:00Z"},
            "rights": {"redistributable": True, "note": "synthetic text written for the benchmark"},
            "provenance": {"method": "import", "tool": "benchmarks/generate.py"},
        }
    )
    return record, spans


def claims(rng: random.Random, art: dict[str, Any], spans: list[tuple[int, int, int, int, str, int, int]]) -> Iterator[dict[str, Any]]:
    """The claims of one article, of realistic shape."""
    text = art["text"]
    for number, (m0, m1, c0, c1, cue, s0, s1) in enumerate(spans):
        lemma, verb_class = next((lem, cls) for c, lem, cls in CUES if c == cue)
        record: dict[str, Any] = {
            "type": "claim",
            "article_id": art["id"],
            "outlet_id": art["outlet_id"],
            "kind": "indirect",
            "speaker": {"actor_id": slugify(text[m0:m1]), "mention": evidence(text, [(m0, m1)])},
            "content": evidence(text, [(s0, s1)]),
            "cue": {"text": cue, "lemma": lemma, "verb_class": verb_class, "spans": evidence(text, [(c0, c1)])["spans"]},
            "position": {"field": "lede" if number == 0 else "body", "paragraph": number, "sentence": 1},
            "provenance": {"method": "rules", "tool": "parallax", "tool_version": "0.1.0", "confidence": 0.9, "created": "2025-01-01"},
        }
        if rng.random() < 0.2:
            record["framing"] = [{"scheme": "mfc", "label": str(rng.randint(1, 15)), "voice": "speaker", "provenance": {"method": "human", "annotator": "a1"}}]
        yield with_id(record)


def generate(out: Path, total_claims: int, seed: int = 7) -> None:
    """Write the dataset: outlets.jsonl, actors.jsonl, articles/, claims/ and events/ in files of 50,000 claims."""
    rng = random.Random(seed)
    registry = outlets(20)
    write_jsonl(out / "outlets.jsonl", registry)
    write_jsonl(out / "actors.jsonl", actors(2000))
    articles_needed = -(-total_claims // CLAIMS_PER_ARTICLE)
    per_file = CLAIMS_PER_FILE // CLAIMS_PER_ARTICLE
    for part, first in enumerate(range(0, articles_needed, per_file)):
        batch = [article(rng, n, registry[n % len(registry)]["id"]) for n in range(first, min(first + per_file, articles_needed))]
        write_jsonl(out / "articles" / f"part-{part:03d}.jsonl", (a for a, _ in batch))
        write_jsonl(out / "claims" / f"part-{part:03d}.jsonl", (c for a, s in batch for c in claims(rng, a, s)))
        write_jsonl(out / "events" / f"part-{part:03d}.jsonl", events([a for a, _ in batch], first))


def events(batch: list[dict[str, Any]], first: int) -> Iterator[dict[str, Any]]:
    """Events of EVENT_SIZE consecutive articles (of as many outlets), so the data is aligned as a release's data is."""
    for start in range(0, len(batch), EVENT_SIZE):
        members = batch[start : start + EVENT_SIZE]
        record = {"type": "event", "title": f"Generated event {(first + start) // EVENT_SIZE}", "article_ids": sorted(a["id"] for a in members)}
        yield with_id(record | {"provenance": {"method": "rules", "tool": "benchmarks/generate.py"}})


def main() -> None:
    """Command line: generate N claims into a folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("claims", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    generate(args.out, args.claims)


if __name__ == "__main__":
    main()
