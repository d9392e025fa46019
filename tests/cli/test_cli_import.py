"""``python -m workforce import``, ``history`` and ``rollback`` in-process, on the worked example."""

import datetime as dt

import duckdb

from tests.fixtures.factory import MINI
from workforce.store import db


def participants(database) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select count(*) from participants").fetchone()[0]


def test_an_import_is_listed_in_the_history_and_rolled_back(cli, tmp_path):
    database = tmp_path / "mini.duckdb"
    imported = cli("import", str(MINI), "--db", str(database), "--user", "ivanova")
    assert imported.returncode == 0, imported.stderr
    assert "participants: 6 added, 0 changed, 0 unchanged" in imported.stdout
    db.clear_cache()
    listed = cli("history", "--db", str(database))
    assert listed.returncode == 0
    assert "#1 " in listed.stdout and "by ivanova" in listed.stdout and "participants.csv" in listed.stdout
    rolled = cli("rollback", "1", "--db", str(database), "--user", "ivanova")
    assert rolled.returncode == 0, rolled.stderr
    assert "Import 1 rolled back." in rolled.stdout
    assert participants(database) == 0
    db.clear_cache()
    assert "ROLLED BACK" in cli("history", "--db", str(database)).stdout


def test_history_of_a_missing_store_says_where_it_looked(cli, tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    ran = cli("history", "--db", str(missing))
    assert ran.returncode == 2 and str(missing) in ran.stderr


def test_metrics_as_of_defaults_to_the_one_today(cli, tmp_path, monkeypatch):
    database = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(database)).returncode == 0
    monkeypatch.setattr(db, "today", lambda: dt.date(2025, 6, 30))
    today = cli("metrics", "--db", str(database), "--json")
    given = cli("metrics", "--db", str(database), "--json", "--as-of", "2025-06-30")
    assert today.returncode == given.returncode == 0
    assert today.stdout == given.stdout
    monkeypatch.setattr(db, "today", lambda: dt.date(2026, 6, 30))
    assert cli("metrics", "--db", str(database), "--json").stdout != given.stdout
