"""Participants and employers per year of one scope and its splits, protected together for every page.

The Overview shows a scope's yearly totals (its headline and the total line)
and the split by program; City trends shows the splits by program, sector and
district. A reader who sees a total on one page and a split on another can
subtract, so each year's total and all three splits are protected in one go
(``disclosure.protect_related``), whichever page asks: a figure shows the same
protected value on every page and every split is protected against the total.
Each year is protected on its own (the period chosen does not change a year's
figures while a split has no more than ``TOP`` groups), and the year before the
period too, so that a growth rate never gives a suppressed previous year back.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workforce import db, disclosure, metrics

SPLITS = ("program", "sector", "district")
MEASURES = ("participants", "employers")
TOP = 10
TOTAL = "total"
NO_GROUP = "\0none"  # stands for a null group_id (no program, no district) when grouping


@dataclass(frozen=True)
class ScopeYears:
    """One scope's figures per year: ``totals`` (year, participants, employers) and ``splits`` by
    program, sector and district (the rows of ``participants_by_year_and_group`` plus ``previous``),
    each with its protected cells (None for the owner's view)."""

    totals: pd.DataFrame
    splits: dict[str, pd.DataFrame]
    protected_totals: disclosure.Protected | None
    protected_splits: dict[str, disclosure.Protected | None]
    cells: dict

    def cell(self, year: int, measure: str, by: str | None = None, group: object = None) -> disclosure.Cell:
        """The protected figure of a year: the scope's total, or one group's of a split."""
        key = (TOTAL, None, year, measure) if by is None else (by, _group(group), year, measure)
        return self.cells[key]

    def has(self, year: int, measure: str, by: str, group: object) -> bool:
        """Whether a group has its own figure in a split (not pooled into "(other)")."""
        return (by, _group(group), year, measure) in self.cells


def _group(group: object) -> object:
    """A split's group id as a key: NO_GROUP for a null one."""
    return NO_GROUP if pd.isna(group) else group


def _growth(row: pd.Series, now: disclosure.Cell, before: disclosure.Cell | None, pol) -> disclosure.Cell:
    """Growth, suppressed also when this year's or the year before's count is (it would give them back)."""
    cell = disclosure.rate(row["participants"], row["previous"], pol, value=row["growth"], complement=False)
    linked = [now] if before is None else [now, before]
    if cell.state not in (disclosure.SUPPRESSED, disclosure.MISSING) and any(
        c.state == disclosure.SUPPRESSED for c in linked
    ):
        return disclosure.Cell(cell.value, pol.secondary_label, disclosure.SUPPRESSED, secondary=True)
    return cell


def scope_years(
    scope: Mapping,
    year_from: int,
    year_to: int,
    policy: disclosure.Policy,
    top: int = TOP,
    shown: tuple[str, ...] = SPLITS,
) -> ScopeYears:
    """The scope's totals and splits for the period, protected together under ``policy``.

    ``shown``: the splits the page shows. The owner's view (nothing to protect)
    computes only those; any other view computes all of them, since every split
    is protected against the total.
    """
    first = year_from - 1
    reported = {r["year"]: r for r in metrics.by_year(dict(scope))}
    totals = pd.DataFrame(
        [
            {"year": y, **{m: reported[y][m] if y in reported else 0 for m in MEASURES}}
            for y in range(first, year_to + 1)
        ]
    )
    whole, splits = {}, {}
    needed = shown if policy is disclosure.NONE else SPLITS
    for by in needed:
        params = {**scope, "year_from": first, "year_to": year_to, "by": by, "top": top}
        frame = db.run("participants_by_year_and_group", params).copy()
        frame["previous"] = frame.groupby("group_id", dropna=False)["participants"].shift()
        in_period = frame["year"] >= year_from
        group = frame["group_id"].map(_group)
        active = set(group[in_period & (frame["participants"] > 0)])
        whole[by] = frame
        splits[by] = frame[in_period & group.isin(active)].reset_index(drop=True)
    cells: dict = {}
    for year in range(first, year_to + 1):
        for measure in MEASURES:
            total = (TOTAL, None, year, measure)
            values = {total: int(totals.loc[totals["year"] == year, measure].iloc[0])}
            groups = []
            for by in needed:
                rows = whole[by][whole[by]["year"] == year]
                parts = [(by, _group(g), year, measure) for g in rows["group_id"]]
                values.update(zip(parts, (int(v) for v in rows[measure]), strict=True))
                groups.append((total, parts))
            cells.update(disclosure.protect_related(values, groups, policy=policy))
    protected_splits: dict[str, disclosure.Protected | None] = dict.fromkeys(needed)
    if policy is not disclosure.NONE:
        for by, shown in splits.items():
            keys = list(zip(shown["group_id"].map(_group), shown["year"], strict=True))
            column = {m: [cells[(by, g, y, m)] for g, y in keys] for m in MEASURES}
            column["growth"] = [
                _growth(
                    row, cells[(by, g, y, "participants")], cells.get((by, g, y - 1, "participants")), policy
                )
                for (g, y), (_, row) in zip(keys, shown.iterrows(), strict=True)
            ]
            protected_splits[by] = disclosure.from_cells(shown, column, policy, drop=["previous"])
    shown_totals = totals[totals["year"] >= year_from].reset_index(drop=True)
    protected_totals = None
    if policy is not disclosure.NONE:
        protected_totals = disclosure.from_cells(
            shown_totals,
            {m: [cells[(TOTAL, None, y, m)] for y in shown_totals["year"]] for m in MEASURES},
            policy,
        )
    return ScopeYears(shown_totals, splits, protected_totals, protected_splits, cells)
