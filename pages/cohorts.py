"""Cohorts: an institution's graduation cohorts beside all institutions, a cohort's funnel and splits."""

import streamlit as st

from workforce import db, i18n, pathway_charts, pathways, ui

INSTITUTION_KEY = "cohorts_institution"
FOLLOWED_KEY = "_cohorts_followed_institution"
YEAR_KEY = "cohorts_year"
SPLIT_KEY = "cohorts_split"
COLUMNS = (
    "graduation_year",
    "cohort_size",
    "placed",
    "placement_rate",
    "employed_1y_numerator",
    "employed_1y",
    "all_cohort_size",
    "all_placed",
    "all_placement_rate",
    "all_employed_1y_numerator",
    "all_employed_1y",
    "step",
    "stage_name",
    "participants",
    "share_of_cohort",
)
RATES = ("placement_rate", "employed_1y", "all_placement_rate", "all_employed_1y", "share_of_cohort")

f = ui.filters(period=False, scope=False)
lang = f.lang
as_of = db.today()
ui.header("cohorts.title", lang, "cohorts.caption", date=i18n.date(as_of, lang))

institutions = ui.options("institution")
if f.institution in institutions and st.session_state.get(FOLLOWED_KEY) != f.institution:
    st.session_state[INSTITUTION_KEY] = f.institution
st.session_state[FOLLOWED_KEY] = f.institution
if st.session_state.get(INSTITUTION_KEY) not in institutions:
    st.session_state.pop(INSTITUTION_KEY, None)
institution = st.selectbox(
    i18n.t("cohorts.institution", lang),
    options=list(institutions),
    format_func=institutions.get,
    key=INSTITUTION_KEY,
)
name = institutions[institution]
labels = {c: i18n.t(f"cohorts.columns.{c}", lang) for c in COLUMNS}

cohorts = pathways.cohorts(institution, as_of)
if cohorts.empty:
    ui.empty("cohorts.empty_institution", lang, "cohorts.hint_institution", name=name)
    st.stop()

st.subheader(i18n.t("cohorts.by_year", lang))
st.caption(i18n.t("cohorts.by_year_caption", lang))
left, right = st.columns(2)
for column, rate, numerator in (
    (left, "placement_rate", "placed"),
    (right, "employed_1y", "employed_1y_numerator"),
):
    shown = [
        "graduation_year",
        "cohort_size",
        numerator,
        rate,
        "all_cohort_size",
        f"all_{numerator}",
        f"all_{rate}",
    ]
    with column:
        st.markdown(f"**{i18n.t(f'cohorts.columns.{rate}', lang)}**")
        ui.chart(
            pathway_charts.cohort_rates(cohorts, rate, name, lang),
            cohorts[shown],
            f"cohorts_{rate}_{institution}",
            lang,
            key=f"cohorts_chart_{rate}",
            labels=labels,
        )
if cohorts["employed_1y"].isna().any():
    st.caption(i18n.t("cohorts.not_yet_observable", lang))
shown = [
    "graduation_year",
    "cohort_size",
    "placement_rate",
    "employed_1y",
    "all_cohort_size",
    "all_placement_rate",
    "all_employed_1y",
]
rates = dict.fromkeys(RATES, "rate")
ui.table(
    cohorts[shown],
    f"cohorts_{institution}",
    lang,
    key="cohorts_table",
    labels=labels,
    formats=rates,
    downloads=False,
)
ui.download(cohorts, f"cohorts_{institution}", lang, key="cohorts_table", labels=labels)

st.divider()
years = cohorts["graduation_year"].tolist()
observable = cohorts.loc[cohorts["employed_1y"].notna(), "graduation_year"].tolist()
if st.session_state.get(YEAR_KEY) not in years:
    st.session_state[YEAR_KEY] = (observable or years)[-1]
year = st.selectbox(i18n.t("cohorts.cohort", lang), options=years, key=YEAR_KEY)

st.subheader(i18n.t("cohorts.funnel", lang, year=year))
stages = pathways.cohort_funnel(institution, year, as_of)
stages["stage_name"] = stages["stage"].map(lambda s: i18n.t(f"cohorts.stage.{s}", lang))
ui.chart(
    pathway_charts.funnel(stages, lang),
    stages[["step", "stage_name", "participants", "share_of_cohort"]],
    f"cohort_funnel_{institution}_{year}",
    lang,
    key="cohorts_funnel",
    labels=labels,
    caption=i18n.t("cohorts.funnel_caption", lang, date=i18n.date(as_of, lang)),
)

st.subheader(i18n.t("cohorts.splits", lang, year=year))
split = st.segmented_control(
    i18n.t("cohorts.split", lang),
    options=list(pathways.SPLITS),
    format_func=lambda s: i18n.t(f"cohorts.split_by.{s}", lang),
    default=pathways.SPLITS[0],
    required=True,
    key=SPLIT_KEY,
)
segments = pathways.cohort_segments(institution, year, split, as_of)
segments["segment"] = segments["segment"].map(
    lambda s: (
        i18n.t(f"cohorts.no_{split}", lang)
        if i18n.is_missing(s)
        else (i18n.t(f"cohorts.level.{s}", lang) if split == "level" else s)
    )
)
segment_labels = {**labels, "segment": i18n.t(f"cohorts.split_by.{split}", lang)}
ui.chart(
    pathway_charts.segments(segments, "segment", lang),
    segments,
    f"cohort_{split}_{institution}_{year}",
    lang,
    key="cohorts_segments",
    labels=segment_labels,
)
segment_formats = rates | {"employed_1y_numerator": "count"}
ui.table(
    segments,
    f"cohort_{split}_{institution}_{year}",
    lang,
    key="cohorts_segments_table",
    labels=segment_labels,
    formats=segment_formats,
    downloads=False,
)
