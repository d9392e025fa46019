"""Targets against actuals (workforce/analysis/targets.py), worked out by hand on the store of
tests/fixtures/goals.py as of 2025-06-30: program P had 3 participants in 2024, 2 in 2025 so far, and 1
by the same date of 2024."""

import datetime as dt

import pytest

from tests.fixtures.goals import AS_OF, build_goals
from workforce.analysis import targets
from workforce.store import db


@pytest.fixture
def store(tmp_path):
    """T3: the city's hires in 2024 >= 1 (not met: none); T4: P's 2026 (not started); T5: institution I's."""
    return build_goals(
        tmp_path / "w.duckdb",
        {"target_id": "T3", "metric": "hires", "year": 2024, "value": 1},
        {"target_id": "T4", "program_id": "P", "metric": "participants", "year": 2026, "value": 9},
        {"target_id": "T5", "institution_id": "I", "metric": "participants", "year": 2024, "value": 1},
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
