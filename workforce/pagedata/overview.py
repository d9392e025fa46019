"""Data for the Overview page: each year's headline figures for a scope (the yearly cube gives the counts)."""

import datetime as dt
from collections.abc import Mapping

from workforce.analysis import metrics
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
