"""Data for the Published figures page, and the published figures a yearly chart is compared with."""

from collections.abc import Mapping

import pandas as pd

from workforce.pagedata.scope import Database
from workforce.store import db


def checked(database: Database = None) -> pd.DataFrame:
    """Every published figure beside what the data says for its period and scope."""
    return db.run("published_figures_check", {}, database)


def comparable(
    metric: str, year_from: int, year_to: int, scope: Mapping[str, str | None], database: Database = None
) -> pd.DataFrame:
    """Published figures about ``metric`` that a yearly chart of this period and scope can be compared with.

    The figure must cover exactly one calendar year of the period (a
    figure for half a year or for several years cannot sit on a yearly chart), its
    institution and employer must be the viewer's (both given and equal, or both
    absent), and its program the viewer's program (any program when the viewer
    chose none). A sector or district view matches no figure. Adds ``year``.
    """
    frame = checked(database)
    start, end = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    frame["year"] = end.dt.year
    whole_year = (
        (start.dt.year == end.dt.year)
        & (start.dt.day_of_year == 1)
        & (end.dt.month == 12)
        & (end.dt.day == 31)
    )
    keep = (frame["metric"] == metric) & whole_year & frame["year"].between(year_from, year_to)
    for name in ("institution", "employer"):
        chosen, given = scope.get(name), frame[f"{name}_id"]
        keep &= given.isna() if chosen is None else given.eq(chosen)
    if scope.get("program") is not None:
        keep &= frame["program_id"].eq(scope["program"])
    if scope.get("sector") is not None or scope.get("district") is not None:
        keep &= False
    return frame[keep.fillna(False)].reset_index(drop=True)
