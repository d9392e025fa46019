"""Exports of the whole database: a zip of CSV files in the contract's format, or of Parquet files.

The CSV export round-trips: importing it into an empty database gives the same rows.
"""

import io
import os
import tempfile
import zipfile
from pathlib import Path

from workforce.store import db
from workforce.store.contract import LOAD_ORDER, TABLES


def _export(kind: str, database: str | os.PathLike | None) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="workforce-export-") as folder, db.reading(database) as cursor:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in LOAD_ORDER:
                path = Path(folder) / f"{name}.{kind}"
                relation = cursor.table(name).select(*[f'"{c}"' for c in TABLES[name].column_names])
                if kind == "csv":
                    relation.write_csv(str(path), header=True, sep=",", date_format="%Y-%m-%d")
                else:
                    relation.write_parquet(str(path))
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


def csv_zip(database: str | os.PathLike | None = None) -> bytes:
    """Every contract table as UTF-8 CSV (comma, ISO dates, true/false), zipped."""
    return _export("csv", database)


def parquet_zip(database: str | os.PathLike | None = None) -> bytes:
    """Every contract table as a Parquet file, zipped."""
    return _export("parquet", database)
