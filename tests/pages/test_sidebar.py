"""The sidebar filters (AppTest): kept in the link, checked, and the same on every page."""

import pytest

from tests.pages.helpers import OVERVIEW, TRENDS, metric_values, shown_metrics


@pytest.mark.parametrize(
    ("query", "warned"),
    [
        ({"program": "NOPE"}, "«NOPE»"),  # an id that is not in the database
        ({"institution": "'; drop table placements; --"}, "drop table"),  # text is only ever compared
        ({"year_from": "1900"}, "«1900»"),  # a year outside the data
        ({"year_to": "abc"}, "«abc»"),  # not a year at all
        ({"year_from": "2025", "year_to": "2024"}, "2025–2024"),  # a period that ends before it starts
        ({"lang": "de"}, "«de»"),  # a language we do not speak
    ],
)
def test_a_bad_value_in_the_link_is_dropped_with_a_warning(city_database, open_page, query, warned):
    app = open_page(OVERVIEW, **query)
    assert not app.exception
    assert any(warned in w.value for w in app.warning)
    assert shown_metrics(app)["Участники"][0] == "5"


def test_a_copied_link_restores_every_filter(city_database, open_page):
    app = open_page(TRENDS, lang="en", program="P1", sector="Microelectronics", year_from="2025")
    assert not app.exception
    assert app.selectbox(key="filter_program").value == "P1"
    assert app.selectbox(key="filter_sector").value == "Microelectronics"
    assert app.slider(key="filter_period").value == (2025, 2025)
    assert not app.warning
    assert app.query_params["year_from"] == "2025"


def test_filters_survive_a_page_switch(city_database, open_page):
    app = open_page(OVERVIEW)
    app.selectbox(key="filter_institution").set_value("C2").run()
    app.switch_page(TRENDS).run()
    assert not app.exception
    assert app.selectbox(key="filter_institution").value == "C2"
    assert app.query_params["institution"] == "C2"


def test_filters_from_a_link_survive_the_switch_to_another_page(town, open_page):
    app = open_page("app_pages/employers.py", sector="Microelectronics", year_from="2023")
    assert app.selectbox(key="employers_employer").options == ["Микрон Три"]
    app.switch_page("app_pages/pipeline.py").run()
    # Only pl7 (E3, ends 2024) is completed in microelectronics from 2023 on.
    assert metric_values(app)["Завершённых стажировок"] == "1"
