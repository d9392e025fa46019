"""Exports: the CSV zip round-trips through the importer; the Parquet zip holds every table."""

import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from tests.fixtures.factory import MINI
from workforce.store import db, export, importer
from workforce.store.contract import LOAD_ORDER


def table_rows(path: Path) -> dict[str, list[tuple]]:
    with db.reading(path) as con:
        return {t: con.execute(f"select * from {t} order by 1").fetchall() for t in LOAD_ORDER}


def test_csv_export_round_trips_through_import_unchanged(tmp_path):
    original = tmp_path / "a.duckdb"
    importer.import_files([MINI], original)
    archive = tmp_path / "export.zip"
    archive.write_bytes(export.csv_zip(original))
    copy = tmp_path / "b.duckdb"
    importer.import_files([archive], copy)
    assert table_rows(copy) == table_rows(original)
    again = importer.import_files([archive], original)
    assert all(c.added == 0 and c.changed == 0 for c in again.tables.values())
    db.clear_cache()


def test_parquet_export_has_every_table_with_its_rows(tmp_path):
    original = tmp_path / "a.duckdb"
    importer.import_files([MINI], original)
    with zipfile.ZipFile(io.BytesIO(export.parquet_zip(original))) as archive:
        assert sorted(archive.namelist()) == sorted(f"{t}.parquet" for t in LOAD_ORDER)
        placements = pq.read_table(io.BytesIO(archive.read("placements.parquet")))
    assert placements.num_rows == 8
    assert placements.column_names[:2] == ["placement_id", "participant_id"]
    db.clear_cache()


def test_zip_members_with_path_traversal_names_stay_inside_the_work_folder(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../institutions.csv", "institution_id,name,kind\nX,College,college\n")
    path = tmp_path / "z.duckdb"
    importer.import_files([archive], path)
    assert table_rows(path)["institutions"] == [("X", "College", "college", None)]
    assert not (tmp_path.parent / "institutions.csv").exists()
