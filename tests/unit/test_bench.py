"""The benchmark harness: its pandas build computes the same figures as our SQL, and a quick run works.

No test here asserts a timing: the figures depend on the machine. The quick run
(5,000 participants) keeps every step of ``python -m workforce bench`` working.
"""

import copy
import datetime as dt
import functools
import json
from pathlib import Path

import pandas as pd
import pytest

import benchmarks as bench
from tests.conftest import MINI
from tests.fixtures.factory import d, without_additions
from workforce.analysis import metrics
from workforce.cli import main
from workforce.store import db

QUICK = 5000
AS_OF = dt.date(2025, 6, 30)
REPORT_SCOPES = {
    "all": {},
    "employer-CMK": {"employer": "CMK"},
    "institution-STT": {"institution": "STT"},
    "program-TECHNO": {"program": "TECHNO"},
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A benchmark cache of our own, so the tests never touch data/bench."""
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def quick_report(cache: Path) -> dict:
    """The quick benchmark, run once for the tests that read its report."""
    return bench.run([QUICK], cache_dir=cache, progress=lambda text: None)


@pytest.fixture(scope="module")
def small_demo(quick_report: dict) -> Path:
    """The quick run's demo database (5,000 participants)."""
    return Path(quick_report["sizes"][0]["database"])


@functools.cache
def busiest(database: Path) -> dict:
    """The busiest program, institution, employer, sector, district and cohort; the latest agreement."""
    with db.reading(database) as cursor:

        def top(sql: str) -> object:
            return cursor.execute(sql).fetchone()[0]

        by_placements = "group by 1 order by count(*) desc, 1 limit 1"
        years = db.run("placement_years", {}, database).iloc[0]
        return {
            "program": top(f"select program_id from placements where program_id is not null {by_placements}"),
            "institution": top(
                "select institution_id from placements join participants using (participant_id) "
                + by_placements
            ),
            "employer": top(f"select employer_id from placements {by_placements}"),
            "sector": top(
                f"select sector from placements join employers using (employer_id) {by_placements}"
            ),
            "district": top(
                "select district from placements join employers using (employer_id) "
                f"where district is not null {by_placements}"
            ),
            "agreement": top("select agreement_id from agreements order by signed_on desc, 1 limit 1"),
            "graduation_year": top(f"select graduation_year from participants {by_placements}"),
            "first_year": int(years["first_year"]),
            "last_year": int(years["last_year"]),
        }


@functools.cache
def loaded(database: Path) -> bench.Frames:
    """The pandas build's tables of one database, loaded once."""
    return bench.Frames(bench.load_tables(database))


def resolve(template: dict, ids: dict) -> dict:
    """Placeholders ("<employer>", "<period>"...) replaced by the database's ids."""
    params = {}
    for key, value in template.items():
        if value == "<period>":
            params |= {"year_from": ids["first_year"], "year_to": ids["last_year"]}
        elif isinstance(value, str) and value.startswith("<"):
            params[key] = ids[value.strip("<>")]
        else:
            params[key] = value
    return params


NO_SCOPE = {"program": None, "institution": None, "employer": None, "sector": None, "district": None}
CALLS = [
    # every page's sidebar
    ("placement_years", {}),
    ("program_names", {}),
    ("institution_names", {}),
    ("employer_names", {}),
    ("sector_names", {}),
    ("district_names", {}),
    # the contract's report, whole city and each scope kind (sector and district are our readings)
    ("metrics_by_year", NO_SCOPE),
    ("metrics_by_year", {**NO_SCOPE, "program": "<program>"}),
    ("metrics_by_year", {**NO_SCOPE, "institution": "<institution>"}),
    ("metrics_by_year", {**NO_SCOPE, "employer": "<employer>"}),
    ("metrics_by_year", {**NO_SCOPE, "sector": "<sector>"}),
    ("metrics_by_year", {**NO_SCOPE, "district": "<district>"}),
    # several parts of a scope apply together
    ("metrics_by_year", {**NO_SCOPE, "program": "<program>", "sector": "<sector>"}),
    # an id nobody has: no years at all
    ("metrics_by_year", {**NO_SCOPE, "employer": "NO-SUCH-EMPLOYER"}),
    ("retention", {**NO_SCOPE, "as_of": AS_OF}),
    ("retention", {**NO_SCOPE, "program": "<program>", "as_of": AS_OF}),
    ("retention", {**NO_SCOPE, "institution": "<institution>", "as_of": dt.date(2026, 12, 31)}),
    # as_of before any hire: nothing observable, rates null
    ("retention", {**NO_SCOPE, "as_of": dt.date(2000, 1, 1)}),
    ("cohorts", {"institution": None, "as_of": AS_OF}),
    ("cohorts", {"institution": "<institution>", "as_of": dt.date(2026, 12, 31)}),
    ("published_figures_check", {}),
    # the Overview page
    ("internship_hires_by_year", NO_SCOPE),
    ("internship_hires_by_year", {**NO_SCOPE, "program": "<program>"}),
    ("participants_by_year_and_group", {**NO_SCOPE, "year_from": "<period>", "by": "program", "top": 10}),
    # the City trends page: few groups kept, the rest counted together as (other)
    ("participants_by_year_and_group", {**NO_SCOPE, "year_from": "<period>", "by": "sector", "top": 2}),
    ("participants_by_year_and_group", {**NO_SCOPE, "year_from": "<period>", "by": "district", "top": 3}),
    (
        "participants_by_year_and_group",
        {**NO_SCOPE, "institution": "<institution>", "year_from": "<period>", "by": "program", "top": 1},
    ),
    ("agreements_by_year", {**NO_SCOPE, "year_from": "<period>"}),
    ("agreement_delivery", {**NO_SCOPE, "year_from": "<period>", "as_of": AS_OF}),
    ("agreement_delivery", {**NO_SCOPE, "sector": "<sector>", "year_from": "<period>", "as_of": AS_OF}),
    ("agreement_activity_by_year", {"agreement": "<agreement>", "as_of": AS_OF}),
    # the Cohorts page
    ("pooled_cohorts", {"as_of": AS_OF, "year_from": None, "year_to": None}),
    ("pooled_cohorts", {"as_of": AS_OF, "year_from": 2024, "year_to": 2025}),
    (
        "cohort_funnel_stages",
        {"institution": "<institution>", "graduation_year": "<graduation_year>", "as_of": AS_OF},
    ),
    ("cohort_funnel_stages", {"institution": None, "graduation_year": "<graduation_year>", "as_of": AS_OF}),
    ("cohort_strata", {"graduation_year": "<graduation_year>", "as_of": AS_OF}),
    (
        "cohort_segments",
        {
            "institution": "<institution>",
            "graduation_year": "<graduation_year>",
            "split": "specialty",
            "as_of": AS_OF,
        },
    ),
    ("cohort_segments", {"institution": None, "graduation_year": None, "split": "level", "as_of": AS_OF}),
    # the Employers page
    ("retention_durations", {**NO_SCOPE, "employer": "<employer>", "as_of": AS_OF}),
    ("retention_durations", {**NO_SCOPE, "as_of": AS_OF}),
    ("targets", {}),
    ("events", {}),
    ("figures_to_date", {**NO_SCOPE, "date_from": d("2024-01-01"), "date_to": AS_OF}),
    ("figures_to_date", {**NO_SCOPE, "program": "<program>", "date_from": d("2023-03-01"), "date_to": AS_OF}),
    ("time_to_hire_durations", {**NO_SCOPE, "employer": "<employer>", "as_of": AS_OF}),
    ("time_to_hire_durations", {**NO_SCOPE, "institution": "<institution>", "as_of": AS_OF}),
    ("time_to_hire_durations", {**NO_SCOPE, "as_of": AS_OF}),
    ("interns_and_hires_by_institution", {**NO_SCOPE, "employer": "<employer>", "year_from": "<period>"}),
    ("interns_and_hires_by_program", {**NO_SCOPE, "employer": "<employer>", "year_from": "<period>"}),
    ("interns_and_hires_by_program", {**NO_SCOPE, "year_from": None, "year_to": None}),
    (
        "sector_employers",
        {"employer": "<employer>", "program": None, "institution": None, "district": None, "as_of": AS_OF}
        | {"year_from": "<period>"},
    ),
    (
        "sector_employers",
        {"employer": "<employer>", "program": "<program>", "institution": None, "district": "<district>"}
        | {"as_of": AS_OF, "year_from": None, "year_to": None},
    ),
    # how much of the picture the hire figures cover (Overview, Employers, Pipeline)
    ("hire_coverage", {**NO_SCOPE, "year_from": "<period>", "today": AS_OF}),
    (
        "hire_coverage",
        {**NO_SCOPE, "employer": "<employer>", "year_from": None, "year_to": None, "today": AS_OF},
    ),
    (
        "hire_coverage",
        {**NO_SCOPE, "program": "<program>", "year_from": "<period>", "today": dt.date(2030, 1, 1)},
    ),
    ("placement_coverage", {**NO_SCOPE, "year_from": "<period>", "today": AS_OF}),
    (
        "placement_coverage",
        {**NO_SCOPE, "sector": "<sector>", "year_from": None, "year_to": None, "today": AS_OF},
    ),
    # the Pipeline page
    ("placement_outcomes", {**NO_SCOPE, "year_from": "<period>"}),
    ("placement_outcomes", {**NO_SCOPE, "institution": "<institution>", "year_from": 2024, "year_to": 2024}),
]


def same_figures(database: Path, query: str, template: dict) -> list[str]:
    """How the pandas build's answer differs from our SQL's for one call on one database."""
    params = resolve(template, busiest(database))
    return bench.differences(
        db.run(query, params, database), bench.pandas_run(loaded(database), query, params)
    )


@pytest.mark.parametrize(("query", "template"), CALLS, ids=[f"{q}-{i}" for i, (q, _) in enumerate(CALLS)])
def test_pandas_figures_equal_sql_on_the_mini_sample(mini_file, query, template):
    assert same_figures(mini_file, query, template) == []


@pytest.mark.parametrize(("query", "template"), CALLS, ids=[f"{q}-{i}" for i, (q, _) in enumerate(CALLS)])
def test_pandas_figures_equal_sql_on_a_small_demo(small_demo, query, template):
    assert same_figures(small_demo, query, template) == []


@pytest.mark.parametrize("name", sorted(REPORT_SCOPES))
def test_pandas_report_of_the_mini_sample_equals_the_expected_report(mini_file, monkeypatch, name):
    expected = json.loads((MINI / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    frames = loaded(mini_file)
    monkeypatch.setattr(
        db, "run", lambda query, params=None, database=None: bench.pandas_run(frames, query, params)
    )
    got = metrics.report(d("2025-06-30"), database=mini_file, **REPORT_SCOPES[name])
    assert without_additions(json.loads(json.dumps(got))) == expected


def test_every_query_a_page_issues_has_a_pandas_equivalent_except_the_data_pages(quick_report):
    issued = {q["name"] for page in quick_report["sizes"][0]["pages"] for q in page["queries"]}
    assert issued - set(bench.PANDAS) <= {
        "imports",
        "quality_completeness",
        "quality_broken_references",
        "quality_dates",
        "quality_knowledge_rate",
        "quality_inactive",
    }


def test_differences_reports_a_changed_cell_a_missing_row_and_other_columns():
    frame = pd.DataFrame({"year": [2024, 2025], "rate": [0.5, None]})
    assert bench.differences(frame, frame.copy()) == []
    assert bench.differences(frame, frame.assign(rate=[0.5, 0.0])) == ["row 1 rate: None != 0.0"]
    assert bench.differences(frame, frame.head(1)) == ["2 rows != 1 rows"]
    assert bench.differences(frame, frame.rename(columns={"rate": "share"}))[0].startswith("columns")


def test_quick_benchmark_measures_every_page_and_finds_the_pandas_figures_equal(quick_report):
    size = quick_report["sizes"][0]
    assert size["participants"] == QUICK
    assert [p["page"] for p in size["pages"]] == list(bench.PAGES)
    for page in size["pages"]:
        name = page["page"]
        assert page["errors"] == [], name
        assert page["calls"] > 0 and page["cold_seconds"] > 0 and page["raw_seconds"] > 0, name
        assert page["ours_peak_mb"] > 0, name
        # the Data page shows import history and quality checks, which pandas does not rebuild
        assert page["pandas_equal"] is (None if name == "data" else True), (name, page["differences"])


def test_quick_benchmark_imports_every_placement_and_times_read_csv(quick_report):
    size = quick_report["sizes"][0]
    found = size["import"]
    assert found["error"] is None
    assert found["rows"] == size["rows"]["placements"]
    assert found["ours_seconds"] > 0 and found["raw_seconds"] > 0
    # CPU of each whole process, and the ratios of the medians of the rounds
    assert found["ours_cpu_seconds"] > 0 and found["raw_cpu_seconds"] > 0
    assert len(found["runs"]) == found["repeat"]
    assert found["ratio_cpu"] == pytest.approx(found["ours_cpu_seconds"] / found["raw_cpu_seconds"])


def test_quick_benchmark_report_is_json_and_a_readable_table(quick_report):
    assert json.loads(json.dumps(quick_report)) == quick_report
    text = bench.format_report(quick_report)
    assert "5,000 participants" in text
    for page in bench.PAGES:
        assert f"\n{page} " in text
    assert "targets" in text


def test_a_failed_page_and_a_refused_import_are_reported_not_raised(quick_report):
    report = copy.deepcopy(quick_report)
    size = report["sizes"][0]
    size["pages"][0] = bench.measure._failed_page("overview", "benchmark worker 'sql' failed: out of memory")
    size["import"] = {"rows": None, "file_mb": 1000.0, "error": "the file is larger than the 500 MB limit"}
    text = bench.format_report(report)
    assert "overview (error)" in text
    assert "overview raised: benchmark worker 'sql' failed: out of memory" in text
    assert "failed: the file is larger than the 500 MB limit" in text


def test_demo_databases_are_built_once_per_size_and_seed(cache, quick_report):
    again = bench.demo_database(QUICK, 42, cache)
    assert again["cached"] is True
    assert again["path"] == Path(quick_report["sizes"][0]["database"])


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("5000", (5000,)),
        ("100000,1000000", (100000, 1000000)),
        # underscores and spaces as people type them
        ("100_000, 1_000_000", (100000, 1000000)),
    ],
)
def test_sizes_are_read_from_a_comma_separated_list(text, sizes):
    assert bench.parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["", "many", "0", "-5", "1e6"])
def test_a_size_that_is_not_a_positive_count_is_refused(text):
    with pytest.raises(ValueError, match="participant counts"):
        bench.parse_sizes(text)


def test_the_cli_refuses_an_unknown_page(capsys):
    assert main(["bench", "--participants", "5000", "--pages", "overview,nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err
