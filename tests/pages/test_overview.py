"""The Overview page (AppTest): the last full year's headline figures and participants per year."""

import datetime as dt

from tests.pages.helpers import OVERVIEW, alert_texts, shown_metrics
from workforce import i18n
from workforce.analysis import metrics
from workforce.store import db


def test_overview_shows_the_last_full_year_of_the_city_in_russian(city_database, open_page):
    app = open_page(OVERVIEW)
    assert not app.exception
    assert app.title[0].value == "Обзор"
    assert app.subheader[0].value == "Итоги 2025 года"
    shown = shown_metrics(app)
    assert shown["Участники"] == ("5", "+2 (+67\u00a0%)")
    assert shown["Работодатели"] == ("3", "+1 (+50\u00a0%)")
    assert shown["Трудоустроены после стажировки"] == ("2", "+1 (+100\u00a0%)")
    assert shown["Доля трудоустроенных стажёров"] == ("50,0\u00a0%", "+16,7\u00a0п. п.")
    assert shown["Удержание 12 месяцев"][0] == "100,0\u00a0%"
    assert shown["Медианная стартовая зарплата"] == ("80\u00a0000\u00a0₽", "0\u00a0₽")


def test_overview_numbers_equal_the_metrics_report_in_english(city_database, open_page):
    app = open_page(OVERVIEW, lang="en")
    report = metrics.report(dt.date(2025, 12, 31))
    year = next(row for row in report["by_year"] if row["year"] == 2025)
    shown = shown_metrics(app)
    assert app.title[0].value == "Overview"
    assert shown["Participants"][0] == i18n.integer(year["participants"], "en") == "5"
    assert shown["Employers"][0] == i18n.integer(year["employers"], "en") == "3"
    assert shown["Intern hire rate"][0] == i18n.percent(year["intern_hire_rate"]["value"], "en", 1) == "50.0%"
    assert shown["12-month retention"][0] == i18n.percent(report["retention_12m"]["value"], "en", 1)
    assert shown["Median starting salary"][0] == i18n.money(year["median_salary"], "en") == "₽80,000"


def test_overview_follows_the_program_filter(city_database, open_page):
    app = open_page(OVERVIEW)
    app.selectbox(key="filter_program").set_value("P1").run()
    assert not app.exception
    assert app.query_params["program"] == "P1"
    # P1 in 2025: s1, s4, s7 at E2 and E1; in 2024: s1, s2 at E2.
    rows = {r["year"]: r for r in metrics.report(dt.date(2025, 12, 31), program="P1")["by_year"]}
    shown = shown_metrics(app)
    assert shown["Участники"] == (str(rows[2025]["participants"]), "+1 (+50\u00a0%)")
    assert shown["Работодатели"][0] == str(rows[2025]["employers"]) == "2"


def test_overview_of_the_mini_sample_shows_four_participants_and_three_employers_in_2024(
    mini_database, open_page, monkeypatch
):
    monkeypatch.setattr(db, "today", lambda: dt.date(2025, 6, 30))
    app = open_page(OVERVIEW, lang="en")
    year = next(r for r in metrics.report(dt.date(2025, 6, 30))["by_year"] if r["year"] == 2024)
    shown = shown_metrics(app)
    assert app.subheader[0].value == "2024 in figures"
    assert shown["Participants"] == (str(year["participants"]), "+1 (+33%)") == ("4", "+1 (+33%)")
    assert shown["Employers"][0] == str(year["employers"]) == "3"


def test_a_year_in_progress_is_marked_partial(city_database, open_page, monkeypatch):
    monkeypatch.setattr(db, "today", lambda: dt.date(2025, 11, 1))
    app = open_page(OVERVIEW)
    assert app.subheader[0].value == "Итоги 2024 года"
    assert "2025 год ещё не закончился" in alert_texts(app)


def test_an_empty_selection_says_what_to_change(city_database, open_page):
    # E3 hosts only s6, whose placement has no program: nothing for P1 at E3.
    app = open_page(OVERVIEW, program="P1", employer="E3")
    assert not app.exception
    assert not app.metric
    said = alert_texts(app)
    assert "нет стажировок" in said
    assert "Измените фильтры" in said
