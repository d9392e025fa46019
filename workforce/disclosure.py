"""Statistical disclosure control: what a viewer who does not own a scope may see of small counts.

CONTRACT.md ("Small counts"): in any view seen by someone who does not own the
scope, no figure may let a reader learn a count between 1 and 4, directly or by
subtracting shown figures from a shown total. The owner's view (see
``accounts.Account.owns``) is exact: use ``policy_for`` and it returns ``NONE``.

Policies (``$WORKFORCE_DISCLOSURE``, default ``default``) and our exact readings.
Counts are non-negative integers; "zero stays zero" in every policy (a true 0
is shown as 0, never suppressed, also by complementary suppression); rounding
is to the nearest multiple, halves upwards (15 -> 20 to base 10).

``default`` (this project's contract; the common "fewer than 5" convention, as
in Ofqual's rounding policy for statistical publications, where values 1 to 4
are shown as "fewer than 5" and true zero as 0):
    count 0 -> 0; 1..4 -> "<5"; 5 and more -> exact.
    rate -> "<5" when its numerator, its denominator, or (for a share of a
    group) the complement denominator - numerator is 1..4; else exact.

``dfe`` (UK Department for Education's convention for published volumes, e.g.
its further education and skills statistics: volumes rounded to the nearest
10, "low" for fewer than 5; percentages from unrounded figures). Reading:
    count 0 -> 0; 1..4 -> "low"; 5 and more -> rounded to the nearest 10
    (5..14 -> 10, 15..24 -> 20).
    rate -> computed from the unrounded counts; "c" when the denominator is
    below 5, and (the contract's floor, which applies to every policy) when the
    numerator or the complement is 1..4.

``ons`` (the contract's "ONS 10-5": the ONS output-checking threshold of 10
combined with rounding to base 5). Reading:
    count 0 -> 0; 1..9 -> "[c]"; 10 and more -> rounded to the nearest 5
    (10..12 -> 10, 13..17 -> 15). One label for primary and complementary
    suppression, as ONS tables use "[c]" for both.
    rate -> from unrounded counts; "[c]" when the denominator is below 10, or
    by the contract's floor (numerator or complement 1..4).

``inserjeunes`` (France, DEPP/DARES InserJeunes: indicators are published for
a training only when its headcount is sufficient; the threshold is 20).
Reading: no indicator for a group of fewer than 20.
    count 0 -> 0; 1..19 -> "<20" (a count is the size of the group it counts);
    20 and more -> exact.
    rate -> "nd" (non diffusé) when the denominator (the group) is below 20,
    or by the contract's floor (numerator or complement 1..4).

Every policy: a statistic over individuals (a median salary, a median of days)
is suppressed when it is computed over fewer individuals than the policy's
rate threshold (``summary``).

Differencing. When a table shows totals and their parts, a suppressed cell
could be recovered by subtraction. ``protect_table`` (and ``protect_long``,
``protect_frame(total_row=...)``, ``safe_total``) apply complementary
suppression: every group (a total and the parts that add up to it: each row
and each column of a two-way table with margins) is checked; while a
suppressed cell of a group can be pinned to a single value from that group's
equation and what the reader knows of the other cells (exact shown values,
rounding intervals, "<5" = 1..4, a complementary "c" = 5 or more), the smallest
non-zero shown part of the group is suppressed too ("c"), or the total when no
part is left (when only small cells are left, one of them, the total first, is
shown as "c" rather than "<5", so that four "<5" beside a "<5" total of 4 do
not read as 1, 1, 1, 1). This repeats over rows and columns to a fixed point, and then a
linear-algebra check of all the table's equations together suppresses more
until no suppressed cell is determined by them. So a group never has exactly
one suppressed cell beside a shown total, and "<5" "<5" beside a shown total
of 2 is protected too. ``protect_related`` does the same for figures linked by
any totals and parts, by key: a total with several splits that different pages
show, or nested stages whose differences are counts no page shows (``hidden``).
Not covered: reasoning that combines several equations with the bounds (linear
programming over the whole table), and figures of different scopes (filter
combinations) that a reader puts together: see docs/access.md.

Benchmarks. A viewer who owns a part of a total (a college looking at the
city-wide figure that includes its own students) can subtract what it knows:
``safe_total(total, own=...)`` and ``Count(column, own=...)`` /
``Rate(..., own_numerator=..., own_denominator=...)`` suppress the figure when
the rest (total minus own) would itself be suppressed.

A protected cell has a state: ``shown`` (exact), ``rounded``, ``suppressed``,
``zero`` or ``missing`` (no figure: a rate with a zero denominator, a null).
"""

import math
import os
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

LARGE = 200
"""Above this many unknown cells, complementary suppression frees every determined cell in one round
(one linear-algebra check a round), rather than one cell a round."""
SHOWN, ROUNDED, SUPPRESSED, ZERO, MISSING = "shown", "rounded", "suppressed", "zero", "missing"
STATES = (SHOWN, ROUNDED, SUPPRESSED, ZERO, MISSING)


@dataclass(frozen=True)
class Policy:
    """A disclosure control policy: thresholds, rounding and the labels shown in place of figures."""

    name: str
    title: str
    threshold: int
    """Counts 1..threshold-1 are suppressed."""
    round_to: int | None
    """Counts from the threshold up are rounded to this base (None: shown exactly)."""
    rate_min_denominator: int
    """A rate (or a statistic) over fewer than this many is suppressed."""
    floor: int
    """The contract's floor: a rate whose numerator, denominator or complement is 1..floor-1 is suppressed."""
    small_label: str
    rate_label: str
    secondary_label: str


NONE = Policy("none", "Owner's view: nothing suppressed", 1, None, 1, 1, "", "", "")
POLICIES: dict[str, Policy] = {
    "default": Policy("default", "Counts 1-4 shown as <5", 5, None, 5, 5, "<5", "<5", "c"),
    "dfe": Policy("dfe", "UK DfE: nearest 10, low below 5", 5, 10, 5, 5, "low", "c", "c"),
    "ons": Policy("ons", "ONS 10-5: suppress below 10, nearest 5", 10, 5, 10, 5, "[c]", "[c]", "[c]"),
    "inserjeunes": Policy("inserjeunes", "InserJeunes: nothing below 20", 20, None, 20, 5, "<20", "nd", "c"),
}


def get_policy(name: str | None = None) -> Policy:
    """The policy by name, else $WORKFORCE_DISCLOSURE, else ``default``: ``get_policy("ons").name``."""
    chosen = (name or os.environ.get("WORKFORCE_DISCLOSURE") or "default").strip().lower()
    if chosen not in POLICIES:
        raise ValueError(f"unknown disclosure policy {chosen!r}; one of {', '.join(POLICIES)}")
    return POLICIES[chosen]


def policy_for(account: Any, scope: Mapping[str, Any], name: str | None = None) -> Policy:
    """NONE when the account owns the scope (``account.owns(scope)``), else the configured policy."""
    if account is not None and account.owns(scope):
        return NONE
    return get_policy(name)


@dataclass(frozen=True)
class Cell:
    """One protected figure: ``count(3)`` is ``Cell(value=3, shown="<5", state="suppressed")``.

    ``value`` is the true figure, for computing only: display ``shown``.
    ``secondary`` marks a cell suppressed to protect another (complementary).
    """

    value: float | None
    shown: int | float | str | None
    state: str
    secondary: bool = False

    @property
    def number(self) -> float | None:
        """What a chart may plot: the shown or rounded number, 0 for zero, None if suppressed or missing."""
        return None if self.state in (SUPPRESSED, MISSING) else float(self.shown)


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def _integer(x: Any, what: str) -> int:
    value = float(x)
    if value < 0 or not value.is_integer():
        raise ValueError(f"{what} must be a whole number >= 0, not {x!r}")
    return int(value)


def round_half_up(value: int, base: int) -> int:
    """``value`` to the nearest multiple of ``base``, halves upwards: ``round_half_up(15, 10) == 20``."""
    return (2 * value + base) // (2 * base) * base


def count(value: Any, policy: Policy | None = None) -> Cell:
    """A count under a policy: ``count(12, get_policy("dfe")).shown == 10``."""
    pol = policy or get_policy()
    if _missing(value):
        return Cell(None, None, MISSING)
    v = _integer(value, "a count")
    if v == 0:
        return Cell(0, 0, ZERO)
    if v < pol.threshold:
        return Cell(v, pol.small_label, SUPPRESSED)
    if pol.round_to:
        return Cell(v, round_half_up(v, pol.round_to), ROUNDED)
    return Cell(v, v, SHOWN)


def _rate_hidden(numerator: int, denominator: int, pol: Policy, complement: bool) -> bool:
    """Whether a rate over these counts must be suppressed under the policy (denominator > 0)."""
    small = range(1, pol.floor)
    return (
        denominator < pol.rate_min_denominator
        or numerator in small
        or denominator in small
        or (complement and denominator - numerator in small)
    )


_FROM_COUNTS = object()


def rate(
    numerator: Any,
    denominator: Any,
    policy: Policy | None = None,
    *,
    value: Any = _FROM_COUNTS,
    complement: bool = True,
) -> Cell:
    """A rate under a policy: ``rate(3, 40).shown == "<5"``; missing for a zero denominator.

    ``value`` defaults to numerator / denominator (pass it for growth and the
    like, with ``complement=False`` when the numerator is not a subset of the
    denominator).
    """
    pol = policy or get_policy()
    if _missing(numerator) or _missing(denominator) or float(denominator) == 0:
        return Cell(None, None, MISSING)
    num, den = _integer(numerator, "a numerator"), _integer(denominator, "a denominator")
    figure = num / den if value is _FROM_COUNTS else value
    if _missing(figure):
        return Cell(None, None, MISSING)
    figure = float(figure)
    if _rate_hidden(num, den, pol, complement):
        return Cell(figure, pol.rate_label, SUPPRESSED)
    if figure == 0:
        return Cell(0.0, 0.0, ZERO)
    return Cell(figure, figure, SHOWN)


def report_rate(figure: Mapping | None, policy: Policy | None = None, *, complement: bool = True) -> Cell:
    """A rate from the metrics report (``{"value", "numerator", "denominator"}`` or None) under a policy.

    The numerator and denominator may be cells protected elsewhere (``yearly.hire_cells``): the rate is
    then suppressed also when either of them is, since a shown rate and one count give the other.
    """
    if figure is None:
        return Cell(None, None, MISSING)
    pol = policy or get_policy()
    numerator, denominator = figure["numerator"], figure["denominator"]
    linked = [c for c in (numerator, denominator) if isinstance(c, Cell)]
    if linked:
        numerator, denominator = (c.value if isinstance(c, Cell) else c for c in (numerator, denominator))
    cell = rate(numerator, denominator, pol, value=figure["value"], complement=complement)
    if cell.state not in (SUPPRESSED, MISSING) and any(c.state == SUPPRESSED for c in linked):
        return Cell(cell.value, pol.secondary_label, SUPPRESSED, secondary=True)
    return cell


def count_shown(value: Any, policy: Policy | None = None) -> int | float | str | None:
    """What a count shows under a policy; a cell protected elsewhere shows as it was protected."""
    return value.shown if isinstance(value, Cell) else count(value, policy).shown


def summary(value: Any, base: Any, policy: Policy | None = None) -> Cell:
    """A statistic over ``base`` individuals (a median salary): suppressed below the rate threshold."""
    pol = policy or get_policy()
    if _missing(value) or _missing(base) or float(base) == 0:
        return Cell(None, None, MISSING)
    n = _integer(base, "a base count")
    figure = float(value)
    if n < max(pol.rate_min_denominator, pol.floor):
        return Cell(figure, pol.rate_label, SUPPRESSED)
    if figure == 0:
        return Cell(0.0, 0.0, ZERO)
    return Cell(figure, figure, SHOWN)


@dataclass
class _Node:
    """A cell inside the complementary-suppression engine."""

    cell: Cell
    fixed: bool = False
    """Never chosen for complementary suppression (the viewer's own part, known to them)."""
    hidden: bool = False
    """Not displayed, but sensitive if pinned (the rest of a benchmark after the viewer's own part)."""


class _Engine:
    """Complementary suppression over cells linked by groups ``(total, parts)``: total = sum of parts."""

    def __init__(self, nodes: list[_Node], groups: list[tuple[int, list[int]]], pol: Policy) -> None:
        self.nodes = nodes
        self.pol = pol
        self.groups = [(t, p) for t, p in groups if nodes[t].cell.state != MISSING and p]

    def _unknown(self, i: int) -> bool:
        node = self.nodes[i]
        return node.hidden or node.cell.state in (SUPPRESSED, ROUNDED)

    def _sensitive(self, i: int) -> bool:
        node = self.nodes[i]
        return node.hidden or node.cell.state == SUPPRESSED

    def bounds(self, i: int) -> tuple[float, float]:
        """What a reader knows of cell i: the interval of values consistent with what is displayed."""
        node, pol = self.nodes[i], self.pol
        cell = node.cell
        if node.hidden:
            return (0.0, math.inf)
        if cell.state in (ZERO, MISSING):
            return (0.0, 0.0)
        if cell.state == SHOWN:
            return (float(cell.value), float(cell.value))
        if cell.state == ROUNDED:
            half = pol.round_to / 2
            return (max(math.ceil(cell.shown - half), pol.threshold), math.ceil(cell.shown + half) - 1)
        if pol.small_label == pol.secondary_label:
            return (1.0, math.inf)
        return (float(pol.threshold), math.inf) if cell.secondary else (1.0, pol.threshold - 1.0)

    def _exposed(self, total: int, parts: list[int]) -> bool:
        """Whether the group's equation leaves the reader a single possible value for a sensitive cell
        of it: that cell's bounds narrowed by the total and the other parts' bounds (one pass)."""
        members = [total, *parts]
        if not any(self._sensitive(j) for j in members):
            return False
        if sum(self._unknown(j) for j in members) == 1:
            return True
        bounds = [self.bounds(j) for j in members]
        low_sum = sum(b[0] for b in bounds[1:])
        high_finite = sum(b[1] for b in bounds[1:] if b[1] < math.inf)
        high_infinite = sum(b[1] == math.inf for b in bounds[1:])
        for k, j in enumerate(members):
            if not self._sensitive(j):
                continue
            if k == 0:
                low, high = low_sum, (math.inf if high_infinite else high_finite)
            else:
                own_infinite = bounds[k][1] == math.inf
                others_high = (
                    math.inf
                    if high_infinite - own_infinite
                    else high_finite - (0 if own_infinite else bounds[k][1])
                )
                low = bounds[0][0] - others_high
                high = bounds[0][1] - (low_sum - bounds[k][0])
            low, high = max(low, bounds[k][0]), min(high, bounds[k][1])
            if high < math.inf and math.floor(high) - math.ceil(low) == 0:
                return True
        return False

    def _candidate(self, total: int, parts: list[int]) -> int | None:
        """The smallest non-zero displayed part of the group (first by position), else its total."""
        open_ = [
            j
            for j in parts
            if not self.nodes[j].fixed
            and not self.nodes[j].hidden
            and self.nodes[j].cell.state in (SHOWN, ROUNDED)
        ]
        if open_:
            return min(open_, key=lambda j: (self.nodes[j].cell.value, j))
        node = self.nodes[total]
        if not node.fixed and node.cell.state in (SHOWN, ROUNDED):
            return total
        return None

    def _relabel(self, total: int, parts: list[int]) -> int | None:
        """A small cell of the group to show with the complementary label, when nothing is left to hide.

        "<5" tells the reader 1..4: four "<5" parts of a "<5" total can only be
        1, 1, 1, 1 of 4. Shown as "c" (the total first), the upper bound is gone.
        """
        for j in (total, *parts):
            node = self.nodes[j]
            if node.cell.state == SUPPRESSED and not (node.cell.secondary or node.hidden or node.fixed):
                return j
        return None

    def _suppress(self, i: int) -> None:
        node = self.nodes[i]
        node.cell = Cell(node.cell.value, self.pol.secondary_label, SUPPRESSED, secondary=True)

    def _coefficients(self) -> np.ndarray:
        """Every group's equation as a row over every cell: +1 for a part, -1 for the total."""
        matrix = np.zeros((len(self.groups), len(self.nodes)))
        for g, (total, parts) in enumerate(self.groups):
            for j in parts:
                matrix[g, j] += 1.0
            matrix[g, total] -= 1.0
        return matrix

    def _analysis(self) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The equations over the unknown cells (shown cells are constants) and the singular vectors
        that span them: (unknown cells, all coefficients, u, s, vt), cut to the rank."""
        unknown = [i for i in range(len(self.nodes)) if self._unknown(i)]
        coefficients = self._coefficients()
        matrix = coefficients[:, unknown]
        if not matrix.size:
            return (
                unknown,
                coefficients,
                np.zeros((len(self.groups), 0)),
                np.zeros(0),
                np.zeros((0, len(unknown))),
            )
        # the SVD through the eigenvectors of the (small) Gram matrix: 4x faster than np.linalg.svd here
        eigenvalues, vectors = np.linalg.eigh(matrix @ matrix.T)
        kept = eigenvalues > 1e-9 * max(1.0, float(eigenvalues.max()))
        u, singular = vectors[:, kept], np.sqrt(eigenvalues[kept])
        return unknown, coefficients, u, singular, (u / singular).T @ matrix

    def _determined(self, analysis: tuple | None = None) -> list[int]:
        """Suppressed cells whose value follows from all the groups' equations together (linear algebra):
        those whose unit vector lies in the span of the equations' rows."""
        unknown, _, _, _, vt = analysis or self._analysis()
        span = (vt**2).sum(axis=0)
        return [i for k, i in enumerate(unknown) if self._sensitive(i) and span[k] > 1 - 1e-9]

    def _freeing(self, i: int, analysis: tuple) -> int | None:
        """The displayed cell to suppress so that the determined cell i is no longer determined: the
        first, among those sharing a group with i and then by size, whose suppression frees i.

        Suppressing j frees i when some solution moves both: j's column is a
        combination of the unknown cells' columns that involves i's (pseudo-inverse).
        None when no single cell does.
        """
        unknown, coefficients, u, singular, vt = analysis
        near = {j for total, parts in self.groups if i in (total, *parts) for j in (total, *parts)}
        candidates = sorted(
            (
                j
                for j, node in enumerate(self.nodes)
                if not node.fixed
                and not node.hidden
                and node.cell.state in (SHOWN, ROUNDED)
                and node.cell.value
            ),
            key=lambda j: (j not in near, self.nodes[j].cell.value, j),
        )
        if not candidates:
            return None
        columns = coefficients[:, candidates]
        projected = u.T @ columns
        residual = np.abs(columns - u @ projected).max(axis=0)
        moves = (vt[:, unknown.index(i)] / singular) @ projected
        for j, rest, move in zip(candidates, residual, moves, strict=True):
            if rest < 1e-9 and abs(move) > 1e-9:
                return j
        return candidates[0]

    def run(self) -> None:
        """Suppress more cells until no group exposes a suppressed cell, nor do all groups together.

        Groups are checked from a work list: a group is checked again only
        when one of its cells was suppressed since. Then the linear-algebra
        check: a determined cell gets the one suppression that frees it (in a
        large system, every determined cell at once), and the groups are checked again.
        """
        of_cell: dict[int, list[int]] = {}
        for g, (total, parts) in enumerate(self.groups):
            for j in (total, *parts):
                of_cell.setdefault(j, []).append(g)
        pending = deque(range(len(self.groups)))
        queued = set(pending)
        while True:
            while pending:
                g = pending.popleft()
                queued.discard(g)
                total, parts = self.groups[g]
                while self._exposed(total, parts):
                    candidate = self._candidate(total, parts)
                    if candidate is None:
                        candidate = self._relabel(total, parts)
                    if candidate is None:
                        break
                    self._suppress(candidate)
                    for h in of_cell.get(candidate, []):
                        if h != g and h not in queued:
                            pending.append(h)
                            queued.add(h)
            analysis = self._analysis()
            determined = self._determined(analysis)
            if len(analysis[0]) <= LARGE:
                determined = determined[:1]
            chosen = {self._freeing(i, analysis) for i in determined} - {None}
            if not chosen:
                return
            for j in chosen:
                self._suppress(j)
            pending = deque(range(len(self.groups)))
            queued = set(pending)


def _residual_nodes(nodes: list[_Node], groups: list, total: int, own: Any, pol: Policy) -> None:
    """Add the benchmark equation total = own + rest when the rest (total - own) is a small count."""
    if _missing(own) or nodes[total].cell.state == MISSING:
        return
    mine = _integer(own, "an own part")
    rest = int(nodes[total].cell.value) - mine
    if rest < 0:
        raise ValueError(f"the viewer's own part {mine} is larger than the total {nodes[total].cell.value}")
    if 0 < rest < pol.threshold:
        nodes.append(_Node(Cell(mine, mine, SHOWN if mine else ZERO), fixed=True))
        nodes.append(_Node(Cell(rest, None, SUPPRESSED), hidden=True))
        groups.append((total, [len(nodes) - 2, len(nodes) - 1]))


@dataclass(frozen=True)
class Breakdown:
    """A headline total and its parts, protected together (``safe_total``)."""

    total: Cell
    parts: dict[Hashable, Cell] = field(default_factory=dict)


def safe_total(
    total: Any,
    parts: Mapping[Hashable, Any] | None = None,
    *,
    own: Any = None,
    policy: Policy | None = None,
) -> Breakdown:
    """A headline figure and its breakdown, so that no suppressed part follows from the total.

    ``own`` is the part of the total the viewer knows exactly (its own data in
    a city-wide figure): the total is suppressed when total - own would be.
    Example: ``safe_total(20, {"P1": 3, "P2": 7, "P3": 10})`` suppresses P1 ("<5") and P2 ("c").
    """
    pol = policy or get_policy()
    parts = dict(parts or {})
    nodes = [_Node(count(total, pol))] + [_Node(count(v, pol)) for v in parts.values()]
    groups = [(0, list(range(1, len(nodes))))] if parts else []
    _residual_nodes(nodes, groups, 0, own, pol)
    _Engine(nodes, groups, pol).run()
    return Breakdown(nodes[0].cell, {k: nodes[1 + n].cell for n, k in enumerate(parts)})


def protect_related(
    values: Mapping[Hashable, Any],
    groups: Iterable[tuple[Hashable, Sequence[Hashable]]],
    *,
    hidden: Iterable[Hashable] = (),
    known: Iterable[Hashable] = (),
    exact: Iterable[Hashable] = (),
    policy: Policy | None = None,
) -> dict[Hashable, Cell]:
    """Counts linked by any totals and parts (``groups``: ``(total, parts)``), protected together.

    For figures that several tables or pages show: give every figure once, by
    key, with every relation a reader could use, and each shows the same
    protected value wherever it appears. ``hidden``: counts no page shows but a
    reader can work out (the difference of two nested stages): sensitive when
    small. ``known``: figures shown elsewhere as they are, never chosen for
    complementary suppression here. ``exact``: figures the reader knows exactly
    whatever is shown (its own data): shown, and so known to the equations.
    Example: ``protect_related({"all": 12, "P1": 9, "P2": 3}, [("all", ["P1", "P2"])])``
    suppresses P2 ("<5") and P1 ("c").
    """
    pol = policy or get_policy()
    hidden, known, exact = set(hidden), set(known), set(exact)
    keys = list(values)
    position = {k: n for n, k in enumerate(keys)}
    nodes = []
    for k in keys:
        if k in hidden:
            value = _integer(values[k], "a count")
            nodes.append(_Node(Cell(value, None, SUPPRESSED), hidden=True))
        elif k in exact:
            value = _integer(values[k], "a count")
            nodes.append(_Node(Cell(value, value, SHOWN if value else ZERO), fixed=True))
        else:
            nodes.append(_Node(count(values[k], pol), fixed=k in known))
    small = range(1, pol.threshold)
    linked = []
    for total, parts in groups:
        members = [total, *parts]
        # a hidden count that is not small needs no protection, and tells the reader nothing
        if any(k in hidden and values[k] not in small for k in members):
            continue
        linked.append((position[total], [position[k] for k in parts]))
    _Engine(nodes, linked, pol).run()
    return {k: nodes[position[k]].cell for k in keys if k not in hidden}


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
    nodes = [_Node(count(v, pol)) for v in frame.to_numpy(dtype=object).ravel()]
    groups: list[tuple[int, list[int]]] = []
    if row_total is not None:
        r = frame.index.get_loc(row_total)
        for c in range(n_columns):
            groups.append((r * n_columns + c, [k * n_columns + c for k in range(n_rows) if k != r]))
    if column_total is not None:
        c = frame.columns.get_loc(column_total)
        for r in range(n_rows):
            groups.append((r * n_columns + c, [r * n_columns + k for k in range(n_columns) if k != c]))
    _Engine(nodes, groups, pol).run()
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
    nodes = [_Node(count(v, pol)) for v in frame[column]]
    groups: list[tuple[int, list[int]]] = []
    if total_row is not None:
        t = frame.index.get_loc(total_row)
        groups.append((t, [k for k in range(len(frame)) if k != t]))
    if known_total and len(frame):
        nodes.append(_Node(count(sum(_integer(v, "a count") for v in frame[column]), pol), fixed=True))
        groups.append((len(frame), list(range(len(frame)))))
    if own is not None:
        for k, mine in enumerate(frame[own]):
            _residual_nodes(nodes, groups, k, mine, pol)
    _Engine(nodes, groups, pol).run()
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
                if not (_missing(own_num) or _missing(own_den)):
                    rest_num = _integer(row[spec.numerator], "a numerator") - _integer(own_num, "an own part")
                    rest_den = _integer(row[spec.denominator], "a denominator") - _integer(
                        own_den, "an own part"
                    )
                    rest_hidden = rest_den > 0 and _rate_hidden(rest_num, rest_den, pol, spec.complement)
            if cell.state not in (SUPPRESSED, MISSING) and (
                rest_hidden or any(c.state == SUPPRESSED for c in linked)
            ):
                cell = Cell(cell.value, pol.secondary_label, SUPPRESSED, secondary=True)
            column_cells.append(cell)
        cells[spec.column] = column_cells
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
