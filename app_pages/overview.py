"""Overview: the last full year's headline figures, and participants per year by program."""

import pandas as pd
import streamlit as st

from workforce import charts, i18n, ui
from workforce.pagedata import coverage, events
from workforce.pagedata import figures as published
from workforce.pagedata import overview as page_data

f = ui.filters()
lang = f.lang
policy = f.policy
ui.header("overview.title", lang, "overview.caption")

figures = page_data.Overview(f)
scope_years = figures.scope_years


year = f.last_full_year
shown_headlines = figures.headlines(year, lang)
st.subheader(i18n.t("overview.headline", lang, year=year))
if year == f.partial_year:
    st.caption(i18n.t("common.partial_year", lang, year=year))
if not shown_headlines:
    ui.empty("overview.no_year", lang, year=year)
else:
    columns = st.columns(3)
    for index, (name, shown) in enumerate(shown_headlines):
        with columns[index % 3]:
            ui.card(i18n.t(f"overview.metric.{name}", lang), shown)
    # how much of the picture the rates rest on: interns whose outcome is final, hires old enough
    coverage_notes = [
        ui.hire_rate_note(
            coverage.hire_rate(f.scope, year, year, f.today).get(year),
            year,
            f.today,
            lang,
            policy,
        ),
        ui.retention_note(
            coverage.retention(f.scope, f.as_of(year)), f.as_of(year), lang, policy, six_months=False
        ),
    ]
    if any(coverage_notes):
        st.caption("  \n".join(n for n in coverage_notes if n))

ui.targets(figures.targets(), lang, key="overview_targets")

st.subheader(i18n.t("overview.by_program", lang))
programs = scope_years.splits["program"]
if "program" in scope_years.withheld:
    ui.withheld("program", f)
elif programs.empty:
    ui.empty("overview.no_participants", lang)
else:
    programs, protected = figures.programs(lang)
    fig = charts.participants_by_program(
        ui.plotted(programs, protected),
        ui.plotted(scope_years.totals, scope_years.protected_totals),
        lang,
        known=ui.known_names(),
        partial_year=f.partial_year,
    )
    marks = published.comparable("participants", f.year_from, f.year_to, f.scope)

    def shown_in_data(row) -> str:
        """What the data shows for a published figure: the same protected cell as the chart's."""
        if f.program is None and not pd.isna(row.program_id):
            if not scope_years.has(row.year, "participants", "program", row.program_id):
                return ui.count_text(row.in_data, lang, policy)
            return ui.count_text(scope_years.cell(row.year, "participants", "program", row.program_id), lang)
        return ui.count_text(scope_years.cell(row.year, "participants"), lang)

    charts.published_markers(fig, marks, lang)
    marked = events.events(f.scope, f.year_from, f.year_to, kinds=ui.event_kinds(lang), lang=lang)
    charts.add_events(fig, marked)
    notes = [
        i18n.t(
            "overview.mark_line",
            lang,
            value=i18n.qualified(row.qualifier, row.value, lang),
            scope=ui.scope_label(lang, program=row.program_id),
            year=row.year,
            source=row.source,
            date=i18n.date(row.published_on, lang),
            in_data=shown_in_data(row),
            verdict=i18n.t("common.matched" if row.matched else "common.contradicted", lang),
        )
        for row in marks.itertuples()
    ]
    notes += ui.event_lines(marked, lang)
    notes.append(i18n.t("overview.by_program_note", lang))
    if f.partial_year:
        notes.append(i18n.t("common.partial_year", lang, year=f.partial_year))
    ui.chart(
        fig,
        programs[["year", "group_id", "program", "participants", "employers", "growth"]],
        "participants_by_program",
        lang,
        key="overview_by_program",
        labels={"group_id": i18n.t("columns.program_id", lang)},
        caption="  \n".join(notes),
        protected=protected,
    )
