"""A lake store from the command line: import into it, list its snapshots, read it as an earlier write
left it (``sql --at``), and ``maintain`` it without changing a figure."""

import re

import pytest

from tests.fixtures.factory import MINI

PLACEMENTS = "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"


@pytest.fixture
def lake(cli, tmp_path):
    """The worked example, then pl9 added by a second import (by "anna")."""
    path = tmp_path / "store"
    assert cli("import", str(MINI), "--db", str(path), "--user", "olga").returncode == 0
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "placements.csv").write_text(
        PLACEMENTS + "pl9;p6;CMK;;01.09.2024;30.09.2024;completed\n", encoding="utf-8"
    )
    ran = cli("import", str(folder), "--db", str(path), "--user", "anna")
    assert ran.returncode == 0, ran.stderr
    return path


def snapshot_of(listing: str, message: str) -> int:
    """The id of the snapshot whose line carries ``message`` in ``snapshots``' listing."""
    (line,) = [line for line in listing.splitlines() if message in line]
    return int(line.split()[0].lstrip("#"))


def test_snapshots_list_every_write_with_who_made_it(cli, lake):
    ran = cli("snapshots", "--db", str(lake))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert "by anna  import 2: placements.csv" in lines[0]
    assert "by olga  import 1: " in lines[1]


def test_sql_at_an_earlier_snapshot_reads_the_store_as_that_write_left_it(cli, lake):
    listing = cli("snapshots", "--db", str(lake)).stdout
    first = snapshot_of(listing, "import 1:")
    count = "select count(*) as n from placements"
    assert cli("sql", "--db", str(lake), count).stdout == "n\n9\n"
    assert cli("sql", "--db", str(lake), "--at", str(first), count).stdout == "n\n8\n"
    ran = cli("sql", "--db", str(lake), "--at", "9999", count)
    assert ran.returncode == 2 and "no snapshot 9999" in ran.stderr


def test_history_names_each_imports_snapshot(cli, lake):
    listed = cli("history", "--db", str(lake)).stdout
    second, first = (int(n) for n in re.findall(r"snapshot (\d+) \(sql --at", listed))
    assert second > first
    count = "select count(*) as n from placements"
    assert cli("sql", "--db", str(lake), "--at", str(first), count).stdout == "n\n8\n"
    assert cli("sql", "--db", str(lake), "--at", str(second), count).stdout == "n\n9\n"


def test_sql_at_is_refused_for_a_database_file(cli, tmp_path):
    path = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(path)).returncode == 0
    ran = cli("sql", "--db", str(path), "--at", "1", "select 1")
    assert ran.returncode == 2 and "keeps no earlier snapshots" in ran.stderr


def test_maintain_shrinks_the_lake_and_changes_no_figure(cli, lake, tmp_path):
    # three more writes of 40 participants each (more than DuckLake keeps inline in its catalog)
    for graduation in (2026, 2027, 2028):
        folder = tmp_path / f"cohort{graduation}"
        folder.mkdir()
        rows = "".join(f"n{i};STT;bachelor;{graduation}\n" for i in range(40))
        (folder / "participants.csv").write_text(
            "participant_id;institution_id;level;graduation_year\n" + rows, encoding="utf-8"
        )
        assert cli("import", str(folder), "--db", str(lake)).returncode == 0
    before = cli("metrics", "--db", str(lake), "--as-of", "2025-06-30", "--json").stdout
    ran = cli("maintain", "--db", str(lake), "--keep-days", "0", "--grace-minutes", "0")
    assert ran.returncode == 0, ran.stderr
    # at least the two superseded versions of the three tables derived from participants
    assert int(re.search(r"unused files deleted: (\d+)", ran.stdout).group(1)) >= 2 * 3
    # each table is left with one data file: the rewrites of the three writes are gone
    files = [p for p in (lake / "data").rglob("*.parquet") if not p.name.endswith("-delete.parquet")]
    tables = [p.parent.name for p in files]
    assert sorted(tables) == sorted(set(tables))
    assert cli("metrics", "--db", str(lake), "--as-of", "2025-06-30", "--json").stdout == before
    # the snapshots before it are gone, and with them the reading of an earlier state
    assert "import 1:" not in cli("snapshots", "--db", str(lake)).stdout


def test_maintain_refuses_a_database_file_and_a_missing_store(cli, tmp_path):
    path = tmp_path / "mini.duckdb"
    assert cli("import", str(MINI), "--db", str(path)).returncode == 0
    ran = cli("maintain", "--db", str(path))
    assert ran.returncode == 2 and "migrate it first" in ran.stderr
    ran = cli("maintain", "--db", str(tmp_path / "nothing-here"))
    assert ran.returncode == 2 and "there is no store" in ran.stderr
