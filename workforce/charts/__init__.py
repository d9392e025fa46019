"""Plotly figures with one look: stable colours per name, readable layout, per-language number formats.

Functions here only build figures; ``ui.chart`` draws one with its downloads.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from workforce import i18n

# A fixed qualitative palette (Tableau 10, then its lighter companions): a name
# keeps its colour on every page because the colour is picked by the name's
# place in the sorted list of every name of its kind in the database.
PALETTE = (
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#2F4B7C",
    "#A0CBE8",
    "#FFBE7D",
    "#8CD17D",
    "#FF9D9A",
    "#86BCB6",
    "#F1CE63",
    "#D4A6C8",
    "#D7B5A6",
    "#499894",
    "#B6992D",
)
NONE_COLOR = "#A5A5A5"
INK = "#262730"
GRID = "#E6E8EC"
MATCHED_COLOR = "#1B7F3B"
CONTRADICTED_COLOR = "#C62828"
PARTIAL_FILL = "rgba(120, 120, 120, 0.10)"
OTHER_COLOR = "#CFCFCF"
GREYS = (NONE_COLOR, OTHER_COLOR)
# System fonts only: plotly measures legend text when it draws, before a web font
# would have loaded, and a late font swap makes legends overflow.
FONT = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', sans-serif"


def palette(names: Iterable[str]) -> dict[str, str]:
    """Colours for names by their place in the sorted, de-duplicated list."""
    ordered = sorted({str(n) for n in names if not i18n.is_missing(n)})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ordered)}


def hashed(name: str) -> str:
    """A colour for a name that is not in the database's list (stable across runs)."""
    digest = hashlib.sha256(str(name).encode("utf-8")).digest()
    return PALETTE[digest[0] % len(PALETTE)]


Known = Mapping[str, Iterable[str]]
"""Every name of each kind in the store (``{"program": [...], "sector": [...]}``): what fixes the colours."""


def colors(kind: str, present: Iterable[str] = (), known: Known | None = None) -> dict[str, str]:
    """``{name: colour}`` for every name of ``kind`` (program, institution, employer, sector, district).

    The colour depends only on the names of that kind in the store (``known``), so
    the same program has the same colour on every page and in every filter. Names in
    ``present`` that the store does not know ("No program", "Other") are shades of grey.
    """
    known = palette((known or {}).get(kind, ()))
    if kind == "sector":  # a sector keeps its colour under its translated name
        known |= {
            i18n.t(f"sectors.{name}", lang): colour
            for name, colour in list(known.items())
            for lang in i18n.LANGS
            if i18n.has(f"sectors.{name}", lang)
        }
    others = {i18n.t("common.other", lang) for lang in i18n.LANGS}
    unknown = {str(n) for n in present} - known.keys()
    return {**known, **{name: OTHER_COLOR if name in others else NONE_COLOR for name in unknown}}


def style(
    fig: go.Figure,
    lang: str,
    *,
    height: int = 420,
    x_title: str | None = None,
    y_title: str | None = None,
    legend_title: str | None = None,
    y_format: str = "count",
) -> go.Figure:
    """The common layout: fonts, white background, legend above the plot, margins that fit labels.

    ``y_format``: "count" (grouped integers), "percent" (fractions as %), "money" or "number".
    """
    fig.update_layout(
        template="simple_white",
        height=height,
        separators=i18n.plotly_separators(lang),
        font={"family": FONT, "size": 14, "color": INK},
        margin={"l": 10, "r": 10, "t": 30, "b": 10, "autoexpand": True},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "title": {"text": legend_title or "", "side": "top left"},
            "font": {"size": 13},
            "itemsizing": "constant",
        },
        hoverlabel={"font": {"family": FONT, "size": 13}, "namelength": -1},
        bargap=0.25,
        title=None,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    fig.update_xaxes(title_text=x_title or "", automargin=True, showgrid=False, ticks="outside")
    y_ticks = {"count": ",d", "percent": ".0%", "money": ",.0f", "number": ",.1f"}[y_format]
    y_hover = {"count": ",d", "percent": ".1%", "money": ",.0f", "number": ",.1f"}[y_format]
    fig.update_yaxes(
        title_text=y_title or "",
        automargin=True,
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        rangemode="tozero",
        tickformat=y_ticks,
        hoverformat=y_hover,
        ticksuffix=" ₽" if y_format == "money" else "",
    )
    return fig


def year_axis(fig: go.Figure, years: Sequence[int], lang: str, partial_year: int | None = None) -> go.Figure:
    """Whole years on the x axis, one tick each; a year still in progress gets a "*" and a grey band."""
    years = sorted({int(y) for y in years})
    if not years:
        return fig
    suffix = i18n.t("common.partial_suffix", lang)
    fig.update_xaxes(
        tickmode="array",
        tickvals=years,
        ticktext=[f"{y}{suffix}" if y == partial_year else str(y) for y in years],
        range=[years[0] - 0.6, years[-1] + 0.6],
        hoverformat="d",
    )
    if partial_year in years:
        fig.add_vrect(
            x0=partial_year - 0.5,
            x1=partial_year + 0.5,
            fillcolor=PARTIAL_FILL,
            line_width=0,
            layer="below",
        )
    return fig


def by_year(
    data: pd.DataFrame,
    y: str,
    lang: str,
    *,
    color: str | None = None,
    kind: str | None = None,
    mode: str = "bar",
    partial_year: int | None = None,
    labels: Mapping[str, str] | None = None,
    y_format: str = "count",
    height: int = 420,
    hover: Sequence[str] = (),
    barmode: str = "stack",
    color_map: Mapping[str, str] | None = None,
    known: Known | None = None,
) -> go.Figure:
    """A bar (stacked or grouped) or line chart of ``y`` per ``year``, one colour per ``color`` value.

    ``kind`` names what ``color`` holds (program, sector, ...) so its colours are
    the stable ones among the ``known`` names; ``color_map`` gives fixed colours
    instead (and the legend order).
    """
    names = {c: i18n.column(c, lang, dict(labels or {})) for c in ["year", y, color, *hover] if c}
    order = None
    if color and color_map:
        order = {color: list(color_map)}
    elif color:
        present = [str(v) for v in data[color].dropna().unique()]
        color_map = colors(kind, present, known) if kind else palette(present)
        order = {color: sorted(present, key=lambda v: (color_map.get(v) in GREYS, v))}
    common = {
        "x": "year",
        "y": y,
        "color": color,
        "color_discrete_map": dict(color_map or {}),
        "category_orders": order,
        "labels": names,
        # a rate's interval ends (``<rate>_low``, ``_high``) hover as percentages
        "hover_data": {c: ":.1%" if c.endswith(("_low", "_high")) else True for c in hover} or None,
    }
    if mode == "line":
        fig = px.line(data, markers=True, **common)
        fig.update_traces(line={"width": 3}, marker={"size": 8})
    else:
        fig = px.bar(data, **common)
        fig.update_layout(barmode=barmode)
    if not color:
        fig.update_traces(marker_color=PALETTE[0], selector={"type": "bar"})
        fig.update_traces(line_color=PALETTE[0], marker_color=PALETTE[0], selector={"type": "scatter"})
    style(fig, lang, height=height, y_title=names[y], legend_title=names.get(color), y_format=y_format)
    if y_format == "count":
        whole_ticks(fig)
    return year_axis(fig, data["year"].tolist(), lang, partial_year)


def _tallest(fig: go.Figure) -> float:
    """The highest point the figure draws (stacked bars summed per x)."""
    stacks: dict = {}
    tallest = 0.0
    for trace in fig.data:
        xs = [] if trace.x is None else list(trace.x)
        ys = [] if trace.y is None else list(trace.y)
        points = [(x, float(y)) for x, y in zip(xs, ys, strict=False) if not i18n.is_missing(y)]
        if trace.type == "bar" and fig.layout.barmode in (None, "stack", "relative"):
            for x, y in points:
                stacks[x] = stacks.get(x, 0.0) + y
        else:
            tallest = max([tallest, *(y for _, y in points)])
    return max([tallest, *stacks.values()])


def interval_hover(frame: pd.DataFrame, rate: str, lang: str) -> list[str]:
    """Each row's "95% interval: a–b" of a rate for a hover line, where the frame has it (else empty)."""
    low, high = f"{rate}_low", f"{rate}_high"
    if low not in frame.columns or high not in frame.columns:
        return [""] * len(frame)
    return [
        ""
        if i18n.is_missing(a) or i18n.is_missing(b)
        else i18n.t("common.interval", lang, low=i18n.percent(a, lang, 1), high=i18n.percent(b, lang, 1))
        for a, b in zip(frame[low], frame[high], strict=True)
    ]


def whole_ticks(fig: go.Figure) -> go.Figure:
    """A count axis with a tick at every whole number while the counts are small.

    Plotly would put ticks at 0.5 steps, printed by the integer format as "0, 1, 1, 2".
    Called again after traces are added, so the decision follows the tallest point.
    """
    if _tallest(fig) < 6:
        fig.update_yaxes(dtick=1, tick0=0)
    else:
        fig.update_yaxes(dtick=None, tick0=None)
    return fig


def mark_date(fig: go.Figure, day: object, label: str) -> go.Figure:
    """A vertical line at a date on a year axis (a year's bar spans year - 0.5 to year + 0.5)."""
    day = pd.Timestamp(day)
    length = 366 if day.is_leap_year else 365
    x = day.year - 0.5 + (day.day_of_year - 1) / length
    fig.add_vline(x=x, line={"color": INK, "width": 2, "dash": "dot"})
    fig.update_yaxes(range=[0, max(_tallest(fig), 1) * 1.25])  # room for the label above the bars
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        xshift=4,
        bgcolor="rgba(255, 255, 255, 0.85)",
        font={"size": 13, "color": INK},
    )
    return fig


EVENT_COLOR = "#7A5195"


def event_position(day) -> float:
    """Where a date falls on a yearly axis whose year Y spans Y - 0.5 to Y + 0.5."""
    start = pd.Timestamp(day.year, 1, 1)
    length = (pd.Timestamp(day.year + 1, 1, 1) - start).days
    return day.year - 0.5 + (pd.Timestamp(day) - start).days / length


def add_events(fig: go.Figure, events: pd.DataFrame) -> go.Figure:
    """Each event as a dotted vertical line at its date, numbered 1, 2, ... at the top (the page lists
    them by number)."""
    for number, row in enumerate(events.itertuples(), start=1):
        x = event_position(row.event_date)
        fig.add_vline(x=x, line_dash="dot", line_color=EVENT_COLOR, line_width=1.5, opacity=0.9)
        fig.add_annotation(
            x=x,
            y=1,
            yref="paper",
            text=str(number),
            showarrow=False,
            yanchor="bottom",
            font={"color": "white", "size": 11},
            bgcolor=EVENT_COLOR,
            borderpad=2,
        )
    return fig


def add_total(fig: go.Figure, data: pd.DataFrame, y: str, name: str) -> go.Figure:
    """A dark dashed line of the total per ``year`` (e.g. distinct participants in the whole scope)."""
    fig.add_trace(
        go.Scatter(
            x=data["year"],
            y=data[y],
            mode="lines+markers",
            name=name,
            line={"color": INK, "width": 2, "dash": "dash"},
            marker={"size": 7, "color": INK},
            hovertemplate=f"{name}: %{{y:,d}}<extra>%{{x}}</extra>",
        )
    )
    return whole_ticks(fig)


def participants_by_program(
    programs: pd.DataFrame,
    totals: pd.DataFrame,
    lang: str,
    *,
    known: Known | None = None,
    partial_year: int | None = None,
    height: int = 420,
) -> go.Figure:
    """Participants per year, one line per program (``programs``: year, program, participants), and the
    scope's distinct participants as a dashed total line (``totals``): the Overview's chart."""
    fig = by_year(
        programs,
        "participants",
        lang,
        color="program",
        kind="program",
        known=known,
        mode="line",
        partial_year=partial_year,
        height=height,
    )
    return add_total(fig, totals, "participants", i18n.t("overview.total", lang))


def _label_position(place: int, count: int) -> str:
    """Where a published figure's label goes: of several in one year, the lowest below, the highest above."""
    if count > 1 and place == 0:
        return "bottom right"
    if count > 1 and place == count - 1:
        return "top right"
    return "middle right"


def published_markers(fig: go.Figure, figures: pd.DataFrame, lang: str) -> go.Figure:
    """Published figures as diamonds at (year, value): green when the data matches, red when not.

    ``figures`` columns: year, value, qualifier, source, published_on, period_start,
    period_end, in_data, matched. The label reads like "более 750".
    """
    if figures.empty:
        return fig
    figures = figures.sort_values(["year", "value"]).reset_index(drop=True)
    place = figures.groupby("year").cumcount()
    count = figures.groupby("year")["value"].transform("size")
    figures["textposition"] = [_label_position(i, n) for i, n in zip(place, count, strict=True)]
    for matched, group in figures.groupby("matched", sort=False):
        colour = MATCHED_COLOR if bool(matched) else CONTRADICTED_COLOR
        verdict = i18n.t("common.matched" if bool(matched) else "common.contradicted", lang)
        hover = [
            i18n.t(
                "common.published_hover",
                lang,
                source=r.source,
                date=i18n.date(r.published_on, lang),
                period=f"{i18n.date(r.period_start, lang)} – {i18n.date(r.period_end, lang)}",
                value=i18n.qualified(r.qualifier, r.value, lang),
                in_data=i18n.integer(r.in_data, lang),
                verdict=verdict,
            )
            for r in group.itertuples()
        ]
        fig.add_trace(
            go.Scatter(
                x=group["year"],
                y=group["value"],
                mode="markers+text",
                name=f"{i18n.t('common.published', lang)}: {verdict}",
                text=[i18n.qualified(q, v, lang) for q, v in zip(group["qualifier"], group["value"])],
                textposition=list(group["textposition"]),
                textfont={"color": colour, "size": 13},
                marker={
                    "symbol": "diamond",
                    "size": 14,
                    "color": colour,
                    "line": {"color": "white", "width": 1.5},
                },
                hovertext=hover,
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    return whole_ticks(fig)


def timeline(
    data: pd.DataFrame,
    x: str,
    y: str,
    lang: str,
    *,
    color: str | None = None,
    kind: str | None = None,
    labels: Mapping[str, str] | None = None,
    height: int = 420,
    hover: Sequence[str] = (),
    known: Known | None = None,
) -> go.Figure:
    """Points on a date axis (e.g. agreements by signing date), dates shown the language's way."""
    names = {c: i18n.column(c, lang, dict(labels or {})) for c in [x, y, color, *hover] if c}
    color_map = None
    if color:
        present = [str(v) for v in data[color].dropna().unique()]
        color_map = colors(kind, present, known) if kind else palette(present)
    fig = px.scatter(
        data,
        x=x,
        y=y,
        color=color,
        color_discrete_map=color_map,
        labels=names,
        hover_data=list(hover) or None,
    )
    fig.update_traces(marker={"size": 12, "line": {"color": "white", "width": 1}})
    style(fig, lang, height=height, y_title=names[y], legend_title=names.get(color))
    fig.update_xaxes(tickformat=i18n.date_format(lang), hoverformat=i18n.date_format(lang))
    return fig
