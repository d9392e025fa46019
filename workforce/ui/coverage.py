"""The coverage notes under a page's hire figures: how much of the picture they rest on
(``pagedata.coverage``), as text a viewer under a policy may read."""

import datetime as dt
from collections.abc import Mapping

from workforce import disclosure, i18n
from workforce.pagedata.coverage import Share
from workforce.ui.widgets import share_text


def hire_rate_note(
    interns: Share | None, year: int, today: dt.date, lang: str, policy: disclosure.Policy
) -> str | None:
    """How many of a year's interns have a final outcome; None when the year has no completed placement."""
    if interns is None or interns.whole == 0:
        return None
    if interns.part == interns.whole:
        return i18n.t("common.coverage.hire_rate_final", lang, year=year)
    return i18n.t(
        "common.coverage.hire_rate",
        lang,
        year=year,
        share=share_text(interns.cell(policy), lang),
        date=i18n.date(today, lang),
    )


def retention_note(
    shares: Mapping[str, Share], as_of: dt.date, lang: str, policy: disclosure.Policy, *, six_months: bool
) -> str | None:
    """What retention at 12 months (and at 6, with ``six_months``) rests on; None before any hire."""
    twelve = shares["retention_12m"]
    if twelve.whole == 0:
        return None
    date = i18n.date(as_of, lang)
    if six_months:
        return i18n.t(
            "common.coverage.retention",
            lang,
            six=share_text(shares["retention_6m"].cell(policy), lang),
            twelve=share_text(twelve.cell(policy), lang),
            date=date,
        )
    return i18n.t(
        "common.coverage.retention_12m", lang, share=share_text(twelve.cell(policy), lang), date=date
    )


def placements_note(placements: Share, today: dt.date, lang: str, policy: disclosure.Policy) -> str | None:
    """How many of the period's completed placements can no longer lead to a hire from them."""
    if placements.whole == 0:
        return None
    if placements.part == placements.whole:
        return i18n.t("common.coverage.placements_final", lang)
    return i18n.t(
        "common.coverage.placements",
        lang,
        share=share_text(placements.cell(policy), lang),
        date=i18n.date(today, lang),
    )
