"""The benchmark of "Performance at city and country scale": every page's data work on big demo data.

For each demo size and page: the page's own sequence of named queries
(recorded by running the page under AppTest) replayed through ``db.run`` cold
and warm; the same SQL on a plain DuckDB connection; the same figures computed
by a plain pandas build of the dashboard (tables loaded into DataFrames once,
then filtered and grouped in pandas), checked equal to ours; the peak memory of
both, each in a process of its own; and the import of the largest file against
DuckDB's own ``read_csv``. Run it with ``python -m workforce bench``; the parts are ``recorder``,
``pandas_reference``, ``workers``, ``measure`` and ``report``; the
method and one run's figures are in docs/benchmarks.md. Nothing here asserts a
timing.
"""

from benchmarks.measure import run
from benchmarks.pandas_reference import PANDAS, Frames, differences, load_tables, pandas_run
from benchmarks.recorder import DEFAULT_CACHE, DEFAULT_SIZES, demo_database, parse_pages, parse_sizes
from benchmarks.report import format_report
from workforce.pages import NAMES as PAGES

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_SIZES",
    "PAGES",
    "PANDAS",
    "Frames",
    "demo_database",
    "differences",
    "format_report",
    "load_tables",
    "pandas_run",
    "parse_pages",
    "parse_sizes",
    "run",
]
