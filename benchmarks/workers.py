"""The benchmark's worker processes: each measurement runs in a fresh Python process of its own (its own
connection, cache and peak memory), started by ``spawn`` and run by ``python -m benchmarks``."""

import contextlib
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from benchmarks.pandas_reference import Frames, load_tables, pandas_run
from benchmarks.recorder import Clock, _clock, _since, call_key, decode_calls, distinct, raw_times, replay
from workforce.store import db


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


def worker_environment() -> dict[str, str]:
    paths = [str(db.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def spawn(job: dict) -> dict:
    """Run one worker job in a fresh Python process (its own connection, cache and peak memory)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=db.ROOT,
        env=worker_environment(),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {job['kind']!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
