"""The time-to-hire section the Employers and Cohorts pages share: a scope's curve beside the whole
city's, each protected under its own viewer's policy, drawn with one download of both."""

import datetime as dt

import pandas as pd
import streamlit as st

from workforce import charts, disclosure, i18n
from workforce.charts import curves as curve_charts
from workforce.disclosure import plotted
from workforce.ui.widgets import chart, empty

COLUMNS = ("group_name", "month", "days", "at_risk", "exits", "survival", "hires", "not_hired", "low", "high")
"""Every column of a curve's table and download (``pagedata.curves``), labelled from ``curves.columns``."""


def curve_labels(lang: str) -> dict[str, str]:
    """The headers of a curve's columns in the language."""
    return {c: i18n.t(f"curves.columns.{c}", lang) for c in COLUMNS}


def hidden_curve(protected: disclosure.Protected | None, estimate: str) -> bool:
    """Whether a protected curve shows none of its points (an owner's curve is never hidden)."""
    return protected is not None and bool((protected.states[estimate] == disclosure.SUPPRESSED).all())


def _protected(curve: pd.DataFrame, policy: disclosure.Policy) -> disclosure.Protected | None:
    return disclosure.protect_curve(
        curve, policy, at_risk="at_risk", events="hires", estimate="not_hired", total=curve.attrs["total"]
    )


def time_to_hire(
    scoped: pd.DataFrame,
    city: pd.DataFrame,
    name: str,
    policy: disclosure.Policy,
    city_policy: disclosure.Policy,
    lang: str,
    *,
    as_of: dt.date,
    file_name: str,
    key: str,
) -> None:
    """The section: ``scoped`` (named ``name``, with its band) and ``city`` (dashed) as step curves of
    the share not yet hired, by days since the placement ended (``pagedata.curves.time_to_hire``)."""
    st.subheader(i18n.t("curves.time_to_hire", lang))
    if scoped.attrs["total"] == 0:
        empty("curves.empty_time_to_hire", lang, name=name, date=i18n.date(as_of, lang))
        return
    whole_city = i18n.t("common.whole_city", lang)
    frames = [scoped.assign(group_name=name), city.assign(group_name=whole_city)]
    for frame, source in zip(frames, (scoped, city), strict=True):
        frame.attrs["total"] = source.attrs["total"]
    parts = [_protected(frames[0], policy), _protected(frames[1], city_policy)]
    lines = [
        curve_charts.Line(plotted(frames[0], parts[0]), name, charts.PALETTE[0]),
        curve_charts.Line(
            plotted(frames[1], parts[1]), whole_city, charts.NONE_COLOR, band=False, dash="dash"
        ),
    ]
    if hidden_curve(parts[0], "not_hired"):
        st.caption(i18n.t("curves.scope_hidden", lang, name=name))
    chart(
        curve_charts.time_to_hire(lines, lang),
        pd.concat(frames, ignore_index=True)[["group_name", *scoped.columns]],
        file_name,
        lang,
        key=key,
        labels=curve_labels(lang),
        protected=disclosure.Protected.stack(frames, parts),
        caption=i18n.t("curves.time_to_hire_caption", lang, date=i18n.date(as_of, lang), name=name),
    )
