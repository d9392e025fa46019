"""The Pipeline page's Sankey diagram: institution -> sector -> outcome."""

import pandas as pd
import plotly.graph_objects as go

from workforce import charts, i18n

# Outcomes keep one colour everywhere, none of them a palette colour that an institution or sector may have:
# green for a hire by the host, violet for another hire, grey for none.
OUTCOME_COLORS = {
    "hired_by_host": charts.MATCHED_COLOR,
    "hired_elsewhere": "#6A3D9A",
    "not_hired": charts.NONE_COLOR,
}


def rgba(hex_color: str, alpha: float) -> str:
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def sankey(links: pd.DataFrame, lang: str, others: str = "", known: charts.Known | None = None) -> go.Figure:
    """Institution -> sector -> outcome; link widths are completed placements, colours their source's."""
    named = links.loc[links.source_kind == "institution", "source"].drop_duplicates().tolist()
    institutions = sorted(n for n in named if n != others) + [n for n in named if n == others]
    sectors = links.loc[links.target_kind == "sector", "target"].drop_duplicates().tolist()
    outcomes = [o for o in OUTCOME_COLORS if o in set(links.loc[links.target_kind == "outcome", "target"])]
    institution_colors = charts.colors("institution", institutions, known)
    institution_colors[others] = charts.NONE_COLOR
    sector_colors = charts.colors("sector", sectors, known)
    nodes = (
        [("institution", n, institution_colors.get(n, charts.NONE_COLOR)) for n in institutions]
        + [("sector", n, sector_colors.get(n, charts.NONE_COLOR)) for n in sorted(sectors)]
        + [("outcome", n, OUTCOME_COLORS[n]) for n in outcomes]
    )
    index = {(kind, name): i for i, (kind, name, _) in enumerate(nodes)}
    labels = [i18n.t(f"pipeline.outcome.{n}", lang) if k == "outcome" else n for k, n, _ in nodes]
    colours = [c for _, _, c in nodes]
    source = [index[(k, n)] for k, n in zip(links.source_kind, links.source, strict=True)]
    target = [index[(k, n)] for k, n in zip(links.target_kind, links.target, strict=True)]
    link_colours = [
        rgba(OUTCOME_COLORS[n] if k == "outcome" else colours[s], 0.35)
        for k, n, s in zip(links.target_kind, links.target, source, strict=True)
    ]
    unit = i18n.t("pipeline.placements_unit", lang)
    height = max(460, 44 * max(len(institutions), len(sectors)))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",d",
            valuesuffix=" " + unit,
            node={
                "label": labels,
                "color": colours,
                "pad": 14,
                "thickness": 16,
                "line": {"color": "white", "width": 0.5},
                "hovertemplate": "%{label}: %{value}<extra></extra>",
            },
            link={
                "source": source,
                "target": target,
                "value": links["placements"].tolist(),
                "color": link_colours,
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<extra></extra>",
            },
        )
    )
    charts.style(fig, lang, height=height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, font={"size": 13})
    return fig
