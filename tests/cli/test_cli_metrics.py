"""The command line: the metrics report as an owner and as a viewer who must not see small counts."""

import json

import duckdb

from tests.fixtures.factory import MINI
from workforce.store import accounts, db


def test_metrics_for_a_viewer_hide_small_counts_that_the_owner_sees(cli, tmp_path):
    database = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(database)).returncode == 0
    accounts_file = tmp_path / "accounts.sqlite"
    accounts.add_account(
        "official",
        "a long enough password",
        "city",
        name="City official",
        path=accounts_file,
        check_scope=False,
    )
    env = {"WORKFORCE_ACCOUNTS": str(accounts_file)}
    owner = json.loads(
        cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--json", env=env).stdout
    )
    shown = cli(
        "metrics", "--db", str(database), "--as-of", "2025-06-30", "--json", "--viewer", "official", env=env
    )
    viewer = json.loads(shown.stdout)
    assert owner["by_year"][1]["participants"] == 4
    assert viewer["by_year"][1]["participants"] == "<5"
    assert viewer["by_year"][1]["intern_hire_rate"] == "<5"
    assert viewer["retention_12m"] == "<5"
    assert viewer["disclosure"] == "default"
    text = cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--viewer", "official", env=env)
    assert text.returncode == 0 and "<5" in text.stdout
    unknown = cli("metrics", "--db", str(database), "--as-of", "2025-06-30", "--viewer", "nobody", env=env)
    assert unknown.returncode == 2 and "no account" in unknown.stderr


def test_a_store_of_a_newer_duckdb_is_an_error_message_not_a_traceback(cli, tmp_path, monkeypatch):
    path = tmp_path / "newer.duckdb"
    path.write_bytes(b"x")

    def refuse(*args, **kwargs):
        raise duckdb.IOException("IO Error: ... created with an newer version of DuckDB.")

    monkeypatch.setattr(db.duckdb, "connect", refuse)
    ran = cli("metrics", "--db", str(path), "--json")
    assert ran.returncode == 2
    assert ran.stderr.startswith("error: ") and "EXPORT DATABASE" in ran.stderr
