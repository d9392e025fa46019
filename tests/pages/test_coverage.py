"""The coverage notes under the hire figures (Overview, Employers, Pipeline), on the town seen on
2024-06-01: a placement's outcome is final once it ended before 2023-06-02 (365 days earlier).

Worked out from tests/fixtures/town.py. The last full year is 2023.
- Overview, 2023: completed placements ending in 2023 are pl4 (a4, 31.07.2023) and pl5 (b1,
  31.08.2023); a4 was hired from pl4 (h3), b1 not (h4 came 397 days after): 1 of 2 interns, 50 %.
  Retention at 12 months as of 31.12.2023: hires by then h1, h2, h3, h5; a year old (by 31.12.2022)
  only h1: 1 of 4, 25 %.
- Employers, E1, 2023: pl5 only, b1 not hired: 0 of 1. Its hires by 01.06.2024: h1 only (h4 is
  01.10.2024), old enough for 6 and 12 months: 1 of 1.
- Pipeline, 2022–2024: pl1, pl2 (31.08.2022) final; pl4, pl5, pl7 (30.04.2024) not: 2 of 5, 40 %.
"""

import datetime as dt

import pytest

from tests.pages.helpers import LANGS, alert_texts
from workforce import i18n, ui
from workforce.store import accounts, db

TODAY = dt.date(2024, 6, 1)
CITY = accounts.Account("test-city", "Test city official", "city")


@pytest.fixture
def early_town(town, monkeypatch):
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return town


@pytest.mark.parametrize("lang", LANGS)
def test_overview_says_what_its_rates_rest_on(early_town, open_page, lang):
    text = alert_texts(open_page(lang=lang))
    date = i18n.date(TODAY, lang)
    assert (
        i18n.t("common.coverage.hire_rate", lang, year=2023, share=ui.show(0.5, "rate", lang), date=date)
        in text
    )
    assert (
        i18n.t(
            "common.coverage.retention_12m",
            lang,
            share=ui.show(0.25, "rate", lang),
            date=i18n.date(dt.date(2023, 12, 31), lang),
        )
        in text
    )


def test_a_city_official_sees_no_share_resting_on_small_counts(early_town, open_page):
    """1 of 2 and 1 of 4 are small counts: the official reads the policy's label in their place."""
    text = alert_texts(open_page(lang="en", account=CITY))
    assert (
        i18n.t("common.coverage.hire_rate", "en", year=2023, share="<5", date=i18n.date(TODAY, "en")) in text
    )
    assert ui.show(0.25, "rate", "en") not in text


@pytest.mark.parametrize("lang", LANGS)
def test_employers_says_what_its_rates_rest_on(early_town, open_page, lang):
    text = alert_texts(open_page("app_pages/employers.py", lang=lang, employer="E1"))
    date = i18n.date(TODAY, lang)
    assert (
        i18n.t("common.coverage.hire_rate", lang, year=2023, share=ui.show(0.0, "rate", lang), date=date)
        in text
    )
    whole = ui.show(1.0, "rate", lang)
    assert i18n.t("common.coverage.retention", lang, six=whole, twelve=whole, date=date) in text


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_says_which_outcomes_may_still_change(early_town, open_page, lang):
    text = alert_texts(open_page("app_pages/pipeline.py", lang=lang, year_from="2022", year_to="2024"))
    share = ui.show(0.4, "rate", lang)
    assert i18n.t("common.coverage.placements", lang, share=share, date=i18n.date(TODAY, lang)) in text


def test_pipeline_outcomes_long_settled_are_called_final(town, open_page):
    """On 2026-01-01 every placement of 2022–2024 ended more than a year before."""
    text = alert_texts(open_page("app_pages/pipeline.py", lang="en", year_from="2022", year_to="2024"))
    assert i18n.t("common.coverage.placements_final", "en") in text
