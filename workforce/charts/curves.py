"""Survival curves as step lines with their 95% interval bands: retention after hire (Employers) and time
to hire after a placement (Employers, Cohorts). The frames are ``pagedata.curves``' after protection
(``ui.plotted``): a hidden point is NaN and leaves a gap."""

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, i18n

BAND_OPACITY = 0.18


@dataclass(frozen=True)
class Line:
    """One curve to draw: its frame, the name in the legend, its colour; ``band``: draw its interval."""

    frame: pd.DataFrame
    name: str
    colour: str
    band: bool = True
    dash: str = "solid"


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _segments(shown: Sequence[bool]) -> list[list[int]]:
    """Runs of consecutive True positions: [[0, 1, 2], [5, 6]]."""
    runs: list[list[int]] = []
    for k, ok in enumerate(shown):
        if ok and runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        elif ok:
            runs.append([k])
    return runs


def _hover(frame: pd.DataFrame, y: str, counts: str, lang: str) -> list[str]:
    """Each point's interval and counts, for its hover label."""
    texts = []
    for _, row in frame.iterrows():
        if i18n.is_missing(row["low"]) or i18n.is_missing(row["high"]):
            interval = i18n.t("curves.no_interval", lang)
        else:
            interval = i18n.t(
                "curves.interval_hover",
                lang,
                low=i18n.percent(row["low"], lang, 1),
                high=i18n.percent(row["high"], lang, 1),
            )
        events = "exits" if y == "survival" else "hires"
        detail = i18n.t(
            counts,
            lang,
            at_risk=i18n.integer(row["at_risk"], lang),
            **{events: i18n.integer(row[events], lang)},
        )
        texts.append(f"{interval}<br>{detail}")
    return texts


def _draw(fig: go.Figure, line: Line, x: str, y: str, counts: str, lang: str) -> None:
    frame = line.frame.reset_index(drop=True)
    if line.band:
        banded = (frame["low"].notna() & frame["high"].notna()).tolist()
        for k, run in enumerate(_segments(banded)):
            part = frame.iloc[run]
            common = {"x": part[x], "mode": "lines", "line": {"width": 0, "shape": "hv"}, "hoverinfo": "skip"}
            fig.add_scatter(y=part["high"], showlegend=False, legendgroup=f"band {line.name}", **common)
            fig.add_scatter(
                y=part["low"],
                fill="tonexty",
                fillcolor=_rgba(line.colour, BAND_OPACITY),
                name=i18n.t("curves.interval_band", lang, name=line.name),
                legendgroup=f"band {line.name}",
                showlegend=k == 0,
                legendrank=2000,
                **common,
            )
    fig.add_scatter(
        x=frame[x],
        y=frame[y],
        mode="lines+markers",
        name=line.name,
        line={"color": line.colour, "width": 3 if line.band else 2, "shape": "hv", "dash": line.dash},
        marker={"size": 6 if line.band else 4},
        legendrank=1000,
        customdata=_hover(frame, y, counts, lang),
        hovertemplate=f"{line.name}<br>%{{x}}: %{{y:.1%}}<br>%{{customdata}}<extra></extra>",
    )


def _axes(fig: go.Figure, lang: str, x_title: str, y_title: str, ticks: Sequence[int]) -> None:
    """A curve's look: the titles (catalog keys), the ticks on x, a share from 0 to 100% on y."""
    y_title = i18n.t(y_title, lang)
    charts.style(fig, lang, height=380, x_title=i18n.t(x_title, lang), y_title=y_title, y_format="percent")
    fig.update_xaxes(tickmode="array", tickvals=list(ticks))
    fig.update_yaxes(range=[0, 1.05])


def retention(curve: pd.DataFrame, name: str, lang: str) -> go.Figure:
    """The share of a company's hires still employed, month by month after hire, with its band; months 6
    and 12 marked."""
    fig = go.Figure()
    _draw(fig, Line(curve, name, charts.PALETTE[0]), "month", "survival", "curves.retention_hover", lang)
    _axes(fig, lang, "curves.x_retention", "curves.columns.survival", [1, 3, 6, 9, 12, 15, 18, 21, 24])
    fig.update_xaxes(range=[0.5, 24.5])
    for month in (6, 12):
        fig.add_vline(x=month, line_dash="dot", line_color=charts.NONE_COLOR, line_width=1.5, opacity=1)
    return fig


def time_to_hire(lines: Sequence[Line], lang: str) -> go.Figure:
    """The share of interns not yet hired from their placement, by days since it ended; one step line
    per group (the first with its band), 0 to 365 days."""
    fig = go.Figure()
    for line in lines:
        _draw(fig, line, "days", "not_hired", "curves.time_to_hire_hover", lang)
    _axes(fig, lang, "curves.x_time_to_hire", "curves.columns.not_hired", [0, 30, 60, 90, 120, 180, 270, 365])
    fig.update_xaxes(range=[-8, 373])
    return fig
