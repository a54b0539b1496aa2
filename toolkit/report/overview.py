"""The pages across events: the index of events with the dataset's charts, and one page per outlet and per actor."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from toolkit.report.charts import lines, stacked_bars
from toolkit.report.data import ReportData, Row, Sliced, grouped_rows
from toolkit.report.html import bdi, link, page, section, table, text
from toolkit.report.names import actor_label, chips, file_name, outlet_label, plural, window

#: Events per page of the index (the script filters and sorts all of them).
PAGE_SIZE = 200
#: Actors per page of the list of actors, and the claims an actor's page lists.
LIST_SIZE = 500
ACTOR_CLAIMS = 150
#: Actors whose claims are read from the frames at once (each run is rendered in two processes: few runs, few forks).
ACTOR_CHUNK = 8_000
#: Outlets in each chart: those with the most claims.
CHART_OUTLETS = 15
VERB_CLASSES = ("neutral_report", "assertive", "factive", "hedge", "implicative", "other")
SOURCE_TYPES = ("official", "expert", "citizen", "organization", "media", "document", "anonymous", "unknown")


def index_pages(data: ReportData) -> dict[str, str]:
    """index.html and its following pages (events-2.html, ...): the charts, then the events, latest first."""
    events = sorted(data.events, key=lambda e: (e.get("start") or "", e["event_id"]), reverse=True)
    pages = max(1, -(-len(events) // PAGE_SIZE))
    found = {}
    for number in range(pages):
        chunk = events[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        head = _dataset(data) if number == 0 else ""
        body = f"<h1>Events</h1>{head}{_event_table(chunk, data, number, pages, len(events))}"
        found["index.html" if number == 0 else f"events-{number + 1}.html"] = page("Events", body, depth=0, here="events")
    return found


def events_script(data: ReportData) -> str:
    """assets/events.js: every event as the index's script filters and sorts them (text only, set as text, never as HTML)."""
    rows = [
        [
            "events/" + file_name(e["event_id"]),
            e.get("event_title") or e["event_id"],
            e.get("start") or "",
            ", ".join(e.get("outlet_names") or []),
            e.get("articles") or 0,
            e.get("propositions") or 0,
            e.get("shared_propositions") or 0,
            ", ".join(e.get("blindspots") or []),
        ]
        for e in sorted(data.events, key=lambda e: (e.get("start") or "", e["event_id"]), reverse=True)
    ]
    payload = json.dumps(rows, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.PARALLAX_EVENTS = {payload};\n"


def _event_table(events: list[Row], data: ReportData, number: int, pages: int, total: int) -> str:
    rows = [
        [
            link("events/" + file_name(e["event_id"]), bdi(e.get("event_title") or e["event_id"])),
            window(e),
            "; ".join(outlet_label(o, data, 0) + chips(data.outlets.get(o), brief=True) for o in e.get("outlet_ids") or [])
            or '<span class="muted">unknown</span>',
            str(e.get("articles") or 0),
            str(e.get("propositions") or 0),
            str(e.get("shared_propositions") or 0),
            text(", ".join(e.get("blindspots") or [])),
        ]
        for e in events
    ]
    headers = ["Event", "When", "Outlets", "Articles", "Propositions", "Shared", "Blindspots"]
    filters = (
        '<form class="filter" role="search" data-events="assets/events.js"><label for="q">Filter all events</label> '
        '<input id="q" type="search" placeholder="words of a title or an outlet" autocomplete="off">'
        '<label><input type="checkbox" id="spots"> blindspots only</label> <output id="count" aria-live="polite"></output></form>'
    )
    pager = _pager(number, pages)
    caption = f"Events {number * PAGE_SIZE + 1}–{number * PAGE_SIZE + len(events)} of {total}, latest first" if events else "No events"
    return section("events", "Every event", filters + table(caption, headers, rows, sortable=True, numeric=(3, 4, 5)) + pager)


def _pager(number: int, pages: int, stem: str = "events") -> str:
    if pages == 1:
        return ""
    current = {True: ' aria-current="page"', False: ""}
    first = "index.html" if stem == "events" else f"{stem}.html"
    items = [f'<li><a href="{first if n == 0 else f"{stem}-{n + 1}.html"}"{current[n == number]}>{n + 1}</a></li>' for n in range(pages)]
    return f'<nav aria-label="Pages of {stem}"><ul class="pager">{"".join(items)}</ul></nav>'


def _dataset(data: ReportData) -> str:
    tables = data.tables
    articles, outlets = sum(e.get("articles") or 0 for e in data.events), len(tables["coverage_by_outlet"])
    parts = [f"<p>{plural(len(data.events), 'event')}, {plural(articles, 'article')} of {plural(outlets, 'outlet')}.</p>"]
    parts.append(_coverage_chart(tables["coverage_by_leaning_month"]))
    top = _top_outlets(tables["verbs"], "claims")
    parts.append(_per_outlet_chart("verbs", "Attribution verbs per outlet", tables["verbs"], "verb_class", "claims", VERB_CLASSES, top, data))
    parts.append(_per_outlet_chart("types", "Source types per outlet", tables["source_types"], "source_type", "claims", SOURCE_TYPES, top, data))
    return section("dataset", "The dataset", "".join(parts))


def _coverage_chart(frame: pl.DataFrame) -> str:
    if frame.is_empty() or frame.get_column("month").is_null().all():
        return "<p>No outlet of these events has a leaning rating with a date: no chart of coverage by leaning over time.</p>"
    charts = []
    for number, (rater, rows) in enumerate(sorted(grouped_rows(frame.drop_nulls("month"), "rater").items())):
        months = sorted({r["month"] for r in rows})
        sides = [s for s in ("left", "center", "right") if any(r["side"] == s for r in rows)]
        counts = {s: [sum(r["articles"] for r in rows if r["side"] == s and r["month"] == m) for m in months] for s in sides}
        charts.append(
            lines(
                f"cov{number}",
                f"Articles per month by leaning, as {rater} rates outlets",
                f"Articles of the events each month, by the side {rater} rates their outlet.",
                months,
                counts,
            )
        )
    return "<h3>Coverage by leaning over time</h3>" + "".join(charts)


def _top_outlets(frame: pl.DataFrame, measure: str) -> list[Any]:
    if frame.is_empty():
        return []
    totals = frame.group_by("outlet_id").agg(pl.col(measure).sum()).sort([measure, "outlet_id"], descending=[True, False], nulls_last=True)
    return totals.get_column("outlet_id").to_list()[:CHART_OUTLETS]


def _per_outlet_chart(
    chart_id: str, title: str, frame: pl.DataFrame, column: str, measure: str, order: tuple[str, ...], top: list[Any], data: ReportData
) -> str:
    if frame.is_empty() or not top:
        return f"<h3>{text(title)}</h3><p>No claims to count.</p>"
    sums = frame.group_by("outlet_id", column).agg(pl.col(measure).sum())
    values: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in sums.to_dicts():
        values[row["outlet_id"]][row[column] or "unknown"] = row[measure]
    series = [s for s in order if any(s in v for v in values.values())] + sorted({k for v in values.values() for k in v} - set(order))
    rows = [((data.outlets.get(o) or {}).get("name") or str(o or "outlet unknown"), values.get(o, {})) for o in top]
    description = f"For the {len(top)} outlets with the most claims, the share of each {column.replace('_', ' ')}."
    return f"<h3>{text(title)}</h3>" + stacked_bars(chart_id, title, description, rows, series)


def outlet_pages(data: ReportData) -> dict[str, str]:
    """outlets.html and outlets/<id>.html: what each outlet covers, whom it quotes, its verbs and what it calls whom."""
    tables = data.tables
    coverage = {r["outlet_id"]: r for r in tables["coverage_by_outlet"].to_dicts()}
    events_of: dict[Any, list[Row]] = defaultdict(list)
    for event in sorted(data.events, key=lambda e: (e.get("start") or "", e["event_id"]), reverse=True):
        for outlet_id in event.get("outlet_ids") or []:
            events_of[outlet_id].append(event)
    sources, kinds, verbs, labels = (grouped_rows(tables[name], "outlet_id") for name in ("sources", "source_types", "verbs", "labeling"))
    found = {}
    for outlet_id in sorted(o for o in coverage if o is not None):
        body = [f"<h1>{outlet_label(outlet_id, data, 1, linked=False)}</h1>{chips(data.outlets.get(outlet_id))}", _outlet_coverage(coverage[outlet_id])]
        body.append(_outlet_events(events_of.get(outlet_id, []), data))
        body.append(
            _rows_table(
                "Whom it quotes",
                sources.get(outlet_id, [])[:40],
                ["Actor", "Claims", "Quoted directly", "Reported"],
                lambda r: [actor_label(r["actor_id"], r["actor_name"] or "unresolved", data, 1), str(r["claims"]), str(r["direct"]), str(r["indirect"])],
            )
        )
        body.append(
            _rows_table(
                "Source types",
                kinds.get(outlet_id, []),
                ["Source type", "Claims", "Quoted directly"],
                lambda r: [text(r["source_type"]), str(r["claims"]), str(r["direct"])],
            )
        )
        body.append(_verbs(verbs.get(outlet_id, [])))
        body.append(
            _rows_table(
                "What it calls whom",
                sorted(labels.get(outlet_id, []), key=lambda r: (-r["count"], r["actor_id"], r["term"]))[:80],
                ["Actor", "Term", "Voice", "Times"],
                lambda r: [actor_label(r["actor_id"], r["actor_id"], data, 1), bdi(r["term"]), text(r["voice"]), str(r["count"])],
            )
        )
        found["outlets/" + file_name(outlet_id)] = page((data.outlets.get(outlet_id) or {}).get("name") or outlet_id, "".join(body), depth=1, here="outlets")
    rows = [
        [
            outlet_label(o, data, 0),
            chips(data.outlets.get(o)),
            str(r["events"]),
            str(r["articles"]),
            str(r["reported"]),
            str(r["in_event"]),
            "" if r["ratio"] is None else f"{r['ratio']:.2f}",
        ]
        for o, r in sorted(coverage.items(), key=lambda item: (-item[1]["articles"], str(item[0])))
        if o is not None
    ]
    headers = ["Outlet", "Leanings", "Events", "Articles", "Shared propositions carried", "Shared propositions", "Ratio"]
    found["outlets.html"] = page(
        "Outlets",
        "<h1>Outlets</h1>" + table("Every outlet of the events, most articles first", headers, rows, sortable=True, numeric=(2, 3, 4, 5, 6)),
        depth=0,
        here="outlets",
    )
    return found


def _outlet_coverage(row: Row) -> str:
    ratio = (
        "no proposition it shares with another outlet"
        if row["ratio"] is None
        else f"it carries {row['reported']} of the {row['in_event']} propositions two outlets or more carry in its events (ratio {row['ratio']:.2f})"
    )
    return f"<p>{plural(row['events'], 'event')}, {plural(row['articles'], 'article')}; {ratio}.</p>"


def _outlet_events(events: list[Row], data: ReportData) -> str:
    items = "".join(
        f'<li>{link("../events/" + file_name(e["event_id"]), bdi(e.get("event_title") or e["event_id"]))} <span class="muted">{window(e)}</span></li>'
        for e in events[:200]
    )
    more = f"<p>and {len(events) - 200} earlier events.</p>" if len(events) > 200 else ""
    return section("covers", "What it covers", f"<ul>{items}</ul>{more}")


def _rows_table(title: str, rows: list[Row], headers: list[str], cells: Any) -> str:
    slug = title.lower().replace(" ", "-")
    if not rows:
        return section(slug, text(title), "<p>None.</p>")
    body = [cells(r) for r in rows]
    numeric = [i for i in range(len(headers)) if all(row[i].isdigit() for row in body)]  # counts align right and sort as numbers
    return section(slug, text(title), table(text(title), headers, body, sortable=True, numeric=numeric))


def _verbs(rows: list[Row]) -> str:
    classes: Counter[str] = Counter()
    for row in rows:
        classes[row["verb_class"] or "other"] += row["claims"]
    lemmas = sorted(rows, key=lambda r: (-r["claims"], r["lemma"] or ""))[:30]
    table_rows = [[text(r["lemma"] or "(no lemma)"), text(r["verb_class"]), str(r["claims"])] for r in lemmas]
    summary = ", ".join(f"{text(c)} {n}" for c, n in classes.most_common())
    inner = f"<p>By class: {summary or 'none'}.</p>" + (
        table("The cue verbs it uses most", ["Verb", "Class", "Claims"], table_rows, sortable=True, numeric=(2,)) if table_rows else ""
    )
    return section("verbs", "Which verbs it uses", inner)


@dataclass
class Batch:
    """Pages to write: their items, and what renders a part of them (pure Python, so it can run in a forked process)."""

    items: list[Any]
    render: Callable[[list[Any]], dict[str, str]]


def _ready(pages: dict[str, str]) -> Callable[[list[Any]], dict[str, str]]:
    """A batch's render for pages already made."""
    return lambda _part: pages


def actor_pages(data: ReportData) -> Iterator[Batch]:
    """actors/<id>.html, a run of actors at a time, then actors.html and its following pages (actors-2.html, ...)."""
    claims = data.tables["actor_claims"]
    counts = claims.group_by("actor_id").agg(pl.len().alias("claims"), pl.col("outlet_id").n_unique().alias("outlets"))
    quoted = {row[0]: (row[1], row[2]) for row in counts.iter_rows()}
    per_outlet = grouped_rows(
        claims.group_by("actor_id", "outlet_id")
        .agg(pl.len().alias("claims"))
        .sort("actor_id", "claims", "outlet_id", descending=[False, True, False], nulls_last=True),
        "actor_id",
    )
    listed = claims.with_columns(pl.int_range(pl.len()).over("actor_id").alias("rank")).filter(pl.col("rank") < ACTOR_CLAIMS)
    sliced, labels = Sliced(listed, "actor_id"), Sliced(data.tables["labeling"], "actor_id")
    actors = sorted((set(quoted) | set(labels.starts)) & set(data.actors))
    for start in range(0, len(actors), ACTOR_CHUNK):
        chunk = actors[start : start + ACTOR_CHUNK]
        said, named = sliced.rows(chunk), labels.rows(chunk)

        def render(part: list[str], said: dict[Any, list[Row]] = said, named: dict[Any, list[Row]] = named) -> dict[str, str]:
            return {
                "actors/" + file_name(a): page(
                    data.actors[a] or a,
                    _actor_body(a, quoted.get(a, (0, 0))[0], said.get(a, []), per_outlet.get(a, []), named.get(a, []), data),
                    depth=1,
                    here="actors",
                )
                for a in part
            }

        yield Batch(chunk, render)
    ranked = sorted(actors, key=lambda a: (-quoted.get(a, (0, 0))[0], a))
    pages = max(1, -(-len(ranked) // LIST_SIZE))
    for number in range(pages):
        rows = [
            [actor_label(a, a, data, 0), str(quoted.get(a, (0, 0))[0]), str(quoted.get(a, (0, 0))[1])]
            for a in ranked[number * LIST_SIZE : (number + 1) * LIST_SIZE]
        ]
        caption = f"Actors {number * LIST_SIZE + 1}–{number * LIST_SIZE + len(rows)} of {len(ranked)}, most quoted first"
        listing = table(caption, ["Actor", "Claims", "Outlets quoting"], rows, sortable=True, numeric=(1, 2)) + _pager(number, pages, "actors")
        listed_page = {("actors.html" if number == 0 else f"actors-{number + 1}.html"): page("Actors", "<h1>Actors</h1>" + listing, depth=0, here="actors")}
        yield Batch([number], _ready(listed_page))


def _actor_body(actor_id: str, total: int, said: list[Row], per_outlet: list[Row], labels: list[Row], data: ReportData) -> str:
    outlets = _rows_table("Who quotes them", per_outlet, ["Outlet", "Claims"], lambda r: [outlet_label(r["outlet_id"], data, 1), str(r["claims"])])
    names = _rows_table(
        "What each outlet calls them",
        sorted(labels, key=lambda r: (str(r["outlet_id"]), -r["count"], r["term"])),
        ["Outlet", "Term", "Voice", "Times"],
        lambda r: [outlet_label(r["outlet_id"], data, 1), bdi(r["term"]), text(r["voice"]), str(r["count"])],
    )
    items = "".join(
        f"<li>{outlet_label(claim['outlet_id'], data, 1)}, {_event_link(claim)}: "
        f'<span class="verb">{text(claim.get("cue") or claim.get("kind"))}</span> <q>{text(claim.get("content") or "")}</q></li>'
        for claim in said
    )
    more = f"<p>and {total - len(said)} more claims.</p>" if total > len(said) else ""
    claims = section("said", "Where they are quoted, and how", f'<ul class="said">{items or "<li>nowhere</li>"}</ul>{more}')
    return f"<h1>{bdi(data.actors[actor_id] or actor_id)}</h1>{outlets}{claims}{names}"


def _event_link(claim: Row) -> str:
    return link("../events/" + file_name(claim["event_id"]), bdi(claim.get("headline") or claim["event_id"]))
