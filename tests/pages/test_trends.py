"""The City trends page (AppTest): splits by program, sector and district, and agreements."""

import pytest

from tests.pages.helpers import TRENDS, alert_texts, chart, table
from workforce import i18n
from workforce.store import accounts

CITY = accounts.Account("city", "City official", "city")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_trends_split_participants_by_program_sector_and_district(city_database, open_page, lang):
    app = open_page(TRENDS, lang=lang)
    assert not app.exception
    assert app.title[0].value == i18n.t("trends.title", lang)
    program = i18n.t("columns.program", lang)
    by_program = table(app, program)
    p1 = by_program[
        (by_program[i18n.t("columns.year", lang)] == 2025) & (by_program[program] == "Техностажировка")
    ]
    assert p1[i18n.t("columns.participants", lang)].tolist() == [3]
    # A column with empty cells is shown as formatted text (growth of a first year is empty).
    assert p1[i18n.t("columns.growth", lang)].tolist() == [i18n.signed_percent(0.5, lang, 1)]
    by_district = table(app, i18n.t("columns.district", lang))
    assert i18n.t("common.no_district", lang) in set(by_district[i18n.t("columns.district", lang)])


def test_trends_show_whether_an_agreement_delivers(city_database, open_page):
    app = open_page(TRENDS, lang="en")
    delivery = table(app, "Outcome")
    assert delivery.to_dict("records") == [
        {
            "Signed": delivery["Signed"][0],
            "Institution": "Ступинский техникум",
            "Employer": "Завод",
            "Field": "—",
            "Promises": "employment",
            "Placements before": 1,
            "Placements after": 2,
            "Hires before": 0,
            "Hires after": 1,
            "Outcome": "▲ more than before",
            "Promise broken": False,
        }
    ]
    assert app.selectbox(key="trends_agreement").value == "AG1"


def test_trends_of_an_empty_selection_say_what_to_change(city_database, open_page):
    app = open_page(TRENDS, institution="C2", district="Зеленоград")
    assert not app.exception
    assert "Измените фильтры" in alert_texts(app)
    assert not app.dataframe


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_district_map_shows_the_years_split_on_tiles(city_database, open_page, lang):
    """2025 (the last full year on 2026-03-01): Зеленоград 2 on its tile; Ступино (a town of the region)
    and the employer without a district are listed under the map."""
    app = open_page(TRENDS, lang=lang)
    assert not app.exception
    assert i18n.t("trends.map_title", lang, year=2025) in [s.value for s in app.subheader]
    figure = chart(app, "trends_district_map")
    points = figure["data"][0]
    zelenograd = points["customdata"].index("Зеленоград")
    assert points["text"][zelenograd] == "Зелен<br><b>2</b>"
    assert points["hovertext"][zelenograd].endswith(f"{i18n.t('trends.map_state.shown', lang)}: 2")
    assert i18n.t(
        "trends.map_off", lang, rows=f"Ступино 2, {i18n.t('trends.map_no_district', lang)} 1"
    ) in alert_texts(app)


def test_a_city_official_sees_the_map_under_disclosure_control(city_database, open_page):
    app = open_page(TRENDS, lang="en", account=CITY)
    assert not app.exception
    points = chart(app, "trends_district_map")["data"][0]
    assert points["text"][points["customdata"].index("Зеленоград")] == "Зелен<br><b><5</b>"
    assert "Not on the map: Ступино <5, employer's district not given <5." in alert_texts(app)


def test_another_year_of_the_map_is_one_click_away(city_database, open_page):
    app = open_page(TRENDS, lang="en")
    app.session_state["trends_map_year"] = 2024
    app.run()
    assert "Participants by employer's district on the map, 2024" in [s.value for s in app.subheader]
    points = chart(app, "trends_district_map")["data"][0]
    assert points["text"][points["customdata"].index("Зеленоград")] == "Зелен<br><b>2</b>"
    assert "Not on the map: Ступино 1." in alert_texts(app)


def test_a_click_on_a_district_chooses_it_in_the_filters(city_database, open_page):
    """The map's selection event, as the browser sends it, sets the district filter (the browser test
    clicks for real)."""
    from workforce.ui import districts as district_map

    app = open_page(TRENDS, lang="en")
    app.session_state[district_map.MAP_KEY] = {"selection": {"points": [{"customdata": "Зеленоград"}]}}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(district_map.st, "session_state", app.session_state)
        district_map._clicked_district()
    app.run()
    assert app.selectbox(key="filter_district").value == "Зеленоград"
