"""Protected tables: a frame's count, rate and statistic columns protected together (``Protected``)."""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workforce.disclosure.cells import (
    MISSING,
    SHOWN,
    SUPPRESSED,
    ZERO,
    Cell,
    count,
    is_missing,
    rate,
    rate_hidden,
    summary,
    whole,
)
from workforce.disclosure.policy import NONE, Policy, get_policy
from workforce.disclosure.solver import Engine, Node, protect_related, residual_nodes


@dataclass(frozen=True)
class Protected:
    """A protected table: ``display`` to show, ``numeric`` to plot, ``states`` to explain.

    display: numbers where shown, rounded or zero; the policy's label where
    suppressed; None where missing. numeric: floats, NaN where suppressed or
    missing. states: one of STATES for every protected cell. secondary: True
    where a cell was suppressed to protect another.
    """

    display: pd.DataFrame
    numeric: pd.DataFrame
    states: pd.DataFrame
    secondary: pd.DataFrame
    policy: Policy

    @classmethod
    def combine(cls, data: pd.DataFrame, *parts: "Protected | None") -> "Protected | None":
        """``data`` with the protected columns of each part (same rows, in order) over it; None if none."""
        found = [p for p in parts if p is not None]
        if not found:
            return None
        display = data.reset_index(drop=True).copy()
        numeric = display.copy()
        states = pd.DataFrame(index=display.index)
        secondary = pd.DataFrame(index=display.index)
        for part in found:
            for column in part.states.columns:
                display[column] = part.display[column].to_numpy()
                numeric[column] = part.numeric[column].to_numpy()
                states[column] = part.states[column].to_numpy()
                secondary[column] = part.secondary[column].to_numpy()
        return cls(display, numeric, states, secondary, found[-1].policy)

    @classmethod
    def stack(cls, frames: Sequence[pd.DataFrame], parts: Sequence["Protected | None"]) -> "Protected | None":
        """Frames with the same columns one under the other, each with its protection (None: the owner's
        exact figures, for a frame seen beside protected ones); None when no part is protected."""
        found = [p for p in parts if p is not None]
        if not found:
            return None
        columns = list(found[0].states.columns)
        whole = [
            part or _exact(frame, columns, found[0].policy) for frame, part in zip(frames, parts, strict=True)
        ]
        return cls(
            *(pd.concat([getattr(p, f) for p in whole], ignore_index=True) for f in FRAMES),
            found[0].policy,
        )

    def _each(self, change: Callable[[pd.DataFrame], pd.DataFrame]) -> "Protected":
        return Protected(
            change(self.display),
            change(self.numeric),
            change(self.states),
            change(self.secondary),
            self.policy,
        )

    def rows(self, keep: Sequence[bool]) -> "Protected":
        """Some rows (a boolean per row), renumbered from 0."""
        mask = list(keep)
        return self._each(lambda frame: frame[mask].reset_index(drop=True))

    def reorder(self, order: Sequence[int]) -> "Protected":
        """The rows in another order (row positions), renumbered from 0."""
        return self._each(lambda frame: frame.iloc[list(order)].reset_index(drop=True))

    @property
    def suppressed(self) -> pd.DataFrame:
        """True where a protected cell is suppressed (primary or complementary)."""
        return self.states == SUPPRESSED

    def formatted(
        self,
        number: Callable[[Any], str] = str,
        percent: Callable[[Any], str] | None = None,
        rates: Iterable[str] = (),
    ) -> pd.DataFrame:
        """``display`` as text: ``number`` formats counts, ``percent`` the columns named in ``rates``."""
        rates = set(rates)
        out = self.display.copy()
        for column in self.states.columns:
            fmt = percent if column in rates and percent is not None else number
            out[column] = [
                "" if s == MISSING else (v if s == SUPPRESSED else fmt(v))
                for v, s in zip(self.display[column], self.states[column])
            ]
        return out


FRAMES = ("display", "numeric", "states", "secondary")


def _exact(frame: pd.DataFrame, columns: Sequence[str], policy: Policy) -> Protected:
    """A frame's figures as they are (the owner's view), in a ``Protected`` beside protected ones."""

    def cell(value: Any) -> Cell:
        if is_missing(value):
            return Cell(None, None, MISSING)
        return Cell(value, value, ZERO if value == 0 else SHOWN)

    return from_cells(frame, {c: [cell(v) for v in frame[c]] for c in columns}, policy)


def _frames(
    cells: Mapping[Hashable, Sequence[Cell]], base: pd.DataFrame, drop: Iterable[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    display = base.drop(columns=[c for c in drop if c in base.columns])
    numeric = display.copy()
    states = pd.DataFrame(index=base.index)
    secondary = pd.DataFrame(index=base.index)
    for column, column_cells in cells.items():
        display[column] = pd.Series([c.shown for c in column_cells], index=base.index, dtype=object)
        numeric[column] = pd.Series(
            [np.nan if c.number is None else c.number for c in column_cells], index=base.index, dtype=float
        )
        states[column] = [c.state for c in column_cells]
        secondary[column] = [c.secondary for c in column_cells]
    return display, numeric, states, secondary


def from_cells(
    frame: pd.DataFrame, cells: Mapping[str, Sequence[Cell]], policy: Policy, drop: Iterable[str] = ()
) -> Protected:
    """A ``Protected`` frame from cells protected elsewhere (``protect_related``), one per row and column."""
    display, numeric, states, secondary = _frames(cells, frame.reset_index(drop=True), drop)
    return Protected(display, numeric, states, secondary, policy)


def protect_table(
    table: pd.DataFrame | pd.Series,
    *,
    row_total: Hashable | None = None,
    column_total: Hashable | None = None,
    policy: Policy | None = None,
) -> Protected:
    """Protect a table of counts whose row ``row_total`` sums the other rows and/or column ``column_total``
    sums the other columns (a one-way table: one of them; a two-way table with margins: both).

    Example: ``protect_table(by_program_and_year, row_total="all programs")``.
    """
    pol = policy or get_policy()
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if row_total is not None and row_total not in frame.index:
        raise ValueError(f"no total row {row_total!r} in the table")
    if column_total is not None and column_total not in frame.columns:
        raise ValueError(f"no total column {column_total!r} in the table")
    n_rows, n_columns = frame.shape
    nodes = [Node(count(v, pol)) for v in frame.to_numpy(dtype=object).ravel()]
    groups: list[tuple[int, list[int]]] = []
    if row_total is not None:
        r = frame.index.get_loc(row_total)
        for c in range(n_columns):
            groups.append((r * n_columns + c, [k * n_columns + c for k in range(n_rows) if k != r]))
    if column_total is not None:
        c = frame.columns.get_loc(column_total)
        for r in range(n_rows):
            groups.append((r * n_columns + c, [r * n_columns + k for k in range(n_columns) if k != c]))
    Engine(nodes, groups, pol).run()
    cells = {
        column: [nodes[r * n_columns + c].cell for r in range(n_rows)]
        for c, column in enumerate(frame.columns)
    }
    display, numeric, states, secondary = _frames(cells, frame)
    return Protected(display, numeric, states, secondary, pol)


def protect_long(
    frame: pd.DataFrame,
    value: str,
    *,
    rows: str,
    columns: str,
    row_total: Hashable | None = None,
    column_total: Hashable | None = None,
    policy: Policy | None = None,
) -> Protected:
    """``protect_table`` for a long frame (one row per ``rows`` x ``columns`` pair), in the frame's shape.

    Example: participants by (group_id, year) with group_id "(all)" rows as the
    per-year totals: ``protect_long(f, "participants", rows="group_id", columns="year", row_total="(all)")``.
    Pairs absent from the frame count as known zeros for the others.
    """
    if frame.duplicated([rows, columns]).any():
        raise ValueError(f"more than one row for some ({rows}, {columns}) pair")
    table = frame.pivot(index=rows, columns=columns, values=value)
    protected = protect_table(table, row_total=row_total, column_total=column_total, policy=policy)
    position = [
        (table.index.get_loc(r), table.columns.get_loc(c)) for r, c in zip(frame[rows], frame[columns])
    ]

    def back(wide: pd.DataFrame) -> list:
        values = wide.to_numpy(dtype=object)
        return [values[r, c] for r, c in position]

    cells = {
        value: [
            Cell(v, s_, st_, sec)
            for v, s_, st_, sec in zip(
                frame[value], back(protected.display), back(protected.states), back(protected.secondary)
            )
        ]
    }
    display, numeric, states, secondary = _frames(cells, frame)
    return Protected(display, numeric, states, secondary, protected.policy)


@dataclass(frozen=True)
class Count:
    """A count column; ``own``: a column with the viewer's own part of it (a benchmark), if any."""

    column: str
    own: str | None = None


@dataclass(frozen=True)
class Rate:
    """A rate column with the columns of its numerator and denominator.

    ``complement``: the numerator is a subset of the denominator (a share), so
    denominator - numerator is a count too. ``own_numerator``/``own_denominator``:
    columns with the viewer's own part (a benchmark); the rate is suppressed when
    the rate of everyone else would be.
    """

    column: str
    numerator: str
    denominator: str
    complement: bool = True
    own_numerator: str | None = None
    own_denominator: str | None = None


@dataclass(frozen=True)
class Summary:
    """A statistic column (a median) with the column counting the individuals it is computed over."""

    column: str
    base: str


def interval_columns(rate_column: str) -> tuple[str, str]:
    """The columns of a rate's 95% interval, where a frame has them: ``placement_rate_low`` and ``_high``."""
    return f"{rate_column}_low", f"{rate_column}_high"


def intervals_follow_rates(data: pd.DataFrame, protected: "Protected | None") -> "Protected | None":
    """``protected`` with the interval columns of ``data`` (``interval_columns``) protected after their
    rates' final states, however those were reached (a cube's cells, ``combine``): an interval is shown
    only where its rate is, and never beside rounded counts."""
    if protected is None:
        return None
    frame = data.reset_index(drop=True)
    rates = [c for c in protected.states.columns if set(interval_columns(c)) <= set(frame.columns)]
    if not rates:
        return protected
    cells = {}
    for rate_column in rates:
        rate_cells = [
            Cell(None, shown, state, bool(secondary))
            for shown, state, secondary in zip(
                protected.display[rate_column],
                protected.states[rate_column],
                protected.secondary[rate_column],
            )
        ]
        for column in interval_columns(rate_column):
            cells[column] = [
                _interval_cell(v, r, protected.policy) for v, r in zip(frame[column], rate_cells)
            ]
    base = protected.display.copy()
    for column in cells:
        base[column] = frame[column].to_numpy()
    return Protected.combine(base, protected, from_cells(frame, cells, protected.policy))


def _interval_cell(value: Any, rate_cell: Cell, pol: Policy) -> Cell:
    """One end of a rate's interval: hidden with the rate, and under a rounding policy (the interval of
    the exact counts would give them back beside the rounded ones)."""
    if is_missing(value) or rate_cell.state == MISSING:
        return Cell(None, None, MISSING)
    if rate_cell.state == SUPPRESSED:
        return Cell(float(value), rate_cell.shown, SUPPRESSED, secondary=rate_cell.secondary)
    if pol.round_to is not None:
        return Cell(float(value), pol.rate_label, SUPPRESSED, secondary=True)
    return Cell(float(value), float(value), SHOWN)


def _protect_column(
    frame: pd.DataFrame,
    column: str,
    own: str | None,
    total_row: Hashable | None,
    pol: Policy,
    known_total: bool = False,
) -> list[Cell]:
    """One count column of a frame, complementary-suppressed down the column when it has a total row,
    or when its sum is known to the reader (``known_total``: shown elsewhere, never suppressed here)."""
    nodes = [Node(count(v, pol)) for v in frame[column]]
    groups: list[tuple[int, list[int]]] = []
    if total_row is not None:
        t = frame.index.get_loc(total_row)
        groups.append((t, [k for k in range(len(frame)) if k != t]))
    if known_total and len(frame):
        nodes.append(Node(count(sum(whole(v, "a count") for v in frame[column]), pol), fixed=True))
        groups.append((len(frame), list(range(len(frame)))))
    if own is not None:
        for k, mine in enumerate(frame[own]):
            residual_nodes(nodes, groups, k, mine, pol)
    Engine(nodes, groups, pol).run()
    return [nodes[k].cell for k in range(len(frame))]


def protect_frame(
    frame: pd.DataFrame,
    *,
    counts: Sequence[str | Count] = (),
    rates: Sequence[Rate] = (),
    summaries: Sequence[Summary] = (),
    total_row: Hashable | None = None,
    known_total: bool = False,
    policy: Policy | None = None,
) -> Protected:
    """Protect the count, rate and statistic columns of a frame, one row per group (a year, a cohort).

    ``total_row``: the index label of a row whose counts are the totals of the
    other rows (complementary suppression down each count column).
    ``known_total``: the rows are the parts of a total the reader knows from
    elsewhere (the page shows it, or the sum of figures it shows): each count
    column is protected against its sum, which is never suppressed here. A rate is
    also suppressed when its numerator or denominator count was suppressed
    (undeclared ones are protected as counts for this, since a shown rate
    times its denominator gives the numerator back). Numerator, denominator,
    base and own columns that are not declared counts are dropped from display
    and numeric.
    Example: ``protect_frame(cohorts, counts=["cohort_size"],
    rates=[Rate("placement_rate", "placed", "cohort_size")])``.
    """
    pol = policy or get_policy()
    counts = [c if isinstance(c, Count) else Count(c) for c in counts]
    declared = {c.column for c in counts}
    if total_row is not None and total_row not in frame.index:
        raise ValueError(f"no total row {total_row!r} in the frame")
    cells = {
        spec.column: _protect_column(frame, spec.column, spec.own, total_row, pol, known_total)
        for spec in counts
    }
    # a shown rate times its denominator gives the numerator back: protect undeclared ones as counts too
    implied = {
        column: _protect_column(frame, column, None, total_row, pol, known_total)
        for spec in rates
        for column in (spec.numerator, spec.denominator)
        if column not in declared
    }
    for spec in rates:
        column_cells = []
        for k in range(len(frame)):
            row = frame.iloc[k]
            cell = rate(
                row[spec.numerator],
                row[spec.denominator],
                pol,
                value=row[spec.column],
                complement=spec.complement,
            )
            linked = [{**implied, **cells}[c][k] for c in (spec.numerator, spec.denominator)]
            rest_hidden = False
            if spec.own_numerator is not None and spec.own_denominator is not None and cell.state != MISSING:
                own_num, own_den = row[spec.own_numerator], row[spec.own_denominator]
                if not (is_missing(own_num) or is_missing(own_den)):
                    rest_num = whole(row[spec.numerator], "a numerator") - whole(own_num, "an own part")
                    rest_den = whole(row[spec.denominator], "a denominator") - whole(own_den, "an own part")
                    rest_hidden = rest_den > 0 and rate_hidden(rest_num, rest_den, pol, spec.complement)
            if cell.state not in (SUPPRESSED, MISSING) and (
                rest_hidden or any(c.state == SUPPRESSED for c in linked)
            ):
                cell = Cell(cell.value, pol.secondary_label, SUPPRESSED, secondary=True)
            column_cells.append(cell)
        cells[spec.column] = column_cells
    for spec in rates:  # a rate's interval is shown where the rate is, and never beside rounded counts
        for column in interval_columns(spec.column):
            if column in frame.columns:
                cells[column] = [_interval_cell(v, r, pol) for v, r in zip(frame[column], cells[spec.column])]
    for spec in summaries:
        cells[spec.column] = [summary(v, n, pol) for v, n in zip(frame[spec.column], frame[spec.base])]
    helpers = {
        *(c.own for c in counts if c.own),
        *(r.numerator for r in rates),
        *(r.denominator for r in rates),
        *(r.own_numerator for r in rates if r.own_numerator),
        *(r.own_denominator for r in rates if r.own_denominator),
        *(s.base for s in summaries),
    } - declared
    display, numeric, states, secondary = _frames(cells, frame, drop=helpers)
    return Protected(display, numeric, states, secondary, pol)


def protect_points(
    frame: pd.DataFrame,
    policies: Sequence[Policy],
    *,
    size: str,
    counted: str,
    values: Sequence[str],
) -> Protected | None:
    """One row per point of a comparison (an institution in a funnel plot), each under its own viewer's
    policy (``policies``, one per row): a point is hidden, all its ``values`` with it, when its ``size``,
    its ``counted`` part or the rest is 1 to the threshold - 1 (the rate rule); sizes and counts are
    rounded under a rounding policy. None when every row is the owner's."""
    if all(p is NONE for p in policies):
        return None
    shown_policy = next(p for p in policies if p is not NONE)
    cells: dict[str, list[Cell]] = {size: [], counted: [], **{v: [] for v in values}}
    for (_, row), pol in zip(frame.iterrows(), policies, strict=True):
        n, k = whole(row[size], "a size"), whole(row[counted], "a count")
        hidden = pol is not NONE and n > 0 and rate_hidden(k, n, pol, complement=True)
        for column, value in ((size, n), (counted, k)):
            cell = count(value, pol)
            cells[column].append(
                Cell(value, pol.rate_label, SUPPRESSED) if hidden and cell.state != ZERO else cell
            )
        for column in values:
            value = row[column]
            if is_missing(value):
                cells[column].append(Cell(None, None, MISSING))
            elif hidden:
                cells[column].append(Cell(value, pol.rate_label, SUPPRESSED))
            else:
                cells[column].append(Cell(value, value, SHOWN))
    return from_cells(frame, cells, shown_policy)


def protect_funnel(
    stages: pd.DataFrame, count_column: str, share_column: str, policy: Policy
) -> Protected | None:
    """Nested stages (each a subset of the one before, the first the whole group), protected so that
    neither a stage nor the difference of any two stages (those who dropped out between them) gives a
    small count away; a share is shown only beside a shown stage and a shown first stage. None for the owner.
    """
    if policy is NONE:
        return None
    values = {("stage", k): int(v) for k, v in enumerate(stages[count_column])}
    groups = []
    for i in range(len(stages)):
        for j in range(i + 1, len(stages)):
            values[("gone", i, j)] = values[("stage", i)] - values[("stage", j)]
            groups.append((("stage", i), [("stage", j), ("gone", i, j)]))
    hidden = [k for k in values if k[0] == "gone"]
    # the first stage (the whole group) is shown as it is elsewhere (the cohort size)
    cells = protect_related(values, groups, hidden=hidden, known=[("stage", 0)], policy=policy)
    counts = [cells[("stage", k)] for k in range(len(stages))]
    shares = []
    for k, share in enumerate(stages[share_column]):
        cell = summary(share, counts[k].value, policy)
        if cell.state not in (SUPPRESSED, MISSING) and (
            counts[k].state == SUPPRESSED or counts[0].state == SUPPRESSED
        ):
            cell = Cell(cell.value, policy.secondary_label, SUPPRESSED, secondary=True)
        shares.append(cell)
    return from_cells(stages, {count_column: counts, share_column: shares}, policy)


def plotted(data: pd.DataFrame, protected: "Protected | None") -> pd.DataFrame:
    """What a chart may plot: the protected columns as numbers, NaN where suppressed or missing."""
    if protected is None:
        return data
    protected = intervals_follow_rates(data, protected)
    out = data.reset_index(drop=True).copy()
    for column in protected.states.columns:
        if column in out.columns:
            out[column] = protected.numeric[column].to_numpy()
    return out


def protection(
    data: pd.DataFrame,
    policy: Policy,
    *,
    counts: Sequence["str | Count"] = (),
    rates: Sequence["Rate"] = (),
    summaries: Sequence["Summary"] = (),
    total_row: Any = None,
    known_total: bool = False,
) -> "Protected | None":
    """The declared count, rate and statistic columns of ``data`` protected under the policy (those
    ``data`` has); None for the owner's view or when nothing is declared. ``total_row`` and
    ``known_total``: see ``protect_frame``."""
    if policy is NONE or not (counts or rates or summaries):
        return None
    present = set(data.columns)
    counts = [c for c in counts if (c.column if isinstance(c, Count) else c) in present]
    rates = [r for r in rates if r.column in present and {r.numerator, r.denominator} <= present]
    summaries = [m for m in summaries if m.column in present and m.base in present]
    return protect_frame(
        data.reset_index(drop=True),
        counts=counts,
        rates=rates,
        summaries=summaries,
        total_row=total_row,
        known_total=known_total,
        policy=policy,
    )
