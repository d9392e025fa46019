"""Targets against actuals (workforce/analysis/targets.py), worked out by hand.

Program P, as of 2025-06-30. 2024: p3 starts on 01.03, p4 and p5 on 01.09 (3 participants). 2025 so far:
p1 on 01.02 and p2 on 01.05 (2). The same dates a year before (01.01-30.06.2024): p3 alone (1).
"""

import datetime as dt

import pytest

from tests.fixtures.factory import build, d
from workforce.analysis import targets
from workforce.store import db

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def store(tmp_path):
    people = [{"participant_id": p} for p in ("p1", "p2", "p3", "p4", "p5")]
    starts = {
        "p1": "2025-02-01",
        "p2": "2025-05-01",
        "p3": "2024-03-01",
        "p4": "2024-09-01",
        "p5": "2024-09-01",
    }
    placements = [
        {
            "placement_id": f"pl-{p}",
            "participant_id": p,
            "program_id": "P",
            "start_date": d(s),
            "status": "ongoing",
        }
        for p, s in starts.items()
    ]
    rows = [
        {"target_id": "T1", "program_id": "P", "metric": "participants", "year": 2024, "value": 3},
        {"target_id": "T2", "program_id": "P", "metric": "participants", "year": 2025, "value": 5},
        {"target_id": "T3", "metric": "hires", "year": 2024, "value": 1},
        {"target_id": "T4", "program_id": "P", "metric": "participants", "year": 2026, "value": 9},
        {"target_id": "T5", "institution_id": "I", "metric": "participants", "year": 2024, "value": 1},
    ]
    return build(
        tmp_path / "w.duckdb",
        programs=[{"program_id": "P"}],
        participants=people,
        placements=placements,
        targets=[
            {"program_id": None, "institution_id": None, "employer_id": None, "source": None, **r}
            for r in rows
        ],
    )


def test_a_programs_targets_against_its_actuals(store):
    found = {t["target_id"]: t for t in targets.targets(db.scope_params(program="P"), AS_OF, store)}
    assert set(found) == {"T1", "T2", "T4"}  # the city's and the institution's are not the program's
    assert (found["T1"]["actual"], found["T1"]["state"]) == (3, targets.MET)
    running = found["T2"]
    assert (running["actual"], running["state"]) == (2, targets.RUNNING)
    assert running["to_date"]["value"] == 2 and running["year_before"]["value"] == 1
    assert running["year_before_full"]["value"] == 3
    assert found["T4"]["state"] == targets.AHEAD


def test_a_city_target_not_met(store):
    (hires,) = targets.targets(db.scope_params(), AS_OF, store)
    assert (hires["target_id"], hires["actual"], hires["state"]) == ("T3", 0, targets.NOT_MET)


def test_a_sector_or_district_scope_has_no_targets(store):
    assert targets.targets(db.scope_params(sector="Metallurgy"), AS_OF, store) == []


def test_figures_to_date_over_a_whole_year_are_that_years_by_year_figures(city_file):
    """The hand-built city of tests/conftest.py: 2025 has 5 participants and 3 employers."""
    from workforce.analysis import metrics

    for scope in (db.scope_params(), db.scope_params(program="P1"), db.scope_params(employer="E2")):
        by_year = {r["year"]: r for r in metrics.by_year(scope, city_file)}
        for year, row in by_year.items():
            whole = db.run(
                "figures_to_date",
                {**scope, "date_from": dt.date(year, 1, 1), "date_to": dt.date(year, 12, 31)},
                city_file,
            ).iloc[0]
            assert (whole.participants, whole.employers, whole.hires) == (
                row["participants"],
                row["employers"],
                row["hires"],
            )
            rate = row["intern_hire_rate"]
            assert whole.intern_hire_denominator == (rate["denominator"] if rate else 0)
            assert whole.intern_hire_numerator == (rate["numerator"] if rate else 0)
