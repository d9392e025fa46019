"""Pipeline: completed placements flowing from institution to the host's sector to what came of them."""

import streamlit as st

from workforce import disclosure, i18n, ui
from workforce.charts import pipeline as page_charts
from workforce.pagedata import coverage
from workforce.pagedata import pipeline as page_data

TOP = 12
COLUMNS = ("institution_name", "sector", "outcome_name", "placements", "source", "target")

f = ui.filters()
lang = f.lang
ui.header("pipeline.title", lang, "pipeline.caption", start=f.year_from, end=f.year_to)
labels = {c: i18n.t(f"pipeline.columns.{c}", lang) for c in COLUMNS}

outcomes = page_data.placement_outcomes(f.params, f.year_from, f.year_to)
if not outcomes.empty:
    outcomes = outcomes.assign(sector=ui.names("sector", outcomes["sector"], lang))
if outcomes.empty:
    ui.empty("pipeline.empty", lang, "pipeline.hint", start=f.year_from, end=f.year_to)
    st.stop()


def outcome_name(code: str) -> str:
    """The outcome's name in the page's language."""
    return i18n.t(f"pipeline.outcome.{code}", lang)


totals = page_data.outcome_totals(outcomes)
completed = page_data.completed_placements(outcomes)
others = i18n.t("pipeline.other_institutions", lang)
policy = f.policy
# every figure of the page adds up to others: protected together (None: the owner's exact view)
cells = None if policy is disclosure.NONE else page_data.protect_pipeline(outcomes, TOP, others, policy)
columns = st.columns(len(totals) + 1)
with columns[0]:
    ui.metric(
        i18n.t("pipeline.completed", lang),
        completed if cells is None else cells.completed,
        None,
        lang,
        help=i18n.t("pipeline.help.completed", lang),
        policy=policy,
    )
for column, row in zip(columns[1:], totals.itertuples(), strict=True):
    with column:
        ui.metric(
            i18n.t(f"pipeline.outcome_short.{row.outcome}", lang),
            row.share if cells is None else cells.shares[row.outcome],
            None,
            lang,
            kind="rate",
            help=i18n.t(
                f"pipeline.help.{row.outcome}",
                lang,
                placements=ui.count_text(
                    row.placements if cells is None else cells.outcomes[row.outcome], lang, policy
                ),
            ),
            policy=policy,
            base=(row.placements, completed),
        )

settled = ui.placements_note(
    coverage.placements(f.params, f.year_from, f.year_to, f.today), f.today, lang, policy
)
if settled:
    st.caption(settled)

links = page_data.flows(outcomes, top=TOP, others=others)
exported = links.assign(
    source=[
        outcome_name(n) if k == "outcome" else n for k, n in zip(links.source_kind, links.source, strict=True)
    ],
    target=[
        outcome_name(n) if k == "outcome" else n for k, n in zip(links.target_kind, links.target, strict=True)
    ],
)[["source", "target", "placements"]]
pooled = page_data.pooled_institutions(outcomes, TOP)
if pooled:
    st.caption(i18n.t("pipeline.top", lang, shown=TOP, rest=pooled))
flows = None if cells is None else disclosure.from_cells(exported, {"placements": cells.links}, policy)
shown_links = ui.plotted(links, flows)
ui.chart(
    page_charts.sankey(shown_links[shown_links["placements"].notna()], lang, others, known=ui.known_names()),
    exported,
    "pipeline_flows",
    lang,
    key="pipeline_sankey",
    labels=labels,
    protected=flows,
    caption=i18n.t("pipeline.definitions", lang),
)

st.subheader(i18n.t("pipeline.details", lang))
detail = outcomes.assign(outcome_name=outcomes["outcome"].map(outcome_name))[
    ["institution_name", "sector", "outcome_name", "placements"]
]
ui.table(
    detail,
    "pipeline_outcomes",
    lang,
    key="pipeline_table",
    labels=labels,
    protected=None if cells is None else disclosure.from_cells(detail, {"placements": cells.detail}, policy),
)
