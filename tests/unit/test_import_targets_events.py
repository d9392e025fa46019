"""The two optional tables of CONTRACT.md's "Targets and events" (added 2026-12-04): imported like the
others, with the same validation and messages."""

import pytest

from tests.fixtures.factory import build
from workforce.store import db, importer

PROGRAMS = "program_id;name;kind\nTECHNO;Техностажировка;internship\n"


def write(folder, name: str, text: str, encoding: str = "cp1251"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(store, sql: str) -> list[tuple]:
    with db.reading(store) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def store(tmp_path):
    return build(tmp_path / "w.duckdb", programs=[{"program_id": "TECHNO"}])


def test_targets_and_events_import_in_the_users_dialect(tmp_path, store):
    """Windows-1251, semicolons, dd.mm.yyyy dates: 750 participants in 2024 and a rate of 0.3."""
    files = [
        write(
            tmp_path,
            "targets.csv",
            "target_id;program_id;metric;year;value;source\n"
            "T1;TECHNO;participants;2024;750;План программы\n"
            "T2;;intern_hire_rate;2025;0.3;\n",
        ),
        write(
            tmp_path,
            "events.csv",
            "event_id;event_date;title;program_id;url\n"
            "E1;10.04.2024;Подписаны соглашения;;https://example.org\n"
            "E2;01.06.2022;Старт Техностажировки;TECHNO;\n",
        ),
    ]
    result = importer.import_files(files, store)
    assert result.tables["targets"].added == 2 and result.tables["events"].added == 2
    assert rows(store, "select target_id, metric, year, value from targets order by 1") == [
        ("T1", "participants", 2024, 750.0),
        ("T2", "intern_hire_rate", 2025, 0.3),
    ]
    assert rows(store, "select event_id, event_date::varchar from events order by 1") == [
        ("E1", "2024-04-10"),
        ("E2", "2022-06-01"),
    ]


def test_a_bad_target_is_refused_with_file_row_and_column_and_nothing_is_written(tmp_path, store):
    bad = write(
        tmp_path,
        "targets.csv",
        "target_id;program_id;metric;year;value\n"
        "T1;NOPE;participants;2024;750\n"  # row 2: no such program
        "T2;;intern_hire_rate;2025;30\n"  # row 3: a rate of 30, not a share
        "T3;;hires;2025;-1\n"  # row 4: negative
        "T4;;salary;2025;1\n"  # row 5: not a metric
        "T5;;hires;1800;1\n",  # row 6: the year out of range
    )
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([bad], store)
    found = {(p.row, p.column, p.code) for p in failed.value.problems}
    assert found == {
        (2, "program_id", "reference"),
        (3, "value", "share"),
        (4, "value", "negative"),
        (5, "metric", "choice"),
        (6, "year", "range"),
    }
    share = next(p for p in failed.value.problems if p.code == "share")
    assert str(share) == (
        "targets.csv, row 3, column value: must be a share between 0 and 1 when metric is intern_hire_rate"
        " (value: '30')"
    )
    assert rows(store, "select count(*) from targets") == [(0,)]


def test_an_event_needs_its_date_and_title(tmp_path, store):
    bad = write(tmp_path, "events.csv", "event_id;event_date;title\nE1;;Без даты\nE2;31.02.2024;\n")
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([bad], store)
    assert {(p.row, p.column, p.code) for p in failed.value.problems} == {
        (2, "event_date", "required"),
        (3, "event_date", "bad_date"),
        (3, "title", "required"),
    }


def test_a_header_only_file_imports_as_an_empty_table(tmp_path, store):
    """An export of an empty table is a header and no rows."""
    empty = write(
        tmp_path, "events.csv", "event_id;event_date;title;program_id;institution_id;employer_id;url\n"
    )
    result = importer.import_files([empty], store)
    assert result.tables["events"].added == 0
