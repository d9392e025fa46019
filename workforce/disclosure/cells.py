"""One protected figure at a time: a count, a rate or a statistic under a policy (``Cell``)."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workforce.disclosure.policy import Policy, get_policy

SHOWN, ROUNDED, SUPPRESSED, ZERO, MISSING = "shown", "rounded", "suppressed", "zero", "missing"
STATES = (SHOWN, ROUNDED, SUPPRESSED, ZERO, MISSING)


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


def is_missing(x: Any) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def whole(x: Any, what: str) -> int:
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
    if is_missing(value):
        return Cell(None, None, MISSING)
    v = whole(value, "a count")
    if v == 0:
        return Cell(0, 0, ZERO)
    if v < pol.threshold:
        return Cell(v, pol.small_label, SUPPRESSED)
    if pol.round_to:
        return Cell(v, round_half_up(v, pol.round_to), ROUNDED)
    return Cell(v, v, SHOWN)


def rate_hidden(numerator: int, denominator: int, pol: Policy, complement: bool) -> bool:
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
    if is_missing(numerator) or is_missing(denominator) or float(denominator) == 0:
        return Cell(None, None, MISSING)
    num, den = whole(numerator, "a numerator"), whole(denominator, "a denominator")
    figure = num / den if value is _FROM_COUNTS else value
    if is_missing(figure):
        return Cell(None, None, MISSING)
    figure = float(figure)
    if rate_hidden(num, den, pol, complement):
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
    if is_missing(value) or is_missing(base) or float(base) == 0:
        return Cell(None, None, MISSING)
    n = whole(base, "a base count")
    figure = float(value)
    if n < max(pol.rate_min_denominator, pol.floor):
        return Cell(figure, pol.rate_label, SUPPRESSED)
    if figure == 0:
        return Cell(0.0, 0.0, ZERO)
    return Cell(figure, figure, SHOWN)
