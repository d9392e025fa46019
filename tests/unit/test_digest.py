"""What a digest says (workforce.digest.content): its period, its figures as the account sees them on the
dashboard, its targets, its charts; worked out by hand on the small city (tests/conftest.py) and the
targets' store (tests/fixtures/goals.py).

The small city, 2025 against 2024: 5 participants (3), 3 employers (2), 2 hires from an internship (1),
the intern hire rate 2 of 4 (1 of 3), the median starting salary of 90 000 and 70 000 = 80 000 (80 000).
College C1's own: s1 and s4 in 2025 (2), s1 and s2 in 2024 (2). Employer E2's own: the same people.
"""

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.fixtures.goals import build_goals
from tests.pages.helpers import OVERVIEW, shown_metrics
from workforce import digest, i18n
from workforce.store import accounts, db

ADMIN = accounts.Account("admin", "Администратор", "admin")
CITY = accounts.Account("city", "Мэрия", "city")
COLLEGE = accounts.Account("college", "Колледж Зеленограда", "institution", institution_id="C1")
PLANT = accounts.Account("plant", "Фабрика чипов", "employer", employer_id="E2")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-06", dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_period_is_a_year_or_a_month(text, first, last):
    period = digest.parse_period(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize("text", ["25", "2025-13", "2025-1", "2025/06", "last year", "2025-00"])
def test_any_other_period_is_refused_with_what_is_expected(text):
    with pytest.raises(digest.DigestRefused, match="--period"):
        digest.parse_period(text)


def test_the_day_a_digest_shows_the_dashboard_of():
    """A year's digest: the day after the year, so the year is whole; a month's: its last day; a period
    still running: today."""
    today = dt.date(2026, 3, 1)
    assert digest.parse_period("2025").on(today) == dt.date(2026, 1, 1)
    assert digest.parse_period("2025-06").on(today) == dt.date(2025, 6, 30)
    assert digest.parse_period("2026").on(today) == today
    assert digest.parse_period("2026-03").on(today) == today


@pytest.fixture
def seen_today(monkeypatch):
    monkeypatch.setattr(db, "today", lambda: TODAY)


def _headlines(briefing) -> dict[str, tuple[str, str | None]]:
    return {label: (figure.value, figure.delta) for label, figure in briefing.headlines}


def test_the_administrators_digest_gives_the_citys_year_by_hand(city_database, seen_today):
    briefing = digest.build(ADMIN, digest.parse_period("2025"), "en")
    assert briefing.headline_year == 2025
    assert briefing.scope_label == "All of Moscow"
    assert _headlines(briefing) == {
        "Participants": ("5", "+2 (+67%)"),
        "Employers": ("3", "+1 (+50%)"),
        "Hired after an internship": ("2", "+1 (+100%)"),
        "Intern hire rate": ("50.0%", "+16.7\u00a0pp"),
        "12-month retention": ("100.0%", None),
        "Median starting salary": ("₽80,000", "₽0"),
    }
    assert dict(briefing.filters)["Figures as of"] == i18n.date(dt.date(2025, 12, 31), "en")
    assert [c.title for c in briefing.charts] == [
        "Participants by program and year",
        "Hires from internships per year, with the intern hire rate",
        "Participants by employer's district on the map, 2025",
    ]


@pytest.mark.parametrize("account", [ADMIN, CITY, COLLEGE, PLANT], ids=lambda a: a.role)
def test_a_digest_shows_what_the_overview_shows_the_same_account(
    city_database, seen_today, open_page, account
):
    """The headline figures, value and change, are the Overview's cards for that account, to the letter:
    its own scope, small counts hidden the same way."""
    scope = {"institution": account.institution_id} if account.institution_id else {}
    scope |= {"employer": account.employer_id} if account.employer_id else {}
    app = open_page(OVERVIEW, account=account, lang="en", **scope)
    assert not app.exception
    page = {label: (value, delta or None) for label, (value, delta) in shown_metrics(app).items()}
    briefing = digest.build(account, digest.parse_period("2025"), "en")
    assert _headlines(briefing) == page


def test_a_city_official_sees_no_count_the_dashboard_hides(city_database, seen_today):
    """The small city's 2025 counts but one are below 5: the city official's digest prints "<5" for each,
    never the number, and no change beside it; the 5 participants are shown, without a change on 2024's
    hidden 3; the district map has no figure either."""
    briefing = digest.build(CITY, digest.parse_period("2025"), "en")
    shown = _headlines(briefing)
    assert shown["Participants"] == ("5", None)
    for label in ("Employers", "Hired after an internship"):
        assert shown[label] == ("<5", None)
    text = briefing.text()
    assert "Not on the map: Ступино <5, employer's district not given <5." in text
    assert "Counts 1-4 shown as <5" in text
    hires = briefing.charts[1].figure.data[0]
    assert list(hires.y) == [None, None]  # no bar gives a hidden count away
    assert all(label.startswith("<5") for label in hires.text)


def test_a_colleges_digest_is_its_own_scope_and_nothing_else(city_database, seen_today):
    briefing = digest.build(COLLEGE, digest.parse_period("2025"), "en")
    assert briefing.scope_label == "Колледж Зеленограда"
    assert _headlines(briefing)["Participants"] == ("2", "0 (0%)")
    assert "Your own data: nothing is hidden." in briefing.text()
    assert [c.title for c in briefing.charts] == [
        "Participants by program and year",
        "Hires from internships per year, with the intern hire rate",
        "Graduation cohorts: Placement rate",  # its cohorts beside all institutions; no city map
    ]
    # the city's figures (5 participants, 3 employers) appear nowhere
    assert {figure.value for _, figure in briefing.headlines}.isdisjoint({"5", "3"})


@pytest.fixture
def goals(tmp_path, monkeypatch):
    """The targets' store with two targets of the city: 10 participants in 2024, 4 in 2025."""
    path = build_goals(
        tmp_path / "goals.duckdb",
        {"target_id": "T3", "metric": "participants", "year": 2024, "value": 10},
        {"target_id": "T4", "metric": "participants", "year": 2025, "value": 4, "source": "План города"},
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: dt.date(2025, 6, 30))
    return path


def test_a_years_digest_lists_that_years_targets(goals):
    """2024: 3 participants (p3, p4, p5) against 10: not met. T4 is 2025's, not listed."""
    briefing = digest.build(ADMIN, digest.parse_period("2024"), "en")
    assert briefing.targets.to_dict("records") == [
        {
            "Figure": "Participants",
            "Year": 2024,
            "Target": "10",
            "Actual": "3",
            "State": "not met",
            "Set by": "—",
        }
    ]


def test_a_months_digest_shows_its_years_target_in_progress(goals):
    """Seen on 31.05.2025: 2 participants so far in 2025 (p1 in February, p2 in May), 1 by 31.05.2024 (p3)."""
    briefing = digest.build(ADMIN, digest.parse_period("2025-05"), "en")
    assert briefing.on == dt.date(2025, 5, 31)
    assert briefing.headline_year == 2024
    [target] = briefing.targets.to_dict("records")
    assert target["State"] == i18n.t(
        "overview.target_state.running",
        "en",
        so_far="2",
        before="1",
        date=i18n.date(dt.date(2024, 5, 31), "en"),
    )
    assert target["Set by"] == "План города"


def test_a_period_before_the_data_is_refused(city_database, seen_today):
    with pytest.raises(digest.DigestRefused, match="the data starts in 2024"):
        digest.build(ADMIN, digest.parse_period("2023"), "en")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_policy_has_a_title_in_the_digests_language(lang):
    from workforce import disclosure

    assert all(i18n.has(f"digest.policies.{name}", lang) for name in disclosure.POLICIES)


def test_a_colleges_cohorts_are_its_own_beside_a_protected_benchmark(city_database, seen_today):
    """C1's graduates of 2024 (s1, s2) and 2025 (s4) all had a placement: 100% each year. All
    institutions together are a small count for a college's account (it owns only its own): hidden."""
    briefing = digest.build(COLLEGE, digest.parse_period("2025"), "en")
    own, everyone = briefing.charts[-1].figure.data
    assert (own.name, list(own.x), list(own.y)) == ("Колледж Зеленограда", [2024, 2025], [1.0, 1.0])
    assert everyone.name == "All institutions"
    assert all(y != y for y in everyone.y)  # NaN: not drawn
