"""The import history, and rolling an import back to restore exactly the rows it replaced."""

import json
import os
import re

import duckdb
import pandas as pd

from workforce.store import db
from workforce.store.contract import LOAD_ORDER, TABLES


class RollbackRefused(Exception):
    """The import cannot be rolled back; the message says why. Nothing was changed."""


def imports(database: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every import, newest first: when, by whom, files with checksums, rows added and changed."""
    frame = db.run("imports", {}, database)
    frame["files"] = frame["files"].map(json.loads)
    frame["summary"] = frame["summary"].map(json.loads)
    return frame


def snapshots_of_imports(database: str | os.PathLike | None = None) -> dict[int, int]:
    """On a lake: each import's snapshot, the store as that import left it (``sql --at``), by import id.

    Read from the message each import leaves on its snapshot (``import 12: ...``); an import whose
    snapshot ``maintain`` has expired is not there. A database file keeps no snapshots: empty.
    """
    found = {}
    for row in db.snapshots(database).itertuples():
        message = row.commit_message if isinstance(row.commit_message, str) else ""  # none: NaN
        match = re.match(r"import (\d+): ", message)
        if match:
            found.setdefault(int(match.group(1)), int(row.snapshot_id))
    return found


def rollback(import_id: int, database: str | os.PathLike | None = None, user: str | None = None) -> dict:
    """Undo one import: delete the rows it added, put back the rows it replaced; all or nothing."""

    def work(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
        found = con.execute(
            "select rolled_back_at from imports where import_id = $id", {"id": import_id}
        ).fetchall()
        if not found:
            raise RollbackRefused(f"there is no import {import_id}")
        if found[0][0] is not None:
            raise RollbackRefused(
                f"import {import_id} was already rolled back on {found[0][0]:%Y-%m-%d %H:%M}"
            )
        later = _later_changes(con, import_id)
        if later:
            raise RollbackRefused(
                f"import {import_id} cannot be rolled back: later import(s) "
                + ", ".join(str(i) for i in later)
                + " changed the same rows; roll those back first"
            )
        restored: dict[str, dict[str, int]] = {}
        for name in reversed(LOAD_ORDER):
            key = TABLES[name].key
            deleted = con.execute(
                f'delete from {name} where "{key}" in (select key from import_added'
                " where import_id = $id and table_name = $table)",
                {"id": import_id, "table": name},
            ).fetchone()[0]
            restored[name] = {"removed": deleted}
        for name in LOAD_ORDER:
            key = TABLES[name].key
            con.execute(  # the rows that replaced them; the tables declare no key (schema 005)
                f'delete from {name} where "{key}" in (select "{key}" from replaced_{name}'
                " where import_id = $id)",
                {"id": import_id},
            )
            put_back = con.execute(
                f"insert into {name} select * exclude (import_id) from replaced_{name} where import_id = $id",
                {"id": import_id},
            ).fetchone()[0]
            restored[name]["restored"] = put_back
        db.mark_changed(con, [name for name, counts in restored.items() if any(counts.values())])
        orphans = _orphans(con)
        if orphans:
            raise RollbackRefused(
                f"import {import_id} cannot be rolled back: rows imported later refer to rows it added ("
                + "; ".join(orphans)
                + "); roll those imports back first"
            )
        db.describe_write(con, user, f"rollback of import {import_id}")
        con.execute(
            "update imports set rolled_back_at = current_timestamp, rolled_back_by = $user"
            " where import_id = $id",
            {"id": import_id, "user": user},
        )
        return restored

    restored = db.write(work, database)
    db.clear_cache()
    return {name: counts for name, counts in restored.items() if any(counts.values())}


def _orphans(con: duckdb.DuckDBPyConnection) -> list[str]:
    """References that point nowhere, as 'table.column: n rows'."""
    found = []
    for table in TABLES.values():
        for column in table.columns:
            if column.references:
                parent = TABLES[column.references]
                n = con.execute(
                    f'select count(*) from {table.name} where "{column.name}" is not null'
                    f' and "{column.name}" not in (select "{parent.key}" from {parent.name})'
                ).fetchone()[0]
                if n:
                    found.append(f"{table.name}.{column.name}: {n} rows")
    return found


def _later_changes(con, import_id: int) -> list[int]:
    """Imports after this one, not rolled back, that added or replaced a row this one touched."""
    parts = []
    for name in LOAD_ORDER:
        key = TABLES[name].key
        parts.append(f'select import_id, $t_{name} as table_name, "{key}" as key from replaced_{name}')
    touched = " union all ".join(parts)
    params = {f"t_{name}": name for name in LOAD_ORDER}
    params["id"] = import_id
    rows = con.execute(
        f"with touched as ({touched} union all select import_id, table_name, key from import_added),"
        " mine as (select table_name, key from touched where import_id = $id)"
        " select distinct t.import_id from touched as t join mine using (table_name, key)"
        " join imports as i on i.import_id = t.import_id"
        " where t.import_id > $id and i.rolled_back_at is null order by 1",
        params,
    ).fetchall()
    return [r[0] for r in rows]
