"""Carry a store's rows and history into a new store (``python -m workforce migrate``).

The source is either a database file this engine reads (any schema version of this project), or a
folder that DuckDB's own ``EXPORT DATABASE 'folder' (FORMAT parquet)`` wrote, with any DuckDB: that is
how a file of a newer engine comes over (docs/deployment.md). Every stored table is copied by column
name: the contract tables, the import history (``imports``, ``import_added``, ``replaced_*``) and the
saved column mappings. The derived tables, the views and the schema bookkeeping are this release's
own: the target builds them. Nothing is written unless every table comes over; the target must not
exist yet.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from workforce.store import db, lake

BOOKKEEPING = frozenset({"schema_version", "definitions", "store_writes"})
"""Tables a store keeps about itself, which the target writes for its own release."""


class MigrationRefused(Exception):
    """The source cannot be carried over as it is; nothing was written."""


@dataclass(frozen=True)
class Source:
    """Where the rows come from: each stored table's name, and the SQL that reads it."""

    version: int
    tables: dict[str, str]


def _literal(text: str) -> str:
    """A SQL string literal (ATTACH and read_parquet take no bound parameter for a path)."""
    return "'" + text.replace("'", "''") + "'"


def _stored(names: set[str]) -> set[str]:
    return names - set(db.DERIVED) - BOOKKEEPING


def _source(connection: duckdb.DuckDBPyConnection, path: Path) -> Source:
    """Open the source on the target's connection: a folder of Parquet files, or an attached file."""
    if path.is_dir():
        files = {p.stem: p for p in path.glob("*.parquet")}
        if "schema_version" not in files:
            raise MigrationRefused(f"{path} holds no schema_version.parquet: not an export of a store")
        tables = {name: f"read_parquet({_literal(str(p))})" for name, p in files.items()}
    elif path.is_file():
        # a name of the target's own: a lake's connections share one DuckDB instance
        source = connection.execute("select current_database() || '_source'").fetchone()[0]
        try:
            connection.execute(f"attach {_literal(str(path))} as {source} (read_only)")
        except duckdb.IOException as error:
            if "newer version of DuckDB" in str(error):
                raise MigrationRefused(
                    f"{path} was written by a newer DuckDB than this release's ({duckdb.__version__}): with "
                    "that DuckDB, EXPORT DATABASE 'folder' (FORMAT parquet), then migrate the folder"
                ) from None
            raise MigrationRefused(f"{path} cannot be read as a database: {error}") from None
        names = connection.execute(
            "select table_name from duckdb_tables() where database_name = $source", {"source": source}
        ).fetchall()
        tables = {name: f'{source}."{name}"' for (name,) in names}
        if "schema_version" not in tables:
            raise MigrationRefused(f"{path} has no schema_version table: not a store of this project")
    else:
        raise MigrationRefused(f"there is nothing at {path}")
    version = connection.execute(f"select max(version) from {tables['schema_version']}").fetchone()[0]
    if version is None or version > db.SCHEMA_VERSION:
        raise MigrationRefused(
            f"{path} has schema version {version}; "
            f"this release carries over versions 1 to {db.SCHEMA_VERSION}"
        )
    return Source(int(version), {name: sql for name, sql in tables.items() if name in _stored(set(tables))})


def _columns(connection: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in connection.execute(f"describe select * from {relation}").fetchall()]


def carry_over(source: str | os.PathLike, target: str | os.PathLike) -> dict[str, int]:
    """Copy every stored table of ``source`` into a new store at ``target``; the rows copied, by table."""
    origin, destination = Path(source).resolve(), db.db_path(target)
    if db.exists(destination) or (isinstance(destination, Path) and destination.exists()):
        raise MigrationRefused(f"{destination} exists already: migrate into a new store")
    try:
        return _copy(origin, destination)
    except BaseException:
        # a refusal raised inside ``writing`` stores nothing; a new lake's empty tables go too
        if isinstance(destination, Path) and destination.is_dir():
            shutil.rmtree(destination)
        raise


def _copy(origin: Path, destination: Path) -> dict[str, int]:
    copied: dict[str, int] = {}
    attached: list[str] = []
    try:
        with db.writing(destination) as connection:
            attached.append(connection.execute("select current_database() || '_source'").fetchone()[0])
            found = _source(connection, origin)
            db.describe_write(connection, None, f"migrated from {origin}")
            ours = {
                row[0]
                for row in connection.execute(
                    "select table_name from duckdb_tables() where database_name = current_database()"
                ).fetchall()
            }
            unknown = sorted(set(found.tables) - ours)
            if unknown:
                raise MigrationRefused(
                    f"{origin} has tables this release does not know: {', '.join(unknown)}"
                )
            for name, relation in sorted(found.tables.items()):
                theirs, wanted = _columns(connection, relation), _columns(connection, f'"{name}"')
                extra = [c for c in theirs if c not in wanted]
                if extra:
                    raise MigrationRefused(
                        f"{origin}: table {name} has columns this release does not know: {', '.join(extra)}"
                    )
                listed = ", ".join(f'"{c}"' for c in theirs)
                connection.execute(f'insert into "{name}" ({listed}) select {listed} from {relation}')
                copied[name] = connection.execute(f'select count(*) from "{name}"').fetchone()[0]
            # the next import continues the history's numbering (importer.load_sources: the largest id + 1)
            # nothing marked as changed: the write rebuilds every derived table from the rows copied
    finally:
        lake.detach(attached)  # a lake's writes share the process's DuckDB: the source read goes
    return copied
