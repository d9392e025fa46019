"""Hand-worked edge cases of every metric in CONTRACT.md, each on a database of a few rows."""

import json
import math

import pytest

from tests.fixtures.factory import MINI, build, d, without_additions
from workforce.analysis import intervals, metrics
from workforce.store import db, importer

SCOPES = {
    "all": {},
    "employer-CMK": {"employer": "CMK"},
    "institution-STT": {"institution": "STT"},
    "program-TECHNO": {"program": "TECHNO"},
}


@pytest.fixture(scope="module")
def mini_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("mini") / "mini.duckdb"
    importer.import_files([MINI], path)
    return path


@pytest.mark.parametrize("name", sorted(SCOPES))
def test_mini_sample_report_equals_the_expected_report(mini_db, name):
    expected = json.loads((MINI / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    got = metrics.report(d("2025-06-30"), database=mini_db, **SCOPES[name])
    assert without_additions(json.loads(json.dumps(got))) == expected


def wilson_by_hand(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """(p + z²/2n ∓ z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), the formula written out."""
    p = k / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # 3 of 10: p = 0.3, z² = 3.841459; centre 0.492073 / 1.384146, spread 0.342867 / 1.384146
        (3, 10, 0.107791, 0.603222),
        # 1 of 2: symmetric about one half
        (1, 2, 0.094531, 0.905469),
        # an interval at 0: nothing of 10; the low end is exactly 0
        (0, 10, 0.0, 0.277533),
        # an interval at 1: all of 10; the high end is exactly 1
        (10, 10, 0.722467, 1.0),
        # one of one
        (1, 1, 0.206549, 1.0),
    ],
)
def test_wilson_interval_of_a_rate_is_the_contracts(k, n, low, high):
    got = intervals.wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-7)
    assert got == pytest.approx(wilson_by_hand(k, n), abs=1e-12)


def test_a_zero_denominator_has_no_interval():
    assert intervals.wilson(0, 0) == (None, None)
    assert metrics.rate(0, 0) is None


def test_every_rate_of_the_mini_report_carries_its_wilson_interval(mini_db):
    got = metrics.report(d("2025-06-30"), database=mini_db)
    # retention_12m (expected/all.json): 2 of the 3 hires dated on or before 2024-06-30 stay a year
    # (p4's exits on exactly hire_date + 365 days). p = 2/3, n = 3, z²/n = 1.280486:
    # centre (0.666667 + 0.640243) / 2.280486, spread 1.959964 · sqrt(0.074074 + 0.106707) / 2.280486
    assert got["retention_12m"]["numerator"] == 2 and got["retention_12m"]["denominator"] == 3
    assert (got["retention_12m"]["low"], got["retention_12m"]["high"]) == pytest.approx(
        (0.207660, 0.938508), abs=5e-7
    )
    rates = [got["retention_6m"], got["retention_12m"]]
    rates += [r["intern_hire_rate"] for r in got["by_year"]]
    rates += [c[k] for c in got["cohorts"] for k in ("placement_rate", "employed_1y")]
    for figure in filter(None, rates):
        assert (figure["low"], figure["high"]) == intervals.wilson(figure["numerator"], figure["denominator"])
        assert figure["low"] <= figure["value"] <= figure["high"]


PEOPLE = [{"participant_id": p} for p in ("p1", "p2", "p3", "p4")]


def year_row(report: dict, year: int) -> dict:
    return next(r for r in report["by_year"] if r["year"] == year)


def one_year(tmp_path, placements, hires=(), year=2024, **scope):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        placements=placements,
        hires=list(hires),
    )
    return year_row(metrics.report(d("2026-01-01"), database=path, **scope), year)


def placement(pid, person, start, end, status="completed", employer="E", **extra):
    return {
        "placement_id": pid,
        "participant_id": person,
        "employer_id": employer,
        "start_date": d(start),
        "end_date": d(end) if end else None,
        "status": status,
        **extra,
    }


def hire(hid, person, date, employer="E", exit_date=None, salary=None):
    return {
        "hire_id": hid,
        "participant_id": person,
        "employer_id": employer,
        "hire_date": d(date),
        "exit_date": d(exit_date) if exit_date else None,
        "monthly_salary": salary,
    }


def test_dropped_and_ongoing_placements_count_as_participation_but_not_in_hire_rate(
    tmp_path,
):
    row = one_year(
        tmp_path,
        [
            placement("a", "p1", "2024-02-01", "2024-03-01", "dropped"),
            placement("b", "p2", "2024-02-01", None, "ongoing"),
            placement("c", "p3", "2024-02-01", "2024-05-01"),
        ],
        [hire("h1", "p1", "2024-04-01"), hire("h2", "p2", "2024-04-01")],
    )
    assert row["participants"] == 3
    assert without_additions(row["intern_hire_rate"]) == {"value": 0.0, "numerator": 0, "denominator": 1}
    assert row["median_days_to_hire"] is None


def test_hire_before_the_placement_ends_is_from_internship_with_zero_days(tmp_path):
    row = one_year(
        tmp_path,
        [placement("a", "p1", "2024-02-01", "2024-06-30")],
        [hire("h1", "p1", "2024-05-15")],
    )
    assert row["intern_hire_rate"]["numerator"] == 1
    assert row["median_days_to_hire"] == 0.0


def test_hire_before_the_placement_starts_is_not_from_internship(tmp_path):
    row = one_year(
        tmp_path,
        [placement("a", "p1", "2024-02-01", "2024-06-30")],
        [hire("h1", "p1", "2024-01-31")],
    )
    assert row["intern_hire_rate"]["numerator"] == 0


@pytest.mark.parametrize(
    "hire_date, days",
    [
        ("2025-01-30", 365),  # exactly end + 365 days: still from the internship
        ("2025-01-31", None),  # end + 366 days: not
    ],
)
def test_both_sides_of_the_365_day_window(tmp_path, hire_date, days):
    row = one_year(
        tmp_path,
        [placement("a", "p1", "2023-12-01", "2024-01-31")],
        [hire("h1", "p1", hire_date)],
    )
    assert row["median_days_to_hire"] == (float(days) if days is not None else None)
    assert row["intern_hire_rate"]["numerator"] == (1 if days is not None else 0)


def test_two_candidate_placements_latest_end_date_wins(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        programs=[{"program_id": "A"}, {"program_id": "B"}],
        placements=[
            placement("x1", "p1", "2023-01-01", "2023-06-30", program_id="A"),
            placement("x2", "p1", "2024-01-01", "2024-03-31", program_id="B"),
        ],
        hires=[hire("h1", "p1", "2024-04-10")],
    )
    report = metrics.report(d("2026-01-01"), database=path)
    assert year_row(report, 2024)["median_days_to_hire"] == 10.0
    assert year_row(report, 2023)["intern_hire_rate"]["numerator"] == 0
    by_program_b = metrics.report(d("2026-01-01"), program="B", database=path)
    assert year_row(by_program_b, 2024)["hires"] == 1
    by_program_a = metrics.report(d("2026-01-01"), program="A", database=path)
    assert [(r["year"], r["hires"]) for r in by_program_a["by_year"]] == [(2023, 0)]


def test_tie_on_end_date_goes_to_the_smallest_placement_id(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        programs=[{"program_id": "A"}, {"program_id": "B"}],
        placements=[
            placement("pl-2", "p1", "2024-01-01", "2024-03-31", program_id="A"),
            placement("pl-10", "p1", "2024-02-01", "2024-03-31", program_id="B"),
        ],
        hires=[hire("h1", "p1", "2024-04-30")],
    )
    # 'pl-10' < 'pl-2' as text, so program B's placement is the source.
    assert year_row(metrics.report(d("2026-01-01"), program="B", database=path), 2024)["hires"] == 1
    assert year_row(metrics.report(d("2026-01-01"), program="A", database=path), 2024)["hires"] == 0


def test_hire_at_another_employer_is_a_hire_but_not_from_internship(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        employers=[{"employer_id": "E"}, {"employer_id": "F"}],
        participants=PEOPLE,
        placements=[placement("a", "p1", "2024-01-01", "2024-03-31")],
        hires=[hire("h1", "p1", "2024-04-30", employer="F")],
    )
    row = year_row(metrics.report(d("2026-01-01"), database=path), 2024)
    assert row["hires"] == 1
    assert without_additions(row["intern_hire_rate"]) == {"value": 0.0, "numerator": 0, "denominator": 1}
    assert year_row(metrics.report(d("2026-01-01"), employer="E", database=path), 2024)["hires"] == 0


def test_even_count_median_is_the_mean_of_the_middle_two(tmp_path):
    row = one_year(
        tmp_path,
        [
            placement("a", "p1", "2024-01-01", "2024-03-01"),
            placement("b", "p2", "2024-01-01", "2024-03-01"),
        ],
        [
            hire("h1", "p1", "2024-03-11", salary=50000),
            hire("h2", "p2", "2024-03-26", salary=60001),
        ],
    )
    assert row["median_days_to_hire"] == 17.5
    assert row["median_salary"] == 55000.5


def test_median_salary_is_null_when_no_hire_has_one(tmp_path):
    row = one_year(
        tmp_path,
        [placement("a", "p1", "2024-01-01", "2024-03-01")],
        [hire("h1", "p1", "2024-05-01")],
    )
    assert row["hires"] == 1
    assert row["median_salary"] is None


def test_years_without_placements_are_listed_with_zeros_and_growth_is_undefined_after_zero(
    tmp_path,
):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        placements=[
            placement("a", "p1", "2021-03-01", "2021-04-01"),
            placement("b", "p2", "2023-03-01", "2025-02-01", "completed"),
        ],
    )
    rows = metrics.report(d("2026-01-01"), database=path)["by_year"]
    assert [(r["year"], r["participants"], r["growth"]) for r in rows] == [
        (2021, 1, None),
        (2022, 0, -1.0),
        (2023, 1, None),
        (2024, 0, -1.0),
        (2025, 0, None),
    ]
    assert rows[1]["intern_hire_rate"] is None


def test_empty_scope_has_no_years(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        placements=[placement("a", "p1", "2024-01-01", None, "ongoing")],
    )
    report = metrics.report(d("2026-01-01"), employer="nobody", database=path)
    assert report["by_year"] == []
    assert report["retention_6m"] is None and report["retention_12m"] is None


@pytest.mark.parametrize(
    "hire_date, exit_date, r6, r12",
    [
        # as_of 2025-06-30: observable at 6 months if hired on or before 2024-12-30,
        # at 12 months if on or before 2024-06-30.
        ("2024-12-30", None, (1, 1), None),  # just observable at 6 months
        ("2024-12-31", None, None, None),  # one day too recent for either
        ("2024-06-30", None, (1, 1), (1, 1)),  # just observable at 12 months
        ("2024-07-01", None, (1, 1), None),
        (
            "2024-01-01",
            "2024-07-01",
            (0, 1),
            (0, 1),
        ),  # exit exactly hire + 182 days: not retained
        (
            "2024-01-01",
            "2024-07-02",
            (1, 1),
            (0, 1),
        ),  # hire + 183 days: retained at 6 months
        ("2024-01-01", "2024-12-31", (1, 1), (0, 1)),  # exit exactly hire + 365 days
        (
            "2024-01-01",
            "2025-01-01",
            (1, 1),
            (1, 1),
        ),  # hire + 366 days: retained at 12 months
    ],
)
def test_retention_censoring_and_boundaries(tmp_path, hire_date, exit_date, r6, r12):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        hires=[hire("h", "p1", hire_date, exit_date=exit_date)],
    )
    report = metrics.report(d("2025-06-30"), database=path)

    def pair(r):
        return None if r is None else (r["numerator"], r["denominator"])

    assert pair(report["retention_6m"]) == r6
    assert pair(report["retention_12m"]) == r12


@pytest.mark.parametrize(
    "hire_date, exit_date, employed",
    [
        ("2025-06-30", None, 1),  # hired on the day itself
        ("2025-07-01", None, 0),  # a day late
        ("2024-09-01", "2025-06-30", 0),  # left on the day: not active
        ("2024-09-01", "2025-07-01", 1),  # left the day after
    ],
)
def test_employed_1y_is_checked_on_30_june_of_the_next_year(tmp_path, hire_date, exit_date, employed):
    path = build(
        tmp_path / "t.duckdb",
        participants=[
            {"participant_id": "p1", "graduation_year": 2024},
            {"participant_id": "p2", "graduation_year": 2024},
        ],
        hires=[hire("h", "p1", hire_date, exit_date=exit_date)],
    )
    (cohort,) = metrics.report(d("2025-06-30"), database=path)["cohorts"]
    assert without_additions(cohort["employed_1y"]) == {
        "value": employed / 2,
        "numerator": employed,
        "denominator": 2,
    }
    assert without_additions(cohort["placement_rate"]) == {"value": 0.0, "numerator": 0, "denominator": 2}


def test_employed_1y_is_undefined_until_the_check_date_has_passed(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        participants=[{"participant_id": "p1", "graduation_year": 2024}],
    )
    assert metrics.report(d("2025-06-29"), database=path)["cohorts"][0]["employed_1y"] is None
    assert metrics.report(d("2025-06-30"), database=path)["cohorts"][0]["employed_1y"] is not None


def test_cohorts_are_empty_for_program_and_employer_scopes(tmp_path):
    path = build(tmp_path / "t.duckdb", participants=PEOPLE)
    assert metrics.report(d("2025-06-30"), employer="E", database=path)["cohorts"] == []
    assert len(metrics.report(d("2025-06-30"), institution="I", database=path)["cohorts"]) == 1


@pytest.mark.parametrize(
    "qualifier, value, matched",
    [
        ("exact", 20, True),
        ("exact", 21, False),
        ("about", 22, True),  # 20 is within 10% of 22 (2.2)
        ("about", 19, True),  # within 1.9
        ("about", 18, False),  # 2 > 1.8
        ("about", 23, False),  # 3 > 2.3
        ("about", 17, False),  # 3 > 1.7
        ("more_than", 19, True),
        ("more_than", 20, False),  # equal is not more than
        ("at_least", 20, True),
        ("at_least", 21, False),
    ],
)
def test_published_figure_qualifiers(tmp_path, qualifier, value, matched):
    people = [{"participant_id": f"p{i}"} for i in range(25)]
    placements = [placement(f"x{i}", f"p{i}", "2024-03-01", "2024-05-01") for i in range(20)]
    placements.append(placement("late", "p24", "2025-01-01", "2025-02-01"))
    path = build(
        tmp_path / "t.duckdb",
        participants=people,
        placements=placements,
        published_figures=[
            {
                "figure_id": "F",
                "metric": "participants",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": value,
                "qualifier": qualifier,
            }
        ],
    )
    (figure,) = metrics.figures(path)
    assert figure["in_data"] == 20
    assert figure["matched"] is matched


def test_figures_for_employers_agreements_and_hires_apply_their_own_scope(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        institutions=[{"institution_id": "I"}, {"institution_id": "J"}],
        employers=[{"employer_id": "E"}, {"employer_id": "F"}],
        programs=[{"program_id": "P"}],
        participants=[
            {"participant_id": "p1"},
            {"participant_id": "p2", "institution_id": "J"},
        ],
        placements=[
            placement("a", "p1", "2024-01-01", "2024-02-01", program_id="P"),
            placement("b", "p2", "2024-01-01", "2024-02-01", employer="F"),
        ],
        hires=[
            hire("h1", "p1", "2024-03-01"),
            hire("h2", "p2", "2024-03-01", employer="E"),
        ],
        agreements=[
            {
                "agreement_id": "A1",
                "employer_id": "E",
                "institution_id": "I",
                "signed_on": d("2024-04-10"),
            },
            {
                "agreement_id": "A2",
                "employer_id": "F",
                "institution_id": "I",
                "signed_on": d("2024-04-10"),
            },
            {
                "agreement_id": "A3",
                "employer_id": "E",
                "institution_id": "J",
                "signed_on": d("2023-04-10"),
            },
        ],
        published_figures=[
            {
                "figure_id": "F1",
                "metric": "employers",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 2,
            },
            {
                "figure_id": "F2",
                "metric": "agreements",
                "program_id": "P",
                "institution_id": "I",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 2,
            },
            {
                "figure_id": "F3",
                "metric": "hires",
                "program_id": "P",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 1,
            },
            {
                "figure_id": "F4",
                "metric": "hires",
                "employer_id": "E",
                "institution_id": "J",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 1,
            },
            {
                "figure_id": "F5",
                "metric": "participants",
                "program_id": "P",
                "employer_id": "F",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 0,
            },
            # an employer without a program: p2's placement b at F
            {
                "figure_id": "F6",
                "metric": "participants",
                "employer_id": "F",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 1,
            },
            # employer E and institution J: E's only placement is p1's (institution I)
            {
                "figure_id": "F7",
                "metric": "employers",
                "employer_id": "E",
                "institution_id": "J",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 0,
            },
            # an institution alone: p2 of J, at F
            {
                "figure_id": "F8",
                "metric": "employers",
                "institution_id": "J",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 1,
            },
            # program P outside its period: placement a started on 2024-01-01
            {
                "figure_id": "F9",
                "metric": "participants",
                "program_id": "P",
                "period_start": d("2024-01-02"),
                "period_end": d("2024-12-31"),
                "value": 0,
            },
        ],
    )
    got = {f["figure_id"]: f["in_data"] for f in metrics.figures(path)}
    assert got == {
        "F1": 2,
        "F2": 2,
        "F3": 1,
        "F4": 1,
        "F5": 0,
        "F6": 1,
        "F7": 0,
        "F8": 1,
        "F9": 0,
    }


def test_agreement_activity_counts_its_institution_at_its_employer_around_the_signing(tmp_path):
    # AG signed 2024-04-10 by institution I and employer E; as of 2025-06-01 the years run from
    # 2022 to 2025 (two after 2024 would be 2026, not reached). p1 and p2 are of I, q1 of J.
    # Placements of I's participants at E: 2022 (a), 2024 (b, c); d is q1's at E, e is p1's at F.
    # Hires of I's participants by E: h1 in 2025; h2 is q1's by E, h3 is p2's by F.
    path = build(
        tmp_path / "t.duckdb",
        institutions=[{"institution_id": "I"}, {"institution_id": "J"}],
        employers=[{"employer_id": "E"}, {"employer_id": "F"}],
        participants=[
            {"participant_id": "p1"},
            {"participant_id": "p2"},
            {"participant_id": "q1", "institution_id": "J"},
        ],
        placements=[
            placement("a", "p1", "2022-03-01", "2022-05-01"),
            placement("b", "p1", "2024-03-01", "2024-05-01"),
            placement("c", "p2", "2024-09-01", "2024-12-01"),
            placement("d", "q1", "2024-03-01", "2024-05-01"),
            placement("e", "p1", "2023-03-01", "2023-05-01", employer="F"),
        ],
        hires=[
            hire("h1", "p1", "2025-02-01"),
            hire("h2", "q1", "2024-07-01"),
            hire("h3", "p2", "2024-07-01", employer="F"),
        ],
        agreements=[
            {
                "agreement_id": "AG",
                "employer_id": "E",
                "institution_id": "I",
                "signed_on": d("2024-04-10"),
            }
        ],
    )
    params = {"agreement": "AG", "as_of": d("2025-06-01")}
    rows = db.run("agreement_activity_by_year", params, path).values.tolist()
    assert rows == [
        [2022, "placements", 1],
        [2022, "hires", 0],
        [2023, "placements", 0],
        [2023, "hires", 0],
        [2024, "placements", 2],
        [2024, "hires", 0],
        [2025, "placements", 0],
        [2025, "hires", 1],
    ]
    unknown = db.run("agreement_activity_by_year", {**params, "agreement": "NONE"}, path)
    assert unknown.empty


def test_placement_years_run_from_the_first_start_to_the_last_start_or_end(tmp_path):
    # a started 2022 and is still open (no end_date); b ended in 2024 -> 2022 to 2024
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        placements=[
            placement("a", "p1", "2022-05-01", None, status="ongoing"),
            placement("b", "p2", "2023-09-01", "2024-02-01"),
        ],
    )
    assert db.run("placement_years", {}, path).values.tolist() == [[2, 2022, 2024]]
    # without end dates the last year is the last start's
    only_open = build(
        tmp_path / "open.duckdb",
        participants=PEOPLE,
        placements=[placement("a", "p1", "2022-05-01", None, status="ongoing")],
    )
    assert db.run("placement_years", {}, only_open).values.tolist() == [[1, 2022, 2022]]
    empty = build(tmp_path / "empty.duckdb", participants=PEOPLE)
    row = db.run("placement_years", {}, empty).iloc[0]
    assert row["placements"] == 0 and row.isna()[["first_year", "last_year"]].all()


def test_by_year_runs_to_the_latest_end_date_year(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        participants=PEOPLE,
        placements=[placement("a", "p1", "2023-09-01", "2024-02-01")],
    )
    rows = metrics.report(d("2026-01-01"), database=path)["by_year"]
    assert [r["year"] for r in rows] == [2023, 2024]
    assert without_additions(rows[1]["intern_hire_rate"]) == {
        "value": 0.0,
        "numerator": 0,
        "denominator": 1,
    }
    db.clear_cache()


def test_a_viewer_sees_an_interval_only_beside_a_rate_shown_on_exact_counts(mini_db):
    from workforce import disclosure

    report = metrics.report(d("2025-06-30"), database=mini_db)
    # retention_6m is 3 of 4: the count 3 is small, so under the default policy the rate is hidden
    hidden = metrics.protect_report(report, disclosure.get_policy("default"))
    assert hidden["retention_6m"] == "<5"
    # a policy with no small counts to hide (threshold 1, counts exact) shows the rate and its interval
    open_policy = disclosure.Policy(name="open", title="all shown", threshold=1, floor=1, small_label="-")
    shown = metrics.protect_report(report, open_policy)["retention_6m"]
    assert (shown["low"], shown["high"]) == intervals.wilson(3, 4)
    # rounded counts (nearest 10): the exact interval would give the counts back
    rounded = disclosure.Policy(name="r", title="rounded", threshold=1, round_to=10, floor=1, small_label="-")
    assert metrics.protect_report(report, rounded)["retention_6m"]["low"] is None
    assert metrics.protect_report(report, rounded)["retention_6m"]["high"] is None
