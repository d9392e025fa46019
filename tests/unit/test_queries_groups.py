"""Hand-worked answers of participants_by_year_and_group (the groups kept, and the rest as (other)), and
the hire cube against the report for every one-filter scope."""

import pytest

from tests.fixtures.factory import build, d
from workforce.analysis import metrics
from workforce.pagedata.yearly import HIRE_MEASURES as MEASURES
from workforce.store import db


def test_the_groups_with_most_participants_per_year_are_kept_and_the_rest_pooled_once(tmp_path):
    # Program A: a1 and a2 in 2023 and again in 2024 (2 + 2 = 4 participants over the years).
    # Program B: b1, b2, b3 in 2023 only (3). So with one group kept, A is kept though B has more
    # distinct people over the whole period. Program C: b1 in 2023 too, c1 in 2024.
    # (other) = B and C: 2023 b1, b2, b3 (b1 once though in both), 2024 c1.
    placements = []
    for number, (participant, program, year) in enumerate(
        [
            ("a1", "A", 2023), ("a1", "A", 2024), ("a2", "A", 2023), ("a2", "A", 2024),
            ("b1", "B", 2023), ("b2", "B", 2023), ("b3", "B", 2023),
            ("b1", "C", 2023), ("c1", "C", 2024),
        ]
    ):  # fmt: skip
        placements.append(
            {
                "placement_id": f"pl{number}",
                "participant_id": participant,
                "employer_id": "E",
                "program_id": program,
                "start_date": d(f"{year}-03-01"),
                "end_date": d(f"{year}-05-31"),
                "status": "completed",
            }
        )
    path = build(
        tmp_path / "groups.duckdb",
        programs=[{"program_id": p, "name": f"Program {p}"} for p in "ABC"],
        participants=[{"participant_id": p} for p in ("a1", "a2", "b1", "b2", "b3", "c1")],
        placements=placements,
    )
    params = {**db.scope_params(), "year_from": 2023, "year_to": 2024, "by": "program", "top": 1}
    frame = db.run("participants_by_year_and_group", params, path)
    got = frame[["year", "group_id", "participants", "employers"]].values.tolist()
    assert got == [
        [2023, "A", 2, 1],
        [2023, "(other)", 3, 1],
        [2024, "A", 2, 1],
        [2024, "(other)", 1, 1],
    ]
    assert frame["group_name"].tolist()[::2] == ["Program A", "Program A"]
    assert frame["group_name"].isna().tolist()[1::2] == [True, True]
    assert frame["growth"].round(4).tolist()[2:] == [0.0, round(1 / 3 - 1, 4)]
    every = db.run("participants_by_year_and_group", {**params, "top": 10}, path)
    assert every.loc[every["year"] == 2023, ["group_id", "participants"]].values.tolist() == [
        ["A", 2],
        ["B", 3],
        ["C", 1],
    ]


@pytest.mark.parametrize(
    "scope",
    [{}, {"program": "P1"}, {"program": "P2"}, {"institution": "C1"}, {"institution": "C2"},
     {"employer": "E1"}, {"employer": "E2"}, {"sector": "Microelectronics"}, {"district": "Ступино"}],
)  # fmt: skip
def test_the_hire_cube_has_every_one_filter_scopes_figures_as_the_report_gives_them(city_database, scope):
    # build_city (conftest): hires h1 (s2 by E2, 2024, from pl2 in P1), h2 (s4 by E2, 2025, from pl5
    # in P1), h3 (s5 by E1, 2025, from pl6 in P2); the report is the reference for every scope
    cube = db.run("hires_by_year_cube")
    dimension, group = next(iter(scope.items()), ("", None))
    rows = cube[(cube["dimension"] == dimension) & ((cube["group_id"] == group) if group else True)]
    full = db.scope_params(**scope)
    internship = dict(db.run("internship_hires_by_year", full)[["year", "internship_hires"]].values)
    for report in metrics.by_year(full):
        year = report["year"]
        got = {m: int(rows[(rows["measure"] == m) & (rows["year"] == year)]["value"].sum()) for m in MEASURES}
        rate = report["intern_hire_rate"] or {"numerator": 0, "denominator": 0}
        assert got == {
            "hires": report["hires"],
            "internship_hires": internship.get(year, 0),
            "intern_hire_numerator": rate["numerator"],
            "intern_hire_denominator": rate["denominator"],
        }, (scope, year)
