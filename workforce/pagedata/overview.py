"""Data for the Overview page: each year's headline figures for a scope (the yearly cube gives the counts)."""

import datetime as dt
from collections.abc import Callable, Mapping

from workforce import disclosure
from workforce.analysis import metrics
from workforce.analysis import targets as target_analysis
from workforce.pagedata.scope import Database
from workforce.store import db


def report_by_year(scope: Mapping[str, str | None], database: Database = None) -> dict[int, dict]:
    """The contract's yearly figures of the scope, by year (``metrics.by_year``)."""
    return {row["year"]: row for row in metrics.by_year(dict(scope), database)}


def internship_hires(scope: Mapping[str, str | None], database: Database = None) -> dict[int, int]:
    """Hires from an internship, by year of hire (``internship_hires_by_year``)."""
    frame = db.run("internship_hires_by_year", scope, database)
    return {
        int(year): int(hires) for year, hires in frame[["year", "internship_hires"]].itertuples(index=False)
    }


def retention_12m(scope: Mapping[str, str | None], as_of: dt.date, database: Database = None) -> dict | None:
    """The contract's retention at 12 months as of a date (a rate figure, or None)."""
    return metrics.retention(dict(scope), as_of, database)["retention_12m"]


RUNNING = target_analysis.RUNNING
"""The state of a target whose year is still running (the others: met, not_met, ahead, or None)."""


def targets(scope: Mapping[str, str | None], as_of: dt.date, database: Database = None) -> list[dict]:
    """The targets set for this scope against their actuals (``analysis.targets``)."""
    return target_analysis.targets(dict(scope), as_of, database)


def _split_safe(part: int, whole: int, policy: disclosure.Policy) -> bool:
    """Whether a part of a shown whole can be shown: it and the rest are each 0 or at least the threshold."""
    return all(n == 0 or n >= policy.threshold for n in (part, whole - part))


def protect_targets(
    goals: list[dict], policy: disclosure.Policy, cell: Callable[[int, str], disclosure.Cell | None]
) -> list[dict]:
    """The targets as a viewer under ``policy`` sees them: each actual is the page's own protected figure
    of that year (``cell(year, metric)``: the yearly cube's, None when the page has none: the actual is
    then hidden); a figure a year before to date is shown only when it and the rest of that year are
    each 0 or at least the threshold (the whole year is shown). ``met``/``not met`` stays: the target is
    public, and whether a figure reaches it tells no small count."""
    if policy is disclosure.NONE:
        return goals
    seen = []
    for goal in goals:
        shown = dict(goal)
        found = cell(goal["year"], goal["metric"])
        shown["actual"] = found
        if goal["year_before"] is not None:
            before, whole = goal["year_before"], goal["year_before_full"]
            counts = (
                ["intern_hire_numerator", "intern_hire_denominator"]
                if goal["metric"] == "intern_hire_rate"
                else [goal["metric"]]
            )
            safe = all(_split_safe(before[c], whole[c], policy) for c in counts)
            if goal["metric"] == "intern_hire_rate":
                safe = safe and before["intern_hire_denominator"] >= policy.rate_min_denominator
            shown["year_before"] = before if safe else None
            shown["to_date"] = None  # the year so far is the actual itself, protected above
        seen.append(shown)
    return seen
