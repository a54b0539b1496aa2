"""Copies of one text: one rule and one threshold for event grouping, event records and the measures."""

from __future__ import annotations

from typing import Any

from toolkit.align import copies, describe, events, measures

WIRE = (
    "HARLOW BAY (Wire) The ferry between Harlow Bay and Tessel island will run twice an hour from May, the port board said "
    "on Monday, after a year of trials with the new electric boats. Season tickets will cost less, and the old diesel ferry "
    "will be kept in reserve for the winter storms that closed the crossing for nine days last year."
)


def story(n: int, text: str = WIRE, published: str = "2031-04-02") -> dict[str, Any]:
    """The fictional wire story as one more fictional outlet ran it, with its own closing line."""
    return {"id": f"art_{n:02d}", "outlet_id": f"outlet-{n:02d}", "text": f"{text} Printed on page {n}.", "published": published}


def test_one_threshold_serves_grouping_event_records_and_measures() -> None:
    assert events.Params().version_containment == copies.CONTAINMENT
    assert describe.copies is measures.copies is copies.copies


def test_grouping_and_an_event_record_take_the_same_articles_for_copies() -> None:
    articles = [story(0), story(1), story(2, WIRE[:180] + " The board will meet the island council on Friday to set the new timetable."), story(3)]
    grouped = events.copies(articles, copies.CONTAINMENT, 4, 25, 3)
    assert grouped == [0, 0, 2, 0]
    assert copies.copies(articles) == {"art_01": "art_00", "art_03": "art_00"}


def test_among_few_articles_every_pair_is_read_so_a_copy_with_a_new_opening_is_found() -> None:
    # a dateline added at the top moves every run of words, so grouping's shared runs miss it; an event's pairs do not
    moved = story(1, "UPDATED, with the board's figures. " + WIRE, published="2031-04-03")
    assert events.copies([story(0), moved], copies.CONTAINMENT, 4, 25, 3) == [0, 1]
    assert copies.copies([moved, story(0)]) == {"art_01": "art_00"}


def test_containment_reads_the_shorter_text() -> None:
    short, long = copies.shingles("one two three four five six"), copies.shingles("one two three four five six seven eight nine")
    assert copies.contained(short, long) == 1.0 and copies.contained(set(), long) == 0.0
