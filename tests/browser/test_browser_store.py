"""Two dashboard servers on one store whose catalog is in PostgreSQL: an import made on one machine
is seen on both dashboards (each server has its own environment, working folder and read copies)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.test_browser import CHROMIUM, READY, SHOTS, _server, _sign_in, browser  # noqa: F401
from tests.fixtures.factory import MINI

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="no /usr/bin/chromium (Debian's chromium); CI must have it",
    ),
]


def machine(tmp_path: Path, name: str, store: str, shared: Path) -> dict:
    home = tmp_path / name
    home.mkdir()
    return {
        "home": home,
        "settings": {
            "WORKFORCE_LAKE_DATA": str(shared),
            "WORKFORCE_READ_COPIES": str(home / "read-copies"),
        },
        "accounts": home / "accounts.sqlite",
        "store": store,
    }


def import_on(where: dict, folder: Path) -> None:
    env = {**os.environ, **where["settings"], "WORKFORCE_DB": where["store"], "PYTHONPATH": str(ROOT)}
    ran = subprocess.run(
        [sys.executable, "-m", "workforce", "import", str(folder)],
        cwd=where["home"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert ran.returncode == 0, ran.stderr


def participants_2025(tab: object) -> int:
    """The Overview's headline count of participants (the last full year, 2025), as the page shows it."""
    tab.wait_for_selector(READY, timeout=60_000)
    metric = tab.locator("[data-testid=stMetric]").filter(has_text="Participants").first
    return int(
        "".join(ch for ch in metric.locator("[data-testid=stMetricValue]").inner_text() if ch.isdigit())
    )


def batch(tmp_path: Path, tag: str) -> Path:
    """One participant of STT with a placement at CMK in spring 2025."""
    folder = tmp_path / f"batch-{tag}"
    folder.mkdir()
    (folder / "participants.csv").write_text(
        f"participant_id;institution_id;level;graduation_year\n{tag};STT;bachelor;2026\n", encoding="utf-8"
    )
    (folder / "placements.csv").write_text(
        "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"
        f"p-{tag};{tag};CMK;;01.03.2025;30.04.2025;completed\n",
        encoding="utf-8",
    )
    return folder


def test_an_import_on_one_machine_shows_on_both_dashboards(postgres_cluster, browser, tmp_path):  # noqa: F811
    store = "postgres:" + postgres_cluster.create("lake_two_dashboards")
    shared = tmp_path / "shared-data"
    first, second = (
        machine(tmp_path, "machine-a", store, shared),
        machine(tmp_path, "machine-b", store, shared),
    )
    import_on(first, MINI)
    import_on(first, batch(tmp_path, "a1"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    with (
        _server(store, first["accounts"], first["settings"]) as base_a,
        _server(store, second["accounts"], second["settings"]) as base_b,
    ):
        tabs = []
        for base in (base_a, base_b):
            tab = browser.new_page(viewport={"width": 1440, "height": 1000})
            tab.goto(f"{base}/?lang=en", wait_until="domcontentloaded")
            _sign_in(tab)
            tabs.append(tab)
        assert [participants_2025(tab) for tab in tabs] == [1, 1]
        import_on(second, batch(tmp_path, "b1"))  # the other machine writes
        seen = []
        for name, tab in zip(("a", "b"), tabs, strict=True):
            tab.get_by_role("link", name="Overview").first.click()  # a new run of the page
            tab.wait_for_timeout(500)
            seen.append(participants_2025(tab))
            tab.screenshot(path=str(SHOTS / f"two-dashboards-{name}.png"), full_page=True)
            tab.close()
        assert seen == [2, 2]
