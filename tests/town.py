"""A tiny town for the Cohorts, Employers and Pipeline tests: three colleges, four employers, seven students.

Every figure the tests expect is worked out by hand in the comments below;
``AS_OF`` is the date they are computed for.

Participants (institution, specialty, level, graduation year), placements and hires:
  a1 A Welding vocational 2023  pl1 E1 P1 2022-06-01..2022-08-31 completed
                                h1 E1 2022-09-30, stays
  a2 A Welding vocational 2023  pl2 E1 P1 2022-06-01..2022-08-31 completed
                                h2 E3 2023-01-15, exits 2023-05-01 (106 days)
  a3 A Turning bachelor   2023  never placed, never hired
  a4 A (none)  vocational 2024  pl4 E2 -- 2023-06-01..2023-07-31 completed
                                h3 E2 2023-08-10, exits 2024-08-20 (376 days)
  b1 B Welding vocational 2023  pl5 E1 P1 2023-06-01..2023-08-31 completed
                                h4 E1 2024-10-01 (end + 397 days), stays
  b2 B Welding vocational 2025  pl6 E3 -- 2024-09-01.. ongoing
  b3 B Welding vocational 2024  pl7 E3 -- 2024-02-01..2024-04-30 completed
                                h5 E2 2023-12-01 (before pl7), exits 2024-01-10 (40 days)
Institution C has nobody. Employers: E1, E2 and E4 (no activity) are Metallurgy, E3 is Microelectronics.
Hires from an internship: h1 (source pl1, 30 days) and h3 (source pl4, 10 days).
"""

import datetime as dt
from pathlib import Path

from tests.factory import build

AS_OF = dt.date(2026, 1, 1)


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _placement(
    pid: str, person: str, employer: str, program: str | None, start: str, end: str | None, status: str
) -> dict:
    return {
        "placement_id": pid,
        "participant_id": person,
        "employer_id": employer,
        "program_id": program,
        "start_date": _d(start),
        "end_date": _d(end),
        "status": status,
    }


def _hire(hid: str, person: str, employer: str, date: str, exit_date: str | None) -> dict:
    return {
        "hire_id": hid,
        "participant_id": person,
        "employer_id": employer,
        "hire_date": _d(date),
        "exit_date": _d(exit_date),
        "monthly_salary": None,
    }


def _person(pid: str, institution: str, specialty: str | None, level: str, year: int) -> dict:
    return {
        "participant_id": pid,
        "institution_id": institution,
        "specialty": specialty,
        "level": level,
        "graduation_year": year,
    }


def build_town(path: Path) -> Path:
    """The town's database at ``path``."""
    return build(
        path,
        institutions=[
            {"institution_id": "A", "name": "Колледж Альфа", "kind": "college", "district": "Zelenograd"},
            {
                "institution_id": "B",
                "name": "Техникум Бета",
                "kind": "technical_school",
                "district": "Stupino",
            },
            {"institution_id": "C", "name": "Колледж Гамма", "kind": "college", "district": None},
        ],
        employers=[
            {"employer_id": "E1", "name": "Завод Один", "sector": "Metallurgy", "district": "Stupino"},
            {"employer_id": "E2", "name": "Завод Два", "sector": "Metallurgy", "district": "Stupino"},
            {
                "employer_id": "E3",
                "name": "Микрон Три",
                "sector": "Microelectronics",
                "district": "Zelenograd",
            },
            {"employer_id": "E4", "name": "Завод Четыре", "sector": "Metallurgy", "district": "Stupino"},
        ],
        programs=[{"program_id": "P1", "name": "Практика на заводе", "kind": "practice"}],
        participants=[
            _person("a1", "A", "Welding", "vocational", 2023),
            _person("a2", "A", "Welding", "vocational", 2023),
            _person("a3", "A", "Turning", "bachelor", 2023),
            _person("a4", "A", None, "vocational", 2024),
            _person("b1", "B", "Welding", "vocational", 2023),
            _person("b2", "B", "Welding", "vocational", 2025),
            _person("b3", "B", "Welding", "vocational", 2024),
        ],
        placements=[
            _placement("pl1", "a1", "E1", "P1", "2022-06-01", "2022-08-31", "completed"),
            _placement("pl2", "a2", "E1", "P1", "2022-06-01", "2022-08-31", "completed"),
            _placement("pl4", "a4", "E2", None, "2023-06-01", "2023-07-31", "completed"),
            _placement("pl5", "b1", "E1", "P1", "2023-06-01", "2023-08-31", "completed"),
            _placement("pl6", "b2", "E3", None, "2024-09-01", None, "ongoing"),
            _placement("pl7", "b3", "E3", None, "2024-02-01", "2024-04-30", "completed"),
        ],
        hires=[
            _hire("h1", "a1", "E1", "2022-09-30", None),
            _hire("h2", "a2", "E3", "2023-01-15", "2023-05-01"),
            _hire("h3", "a4", "E2", "2023-08-10", "2024-08-20"),
            _hire("h4", "b1", "E1", "2024-10-01", None),
            _hire("h5", "b3", "E2", "2023-12-01", "2024-01-10"),
        ],
    )
