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
For a viewer who does not own the scope, the city and every one-filter scope are
protected together with the splits pages show of them (``protected_cube``), so
that figures of different filter choices cannot be subtracted either.
"""

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workforce import disclosure
from workforce.analysis import metrics
from workforce.store import db

SPLITS = ("program", "sector", "district")
MEASURES = ("participants", "employers")
TOP = 10
Database = str | os.PathLike | None
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
    withheld: frozenset[str] = frozenset()
    """Splits not shown to this viewer: the cube has no such cells (an institution's by sector or
    district, an employer's by program), so they are the owner's alone."""

    def cell(self, year: int, measure: str, by: str | None = None, group: object = None) -> disclosure.Cell:
        """The protected figure of a year: the scope's total, or one group's of a split."""
        key = (TOTAL, None, year, measure) if by is None else (by, _group(group), year, measure)
        return self.cells[key]

    def has(self, year: int, measure: str, by: str, group: object) -> bool:
        """Whether a group has its own figure in a split (not pooled into "(other)")."""
        return (by, _group(group), year, measure) in self.cells


def own_key(viewer: object) -> tuple | None:
    """The one-filter scope a viewer knows exactly, its own (an institution's or an employer's account),
    as a cube key pair: the cross-view tables treat its figures as known to it. None for others."""
    for dimension, attribute in (("institution", "institution_id"), ("employer", "employer_id")):
        value = getattr(viewer, attribute, None)
        if value is not None:
            return (dimension, value)
    return None


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
    own: tuple | None = None,
    database: Database = None,
) -> ScopeYears:
    """The scope's totals and splits for the period, protected together under ``policy``.

    ``shown``: the splits the page shows. The owner's view (nothing to protect)
    computes only those. Any other view of a scope in the cube (the city, or one
    filter) reads the cube's cells, protected together with every other scope
    a non-owner can see; a scope outside it (two filters, only on the Employers
    page) is protected with its own splits.
    """
    if policy is not disclosure.NONE:
        cube = protected_cube(policy, top, database, own=own)
        key = cube.key(scope)
        if key is not None:
            return _from_cube(cube, key, year_from, year_to, policy)
    first = year_from - 1
    reported = {r["year"]: r for r in metrics.by_year(dict(scope), database)}
    totals = pd.DataFrame(
        [
            {"year": y, **{m: reported[y][m] if y in reported else 0 for m in MEASURES}}
            for y in range(first, year_to + 1)
        ]
    )
    whole = {}
    needed = shown if policy is disclosure.NONE else SPLITS
    for by in needed:
        params = {**scope, "year_from": first, "year_to": year_to, "by": by, "top": top}
        whole[by] = db.run("participants_by_year_and_group", params, database).copy()
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
    return _assemble(totals, whole, cells, year_from, policy)


def _assemble(
    totals: pd.DataFrame,
    whole: dict[str, pd.DataFrame],
    cells: dict,
    year_from: int,
    policy,
    withheld: frozenset[str] = frozenset(),
) -> ScopeYears:
    """ScopeYears from the yearly totals and splits (from the year before the period) and their cells."""
    splits = {}
    for by, frame in whole.items():
        frame = frame.copy()
        frame["previous"] = frame.groupby("group_id", dropna=False)["participants"].shift()
        in_period = frame["year"] >= year_from
        group = frame["group_id"].map(_group)
        active = set(group[in_period & (frame["participants"] > 0)])
        splits[by] = frame[in_period & group.isin(active)].reset_index(drop=True)
    protected_splits: dict[str, disclosure.Protected | None] = dict.fromkeys(whole)
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
    return ScopeYears(shown_totals, splits, protected_totals, protected_splits, cells, withheld)


# The cube: every scope a viewer who owns none can choose, and every split of one a page shows.
DIMENSIONS = ("program", "institution", "employer", "sector", "district")
ID_COLUMNS = {"program": "program_id", "institution": "institution_id", "employer": "employer_id",
              "sector": "sector", "district": "district"}  # fmt: skip
# The two-way cells are those a page shows of a one-filter scope; an institution's split by sector or
# district and an employer's by program are left out (owners only): those tables are mostly cells of
# 1-4, and protecting them with the rest took from 6 s to over 5 minutes per database version on the
# 20,000-participant demo (docs/access.md).
CUBE_SETS = {
    frozenset(s)
    for s in (
        (), ("program",), ("institution",), ("employer",), ("sector",), ("district",),
        ("program", "sector"), ("program", "district"), ("sector", "district"),
        ("institution", "program"),
    )
}  # fmt: skip
OTHER = "(other)"
FOLLOWS_EMPLOYER = ("sector", "district")


def _key(pairs: Mapping[str, object]) -> tuple:
    """A cube cell's key: its (dimension, group) pairs in DIMENSIONS order."""
    return tuple((d, pairs[d]) for d in DIMENSIONS if d in pairs)


@dataclass(frozen=True)
class Cube:
    """Participants and employers per year of every cube cell (``values``) and their protected ``cells``,
    by (key, year, measure); ``splits``: the groups of each (scope key, dimension) split a page shows,
    largest first, with the pooled rest under OTHER."""

    values: dict
    cells: dict
    employers: dict
    splits: dict

    def normal(self, pairs: Mapping[str, object]) -> tuple:
        """The key of a scope: an employer's own sector and district say nothing more than the employer."""
        pairs = dict(pairs)
        if "employer" in pairs:
            own = self.employers.get(pairs["employer"], {})
            for d in FOLLOWS_EMPLOYER:
                if d in pairs and own.get(d) == pairs[d]:
                    del pairs[d]
        return _key(pairs)

    def key(self, scope: Mapping) -> tuple | None:
        """The cube key of a scope in ``db.scope_params`` form, or None when the cube has no such cell."""
        key = self.normal({d: v for d, v in scope.items() if v is not None})
        return key if frozenset(d for d, _ in key) in CUBE_SETS else None

    def cell(self, key: tuple, year: int, measure: str) -> disclosure.Cell:
        """A cell's protected figure; a combination without placements is a zero."""
        return self.cells.get((key, year, measure), disclosure.Cell(0, 0, disclosure.ZERO))

    def value(self, key: tuple, year: int, measure: str) -> int:
        return self.values.get((key, year, measure), 0)


def _parents(raw: dict, own: tuple, normal) -> list[tuple[tuple, frozenset]]:
    """The cube cells a row is a part of, each with the dimensions it splits them by."""
    removals = [frozenset({d}) for d in raw]
    if "employer" in raw:
        removals += [
            frozenset({"employer", *rest}) for rest in (("sector",), ("district",), FOLLOWS_EMPLOYER)
        ]
    found = []
    for removed in removals:
        parent = normal({d: v for d, v in raw.items() if d not in removed})
        if parent != own and frozenset(d for d, _ in parent) in CUBE_SETS:
            found.append((parent, removed))
    return found


# one table per database version, policy and reader's own scope (each a few MB at 1 M participants)
@functools.lru_cache(maxsize=64)
def _protected_cube(
    path: str, version: object, policy: disclosure.Policy, top: int, viewer_own: tuple | None
) -> Cube:
    years = db.run("placement_years", database=path).iloc[0]
    params = {"year_from": int(years["first_year"]), "year_to": int(years["last_year"])}
    frame = db.run("participants_by_year_cube", params, path)
    employers = {}
    rows = []
    for row in frame.to_dict("records"):
        raw = {d: _group(row[ID_COLUMNS[d]]) for d in row["dimensions"].split("+") if d}
        if set(raw) == {"employer", *FOLLOWS_EMPLOYER}:
            employers[raw["employer"]] = {d: raw[d] for d in FOLLOWS_EMPLOYER}
        rows.append((raw, row))
    cube = Cube({}, {}, employers, {})
    links: dict = {}  # (year, parent, removed dimensions) -> parts
    for raw, row in rows:
        own = cube.normal(raw)
        if frozenset(d for d, _ in own) not in CUBE_SETS:
            continue
        for m in MEASURES:
            cube.values[(own, row["year"], m)] = int(row[m])
        for parent, removed in _parents(raw, own, cube.normal):
            links.setdefault((row["year"], parent, removed), []).append(own)
    # each split a page shows: its groups, the largest over all years first; beyond `top`, pooled
    members: dict = {}
    for (year, parent, removed), parts in links.items():
        if len(removed) == 1 and next(iter(removed)) in SPLITS and len(parent) <= 1:
            by = next(iter(removed))
            for part in parts:
                group = dict(part)[by]
                size = members.setdefault((parent, by), {}).get(group, (0, part))[0]
                members[(parent, by)][group] = (size + cube.value(part, year, "participants"), part)
    pooled_links: dict = {}
    for (parent, by), groups in members.items():
        order = sorted(groups, key=lambda g: (g == NO_GROUP, -groups[g][0], str(g)))
        named = [g for g in order if g != NO_GROUP]
        kept = set(named[:top]) | ({NO_GROUP} & set(groups))
        rest = named[top:]
        cube.splits[(parent, by)] = [*(g for g in order if g in kept), *([OTHER] if rest else [])]
        if rest:
            other = cube.normal({**dict(parent), by: OTHER})
            for (year, p, removed), parts in list(links.items()):
                if p != parent or removed != frozenset({by}):
                    continue
                pooled = [part for part in parts if dict(part)[by] in rest]
                if not pooled:
                    continue
                for m in MEASURES:
                    cube.values[(other, year, m)] = sum(cube.value(part, year, m) for part in pooled)
                pooled_links[(year, other, removed)] = pooled
                pooled_links[(year, parent, frozenset({by, OTHER}))] = [
                    *(part for part in parts if dict(part)[by] not in rest),
                    other,
                ]
    links.update(pooled_links)
    by_year: dict = {}
    for (year, parent, removed), parts in links.items():
        by_year.setdefault(year, []).append((parent, parts, removed))
    for year in sorted({y for _, y, _ in cube.values}):
        for m in MEASURES:
            values = {key: v for (key, y, measure), v in cube.values.items() if y == year and measure == m}
            # an employer counts one employer, which every reader knows: the employers of a scope split
            # by employer are no equation to protect (it would pin each part to 1 and hide the total)
            groups = [
                (parent, parts)
                for parent, parts, removed in by_year.get(year, [])
                if not (m == "employers" and "employer" in removed)
            ]
            mine = [key for key in values if viewer_own in key]
            protected = disclosure.protect_related(values, groups, exact=mine, policy=policy)
            cube.cells.update({(key, year, m): cell for key, cell in protected.items()})
    return cube


def protected_cube(
    policy: disclosure.Policy, top: int = TOP, database: Database = None, own: tuple | None = None
) -> Cube:
    """Every cube cell of the database in use, protected together under ``policy`` (once per data version
    and viewer's own scope: ``own``, from ``own_key``, is known exactly to its viewer)."""
    path = db.db_path(database)
    return _protected_cube(str(path), db.database_version(path), policy, top, own)


def _from_cube(cube: Cube, key: tuple, year_from: int, year_to: int, policy) -> ScopeYears:
    """A scope's figures read from the cube: its totals and splits, as the pages show them."""
    years = range(year_from - 1, year_to + 1)
    totals = pd.DataFrame([{"year": y, **{m: cube.value(key, y, m) for m in MEASURES}} for y in years])
    cells = {(TOTAL, None, y, m): cube.cell(key, y, m) for y in years for m in MEASURES}
    whole = {}
    withheld = set()
    scope = dict(key)
    for by in SPLITS:
        if by in scope:
            groups = [(scope[by], key)]
        elif "employer" in scope and by in FOLLOWS_EMPLOYER:
            groups = [(cube.employers.get(scope["employer"], {}).get(by, NO_GROUP), key)]
        elif frozenset({*scope, by}) not in CUBE_SETS:
            groups = []
            withheld.add(by)
        else:
            groups = [(g, cube.normal({**scope, by: g})) for g in cube.splits.get((key, by), [])]
        rows = []
        for group, part in groups:
            for y in years:
                rows.append({"year": y, "group_id": None if group == NO_GROUP else group,
                             **{m: cube.value(part, y, m) for m in MEASURES}})  # fmt: skip
                cells.update({(by, group, y, m): cube.cell(part, y, m) for m in MEASURES})
        frame = pd.DataFrame(rows, columns=["year", "group_id", *MEASURES])
        previous = frame.groupby("group_id", dropna=False)["participants"].shift()
        frame["growth"] = (frame["participants"] / previous - 1).where(previous > 0)
        whole[by] = frame.sort_values("year", kind="stable").reset_index(drop=True)
    return _assemble(totals, whole, cells, year_from, policy, frozenset(withheld))


def figure_cells(
    figures: pd.DataFrame, policy: disclosure.Policy, database: Database = None, own: tuple | None = None
) -> list[disclosure.Cell]:
    """What the data shows for each published figure (rows of ``published_figures_check``), under
    ``policy``: a figure of participants or employers over one calendar year, of a scope in the cube,
    is the cube's own cell (the same value the Overview and City trends show, protected with them);
    any other is protected on its own."""
    if policy is disclosure.NONE:
        return [disclosure.count(n, policy) for n in figures["in_data"]]
    cube = protected_cube(policy, database=database, own=own)
    cells = []
    for row in figures.itertuples():
        start, end = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end)
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
        scope = {"program": row.program_id, "institution": row.institution_id, "employer": row.employer_id}
        key = cube.key({k: v for k, v in scope.items() if not pd.isna(v)})
        if row.metric in MEASURES and whole_year and key is not None:
            cells.append(cube.cell(key, start.year, row.metric))
        else:
            cells.append(disclosure.count(row.in_data, policy))
    return cells


# Hire figures of the city and of every one-filter scope, protected together per year and measure.
HIRE_MEASURES = ("hires", "internship_hires", "intern_hire_numerator", "intern_hire_denominator")


@functools.lru_cache(maxsize=64)
def _protected_hires(path: str, version: object, policy: disclosure.Policy, own: tuple | None) -> dict:
    frame = db.run("hires_by_year_cube", database=path)
    cells: dict = {}
    for (measure, year), rows in frame.groupby(["measure", "year"], sort=False):
        values: dict = {}
        members: dict = {}
        for dimension, group, value in zip(rows["dimension"], rows["group_id"], rows["value"], strict=True):
            key = () if dimension == "" else (dimension, _group(group))
            values[key] = int(value)
            if key:
                members.setdefault(dimension, []).append(key)
        values.setdefault((), 0)
        # no filter chooses "no program" or "no district": such a count is shown nowhere, but a reader
        # who subtracts every program from the city learns it
        hidden = [key for keys in members.values() for key in keys if key[1] == NO_GROUP]
        groups = [((), keys) for keys in members.values()]
        mine = [own] if own in values else []
        protected = disclosure.protect_related(values, groups, hidden=hidden, exact=mine, policy=policy)
        cells.update({(measure, int(year), key): cell for key, cell in protected.items()})
    return cells


@dataclass(frozen=True)
class HireCells:
    """One scope's protected hire figures (``hire_cells``)."""

    cells: dict
    key: tuple
    policy: disclosure.Policy

    def cell(self, year: int, measure: str) -> disclosure.Cell:
        """A figure of a year; a year without any is a zero."""
        return self.cells.get((measure, year, self.key), disclosure.Cell(0, 0, disclosure.ZERO))

    def columns(self, years: pd.DataFrame) -> dict[str, list[disclosure.Cell]]:
        """Protected cells for the hire columns of a frame of one row per year (``employers.years``):
        hires, the intern hire rate's numerator and denominator, and the rate itself."""
        cells = {
            m: [self.cell(int(y), m) for y in years["year"]]
            for m in ("hires", "intern_hire_numerator", "intern_hire_denominator")
            if m in years.columns
        }
        if "intern_hire_rate" in years.columns:
            cells["intern_hire_rate"] = [
                disclosure.report_rate(self.rate(int(y), None if pd.isna(v) else float(v)), self.policy)
                for y, v in zip(years["year"], years["intern_hire_rate"], strict=True)
            ]
        return cells

    def rate(self, year: int, value: float | None) -> dict | None:
        """The intern hire rate of a year as the report gives it, with protected numerator and
        denominator (``disclosure.report_rate`` suppresses the rate with either)."""
        if value is None:
            return None
        return {
            "value": value,
            "numerator": self.cell(year, "intern_hire_numerator"),
            "denominator": self.cell(year, "intern_hire_denominator"),
        }


def hire_cells(
    scope: Mapping, policy: disclosure.Policy, database: Database = None, own: tuple | None = None
) -> HireCells | None:
    """The hire figures of a scope as a viewer under ``policy`` sees them, protected together with the
    city's and every other one-filter scope's; None for the owner's view, or for a scope of more than
    one filter (an owner's combination)."""
    if policy is disclosure.NONE:
        return None
    chosen = {d: v for d, v in scope.items() if v is not None}
    if "employer" in chosen:
        chosen = {"employer": chosen["employer"]}  # its sector and district are its own
    if len(chosen) > 1:
        return None
    key = next(iter(chosen.items())) if chosen else ()
    path = db.db_path(database)
    return HireCells(_protected_hires(str(path), db.database_version(path), policy, own), key, policy)


def viewer_report(
    report: dict,
    scope: Mapping,
    policy: disclosure.Policy,
    database: Database = None,
    own: tuple | None = None,
) -> dict:
    """The metrics report as a viewer under ``policy`` sees it on the pages: the figures protected
    across views (participants, employers, hires, the intern hire rate, published figures) read from
    the same cells (``metrics.protect_report`` for the rest)."""
    if policy is disclosure.NONE:
        return metrics.protect_report(report, policy)
    cube = protected_cube(policy, database=database, own=own)
    key = cube.key(scope)
    hires = hire_cells(scope, policy, database, own)

    def cells(year: int, measure: str) -> disclosure.Cell | None:
        if measure in MEASURES:
            return None if key is None else cube.cell(key, year, measure)
        return None if hires is None else hires.cell(year, measure)

    checked = db.run("published_figures_check", database=database)
    figures = dict(zip(checked["figure_id"], figure_cells(checked, policy, database, own), strict=True))
    return metrics.protect_report(report, policy, cells, figures)
