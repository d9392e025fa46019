"""Figures of the Cohorts, Employers and Pipeline pages, in the shared look of ``charts``.

Each function takes a frame from ``pathways`` and the language, and only draws.
"""

import os

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, i18n

Database = str | os.PathLike | None

# Outcomes keep one colour everywhere, none of them a palette colour that an institution or sector may have:
# green for a hire by the host, violet for another hire, grey for none.
OUTCOME_COLORS = {
    "hired_by_host": charts.MATCHED_COLOR,
    "hired_elsewhere": "#6A3D9A",
    "not_hired": charts.NONE_COLOR,
}
STAGE_COLORS = (charts.PALETTE[0], charts.PALETTE[10], charts.PALETTE[2], charts.MATCHED_COLOR)
BENCHMARK_COLOR = charts.NONE_COLOR
MEDIAN_COLOR = charts.NONE_COLOR


def _rgba(hex_color: str, alpha: float) -> str:
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def whole_ticks(fig: go.Figure, largest: float, axis: str = "y") -> go.Figure:
    """One tick per whole number when counts are small, so a 0..2 axis does not read 0, 0, 1, 1, 2."""
    if not i18n.is_missing(largest) and float(largest) < 8:
        update = fig.update_yaxes if axis == "y" else fig.update_xaxes
        update(dtick=1, tick0=0)
    return fig


def _counted(numerator: object, denominator: object, lang: str) -> str:
    """``2 из 3`` / ``2 of 3`` for a hover, or an empty string when unknown."""
    if i18n.is_missing(numerator) or i18n.is_missing(denominator):
        return ""
    return i18n.t(
        "cohorts.counted",
        lang,
        numerator=i18n.integer(numerator, lang),
        denominator=i18n.integer(denominator, lang),
    )


def cohort_rates(
    frame: pd.DataFrame,
    rate: str,
    institution_name: str,
    lang: str,
    database: Database = None,
) -> go.Figure:
    """Bars of a cohort rate (placement_rate or employed_1y) by graduation year, institution beside all."""
    numerator = "placed" if rate == "placement_rate" else "employed_1y_numerator"
    colour = charts.colors("institution", [institution_name], database).get(
        institution_name, charts.PALETTE[0]
    )
    fig = go.Figure()
    series = [
        ("", institution_name, colour),
        ("all_", i18n.t("cohorts.all_institutions", lang), BENCHMARK_COLOR),
    ]
    for prefix, name, fill in series:
        fig.add_bar(
            x=frame["graduation_year"],
            y=frame[prefix + rate],
            name=name,
            marker_color=fill,
            customdata=[
                _counted(n, d, lang)
                for n, d in zip(frame[prefix + numerator], frame[prefix + "cohort_size"], strict=True)
            ],
            hovertemplate="%{x}: %{y:.1%}<br>%{customdata}<extra>" + name + "</extra>",
        )
    charts.style(
        fig,
        lang,
        height=360,
        x_title=i18n.t("cohorts.columns.graduation_year", lang),
        y_format="percent",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.05])
    return charts.year_axis(fig, frame["graduation_year"].tolist(), lang)


def funnel(stages: pd.DataFrame, lang: str) -> go.Figure:
    """The cohort funnel: one bar per stage, its count and share of the cohort."""
    labels = [i18n.t(f"cohorts.stage.{s}", lang) for s in stages["stage"]]
    text = [
        f"{i18n.integer(n, lang)} ({i18n.percent(s, lang)})"
        for n, s in zip(stages["participants"], stages["share_of_cohort"], strict=True)
    ]
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=stages["participants"],
            text=text,
            textinfo="text",
            textposition="inside",
            marker={"color": list(STAGE_COLORS[: len(labels)])},
            connector={"fillcolor": charts.GRID},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    charts.style(fig, lang, height=320)
    fig.update_yaxes(showgrid=False, tickformat="", rangemode="normal")
    fig.update_layout(showlegend=False)
    return fig


def segments(frame: pd.DataFrame, label_column: str, lang: str) -> go.Figure:
    """Horizontal bars of placement rate and employed_1y per segment (specialty or level)."""
    height = max(260, 70 + 56 * len(frame))
    fig = go.Figure()
    rates = [
        ("placement_rate", "placed", charts.PALETTE[0]),
        ("employed_1y", "employed_1y_numerator", charts.PALETTE[2]),
    ]
    for rate, numerator, colour in rates:
        name = i18n.t(f"cohorts.columns.{rate}", lang)
        fig.add_bar(
            y=frame[label_column],
            x=frame[rate],
            name=name,
            orientation="h",
            marker_color=colour,
            text=[i18n.percent(v, lang, 1) for v in frame[rate]],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                _counted(n, d, lang) for n, d in zip(frame[numerator], frame["cohort_size"], strict=True)
            ],
            hovertemplate="%{y}: %{x:.1%}<br>%{customdata}<extra>" + name + "</extra>",
        )
    charts.style(fig, lang, height=height)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", range=[0, 1.15], showgrid=True, gridcolor=charts.GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat="", rangemode="normal")
    return fig


def retention_curve(curve: pd.DataFrame, lang: str) -> go.Figure:
    """The share of observable hires still employed, month by month after hire; months 6 and 12 marked."""
    name = i18n.t("employers.columns.share", lang)
    fig = go.Figure(
        go.Scatter(
            x=curve["month"],
            y=curve["share"],
            mode="lines+markers",
            name=name,
            line={"color": charts.PALETTE[0], "width": 3},
            marker={"size": 7},
            customdata=[
                i18n.t(
                    "employers.curve_hover",
                    lang,
                    retained=i18n.integer(r, lang),
                    observable=i18n.integer(o, lang),
                )
                for r, o in zip(curve["retained"], curve["observable"], strict=True)
            ],
            hovertemplate="%{x}: %{y:.1%}<br>%{customdata}<extra></extra>",
        )
    )
    charts.style(
        fig,
        lang,
        height=360,
        x_title=i18n.t("employers.columns.month", lang),
        y_title=name,
        y_format="percent",
    )
    fig.update_xaxes(tickmode="array", tickvals=[1, 3, 6, 9, 12, 15, 18, 21, 24], range=[0.5, 24.5])
    fig.update_yaxes(range=[0, 1.05])
    for month in (6, 12):
        fig.add_vline(x=month, line_dash="dot", line_color=charts.NONE_COLOR, line_width=1.5, opacity=1)
    fig.update_layout(showlegend=False)
    return fig


def sources(frame: pd.DataFrame, label_column: str, counts: list[str], lang: str) -> go.Figure:
    """Horizontal bars of interns and hires per institution or program."""
    height = max(240, 70 + 22 * len(counts) * len(frame))
    fig = go.Figure()
    for count, colour in zip(counts, (charts.PALETTE[0], charts.MATCHED_COLOR), strict=False):
        name = i18n.t(f"employers.columns.{count}", lang)
        fig.add_bar(
            y=frame[label_column],
            x=frame[count],
            name=name,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x:,d}<extra>" + name + "</extra>",
        )
    charts.style(fig, lang, height=height)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=",d", showgrid=True, gridcolor=charts.GRID, rangemode="tozero")
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat="", rangemode="normal")
    return whole_ticks(fig, frame[counts].to_numpy().max(), axis="x")


def sector_rates(comparison: pd.DataFrame, employer_name: str, lang: str) -> go.Figure:
    """The employer's intern hire rate and retention_12m beside the sector's median employer."""
    rates = comparison[comparison["metric"] != "median_days_to_hire"]
    labels = [i18n.t(f"employers.compared.{m}", lang) for m in rates["metric"]]
    fig = go.Figure()
    series = [
        ("value", employer_name, charts.PALETTE[0]),
        ("sector_median", i18n.t("employers.sector_median", lang), MEDIAN_COLOR),
    ]
    for column, name, colour in series:
        fig.add_bar(
            y=labels,
            x=rates[column],
            name=name,
            orientation="h",
            marker_color=colour,
            text=[i18n.percent(v, lang, 1) for v in rates[column]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1%}<extra>" + name + "</extra>",
        )
    charts.style(fig, lang, height=300)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", range=[0, 1.15], showgrid=True, gridcolor=charts.GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat="", rangemode="normal")
    return fig


def sankey(links: pd.DataFrame, lang: str, others: str = "", database: Database = None) -> go.Figure:
    """Institution -> sector -> outcome; link widths are completed placements, colours their source's."""
    named = links.loc[links.source_kind == "institution", "source"].drop_duplicates().tolist()
    institutions = sorted(n for n in named if n != others) + [n for n in named if n == others]
    sectors = links.loc[links.target_kind == "sector", "target"].drop_duplicates().tolist()
    outcomes = [o for o in OUTCOME_COLORS if o in set(links.loc[links.target_kind == "outcome", "target"])]
    institution_colors = charts.colors("institution", institutions, database)
    institution_colors[others] = charts.NONE_COLOR
    sector_colors = charts.colors("sector", sectors, database)
    nodes = (
        [("institution", n, institution_colors.get(n, charts.NONE_COLOR)) for n in institutions]
        + [("sector", n, sector_colors.get(n, charts.NONE_COLOR)) for n in sorted(sectors)]
        + [("outcome", n, OUTCOME_COLORS[n]) for n in outcomes]
    )
    index = {(kind, name): i for i, (kind, name, _) in enumerate(nodes)}
    labels = [i18n.t(f"pipeline.outcome.{n}", lang) if k == "outcome" else n for k, n, _ in nodes]
    colours = [c for _, _, c in nodes]
    source = [index[(k, n)] for k, n in zip(links.source_kind, links.source, strict=True)]
    target = [index[(k, n)] for k, n in zip(links.target_kind, links.target, strict=True)]
    link_colours = [
        _rgba(OUTCOME_COLORS[n] if k == "outcome" else colours[s], 0.35)
        for k, n, s in zip(links.target_kind, links.target, source, strict=True)
    ]
    unit = i18n.t("pipeline.placements_unit", lang)
    height = max(460, 44 * max(len(institutions), len(sectors)))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",d",
            valuesuffix=" " + unit,
            node={
                "label": labels,
                "color": colours,
                "pad": 14,
                "thickness": 16,
                "line": {"color": "white", "width": 0.5},
                "hovertemplate": "%{label}: %{value}<extra></extra>",
            },
            link={
                "source": source,
                "target": target,
                "value": links["placements"].tolist(),
                "color": link_colours,
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<extra></extra>",
            },
        )
    )
    charts.style(fig, lang, height=height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, font={"size": 13})
    return fig
