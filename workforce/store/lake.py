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

import contextlib
import fcntl
import functools
import importlib.util
import itertools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from workforce import config

CATALOG = "catalog.sqlite"
DATA = "data"

BUSY_MS = 5000
"""How long a committer waits for SQLite's write lock held by another committer."""


class LakeUnavailable(RuntimeError):
    """DuckDB's DuckLake extension is not installed in this environment."""


POSTGRES = "postgres:"
"""How a store name says its catalog is in PostgreSQL: ``postgres:host=... dbname=...`` (libpq's form)."""


@dataclass(frozen=True)
class Remote:
    """A lake whose catalog is in PostgreSQL, for several machines; its Parquet files are in the folder
    of ``WORKFORCE_LAKE_DATA`` (shared storage), or where the catalog says when that is not set."""

    dsn: str

    def __str__(self) -> str:
        return POSTGRES + self.dsn

    def __fspath__(self) -> str:  # so that a store can be passed on wherever a path is taken
        return str(self)


def remote(name: str | os.PathLike) -> Remote | None:
    """The PostgreSQL-catalog store a name stands for, or None if it names a path."""
    text = os.fspath(name)
    return Remote(text[len(POSTGRES) :].strip()) if text.startswith(POSTGRES) else None


def is_lake(path: "str | os.PathLike | Remote") -> bool:
    """Whether a store names a lake: a catalog in PostgreSQL, or any path but a ``.duckdb`` file."""
    return isinstance(path, Remote) or remote(path) is not None or Path(path).suffix != ".duckdb"


def exists(path: "Path | Remote", settings: dict | None = None) -> bool:
    """Whether a lake has been created at ``path`` (for PostgreSQL: whether its catalog answers)."""
    if not isinstance(path, Remote):
        return (path / CATALOG).is_file()
    try:
        Attached(path, settings or {}, read_only=True).close()
    except duckdb.Error:
        return False
    return True


@contextlib.contextmanager
def writers_queue(path: "Path | Remote") -> Iterator[None]:
    """Writers to a lake on one machine take turns: they wait here, in order, for the one before
    to commit, instead of all working at once and all but one losing at commit (each loser would
    then redo its whole write). The lock is the operating system's (flock on a file beside the
    catalog), released when its holder ends, however it ends. It only saves work: what keeps
    writes correct is still DuckLake's conflict check. A catalog in PostgreSQL has writers on
    several machines, which do not queue here; they rely on the conflict check and retry alone.
    """
    if isinstance(path, Remote):
        yield
        return
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "writers.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def data_folder(path: "Path | Remote") -> Path | None:
    """Where the lake's Parquet files are: in its folder, or (PostgreSQL) WORKFORCE_LAKE_DATA if set."""
    if not isinstance(path, Remote):
        return path / DATA
    shared = config.get("WORKFORCE_LAKE_DATA")
    return Path(shared) if shared else None


@functools.cache
def _extension(package: str, name: str) -> str:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LakeUnavailable(
            f"the Python package {package.replace('_', '-')} is not installed; "
            "pip install -r requirements.txt installs it"
        )
    found = sorted(
        Path(next(iter(spec.submodule_search_locations))).glob(f"extensions/*/{name}.duckdb_extension")
    )
    if not found:
        raise LakeUnavailable(f"{package} holds no {name}.duckdb_extension")
    return str(found[-1])


def _literal(text: str) -> str:
    """A SQL string literal: ATTACH and LOAD take no bound parameter."""
    return "'" + text.replace("'", "''") + "'"


_lock = threading.Lock()
_engine: duckdb.DuckDBPyConnection | None = None
_aliases = itertools.count(1)


def engine(settings: dict) -> duckdb.DuckDBPyConnection:
    """The process's one DuckDB instance for lakes, with DuckLake loaded (once: loading costs 0.3 s).

    Every reader and writer attaches the lakes it needs to it under a name of its own, and
    works on a cursor of its own; they share one buffer pool.
    """
    global _engine
    with _lock:
        if _engine is None:
            connection = duckdb.connect(config=settings)
            for package, name in (
                ("duckdb_extension_ducklake", "ducklake"),
                ("duckdb_extension_sqlite_scanner", "sqlite_scanner"),
                ("duckdb_extension_postgres_scanner", "postgres_scanner"),
            ):
                connection.execute(f"load {_literal(_extension(package, name))}")
            _engine = connection
        return _engine


class Attached:
    """One attachment of a lake to the process's instance: the whole lake as it is now, read-only
    or writable, or read-only as it was at one snapshot. ``cursor()`` gives a connection of its own
    whose default database is this attachment; ``close()`` detaches it."""

    def __init__(
        self, path: "Path | Remote", settings: dict, read_only: bool, snapshot: int | None = None
    ) -> None:
        self.engine = engine(settings)
        self.name = f"lake_{next(_aliases)}"
        data = data_folder(path)
        if data is not None and not read_only:
            data.mkdir(parents=True, exist_ok=True)
        options = []
        if data is not None:  # the folder may have been moved, copied whole, or mounted elsewhere
            options += [f"data_path {_literal(str(data) + os.sep)}", "override_data_path true"]
        if isinstance(path, Remote):
            catalog = _literal(f"ducklake:postgres:{path.dsn}")
        else:
            catalog = _literal(f"ducklake:sqlite:{path / CATALOG}")
            options += ["meta_journal_mode 'WAL'", f"meta_busy_timeout {BUSY_MS}"]
        if read_only:
            options.append("read_only")
        if snapshot is not None:
            options.append(f"snapshot_version {int(snapshot)}")
        cursor = self.engine.cursor()
        try:
            cursor.execute(
                f"attach {catalog} as {self.name}" + (f" ({', '.join(options)})" if options else "")
            )
        finally:
            cursor.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self.engine.cursor()
        cursor.execute(f"use {self.name}")
        cursor.execute("set enable_progress_bar = false")
        return cursor

    def close(self) -> None:
        cursor = self.engine.cursor()
        try:
            cursor.execute(f"detach database if exists {self.name}")
        finally:
            cursor.close()


@contextlib.contextmanager
def opened(
    path: "Path | Remote", settings: dict, read_only: bool, snapshot: int | None = None
) -> Iterator[tuple[Attached, duckdb.DuckDBPyConnection]]:
    """The lake attached for one piece of work, with a cursor on it; both closed afterwards."""
    attached = Attached(path, settings, read_only, snapshot)
    cursor = attached.cursor()
    try:
        yield attached, cursor
    finally:
        cursor.close()
        attached.close()


def detach(names: list[str]) -> None:
    """Detach databases a write attached to the process's instance (a file it read), if there."""
    if _engine is None:
        return
    cursor = _engine.cursor()
    try:
        for name in names:
            cursor.execute(f"detach database if exists {name}")
    finally:
        cursor.close()


def read_copy(path: Path, snapshot_id: int, settings: dict, folder: Path) -> Path:
    """A native DuckDB file holding the lake as snapshot ``snapshot_id`` left it, built if not there yet.

    Pages read these copies, not the lake: DuckLake reads its catalog for every table a query names
    (6-13 ms each, measured in docs/deployment.md) and scans Parquet where a file scans its own
    columns, so a page read straight off the lake took 2-5 times as long. The copy is DuckDB's own
    ``COPY FROM DATABASE`` of every table, view and macro; it is written beside its final name and
    renamed, so a reader never opens half a copy, and processes on one machine share the copies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"snapshot-{int(snapshot_id)}.duckdb"
    if final.is_file():
        return final
    partial = folder / f".snapshot-{int(snapshot_id)}.duckdb.{os.getpid()}-{threading.get_ident()}"
    attached = Attached(path, settings, read_only=True, snapshot=snapshot_id)
    target = f"{attached.name}_copy"
    cursor = attached.engine.cursor()
    try:
        cursor.execute(f"attach {_literal(str(partial))} as {target}")
        try:
            cursor.execute(f"copy from database {attached.name} to {target}")
        finally:
            cursor.execute(f"detach {target}")
        os.replace(partial, final)
    finally:
        cursor.close()
        attached.close()
        for stray in (partial, Path(str(partial) + ".wal")):
            stray.unlink(missing_ok=True)
    for older in folder.glob("snapshot-*.duckdb"):  # an open copy stays readable to whoever has it open
        if int(older.stem.split("-")[1]) < snapshot_id:
            older.unlink(missing_ok=True)
    return final


def snapshot(connection: duckdb.DuckDBPyConnection) -> int:
    """The newest snapshot of the lake the cursor uses: it changes with every committed write."""
    return int(connection.execute("select id from current_snapshot()").fetchone()[0])


def is_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the cursor's default database is a lake."""
    return connection.execute(
        "select type = 'ducklake' from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]


CONFLICT_WORDS = ("Transaction conflict", "database is locked")
"""How a commit that lost to another writer fails: DuckLake's logical conflict, or SQLite's lock
(with a SQLite catalog, a transaction whose snapshot another commit has overtaken cannot commit)."""


def is_conflict(error: BaseException) -> bool:
    """Whether a failed commit lost to another writer (run it again) rather than failed on its own."""
    return isinstance(error, duckdb.Error) and any(w in str(error) for w in CONFLICT_WORDS)
