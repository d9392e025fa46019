"""Hand-worked answers of the Cohorts, Employers and Pipeline queries on the town (tests/fixtures/town.py)."""

from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.factory import MINI, build, d
from tests.fixtures.town import AS_OF, build_town
from workforce.analysis import metrics
from workforce.pagedata import employers as employer_data
from workforce.pagedata import pipeline as pipeline_data
from workforce.store import db, importer

NO_SCOPE = db.scope_params()
ALL_YEARS = {"year_from": None, "year_to": None}


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return build_town(tmp_path_factory.mktemp("town") / "town.duckdb")


def mini_db(tmp_path: Path) -> Path:
    """The contract's worked example, imported afresh."""
    path = tmp_path / "mini.duckdb"
    importer.import_files([MINI], path)
    db.clear_cache()
    return path


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as plain tuples of the given columns (NaN and NA as None)."""
    picked = frame[list(columns)].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in picked.itertuples(index=False)]


def test_pooled_cohorts_count_every_institution_together(town):
    # 2023: a1 a2 a3 b1; placed a1 a2 b1; on 2024-06-30 only a1 works (b1 is hired in October).
    # 2024: a4 b3, both placed, neither works on 2025-06-30. 2025: b2, not observable until 2026-06-30.
    frame = db.run("pooled_cohorts", {"as_of": AS_OF, **ALL_YEARS}, town)
    assert rows(
        frame, "graduation_year", "cohort_size", "placed", "employed_1y_numerator", "employed_1y"
    ) == [
        (2023, 4, 3, 1, 0.25),
        (2024, 2, 2, 0, 0.0),
        (2025, 1, 1, 0, None),
    ]
    assert rows(frame, "placement_rate") == [(0.75,), (1.0,), (1.0,)]


def test_pooled_cohorts_keep_to_the_graduation_years_asked_for(town):
    frame = db.run("pooled_cohorts", {"as_of": AS_OF, "year_from": 2024, "year_to": None}, town)
    assert list(frame.graduation_year) == [2024, 2025]
    frame = db.run("pooled_cohorts", {"as_of": AS_OF, "year_from": None, "year_to": 2023}, town)
    assert list(frame.graduation_year) == [2023]


def test_pooled_cohorts_of_a_one_institution_town_equal_metrics_cohorts(tmp_path):
    path = mini_db(tmp_path)
    as_of = d("2025-06-30")
    pooled = db.run("pooled_cohorts", {"as_of": as_of, **ALL_YEARS}, path)
    stt = [c for c in metrics.cohorts("STT", as_of, path)]
    miet = [c for c in metrics.cohorts("MIET-C", as_of, path)]
    by_year: dict[int, list[int]] = {}
    for c in stt + miet:
        size, placed = by_year.setdefault(c["graduation_year"], [0, 0])
        by_year[c["graduation_year"]] = [size + c["cohort_size"], placed + c["placement_rate"]["numerator"]]
    assert rows(pooled, "graduation_year", "cohort_size", "placed") == [
        (y, *v) for y, v in sorted(by_year.items())
    ]


@pytest.mark.parametrize(
    "split, expected",
    [
        # A's 2023 cohort: a1 and a2 weld (both placed, a1 works on 2024-06-30); a3 turns (never placed).
        ("specialty", [("Welding", 2, 2, 1, 0.5), ("Turning", 1, 0, 0, 0.0)]),
        # a1 and a2 are vocational, a3 a bachelor.
        ("level", [("vocational", 2, 2, 1, 0.5), ("bachelor", 1, 0, 0, 0.0)]),
    ],
)
def test_cohort_segments_split_one_cohort_by_specialty_or_level(town, split, expected):
    params = {"institution": "A", "graduation_year": 2023, "split": split, "as_of": AS_OF}
    frame = db.run("cohort_segments", params, town)
    assert rows(frame, "segment", "cohort_size", "placed", "employed_1y_numerator", "employed_1y") == expected


def test_participant_without_a_specialty_falls_in_the_null_segment(town):
    params = {"institution": "A", "graduation_year": 2024, "split": "specialty", "as_of": AS_OF}
    frame = db.run("cohort_segments", params, town)
    assert rows(frame, "segment", "cohort_size", "placed") == [(None, 1, 1)]


def test_cohort_segments_of_every_institution_pool_the_cohort(town):
    # 2023 welders: a1 a2 b1 (all placed, only a1 works on 2024-06-30); turners: a3.
    params = {"institution": None, "graduation_year": 2023, "split": "specialty", "as_of": AS_OF}
    frame = db.run("cohort_segments", params, town)
    assert rows(frame, "segment", "cohort_size", "placed", "employed_1y_numerator") == [
        ("Welding", 3, 3, 1),
        ("Turning", 1, 0, 0),
    ]


def test_cohort_segments_are_not_observable_before_the_checking_date(town):
    params = {"institution": "B", "graduation_year": 2025, "split": "level", "as_of": AS_OF}
    frame = db.run("cohort_segments", params, town)
    assert rows(frame, "segment", "cohort_size", "employed_observable", "employed_1y") == [
        ("vocational", 1, False, None)
    ]


def test_cohort_funnel_narrows_from_cohort_to_still_employed(town):
    # A 2023: a1 a2 a3; placed a1 a2; both hired; a2 left after 106 days, a1 stays.
    frame = db.run(
        "cohort_funnel_stages", {"institution": "A", "graduation_year": 2023, "as_of": AS_OF}, town
    )
    assert rows(frame, "step", "stage", "participants") == [
        (1, "cohort", 3),
        (2, "placed", 2),
        (3, "hired", 2),
        (4, "still_employed", 1),
    ]
    assert list(frame.share_of_cohort) == pytest.approx([1, 2 / 3, 2 / 3, 1 / 3])


def test_hire_younger_than_a_year_counts_as_still_employed_when_active_on_as_of(town):
    # On 2023-03-01 a2's hire (2023-01-15, exits 2023-05-01) is under a year old and active.
    frame = db.run(
        "cohort_funnel_stages", {"institution": "A", "graduation_year": 2023, "as_of": d("2023-03-01")}, town
    )
    assert rows(frame, "stage", "participants")[-1] == ("still_employed", 2)


def test_hire_that_ends_within_its_first_year_is_not_still_employed(town):
    # A 2024: a4 placed and hired 2023-08-10; exits 2024-08-20, after hire + 365 days: retained.
    # B 2024: b3 placed, hired 2023-12-01 and gone 40 days later: not still employed.
    a = db.run("cohort_funnel_stages", {"institution": "A", "graduation_year": 2024, "as_of": AS_OF}, town)
    b = db.run("cohort_funnel_stages", {"institution": "B", "graduation_year": 2024, "as_of": AS_OF}, town)
    assert rows(a, "participants") == [(1,), (1,), (1,), (1,)]
    assert rows(b, "participants") == [(1,), (1,), (1,), (0,)]


def test_pooled_cohort_funnel_counts_every_institution(town):
    # 2023: a1 a2 a3 b1; placed a1 a2 b1; hired a1 a2 b1; still employed a1 and b1.
    frame = db.run(
        "cohort_funnel_stages", {"institution": None, "graduation_year": 2023, "as_of": AS_OF}, town
    )
    assert rows(frame, "participants") == [(4,), (3,), (3,), (2,)]


def test_funnel_of_a_cohort_that_does_not_exist_is_all_zero_with_no_shares(town):
    frame = db.run(
        "cohort_funnel_stages", {"institution": "A", "graduation_year": 1999, "as_of": AS_OF}, town
    )
    assert rows(frame, "participants", "share_of_cohort") == [(0, None)] * 4


def test_retention_curve_follows_each_hire_month_by_month(town):
    """Kaplan-Meier on the town's five hires as of 2026-01-01: h5 leaves after 40 days, h2 after 106, h3
    after 376; h4 is censored at 457 days and h1 at 1,189. S(40) = 4/5, S(106) = 4/5 * 3/4 = 3/5,
    S(376) = 3/5 * 2/3 = 2/5 (h3, h4 and h1 at risk)."""
    frame = metrics.retention_curve(NO_SCOPE, AS_OF, town).set_index("month")
    assert len(frame) == 24 and frame.attrs["total"] == 5
    expected = {
        1: (30, 5, 0, 1.0),
        2: (60, 4, 1, 0.8),  # h5 gone
        4: (121, 3, 2, 0.6),  # h2 gone
        12: (365, 3, 2, 0.6),  # h3 still there (leaves on day 376)
        13: (395, 2, 3, 0.4),  # h3 gone
        16: (486, 1, 3, 0.4),  # h4 no longer observed: censored, not gone
        24: (730, 1, 3, 0.4),
    }
    for month, (days, at_risk, exits, survival) in expected.items():
        row = frame.loc[month]
        assert (row.days, row.at_risk, row.exits) == (days, at_risk, exits)
        assert row.survival == pytest.approx(survival, abs=1e-12)


def test_retention_curve_with_no_hires_is_flat_with_nobody_at_risk(town):
    frame = metrics.retention_curve(db.scope_params(employer="E4"), AS_OF, town)
    assert frame.attrs["total"] == 0 and frame.at_risk.sum() == 0
    assert (frame.survival == 1.0).all() and frame.low.isna().all()


def test_interns_and_hires_by_institution_for_one_employer(town):
    # E1 hosts a1 a2 (A) and b1 (B); it hires a1 (h1) and b1 (h4).
    params = {**db.scope_params(employer="E1"), **ALL_YEARS}
    frame = db.run("interns_and_hires_by_institution", params, town)
    assert rows(frame, "institution_id", "interns", "hires") == [("A", 2, 1), ("B", 1, 1)]
    assert list(frame.institution_name) == ["Колледж Альфа", "Техникум Бета"]


def test_institution_with_hires_but_no_interns_in_the_period_is_listed(town):
    # In 2024 E1 hosts nobody new but hires b1 (h4, 2024-10-01).
    params = {**db.scope_params(employer="E1"), "year_from": 2024, "year_to": 2024}
    frame = db.run("interns_and_hires_by_institution", params, town)
    assert rows(frame, "institution_id", "interns", "hires") == [("B", 0, 1)]


def test_interns_and_hires_by_institution_without_scope(town):
    # A: a1 a2 a4 interned, hires h1 h2 h3; B: b1 b2 b3 interned, hires h4 h5.
    frame = db.run("interns_and_hires_by_institution", {**NO_SCOPE, **ALL_YEARS}, town)
    assert rows(frame, "institution_id", "interns", "hires") == [("A", 3, 3), ("B", 3, 2)]


def test_interns_and_hires_by_program_list_only_hires_from_an_internship(town):
    # E1's interns all came through P1; of its hires only h1 is from an internship (h4 is 397 days late).
    params = {**db.scope_params(employer="E1"), **ALL_YEARS}
    frame = db.run("interns_and_hires_by_program", params, town)
    assert rows(frame, "program_id", "program_name", "interns", "hires_from_internship") == [
        ("P1", "Практика на заводе", 3, 1)
    ]


def test_placements_without_a_program_form_their_own_row(town):
    # P1: a1 a2 b1, h1 from pl1. No program: a4 (pl4), b2 (pl6), b3 (pl7); h3 from pl4.
    frame = db.run("interns_and_hires_by_program", {**NO_SCOPE, **ALL_YEARS}, town)
    assert rows(frame, "program_id", "interns", "hires_from_internship") == [("P1", 3, 1), (None, 3, 1)]


def sector(town, employer, **extra):
    params = {
        **db.scope_params(),
        "employer": employer,
        "year_from": None,
        "year_to": None,
        "as_of": AS_OF,
        **extra,
    }
    params.pop("sector")
    return db.run("sector_employers", params, town)


def test_sector_employers_and_their_medians(town):
    # Metallurgy: E1, E2, E4 (E3 is microelectronics).
    # E1: completers a1 a2 b1, a1 hired from pl1 (30 days): 1/3; hires h1 h4 both kept a year: 2/2.
    # E2: completer a4 hired from pl4 (10 days): 1/1; hires h3 (kept 376 days) h5 (40): 1/2.
    # E4: nothing, so no figure: the medians are over E1 and E2.
    frame = sector(town, "E1")
    assert rows(
        frame,
        "employer_id",
        "is_selected",
        "intern_hire_numerator",
        "intern_hire_denominator",
        "median_days_to_hire",
        "retention_12m_numerator",
        "retention_12m_denominator",
    ) == [("E1", True, 1, 3, 30.0, 2, 2), ("E2", False, 1, 1, 10.0, 1, 2), ("E4", False, 0, 0, None, 0, 0)]
    first = frame.iloc[0]
    assert first.sector_median_intern_hire_rate == pytest.approx(2 / 3)
    assert first.sector_median_days_to_hire == 20.0
    assert first.sector_median_retention_12m == 0.75
    counts = (
        "sector_employers_intern_hire_rate",
        "sector_employers_days_to_hire",
        "sector_employers_retention_12m",
    )
    assert [int(first[c]) for c in counts] == [2, 2, 2]


def test_sector_comparison_keeps_to_placements_ending_in_the_period(town):
    # Ending in 2023: E1's pl5 (b1, not hired from it): 0/1; E2's pl4: 1/1 in 10 days.
    frame = sector(town, "E2", year_from=2023, year_to=2023)
    assert rows(frame, "employer_id", "intern_hire_numerator", "intern_hire_denominator") == [
        ("E2", 1, 1),
        ("E1", 0, 1),
        ("E4", 0, 0),
    ]
    first = frame.iloc[0]
    assert first.sector_median_intern_hire_rate == 0.5
    assert first.sector_median_days_to_hire == 10.0
    assert int(first.sector_employers_days_to_hire) == 1


def test_sector_employer_figure_matches_metrics_by_year_for_one_year(town):
    frame = sector(town, "E1", year_from=2022, year_to=2022)
    year = next(r for r in metrics.by_year(db.scope_params(employer="E1"), town) if r["year"] == 2022)
    mine = frame.iloc[0]
    assert metrics.rate(mine.intern_hire_numerator, mine.intern_hire_denominator) == year["intern_hire_rate"]
    assert mine.median_days_to_hire == year["median_days_to_hire"]


def test_sector_employers_of_an_unknown_employer_is_empty(town):
    assert sector(town, "NOPE").empty


def outcomes(town, **filters):
    scope = {k: filters.pop(k) for k in list(filters) if k in NO_SCOPE}
    params = {**db.scope_params(**scope), **ALL_YEARS, **filters}
    frame = db.run("placement_outcomes", params, town)
    return rows(frame, "institution_id", "sector", "outcome", "placements")


def test_placement_outcomes_without_scope(town):
    # pl1 -> h1 at the host within the year: host. pl2 -> a2 hired by E3: elsewhere.
    # pl4 -> h3 at the host: host. pl5 -> b1 hired by the host 397 days after: elsewhere.
    # pl7 -> b3's only hire predates the placement: not hired. pl6 is ongoing: left out.
    assert outcomes(town) == [
        ("A", "Metallurgy", "hired_by_host", 2),
        ("A", "Metallurgy", "hired_elsewhere", 1),
        ("B", "Metallurgy", "hired_elsewhere", 1),
        ("B", "Microelectronics", "not_hired", 1),
    ]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"year_from": 2024, "year_to": 2024}, [("B", "Microelectronics", "not_hired", 1)]),
        (
            {"year_from": None, "year_to": 2022},
            [("A", "Metallurgy", "hired_by_host", 1), ("A", "Metallurgy", "hired_elsewhere", 1)],
        ),
        ({"sector": "Microelectronics"}, [("B", "Microelectronics", "not_hired", 1)]),
        ({"employer": "E2"}, [("A", "Metallurgy", "hired_by_host", 1)]),
        (
            {"institution": "B"},
            [("B", "Metallurgy", "hired_elsewhere", 1), ("B", "Microelectronics", "not_hired", 1)],
        ),
        (
            {"program": "P1"},
            [
                ("A", "Metallurgy", "hired_by_host", 1),
                ("A", "Metallurgy", "hired_elsewhere", 1),
                ("B", "Metallurgy", "hired_elsewhere", 1),
            ],
        ),
        ({"district": "Zelenograd"}, [("B", "Microelectronics", "not_hired", 1)]),
    ],
)
def test_placement_outcomes_follow_the_scope_and_the_period(town, filters, expected):
    assert outcomes(town, **filters) == expected


def test_every_candidate_placement_at_the_host_counts_as_hired_by_host(tmp_path):
    # Mini sample: p4 is hired during pl5, after pl4 at the same host: both placements led to the hire.
    # p2 is hired by the host 366 days after the end: elsewhere. p6 never hired. p5 hired by CMK after SMPP.
    path = mini_db(tmp_path)
    assert outcomes(path) == [
        ("MIET-C", "Mechanical engineering", "hired_elsewhere", 1),
        ("MIET-C", "Metallurgy", "not_hired", 1),
        ("MIET-C", "Microelectronics", "hired_by_host", 2),
        ("STT", "Metallurgy", "hired_by_host", 1),
        ("STT", "Metallurgy", "hired_elsewhere", 1),
    ]


def test_hire_before_the_placement_starts_is_no_outcome_of_it(tmp_path):
    path = build(
        tmp_path / "t.duckdb",
        employers=[{"employer_id": "E"}, {"employer_id": "F"}],
        participants=[{"participant_id": "p"}],
        placements=[
            {
                "placement_id": "x",
                "participant_id": "p",
                "start_date": d("2024-03-01"),
                "end_date": d("2024-04-01"),
            }
        ],
        hires=[
            {"hire_id": "h", "participant_id": "p", "employer_id": "F", "hire_date": d("2024-02-29")},
            {"hire_id": "g", "participant_id": "p", "employer_id": "E", "hire_date": d("2024-02-28")},
        ],
    )
    assert outcomes(path) == [("I", "Metallurgy", "not_hired", 1)]


def test_flows_pool_all_but_the_largest_institutions(town):
    # A has 3 completed placements, B 2: with top=1 B's become "others".
    frame = pipeline_data.placement_outcomes(db.scope_params(), database=town)
    links = pipeline_data.flows(frame, top=1, others="others")
    firsts = links[links.source_kind == "institution"]
    assert sorted(rows(firsts, "source", "target", "placements")) == [
        ("others", "Metallurgy", 1),
        ("others", "Microelectronics", 1),
        ("Колледж Альфа", "Metallurgy", 3),
    ]
    assert pipeline_data.pooled_institutions(frame, 1) == 1
    assert pipeline_data.pooled_institutions(frame, 12) == 0
    seconds = links[links.source_kind == "sector"]
    assert (
        seconds.placements.sum() == firsts.placements.sum() == pipeline_data.completed_placements(frame) == 5
    )


def test_outcome_totals_list_every_outcome_even_without_placements(town):
    frame = pipeline_data.placement_outcomes(db.scope_params(sector="Microelectronics"), database=town)
    totals = pipeline_data.outcome_totals(frame)
    assert rows(totals, "outcome", "placements", "share") == [
        ("hired_by_host", 0, 0.0),
        ("hired_elsewhere", 0, 0.0),
        ("not_hired", 1, 1.0),
    ]


def test_sector_comparison_puts_the_employer_beside_the_medians(town):
    frame = employer_data.sector_comparison("E1", {}, AS_OF, database=town)
    assert rows(frame, "metric", "numerator", "denominator", "employers") == [
        ("intern_hire_rate", 1, 3, 2),
        ("median_days_to_hire", None, None, 2),
        ("retention_12m", 2, 2, 2),
    ]
    assert list(frame.difference) == pytest.approx([1 / 3 - 2 / 3, 10.0, 0.25])
    assert employer_data.sector_comparison("NOPE", {}, AS_OF, database=town).empty


def test_headline_years_skip_the_year_still_in_progress(town):
    years = employer_data.years({"employer": "E1"}, database=town)  # 2022 and 2023
    current, previous = employer_data.headline_years(years, last_full_year=2022)
    assert (current.year, previous) == (2022, None)
    current, previous = employer_data.headline_years(years, last_full_year=2025)
    assert (current.year, previous.year) == (2023, 2022)
    assert employer_data.has_activity(years)
    assert not employer_data.has_activity(employer_data.years({"employer": "E4"}, database=town))
