"""Data for the Cohorts, Employers and Pipeline pages: their queries and reports, shaped for display.

Every figure comes from a query in ``queries/`` or from ``metrics``; this
module picks, joins and reshapes rows, so a page can draw them as they are, and
protects together the figures of one page that add up to each other
(``protect_pipeline``).
"""

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workforce import db, disclosure, metrics

Database = str | os.PathLike | None

SPLITS = ("specialty", "level")
STAGES = ("cohort", "placed", "hired", "still_employed")
OUTCOMES = ("hired_by_host", "hired_elsewhere", "not_hired")
COMPARED = ("intern_hire_rate", "median_days_to_hire", "retention_12m")
SCOPE_KEYS = ("program", "institution", "employer", "sector", "district")


def _period(year_from: int | None, year_to: int | None) -> dict[str, int | None]:
    return {"year_from": year_from, "year_to": year_to}


def _scope(params: Mapping) -> dict:
    """The five scope parameters of ``params`` (missing ones null)."""
    return db.scope_params(**{k: params.get(k) for k in SCOPE_KEYS})


def _in_years(frame: pd.DataFrame, column: str, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if year_from is not None:
        keep &= frame[column] >= year_from
    if year_to is not None:
        keep &= frame[column] <= year_to
    return frame[keep].reset_index(drop=True)


def _part(r: dict | None, key: str) -> float | int | None:
    return None if r is None else r[key]


def institutions(database: Database = None) -> pd.DataFrame:
    """Every institution (institution_id, name, kind, district), sorted by name."""
    return db.run("institution_names", {}, database)


def employers(
    sector: str | None = None, district: str | None = None, database: Database = None
) -> pd.DataFrame:
    """Employers (employer_id, name, sector, district) in a sector and a district (None = any), by name."""
    frame = db.run("employer_names", {}, database)
    if sector is not None:
        frame = frame[frame.sector == sector]
    if district is not None:
        frame = frame[frame.district == district]
    return frame.reset_index(drop=True)


def cohorts(
    institution: str,
    as_of: dt.date,
    year_from: int | None = None,
    year_to: int | None = None,
    database: Database = None,
) -> pd.DataFrame:
    """An institution's graduation cohorts (metrics.cohorts) beside all institutions pooled, by year.

    Columns: graduation_year, cohort_size, placed, placement_rate,
    employed_1y_numerator, employed_1y (null until observable), and the same
    six for all institutions as all_cohort_size, all_placed, ... ; graduation
    years limited to ``year_from``..``year_to``.
    """
    own = pd.DataFrame(
        [
            {
                "graduation_year": c["graduation_year"],
                "cohort_size": c["cohort_size"],
                "placed": _part(c["placement_rate"], "numerator"),
                "placement_rate": _part(c["placement_rate"], "value"),
                "employed_1y_numerator": _part(c["employed_1y"], "numerator"),
                "employed_1y": _part(c["employed_1y"], "value"),
            }
            for c in metrics.cohorts(institution, as_of, database)
        ],
        columns=[
            "graduation_year",
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_1y",
        ],
    )
    pooled = db.run("pooled_cohorts", {"as_of": as_of, **_period(year_from, year_to)}, database)
    pooled["employed_1y_numerator"] = pooled["employed_1y_numerator"].where(pooled["employed_observable"])
    pooled = pooled.drop(columns="employed_observable").rename(
        columns=lambda c: c if c == "graduation_year" else f"all_{c}"
    )
    own = _in_years(own, "graduation_year", year_from, year_to)
    return own.merge(pooled, on="graduation_year", how="left").astype({"graduation_year": int})


def cohort_segments(
    institution: str | None, graduation_year: int, split: str, as_of: dt.date, database: Database = None
) -> pd.DataFrame:
    """One row per specialty or level (``split``) of one cohort: size, placement rate, employed_1y."""
    if split not in SPLITS:
        raise ValueError(f"not a split: {split!r}")
    params = {"institution": institution, "graduation_year": graduation_year, "split": split, "as_of": as_of}
    frame = db.run("cohort_segments", params, database)
    frame["employed_1y_numerator"] = frame["employed_1y_numerator"].where(frame["employed_observable"])
    return frame.drop(columns=["employed_observable", "graduation_year"])


def cohort_funnel(
    institution: str | None, graduation_year: int, as_of: dt.date, database: Database = None
) -> pd.DataFrame:
    """The four stages of one cohort (see STAGES) with counts and shares of the cohort."""
    params = {"institution": institution, "graduation_year": graduation_year, "as_of": as_of}
    return db.run("cohort_funnel_stages", params, database)


def years(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """metrics.by_year for a scope as a frame, limited to the period.

    Columns: year, participants (interns), employers, hires, intern_hire_numerator,
    intern_hire_denominator, intern_hire_rate, median_days_to_hire, median_salary.
    """
    rows = [
        {
            "year": r["year"],
            "participants": r["participants"],
            "intern_hire_numerator": _part(r["intern_hire_rate"], "numerator") or 0,
            "intern_hire_denominator": _part(r["intern_hire_rate"], "denominator") or 0,
            "intern_hire_rate": _part(r["intern_hire_rate"], "value"),
            "median_days_to_hire": r["median_days_to_hire"],
            "hires": r["hires"],
            "median_salary": r["median_salary"],
        }
        for r in metrics.by_year(_scope(params), database)
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "participants",
            "intern_hire_numerator",
            "intern_hire_denominator",
            "intern_hire_rate",
            "median_days_to_hire",
            "hires",
            "median_salary",
        ],
    )
    frame = frame.astype(
        {"median_days_to_hire": "float64", "intern_hire_rate": "float64", "median_salary": "float64"}
    )
    return _in_years(frame, "year", year_from, year_to)


def has_activity(years_frame: pd.DataFrame) -> bool:
    """Whether a ``years`` frame has any intern, completer or hire."""
    counted = years_frame[["participants", "intern_hire_denominator", "hires"]]
    return bool(len(counted)) and bool(counted.to_numpy().any())


def headline_years(years_frame: pd.DataFrame, last_full_year: int) -> tuple[pd.Series, pd.Series | None]:
    """The row of the last listed year up to ``last_full_year`` (else the last row) and the row before it."""
    ended = years_frame[years_frame["year"] <= last_full_year]
    latest = (ended if len(ended) else years_frame).tail(2)
    return latest.iloc[-1], (latest.iloc[0] if len(latest) == 2 else None)


def retention(params: Mapping, as_of: dt.date, database: Database = None) -> dict:
    """The contract's retention_6m and retention_12m (metrics.retention) for a scope."""
    return metrics.retention(_scope(params), as_of, database)


def retention_curve(params: Mapping, as_of: dt.date, database: Database = None) -> pd.DataFrame:
    """Share of observable hires in scope still employed m = 1..24 months after hire."""
    return db.run("retention_curve", {**_scope(params), "as_of": as_of}, database)


def sources_by_institution(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Interns and hires in scope during the period, one row per institution they come from."""
    return db.run(
        "interns_and_hires_by_institution", {**_scope(params), **_period(year_from, year_to)}, database
    )


def sources_by_program(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Interns and hires from an internship in scope during the period, one row per program (null: none)."""
    return db.run("interns_and_hires_by_program", {**_scope(params), **_period(year_from, year_to)}, database)


def sector_comparison(
    employer: str,
    params: Mapping,
    as_of: dt.date,
    year_from: int | None = None,
    year_to: int | None = None,
    database: Database = None,
) -> pd.DataFrame:
    """The employer against the median employer of its sector, one row per compared figure.

    Columns: metric (one of COMPARED), value, numerator, denominator (null for
    days), sector_median, difference (value - sector_median), employers (how
    many of the sector's employers the median is over). Empty for an unknown employer.
    """
    scope = _scope(params)
    query = {
        "employer": employer,
        "program": scope["program"],
        "institution": scope["institution"],
        "district": scope["district"],
        "as_of": as_of,
        **_period(year_from, year_to),
    }
    frame = db.run("sector_employers", query, database)
    mine = frame[frame.is_selected]
    columns = ["metric", "value", "numerator", "denominator", "sector_median", "difference", "employers"]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    row = mine.iloc[0]
    compared = [
        ("intern_hire_rate", "intern_hire_numerator", "intern_hire_denominator", "intern_hire_rate"),
        ("median_days_to_hire", None, None, "days_to_hire"),
        ("retention_12m", "retention_12m_numerator", "retention_12m_denominator", "retention_12m"),
    ]
    records = []
    for metric, numerator, denominator, sector_key in compared:
        value = row[metric]
        median = row[f"sector_median_{sector_key}"]
        records.append(
            {
                "metric": metric,
                "value": value,
                "numerator": None if numerator is None else int(row[numerator]),
                "denominator": None if denominator is None else int(row[denominator]),
                "sector_median": median,
                "difference": value - median,
                "employers": int(row[f"sector_employers_{sector_key}"]),
            }
        )
    result = pd.DataFrame(records, columns=columns)
    return result.astype({"value": "float64", "sector_median": "float64", "difference": "float64"})


def sector_of(employer: str, database: Database = None) -> str | None:
    """The sector of an employer (None when unknown)."""
    frame = db.run("employer_names", {}, database)
    found = frame.loc[frame.employer_id == employer, "sector"]
    return None if found.empty else str(found.iloc[0])


def placement_outcomes(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Completed placements in scope ending in the period, by institution, sector and outcome."""
    return db.run("placement_outcomes", {**_scope(params), **_period(year_from, year_to)}, database)


def completed_placements(outcomes: pd.DataFrame) -> int:
    """How many completed placements the outcome rows count in all."""
    return int(outcomes["placements"].sum())


def pooled_institutions(outcomes: pd.DataFrame, top: int) -> int:
    """How many institutions ``flows(outcomes, top)`` pools under "others" (0 when none)."""
    return max(0, outcomes["institution_name"].nunique() - top)


def outcome_totals(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Placements per outcome, every outcome in OUTCOMES order (zeros included), with its share."""
    counts = outcomes.groupby("outcome")["placements"].sum().reindex(list(OUTCOMES), fill_value=0)
    total = int(counts.sum())
    frame = counts.rename_axis("outcome").reset_index()
    frame["share"] = frame["placements"] / total if total else float("nan")
    return frame


def _institution_nodes(outcomes: pd.DataFrame, top: int | None, others: str) -> pd.Series:
    """Each row's institution node in the Sankey: its name, or ``others`` beyond the ``top`` largest."""
    names = outcomes["institution_name"]
    if top is None:
        return names
    sizes = outcomes.groupby("institution_name")["placements"].sum()
    ranked = sorted(sizes.index, key=lambda name: (-sizes[name], name))
    return names.where(names.isin(set(ranked[:top])), others)


def flows(outcomes: pd.DataFrame, top: int | None = None, others: str = "others") -> pd.DataFrame:
    """The Sankey's links: institution -> sector and sector -> outcome, with the placements each carries.

    Columns: source_kind, source, target_kind, target, placements; institution
    links are keyed by name (institution_name), outcomes by their code. With
    ``top``, only the ``top`` institutions with the most placements keep their
    own node; the rest are pooled under the name ``others``.
    """
    outcomes = outcomes.assign(institution_name=_institution_nodes(outcomes, top, others))
    first = (
        outcomes.groupby(["institution_name", "sector"], as_index=False)["placements"]
        .sum()
        .rename(columns={"institution_name": "source", "sector": "target"})
        .assign(source_kind="institution", target_kind="sector")
    )
    second = (
        outcomes.groupby(["sector", "outcome"], as_index=False)["placements"]
        .sum()
        .rename(columns={"sector": "source", "outcome": "target"})
        .assign(source_kind="sector", target_kind="outcome")
    )
    columns = ["source_kind", "source", "target_kind", "target", "placements"]
    return pd.concat([first[columns], second[columns]], ignore_index=True)


@dataclass(frozen=True)
class PipelineCells:
    """The Pipeline page's figures as a viewer who does not own the scope sees them."""

    completed: disclosure.Cell
    outcomes: dict[str, disclosure.Cell]
    """Placements per outcome."""
    shares: dict[str, disclosure.Cell]
    """Each outcome's share of the completed placements."""
    links: list[disclosure.Cell]
    """One per row of ``flows(outcomes, top, others)``."""
    detail: list[disclosure.Cell]
    """One per row of ``outcomes``."""


def protect_pipeline(
    outcomes: pd.DataFrame, top: int | None, others: str, policy: disclosure.Policy
) -> PipelineCells:
    """Every figure of the Pipeline page protected together: the completed placements, the outcome
    totals, the Sankey's links and nodes, and the detail rows all add up to each other, so a reader
    could subtract shown figures from any of them (``disclosure.protect_related``).

    The nodes' totals (placements per sector, per institution node) count as shown: plotly shows a
    node's value, and treating them as known can only suppress more.
    """
    links = flows(outcomes, top, others)
    nodes = _institution_nodes(outcomes, top, others)
    values: dict = {"completed": completed_placements(outcomes)}
    detail = [("detail", k) for k in range(len(outcomes))]
    values.update(zip(detail, (int(v) for v in outcomes["placements"]), strict=True))
    members: dict = {}  # a total's key -> the detail rows it adds up
    for k, (node, sector, outcome) in enumerate(
        zip(nodes, outcomes["sector"], outcomes["outcome"], strict=True)
    ):
        for key in (
            ("outcome", outcome),
            ("sector", sector),
            ("institution", node),
            ("link", "institution", node, sector),
            ("link", "sector", sector, outcome),
        ):
            members.setdefault(key, []).append(("detail", k))
    for key, parts in members.items():
        values[key] = sum(values[p] for p in parts)
    for outcome in OUTCOMES:
        values.setdefault(("outcome", outcome), 0)
    link_keys = [
        ("link", kind, source, target)
        for kind, source, target in zip(links["source_kind"], links["source"], links["target"], strict=True)
    ]
    links_of: dict = {}  # a node's key -> its links, in and out
    for key in link_keys:
        _, kind, source, target = key
        if kind == "institution":
            links_of.setdefault(("institution", source), []).append(key)
            links_of.setdefault(("sector in", target), []).append(key)
        else:
            links_of.setdefault(("sector out", source), []).append(key)
            links_of.setdefault(("outcome", target), []).append(key)
    groups = [(key, parts) for key, parts in members.items() if key[0] == "link"]
    # a sector's placements are the sum of its links in, and of its links out
    groups += [
        (("sector", node[1]) if node[0].startswith("sector") else node, parts)
        for node, parts in links_of.items()
    ]
    for kind in ("outcome", "sector", "institution"):
        groups.append(("completed", [key for key in values if key[0] == kind]))
    cells = disclosure.protect_related(values, [(t, p) for t, p in groups if p], policy=policy)
    completed = cells["completed"]
    outcome_cells = {o: cells[("outcome", o)] for o in OUTCOMES}
    # a share is hidden with its outcome count or the total (report_rate: a rate of linked cells)
    shares = {
        outcome: disclosure.report_rate(
            {
                "value": cell.value / completed.value if completed.value else None,
                "numerator": cell,
                "denominator": completed,
            },
            policy,
        )
        for outcome, cell in outcome_cells.items()
    }
    return PipelineCells(
        completed, outcome_cells, shares, [cells[k] for k in link_keys], [cells[k] for k in detail]
    )
