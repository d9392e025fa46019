"""Targets against actuals on the Overview (AppTest), on a store of their own, seen on 2025-06-30.

Program P: 2024 has p3 (01.03), p4 and p5 (01.09): 3 participants; 2025 so far p1 (01.02) and p2 (01.05):
2; by 30.06.2024 only p3 had started. Targets: T1 P 2024 >= 3 (met), T2 P 2025 >= 5 (running),
T3 the city 2024 >= 10 (not met: 3).
"""

import datetime as dt

import pytest

from tests.fixtures.factory import build, d
from tests.pages.helpers import LANGS, table
from tests.pages.test_access import CITY
from workforce import i18n
from workforce.store import db

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def goals(tmp_path, monkeypatch):
    starts = {
        "p1": "2025-02-01",
        "p2": "2025-05-01",
        "p3": "2024-03-01",
        "p4": "2024-09-01",
        "p5": "2024-09-01",
    }
    none = {"program_id": None, "institution_id": None, "employer_id": None, "source": None}
    path = build(
        tmp_path / "goals.duckdb",
        programs=[{"program_id": "P", "name": "Техностажировка"}],
        participants=[{"participant_id": p} for p in starts],
        placements=[
            {
                "placement_id": f"pl-{p}",
                "participant_id": p,
                "program_id": "P",
                "start_date": d(s),
                "status": "ongoing",
            }
            for p, s in starts.items()
        ],
        targets=[
            {
                **none,
                "target_id": "T1",
                "program_id": "P",
                "metric": "participants",
                "year": 2024,
                "value": 3,
            },
            {
                **none,
                "target_id": "T2",
                "program_id": "P",
                "metric": "participants",
                "year": 2025,
                "value": 5,
                "source": "План программы",
            },
            {**none, "target_id": "T3", "metric": "participants", "year": 2024, "value": 10},
        ],
        events=[
            {
                "event_id": "E1",
                "event_date": d("2024-04-10"),
                "title": "Agreements signed",
                "program_id": None,
                "institution_id": None,
                "employer_id": None,
                "url": None,
            },
            {
                "event_id": "E2",
                "event_date": d("2025-02-01"),
                "title": "P opens",
                "program_id": "P",
                "institution_id": None,
                "employer_id": None,
                "url": None,
            },
            {
                "event_id": "E3",
                "event_date": d("2024-07-01"),
                "title": "Plant event",
                "program_id": None,
                "institution_id": None,
                "employer_id": "E",
                "url": None,
            },
        ],
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
