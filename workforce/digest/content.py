"""What a digest says: an account's own view of the dashboard on one day, as figures, tables and charts.

Everything comes from the same page data the dashboard draws (``pagedata``), for
a ``Filters`` with the account as viewer and ``on`` as the day: its scope, its
policy, its small counts hidden. Nothing here is computed a second way.
"""

import dataclasses
import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, disclosure, i18n
from workforce.charts import cohorts as cohort_charts
from workforce.charts import districts as district_charts
from workforce.formatting import event_lines
from workforce.pagedata import cohorts, districts, events, headline, scope
from workforce.pagedata import overview as overview_data
from workforce.pagedata.scope import Database, Filters
from workforce.store import accounts, db

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class DigestRefused(ValueError):
    """A digest that cannot be written as asked; the message says why, for the user."""


@dataclasses.dataclass(frozen=True)
class Period:
    """A digest's period: a year (``2025``) or a month (``2025-06``), with its first and last day."""

    text: str
    first: dt.date
    last: dt.date

    @property
    def year(self) -> int:
        return self.first.year

    @property
    def monthly(self) -> bool:
        return self.first.month != 1 or self.last.month != 12

    def on(self, today: dt.date) -> dt.date:
        """The day the digest shows the dashboard as of: a year's digest the day after the year (so the
        year is whole), a month's its last day; never later than ``today``."""
        end = self.last + dt.timedelta(days=1) if not self.monthly else self.last
        return min(end, today)


def parse_period(text: str) -> Period:
    """``2025`` or ``2025-06`` as a Period; anything else is refused with what is expected."""
    found = PERIOD.match(text.strip())
    if not found:
        raise DigestRefused(f"--period {text!r}: give a year (2025) or a month (2025-06)")
    year = int(found.group(1))
    if found.group(2) is None:
        return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(found.group(2))
    if not 1 <= month <= 12:
        raise DigestRefused(f"--period {text!r}: the month must be 01 to 12")
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(text, dt.date(year, month, 1), following - dt.timedelta(days=1))


@dataclasses.dataclass(frozen=True)
class Chart:
    """One chart of a digest: its title, the figure, and the lines printed under it."""

    title: str
    figure: go.Figure
    notes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Digest:
    """A briefing for one account: who it is for, what it covers, and what it shows."""

    lang: str
    account: accounts.Account
    period: Period
    on: dt.date
    scope_label: str
    policy: disclosure.Policy
    filters: tuple[tuple[str, str], ...]
    """The filters printed on the first page: (label, value)."""
    headline_year: int
    headlines: tuple[tuple[str, headline.Headline], ...]
    """(label, figure) in the Overview's order."""
    targets: pd.DataFrame
    """The targets of the period's year as the Overview lists them (``overview.target_table``)."""
    charts: tuple[Chart, ...]

    @property
    def as_of(self) -> dt.date:
        """The last day the digest's figures cover: the period's last, or today in a period still running."""
        return min(self.period.last, self.on)

    @property
    def title(self) -> str:
        return i18n.t("digest.title", self.lang, name=self.account.name, period=self.period_label)

    @property
    def period_label(self) -> str:
        if self.period.monthly:
            return f"{self.period.first.month:02d}.{self.period.year}"
        return str(self.period.year)

    def text(self) -> str:
        """Every word and figure of the digest as plain text (the PDF's, in order): for tests and e-mail."""
        lines = [self.title, self.scope_label]
        lines += [f"{label}: {value}" for label, value in self.filters]
        lines.append(i18n.t("digest.headline", self.lang, year=self.headline_year))
        for label, figure in self.headlines:
            lines.append(f"{label}: {figure.value}" + (f" ({figure.delta})" if figure.delta else ""))
        if not self.targets.empty:
            lines.append(i18n.t("overview.targets", self.lang))
            lines += [" | ".join(str(v) for v in row) for row in self.targets.itertuples(index=False)]
        for chart in self.charts:
            lines.append(chart.title)
            lines += list(chart.notes)
        return "\n".join(lines)


def _view(account: accounts.Account, period: Period, database: Database) -> Filters:
    """The account's own view for the digest: its bound scope (the city for admin and city officials),
    every year with data up to the period's."""
    years = db.run("placement_years", database=database).iloc[0]
    if pd.isna(years["first_year"]):
        raise DigestRefused("the store has no placements yet: there is nothing to report")
    first, last = int(years["first_year"]), int(years["last_year"])
    if period.year < first:
        raise DigestRefused(f"--period {period.text}: the data starts in {first}")
    on = period.on(db.today())
    return Filters(
        "ru",
        first,
        min(period.year, last),
        institution=account.institution_id,
        employer=account.employer_id,
        viewer=account,
        on=on,
    )


def _policy_text(policy: disclosure.Policy, lang: str) -> str:
    if policy is disclosure.NONE:
        return i18n.t("digest.policy_owner", lang)
    title = i18n.t(f"digest.policies.{policy.name}", lang)
    return i18n.t("digest.policy", lang, title=title, note=headline.privacy_note(policy, lang))


def _by_program(figures: overview_data.Overview, f: Filters, lang: str, database: Database) -> Chart | None:
    """Participants per year by program with the scope's total: the Overview's chart."""
    years = figures.scope_years
    programs = years.splits["program"]
    if "program" in years.withheld or programs.empty:
        return None
    programs, protected = figures.programs(lang)
    fig = charts.participants_by_program(
        disclosure.plotted(programs, protected),
        disclosure.plotted(years.totals, years.protected_totals),
        lang,
        known=scope.known_names(database),
        partial_year=f.partial_year,
        height=330,
    )
    marked = events.events(f.scope, f.year_from, f.year_to, database)
    charts.add_events(fig, marked)
    notes = event_lines(marked, lang)
    if f.partial_year:
        notes.append(i18n.t("common.partial_year", lang, year=f.partial_year))
    if protected is not None and protected.suppressed.to_numpy().any():
        notes.append(headline.privacy_note(protected.policy, lang))
    return Chart(i18n.t("overview.by_program", lang), fig, tuple(notes))


def _hires(figures: overview_data.Overview, f: Filters, lang: str) -> Chart | None:
    """Hires from internships per year, each bar labelled with the intern hire rate: the headline's own
    protected figures of every year of the period."""
    rows = []
    for year in f.years:
        facts = figures.facts(year)
        if not facts:
            continue
        count = headline.headline(facts["internship_hires"], None, lang, figures.policy)
        rate = headline.headline(
            facts["intern_hire_rate"],
            None,
            lang,
            figures.policy,
            kind="rate",
            base=facts["bases"].get("intern_hire_rate"),
        )
        rows.append(
            {
                "year": year,
                "hires": _drawn(facts["internship_hires"]),
                "label": f"{count.value} · {rate.value}",
            }
        )
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    fig = charts.by_year(
        frame, "hires", lang, labels={"hires": i18n.t("digest.internship_hires", lang)}, height=300
    )
    fig.update_traces(text=frame["label"], textposition="outside", cliponaxis=False, selector={"type": "bar"})
    for row in frame[frame["hires"].isna()].itertuples():  # a hidden year: its label where its bar would be
        fig.add_annotation(
            x=row.year, y=0, text=row.label, showarrow=False, yanchor="bottom", font={"size": 12}
        )
    notes = [i18n.t("digest.hires_note", lang)]
    if f.partial_year:
        notes.append(i18n.t("common.partial_year", lang, year=f.partial_year))
    return Chart(i18n.t("digest.hires_title", lang), fig, tuple(notes))


def _drawn(value: object) -> float | None:
    """A figure's number as a chart may draw it: a protected cell's shown number (None when hidden)."""
    if isinstance(value, disclosure.Cell):
        return None if value.state == disclosure.SUPPRESSED else value.shown
    return None if i18n.is_missing(value) else value


def _districts(
    figures: overview_data.Overview, f: Filters, year: int, lang: str, database: Database
) -> Chart | None:
    """The district map of the year's participants: City trends' split by district, as protected there
    (read from the Overview's yearly figures, which hold every split a non-owner may see)."""
    years = figures.scope_years
    if "district" in years.withheld:
        return None
    found = districts.values(districts.split_for_map(f, years, database), year)
    if found.empty:
        return None
    fig = district_charts.tile_map(districts.on_tiles(found, database), lang, height=760)
    notes = [i18n.t("trends.map_note", lang, year=year), districts.off_map_line(found, lang)]
    return Chart(i18n.t("trends.map_title", lang, year=year), fig, tuple(n for n in notes if n))


def _cohorts(account: accounts.Account, f: Filters, lang: str, database: Database) -> Chart | None:
    """A college's placement rate by graduation year beside all institutions: the Cohorts page's chart,
    protected as that page protects it for the account."""
    institution = account.institution_id
    frame = cohorts.cohorts(institution, f.today, database=database)
    if frame.empty:
        return None
    protected = cohorts.protect_cohorts(frame, account, institution)
    name = scope.options("institution", lang, database).get(institution, institution)
    fig = cohort_charts.cohort_rates(
        disclosure.plotted(frame, protected), "placement_rate", name, lang, known=scope.known_names(database)
    )
    notes = [i18n.t("digest.cohorts_note", lang)]
    if protected is not None and protected.suppressed.to_numpy().any():
        notes.append(headline.privacy_note(protected.policy, lang))
    title = f"{i18n.t('cohorts.by_year', lang)}: {i18n.t('cohorts.columns.placement_rate', lang)}"
    return Chart(title, fig, tuple(notes))


def build(account: accounts.Account, period: Period, lang: str = "ru", database: Database = None) -> Digest:
    """The digest of ``account`` for ``period``: exactly what the account sees in the dashboard on the
    period's day (``Period.on``), in its own scope."""
    f = dataclasses.replace(_view(account, period, database), lang=lang)
    figures = overview_data.Overview(f, database)
    year = f.last_full_year
    shown = [
        (i18n.t(f"overview.metric.{name}", lang), figure) for name, figure in figures.headlines(year, lang)
    ]
    goals = [g for g in figures.targets() if g["year"] == period.year]
    table = overview_data.target_table(goals, lang)
    table.columns = [i18n.t(f"overview.target_columns.{c}", lang) for c in table.columns]
    found = [_by_program(figures, f, lang, database), _hires(figures, f, lang)]
    if account.role in ("admin", "city"):
        found.append(_districts(figures, f, year, lang, database))
    if account.role == "institution":
        found.append(_cohorts(account, f, lang, database))
    label = scope.scope_label(lang, database, **f.scope)
    printed = (
        (
            i18n.t("digest.for", lang),
            f"{account.name} ({account.username}, {i18n.t(f'digest.role.{account.role}', lang)})",
        ),
        (i18n.t("digest.scope", lang), label),
        (i18n.t("digest.years", lang), f"{f.year_from}–{f.year_to}"),
        (i18n.t("digest.as_of", lang), i18n.date(min(period.last, f.today), lang)),
        (i18n.t("digest.policy_label", lang), _policy_text(f.policy, lang)),
    )
    return Digest(
        lang=lang,
        account=account,
        period=period,
        on=f.today,
        scope_label=label,
        policy=f.policy,
        filters=printed,
        headline_year=year,
        headlines=tuple(shown),
        targets=table,
        charts=tuple(c for c in found if c is not None),
    )
