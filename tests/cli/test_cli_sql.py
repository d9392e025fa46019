"""``python -m workforce sql``: one read-only SELECT over the store, printed as CSV or JSON; anything
else is refused and the store is unchanged."""

import json

import pytest

from tests.fixtures.factory import MINI
from workforce.store import db


@pytest.fixture
def store(cli, tmp_path):
    path = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(path)).returncode == 0
    return path


def test_a_select_prints_csv_with_a_header(cli, store):
    """The mini sample's placements by status: completed pl1 pl2 pl4 pl5 pl7 pl8, dropped pl3, ongoing pl6."""
    ran = cli("sql", "--db", str(store), "select status, count(*) as n from placements group by 1 order by 1")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "status,n\ncompleted,6\ndropped,1\nongoing,1\n"


def test_json_is_an_array_of_row_objects_with_iso_dates_and_nulls(cli, store):
    query = "select placement_id, end_date, program_id from placements where placement_id in ('pl3', 'pl6')"
    ran = cli("sql", "--db", str(store), "--json", query + " order by 1")
    assert json.loads(ran.stdout) == [
        {"placement_id": "pl3", "end_date": "2024-06-30", "program_id": None},
        {"placement_id": "pl6", "end_date": None, "program_id": "TECHNO"},
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "delete from hires",
        "insert into programs values ('X', 'x')",
        "copy placements to 'out.csv'",
        "attach 'other.duckdb' as other",
        "set threads = 1",
        "select 1; select 2",
        "create table t as select 1",
    ],
)
def test_anything_but_one_select_is_refused_and_nothing_changes(cli, store, statement):
    before = cli("sql", "--db", str(store), "select count(*) from hires").stdout
    ran = cli("sql", "--db", str(store), statement)
    assert ran.returncode == 2
    assert ran.stderr.startswith("error: ") and ("only SELECT" in ran.stderr or "exactly one" in ran.stderr)
    assert (
        cli("sql", "--db", str(store), "select count(*) from hires").stdout == before == "count_star()\n4\n"
    )


def test_a_bad_query_or_a_missing_store_is_one_line_not_a_traceback(cli, store, tmp_path):
    ran = cli("sql", "--db", str(store), "select nothing from nowhere")
    assert ran.returncode == 1 and ran.stderr.startswith("error: ") and "nowhere" in ran.stderr
    missing = cli("sql", "--db", str(tmp_path / "none.duckdb"), "select 1")
    assert missing.returncode == 2 and "there is no store" in missing.stderr
    db.clear_cache()
