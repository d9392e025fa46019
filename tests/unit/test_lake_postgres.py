"""A lake whose catalog is in PostgreSQL (``--db postgres:...``), the store for several machines.

A throwaway cluster is started on loopback with PostgreSQL's own tools (tests/fixtures/postgres.py).
"Machines" are processes with environments and working folders of their own: their own read copies,
the Parquet files in one shared folder, the catalog in the one PostgreSQL.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.factory import MINI
from workforce.analysis import metrics
from workforce.store import db, history, importer

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2025-06-30"
PARTICIPANTS = "participant_id;institution_id;level;graduation_year\n"


@pytest.fixture
def store(postgres_cluster, tmp_path, request, monkeypatch):
    """A new database of the cluster as a lake's catalog, its Parquet files in a shared folder."""
    name = "lake_" + request.node.name.lower().replace("[", "_").replace("]", "").replace("-", "_")[:40]
    shared = tmp_path / "shared-data"
    monkeypatch.setenv("WORKFORCE_LAKE_DATA", str(shared))
    return {"name": "postgres:" + postgres_cluster.create(name), "shared": shared}


def machine(tmp_path: Path, name: str, store: dict) -> dict:
    """The environment of one machine: its own working folder and read copies, the shared store."""
    home = tmp_path / name
    home.mkdir()
    return {
        "cwd": home,
        "env": {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "WORKFORCE_DB": store["name"],
            "WORKFORCE_LAKE_DATA": str(store["shared"]),
            "WORKFORCE_READ_COPIES": str(home / "read-copies"),
        },
    }


def run(where: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workforce", *args],
        cwd=where["cwd"],
        env=where["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    """The command's output, once it has exited with status 0."""
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return out


def test_the_worked_example_gives_the_same_figures_with_its_catalog_in_postgresql(store, tmp_path):
    importer.import_files([MINI], store["name"], user="olga")
    file = tmp_path / "mini.duckdb"
    importer.import_files([MINI], file)
    as_of = dt.date.fromisoformat(AS_OF)
    assert metrics.report(as_of, database=store["name"]) == metrics.report(as_of, database=file)
    assert list(history.imports(store["name"])["imported_by"]) == ["olga"]
    assert any(store["shared"].rglob("*.parquet"))  # the rows are in the shared folder
    db.clear_cache()


def test_two_importers_and_two_readers_on_different_machines_share_one_store(store, tmp_path):
    first, second = machine(tmp_path, "machine-a", store), machine(tmp_path, "machine-b", store)
    finish(run(first, "import", str(MINI)))
    # both machines import at once, each a batch of its own
    for where, folder, people in (
        (first, "a", "a1;STT;bachelor;2027\n"),
        (second, "b", "b1;STT;bachelor;2027\n"),
    ):
        batch = where["cwd"] / folder
        batch.mkdir()
        (batch / "participants.csv").write_text(PARTICIPANTS + people, encoding="utf-8")
    imports = [run(first, "import", "a"), run(second, "import", "b")]
    for process in imports:
        finish(process)
    # each machine's reader sees both writes (its own read copy of the newest snapshot)
    query = "select string_agg(participant_id, ',' order by participant_id) as ids from participants"
    for where in (first, second):
        seen = finish(run(where, "sql", "--json", query + " where participant_id in ('a1', 'b1')"))
        assert json.loads(seen) == [{"ids": "a1,b1"}]
        assert json.loads(finish(run(where, "metrics", "--json", "--as-of", AS_OF)))["by_year"]
        assert (where["cwd"] / "read-copies").is_dir()  # each machine reads its own copy
    listed = finish(run(first, "history"))
    assert [line.split()[0] for line in listed.splitlines() if line.startswith("#")] == ["#3", "#2", "#1"]
