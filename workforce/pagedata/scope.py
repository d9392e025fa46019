"""A page's scope and period as the bound parameters of its queries, shared by the page data modules, and
what a viewer chose (``Filters``: the sidebar's, or a digest's)."""

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from workforce import disclosure, i18n
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


# Where each kind's choices come from: query, id column, label column.
OPTIONS = {
    "program": ("program_names", "program_id", "name"),
    "institution": ("institution_names", "institution_id", "name"),
    "employer": ("employer_names", "employer_id", "name"),
    "sector": ("sector_names", "sector", "sector"),
    "district": ("district_names", "district", "district"),
}


def known_names(database: Database = None) -> dict[str, list[str]]:
    """Every name of each scope kind in the store, untranslated: what fixes a name's colour in charts."""
    return {kind: list(options(kind, database=database).values()) for kind in db.SCOPE}


def options(kind: str, lang: str | None = None, database: Database = None) -> dict[str, str]:
    """``{id: name}`` of one filter's choices (program, institution, employer, sector or district).

    Sectors arrive in English, as the contract's examples write them; with ``lang``
    they read in that language where the catalog (``sectors.json``) knows them.
    """
    query, id_column, label_column = OPTIONS[kind]
    frame = db.run(query, database=database)
    found = dict(zip(frame[id_column].astype(str), frame[label_column].astype(str)))
    if kind == "sector" and lang is not None:
        found = {
            k: i18n.t(f"sectors.{v}", lang) if i18n.has(f"sectors.{v}", lang) else v for k, v in found.items()
        }
    return found


def names(kind: str, ids: pd.Series, lang: str, database: Database = None) -> pd.Series:
    """Ids replaced by their names: a missing id reads "No program" (or "District not given"),
    the query's ``(other)`` group reads "Other", an unknown id stays as it is."""
    known = {**options(kind, lang, database), db.OTHER: i18n.t("common.other", lang)}
    empty = i18n.t("common.no_district" if kind == "district" else "common.no_program", lang)
    return ids.map(lambda v: empty if i18n.is_missing(v) else known.get(str(v), str(v)))


def scope_label(lang: str, database: Database = None, **scope: str | None) -> str:
    """A scope in words: the names of its parts joined by commas, or "the whole city" when it has none.

    Example: ``scope_label("ru", program="TECHNO", employer=None)`` -> "Техностажировка".
    """
    parts = [
        options(kind, lang, database).get(str(value), str(value))
        for kind, value in scope.items()
        if kind in OPTIONS and not i18n.is_missing(value)
    ]
    return ", ".join(parts) or i18n.t("common.whole_city", lang)


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
    on: dt.date | None = None
    """The day the view is of, as if it were today; None: today (the dashboard's)."""

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
        current = self.today.year
        return current if self.year_from <= current <= self.year_to else None

    @property
    def last_full_year(self) -> int:
        """The last year of the period that has ended; the period's last year if none has."""
        ended = [y for y in self.years if y < self.today.year]
        return ended[-1] if ended else self.year_to

    @property
    def today(self) -> dt.date:
        """The day the view is of: ``on`` when given (a digest's), else today (``db.today``)."""
        return self.on or db.today()

    def as_of(self, year: int) -> dt.date:
        """The date a year's figures are computed for: its 31 December, or today while it is in progress."""
        return min(dt.date(year, 12, 31), self.today)

    @property
    def scoped(self) -> bool:
        """Whether any scope filter is set."""
        return any(v is not None for v in self.scope.values())
