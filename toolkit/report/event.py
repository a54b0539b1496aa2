"""An event's page: its outlets side by side, the proposition x outlet matrix, labeling, quote fidelity and the articles."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from toolkit.report.data import LABELED_ACTORS, EventRecords, ReportData, Row, by_key
from toolkit.report.html import attr, bdi, outside_link, page, section, table, text
from toolkit.report.marks import cut_words, marked
from toolkit.report.names import actor_label, chips, outlet_label, plural, window

#: How much article text one event page holds before the rest of its articles show their claims only.
TEXT_BUDGET = 90_000
#: At most this many matrix cells (propositions x outlets) on a page; propositions most outlets carry come first.
MATRIX_CELLS = 2_400
#: Renderings quote fidelity holds against the fullest on one page.
SHOWN_RENDERINGS = 40
#: Relations as the matrix shows them.
RELATIONS = ("same", "truncated", "extended", "paraphrase", "contradicts", "reframed", "omitted")
#: Claims a speaker is credited with (not the outlet's own voice).
ATTRIBUTED = {"direct_quote", "partial_quote", "mixed", "indirect", "belief"}


def render(event: Row, found: EventRecords, data: ReportData) -> str:
    """The HTML page of one event."""
    articles, claims, alignments = found.articles, found.claims, found.alignments
    outlet_ids = sorted({a["outlet_id"] for a in articles}, key=lambda o: (o is None, data.outlets.get(o, {}).get("name") or o or ""))
    labeling = {row["outlet_id"]: row["labeling"] for row in found.labeling}
    by_id = {c["claim_id"]: c for found_claims in claims.values() for c in found_claims}
    body = [
        f"<h1>{bdi(event.get('event_title') or event['event_id'])}</h1>",
        _summary(event, len(outlet_ids), len(alignments)),
        _side_by_side(outlet_ids, by_key(articles, "outlet_id"), claims, data),
        _headlines(articles, claims, data),
        _matrix(outlet_ids, alignments, by_id, data),
        _labeling(outlet_ids, labeling, data),
        _fidelity(alignments, by_id, data),
        _articles(articles, claims, data),
    ]
    return page(event.get("event_title") or event["event_id"], "".join(body), depth=1, here="events")


def _summary(event: Row, outlets: int, propositions: int) -> str:
    spots = event.get("blindspots") or []
    flag = f'<p class="blindspot"><strong>Blindspot</strong>: {", ".join(text(s) for s in spots)} (no outlet of that side covers it)</p>' if spots else ""
    return (
        f'<p class="meta">{window(event)} · {plural(event.get("articles") or 0, "article")} · {plural(outlets, "outlet")} · '
        f"{plural(propositions, 'proposition')}, "
        f"{event.get('shared_propositions') or 0} carried by two outlets or more</p>{flag}"
    )


def _side_by_side(outlet_ids: list[Any], articles: dict[Any, list[Row]], claims: dict[str, list[Row]], data: ReportData) -> str:
    columns = []
    for outlet_id in outlet_ids:
        parts = [f"<h3>{outlet_label(outlet_id, data, 1)}</h3>{chips(data.outlets.get(outlet_id))}"]
        quoted: Counter[tuple[Any, str]] = Counter()
        verbs: dict[tuple[Any, str], set[str]] = defaultdict(set)
        for article in articles.get(outlet_id, []):
            parts.append(f'<p class="headline"><bdi>{text(article.get("headline") or "(no headline)")}</bdi></p>')
            lede = _lede(article)
            if lede:
                parts.append(f'<p class="lede">{text(lede)}</p>')
            for claim in claims[article["article_id"]]:
                if claim.get("kind") in ATTRIBUTED:
                    who = (claim.get("actor_id"), "" if claim.get("actor_id") else claim.get("mention") or "")
                    quoted[who] += 1
                    verbs[who].add(claim.get("lemma") or claim.get("cue") or "")
        items = [
            f'<li>{actor_label(actor, mention, data, 1)} <span class="verb">{text(_verbs(verbs[(actor, mention)]))}</span> ×{n}</li>'
            for (actor, mention), n in sorted(quoted.items(), key=lambda item: (-item[1], str(item[0])))[:12]
        ]
        parts.append(f'<h4>Who is quoted, and how</h4><ul class="quoted">{"".join(items) or "<li>no one</li>"}</ul>')
        columns.append(
            f'<section class="outlet" aria-label="{attr(data.outlets.get(outlet_id, {}).get("name") or "outlet unknown")}">{"".join(parts)}</section>'
        )
    return section("side", "Outlets side by side", f'<div class="columns">{"".join(columns)}</div>')


QUOTED = {"direct_quote", "partial_quote", "mixed"}


def _headlines(articles: list[Row], claims: dict[str, list[Row]], data: ReportData) -> str:
    """Each headline beside the quoted words of the speaker its article quotes most (and any claim in the headline)."""
    rows = []
    for article in articles:
        found = claims[article["article_id"]]
        speakers = Counter(c.get("actor_id") for c in found if c.get("kind") in ATTRIBUTED and c.get("actor_id"))
        if not speakers and not any(c.get("field") == "headline" for c in found):
            continue
        lead = min(speakers, key=lambda a: (-speakers[a], a)) if speakers else None
        words = [c for c in found if c.get("field") == "headline"] + [
            c for c in found if c.get("actor_id") == lead and c.get("kind") in QUOTED and c.get("field") != "headline"
        ]
        quotes = "".join(f"<li><q>{text(_short(c.get('content'), 300))}</q></li>" for c in words[:5])
        who = actor_label(lead, lead, data, 1) if lead else '<span class="muted">no speaker</span>'
        rows.append(
            [
                outlet_label(article["outlet_id"], data, 1),
                f"<bdi>{text(article.get('headline') or '(no headline)')}</bdi>",
                who,
                f"<ul>{quotes}</ul>" if quotes else "—",
            ]
        )
    if not rows:
        return ""
    caption = "Each headline, and the words of the speaker its article quotes most"
    return section("headlines", "Headline against the body", table(caption, ["Outlet", "Headline", "Most quoted", "Their quoted words"], rows))


def _verbs(lemmas: set[str]) -> str:
    return ", ".join(sorted(v for v in lemmas if v)) or "—"


def _lede(article: Row) -> str:
    """The first paragraph of the article's body (up to 60 words), when the release has its text."""
    body, paragraphs = article.get("text"), article.get("paragraphs") or []
    if not body:
        return ""
    first = body[paragraphs[0][0] : paragraphs[0][1]] if paragraphs else body.split("\n\n", 1)[0]
    words = first.split()
    return " ".join(words[:60]) + (" …" if len(words) > 60 else "")


def _matrix(outlet_ids: list[Any], alignments: list[Row], claims: dict[str, Row], data: ReportData) -> str:
    if len(outlet_ids) < 2:
        one = (
            "One outlet reports this event: no other outlet's report holds its propositions, so none is compared; its claims are listed with its article below."
        )
        return section("matrix", "Propositions × outlets", f"<p>{one}</p>")
    if not alignments:
        return section("matrix", "Propositions", "<p>No proposition was aligned in this event.</p>")
    rows = []
    for alignment in alignments:
        if any((claims.get(m["claim_id"]) or {}).get("kind") == "fact" for m in alignment.get("members") or []):
            alignment = alignment | {"voice": "fact"}
        cells = {m["outlet_id"]: m["relation"] for m in alignment.get("members") or []}
        cells |= {o: "omitted" for o in alignment.get("omitted_by") or []}
        carried = sum(1 for r in cells.values() if r != "omitted")
        rows.append((-carried, -len(cells), alignment["alignment_id"], alignment, cells))
    rows.sort(key=lambda r: r[:3])
    limit = max(10, MATRIX_CELLS // max(len(outlet_ids), 1))
    headers = ["Proposition", "Speaker", *(outlet_label(o, data, 1, linked=False) for o in outlet_ids)]
    body = [
        [f"<bdi>{text(_short(a['proposition'], 220))}</bdi>", _speaker(a, data), *(_cell(cells.get(o)) for o in outlet_ids)] for *_, a, cells in rows[:limit]
    ]
    more = f"<p>{len(rows) - limit} more propositions, each carried by fewer outlets, are not shown.</p>" if len(rows) > limit else ""
    legend = (
        '<p class="legend">Relation of each outlet\'s rendering to the fullest one: '
        + ", ".join(f'<span class="rel {r}">{r}</span>' for r in RELATIONS)
        + "; — not judged (the outlet is not in the proposition and was not found omitting it).</p>"
    )
    return section("matrix", "Propositions × outlets", legend + table("Each proposition and how each outlet carries it", headers, body) + more)


def _speaker(alignment: Row, data: ReportData) -> str:
    actor = alignment.get("speaker_actor_id")
    if actor is None:
        return '<span class="muted">the outlet’s own voice</span>' if alignment.get("voice") == "fact" else '<span class="muted">unresolved speaker</span>'
    return actor_label(actor, actor, data, 1)


def _cell(relation: str | None) -> str:
    return f'<span class="rel {relation}">{relation}</span>' if relation else '<span class="muted" title="not judged">—</span>'


def _short(value: str | None, size: int) -> str:
    value = value or ""
    return value if len(value) <= size else value[: size - 1] + "…"


def _labeling(outlet_ids: list[Any], labeling: dict[Any, list[Row]], data: ReportData) -> str:
    terms: dict[str, dict[Any, list[Row]]] = defaultdict(lambda: defaultdict(list))
    totals: Counter[str] = Counter()
    for outlet_id in outlet_ids:
        for row in labeling.get(outlet_id) or []:
            terms[row["actor_id"]][outlet_id].append(row)
            totals[row["actor_id"]] += row["count"]
    if not terms:
        return section("labeling", "What each outlet calls whom", "<p>No actor of the records is named in these reports.</p>")
    body = []
    for actor, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:LABELED_ACTORS]:
        cells = []
        for outlet_id in outlet_ids:
            found = sorted(terms[actor].get(outlet_id, []), key=lambda r: (-r["count"], r["term"]))
            cells.append(
                "; ".join(
                    f"<bdi>{text(r['term'])}</bdi> ×{r['count']}"
                    + ("" if r["voice"] == "outlet" else f' <span class="voice">in {text(r["voice"])}’s words</span>')
                    for r in found
                )
                or "—"
            )
        body.append([actor_label(actor, actor, data, 1), *cells])
    headers = ["Actor", *(outlet_label(o, data, 1, linked=False) for o in outlet_ids)]
    note = "<p>Names, titles and descriptions each outlet uses for each actor, in its own voice unless marked as a quoted speaker’s words.</p>"
    return section("labeling", "What each outlet calls whom", note + table("Terms per actor and outlet", headers, body))


def _fidelity(alignments: list[Row], claims: dict[str, Row], data: ReportData) -> str:
    differing = [
        (alignment, member, claims[member["claim_id"]])
        for alignment in alignments
        for member in alignment.get("members") or []
        if member["relation"] != "same" and member["claim_id"] in claims and claims[member["claim_id"]].get("kind") != "fact"
    ]
    items = [  # only the renderings shown are held against the fullest, word by word
        f'<li><p>{outlet_label(member["outlet_id"], data, 1)} <span class="rel {member["relation"]}">{member["relation"]}</span> '
        f"(similarity {member['similarity']:.2f}) of {_speaker(alignment, data)}:</p>"
        f"<blockquote>{cut_words(alignment.get('proposition') or '', claim.get('content') or '')}</blockquote></li>"
        for alignment, member, claim in differing[:SHOWN_RENDERINGS]
    ]
    if not items:
        return section("fidelity", "Quote fidelity", "<p>Every outlet carries the statements it shares with others in the same words.</p>")
    note = "<p>Each rendering held against the proposition’s fullest one: <del>words it cut</del>, <ins>words it has that the fullest has not</ins>.</p>"
    more = f"<p>{len(differing) - len(items)} more renderings are not shown.</p>" if len(differing) > len(items) else ""
    return section("fidelity", "Quote fidelity", f'{note}<ul class="fidelity">{"".join(items)}</ul>{more}')


def describe(claim: Row) -> str:
    """The title of a claim's mark: its kind, speaker and cue."""
    who = claim.get("mention") or claim.get("actor_id") or ("the outlet" if claim.get("kind") == "fact" else "unresolved")
    return f"{claim.get('kind')}: {who}" + (f" — {claim['cue']}" if claim.get("cue") else "")


def _articles(articles: list[Row], claims: dict[str, list[Row]], data: ReportData) -> str:
    parts, budget = [], TEXT_BUDGET
    for article in articles:
        found = claims[article["article_id"]]
        where = (
            f"{outlet_label(article['outlet_id'], data, 1)} · {text(article.get('published') or 'undated')} · {outside_link(article.get('url'), 'original')}"
        )
        head = f'<h3><bdi>{text(article.get("headline") or "(no headline)")}</bdi></h3><p class="meta">{where}</p>'
        body_text = article.get("text")
        if body_text and len(body_text) <= budget:
            budget -= len(body_text)
            headline = marked(article.get("headline") or "", found, "headline", describe)
            body = f'<p class="headline-marked">{headline}</p><div class="text" dir="auto">{marked(body_text, found, "body", describe)}</div>'
        else:
            why = (
                "The page holds as much text as it can; this article's claims are listed."
                if body_text
                else "The release does not hold this article's text: its claims, with their offsets."
            )
            body = f'<p class="muted">{why}</p>{_claim_list(found, data)}'
        parts.append(f'<article aria-label="{attr(article.get("headline") or article["article_id"])}">{head}{body}</article>')
    legend = (
        '<p class="legend">Marked: <mark class="content quote">quoted words</mark>, <mark class="content said">reported speech</mark>, '
        '<mark class="content fact">facts in the outlet’s voice</mark>, <mark class="cue said">cues</mark>, <mark class="speaker said">speakers</mark>.</p>'
    )
    return section("texts", "The articles", f"{legend}{''.join(parts)}")


def _claim_list(claims: list[Row], data: ReportData) -> str:
    items = []
    for claim in claims:
        spans = claim.get("offsets") or ""
        who = (
            '<span class="muted">the outlet’s own voice</span>'
            if claim.get("kind") == "fact"
            else actor_label(claim.get("actor_id"), claim.get("mention"), data, 1)
        )
        cue = f' <span class="verb">{text(claim["cue"])}</span>' if claim.get("cue") else ""
        items.append(
            f'<li><span class="kind">{text(claim.get("kind"))}</span> {who}{cue}: <q>{text(claim.get("content"))}</q> '
            f'<span class="muted">({text(spans)})</span></li>'
        )
    return f'<ol class="claims">{"".join(items)}</ol>' if items else "<p>No claim was found in it.</p>"
