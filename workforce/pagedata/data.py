"""Data for the Data page (administrators): the store's data quality, and whether there is a store yet."""

import pandas as pd

from workforce.analysis import intervals
from workforce.pagedata.scope import Database
from workforce.store import db


def has_data(database: Database = None) -> bool:
    """Whether the store exists (the history, quality and export tabs need one)."""
    return db.database_version(database) is not None


def completeness(database: Database = None) -> pd.DataFrame:
    """Rows and filled cells per table and column (``quality_completeness``)."""
    return db.run("quality_completeness", {}, database)


def problems(database: Database = None) -> pd.DataFrame:
    """Broken references and impossible dates: table_name, column_name, problem (a code), row_count > 0."""
    broken = db.run("quality_broken_references", {}, database)
    dates = db.run("quality_dates", {"today": db.today()}, database)
    return pd.concat(
        [
            broken[broken["broken"] > 0]
            .assign(problem="broken_reference")
            .rename(columns={"broken": "row_count"}),
            dates[dates["row_count"] > 0],
        ]
    )


def knowledge_rate(database: Database = None) -> pd.DataFrame:
    """Each institution's cohorts with the share whose outcome is known (``quality_knowledge_rate``) and
    its 95% interval."""
    frame = db.run("quality_knowledge_rate", {"today": db.today(), "institution": None}, database)
    return intervals.with_intervals(frame, "knowledge_rate", "known", "cohort_size")


def inactive(database: Database = None) -> pd.DataFrame:
    """Institutions, employers and programs with no placement (``quality_inactive``)."""
    return db.run("quality_inactive", {}, database)


def forget_cached() -> None:
    """After a write from this process: drop cached results and connections, so the next read is fresh."""
    db.clear_cache()
