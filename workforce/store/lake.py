"""The store on DuckLake: a catalog in SQLite (one machine) and the rows as Parquet files beside it.

A store path that does not end in ``.duckdb`` names a lake folder::

    data/workforce/            the store (--db data/workforce)
        catalog.sqlite         DuckLake's catalog: tables, snapshots, which file holds what
        data/                  the Parquet files

Several processes read and write one lake at once. A write is one DuckLake transaction: it
commits whole or not at all, and readers see either the snapshot before it or the one after. Two
writes that overlap in time conflict at commit (the SQLite catalog admits one committer at a time,
and every write also updates the one row of ``store_writes``, which DuckLake reports as a conflict
on any catalog); the loser's transaction is discarded and ``db.write`` runs it again on the new
snapshot, so its validation sees what the winner stored.

DuckDB's extensions come from the Python packages ``duckdb-extension-ducklake`` and
``duckdb-extension-sqlite-scanner`` (requirements.txt): they are loaded from the package's file,
with no download.
"""

import functools
import importlib.util
import os
from pathlib import Path

import duckdb

CATALOG = "catalog.sqlite"
DATA = "data"
NAME = "lake"
"""The name the lake is attached under in every connection (``USE lake`` makes it the default)."""

BUSY_MS = 5000
"""How long a committer waits for SQLite's write lock held by another committer."""


class LakeUnavailable(RuntimeError):
    """DuckDB's DuckLake extension is not installed in this environment."""


def is_lake(path: str | os.PathLike) -> bool:
    """Whether a store path names a lake folder (anything but a ``.duckdb`` file)."""
    return Path(path).suffix != ".duckdb"


def exists(path: Path) -> bool:
    """Whether a lake has been created at ``path``."""
    return (path / CATALOG).is_file()


@functools.cache
def _extension(package: str, name: str) -> str:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LakeUnavailable(
            f"the Python package {package.replace('_', '-')} is not installed; "
            "pip install -r requirements.txt installs it"
        )
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob(f"extensions/*/{name}.duckdb_extension"))
    if not found:
        raise LakeUnavailable(f"{package} holds no {name}.duckdb_extension")
    return str(found[-1])


def _literal(text: str) -> str:
    """A SQL string literal: ATTACH and LOAD take no bound parameter."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: Path, settings: dict, read_only: bool, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with the lake at ``path`` attached as ``lake`` and in use.

    Read-only connections may be pinned to one ``snapshot``: every query on them then sees
    the store as that snapshot left it. A writer's attach creates the lake if it is new.
    """
    connection = duckdb.connect(config=settings)
    try:
        for package, name in (
            ("duckdb_extension_ducklake", "ducklake"),
            ("duckdb_extension_sqlite_scanner", "sqlite_scanner"),
        ):
            connection.execute(f"load {_literal(_extension(package, name))}")
        if not read_only:
            (path / DATA).mkdir(parents=True, exist_ok=True)
        options = [
            f"data_path {_literal(str(path / DATA) + os.sep)}",
            "override_data_path true",  # the folder may have been moved or copied whole
            "meta_journal_mode 'WAL'",
            f"meta_busy_timeout {BUSY_MS}",
        ]
        if read_only:
            options.append("read_only")
        if snapshot is not None:
            options.append(f"snapshot_version {int(snapshot)}")
        catalog = _literal(f"ducklake:sqlite:{path / CATALOG}")
        connection.execute(f"attach {catalog} as {NAME} ({', '.join(options)})")
        connection.execute(f"use {NAME}")
        connection.execute("set enable_progress_bar = false")
    except BaseException:
        connection.close()
        raise
    return connection


def snapshot(connection: duckdb.DuckDBPyConnection) -> int:
    """The newest snapshot of the attached lake: it changes with every committed write."""
    return int(connection.execute(f"select id from {NAME}.current_snapshot()").fetchone()[0])


CONFLICT_WORDS = ("database is locked", "conflict", "Failed to commit DuckLake transaction")


def is_conflict(error: BaseException) -> bool:
    """Whether a failed commit lost to another writer (run it again) rather than failed on its own."""
    return isinstance(error, duckdb.Error) and any(w in str(error) for w in CONFLICT_WORDS)
