"""The demo data: deterministic, valid under the contract, and matching its published figures."""

import datetime as dt
from collections.abc import Iterator

import duckdb
import pandas as pd
import pytest

from workforce import demo

CONTRACT_COLUMNS = {
    "institutions": ["institution_id", "name", "kind", "district"],
    "employers": ["employer_id", "name", "sector", "district", "zone"],
    "programs": ["program_id", "name", "operator", "kind"],
    "agreements": [
        "agreement_id",
        "employer_id",
        "institution_id",
        "signed_on",
        "field",
        "scholarships",
        "guaranteed_practice",
        "guaranteed_employment",
    ],
    "participants": [
        "participant_id",
        "institution_id",
        "specialty",
        "level",
        "graduation_year",
    ],
    "placements": [
        "placement_id",
        "participant_id",
        "employer_id",
        "program_id",
        "start_date",
        "end_date",
        "status",
    ],
    "hires": [
        "hire_id",
        "participant_id",
        "employer_id",
        "hire_date",
        "exit_date",
        "monthly_salary",
    ],
    "published_figures": [
        "figure_id",
        "program_id",
        "employer_id",
        "institution_id",
        "metric",
        "period_start",
        "period_end",
        "value",
        "qualifier",
        "source",
        "url",
        "published_on",
    ],
    "targets": [
        "target_id",
        "program_id",
        "institution_id",
        "employer_id",
        "metric",
        "year",
        "value",
        "source",
    ],
    "events": ["event_id", "event_date", "title", "program_id", "institution_id", "employer_id", "url"],
}
DATES = {
    "agreements": ["signed_on"],
    "placements": ["start_date", "end_date"],
    "hires": ["hire_date", "exit_date"],
    "published_figures": ["period_start", "period_end", "published_on"],
    "events": ["event_date"],
}
BOOLS = {"agreements": ["scholarships", "guaranteed_practice", "guaranteed_employment"]}
NUMBERS = {"hires": ["monthly_salary"], "published_figures": ["value"], "targets": ["value"]}
REQUIRED = {
    "institutions": ["name", "kind"],
    "employers": ["name", "sector"],
    "programs": ["name", "kind"],
    "agreements": ["employer_id", "institution_id", "signed_on"],
    "participants": ["institution_id", "level", "graduation_year"],
    "placements": ["participant_id", "employer_id", "start_date", "status"],
    "hires": ["participant_id", "employer_id", "hire_date"],
    "published_figures": [
        "metric",
        "period_start",
        "period_end",
        "value",
        "qualifier",
        "source",
    ],
}
FOREIGN_KEYS = [
    # (table, column, referenced table, its key); empty values are allowed
    ("agreements", "employer_id", "employers", "employer_id"),
    ("agreements", "institution_id", "institutions", "institution_id"),
    ("participants", "institution_id", "institutions", "institution_id"),
    ("placements", "participant_id", "participants", "participant_id"),
    ("placements", "employer_id", "employers", "employer_id"),
    ("placements", "program_id", "programs", "program_id"),
    ("hires", "participant_id", "participants", "participant_id"),
    ("hires", "employer_id", "employers", "employer_id"),
    ("published_figures", "program_id", "programs", "program_id"),
    ("published_figures", "employer_id", "employers", "employer_id"),
    ("published_figures", "institution_id", "institutions", "institution_id"),
]
ENUMS = [
    ("institutions", "kind", {"university", "college", "technical_school"}),
    ("programs", "kind", {"internship", "practice", "targeted_training", "scholarship"}),
    ("participants", "level", {"vocational", "bachelor", "specialist", "master"}),
    ("placements", "status", {"ongoing", "completed", "dropped"}),
    ("published_figures", "metric", {"participants", "employers", "agreements", "hires"}),
    ("published_figures", "qualifier", {"exact", "about", "more_than", "at_least"}),
]

PARTICIPANTS_SQL = """
select count(distinct pl.participant_id)
from placements pl
join participants pa using (participant_id)
where cast(pl.start_date as date) between $start and $end
  and ($program is null or pl.program_id = $program)
  and ($employer is null or pl.employer_id = $employer)
  and ($institution is null or pa.institution_id = $institution)
"""
EMPLOYERS_SQL = """
select count(distinct pl.employer_id)
from placements pl
join participants pa using (participant_id)
where cast(pl.start_date as date) between $start and $end
  and ($program is null or pl.program_id = $program)
  and ($employer is null or pl.employer_id = $employer)
  and ($institution is null or pa.institution_id = $institution)
"""
AGREEMENTS_SQL = """
select count(*)
from agreements
where cast(signed_on as date) between $start and $end
  and ($employer is null or employer_id = $employer)
  and ($institution is null or institution_id = $institution)
"""
TECHNO_PARTICIPANTS_SQL = """
select count(distinct participant_id)
from placements
where program_id = 'TECHNO' and cast(start_date as date) between $start and $end
"""


@pytest.fixture(scope="module", params=[20000, demo.MIN_PARTICIPANTS])
def frames(request: pytest.FixtureRequest) -> dict[str, pd.DataFrame]:
    """The demo tables at the default size and at the smallest size allowed."""
    return demo.generate(request.param)


@pytest.fixture(scope="module")
def con(frames: dict[str, pd.DataFrame]) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with every demo table registered under its name."""
    connection = duckdb.connect()
    for name, frame in frames.items():
        connection.register(name, frame)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> object:
    """The single value a query returns."""
    return con.execute(sql, params).fetchone()[0]


def matched(in_data: float, value: float, qualifier: str) -> bool:
    """Whether a computed figure satisfies a published one, as the contract says."""
    return {
        "exact": in_data == value,
        "about": abs(in_data - value) <= 0.1 * value,
        "more_than": in_data > value,
        "at_least": in_data >= value,
    }[qualifier]


def test_the_same_seed_gives_the_same_frames() -> None:
    first, second = demo.generate(seed=7), demo.generate(seed=7)
    for name in CONTRACT_COLUMNS:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_another_seed_gives_other_placements() -> None:
    first, second = demo.generate(seed=7), demo.generate(seed=8)
    assert not first["placements"].equals(second["placements"])


def test_too_few_participants_is_refused_with_the_minimum() -> None:
    with pytest.raises(ValueError, match=str(demo.MIN_PARTICIPANTS)):
        demo.generate(demo.MIN_PARTICIPANTS - 1)


def test_every_table_has_the_contract_columns_in_order(frames) -> None:
    assert {name: list(frame.columns) for name, frame in frames.items()} == (CONTRACT_COLUMNS)


def test_text_dates_bools_and_numbers_have_their_types(frames) -> None:
    for name, frame in frames.items():
        for column in frame.columns:
            dtype = frame[column].dtype
            if column in DATES.get(name, []):
                assert dtype == "datetime64[ns]", (name, column)
            elif column in BOOLS.get(name, []):
                assert pd.api.types.is_bool_dtype(dtype), (name, column)
            elif column in NUMBERS.get(name, []):
                assert pd.api.types.is_float_dtype(dtype), (name, column)
            elif column in ("graduation_year", "year"):
                assert pd.api.types.is_integer_dtype(dtype)
            else:
                assert pd.api.types.is_string_dtype(dtype), (name, column)


def test_there_are_as_many_participants_as_asked_for() -> None:
    frames = demo.generate(12345)
    placements = len(frames["placements"]) / len(frames["participants"])
    assert len(frames["participants"]) == 12345
    assert 1.3 < placements < 1.7


def test_keys_are_unique_and_present(frames) -> None:
    for name, columns in CONTRACT_COLUMNS.items():
        key = frames[name][columns[0]]
        assert key.notna().all(), name
        assert key.is_unique, name


def test_required_columns_are_filled(frames) -> None:
    for name, columns in REQUIRED.items():
        for column in columns:
            assert frames[name][column].notna().all(), (name, column)


@pytest.mark.parametrize(("table", "column", "parent", "key"), FOREIGN_KEYS)
def test_foreign_keys_exist(frames, table, column, parent, key) -> None:
    values = frames[table][column].dropna()
    assert values.isin(frames[parent][key]).all()


@pytest.mark.parametrize(("table", "column", "allowed"), ENUMS)
def test_enumerated_columns_hold_allowed_values(frames, table, column, allowed) -> None:
    assert set(frames[table][column].dropna()) <= allowed


def test_placements_end_on_or_after_they_start_and_only_ongoing_ones_are_open(
    frames,
) -> None:
    placements = frames["placements"]
    ended = placements["end_date"].notna()
    assert (placements.loc[ended, "end_date"] >= placements.loc[ended, "start_date"]).all()
    assert (placements.loc[~ended, "status"] == "ongoing").all()
    assert (placements.loc[ended, "status"] != "ongoing").all()
    assert placements["start_date"].dt.year.between(2022, 2025).all()
    assert (placements["status"] == "ongoing").any()
    assert (placements["status"] == "dropped").any()


def test_exits_follow_hires_and_salaries_are_positive(frames) -> None:
    hires = frames["hires"]
    left = hires["exit_date"].notna()
    assert (hires.loc[left, "exit_date"] >= hires.loc[left, "hire_date"]).all()
    salary = hires["monthly_salary"].dropna()
    assert salary.between(45000, 150000).all()
    assert hires["monthly_salary"].isna().any()
    assert hires["hire_date"].max() <= pd.Timestamp(demo.SNAPSHOT)


def test_graduation_years_are_in_range(frames) -> None:
    assert frames["participants"]["graduation_year"].between(1990, 2100).all()


@pytest.mark.parametrize("figure_id", [row[0] for row in demo.PUBLISHED_FIGURES])
def test_every_published_figure_is_matched_by_the_data(frames, con, figure_id) -> None:
    figures = frames["published_figures"].set_index("figure_id")
    figure = figures.loc[figure_id]
    sql = {
        "participants": PARTICIPANTS_SQL,
        "employers": EMPLOYERS_SQL,
        "agreements": AGREEMENTS_SQL,
    }[figure["metric"]]
    params = {
        "start": figure["period_start"].date(),
        "end": figure["period_end"].date(),
        "employer": None if pd.isna(figure["employer_id"]) else figure["employer_id"],
        "institution": None if pd.isna(figure["institution_id"]) else figure["institution_id"],
    }
    if figure["metric"] != "agreements":
        params["program"] = None if pd.isna(figure["program_id"]) else figure["program_id"]
    in_data = scalar(con, sql, **params)
    assert matched(in_data, figure["value"], figure["qualifier"]), in_data


def test_techno_internship_grew_as_reported(con) -> None:
    def techno(start: str, end: str) -> int:
        return scalar(
            con,
            TECHNO_PARTICIPANTS_SQL,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
        )

    first_half = techno("2024-01-01", "2024-06-30") / techno("2023-01-01", "2023-06-30")
    year = techno("2024-01-01", "2024-12-31") / techno("2023-01-01", "2023-12-31")
    assert round(first_half, 1) == 1.7
    assert round(year, 1) == 1.5


def test_techno_interns_are_hosted_by_zone_residents_only(con) -> None:
    zones = con.execute(
        """
        select distinct e.zone, e.employer_id = 'TECHNOPOLIS'
        from placements p join employers e using (employer_id)
        where p.program_id = 'TECHNO'
        """
    ).fetchall()
    assert zones == [(demo.ZONE, False)]


def test_binnopharm_interns_in_2024_come_from_sechenov_and_mendeleev(con) -> None:
    rows = con.execute(
        """
        select i.institution_id, i.name, count(distinct p.participant_id)
        from placements p
        join participants pa using (participant_id)
        join institutions i using (institution_id)
        where p.employer_id = 'BINNOPHARM' and year(p.start_date) = 2024
        group by all
        order by 1
        """
    ).fetchall()
    assert [(i, n) for i, n, _ in rows] == [
        ("MUCTR", "РХТУ им. Д. И. Менделеева"),
        ("SECHENOV", "Сеченовский университет"),
    ]
    assert sum(count for *_, count in rows) == 20


def test_stupino_school_signed_with_cmk_and_smpp_on_10_april_2024(con) -> None:
    rows = con.execute(
        """
        select a.employer_id, e.sector, a.field, a.scholarships,
               a.guaranteed_practice, a.guaranteed_employment, i.district
        from agreements a
        join employers e using (employer_id)
        join institutions i using (institution_id)
        where a.institution_id = 'STT' and cast(a.signed_on as date) = $day
        order by 1
        """,
        {"day": dt.date(2024, 4, 10)},
    ).fetchall()
    assert rows == [
        ("CMK", "Metallurgy", "Metallurgy", True, True, True, "Ступино"),
        (
            "SMPP",
            "Mechanical engineering",
            "Mechanical engineering",
            True,
            True,
            True,
            "Ступино",
        ),
    ]


def test_miet_college_is_in_the_zone_circuit(con) -> None:
    agreements = scalar(
        con,
        "select count(*) from agreements where employer_id = 'TECHNOPOLIS' and institution_id = 'MIET-C'",
    )
    interns = scalar(
        con,
        """
        select count(*) from placements join participants using (participant_id)
        where program_id = 'TECHNO' and institution_id = 'MIET-C'
        """,
    )
    assert agreements == 1
    assert interns > 0


def test_the_synthetic_part_grows_with_the_participants() -> None:
    small = demo.generate(demo.MIN_PARTICIPANTS)
    large = demo.generate(40000)
    for name in ("institutions", "employers", "agreements"):
        assert len(large[name]) > len(small[name]), name


def test_demo_database_matches_every_published_figure_through_the_metrics_report(tmp_path):
    from workforce import demo as demo_module
    from workforce.analysis import metrics

    path = demo_module.build(tmp_path / "demo.duckdb")
    figures = metrics.figures(path)
    assert len(figures) == 9
    assert all(f["matched"] for f in figures), [f for f in figures if not f["matched"]]
    with pytest.raises(FileExistsError):
        demo_module.build(path)


def test_the_demo_has_the_real_events_and_its_targets_say_they_are_not_real(frames) -> None:
    events = frames["events"].set_index("event_id")
    assert str(events.loc["STT-AGREEMENTS", "event_date"].date()) == "2024-04-10"
    assert events.loc["TECHNO-LAUNCH", "event_date"].year == 2022
    assert frames["targets"]["source"].str.startswith("демо: условная цель").all()
