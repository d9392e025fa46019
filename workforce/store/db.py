"""The data layer: where the database lives, how it is read, and how it is written.

Readers (the dashboard, the CLI's reports) share one read-only connection per
process and take a fresh cursor for every query. Writers never touch the live
file: they copy it, change the copy in one transaction and atomically rename
the copy over the original. A dashboard that has the old file open keeps
reading it undisturbed and switches to the new one at its next query; a writer
killed half-way leaves only a stray temporary file behind.
"""

import contextlib
import contextvars
import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import duckdb
import pandas as pd

from workforce import config

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).resolve().parent / "schema"
DEFAULT_DB = ROOT / "data" / "workforce.duckdb"
SCHEMA_VERSION = 7

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
    """The database file does not exist yet."""


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


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database to use: the one given, else $WORKFORCE_DB, else data/workforce.duckdb."""
    chosen = path or (config.get("WORKFORCE_DB") if config.is_set("WORKFORCE_DB") else DEFAULT_DB)
    return Path(chosen).resolve()


def engine_settings() -> dict:
    """DuckDB's settings for every connection: memory and threads from the settings, no extensions."""
    return {
        "memory_limit": config.get("WORKFORCE_MEMORY_LIMIT"),
        "threads": int(config.get("WORKFORCE_THREADS")),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }


def _config(path: Path) -> dict:
    temp = path.parent / (path.name + ".tmpdir")
    return {**engine_settings(), "temp_directory": str(temp)}


def _identity(path: Path) -> tuple[int, int]:
    """What changes when a writer swaps a new file in: inode and modification time."""
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns)


def query_sql(name: str) -> str:
    """The text of ``queries/<name>.sql``; the name must be a plain word."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a query name: {name!r}")
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


class _Reader:
    """One process-wide read-only connection per database file, reopened when a writer replaces the file.

    Page runs pin the connection they started with (``snapshot()``). DuckDB keeps
    one instance per path in a process, so the old file's connection must close
    before the new one opens: a run that finds the file replaced waits (up to
    DRAIN_SECONDS) until the runs pinned to the old version have finished, and
    until then keeps reading the old version, whole.
    """

    DRAIN_SECONDS = 30.0

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._connections: dict[Path, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}
        self._pinned: dict[Path, int] = {}

    def cursor(self, path: Path) -> tuple[tuple[int, int], duckdb.DuckDBPyConnection]:
        """A fresh cursor on the pinned or current version of ``path``, with that version's identity."""
        pins = _pins.get()
        if pins is not None and path in pins:
            identity, connection = pins[path]
            return identity, connection.cursor()
        with self._lock:
            if not path.exists():
                raise DatabaseMissing(str(path))
            identity = _identity(path)
            known = self._connections.get(path)
            if known is not None and known[0] != identity:
                self._lock.wait_for(lambda: self._pinned.get(path, 0) == 0, timeout=self.DRAIN_SECONDS)
                if self._pinned.get(path, 0) == 0:
                    known[1].close()
                    known = None
            if known is None:
                connection = connect(path, read_only=True, config=_config(path))
                known = self._connections[path] = (identity, connection)
            if pins is not None:
                pins[path] = known
                self._pinned[path] = self._pinned.get(path, 0) + 1
            return known[0], known[1].cursor()

    def release(self, paths: Iterable[Path]) -> None:
        """A pinned run has finished with these files."""
        with self._lock:
            for path in paths:
                if self._pinned.get(path, 0) > 0:
                    self._pinned[path] -= 1
            self._lock.notify_all()

    def close_all(self) -> None:
        """Close every connection (tests, and before a writer in the same process renames)."""
        with self._lock:
            for _, connection in self._connections.values():
                connection.close()
            self._connections.clear()
            self._pinned.clear()


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
def reading(database: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh cursor on the shared read-only connection, for work that is not a named query (exports)."""
    _, cursor = _reader.cursor(db_path(database))
    try:
        yield cursor
    finally:
        cursor.close()


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


def database_version(database: str | os.PathLike | None = None) -> tuple[int, int] | None:
    """The identity of the database file now (changes with every write), or None if absent."""
    path = db_path(database)
    return _identity(path) if path.exists() else None


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
    tables = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
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
    if stored != [(_checksum(),)] or current < SCHEMA_VERSION:
        connection.execute(_derived_sql())  # tables the views below read, by this release's rules
    connection.execute(_views_sql())
    connection.execute(
        "insert or replace into definitions (name, checksum) values ('views', $checksum)",
        {"checksum": _checksum()},
    )


def _views_sql() -> str:
    return (SCHEMA / "views.sql").read_text(encoding="utf-8")


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
    """Bring an existing database file to this release's schema and definitions; True if it was rewritten.

    Readers cannot change the file, so a release whose views or schema differ
    from the file's refreshes it through the ordinary write path (copy, migrate,
    swap). A file that is not a database is left alone for the caller to report.
    """
    path = db_path(database)
    if not path.exists():
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
    with writing(path) as connection:
        mark_changed(connection, [])  # the migration rebuilt what a changed definition needs
    clear_cache()
    return True


def _remove_stale_temporaries(path: Path) -> None:
    for stray in path.parent.glob(path.name + ".tmp-*"):
        with contextlib.suppress(OSError):
            stray.unlink()


@contextlib.contextmanager
def writing(database: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the database, swapped in atomically on success.

    One writer at a time (a lock file beside the database). On any exception
    the copy is discarded and the database stays exactly as it was.
    """
    path = db_path(database)
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
