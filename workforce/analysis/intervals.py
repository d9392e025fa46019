"""Uncertainty on the report's figures: the 95% Wilson score interval of a rate (CONTRACT.md, "Intervals on
every rate"), from statsmodels."""

from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

Z = 1.959964
"""The contract's z for a 95% interval, to the digits it gives."""
ALPHA = 2 * norm.sf(Z)
"""The two-sided level whose normal quantile is exactly ``Z`` (statsmodels takes a level, not a z)."""


def wilson(numerator: int, denominator: int) -> tuple[float | None, float | None]:
    """The 95% Wilson score interval of numerator / denominator; (None, None) for a zero denominator.

    Example: ``wilson(3, 10)`` -> ``(0.1078, 0.6032)`` (rounded).
    """
    if denominator == 0:
        return None, None
    low, high = proportion_confint(numerator, denominator, alpha=ALPHA, method="wilson")
    return float(low), float(high)
