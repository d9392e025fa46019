"""The sidebar filters: period and scope, kept in the URL so a copied link opens the same view.

A page reads ``f = ui.filters()`` and passes ``f.params`` (or ``f.scope``) to its page data.
"""

from collections.abc import Mapping
from typing import Any

import streamlit as st

from workforce import disclosure, i18n
from workforce.pagedata.scope import Filters, options
from workforce.store import db
from workforce.store.db import SCOPE
from workforce.ui.session import current_language, require_data, viewer

PERIOD_KEY = "filter_period"


URL_PARAMS = ("lang", "year_from", "year_to", *SCOPE)


def widget_key(name: str) -> str:
    """The session-state key of a scope filter's widget: ``filter_program``."""
    return f"filter_{name}"


def _year_range() -> tuple[int, int]:
    row = db.run("placement_years").iloc[0]
    return int(row["first_year"]), int(row["last_year"])


def _parse_year(text: str | None, first: int, last: int) -> int | None:
    try:
        year = int(str(text))
    except ValueError:
        return None
    return year if first <= year <= last else None


def _read_url_filters(lang: str, first: int, last: int, choices: Mapping[str, Mapping[str, str]]) -> None:
    """Once per session, take the filters from the URL; a value we do not know is dropped with a notice."""
    if "_url_filters_read" in st.session_state:
        return
    st.session_state["_url_filters_read"] = True
    url = st.query_params
    for name in SCOPE:
        value = url.get(name)
        if value is None or value == "":
            continue
        if value in choices[name]:
            st.session_state[widget_key(name)] = value
        else:
            st.warning(i18n.t("common.filters.unknown_value", lang, value=value, name=name))
    if first == last:
        return
    period = [first, last]
    for position, name in enumerate(("year_from", "year_to")):
        text = url.get(name)
        if text is None:
            continue
        year = _parse_year(text, first, last)
        if year is None:
            st.warning(i18n.t("common.filters.bad_year", lang, value=text, name=name))
        else:
            period[position] = year
    if period[0] > period[1]:
        st.warning(
            i18n.t("common.filters.bad_year", lang, value=f"{period[0]}–{period[1]}", name="year_from")
        )
        period = [first, last]
    st.session_state[PERIOD_KEY] = tuple(period)


def _owned(chosen: Mapping[str, str | None]) -> bool:
    """Whether the signed-in viewer owns the scope these filters choose (no disclosure control)."""
    return disclosure.policy_for(viewer(), db.scope_params(**chosen)) is disclosure.NONE


def _chosen_scope() -> dict[str, str | None]:
    return {name: st.session_state.get(widget_key(name)) for name in SCOPE}


def _one_filter(changed: str) -> None:
    """A scope filter's on_change: unless the viewer owns the combination, the new choice replaces the others.

    Figures of one filter are protected together with the city's and every other
    one filter's (``yearly.protected_cube``); a combination of two is not, so a
    viewer under disclosure control could subtract one from the other.
    """
    chosen = _chosen_scope()
    if sum(v is not None for v in chosen.values()) > 1 and not _owned(chosen):
        for name in SCOPE:
            if name != changed:
                st.session_state[widget_key(name)] = None


def choose_filter(name: str, value: str) -> None:
    """Set one scope filter from elsewhere on the page (a click on a map), as if chosen in the sidebar.
    Only in a widget's callback: it runs before the sidebar is drawn again."""
    st.session_state[widget_key(name)] = value
    _one_filter(name)


def _keep_first_filter(lang: str) -> None:
    """Several filters (from a link) for a viewer who does not own the combination: keep the first, say so."""
    chosen = _chosen_scope()
    given = [name for name in SCOPE if chosen[name] is not None]
    if len(given) > 1 and not _owned(chosen):
        for name in given[1:]:
            st.session_state[widget_key(name)] = None
        st.warning(
            i18n.t("common.filters.link_reduced", lang, name=i18n.t(f"common.filters.{given[0]}", lang))
        )


def _write_url(chosen: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Put every non-default choice in the URL (and only those), touching nothing else."""
    wanted = {k: str(v) for k, v in chosen.items() if v is not None and v != defaults.get(k)}
    current = st.query_params.to_dict()
    for name in URL_PARAMS:
        if name in wanted and current.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in current:
            del st.query_params[name]


def filters(*, period: bool = True, scope: bool = True) -> Filters:
    """Draw the sidebar filters and return them; they live in the URL so a copied link opens the same view.

    ``period=False`` or ``scope=False`` hide those filters on a page that does not
    use them (their values are kept for the other pages). Stops the page with a
    message when the database is missing or empty.
    """
    lang = current_language()
    require_data(lang)
    first, last = _year_range()
    choices = {name: options(name, lang) for name in SCOPE}
    _read_url_filters(lang, first, last, choices)
    _keep_first_filter(lang)
    sidebar = st.sidebar
    if period or scope:
        sidebar.subheader(i18n.t("common.filters.header", lang))
    if first == last:
        year_from = year_to = first
        if period:
            sidebar.caption(i18n.t("common.filters.single_year", lang, year=first))
    elif period:
        if PERIOD_KEY in st.session_state:
            st.session_state[PERIOD_KEY] = st.session_state[PERIOD_KEY]
        kept = st.session_state.get(PERIOD_KEY)
        if kept is not None and not first <= kept[0] <= kept[1] <= last:
            del st.session_state[PERIOD_KEY]
        kwargs = {} if PERIOD_KEY in st.session_state else {"value": (first, last)}
        year_from, year_to = sidebar.slider(
            i18n.t("common.filters.period", lang),
            min_value=first,
            max_value=last,
            step=1,
            key=PERIOD_KEY,
            persist_state="session",
            **kwargs,
        )
    else:
        year_from, year_to = st.session_state.get(PERIOD_KEY, (first, last))
    chosen: dict[str, str | None] = {}
    for name in SCOPE:
        key = widget_key(name)
        if key in st.session_state:
            # Re-assigning claims the value for this run, so a filter taken from the link
            # survives the switch to another page (otherwise it is dropped there).
            st.session_state[key] = st.session_state[key]
        labels = choices[name]
        if scope:
            chosen[name] = sidebar.selectbox(
                i18n.t(f"common.filters.{name}", lang),
                options=list(labels),
                index=None,
                format_func=labels.get,
                placeholder=i18n.t("common.filters.all", lang),
                key=key,
                persist_state="session",
                on_change=_one_filter,
                args=(name,),
            )
        else:
            value = st.session_state.get(key)
            chosen[name] = value if value in labels else None
    if scope and not _owned({}):
        sidebar.caption(i18n.t("common.filters.one_at_a_time", lang))
    if scope and any(chosen.values()):
        sidebar.button(i18n.t("common.filters.reset", lang), key="filter_reset", on_click=_reset_scope)
    _write_url(
        {"lang": lang, "year_from": year_from, "year_to": year_to, **chosen},
        {"lang": i18n.DEFAULT_LANG, "year_from": first, "year_to": last},
    )
    return Filters(lang, int(year_from), int(year_to), **chosen, viewer=viewer())


def _reset_scope() -> None:
    for name in SCOPE:
        st.session_state[widget_key(name)] = None
