"""Measuring: every page at every demo size (ours cold and warm, raw DuckDB, pandas, peak memory) and the
import against DuckDB's ``read_csv``; ``run`` gives the whole report as a dict."""

import contextlib
import datetime as dt
import json
import os
import pickle
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from benchmarks.pandas_reference import FILTER_OPTIONS, PANDAS, differences
from benchmarks.recorder import (
    DEFAULT_CACHE,
    DEFAULT_SIZES,
    TABLES,
    call_key,
    demo_database,
    distinct,
    encode_calls,
    record,
    table_rows,
)
from benchmarks.report import TARGETS
from benchmarks.workers import spawn, worker_environment
from workforce.pages import NAMES as PAGES
from workforce.store import db


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
    from workforce.store import importer

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
            env=worker_environment(),
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
        "duckdb_threads": db.engine_settings()["threads"],
        "duckdb_memory_limit": db.engine_settings()["memory_limit"],
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
