"""Kaplan–Meier curves with their 95% intervals (CONTRACT.md, "Survival curves and uncertainty"), from
statsmodels.

The queries give durations already counted (one row per duration and whether the event was observed,
with how many); ``curve`` reads the estimate and Greenwood's standard error off statsmodels'
``SurvfuncRight`` at the days asked for, and turns the standard error into the contract's interval on
the log(-log S) scale.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.duration.survfunc import SurvfuncRight

from workforce.analysis.intervals import Z

COLUMNS = ("days", "at_risk", "events", "survival", "low", "high")
"""The columns of ``curve``: events counts the observed events up to and including ``days``."""


def curve(durations: pd.DataFrame, days: Sequence[int], *, event: str, count: str) -> pd.DataFrame:
    """The Kaplan–Meier estimate S(d) = P(T > d) at each of ``days``, one row each (``COLUMNS``).

    ``durations`` has a ``days`` column (T), a boolean ``event`` column (observed, else censored at T)
    and a ``count`` column (how many have that T and status). at_risk = how many have T >= d (one
    censored at d is still at risk at d); events = observed events with T <= d; low and high = the 95%
    interval from Greenwood's variance on the log(-log S) scale, None where S is 0 or 1 or nobody is
    at risk. With no durations at all, S is 1 and nobody is at risk.

    Example: durations 5 (event), 5 (censored), 10 (event) give S(5) = 2/3 and S(10) = 0.
    """
    times = durations["days"].to_numpy(dtype=float)
    events = durations[event].to_numpy(dtype=bool)
    counts = durations[count].to_numpy(dtype=np.int64)
    rows = []
    if events.any():
        # statsmodels' frequency weights change Greenwood's formula (Tsiatis' instead), so the
        # counted durations are spread back into one row each.
        fitted = SurvfuncRight(np.repeat(times, counts), np.repeat(events, counts).astype(float))
        event_times, survival, error = fitted.surv_times, fitted.surv_prob, fitted.surv_prob_se
    else:
        event_times, survival, error = np.array([]), np.array([]), np.array([])
    for d in days:
        at_risk = int(counts[times >= d].sum())
        observed = int(counts[events & (times <= d)].sum())
        last = int(np.searchsorted(event_times, d, side="right")) - 1  # the last event time <= d
        s = float(survival[last]) if last >= 0 else 1.0
        se = float(error[last]) if last >= 0 else float("nan")
        low, high = _log_log_interval(s, se) if at_risk > 0 else (None, None)
        rows.append((int(d), at_risk, observed, s, low, high))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _log_log_interval(s: float, se: float) -> tuple[float | None, float | None]:
    """The 95% interval of a survival estimate ``s`` with Greenwood standard error ``se``, taken on
    the log(-log S) scale: S ** exp(±Z * se / (S |log S|)); (None, None) where S is 0 or 1."""
    if s <= 0.0 or s >= 1.0 or not np.isfinite(se):
        return None, None
    spread = Z * se / (s * abs(np.log(s)))
    return float(s ** np.exp(spread)), float(s ** np.exp(-spread))
