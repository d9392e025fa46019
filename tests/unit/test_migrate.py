"""``python -m workforce migrate``: a store's rows and history carried into a new store, from a file or
from a folder of DuckDB's EXPORT DATABASE (how a file of a newer DuckDB comes over), nothing lost."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.factory import MINI
from workforce.analysis import metrics
from workforce.store import db, history, importer, migrate

HEADER = "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"


def stored_rows(path: Path) -> dict[str, list[tuple]]:
    """Every stored table's rows (not the derived ones, not the bookkeeping), in a fixed order."""
    with db.reading(path) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = current_database()"
            ).fetchall()
        ]
        kept = sorted(n for n in names if n not in db.DERIVED and n not in migrate.BOOKKEEPING)
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in kept}


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    """The mini sample (import 1); pl7 completed later, replacing its row (import 2); a third import,
    rolled back (import 3)."""
    path = tmp_path / "old.duckdb"
    importer.import_files([MINI], path, user="first")
    changed = tmp_path / "changed" / "placements.csv"
    changed.parent.mkdir()
    changed.write_text(HEADER + "pl7;p6;CMK;;01.07.2024;31.08.2024;completed\n", encoding="utf-8")
    importer.import_files([changed], path, user="second")
    extra = tmp_path / "extra" / "placements.csv"
    extra.parent.mkdir()
    extra.write_text(HEADER + "pl9;p6;CMK;;01.09.2024;30.09.2024;completed\n", encoding="utf-8")
    importer.import_files([extra], path, user="third")
    history.rollback(3, path, user="admin")
    db.clear_cache()
    return path


def assert_carried(old: Path, new: Path) -> None:
    assert stored_rows(new) == stored_rows(old)
    assert len(stored_rows(new)["replaced_placements"]) == 1  # the row import 2 replaced
    as_of = dt.date(2025, 6, 30)
    assert metrics.report(as_of, database=new) == metrics.report(as_of, database=old)
    listed = history.imports(new)
    assert list(listed["import_id"]) == [3, 2, 1]
    assert list(listed["imported_by"]) == ["third", "second", "first"]
    assert listed["rolled_back_at"].notna().tolist() == [True, False, False]


TARGETS = pytest.mark.parametrize("target", ["new", "new.duckdb"], ids=["into a lake", "into a file"])


@TARGETS
def test_a_store_file_is_carried_over_whole(old_store, tmp_path, target):
    new = tmp_path / target
    copied = migrate.carry_over(old_store, new)
    assert copied["placements"] == 8 and copied["imports"] == 3
    assert_carried(old_store, new)


@TARGETS
def test_an_export_folder_is_carried_over_whole(old_store, tmp_path, target):
    """EXPORT DATABASE is what a newer DuckDB writes for an older one to read."""
    folder = tmp_path / "exported"
    with duckdb.connect(str(old_store), read_only=True) as con:
        con.execute(f"export database '{folder}' (format parquet)")
    new = tmp_path / target
    migrate.carry_over(folder, new)
    assert_carried(old_store, new)


@TARGETS
def test_the_new_store_goes_on_where_the_old_one_stopped(old_store, tmp_path, target):
    """The next import is number 4, and import 2 still rolls back (its replaced row came along)."""
    new = tmp_path / target
    migrate.carry_over(old_store, new)
    added = tmp_path / "added" / "programs.csv"
    added.parent.mkdir()
    added.write_text("program_id,name,operator,kind\nNEW,New program,City,internship\n", encoding="utf-8")
    result = importer.import_files([added], new, user="fourth")
    assert result.import_id == 4
    history.rollback(2, new, user="admin")
    with db.reading(new) as con:
        assert con.execute("select end_date from placements where placement_id = 'pl7'").fetchone()[0] == (
            dt.date(2024, 8, 30)
        )
    db.clear_cache()


def test_refusals_name_the_problem_and_write_nothing(old_store, tmp_path):
    taken = tmp_path / "taken.duckdb"
    taken.write_bytes(b"")
    with pytest.raises(migrate.MigrationRefused, match="exists already"):
        migrate.carry_over(old_store, taken)
    with pytest.raises(migrate.MigrationRefused, match="nothing at"):
        migrate.carry_over(tmp_path / "nowhere.duckdb", tmp_path / "a.duckdb")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    with pytest.raises(migrate.MigrationRefused, match="schema_version"):
        migrate.carry_over(empty, tmp_path / "b.duckdb")
    # a column this release does not know: refused, and no store is left behind
    folder = tmp_path / "odd"
    with duckdb.connect(str(old_store), read_only=True) as con:
        con.execute(f"export database '{folder}' (format parquet)")
        con.execute(
            f"copy (select *, 'x' as nickname from participants) to '{folder / 'participants.parquet'}'"
        )
    for target in (tmp_path / "c.duckdb", tmp_path / "c-lake"):
        with pytest.raises(migrate.MigrationRefused, match=r"participants has columns .* nickname"):
            migrate.carry_over(folder, target)
        assert not target.exists()
