"""The importer under hostile input and sudden death: a message or a clean import, never a half-write."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workforce.store import importer

ROOT = Path(__file__).resolve().parents[2]
HEADER = "participant_id;institution_id;specialty;level;graduation_year\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    (folder / "institutions.csv").write_text("institution_id,name,kind\nSTT,Техникум,technical_school\n")
    (folder / "participants.csv").write_text(HEADER + "p1;STT;;vocational;2024\n")
    path = folder / "stored.duckdb"
    importer.import_files([folder / "institutions.csv", folder / "participants.csv"], path)
    return path


cells = st.one_of(
    st.sampled_from(
        ["p2", "STT", "vocational", "master", "2024", "31.02.2024", "", "да", "1 234,50", '"', ";", "\r"]
    ),
    st.text(max_size=12),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=7), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows, header=st.booleans(), encoding=st.sampled_from(["utf-8", "cp1251", "utf-8-sig"]))
def test_any_csv_either_imports_or_yields_a_message_and_a_refusal_changes_no_byte(
    stored, tmp_path_factory, body, header, encoding
):
    folder = tmp_path_factory.mktemp("fuzz")
    text = (HEADER if header else "") + "\n".join(";".join(r) for r in body)
    file = folder / "participants.csv"
    file.write_bytes(text.encode(encoding, errors="replace"))
    database = folder / "db.duckdb"
    database.write_bytes(stored.read_bytes())
    before = digest(database)
    try:
        importer.import_files([file], database)
    except importer.ImportFailed as failed:
        assert failed.problems and all(p.file and p.problem for p in failed.problems)
        assert digest(database) == before
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from participants where participant_id = 'p1'").fetchone() == (1,)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash_the_importer(stored, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    file = folder / "placements.csv"
    file.write_bytes(data)
    database = folder / "db.duckdb"
    database.write_bytes(stored.read_bytes())
    before = digest(database)
    try:
        importer.import_files([file], database)
    except importer.ImportFailed as failed:
        assert failed.problems
        assert digest(database) == before


def test_an_import_killed_with_sigkill_leaves_the_database_as_before(stored, tmp_path):
    database = tmp_path / "db.duckdb"
    database.write_bytes(stored.read_bytes())
    before = digest(database)
    people = tmp_path / "participants_big.csv"
    with people.open("w") as out:
        out.write(HEADER)
        for i in range(600_000):
            out.write(f"q{i};STT;Металлург;vocational;2025\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "workforce", "import", str(people), "--db", str(database)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("db.duckdb.tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(tmp_path.glob("db.duckdb.tmp-*")), "the import never started writing"
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert digest(database) == before
    result = importer.import_files([people], database)
    assert result.tables["participants"].added == 600_000
    assert not list(tmp_path.glob("db.duckdb.tmp-*"))
