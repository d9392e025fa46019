"""Figures of the Cohorts page: a cohort rate beside all institutions, the funnel, the segments."""

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, i18n

STAGE_COLORS = (charts.PALETTE[0], charts.PALETTE[10], charts.PALETTE[2], charts.MATCHED_COLOR)

BENCHMARK_COLOR = charts.NONE_COLOR


def counted(numerator: object, denominator: object, lang: str) -> str:
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
    known: charts.Known | None = None,
) -> go.Figure:
    """Bars of a cohort rate (placement_rate or employed_1y) by graduation year, institution beside all."""
    numerator = "placed" if rate == "placement_rate" else "employed_1y_numerator"
    colour = charts.colors("institution", [institution_name], known).get(institution_name, charts.PALETTE[0])
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
                "<br>".join(t for t in (counted(n, d, lang), interval) if t)
                for n, d, interval in zip(
                    frame[prefix + numerator],
                    frame[prefix + "cohort_size"],
                    charts.interval_hover(frame, prefix + rate, lang),
                    strict=True,
                )
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
    intervals = charts.interval_hover(stages, "share_of_cohort", lang)
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=stages["participants"],
            text=text,
            textinfo="text",
            textposition="inside",
            marker={"color": list(STAGE_COLORS[: len(labels)])},
            connector={"fillcolor": charts.GRID},
            customdata=intervals,
            hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>",
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
                "<br>".join(t for t in (counted(n, d, lang), interval) if t)
                for n, d, interval in zip(
                    frame[numerator],
                    frame["cohort_size"],
                    charts.interval_hover(frame, rate, lang),
                    strict=True,
                )
            ],
            hovertemplate="%{y}: %{x:.1%}<br>%{customdata}<extra>" + name + "</extra>",
        )
    charts.style(fig, lang, height=height)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", range=[0, 1.15], showgrid=True, gridcolor=charts.GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat="", rangemode="normal")
    return fig


def funnel_plot(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    city_rate: float,
    selected: str,
    names: dict[str, str],
    rate_name: str,
    lang: str,
    known: charts.Known | None = None,
) -> go.Figure:
    """Institutions' standardised rates against their cohort sizes, inside the city's 95% and 99.8%
    control limits; the selected institution in its colour, the others grey. Hidden points are NaN."""
    fig = go.Figure()
    for name, dash in (("998", "dot"), ("95", "dash")):
        for end in ("low", "high"):
            fig.add_scatter(
                x=limits["cohort_size"],
                y=limits[f"{end}_{name}"],
                mode="lines",
                line={"color": charts.NONE_COLOR, "dash": dash, "width": 1.5, "shape": "hv"},
                name=i18n.t(f"cohorts.limits_{name}", lang),
                legendgroup=name,
                showlegend=end == "low",
                hoverinfo="skip",
            )
    fig.add_hline(y=city_rate, line_color=charts.INK, line_width=1, opacity=0.6)
    hover = [
        i18n.t(
            "cohorts.funnel_hover",
            lang,
            name=names.get(i, i),
            graduates=i18n.integer(n, lang),
            rate=i18n.percent(r, lang, 1),
            expected=i18n.percent(e, lang, 1),
        )
        for i, n, r, e in zip(
            points["institution_id"],
            points["cohort_size"],
            points["rate"],
            points["expected_rate"],
            strict=True,
        )
    ]
    mine = (points["institution_id"] == selected).to_numpy()
    colour = charts.colors("institution", [names.get(selected, selected)], known).get(
        names.get(selected, selected), charts.PALETTE[0]
    )
    for chosen, label, fill, size in (
        (~mine, i18n.t("cohorts.all_institutions", lang), BENCHMARK_COLOR, 9),
        (mine, names.get(selected, selected), colour, 14),
    ):
        part = points[chosen]
        fig.add_scatter(
            x=part["cohort_size"],
            y=part["standardised_rate"],
            mode="markers",
            name=label,
            marker={"color": fill, "size": size, "line": {"color": "white", "width": 1}},
            customdata=[h for h, keep in zip(hover, chosen, strict=True) if keep],
            hovertemplate="%{customdata}<br>" + rate_name + ": %{y:.1%}<extra></extra>",
        )
    titles = {
        f"{axis}_title": i18n.t(f"cohorts.columns.{c}", lang)
        for axis, c in (("x", "cohort_size"), ("y", "standardised_rate"))
    }
    charts.style(fig, lang, height=380, y_format="percent", **titles)
    # the y axis spans the points and the limits where a cohort has ten graduates or more
    shown = [
        *points["standardised_rate"].dropna(),
        *limits.loc[limits["cohort_size"] >= 10, "low_998"],
        city_rate,
    ]
    top = [
        *points["standardised_rate"].dropna(),
        *limits.loc[limits["cohort_size"] >= 10, "high_998"],
        city_rate,
    ]
    fig.update_yaxes(range=[max(0.0, min(shown) - 0.05), min(1.05, max(top) + 0.05)])
    fig.update_xaxes(rangemode="tozero")
    return fig
