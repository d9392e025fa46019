"""The contract's metrics report, assembled from the metric queries in ``queries/``.

The CLI, the pages and the exports all call these functions, so a figure means
the same thing everywhere. The arithmetic itself lives in SQL.
"""

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from workforce import disclosure
from workforce.analysis import intervals, survival
from workforce.store import db


def plain(x: Any) -> Any:
    """A JSON-ready scalar: None for SQL null/NaN, plain int/float/bool otherwise."""
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    if hasattr(x, "item"):
        x = x.item()
    return x


def rate(numerator: Any, denominator: Any) -> dict | None:
    """A rate with its numerator, denominator and 95% Wilson interval (``low``, ``high``) kept alongside;
    None for a zero denominator."""
    numerator, denominator = int(plain(numerator) or 0), int(plain(denominator) or 0)
    if denominator == 0:
        return None
    low, high = intervals.wilson(numerator, denominator)
    return {
        "value": numerator / denominator,
        "numerator": numerator,
        "denominator": denominator,
        "low": low,
        "high": high,
    }


def _number(x: Any) -> int | float | None:
    """Published values print as integers when they are whole numbers."""
    x = plain(x)
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def by_year(scope: dict, database: str | os.PathLike | None = None) -> list[dict]:
    """The report's by_year list for a scope (see db.scope_params)."""
    rows = db.run("metrics_by_year", scope, database)
    return [
        {
            "year": int(r.year),
            "participants": int(r.participants),
            "employers": int(r.employers),
            "growth": plain(r.growth),
            "intern_hire_rate": rate(r.intern_hire_numerator, r.intern_hire_denominator),
            "median_days_to_hire": plain(r.median_days_to_hire),
            "hires": int(r.hires),
            "median_salary": plain(r.median_salary),
        }
        for r in rows.itertuples()
    ]


def retention(scope: dict, as_of: dt.date, database: str | os.PathLike | None = None) -> dict:
    """retention_6m and retention_12m for a scope as of a date."""
    row = next(db.run("retention", {**scope, "as_of": as_of}, database).itertuples())
    return {
        "retention_6m": rate(row.numerator_6m, row.denominator_6m),
        "retention_12m": rate(row.numerator_12m, row.denominator_12m),
    }


RETENTION_MONTHS = tuple(range(1, 25))
"""The months of the retention curve; month m is floor(m * 365 / 12) days after the hire."""
TIME_TO_HIRE_DAYS = (0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 365)
"""The days since a placement's end at which the time-to-hire curve is read."""


def month_days(month: int) -> int:
    """The days of month m of the retention curve: floor(m * 365 / 12) (month 6 = 182, month 12 = 365)."""
    return month * 365 // 12


DIGITS = 12
"""Decimal places of a curve's estimates in the report: enough for any reading, and the same digits
whichever way the floating-point product was taken (0.75 * 2/3 prints 0.5, not 0.5000000000000001)."""


def _estimate(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), DIGITS)


def retention_curve(scope: dict, as_of: dt.date, database: str | os.PathLike | None = None) -> pd.DataFrame:
    """The Kaplan–Meier retention curve of the hires in scope as of a date, month by month (month, days,
    at_risk, exits, survival, low, high; CONTRACT.md, "Retention as a survival curve")."""
    durations = db.run("retention_durations", {**scope, "as_of": as_of}, database)
    days = [month_days(m) for m in RETENTION_MONTHS]
    frame = survival.curve(durations, days, event="exited", count="hires").rename(columns={"events": "exits"})
    frame.insert(0, "month", list(RETENTION_MONTHS))
    frame.attrs["total"] = int(durations["hires"].sum())  # the hires the curve is drawn from
    return frame


def time_to_hire_curve(
    scope: dict, as_of: dt.date, database: str | os.PathLike | None = None
) -> pd.DataFrame:
    """The Kaplan–Meier share of completed placements not yet followed by a hire from them, by days since
    the placement ended (days, at_risk, hires, not_hired, low, high; CONTRACT.md, "Time to hire as a
    survival curve")."""
    durations = db.run("time_to_hire_durations", {**scope, "as_of": as_of}, database)
    frame = survival.curve(durations, TIME_TO_HIRE_DAYS, event="hired", count="placements")
    frame = frame.rename(columns={"events": "hires", "survival": "not_hired"})
    frame.attrs["total"] = int(durations["placements"].sum())  # the placements the curve is drawn from
    return frame


def _records(frame: pd.DataFrame) -> list[dict]:
    """A curve's rows as the report's JSON objects: counts as int, estimates as float or None."""
    return [
        {
            c: int(v) if c in ("month", "days", "at_risk", "exits", "hires") else _estimate(v)
            for c, v in row.items()
        }
        for row in frame.to_dict("records")
    ]


def cohorts(institution: str | None, as_of: dt.date, database: str | os.PathLike | None = None) -> list[dict]:
    """Graduation cohorts of one institution, or of every institution when None."""
    rows = db.run("cohorts", {"institution": institution, "as_of": as_of}, database)
    return [
        {
            "institution_id": r.institution_id,
            "graduation_year": int(r.graduation_year),
            "cohort_size": int(r.cohort_size),
            "placement_rate": rate(r.placed, r.cohort_size),
            "employed_1y": rate(r.employed_1y_numerator, r.cohort_size)
            if bool(r.employed_observable)
            else None,
        }
        for r in rows.itertuples()
    ]


def figures(database: str | os.PathLike | None = None) -> list[dict]:
    """Every published figure with what the data shows and whether it matches."""
    rows = db.run("published_figures_check", {}, database)
    return [
        {
            "figure_id": r.figure_id,
            "value": _number(r.value),
            "qualifier": r.qualifier,
            "in_data": int(r.in_data),
            "matched": bool(r.matched),
        }
        for r in rows.itertuples()
    ]


def report(
    as_of: dt.date,
    program: str | None = None,
    institution: str | None = None,
    employer: str | None = None,
    database: str | os.PathLike | None = None,
) -> dict:
    """The whole metrics report of CONTRACT.md for one scope (the owner's view, nothing suppressed)."""
    scope = db.scope_params(program=program, institution=institution, employer=employer)
    with_cohorts = program is None and employer is None
    return {
        "as_of": as_of.isoformat(),
        "scope": {
            "program_id": program,
            "institution_id": institution,
            "employer_id": employer,
        },
        "by_year": by_year(scope, database),
        **retention(scope, as_of, database),
        "retention_curve": _records(retention_curve(scope, as_of, database)),
        "time_to_hire_curve": _records(time_to_hire_curve(scope, as_of, database)),
        "cohorts": cohorts(institution, as_of, database) if with_cohorts else [],
        "figures": figures(database),
    }


def _protected_curve(rows: list[dict], policy, events: str, estimate: str) -> list[dict]:
    """A report curve as a viewer sees it (``disclosure.protect_curve``; the report shows no total)."""
    if not rows:
        return rows
    kept = disclosure.protect_curve(
        pd.DataFrame(rows), policy, at_risk="at_risk", events=events, estimate=estimate, total=None
    )
    if kept is None:
        return rows
    columns = list(kept.states.columns)
    return [
        {
            **row,
            **{
                c: (None if kept.states.at[i, c] == disclosure.MISSING else kept.display.at[i, c])
                for c in columns
            },
        }
        for i, row in enumerate(rows)
    ]


def _shown(cell) -> Any:
    """A protected figure as the report prints it: the number, or the policy's label when hidden."""
    return cell.shown if cell.state != "missing" else None


def protect_report(
    report: dict,
    policy,
    cells: Callable[[int, str], Any] | None = None,
    figures: Mapping[str, Any] | None = None,
) -> dict:
    """The report as a viewer under ``policy`` sees it: small counts and rates on them hidden.

    Example: ``protect_report(report(...), disclosure.get_policy())``. Counts and
    rates go through ``workforce.disclosure``; medians are hidden with their base.
    ``cells(year, measure)`` and ``figures`` (by figure_id) give figures protected
    together with other views (``yearly``), as the pages show them; a None falls
    back to the figure protected on its own.
    """

    def cell(year: int, measure: str, value: Any) -> Any:
        found = cells(year, measure) if cells is not None else None
        return found if found is not None else disclosure.count(value, policy)

    def rate_of(figure: dict | None) -> Any:
        if figure is None:
            return None
        protected_rate = disclosure.report_rate(figure, policy)
        if protected_rate.state in ("shown", "zero", "rounded"):
            return {
                "value": figure["value"],
                "numerator": disclosure.count_shown(figure["numerator"], policy),
                "denominator": disclosure.count_shown(figure["denominator"], policy),
                **interval_of(figure),
            }
        return _shown(protected_rate)

    def interval_of(figure: dict) -> dict:
        # The interval is a function of the exact numerator and denominator: shown beside exact counts
        # it tells nothing new; under a rounding policy it would give the exact counts back, so it is
        # hidden there.
        if policy.round_to is not None:
            return {"low": None, "high": None}
        return {"low": figure.get("low"), "high": figure.get("high")}

    def count_of(n: int) -> Any:
        return _shown(disclosure.count(n, policy))

    def median_of(value: Any, base: int) -> Any:
        return None if value is None else _shown(disclosure.summary(value, base, policy))

    def hire_rate(row: dict) -> dict | None:
        figure = row["intern_hire_rate"]
        if figure is None:
            return None
        return {
            **figure,
            "numerator": cell(row["year"], "intern_hire_numerator", figure["numerator"]),
            "denominator": cell(row["year"], "intern_hire_denominator", figure["denominator"]),
        }

    def exact(year: int, value: int) -> bool:
        return cell(year, "participants", value).state in ("shown", "zero")

    before = {row["year"]: row["participants"] for row in report["by_year"]}
    protected = dict(report)
    protected["by_year"] = [
        {
            **row,
            "participants": _shown(cell(row["year"], "participants", row["participants"])),
            "employers": _shown(cell(row["year"], "employers", row["employers"])),
            # a growth rate beside one year's count gives the other year's back
            "growth": row["growth"]
            if exact(row["year"], row["participants"])
            and (row["year"] - 1 not in before or exact(row["year"] - 1, before[row["year"] - 1]))
            else None,
            "intern_hire_rate": rate_of(hire_rate(row)),
            "median_days_to_hire": median_of(
                row["median_days_to_hire"], (row["intern_hire_rate"] or {}).get("numerator", 0)
            ),
            "hires": _shown(cell(row["year"], "hires", row["hires"])),
            "median_salary": median_of(row["median_salary"], row["hires"]),
        }
        for row in report["by_year"]
    ]
    for key in ("retention_6m", "retention_12m"):
        protected[key] = rate_of(report[key])
    protected["retention_curve"] = _protected_curve(report["retention_curve"], policy, "exits", "survival")
    protected["time_to_hire_curve"] = _protected_curve(
        report["time_to_hire_curve"], policy, "hires", "not_hired"
    )
    protected["cohorts"] = [
        {
            **c,
            "cohort_size": count_of(c["cohort_size"]),
            "placement_rate": rate_of(c["placement_rate"]),
            "employed_1y": rate_of(c["employed_1y"]),
        }
        for c in report["cohorts"]
    ]
    protected["figures"] = [
        {
            **f,
            "in_data": _shown(figures[f["figure_id"]])
            if figures and f["figure_id"] in figures
            else count_of(f["in_data"]),
        }
        for f in report["figures"]
    ]
    protected["disclosure"] = policy.name
    return protected
