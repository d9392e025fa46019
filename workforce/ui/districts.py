"""The district map on City trends: the year's split by district on tiles (or the deployment's
boundaries); a click on a district chooses it in the sidebar's filters."""

import streamlit as st

from workforce import i18n
from workforce.charts import districts as district_charts
from workforce.pagedata import districts, yearly
from workforce.pagedata.scope import Filters, options
from workforce.ui.sidebar import choose_filter

MAP_KEY = "trends_district_map"
YEAR_KEY = "trends_map_year"


def _clicked_district() -> None:
    """The map's on_select: the clicked district (one the filters know) becomes the district filter."""
    event = st.session_state.get(MAP_KEY)
    points = (event or {}).get("selection", {}).get("points", [])
    if not points:
        return
    chosen = points[0].get("customdata")
    if isinstance(chosen, list | tuple):
        chosen = chosen[0] if chosen else None
    if chosen in options("district"):
        choose_filter("district", chosen)
        st.session_state["_map_chosen"] = chosen


def district_map(f: Filters, scope_years: yearly.ScopeYears) -> None:
    """Draw the map of one year of the period (the last full one unless the reader picks another)."""
    lang = f.lang
    if "district" in scope_years.withheld:
        return
    years = f.years
    default = f.last_full_year if f.last_full_year in years else years[-1]
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = default
    year = st.session_state[YEAR_KEY]
    st.subheader(i18n.t("trends.map_title", lang, year=year))
    if len(years) > 1:
        st.segmented_control(
            i18n.t("common.filters.period", lang), years, key=YEAR_KEY, label_visibility="collapsed"
        )
    found = districts.values(districts.split_for_map(f, scope_years), year)
    if found.empty:
        st.info(i18n.t("trends.no_placements", lang))
        return
    tiles = districts.on_tiles(found)
    note = "trends.map_note"
    fig = None
    try:
        shapes = districts.boundaries()
    except districts.BoundariesError as error:
        st.warning(i18n.t("trends.map_boundaries_error", lang, error=str(error)))
        shapes = None
    if shapes is not None:
        fig, note = district_charts.choropleth(shapes, tiles, lang), "trends.map_boundaries_note"
    else:
        fig = district_charts.tile_map(tiles, lang)
    st.plotly_chart(
        fig,
        key=MAP_KEY,
        theme=None,
        width="stretch",
        on_select=_clicked_district,
        selection_mode="points",
        config={"displaylogo": False, "displayModeBar": False, "scrollZoom": False},
    )
    lines = [
        i18n.t(note, lang, year=year),
        i18n.t("trends.map_click", lang),
        districts.off_map_line(found, lang),
    ]
    chosen = st.session_state.pop("_map_chosen", None)
    if chosen is not None:
        lines.append(i18n.t("trends.map_chosen", lang, district=chosen))
    st.caption("  \n".join(line for line in lines if line))
