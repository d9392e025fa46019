"""Shared fixtures: small databases, the dashboard under AppTest, and caches cleared between tests."""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fixtures import postgres
from tests.fixtures.factory import MINI, build, d
from workforce import i18n, ui
from workforce.store import accounts, db, importer

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True, scope="session")
def read_copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The lakes' read copies (docs/deployment.md) in the session's own folder, not the system's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKFORCE_READ_COPIES", str(tmp_path_factory.mktemp("read-copies")))
        yield


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """A throwaway PostgreSQL on loopback (tests/fixtures/postgres.py); CI must have Debian's postgresql."""
    if postgres.binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; test.sh installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed here (Debian: apt-get install postgresql)")
    with postgres.cluster() as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Every test starts and ends with empty Streamlit caches, query cache and connections."""
    st.cache_data.clear()
    st.cache_resource.clear()
    db.clear_cache()
    i18n.reload()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    db.clear_cache()


@pytest.fixture(scope="session")
def mini_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contract's worked example (../shared/samples/mini) imported once."""
    if not MINI.exists():
        pytest.skip(f"the contract's worked example is not at {MINI}")
    path = tmp_path_factory.mktemp("mini") / "mini"
    importer.import_files([MINI], path)
    db.clear_cache()
    return path


@pytest.fixture
def mini_database(mini_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The worked example as the dashboard's database (WORKFORCE_DB)."""
    monkeypatch.setenv("WORKFORCE_DB", str(mini_file))
    return mini_file


def build_city(path: Path) -> Path:
    """A small city whose figures can be checked by hand.

    Programs P1 "Техностажировка" and P2 "Практика"; colleges C1 (Зеленоград) and
    C2 (Ступино); employers E1 (Metallurgy, Ступино), E2 (Microelectronics,
    Зеленоград), E3 (Pharmaceuticals, no district).
    2024: s1 P1@E2, s2 P1@E2, s3 P2@E1 -> 3 participants, 2 employers.
    2025: s1 P1@E2 (again), s4 P1@E2, s5 P2@E1, s6 no program @E3, s7 P1@E1
          -> 5 participants, 3 employers; P1 has 3 (s1 s4 s7), growth 3/2 - 1 = 50%.
    Hires, all from an internship: s2 by E2 on 2024-09-01 (pl2), 80 000 ₽; s4 by E2
    on 2025-09-01 (pl5), 90 000 ₽; s5 by E1 on 2025-10-01 (pl6), 70 000 ₽.
    Intern hire rate: 2024 1 of 3 completers (s1 s2 s3); 2025 2 of 4 (s1 s4 s5 s6).
    Agreement AG1: C2 with E1, signed 2025-01-15, promises guaranteed employment;
    the year before: 1 placement (pl3), no hire; the year after: 2 placements
    (pl6 pl8) and 1 hire (h3).
    Figures: F1 "more than 2" participants of P1 in 2025 (data: 3, matched);
             F2 "about 40" participants in 2025 (data: 5, contradicted).
    """
    placement = {"status": "completed"}
    return build(
        path,
        institutions=[
            {"institution_id": "C1", "name": "Колледж Зеленограда", "district": "Зеленоград"},
            {"institution_id": "C2", "name": "Ступинский техникум", "kind": "technical_school"},
        ],
        employers=[
            {"employer_id": "E1", "name": "Завод", "sector": "Metallurgy", "district": "Ступино"},
            {"employer_id": "E2", "name": "Фабрика чипов", "sector": "Microelectronics",
             "district": "Зеленоград"},
            {"employer_id": "E3", "name": "=Фарма", "sector": "Pharmaceuticals"},
        ],
        programs=[
            {"program_id": "P1", "name": "Техностажировка"},
            {"program_id": "P2", "name": "Практика", "kind": "practice"},
        ],
        participants=[
            {"participant_id": "s1", "institution_id": "C1"},
            {"participant_id": "s2", "institution_id": "C1"},
            {"participant_id": "s3", "institution_id": "C2"},
            {"participant_id": "s4", "institution_id": "C1", "graduation_year": 2025},
            {"participant_id": "s5", "institution_id": "C2", "graduation_year": 2025},
            {"participant_id": "s6", "institution_id": "C2", "graduation_year": 2025},
            {"participant_id": "s7", "institution_id": "C2", "graduation_year": 2026},
        ],
        placements=[
            {**placement, "placement_id": "pl1", "participant_id": "s1", "employer_id": "E2",
             "program_id": "P1", "start_date": d("2024-06-01"), "end_date": d("2024-08-31")},
            {**placement, "placement_id": "pl2", "participant_id": "s2", "employer_id": "E2",
             "program_id": "P1", "start_date": d("2024-06-01"), "end_date": d("2024-08-31")},
            {**placement, "placement_id": "pl3", "participant_id": "s3", "employer_id": "E1",
             "program_id": "P2", "start_date": d("2024-07-01"), "end_date": d("2024-07-31")},
            {**placement, "placement_id": "pl4", "participant_id": "s1", "employer_id": "E2",
             "program_id": "P1", "start_date": d("2025-06-01"), "end_date": d("2025-08-31")},
            {**placement, "placement_id": "pl5", "participant_id": "s4", "employer_id": "E2",
             "program_id": "P1", "start_date": d("2025-06-01"), "end_date": d("2025-08-31")},
            {**placement, "placement_id": "pl6", "participant_id": "s5", "employer_id": "E1",
             "program_id": "P2", "start_date": d("2025-06-01"), "end_date": d("2025-08-31")},
            {**placement, "placement_id": "pl7", "participant_id": "s6", "employer_id": "E3",
             "start_date": d("2025-02-01"), "end_date": d("2025-03-31")},
            {"placement_id": "pl8", "participant_id": "s7", "employer_id": "E1", "program_id": "P1",
             "start_date": d("2025-09-01"), "status": "ongoing"},
        ],
        hires=[
            {"hire_id": "h1", "participant_id": "s2", "employer_id": "E2",
             "hire_date": d("2024-09-01"), "monthly_salary": 80000},
            {"hire_id": "h2", "participant_id": "s4", "employer_id": "E2",
             "hire_date": d("2025-09-01"), "monthly_salary": 90000},
            {"hire_id": "h3", "participant_id": "s5", "employer_id": "E1",
             "hire_date": d("2025-10-01"), "monthly_salary": 70000},
        ],
        agreements=[
            {"agreement_id": "AG1", "employer_id": "E1", "institution_id": "C2",
             "signed_on": d("2025-01-15"), "guaranteed_employment": True},
        ],
        published_figures=[
            {"figure_id": "F1", "program_id": "P1", "metric": "participants", "period_start": d("2025-01-01"),
             "period_end": d("2025-12-31"), "value": 2, "qualifier": "more_than",
             "source": "Новости Технополиса", "published_on": d("2025-10-01"),
             "url": "https://example.org/news"},
            {"figure_id": "F2", "metric": "participants", "period_start": d("2025-01-01"),
             "period_end": d("2025-12-31"), "value": 40, "qualifier": "about",
             "source": "Отчёт департамента", "published_on": d("2025-10-15")},
        ],
    )  # fmt: skip


@pytest.fixture(scope="session")
def city_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small city of ``build_city``, built once."""
    return build_city(tmp_path_factory.mktemp("city") / "city")


@pytest.fixture
def city_database(city_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small city as the dashboard's database, seen on TODAY (2026-03-01: 2025 is the last full year)."""
    monkeypatch.setenv("WORKFORCE_DB", str(city_file))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return city_file


ADMIN = accounts.Account("test-admin", "Test administrator", "admin")
NOBODY = None


@pytest.fixture
def accounts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty accounts file of this test's own (WORKFORCE_ACCOUNTS), demo mode off."""
    path = tmp_path / "accounts.sqlite"
    monkeypatch.setenv("WORKFORCE_ACCOUNTS", str(path))
    monkeypatch.delenv("WORKFORCE_DEMO", raising=False)
    return path


@pytest.fixture
def open_page(accounts_file: Path) -> Callable[..., AppTest]:
    """Run the dashboard on one page: ``open_page("app_pages/trends.py", lang="en", program="P1")``.

    Keyword arguments become the URL's query parameters. The first run opens
    the default page (Overview) and reads the URL; other pages are switched to.
    The viewer is signed in as an administrator unless ``account=`` gives another
    ``accounts.Account`` (or ``NOBODY``, None, for the sign-in form).
    """

    def run(page: str | None = None, *, account: accounts.Account | None = ADMIN, **query: str) -> AppTest:
        app = AppTest.from_file(str(DASHBOARD), default_timeout=30)
        if account is not None:
            app.session_state[ui.SESSION_KEY] = accounts.Session.start(account)
        for name, value in query.items():
            app.query_params[name] = value
        app.run()
        if page not in (None, "app_pages/overview.py"):
            app.switch_page(page).run()
        return app

    return run


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every download button's bytes by key, as a click would fetch them."""
    found: dict[str, bytes] = {}
    original = st.download_button

    def record(label, data, *args, key=None, **kwargs):
        found[key] = data() if callable(data) else data
        return original(label, data, *args, key=key, **kwargs)

    monkeypatch.setattr(st, "download_button", record)
    return found


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast argon2id parameters, for tests about accounts rather than the hash (``usefixtures``)."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def bound_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with one institution (MIET-C) and one employer (BINNOPHARM) to bind accounts to."""
    path = build(
        tmp_path / "bound",
        institutions=[{"institution_id": "MIET-C"}],
        employers=[{"employer_id": "BINNOPHARM"}],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    return path
