"""Cohorts: an institution's graduation cohorts beside all institutions, a cohort's funnel and splits."""

import pandas as pd
import streamlit as st

from workforce import disclosure, i18n, ui
from workforce.charts import cohorts as page_charts
from workforce.pagedata import cohorts as page_data
from workforce.pagedata import curves

INSTITUTION_KEY = "cohorts_institution"
YEAR_KEY = "cohorts_year"
SPLIT_KEY = "cohorts_split"
COLUMNS = (
    *page_data.COHORT_COLUMNS,
    *(f"all_{column}" for column in page_data.COHORT_COLUMNS[1:]),
    "step",
    "stage_name",
    "participants",
    "share_of_cohort",
    "placement_rate_verdict",
    "employed_1y_verdict",
    "institution_name",
    "rate",
    "expected_rate",
    "standardised_rate",
    "funnel_verdict",
    "known",
    "knowledge_rate",
)
TOTAL = "(total)"
RATES = (
    "placement_rate",
    "employed_1y",
    "all_placement_rate",
    "all_employed_1y",
    "share_of_cohort",
    "knowledge_rate",
)

f = ui.filters(period=False, scope=False)
lang = f.lang
as_of = f.today
ui.header("cohorts.title", lang, "cohorts.caption", date=i18n.date(as_of, lang))

institutions = ui.options("institution")
institution = ui.detail_picker(
    "institution", institutions, f, i18n.t("cohorts.institution", lang), INSTITUTION_KEY
)
name = institutions[institution]
labels = {c: i18n.t(f"cohorts.columns.{c}", lang) for c in COLUMNS}

cohorts = page_data.cohorts(institution, as_of)
if cohorts.empty:
    ui.empty("cohorts.empty_institution", lang, "cohorts.hint_institution", name=name)
    st.stop()
policy = disclosure.policy_for(f.viewer, {"institution": institution})
benchmark = disclosure.policy_for(f.viewer, {})  # all institutions: nobody but an admin owns it
protected_cohorts = page_data.protect_cohorts(cohorts, f.viewer, institution)

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
            page_charts.cohort_rates(
                ui.plotted(cohorts, protected_cohorts), rate, name, lang, known=ui.known_names()
            ),
            cohorts[shown],
            f"cohorts_{rate}_{institution}",
            lang,
            key=f"cohorts_chart_{rate}",
            labels=labels,
            protected=protected_cohorts,
        )
if cohorts["employed_1y"].isna().any():
    st.caption(i18n.t("cohorts.not_yet_observable", lang))
for rate in ("placement_rate", "employed_1y"):
    verdict = f"{rate}_verdict"
    cohorts[verdict] = ui.verdicts(cohorts, verdict, [rate, f"all_{rate}"], protected_cohorts, lang)
shown = [
    "graduation_year",
    "cohort_size",
    *("placement_rate", *disclosure.interval_columns("placement_rate"), "placement_rate_verdict"),
    *("employed_1y", *disclosure.interval_columns("employed_1y"), "employed_1y_verdict"),
    "knowledge_rate",
    "all_cohort_size",
    "all_placement_rate",
    "all_employed_1y",
]
rates = dict.fromkeys(RATES, "rate")
st.caption(i18n.t("cohorts.knowledge_caption", lang, date=i18n.date(as_of, lang)))
ui.table(
    cohorts[shown],
    f"cohorts_{institution}",
    lang,
    key="cohorts_table",
    labels=labels,
    formats=rates,
    downloads=False,
    protected=protected_cohorts,
)
ui.download(
    cohorts, f"cohorts_{institution}", lang, key="cohorts_table", labels=labels, protected=protected_cohorts
)

ui.time_to_hire(
    curves.time_to_hire({"institution": institution}, as_of),
    curves.city_time_to_hire(as_of),
    name,
    policy,
    benchmark,
    lang,
    as_of=as_of,
    file_name=f"time_to_hire_{institution}",
    key="cohorts_time_to_hire",
)

st.divider()
years = cohorts["graduation_year"].tolist()
observable = cohorts.loc[cohorts["employed_1y"].notna(), "graduation_year"].tolist()
if st.session_state.get(YEAR_KEY) not in years:
    st.session_state[YEAR_KEY] = (observable or years)[-1]
year = st.selectbox(i18n.t("cohorts.cohort", lang), options=years, key=YEAR_KEY)

st.subheader(i18n.t("cohorts.funnel", lang, year=year))
stages = page_data.cohort_funnel(institution, year, as_of)
stages["stage_name"] = stages["stage"].map(lambda s: i18n.t(f"cohorts.stage.{s}", lang))
protected_stages = disclosure.protect_funnel(stages, "participants", "share_of_cohort", policy)
ui.chart(
    page_charts.funnel(ui.plotted(stages, protected_stages), lang),
    stages[
        [
            "step",
            "stage_name",
            "participants",
            "share_of_cohort",
            *disclosure.interval_columns("share_of_cohort"),
        ]
    ],
    f"cohort_funnel_{institution}_{year}",
    lang,
    key="cohorts_funnel",
    labels=labels,
    protected=protected_stages,
    caption=i18n.t("cohorts.funnel_caption", lang, date=i18n.date(as_of, lang)),
)

st.subheader(i18n.t("cohorts.splits", lang, year=year))
split = st.segmented_control(
    i18n.t("cohorts.split", lang),
    options=list(page_data.SPLITS),
    format_func=lambda s: i18n.t(f"cohorts.split_by.{s}", lang),
    default=page_data.SPLITS[0],
    required=True,
    key=SPLIT_KEY,
)
segments = page_data.cohort_segments(institution, year, split, as_of)
segments["segment"] = segments["segment"].map(
    lambda s: (
        i18n.t(f"cohorts.no_{split}", lang)
        if i18n.is_missing(s)
        else (i18n.t(f"cohorts.level.{s}", lang) if split == "level" else s)
    )
)
segment_labels = {**labels, "segment": i18n.t(f"cohorts.split_by.{split}", lang)}
protected_segments = None
if policy is not disclosure.NONE:  # the segments add up to the cohort shown above: protect them with it
    whole = cohorts.loc[
        cohorts["graduation_year"] == year, ["cohort_size", "placed", "employed_1y_numerator"]
    ]
    with_total = pd.concat([segments, whole.assign(segment=TOTAL)], ignore_index=True)
    protected_segments = disclosure.Protected.combine(
        with_total,
        ui.protection(
            with_total,
            policy,
            counts=page_data.OWN_COUNTS,
            rates=page_data.OWN_RATES,
            total_row=len(with_total) - 1,
        ),
    ).rows([True] * len(segments) + [False] * len(whole))
ui.chart(
    page_charts.segments(ui.plotted(segments, protected_segments), "segment", lang),
    segments,
    f"cohort_{split}_{institution}_{year}",
    lang,
    key="cohorts_segments",
    labels=segment_labels,
    protected=protected_segments,
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
    protected=protected_segments,
)

st.divider()
st.subheader(i18n.t("cohorts.standardised", lang, year=year))
st.caption(i18n.t("cohorts.standardised_caption", lang, year=year))
funnels = page_data.expected_against_actual(year, as_of)
FUNNEL_VALUES = [
    "expected",
    "rate",
    "expected_rate",
    "standardised_rate",
    "low_95",
    "high_95",
    "low_998",
    "high_998",
]
tabs = st.tabs([i18n.t(f"cohorts.columns.{rate}", lang) for rate in ("placement_rate", "employed_1y")])
for column, rate in zip(tabs, ("placement_rate", "employed_1y"), strict=True):
    with column:
        found = funnels.get(rate)
        if found is None:
            st.info(i18n.t("cohorts.no_employed_yet", lang, year=year), icon=":material/info:")
            continue
        points = found.points.assign(
            institution_name=[institutions.get(i, i) for i in found.points["institution_id"]]
        ).sort_values("institution_name", ignore_index=True)
        # each institution's point under its own viewer's policy: a college sees its own exactly
        policies = [disclosure.policy_for(f.viewer, {"institution": i}) for i in points["institution_id"]]
        kept = disclosure.protect_points(
            points, policies, size="cohort_size", counted="observed", values=FUNNEL_VALUES
        )
        hidden = kept is not None and kept.suppressed["standardised_rate"].to_numpy()
        points["funnel_verdict"] = [
            i18n.MISSING
            if (kept is not None and hidden[k]) or i18n.is_missing(v)
            else i18n.t(f"cohorts.funnel_verdict.{v}", lang)
            for k, v in enumerate(points["verdict"])
        ]
        ui.chart(
            page_charts.funnel_plot(
                ui.plotted(points, kept),
                found.limits,
                found.city_rate,
                institution,
                institutions,
                i18n.t(f"cohorts.columns.{rate}", lang),
                lang,
                known=ui.known_names(),
            ),
            points[
                [
                    "institution_id",
                    "institution_name",
                    "cohort_size",
                    "observed",
                    *FUNNEL_VALUES,
                    "funnel_verdict",
                ]
            ],
            f"cohort_funnel_plot_{rate}_{year}",
            lang,
            key=f"cohorts_funnel_plot_{rate}",
            labels=labels,
            protected=kept,
        )
        ui.table(
            points[
                [
                    "institution_name",
                    "cohort_size",
                    "rate",
                    "expected_rate",
                    "standardised_rate",
                    "funnel_verdict",
                ]
            ],
            f"cohort_funnel_plot_{rate}_{year}",
            lang,
            key=f"cohorts_funnel_table_{rate}",
            labels=labels,
            formats=dict.fromkeys(["rate", "expected_rate", "standardised_rate"], "rate"),
            downloads=False,
            protected=kept,
            height=240,
        )
