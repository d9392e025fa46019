"""The Pipeline page (AppTest) on the town: outcomes of completed placements and the Sankey diagram."""

import pytest

from tests.pages.helpers import LANGS, assert_all_translated, chart, metric_values, table
from workforce import i18n, ui
from workforce.store import db


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_shows_the_outcomes_of_completed_placements(town, open_page, lang):
    app = open_page("app_pages/pipeline.py", lang=lang)
    assert_all_translated(app)
    shown = metric_values(app)
    # pl1 pl4: hired by the host; pl2 pl5: hired elsewhere; pl7: not hired.
    assert shown[i18n.t("pipeline.completed", lang)] == "5"
    assert shown[i18n.t("pipeline.outcome_short.hired_by_host", lang)] == ui.show(0.4, "rate", lang)
    assert shown[i18n.t("pipeline.outcome_short.hired_elsewhere", lang)] == ui.show(0.4, "rate", lang)
    assert shown[i18n.t("pipeline.outcome_short.not_hired", lang)] == ui.show(0.2, "rate", lang)
    rows = db.run("placement_outcomes", {**db.scope_params(), "year_from": 2022, "year_to": 2024})
    detail = table(app, i18n.t("pipeline.columns.outcome_name", lang))
    assert list(detail[i18n.t("pipeline.columns.placements", lang)]) == list(rows.placements)
    assert list(detail[i18n.t("pipeline.columns.outcome_name", lang)]) == [
        i18n.t(f"pipeline.outcome.{o}", lang) for o in rows.outcome
    ]


def test_pipeline_sankey_links_carry_every_placement_twice(town, open_page):
    app = open_page("app_pages/pipeline.py", lang="en")
    sankey = chart(app, "pipeline_sankey")["data"][0]
    labels = sankey["node"]["label"]
    assert labels == [
        "Колледж Альфа",
        "Техникум Бета",
        "Metallurgy",
        "Microelectronics",
        "Hired by the host",
        "Hired elsewhere",
        "Not hired",
    ]
    # Institution -> sector and sector -> outcome: 5 placements each way.
    assert sum(sankey["link"]["value"]) == 10
    into_outcomes = {}
    for target, value in zip(sankey["link"]["target"], sankey["link"]["value"], strict=True):
        if target >= 4:
            into_outcomes[labels[target]] = into_outcomes.get(labels[target], 0) + value
    assert into_outcomes == {"Hired by the host": 2, "Hired elsewhere": 2, "Not hired": 1}


@pytest.mark.parametrize(
    "query, completed, not_hired",
    [
        ({"sector": "Microelectronics"}, "1", 1.0),  # only pl7
        ({"institution": "A"}, "3", 0.0),  # pl1 pl2 pl4
        ({"year_from": "2024"}, "1", 1.0),  # only pl7 ends in 2024
    ],
)
def test_pipeline_follows_the_filters(town, open_page, query, completed, not_hired):
    app = open_page("app_pages/pipeline.py", lang="en", **query)
    shown = metric_values(app)
    assert shown["Completed placements"] == completed
    assert shown["Not hired"] == ui.show(not_hired, "rate", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_with_no_completed_placement_says_what_to_change(town, open_page, lang):
    # E3 hosts pl6 (ongoing) and pl7 (ends 2024): nothing completed ends in 2022-2023.
    app = open_page("app_pages/pipeline.py", lang=lang, employer="E3", year_to="2023")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("pipeline.empty", lang, start=2022, end=2023) in message
    assert i18n.t("pipeline.hint", lang) in message
    assert not app.get("plotly_chart")


def test_pipeline_survives_a_link_with_bad_values(open_link):
    app = open_link("app_pages/pipeline.py", program="NOPE", year_from="x", year_to="2023", lang="ru")
    assert not app.exception
    assert app.title[0].value == "Конвейер"
    # The bad program is dropped, the good year kept: pl1 pl2 pl4 pl5 end in 2022-2023.
    assert metric_values(app)["Завершённых стажировок"] == "4"
    assert len(app.warning) == 2
