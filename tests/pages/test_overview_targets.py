"""Targets against actuals on the Overview and events on the trends (AppTest), on the store of
tests/fixtures/goals.py seen on 2025-06-30: T1 P 2024 >= 3 (met), T2 P 2025 >= 5 (running: 2 so far,
1 by 30.06.2024), T3 the city's participants 2024 >= 10 (not met: 3)."""

import pytest

from tests.fixtures.factory import d
from tests.fixtures.goals import AS_OF, build_goals
from tests.pages.helpers import LANGS, table
from tests.pages.test_access import CITY
from workforce import i18n
from workforce.store import db


@pytest.fixture
def goals(tmp_path, monkeypatch):
    """T3: the city's participants in 2024 >= 10 (not met: 3)."""
    path = build_goals(
        tmp_path / "goals.duckdb", {"target_id": "T3", "metric": "participants", "year": 2024, "value": 10}
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: AS_OF)
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_a_programs_targets_against_its_actuals(goals, open_page, lang):
    app = open_page(lang=lang, program="P")
    assert not app.exception
    shown = table(app, i18n.t("overview.target_columns.target", lang))
    state = i18n.t("overview.target_columns.state", lang)
    assert list(shown[i18n.t("overview.target_columns.actual", lang)]) == ["3", "2"]
    assert list(shown[state]) == [
        i18n.t("overview.target_state.met", lang),
        i18n.t(
            "overview.target_state.running",
            lang,
            so_far="2",
            before="1",
            date=i18n.date(d("2024-06-30"), lang),
        ),
    ]
    assert list(shown[i18n.t("overview.target_columns.source", lang)]) == [i18n.MISSING, "План программы"]


def test_the_citys_target_shows_on_the_city_overview(goals, open_page):
    app = open_page(lang="en")
    shown = table(app, "Target")
    assert list(shown["Target"]) == ["10"] and list(shown["State"]) == ["not met"]


def test_a_city_official_sees_the_actual_protected(goals, open_page):
    """3 participants in the program in 2024 are a small count: a city official sees "<5", and the
    figure a year before to date (1) is not shown."""
    app = open_page(lang="en", program="P", account=CITY)
    assert not app.exception
    shown = table(app, "Target")
    assert "3" not in list(shown["Actual"]) and "1" not in " ".join(shown["State"])


def test_events_are_marked_on_the_trend_and_listed_under_it(goals, open_page):
    """The city's page marks all three events in date order; a sector filter keeps only the one of no
    particular scope (E1). 10.04.2024 lies 100 days into 2024 (of 366): x = 2023.5 + 100/366."""
    from tests.pages.helpers import chart

    app = open_page(lang="en")
    figure = chart(app, "overview_by_program")
    lines = [s for s in figure["layout"]["shapes"] if s.get("line", {}).get("dash") == "dot"]
    assert [round(s["x0"], 4) for s in lines] == [
        round(2023.5 + 100 / 366, 4),
        round(2023.5 + 182 / 366, 4),
        round(2024.5 + 31 / 365, 4),
    ]
    captions = " ".join(c.value for c in app.caption)
    assert (
        "Event 1, 2024-04-10: Agreements signed." in captions and "Event 3, 2025-02-01: P opens." in captions
    )
    narrowed = open_page(lang="en", sector="Metallurgy")
    assert "Event 1, 2024-04-10: Agreements signed." in " ".join(c.value for c in narrowed.caption)
    assert "Plant event" not in " ".join(c.value for c in narrowed.caption)


def test_city_trends_mark_the_events_on_each_split_and_list_them_once(goals, open_page):
    from tests.pages.helpers import chart

    app = open_page("app_pages/trends.py", lang="en")
    for key in ("chart_participants_by_program", "chart_participants_by_sector"):
        shapes = chart(app, key)["layout"]["shapes"]
        assert len([s for s in shapes if s.get("line", {}).get("dash") == "dot"]) == 3, key
    captions = [c.value for c in app.caption if "Event 1, 2024-04-10: Agreements signed." in c.value]
    assert len(captions) == 1


def test_city_trends_show_the_scopes_targets_as_the_overview_does(goals, open_page):
    app = open_page("app_pages/trends.py", lang="en", program="P")
    assert not app.exception
    shown = table(app, "Target")
    assert list(shown["Actual"]) == ["3", "2"]
    assert shown["State"].iloc[0] == "met"
    city = open_page("app_pages/trends.py", lang="en")
    assert list(table(city, "Target")["State"]) == ["not met"]


def test_a_city_official_sees_the_trends_targets_protected(goals, open_page):
    app = open_page("app_pages/trends.py", lang="en", program="P", account=CITY)
    assert not app.exception
    assert "3" not in list(table(app, "Target")["Actual"])


def test_agreements_and_published_figures_can_be_marked_as_events_too(city_database, open_page):
    """The small city (tests/conftest.py): agreement AG1 (Ступинский техникум and Завод) signed on
    15.01.2025; figures F1 (P1 more than 2, Новости Технополиса) and F2 (about 40, Отчёт департамента)
    published on 01.10.2025 and 15.10.2025. Off by default; one switch marks them on both pages."""
    from tests.pages.helpers import chart

    app = open_page(lang="en")
    assert "agreement signed" not in " ".join(c.value for c in app.caption)
    app.toggle(key="mark_more_events").set_value(True).run()
    captions = " ".join(c.value for c in app.caption)
    assert "Event 1, 2025-01-15: agreement signed: Ступинский техникум and Завод." in captions
    assert "Event 2, 2025-10-01: published: participants more than 2 (Новости Технополиса)." in captions
    assert "Event 3, 2025-10-15: published: participants about 40 (Отчёт департамента)." in captions
    lines = [
        s
        for s in chart(app, "overview_by_program")["layout"]["shapes"]
        if s.get("line", {}).get("dash") == "dot"
    ]
    assert len(lines) == 3
    app.switch_page("app_pages/trends.py").run()
    assert app.toggle(key="mark_more_events").value is True  # the switch is kept across pages
    assert "agreement signed: Ступинский техникум and Завод" in " ".join(c.value for c in app.caption)
    narrowed = open_page(lang="en", institution="C1")
    narrowed.toggle(key="mark_more_events").set_value(True).run()
    assert "agreement signed" not in " ".join(c.value for c in narrowed.caption)  # AG1 is C2's
