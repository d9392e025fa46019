"""An administrator's own SQL over the store (``python -m workforce sql``): read-only, one SELECT.

The contract tables are there by name (``placements``, ``hires`` ...), with the derived tables and the
views the queries read. A statement that is not a SELECT (INSERT, COPY, ATTACH, SET, CREATE ...) is
refused before it runs, and the store is opened read-only underneath, so nothing is ever written.
"""

import csv
import datetime as dt
import decimal
import io
import json
import os
from dataclasses import dataclass

import duckdb

from workforce.store import db


class NotASelect(ValueError):
    """The text is not exactly one SELECT statement."""


@dataclass(frozen=True)
class Result:
    """A query's column names and rows, as plain Python values."""

    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        """The rows as objects, column name to value (dates as YYYY-MM-DD text)."""
        return [dict(zip(self.columns, map(_plain, row), strict=True)) for row in self.rows]

    def to_json(self) -> str:
        """An array of row objects."""
        return json.dumps(self.records(), ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        """CSV with a header row (comma, ISO dates, an empty cell for null)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        return out.getvalue()


def _plain(value: object) -> object:
    """A value JSON and CSV can carry: dates and times as ISO text, decimals as numbers."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def check(sql: str) -> None:
    """Refuse anything but exactly one SELECT (WITH, VALUES, DESCRIBE, SHOW and FROM-first are SELECTs)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise NotASelect(f"the SQL cannot be read: {error}") from None
    if len(statements) != 1:
        raise NotASelect(f"give exactly one SELECT statement, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise NotASelect(f"only SELECT is allowed here; this is {kind.name}: the store is read-only")


def select(sql: str, database: str | os.PathLike | None = None, at: int | None = None) -> Result:
    """Run one SELECT on the store, read-only; ``at``: as a lake's snapshot of that id left it."""
    check(sql)
    with db.reading(database, at=at) as cursor:
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return Result(columns, cursor.fetchall())
