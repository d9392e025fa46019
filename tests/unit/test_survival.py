"""The report's Kaplan–Meier curves (CONTRACT.md, "Survival curves and uncertainty"), worked out by hand.

Each interval is checked against the contract's formula written out here: Greenwood's sum
g = sum d / (n (n - d)) over the exit times so far, and S ** exp(±z sqrt(g) / |ln S|).
"""

import itertools
import math

import pandas as pd
import pytest

from tests.fixtures.factory import build, d
from workforce.analysis import metrics, survival
from workforce.store import db

Z = 1.959964
NO_SCOPE = db.scope_params()


def interval(s: float, greenwood: float) -> tuple[float, float]:
    """The contract's 95% interval of S on the log(-log S) scale, from Greenwood's sum."""
    spread = Z * math.sqrt(greenwood) / abs(math.log(s))
    return s ** math.exp(spread), s ** math.exp(-spread)


def by_days(rows: list[dict]) -> dict[int, dict]:
    return {row["days"]: row for row in rows}


# --- the worked example ----------------------------------------------------------------------------


def test_mini_retention_curve(mini_file):
    """The four hires as of 2025-06-30: h1 (30.08.2023, no exit) censored at 670 days; h2 exits after
    153 days; h3 after exactly 365; h4 (01.04.2024, no exit) censored at 455. At 153 days all four are
    at risk and one exits: S = 3/4. At 365, three are at risk (h1, h3, h4) and h3 exits: S = 3/4 * 2/3
    = 1/2. Nobody is at risk after 670 days (month 23 = 699 days)."""
    curve = metrics.report(d("2025-06-30"), database=mini_file)["retention_curve"]
    assert [row["month"] for row in curve] == list(range(1, 25))
    assert [row["days"] for row in curve][:6] == [30, 60, 91, 121, 152, 182]
    assert curve[11]["days"] == 365 and curve[23]["days"] == 730
    for row in curve[:5]:  # months 1-5, up to 152 days: nobody has left yet
        assert row == {**row, "at_risk": 4, "exits": 0, "survival": 1.0, "low": None, "high": None}
    low, high = interval(0.75, 1 / 12)
    for row in curve[5:11]:  # months 6-11, 182-334 days
        assert (row["at_risk"], row["exits"], row["survival"]) == (3, 1, 0.75)
        assert row["low"] == pytest.approx(low, abs=1e-12) and row["high"] == pytest.approx(high, abs=1e-12)
    assert row["low"] == pytest.approx(0.127947, abs=1e-6) and row["high"] == pytest.approx(
        0.960549, abs=1e-6
    )
    low, high = interval(0.5, 1 / 12 + 1 / 6)
    at_risk = {12: 3, 13: 2, 14: 2, 15: 1, 22: 1}  # month 15 = 456 days: only h1 (670) is left
    for month, n in at_risk.items():
        row = curve[month - 1]
        assert (row["at_risk"], row["exits"], row["survival"]) == (n, 2, 0.5)
        assert row["low"] == pytest.approx(low, abs=1e-12) and row["high"] == pytest.approx(high, abs=1e-12)
    for row in curve[22:]:  # zero at risk: the estimate stands, its interval does not
        assert (row["at_risk"], row["exits"], row["survival"], row["low"], row["high"]) == (
            0,
            2,
            0.5,
            None,
            None,
        )


def test_mini_time_to_hire_curve(mini_file):
    """Six completed placements ended by 2025-06-30. pl5 (ends 31.05.2024) has h3 on 01.05.2024, before
    its end: hired at 0 days. pl1 has h1 30 days after its end. The rest are censored: pl7 at 304 days,
    pl8 at 472, pl4 at 487, pl2 at 700 (h2 comes 366 days after pl2's end: not from it).
    S(0) = 5/6; S(30) = 5/6 * 4/5 = 2/3."""
    curve = metrics.report(d("2025-06-30"), database=mini_file)["time_to_hire_curve"]
    assert [row["days"] for row in curve] == [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 365]
    rows = by_days(curve)
    low, high = interval(5 / 6, 1 / 30)
    assert rows[0] == {
        "days": 0,
        "at_risk": 6,
        "hires": 1,
        "not_hired": pytest.approx(5 / 6, abs=1e-12),
        "low": pytest.approx(low, abs=1e-12),
        "high": pytest.approx(high, abs=1e-12),
    }
    low, high = interval(2 / 3, 1 / 30 + 1 / 20)
    for days, at_risk in {30: 5, 60: 4, 300: 4, 330: 3, 365: 3}.items():
        row = rows[days]
        assert (row["at_risk"], row["hires"]) == (at_risk, 2)
        assert row["not_hired"] == pytest.approx(2 / 3, abs=1e-12)
        assert row["low"] == pytest.approx(low, abs=1e-12) and row["high"] == pytest.approx(high, abs=1e-12)


def test_mini_curves_in_other_scopes(mini_file):
    """The employer CMK: hires h1, h2, h4 (h2 exits at 153 days: S = 2/3 from month 6); placements pl1,
    pl2, pl7, of which pl1 is hired at 30 days: S(30) = 2/3."""
    report = metrics.report(d("2025-06-30"), employer="CMK", database=mini_file)
    month6 = report["retention_curve"][5]
    assert (month6["at_risk"], month6["exits"], month6["survival"]) == (2, 1, pytest.approx(2 / 3, abs=1e-12))
    rows = by_days(report["time_to_hire_curve"])
    assert (rows[0]["at_risk"], rows[0]["hires"], rows[0]["not_hired"]) == (3, 0, 1.0)
    assert (rows[0]["low"], rows[0]["high"]) == (None, None)
    assert (rows[30]["at_risk"], rows[30]["hires"]) == (3, 1)
    assert rows[30]["not_hired"] == pytest.approx(2 / 3, abs=1e-12)


def hires_store(tmp_path, *hires: tuple[str, str, str | None]):
    """A store with one hire per (participant, hire date, exit date or None)."""
    return build(
        tmp_path / "w.duckdb",
        participants=[{"participant_id": who} for who, _, _ in hires],
        hires=[
            {"hire_id": f"h{k}", "participant_id": who, "hire_date": d(hired), "exit_date": left and d(left)}
            for k, (who, hired, left) in enumerate(hires, start=1)
        ],
    )


# --- the edges ---------------------------------------------------------------------------------------


def test_censored_on_the_day_of_an_exit_is_still_at_risk(tmp_path):
    """A exits 60 days after hire; B, hired later, is censored at 60 days (as_of - hire_date): both are at
    risk at 60, so S(60) = 1 - 1/2, not 1 - 1/1."""
    path = hires_store(tmp_path, ("a", "2024-01-01", "2024-03-01"), ("b", "2024-05-02", None))
    curve = metrics.retention_curve(NO_SCOPE, d("2024-07-01"), path)
    month2 = curve.iloc[1]
    assert (month2.days, month2.at_risk, month2.exits, month2.survival) == (60, 2, 1, 0.5)
    assert (month2.low, month2.high) == pytest.approx(interval(0.5, 1 / 2))
    assert curve.iloc[0].survival == 1.0  # at 30 days nobody has left
    assert curve.iloc[2].at_risk == 0  # at 91 days A has left and B is no longer observed


def test_all_hires_censored(tmp_path):
    """Nobody has left: S is 1 at every month and has no interval; hires drop out of the risk set as
    their observation ends (90 and 400 days)."""
    path = hires_store(tmp_path, ("a", "2024-04-02", None), ("b", "2023-05-28", "2024-08-01"))
    curve = metrics.report(d("2024-07-01"), database=path)["retention_curve"]  # h2's exit is after as_of
    assert {row["survival"] for row in curve} == {1.0}
    assert {row["low"] for row in curve} == {None} and {row["high"] for row in curve} == {None}
    assert {row["exits"] for row in curve} == {0}
    assert [row["at_risk"] for row in curve[:4]] == [2, 2, 1, 1]  # 30, 60, 91, 121 days
    assert curve[13]["at_risk"] == 0  # 425 days > 400


def test_everyone_exits(tmp_path):
    """Both hires leave, after 10 and 40 days: S(30) = 1/2, S(60) = 0, and a survival of 0 has no
    interval."""
    path = hires_store(tmp_path, ("a", "2024-01-01", "2024-01-11"), ("b", "2024-01-01", "2024-02-10"))
    curve = metrics.report(d("2025-01-01"), database=path)["retention_curve"]
    assert (curve[0]["at_risk"], curve[0]["exits"], curve[0]["survival"]) == (1, 1, 0.5)
    assert (curve[0]["low"], curve[0]["high"]) == pytest.approx(interval(0.5, 1 / 2))
    for row in curve[1:]:
        assert (row["at_risk"], row["exits"], row["survival"], row["low"], row["high"]) == (
            0,
            2,
            0.0,
            None,
            None,
        )


def test_no_hires_means_nobody_at_risk(tmp_path):
    """No hire and no completed placement: S is 1 with nobody at risk and no interval."""
    path = build(tmp_path / "w.duckdb", participants=[{"participant_id": "a"}])
    report = metrics.report(d("2025-01-01"), database=path)
    for row in report["retention_curve"] + report["time_to_hire_curve"]:
        assert row["at_risk"] == 0 and row["low"] is None and row["high"] is None
    assert {row["survival"] for row in report["retention_curve"]} == {1.0}
    assert {row["not_hired"] for row in report["time_to_hire_curve"]} == {1.0}


def test_exit_on_the_day_of_hire_counts_at_zero_days(tmp_path):
    """An exit on the hire date is an exit at T = 0: S(30) already counts it."""
    path = hires_store(tmp_path, ("a", "2024-01-01", "2024-01-01"), ("b", "2024-01-01", None))
    first = metrics.report(d("2024-12-31"), database=path)["retention_curve"][0]
    assert (first["at_risk"], first["exits"], first["survival"]) == (1, 1, 0.5)


def test_time_to_hire_edges(tmp_path):
    """Four completed placements at E, as of 2024-12-31:
    - a: ends 2024-06-30, hired 2024-06-01 (during it) and again 2024-08-01: the first hire counts, at 0 days;
    - b: ends 2024-06-30, hired 2024-08-29: 60 days;
    - c: ends 2024-06-30, hired 2025-01-15 (after as_of): censored at 184 days;
    - d: ends 2025-01-31 (after as_of): not in the curve; its hire of 2024-12-01 neither.
    S(0) = 2/3 (3 at risk, 1 hired), S(60) = 2/3 * 1/2 = 1/3."""
    people = [{"participant_id": p} for p in "abcd"]
    ended = d("2024-06-30")
    placements = [
        {"placement_id": "pa", "participant_id": "a", "start_date": d("2024-05-01"), "end_date": ended},
        {"placement_id": "pb", "participant_id": "b", "start_date": d("2024-05-01"), "end_date": ended},
        {"placement_id": "pc", "participant_id": "c", "start_date": d("2024-05-01"), "end_date": ended},
        {
            "placement_id": "pd",
            "participant_id": "d",
            "start_date": d("2024-11-01"),
            "end_date": d("2025-01-31"),
        },
    ]
    hires = [
        {"hire_id": "h1", "participant_id": "a", "hire_date": d("2024-06-01"), "exit_date": d("2024-07-31")},
        {"hire_id": "h2", "participant_id": "a", "hire_date": d("2024-08-01")},
        {"hire_id": "h3", "participant_id": "b", "hire_date": d("2024-08-29")},
        {"hire_id": "h4", "participant_id": "c", "hire_date": d("2025-01-15")},
        {"hire_id": "h5", "participant_id": "d", "hire_date": d("2024-12-01")},
    ]
    path = build(tmp_path / "w.duckdb", participants=people, placements=placements, hires=hires)
    rows = by_days(metrics.report(d("2024-12-31"), database=path)["time_to_hire_curve"])
    assert (rows[0]["at_risk"], rows[0]["hires"]) == (3, 1)
    assert rows[0]["not_hired"] == pytest.approx(2 / 3, abs=1e-12)
    assert (rows[30]["at_risk"], rows[30]["hires"]) == (2, 1)
    assert (rows[60]["at_risk"], rows[60]["hires"]) == (2, 2)  # b, hired at 60, is at risk at 60
    assert rows[60]["not_hired"] == pytest.approx(1 / 3, abs=1e-12)
    assert (rows[60]["low"], rows[60]["high"]) == pytest.approx(interval(1 / 3, 1 / 6 + 1 / 2))
    assert (rows[180]["at_risk"], rows[210]["at_risk"]) == (1, 0)  # c is censored at 184 days
    assert (rows[210]["low"], rows[210]["high"]) == (None, None)


# --- the function itself --------------------------------------------------------------------------------


def test_curve_reads_the_step_function_between_event_times():
    """Counted durations: 5 (2 events), 5 (1 censored), 10 (1 event), 12 (1 censored). At risk at 5: 5;
    S(5) = 1 - 2/5 = 3/5; at 10: 2 at risk, S(10) = 3/5 * 1/2 = 3/10; S(4) = 1."""
    durations = pd.DataFrame({"days": [5, 5, 10, 12], "event": [True, False, True, False], "n": [2, 1, 1, 1]})
    curve = survival.curve(durations, [4, 5, 9, 10, 12, 13], event="event", count="n").set_index("days")
    assert list(curve.at_risk) == [5, 5, 2, 2, 1, 0]
    assert list(curve.events) == [0, 2, 2, 3, 3, 3]
    assert list(curve.survival) == pytest.approx([1, 0.6, 0.6, 0.3, 0.3, 0.3])
    assert (curve.low[9], curve.high[9]) == pytest.approx(interval(0.6, 2 / (5 * 3)))
    assert (curve.low[10], curve.high[10]) == pytest.approx(interval(0.3, 2 / 15 + 1 / 2))
    assert curve.low.isna()[13] and curve.high.isna()[13]  # nobody at risk


def test_survival_never_rises(city_file):
    """On the hand-built city every curve falls or stays, month to month, in every scope."""
    for scope in (NO_SCOPE, db.scope_params(employer="E2"), db.scope_params(program="P1")):
        for frame, column in (
            (metrics.retention_curve(scope, d("2026-06-30"), city_file), "survival"),
            (metrics.time_to_hire_curve(scope, d("2026-06-30"), city_file), "not_hired"),
        ):
            values = list(frame[column])
            assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(values))
