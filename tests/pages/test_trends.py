"""The City trends page (AppTest): splits by program, sector and district, and agreements."""

import pytest

from tests.pages.helpers import TRENDS, alert_texts, table
from workforce import i18n


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
