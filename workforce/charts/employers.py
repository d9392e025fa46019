"""Figures of the Employers page: where hires come from, the sector comparison (curves: ``charts.curves``)."""

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, i18n

MEDIAN_COLOR = charts.NONE_COLOR


def small_count_ticks(fig: go.Figure, largest: float, axis: str = "y") -> go.Figure:
    """One tick per whole number when counts are small, so a 0..2 axis does not read 0, 0, 1, 1, 2."""
    if not i18n.is_missing(largest) and float(largest) < 8:
        update = fig.update_yaxes if axis == "y" else fig.update_xaxes
        update(dtick=1, tick0=0)
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
    return small_count_ticks(fig, frame[counts].to_numpy().max(), axis="x")


def sector_rates(comparison: pd.DataFrame, employer_name: str, lang: str) -> go.Figure:
    """The employer's intern hire rate and retention_12m beside the sector's median employer."""
    rates = comparison[comparison["metric"] != "median_days_to_hire"]
    labels = [i18n.t(f"employers.compared.{m}", lang) for m in rates["metric"]]
    fig = go.Figure()
    series = [
        ("value", employer_name, charts.PALETTE[0]),
        ("sector_median", i18n.t("employers.sector_median", lang), MEDIAN_COLOR),
    ]
    # the company's bars hover with their interval and the verdict against the median; the median has none
    verdicts = [
        "" if i18n.is_missing(v) else i18n.t(f"common.verdict.{v}", lang)
        for v in rates.get("verdict", pd.Series([None] * len(rates)))
    ]
    hovers = {
        "value": [
            "<br>".join(t for t in pair if t)
            for pair in zip(charts.interval_hover(rates, "value", lang), verdicts, strict=True)
        ],
        "sector_median": [""] * len(rates),
    }
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
            customdata=hovers[column],
            hovertemplate="%{y}: %{x:.1%}<br>%{customdata}<extra>" + name + "</extra>",
        )
    charts.style(fig, lang, height=300)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", range=[0, 1.15], showgrid=True, gridcolor=charts.GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat="", rangemode="normal")
    return fig
