"""The two stores side by side: a database file and a lake holding the same demo (issue #14).

    python -m benchmarks.store [--participants 20000,300000,1000000] [--writers 8] [--folder data/bench-store]

For each size it builds the demo as a file, carries it into a lake (``migrate``), and measures, on the
same machine in one run:

- every page's data work (the queries the page issues, recorded under AppTest), warm as a server
  has it (connections open, result cache empty), median of three: on the file, on the lake read
  through its read copy, and on the lake read directly (what the read copy avoids);
- how long a reader takes to build the read copy of a new snapshot;
- one import of one participant, placement and hire (in-process, and as a whole command);
- ``--writers`` import commands started together, each with a batch of its own, against one alone.

It prints a Markdown report for docs/benchmarks.md. Nothing here asserts a time.
"""

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.recorder import record
from workforce.demo import population
from workforce.pages import NAMES
from workforce.store import db, importer, lake, migrate

ROOT = Path(__file__).resolve().parents[1]


def page_calls(file: Path) -> dict[str, list]:
    return {page: record(page, file, "admin")[0] for page in NAMES}


def time_page(calls: list, store: Path, direct: bool = False) -> float:
    """Median of three warm runs of a page's queries (result cache emptied before each)."""
    runs = []
    for _ in range(3):
        with db._cache_lock:
            db._cache.clear()
        started = time.perf_counter()
        if direct:  # straight off the lake: what a page would cost without the read copy
            with lake.opened(store, db.engine_settings(), read_only=True) as (_, cursor):
                for name, params in calls:
                    sql = db.query_sql(name)
                    cursor.execute(sql, db.bound_params(sql, params, cursor)).df()
        else:
            with db.snapshot():
                for name, params in calls:
                    db.run(name, dict(params), store)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def one_row_batch(folder: Path, tag: str, institution: str, employer: str) -> Path:
    """One participant, one placement and one hire, all new, in the contract's file layout."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "participants.csv").write_text(
        f"participant_id;institution_id;level;graduation_year\nbench-{tag};{institution};bachelor;2026\n",
        encoding="utf-8",
    )
    (folder / "placements.csv").write_text(
        "placement_id;participant_id;employer_id;program_id;start_date;end_date;status\n"
        f"bench-pl-{tag};bench-{tag};{employer};;01.02.2026;28.02.2026;completed\n",
        encoding="utf-8",
    )
    (folder / "hires.csv").write_text(
        "hire_id;participant_id;employer_id;hire_date;exit_date;monthly_salary\n"
        f"bench-h-{tag};bench-{tag};{employer};01.03.2026;;70000\n",
        encoding="utf-8",
    )
    return folder


def command(store: Path, batch: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workforce", "import", str(batch), "--db", str(store)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def measure(participants: int, folder: Path, writers: int) -> list[str]:
    file = folder / f"demo-{participants}.duckdb"
    store = folder / f"demo-{participants}"
    if not file.exists():
        population.build(file, participants)
    if store.exists():
        shutil.rmtree(store)
    started = time.perf_counter()
    migrate.carry_over(file, store)
    carried = time.perf_counter() - started
    with db.reading(file) as cursor:
        institution = cursor.execute("select min(institution_id) from institutions").fetchone()[0]
        employer = cursor.execute("select min(employer_id) from employers").fetchone()[0]
    lines = [f"#### {participants:,} participants", ""]
    lines.append(f"`migrate` of the file into a lake: {carried:.1f} s.")
    db.clear_cache()
    started = time.perf_counter()
    db.run("key_bounds", {}, store)
    built = time.perf_counter() - started
    lines.append(f"The first read after a write, which builds the snapshot's read copy: {built:.2f} s.")
    db.run("key_bounds", {}, file)
    lines += [
        "",
        "| page | queries | file s | lake, read copy s | ratio | lake, direct s | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for page, calls in page_calls(file).items():
        on_file, on_copy, direct = (
            time_page(calls, file),
            time_page(calls, store),
            time_page(calls, store, True),
        )
        cells = [f"{on_file:.3f}", f"{on_copy:.3f}", f"{on_copy / on_file:.2f}×", f"{direct:.3f}"]
        lines.append(f"| {page} | {len(calls)} | " + " | ".join(cells) + f" | {direct / on_file:.2f}× |")
    lines.append("")
    with tempfile.TemporaryDirectory(prefix="workforce-bench-store-") as scratch:
        batches = Path(scratch)
        results = {}
        for name, target in (("file", file), ("lake", store)):
            copy = batches / f"{name}-target{'.duckdb' if name == 'file' else ''}"
            (shutil.copyfile if name == "file" else shutil.copytree)(target, copy)
            started = time.perf_counter()
            importer.import_files(
                [one_row_batch(batches / f"{name}-in", f"{name}-in", institution, employer)], copy
            )
            in_process = time.perf_counter() - started
            started = time.perf_counter()
            ran = command(copy, one_row_batch(batches / f"{name}-cmd", f"{name}-cmd", institution, employer))
            ran.wait()
            whole = time.perf_counter() - started
            results[name] = (in_process, whole, ran.returncode)
            db.clear_cache()
        for name, (in_process, whole, code) in results.items():
            lines.append(
                f"One participant, placement and hire into the {name}: {in_process:.2f} s in-process,"
                f" {whole:.2f} s as a whole `import` command (exit {code})."
            )
        started = time.perf_counter()
        alone = command(store, one_row_batch(batches / "alone", "alone", institution, employer))
        alone.wait()
        one = time.perf_counter() - started
        started = time.perf_counter()
        running = [
            command(store, one_row_batch(batches / f"w{i}", f"w{i}", institution, employer))
            for i in range(writers)
        ]
        codes = [p.wait() for p in running]
        together = time.perf_counter() - started
        lines.append(
            f"{writers} `import` commands started together into the lake, each with a batch of its own:"
            f" {together:.1f} s, against {one:.1f} s for one alone ({together / one:.1f}×);"
            f" {codes.count(0)} of {writers} succeeded."
        )
    db.clear_cache()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store", description=__doc__.splitlines()[0])
    parser.add_argument("--participants", default="20000,300000,1000000")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--folder", default=str(ROOT / "data" / "bench-store"))
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("WORKFORCE_READ_COPIES", str(folder / "read-copies"))
    with contextlib.suppress(KeyboardInterrupt):
        for size in (int(n) for n in args.participants.split(",")):
            print("\n".join(measure(size, folder, args.writers)), flush=True)
            print(flush=True)


if __name__ == "__main__":
    main()
