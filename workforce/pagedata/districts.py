"""The district map's data: one year's participants by employer's district, as City trends protects them.

The map shows exactly the cells of the split by district that the page (and the
yearly cube behind it) shows: the largest districts with their protected figures,
the rest pooled as "other" (a tile of a district among them says so, without a
figure of its own). A reader who does not own the scope therefore learns nothing
from the map that the table beside it does not say. An owner sees every district.

The tiles: ``moscow_tiles.csv`` places each of Moscow's 125 districts and 21
settlements (and Zelenograd as a whole, which files often name) on a grid, in
blocks by okrug set roughly as the okrugs lie; docs/deployment.md ("The district
map") describes it and how to supply real boundaries instead
(``WORKFORCE_DISTRICT_BOUNDARIES``).
"""

import functools
import json
from pathlib import Path

import pandas as pd

from workforce import config, disclosure, i18n
from workforce.pagedata import yearly
from workforce.pagedata.scope import Database, Filters, options

TILES = Path(__file__).with_name("moscow_tiles.csv")
EVERY_DISTRICT = 10_000
"""The owner's split: every district has a figure of its own."""
SHOWN, HIDDEN, OTHER, NONE = "shown", "hidden", "other", "none"
"""A tile's state: its figure is shown; hidden by disclosure control; pooled with the other districts;
no employer there (or no participants that year)."""


@functools.cache
def tiles() -> pd.DataFrame:
    """The tile layout: district, district_en, okrug, okrug_en, col, row (row 0 at the top)."""
    return pd.read_csv(TILES, dtype={"col": int, "row": int}, keep_default_na=False)


class BoundariesError(ValueError):
    """The boundaries file named by WORKFORCE_DISTRICT_BOUNDARIES cannot be used; the message says why."""


def boundaries() -> dict | None:
    """The deployment's district boundaries (GeoJSON FeatureCollection whose features name their district
    in ``properties.district``), or None when the setting is not given."""
    if not config.is_set("WORKFORCE_DISTRICT_BOUNDARIES"):
        return None
    path = Path(config.get("WORKFORCE_DISTRICT_BOUNDARIES"))
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BoundariesError(f"{path}: not a readable GeoJSON file ({error})") from None
    features = found.get("features") if isinstance(found, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundariesError(f"{path}: a GeoJSON FeatureCollection with features is expected")
    for number, feature in enumerate(features, start=1):
        name = (feature.get("properties") or {}).get("district")
        if not isinstance(name, str) or not name:
            raise BoundariesError(f"{path}: feature {number} has no properties.district")
    return found


def split_for_map(f: Filters, scope_years: yearly.ScopeYears, database: Database = None) -> yearly.ScopeYears:
    """The split by district the map draws: the page's own for a reader under disclosure control; for the
    owner, every district (nothing is protected, so nothing is pooled)."""
    if f.policy is not disclosure.NONE:
        return scope_years
    return yearly.scope_years(
        f.scope, f.year_from, f.year_to, f.policy, top=EVERY_DISTRICT, shown=("district",), database=database
    )


def values(scope_years: yearly.ScopeYears, year: int, database: Database = None) -> pd.DataFrame:
    """One row per district of the year's split by district with participants that year, as the page shows
    it: ``district`` (None for
    participants whose employer gives none), ``participants`` (the number a chart may plot, NaN when
    hidden), ``shown`` (the figure as the page shows it: a number, the policy's label) and ``state``
    (SHOWN, HIDDEN or OTHER for the pooled rest, whose row is ``yearly.OTHER``)."""
    frame = scope_years.splits["district"]
    protected = scope_years.protected_splits["district"]
    plotted = disclosure.plotted(frame, protected)
    display = frame if protected is None else protected.display
    states = None if protected is None else protected.states["participants"]
    rows = []
    for position in frame.index[frame["year"] == year]:
        hidden = states is not None and states[position] == disclosure.SUPPRESSED
        if not hidden and frame.at[position, "participants"] == 0:
            continue  # a group of the period with none this year: a true zero, its tile stays empty
        group = frame.at[position, "group_id"]
        rows.append(
            {
                "district": None if pd.isna(group) else str(group),
                "participants": plotted.at[position, "participants"],
                "shown": display.at[position, "participants"],
                "state": HIDDEN if hidden else OTHER if group == yearly.OTHER else SHOWN,
            }
        )
    return pd.DataFrame(rows, columns=["district", "participants", "shown", "state"])


def on_tiles(found: pd.DataFrame, database: Database = None) -> pd.DataFrame:
    """Every tile with its district's figure: ``values`` joined to the layout. A district with no figure
    of its own that has employers is among the pooled others (OTHER) when the split pools any, else it
    had no participants that year (NONE); a district no employer names is NONE."""
    layout = tiles().merge(found[found["district"].notna()], on="district", how="left")
    pooled = bool((found["state"] == OTHER).any())
    named = layout["district"].isin(set(options("district", database=database)))
    without = layout["state"].isna()
    layout.loc[without, "state"] = [OTHER if pooled and known else NONE for known in named[without]]
    return layout


def off_map(found: pd.DataFrame) -> pd.DataFrame:
    """The split's rows the tiles do not place: districts outside the layout (towns of the region, a
    name spelled otherwise), participants whose employer gives no district, and the pooled others."""
    if found.empty:
        return found
    placed = set(tiles()["district"])
    return found[~found["district"].isin(placed)].reset_index(drop=True)


def off_map_line(found: pd.DataFrame, lang: str) -> str | None:
    """The split's rows off the map in words ("Not on the map: Подольск 120, the other districts 45,
    employer's district not given <5."), or None when every row is on a tile."""
    rest = off_map(found)
    if rest.empty:
        return None
    parts = []
    for row in rest.itertuples():
        if row.state == OTHER:
            name = i18n.t("common.other", lang)
        elif i18n.is_missing(row.district):
            name = i18n.t("trends.map_no_district", lang)
        else:
            name = row.district
        figure = str(row.shown) if row.state == HIDDEN else i18n.integer(row.shown, lang)
        parts.append(f"{name} {figure}")
    return i18n.t("trends.map_off", lang, rows=", ".join(parts))
