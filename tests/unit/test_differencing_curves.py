"""Survival curves under disclosure control: no count of 1..threshold-1 follows from the points shown,
directly or by subtracting one shown point from another (``disclosure.protect_curve``)."""

import itertools
import random

import pandas as pd
import pytest

from tests.fixtures.factory import d
from workforce import disclosure
from workforce.analysis import metrics, survival

DEFAULT = disclosure.get_policy("default")


def curve_frame(at_risk, events, estimate=None):
    estimate = estimate or [1.0 - 0.01 * k for k in range(len(at_risk))]
    return pd.DataFrame(
        {
            "days": range(len(at_risk)),
            "at_risk": at_risk,
            "events": events,
            "survival": estimate,
            "low": [s - 0.1 for s in estimate],
            "high": [min(1.0, s + 0.05) for s in estimate],
        }
    )


def test_points_shown_worked_by_hand():
    """25 durations; at risk 20, 12, 10, 3, 0 and events so far 0, 3, 6, 8, 9:
    - point 0: 20 and 0, and 25 - 20 = 5 left before it: shown;
    - point 1: 3 events: hidden;
    - point 2: 10 and 6; against point 0, 10 left and 6 events: shown;
    - point 3: 3 at risk: hidden;
    - point 4: 0 at risk, but 9 - 6 = 3 events since point 2: hidden."""
    assert disclosure.shown_points([20, 12, 10, 3, 0], [0, 3, 6, 8, 9], 25, DEFAULT) == [
        True,
        False,
        True,
        False,
        False,
    ]
    # without a known total the first point is judged on its own counts only
    assert disclosure.shown_points([22], [0], 25, DEFAULT) == [False]
    assert disclosure.shown_points([22], [0], None, DEFAULT) == [True]


def test_protected_curve_hides_the_whole_point():
    protected = disclosure.protect_curve(
        curve_frame([20, 12, 10, 3, 0], [0, 3, 6, 8, 9]),
        DEFAULT,
        at_risk="at_risk",
        events="events",
        estimate="survival",
        total=25,
    )
    hidden = protected.states == disclosure.SUPPRESSED
    assert list(hidden["at_risk"]) == [False, True, False, True, True]
    for column in ("events", "survival", "low", "high"):
        assert list(hidden[column]) == list(hidden["at_risk"])
    assert list(protected.display["at_risk"]) == [20, "<5", 10, "<5", "<5"]
    assert protected.display["survival"][2] == pytest.approx(0.98)
    assert (
        disclosure.protect_curve(
            curve_frame([3], [0]),
            disclosure.NONE,
            at_risk="at_risk",
            events="events",
            estimate="survival",
            total=3,
        )
        is None
    )


def test_an_estimate_needs_the_minimum_at_risk_and_a_rounding_policy_drops_the_interval():
    """InserJeunes: nothing below 20 at risk. DfE: counts rounded to 10; the estimate stays (computed from
    the exact counts, as its rates are) but its interval, which would give the exact counts back, goes."""
    frame = curve_frame([40, 20, 0], [0, 0, 20])
    ij = disclosure.protect_curve(
        frame,
        disclosure.get_policy("inserjeunes"),
        at_risk="at_risk",
        events="events",
        estimate="survival",
        total=40,
    )
    assert list(ij.states["at_risk"]) == ["shown", "shown", "zero"]
    assert list(ij.states["survival"]) == ["shown", "shown", "suppressed"]  # nobody at risk: the curve stops
    dfe = disclosure.protect_curve(
        curve_frame([47, 23], [0, 5]),
        disclosure.get_policy("dfe"),
        at_risk="at_risk",
        events="events",
        estimate="survival",
        total=47,
    )
    assert list(dfe.display["at_risk"]) == [50, 20] and list(dfe.display["events"]) == [0, 10]
    assert list(dfe.states["survival"]) == ["shown", "shown"]
    assert list(dfe.states["low"]) == ["suppressed", "suppressed"]


@pytest.mark.parametrize("policy_name", ["default", "ons", "inserjeunes"])
def test_no_small_count_follows_from_any_two_shown_points(policy_name):
    """Random small curves: every shown count, every difference between two shown points of a chain
    (those who left the risk set, those with the event, between them) and the total less a shown at
    risk is 0 or at least the threshold."""
    policy = disclosure.get_policy(policy_name)
    rng = random.Random(17)
    checked = 0
    for _ in range(300):
        size = rng.randint(1, 60)
        durations = pd.DataFrame(
            {
                "days": [rng.randint(0, 400) for _ in range(size)],
                "event": [rng.random() < 0.5 for _ in range(size)],
            }
        ).assign(n=1)
        curve = survival.curve(durations, list(range(0, 400, 30)), event="event", count="n")
        shown = disclosure.shown_points(curve.at_risk, curve.events, size, policy)
        points = [(size, 0)] + [
            (int(n), int(e)) for n, e, ok in zip(curve.at_risk, curve.events, shown) if ok
        ]
        learnt = [n for n, _ in points[1:]] + [e for _, e in points[1:]]
        for (n1, e1), (n2, e2) in itertools.combinations(points, 2):
            learnt += [n1 - n2, e2 - e1]
        small = [x for x in learnt if 0 < x < policy.threshold]
        assert small == []
        checked += sum(shown)
    assert checked > 100  # the attack saw many shown points, not an empty curve


def test_the_viewer_report_protects_the_curves(mini_file):
    """The worked example's curves rest on 4 hires and 6 placements: a viewer sees no point of them."""
    report = metrics.report(d("2025-06-30"), database=mini_file)
    seen = metrics.protect_report(report, DEFAULT)
    assert {row["at_risk"] for row in seen["retention_curve"]} <= {"<5", 0}
    assert {row["survival"] for row in seen["retention_curve"]} == {"<5"}
    assert {row["not_hired"] for row in seen["time_to_hire_curve"]} == {"<5"}
    assert {row["low"] for row in seen["time_to_hire_curve"]} == {"<5"}
    assert [row["month"] for row in seen["retention_curve"]] == list(range(1, 25))  # the rows stay
    assert metrics.protect_report(report, disclosure.NONE)["retention_curve"] == report["retention_curve"]
