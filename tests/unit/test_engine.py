"""The engine underneath: DuckDB 1.5 needs bitstring_agg's key range as constants (db.run binds them from
queries/key_bounds.sql), and a file of a newer DuckDB is refused with a message that says what to do."""

import duckdb
import pytest

from tests.fixtures.factory import build
from workforce.store import db


def test_key_bounds_are_the_largest_keys(mini_file):
    """The mini sample: six participants (keys 1..6); three employers; p5 alone has two placements
    starting in one year (pl8 and pl6, 2024; p4's pl4 starts in 2023), so one repeat key."""
    bounds = db.run("key_bounds", {}, mini_file).iloc[0].to_dict()
    assert bounds == {"participant_key_max": 6, "repeat_key_max": 1, "employer_key_max": 3}


def test_an_empty_store_has_bounds_of_one_and_counts_nothing(tmp_path):
    empty = build(tmp_path / "empty.duckdb")
    assert db.run("key_bounds", {}, empty).iloc[0].to_dict() == dict.fromkeys(db.KEY_BOUNDS, 1)
    assert db.run("metrics_by_year", db.scope_params(), empty).empty


def test_the_bounds_are_bound_only_where_a_query_names_them(mini_file):
    with db.reading(mini_file) as cursor:
        assert db.bound_params("select $year_from", {"year_from": 2024, "top": 3}, cursor) == {
            "year_from": 2024
        }
        named = db.bound_params("select $participant_key_max, $top", {"top": 3}, cursor)
    assert named == {"participant_key_max": 6, "top": 3}


def test_a_file_of_a_newer_duckdb_is_refused_with_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "from-duckdb-2.duckdb"
    path.write_bytes(b"not read")
    message = "IO Error: Trying to read a database file with version number 999 ... newer version of DuckDB."

    def refuse(*args, **kwargs):
        raise duckdb.IOException(message)

    monkeypatch.setattr(duckdb, "connect", refuse)
    with pytest.raises(db.DatabaseTooNew, match="EXPORT DATABASE") as refused:
        db.run("placement_years", {}, path)
    assert str(path) in str(refused.value) and duckdb.__version__ in str(refused.value)
