"""The benchmark of "Performance at city and country scale": every page's data work on big demo data.

For each demo size and page: the page's own sequence of named queries
(recorded by running the page under AppTest) replayed through ``db.run`` cold
and warm; the same SQL on a plain DuckDB connection; the same figures computed
by a plain pandas build of the dashboard (tables loaded into DataFrames once,
then filtered and grouped in pandas), checked equal to ours; the peak memory of
both, each in a process of its own; and the import of the largest file against
DuckDB's own ``read_csv``. Run it with ``python -m workforce bench``; the
method and one run's figures are in docs/benchmarks.md. Nothing here asserts a
timing.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import pickle
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from workforce import db

PAGES = ("overview", "trends", "cohorts", "employers", "pipeline", "figures", "data")
DEFAULT_SIZES = (100_000, 1_000_000)
DEFAULT_CACHE = db.ROOT / "data" / "bench"
TABLES = (
    "institutions",
    "employers",
    "programs",
    "agreements",
    "participants",
    "placements",
    "hires",
    "published_figures",
)
RECORD_TIMEOUT = 120
# The targets at 1 M participants.
TARGETS = {
    "cold_seconds": 1.0,
    "warm_seconds": 0.2,
    "overhead": 1.3,
    "pandas_ratio": 3.0,
    "memory_ratio": 1 / 3,
    "import_ratio": 3.0,
}
OTHER = "(other)"
YEAR = pd.Timedelta(days=365)

Call = tuple[str, dict[str, Any]]


def parse_sizes(text: str) -> tuple[int, ...]:
    """Demo sizes from ``"100000,1000000"`` (underscores allowed: ``1_000_000``)."""
    try:
        sizes = tuple(int(part.strip()) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValueError(f"not a comma-separated list of participant counts: {text!r}") from None
    if not sizes or min(sizes) <= 0:
        raise ValueError(f"not a comma-separated list of participant counts: {text!r}")
    return sizes


def parse_pages(text: str) -> tuple[str, ...]:
    """Page names from ``"overview,trends"``; each must be one of PAGES."""
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [p for p in chosen if p not in PAGES]
    if unknown or not chosen:
        raise ValueError(f"unknown page(s) {unknown or text!r}; choose from {', '.join(PAGES)}")
    return chosen


def _encode(value: Any) -> Any:
    return {"date": value.isoformat()} if isinstance(value, dt.date) else value


def _decode(value: Any) -> Any:
    return dt.date.fromisoformat(value["date"]) if isinstance(value, dict) else value


def encode_calls(calls: Iterable[Call]) -> list:
    """Calls as JSON-ready lists (dates as ``{"date": "YYYY-MM-DD"}``)."""
    return [[name, {k: _encode(v) for k, v in params.items()}] for name, params in calls]


def decode_calls(data: Iterable) -> list[Call]:
    """The calls of ``encode_calls`` back."""
    return [(name, {k: _decode(v) for k, v in params.items()}) for name, params in data]


def call_key(call: Call) -> str:
    """One text per distinct (query, parameters): ``'["retention", {"as_of": ...}]'``."""
    return json.dumps(encode_calls([call])[0], sort_keys=True)


def distinct(calls: Iterable[Call]) -> list[Call]:
    """The calls without repeats, in first-seen order (what a page really has to compute)."""
    seen: dict[str, Call] = {}
    for call in calls:
        seen.setdefault(call_key(call), call)
    return list(seen.values())


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def demo_database(participants: int, seed: int = 42, cache_dir: str | os.PathLike = DEFAULT_CACHE) -> dict:
    """The demo database of that size and seed under ``cache_dir``, built on first use.

    Rebuilt when the demo generator or the schema changed. Returns path,
    build_seconds (of the build that made it) and cached (whether it was reused).
    """
    from workforce import demo

    folder = Path(cache_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{participants}-seed{seed}.duckdb"
    stamp = folder / f"demo-{participants}-seed{seed}.json"
    wanted = {
        "participants": participants,
        "seed": seed,
        "schema_version": db.SCHEMA_VERSION,
        "generator": _file_digest(Path(demo.__file__)),
    }
    if path.exists() and stamp.exists():
        known = json.loads(stamp.read_text(encoding="utf-8"))
        if {k: known.get(k) for k in wanted} == wanted:
            db.ensure_current(path)  # derived tables and views of this release
            return {"path": path, "build_seconds": known.get("build_seconds"), "cached": True}
    started = time.perf_counter()
    demo.build(path, participants=participants, seed=seed, replace=True)
    elapsed = time.perf_counter() - started
    stamp.write_text(json.dumps({**wanted, "build_seconds": elapsed}), encoding="utf-8")
    return {"path": path, "build_seconds": elapsed, "cached": False}


def table_rows(database: Path) -> dict[str, int]:
    """Rows per contract table."""
    with db.reading(database) as cursor:
        return {t: cursor.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


ROLES = ("admin", "city")


def _signed_in(app: Any, role: str) -> None:
    """Sign the AppTest session in as a benchmark account of ``role``, the way the page tests do."""
    from workforce import accounts, ui

    if hasattr(ui, "SESSION_KEY"):
        account = accounts.Account(f"bench-{role}", f"Benchmark {role}", role)
        app.session_state[ui.SESSION_KEY] = accounts.Session.start(account)


@contextlib.contextmanager
def _environment_for_pages(database: Path) -> Iterator[None]:
    """WORKFORCE_DB set to the benchmark database, and an empty accounts file of our own, for a while."""
    with tempfile.TemporaryDirectory(prefix="workforce-bench-accounts-") as folder:
        wanted = {"WORKFORCE_DB": str(database), "WORKFORCE_ACCOUNTS": str(Path(folder) / "accounts.sqlite")}
        previous = {k: os.environ.get(k) for k in [*wanted, "WORKFORCE_DEMO"]}
        os.environ.update(wanted)
        os.environ.pop("WORKFORCE_DEMO", None)
        try:
            yield
        finally:
            for key, value in previous.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def record(page: str, database: Path, role: str = "admin") -> tuple[list[Call], list[str]]:
    """The (query, parameters) sequence one page issues, recorded by running it under AppTest, and its errors.

    The viewer is signed in with ``role`` (admin: every figure exact, as in the
    metrics report; city: under disclosure control). Every ``db.run`` counts,
    including those made inside ``metrics`` and the other modules a page calls.
    """
    from streamlit.testing.v1 import AppTest

    calls: list[Call] = []
    original = db.run

    def recording(name: str, params: Mapping | None = None, database: Any = None) -> pd.DataFrame:
        calls.append((name, dict(params or {})))
        return original(name, params, database)

    with _environment_for_pages(database):
        db.run = recording
        try:
            app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=RECORD_TIMEOUT)
            _signed_in(app, role)
            app.run()
            calls.clear()
            app.switch_page(f"pages/{page}.py").run()
        finally:
            db.run = original
            db.clear_cache()
    errors = [str(e.value) for e in app.exception]
    if not calls:
        shown = "; ".join(t.value for t in app.title) or "nothing"
        errors.append(f"the page issued no query (it showed: {shown})")
    return calls, errors


Clock = tuple[float, float]


def _clock() -> Clock:
    """Now, as wall-clock and process CPU seconds (CPU of every thread, DuckDB's included)."""
    return time.perf_counter(), time.process_time()


def _since(start: Clock) -> Clock:
    """Wall-clock and CPU seconds since ``start``."""
    now = _clock()
    return now[0] - start[0], now[1] - start[1]


def replay(calls: Sequence[Call], database: Path) -> list[Clock]:
    """Wall and CPU seconds of each call through ``db.run``, in order, in one snapshot as a page run has."""
    snapshot = getattr(db, "snapshot", contextlib.nullcontext)
    times = []
    with snapshot():
        for name, params in calls:
            started = _clock()
            db.run(name, params, database)
            times.append(_since(started))
    return times


def bound(sql: str, params: Mapping) -> dict:
    """The parameters a query's text uses (as ``db.run`` binds them)."""
    used = set(re.findall(r"\$(\w+)", re.sub(r"--[^\n]*", "", sql)))
    return {k: v for k, v in params.items() if k in used}


def raw_times(calls: Sequence[Call], database: Path) -> tuple[Clock, list[Clock]]:
    """Wall and CPU seconds to open a plain read-only connection, and to execute and fetch each call's SQL."""
    started = _clock()
    con = duckdb.connect(str(database), read_only=True)
    connect = _since(started)
    times = []
    try:
        for name, params in calls:
            sql = db.query_sql(name)
            started = _clock()
            cursor = con.cursor()
            cursor.execute(sql, bound(sql, params)).fetchall()
            cursor.close()
            times.append(_since(started))
    finally:
        con.close()
    return connect, times


def load_tables(database: Path) -> dict[str, pd.DataFrame]:
    """The contract's tables as DataFrames, the fastest way we found: DuckDB to Arrow to pandas."""
    with db.reading(database) as cursor:
        return {t: cursor.table(t).to_arrow_table().to_pandas(date_as_object=False) for t in TABLES}


class Frames:
    """The loaded tables, and the frames derived from them during one page run (each built once per run)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.tables = dict(tables)
        self._derived: dict[str, Any] = {}

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    def forget(self) -> None:
        """Start a new page run: derived frames are built again."""
        self._derived.clear()

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A frame derived from the tables, built on first use in this run."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]


def _day(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value)


def _in_years(years: pd.Series, year_from: int | None, year_to: int | None) -> pd.Series:
    keep = pd.Series(True, index=years.index)
    if year_from is not None:
        keep &= years >= year_from
    if year_to is not None:
        keep &= years <= year_to
    return keep


def _matching(frame: pd.DataFrame, **wanted: Any) -> pd.Series:
    """Rows whose columns equal the given values (None restricts nothing; a missing cell never matches)."""
    keep = pd.Series(True, index=frame.index)
    for column, value in wanted.items():
        if value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NA:
            keep &= frame[column] == value
    return keep


def _member(values: pd.Series, among: Iterable) -> np.ndarray:
    """Whether each value is among the others, by a hash lookup.

    ``Series.isin`` on pandas 3's Arrow-backed ``str`` dtype converts the set
    one scalar at a time (9 s for 1 M ids against 1 M); a fair pandas build
    would not ship that, so we look the values up in an Index instead.
    """
    return pd.Index(pd.unique(pd.Series(among))).get_indexer(values) >= 0


def _placements(frames: Frames) -> pd.DataFrame:
    """Placements with their participant's institution and their employer's sector and district."""

    def build() -> pd.DataFrame:
        people = frames["participants"][["participant_id", "institution_id"]]
        hosts = frames["employers"][["employer_id", "sector", "district"]]
        return frames["placements"].merge(people, on="participant_id").merge(hosts, on="employer_id")

    return frames.derived("placements", build)


def _hire_sources(frames: Frames) -> pd.DataFrame:
    """Hires from an internship: hire_id, source_placement_id, days_to_hire (the contract's rule)."""

    def build() -> pd.DataFrame:
        hires = frames["hires"][["hire_id", "participant_id", "employer_id", "hire_date"]]
        placements = frames["placements"]
        completed = placements.loc[
            placements["status"] == "completed",
            ["placement_id", "participant_id", "employer_id", "start_date", "end_date"],
        ]
        pairs = hires.merge(completed, on=["participant_id", "employer_id"])
        pairs = pairs[
            (pairs["start_date"] <= pairs["hire_date"]) & (pairs["hire_date"] <= pairs["end_date"] + YEAR)
        ]
        pairs = pairs.sort_values(["hire_id", "end_date", "placement_id"], ascending=[True, False, True])
        chosen = pairs.drop_duplicates("hire_id")
        return pd.DataFrame(
            {
                "hire_id": chosen["hire_id"],
                "source_placement_id": chosen["placement_id"],
                "days_to_hire": (chosen["hire_date"] - chosen["end_date"]).dt.days.clip(lower=0),
            }
        ).reset_index(drop=True)

    return frames.derived("hire_sources", build)


def _hires(frames: Frames) -> pd.DataFrame:
    """Hires with their participant's institution, their employer's sector and district, and their source."""

    def build() -> pd.DataFrame:
        people = frames["participants"][["participant_id", "institution_id"]]
        hosts = frames["employers"][["employer_id", "sector", "district"]]
        programs = frames["placements"][["placement_id", "program_id"]].rename(
            columns={"placement_id": "source_placement_id", "program_id": "source_program_id"}
        )
        return (
            frames["hires"]
            .merge(people, on="participant_id")
            .merge(hosts, on="employer_id")
            .merge(_hire_sources(frames), on="hire_id", how="left")
            .merge(programs, on="source_placement_id", how="left")
        )

    return frames.derived("hires", build)


def _scoped_placements(frames: Frames, params: Mapping, **override: Any) -> pd.DataFrame:
    """The scoped_placements macro: placements of the program, institution, employer, sector and district."""
    scope = {
        **{k: params.get(k) for k in ("program", "institution", "employer", "sector", "district")},
        **override,
    }
    frame = _placements(frames)
    keep = _matching(
        frame,
        program_id=scope["program"],
        institution_id=scope["institution"],
        employer_id=scope["employer"],
        sector=scope["sector"],
        district=scope["district"],
    )
    return frame if keep.all() else frame[keep]


def _scoped_hires(frames: Frames, params: Mapping, **override: Any) -> pd.DataFrame:
    """The scoped_hires macro: a program's hires are those whose source placement belongs to it."""
    scope = {
        **{k: params.get(k) for k in ("program", "institution", "employer", "sector", "district")},
        **override,
    }
    frame = _hires(frames)
    keep = _matching(
        frame,
        source_program_id=scope["program"],
        institution_id=scope["institution"],
        employer_id=scope["employer"],
        sector=scope["sector"],
        district=scope["district"],
    )
    return frame if keep.all() else frame[keep]


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def metrics_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/metrics_by_year.sql in pandas."""
    columns = [
        "year",
        "participants",
        "employers",
        "growth",
        "intern_hire_numerator",
        "intern_hire_denominator",
        "intern_hire_rate",
        "median_days_to_hire",
        "hires",
        "median_salary",
    ]
    placements = _scoped_placements(frames, params)
    if placements.empty:
        return pd.DataFrame(columns=columns)
    start_year = placements["start_date"].dt.year.rename("year")
    last = np.fmax(start_year, placements["end_date"].dt.year).max()
    years = pd.RangeIndex(int(start_year.min()), int(last) + 1, name="year")
    participation = placements.groupby(start_year).agg(
        participants=("participant_id", "nunique"), employers=("employer_id", "nunique")
    )
    completed = placements[(placements["status"] == "completed") & placements["end_date"].notna()]
    completed = completed[["placement_id", "participant_id"]].assign(year=completed["end_date"].dt.year)
    completers = completed.groupby("year")["participant_id"].nunique()
    sourced = completed.merge(_hire_sources(frames), left_on="placement_id", right_on="source_placement_id")
    hired = sourced.groupby("year").agg(
        numerator=("participant_id", "nunique"), days=("days_to_hire", "median")
    )
    hires = _scoped_hires(frames, params)
    hiring = hires.groupby(hires["hire_date"].dt.year.rename("year")).agg(
        hires=("hire_id", "size"), salary=("monthly_salary", "median")
    )
    participants = participation["participants"].reindex(years, fill_value=0)
    before = participants.shift(1)
    numerator = hired["numerator"].reindex(years, fill_value=0)
    denominator = completers.reindex(years, fill_value=0)
    return pd.DataFrame(
        {
            "year": years,
            "participants": participants.to_numpy(),
            "employers": participation["employers"].reindex(years, fill_value=0).to_numpy(),
            "growth": (participants / before - 1).where(before > 0).to_numpy(),
            "intern_hire_numerator": numerator.to_numpy(),
            "intern_hire_denominator": denominator.to_numpy(),
            "intern_hire_rate": _rate(numerator, denominator).to_numpy(),
            "median_days_to_hire": hired["days"].reindex(years).astype("float64").to_numpy(),
            "hires": hiring["hires"].reindex(years, fill_value=0).to_numpy(),
            "median_salary": hiring["salary"].reindex(years).to_numpy(),
        },
        columns=columns,
    )


def internship_hires_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/internship_hires_by_year.sql in pandas."""
    hires = _scoped_hires(frames, params)
    return (
        hires.groupby(hires["hire_date"].dt.year.rename("year"))
        .agg(hires=("hire_id", "size"), internship_hires=("source_placement_id", "count"))
        .reset_index()
    )


def retention(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/retention.sql in pandas."""
    hires = _scoped_hires(frames, params)
    as_of = _day(params["as_of"])
    row: dict[str, Any] = {}
    for months, days in ((6, 182), (12, 365)):
        span = pd.Timedelta(days=days)
        observable = hires["hire_date"] <= as_of - span
        kept = observable & (hires["exit_date"].isna() | (hires["exit_date"] > hires["hire_date"] + span))
        numerator, denominator = int(kept.sum()), int(observable.sum())
        row[f"numerator_{months}m"] = numerator
        row[f"denominator_{months}m"] = denominator
        row[f"retention_{months}m"] = numerator / denominator if denominator else None
    return pd.DataFrame([row])


def retention_curve(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/retention_curve.sql in pandas."""
    hires = _scoped_hires(frames, params)
    as_of = _day(params["as_of"])
    rows = []
    for month in range(1, 25):
        days = month * 365 // 12
        span = pd.Timedelta(days=days)
        observable = hires["hire_date"] <= as_of - span
        kept = observable & (hires["exit_date"].isna() | (hires["exit_date"] > hires["hire_date"] + span))
        seen, retained = int(observable.sum()), int(kept.sum())
        rows.append(
            {
                "month": month,
                "days": days,
                "observable": seen,
                "retained": retained,
                "share": retained / seen if seen else None,
            }
        )
    return pd.DataFrame(rows)


def _checked_on(graduation_year: pd.Series) -> pd.Series:
    """(graduation_year + 1)-06-30 for every row."""
    dates = {year: pd.Timestamp(int(year) + 1, 6, 30) for year in graduation_year.unique()}
    return graduation_year.map(dates).astype("datetime64[ms]")


def _placed(frames: Frames) -> pd.Index:
    """Participants with at least one placement."""
    return frames.derived("placed", lambda: pd.Index(frames["placements"]["participant_id"].unique()))


def _employed_1y(frames: Frames) -> pd.Index:
    """Participants with a hire active on (graduation_year + 1)-06-30."""

    def build() -> pd.Index:
        people = frames["participants"][["participant_id", "graduation_year"]]
        hires = frames["hires"][["participant_id", "hire_date", "exit_date"]].merge(
            people, on="participant_id"
        )
        checked = _checked_on(hires["graduation_year"])
        active = (hires["hire_date"] <= checked) & (
            hires["exit_date"].isna() | (hires["exit_date"] > checked)
        )
        return pd.Index(hires.loc[active, "participant_id"].unique())

    return frames.derived("employed_1y", build)


def _cohort_rows(frames: Frames, cohort: pd.DataFrame, keys: list[str], as_of: Any) -> pd.DataFrame:
    """Cohort size, placed, placement rate and employed_1y per ``keys`` (cohorts.sql and its siblings)."""
    flags = cohort[keys].assign(
        placed=_member(cohort["participant_id"], _placed(frames)),
        employed=_member(cohort["participant_id"], _employed_1y(frames)),
        checked_on=_checked_on(cohort["graduation_year"]),
    )
    rows = (
        flags.groupby(keys, dropna=False, sort=False)
        .agg(
            cohort_size=("placed", "size"),
            placed=("placed", "sum"),
            employed_1y_numerator=("employed", "sum"),
            checked_on=("checked_on", "min"),
        )
        .reset_index()
    )
    observable = rows["checked_on"] <= _day(as_of)
    return rows.assign(
        placement_rate=rows["placed"] / rows["cohort_size"],
        employed_observable=observable,
        employed_1y=(rows["employed_1y_numerator"] / rows["cohort_size"]).where(observable),
    )


def cohorts(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohorts.sql in pandas."""
    people = frames["participants"]
    people = people[_matching(people, institution_id=params.get("institution"))]
    keys = ["institution_id", "graduation_year"]
    rows = _cohort_rows(frames, people, keys, params["as_of"]).sort_values(keys)
    return rows[
        [
            *keys,
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def pooled_cohorts(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/pooled_cohorts.sql in pandas."""
    people = frames["participants"]
    people = people[_in_years(people["graduation_year"], params.get("year_from"), params.get("year_to"))]
    rows = _cohort_rows(frames, people, ["graduation_year"], params["as_of"]).sort_values("graduation_year")
    return rows[
        [
            "graduation_year",
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def cohort_segments(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohort_segments.sql in pandas."""
    people = frames["participants"]
    people = people[
        _matching(
            people, institution_id=params.get("institution"), graduation_year=params.get("graduation_year")
        )
    ]
    people = people.assign(segment=people[params["split"]])
    rows = _cohort_rows(frames, people, ["graduation_year", "segment"], params["as_of"])
    rows = rows.sort_values(
        ["graduation_year", "cohort_size", "segment"], ascending=[True, False, True], na_position="last"
    )
    return rows[
        [
            "graduation_year",
            "segment",
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def cohort_funnel_stages(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohort_funnel_stages.sql in pandas."""
    people = frames["participants"]
    cohort = people.loc[
        _matching(people, institution_id=params.get("institution"))
        & (people["graduation_year"] == params["graduation_year"]),
        "participant_id",
    ]
    placed = cohort[_member(cohort, _placed(frames))]
    hires = frames["hires"]
    hired = placed[_member(placed, hires["participant_id"])]
    as_of = _day(params["as_of"])
    active = (hires["hire_date"] <= as_of) & (
        hires["exit_date"].isna() | (hires["exit_date"] > (hires["hire_date"] + YEAR).clip(upper=as_of))
    )
    still = hired[_member(hired, hires.loc[active, "participant_id"])]
    counts = [len(cohort), len(placed), len(hired), len(still)]
    largest = max(counts)
    return pd.DataFrame(
        {
            "step": [1, 2, 3, 4],
            "stage": ["cohort", "placed", "hired", "still_employed"],
            "participants": counts,
            "share_of_cohort": [n / largest if largest > 0 else None for n in counts],
        }
    )


def published_figures_check(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/published_figures_check.sql in pandas."""
    figures = frames["published_figures"].sort_values("figure_id").reset_index(drop=True)
    placements, hires, agreements = _placements(frames), _hires(frames), frames["agreements"]
    found = []
    for figure in figures.itertuples(index=False):
        scope = {"employer_id": figure.employer_id, "institution_id": figure.institution_id}
        if figure.metric in ("participants", "employers"):
            keep = placements["start_date"].between(figure.period_start, figure.period_end) & _matching(
                placements, program_id=figure.program_id, **scope
            )
            column = "participant_id" if figure.metric == "participants" else "employer_id"
            found.append(placements.loc[keep, column].nunique())
        elif figure.metric == "agreements":
            keep = agreements["signed_on"].between(figure.period_start, figure.period_end)
            found.append(int((keep & _matching(agreements, **scope)).sum()))
        elif figure.metric == "hires":
            keep = hires["hire_date"].between(figure.period_start, figure.period_end)
            found.append(int((keep & _matching(hires, source_program_id=figure.program_id, **scope)).sum()))
        else:
            found.append(None)
    rule = figures["qualifier"].fillna("exact")
    in_data = pd.Series(found, dtype="float64")
    value = figures["value"]
    matched = np.select(
        [rule == "exact", rule == "about", rule == "more_than", rule == "at_least"],
        [in_data == value, (in_data - value).abs() * 10 <= value.abs(), in_data > value, in_data >= value],
        default=False,
    )
    return figures[
        [
            "figure_id",
            "program_id",
            "employer_id",
            "institution_id",
            "metric",
            "period_start",
            "period_end",
            "value",
        ]
    ].assign(
        qualifier=rule,
        source=figures["source"],
        url=figures["url"],
        published_on=figures["published_on"],
        in_data=in_data,
        matched=matched,
    )


GROUP_COLUMNS = {
    "program": "program_id",
    "sector": "sector",
    "district": "district",
}


def participants_by_year_and_group(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/participants_by_year_and_group.sql in pandas."""
    by, top = params["by"], params["top"]
    year_from, year_to = params["year_from"], params["year_to"]
    placements = _scoped_placements(frames, params)
    grouped = placements[["participant_id", "employer_id"]].assign(
        year=placements["start_date"].dt.year, group_id=placements[GROUP_COLUMNS[by]]
    )
    in_period = grouped["year"].between(year_from, year_to)
    ranked = (
        grouped[in_period & grouped["group_id"].notna()]
        .groupby(["group_id", "year"])["participant_id"]
        .nunique()
        .groupby("group_id")
        .sum()
        .reset_index(name="participants")
        .sort_values(["participants", "group_id"], ascending=[False, True])
    )
    others = ranked["group_id"].iloc[top:]
    grouped["group_id"] = grouped["group_id"].where(~grouped["group_id"].isin(others), OTHER)
    counted = (
        grouped.groupby(["year", "group_id"], dropna=False)
        .agg(participants=("participant_id", "nunique"), employers=("employer_id", "nunique"))
        .reset_index()
    )
    groups = grouped.loc[in_period, ["group_id"]].drop_duplicates()
    grid = pd.DataFrame({"year": range(year_from, year_to + 1)}).merge(groups, how="cross")
    before = counted[["year", "group_id", "participants"]].rename(
        columns={"participants": "participants_before"}
    )
    grid = grid.merge(counted, on=["year", "group_id"], how="left").merge(
        before.assign(year=before["year"] + 1), on=["year", "group_id"], how="left"
    )
    grid[["participants", "employers", "participants_before"]] = (
        grid[["participants", "employers", "participants_before"]].fillna(0).astype("int64")
    )
    programs = frames["programs"].set_index("program_id")["name"]
    name = grid["group_id"].map(programs) if by == "program" else grid["group_id"]
    grid["group_name"] = name.where(grid["group_id"] != OTHER)
    grid["growth"] = (grid["participants"] / grid["participants_before"] - 1).where(
        grid["participants_before"] > 0
    )
    grid["kind"] = np.select([grid["group_id"].isna(), grid["group_id"] == OTHER], [2, 1], default=0)
    grid = grid.sort_values(["year", "kind", "group_name", "group_id"], na_position="last")
    return grid[["year", "group_id", "group_name", "participants", "employers", "growth"]].reset_index(
        drop=True
    )


def placement_years(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/placement_years.sql in pandas."""
    placements = frames["placements"]
    start_year = placements["start_date"].dt.year
    empty = placements.empty
    return pd.DataFrame(
        [
            {
                "placements": len(placements),
                "first_year": None if empty else int(start_year.min()),
                "last_year": None
                if empty
                else int(np.fmax(start_year, placements["end_date"].dt.year).max()),
            }
        ]
    )


def _names(table: str, columns: list[str]) -> Callable[[Frames, Mapping], pd.DataFrame]:
    def names(frames: Frames, params: Mapping) -> pd.DataFrame:
        return frames[table][columns].sort_values([columns[1], columns[0]]).reset_index(drop=True)

    names.__doc__ = f"{table} names for the filters, in pandas."
    return names


def _distinct_values(column: str) -> Callable[[Frames, Mapping], pd.DataFrame]:
    def values(frames: Frames, params: Mapping) -> pd.DataFrame:
        found = frames["employers"][column].dropna().drop_duplicates().sort_values()
        return found.to_frame().reset_index(drop=True)

    values.__doc__ = f"The employers' distinct {column} values for the filters, in pandas."
    return values


def interns_and_hires_by_institution(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/interns_and_hires_by_institution.sql in pandas."""
    year_from, year_to = params.get("year_from"), params.get("year_to")
    placements = _scoped_placements(frames, params)
    placements = placements[_in_years(placements["start_date"].dt.year, year_from, year_to)]
    interns = placements.groupby("institution_id")["participant_id"].nunique().rename("interns").reset_index()
    hires = _scoped_hires(frames, params)
    hires = hires[_in_years(hires["hire_date"].dt.year, year_from, year_to)]
    hired = hires.groupby("institution_id").size().rename("hires").reset_index()
    rows = interns.merge(hired, on="institution_id", how="outer").fillna({"interns": 0, "hires": 0})
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    rows = rows.merge(names, on="institution_id").astype({"interns": "int64", "hires": "int64"})
    rows = rows.sort_values(["interns", "hires", "institution_id"], ascending=[False, False, True])
    return rows[["institution_id", "institution_name", "interns", "hires"]].reset_index(drop=True)


def interns_and_hires_by_program(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/interns_and_hires_by_program.sql in pandas."""
    year_from, year_to = params.get("year_from"), params.get("year_to")
    placements = _scoped_placements(frames, params)
    placements = placements[_in_years(placements["start_date"].dt.year, year_from, year_to)]
    interns = (
        placements.groupby("program_id", dropna=False)["participant_id"]
        .nunique()
        .rename("interns")
        .reset_index()
    )
    hires = _scoped_hires(frames, params)
    hires = hires[
        _in_years(hires["hire_date"].dt.year, year_from, year_to) & hires["source_placement_id"].notna()
    ]
    hired = (
        hires.groupby("source_program_id", dropna=False)
        .size()
        .rename("hires_from_internship")
        .reset_index()
        .rename(columns={"source_program_id": "program_id"})
    )
    rows = interns.merge(hired, on="program_id", how="outer").fillna(
        {"interns": 0, "hires_from_internship": 0}
    )
    rows["program_name"] = rows["program_id"].map(frames["programs"].set_index("program_id")["name"])
    rows = rows.astype({"interns": "int64", "hires_from_internship": "int64"}).sort_values(
        ["interns", "hires_from_internship", "program_id"], ascending=[False, False, True], na_position="last"
    )
    return rows[["program_id", "program_name", "interns", "hires_from_internship"]].reset_index(drop=True)


def placement_outcomes(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/placement_outcomes.sql in pandas."""
    placements = _scoped_placements(frames, params)
    completed = placements[
        (placements["status"] == "completed")
        & placements["end_date"].notna()
        & _in_years(placements["end_date"].dt.year, params.get("year_from"), params.get("year_to"))
    ]
    hires = frames["hires"][["participant_id", "employer_id", "hire_date"]].rename(
        columns={"employer_id": "hire_employer_id"}
    )
    pairs = completed[["placement_id", "participant_id", "employer_id", "start_date", "end_date"]].merge(
        hires, on="participant_id"
    )
    after_start = pairs["hire_date"] >= pairs["start_date"]
    by_host = (
        after_start
        & (pairs["hire_employer_id"] == pairs["employer_id"])
        & (pairs["hire_date"] <= pairs["end_date"] + YEAR)
    )
    outcome = np.select(
        [
            _member(completed["placement_id"], pairs.loc[by_host, "placement_id"]),
            _member(completed["placement_id"], pairs.loc[after_start, "placement_id"]),
        ],
        ["hired_by_host", "hired_elsewhere"],
        default="not_hired",
    )
    keys = ["institution_id", "sector", "outcome"]
    rows = completed[["institution_id", "sector"]].assign(outcome=outcome).groupby(keys).size()
    rows = rows.rename("placements").reset_index()
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    rows = rows.merge(names, on="institution_id").sort_values(keys)
    return rows[["institution_id", "institution_name", "sector", "outcome", "placements"]].reset_index(
        drop=True
    )


def sector_employers(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/sector_employers.sql in pandas."""
    employer = params["employer"]
    employers = frames["employers"]
    sector = employers.loc[employers["employer_id"] == employer, "sector"]
    peers = employers.loc[
        employers["sector"] == (sector.iloc[0] if len(sector) else None), ["employer_id", "name"]
    ].rename(columns={"name": "employer_name"})
    scope = {"employer": None, "sector": None}
    placements = _scoped_placements(frames, params, **scope)
    completed = placements[
        placements["employer_id"].isin(peers["employer_id"])
        & (placements["status"] == "completed")
        & placements["end_date"].notna()
        & _in_years(placements["end_date"].dt.year, params.get("year_from"), params.get("year_to"))
    ]
    sourced = completed[["placement_id", "participant_id", "employer_id"]].merge(
        _hire_sources(frames), left_on="placement_id", right_on="source_placement_id", how="left"
    )
    interning = sourced.groupby("employer_id").agg(
        intern_hire_denominator=("participant_id", "nunique"), median_days_to_hire=("days_to_hire", "median")
    )
    interning["intern_hire_numerator"] = (
        sourced[sourced["hire_id"].notna()].groupby("employer_id")["participant_id"].nunique()
    )
    hires = _scoped_hires(frames, params, **scope)
    hires = hires[
        hires["employer_id"].isin(peers["employer_id"]) & (hires["hire_date"] <= _day(params["as_of"]) - YEAR)
    ]
    retaining = (
        hires.assign(kept=hires["exit_date"].isna() | (hires["exit_date"] > hires["hire_date"] + YEAR))
        .groupby("employer_id")
        .agg(retention_12m_denominator=("kept", "size"), retention_12m_numerator=("kept", "sum"))
    )
    rows = peers.merge(interning, on="employer_id", how="left").merge(retaining, on="employer_id", how="left")
    counts = [
        "intern_hire_numerator",
        "intern_hire_denominator",
        "retention_12m_numerator",
        "retention_12m_denominator",
    ]
    rows[counts] = rows[counts].fillna(0).astype("int64")
    rows["is_selected"] = rows["employer_id"] == employer
    rows["intern_hire_rate"] = _rate(rows["intern_hire_numerator"], rows["intern_hire_denominator"])
    rows["median_days_to_hire"] = rows["median_days_to_hire"].astype("float64")
    rows["retention_12m"] = _rate(rows["retention_12m_numerator"], rows["retention_12m_denominator"])
    for column, key in (
        ("intern_hire_rate", "intern_hire_rate"),
        ("median_days_to_hire", "days_to_hire"),
        ("retention_12m", "retention_12m"),
    ):
        rows[f"sector_median_{key}"] = rows[column].median()
        rows[f"sector_employers_{key}"] = rows[column].count()
    rows = rows.sort_values(["is_selected", "employer_id"], ascending=[False, True])
    return rows[
        [
            "employer_id",
            "employer_name",
            "is_selected",
            "intern_hire_numerator",
            "intern_hire_denominator",
            "intern_hire_rate",
            "median_days_to_hire",
            "retention_12m_numerator",
            "retention_12m_denominator",
            "retention_12m",
            "sector_median_intern_hire_rate",
            "sector_employers_intern_hire_rate",
            "sector_median_days_to_hire",
            "sector_employers_days_to_hire",
            "sector_median_retention_12m",
            "sector_employers_retention_12m",
        ]
    ].reset_index(drop=True)


PROMISES = ("signed", "scholarships", "guaranteed_practice", "guaranteed_employment")


def _agreements_in_scope(frames: Frames, params: Mapping) -> pd.DataFrame:
    """Agreements of the scope's institution, employer, sector and district signed in the period."""
    hosts = frames["employers"][["employer_id", "name", "sector", "district"]].rename(
        columns={"name": "employer_name"}
    )
    agreements = frames["agreements"].merge(hosts, on="employer_id")
    keep = _matching(
        agreements,
        institution_id=params.get("institution"),
        employer_id=params.get("employer"),
        sector=params.get("sector"),
        district=params.get("district"),
    )
    keep &= agreements["signed_on"].dt.year.between(params["year_from"], params["year_to"])
    return agreements[keep]


def agreements_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreements_by_year.sql in pandas."""
    agreements = _agreements_in_scope(frames, params)
    year = agreements["signed_on"].dt.year
    counts = agreements.assign(signed=True)[list(PROMISES)].groupby(year).sum()
    years = range(params["year_from"], params["year_to"] + 1)
    counts = counts.reindex(years, fill_value=0)
    return pd.DataFrame(
        [{"year": y, "promise": p, "agreements": int(counts.at[y, p])} for y in years for p in PROMISES]
    )


def agreement_delivery(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreement_delivery.sql in pandas."""
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    agreements = _agreements_in_scope(frames, params).merge(names, on="institution_id")
    keys = ["institution_id", "employer_id"]
    pairs = agreements[["agreement_id", *keys, "signed_on"]]
    scope = {"program": None}

    def around(events: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
        joined = pairs.merge(events[[*keys, column]], on=keys)
        when, signed = joined[column], joined["signed_on"]
        return (
            joined.assign(
                before=(when >= signed - YEAR) & (when < signed),
                after=(when >= signed) & (when < signed + YEAR),
            )
            .groupby("agreement_id")[["before", "after"]]
            .sum()
            .add_prefix(f"{name}_")
        )

    placed = around(_scoped_placements(frames, params, **scope), "start_date", "placements")
    hired = around(_scoped_hires(frames, params, **scope), "hire_date", "hires")
    rows = agreements.merge(placed, on="agreement_id", how="left").merge(hired, on="agreement_id", how="left")
    counts = ["placements_before", "placements_after", "hires_before", "hires_after"]
    rows[counts] = rows[counts].fillna(0).astype("int64")
    passed = rows["signed_on"] + YEAR <= _day(params["as_of"])
    placed_after, hired_after = rows["placements_after"], rows["hires_after"]
    rows["status"] = np.select(
        [
            ~passed,
            (placed_after == 0) & (hired_after == 0),
            (placed_after > rows["placements_before"]) | (hired_after > rows["hires_before"]),
        ],
        ["too_early", "nothing", "grew"],
        default="no_growth",
    )
    rows["promise_unmet"] = passed & (
        (rows["guaranteed_practice"] & (placed_after == 0))
        | (rows["guaranteed_employment"] & (hired_after == 0))
    )
    rows = rows.sort_values(["signed_on", "agreement_id"], ascending=[False, True])
    return rows[
        [
            "agreement_id",
            "signed_on",
            "institution_id",
            "institution_name",
            "employer_id",
            "employer_name",
            "field",
            "scholarships",
            "guaranteed_practice",
            "guaranteed_employment",
            *counts,
            "status",
            "promise_unmet",
        ]
    ].reset_index(drop=True)


def agreement_activity_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreement_activity_by_year.sql in pandas."""
    agreements = frames["agreements"]
    found = agreements[agreements["agreement_id"] == params["agreement"]]
    columns = ["year", "measure", "count"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    agreement = found.iloc[0]
    signed = agreement["signed_on"].year
    years = range(signed - 2, min(signed + 2, _day(params["as_of"]).year) + 1)
    scope = {
        "program": None,
        "institution": agreement["institution_id"],
        "employer": agreement["employer_id"],
        "sector": None,
        "district": None,
    }
    placed = _scoped_placements(frames, scope)["start_date"].dt.year.value_counts()
    hired = _scoped_hires(frames, scope)["hire_date"].dt.year.value_counts()
    rows = [
        {"year": y, "measure": measure, "count": int(counts.get(y, 0))}
        for y in years
        for measure, counts in (("placements", placed), ("hires", hired))
    ]
    return pd.DataFrame(rows, columns=columns)


# The pandas equivalent of each query a page issues; the Data page's import
# history and quality checks have none (they are not metrics).
PANDAS: dict[str, Callable[[Frames, Mapping], pd.DataFrame]] = {
    "placement_years": placement_years,
    "program_names": _names("programs", ["program_id", "name"]),
    "institution_names": _names("institutions", ["institution_id", "name", "kind", "district"]),
    "employer_names": _names("employers", ["employer_id", "name", "sector", "district"]),
    "sector_names": _distinct_values("sector"),
    "district_names": _distinct_values("district"),
    "metrics_by_year": metrics_by_year,
    "internship_hires_by_year": internship_hires_by_year,
    "retention": retention,
    "retention_curve": retention_curve,
    "cohorts": cohorts,
    "pooled_cohorts": pooled_cohorts,
    "cohort_segments": cohort_segments,
    "cohort_funnel_stages": cohort_funnel_stages,
    "published_figures_check": published_figures_check,
    "participants_by_year_and_group": participants_by_year_and_group,
    "interns_and_hires_by_institution": interns_and_hires_by_institution,
    "interns_and_hires_by_program": interns_and_hires_by_program,
    "placement_outcomes": placement_outcomes,
    "sector_employers": sector_employers,
    "agreements_by_year": agreements_by_year,
    "agreement_delivery": agreement_delivery,
    "agreement_activity_by_year": agreement_activity_by_year,
}


# Queries every page issues for its sidebar; a page with no other pandas
# equivalent (the Data page) is not compared with pandas.
FILTER_OPTIONS = {
    "placement_years",
    "program_names",
    "institution_names",
    "employer_names",
    "sector_names",
    "district_names",
}


def pandas_run(frames: Frames, name: str, params: Mapping | None = None) -> pd.DataFrame:
    """The pandas equivalent of ``db.run(name, params)`` on loaded tables."""
    return PANDAS[name](frames, dict(params or {}))


def _plain(value: Any) -> Any:
    """A cell reduced to what a reader sees: None, a float, a date text or a text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, bool | np.bool_ | int | np.integer | float | np.floating):
        return float(value)
    if isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).isoformat()
    return str(value)


def differences(expected: pd.DataFrame, got: pd.DataFrame, limit: int = 5) -> list[str]:
    """How two results differ (columns, rows, cells), empty when they show the same figures."""
    if list(expected.columns) != list(got.columns):
        return [f"columns {list(expected.columns)} != {list(got.columns)}"]
    if len(expected) != len(got):
        return [f"{len(expected)} rows != {len(got)} rows"]
    found = []
    for column in expected.columns:
        for row, (a, b) in enumerate(
            zip(map(_plain, expected[column]), map(_plain, got[column]), strict=True)
        ):
            same = a == b or (
                isinstance(a, float) and isinstance(b, float) and np.isclose(a, b, rtol=1e-9, atol=1e-12)
            )
            if not same:
                found.append(f"row {row} {column}: {a!r} != {b!r}")
                if len(found) >= limit:
                    return found
    return found


def _rss_mb(field: str) -> float:
    """VmRSS or VmHWM (peak) of this process in MB, from /proc; getrusage's peak where /proc is missing."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _summary(runs: list[list[Clock]]) -> dict:
    """Repeated runs of the same calls: median wall and CPU totals, and each call's medians."""
    return {
        "seconds": statistics.median(sum(w for w, _ in run) for run in runs),
        "cpu_seconds": statistics.median(sum(c for _, c in run) for run in runs),
        "calls": [statistics.median(w for w, _ in call) for call in zip(*runs, strict=True)],
        "cpu_calls": [statistics.median(c for _, c in call) for call in zip(*runs, strict=True)],
    }


def _dump(results: Mapping[str, pd.DataFrame], path: str | None) -> None:
    if path:
        with open(path, "wb") as handle:
            pickle.dump(dict(results), handle)


def _work_sql(job: dict) -> dict:
    """Worker: the calls through db.run (cold, then warm), then the distinct calls on a plain connection.

    Each repetition runs all three in turn, so a busy machine slows them alike;
    the peak memory is read before the plain connection is opened. Cold and raw
    both open a fresh connection and count it (raw's is its first "call").
    """
    database, calls, repeat = Path(job["database"]), decode_calls(job["calls"]), job["repeat"]
    baseline = _rss_mb("VmRSS")
    unique = distinct(calls)
    cold, warm, raw = [], [], []
    for index in range(repeat):
        db.clear_cache()
        cold.append(replay(calls, database))
        warm.append(replay(calls, database))
        if index == 0:
            kept = {call_key(c): db.run(c[0], c[1], database) for c in decode_calls(job["keep"])}
            peak = _rss_mb("VmHWM")
        db.clear_cache()
        raw.append(raw_times(unique, database))
    _dump(kept, job.get("results"))
    return {
        "cold": _summary(cold),
        "warm": _summary(warm),
        "raw": _summary([[connect, *times] for connect, times in raw]),
        "baseline_mb": baseline,
        "peak_mb": peak,
    }


def _work_pandas(job: dict) -> dict:
    """Worker: load the tables, then compute the calls' figures in pandas."""
    database, calls, repeat = Path(job["database"]), decode_calls(job["calls"]), job["repeat"]
    baseline = _rss_mb("VmRSS")
    started = time.perf_counter()
    frames = Frames(load_tables(database))
    db.clear_cache()
    load = time.perf_counter() - started
    loaded = _rss_mb("VmRSS")
    runs, results = [], {}
    for _ in range(repeat):
        frames.forget()
        times = []
        for call in calls:
            started = _clock()
            results[call_key(call)] = pandas_run(frames, *call)
            times.append(_since(started))
        runs.append(times)
    peak = _rss_mb("VmHWM")
    _dump(results, job.get("results"))
    return {
        "load_seconds": load,
        "run": _summary(runs),
        "baseline_mb": baseline,
        "loaded_mb": loaded,
        "peak_mb": peak,
    }


def _work_read_csv(job: dict) -> dict:
    """Worker: DuckDB's own read_csv of a file into a table of a new database file."""
    path = Path(job["database"])
    path.unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(path))
    con.execute("create table placements as select * from read_csv($path)", {"path": job["csv"]})
    rows = con.execute("select count(*) from placements").fetchone()[0]
    con.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    path.unlink(missing_ok=True)
    return {"seconds": elapsed, "cpu_seconds": cpu, "rows": rows}


WORKERS = {"sql": _work_sql, "pandas": _work_pandas, "read_csv": _work_read_csv}


def _environment() -> dict[str, str]:
    paths = [str(db.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def spawn(job: dict) -> dict:
    """Run one worker job in a fresh Python process (its own connection, cache and peak memory)."""
    done = subprocess.run(
        [sys.executable, "-m", "workforce.bench"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=db.ROOT,
        env=_environment(),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {job['kind']!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _compare(sql_path: Path, pandas_path: Path) -> list[str]:
    with open(sql_path, "rb") as handle:
        expected = pickle.load(handle)
    with open(pandas_path, "rb") as handle:
        got = pickle.load(handle)
    found = []
    for key, frame in expected.items():
        found += [f"{key}: {d}" for d in differences(frame, got[key])]
    return found


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def bench_page(page: str, database: Path, repeat: int = 1, role: str = "admin") -> dict:
    """One page at one size: ours cold and warm, raw DuckDB, pandas, peak memory of each, figures compared."""
    calls, errors = record(page, database, role)
    unique = distinct(calls)
    covered = [c for c in unique if c[0] in PANDAS]
    if all(c[0] in FILTER_OPTIONS for c in covered):
        covered = []
    with tempfile.TemporaryDirectory(prefix="workforce-bench-") as folder:
        sql_results, pandas_results = Path(folder) / "sql.pickle", Path(folder) / "pandas.pickle"
        common = {"database": str(database), "repeat": repeat}
        ours = spawn(
            {
                **common,
                "kind": "sql",
                "calls": encode_calls(calls),
                "keep": encode_calls(covered),
                "results": str(sql_results),
            }
        )
        plain = None
        if covered:
            plain = spawn(
                {**common, "kind": "pandas", "calls": encode_calls(covered), "results": str(pandas_results)}
            )
        mismatches = _compare(sql_results, pandas_results) if plain else []
    first = {}
    for index, call in enumerate(calls):
        first.setdefault(call_key(call), index)
    cold, warm, raw = ours["cold"], ours["warm"], ours["raw"]
    mine = plain["run"] if plain else None
    queries = []
    for index, call in enumerate(unique):
        spot = covered.index(call) if mine and call in covered else None
        queries.append(
            {
                "name": call[0],
                "params": encode_calls([call])[0][1],
                "cold_seconds": cold["calls"][first[call_key(call)]],
                "cold_cpu_seconds": cold["cpu_calls"][first[call_key(call)]],
                "raw_seconds": raw["calls"][index + 1],
                "raw_cpu_seconds": raw["cpu_calls"][index + 1],
                "pandas_seconds": None if spot is None else mine["calls"][spot],
                "pandas_cpu_seconds": None if spot is None else mine["cpu_calls"][spot],
            }
        )
    names = {c[0] for c in covered}
    compared = [(n, w, c) for (n, _), w, c in zip(calls, cold["calls"], cold["cpu_calls"], strict=True)]
    ours_covered = sum(w for n, w, _ in compared if n in names) if mine else None
    ours_covered_cpu = sum(c for n, _, c in compared if n in names) if mine else None
    return {
        "page": page,
        "errors": errors,
        "calls": len(calls),
        "distinct_calls": len(unique),
        "covered_calls": len(covered),
        "cold_seconds": cold["seconds"],
        "cold_cpu_seconds": cold["cpu_seconds"],
        "warm_seconds": warm["seconds"],
        "raw_seconds": raw["seconds"],
        "raw_cpu_seconds": raw["cpu_seconds"],
        "raw_connect_seconds": raw["calls"][0],
        "overhead": _ratio(cold["seconds"], raw["seconds"]),
        "overhead_cpu": _ratio(cold["cpu_seconds"], raw["cpu_seconds"]),
        "ours_covered_seconds": ours_covered,
        "ours_covered_cpu_seconds": ours_covered_cpu,
        "pandas_seconds": mine and mine["seconds"],
        "pandas_cpu_seconds": mine and mine["cpu_seconds"],
        "pandas_load_seconds": plain and plain["load_seconds"],
        "pandas_ratio": _ratio(mine and mine["seconds"], ours_covered),
        "pandas_ratio_cpu": _ratio(mine and mine["cpu_seconds"], ours_covered_cpu),
        "ours_peak_mb": ours["peak_mb"],
        "ours_baseline_mb": ours["baseline_mb"],
        "pandas_peak_mb": plain and plain["peak_mb"],
        "pandas_loaded_mb": plain and plain["loaded_mb"],
        "pandas_baseline_mb": plain and plain["baseline_mb"],
        "memory_ratio": _ratio(ours["peak_mb"], plain and plain["peak_mb"]),
        "pandas_equal": (not mismatches) if plain else None,
        "differences": mismatches[:10],
        "queries": queries,
    }


def _failed_page(page: str, error: str) -> dict:
    """A page whose measurement failed: its error, and no figures."""
    numbers = [
        "cold_seconds",
        "cold_cpu_seconds",
        "warm_seconds",
        "raw_seconds",
        "raw_cpu_seconds",
        "raw_connect_seconds",
        "overhead",
        "overhead_cpu",
        "ours_covered_seconds",
        "ours_covered_cpu_seconds",
        "pandas_seconds",
        "pandas_cpu_seconds",
        "pandas_load_seconds",
        "pandas_ratio",
        "pandas_ratio_cpu",
        "ours_peak_mb",
        "ours_baseline_mb",
        "pandas_peak_mb",
        "pandas_loaded_mb",
        "pandas_baseline_mb",
        "memory_ratio",
        "pandas_equal",
    ]
    empty = {"calls": 0, "distinct_calls": 0, "covered_calls": 0, "differences": [], "queries": []}
    return {"page": page, "errors": [error[-2000:]], **empty, **dict.fromkeys(numbers)}


def _literal(text: str) -> str:
    """A SQL string literal (COPY ... TO takes no bound parameter)."""
    return "'" + text.replace("'", "''") + "'"


def import_files_for(database: Path, folder: Path) -> tuple[Path, Path]:
    """The demo's placements as one CSV file, and a database holding every other table; made once per demo."""
    from workforce import importer

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, base = folder / "placements.csv", folder / "without-placements.duckdb"
    stamp = folder / "made-from.json"
    source = {
        "database": str(database),
        "size": database.stat().st_size,
        "mtime": database.stat().st_mtime_ns,
    }
    if csv_path.exists() and base.exists() and stamp.exists():
        if json.loads(stamp.read_text(encoding="utf-8")) == source:
            return csv_path, base
    base.unlink(missing_ok=True)
    with db.reading(database) as cursor:
        cursor.execute(
            f"copy (select * from placements order by placement_id) to {_literal(str(csv_path))} (header)"
        )
        frames = {
            t: cursor.table(t).to_arrow_table().to_pandas(date_as_object=False)
            for t in TABLES
            if t != "placements"
        }
    importer.import_frames(frames, base, description="benchmark: every table but placements")
    stamp.write_text(json.dumps(source), encoding="utf-8")
    return csv_path, base


def _import_once(csv_path: Path, base: Path, folder: Path) -> dict:
    """One timed ``python -m workforce import`` of placements.csv into a fresh copy of ``base``."""
    target = folder / "import-target.duckdb"
    try:
        for stray in folder.glob("import-target.duckdb*"):
            stray.unlink()
        shutil.copyfile(base, target)
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "workforce",
                "import",
                str(csv_path),
                "--db",
                str(target),
                "--user",
                "bench",
            ],
            capture_output=True,
            text=True,
            cwd=db.ROOT,
            env=_environment(),
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            return {"error": " ".join((done.stderr or done.stdout).split())[-500:]}
        reported = re.search(r" in ([\d.]+) s \(([\d.]+) s of CPU\)", done.stdout)
        with duckdb.connect(str(target), read_only=True) as con:
            rows = con.execute("select count(*) from placements").fetchone()[0]
    finally:
        for stray in folder.glob("import-target.duckdb*"):
            stray.unlink()
    return {
        "error": None,
        "rows": rows,
        "seconds": wall,
        "reported_seconds": float(reported.group(1)) if reported else None,
        "cpu_seconds": float(reported.group(2)) if reported else None,
    }


def bench_import(database: Path, folder: Path, repeat: int = 1) -> dict:
    """placements.csv through ``python -m workforce import`` (other tables already in), against read_csv.

    Each of ``repeat`` rounds runs the import and then read_csv; the medians are
    reported, and the ratios are of the medians. Three ratios: in-process wall
    time (the importer's own count against read_csv's, like for like), the
    command's wall time (adds starting Python), and in-process CPU seconds of
    all threads (steadier on a shared machine). A refused or failed import is
    reported (``error``), not raised.
    """
    csv_path, base = import_files_for(database, folder)
    found: dict[str, Any] = {"rows": None, "file_mb": csv_path.stat().st_size / 2**20, "error": None}
    ours, raw = [], []
    for _ in range(repeat):
        run = _import_once(csv_path, base, folder)
        if run["error"]:
            return found | {"error": run["error"]}
        ours.append(run)
        raw.append(
            spawn({"kind": "read_csv", "csv": str(csv_path), "database": str(folder / "read-csv.duckdb")})
        )

    def median(runs: list[dict], key: str) -> float | None:
        values = [r[key] for r in runs if r[key] is not None]
        return statistics.median(values) if values else None

    own, cpu = median(ours, "reported_seconds"), median(ours, "cpu_seconds")
    wall, raw_wall, raw_cpu = (
        median(ours, "seconds"),
        median(raw, "seconds"),
        median(raw, "cpu_seconds"),
    )
    return found | {
        "rows": ours[-1]["rows"],
        "repeat": repeat,
        "ours_seconds": wall,
        "ours_reported_seconds": own,
        "ours_cpu_seconds": cpu,
        "raw_seconds": raw_wall,
        "raw_cpu_seconds": raw_cpu,
        # the command's wall time includes starting Python, pandas and DuckDB; read_csv's does not
        "ratio": _ratio(wall, raw_wall),
        # like for like: both timed inside their process
        "ratio_in_process": _ratio(own, raw_wall),
        "ratio_cpu": _ratio(cpu, raw_cpu),
        "runs": [{"ours": o, "read_csv": r} for o, r in zip(ours, raw, strict=True)],
    }


def code_version() -> dict:
    """The commit measured, and whether the working tree had changes beyond it."""
    found: dict[str, Any] = {"commit": None, "uncommitted_changes": None}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=db.ROOT, check=True
        )
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            cwd=db.ROOT,
            check=True,
        )
        found = {"commit": head.stdout.strip(), "uncommitted_changes": bool(status.stdout.strip())}
    return found


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0]) / 2**20
    import pyarrow

    return {
        "cpu": cpu,
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "pyarrow": pyarrow.__version__,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "duckdb_threads": db.SETTINGS["threads"],
        "duckdb_memory_limit": db.SETTINGS["memory_limit"],
    }


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(
    sizes: Sequence[int] = DEFAULT_SIZES,
    pages: Sequence[str] = PAGES,
    cache_dir: str | os.PathLike = DEFAULT_CACHE,
    seed: int = 42,
    repeat: int = 1,
    imports: bool = True,
    role: str = "admin",
    progress: Callable[[str], None] = _say,
) -> dict:
    """The whole benchmark: for each size, every page, then the import; a JSON-ready report."""
    cache = Path(cache_dir).resolve()
    report: dict[str, Any] = {
        "measured_on": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_version(),
        "seed": seed,
        "repeat": repeat,
        "role": role,
        "targets": TARGETS,
        "sizes": [],
    }
    for size in sizes:
        progress(f"{size:,} participants: building or reusing the demo database under {cache}")
        built = demo_database(size, seed, cache)
        database = built["path"]
        entry: dict[str, Any] = {
            "participants": size,
            "database": str(database),
            "database_mb": database.stat().st_size / 2**20,
            "build_seconds": built["build_seconds"],
            "rows": table_rows(database),
            "pages": [],
        }
        for page in pages:
            progress(f"{size:,} participants: {page}")
            try:
                entry["pages"].append(bench_page(page, database, repeat, role))
            except RuntimeError as error:  # a worker failed: keep the other pages' figures
                entry["pages"].append(_failed_page(page, str(error)))
        if imports:
            progress(f"{size:,} participants: import of placements.csv")
            entry["import"] = bench_import(database, cache / f"demo-{size}-seed{seed}-import", repeat)
        report["sizes"].append(entry)
    report["load_average_after"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    return report


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _loads(values: Sequence[float]) -> str:
    return " ".join(f"{v:.1f}" for v in values)


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    lines += [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows
    ]
    return lines


def _verdicts(entry: dict) -> list[str]:
    """The issue's targets against one size's figures (wall-clock, and CPU where the ratio has one)."""
    pages = entry["pages"]

    def check(label: str, key: str, limit: float, at_most: bool = True) -> str:
        values = [(p["page"], p[key]) for p in pages if p[key] is not None]
        failing = [(n, v) for n, v in values if (v > limit if at_most else v < limit)]
        text = f"  {label}: {len(values) - len(failing)}/{len(values)} pages"
        return text + (f" (not: {', '.join(f'{n} {v:.2f}' for n, v in failing)})" if failing else "")

    lines = [
        check("cold <= 1 s", "cold_seconds", TARGETS["cold_seconds"]),
        check("warm <= 0.2 s", "warm_seconds", TARGETS["warm_seconds"]),
        check("ours/raw <= 1.3 (wall)", "overhead", TARGETS["overhead"]),
        check("ours/raw <= 1.3 (CPU)", "overhead_cpu", TARGETS["overhead"]),
        check("pandas/ours >= 3 (wall)", "pandas_ratio", TARGETS["pandas_ratio"], at_most=False),
        check("pandas/ours >= 3 (CPU)", "pandas_ratio_cpu", TARGETS["pandas_ratio"], at_most=False),
        check("peak memory ours/pandas <= 0.33", "memory_ratio", TARGETS["memory_ratio"]),
    ]
    found = entry.get("import")
    if found and found.get("ratio") is not None:
        labels = (("in-process", "ratio_in_process"), ("command wall time", "ratio"), ("CPU", "ratio_cpu"))
        for label, key in labels:
            if found.get(key) is not None:
                verdict = "met" if found[key] <= TARGETS["import_ratio"] else "not met"
                lines.append(f"  import within 3x of read_csv ({label}): {verdict} ({found[key]:.2f}x)")
    return lines


def _page_tables(entry: dict) -> list[str]:
    """Per page: what a viewer waits (wall-clock) and memory; then the CPU seconds behind it."""
    wall, cpu = [], []
    for p in entry["pages"]:
        name = p["page"] + (" (error)" if p["errors"] else "")
        wall.append(
            [
                name,
                f"{p['calls']} ({p['covered_calls']}/{p['distinct_calls']})",
                _seconds(p["cold_seconds"]),
                _seconds(p["warm_seconds"]),
                _seconds(p["raw_seconds"]),
                _times(p["overhead"]),
                _seconds(p["pandas_seconds"]),
                _times(p["pandas_ratio"]),
                _mb(p["ours_peak_mb"]),
                _mb(p["pandas_peak_mb"]),
                _times(p["memory_ratio"]),
                {True: "yes", False: "NO", None: "-"}[p["pandas_equal"]],
            ]
        )
        cpu.append(
            [
                name,
                _seconds(p["cold_cpu_seconds"]),
                _seconds(p["raw_cpu_seconds"]),
                _times(p["overhead_cpu"]),
                _seconds(p["ours_covered_cpu_seconds"]),
                _seconds(p["pandas_cpu_seconds"]),
                _times(p["pandas_ratio_cpu"]),
            ]
        )
    header = ["page", "calls", "cold s", "warm s", "raw s", "ours/raw", "pandas s", "pandas/ours"]
    header += ["ours MB", "pandas MB", "mem ours/pd", "equal"]
    lines = ["wall-clock seconds (what a viewer waits) and peak memory:", *_grid(header, wall)]
    header = ["page", "cold cpu s", "raw cpu s", "ours/raw", "ours on pandas' calls", "pandas cpu s"]
    header += ["pandas/ours"]
    lines += ["CPU seconds, all threads (steadier than wall-clock on a busy machine):", *_grid(header, cpu)]
    return lines


def _slowest(entry: dict, count: int) -> list[str]:
    """The distinct queries with the most raw DuckDB CPU time, and the pages that issue them."""
    seen: dict[str, dict] = {}
    for p in entry["pages"]:
        for q in p["queries"]:
            seen.setdefault(call_key((q["name"], q["params"])), {**q, "pages": []})["pages"].append(p["page"])
    top = sorted(seen.values(), key=lambda q: q["raw_cpu_seconds"], reverse=True)[:count]
    rows = [
        [
            q["name"],
            _seconds(q["raw_cpu_seconds"]),
            _seconds(q["raw_seconds"]),
            _seconds(q["cold_seconds"]),
            _seconds(q["pandas_cpu_seconds"]),
            ",".join(dict.fromkeys(q["pages"])),
            ", ".join(
                f"{k}={v}" for k, v in q["params"].items() if v is not None and k not in ("as_of", "top")
            ),
        ]
        for q in top
    ]
    header = ["query", "raw cpu s", "raw s", "ours cold s", "pandas cpu s", "pages", "parameters set"]
    return [f"slowest queries at {entry['participants']:,} participants:", *_grid(header, rows)]


def format_report(report: dict, slowest: int = 10) -> str:
    """The report as tables for the screen."""
    m = report["machine"]
    lines = [
        (
            f"Measured {report['measured_on']} on {m['cpu']}, {m['nproc']} CPUs, {m['memory_gb']:.0f} GB; "
            f"Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}; "
            f"median of {report['repeat']} run(s); pages seen as {report.get('role', 'admin')}"
        ),
    ]
    code = report.get("code") or {}
    if code.get("commit"):
        dirty = " with uncommitted changes" if code.get("uncommitted_changes") else ""
        lines.append(f"code: commit {code['commit']}{dirty}")
    before, after = m.get("load_average"), report.get("load_average_after")
    if before and after:
        lines.append(f"load average (1, 5, 15 min) before {_loads(before)}, after {_loads(after)}")
    for entry in report["sizes"]:
        rows = entry["rows"]
        lines += [
            "",
            (
                f"{entry['participants']:,} participants ({rows['placements']:,} placements, "
                f"{rows['hires']:,} hires; database {entry['database_mb']:,.0f} MB, "
                f"built in {_seconds(entry['build_seconds'])} s)"
            ),
            *_page_tables(entry),
        ]
        loads = [p["pandas_load_seconds"] for p in entry["pages"] if p["pandas_load_seconds"] is not None]
        if loads:
            load = _seconds(statistics.median(loads))
            lines.append(f"pandas: loading the tables takes {load} s (not counted above)")
        found = entry.get("import")
        if found and found.get("error"):
            lines.append(f"import of placements.csv ({found['file_mb']:,.0f} MB) failed: {found['error']}")
        elif found:
            lines.append(
                f"import of placements.csv ({found['rows']:,} rows, {found['file_mb']:,.0f} MB): "
                f"python -m workforce import {_seconds(found['ours_seconds'])} s "
                f"(its own count {_seconds(found['ours_reported_seconds'])} s), "
                f"DuckDB read_csv {_seconds(found['raw_seconds'])} s: {_times(found['ratio'])}"
                + (
                    f" ({_times(found['ratio_in_process'])} in-process)"
                    if found.get("ratio_in_process") is not None
                    else ""
                )
                + (
                    f"; CPU {_seconds(found['ours_cpu_seconds'])} s against"
                    f" {_seconds(found['raw_cpu_seconds'])} s: {_times(found['ratio_cpu'])}"
                    if found.get("ratio_cpu") is not None
                    else ""
                )
            )
        lines.append("the issue's targets (set for 1 M participants):")
        lines += _verdicts(entry)
        for p in entry["pages"]:
            lines += [f"  pandas differs on {p['page']}: {d}" for d in p["differences"]]
            lines += [f"  {p['page']} raised: {e[:300]}" for e in p["errors"]]
        lines += ["", *_slowest(entry, slowest)]
    lines += [
        "",
        "calls: db.run calls the page makes (distinct ones with a pandas equivalent / distinct ones);",
        "pandas/ours: pandas over ours cold on the calls pandas computes too; mem: peak RSS of each process.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    job = json.load(sys.stdin)
    print(json.dumps(WORKERS[job["kind"]](job)))
