"""The district map: its tile layout, the figures it draws (City trends' split by district, protected as
there), the tiles and the choropleth, and the boundaries file's checks.

The small city (tests/conftest.py, build_city), employers' districts: E1 Ступино, E2 Зеленоград, E3 none.
2025: s1 s4 with E2 (Зеленоград: 2), s5 s7 with E1 (Ступино: 2), s6 with E3 (no district: 1).
2024: s1 s2 with E2 (Зеленоград: 2), s3 with E1 (Ступино: 1).
"""

import json

import pandas as pd
import pytest

from tests.conftest import TODAY
from workforce import disclosure
from workforce.charts import districts as district_charts
from workforce.demo.population import MOSCOW_DISTRICTS
from workforce.pagedata import districts, yearly
from workforce.pagedata.scope import Filters
from workforce.store import accounts, db

CITY = accounts.Account("city", "City official", "city")
ADMIN = accounts.Account("admin", "Administrator", "admin")


@pytest.fixture
def seen_today(monkeypatch):
    monkeypatch.setattr(db, "today", lambda: TODAY)


def test_the_layout_places_every_district_once_on_its_own_tile():
    tiles = districts.tiles()
    assert len(tiles) == 147  # 125 districts, 21 settlements of New Moscow, Zelenograd as a whole
    assert tiles["district"].is_unique
    assert not tiles.duplicated(["col", "row"]).any()
    assert tiles.groupby("okrug").size().to_dict() == {
        "Восточный": 16, "Западный": 13, "Зеленоградский": 6, "Новомосковский": 11, "Северный": 16,
        "Северо-Восточный": 17, "Северо-Западный": 8, "Троицкий": 10, "Центральный": 10, "Южный": 16,
        "Юго-Восточный": 12, "Юго-Западный": 12,
    }  # fmt: skip
    # each okrug's tiles form a block of their own: no two okrugs' blocks overlap
    boxes = tiles.groupby("okrug").agg(
        c0=("col", "min"), c1=("col", "max"), r0=("row", "min"), r1=("row", "max")
    )
    for a, first in boxes.iterrows():
        for b, second in boxes.iterrows():
            if a < b:
                apart = (
                    first.c1 < second.c0
                    or second.c1 < first.c0
                    or first.r1 < second.r0
                    or second.r1 < first.r0
                )
                assert apart, (a, b)


def test_every_moscow_district_of_the_demo_has_a_tile():
    # Бауманский is a historic area inside Басманный, not a district: the map lists it under the tiles
    assert set(MOSCOW_DISTRICTS) - set(districts.tiles()["district"]) == {"Бауманский"}


def _values(account, year=2025):
    f = Filters("en", 2024, 2025, viewer=account)
    years = yearly.scope_years(f.scope, 2024, 2025, f.policy, own=yearly.own_key(account))
    return f, years, districts.values(districts.split_for_map(f, years), year)


def test_the_owner_sees_every_district_with_its_count(city_database, seen_today):
    _, _, found = _values(ADMIN)
    rows = {(None if pd.isna(r.district) else r.district): (r.shown, r.state) for r in found.itertuples()}
    assert rows == {"Зеленоград": (2, "shown"), "Ступино": (2, "shown"), None: (1, "shown")}
    _, _, before = _values(ADMIN, 2024)
    assert dict(zip(before["district"], before["shown"], strict=True)) == {"Зеленоград": 2, "Ступино": 1}


def test_tiles_carry_the_figures_and_the_rest_is_off_the_map(city_database, seen_today):
    _, _, found = _values(ADMIN)
    tiles = districts.on_tiles(found).set_index("district")
    assert tiles.loc["Зеленоград", ["shown", "state"]].tolist() == [2, "shown"]
    assert tiles.loc["Печатники", "state"] == "none"  # no employer there
    assert (tiles["state"] == "shown").sum() == 1
    assert (
        districts.off_map_line(found, "en") == "Not on the map: Ступино 2, employer's district not given 1."
    )
    assert districts.off_map_line(found, "ru") == "Не на карте: Ступино 2, район работодателя не указан 1."


def test_a_city_official_sees_on_the_map_exactly_the_cells_of_the_split(city_database, seen_today):
    """Every count of the small city is below 5: the map shows the policy's label, never a number, and
    each tile is the very cell the split by district shows (so the map gives nothing away)."""
    f, years, found = _values(CITY)
    assert f.policy is not disclosure.NONE
    for row in found.itertuples():
        group = None if pd.isna(row.district) else row.district
        cell = years.cell(2025, "participants", "district", group)
        assert row.shown == cell.shown
        assert row.state == ("hidden" if cell.state == disclosure.SUPPRESSED else "shown")
    assert set(found["state"]) == {"hidden"}
    assert set(found["shown"]) == {"<5"}
    tiles = districts.on_tiles(found)
    figure = district_charts.tile_map(tiles, "en")
    texts = [t for t in figure.data[0].text if "Зелен" in t]
    assert texts == ["Зелен<br><b><5</b>"]
    assert (
        districts.off_map_line(found, "en") == "Not on the map: Ступино <5, employer's district not given <5."
    )


def test_the_tile_map_is_one_square_and_one_clickable_point_per_district(city_database, seen_today):
    _, _, found = _values(ADMIN)
    figure = district_charts.tile_map(districts.on_tiles(found), "ru")
    squares = [s for s in figure.layout.shapes if s.type == "rect"]
    assert len(squares) == 147
    points = figure.data[0]
    assert list(points.customdata) == districts.tiles()["district"].tolist()
    zelenograd = next(s for s in squares if s.x0 < 0 < s.x1 and s.y0 < 0 < s.y1)  # its tile is at (0, 0)
    assert zelenograd.fillcolor == "rgb(31, 58, 95)"  # the largest figure: the darkest blue
    assert figure.layout.clickmode == "event+select"


def _square(x: float, y: float, name: str) -> dict:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"district": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_boundaries_draw_a_choropleth_that_fetches_nothing(city_database, seen_today, tmp_path, monkeypatch):
    shapes = {
        "type": "FeatureCollection",
        "features": [_square(37.5, 55.7, "Зеленоград"), _square(37.7, 55.7, "Арбат")],
    }
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps(shapes), encoding="utf-8")
    monkeypatch.setenv("WORKFORCE_DISTRICT_BOUNDARIES", str(path))
    _, _, found = _values(ADMIN)
    figure = district_charts.choropleth(districts.boundaries(), districts.on_tiles(found), "en")
    trace = figure.data[0]
    assert list(trace.locations) == ["Зеленоград", "Арбат"]
    assert list(trace.z) == [2.0, None]
    assert figure.layout.map.style == "white-bg"  # no base map: nothing is fetched
    assert "http" not in json.dumps(figure.layout.map.to_plotly_json())
    assert 37.5 < figure.layout.map.center.lon < 37.8


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a readable GeoJSON file"),
        ('{"type": "FeatureCollection", "features": []}', "a GeoJSON FeatureCollection with features"),
        ('{"type": "FeatureCollection", "features": [{"properties": {"name": "x"}}]}', "feature 1 has no"),
    ],
)
def test_a_bad_boundaries_file_is_refused_with_its_name(tmp_path, monkeypatch, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("WORKFORCE_DISTRICT_BOUNDARIES", str(path))
    with pytest.raises(districts.BoundariesError, match=message) as refused:
        districts.boundaries()
    assert str(path) in str(refused.value)


def test_without_the_setting_there_are_no_boundaries(monkeypatch):
    monkeypatch.delenv("WORKFORCE_DISTRICT_BOUNDARIES", raising=False)
    assert districts.boundaries() is None
