"""A survival curve under a policy: which points (at risk, events so far, the estimate and its interval)
a viewer who does not own the scope may see.

A curve's counts are two nested chains: at risk falls (those with a duration of at least d), events so
far rise (those observed by d). Any two shown points of a chain give their difference away: how many
left the risk set, or had the event, between them. So the points are walked in order from the origin
(everyone at risk, no event yet; ``total``, when the view may show it elsewhere) and a
point is shown only when both of its counts, and both differences from the last shown point, are 0 or
at least the policy's threshold. Every difference between two shown points is then a sum of such steps,
and every count a reader can get by subtraction is 0 or at least the threshold.

The estimate is a function of the exact counts at every event time, so it is shown only at a shown point
with at least the policy's minimum denominator at risk (the curve stops where too few remain: with nobody
at risk it would only repeat the last shown value); its interval goes with it, except under a rounding
policy, where it would give the exact counts back (as for a rate's interval).
"""

from collections.abc import Sequence

import pandas as pd

from workforce.disclosure.cells import MISSING, SHOWN, SUPPRESSED, Cell, count, is_missing
from workforce.disclosure.policy import NONE, Policy
from workforce.disclosure.protected import Protected, from_cells


def _safe(n: int, policy: Policy) -> bool:
    return n == 0 or n >= policy.threshold


def shown_points(
    at_risk: Sequence[int], events: Sequence[int], total: int | None, policy: Policy
) -> list[bool]:
    """Which points of a curve may be shown (see the module's docstring). ``total`` None: the number of
    durations is shown nowhere, so the first point's at risk is not compared with it."""
    last_at_risk, last_events = (None if total is None else int(total)), 0
    shown = []
    for n, e in zip(at_risk, events, strict=True):
        n, e = int(n), int(e)
        ok = (
            _safe(n, policy)
            and _safe(e, policy)
            and (last_at_risk is None or _safe(last_at_risk - n, policy))
            and _safe(e - last_events, policy)
        )
        if ok:
            last_at_risk, last_events = n, e
        shown.append(ok)
    return shown


def protect_curve(
    curve: pd.DataFrame,
    policy: Policy,
    *,
    at_risk: str,
    events: str,
    estimate: str,
    total: int | None,
    interval: Sequence[str] = ("low", "high"),
) -> Protected | None:
    """``curve`` (one row per point, in order) with its counts, estimate and interval protected; None for
    the owner's view. ``total``: how many durations the curve is drawn from, when a view shows it (None
    when none does)."""
    if policy is NONE:
        return None
    shown = shown_points(curve[at_risk], curve[events], total, policy)

    def counted(column: str) -> list[Cell]:
        return [
            count(v, policy) if ok else Cell(int(v), policy.small_label, SUPPRESSED)
            for v, ok in zip(curve[column], shown, strict=True)
        ]

    readable = [
        ok and int(n) >= policy.rate_min_denominator for ok, n in zip(shown, curve[at_risk], strict=True)
    ]

    def estimated(column: str, allowed: Sequence[bool]) -> list[Cell]:
        cells = []
        for v, ok in zip(curve[column], allowed, strict=True):
            if is_missing(v):
                cells.append(Cell(None, None, MISSING))
            elif ok:
                cells.append(Cell(float(v), float(v), SHOWN))
            else:
                cells.append(Cell(float(v), policy.rate_label, SUPPRESSED))
        return cells

    bands = [ok and policy.round_to is None for ok in readable]
    cells = {at_risk: counted(at_risk), events: counted(events), estimate: estimated(estimate, readable)}
    for column in interval:
        cells[column] = estimated(column, bands)
    return from_cells(curve, cells, policy)
