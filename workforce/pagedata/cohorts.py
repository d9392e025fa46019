"""Data for the Cohorts page: an institution's graduation cohorts beside all institutions, by specialty and
level, and a cohort's funnel."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from workforce import disclosure
from workforce.analysis import compare, intervals, metrics, standardise
from workforce.pagedata.scope import Database, in_years, part, period
from workforce.store import db

COHORT_COLUMNS = (
    "graduation_year",
    "cohort_size",
    "placed",
    "placement_rate",
    "employed_1y_numerator",
    "employed_1y",
)
"""An institution's cohort figures; ``cohorts`` adds each but the year again as ``all_<column>``."""
SPLITS = ("specialty", "level")
RATES = (("placement_rate", "placed"), ("employed_1y", "employed_1y_numerator"))
"""A cohort's rates and their numerators; the denominator is the cohort size."""


STAGES = ("cohort", "placed", "hired", "still_employed")


def cohorts(
    institution: str,
    as_of: dt.date,
    year_from: int | None = None,
    year_to: int | None = None,
    database: Database = None,
) -> pd.DataFrame:
    """An institution's graduation cohorts (metrics.cohorts) beside all institutions pooled, by year.

    Columns: graduation_year, cohort_size, placed, placement_rate,
    employed_1y_numerator, employed_1y (null until observable), and the same
    six for all institutions as all_cohort_size, all_placed, ... ; known and
    knowledge_rate: how many of the cohort have a known outcome as of ``as_of``
    (``quality_knowledge_rate``); each rate's 95% interval (<rate>_low,
    <rate>_high) and the verdict of the institution's rates against the other
    institutions (<rate>_verdict); graduation years limited to
    ``year_from``..``year_to``.
    """
    own = pd.DataFrame(
        [
            {
                "graduation_year": c["graduation_year"],
                "cohort_size": c["cohort_size"],
                "placed": part(c["placement_rate"], "numerator"),
                "placement_rate": part(c["placement_rate"], "value"),
                "employed_1y_numerator": part(c["employed_1y"], "numerator"),
                "employed_1y": part(c["employed_1y"], "value"),
            }
            for c in metrics.cohorts(institution, as_of, database)
        ],
        columns=list(COHORT_COLUMNS),
    )
    pooled = db.run("pooled_cohorts", {"as_of": as_of, **period(year_from, year_to)}, database)
    pooled["employed_1y_numerator"] = pooled["employed_1y_numerator"].where(pooled["employed_observable"])
    pooled = pooled.drop(columns="employed_observable").rename(
        columns=lambda c: c if c == "graduation_year" else f"all_{c}"
    )
    own = in_years(own, "graduation_year", year_from, year_to)
    frame = own.merge(pooled, on="graduation_year", how="left").astype({"graduation_year": int})
    known = db.run("quality_knowledge_rate", {"today": as_of, "institution": institution}, database)
    frame = frame.merge(
        known[["graduation_year", "known", "knowledge_rate"]], on="graduation_year", how="left"
    )
    frame = intervals.with_intervals(frame, "knowledge_rate", "known", "cohort_size")
    for rate, numerator in RATES:
        frame[f"{rate}_verdict"] = against_the_rest(frame, rate, numerator)
        for prefix in ("", "all_"):
            frame = intervals.with_intervals(
                frame, f"{prefix}{rate}", f"{prefix}{numerator}", f"{prefix}cohort_size"
            )
    return frame


def against_the_rest(frame: pd.DataFrame, rate: str, numerator: str) -> list[str | None]:
    """Each cohort's rate against the same graduation year of every other institution pooled
    (all_<column> less the institution's own): compare.HIGHER, LOWER or SAME, None without both rates.
    The rest, not all institutions, so that the two rates are over different people."""
    verdicts = []
    for _, row in frame.iterrows():
        own_n, own_d = row[numerator], row["cohort_size"]
        all_n, all_d = row[f"all_{numerator}"], row["all_cohort_size"]
        if any(pd.isna(v) for v in (row[rate], own_n, own_d, all_n, all_d)):
            verdicts.append(None)
            continue
        difference = compare.rates(int(own_n), int(own_d), int(all_n - own_n), int(all_d - own_d))
        verdicts.append(None if difference is None else difference.verdict)
    return verdicts


def cohort_segments(
    institution: str | None, graduation_year: int, split: str, as_of: dt.date, database: Database = None
) -> pd.DataFrame:
    """One row per specialty or level (``split``) of one cohort: size, placement rate, employed_1y."""
    if split not in SPLITS:
        raise ValueError(f"not a split: {split!r}")
    params = {"institution": institution, "graduation_year": graduation_year, "split": split, "as_of": as_of}
    frame = db.run("cohort_segments", params, database)
    frame["employed_1y_numerator"] = frame["employed_1y_numerator"].where(frame["employed_observable"])
    frame = frame.drop(columns=["employed_observable", "graduation_year"])
    for rate, numerator in RATES:
        frame = intervals.with_intervals(frame, rate, numerator, "cohort_size")
    return frame


def cohort_funnel(
    institution: str | None, graduation_year: int, as_of: dt.date, database: Database = None
) -> pd.DataFrame:
    """The four stages of one cohort (see STAGES) with counts and shares of the cohort, each share with
    its 95% interval (share_of_cohort_low, _high)."""
    params = {"institution": institution, "graduation_year": graduation_year, "as_of": as_of}
    stages = db.run("cohort_funnel_stages", params, database)
    cohort = stages.assign(cohort=stages["participants"].iloc[0] if len(stages) else 0)
    return intervals.with_intervals(cohort, "share_of_cohort", "participants", "cohort").drop(
        columns="cohort"
    )


@dataclass(frozen=True)
class Funnel:
    """One rate's expected-against-actual view: a point per institution (``standardise.COLUMNS``) and
    the control limits drawn across cohort sizes 1..the largest (``standardise.funnel_limits``)."""

    points: pd.DataFrame
    limits: pd.DataFrame
    city_rate: float


def expected_against_actual(
    graduation_year: int, as_of: dt.date, database: Database = None
) -> dict[str, Funnel]:
    """The placement rate and (once observable) employed_1y of one graduation cohort of every
    institution against what the city's rates by specialty x level give its mix, by rate name."""
    strata = db.run("cohort_strata", {"graduation_year": graduation_year, "as_of": as_of}, database)
    found = {}
    for rate, numerator in RATES:
        if strata.empty or (rate == "employed_1y" and not strata["employed_observable"].all()):
            continue
        points = standardise.standardised(strata, numerator)
        city_rate = float(points["city_rate"].iloc[0])
        sizes = range(1, int(points["cohort_size"].max() * 1.1) + 2)
        found[rate] = Funnel(points, standardise.funnel_limits(city_rate, sizes), city_rate)
    return found


OWN_COUNTS = ("cohort_size", "placed", "employed_1y_numerator")
OWN_RATES = (
    disclosure.Rate("placement_rate", "placed", "cohort_size"),
    disclosure.Rate("employed_1y", "employed_1y_numerator", "cohort_size"),
)
KNOWN = disclosure.Rate("knowledge_rate", "known", "cohort_size")


def protect_cohorts(frame: pd.DataFrame, viewer: object, institution: str) -> disclosure.Protected | None:
    """The cohorts (``cohorts``) as ``viewer`` may see them: the institution's own figures under the
    viewer's policy for that institution, the pooled benchmark of all institutions under the city's
    (nobody but an administrator owns it). An institution's own account knows its own part of the
    benchmark, which the benchmark's protection takes into account."""
    policy = disclosure.policy_for(viewer, {"institution": institution})
    benchmark = disclosure.policy_for(viewer, {})
    owner = policy is disclosure.NONE and benchmark is not disclosure.NONE

    def own(column: str) -> str | None:
        return column if owner else None

    all_counts = [disclosure.Count(f"all_{c}", own=own(c)) for c in OWN_COUNTS]
    all_rates = [
        disclosure.Rate(
            f"all_{r.column}",
            f"all_{r.numerator}",
            "all_cohort_size",
            own_numerator=own(r.numerator),
            own_denominator=own("cohort_size"),
        )
        for r in OWN_RATES
    ]
    return disclosure.Protected.combine(
        frame,
        disclosure.protection(frame, policy, counts=[*OWN_COUNTS, "known"], rates=[*OWN_RATES, KNOWN]),
        disclosure.protection(frame, benchmark, counts=all_counts, rates=all_rates),
    )
