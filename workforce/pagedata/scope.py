"""A page's scope and period as the bound parameters of its queries, shared by the page data modules."""

import os
from collections.abc import Mapping

import pandas as pd

from workforce.store import db

Database = str | os.PathLike | None
"""A store: its path, or None for the configured one (``db.db_path``)."""


def period(year_from: int | None, year_to: int | None) -> dict[str, int | None]:
    """The period's bound parameters: ``{"year_from": 2023, "year_to": 2025}``."""
    return {"year_from": year_from, "year_to": year_to}


def scope_of(params: Mapping) -> dict:
    """The scope parameters of ``params`` (the missing ones null)."""
    return db.scope_params(**{name: params.get(name) for name in db.SCOPE})


def in_years(frame: pd.DataFrame, column: str, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    """The rows whose ``column`` lies in the period (an open end: no bound)."""
    keep = pd.Series(True, index=frame.index)
    if year_from is not None:
        keep &= frame[column] >= year_from
    if year_to is not None:
        keep &= frame[column] <= year_to
    return frame[keep].reset_index(drop=True)


def part(figure: dict | None, key: str) -> float | int | None:
    """One part of a report figure (``{"numerator": ..}``), None when there is no figure."""
    return None if figure is None else figure[key]
