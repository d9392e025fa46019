"""How much of the picture a page's hire figures rest on (Overview, Employers, Pipeline).

A hire from an internship can follow a placement for a year after it ends, and a hire's retention is
observable only once it is 6 or 12 months old: so a rate of a recent year, or retention over recent
hires, rests on part of the people it names. These are the shares it rests on; the Cohorts page's
knowledge rate is the same idea for a graduation cohort (``quality_knowledge_rate``).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from workforce import disclosure
from workforce.pagedata.scope import Database, period, scope_of
from workforce.store import db


@dataclass(frozen=True)
class Share:
    """A part of a whole: ``part`` of the ``whole`` people or placements a figure names."""

    part: int
    whole: int

    def cell(self, policy: disclosure.Policy) -> disclosure.Cell:
        """The share as a viewer under ``policy`` sees it: a rate, hidden when the part, the whole or the
        rest is a small count (``disclosure.rate``); missing when the whole is 0."""
        return disclosure.rate(self.part, self.whole, policy)


def hire_rate(
    params: Mapping, year_from: int | None, year_to: int | None, today: dt.date, database: Database = None
) -> dict[int, Share]:
    """By year of a placement's end, the intern hire rate's denominator and those of it whose outcome is
    settled on ``today``: hired from one of these placements, or the last of them ended more than 365
    days before (``hire_coverage``)."""
    frame = db.run(
        "hire_coverage", {**scope_of(params), **period(year_from, year_to), "today": today}, database
    )
    return {
        int(row.year): Share(int(row.interns_settled), int(row.interns))
        for row in frame.itertuples(index=False)
    }


def placements(
    params: Mapping, year_from: int | None, year_to: int | None, today: dt.date, database: Database = None
) -> Share:
    """The completed placements of the period that ended more than 365 days before ``today``: the
    Pipeline's outcomes of the others may still change from "not hired" to a hire
    (``placement_coverage``)."""
    frame = db.run(
        "placement_coverage", {**scope_of(params), **period(year_from, year_to), "today": today}, database
    )
    row = next(frame.itertuples(index=False))
    return Share(int(row.placements_settled), int(row.placements))


def retention(params: Mapping, as_of: dt.date, database: Database = None) -> dict[str, Share]:
    """Of every hire in scope made by ``as_of``, those old enough for retention at 6 and at 12 months
    (``retention_6m``, ``retention_12m``: the rates' denominators; ``retention``)."""
    row = next(db.run("retention", {**scope_of(params), "as_of": as_of}, database).itertuples(index=False))
    return {
        "retention_6m": Share(int(row.denominator_6m), int(row.hires_to_date)),
        "retention_12m": Share(int(row.denominator_12m), int(row.hires_to_date)),
    }
