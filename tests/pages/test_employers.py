"""The Employers page (AppTest) on the town: headline figures, years, retention, sources, the sector."""

import math

import pytest

from tests.fixtures.town import AS_OF
from tests.pages.helpers import LANGS, assert_all_translated, chart, metric_values, table
from workforce import i18n, ui
from workforce.analysis import metrics
from workforce.store import db


@pytest.mark.parametrize("lang", LANGS)
def test_employers_page_headline_figures_equal_metrics_report(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang)
    app.selectbox(key="employers_employer").select("E1").run()
    assert_all_translated(app)
    report = metrics.report(AS_OF, employer="E1")
    # E1's placements cover 2022-2023; 2023 is the last year listed: b1 interned, was not hired from it.
    year = next(r for r in report["by_year"] if r["year"] == 2023)
    shown = metric_values(app)
    assert shown[i18n.t("employers.kpi.interns", lang, year=2023)] == ui.show(
        year["participants"], "count", lang
    )
    rate = year["intern_hire_rate"]["value"]
    assert shown[i18n.t("employers.kpi.intern_hire_rate", lang, year=2023)] == ui.show(rate, "rate", lang)
    assert shown[i18n.t("employers.kpi.median_days_to_hire", lang, year=2023)] == i18n.MISSING
    for key in ("retention_6m", "retention_12m"):
        assert shown[i18n.t(f"employers.kpi.{key}", lang)] == ui.show(report[key]["value"], "rate", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_employers_year_table_equals_metrics_by_year(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang, employer="E1")
    expected = metrics.by_year(db.scope_params(employer="E1"))
    shown = table(app, i18n.t("employers.columns.intern_hire_denominator", lang))
    assert list(shown[i18n.t("employers.columns.year", lang)]) == [r["year"] for r in expected]
    assert list(shown[i18n.t("employers.columns.participants", lang)]) == [
        r["participants"] for r in expected
    ]
    assert list(shown[i18n.t("employers.columns.intern_hire_rate", lang)]) == [
        r["intern_hire_rate"]["value"] for r in expected
    ]


def test_employer_picker_follows_the_sidebar_employer_from_the_link(open_link):
    app = open_link("app_pages/employers.py", employer="E1")
    assert app.selectbox(key="employers_employer").value == "E1"


def test_employer_picker_follows_the_sidebar_employer_when_it_changes(town, open_page):
    app = open_page("app_pages/employers.py")
    assert app.selectbox(key="employers_employer").value == "E2"  # the first by name
    app.selectbox(key="filter_employer").select("E3").run()
    assert app.selectbox(key="employers_employer").value == "E3"


def test_employer_picker_offers_only_employers_of_the_chosen_sector(town, open_page):
    app = open_page("app_pages/employers.py", sector="Microelectronics")
    picker = app.selectbox(key="employers_employer")
    assert picker.options == ["Микрон Три"]
    assert picker.value == "E3"


def curve_traces(app, key: str) -> tuple[list[dict], list[dict]]:
    """A curve chart's step lines and its band traces."""
    data = chart(app, key)["data"]
    return [t for t in data if t.get("mode") == "lines+markers"], [
        t for t in data if t.get("fill") == "tonexty"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_retention_curve_on_the_page_is_the_kaplan_meier_curve(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang, employer="E2")
    curve = metrics.retention_curve(db.scope_params(employer="E2"), AS_OF)
    (line,), bands = curve_traces(app, "employers_retention_curve")
    assert line["x"] == list(range(1, 25))
    assert line["line"]["shape"] == "hv"
    assert [round(v, 9) for v in line["y"]] == [round(v, 9) for v in curve.survival]
    # E2: h5 leaves after 40 days (2 at risk), h3 after 376 days (the last one at risk).
    assert line["y"][0] == 1.0 and line["y"][1] == 0.5 and line["y"][12] == 0.0
    # the band: where S is 0.5 (months 2-12), Greenwood's 1/(2*1) on the log(-log) scale
    (band,) = bands
    assert band["x"] == list(range(2, 13))
    assert band["y"][0] == pytest.approx(curve.low[1])
    assert curve.low[1] == pytest.approx(0.5 ** math.exp(1.959964 * math.sqrt(0.5) / math.log(2)))


@pytest.mark.parametrize("lang", LANGS)
def test_time_to_hire_curve_beside_the_city(town, open_page, lang):
    """E2's completed placements and the city's: both step lines, the company's with its band. E2 has
    pl4, hired from it after 10 days: S = 1 at day 0 and 0 from day 30. The city has five: pl4 (10 days)
    and pl1 (30 days) hired, pl2, pl5 and pl7 censored after more than a year: S(30) = 4/5 * 3/4 = 3/5."""
    app = open_page("app_pages/employers.py", lang=lang, employer="E2")
    own = metrics.time_to_hire_curve(db.scope_params(employer="E2"), AS_OF)
    city = metrics.time_to_hire_curve(db.scope_params(), AS_OF)
    lines, _ = curve_traces(app, "employers_time_to_hire")
    assert [t["name"] for t in lines] == ["Завод Два", i18n.t("common.whole_city", lang)]
    assert lines[0]["x"] == list(metrics.TIME_TO_HIRE_DAYS)
    assert lines[0]["y"] == pytest.approx(list(own.not_hired))
    assert lines[1]["y"] == pytest.approx(list(city.not_hired))
    assert lines[1]["line"]["dash"] == "dash"
    assert lines[0]["y"][:3] == [1.0, 0.0, 0.0]
    assert lines[1]["y"][:3] == pytest.approx([1.0, 0.6, 0.6])


@pytest.mark.parametrize("lang", LANGS)
def test_sources_of_interns_and_hires_follow_the_queries(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang, employer="E1")
    by_institution = chart(app, "employers_by_institution")["data"]
    assert by_institution[0]["y"] == ["Колледж Альфа", "Техникум Бета"]
    assert by_institution[0]["x"] == [2, 1]  # interns
    assert by_institution[1]["x"] == [1, 1]  # hires
    by_program = chart(app, "employers_by_program")["data"]
    assert by_program[0]["y"] == ["Практика на заводе"]
    assert by_program[1]["x"] == [1]  # hires from an internship


@pytest.mark.parametrize("lang", LANGS)
def test_sector_comparison_shows_the_employer_beside_the_sector_median(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang, employer="E1")
    shown = table(app, i18n.t("employers.columns.sector_median", lang))
    values = list(shown[i18n.t("employers.columns.value", lang)])
    medians = list(shown[i18n.t("employers.columns.sector_median", lang)])
    # E1: 1 of 3 hired from the placement, 30 days, 2 of 2 kept; medians over E1 and E2: 2/3, 20 days, 0.75.
    assert values == [ui.show(1 / 3, "rate", lang), ui.show(30, "days", lang), ui.show(1.0, "rate", lang)]
    assert medians == [ui.show(2 / 3, "rate", lang), ui.show(20, "days", lang), ui.show(0.75, "rate", lang)]
    assert list(shown[i18n.t("employers.columns.employers", lang)]) == [2, 2, 2]


@pytest.mark.parametrize("lang", LANGS)
def test_employer_with_nothing_in_the_period_says_so_and_what_to_do(town, open_page, lang):
    app = open_page("app_pages/employers.py", lang=lang, employer="E4")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("employers.empty_period", lang, name="Завод Четыре", start=2022, end=2024) in message
    assert i18n.t("common.empty.hint", lang) in message


def test_employers_page_survives_a_link_with_bad_values(open_link):
    app = open_link("app_pages/employers.py", lang="en", employer="NOPE", sector="Nothing", year_from="2099")
    assert not app.exception
    assert app.title[0].value == "Employers"
    assert app.selectbox(key="employers_employer").value == "E2"  # the first by name
    assert len(app.warning) >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_a_city_official_sees_no_curve_point_of_a_small_employer(town, open_page, lang):
    """E2 has two hires and one completed placement: under the default policy no point of its curves can
    be shown, so the page says so instead of an empty chart, and draws the city's time to hire alone."""
    from tests.pages.test_access import CITY

    app = open_page("app_pages/employers.py", account=CITY, lang=lang, employer="E2")
    assert not app.exception
    infos = [i.value for i in app.info]
    assert i18n.t("curves.all_hidden", lang, name="Завод Два") in infos
    assert i18n.t("curves.scope_hidden", lang, name="Завод Два") in [c.value for c in app.caption]
    lines, bands = curve_traces(app, "employers_time_to_hire")
    assert all(v is None or math.isnan(v) for v in lines[0]["y"]) and bands == []
    assert lines[1]["y"][0] == 1.0  # the city: 5 placements, none hired at day 0 (0 is safe)


@pytest.mark.parametrize("lang", LANGS)
def test_the_years_table_and_the_sector_comparison_carry_intervals(town, open_page, lang):
    """E1 in 2022: a1 and a2 completed a placement, a1 was hired from it (h1, 30 days): 1 of 2.
    The sector comparison: E1's intern hire rate 1 of 3 over the period, the sector median 2/3, inside
    E1's Wilson interval (0.061, 0.792): within chance."""
    from workforce.analysis.intervals import wilson

    app = open_page("app_pages/employers.py", lang=lang, employer="E1")
    rate = i18n.t("employers.columns.intern_hire_rate", lang)
    header = i18n.t("common.interval_column", lang, name=rate)
    years = table(app, header).set_index(i18n.t("employers.columns.year", lang))
    low, high = wilson(1, 2)
    assert years.loc[2022, header] == f"{i18n.percent(low, lang, 1)}–{i18n.percent(high, lang, 1)}"
    compared = table(app, i18n.t("employers.columns.verdict", lang))
    low, high = wilson(1, 3)
    assert compared[i18n.t("employers.columns.interval", lang)].iloc[0] == (
        f"{i18n.percent(low, lang, 1)}–{i18n.percent(high, lang, 1)}"
    )
    assert list(compared[i18n.t("employers.columns.verdict", lang)]) == [
        i18n.t("common.verdict.same", lang),
        i18n.MISSING,  # the days to hire have no interval
        i18n.t("common.verdict.same", lang),
    ]


def test_the_sector_chart_hovers_with_the_companys_interval_and_verdict(town, open_page):
    """E1's intern hire rate, 1 of 3: Wilson's interval, and within chance of the sector median."""
    from workforce.analysis.intervals import wilson

    app = open_page("app_pages/employers.py", lang="en", employer="E1")
    company = chart(app, "employers_sector_chart")["data"][0]
    low, high = wilson(1, 3)
    interval = i18n.t(
        "common.interval", "en", low=i18n.percent(low, "en", 1), high=i18n.percent(high, "en", 1)
    )
    assert company["customdata"][0] == f"{interval}<br>{i18n.t('common.verdict.same', 'en')}"
