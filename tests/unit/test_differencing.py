"""An attack on suppressed cells by differencing, through every filter combination of a page.

A city official (who owns no scope) opens the Overview and City trends pages of
a small city under every combination of the sidebar filters it can choose (none,
or one filter: the sidebar keeps one at a time for a viewer who does not own the
scope). Everything shown
(headline figures and the downloads of every chart) is collected as what the
reader knows exactly; then every total/part relation that holds in the data
(a scope's participants or employers of a year against its programs,
institutions, employers, sectors or districts, when they add up to it) is used
to work out more, until nothing new follows. No count between 1 and 4 may be
learnt that way.

The city (2025 only, each participant one placement):
  s1..s6 at E1 (Metallurgy, district North), s7..s10 at E2 (Metallurgy, South),
  s11..s12 at E3 (Pharmaceuticals, South); programs: s6, s10, s12 in P2, the
  rest in P1; institutions: s1..s7 at C1, s8..s12 at C2.
So the city has 12 participants: P1 9 and P2 3, Metallurgy 10 and
Pharmaceuticals 2, North 6 and South 6, C1 7 and C2 5.
"""

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.fixtures.factory import build, d
from tests.pages.test_access import CITY, COLLEGE
from workforce import disclosure, i18n
from workforce.pagedata import yearly
from workforce.store import accounts, db

YEAR = 2025
EMPLOYERS = {"E1": ("Metallurgy", "North"), "E2": ("Metallurgy", "South"), "E3": ("Pharmaceuticals", "South")}
PEOPLE = {  # participant: (employer, program, institution)
    **{f"s{k}": ("E1", "P2" if k == 6 else "P1", "C1") for k in range(1, 7)},
    **{f"s{k}": ("E2", "P2" if k == 10 else "P1", "C1" if k == 7 else "C2") for k in range(7, 11)},
    **{f"s{k}": ("E3", "P2" if k == 12 else "P1", "C2") for k in range(11, 13)},
}
PROGRAM_NAMES = {"P1": "Program one", "P2": "Program two"}
DIMENSIONS = ("program", "institution", "employer", "sector", "district")
CHOICES = {
    "program": ["P1", "P2"],
    "institution": ["C1", "C2"],
    "employer": list(EMPLOYERS),
    "sector": ["Metallurgy", "Pharmaceuticals"],
    "district": ["North", "South"],
}


def attributes(person: str) -> dict[str, str]:
    employer, program, institution = PEOPLE[person]
    sector, district = EMPLOYERS[employer]
    return {
        "program": program,
        "institution": institution,
        "employer": employer,
        "sector": sector,
        "district": district,
    }


def truth(scope: frozenset, measure: str) -> int:
    """The true count of a cell: participants, or distinct employers, in a scope of (dimension, value)."""
    inside = [p for p in PEOPLE if all(attributes(p)[k] == v for k, v in scope)]
    if measure == "participants":
        return len(inside)
    return len({attributes(p)["employer"] for p in inside})


@pytest.fixture
def small_city(tmp_path: Path, monkeypatch) -> Path:
    path = build(
        tmp_path / "small.duckdb",
        institutions=[{"institution_id": c, "name": f"College {c}"} for c in CHOICES["institution"]],
        employers=[
            {"employer_id": e, "name": f"Plant {e}", "sector": s, "district": x}
            for e, (s, x) in EMPLOYERS.items()
        ],
        programs=[{"program_id": p, "name": n} for p, n in PROGRAM_NAMES.items()],
        participants=[{"participant_id": p, "institution_id": PEOPLE[p][2]} for p in PEOPLE],
        placements=[
            {"placement_id": f"pl-{p}", "participant_id": p, "employer_id": PEOPLE[p][0],
             "program_id": PEOPLE[p][1], "start_date": d("2025-06-01"), "end_date": d("2025-08-31")}
            for p in PEOPLE
        ],
        published_figures=[
            {"figure_id": "F1", "program_id": "P1", "metric": "participants", "period_start": d("2025-01-01"),
             "period_end": d("2025-12-31"), "value": 9, "source": "City report"},
        ],
    )  # fmt: skip
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return path


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]


def split_value(by: str, shown: str) -> str:
    """A split's group as the fixture names it, from the name a download shows."""
    names = {
        "program": {n: p for p, n in PROGRAM_NAMES.items()},
        "sector": {i18n.t(f"sectors.{s}", "en"): s for s in CHOICES["sector"]},
        "district": {x: x for x in CHOICES["district"]},
    }
    return names[by][shown]


def withheld(app, scope: frozenset, by: str) -> bool:
    """Whether the page says it does not show the split ``by`` of the scope; only an institution's split
    by sector or district and an employer's by program are withheld from a city official."""
    said = any(f"split by “{by.capitalize()}”" in str(i.value) for i in app.info) or (
        by == "district" and any("split by “Employer's district”" in str(i.value) for i in app.info)
    )
    chosen = dict(scope)
    expected = ("institution" in chosen and by in ("sector", "district")) or (
        "employer" in chosen and by == "program"
    )
    assert said == bool(expected), (sorted(scope), by)
    return said


def seen_on_overview(app, downloads, scope: frozenset) -> list[tuple[frozenset, str, str]]:
    """(cell scope, measure, shown text) for every participants and employers figure of the Overview."""
    metric = {m.label: m.value for m in app.metric}
    found = [(scope, "participants", metric["Participants"]), (scope, "employers", metric["Employers"])]
    if withheld(app, scope, "program"):
        return found
    for year, program, _, participants, employers, _ in rows(downloads["overview_by_program_csv"]):
        if int(year) == YEAR:
            part = scope | {("program", program)}
            found += [(part, "participants", participants), (part, "employers", employers)]
    return found


def seen_on_trends(app, downloads, scope: frozenset) -> list[tuple[frozenset, str, str]]:
    """(cell scope, measure, shown text) for every figure of the three splits of City trends."""
    found = []
    for by in ("program", "sector", "district"):
        if withheld(app, scope, by):
            continue
        for year, group, participants, employers, _ in rows(downloads[f"chart_participants_by_{by}_csv"]):
            if int(year) == YEAR:
                part = scope | {(by, split_value(by, group))}
                found += [(part, "participants", participants), (part, "employers", employers)]
    return found


def scopes() -> list[dict[str, str | None]]:
    """Every combination of the sidebar's scope filters a city official can choose: none, or one filter
    (the sidebar keeps one at a time for a viewer who does not own the scope; see test_ui)."""
    found = [dict.fromkeys(DIMENSIONS)]
    for dimension in DIMENSIONS:
        found += [{**dict.fromkeys(DIMENSIONS), dimension: value} for value in CHOICES[dimension]]
    return found


def walk(open_page, downloads, page: str, read) -> dict[frozenset, list]:
    """Open ``page`` as the city official under every filter combination: the figures seen, by view."""
    app = open_page(page, account=CITY, lang="en")
    views = {}
    for chosen in scopes():
        for name, value in chosen.items():
            if value is None:
                app.selectbox(key=f"filter_{name}").set_value(None)
        for name, value in chosen.items():
            if value is not None:
                app.selectbox(key=f"filter_{name}").set_value(value)
        downloads.clear()
        app.run()
        assert not app.exception, (chosen, app.exception)
        assert {k: app.selectbox(key=f"filter_{k}").value for k in DIMENSIONS} == chosen
        scope = frozenset((k, v) for k, v in chosen.items() if v)
        views[scope] = read(app, downloads, scope)
    return views


def relations(cells: set[tuple[frozenset, str]]) -> list[tuple[tuple, list[tuple]]]:
    """Every (total, parts) among the cells' scopes that holds in the data: a scope against one
    dimension's values, when they add up to it."""
    found = []
    for scope, measure in cells:
        for dimension in DIMENSIONS:
            if dimension in dict(scope):
                continue
            parts = [(scope | {(dimension, v)}, measure) for v in CHOICES[dimension]]
            parts = [p for p in parts if truth(*p)]
            if sum(truth(*p) for p in parts) == truth(scope, measure):
                found.append(((scope, measure), parts))
    return found


def learnt(views: dict[frozenset, list]) -> dict[tuple, int]:
    """What the reader knows exactly: every figure shown as a number, and everything that follows by
    subtracting shown parts from a shown total (or adding up the parts), repeated until nothing new."""
    known: dict[tuple, int] = {}
    cells = set()
    for seen in views.values():
        for scope, measure, text in seen:
            cells.add((scope, measure))
            if text.isdigit():
                assert int(text) == truth(scope, measure), (scope, measure, text)
                known[(scope, measure)] = int(text)
    every = cells | {
        (s, m) for s, m in itertools.product({c[0] for c in cells}, ("participants", "employers"))
    }
    links = relations(every)
    grown = True
    while grown:
        grown = False
        for total, parts in links:
            missing = [c for c in [total, *parts] if c not in known]
            if len(missing) != 1:
                continue
            cell = missing[0]
            known[cell] = (
                sum(known[p] for p in parts)
                if cell == total
                else known[total] - sum(known[p] for p in parts if p != cell)
            )
            grown = True
    return known


def small(known: dict[tuple, int]) -> list[tuple]:
    return sorted(
        ((sorted(scope), measure, value) for (scope, measure), value in known.items() if 1 <= value <= 4),
        key=str,
    )


def test_no_small_count_follows_by_differencing_on_the_overview_and_city_trends(
    small_city, open_page, downloads
):
    overview = walk(open_page, downloads, "app_pages/overview.py", seen_on_overview)
    trends = walk(open_page, downloads, "app_pages/trends.py", seen_on_trends)
    # within each filter combination: the Overview's total and headline, the splits of both pages
    for scope in overview:
        assert small(learnt({"overview": overview[scope], "trends": trends[scope]})) == [], sorted(scope)
    # across filter combinations: e.g. the city's split by program minus the Overview with one program chosen
    together = {
        (page, scope): seen
        for page, views in (("o", overview), ("t", trends))
        for scope, seen in views.items()
    }
    assert small(learnt(together)) == []


def chosen_filters(app) -> dict[str, str | None]:
    return {k: app.selectbox(key=f"filter_{k}").value for k in DIMENSIONS}


def test_a_city_official_choosing_a_second_filter_replaces_the_first(small_city, open_page):
    app = open_page("app_pages/overview.py", account=CITY, lang="en")
    app.selectbox(key="filter_program").set_value("P1").run()
    app.selectbox(key="filter_sector").set_value("Metallurgy").run()
    assert not app.exception
    assert chosen_filters(app) == {**dict.fromkeys(DIMENSIONS), "sector": "Metallurgy"}
    assert any("one of these filters at a time" in c.value for c in app.sidebar.caption)


def test_an_administrator_combines_filters(small_city, open_page):
    app = open_page("app_pages/overview.py", lang="en")
    app.selectbox(key="filter_program").set_value("P1").run()
    app.selectbox(key="filter_sector").set_value("Metallurgy").run()
    assert not app.exception
    assert chosen_filters(app) == {**dict.fromkeys(DIMENSIONS), "program": "P1", "sector": "Metallurgy"}


def test_a_link_with_two_filters_keeps_the_first_for_a_city_official(small_city, open_page):
    app = open_page("app_pages/overview.py", account=CITY, lang="en", program="P1", district="North")
    assert not app.exception
    assert chosen_filters(app) == {**dict.fromkeys(DIMENSIONS), "program": "P1"}
    assert any("only “Program” was kept" in w.value for w in app.warning)


def test_a_published_figure_shows_the_same_protected_cell_as_the_overview(small_city, open_page, downloads):
    # the city's split by program hides P2 (3) and so P1 (9) too: a figure of P1 in 2025 must not show 9
    app = open_page("app_pages/figures.py", account=CITY, lang="en")
    assert not app.exception
    (row,) = rows(downloads["download_published_figures_csv"])
    assert row[0] == "F1" and row[5] == "c"
    overview = open_page("app_pages/overview.py", account=CITY, lang="en")
    by_program = {r[1]: r[3] for r in rows(downloads["overview_by_program_csv"]) if r[0] == str(YEAR)}
    assert by_program == {"P1": "c", "P2": "<5"}
    assert not overview.exception


@pytest.fixture
def hiring_city(tmp_path: Path, monkeypatch) -> Path:
    """2025: s1..s12 finish a summer placement at E1 and are hired by it in September (12 hires from
    an internship); s1..s10 were in program P1, s11 and s12 in no program."""
    people = [f"s{k}" for k in range(1, 13)]
    path = build(
        tmp_path / "hiring.duckdb",
        institutions=[{"institution_id": "C1", "name": "College C1"}],
        employers=[{"employer_id": "E1", "name": "Plant E1", "sector": "Metallurgy"}],
        programs=[{"program_id": p, "name": n} for p, n in PROGRAM_NAMES.items()],
        participants=[{"participant_id": p, "institution_id": "C1"} for p in people],
        placements=[
            {"placement_id": f"pl-{p}", "participant_id": p, "employer_id": "E1",
             "program_id": "P1" if k <= 10 else None, "start_date": d("2025-06-01"),
             "end_date": d("2025-08-31")}
            for k, p in enumerate(people, 1)
        ],
        hires=[
            {"hire_id": f"h-{p}", "participant_id": p, "employer_id": "E1", "hire_date": d("2025-09-15")}
            for p in people
        ],
    )  # fmt: skip
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return path


def test_hires_from_internships_cannot_be_subtracted_across_filter_choices(hiring_city, open_page):
    # the city's 12 minus program P1's 10 would give the 2 hires from no program: P1's is hidden
    app = open_page("app_pages/overview.py", account=CITY, lang="en")
    city = {m.label: m.value for m in app.metric}
    assert city["Hired after an internship"] == "12"
    app.selectbox(key="filter_program").set_value("P1").run()
    assert not app.exception
    program = {m.label: m.value for m in app.metric}
    assert program["Hired after an internship"] == "c"
    # and its intern hire rate (10 of 10 completers: the denominator is a complement of the city's too)
    assert program["Intern hire rate"] == "c"
    admin = open_page("app_pages/overview.py", lang="en", program="P1")
    assert {m.label: m.value for m in admin.metric}["Hired after an internship"] == "10"


def test_the_metrics_command_shows_a_viewer_the_cells_the_pages_show(small_city, tmp_path):
    # P1's 9 participants of 2025 are hidden ("c") on the pages to protect P2's 3: so in the report too
    accounts_file = tmp_path / "accounts.sqlite"
    accounts.add_account("official", "a long enough password", "city", path=accounts_file, check_scope=False)
    command = [sys.executable, "-m", "workforce", "metrics", "--db", str(small_city), "--as-of", "2026-03-01"]
    env = {**os.environ, "WORKFORCE_ACCOUNTS": str(accounts_file)}

    def report(*extra: str) -> dict:
        done = subprocess.run([*command, *extra], capture_output=True, text=True, env=env, check=True)
        return {row["year"]: row for row in json.loads(done.stdout)["by_year"]}

    assert report("--program", "P1", "--json")[YEAR]["participants"] == 9
    viewer = report("--program", "P1", "--json", "--viewer", "official")
    assert viewer[YEAR]["participants"] == "c"
    assert report("--json", "--viewer", "official")[YEAR]["participants"] == 12


@pytest.fixture
def two_colleges(tmp_path: Path, monkeypatch) -> Path:
    """2025: C1's s1..s9 and C2's s10..s12 at E1: the city's 12 are 9 + 3."""
    people = {f"s{k}": "C1" if k <= 9 else "C2" for k in range(1, 13)}
    path = build(
        tmp_path / "colleges.duckdb",
        institutions=[{"institution_id": c, "name": f"College {c}"} for c in ("C1", "C2")],
        employers=[{"employer_id": "E1", "name": "Plant E1", "sector": "Metallurgy"}],
        participants=[{"participant_id": p, "institution_id": c} for p, c in people.items()],
        placements=[
            {"placement_id": f"pl-{p}", "participant_id": p, "employer_id": "E1",
             "start_date": d("2025-06-01"), "end_date": d("2025-08-31")}
            for p in people
        ],
    )  # fmt: skip
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    monkeypatch.setattr(db, "today", lambda: TODAY)
    return path


def test_a_college_that_knows_its_own_count_learns_no_other_from_the_city_total(two_colleges, open_page):
    # a city official: C2's 3 is hidden, and C1's 9 beside it; the city's 12 can be shown
    official = open_page("app_pages/overview.py", account=CITY, lang="en")
    assert {m.label: m.value for m in official.metric}["Participants"] == "12"
    # college C1 knows its own 9: the city's 12 would tell it that C2 had 3
    college = open_page("app_pages/overview.py", account=COLLEGE, lang="en")
    assert not college.exception
    assert {m.label: m.value for m in college.metric}["Participants"] == "c"


def test_the_city_keeps_its_employer_count_though_each_employer_counts_one(tmp_path, monkeypatch):
    # six employers with two interns each in 2025: each employer's own count of employers is 1 ("<5"),
    # which every reader knows; it must not make the city's 6 employers hidden
    path = build(
        tmp_path / "six.duckdb",
        institutions=[{"institution_id": "C1", "name": "College C1"}],
        employers=[
            {"employer_id": f"E{k}", "name": f"Plant {k}", "sector": "Metallurgy"} for k in range(1, 7)
        ],
        participants=[{"participant_id": f"s{k}", "institution_id": "C1"} for k in range(1, 13)],
        placements=[
            {"placement_id": f"pl{k}", "participant_id": f"s{k}", "employer_id": f"E{(k + 1) // 2}",
             "start_date": d("2025-06-01"), "end_date": d("2025-08-31")}
            for k in range(1, 13)
        ],
    )  # fmt: skip
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    cube = yearly.protected_cube(disclosure.get_policy())
    assert cube.cell((), YEAR, "employers").shown == 6
    assert cube.cell((), YEAR, "participants").shown == 12
    assert cube.cell((("employer", "E1"),), YEAR, "participants").shown == "<5"
