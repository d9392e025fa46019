"""Tiny databases for tests, written as lists of rows with sensible defaults."""

import datetime as dt
from pathlib import Path

import pandas as pd

from workforce import db, importer
from workforce.contract import TABLES

SHARED_MINI = Path(__file__).resolve().parents[2] / "shared" / "samples" / "mini"
# The contract's worked example: the shared copy when it is beside the clone (as
# in CI), else the copy kept in tests/data (taken from it, for a lone clone).
MINI = (
    SHARED_MINI if (SHARED_MINI / "expected").is_dir() else Path(__file__).resolve().parent / "data" / "mini"
)

DEFAULTS = {
    "institutions": {"name": "College", "kind": "college", "district": None},
    "employers": {
        "name": "Plant",
        "sector": "Metallurgy",
        "district": None,
        "zone": None,
    },
    "programs": {"name": "Program", "operator": None, "kind": "internship"},
    "agreements": {
        "field": None,
        "scholarships": False,
        "guaranteed_practice": False,
        "guaranteed_employment": False,
    },
    "participants": {
        "institution_id": "I",
        "specialty": None,
        "level": "vocational",
        "graduation_year": 2024,
    },
    "placements": {
        "employer_id": "E",
        "program_id": None,
        "end_date": None,
        "status": "completed",
    },
    "hires": {"employer_id": "E", "exit_date": None, "monthly_salary": None},
    "published_figures": {
        "program_id": None,
        "employer_id": None,
        "institution_id": None,
        "qualifier": "exact",
        "source": "Test",
        "url": None,
        "published_on": None,
    },
}


def d(text: str) -> dt.date:
    """A date from ISO text, to keep fixtures short."""
    return dt.date.fromisoformat(text)


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows of one table with defaults filled in, columns in contract order."""
    columns = TABLES[table].column_names
    filled = [{**DEFAULTS.get(table, {}), **row} for row in rows]
    return pd.DataFrame([[r.get(c) for c in columns] for r in filled], columns=columns, dtype=object)


def build(path: Path, **tables: list[dict]) -> Path:
    """A database at ``path`` holding the given rows; unmentioned parents get one default row each."""
    tables.setdefault("institutions", [{"institution_id": "I"}])
    tables.setdefault("employers", [{"employer_id": "E"}])
    frames = {name: frame(name, rows) for name, rows in tables.items()}
    importer.import_frames(frames, path)
    db.clear_cache()
    return path
