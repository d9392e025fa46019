"""Readers during writes: pages keep rendering while an import runs, each from one whole version."""

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ADMIN
from tests.fixtures.factory import copy_store
from workforce import ui
from workforce.store import accounts, db, importer

ROOT = Path(__file__).resolve().parents[2]
BIG = 1_000_000


def participants_2025(path: Path) -> int:
    with db.reading(path) as con:
        return con.execute("select count(*) from participants").fetchone()[0]


def test_a_snapshot_sees_one_version_while_a_writer_swaps_the_file(city_file, tmp_path):
    path = copy_store(city_file, tmp_path / city_file.name)
    file = tmp_path / "participants.csv"
    file.write_text("participant_id,institution_id,level,graduation_year\nz1,C1,master,2027\n")
    with db.snapshot():
        before = db.run("placement_years", {}, path)
        done = threading.Event()

        def write() -> None:
            importer.import_files([file], path)
            done.set()

        threading.Thread(target=write).start()
        assert done.wait(30)
        assert db.run("placement_years", {}, path).equals(before)
        with db.reading(path) as con:
            assert con.execute("select count(*) from participants").fetchone() == (7,)
    with db.reading(path) as con:
        assert con.execute("select count(*) from participants").fetchone() == (8,)


def big_files(folder: Path) -> list[Path]:
    """A million new participants, each with a 2025 placement at a new employer E9."""
    folder.mkdir()
    with duckdb.connect() as con:
        con.execute(
            "copy (select 'E9' as employer_id, 'Новый завод' as name, 'Energy' as sector)"
            " to $p (header, delimiter ';')",
            {"p": str(folder / "employers.csv")},
        )
        con.execute(
            "copy (select 'n' || i as participant_id, 'C1' as institution_id, 'bachelor' as level,"
            " 2026 as graduation_year from range($n) t(i)) to $p (header, delimiter ';')",
            {"p": str(folder / "participants.csv"), "n": BIG},
        )
        con.execute(
            "copy (select 'np' || i as placement_id, 'n' || i as participant_id, 'E9' as employer_id,"
            " '01.05.2025' as start_date, '30.06.2025' as end_date, 'completed' as status"
            " from range($n) t(i)) to $p (header, delimiter ';')",
            {"p": str(folder / "placements.csv"), "n": BIG},
        )
    return sorted(folder.iterdir())


@pytest.mark.slow
def test_pages_keep_rendering_during_a_million_row_import_and_never_mix_versions(
    city_file, tmp_path, monkeypatch, accounts_file
):
    path = copy_store(city_file, tmp_path / city_file.name)
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    files = big_files(tmp_path / "big")
    writer = subprocess.Popen(
        [sys.executable, "-m", "workforce", "import", *map(str, files), "--db", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen = []
    while True:
        running = writer.poll() is None
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        app.session_state[ui.SESSION_KEY] = accounts.Session.start(ADMIN)
        app.query_params["lang"] = "en"
        app.run()
        app.switch_page("app_pages/overview.py").run()
        assert not app.exception, app.exception
        assert not app.error, [e.value for e in app.error]
        participants, employers = trend_totals(app)
        seen.append((participants, employers))
        if not running:
            break
    assert writer.returncode == 0, writer.stderr.read().decode()
    assert set(seen) <= {(5, 3), (5 + BIG, 4)}, seen
    assert seen[-1] == (5 + BIG, 4)
    assert len(seen) >= 2


def trend_totals(app: AppTest) -> tuple[int, int]:
    """Participants and employers of 2025 as the Overview's first two headline figures show them."""

    def number(text: str) -> int:
        return int("".join(ch for ch in text if ch.isdigit()))

    shown = {m.label: m.value for m in app.metric}
    return number(shown["Participants"]), number(shown["Employers"])
