"""The Overview, City trends and Published figures pages under AppTest, in both languages.

The small city of conftest.build_city is seen on 2026-03-01, so 2025 is the last
full year: 5 participants (3 in 2024), 3 employers (2), 2 hires from an
internship (1), intern hire rate 2 of 4 (1 of 3), 12-month retention 1 of 1,
median starting salary 80 000 ₽ (80 000 ₽).
"""

import datetime as dt

import pytest

from tests.conftest import build_city
from tests.factory import build, d
from workforce import db, i18n, metrics

OVERVIEW = "pages/overview.py"
TRENDS = "pages/trends.py"
FIGURES = "pages/figures.py"


def shown_metrics(app) -> dict[str, tuple[str, str]]:
    """Every st.metric on the page: label -> (value, delta)."""
    return {m.label: (m.value, m.proto.delta) for m in app.metric}


def texts(app) -> str:
    """All the alert, caption and markdown text of the page, for 'does it say X' checks."""
    parts = [
        e.value for e in [*app.info, *app.warning, *app.error, *app.success, *app.caption, *app.markdown]
    ]
    return "\n".join(str(p) for p in parts)


def table(app, header: str):
    """The first st.dataframe that has a column called ``header``."""
    return next(frame.value for frame in app.dataframe if header in frame.value.columns)


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
    assert "2025 год ещё не закончился" in texts(app)


def test_an_empty_selection_says_what_to_change(city_database, open_page):
    # E3 hosts only s6, whose placement has no program: nothing for P1 at E3.
    app = open_page(OVERVIEW, program="P1", employer="E3")
    assert not app.exception
    assert not app.metric
    said = texts(app)
    assert "нет стажировок" in said
    assert "Измените фильтры" in said


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
    assert "Измените фильтры" in texts(app)
    assert not app.dataframe


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_figures_single_out_the_contradicted_figure(city_database, open_page, lang):
    app = open_page(FIGURES, lang=lang)
    assert not app.exception
    assert "F2" in app.error[0].value or "F2" in texts(app)
    shown = table(app, i18n.t("figures.columns.verdict", lang))
    verdicts = shown[i18n.t("figures.columns.verdict", lang)].tolist()
    assert verdicts == [i18n.t("figures.mark_matched", lang), i18n.t("figures.mark_contradicted", lang)]
    published = shown[i18n.t("figures.columns.published", lang)].tolist()
    assert published == ([("более 2"), "около 40"] if lang == "ru" else ["more than 2", "about 40"])


def test_figures_page_without_figures_says_where_to_add_them(tmp_path, monkeypatch, open_page):
    path = build(
        tmp_path / "plain.duckdb",
        participants=[{"participant_id": "p", "institution_id": "I"}],
        placements=[{"placement_id": "x", "participant_id": "p", "start_date": d("2024-05-01")}],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    app = open_page(FIGURES)
    assert not app.exception
    assert "published_figures" in texts(app)


def test_first_run_without_a_database_builds_the_demo(tmp_path, monkeypatch, open_page):
    target = tmp_path / "new" / "workforce.duckdb"
    monkeypatch.setenv("WORKFORCE_DB", str(target))
    built = []

    def fake_build(path, participants=None, seed=42, replace=False):
        built.append(path)
        return build_city(db.db_path(path))

    monkeypatch.setattr("workforce.demo.build", fake_build)
    app = open_page()
    assert not app.exception
    assert [str(p) for p in built] == [str(target)]
    assert target.exists()
    assert shown_metrics(app)


def test_a_demo_that_cannot_be_built_leaves_a_message_not_a_traceback(tmp_path, monkeypatch, open_page):
    monkeypatch.setenv("WORKFORCE_DB", str(tmp_path / "missing.duckdb"))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("workforce.demo.build", broken)
    app = open_page()
    assert not app.exception
    said = texts(app)
    assert "OSError" in said
    assert "python -m workforce demo" in said


def test_an_empty_database_asks_for_an_import(tmp_path, monkeypatch, open_page):
    monkeypatch.setenv("WORKFORCE_DB", str(build(tmp_path / "empty.duckdb")))
    app = open_page(lang="en")
    assert not app.exception
    assert "no placements yet" in texts(app)


def test_a_file_that_is_not_a_database_gives_a_message(tmp_path, monkeypatch, open_page):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("WORKFORCE_DB", str(junk))
    app = open_page(TRENDS)
    assert not app.exception
    assert "Не удалось прочитать базу данных" in texts(app)
