"""Hand-worked answers of the Data page's quality queries."""

import duckdb

from tests.fixtures.factory import build, d
from workforce.store import db


def placement(pid: str, participant: str, status: str, start: str, end: str | None) -> dict:
    return {
        "placement_id": pid,
        "participant_id": participant,
        "employer_id": "E",
        "program_id": None,
        "start_date": d(start),
        "end_date": d(end) if end else None,
        "status": status,
    }


def hire(hid: str, participant: str, date: str) -> dict:
    return {
        "hire_id": hid,
        "participant_id": participant,
        "employer_id": "E",
        "hire_date": d(date),
        "exit_date": None,
        "monthly_salary": None,
    }


def test_knowledge_rate_counts_hired_and_long_closed_participants_as_known(tmp_path):
    # today 2025-01-01, so a last placement must have ended before 2024-01-02 (365 days earlier).
    # Cohort 2024: p1 hired (known); p2 ended 2023-06-30 (known); p3 ended 2024-06-30 (too recent);
    # p4 ongoing; p5 no placement -> 2 of 5.
    # Cohort 2025: p6 has a completed placement long ago and a dropped one without end_date (still
    # open, unknown); p7's only placement was dropped on 2023-01-01 (known) -> 1 of 2.
    path = build(
        tmp_path / "quality.duckdb",
        participants=[
            *({"participant_id": p} for p in ("p1", "p2", "p3", "p4", "p5")),
            *({"participant_id": p, "graduation_year": 2025} for p in ("p6", "p7")),
        ],
        placements=[
            placement("a", "p2", "completed", "2023-01-10", "2023-06-30"),
            placement("b", "p3", "completed", "2024-01-10", "2024-06-30"),
            placement("c", "p4", "ongoing", "2024-09-01", None),
            placement("d", "p6", "completed", "2021-09-01", "2022-01-01"),
            placement("e", "p6", "dropped", "2022-09-01", None),
            placement("f", "p7", "dropped", "2022-09-01", "2023-01-01"),
        ],
        hires=[hire("h1", "p1", "2024-08-01")],
    )
    frame = db.run("quality_knowledge_rate", {"today": d("2025-01-01"), "institution": None}, path)
    assert frame[["graduation_year", "cohort_size", "known", "knowledge_rate"]].values.tolist() == [
        [2024, 5, 2, 0.4],
        [2025, 2, 1, 0.5],
    ]
    one = db.run("quality_knowledge_rate", {"today": d("2025-01-01"), "institution": "I"}, path)
    assert one["known"].tolist() == [2, 1]
    # a year later p3's placement is old enough too
    later = db.run("quality_knowledge_rate", {"today": d("2026-01-01"), "institution": None}, path)
    assert later["known"].tolist() == [3, 1]


def test_broken_references_count_the_rows_whose_key_is_missing(tmp_path):
    # The importer refuses such rows, so they are written here as an outside edit would be:
    # placements x and y name participant "ghost", z names employer "X" (its participant p1 is
    # there); hire h2 names "ghost" and h1 is whole -> placements.participant_id 2,
    # placements.employer_id 1, hires.participant_id 1, every other reference 0.
    path = build(
        tmp_path / "broken.duckdb",
        participants=[{"participant_id": "p1"}],
        placements=[placement("a", "p1", "completed", "2024-01-10", "2024-06-30")],
        hires=[hire("h1", "p1", "2024-08-01")],
    )
    with duckdb.connect(str(path)) as con:
        con.execute(
            """insert into placements by name
            select * from (values ('x', 'ghost', 'E'), ('y', 'ghost', 'E'), ('z', 'p1', 'X'))
                as t(placement_id, participant_id, employer_id),
                (select date '2024-01-10' as start_date, 'ongoing' as status)"""
        )
        con.execute(
            """insert into hires by name
            select 'h2' as hire_id, 'ghost' as participant_id, 'E' as employer_id,
                date '2024-08-01' as hire_date"""
        )
    db.clear_cache()
    frame = db.run("quality_broken_references", {}, path)
    broken = {(t, c): n for t, c, n in frame[["table_name", "column_name", "broken"]].values}
    assert len(broken) == 11
    assert {k: n for k, n in broken.items() if n} == {
        ("placements", "participant_id"): 2,
        ("placements", "employer_id"): 1,
        ("hires", "participant_id"): 1,
    }
