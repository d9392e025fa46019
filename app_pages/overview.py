"""Overview: the last full year's headline figures, and participants per year by program."""

import pandas as pd
import streamlit as st

from workforce import charts, disclosure, i18n, ui
from workforce.pagedata import coverage, events, yearly
from workforce.pagedata import figures as published
from workforce.pagedata import overview as page_data

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

goals = page_data.targets(f.scope, f.today)
if goals:
    st.subheader(i18n.t("overview.targets", lang))

    def target_cell(year: int, metric: str) -> disclosure.Cell | None:
        """A target's actual as the page shows that figure to this viewer (None: the page has none)."""
        if metric in yearly.MEASURES:
            try:
                return scope_years.cell(year, metric)
            except KeyError:  # a year outside the period the page protects
                return None
        if hires is None:
            return None
        if metric == "hires":
            return hires.cell(year, "hires")
        rate = by_year.get(year, {}).get("intern_hire_rate")
        return disclosure.report_rate(hires.rate(year, ui.rate_value(rate)), policy) if rate else None

    def figure(value, metric: str) -> str:
        kind = "rate" if metric == "intern_hire_rate" else "count"
        if isinstance(value, disclosure.Cell):
            return (
                str(value.shown) if value.state == disclosure.SUPPRESSED else ui.show(value.shown, kind, lang)
            )
        return i18n.MISSING if value is None else ui.show(value, kind, lang)

    def state(goal: dict) -> str:
        if goal["state"] == page_data.RUNNING:
            before = goal["year_before"]
            return i18n.t(
                "overview.target_state.running",
                lang,
                so_far=figure(goal["actual"], goal["metric"])
                if goal["actual"] is not None
                else i18n.t("overview.target_state.nothing_yet", lang),
                before=i18n.MISSING if before is None else figure(before["value"], goal["metric"]),
                date=i18n.date(goal["year_before_date"], lang),
            )
        return i18n.t(f"overview.target_state.{goal['state'] or 'no_data'}", lang)

    shown = page_data.protect_targets(goals, policy, target_cell)
    table = pd.DataFrame(
        {
            "metric": [i18n.t(f"overview.metric_name.{g['metric']}", lang) for g in shown],
            "year": [g["year"] for g in shown],
            "target": [figure(g["value"], g["metric"]) for g in shown],
            "actual": [figure(g["actual"], g["metric"]) for g in shown],
            "state": [state(g) for g in shown],
            "source": [g["source"] or i18n.MISSING for g in shown],
        }
    )
    labels = {c: i18n.t(f"overview.target_columns.{c}", lang) for c in table.columns}
    ui.table(table, "targets", lang, key="overview_targets", labels=labels, formats={"year": "year"})
    st.caption(i18n.t("overview.targets_caption", lang))

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
    marked = events.events(f.scope, f.year_from, f.year_to)
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
