"""The importer: every dialect of the contract, every rule, and all-or-nothing writes."""

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.fixtures.factory import MINI, build
from workforce.store import db, history, importer

INSTITUTIONS = "institution_id,name,kind,district\nSTT,Ступинский техникум,technical_school,Ступино\n"
EMPLOYERS = "employer_id;name;sector;district;zone\nCMK;ЦМК;Metallurgy;Ступино;\n"
PARTICIPANTS = (
    "participant_id,institution_id,specialty,level,graduation_year\np1,STT,Металлург,vocational,2024\n"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str) -> list[tuple]:
    with db.reading(path) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def base(tmp_path) -> Path:
    """A database holding one institution, one employer and one participant."""
    folder = tmp_path / "base"
    folder.mkdir()
    write(folder, "institutions.csv", INSTITUTIONS)
    write(folder, "employers.csv", EMPLOYERS, "cp1251")
    write(folder, "participants.csv", PARTICIPANTS)
    path = tmp_path / "w.duckdb"
    importer.import_files([folder], path)
    return path


def p2_and_placements_of_p1_and_p2(folder: Path) -> list[Path]:
    """A participants file with p2 (p1 is in the base), and placements of both."""
    participants = write(
        folder,
        "participants_2025.csv",
        "participant_id,institution_id,level,graduation_year\np2,STT,master,2025\n",
    )
    placements = write(
        folder,
        "placements.csv",
        "placement_id,participant_id,employer_id,start_date,status\n"
        "a,p1,CMK,01.06.2024,ongoing\nb,p2,CMK,2024-06-01,ongoing\n",
    )
    return [participants, placements]


def test_mini_sample_imports_every_dialect(tmp_path):
    path = tmp_path / "m.duckdb"
    result = importer.import_files([MINI], path)
    assert {t: c.added for t, c in result.tables.items()} == {
        "institutions": 2,
        "employers": 3,
        "programs": 2,
        "agreements": 1,
        "participants": 6,
        "placements": 8,
        "hires": 4,
        "published_figures": 2,
    }
    assert rows(path, "select name from employers where employer_id = 'CMK'") == [("ЦМК",)]
    assert rows(path, "select signed_on, scholarships from agreements") == [(dt.date(2024, 4, 10), True)]
    assert rows(path, "select monthly_salary from hires where hire_id = 'h3'") == [(90000.5,)]


def test_importing_the_same_files_again_changes_nothing(tmp_path):
    path = tmp_path / "m.duckdb"
    importer.import_files([MINI], path)
    before = rows(path, "select * from placements order by 1")
    again = importer.import_files([MINI], path)
    assert all(c.added == 0 and c.changed == 0 for c in again.tables.values())
    assert rows(path, "select * from placements order by 1") == before


@pytest.mark.parametrize(
    "encoding, separator, date, flag",
    [
        ("utf-8", ",", "2024-04-10", "true"),
        ("utf-8-sig", ";", "10.04.2024", "да"),
        ("cp1251", ";", "10.04.2024", "Да"),
        ("cp1251", ",", "2024-04-10", "1"),
        ("utf-8", ";", "10.04.2024", "yes"),
    ],
)
def test_agreements_in_every_dialect(base, tmp_path, encoding, separator, date, flag):
    header = separator.join(
        [
            "agreement_id",
            "employer_id",
            "institution_id",
            "signed_on",
            "field",
            "scholarships",
            "guaranteed_practice",
            "guaranteed_employment",
        ]
    )
    line = separator.join(["AG-1", "CMK", "STT", date, "Металлургия", flag, "нет", ""])
    file = write(tmp_path, "agreements.csv", f"{header}\r\n{line}\r\n", encoding)
    importer.import_files([file], base)
    assert rows(base, "select * from agreements") == [
        ("AG-1", "CMK", "STT", dt.date(2024, 4, 10), "Металлургия", True, False, False)
    ]


@pytest.mark.parametrize(
    "written, stored",
    [
        ("62000", 62000.0),
        ('"62 000,50"', 62000.5),
        ('"1\u00a0234,5"', 1234.5),  # non-breaking space as the thousands separator
        ("90000.5", 90000.5),
        ('"1 234,50"', 1234.5),
    ],
)
def test_salaries_with_decimal_commas_and_thousands_spaces(base, tmp_path, written, stored):
    file = write(
        tmp_path,
        "hires.csv",
        f"hire_id,participant_id,employer_id,hire_date,exit_date,monthly_salary\nh1,p1,CMK,01.09.2024,,{written}\n",
    )
    importer.import_files([file], base)
    assert rows(base, "select monthly_salary, exit_date from hires") == [(stored, None)]


def test_xlsx_workbook_with_one_sheet_per_table(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "institutions"
    sheet.append(["institution_id", "name", "kind", "district"])
    sheet.append(["0412", "Колледж", "college", None])
    sheet = book.create_sheet("participants")
    sheet.append(["participant_id", "institution_id", "specialty", "level", "graduation_year"])
    sheet.append(["p1", "0412", None, "bachelor", 2025])
    book.create_sheet("notes").append(["anything"])
    file = tmp_path / "upload.xlsx"
    book.save(file)
    path = tmp_path / "x.duckdb"
    importer.import_files([file], path)
    assert rows(path, "select * from participants") == [("p1", "0412", None, "bachelor", 2025)]


def test_a_placement_may_refer_to_a_participant_in_another_file_or_already_stored(base, tmp_path):
    importer.import_files(p2_and_placements_of_p1_and_p2(tmp_path), base)
    assert rows(base, "select placement_id from placements order by 1") == [("a",), ("b",)]


def test_every_problem_is_reported_with_file_row_column_and_the_database_is_untouched(base, tmp_path):
    placements = write(
        tmp_path,
        "placements.csv",
        "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"
        "a;p1;CMK;;31.02.2024;;ongoing\n"  # row 2: no 31 February
        "b;p9;CMK;;01.03.2024;;ongoing\n"  # row 3: unknown participant
        "c;p1;XXX;NOPE;01.03.2024;01.02.2024;finished\n"  # row 4: four problems
        "a;p1;CMK;;01.03.2024;;ongoing\n",  # row 5: duplicate key
        "cp1251",
    )
    before = digest(base)
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([placements], base)
    found = {(p.row, p.column) for p in failed.value.problems}
    assert found == {
        (2, "start_date"),
        (3, "participant_id"),
        (4, "employer_id"),
        (4, "program_id"),
        (4, "end_date"),
        (4, "status"),
        (5, "placement_id"),
    }
    assert all(p.file == "placements.csv" for p in failed.value.problems)
    assert digest(base) == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("placements.csv", b"", "empty"),
        ("placements.csv", b"\x00\x01\x02garbage\x00", "not a text"),
        ("placements.xlsx", b"<html><body>Not a workbook</body></html>", "not a readable .xlsx"),
        ("notes.csv", b"a,b\n1,2\n", "does not name a contract table"),
        (
            "placements.csv",
            b"placement_id,participant_id,employer_id,start_date\na,p1,CMK,2024-01-01\n",
            "required column is missing",
        ),
        (
            "participants.csv",
            b"participant_id,institution_id,level,level,graduation_year\np5,STT,master,master,2024\n",
            "appears twice",
        ),
        (
            "participants.csv",
            b"participant_id,institution_id,level,graduation_year\np5,STT,master\n",
            "fields",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(base, tmp_path, name, content, message):
    file = tmp_path / name
    file.write_bytes(content)
    before = digest(base)
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([file], base)
    assert any(message in p.problem for p in failed.value.problems), failed.value.problems
    assert digest(base) == before


def test_extra_columns_are_ignored_with_a_warning(base, tmp_path):
    file = write(
        tmp_path,
        "participants.csv",
        "participant_id,ИНН,institution_id,level,graduation_year\np5,7700,STT,master,2024\n",
    )
    result = importer.import_files([file], base)
    assert [w.column for w in result.warnings] == ["инн"]
    assert rows(base, "select count(*) from participants") == [(2,)]


def test_a_changed_row_replaces_the_stored_one_and_rollback_restores_it(base, tmp_path):
    file = write(tmp_path, "participants.csv", PARTICIPANTS.replace("2024", "2025") + "p2,STT,,master,2026\n")
    result = importer.import_files([file], base)
    assert (result.tables["participants"].added, result.tables["participants"].changed) == (1, 1)
    assert rows(base, "select graduation_year from participants order by 1") == [(2025,), (2026,)]
    history.rollback(result.import_id, base)
    assert rows(base, "select participant_id, graduation_year from participants") == [("p1", 2024)]
    log = history.imports(base)
    assert log.iloc[0]["import_id"] == result.import_id
    assert not pd.isna(log.iloc[0]["rolled_back_at"])


def test_rollback_is_refused_while_a_later_import_changed_the_same_rows(base, tmp_path):
    first = importer.import_files(
        [write(tmp_path, "participants.csv", PARTICIPANTS.replace("2024", "2025"))], base
    )
    importer.import_files([write(tmp_path, "participants.csv", PARTICIPANTS.replace("2024", "2026"))], base)
    before = digest(base)
    with pytest.raises(history.RollbackRefused, match="later import"):
        history.rollback(first.import_id, base)
    assert digest(base) == before


def test_a_reader_keeps_its_view_during_an_import_and_sees_the_new_data_afterwards(base, tmp_path):
    db.clear_cache()
    count = "select count(*) from participants"
    reader = duckdb.connect(str(base), read_only=True)
    file = write(tmp_path, "participants.csv", PARTICIPANTS + "p2,STT,,master,2026\n")
    importer.import_files([file], base)
    assert reader.execute(count).fetchone() == (1,)
    reader.close()
    assert rows(base, count) == [(2,)]


def test_an_interrupted_write_leaves_the_database_as_it_was(base):
    before = digest(base)
    with pytest.raises(RuntimeError, match="boom"), db.writing(base) as con:
        con.execute("delete from participants")
        raise RuntimeError("boom")
    assert digest(base) == before
    assert not list(base.parent.glob("*.tmp-*"))


def test_table_names_are_found_in_file_names():
    assert importer.table_for_name("placements.csv") == "placements"
    assert importer.table_for_name("Placements 2024.csv") == "placements"
    assert importer.table_for_name("2024_hires.xlsx") == "hires"
    assert importer.table_for_name("published_figures.csv") == "published_figures"
    assert importer.table_for_name("readme.txt") is None


def test_a_copy_of_a_database_is_left_alone_by_an_import_into_another(base, tmp_path):
    other = tmp_path / "other.duckdb"
    shutil.copyfile(base, other)
    importer.import_files([write(tmp_path, "participants.csv", PARTICIPANTS + "p2,STT,,master,2026\n")], base)
    assert rows(other, "select count(*) from participants") == [(1,)]


def test_factory_databases_validate_through_the_same_path(tmp_path):
    with pytest.raises(importer.ImportFailed):
        build(tmp_path / "f.duckdb", participants=[{"participant_id": "p1", "level": "doctorate"}])


def test_a_changed_participant_with_placements_is_replaced_in_place(base, tmp_path):
    placements = "placement_id,participant_id,employer_id,start_date,status\na,p1,CMK,01.06.2024,ongoing\n"
    importer.import_files([write(tmp_path, "placements.csv", placements)], base)
    importer.import_files([write(tmp_path, "participants.csv", PARTICIPANTS.replace("2024", "2025"))], base)
    assert rows(base, "select graduation_year from participants") == [(2025,)]
    assert rows(base, "select participant_id from placements") == [("p1",)]


def test_rollback_is_refused_when_later_rows_refer_to_rows_it_added(base, tmp_path):
    first = importer.import_files(
        [
            write(
                tmp_path,
                "participants.csv",
                "participant_id,institution_id,level,graduation_year\np2,STT,master,2026\n",
            )
        ],
        base,
    )
    placements = "placement_id,participant_id,employer_id,start_date,status\na,p2,CMK,01.06.2024,ongoing\n"
    importer.import_files([write(tmp_path, "placements.csv", placements)], base)
    before = digest(base)
    with pytest.raises(history.RollbackRefused, match=r"placements\.participant_id: 1 rows"):
        history.rollback(first.import_id, base)
    assert digest(base) == before


def test_formula_cells_in_a_workbook_are_refused_with_their_place(base, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "participants"
    sheet.append(["participant_id", "institution_id", "level", "graduation_year"])
    sheet.append(["p7", "STT", "master", "=2020+4"])
    file = tmp_path / "participants.xlsx"
    book.save(file)
    before = digest(base)
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([file], base)
    (problem,) = failed.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "graduation_year", "=2020+4")
    assert "formula" in problem.problem
    assert digest(base) == before


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(base, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_MAX_FILE_MB", "1")
    file = write(tmp_path, "participants.csv", PARTICIPANTS + "x" * (1024 * 1024 + 1))
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_files([file], base)
    assert "larger than the 1 MB limit" in failed.value.problems[0].problem


def test_headers_mapped_by_hand_import_and_are_remembered_for_the_same_source(base, tmp_path):
    text = "Код студента;ИНН;Учебное заведение;Уровень;Выпуск\np5;7701;STT;master;2026\n"
    file = write(tmp_path, "upload-1.csv", text, "cp1251")
    header = ["Код студента", "ИНН", "Учебное заведение", "Уровень", "Выпуск"]
    suggested = importer.suggest_columns("participants", header, base)
    assert suggested == {
        "код_студента": "participant_id",
        "инн": "",
        "учебное_заведение": "institution_id",
        "уровень": "level",
        "выпуск": "",
    }
    chosen = {**suggested, "выпуск": "graduation_year"}
    importer.import_files(
        [file],
        base,
        names={str(file): "студенты.csv"},
        tables={"студенты.csv": "participants"},
        columns={"студенты.csv": chosen},
    )
    assert rows(base, "select * from participants where participant_id = 'p5'") == [
        ("p5", "STT", None, "master", 2026)
    ]
    db.clear_cache()
    assert importer.suggest_columns("participants", header, base)["выпуск"] == "graduation_year"


def test_a_dry_run_checks_and_counts_but_writes_nothing(base, tmp_path):
    before = digest(base)
    file = write(tmp_path, "participants.csv", PARTICIPANTS + "p2,STT,,master,2026\n")
    result = importer.import_files([file], base, dry_run=True)
    assert (result.tables["participants"].added, result.tables["participants"].unchanged) == (1, 1)
    assert result.import_id is None
    assert digest(base) == before


def test_preview_shows_the_table_header_and_first_rows():
    (shown,) = importer.preview(MINI / "placements.csv", "placements.csv", rows=2)
    assert shown.table == "placements"
    assert list(shown.sample["placement_id"]) == ["pl1", "pl2"]
    (broken,) = importer.preview(MINI / "README.md", "notes.xlsx")
    assert broken.problems


def derived_rows(path: Path) -> dict[str, list[tuple]]:
    """Every derived table's rows, sorted; and that the cohort_members view pairs its two tables right."""
    paired = rows(
        path,
        "select count(*) from cohort_member_facts as m positional join cohort_placement_facts as p"
        " where m.participant_key is distinct from p.participant_key",
    )
    assert paired == [(0,)]
    paired = rows(
        path,
        "select count(*) from hire_rows as h positional join hire_source_rows as s"
        " where h.hire_id is distinct from s.hire_id",
    )
    assert paired == [(0,)]
    return {name: rows(path, f"select * from {name} order by all") for name in db.DERIVED}


def rebuilt_in_full(path: Path, folder: Path) -> dict[str, list[tuple]]:
    """The derived tables of a copy of the database, every one rebuilt from the contract tables."""
    copy = folder / f"rebuilt-{len(list(folder.glob('rebuilt-*')))}.duckdb"  # readers stay open on each
    shutil.copyfile(path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(db._derived_sql())
    return derived_rows(copy)


def test_a_write_rebuilds_exactly_the_derived_tables_that_read_what_it_changed():
    def rebuilt(changed):
        return set(re.findall(r"create or replace table (\w+)", db._derived_sql(changed)))

    placement_side = {"placement_facts", "hire_source_rows", "cohort_placement_facts"}
    assert rebuilt(["placements"]) == placement_side
    assert rebuilt(["hires"]) == placement_side | {"hire_rows", "cohort_member_facts"}
    assert rebuilt(["participants"]) == placement_side - {"hire_source_rows"} | {
        "participant_keys",
        "hire_rows",
        "cohort_member_facts",
    }
    assert rebuilt(["programs"]) == {"group_keys", "placement_facts", "cohort_placement_facts"}
    assert rebuilt(["agreements", "published_figures"]) == set()
    assert rebuilt(None) == set(db.DERIVED)


def test_derived_tables_after_a_series_of_writes_equal_a_full_rebuild(tmp_path):
    path = tmp_path / "m.duckdb"
    importer.import_files([MINI], path)
    assert derived_rows(path) == rebuilt_in_full(path, tmp_path)
    # placements alone: one changed (pl3 now completed), two new, of which pl10 becomes the source
    # of the stored hire h4; the participants' and cohorts' own tables are kept as they were
    placements = write(
        tmp_path,
        "placements.csv",
        "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"
        "pl3;p3;SMPP;;01.05.2024;30.06.2024;completed\npl9;p6;TP-7;TECHNO;01.02.2025;30.04.2025;completed\n"
        "pl10;p5;CMK;;01.02.2024;15.03.2024;completed\n",
    )
    placed = importer.import_files([placements], path)
    assert derived_rows(path) == rebuilt_in_full(path, tmp_path)
    assert rows(path, "select source_placement_id from hire_sources where hire_id = 'h4'") == [("pl10",)]

    def imported(name: str, text: str) -> importer.ImportResult:
        result = importer.import_files([write(tmp_path, name, text)], path)
        assert derived_rows(path) == rebuilt_in_full(path, tmp_path)
        return result

    hired = imported(
        "hires.csv",
        "hire_id,participant_id,employer_id,hire_date,exit_date,monthly_salary\nh5,p6,TP-7,2025-06-01,,70000\n",
    )
    # a changed participant is stored again at the end: every participant key after it moves
    renamed = imported(
        "participants.csv",
        "participant_id,institution_id,specialty,level,graduation_year\np2,STT,Сварка,vocational,2024\n",
    )
    signed = imported(
        "agreements.csv",
        "agreement_id,employer_id,institution_id,signed_on,field\nAG-2,TP-7,MIET-C,2025-01-10,Electronics\n",
    )
    for result in (signed, renamed, hired, placed):
        history.rollback(result.import_id, path)
    assert derived_rows(path) == rebuilt_in_full(path, tmp_path)
    assert rows(path, "select count(*) from placement_facts where outcome is not null") == [(6,)]
    assert rows(path, "select count(*) from hire_sources where hire_id = 'h4'") == [(0,)]


def test_a_database_from_an_older_release_is_brought_up_to_date(base):
    with db.writing(base) as con:
        con.execute("drop view cohort_members")
        con.execute("drop table placement_facts")
        con.execute("update definitions set checksum = 'old'")
    assert db.ensure_current(base) is True
    assert rows(base, "select count(*) from cohort_members") == [(1,)]
    assert rows(base, "select count(*) from scoped_placements(null, null, null, null, null)") == rows(
        base, "select count(*) from placements"
    )
    assert db.ensure_current(base) is False


def test_figures_count_right_after_an_import_that_adds_to_stored_rows(base, tmp_path):
    # p1 is stored; p2 and both placements come in one import. Rows added in the write's
    # transaction must get keys in the same narrow range as stored ones (bitstring counts).
    importer.import_files(p2_and_placements_of_p1_and_p2(tmp_path), base)
    db.clear_cache()
    by_year = db.run("metrics_by_year", db.scope_params(), base)
    assert by_year[["year", "participants", "employers"]].values.tolist() == [[2024, 2, 1]]
    keys = rows(base, "select min(participant_key), max(participant_key) from placement_facts")
    assert keys == [(1, 2)]


def test_a_schema_4_file_keeps_its_rows_and_loses_only_its_key_indexes(tmp_path):
    # A file as releases before schema 5 wrote it: primary keys declared, hire sources in a table.
    path = tmp_path / "v4.duckdb"
    with duckdb.connect(str(path)) as con:
        for version in range(1, 5):
            con.execute(next(db.SCHEMA.glob(f"{version:03d}_*.sql")).read_text(encoding="utf-8"))
            con.execute("insert into schema_version (version) values ($v)", {"v": version})
        con.execute(
            "insert into institutions values ('STT', 'Ступинский техникум', 'technical_school', null)"
        )
        con.execute("insert into employers values ('CMK', 'ЦМК', 'Metallurgy', 'Ступино', null)")
        con.execute("insert into participants values ('p1', 'STT', null, 'vocational', 2024)")
        con.execute(
            "insert into placements values"
            " ('pl1', 'p1', 'CMK', null, '2024-02-01', '2024-05-31', 'completed')"
        )
        con.execute("insert into hires values ('h1', 'p1', 'CMK', '2024-07-01', null, 50000)")
        con.execute("create table hire_source_facts as select 1 as stale")
        con.execute("insert into imports (files, summary) values ('[]', '{}')")
        con.execute("insert into import_added values (1, 'placements', 'pl1')")
    keys = (
        "select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY' and table_name = $t"
    )
    assert rows(path, keys.replace("$t", "'placements'")) == [(1,)]

    assert db.ensure_current(path) is True
    for table in ("institutions", "employers", "participants", "placements", "hires", "published_figures"):
        assert rows(path, keys.replace("$t", f"'{table}'")) == [(0,)]
    assert rows(path, "select * from placements") == [
        ("pl1", "p1", "CMK", None, dt.date(2024, 2, 1), dt.date(2024, 5, 31), "completed")
    ]
    assert rows(path, "select * from import_added") == [(1, "placements", "pl1")]
    assert rows(path, "select hire_id, source_placement_id, days_to_hire from hire_sources") == [
        ("h1", "pl1", 31)
    ]
    assert rows(path, "select count(*) from duckdb_tables() where table_name = 'hire_source_facts'") == [(0,)]

    # Without a declared key, a changed row still replaces the stored one
    write(
        tmp_path,
        "placements.csv",
        "placement_id,participant_id,employer_id,start_date,end_date,status\n"
        "pl1,p1,CMK,2024-02-01,2024-06-30,completed\n",
    )
    result = importer.import_files([tmp_path / "placements.csv"], path)
    assert vars(result.tables["placements"]) == {"added": 0, "changed": 1, "unchanged": 0}
    assert rows(path, "select placement_id, end_date from placements") == [("pl1", dt.date(2024, 6, 30))]
    history.rollback(result.import_id, path)
    assert rows(path, "select placement_id, end_date from placements") == [("pl1", dt.date(2024, 5, 31))]
