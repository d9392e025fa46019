"""Uncertainty on the report's figures: the 95% Wilson score interval of a rate (CONTRACT.md, "Intervals on
every rate"), from statsmodels."""

import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from workforce.disclosure import interval_columns

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


def with_intervals(frame: pd.DataFrame, rate: str, numerator: str, denominator: str) -> pd.DataFrame:
    """``frame`` with the rate's 95% Wilson interval as ``<rate>_low`` and ``<rate>_high``
    (``disclosure.interval_columns``), empty where the rate is."""
    ends = []
    for value, n, d in zip(frame[rate], frame[numerator], frame[denominator], strict=True):
        missing = pd.isna(value) or pd.isna(n) or pd.isna(d) or int(d) == 0
        ends.append((None, None) if missing else wilson(int(n), int(d)))
    low, high = interval_columns(rate)
    return frame.assign(
        **{
            low: pd.Series([e[0] for e in ends], index=frame.index, dtype="float64"),
            high: pd.Series([e[1] for e in ends], index=frame.index, dtype="float64"),
        }
    )
