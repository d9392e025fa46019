"""Bound accounts open the detail pages on their own institution or employer; the city pages stay the city's.

The small city of conftest.build_city (seen on 2026-03-01): college C1, employer
E2 "Фабрика чипов" (Microelectronics, Зеленоград) with 2 interns in 2025.
"""

import pytest

from tests.conftest import ADMIN
from workforce import ui
from workforce.store import accounts

COHORTS = "app_pages/cohorts.py"
EMPLOYERS = "app_pages/employers.py"
COLLEGE = accounts.Account("test-college", "Test college", "institution", institution_id="C1")
COMPANY = accounts.Account("test-company", "Test company", "employer", employer_id="E2")


def test_a_college_opens_the_cohorts_page_on_its_own_institution(city_database, open_page):
    app = open_page(COHORTS, account=COLLEGE, lang="en")
    assert not app.exception
    assert app.selectbox(key="cohorts_institution").value == "C1"


def test_a_company_opens_the_employers_page_on_its_own_employer(city_database, open_page):
    app = open_page(EMPLOYERS, account=COMPANY, lang="en")
    assert not app.exception
    assert app.selectbox(key="employers_employer").value == "E2"
    assert {m.label: m.value for m in app.metric}["Interns, 2025"] == "2"  # its own, exact


def test_a_link_to_another_institution_still_opens_a_college_on_its_own(city_database, open_page):
    app = open_page(COHORTS, account=COLLEGE, lang="en", institution="C2")
    assert not app.exception
    assert app.selectbox(key="cohorts_institution").options == ["Колледж Зеленограда"]
    assert app.selectbox(key="cohorts_institution").value == "C1"


def test_a_companys_link_keeps_its_other_filters(city_database, open_page):
    app = open_page(EMPLOYERS, account=COMPANY, lang="en", sector="Microelectronics", year_from="2025")
    assert not app.exception
    assert app.selectbox(key="employers_employer").value == "E2"
    assert app.query_params["sector"] == "Microelectronics" and app.query_params["year_from"] == "2025"
    assert app.slider(key=ui.PERIOD_KEY).value == (2025, 2025)


def test_a_filter_that_leaves_out_the_companys_own_employer_says_to_reset_it(city_database, open_page):
    app = open_page(EMPLOYERS, account=COMPANY, lang="en", sector="Metallurgy")
    assert not app.exception
    assert "reset" in app.info[0].value
    assert not app.metric


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/trends.py", "app_pages/pipeline.py"])
@pytest.mark.parametrize("account", [COLLEGE, COMPANY])
def test_the_city_pages_open_on_the_whole_city_for_a_bound_account(city_database, open_page, page, account):
    app = open_page(page, account=account, lang="en")
    assert not app.exception
    assert app.selectbox(key=ui.widget_key("institution")).value is None
    assert app.selectbox(key=ui.widget_key("employer")).value is None
    assert "institution" not in app.query_params and "employer" not in app.query_params


def test_an_administrators_link_to_an_employer_opens_that_employer(city_database, open_page):
    app = open_page(EMPLOYERS, account=ADMIN, lang="en", employer="E1")
    assert app.selectbox(key="employers_employer").value == "E1"


def test_a_college_may_pick_any_employer_on_the_employers_page(city_database, open_page):
    app = open_page(EMPLOYERS, account=COLLEGE, lang="en")
    assert not app.exception
    assert len(app.selectbox(key="employers_employer").options) == 3
