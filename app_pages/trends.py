"""City trends: participation by program, sector and district; agreements and whether they deliver."""

import streamlit as st

from workforce import charts, disclosure, i18n, ui
from workforce.pagedata import events, yearly
from workforce.pagedata import overview as overview_data
from workforce.pagedata import trends as page_data

PROMISES = ("signed", "scholarships", "guaranteed_practice", "guaranteed_employment")
PROMISE_COLORS = dict(zip(PROMISES, ("#4E79A7", "#EDC948", "#59A14F", "#E15759"), strict=True))
MEASURE_COLORS = {"placements": "#4E79A7", "hires": "#F28E2B"}
DELIVERY_COUNTS = ["placements_before", "placements_after", "hires_before", "hires_after"]

f = ui.filters()
lang = f.lang
ui.header("trends.title", lang, "trends.caption")
policy = f.policy
partial_note = i18n.t("common.partial_year", lang, year=f.partial_year) if f.partial_year else None
# the splits are protected together with the scope's total per year, which the Overview shows
scope_years = yearly.scope_years(f.scope, f.year_from, f.year_to, policy, own=yearly.own_key(f.viewer))
# the targets of the page's scope, each against its actual as the Overview shows it to this viewer
ui.targets(overview_data.scope_targets(f), lang, key="trends_targets")
# the events, marked on every split and listed under the first
marked = events.events(f.scope, f.year_from, f.year_to, kinds=ui.event_kinds(lang), lang=lang)
event_lines = ui.event_lines(marked, lang)


def split(by: str, title_key: str, note_key: str) -> None:
    """Participants per year split by program, sector or district: a stacked chart, the numbers below."""
    st.subheader(i18n.t(title_key, lang))
    frame = scope_years.splits[by]
    if by in scope_years.withheld:
        ui.withheld(by, f)
        return
    if frame.empty:
        ui.empty("trends.no_placements", lang)
        return
    frame[by] = ui.names(by, frame["group_id"], lang)
    shown = frame[["year", by, "participants", "employers", "growth"]]
    kept = disclosure.Protected.combine(shown, scope_years.protected_splits[by])
    fig = charts.by_year(
        ui.plotted(shown, kept),
        "participants",
        lang,
        color=by,
        kind=by,
        known=ui.known_names(),
        partial_year=f.partial_year,
        hover=["employers"],
    )
    charts.add_events(fig, marked)
    notes = [i18n.t(note_key, lang), partial_note, *(event_lines if by == "program" else [])]
    ui.chart(
        fig, shown, f"participants_by_{by}", lang, caption=" ".join(n for n in notes if n), protected=kept
    )
    order = shown.sort_values(["year", by], ascending=[False, True]).index  # positions: shown is 0..n-1
    with st.expander(i18n.t("common.show_table", lang)):
        ui.table(
            shown.loc[order].reset_index(drop=True),
            f"participants_by_{by}",
            lang,
            formats={"growth": "growth"},
            downloads=False,
            protected=kept.reorder(order) if kept is not None else None,
        )


split("program", "trends.by_program", "trends.by_program_note")
split("sector", "trends.by_sector", "trends.by_group_note")
split("district", "trends.by_district", "trends.by_group_note")
ui.district_map(f, scope_years)

st.subheader(i18n.t("trends.agreements", lang))
st.caption(i18n.t("trends.agreements_caption", lang))
signed = page_data.agreements_by_year(f.params)
if not signed["agreements"].any():
    ui.empty("trends.no_agreements", lang)
else:
    signed["promise_name"] = signed["promise"].map(lambda p: i18n.t(f"trends.promise.{p}", lang))
    names = {i18n.t(f"trends.promise.{p}", lang): c for p, c in PROMISE_COLORS.items()}
    fig = charts.by_year(
        signed,
        "agreements",
        lang,
        color="promise_name",
        barmode="group",
        color_map=names,
        labels={"promise_name": i18n.t("trends.promise_column", lang)},
        height=360,
    )
    ui.chart(
        fig,
        signed[["year", "promise_name", "agreements"]],
        "agreements_by_year",
        lang,
        labels={"promise_name": i18n.t("trends.promise_column", lang)},
    )

st.subheader(i18n.t("trends.delivery", lang))
st.caption(i18n.t("trends.delivery_caption", lang))
delivery = page_data.agreement_delivery(f.params)
if delivery.empty:
    ui.empty("trends.no_agreements", lang)
else:
    delivery["verdict"] = delivery["status"].map(lambda s: i18n.t(f"trends.status.{s}", lang))
    delivery["promises"] = [
        ", ".join(i18n.t(f"trends.promised.{p}", lang) for p in PROMISES[1:] if row[p]) or i18n.MISSING
        for _, row in delivery.iterrows()
    ]
    columns = [
        "signed_on",
        "institution_name",
        "employer_name",
        "field",
        "promises",
        "placements_before",
        "placements_after",
        "hires_before",
        "hires_after",
        "verdict",
        "promise_unmet",
    ]
    exported = [*columns[:4], *PROMISES[1:], *columns[5:]]
    labels = {c: i18n.t(f"trends.delivery_columns.{c}", lang) for c in {*columns, *exported}}
    protected = ui.protection(delivery, policy, counts=DELIVERY_COUNTS)
    ui.table(
        delivery[columns],
        "agreement_delivery",
        lang,
        labels=labels,
        highlight=delivery["promise_unmet"],
        downloads=False,
        protected=protected,
    )
    ui.download(delivery[exported], "agreement_delivery", lang, labels=labels, protected=protected)
    st.caption(i18n.t("trends.delivery_legend", lang))

    labels = {
        row.agreement_id: i18n.t(
            "trends.agreement_label",
            lang,
            institution=row.institution_name,
            employer=row.employer_name,
            date=i18n.date(row.signed_on, lang),
        )
        for row in delivery.itertuples()
    }
    settled = list(delivery["status"] != "too_early")
    chosen = st.selectbox(
        i18n.t("trends.agreement_pick", lang),
        options=list(labels),
        index=settled.index(True) if True in settled else 0,
        format_func=labels.get,
        key="trends_agreement",
    )
    row = delivery.set_index("agreement_id").loc[chosen]
    activity = page_data.agreement_activity(chosen)
    activity["measure_name"] = activity["measure"].map(lambda m: i18n.t(f"trends.measure.{m}", lang))
    counted = ui.protection(activity[["year", "measure_name", "count"]], policy, counts=["count"])
    fig = charts.by_year(
        ui.plotted(activity, counted),
        "count",
        lang,
        color="measure_name",
        barmode="group",
        color_map={i18n.t(f"trends.measure.{m}", lang): c for m, c in MEASURE_COLORS.items()},
        labels={"measure_name": i18n.t("trends.measure_column", lang), "count": i18n.t("trends.count", lang)},
        partial_year=f.today.year,
        height=340,
    )
    charts.mark_date(
        fig, row["signed_on"], i18n.t("trends.signed_mark", lang, date=i18n.date(row["signed_on"], lang))
    )
    ui.chart(
        fig,
        activity[["year", "measure_name", "count"]],
        "agreement_activity",
        lang,
        labels={"measure_name": i18n.t("trends.measure_column", lang), "count": i18n.t("trends.count", lang)},
        caption=i18n.t("trends.activity_note", lang),
        protected=counted,
    )
