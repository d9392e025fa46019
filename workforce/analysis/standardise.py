"""Expected against actual: an institution's rate beside what the city's rates by specialty and level
would give its own mix of graduates (indirect standardisation), with funnel-plot control limits, as
health and education statistics publish provider comparisons.

For a rate with numerator column ``numerator`` over the graduates, institution i and stratum s
(specialty x level): the city's stratum rate r_s = sum of numerators / sum of graduates over every
institution; i's expected count E_i = sum over s of n_is * r_s; its observed count O_i; its
indirectly standardised rate = O_i / E_i * p0, where p0 is the city's overall rate. Strata with fewer
than ``MIN_STRATUM`` graduates city-wide, or with 1-4 of them counted or not counted, are pooled into
one stratum first: their rates would rest on too few people (and would give small counts away).

The funnel: an institution with n graduates whose rate were p0 would fall inside the binomial limits
binom.ppf(q, n, p0) / n for q = 2.5 % and 97.5 % (95 %) and 0.1 % and 99.9 % (99.8 %) (scipy).
"""

import numpy as np
import pandas as pd
from scipy.stats import binom

MIN_STRATUM = 20
"""The smallest stratum (graduates city-wide) with a rate of its own; smaller ones are pooled."""
SMALL = range(1, 5)
"""Counts a stratum rate may not rest on (the contract's small counts)."""
LIMITS = {"95": (0.025, 0.975), "998": (0.001, 0.999)}
"""The control limits: their name and their two binomial quantiles."""
POOLED = "(pooled)"
"""The stratum the small ones are pooled into."""

COLUMNS = (
    "institution_id",
    "cohort_size",
    "observed",
    "expected",
    "rate",
    "expected_rate",
    "standardised_rate",
    "city_rate",
    "low_95",
    "high_95",
    "low_998",
    "high_998",
    "verdict",
)
"""The columns of ``standardised``. verdict: 'above_998', 'above_95', 'within', 'below_95', 'below_998'."""


def _strata(frame: pd.DataFrame, numerator: str) -> pd.Series:
    """Each row's stratum, the small ones pooled."""
    keys = frame["specialty"].fillna("").astype(str) + "\x1f" + frame["level"].astype(str)
    totals = frame.groupby(keys)[["cohort_size", numerator]].sum()
    counted, rest = totals[numerator], totals["cohort_size"] - totals[numerator]
    small = (totals["cohort_size"] < MIN_STRATUM) | counted.isin(SMALL) | rest.isin(SMALL)
    pooled = set(totals.index[small])
    return keys.where(~keys.isin(pooled), POOLED)


def standardised(strata: pd.DataFrame, numerator: str) -> pd.DataFrame:
    """One row per institution (``COLUMNS``) from the strata rows (``queries/cohort_strata.sql``):
    institution_id, specialty, level, cohort_size and the ``numerator`` column."""
    if strata.empty or int(strata["cohort_size"].sum()) == 0:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = strata.assign(stratum=_strata(strata, numerator))
    by_stratum = frame.groupby("stratum")[["cohort_size", numerator]].sum()
    stratum_rate = by_stratum[numerator] / by_stratum["cohort_size"]
    frame["expected"] = frame["cohort_size"] * frame["stratum"].map(stratum_rate)
    city_rate = float(frame[numerator].sum() / frame["cohort_size"].sum())
    rows = frame.groupby("institution_id").agg(
        cohort_size=("cohort_size", "sum"), observed=(numerator, "sum"), expected=("expected", "sum")
    )
    rows = rows.reset_index()
    rows["rate"] = rows["observed"] / rows["cohort_size"]
    rows["expected_rate"] = rows["expected"] / rows["cohort_size"]
    rows["standardised_rate"] = np.where(
        rows["expected"] > 0,
        rows["observed"] / rows["expected"].where(rows["expected"] > 0) * city_rate,
        np.nan,
    )
    rows["city_rate"] = city_rate
    limits = funnel_limits(city_rate, rows["cohort_size"])
    for column in limits.columns.drop("cohort_size"):
        rows[column] = limits[column].to_numpy()
    rows["verdict"] = [_verdict(row) for row in rows.itertuples()]
    return rows[list(COLUMNS)]


def funnel_limits(city_rate: float, sizes) -> pd.DataFrame:
    """The control limits of a rate for each cohort size (cohort_size, low_95, high_95, low_998,
    high_998): binom.ppf(q, n, p0) / n."""
    n = np.asarray(list(sizes), dtype=int)
    out = {"cohort_size": n}
    for name, (low, high) in LIMITS.items():
        out[f"low_{name}"] = binom.ppf(low, n, city_rate) / n
        out[f"high_{name}"] = binom.ppf(high, n, city_rate) / n
    return pd.DataFrame(out)


def _verdict(row) -> str | None:
    value = row.standardised_rate
    if pd.isna(value):
        return None
    if value > row.high_998:
        return "above_998"
    if value > row.high_95:
        return "above_95"
    if value < row.low_998:
        return "below_998"
    if value < row.low_95:
        return "below_95"
    return "within"
