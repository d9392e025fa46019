"""Data for the Employers page: a company's interns and hires per year, retention, where its hires come
from, and its sector's median employer."""

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from workforce import disclosure
from workforce.analysis import compare, intervals, metrics
from workforce.pagedata.scope import Database, in_years, part, period, scope_of
from workforce.store import db

YEAR_FIGURES = (
    "year",
    "participants",
    "intern_hire_numerator",
    "intern_hire_denominator",
    "intern_hire_rate",
    "median_days_to_hire",
    "hires",
    "median_salary",
)
YEAR_COLUMNS = (*YEAR_FIGURES, *disclosure.interval_columns("intern_hire_rate"))
"""The columns of ``years``: a company's figures per year, and the intern hire rate's 95% interval."""
COMPARED = ("intern_hire_rate", "median_days_to_hire", "retention_12m")


def employers(
    sector: str | None = None, district: str | None = None, database: Database = None
) -> pd.DataFrame:
    """Employers (employer_id, name, sector, district) in a sector and a district (None = any), by name."""
    frame = db.run("employer_names", {}, database)
    if sector is not None:
        frame = frame[frame.sector == sector]
    if district is not None:
        frame = frame[frame.district == district]
    return frame.reset_index(drop=True)


def years(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """metrics.by_year for a scope as a frame, limited to the period.

    Columns: year, participants (interns), employers, hires, intern_hire_numerator,
    intern_hire_denominator, intern_hire_rate (with its interval: YEAR_COLUMNS), median_days_to_hire,
    median_salary.
    """
    rows = [
        {
            "year": r["year"],
            "participants": r["participants"],
            "intern_hire_numerator": part(r["intern_hire_rate"], "numerator") or 0,
            "intern_hire_denominator": part(r["intern_hire_rate"], "denominator") or 0,
            "intern_hire_rate": part(r["intern_hire_rate"], "value"),
            "median_days_to_hire": r["median_days_to_hire"],
            "hires": r["hires"],
            "median_salary": r["median_salary"],
        }
        for r in metrics.by_year(scope_of(params), database)
    ]
    frame = pd.DataFrame(rows, columns=list(YEAR_FIGURES)).astype(
        {"median_days_to_hire": "float64", "intern_hire_rate": "float64", "median_salary": "float64"}
    )
    frame = intervals.with_intervals(
        frame, "intern_hire_rate", "intern_hire_numerator", "intern_hire_denominator"
    )
    return in_years(frame, "year", year_from, year_to)


def has_activity(years_frame: pd.DataFrame) -> bool:
    """Whether a ``years`` frame has any intern, completer or hire."""
    counted = years_frame[["participants", "intern_hire_denominator", "hires"]]
    return bool(len(counted)) and bool(counted.to_numpy().any())


def headline_years(years_frame: pd.DataFrame, last_full_year: int) -> tuple[pd.Series, pd.Series | None]:
    """The row of the last listed year up to ``last_full_year`` (else the last row) and the row before it."""
    ended = years_frame[years_frame["year"] <= last_full_year]
    latest = (ended if len(ended) else years_frame).tail(2)
    return latest.iloc[-1], (latest.iloc[0] if len(latest) == 2 else None)


def retention(params: Mapping, as_of: dt.date, database: Database = None) -> dict:
    """The contract's retention_6m and retention_12m (metrics.retention) for a scope."""
    return metrics.retention(scope_of(params), as_of, database)


def sources_by_institution(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Interns and hires in scope during the period, one row per institution they come from."""
    return db.run(
        "interns_and_hires_by_institution", {**scope_of(params), **period(year_from, year_to)}, database
    )


def sources_by_program(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Interns and hires from an internship in scope in the period, one row per program (null: none)."""
    return db.run(
        "interns_and_hires_by_program", {**scope_of(params), **period(year_from, year_to)}, database
    )


def sector_comparison(
    employer: str,
    params: Mapping,
    as_of: dt.date,
    year_from: int | None = None,
    year_to: int | None = None,
    database: Database = None,
) -> pd.DataFrame:
    """The employer against the median employer of its sector, one row per compared figure.

    Columns: metric (one of COMPARED), value, numerator, denominator (null for
    days), sector_median, difference (value - sector_median), employers (how
    many of the sector's employers the median is over), value_low and value_high
    (a rate's 95% interval), verdict (a rate against the median: compare.HIGHER,
    LOWER or SAME; null for the days, which have no interval). Empty for an
    unknown employer.
    """
    scope = scope_of(params)
    query = {
        "employer": employer,
        "program": scope["program"],
        "institution": scope["institution"],
        "district": scope["district"],
        "as_of": as_of,
        **period(year_from, year_to),
    }
    frame = db.run("sector_employers", query, database)
    mine = frame[frame.is_selected]
    columns = ["metric", "value", "numerator", "denominator", "sector_median", "difference", "employers"]
    if mine.empty:
        return pd.DataFrame(columns=[*columns, *disclosure.interval_columns("value"), "verdict"])
    row = mine.iloc[0]
    compared = [
        ("intern_hire_rate", "intern_hire_numerator", "intern_hire_denominator", "intern_hire_rate"),
        ("median_days_to_hire", None, None, "days_to_hire"),
        ("retention_12m", "retention_12m_numerator", "retention_12m_denominator", "retention_12m"),
    ]
    records = []
    for metric, numerator, denominator, sector_key in compared:
        value = row[metric]
        median = row[f"sector_median_{sector_key}"]
        records.append(
            {
                "metric": metric,
                "value": value,
                "numerator": None if numerator is None else int(row[numerator]),
                "denominator": None if denominator is None else int(row[denominator]),
                "sector_median": median,
                "difference": value - median,
                "employers": int(row[f"sector_employers_{sector_key}"]),
            }
        )
    result = pd.DataFrame(records, columns=columns)
    result = result.astype({"value": "float64", "sector_median": "float64", "difference": "float64"})
    result["verdict"] = [
        None if pd.isna(n) or pd.isna(m) else compare.against(n, d, m)
        for n, d, m in zip(result["numerator"], result["denominator"], result["sector_median"], strict=True)
    ]
    return intervals.with_intervals(result, "value", "numerator", "denominator")


def sector_of(employer: str, database: Database = None) -> str | None:
    """The sector of an employer (None when unknown)."""
    frame = db.run("employer_names", {}, database)
    found = frame.loc[frame.employer_id == employer, "sector"]
    return None if found.empty else str(found.iloc[0])
