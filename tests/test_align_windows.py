"""Event grouping by time window on synthetic articles of fictional outlets: the plan, one window alone, the merge."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from tests.test_align_events import STORIES as EVENT_STORIES
from toolkit.align.events import group_events
from toolkit.align.windows import UNDATED, Group, Window, group_events_by_window, group_window, merge, plan, slices, windows

# The stories of tests/test_align_events.py, and one more.
STORIES = EVENT_STORIES | {
    "comet": (
        "Observatory on Mount Tessel spots a new comet",
        "Astronomers at the Mount Tessel observatory found a faint comet near Orion and named it after the night porter Ada Quist.",
    ),
}
OUTLETS = ("harbor-gazette", "velmora-herald", "brisk-courier")
EXTRA = ("Officials gave no timetable.", "Residents reacted on local radio.", "Reporting continues this evening.")
SUNDAY = "2031-04-06"  # a 7-day window starts on this day: its ordinal is a multiple of 7


def article(n: int, story: str, published: str | None) -> dict[str, Any]:
    """A synthetic article (fictional outlet, people and places) retelling a story, with a few words of its own."""
    headline, text = STORIES[story]
    return {"id": f"art_{story}_{n}", "outlet_id": OUTLETS[n], "headline": headline, "text": f"{text} {EXTRA[n]}", "published": published}


def told(story: str, *days: str | None) -> list[dict[str, Any]]:
    """A story told by one fictional outlet on each of the days given."""
    return [article(n, story, published) for n, published in enumerate(days)]


def corpus() -> list[dict[str, Any]]:
    """Stories in two weeks, the flood crossing their boundary (Saturday, Sunday, Monday)."""
    return [
        *told("bridge", "2031-04-01", "2031-04-01", "2031-04-02"),
        *told("strike", "2031-04-03", "2031-04-04", "2031-04-03"),
        *told("flood", "2031-04-05", SUNDAY, "2031-04-07"),
        *told("orchestra", "2031-04-09", "2031-04-09", "2031-04-10"),
    ]


def stories(*names: str) -> list[list[str]]:
    """The events a grouping should find: each story's articles together."""
    return sorted(sorted(f"art_{name}_{n}" for n in range(3)) for name in names)


def test_windows_are_calendar_spans_that_own_a_day() -> None:
    sunday = date.fromisoformat(SUNDAY).toordinal()
    found = windows([sunday - 1, sunday, sunday + 20, -1], size=7, margin=2)
    assert found == [Window(sunday - 7, sunday, 2), Window(sunday, sunday + 7, 2), Window(sunday + 14, sunday + 21, 2)]
    assert found[1].owns(sunday) and not found[1].owns(sunday - 1) and found[1].reads(sunday - 2) and not found[1].reads(sunday - 3)
    with pytest.raises(ValueError, match="at least 1 day"):
        windows([sunday], size=0)


def test_plan_reads_the_margin_of_each_window() -> None:
    cut = plan(corpus(), days=7, margin=1, crowd=0)
    first, second = list(cut)
    assert {"art_flood_0", "art_flood_1"} <= set(cut[first]) and "art_flood_2" not in cut[first]  # Saturday owned, Sunday its margin
    assert {"art_flood_0", "art_flood_1", "art_flood_2"} <= set(cut[second]) and "art_bridge_0" not in cut[second]


def test_every_window_reads_the_crowd_and_reports_none_of_it() -> None:
    articles = corpus()
    cut = plan(articles, days=7, margin=1, crowd=3)
    first, second = cut
    crowd = set(cut[first]) & set(cut[second]) - {"art_flood_0", "art_flood_1"}  # the flood's Saturday and Sunday: read by both
    assert len(crowd) == 3 and plan(list(reversed(articles)), days=7, margin=1, crowd=3) == cut
    by_id = {str(a["id"]): a for a in articles}
    for window, read in slices(by_id, cut):
        reported = {i for group in group_window(read, window) for i in (*group.owned, *group.margin)}
        assert reported == set(plan(articles, days=7, margin=1, crowd=0)[window])
    assert group_events_by_window(articles, days=7, margin=1, crowd=3) == stories("bridge", "strike", "flood", "orchestra")


def test_an_event_across_a_window_boundary_is_one_event() -> None:
    articles = corpus()
    assert len(plan(articles, days=7, margin=3)) == 2
    found = group_events_by_window(articles, days=7, margin=3)
    assert found == stories("bridge", "strike", "flood", "orchestra") == group_events(articles)


def test_without_a_margin_a_boundary_splits_an_event() -> None:
    found = group_events_by_window(corpus(), days=7, margin=0)
    assert ["art_flood_0"] in found and ["art_flood_1", "art_flood_2"] in found


def test_windows_run_alone_give_the_one_call_result_in_any_order() -> None:
    articles = corpus()
    by_id = {str(a["id"]): a for a in articles}
    found = {window: group_window([dict(a) for a in read], window) for window, read in slices(by_id, plan(articles, days=7, margin=3))}
    expected = group_events_by_window(articles, days=7, margin=3)
    assert merge(found) == merge(dict(reversed(found.items()))) == expected
    shuffled = list(articles)
    random.Random(3).shuffle(shuffled)
    assert group_events_by_window(shuffled, days=7, margin=3) == expected


def test_a_window_says_which_articles_it_owns() -> None:
    articles = corpus()
    cut = plan(articles, days=7, margin=3)
    second = list(cut)[1]
    groups = group_window([a for a in articles if a["id"] in cut[second]], second)
    assert Group(("art_flood_1", "art_flood_2"), ("art_flood_0",)) in groups
    assert all(not group.owned for group in groups if group.margin and group.margin[0].startswith("art_strike"))


def test_merge_joins_two_windows_groups_only_when_both_see_them_together() -> None:
    left, right = Window(0, 7, 2), Window(7, 14, 2)
    found = {
        left: [Group(("a1", "a2"), ("b1",)), Group(("a3",), ())],
        right: [Group(("b1",), ("a1", "a2")), Group(("b2",), ("a3",))],  # the left window kept a3 apart from b2
    }
    assert merge(found) == [["a1", "a2", "b1"], ["a3"], ["b2"]]
    assert merge(found, rule="any") == [["a1", "a2", "b1"], ["a3", "b2"]]
    assert merge(dict(reversed(found.items()))) == merge(found)
    with pytest.raises(ValueError, match="owned by two windows"):
        merge(found | {Window(14, 21, 2): [Group(("a3",), ())]})


def test_merge_takes_a_dated_windows_word_for_an_undated_article() -> None:
    found = {UNDATED: [Group(("u1", "u2"), ()), Group(("u3",), ())], Window(0, 7, 2): [Group(("a1",), ("u1",)), Group(("a2",), ())]}
    assert merge(found) == [["a1", "u1", "u2"], ["a2"], ["u3"]]


def test_undated_articles_are_grouped_together_and_read_by_their_nearest_dated_articles_window() -> None:
    articles = [*corpus(), article(0, "comet", "2031-04-08"), article(1, "comet", None), article(2, "comet", None)]
    cut = plan(articles, days=7, margin=3, crowd=0)
    earlier, later = (window for window in cut if window != UNDATED)
    assert cut[UNDATED] == ["art_comet_1", "art_comet_2"] and list(cut)[0] == UNDATED
    assert {"art_comet_1", "art_comet_2"} <= set(cut[later]) and not {"art_comet_1", "art_comet_2"} & set(cut[earlier])
    by_id = {str(a["id"]): a for a in articles}
    assert Group(("art_comet_0",), ("art_comet_1", "art_comet_2")) in group_window([by_id[i] for i in cut[later]], later)
    assert stories("comet")[0] in group_events_by_window(articles, days=7, margin=3)


def test_undated_articles_alone_are_grouped_among_themselves_only() -> None:
    articles = [*corpus(), article(0, "comet", "2031-04-08"), article(1, "comet", None), article(2, "comet", None)]
    cut = plan(articles, days=7, margin=3, undated="alone", crowd=0)
    assert cut[UNDATED] == ["art_comet_1", "art_comet_2"] and not any("art_comet_1" in ids for window, ids in cut.items() if window != UNDATED)
    found = group_events_by_window(articles, days=7, margin=3, undated="alone")
    assert ["art_comet_0"] in found and ["art_comet_1", "art_comet_2"] in found
    assert sorted(i for event in found for i in event) == sorted(str(a["id"]) for a in articles)


def test_only_undated_articles_are_grouped_among_themselves() -> None:
    articles = told("bridge", None, None, None) + told("strike", None, None, None)
    assert group_events_by_window(articles) == stories("bridge", "strike") == group_events(articles)
    assert group_events_by_window([]) == []
