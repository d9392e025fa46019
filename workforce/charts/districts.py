"""The district map: equal tiles placed roughly as Moscow's districts lie, or the deployment's own
boundaries as a choropleth. Both draw without fetching anything (no map tiles, no fonts from the web).

A tile's colour is its district's participants; a hidden figure is drawn hatched with the policy's
label, a district pooled with the others light grey, one without participants white.
"""

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from workforce import charts, i18n

SCALE = ("#DCE6F1", "#4E79A7", "#1F3A5F")
"""Light to dark blue: few to many participants."""
HIDDEN_FILL = "#E8E8E8"
OTHER_FILL = charts.OTHER_COLOR
NONE_FILL = "#FAFAFA"
TILE_STATES = ("shown", "hidden", "other", "none")


def _short(name: str) -> str:
    """A tile's label: the name's first letters (``Северное Тушино`` -> ``С.Туш``)."""
    words = name.replace("-", " ").split()
    if len(words) == 1:
        return words[0][:5]
    return f"{words[0][0]}.{words[1][:4]}"


def _name(row: pd.Series, lang: str, column: str = "district") -> str:
    return row[column] if lang == "ru" else row[f"{column}_en"]


def _figure_text(shown: object, state: str, lang: str) -> str:
    """A tile's figure as the page shows it: a number, the policy's label, or nothing."""
    if state == "hidden":
        return str(shown)
    if state != "shown" or i18n.is_missing(shown):
        return ""
    return i18n.integer(shown, lang)


def tile_map(tiles: pd.DataFrame, lang: str, *, height: int = 620) -> go.Figure:
    """One square per district (``pagedata.districts.on_tiles``), coloured by its participants.

    The squares are shapes in the plot's own units, so they keep their size and place at any width; a
    point at each square's centre carries its district (customdata) for the hover and for a click.
    """
    fig = charts.style(
        go.Figure(), lang, height=height
    )  # first: a template applied later re-reads every shape
    shown = tiles[tiles["state"] == "shown"]
    top = max(float(shown["participants"].max()) if not shown.empty else 1.0, 1.0)
    scale = [[0, SCALE[0]], [0.5, SCALE[1]], [1, SCALE[2]]]
    state_text = {s: i18n.t(f"trends.map_state.{s}", lang) for s in TILE_STATES}
    fills = {"hidden": HIDDEN_FILL, "other": OTHER_FILL, "none": NONE_FILL}
    squares = []  # as plain dicts, set once: add_shape validates each and took seconds for 147 tiles
    for row in tiles.itertuples():
        if row.state == "shown":
            fill = sample_colorscale(scale, [float(row.participants) / top])[0]
        else:
            fill = fills[row.state]
        box = {"x0": row.col - 0.47, "x1": row.col + 0.47, "y0": row.row - 0.47, "y1": row.row + 0.47}
        line = {"color": "#9E9E9E" if row.state == "hidden" else "white", "width": 1}
        # opacity 1: the template's shapes are translucent
        squares.append(
            {"type": "rect", **box, "fillcolor": fill, "line": line, "layer": "below", "opacity": 1}
        )
        if row.state == "hidden":  # hatched: a figure is there, but small
            stroke = {"x0": box["x0"], "y0": box["y1"], "x1": box["x1"], "y1": box["y0"]}
            squares.append(
                {
                    "type": "line",
                    **stroke,
                    "line": {"color": "#BDBDBD", "width": 1},
                    "layer": "below",
                    "opacity": 1,
                }
            )
    fig.update_layout(shapes=squares)
    texts = [_figure_text(v, s, lang) for v, s in zip(tiles["shown"], tiles["state"], strict=True)]
    names = [_name(r, lang) for _, r in tiles.iterrows()]
    okrugs = [_name(r, lang, "okrug") for _, r in tiles.iterrows()]
    dark = [
        s == "shown" and float(v) > 0.4 * top
        for v, s in zip(tiles["participants"].fillna(0), tiles["state"], strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=tiles["col"],
            y=tiles["row"],
            mode="markers+text",
            marker={"size": 22, "color": "rgba(0,0,0,0)"},
            text=[
                f"{_short(n)}<br><b>{t}</b>" if t else _short(n)
                for n, t in zip(tiles["district"], texts, strict=True)
            ],
            textfont={"size": 8, "color": ["white" if d else charts.INK for d in dark]},
            hovertext=[
                f"<b>{n}</b> ({o})<br>{state_text[s]}" + (f": {t}" if t else "")
                for n, o, s, t in zip(names, okrugs, tiles["state"], texts, strict=True)
            ],
            hoverinfo="text",
            customdata=tiles["district"],
            showlegend=False,
        )
    )
    # the colour scale, drawn by a point off the plot (none when no tile has a figure to colour)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={
                "color": [0],
                "cmin": 0,
                "cmax": top,
                "colorscale": scale,
                "showscale": not shown.empty,
                "colorbar": {
                    "title": {"text": i18n.t("trends.map_scale", lang)},
                    "thickness": 12,
                    "len": 0.5,
                },
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for state in ("hidden", "other", "none"):  # the legend of the tiles without a figure of their own
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=state_text[state],
                marker={
                    "symbol": "square",
                    "size": 12,
                    "color": fills[state],
                    "line": {"color": "#9E9E9E", "width": 1},
                },
            )
        )
    fig.update_layout(
        annotations=[
            {
                "x": block["col"].min() - 0.47,
                "y": block["row"].min() - 0.5,
                "text": _name(block.iloc[0], lang, "okrug"),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 10, "color": "#5F6368"},
            }
            for _, block in tiles.groupby("okrug", sort=False)
        ]
    )
    fig.update_xaxes(visible=False, range=[tiles["col"].min() - 0.6, tiles["col"].max() + 0.6])
    fig.update_yaxes(
        visible=False,
        autorange=False,
        range=[tiles["row"].max() + 0.6, tiles["row"].min() - 1.1],
        scaleanchor="x",
        scaleratio=1,
        showgrid=False,
    )
    fig.update_layout(
        clickmode="event+select",
        dragmode=False,
        legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0},
        margin={"t": 10},
    )
    return fig


def choropleth(boundaries: dict, tiles: pd.DataFrame, lang: str, *, height: int = 560) -> go.Figure:
    """The deployment's boundaries (``properties.district``) coloured like the tiles, on a blank
    background: no map tiles are fetched."""
    names = [f["properties"]["district"] for f in boundaries["features"]]
    by_name = tiles.set_index("district")
    values, hover = [], []
    for name in names:
        state = by_name["state"].get(name, "none") if name in by_name.index else "none"
        figure = by_name["shown"].get(name) if name in by_name.index else None
        values.append(by_name["participants"].get(name) if state == "shown" else None)
        text = i18n.t(f"trends.map_state.{state}", lang)
        if figure is not None and not i18n.is_missing(figure):
            text += f": {figure if state == 'hidden' else i18n.integer(figure, lang)}"
        hover.append(f"<b>{name}</b><br>{text}")
    fig = go.Figure(
        go.Choroplethmap(
            geojson=boundaries,
            featureidkey="properties.district",
            locations=names,
            z=[None if v is None or pd.isna(v) else float(v) for v in values],
            colorscale=[[0, SCALE[0]], [0.5, SCALE[1]], [1, SCALE[2]]],
            zmin=0,
            marker={"line": {"color": "white", "width": 1}},
            hovertext=hover,
            hoverinfo="text",
            customdata=names,
            colorbar={"title": {"text": i18n.t("trends.map_scale", lang)}, "thickness": 12},
        )
    )
    # the blank style draws no base map at all, so nothing is fetched; the view fits the boundaries
    charts.style(fig, lang, height=height)
    west, south, east, north = _bounds(boundaries)
    span = max(east - west, (north - south) * 1.6, 1e-6)
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
            "zoom": max(0.0, math.log2(360 / span) - 0.2),
        }
    )
    return fig


def _points(coordinates) -> list:
    """Every (lon, lat) pair in a GeoJSON geometry's coordinates, however deeply nested."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates]
    return [point for part in coordinates for point in _points(part)]


def _bounds(boundaries: dict) -> tuple[float, float, float, float]:
    """West, south, east and north of every feature."""
    points = [
        p for f in boundaries["features"] for p in _points((f.get("geometry") or {}).get("coordinates", []))
    ]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)
