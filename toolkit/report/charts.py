"""Charts of the report as inline SVG: stacked bars and lines, each with a title, a description and its numbers as a table.

No script draws them and no font or image is fetched; colours are told apart by a legend and by the table beside
each chart, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from toolkit.report.html import attr, table, text

#: Colours with at least 3:1 contrast on white, distinguishable in the common colour-vision deficiencies (Okabe-Ito, darkened).
PALETTE = ("#0b5fa5", "#b35900", "#00785a", "#a8427f", "#2b8cbe", "#8c510a", "#5e3c99", "#4d4d4d", "#c23b22", "#35978f")
#: The sides of a leaning scale.
SIDE_COLOURS = {"left": "#0b5fa5", "center": "#5f5f5f", "right": "#b3261e"}
#: Series that hold what no class names: grey, apart from the palette.
REST_COLOURS = {"other": "#7a7a7a", "unknown": "#7a7a7a"}


def colour(series: Sequence[str], name: str) -> str:
    """The colour of a series: a side's own, else by its place in the list of series."""
    return SIDE_COLOURS.get(name) or REST_COLOURS.get(name) or PALETTE[series.index(name) % len(PALETTE)]


def _frame(chart_id: str, title: str, description: str, width: int, height: int, inner: str) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">{text(title)}</title>'
        f'<desc id="{chart_id}-d">{text(description)}</desc>{inner}</svg>'
    )


def _legend(series: Sequence[str], y: int, x0: int = 0) -> str:
    parts, x = [], x0
    for name in series:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour(series, name)}"/><text x="{x + 16}" y="{y + 11}">{text(name)}</text>')
        x += 24 + 8 * len(name)
    return "".join(parts)


def stacked_bars(chart_id: str, title: str, description: str, rows: Sequence[tuple[str, dict[str, int]]], series: Sequence[str]) -> str:
    """Horizontal bars, one per row label, split into the series' shares (each bar is 100% of its row)."""
    label_width, bar_width, line = 200, 420, 22
    height = 30 + line * len(rows) + 10
    parts = [_legend(series, 4)]
    for i, (label, values) in enumerate(rows):
        y, x, total = 30 + i * line, float(label_width), sum(values.values()) or 1
        shown = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{text(shown)}</text>')
        for name in series:
            width = bar_width * values.get(name, 0) / total
            if width > 0:
                tip = f"{label}: {name} {values.get(name, 0)} of {total}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{line - 6}" fill="{colour(series, name)}"><title>{attr(tip)}</title></rect>'
                )
                x += width
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}">{total}</text>')
    svg = _frame(chart_id, title, description, label_width + bar_width + 60, height, "".join(parts))
    data = table(
        text(title),
        ["", *map(text, series), "all"],
        [[text(label), *(str(v.get(s, 0)) for s in series), str(sum(v.values()))] for label, v in rows],
        numeric=range(1, len(series) + 2),
    )
    return f"<figure><figcaption>{text(title)}</figcaption>{svg}<details><summary>The numbers of this chart</summary>{data}</details></figure>"


def lines(chart_id: str, title: str, description: str, months: Sequence[str], series: Mapping[str, Sequence[int]]) -> str:
    """One line per series over the months, with the months on the x axis and counts on the y axis."""
    width, height, left, bottom, top = 640, 240, 44, 36, 28
    names = list(series)
    peak = max((v for values in series.values() for v in values), default=0) or 1
    step = (width - left - 10) / max(len(months) - 1, 1)

    def point(i: int, value: int) -> str:
        return f"{left + i * step:.1f},{top + (height - top - bottom) * (1 - value / peak):.1f}"

    parts = [_legend(names, 4, left), f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="axis"/>']
    parts.append(f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text><text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>')
    every = max(1, len(months) // 8)
    for i, month in enumerate(months):
        if i % every == 0:
            parts.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle">{text(month)}</text>')
    for name, values in series.items():
        points = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour(names, name)}" stroke-width="2" points="{points}"><title>{attr(name)}</title></polyline>')
        parts.extend(
            f'<circle cx="{point(i, v).split(",")[0]}" cy="{point(i, v).split(",")[1]}" r="3" fill="{colour(names, name)}"/>' for i, v in enumerate(values)
        )
    svg = _frame(chart_id, title, description, width, height, "".join(parts))
    data = table(
        text(title),
        ["month", *map(text, names)],
        [[text(m), *(str(series[n][i]) for n in names)] for i, m in enumerate(months)],
        numeric=range(1, len(names) + 1),
    )
    return f"<figure><figcaption>{text(title)}</figcaption>{svg}<details><summary>The numbers of this chart</summary>{data}</details></figure>"
