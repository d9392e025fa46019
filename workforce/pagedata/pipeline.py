"""Data for the Pipeline page: placements from institution to sector to outcome, protected together."""

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workforce import disclosure
from workforce.pagedata.scope import Database, period, scope_of
from workforce.store import db

OUTCOMES = ("hired_by_host", "hired_elsewhere", "not_hired")


def placement_outcomes(
    params: Mapping, year_from: int | None = None, year_to: int | None = None, database: Database = None
) -> pd.DataFrame:
    """Completed placements in scope ending in the period, by institution, sector and outcome."""
    return db.run("placement_outcomes", {**scope_of(params), **period(year_from, year_to)}, database)


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
