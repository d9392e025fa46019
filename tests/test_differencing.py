"""An attack on suppressed cells by differencing, through every filter combination of a page.

A city official (who owns no scope) opens the Overview and City trends pages of
a small city under every combination of the sidebar filters. Everything shown
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
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.factory import build, d
from tests.test_access import CITY
from workforce import db, i18n

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


def seen_on_overview(app, downloads, scope: frozenset) -> list[tuple[frozenset, str, str]]:
    """(cell scope, measure, shown text) for every participants and employers figure of the Overview."""
    metric = {m.label: m.value for m in app.metric}
    found = [(scope, "participants", metric["Participants"]), (scope, "employers", metric["Employers"])]
    for year, program, _, participants, employers, _ in rows(downloads["overview_by_program_csv"]):
        if int(year) == YEAR:
            part = scope | {("program", program)}
            found += [(part, "participants", participants), (part, "employers", employers)]
    return found


def seen_on_trends(app, downloads, scope: frozenset) -> list[tuple[frozenset, str, str]]:
    """(cell scope, measure, shown text) for every figure of the three splits of City trends."""
    found = []
    for by in ("program", "sector", "district"):
        for year, group, participants, employers, _ in rows(downloads[f"chart_participants_by_{by}_csv"]):
            if int(year) == YEAR:
                part = scope | {(by, split_value(by, group))}
                found += [(part, "participants", participants), (part, "employers", employers)]
    return found


def scopes() -> list[dict[str, str | None]]:
    """Every combination of the sidebar's scope filters that selects some participant."""
    found = []
    for values in itertools.product(*[[None, *CHOICES[k]] for k in DIMENSIONS]):
        chosen = dict(zip(DIMENSIONS, values, strict=True))
        if chosen["employer"] and (chosen["sector"] or chosen["district"]):
            continue  # an employer is in one sector and one district: the same scope as the employer alone
        if truth(frozenset((k, v) for k, v in chosen.items() if v), "participants"):
            found.append(chosen)
    return found


def walk(open_page, downloads, page: str, read) -> dict[frozenset, list]:
    """Open ``page`` as the city official under every filter combination: the figures seen, by view."""
    app = open_page(page, account=CITY, lang="en")
    views = {}
    for chosen in scopes():
        for name, value in chosen.items():
            app.selectbox(key=f"filter_{name}").set_value(value)
        downloads.clear()
        app.run()
        assert not app.exception, (chosen, app.exception)
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
    overview = walk(open_page, downloads, "pages/overview.py", seen_on_overview)
    trends = walk(open_page, downloads, "pages/trends.py", seen_on_trends)
    # within each filter combination: the Overview's total and headline, the splits of both pages
    for scope in overview:
        assert small(learnt({"overview": overview[scope], "trends": trends[scope]})) == [], sorted(scope)
    # across filter combinations: e.g. the city's total minus what the reader sees with a filter set
    together = {
        (page, scope): seen
        for page, views in (("o", overview), ("t", trends))
        for scope, seen in views.items()
    }
    leaks = small(learnt(together))
    assert leaks, (
        "nothing leaks across filter combinations any more: make this an assertion that nothing does"
    )
    pytest.xfail(
        "open: a figure of a filtered scope is protected with its own splits, not with those of the coarser "
        f"scopes it is a part of (it needs every scope's figures protected together): {leaks[:3]}"
    )
