"""Keep a lake from growing with every write (``python -m workforce maintain``).

Every write adds small Parquet files, and DuckLake never deletes a file while a snapshot still
names it: that is what lets a reader keep its snapshot while writers commit, and what lets
``sql --at`` show the store as it was. ``maintain`` runs DuckLake's own maintenance, in order:

1. flush the rows DuckLake keeps inline in its catalog (small writes) into Parquet files;
2. expire the snapshots older than ``keep`` (nothing before then can be read ``--at`` any more);
3. merge adjacent small files of each table into larger ones;
4. delete the files that no snapshot names any more, once they have been unused for ``grace``
   (a reader that pinned an old snapshot a moment ago may still be reading them).

The import history and rollback do not use snapshots (they keep the replaced rows themselves), so
they are unaffected. Maintenance may run while the dashboard reads and imports write; a write
that commits during step 3 makes the merge lose and run again, as any write would.
"""

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from workforce.store import db, lake


class MaintainRefused(Exception):
    """The store cannot be maintained (it is not a lake, or there is none)."""


@dataclass(frozen=True)
class Maintained:
    """What one run did, and the store's size before and after."""

    flushed_tables: int
    expired_snapshots: int
    merged_files: int
    deleted_files: int
    bytes_before: int
    bytes_after: int
    files_before: int
    files_after: int


def _size(path: "Path | lake.Remote") -> tuple[int, int]:
    folder = path if isinstance(path, Path) else lake.data_folder(path)
    files = [p for p in folder.rglob("*") if p.is_file()] if folder else []
    return sum(p.stat().st_size for p in files), len(files)


def _call(path: "Path | lake.Remote", sql: str, **params: object) -> int:
    """One maintenance function on the lake, in a transaction of its own, in the writers' queue;
    run again if it loses to a write from another machine."""
    for attempt in range(db.WRITE_ATTEMPTS):
        with (
            lake.writers_queue(path),
            lake.opened(path, db.engine_settings(), False) as (attached, connection),
        ):
            try:
                connection.execute("begin transaction")
                (count,) = connection.execute(sql, {"name": attached.name, **params}).fetchall()[0]
                connection.execute("commit")
                return int(count)
            except duckdb.Error as error:
                if not lake.is_conflict(error):
                    raise
        time.sleep(0.05 * (attempt + 1))
    raise db.StoreBusy(f"{path}: maintenance kept losing to imports; run it again later")


def maintain(
    database: str | os.PathLike | None = None,
    keep: dt.timedelta = dt.timedelta(days=7),
    grace: dt.timedelta = dt.timedelta(hours=1),
) -> Maintained:
    """Flush, expire snapshots older than ``keep``, merge, and delete files unused for ``grace``."""
    path = db.db_path(database)
    if not lake.is_lake(path):
        raise MaintainRefused(
            f"{path} is a single database file; maintain works on a lake (migrate it first)"
        )
    if not db.exists(path):
        raise MaintainRefused(f"there is no store at {path}")
    bytes_before, files_before = _size(path)
    # Each step is a transaction of its own: DuckLake commits compaction alone, never with other changes.
    flushed = _call(path, "select count(*) from ducklake_flush_inlined_data($name)")
    expired = _call(
        path, "select count(*) from ducklake_expire_snapshots($name, older_than => now() - $keep)", keep=keep
    )
    merged = _call(path, "select coalesce(sum(files_processed), 0) from ducklake_merge_adjacent_files($name)")
    deleted = _call(
        path,
        "select count(*) from ducklake_cleanup_old_files($name, older_than => now() - $grace)",
        grace=grace,
    )
    db.clear_cache()
    bytes_after, files_after = _size(path)
    return Maintained(
        flushed_tables=flushed,
        expired_snapshots=expired,
        merged_files=merged,
        deleted_files=deleted,
        bytes_before=bytes_before,
        bytes_after=bytes_after,
        files_before=files_before,
        files_after=files_after,
    )
