"""Data for the survival curves the Employers and Cohorts pages draw: a scope's Kaplan–Meier curve
beside the whole city's (``metrics.retention_curve``, ``metrics.time_to_hire_curve``)."""

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from workforce.analysis import metrics
from workforce.pagedata.scope import Database, scope_of
from workforce.store import db

RETENTION = ("month", "days", "at_risk", "exits", "survival", "low", "high")
"""The columns of ``retention``."""
TIME_TO_HIRE = ("days", "at_risk", "hires", "not_hired", "low", "high")
"""The columns of ``time_to_hire``."""


def retention(params: Mapping, as_of: dt.date, database: Database = None) -> pd.DataFrame:
    """The share of hires in scope still employed m = 1..24 months after hire (Kaplan–Meier, with its
    95% interval); ``attrs["total"]``: the hires it is drawn from."""
    return metrics.retention_curve(scope_of(params), as_of, database)


def time_to_hire(params: Mapping, as_of: dt.date, database: Database = None) -> pd.DataFrame:
    """The share of completed placements in scope not yet followed by a hire from them, 0..365 days after
    the placement ended (Kaplan–Meier, with its 95% interval); ``attrs["total"]``: the placements."""
    return metrics.time_to_hire_curve(scope_of(params), as_of, database)


def city_time_to_hire(as_of: dt.date, database: Database = None) -> pd.DataFrame:
    """``time_to_hire`` of the whole city: the line a scope's curve is read against."""
    return metrics.time_to_hire_curve(db.scope_params(), as_of, database)
