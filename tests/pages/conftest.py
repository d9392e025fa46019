"""The page tests' own fixtures: the town (tests/fixtures/town.py) as the store, and copied links."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ADMIN, DASHBOARD
from tests.fixtures.town import AS_OF, build_town
from workforce import ui
from workforce.store import accounts, db


@pytest.fixture(scope="session")
def town_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_town(tmp_path_factory.mktemp("town") / "town")


@pytest.fixture
def town(town_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The town as the dashboard's database, seen on AS_OF (2026-01-01)."""
    monkeypatch.setenv("WORKFORCE_DB", str(town_file))
    monkeypatch.setattr(db, "today", lambda: AS_OF)
    return town_file


@pytest.fixture
def open_link(town: Path, accounts_file: Path) -> Callable[..., AppTest]:
    """Open a copied link straight on a page, signed in as an admin: ``open_link("app_pages/cohorts.py")``."""

    def run(page: str, **query: str) -> AppTest:
        app = AppTest.from_file(str(DASHBOARD), default_timeout=30)
        app.session_state[ui.SESSION_KEY] = accounts.Session.start(ADMIN)
        for name, value in query.items():
            app.query_params[name] = value
        app.switch_page(page)
        return app.run()

    return run
