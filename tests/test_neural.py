"""The neural tagger: its word-piece input, its place among the extractors, the seed, the same bytes on a re-run, and its
quality floors on PolNeAR's dev split."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importing import polnear_split
from paths import CORPORA, needs

from toolkit.cli import cli
from toolkit.extract import extract, neural
from toolkit.extract.pieces import LIMIT, Encoded, chunks, encode, marks_of, word_pieces
from toolkit.score import ClaimScores, score_claims

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_e6e052abecc23e78"
MARKS = (101, 102)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(encoded: Encoded, pieces: list[list[int]]) -> list[int]:
    """The pieces an input holds between its marks, rebuilt from the words it says it reads."""
    return [p for n in encoded.words for p in pieces[n]]


def test_a_cue_is_marked_by_the_second_token_type_on_its_pieces() -> None:
    pieces = [[7], [8, 9], [10], [11]]
    one = encode(pieces, (1, 2), MARKS)
    assert one.ids == [101, 7, 8, 9, 10, 11, 102]
    assert one.types == [0, 0, 1, 1, 1, 0, 0]
    assert one.heads == [1, 2, 4, 5] and one.first == 0


def test_a_long_window_is_cut_around_its_cue_at_word_bounds() -> None:
    pieces = [[n, n] for n in range(200)]  # 400 pieces: more than the encoder reads
    one = encode(pieces, (150, 150), MARKS)
    assert len(one.ids) <= LIMIT and one.ids[0] == 101 and one.ids[-1] == 102
    assert one.first < 150 < one.first + len(one.heads) - 1  # words on both sides of the cue
    assert one.ids[1:-1] == _words(one, pieces)  # whole words only
    near_end = encode(pieces, (198, 199), MARKS)
    assert near_end.words[-1] == 199 and len(near_end.ids) == LIMIT  # at the end, the room goes before the cue


def test_a_long_sentence_is_read_in_consecutive_chunks_covering_every_word() -> None:
    pieces = [[n] * (1 + n % 3) for n in range(300)]
    found = chunks(pieces, MARKS)
    assert len(found) > 1 and all(len(one.ids) <= LIMIT for one in found)
    assert [n for one in found for n in one.words] == list(range(300))
    assert chunks([], MARKS) == []


def test_each_word_has_its_pieces_and_an_unreadable_word_its_unknown_piece() -> None:
    tagger = neural.tagger()
    words = ["Lind", "said", "“", "unbelievably", "🦜", "."]
    pieces = word_pieces(tagger.tokenizer, words)
    assert len(pieces) == len(words) and all(pieces)
    assert len(pieces[3]) > 1  # a long word is several pieces
    assert pieces[4] == [tagger.tokenizer.token_to_id("[UNK]")]
    assert marks_of(tagger.tokenizer) == (tagger.tokenizer.token_to_id("[CLS]"), tagger.tokenizer.token_to_id("[SEP]"))


def test_the_neural_path_finds_the_seeds_twelve_attributions_with_their_speakers() -> None:
    seed = _records(ROOT / "data" / "articles" / f"{SEED}.jsonl")[0]
    gold = _records(ROOT / "data" / "claims" / f"{SEED}.jsonl")
    actors = {a["id"]: a for a in _records(ROOT / "data" / "actors.jsonl")}
    found = [r for r in extract(seed, actors, neural=True) if r["type"] == "claim" and r["kind"] != "fact"]
    scores = score_claims_of(gold, found)
    assert scores["claim"] == 12, scores
    assert scores["claim+speaker"] == 12, scores
    assert all(c["provenance"]["note"] == neural.NOTE for c in found if c["provenance"]["method"] == "model")


def score_claims_of(gold: list[dict[str, Any]], found: list[dict[str, Any]]) -> dict[str, int]:
    """True positives of each level (pairs on content), with speakers compared by actor."""
    from toolkit.score import match

    pairs = match(gold, found)
    return {"claim": len(pairs), "claim+speaker": sum(g["speaker"]["actor_id"] == c["speaker"]["actor_id"] for g, c in pairs)}


def _fictional(folder: Path) -> Path:
    """Three fictional articles as text files."""
    folder.mkdir()
    texts = {
        "port.txt": "Port strike enters its third day\n\nDock workers walked out on Monday, union leader Ana Reyes said. "
        "“We will not go back until the contracts are signed,” she told reporters. The port authority said talks would resume on Friday.",
        "bridge.txt": "Bridge to close for repairs\n\nThe city will close the Old Mill bridge for six weeks, Mayor Tomas Brek announced on Tuesday. "
        "Engineers warned that the supports had rusted. According to the transport office, ferries will run every hour.",
        "budget.txt": "Council passes budget\n\nCouncillor Mira Olsen argued the budget cut too much from schools. "
        "The finance chair, Jon Sato, insisted that the numbers add up.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_convert_with_the_neural_tagger_gives_the_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    inputs = _fictional(tmp_path / "in")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(out), "--extractor", "neural", "--jobs", jobs, "-q"])
        assert result.exit_code == 0, result.output
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.jsonl"))})
    assert outputs[0] == outputs[1]
    claims = [json.loads(line) for name, data in outputs[0].items() if name.startswith("claims/") for line in data.splitlines()]
    speakers = {c["speaker"]["mention"]["text"] for c in claims if c["kind"] != "fact" and c["speaker"].get("mention")}
    assert {"Ana Reyes", "Tomas Brek", "Mira Olsen"} <= {s.removeprefix("union leader ").removeprefix("Mayor ").removeprefix("Councillor ") for s in speakers}


def test_the_former_name_of_the_fast_extractor_is_still_taken(tmp_path: Path) -> None:
    inputs = _fictional(tmp_path / "in")
    converted = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "data"), "--no-facts", "-q"])
    assert converted.exit_code == 0, converted.output
    runs = {}
    for name in ("fast", "rules+crf"):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["extract", str(tmp_path / "data"), "--out", str(out), "--extractor", name, "--no-facts", "-q"])
        assert result.exit_code == 0, result.output
        runs[name] = sorted(p.read_bytes() for p in out.rglob("claims/*.jsonl"))
    assert runs["fast"] == runs["rules+crf"] and runs["fast"]


def test_without_onnxruntime_the_neural_tagger_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neural, "available", lambda folder=None: False)
    result = CliRunner().invoke(cli, ["convert", str(_fictional(tmp_path / "in")), "--out", str(tmp_path / "out"), "--extractor", "neural"])
    assert result.exit_code == 2
    assert "onnxruntime" in result.output and "--extractor fast" in result.output
    assert not (tmp_path / "out").exists()


POLNEAR = CORPORA / "polnear"
# Measured 2026-12-08 with `python benchmarks/bench_extract.py --extractor neural` (docs/benchmarks.md): claims paired on
# content 0.849, 0.771, 0.800, 0.622; paired per level 0.850, 0.799, 0.814, 0.626. Rounded down with a hundredth to
# spare for another CPU's int8 kernels. The CRF taggers measure 0.803, 0.720, 0.747, 0.564 (tests/test_extract_quality.py).
FLOORS = {"claim": 0.84, "claim+speaker": 0.76, "claim+cue": 0.79, "exact content": 0.61}
PER_LEVEL_FLOORS = {"claim": 0.84, "claim+speaker": 0.79, "claim+cue": 0.80, "exact content": 0.61}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> ClaimScores:
    root = tmp_path_factory.mktemp("polnear-dev-neural")
    gold, pred = polnear_split(POLNEAR, "dev", root, extractor="neural")
    return score_claims([gold], [pred])


@pytest.mark.slow  # about a minute: the encoder reads PolNeAR's dev split
@needs(POLNEAR / "data" / "dev")
def test_neural_dev_scores_do_not_fall_below_their_floors(dev_scores: ClaimScores) -> None:
    assert dev_scores.paired == 84
    found = {level: s["f1"] for level, s in dev_scores.overall.scores().items()}
    assert all(found[level] >= floor for level, floor in FLOORS.items()), found
    per_level = {level: s["f1"] for level, s in dev_scores.per_level.scores().items()}
    assert all(per_level[level] >= floor for level, floor in PER_LEVEL_FLOORS.items()), per_level


def test_training_examples_label_the_cue_its_source_and_its_whole_content(tmp_path: Path) -> None:
    """maintainer.neural's examples of a fictional article with one gold claim: a cue example a sentence, a span example
    for the gold cue, and an all-O one for a cue word of the lexicon that is no gold cue ('told' inside the content)."""
    from maintainer.neural import examples, gold_articles
    from toolkit.extract.pieces import SPAN_LABELS
    from toolkit.records import evidence, sha256_text, with_id, write_jsonl

    body = "Vera Lind said the guild told her the quay will close. Boats waited."
    record = with_id(
        {
            "type": "article",
            "outlet_id": None,
            "outlet_unknown_reason": "fictional",
            "headline": "Quay to close",
            "language": "en",
            "text": body,
            "text_sha256": sha256_text(body),
            "text_length": len(body),
            "source": {"format": "text"},
        }
    )

    def span(words: str) -> dict[str, Any]:
        return evidence(body, [(body.index(words), body.index(words) + len(words))])

    claim = {
        "type": "claim",
        "article_id": record["id"],
        "content": span("the guild told her the quay will close"),
        "cue": span("said"),
        "speaker": {"mention": span("Vera Lind")},
    }
    write_jsonl(tmp_path / "gold" / "articles.jsonl", [record])
    write_jsonl(tmp_path / "gold" / "claims.jsonl", [claim])
    [article] = gold_articles(tmp_path / "gold")
    tagger = neural.tagger()
    found = examples(article, tagger.tokenizer, tagger.marks)
    cues = [e for e in found if e.task == "cue"]
    assert [len(e.labels) for e in cues] == [3, 12, 3]  # the headline's words, then each body sentence's
    assert cues[1].labels == [0, 0, 1] + [0] * 9
    spans = [e for e in found if e.task == "span"]
    assert [SPAN_LABELS[n] for n in spans[0].labels] == ["S", "S", "K", "CB", "C", "C", "C", "C", "C", "C", "CE", "O"]
    assert [spans[0].encoded.types[h] for h in spans[0].encoded.heads][:4] == [0, 0, 1, 0]  # the cue's pieces marked
    assert [SPAN_LABELS[n] for n in spans[1].labels] == ["O"] * len(spans[1].labels)  # 'told', no gold cue
    assert [spans[1].encoded.types[h] for h in spans[1].encoded.heads][5] == 1
