"""The Cohorts, Employers and Pipeline pages under AppTest, in both languages, on the town of tests/town.py.

Numbers on the page are compared with ``metrics.report`` and the pages' queries
for the same scope, formatted the way the page formats them.
"""

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ADMIN, DASHBOARD
from tests.town import AS_OF, build_town
from workforce import accounts, db, i18n, metrics, pathways, ui
from workforce.contract import TABLES

LANGS = ("ru", "en")
# A catalog key left untranslated shows as the key itself, e.g. "cohorts.stage.placed".
RAW_KEY = re.compile(r"\b(?:cohorts|employers|pipeline|common)\.[a-z_]+(?:\.[a-z_]+)*\b")


@pytest.fixture(scope="session")
def town_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_town(tmp_path_factory.mktemp("town") / "town.duckdb")


@pytest.fixture
def town(town_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The town as the dashboard's database, seen on AS_OF (2026-01-01)."""
    monkeypatch.setenv("WORKFORCE_DB", str(town_file))
    monkeypatch.setattr(db, "today", lambda: AS_OF)
    return town_file


@pytest.fixture
def open_link(town: Path, accounts_file: Path) -> Callable[..., AppTest]:
    """Open a copied link straight on a page, signed in as an admin: ``open_link("pages/cohorts.py")``."""

    def run(page: str, **query: str) -> AppTest:
        app = AppTest.from_file(str(DASHBOARD), default_timeout=30)
        app.session_state[ui.SESSION_KEY] = accounts.Session.start(ADMIN)
        for name, value in query.items():
            app.query_params[name] = value
        app.switch_page(page)
        return app.run()

    return run


def test_every_code_the_pages_name_has_a_text_in_both_languages():
    keys = [
        *(f"cohorts.stage.{s}" for s in pathways.STAGES),
        *(f"cohorts.split_by.{s}" for s in pathways.SPLITS),
        *(f"cohorts.no_{s}" for s in pathways.SPLITS),
        *(f"cohorts.level.{c}" for c in TABLES["participants"].column("level").choices),
        *(f"employers.compared.{m}" for m in pathways.COMPARED),
        *(f"pipeline.outcome.{o}" for o in pathways.OUTCOMES),
        *(f"pipeline.outcome_short.{o}" for o in pathways.OUTCOMES),
        *(f"pipeline.help.{o}" for o in pathways.OUTCOMES),
    ]
    missing = [(k, lang) for k in keys for lang in LANGS if not i18n.has(k, lang)]
    assert missing == []


def texts(app: AppTest) -> list[str]:
    """Every string a reader sees outside charts and tables."""
    found = []
    for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error"):
        found += [str(e.value) for e in getattr(app, kind)]
    found += [e.label for e in app.metric] + [str(e.value) for e in app.metric]
    found += [e.label for e in app.selectbox] + [str(o) for s in app.selectbox for o in s.options]
    found += [str(e.help or "") for e in app.metric]
    return found


def assert_all_translated(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]
    leftovers = [t for t in texts(app) if RAW_KEY.search(t)]
    assert leftovers == []


def _plain(value: object) -> object:
    """Plotly's typed arrays ({"dtype", "bdata"}) and numpy arrays as plain lists, recursively."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def chart(app: AppTest, key: str) -> dict:
    """The plotly figure drawn with ``key``, as plain JSON."""
    found = [c for c in app.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert found, f"no chart {key}"
    return _plain(json.loads(found[0].proto.spec))


def table(app: AppTest, header: str) -> pd.DataFrame:
    """The first table with a column headed ``header``."""
    for frame in app.dataframe:
        if header in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {header!r}")


def metric_values(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


# Cohorts


@pytest.mark.parametrize("lang", LANGS)
def test_cohorts_page_shows_the_cohorts_of_metrics_report_for_the_chosen_institution(
    town, open_page: Callable[..., AppTest], lang
):
    app = open_page("pages/cohorts.py", lang=lang)
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
    app = open_page("pages/cohorts.py", lang=lang, institution="A")
    pooled = db.run("pooled_cohorts", {"as_of": AS_OF, "year_from": None, "year_to": None})
    shown = table(app, i18n.t("cohorts.columns.all_placement_rate", lang))
    # A has cohorts 2023 and 2024; everyone's 2023 placement rate is 3 of 4, 2024 2 of 2.
    assert list(shown[i18n.t("cohorts.columns.all_placement_rate", lang)]) == [0.75, 1.0]
    assert list(shown[i18n.t("cohorts.columns.all_cohort_size", lang)]) == list(pooled.cohort_size[:2])
    bars = chart(app, "cohorts_chart_placement_rate")["data"]
    assert [b["name"] for b in bars] == ["Колледж Альфа", i18n.t("cohorts.all_institutions", lang)]


def test_cohort_picker_follows_the_sidebar_institution_from_the_link(open_link):
    app = open_link("pages/cohorts.py", institution="B")
    assert app.selectbox(key="cohorts_institution").value == "B"


def test_cohort_picker_follows_the_sidebar_institution_when_it_changes(town, open_page):
    app = open_page("pages/employers.py")
    app.selectbox(key="filter_institution").select("B").run()
    app.switch_page("pages/cohorts.py").run()
    assert app.selectbox(key="cohorts_institution").value == "B"
    app.selectbox(key="cohorts_institution").select("A").run()
    assert app.selectbox(key="cohorts_institution").value == "A"


def test_cohort_picker_defaults_to_the_first_institution_by_name(town, open_page):
    app = open_page("pages/cohorts.py")
    assert app.selectbox(key="cohorts_institution").value == "A"


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_funnel_shows_the_query_stages_for_the_chosen_cohort(town, open_page, lang):
    app = open_page("pages/cohorts.py", lang=lang, institution="A")
    # The latest cohort whose employed_1y is observable is the default: 2024.
    assert app.selectbox(key="cohorts_year").value == 2024
    app.selectbox(key="cohorts_year").select(2023).run()
    stages = db.run("cohort_funnel_stages", {"institution": "A", "graduation_year": 2023, "as_of": AS_OF})
    funnel = chart(app, "cohorts_funnel")["data"][0]
    assert funnel["x"] == list(stages.participants) == [3, 2, 2, 1]
    assert funnel["y"] == [i18n.t(f"cohorts.stage.{s}", lang) for s in stages.stage]
    assert app.subheader[1].value == i18n.t("cohorts.funnel", lang, year=2023)


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_split_by_level_shows_each_level_with_its_rates(town, open_page, lang):
    app = open_page("pages/cohorts.py", lang=lang, institution="A")
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
    app = open_page("pages/cohorts.py", lang="en", institution="A")
    app.selectbox(key="cohorts_year").select(2024).run()
    shown = table(app, "Specialty")
    assert list(shown["Specialty"]) == ["Specialty not given"]


@pytest.mark.parametrize("lang", LANGS)
def test_institution_without_students_says_so_and_what_to_do(town, open_page, lang):
    app = open_page("pages/cohorts.py", lang=lang, institution="C")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("cohorts.empty_institution", lang, name="Колледж Гамма") in message
    assert i18n.t("cohorts.hint_institution", lang) in message
    assert not app.dataframe


def test_cohorts_page_survives_a_link_with_bad_values(open_link):
    app = open_link("pages/cohorts.py", lang="xx", institution="NOPE", year_from="abc", year_to="1800")
    assert not app.exception
    assert app.title[0].value == i18n.t("cohorts.title", "ru")
    assert app.selectbox(key="cohorts_institution").value == "A"
    assert any("NOPE" in w.value for w in app.warning)


# Employers


@pytest.mark.parametrize("lang", LANGS)
def test_employers_page_headline_figures_equal_metrics_report(town, open_page, lang):
    app = open_page("pages/employers.py", lang=lang)
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
    app = open_page("pages/employers.py", lang=lang, employer="E1")
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
    app = open_link("pages/employers.py", employer="E1")
    assert app.selectbox(key="employers_employer").value == "E1"


def test_employer_picker_follows_the_sidebar_employer_when_it_changes(town, open_page):
    app = open_page("pages/employers.py")
    assert app.selectbox(key="employers_employer").value == "E2"  # the first by name
    app.selectbox(key="filter_employer").select("E3").run()
    assert app.selectbox(key="employers_employer").value == "E3"


def test_filters_from_a_link_survive_the_switch_to_another_page(town, open_page):
    open_page()  # a first app in the process takes Streamlit out of its pages-folder mode
    app = open_page("pages/employers.py", sector="Microelectronics", year_from="2023")
    assert app.selectbox(key="employers_employer").options == ["Микрон Три"]
    app.switch_page("pages/pipeline.py").run()
    # Only pl7 (E3, ends 2024) is completed in microelectronics from 2023 on.
    assert metric_values(app)["Завершённых стажировок"] == "1"


def test_employer_picker_offers_only_employers_of_the_chosen_sector(town, open_page):
    app = open_page("pages/employers.py", sector="Microelectronics")
    picker = app.selectbox(key="employers_employer")
    assert picker.options == ["Микрон Три"]
    assert picker.value == "E3"


@pytest.mark.parametrize("lang", LANGS)
def test_retention_curve_on_the_page_is_the_query_curve(town, open_page, lang):
    app = open_page("pages/employers.py", lang=lang, employer="E2")
    curve = db.run("retention_curve", {**db.scope_params(employer="E2"), "as_of": AS_OF})
    line = chart(app, "employers_retention_curve")["data"][0]
    assert line["x"] == list(range(1, 25))
    assert [None if v is None else round(v, 9) for v in line["y"]] == [
        None if pd.isna(v) else round(v, 9) for v in curve.share
    ]
    # E2: h5 leaves after 40 days, h3 after 376 days.
    assert line["y"][0] == 1.0 and line["y"][1] == 0.5 and line["y"][12] == 0.0


@pytest.mark.parametrize("lang", LANGS)
def test_sources_of_interns_and_hires_follow_the_queries(town, open_page, lang):
    app = open_page("pages/employers.py", lang=lang, employer="E1")
    by_institution = chart(app, "employers_by_institution")["data"]
    assert by_institution[0]["y"] == ["Колледж Альфа", "Техникум Бета"]
    assert by_institution[0]["x"] == [2, 1]  # interns
    assert by_institution[1]["x"] == [1, 1]  # hires
    by_program = chart(app, "employers_by_program")["data"]
    assert by_program[0]["y"] == ["Практика на заводе"]
    assert by_program[1]["x"] == [1]  # hires from an internship


@pytest.mark.parametrize("lang", LANGS)
def test_sector_comparison_shows_the_employer_beside_the_sector_median(town, open_page, lang):
    app = open_page("pages/employers.py", lang=lang, employer="E1")
    shown = table(app, i18n.t("employers.columns.sector_median", lang))
    values = list(shown[i18n.t("employers.columns.value", lang)])
    medians = list(shown[i18n.t("employers.columns.sector_median", lang)])
    # E1: 1 of 3 hired from the placement, 30 days, 2 of 2 kept; medians over E1 and E2: 2/3, 20 days, 0.75.
    assert values == [ui.show(1 / 3, "rate", lang), ui.show(30, "days", lang), ui.show(1.0, "rate", lang)]
    assert medians == [ui.show(2 / 3, "rate", lang), ui.show(20, "days", lang), ui.show(0.75, "rate", lang)]
    assert list(shown[i18n.t("employers.columns.employers", lang)]) == [2, 2, 2]


@pytest.mark.parametrize("lang", LANGS)
def test_employer_with_nothing_in_the_period_says_so_and_what_to_do(town, open_page, lang):
    app = open_page("pages/employers.py", lang=lang, employer="E4")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("employers.empty_period", lang, name="Завод Четыре", start=2022, end=2024) in message
    assert i18n.t("common.empty.hint", lang) in message


def test_employers_page_survives_a_link_with_bad_values(open_link):
    app = open_link("pages/employers.py", lang="en", employer="NOPE", sector="Nothing", year_from="2099")
    assert not app.exception
    assert app.title[0].value == "Employers"
    assert app.selectbox(key="employers_employer").value == "E2"  # the first by name
    assert len(app.warning) >= 2


# Pipeline


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_shows_the_outcomes_of_completed_placements(town, open_page, lang):
    app = open_page("pages/pipeline.py", lang=lang)
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
    app = open_page("pages/pipeline.py", lang="en")
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
    app = open_page("pages/pipeline.py", lang="en", **query)
    shown = metric_values(app)
    assert shown["Completed placements"] == completed
    assert shown["Not hired"] == ui.show(not_hired, "rate", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_with_no_completed_placement_says_what_to_change(town, open_page, lang):
    # E3 hosts pl6 (ongoing) and pl7 (ends 2024): nothing completed ends in 2022-2023.
    app = open_page("pages/pipeline.py", lang=lang, employer="E3", year_to="2023")
    assert not app.exception
    message = app.info[0].value
    assert i18n.t("pipeline.empty", lang, start=2022, end=2023) in message
    assert i18n.t("pipeline.hint", lang) in message
    assert not app.get("plotly_chart")


def test_pipeline_survives_a_link_with_bad_values(open_link):
    app = open_link("pages/pipeline.py", program="NOPE", year_from="x", year_to="2023", lang="ru")
    assert not app.exception
    assert app.title[0].value == "Конвейер"
    # The bad program is dropped, the good year kept: pl1 pl2 pl4 pl5 end in 2022-2023.
    assert metric_values(app)["Завершённых стажировок"] == "4"
    assert len(app.warning) == 2
