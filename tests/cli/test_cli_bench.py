"""The bench command's own wiring (the benchmark itself is tested in tests/unit/test_bench.py)."""

import benchmarks


def test_bench_uses_the_default_cache_and_prints_the_report(cli, monkeypatch):
    seen = {}

    def run(sizes, pages, cache, **options):
        seen.update(sizes=sizes, pages=pages, cache=cache, **options)
        return {"sizes": []}

    monkeypatch.setattr(benchmarks, "run", run)
    monkeypatch.setattr(benchmarks, "format_report", lambda report: "the report")
    ran = cli("bench", "--participants", "5000", "--pages", "employers,cohorts")
    assert ran.returncode == 0 and ran.stdout.strip() == "the report"
    assert seen["cache"] == benchmarks.DEFAULT_CACHE
    assert list(seen["sizes"]) == [5000] and list(seen["pages"]) == ["employers", "cohorts"]


def test_bench_refuses_a_size_that_is_not_a_number(cli):
    ran = cli("bench", "--participants", "many")
    assert ran.returncode == 2 and "error" in ran.stderr
