"""Overview: the last full year's headline figures, and participants per year by program."""

import pandas as pd
import streamlit as st

from workforce import charts, db, disclosure, i18n, metrics, ui

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
ALL = "(all)"

f = ui.filters()
lang = f.lang
policy = f.policy
ui.header("overview.title", lang, "overview.caption")

by_year = {row["year"]: row for row in metrics.by_year(f.scope)}
internship_hires = dict(db.run("internship_hires_by_year", f.scope)[["year", "internship_hires"]].values)


def facts(year: int) -> dict:
    """Every headline figure of one year; empty when the scope has no data that year."""
    if year not in by_year:
        return {}
    return {
        **by_year[year],
        "internship_hires": internship_hires.get(year, 0),
        "retention_12m": metrics.retention(f.scope, f.as_of(year))["retention_12m"],
    }


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
                base=now.get(BASES[name]) if name in BASES else None,
                previous_base=before.get(BASES[name]) if name in BASES else None,
            )

st.subheader(i18n.t("overview.by_program", lang))
programs = db.run("participants_by_year_and_group", {**f.params, "by": "program", "top": ui.TOP_GROUPS})
if programs.empty:
    ui.empty("overview.no_participants", lang)
else:
    programs["program"] = ui.names("program", programs["group_id"], lang)
    total = pd.DataFrame([by_year[y] for y in f.years if y in by_year])
    # the programs and the all-participants line are parts and their total: protected together
    both = pd.concat([programs, total[["year", "participants"]].assign(group_id=ALL)], ignore_index=True)
    both["previous"] = both.groupby("group_id", dropna=False)["participants"].shift()
    protected = None
    if policy is not disclosure.NONE:
        protected = ui.combine(
            both,
            ui.protection(
                both,
                policy,
                counts=["employers"],
                rates=[disclosure.Rate("growth", "participants", "previous", complement=False)],
            ),
            disclosure.protect_long(
                both.fillna({"group_id": ""}),
                "participants",
                rows="group_id",
                columns="year",
                row_total=ALL,
                policy=policy,
            ),
        )
        is_total = (both["group_id"] == ALL).tolist()
        total = total.assign(participants=ui.plotted(both, protected)["participants"][is_total].tolist())
        protected = ui.rows(protected, [not t for t in is_total])
    fig = charts.by_year(
        ui.plotted(programs, protected),
        "participants",
        lang,
        color="program",
        kind="program",
        mode="line",
        partial_year=f.partial_year,
    )
    charts.add_total(fig, total, "participants", i18n.t("overview.total", lang))
    marks = ui.published("participants", f)
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
            in_data=ui.count_text(row.in_data, lang, policy),
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
