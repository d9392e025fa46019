"""Recording a page's data work: the named queries a page runs (under AppTest), replayed cold and warm
through ``db.run`` and on a plain DuckDB connection; the demo stores the benchmark runs on."""

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from workforce.pages import NAMES as PAGES
from workforce.store import db
from workforce.store.contract import LOAD_ORDER

DEFAULT_SIZES = (100_000, 1_000_000)


DEFAULT_CACHE = db.ROOT / "data" / "bench"


TABLES = LOAD_ORDER


RECORD_TIMEOUT = 120


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


def _folder_digest(folder: Path) -> str:
    """Of every Python file in a folder (the demo generator), in name order."""
    return hashlib.sha256("".join(_file_digest(p) for p in sorted(folder.glob("*.py"))).encode()).hexdigest()


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
        "engine": duckdb.__version__,  # a file is read only by the engine's storage versions
        "generator": _folder_digest(Path(demo.__file__).parent),
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
    from workforce import ui
    from workforce.store import accounts

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
            app.switch_page(f"app_pages/{page}.py").run()
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


def raw_times(calls: Sequence[Call], database: Path) -> tuple[Clock, list[Clock]]:
    """Wall and CPU seconds to open a plain read-only connection, and to execute and fetch each call's SQL."""
    started = _clock()
    con = duckdb.connect(str(database), read_only=True)
    connect = _since(started)
    times = []
    try:
        for name, params in calls:
            sql = db.query_sql(name)
            cursor = con.cursor()
            bound = db.bound_params(sql, params, cursor)
            started = _clock()
            cursor.execute(sql, bound).fetchall()
            cursor.close()
            times.append(_since(started))
    finally:
        con.close()
    return connect, times
