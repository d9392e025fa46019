"""The Cohorts page (AppTest) on the town: cohorts beside all institutions, the funnel, the segments."""

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures.town import AS_OF
from tests.pages.helpers import LANGS, assert_all_translated, chart, table
from workforce import i18n, ui
from workforce.analysis import metrics
from workforce.store import db


@pytest.mark.parametrize("lang", LANGS)
def test_cohorts_page_shows_the_cohorts_of_metrics_report_for_the_chosen_institution(
    town, open_page: Callable[..., AppTest], lang
):
    app = open_page("app_pages/cohorts.py", lang=lang)
    assert_all_translated(app)
    assert app.title[0].value == i18n.t("cohorts.title", lang)
    app.selectbox(key="cohorts_institution").select("B").run()
    expected = metrics.report(AS_OF, institution="B")["cohorts"]
    shown = table(app, i18n.t("cohorts.columns.graduation_year", lang))
    years = i18n.t("cohorts.columns.graduation_year", lang)
    sizes = i18n.t("cohorts.columns.cohort_size", lang)
    placed = i18n.t("cohorts.columns.placement_rate", lang)
    employed = i18n.t("cohorts.columns.employed_1y", lang)
    assert list(shown[years]) == [c["graduation_year"] for c in expected] == [2023, 2024, 2025]
    assert list(shown[sizes]) == [c["cohort_size"] for c in expected]
    assert list(shown[placed]) == pytest.approx([c["placement_rate"]["value"] for c in expected])
    employed_expected = [None if c["employed_1y"] is None else c["employed_1y"]["value"] for c in expected]
    assert employed_expected == [0.0, 0.0, None]
    # A column with an empty cell is shown as text, the empty cell as a dash (never "None").
    assert list(shown[employed]) == [ui.show(v, "rate", lang) for v in employed_expected]
    assert list(shown[employed])[-1] == i18n.MISSING


@pytest.mark.parametrize("lang", LANGS)
def test_cohorts_benchmark_pools_every_institution(town, open_page, lang):
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    pooled = db.run("pooled_cohorts", {"as_of": AS_OF, "year_from": None, "year_to": None})
    shown = table(app, i18n.t("cohorts.columns.all_placement_rate", lang))
    # A has cohorts 2023 and 2024; everyone's 2023 placement rate is 3 of 4, 2024 2 of 2.
    assert list(shown[i18n.t("cohorts.columns.all_placement_rate", lang)]) == [0.75, 1.0]
    assert list(shown[i18n.t("cohorts.columns.all_cohort_size", lang)]) == list(pooled.cohort_size[:2])
    bars = chart(app, "cohorts_chart_placement_rate")["data"]
    assert [b["name"] for b in bars] == ["Колледж Альфа", i18n.t("cohorts.all_institutions", lang)]


def test_cohort_picker_follows_the_sidebar_institution_from_the_link(open_link):
    app = open_link("app_pages/cohorts.py", institution="B")
    assert app.selectbox(key="cohorts_institution").value == "B"


def test_cohort_picker_follows_the_sidebar_institution_when_it_changes(town, open_page):
    app = open_page("app_pages/employers.py")
    app.selectbox(key="filter_institution").select("B").run()
    app.switch_page("app_pages/cohorts.py").run()
    assert app.selectbox(key="cohorts_institution").value == "B"
    app.selectbox(key="cohorts_institution").select("A").run()
    assert app.selectbox(key="cohorts_institution").value == "A"


def test_cohort_picker_defaults_to_the_first_institution_by_name(town, open_page):
    app = open_page("app_pages/cohorts.py")
    assert app.selectbox(key="cohorts_institution").value == "A"


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_funnel_shows_the_query_stages_for_the_chosen_cohort(town, open_page, lang):
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    # The latest cohort whose employed_1y is observable is the default: 2024.
    assert app.selectbox(key="cohorts_year").value == 2024
    app.selectbox(key="cohorts_year").select(2023).run()
    stages = db.run("cohort_funnel_stages", {"institution": "A", "graduation_year": 2023, "as_of": AS_OF})
    funnel = chart(app, "cohorts_funnel")["data"][0]
    assert funnel["x"] == list(stages.participants) == [3, 2, 2, 1]
    assert funnel["y"] == [i18n.t(f"cohorts.stage.{s}", lang) for s in stages.stage]
    assert i18n.t("cohorts.funnel", lang, year=2023) in [s.value for s in app.subheader]


@pytest.mark.parametrize("lang", LANGS)
def test_time_to_hire_of_an_institution_beside_the_city(town, open_page, lang):
    """Institution A's completed placements: pl4 hired after 10 days, pl1 after 30, pl2 censored after
    1,219 days. S(10) = 2/3, S(30) = 2/3 * 1/2 = 1/3; at 60 days only pl2 is still waiting."""
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    data = chart(app, "cohorts_time_to_hire")["data"]
    lines = [t for t in data if t.get("mode") == "lines+markers"]
    assert [t["name"] for t in lines] == ["Колледж Альфа", i18n.t("common.whole_city", lang)]
    assert lines[0]["x"][:3] == [0, 30, 60]
    assert lines[0]["y"][:3] == pytest.approx([1.0, 1 / 3, 1 / 3])
    assert any(t.get("fill") == "tonexty" for t in data)  # the band of A's curve
    assert i18n.t("curves.time_to_hire", lang) in [s.value for s in app.subheader]


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_split_by_level_shows_each_level_with_its_rates(town, open_page, lang):
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    app.selectbox(key="cohorts_year").select(2023).run()
    app.button_group(key="cohorts_split").set_value("level").run()
    shown = table(app, i18n.t("cohorts.split_by.level", lang))
    levels = [i18n.t("cohorts.level.vocational", lang), i18n.t("cohorts.level.bachelor", lang)]
    assert list(shown[i18n.t("cohorts.split_by.level", lang)]) == levels
    assert list(shown[i18n.t("cohorts.columns.cohort_size", lang)]) == [2, 1]
    assert list(shown[i18n.t("cohorts.columns.placement_rate", lang)]) == [1.0, 0.0]
    assert list(shown[i18n.t("cohorts.columns.employed_1y", lang)]) == [0.5, 0.0]
    assert_all_translated(app)


def test_participants_without_a_specialty_are_named_so(town, open_page):
    app = open_page("app_pages/cohorts.py", lang="en", institution="A")
    app.selectbox(key="cohorts_year").select(2024).run()
    shown = table(app, "Specialty")
    assert list(shown["Specialty"]) == ["Specialty not given"]


@pytest.mark.parametrize("lang", LANGS)
def test_institution_without_students_says_so_and_what_to_do(town, open_page, lang):
    app = open_page("app_pages/cohorts.py", lang=lang, institution="C")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("cohorts.empty_institution", lang, name="Колледж Гамма") in message
    assert i18n.t("cohorts.hint_institution", lang) in message
    assert not app.dataframe


def test_cohorts_page_survives_a_link_with_bad_values(open_link):
    app = open_link("app_pages/cohorts.py", lang="xx", institution="NOPE", year_from="abc", year_to="1800")
    assert not app.exception
    assert app.title[0].value == i18n.t("cohorts.title", "ru")
    assert app.selectbox(key="cohorts_institution").value == "A"
    assert any("NOPE" in w.value for w in app.warning)


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_table_gives_each_rate_its_interval_and_its_verdict_against_the_rest(town, open_page, lang):
    """A's 2023 cohort: a1, a2, a3; placed a1 and a2 (2 of 3), employed on 2024-06-30 a1 only (1 of 3).
    The rest of 2023 is B's b1: placed, not employed (1 of 1, 0 of 1). 2 of 3 against 1 of 1 is within
    chance: Newcombe's interval of the difference holds 0."""
    from workforce.analysis.intervals import wilson

    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    interval = i18n.t("common.interval_column", lang, name=i18n.t("cohorts.columns.placement_rate", lang))
    shown = table(app, interval).set_index(i18n.t("cohorts.columns.graduation_year", lang))
    low, high = wilson(2, 3)
    assert shown.loc[2023, interval] == f"{i18n.percent(low, lang, 1)}–{i18n.percent(high, lang, 1)}"
    verdict = i18n.t("cohorts.columns.placement_rate_verdict", lang)
    assert shown.loc[2023, verdict] == i18n.t("common.verdict.same", lang)
    employed = i18n.t("common.interval_column", lang, name=i18n.t("cohorts.columns.employed_1y", lang))
    low, high = wilson(1, 3)
    assert shown.loc[2023, employed] == f"{i18n.percent(low, lang, 1)}–{i18n.percent(high, lang, 1)}"


@pytest.mark.parametrize("lang", LANGS)
def test_expected_against_actual_funnel_for_a_cohort(town, open_page, lang):
    """The 2023 cohort: A has a1, a2 (Welding, vocational, placed) and a3 (Turning, bachelor, not
    placed); B has b1 (Welding, vocational, placed). Every stratum is under 20 graduates: one pooled
    stratum of 3 of 4 placed. A: expected 3 * 0.75 = 2.25, observed 2: standardised 2 / 2.25 * 0.75 = 2/3;
    B: 1 / 0.75 * 0.75 = 1."""
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    app.selectbox(key="cohorts_year").select(2023).run()
    data = chart(app, "cohorts_funnel_plot_placement_rate")["data"]
    points = {t["name"]: t for t in data if t.get("mode") == "markers"}
    mine = points["Колледж Альфа"]
    assert mine["x"] == [3] and mine["y"] == pytest.approx([2 / 3])
    others = points[i18n.t("cohorts.all_institutions", lang)]
    assert others["x"] == [1] and others["y"] == pytest.approx([1.0])
    shown = table(app, i18n.t("cohorts.columns.standardised_rate", lang))
    assert (
        list(shown[i18n.t("cohorts.columns.funnel_verdict", lang)])
        == [i18n.t("cohorts.funnel_verdict.within", lang)] * 2
    )


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_table_shows_how_much_of_each_cohort_has_a_known_outcome(town, open_page, lang):
    """As of 2026-01-01: a1 and a2 were hired (known), a3 was never placed (unknown): 2 of 3 for A's
    2023 cohort; a4 was hired: 1 of 1 in 2024."""
    app = open_page("app_pages/cohorts.py", lang=lang, institution="A")
    header = i18n.t("cohorts.columns.knowledge_rate", lang)
    shown = table(app, header).set_index(i18n.t("cohorts.columns.graduation_year", lang))
    assert shown.loc[2023, header] == pytest.approx(2 / 3)
    assert shown.loc[2024, header] == pytest.approx(1.0)
    assert i18n.t("cohorts.knowledge_caption", lang, date=i18n.date(AS_OF, lang)) in [
        c.value for c in app.caption
    ]


def test_a_college_sees_its_verdicts_in_words_beside_a_protected_benchmark(town, open_page):
    """A college owns its cohorts; the benchmark (all institutions) is protected for it. The table shows
    the page's own columns (the verdicts in words), not the protected frame's copy of them."""
    from workforce.store import accounts

    college = accounts.Account("a-college", "College A", "institution", institution_id="A")
    app = open_page("app_pages/cohorts.py", account=college, lang="en")
    shown = table(app, i18n.t("cohorts.columns.placement_rate_verdict", "en"))
    words = {i18n.t(f"common.verdict.{v}", "en") for v in ("higher", "lower", "same")} | {i18n.MISSING}
    assert set(shown[i18n.t("cohorts.columns.placement_rate_verdict", "en")]) <= words


def test_the_cohort_funnel_hover_gives_each_share_its_interval(town, open_page):
    """A's 2023 cohort: 3 graduates, 2 placed: the placed stage's share 2/3 with Wilson's (0.208, 0.939)."""
    from workforce.analysis.intervals import wilson

    app = open_page("app_pages/cohorts.py", lang="en", institution="A")
    app.selectbox(key="cohorts_year").select(2023).run()
    funnel = chart(app, "cohorts_funnel")["data"][0]
    low, high = wilson(2, 3)
    assert funnel["customdata"][1] == i18n.t(
        "common.interval", "en", low=i18n.percent(low, "en", 1), high=i18n.percent(high, "en", 1)
    )
