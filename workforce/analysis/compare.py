"""Whether two figures differ beyond what chance explains (CONTRACT.md, "Intervals on every rate": pages
that compare two rates say so, and never rank or colour on a difference the intervals do not support).

Two rates over different people are compared by the 95% interval of their difference, Newcombe's hybrid
score interval (built from the two Wilson intervals the report gives, statsmodels'
``confint_proportions_2indep(method="newcomb")``): the difference is beyond chance when that interval
leaves out 0. A rate against a fixed reference (a sector's median employer) is beyond chance when the
reference lies outside the rate's own Wilson interval.
"""

from dataclasses import dataclass

from statsmodels.stats.proportion import confint_proportions_2indep

from workforce.analysis.intervals import ALPHA, wilson

HIGHER, LOWER, SAME = "higher", "lower", "same"
"""The verdicts: beyond chance above, beyond chance below, or within what chance explains."""


@dataclass(frozen=True)
class Difference:
    """p1 - p2 with its 95% interval and the verdict on it."""

    value: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        return HIGHER if self.low > 0 else LOWER if self.high < 0 else SAME


def rates(numerator1: int, denominator1: int, numerator2: int, denominator2: int) -> Difference | None:
    """The difference of two rates over different people, with Newcombe's 95% interval; None when either
    has no denominator.

    Example: ``rates(30, 100, 50, 100)`` -> value -0.2, interval (-0.326, -0.064): ``LOWER``.
    """
    if not denominator1 or not denominator2:
        return None
    low, high = confint_proportions_2indep(
        int(numerator1), int(denominator1), int(numerator2), int(denominator2), method="newcomb", alpha=ALPHA
    )
    return Difference(numerator1 / denominator1 - numerator2 / denominator2, float(low), float(high))


def against(numerator: int, denominator: int, reference: float | None) -> str | None:
    """A rate against a fixed reference value: ``HIGHER`` or ``LOWER`` when the reference lies outside the
    rate's 95% Wilson interval, else ``SAME``; None without a rate or a reference."""
    if not denominator or reference is None:
        return None
    low, high = wilson(int(numerator), int(denominator))
    return HIGHER if reference < low else LOWER if reference > high else SAME
