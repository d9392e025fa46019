"""Within one page, figures that add up to each other are protected together: no small count follows
from the shown ones by any combination of the page's own totals and parts (linear algebra, the
strongest reader of exact figures).

The Pipeline's small city (2025 only, every placement completed in summer):
  C1's students at E1 (Metallurgy): 8 hired by E1, 2 not hired;
  C2's students at E1: 6 not hired; C2's students at E3 (Pharmaceuticals): 7 hired by E3.
Cell by cell only the 2 is small; but the Sankey's link C1 -> Metallurgy (10) minus the
detail row "C1, Metallurgy, hired by host" (8) gives it back unless more is hidden.

The Employers page's sources: E1 took 10 interns in 2025, 8 from C1 and 2 from C2. The page
shows the 10 (interns per year), so the 8 beside it would give the 2 back.
"""

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import TODAY
from tests.fixtures.factory import build, d
from tests.pages.test_access import CITY
from workforce import disclosure
from workforce.pagedata import pipeline as pipeline_data
from workforce.store import db

SUMMER = {"start_date": d("2025-06-01"), "end_date": d("2025-08-31")}
GROUPS = [  # (institution, employer, outcome, how many)
    ("C1", "E1", "hired_by_host", 8),
    ("C1", "E1", "not_hired", 2),
    ("C2", "E1", "not_hired", 6),
    ("C2", "E3", "hired_by_host", 7),
]
SECTORS = {"E1": "Metallurgy", "E3": "Pharmaceuticals"}


def determined_small(values: dict, shown: dict, equations: list[tuple]) -> list:
    """The cells with a true value of 1..4 that the shown figures and the equations pin down.

    ``values``: every cell's true value; ``shown``: the cells displayed as exact numbers;
    ``equations``: (total, parts) with total = sum(parts). A cell is pinned when its unit
    vector lies in the row space of the equations over the cells not shown.
    """
    unknown = [k for k in values if k not in shown]
    column = {k: n for n, k in enumerate(unknown)}
    rows = []
    for total, parts in equations:
        row = np.zeros(len(unknown))
        for k in parts:
            if k in column:
                row[column[k]] += 1
        if total in column:
            row[column[total]] -= 1
        if row.any():
            rows.append(row)
    matrix = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(matrix) if rows else 0
    pinned = []
    for k in unknown:
        if 1 <= values[k] <= 4:
            unit = np.zeros(len(unknown))
            unit[column[k]] = 1
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                pinned.append(k)
    return pinned


def pipeline_equations(outcomes: pd.DataFrame) -> tuple[dict, list]:
    """Every figure of the Pipeline (by key) and every total = sum of parts among them."""
    values: dict = {"completed": int(outcomes["placements"].sum())}
    equations: list = []
    parts: dict = {}
    for k, row in enumerate(outcomes.itertuples()):
        values[("detail", k)] = int(row.placements)
        for total in (
            ("outcome", row.outcome),
            ("sector", row.sector),
            ("institution", row.institution_name),
            ("link", row.institution_name, row.sector),
            ("link", row.sector, row.outcome),
        ):
            parts.setdefault(total, []).append(("detail", k))
    for total, members in parts.items():
        values[total] = sum(values[m] for m in members)
        equations.append((total, members))
    links = [k for k in values if isinstance(k, tuple) and k[0] == "link"]
    for node in [k for k in values if isinstance(k, tuple) and k[0] in ("outcome", "sector", "institution")]:
        name = node[1]
        incoming = [k for k in links if k[2] == name]
        outgoing = [k for k in links if k[1] == name]
        for side in (incoming, outgoing):
            if side:
                equations.append((node, side))
    for kind in ("outcome", "sector", "institution"):
        equations.append(("completed", [k for k in values if isinstance(k, tuple) and k[0] == kind]))
    return values, equations


def outcomes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"institution_id": c, "institution_name": f"College {c}", "sector": SECTORS[e],
             "outcome": o, "placements": n}
            for c, e, o, n in GROUPS
        ]
    )  # fmt: skip


def test_the_equations_of_the_test_find_the_leak_of_cell_by_cell_suppression():
    outcomes = outcomes_frame()
    values, equations = pipeline_equations(outcomes)
    one_by_one = {k: v for k, v in values.items() if not 1 <= v <= 4}
    assert determined_small(values, one_by_one, equations) == [("detail", 1)]


@pytest.mark.parametrize("policy", ["default", "inserjeunes"])
def test_no_small_count_of_the_pipeline_follows_from_its_shown_figures(policy):
    pol = disclosure.POLICIES[policy]
    outcomes = outcomes_frame()
    cells = pipeline_data.protect_pipeline(outcomes, top=12, others="others", policy=pol)
    assert cells.detail[1].state == disclosure.SUPPRESSED  # the 2
    values, equations = pipeline_equations(outcomes)
    links = pipeline_data.flows(outcomes, 12, "others")
    protected = {("detail", k): c for k, c in enumerate(cells.detail)}
    for row, cell in zip(links.itertuples(), cells.links, strict=True):
        protected[("link", row.source, row.target)] = cell
    protected.update({("outcome", o): c for o, c in cells.outcomes.items()})
    protected["completed"] = cells.completed
    # sector and institution totals are not displayed: a reader knows them only through the equations
    shown = {k: c.value for k, c in protected.items() if c.state in (disclosure.SHOWN, disclosure.ZERO)}
    assert determined_small(values, shown, equations) == []
    assert cells.completed.shown == 23
    # a share is never shown beside a hidden outcome count (share x completed gives it back)
    for outcome, share in cells.shares.items():
        if cells.outcomes[outcome].state == disclosure.SUPPRESSED:
            assert share.state in (disclosure.SUPPRESSED, disclosure.MISSING)


@pytest.fixture
def pipeline_city(tmp_path: Path, monkeypatch) -> Path:
    participants, placements, hires = [], [], []
    for institution, employer, outcome, n in GROUPS:
        for _ in range(n):
            k = len(participants) + 1
            participants.append({"participant_id": f"s{k}", "institution_id": institution})
            placements.append(
                {"placement_id": f"pl{k}", "participant_id": f"s{k}", "employer_id": employer, **SUMMER}
            )
            if outcome == "hired_by_host":
                hires.append({"hire_id": f"h{k}", "participant_id": f"s{k}", "employer_id": employer,
                              "hire_date": d("2025-09-15")})  # fmt: skip
    path = build(
        tmp_path / "pipeline.duckdb",
        institutions=[{"institution_id": c, "name": f"College {c}"} for c in ("C1", "C2")],
        employers=[{"employer_id": e, "name": f"Plant {e}", "sector": s} for e, s in SECTORS.items()],
        participants=participants,
        placements=placements,
        hires=hires,
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return path


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]


def test_the_pipeline_page_gives_a_city_official_no_small_count_by_subtraction(
    pipeline_city, open_page, downloads
):
    app = open_page("app_pages/pipeline.py", account=CITY, lang="en")
    assert not app.exception
    outcomes = pipeline_data.placement_outcomes({})
    values, equations = pipeline_equations(outcomes)
    names = {
        "Hired by the host": "hired_by_host",
        "Hired elsewhere": "hired_elsewhere",
        "Not hired": "not_hired",
    }
    shown = {}
    for source, target, placements in rows(downloads["pipeline_sankey_csv"]):
        if placements.isdigit():
            shown[("link", source, names.get(target, target))] = int(placements)
    for k, (_, _, _, placements) in enumerate(rows(downloads["pipeline_table_csv"])):
        if placements.isdigit():
            shown[("detail", k)] = int(placements)
    completed = {m.label: m.value for m in app.metric}["Completed placements"]
    if completed.isdigit():
        shown["completed"] = int(completed)
    assert shown, "the page shows some figures"
    assert all(values[k] == v for k, v in shown.items())
    assert ("detail", 1) not in shown  # the 2
    assert determined_small(values, shown, equations) == []


@pytest.fixture
def sources_city(tmp_path: Path, monkeypatch) -> Path:
    """E1 took 10 interns in 2025: 8 from C1 and 2 from C2."""
    people = [("C1" if k <= 8 else "C2") for k in range(1, 11)]
    path = build(
        tmp_path / "sources.duckdb",
        institutions=[{"institution_id": c, "name": f"College {c}"} for c in ("C1", "C2")],
        employers=[{"employer_id": "E1", "name": "Plant E1", "sector": "Metallurgy"}],
        participants=[{"participant_id": f"s{k}", "institution_id": c} for k, c in enumerate(people, 1)],
        placements=[
            {"placement_id": f"pl{k}", "participant_id": f"s{k}", "employer_id": "E1", **SUMMER}
            for k in range(1, 11)
        ],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return path


def test_the_employers_sources_are_protected_against_the_interns_the_page_shows(
    sources_city, open_page, downloads
):
    app = open_page("app_pages/employers.py", account=CITY, lang="en", employer="E1")
    assert not app.exception
    interns = {y: n for y, n in rows(downloads["employers_interns_csv"])}
    assert interns == {"2025": "10"}
    by_institution = {name: n for name, n, _ in rows(downloads["employers_by_institution_csv"])}
    # 10 shown and 8 beside it would give the 2 away: both parts are hidden
    assert by_institution == {"College C1": "c", "College C2": "<5"}


def test_a_known_total_makes_its_only_shown_part_a_complementary_suppression():
    frame = pd.DataFrame({"interns": [8, 2, 0]})
    protected = disclosure.protect_frame(frame, counts=["interns"], known_total=True)
    assert list(protected.display["interns"]) == ["c", "<5", 0]
    alone = disclosure.protect_frame(frame, counts=["interns"])
    assert list(alone.display["interns"]) == [8, "<5", 0]
