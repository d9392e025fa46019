"""Targets against actuals (CONTRACT.md, "Targets and events"): a target is met when the metric of its
year, computed in its scope exactly as by_year computes it, reaches its value (>=). A target of the year
still running also reads the figure to date beside the same dates of the year before."""

import datetime as dt
import os
from collections.abc import Mapping

from workforce.analysis import metrics
from workforce.store import db

METRICS = ("participants", "employers", "hires", "intern_hire_rate")
MET, NOT_MET, RUNNING, AHEAD = "met", "not_met", "running", "ahead"
"""A target's state: its year is over (met or not), still running, or still to come."""


def _figure(row: Mapping, metric: str):
    """A by_year row's figure for a metric (the rate's value, None without a denominator)."""
    if metric == "intern_hire_rate":
        rate = row["intern_hire_rate"]
        return None if rate is None else rate["value"]
    return row[metric]


def _to_date(scope: Mapping, start: dt.date, end: dt.date, metric: str, database) -> dict:
    row = next(
        db.run("figures_to_date", {**scope, "date_from": start, "date_to": end}, database).itertuples()
    )
    counts = {
        "participants": row.participants,
        "employers": row.employers,
        "hires": row.hires,
        "intern_hire_numerator": row.intern_hire_numerator,
        "intern_hire_denominator": row.intern_hire_denominator,
    }
    value = metrics.plain(row.intern_hire_rate) if metric == "intern_hire_rate" else int(getattr(row, metric))
    return {"value": value, **{k: int(v) for k, v in counts.items()}}


def _same_day_a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def targets(
    scope: Mapping[str, str | None], as_of: dt.date, database: str | os.PathLike | None = None
) -> list[dict]:
    """The targets set for exactly this scope (its program, institution and employer; a target sets no
    sector or district), each with its actual, its state and, for the year of ``as_of``, the figure to
    date and the same dates a year before.

    Each: target_id, metric, year, value, source, actual (the year's by_year figure; None when the scope
    has no such year or the rate no denominator), base (the counts the actual rests on: numerator and
    denominator for the rate), state (MET, NOT_MET, RUNNING, AHEAD), to_date and year_before (dicts with
    value and the counts, or None), year_before_full (last year's whole figure, for disclosure),
    year_before_date (the day a year before ``as_of``).
    """
    wanted = (scope.get("program"), scope.get("institution"), scope.get("employer"))
    if scope.get("sector") is not None or scope.get("district") is not None:
        return []
    found = db.run("targets", {}, database)
    mine = [
        t
        for t in found.itertuples()
        if tuple(metrics.plain(v) for v in (t.program_id, t.institution_id, t.employer_id)) == wanted
    ]
    if not mine:
        return []
    params = db.scope_params(program=wanted[0], institution=wanted[1], employer=wanted[2])
    years = {row["year"]: row for row in metrics.by_year(params, database)}
    out = []
    for t in mine:
        year, metric = int(t.year), str(t.metric)
        row = years.get(year)
        actual = None if row is None else _figure(row, metric)
        base = None
        if row is not None and metric == "intern_hire_rate" and row["intern_hire_rate"] is not None:
            base = (row["intern_hire_rate"]["numerator"], row["intern_hire_rate"]["denominator"])
        entry = {
            "target_id": t.target_id,
            "metric": metric,
            "year": year,
            "value": float(t.value),
            "source": None if metrics.plain(t.source) is None else str(t.source),
            "actual": actual,
            "base": base,
            "to_date": None,
            "year_before": None,
            "year_before_full": None,
            "year_before_date": None,
        }
        if year < as_of.year:
            entry["state"] = None if actual is None else (MET if actual >= t.value else NOT_MET)
        elif year > as_of.year:
            entry["state"] = AHEAD
        else:
            start, before = dt.date(year, 1, 1), _same_day_a_year_before(as_of)
            entry["state"] = MET if actual is not None and actual >= t.value else RUNNING
            entry["year_before_date"] = before
            entry["to_date"] = _to_date(params, start, as_of, metric, database)
            entry["year_before"] = _to_date(params, dt.date(year - 1, 1, 1), before, metric, database)
            entry["year_before_full"] = _to_date(
                params, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), metric, database
            )
        out.append(entry)
    return out
