"""Published figures: every figure that was published, next to what the data shows for the same thing."""

import streamlit as st

from workforce import disclosure, i18n, ui
from workforce.pagedata import figures as page_data
from workforce.pagedata import yearly

f = ui.filters(period=False, scope=False)
lang = f.lang
ui.header("figures.title", lang, "figures.caption")

figures = page_data.checked()
if figures.empty:
    ui.empty("figures.none", lang, hint_key="figures.none_hint")
    st.stop()

figures["published"] = [i18n.qualified(q, v, lang) for q, v in zip(figures["qualifier"], figures["value"])]
figures["metric_name"] = figures["metric"].map(lambda m: i18n.t(f"common.metric.{m}", lang))
figures["period"] = [
    f"{i18n.date(a, lang)} – {i18n.date(b, lang)}"
    for a, b in zip(figures["period_start"], figures["period_end"])
]
figures["scope"] = [
    ui.scope_label(lang, program=p, institution=i, employer=e)
    for p, i, e in zip(figures["program_id"], figures["institution_id"], figures["employer_id"], strict=True)
]
figures["subject"] = [f"{m} · {s}" for m, s in zip(figures["metric_name"], figures["scope"], strict=True)]
figures["source_dated"] = [
    source if i18n.is_missing(day) else f"{source}, {i18n.date(day, lang)}"
    for source, day in zip(figures["source"], figures["published_on"], strict=True)
]
# Where the data's count is suppressed for this viewer, the verdict is too: beside a public
# figure of 3, "matched" would give the hidden count away.
cells = yearly.figure_cells(figures, f.policy, own=yearly.own_key(f.viewer))
hidden = [cell.state == disclosure.SUPPRESSED for cell in cells]
figures["matched"] = figures["matched"].astype(object).where([not h for h in hidden], None)
figures["verdict"] = [
    i18n.t("figures.mark_hidden" if h else "figures.mark_matched" if m else "figures.mark_contradicted", lang)
    for h, m in zip(hidden, figures["matched"], strict=True)
]

checked = figures[[not h for h in hidden]]
contradicted = checked[~checked["matched"].astype(bool)]
if any(hidden):
    st.caption(i18n.t("figures.some_hidden", lang, count=sum(hidden)))
if checked.empty:
    pass  # nothing to compare for this viewer: the caption above says why
elif contradicted.empty:
    st.success(i18n.t("figures.all_matched", lang, count=len(checked)), icon=":material/check_circle:")
else:
    st.error(
        i18n.t("figures.some_contradicted", lang, count=len(contradicted), total=len(checked)),
        icon=":material/error:",
    )
    for row in contradicted.itertuples():
        st.markdown(
            i18n.t(
                "figures.contradicted_line",
                lang,
                id=row.figure_id,
                metric=row.metric_name.lower(),
                scope=row.scope,
                period=row.period,
                published=row.published,
                source=row.source,
                in_data=ui.count_text(cells[row.Index], lang),
            )
        )

shown = ["verdict", "subject", "period", "published", "in_data", "url", "source_dated"]
exported = [
    "figure_id",
    "metric_name",
    "scope",
    "period",
    "published",
    "in_data",
    "source",
    "published_on",
    "url",
    "matched",
]
labels = {c: i18n.t(f"figures.columns.{c}", lang) for c in {*shown, *exported}}


def protected(columns: list[str]) -> disclosure.Protected | None:
    """The columns with "in data" as the viewer may see it (None: the owner's exact view)."""
    if f.policy is disclosure.NONE:
        return None
    return disclosure.from_cells(figures[columns], {"in_data": cells}, f.policy)


ui.table(
    figures[shown],
    "published_figures",
    lang,
    labels=labels,
    formats={"url": "text"},
    highlight=figures["matched"].map(lambda m: m is False),
    column_config={
        "url": st.column_config.LinkColumn(display_text=i18n.t("figures.open_link", lang), width="small"),
    },
    downloads=False,
    protected=protected(shown),
)
ui.download(
    figures[exported],
    "published_figures",
    lang,
    labels=labels,
    protected=protected(exported),
)
st.caption(i18n.t("figures.rule", lang))
