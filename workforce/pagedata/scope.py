"""A page's scope and period as the bound parameters of its queries, shared by the page data modules, and
what a viewer chose (``Filters``: the sidebar's, or a digest's)."""

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from workforce import disclosure
from workforce.store import accounts, db

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


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the viewer chose in the sidebar; ids (not names) for the scope."""

    lang: str
    year_from: int
    year_to: int
    program: str | None = None
    institution: str | None = None
    employer: str | None = None
    sector: str | None = None
    district: str | None = None
    viewer: accounts.Account | None = None

    @property
    def policy(self) -> disclosure.Policy:
        """The disclosure policy for the viewer of this scope: NONE when the viewer owns it."""
        return disclosure.policy_for(self.viewer, self.scope)

    @property
    def scope(self) -> dict[str, str | None]:
        """The bound parameters of every scoped query (``db.scope_params``)."""
        return {name: getattr(self, name) for name in db.SCOPE}

    @property
    def params(self) -> dict[str, Any]:
        """The scope plus ``year_from`` and ``year_to``."""
        return {**self.scope, "year_from": self.year_from, "year_to": self.year_to}

    @property
    def years(self) -> list[int]:
        """Every year of the period, in order."""
        return list(range(self.year_from, self.year_to + 1))

    @property
    def partial_year(self) -> int | None:
        """The year still in progress (today's), if it is in the period."""
        current = db.today().year
        return current if self.year_from <= current <= self.year_to else None

    @property
    def last_full_year(self) -> int:
        """The last year of the period that has ended; the period's last year if none has."""
        ended = [y for y in self.years if y < db.today().year]
        return ended[-1] if ended else self.year_to

    @property
    def today(self) -> dt.date:
        """Today's date, as every figure "as of today" takes it (``db.today``)."""
        return db.today()

    def as_of(self, year: int) -> dt.date:
        """The date a year's figures are computed for: its 31 December, or today while it is in progress."""
        return min(dt.date(year, 12, 31), db.today())

    @property
    def scoped(self) -> bool:
        """Whether any scope filter is set."""
        return any(v is not None for v in self.scope.values())
