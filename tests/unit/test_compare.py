"""Differences beyond chance (workforce/analysis/compare.py), worked out by hand.

Newcombe's hybrid score interval of p1 - p2 from the two Wilson intervals (l1, u1), (l2, u2):
(d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)).
"""

import math

import pytest

from workforce.analysis import compare
from workforce.analysis.intervals import wilson


def newcombe(n1: int, d1: int, n2: int, d2: int) -> tuple[float, float]:
    (l1, u1), (l2, u2) = wilson(n1, d1), wilson(n2, d2)
    p1, p2 = n1 / d1, n2 / d2
    return p1 - p2 - math.hypot(p1 - l1, u2 - p2), p1 - p2 + math.hypot(u1 - p1, p2 - l2)


def test_thirty_of_a_hundred_against_fifty_of_a_hundred_is_beyond_chance():
    difference = compare.rates(30, 100, 50, 100)
    assert difference.value == pytest.approx(-0.2)
    assert (difference.low, difference.high) == pytest.approx(newcombe(30, 100, 50, 100))
    assert (difference.low, difference.high) == pytest.approx((-0.32577, -0.06422), abs=1e-5)
    assert difference.verdict == compare.LOWER
    assert compare.rates(50, 100, 30, 100).verdict == compare.HIGHER


def test_the_same_shares_of_ten_are_within_chance():
    """3 of 10 against 5 of 10: the interval (-0.526, 0.202) holds 0."""
    difference = compare.rates(3, 10, 5, 10)
    assert (difference.low, difference.high) == pytest.approx(newcombe(3, 10, 5, 10))
    assert difference.low < 0 < difference.high
    assert difference.verdict == compare.SAME


def test_rates_at_zero_and_one():
    """0 of 10 against 10 of 10: Wilson's ends are exactly 0 and 1, and the difference is beyond chance."""
    difference = compare.rates(0, 10, 10, 10)
    assert difference.low == pytest.approx(-1.0) and difference.high == pytest.approx(
        newcombe(0, 10, 10, 10)[1]
    )
    assert difference.verdict == compare.LOWER


def test_no_denominator_no_verdict():
    assert compare.rates(0, 0, 1, 2) is None
    assert compare.against(0, 0, 0.5) is None
    assert compare.against(3, 10, None) is None


def test_a_rate_against_a_reference_value():
    """3 of 10 has the Wilson interval (0.108, 0.603): 0.5 is inside it, 0.7 above, 0.05 below."""
    assert compare.against(3, 10, 0.5) == compare.SAME
    assert compare.against(3, 10, 0.7) == compare.LOWER
    assert compare.against(3, 10, 0.05) == compare.HIGHER
