"""The benchmark's report as text: tables of times, ratios and memory, with each target's verdict."""

import statistics
from collections.abc import Sequence

from benchmarks.recorder import call_key

# The targets at 1 M participants.
TARGETS = {
    "cold_seconds": 1.0,
    "warm_seconds": 0.2,
    "overhead": 1.3,
    "pandas_ratio": 3.0,
    "memory_ratio": 1 / 3,
    "import_ratio": 3.0,
}


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
