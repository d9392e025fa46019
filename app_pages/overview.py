"""Overview: the last full year's headline figures, and participants per year by program."""

import pandas as pd
import streamlit as st

from workforce import charts, disclosure, i18n, ui
from workforce.pagedata import figures as published
from workforce.pagedata import overview as page_data
from workforce.pagedata import yearly

# Headline figures: the report's field (or internship_hires, retention_12m), how it is shown, its help.
HEADLINE = (
    ("participants", "count"),
    ("employers", "count"),
    ("internship_hires", "count"),
    ("intern_hire_rate", "rate"),
    ("retention_12m", "rate"),
    ("median_salary", "money"),
)
BASES = {"median_salary": "hires"}
RATES = ("intern_hire_rate", "retention_12m")

f = ui.filters()
lang = f.lang
policy = f.policy
ui.header("overview.title", lang, "overview.caption")

by_year = page_data.report_by_year(f.scope)
internship_hires = page_data.internship_hires(f.scope)
# participants and employers per year, protected together with every split of them any page shows
own = yearly.own_key(f.viewer)  # a college or company knows its own figures: never a complement
scope_years = yearly.scope_years(f.scope, f.year_from, f.year_to, policy, shown=("program",), own=own)
# hires from internships and the intern hire rate, protected with every other scope's (None: the owner)
hires = yearly.hire_cells(f.scope, policy, own=own)


def facts(year: int) -> dict:
    """Every headline figure of one year; empty when the scope has no data that year."""
    if year not in by_year:
        return {}
    shared = {}
    if f.year_from - 1 <= year <= f.year_to:
        shared = {m: scope_years.cell(year, m) for m in yearly.MEASURES}
    if hires is not None:
        shared["internship_hires"] = hires.cell(year, "internship_hires")
        shared["intern_hire_rate"] = hires.rate(year, ui.rate_value(by_year[year]["intern_hire_rate"]))
    exact = {
        **by_year[year],
        "internship_hires": internship_hires.get(year, 0),
        "retention_12m": page_data.retention_12m(f.scope, f.as_of(year)),
    }
    # the rates' exact counts, for their intervals and for judging their change on the year
    bases = {name: (r["numerator"], r["denominator"]) for name in RATES if (r := exact[name]) is not None}
    return {**exact, **shared, "bases": bases}


year = f.last_full_year
now, before = facts(year), facts(year - 1)
st.subheader(i18n.t("overview.headline", lang, year=year))
if year == f.partial_year:
    st.caption(i18n.t("common.partial_year", lang, year=year))
if not now:
    ui.empty("overview.no_year", lang, year=year)
else:
    columns = st.columns(3)
    for index, (name, kind) in enumerate(HEADLINE):
        with columns[index % 3]:
            ui.metric(
                i18n.t(f"overview.metric.{name}", lang),
                now[name],
                before.get(name),
                lang,
                kind=kind,
                previous_year=year - 1,
                help=i18n.t(f"overview.help.{name}", lang, date=i18n.date(f.as_of(year), lang)),
                policy=policy,
                base=now["bases"].get(name) if kind == "rate" else now.get(BASES.get(name)),
                previous_base=before.get("bases", {}).get(name)
                if kind == "rate"
                else before.get(BASES.get(name)),
            )

st.subheader(i18n.t("overview.by_program", lang))
programs = scope_years.splits["program"]
if "program" in scope_years.withheld:
    ui.withheld("program", f)
elif programs.empty:
    ui.empty("overview.no_participants", lang)
else:
    programs["program"] = ui.names("program", programs["group_id"], lang)
    protected = disclosure.Protected.combine(programs, scope_years.protected_splits["program"])
    total = ui.plotted(scope_years.totals, scope_years.protected_totals)
    fig = charts.by_year(
        ui.plotted(programs, protected),
        "participants",
        lang,
        color="program",
        kind="program",
        known=ui.known_names(),
        mode="line",
        partial_year=f.partial_year,
    )
    charts.add_total(fig, total, "participants", i18n.t("overview.total", lang))
    marks = published.comparable("participants", f.year_from, f.year_to, f.scope)

    def shown_in_data(row) -> str:
        """What the data shows for a published figure: the same protected cell as the chart's."""
        if f.program is None and not pd.isna(row.program_id):
            if not scope_years.has(row.year, "participants", "program", row.program_id):
                return ui.count_text(row.in_data, lang, policy)
            return ui.count_text(scope_years.cell(row.year, "participants", "program", row.program_id), lang)
        return ui.count_text(scope_years.cell(row.year, "participants"), lang)

    charts.published_markers(fig, marks, lang)
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
