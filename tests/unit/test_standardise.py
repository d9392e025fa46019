"""Indirect standardisation and funnel limits (workforce/analysis/standardise.py), worked out by hand."""

import pandas as pd
import pytest

from workforce import disclosure
from workforce.analysis import standardise


def strata(rows):
    return pd.DataFrame(rows, columns=["institution_id", "specialty", "level", "cohort_size", "placed"])


TWO = strata(
    [
        ("A", "Welding", "vocational", 20, 10),
        ("A", "Physics", "bachelor", 10, 9),
        ("B", "Welding", "vocational", 30, 15),
        ("B", "Physics", "bachelor", 40, 32),
    ]
)


def test_expected_counts_from_the_citys_stratum_rates():
    """Welding: 25 of 50 placed (0.5); Physics: 41 of 50 (0.82); the city: 66 of 100 (0.66).
    A: expected 20 * 0.5 + 10 * 0.82 = 18.2, observed 19: standardised 19 / 18.2 * 0.66 = 0.68901.
    B: expected 15 + 32.8 = 47.8, observed 47: standardised 47 / 47.8 * 0.66 = 0.64895."""
    found = standardise.standardised(TWO, "placed").set_index("institution_id")
    assert found.loc["A", "expected"] == pytest.approx(18.2)
    assert found.loc["A", "observed"] == 19 and found.loc["A", "cohort_size"] == 30
    assert found.loc["A", "expected_rate"] == pytest.approx(18.2 / 30)
    assert found.loc["A", "standardised_rate"] == pytest.approx(19 / 18.2 * 0.66)
    assert found.loc["B", "standardised_rate"] == pytest.approx(47 / 47.8 * 0.66)
    assert list(found["city_rate"]) == pytest.approx([0.66, 0.66])


def test_funnel_limits_are_binomial_quantiles_over_the_size():
    """n = 30 at p0 = 0.66: the 2.5% quantile of Binomial(30, 0.66) is 15 (P(X <= 14) = 0.0198,
    P(X <= 15) = 0.0444), the 97.5% one 25 (P(X <= 24) = 0.9688, P(X <= 25) = 0.9897)."""
    limits = standardise.funnel_limits(0.66, [30]).iloc[0]
    assert (limits.low_95, limits.high_95) == (15 / 30, 25 / 30)
    assert limits.low_998 < limits.low_95 and limits.high_998 > limits.high_95
    found = standardise.standardised(TWO, "placed").set_index("institution_id")
    assert found.loc["A", "verdict"] == "within"


def test_a_rate_far_outside_the_funnel():
    """200 of 200 placed against a city of 0.5 in one stratum: above the 99.8% limit."""
    frame = strata([("A", "X", "vocational", 200, 200), ("B", "X", "vocational", 200, 0)])
    found = standardise.standardised(frame, "placed").set_index("institution_id")
    assert found.loc["A", "verdict"] == "above_998" and found.loc["B", "verdict"] == "below_998"


def test_small_strata_are_pooled():
    """Physics (12 graduates city-wide) and Chemistry (10) are under 20: pooled into one stratum of
    (4 + 5) of (12 + 10) = 9/22. Welding (20, 10 placed) keeps its own 0.5.
    A: (20 * 0.5 + 6 * 9/22) / 26; B: all of it pooled, 9/22."""
    frame = strata(
        [
            ("A", "Welding", "vocational", 20, 10),
            ("A", "Physics", "bachelor", 6, 2),
            ("B", "Physics", "bachelor", 6, 2),
            ("B", "Chemistry", "bachelor", 10, 5),
        ]
    )
    found = standardise.standardised(frame, "placed").set_index("institution_id")
    assert found.loc["A", "expected_rate"] == pytest.approx((10 + 6 * 9 / 22) / 26)
    assert found.loc["B", "expected_rate"] == pytest.approx(9 / 22)


def test_a_funnel_point_hides_with_its_small_counts():
    """Under the default policy a point with 3 of 30 (or 28 of 30) counted is hidden, values and all;
    the owner's row stays exact."""
    points = pd.DataFrame(
        {
            "institution_id": ["A", "B", "C"],
            "cohort_size": [30, 30, 30],
            "observed": [3, 15, 28],
            "rate": [0.1, 0.5, 28 / 30],
        }
    )
    default = disclosure.get_policy()
    kept = disclosure.protect_points(
        points, [default, default, disclosure.NONE], size="cohort_size", counted="observed", values=["rate"]
    )
    assert list(kept.states["rate"]) == ["suppressed", "shown", "shown"]
    assert list(kept.states["cohort_size"]) == ["suppressed", "shown", "shown"]
    assert (
        disclosure.protect_points(
            points, [disclosure.NONE] * 3, size="cohort_size", counted="observed", values=["rate"]
        )
        is None
    )
