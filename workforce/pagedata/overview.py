"""Data for the Overview page: each year's headline figures for a scope (the yearly cube gives the counts)."""

import datetime as dt
from collections.abc import Callable, Mapping

import pandas as pd

from workforce import disclosure, i18n
from workforce.analysis import metrics
from workforce.analysis import targets as target_analysis
from workforce.formatting import rate_value, show
from workforce.pagedata import headline, scope, yearly
from workforce.pagedata.scope import Database, Filters
from workforce.store import db

# The headline figures: the report's field (or internship_hires, retention_12m) and how it is shown.
HEADLINE = (
    ("participants", "count"),
    ("employers", "count"),
    ("internship_hires", "count"),
    ("intern_hire_rate", "rate"),
    ("retention_12m", "rate"),
    ("median_salary", "money"),
)
BASES = {"median_salary": "hires"}
"""The count a statistic rests on, which decides whether a viewer may see it."""
RATES = ("intern_hire_rate", "retention_12m")


def report_by_year(scope: Mapping[str, str | None], database: Database = None) -> dict[int, dict]:
    """The contract's yearly figures of the scope, by year (``metrics.by_year``)."""
    return {row["year"]: row for row in metrics.by_year(dict(scope), database)}


def internship_hires(scope: Mapping[str, str | None], database: Database = None) -> dict[int, int]:
    """Hires from an internship, by year of hire (``internship_hires_by_year``)."""
    frame = db.run("internship_hires_by_year", scope, database)
    return {
        int(year): int(hires) for year, hires in frame[["year", "internship_hires"]].itertuples(index=False)
    }


def retention_12m(scope: Mapping[str, str | None], as_of: dt.date, database: Database = None) -> dict | None:
    """The contract's retention at 12 months as of a date (a rate figure, or None)."""
    return metrics.retention(dict(scope), as_of, database)["retention_12m"]


RUNNING = target_analysis.RUNNING
"""The state of a target whose year is still running (the others: met, not_met, ahead, or None)."""


def targets(scope: Mapping[str, str | None], as_of: dt.date, database: Database = None) -> list[dict]:
    """The targets set for this scope against their actuals (``analysis.targets``)."""
    return target_analysis.targets(dict(scope), as_of, database)


def _split_safe(part: int, whole: int, policy: disclosure.Policy) -> bool:
    """Whether a part of a shown whole can be shown: it and the rest are each 0 or at least the threshold."""
    return all(n == 0 or n >= policy.threshold for n in (part, whole - part))


def protect_targets(
    goals: list[dict], policy: disclosure.Policy, cell: Callable[[int, str], disclosure.Cell | None]
) -> list[dict]:
    """The targets as a viewer under ``policy`` sees them: each actual is the page's own protected figure
    of that year (``cell(year, metric)``: the yearly cube's, None when the page has none: the actual is
    then hidden); a figure a year before to date is shown only when it and the rest of that year are
    each 0 or at least the threshold (the whole year is shown). ``met``/``not met`` stays: the target is
    public, and whether a figure reaches it tells no small count."""
    if policy is disclosure.NONE:
        return goals
    seen = []
    for goal in goals:
        shown = dict(goal)
        found = cell(goal["year"], goal["metric"])
        shown["actual"] = found
        if goal["year_before"] is not None:
            before, whole = goal["year_before"], goal["year_before_full"]
            counts = (
                ["intern_hire_numerator", "intern_hire_denominator"]
                if goal["metric"] == "intern_hire_rate"
                else [goal["metric"]]
            )
            safe = all(_split_safe(before[c], whole[c], policy) for c in counts)
            if goal["metric"] == "intern_hire_rate":
                safe = safe and before["intern_hire_denominator"] >= policy.rate_min_denominator
            shown["year_before"] = before if safe else None
            shown["to_date"] = None  # the year so far is the actual itself, protected above
        seen.append(shown)
    return seen


class Overview:
    """The Overview's figures for one viewer's choices, read once: each year's headline figures, the
    participants per year and program, the targets; protected for the viewer as the page shows them.

    The page draws them and the digest (``workforce.digest``) prints them, so both show the same.
    """

    def __init__(self, f: Filters, database: Database = None) -> None:
        self.f = f
        self.policy = f.policy
        self.database = database
        self.by_year = report_by_year(f.scope, database)
        self.internship_hires = internship_hires(f.scope, database)
        # participants and employers per year, protected together with every split of them any page
        # shows; a college or company knows its own figures: never a complement
        own = yearly.own_key(f.viewer)
        self.scope_years = yearly.scope_years(
            f.scope, f.year_from, f.year_to, self.policy, shown=("program",), own=own, database=database
        )
        # hires from internships and the intern hire rate, protected with every other scope's
        # (None: the owner)
        self.hires = yearly.hire_cells(f.scope, self.policy, database, own=own)

    def facts(self, year: int) -> dict:
        """Every headline figure of one year (``HEADLINE``), with ``bases``: each rate's exact
        (numerator, denominator); empty when the scope has no data that year."""
        if year not in self.by_year:
            return {}
        f, hires = self.f, self.hires
        shared = {}
        if f.year_from - 1 <= year <= f.year_to:
            shared = {m: self.scope_years.cell(year, m) for m in yearly.MEASURES}
        if hires is not None:
            shared["internship_hires"] = hires.cell(year, "internship_hires")
            shared["intern_hire_rate"] = hires.rate(year, rate_value(self.by_year[year]["intern_hire_rate"]))
        exact = {
            **self.by_year[year],
            "internship_hires": self.internship_hires.get(year, 0),
            "retention_12m": retention_12m(f.scope, f.as_of(year), self.database),
        }
        # the rates' exact counts, for their intervals and for judging their change on the year
        bases = {name: (r["numerator"], r["denominator"]) for name in RATES if (r := exact[name]) is not None}
        return {**exact, **shared, "bases": bases}

    def programs(self, lang: str) -> tuple[pd.DataFrame, disclosure.Protected | None]:
        """Participants per year by program with the programs' names (``program``), and what this viewer
        may see of them (None: the owner's view)."""
        frame = self.scope_years.splits["program"].copy()
        frame["program"] = scope.names("program", frame["group_id"], lang, self.database)
        return frame, disclosure.Protected.combine(frame, self.scope_years.protected_splits["program"])

    def headlines(self, year: int, lang: str) -> list[tuple[str, headline.Headline]]:
        """The year's headline figures as this viewer sees them, each beside the year before: ``(name,
        Headline)`` in ``HEADLINE`` order; empty when the scope has no data that year."""
        now, before = self.facts(year), self.facts(year - 1)
        if not now:
            return []
        date = i18n.date(self.f.as_of(year), lang)
        shown = []
        for name, kind in HEADLINE:
            if kind == "rate":
                base, previous_base = now["bases"].get(name), before.get("bases", {}).get(name)
            else:
                base, previous_base = now.get(BASES.get(name)), before.get(BASES.get(name))
            figure = headline.headline(
                now[name],
                before.get(name),
                lang,
                self.policy,
                kind=kind,
                previous_year=year - 1,
                help=i18n.t(f"overview.help.{name}", lang, date=date),
                base=base,
                previous_base=previous_base,
            )
            shown.append((name, figure))
        return shown

    def target_cell(self, year: int, metric: str) -> disclosure.Cell | None:
        """A target's actual as the page shows that figure to this viewer (None: the page has none)."""
        if metric in yearly.MEASURES:
            try:
                return self.scope_years.cell(year, metric)
            except KeyError:  # a year outside the period the page protects
                return None
        if self.hires is None:
            return None
        if metric == "hires":
            return self.hires.cell(year, "hires")
        rate = self.by_year.get(year, {}).get("intern_hire_rate")
        return disclosure.report_rate(self.hires.rate(year, rate_value(rate)), self.policy) if rate else None

    def targets(self) -> list[dict]:
        """The targets of the scope against their actuals, as this viewer sees them (``protect_targets``)."""
        goals = targets(self.f.scope, self.f.today, self.database)
        return protect_targets(goals, self.policy, self.target_cell)


def scope_targets(f: Filters, database: Database = None) -> list[dict]:
    """The targets of the viewer's scope as the Overview shows them, for another page (City trends):
    the Overview's figures are read only when the scope has a target."""
    if not targets(f.scope, f.today, database):
        return []
    return Overview(f, database).targets()


def _target_figure(value: object, metric: str, lang: str) -> str:
    """A target's value or actual as text: a protected cell as shown, "—" for none."""
    kind = "rate" if metric == "intern_hire_rate" else "count"
    if isinstance(value, disclosure.Cell):
        return str(value.shown) if value.state == disclosure.SUPPRESSED else show(value.shown, kind, lang)
    return i18n.MISSING if value is None else show(value, kind, lang)


def _target_state(goal: dict, lang: str) -> str:
    """Met, not met, ahead, no data; or, in a year still running, the year so far beside the year before."""
    if goal["state"] == RUNNING:
        before = goal["year_before"]
        return i18n.t(
            "overview.target_state.running",
            lang,
            so_far=_target_figure(goal["actual"], goal["metric"], lang)
            if goal["actual"] is not None
            else i18n.t("overview.target_state.nothing_yet", lang),
            before=i18n.MISSING if before is None else _target_figure(before["value"], goal["metric"], lang),
            date=i18n.date(goal["year_before_date"], lang),
        )
    return i18n.t(f"overview.target_state.{goal['state'] or 'no_data'}", lang)


def target_table(shown: list[dict], lang: str) -> pd.DataFrame:
    """The targets as the page lists them (``Overview.targets``), every figure as text."""
    return pd.DataFrame(
        {
            "metric": [i18n.t(f"overview.metric_name.{g['metric']}", lang) for g in shown],
            "year": [g["year"] for g in shown],
            "target": [_target_figure(g["value"], g["metric"], lang) for g in shown],
            "actual": [_target_figure(g["actual"], g["metric"], lang) for g in shown],
            "state": [_target_state(g, lang) for g in shown],
            "source": [g["source"] or i18n.MISSING for g in shown],
        },
        columns=TARGET_COLUMNS,
    )


TARGET_COLUMNS = ("metric", "year", "target", "actual", "state", "source")
