"""Who may sign in, what each role may open, and small counts hidden from readers who do not own them.

The small city of conftest.build_city (seen on 2026-03-01) has small counts
everywhere: 5 participants in 2025, 3 employers, 2 hires from an internship;
employer E2 had 2 interns in 2025 (s1, s4).
"""

import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ADMIN, NOBODY, ROOT
from tests.fixtures.factory import build, d
from workforce import ui
from workforce.store import accounts, db

OVERVIEW = "app_pages/overview.py"
EMPLOYERS = "app_pages/employers.py"
COHORTS = "app_pages/cohorts.py"
DATA = "app_pages/data.py"
CITY = accounts.Account("test-city", "Test city official", "city")
COLLEGE = accounts.Account("test-college", "Test college", "institution", institution_id="C1")
COMPANY = accounts.Account("test-company", "Test company", "employer", employer_id="E2")
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 with small parameters, so sign-in tests run fast."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def shown(app) -> dict[str, str]:
    """Every st.metric: label -> value."""
    return {m.label: m.value for m in app.metric}


def everything(app) -> str:
    """The text of every alert, caption and markdown, for 'does it say X' checks."""
    parts = [*app.info, *app.warning, *app.error, *app.success, *app.caption, *app.markdown, *app.title]
    return "\n".join(str(e.value) for e in parts)


def sign_in(app, username: str, password: str):
    app.text_input(key="sign_in_user").input(username)
    app.text_input(key="sign_in_password").input(password)
    return app.button(key="sign_in_button").click().run()


def test_without_a_session_only_the_sign_in_form_shows(city_database, open_page):
    app = open_page(account=NOBODY, lang="en")
    assert not app.exception
    assert app.title[0].value == "Sign in"
    assert not app.metric
    assert [b.key for b in app.button if b.key == "sign_out"] == []


def test_signing_in_with_the_right_password_opens_the_dashboard_and_signing_out_closes_it(
    city_database, accounts_file, open_page
):
    accounts.add_account("ivanova", PASSWORD, "city", name="Иванова А. П.")
    app = sign_in(open_page(account=NOBODY, lang="en"), "Ivanova", PASSWORD)
    assert not app.exception
    assert app.title[0].value == "Overview"
    assert "Иванова А. П." in everything(app) and "city official" in everything(app)
    app.button(key="sign_out").click().run()
    assert app.title[0].value == "Sign in"
    assert not app.metric


def test_a_wrong_password_is_refused_with_a_message(city_database, accounts_file, open_page):
    accounts.add_account("ivanova", PASSWORD, "city")
    app = sign_in(open_page(account=NOBODY, lang="en"), "ivanova", "not the password")
    assert app.title[0].value == "Sign in"
    assert "Wrong username or password" in app.error[0].value
    assert not app.metric


def test_a_locked_account_is_refused_even_with_the_right_password_and_told_to_wait(
    city_database, accounts_file, open_page
):
    accounts.add_account("ivanova", PASSWORD, "city")
    for _ in range(accounts.LOCK_AFTER + 3):  # locked for 8 seconds
        assert accounts.authenticate("ivanova", "wrong") is None
    app = sign_in(open_page(account=NOBODY, lang="ru"), "ivanova", PASSWORD)
    assert app.title[0].value == "Вход"
    assert "подождите" in app.error[0].value


def test_an_expired_session_signs_out_with_a_message(city_database, open_page):
    app = open_page(account=NOBODY, lang="en")
    long_ago = time.time() - 25 * 3600
    app.session_state[ui.SESSION_KEY] = accounts.Session.start(CITY, now=long_ago)
    app.run()
    assert app.title[0].value == "Sign in"
    assert "expired" in app.error[0].value


def test_demo_mode_lists_the_demo_accounts_and_they_sign_in(
    city_database, accounts_file, open_page, monkeypatch
):
    monkeypatch.setenv("WORKFORCE_DEMO", "1")
    app = open_page(account=NOBODY, lang="en")
    assert "Demo accounts (demo data only)" in [s.value for s in app.subheader]
    listed = app.dataframe[0].value
    assert list(listed["Username"]) == ["demo-admin", "demo-city", "demo-college", "demo-company"]
    assert list(listed["Password"]) == list(listed["Username"])
    app = sign_in(app, "demo-city", "demo-city")
    assert app.title[0].value == "Overview"


def test_demo_accounts_do_not_sign_in_without_demo_mode(city_database, accounts_file, open_page):
    accounts.ensure_demo_accounts(demo=True)
    app = sign_in(open_page(account=NOBODY, lang="en"), "demo-admin", "demo-admin")
    assert app.title[0].value == "Sign in"


@pytest.mark.parametrize("account", [CITY, COLLEGE, COMPANY])
def test_only_an_admin_has_the_data_page_in_the_navigation(city_database, open_page, account):
    app = open_page(account=account, lang="en")
    assert not app.exception
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page(DATA)


def test_an_admin_reaches_the_data_page(city_database, open_page):
    app = open_page(DATA, account=ADMIN, lang="en")
    assert "Data" in [t.value for t in app.title]


def test_the_data_page_refuses_a_non_admin_who_runs_it_directly(city_database, accounts_file):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / DATA), default_timeout=30)
    app.session_state[ui.SESSION_KEY] = accounts.Session.start(CITY)
    app.query_params["lang"] = "en"
    app.run()
    assert "only for administrators" in app.error[0].value
    assert not app.get("file_uploader")
    nobody = AppTest.from_file(str(ROOT / DATA), default_timeout=30).run()
    assert "только администраторам" in nobody.error[0].value
    assert not nobody.get("file_uploader")


def test_a_city_official_sees_small_counts_as_fewer_than_5_on_the_overview(
    city_database, open_page, downloads
):
    owner = shown(open_page(OVERVIEW, account=ADMIN, lang="en"))
    assert owner["Participants"] == "5" and owner["Employers"] == "3"
    assert owner["Hired after an internship"] == "2" if "Hired after an internship" in owner else True
    downloads.clear()
    app = open_page(OVERVIEW, account=CITY, lang="en")
    assert not app.exception
    city = shown(app)
    assert city["Participants"] == "5"
    assert city["Employers"] == "<5"
    small = [label for label, value in city.items() if value == "<5"]
    assert len(small) >= 3, city
    assert "hidden for privacy" in everything(app)
    csv = downloads["overview_by_program_csv"].decode("utf-8-sig").splitlines()
    assert csv[0].startswith("Year,")
    assert any(",<5," in line or line.endswith(",<5") for line in csv[1:]), csv
    assert not any(",P1,Technointernship,3," in line for line in csv), csv


def test_the_owner_sees_the_numbers_on_the_overview_download(city_database, open_page, downloads):
    open_page(OVERVIEW, account=ADMIN, lang="en")
    csv = downloads["overview_by_program_csv"].decode("utf-8-sig")
    assert "<5" not in csv


def test_a_city_official_sees_fewer_than_5_on_the_employers_page(city_database, open_page, downloads):
    app = open_page(EMPLOYERS, account=CITY, lang="en")
    app.selectbox(key="employers_employer").select("E2").run()
    assert not app.exception
    assert shown(app)["Interns, 2025"] == "<5"
    years = downloads["employers_years_csv"].decode("utf-8-sig")
    assert "<5" in years
    table = next(f.value for f in app.dataframe if "Year" in f.value.columns)
    assert "<5" in set(table.astype(str).to_numpy().ravel())


def test_an_employer_sees_its_own_numbers_and_cannot_pick_another(city_database, open_page, downloads):
    app = open_page(EMPLOYERS, account=COMPANY, lang="en")
    assert not app.exception
    picker = app.selectbox(key="employers_employer")
    assert picker.options == ["Фабрика чипов"] and picker.value == "E2"
    assert shown(app)["Interns, 2025"] == "2"
    assert "<5" not in downloads["employers_years_csv"].decode("utf-8-sig")


def test_a_college_sees_only_its_own_cohorts_exactly(city_database, open_page, downloads):
    app = open_page(COHORTS, account=COLLEGE, lang="en")
    assert not app.exception
    picker = app.selectbox(key="cohorts_institution")
    assert picker.options == ["Колледж Зеленограда"] and picker.value == "C1"
    own = downloads["cohorts_table_csv"].decode("utf-8-sig").splitlines()
    assert own[1].split(",")[2] != "<5", own


def test_a_city_official_sees_fewer_than_5_on_the_cohorts_page(city_database, open_page, downloads):
    admin = open_page(COHORTS, account=ADMIN, lang="en")
    exact = downloads["cohorts_table_csv"].decode("utf-8-sig")
    assert "<5" not in exact
    downloads.clear()
    app = open_page(COHORTS, account=CITY, lang="en")
    assert not app.exception
    assert (
        admin.selectbox(key="cohorts_institution").options == app.selectbox(key="cohorts_institution").options
    )
    assert "<5" in downloads["cohorts_table_csv"].decode("utf-8-sig")
    table = next(
        f.value for f in app.dataframe if "Cohort size" in f.value.columns or len(f.value.columns) > 5
    )
    assert "<5" in set(table.astype(str).to_numpy().ravel())


@pytest.fixture
def script_database(tmp_path: Path, monkeypatch) -> Path:
    """One employer whose name is an HTML script, with one intern."""
    path = build(
        tmp_path / "script.duckdb",
        institutions=[{"institution_id": "C1", "name": "<b>College</b>"}],
        employers=[{"employer_id": "X", "name": "<script>alert(1)</script>", "sector": "<i>IT</i>"}],
        programs=[{"program_id": "P", "name": "<img src=x onerror=alert(1)>"}],
        participants=[{"participant_id": "s1", "institution_id": "C1"}],
        placements=[
            {"placement_id": "p1", "participant_id": "s1", "employer_id": "X", "program_id": "P",
             "start_date": d("2025-06-01"), "end_date": d("2025-08-31"), "status": "completed"},
        ],
    )  # fmt: skip
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: d("2026-03-01"))
    return path


def test_html_in_a_name_is_shown_as_text(script_database, open_page):
    app = open_page(EMPLOYERS, lang="en")
    assert not app.exception
    picker = app.selectbox(key="employers_employer")
    assert picker.options == ["<script>alert(1)</script>"]
    for element in [*app.markdown, *app.caption]:
        assert not element.proto.allow_html if hasattr(element.proto, "allow_html") else True


def test_no_page_allows_unsafe_html():
    found = subprocess.run(
        ["grep", "-rn", "unsafe_allow_html", "dashboard.py", "pages", "workforce"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.stdout == ""


INJECTION = "' or 1=1 --"


@pytest.mark.parametrize(
    "name", ["program", "institution", "employer", "sector", "district", "year_from", "year_to", "lang"]
)
def test_sql_in_a_url_parameter_is_ignored_with_a_warning(city_database, open_page, name):
    exact = shown(open_page(OVERVIEW, lang="en"))
    query = {"lang": "en", name: INJECTION} if name != "lang" else {"lang": INJECTION}
    app = open_page(OVERVIEW, **query)
    assert not app.exception
    assert any(INJECTION in w.value for w in app.warning)
    if name != "lang":
        assert shown(app) == exact


@pytest.mark.parametrize("account", [CITY, COLLEGE, COMPANY])
@pytest.mark.parametrize(
    "page",
    [
        "app_pages/overview.py",
        "app_pages/trends.py",
        COHORTS,
        EMPLOYERS,
        "app_pages/pipeline.py",
        "app_pages/figures.py",
    ],
)
def test_every_page_opens_for_every_reader(city_database, open_page, downloads, page, account):
    app = open_page(page, account=account, lang="en")
    assert not app.exception, app.exception
    everything_downloaded = b"".join(v for k, v in downloads.items() if k.endswith("_csv"))
    if account is CITY and page != "app_pages/figures.py":
        assert b"<5" in everything_downloaded or "<5" in [m.value for m in app.metric], page


def test_a_city_official_sees_the_sector_comparison_suppressed_not_missing(
    city_database, open_page, downloads
):
    app = open_page(EMPLOYERS, account=CITY, lang="en")
    app.selectbox(key="employers_employer").select("E2").run()
    table = next(f.value for f in app.dataframe if "Sector median" in f.value.columns)
    assert "<5" in set(table["Company"])
    hidden = table["Company"] == "<5"  # its interval and its verdict go with it
    assert set(table.loc[hidden, "95% interval"]) == {"<5"} and set(
        table.loc[hidden, "Against the median"]
    ) == {"<5"}
    assert "<5" in downloads[
        next(k for k in downloads if k.startswith("employers_sector_chart") and k.endswith("_csv"))
    ].decode("utf-8-sig")


def test_demo_mode_lists_no_demo_accounts_when_real_ones_came_first(
    city_database, accounts_file, open_page, monkeypatch
):
    accounts.add_account("ivanova", PASSWORD, "city")
    monkeypatch.setenv("WORKFORCE_DEMO", "1")
    app = open_page(account=NOBODY, lang="en")
    assert "Demo accounts (demo data only)" not in [s.value for s in app.subheader]
    assert sign_in(app, "demo-admin", "demo-admin").title[0].value == "Sign in"


def test_sql_in_the_username_is_just_a_wrong_username(city_database, accounts_file, open_page):
    accounts.add_account("ivanova", PASSWORD, "city")
    app = sign_in(open_page(account=NOBODY, lang="en"), INJECTION, INJECTION)
    assert not app.exception
    assert app.title[0].value == "Sign in"
    assert "Wrong username or password" in app.error[0].value


def test_a_verdict_on_a_suppressed_count_is_hidden_from_a_city_official(tmp_path, monkeypatch, open_page):
    # three participants in 2024, and a published figure saying exactly 3: "matched" would say 3
    path = build(
        tmp_path / "three.duckdb",
        participants=[{"participant_id": p, "institution_id": "I"} for p in ("a", "b", "c")],
        placements=[
            {"placement_id": f"x{p}", "participant_id": p, "start_date": d("2024-05-01")} for p in "abc"
        ],
        published_figures=[
            {
                "figure_id": "F",
                "metric": "participants",
                "period_start": d("2024-01-01"),
                "period_end": d("2024-12-31"),
                "value": 3,
                "qualifier": "exact",
                "source": "news",
            }
        ],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    column = "Matched"

    def verdicts(app) -> list[str]:
        return next(f.value for f in app.dataframe if column in f.value.columns)[column].tolist()

    admin = open_page("app_pages/figures.py", lang="en")
    assert verdicts(admin) == ["✓ yes"]
    city = open_page("app_pages/figures.py", account=CITY, lang="en")
    assert not city.exception
    assert verdicts(city) == ["— not shown"]
    assert any("Not compared: 1 published figure" in c.value for c in city.caption)
    assert not city.success and not city.error
