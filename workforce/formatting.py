"""Figures as text in the chosen language: counts, rates, money, days, dates (``show``)."""

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from workforce import disclosure, i18n

FORMATTERS: dict[str, Callable[[Any, str], str]] = {
    "count": i18n.integer,
    "number": lambda v, lang: i18n.number(v, lang, 1),
    "rate": lambda v, lang: i18n.percent(v, lang, 1),
    "growth": lambda v, lang: i18n.signed_percent(v, lang, 1),
    "change": i18n.signed,
    "money": i18n.money,
    "days": i18n.days,
    "date": i18n.date,
    "bool": i18n.boolean,
    "year": lambda v, lang: i18n.MISSING if i18n.is_missing(v) else str(int(v)),
    "text": lambda v, lang: i18n.MISSING if i18n.is_missing(v) else str(v),
}


def show(value: Any, kind: str, lang: str) -> str:
    """One value formatted as ``kind``, one of the keys of FORMATTERS (count, rate, money, date...)."""
    return FORMATTERS[kind](value, lang)


def year_change(value: Any, previous: Any, kind: str, lang: str) -> str | None:
    """The change from ``previous`` to ``value`` as st.metric wants it (a leading ASCII minus when down)."""
    if i18n.is_missing(value) or i18n.is_missing(previous):
        return None
    difference = float(value) - float(previous)
    if kind == "rate":
        text = i18n.points(difference, lang, 1)
    elif kind == "money":
        text = i18n.signed_money(difference, lang)
    elif kind == "days":
        text = (
            i18n.signed(difference, lang) + i18n.NBSP + i18n.plural(abs(difference), lang, "common.unit.day")
        )
    else:
        text = i18n.signed(difference, lang)
        if kind == "count" and float(previous) > 0:
            text += f" ({i18n.signed_percent(difference / float(previous), lang)})"
    return text.replace(i18n.MINUS, "-", 1)


def rate_value(value: Any) -> Any:
    """The plain value of a figure: a rate dict ``{"value", "numerator", "denominator"}`` gives its value,
    a protected ``disclosure.Cell`` its true value."""
    if isinstance(value, disclosure.Cell):
        return value.value
    return value.get("value") if isinstance(value, Mapping) else value


def event_lines(events: pd.DataFrame, lang: str) -> list[str]:
    """The events marked on a trend chart, numbered as the chart numbers them (``charts.add_events``)."""
    return [
        i18n.t("common.event_line", lang, number=k, date=i18n.date(e.event_date, lang), title=e.title)
        for k, e in enumerate(events.itertuples(), start=1)
    ]
