"""The data layer: where the store lives, how it is read, and how it is written.

A store is either a lake folder (``store/lake.py``: DuckLake, a SQLite catalog and Parquet
files; many processes read and write it at once) or a single ``.duckdb`` file, the engine of
earlier releases, which ``python -m workforce migrate`` carries into a lake.

Readers (the dashboard, the CLI's reports) share one read-only connection per
store version and process, and take a fresh cursor for every query; a page run
pins the version it started with (``snapshot``).

Writers: on a lake, a write is one DuckLake transaction on the live store; a write
that loses to a concurrent one is run again (``write``). On a ``.duckdb`` file,
writers never touch the live file: they copy it, change the copy in one
transaction and atomically rename the copy over the original, one at a time.
"""

import contextlib
import contextvars
import datetime as dt
import fcntl
import hashlib
import os
import random
import re
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from workforce import config
from workforce.store import lake

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).resolve().parent / "schema"
DEFAULT_DB = ROOT / "data" / "workforce"
SCHEMA_VERSION = 7

T = TypeVar("T")
CACHE_SIZE = 512
SCOPE = ("program", "institution", "employer", "sector", "district")
"""The scope filters every scoped query takes, in this order (``scope_params``)."""
OTHER = "(other)"
"""The group the split queries pool their smaller groups into."""

# The derived tables (schema/derived/<name>.sql) in build order, each with the
# tables it reads. A write rebuilds a derived table when one of those changed
# or was itself rebuilt (mark_changed), so each stays a pure function of the
# contract tables while a write of placements alone leaves the participants'
# and cohorts' tables as they are.
DERIVED: dict[str, frozenset[str]] = {
    "group_keys": frozenset({"programs", "institutions", "employers"}),
    "participant_keys": frozenset({"participants"}),
    "placement_facts": frozenset({"placements", "hires", "employers", "participant_keys", "group_keys"}),
    "hire_rows": frozenset({"hires", "employers", "participant_keys"}),
    "hire_source_rows": frozenset({"hires", "placements"}),
    "cohort_member_facts": frozenset({"participants", "hires", "participant_keys"}),
    "cohort_placement_facts": frozenset({"placement_facts", "participant_keys"}),
}


class DatabaseMissing(FileNotFoundError):
    """The store does not exist yet."""


class StoreBusy(RuntimeError):
    """A write kept losing to concurrent writes; nothing of it was stored."""


class DatabaseTooNew(RuntimeError):
    """The database file was written by a newer DuckDB than this release's, whose format it cannot read."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} was written by a newer DuckDB than this release's ({duckdb.__version__}) and cannot be "
            "read here. Carry it over with DuckDB's own export (docs/deployment.md): with the DuckDB that "
            "wrote it, EXPORT DATABASE 'folder' (FORMAT parquet); then, with this one, python -m workforce "
            "migrate folder --db NEW_FILE. Or move the file away to start again."
        )
        self.path = path


def connect(path: Path, **options: object) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to a database file, with a clear error for a file of a newer engine."""
    try:
        return duckdb.connect(str(path), **options)
    except duckdb.IOException as error:
        if "newer version of DuckDB" in str(error):
            raise DatabaseTooNew(path) from None
        raise


def db_path(path: str | os.PathLike | None = None) -> "Path | lake.Remote":
    """The store to use: the one given, else $WORKFORCE_DB, else the lake data/workforce.

    A name starting ``postgres:`` is a lake whose catalog is in PostgreSQL (``lake.Remote``);
    anything else is a path.
    """
    chosen = path or (config.get("WORKFORCE_DB") if config.is_set("WORKFORCE_DB") else DEFAULT_DB)
    if isinstance(chosen, lake.Remote):
        return chosen
    return lake.remote(chosen) or Path(chosen).resolve()


def engine_settings() -> dict:
    """DuckDB's settings for every connection: memory and threads from the settings, no extensions."""
    return {
        "memory_limit": config.get("WORKFORCE_MEMORY_LIMIT"),
        "threads": int(config.get("WORKFORCE_THREADS")),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }


def exists(database: str | os.PathLike | None = None) -> bool:
    """Whether the store has been created (a lake's catalog, or the database file)."""
    path = db_path(database)
    if not lake.is_lake(path):
        return path.is_file()
    return path in _reader._probes or lake.exists(path, engine_settings())  # a probe: it was there


def _config(path: "Path | lake.Remote") -> dict:
    if isinstance(path, lake.Remote):
        temp = Path(tempfile.gettempdir()) / "workforce-duckdb"
    else:
        temp = path / "tmp" if lake.is_lake(path) else path.parent / (path.name + ".tmpdir")
    return {**engine_settings(), "temp_directory": str(temp)}


def _file_identity(path: Path) -> tuple[int, int]:
    """What changes when a writer swaps a new file in: inode and modification time."""
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns)


def query_sql(name: str) -> str:
    """The text of ``queries/<name>.sql``; the name must be a plain word."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a query name: {name!r}")
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


class _Reader:
    """One process-wide read-only connection per store version, replaced when a writer commits.

    A version is a lake's snapshot id, or a database file's inode and modification time.
    Page runs pin the version they started with (``snapshot()``).

    A lake is read through a native copy of each snapshot (``lake.read_copy``): the first run
    that finds a newer snapshot builds its copy, while the other runs go on reading the copy
    they have (whole, only older); a pinned run keeps its copy until it ends. A file is read
    directly; DuckDB keeps one instance per file in a process, so a replaced file's connection
    must close before the new one opens: a run that finds the file replaced waits (up to
    DRAIN_SECONDS) until the runs pinned to the old version have finished, and until then keeps
    reading the old version, whole.
    """

    DRAIN_SECONDS = 30.0

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._connections: dict[Path, tuple[tuple, _Source]] = {}
        self._probes: dict[Path, lake.Attached] = {}
        self._pinned: dict[tuple[Path, tuple], int] = {}
        self._retired: dict[tuple[Path, tuple], _Source] = {}
        self._building: set[Path] = set()

    def identity(self, path: Path) -> tuple:
        """The store's version now (call with the lock held)."""
        if not lake.is_lake(path):
            return _file_identity(path)
        probe = self._probes.get(path)
        if probe is None:
            probe = self._probes[path] = lake.Attached(path, _config(path), read_only=True)
        cursor = probe.cursor()
        try:
            return ("snapshot", lake.snapshot(cursor))
        finally:
            cursor.close()

    def _open(self, path: Path, identity: tuple) -> "_Source":
        if lake.is_lake(path):
            copy = lake.read_copy(path, identity[1], engine_settings(), read_copies(path))
            return connect(copy, read_only=True, config=engine_settings())
        return connect(path, read_only=True, config=_config(path))

    def _pins_on(self, path: Path) -> int:
        return sum(n for (pinned, _), n in self._pinned.items() if pinned == path)

    def cursor(self, path: Path) -> tuple[tuple, duckdb.DuckDBPyConnection]:
        """A fresh cursor on the pinned or current version of ``path``, with that version's identity."""
        pins = _pins.get()
        if pins is not None and path in pins:
            identity, source = pins[path]
            return identity, source.cursor()
        if lake.is_lake(path):
            return self._lake_cursor(path, pins)
        with self._lock:
            if not exists(path):
                raise DatabaseMissing(str(path))
            identity = self.identity(path)
            known = self._connections.get(path)
            if known is not None and known[0] != identity:
                self._lock.wait_for(lambda: self._pins_on(path) == 0, timeout=self.DRAIN_SECONDS)
                if self._pins_on(path) == 0:
                    known[1].close()
                    known = None
            if known is None:
                known = self._connections[path] = (identity, self._open(path, identity))
            return self._pin(path, known, pins)

    def _lake_cursor(self, path: Path, pins: dict | None) -> tuple[tuple, duckdb.DuckDBPyConnection]:
        """A cursor on the read copy of the lake's newest snapshot; while another run builds the copy
        of a newer snapshot, the copy this process has stays in use (it is whole, only older)."""
        with self._lock:
            if path not in self._probes and not exists(path):
                raise DatabaseMissing(str(path))
            identity = self.identity(path)
            known = self._connections.get(path)
            if known is not None and (known[0] == identity or path in self._building):
                return self._pin(path, known, pins)
            self._building.add(path)  # this run builds the newest snapshot's copy (or waits for none)
        try:
            source = self._open(path, identity)  # outside the lock: other runs go on meanwhile
        finally:
            with self._lock:
                self._building.discard(path)
        with self._lock:
            known = self._connections.get(path)
            if known is not None and known[0] != identity:
                self._retire(path, known)
            if known is None or known[0] != identity:
                known = self._connections[path] = (identity, source)
            else:
                source.close()
            return self._pin(path, known, pins)

    def _pin(self, path: Path, known: tuple, pins: dict | None) -> tuple[tuple, duckdb.DuckDBPyConnection]:
        if pins is not None:
            pins[path] = known
            self._pinned[(path, known[0])] = self._pinned.get((path, known[0]), 0) + 1
        return known[0], known[1].cursor()

    def _retire(self, path: Path, known: tuple) -> None:
        if self._pinned.get((path, known[0]), 0):
            self._retired[(path, known[0])] = known[1]
        else:
            known[1].close()

    def release(self, pinned: Mapping[Path, tuple]) -> None:
        """A pinned run has finished with these stores' versions."""
        with self._lock:
            for path, (identity, _) in pinned.items():
                key = (path, identity)
                if self._pinned.get(key, 0) > 0:
                    self._pinned[key] -= 1
                if not self._pinned.get(key) and key in self._retired:
                    self._retired.pop(key).close()
            self._lock.notify_all()

    def close_all(self) -> None:
        """Close every connection (tests, and before a writer in the same process renames)."""
        with self._lock:
            sources = [s for _, s in self._connections.values()]
            for source in [*sources, *self._probes.values(), *self._retired.values()]:
                source.close()
            self._connections.clear()
            self._probes.clear()
            self._retired.clear()
            self._pinned.clear()


_Source = duckdb.DuckDBPyConnection
"""What a store version is read through: a read-only connection to the file, or to a lake's read copy."""


def read_copies(path: Path) -> Path:
    """Where this machine keeps the read copies of the lake at ``path`` (``lake.read_copy``)."""
    root = Path(config.get("WORKFORCE_READ_COPIES") or Path(tempfile.gettempdir()) / "workforce-read-copies")
    return root / hashlib.sha256(str(path).encode()).hexdigest()[:16]


_pins: contextvars.ContextVar[dict | None] = contextvars.ContextVar("workforce_pins", default=None)


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """Every query inside sees one version of each database file, even if a writer swaps in a new one.

    The dashboard wraps each page run in it, so a page is drawn wholly from the old
    data or wholly from the new, never from a mix.
    """
    pins: dict = {}
    token = _pins.set(pins)
    try:
        yield
    finally:
        _pins.reset(token)
        _reader.release(pins)


_reader = _Reader()
_cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_cache_lock = threading.Lock()


# What is not a parameter: a -- comment, a /* */ comment, a 'string' ('' inside
# is a quote) or a "quoted identifier"; they are matched first, so a $word inside
# one of them is skipped, as datasette's named_parameters does.
_NOT_CODE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", re.DOTALL)


def parameter_names(sql: str) -> set[str]:
    """The ``$name`` parameters a query uses, outside comments and quoted text.

    Example: ``parameter_names("select $a, '$b' -- $c")`` -> ``{"a"}``.
    """
    return set(re.findall(r"\$(\w+)", _NOT_CODE.sub(" ", sql)))


KEY_BOUNDS = ("participant_key_max", "repeat_key_max", "employer_key_max")
"""Parameters ``run`` binds itself, from the data (``queries/key_bounds.sql``): the key ranges
``bitstring_agg`` needs as constants."""


def bound_params(sql: str, params: Mapping, cursor: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The parameters a query's text uses, as ``run`` binds them: the caller's, and the key bounds of the
    database the cursor reads when the query names them."""
    names = parameter_names(sql)
    chosen = {k: params[k] for k in names & params.keys()}
    if names & set(KEY_BOUNDS):
        row = cursor.execute(query_sql("key_bounds")).fetchone()
        bounds = dict(zip(KEY_BOUNDS, row, strict=True))
        chosen.update({k: int(bounds[k]) for k in names & set(KEY_BOUNDS)})
    return chosen


def _freeze(params: Mapping) -> tuple:
    return tuple(sorted((k, v) for k, v in params.items()))


def run(name: str, params: Mapping | None = None, database: str | os.PathLike | None = None) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with bound ``$parameters``, cached by name, parameters and file version.

    Example: ``run("participants_by_year", scope_params(program="TECHNO"))``.
    """
    params = dict(params or {})
    path = db_path(database)
    identity, cursor = _reader.cursor(path)
    key = (str(path), identity, name, _freeze(params))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            cursor.close()
            return _cache[key].copy()
    try:
        sql = query_sql(name)
        frame = cursor.execute(sql, bound_params(sql, params, cursor)).df()
    finally:
        cursor.close()
    with _cache_lock:
        _cache[key] = frame
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return frame.copy()


@contextlib.contextmanager
def reading(
    database: str | os.PathLike | None = None, at: int | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh cursor on the shared read-only connection, for work that is not a named query (exports).

    ``at``: a lake's snapshot id (``snapshots``), to read the store as that write left it.
    """
    path = db_path(database)
    if at is None:
        _, cursor = _reader.cursor(path)
        try:
            yield cursor
        finally:
            cursor.close()
        return
    if not lake.is_lake(path):
        raise ValueError(f"{path} is a single database file, which keeps no earlier snapshots")
    if not exists(path):
        raise DatabaseMissing(str(path))
    try:
        attached = lake.Attached(path, _config(path), read_only=True, snapshot=at)
    except duckdb.Error as error:
        raise ValueError(f"{path} has no snapshot {at} (python -m workforce snapshots lists them)") from error
    cursor = attached.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        attached.close()


def snapshots(database: str | os.PathLike | None = None) -> pd.DataFrame:
    """A lake's snapshots, newest first: id, time (UTC), who wrote it and what (``describe_write``).

    Snapshots older than ``maintain --keep`` are expired and no longer listed. A file has none.
    """
    path = db_path(database)
    columns = ["snapshot_id", "snapshot_time", "author", "commit_message"]
    if not lake.is_lake(path):
        return pd.DataFrame(columns=columns)
    if not exists(path):
        raise DatabaseMissing(str(path))
    with lake.opened(path, _config(path), read_only=True) as (attached, cursor):  # copies keep no history
        return cursor.execute(  # the time as text: a zoned timestamp would need pytz to reach Python
            "select snapshot_id,"
            " strftime(snapshot_time at time zone 'UTC', '%Y-%m-%d %H:%M:%S') as snapshot_time,"
            f" author, commit_message from {attached.name}.snapshots() order by snapshot_id desc"
        ).df()


def describe_write(connection: duckdb.DuckDBPyConnection, author: str | None, message: str) -> None:
    """Record who made the write and what it was on the lake's snapshot (a file keeps no snapshots)."""
    if current_is_lake(connection):
        name = connection.execute("select current_database()").fetchone()[0]
        connection.execute(
            f"call {name}.set_commit_message($author, $message)", {"author": author, "message": message}
        )


def clear_cache() -> None:
    """Forget cached results and close shared connections.

    A page run that wrote (the Data page's import) calls it inside its snapshot:
    the run's pins go too, so its next query opens the file as the write left it.
    """
    with _cache_lock:
        _cache.clear()
    pins = _pins.get()
    if pins is not None:
        pins.clear()
    _reader.close_all()


def database_version(database: str | os.PathLike | None = None) -> tuple | None:
    """The store's version now (changes with every write), or None if there is no store."""
    path = db_path(database)
    if not exists(path):
        return None
    with _reader._lock:
        return _reader.identity(path)


def scope_params(**chosen: str | None) -> dict[str, str | None]:
    """The viewer's scope as the bound parameters every scoped query takes (each of SCOPE, None if not given).

    Example: ``scope_params(program="TECHNO")``.
    """
    unknown = set(chosen) - set(SCOPE)
    if unknown:
        raise TypeError(f"not a scope filter: {', '.join(sorted(unknown))}")
    return {name: chosen.get(name) for name in SCOPE}


def _migrate(connection: duckdb.DuckDBPyConnection) -> None:
    """Bring the schema to SCHEMA_VERSION and re-create the shared views and macros."""
    if current_is_lake(connection):  # its tables exist (_create_lake_tables); listing a lake's is slow
        tables = {"schema_version"}
    else:
        tables = {
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() where database_name = current_database()"
            ).fetchall()
        }
    current = 0
    if "schema_version" in tables:
        current = connection.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"the database has schema version {current}, newer than this release ({SCHEMA_VERSION})"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        script = next(SCHEMA.glob(f"{version:03d}_*.sql"))
        connection.execute(script.read_text(encoding="utf-8"))
        connection.execute("insert into schema_version (version) values ($v)", {"v": version})
    stored = connection.execute("select checksum from definitions where name = 'views'").fetchall()
    if stored == [(_checksum(),)] and current == SCHEMA_VERSION:
        return
    connection.execute(
        _for_engine(_derived_sql(), connection)
    )  # what the views read, by this release's rules
    connection.execute(_views_sql())
    connection.execute("delete from definitions where name = 'views'")
    connection.execute(
        "insert into definitions (name, checksum) values ('views', $checksum)", {"checksum": _checksum()}
    )


def current_is_lake(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's default database is a lake."""
    return lake.is_current(connection)


def _create_lake_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """A new lake's tables, as this release's schema scripts leave a new database file.

    The scripts are run in an empty in-memory database and each table is copied, empty,
    into the lake: DuckLake keeps no keys, sequences, indexes, checks or defaults, and the
    importer checks what they would have (it always did: keys are unique by the importer
    since schema 5). A lake thus starts at SCHEMA_VERSION; later scripts run on it as on a file.
    """
    name = connection.execute("select current_database()").fetchone()[0]
    try:  # a lookup by name: listing every table of the lake reads its whole catalog
        connection.execute("select 1 from schema_version limit 0")
        return
    except duckdb.CatalogException:
        pass
    template = f"{name}_template"
    connection.execute(f"attach ':memory:' as {template}")
    try:
        connection.execute(f"use {template}")
        for version in range(1, SCHEMA_VERSION + 1):
            script = next(SCHEMA.glob(f"{version:03d}_*.sql"))
            connection.execute(script.read_text(encoding="utf-8"))
            connection.execute("insert into schema_version (version) values ($v)", {"v": version})
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() where database_name = $template order by table_name",
                {"template": template},
            ).fetchall()
        ]
        connection.execute(f"use {name}")
        connection.execute("begin transaction")  # the lake's tables appear together, or not at all
        for table in tables:
            connection.execute(
                f'create table {name}.main."{table}" as select * from {template}.main."{table}"'
            )
        connection.execute("create table store_writes (writes bigint)")
        connection.execute("insert into store_writes values (0)")
        connection.execute("commit")
    finally:
        connection.execute(f"use {name}")
        connection.execute(f"detach {template}")


def _views_sql() -> str:
    return (SCHEMA / "views.sql").read_text(encoding="utf-8")


_COMPRESSION = re.compile(r"\s+using compression \w+", re.IGNORECASE)


def _for_engine(sql: str, connection: duckdb.DuckDBPyConnection) -> str:
    """A native file's DDL for the connection's store: a lake takes no column compression choice."""
    return _COMPRESSION.sub("", sql) if current_is_lake(connection) else sql


def _derived_sql(changed: Iterable[str] | None = None) -> str:
    """The SQL that rebuilds the derived tables that depend on the ``changed`` tables (None: every one)."""
    stale = None if changed is None else set(changed)
    parts = []
    for name, reads in DERIVED.items():
        if stale is None or reads & stale:
            parts.append((SCHEMA / "derived" / f"{name}.sql").read_text(encoding="utf-8"))
            if stale is not None:
                stale.add(name)
    return "\n".join(parts)


def mark_changed(connection: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    """Tell ``writing`` which contract tables this write changed (none is fine).

    It then rebuilds only the derived tables that read them; a write that marks
    nothing rebuilds every derived table.
    """
    connection.execute("create temp table if not exists changed_tables (name varchar)")
    connection.execute("insert into changed_tables select unnest($names::varchar[])", {"names": list(tables)})


def _changed_tables(connection: duckdb.DuckDBPyConnection) -> list[str] | None:
    """What mark_changed recorded in this write, or None if nothing was (a failed query would end the
    transaction, so the table is looked up first)."""
    marked = connection.execute(
        "select count(*) from duckdb_tables() where temporary and table_name = 'changed_tables'"
    ).fetchone()[0]
    if not marked:
        return None
    return [row[0] for row in connection.execute("select name from temp.changed_tables").fetchall()]


def _checksum() -> str:
    """Of the shared definitions: the views and the derived tables' rules."""
    return hashlib.sha256((_views_sql() + _derived_sql()).encode()).hexdigest()


def ensure_current(database: str | os.PathLike | None = None) -> bool:
    """Bring an existing store to this release's schema and definitions; True if it was rewritten.

    Readers cannot change the store, so a release whose views or schema differ
    from the store's refreshes it through the ordinary write path. A file that is
    not a database is left alone for the caller to report.
    """
    path = db_path(database)
    if not exists(path):
        return False
    try:
        with reading(path) as cursor:
            version = cursor.execute("select max(version) from schema_version").fetchone()[0]
            stored = cursor.execute("select checksum from definitions where name = 'views'").fetchall()
    except duckdb.CatalogException:
        version, stored = None, []
    except (duckdb.Error, OSError):
        return False
    if version == SCHEMA_VERSION and stored == [(_checksum(),)]:
        return False
    clear_cache()
    write(lambda connection: mark_changed(connection, []), path)  # the migration rebuilt what it needs
    clear_cache()
    return True


WRITE_ATTEMPTS = 40
"""How many times ``write`` runs a write that loses to concurrent ones before it gives up."""


def write(work: Callable[[duckdb.DuckDBPyConnection], T], database: str | os.PathLike | None = None) -> T:
    """Run ``work`` in one write transaction (``writing``) and return its result.

    On a lake, a write that loses to a concurrent one at commit is discarded and run
    again on the store as the winner left it, after a short random wait, so its checks
    see the winner's rows; ``work`` must therefore do all its writing through the
    connection. After WRITE_ATTEMPTS losses it gives up with StoreBusy, having stored nothing.
    """
    path = db_path(database)
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with writing(path) as connection:
                return work(connection)
        except _LostToAnotherWrite:
            time.sleep(random.uniform(0.02, 0.05) * min(attempt + 1, 10))
    raise StoreBusy(
        f"{path} was written by other imports {WRITE_ATTEMPTS} times while this write was being made; "
        "nothing of it was stored. Try again."
    )


class _LostToAnotherWrite(Exception):
    """A lake write's commit lost to a concurrent write (``write`` runs it again)."""


def _remove_stale_temporaries(path: Path) -> None:
    for stray in path.parent.glob(path.name + ".tmp-*"):
        with contextlib.suppress(OSError):
            stray.unlink()


@contextlib.contextmanager
def writing(database: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection in one transaction, committed on success and discarded on any exception.

    On a lake, the transaction is on the live store (a new lake is created by the first
    write); prefer ``write``, which runs a write again when it loses to a concurrent one.
    On a ``.duckdb`` file, the connection is to a private copy swapped in atomically on
    success, one writer at a time (a lock file beside the database).
    """
    path = db_path(database)
    if lake.is_lake(path):
        with lake.writers_queue(path), _writing_lake(path) as connection:
            yield connection
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / (path.name + ".lock")
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(
                f"another import is writing to {path}; try again when it has finished"
            ) from None
        _remove_stale_temporaries(path)
        temporary = path.parent / f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}"
        try:
            if path.exists():
                shutil.copyfile(path, temporary)
            connection = connect(temporary, config=_config(path))
            try:
                connection.execute("set enable_progress_bar = false")  # no terminal bar from a long write
                _migrate(connection)
                connection.execute("begin transaction")
                yield connection
                rebuild = _derived_sql(_changed_tables(connection))  # what the write changed
                if rebuild:
                    connection.execute(rebuild)
                connection.execute("commit")
                connection.execute("checkpoint")
            finally:
                connection.close()
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, path)
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            with contextlib.suppress(FileNotFoundError):
                Path(str(temporary) + ".wal").unlink()


@contextlib.contextmanager
def _writing_lake(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        attached = lake.Attached(path, _config(path), read_only=False)
    except duckdb.Error as error:
        if lake.is_conflict(error):  # two first writes creating the lake at once
            raise _LostToAnotherWrite() from error
        raise
    connection = attached.cursor()
    try:
        try:
            _create_lake_tables(connection)
        except duckdb.Error as error:
            if lake.is_conflict(error):  # another first write created them
                raise _LostToAnotherWrite() from error
            raise
        connection.execute("begin transaction")
        _migrate(connection)
        # Every write changes this one row, so any two writes that overlap conflict at
        # commit on every catalog, and the loser runs again on the winner's rows.
        connection.execute("update store_writes set writes = writes + 1")
        yield connection
        rebuild = _derived_sql(_changed_tables(connection))
        if rebuild:
            connection.execute(_for_engine(rebuild, connection))
        try:
            connection.execute("commit")
        except duckdb.Error as error:
            if lake.is_conflict(error):
                raise _LostToAnotherWrite() from error
            raise
    finally:
        connection.close()
        attached.close()


def file_checksum(path: str | os.PathLike) -> str:
    """SHA-256 of a file, for the import history."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def today() -> dt.date:
    """Today's date (one place, so tests can reason about 'as of')."""
    return dt.date.today()
