"""Complementary suppression: figures that add up to each other protected together, so that no hidden
count can be worked out from the shown ones (the engine behind ``protect_related`` and the frames)."""

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workforce.disclosure.cells import (
    MISSING,
    ROUNDED,
    SHOWN,
    SUPPRESSED,
    ZERO,
    Cell,
    count,
    is_missing,
    whole,
)
from workforce.disclosure.policy import Policy, get_policy

LARGE = 200
"""Above this many unknown cells, complementary suppression frees every determined cell in one round
(one linear-algebra check a round), rather than one cell a round."""


@dataclass
class Node:
    """A cell inside the complementary-suppression engine."""

    cell: Cell
    fixed: bool = False
    """Never chosen for complementary suppression (the viewer's own part, known to them)."""
    hidden: bool = False
    """Not displayed, but sensitive if pinned (the rest of a benchmark after the viewer's own part)."""


class Engine:
    """Complementary suppression over cells linked by groups ``(total, parts)``: total = sum of parts."""

    def __init__(self, nodes: list[Node], groups: list[tuple[int, list[int]]], pol: Policy) -> None:
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


def residual_nodes(nodes: list[Node], groups: list, total: int, own: Any, pol: Policy) -> None:
    """Add the benchmark equation total = own + rest when the rest (total - own) is a small count."""
    if is_missing(own) or nodes[total].cell.state == MISSING:
        return
    mine = whole(own, "an own part")
    rest = int(nodes[total].cell.value) - mine
    if rest < 0:
        raise ValueError(f"the viewer's own part {mine} is larger than the total {nodes[total].cell.value}")
    if 0 < rest < pol.threshold:
        nodes.append(Node(Cell(mine, mine, SHOWN if mine else ZERO), fixed=True))
        nodes.append(Node(Cell(rest, None, SUPPRESSED), hidden=True))
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
    nodes = [Node(count(total, pol))] + [Node(count(v, pol)) for v in parts.values()]
    groups = [(0, list(range(1, len(nodes))))] if parts else []
    residual_nodes(nodes, groups, 0, own, pol)
    Engine(nodes, groups, pol).run()
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
            value = whole(values[k], "a count")
            nodes.append(Node(Cell(value, None, SUPPRESSED), hidden=True))
        elif k in exact:
            value = whole(values[k], "a count")
            nodes.append(Node(Cell(value, value, SHOWN if value else ZERO), fixed=True))
        else:
            nodes.append(Node(count(values[k], pol), fixed=k in known))
    small = range(1, pol.threshold)
    linked = []
    for total, parts in groups:
        members = [total, *parts]
        # a hidden count that is not small needs no protection, and tells the reader nothing
        if any(k in hidden and values[k] not in small for k in members):
            continue
        linked.append((position[total], [position[k] for k in parts]))
    Engine(nodes, linked, pol).run()
    return {k: nodes[position[k]].cell for k in keys if k not in hidden}
