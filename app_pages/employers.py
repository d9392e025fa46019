"""Employers: a company's interns and hires, how long hires stay, where they come from, and its sector."""

import pandas as pd
import streamlit as st

from workforce import charts, disclosure, i18n, ui
from workforce.charts import curves as curve_charts
from workforce.charts import employers as page_charts
from workforce.pagedata import coverage, curves, yearly
from workforce.pagedata import employers as page_data

EMPLOYER_KEY = "employers_employer"
INTERVAL = disclosure.interval_columns("value")
TOP = 15
COLUMNS = (
    *page_data.YEAR_FIGURES,
    "institution_name",
    "program_name",
    "interns",
    "hires_from_internship",
    "metric_name",
    "value",
    "numerator",
    "denominator",
    "basis",
    "sector_median",
    "difference",
    "employers",
    "interval",
    "verdict",
)


def _figure(metric: str, value: float, lang: str) -> str:
    """A compared figure as shown: days for the median days to hire, a percentage otherwise."""
    return ui.show(value, "days" if metric == "median_days_to_hire" else "rate", lang)


def _change(metric: str, value: float, lang: str) -> str:
    """A difference from the sector median: signed days, or percentage points."""
    if metric != "median_days_to_hire" or i18n.is_missing(value):
        return i18n.points(value, lang, 1)
    digits = 0 if float(value).is_integer() else 1
    return i18n.signed(value, lang, digits) + i18n.NBSP + i18n.plural(abs(value), lang, "common.unit.day")


def _basis(numerator: object, denominator: object, lang: str) -> str:
    """``1 of 3`` for a rate; a dash for the days (no numerator) and for a rate over nobody."""
    if i18n.is_missing(denominator) or not denominator:
        return i18n.MISSING
    return i18n.t(
        "cohorts.counted",
        lang,
        numerator=i18n.integer(numerator, lang),
        denominator=i18n.integer(denominator, lang),
    )


def _comparison_table(comparison: pd.DataFrame, lang: str, label: str = "") -> pd.DataFrame:
    """The sector comparison as shown: each figure in its own unit, the rates with their counts.

    Rows marked ``hidden`` (suppressed for privacy) show ``label`` instead of the employer's figures.
    """
    metrics = comparison["metric"]
    table = pd.DataFrame(
        {
            "metric_name": comparison["metric_name"],
            "value": [_figure(m, v, lang) for m, v in zip(metrics, comparison["value"], strict=True)],
            "basis": [
                _basis(n, d, lang)
                for n, d in zip(comparison["numerator"], comparison["denominator"], strict=True)
            ],
            "sector_median": [
                _figure(m, v, lang) for m, v in zip(metrics, comparison["sector_median"], strict=True)
            ],
            "difference": [
                _change(m, v, lang) for m, v in zip(metrics, comparison["difference"], strict=True)
            ],
            "employers": comparison["employers"],
            "verdict": [
                i18n.MISSING if i18n.is_missing(v) else i18n.t(f"common.verdict.{v}", lang)
                for v in comparison["verdict"]
            ],
        }
    )
    table.insert(
        3,
        "interval",
        [
            i18n.MISSING
            if i18n.is_missing(low) or i18n.is_missing(high)
            else f"{i18n.percent(low, lang, 1)}–{i18n.percent(high, lang, 1)}"
            for low, high in zip(comparison["value_low"], comparison["value_high"], strict=True)
        ],
    )
    if "hidden" in comparison:
        hidden = comparison["hidden"].astype(bool).to_numpy()
        table.loc[hidden, ["value", "basis", "interval", "difference", "verdict"]] = label
    return table


def hidden_comparison(comparison: pd.DataFrame, policy: disclosure.Policy) -> pd.DataFrame:
    """The comparison with the employer's figures that the policy suppresses blanked (value, its counts
    and the difference, which would give the value back); the chart then shows the sector median only."""
    out = comparison.assign(hidden=False)
    for k, row in out.iterrows():
        if i18n.is_missing(row["numerator"]):
            cell = disclosure.summary(row["value"], row["denominator"], policy)
            if i18n.is_missing(row["denominator"]):
                cell = (
                    disclosure.Cell(None, None, disclosure.MISSING) if i18n.is_missing(row["value"]) else cell
                )
        else:
            cell = disclosure.rate(row["numerator"], row["denominator"], policy, value=row["value"])
        if cell.state == disclosure.SUPPRESSED or (
            i18n.is_missing(row["numerator"]) and i18n.is_missing(row["denominator"]) and policy.threshold > 1
        ):
            out.loc[k, ["value", "numerator", "denominator", "difference", *INTERVAL, "verdict"]] = None
            out.loc[k, "hidden"] = True
    if policy.round_to is not None:  # an interval of the exact counts would give them back
        out[list(INTERVAL)] = None
    return out


f = ui.filters()
lang = f.lang
as_of = f.today
ui.header("employers.title", lang, "employers.caption", date=i18n.date(as_of, lang))
labels = {c: i18n.t(f"employers.columns.{c}", lang) for c in COLUMNS}
curve_labels = ui.curve_labels(lang)

choices = page_data.employers(f.sector, f.district)
if choices.empty:
    ui.empty("employers.empty_no_employers", lang)
    st.stop()
names = dict(zip(choices["employer_id"].astype(str), choices["name"].astype(str), strict=True))
employer = ui.detail_picker("employer", names, f, i18n.t("employers.employer", lang), EMPLOYER_KEY)
name = names[employer]
sector = ui.names("sector", pd.Series([page_data.sector_of(employer)]), lang).iloc[0]
st.caption(i18n.t("employers.sector_line", lang, sector=sector))
scope = {**f.scope, "employer": employer}
policy = disclosure.policy_for(f.viewer, scope)
if policy is not disclosure.NONE:
    # another's employer is seen as a whole: its figures are the cube's (yearly.protected_cube), which
    # has no employer x program or employer x institution cells; its sector and district are its own
    narrowed = [name for name in ("program", "institution") if f.scope.get(name) is not None]
    if narrowed:
        st.info(
            i18n.t(
                "employers.filters_not_applied",
                lang,
                names=", ".join(i18n.t(f"common.filters.{n}", lang) for n in narrowed),
            ),
            icon=":material/lock:",
        )
    scope = {**dict.fromkeys(f.scope), "employer": employer}
HIRE_RATE = disclosure.Rate("intern_hire_rate", "intern_hire_numerator", "intern_hire_denominator")
HIRE_COUNTS = ["intern_hire_numerator", "intern_hire_denominator"]
RATE_INTERVAL = disclosure.interval_columns("intern_hire_rate")

years = page_data.years(scope, f.year_from, f.year_to)
if not page_data.has_activity(years):
    ui.empty("employers.empty_period", lang, name=name, start=f.year_from, end=f.year_to)
    st.stop()

retention = page_data.retention(scope, as_of)
# hires and the intern hire rate: the same protected figures as the Overview's for this employer
hires = yearly.hire_cells(scope, policy, own=yearly.own_key(f.viewer))
hire_part = None if hires is None else disclosure.from_cells(years, hires.columns(years), policy)
# interns per year: the same protected figures as the Overview's participants for this scope
interns = None
scope_years = yearly.scope_years(
    scope, f.year_from, f.year_to, policy, shown=(), own=yearly.own_key(f.viewer)
)
if policy is not disclosure.NONE:
    interns = disclosure.from_cells(
        years[["year", "participants"]],
        {"participants": [scope_years.cell(y, "participants") for y in years["year"]]},
        policy,
    )
current, previous = page_data.headline_years(years, f.last_full_year)


def headline(row: pd.Series, column: str):
    """A year's hires or intern hire rate for a headline: as the Overview shows it to a non-owner."""
    if hires is None:
        return row[column]
    if column == "hires":
        return hires.cell(int(row["year"]), "hires")
    value = row["intern_hire_rate"]
    return hires.rate(int(row["year"]), None if pd.isna(value) else float(value))


before = None if previous is None else int(previous["year"])
cells = [*st.columns(3), *st.columns(3)]
with cells[0]:
    ui.metric(
        i18n.t("employers.kpi.interns", lang, year=int(current["year"])),
        scope_years.cell(int(current["year"]), "participants"),
        None if previous is None else scope_years.cell(int(previous["year"]), "participants"),
        lang,
        previous_year=before,
        policy=policy,
    )
with cells[1]:
    ui.metric(
        i18n.t("employers.kpi.intern_hire_rate", lang, year=int(current["year"])),
        headline(current, "intern_hire_rate"),
        None if previous is None else headline(previous, "intern_hire_rate"),
        lang,
        kind="rate",
        previous_year=before,
        help=i18n.t("employers.help.intern_hire_rate", lang),
        policy=policy,
        base=(current["intern_hire_numerator"], current["intern_hire_denominator"]),
        previous_base=None
        if previous is None
        else (previous["intern_hire_numerator"], previous["intern_hire_denominator"]),
    )
with cells[2]:
    ui.metric(
        i18n.t("employers.kpi.median_days_to_hire", lang, year=int(current["year"])),
        current["median_days_to_hire"],
        None if previous is None else previous["median_days_to_hire"],
        lang,
        kind="days",
        previous_year=before,
        inverse=True,
        help=i18n.t("employers.help.median_days_to_hire", lang),
        policy=policy,
        base=current["intern_hire_numerator"],
        previous_base=None if previous is None else previous["intern_hire_numerator"],
    )
with cells[3]:
    ui.metric(
        i18n.t("employers.kpi.hires", lang, year=int(current["year"])),
        headline(current, "hires"),
        None if previous is None else headline(previous, "hires"),
        lang,
        previous_year=before,
        help=i18n.t("employers.help.hires", lang),
        policy=policy,
    )
for cell, key in zip(cells[4:], ("retention_6m", "retention_12m"), strict=True):
    found = retention[key]
    with cell:
        ui.metric(
            i18n.t(f"employers.kpi.{key}", lang),
            None if found is None else found["value"],
            None,
            lang,
            kind="rate",
            help=i18n.t(
                f"employers.help.{key}",
                lang,
                numerator=ui.count_text(0 if found is None else found["numerator"], lang, policy),
                denominator=ui.count_text(0 if found is None else found["denominator"], lang, policy),
            ),
            policy=policy,
            base=None if found is None else (found["numerator"], found["denominator"]),
        )
# how much of the picture the rates rest on: interns whose outcome is final, hires old enough
coverage_notes = [
    ui.hire_rate_note(
        coverage.hire_rate(scope, f.year_from, f.year_to, as_of).get(int(current["year"])),
        int(current["year"]),
        as_of,
        lang,
        policy,
    ),
    ui.retention_note(coverage.retention(scope, as_of), as_of, lang, policy, six_months=True),
]
if any(coverage_notes):
    st.caption("  \n".join(n for n in coverage_notes if n))

st.subheader(i18n.t("employers.by_year", lang))
left, right = st.columns(2)
with left:
    ui.chart(
        charts.by_year(
            ui.plotted(years, interns),
            "participants",
            lang,
            partial_year=f.partial_year,
            labels=labels,
            height=340,
        ),
        years[["year", "participants"]],
        f"interns_{employer}",
        lang,
        key="employers_interns",
        labels=labels,
        protected=interns,
    )
with right:
    rate_frame = years[
        ["year", "intern_hire_numerator", "intern_hire_denominator", "intern_hire_rate", *RATE_INTERVAL]
    ]
    hire_rates = (
        None if hires is None else disclosure.from_cells(rate_frame, hires.columns(rate_frame), policy)
    )
    ui.chart(
        charts.by_year(
            ui.plotted(years, hire_rates),
            "intern_hire_rate",
            lang,
            mode="line",
            y_format="percent",
            partial_year=f.partial_year,
            labels=labels,
            height=340,
            hover=["intern_hire_numerator", "intern_hire_denominator", *RATE_INTERVAL],
        ),
        years[
            ["year", "intern_hire_numerator", "intern_hire_denominator", "intern_hire_rate", *RATE_INTERVAL]
        ],
        f"intern_hire_rate_{employer}",
        lang,
        key="employers_hire_rate",
        labels=labels,
        protected=hire_rates,
    )
year_formats = {"intern_hire_rate": "rate", "median_days_to_hire": "days", "median_salary": "money"}
ui.table(
    years,
    f"employer_years_{employer}",
    lang,
    key="employers_years",
    labels=labels,
    formats=year_formats,
    protected=disclosure.Protected.combine(
        years,
        ui.protection(
            years,
            policy,
            counts=["hires", *HIRE_COUNTS],
            rates=[HIRE_RATE],
            summaries=[
                disclosure.Summary("median_days_to_hire", "intern_hire_numerator"),
                disclosure.Summary("median_salary", "hires"),
            ],
        ),
        interns,
        hire_part,
    ),
)

st.subheader(i18n.t("employers.retention", lang))
curve = curves.retention(scope, as_of)
kept = disclosure.protect_curve(
    curve, policy, at_risk="at_risk", events="exits", estimate="survival", total=curve.attrs["total"]
)
if curve.attrs["total"] == 0:
    ui.empty(
        "employers.empty_retention", lang, "employers.hint_retention", name=name, date=i18n.date(as_of, lang)
    )
elif ui.hidden_curve(kept, "survival"):
    st.info(i18n.t("curves.all_hidden", lang, name=name), icon=":material/lock:")
else:
    ui.chart(
        curve_charts.retention(ui.plotted(curve, kept), name, lang),
        curve,
        f"retention_curve_{employer}",
        lang,
        key="employers_retention_curve",
        labels=curve_labels,
        protected=kept,
        caption=i18n.t("employers.retention_caption", lang, date=i18n.date(as_of, lang)),
    )

ui.time_to_hire(
    curves.time_to_hire(scope, as_of),
    curves.city_time_to_hire(as_of),
    name,
    policy,
    disclosure.policy_for(f.viewer, {}),
    lang,
    as_of=as_of,
    file_name=f"time_to_hire_{employer}",
    key="employers_time_to_hire",
)

st.subheader(i18n.t("employers.sources", lang))
st.caption(i18n.t("employers.sources_caption", lang, start=f.year_from, end=f.year_to))
by_institution = page_data.sources_by_institution(scope, f.year_from, f.year_to)
by_program = page_data.sources_by_program(scope, f.year_from, f.year_to)
by_program["program_name"] = ui.names("program", by_program["program_id"], lang)


def sources_chart(frame: pd.DataFrame, name_column: str, counts: list[str], part: str) -> None:
    """Where interns and hires come from (``part``: by_institution or by_program): the top TOP as bars."""
    st.markdown(f"**{i18n.t(f'employers.{part}', lang)}**")
    shown = frame[[name_column, *counts]]
    # each column adds up to the scope's interns or hires of the period, which the page shows by year
    protected = ui.protection(shown, policy, counts=counts, known_total=True)
    ui.chart(
        page_charts.sources(ui.plotted(frame, protected).head(TOP), name_column, counts, lang),
        shown,
        f"interns_{part}_{employer}",
        lang,
        key=f"employers_{part}",
        protected=protected,
        labels=labels,
        caption=i18n.t("employers.top", lang, shown=TOP, total=len(frame)) if len(frame) > TOP else None,
    )


if by_institution.empty and by_program.empty:
    ui.empty("employers.empty_sources", lang, name=name, start=f.year_from, end=f.year_to)
else:
    sources_chart(by_institution, "institution_name", ["interns", "hires"], "by_institution")
    sources_chart(by_program, "program_name", ["interns", "hires_from_internship"], "by_program")

st.subheader(i18n.t("employers.sector", lang, sector=sector))
st.caption(i18n.t("employers.sector_caption", lang, sector=sector, start=f.year_from, end=f.year_to))
comparison = page_data.sector_comparison(employer, scope, as_of, f.year_from, f.year_to)
comparison.insert(
    0, "metric_name", comparison["metric"].map(lambda m: i18n.t(f"employers.compared.{m}", lang))
)
if policy is not disclosure.NONE:
    comparison = hidden_comparison(comparison, policy)
exported = comparison.drop(columns=["metric", "hidden"], errors="ignore")
hidden = comparison["hidden"].to_numpy(dtype=bool) if "hidden" in comparison else None
if hidden is not None and hidden.any():  # suppressed, not missing: say so in the download too
    figures = ["value", "numerator", "denominator", "difference", *INTERVAL, "verdict"]
    exported = exported.astype(dict.fromkeys(figures, object))
    exported.loc[hidden, figures] = policy.rate_label
ui.chart(
    page_charts.sector_rates(comparison, name, lang),
    exported,
    f"sector_comparison_{employer}",
    lang,
    key="employers_sector_chart",
    labels=labels,
    caption=ui.privacy_note(policy, lang) if hidden is not None and hidden.any() else None,
)
ui.table(
    _comparison_table(comparison, lang, policy.rate_label),
    f"sector_comparison_{employer}",
    lang,
    key="employers_sector_table",
    labels=labels,
    downloads=False,
)
