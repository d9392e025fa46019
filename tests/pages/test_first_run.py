"""The entry script (AppTest): a first run builds the demo; a missing, empty or broken store says so."""

import duckdb
import pytest

from tests.conftest import build_city
from tests.fixtures.factory import build
from tests.pages.helpers import TRENDS, alert_texts, shown_metrics
from workforce import i18n
from workforce.store import db


def test_first_run_without_a_database_builds_the_demo(tmp_path, monkeypatch, open_page):
    target = tmp_path / "new" / "workforce"
    monkeypatch.setenv("WORKFORCE_DB", str(target))
    built = []

    def fake_build(path, participants=None, seed=42, replace=False):
        built.append(path)
        return build_city(db.db_path(path))

    monkeypatch.setattr("workforce.demo.build", fake_build)
    app = open_page()
    assert not app.exception
    assert [str(p) for p in built] == [str(target)]
    assert target.exists()
    assert shown_metrics(app)


def test_a_demo_that_cannot_be_built_leaves_a_message_not_a_traceback(tmp_path, monkeypatch, open_page):
    monkeypatch.setenv("WORKFORCE_DB", str(tmp_path / "missing.duckdb"))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("workforce.demo.build", broken)
    app = open_page()
    assert not app.exception
    said = alert_texts(app)
    assert "OSError" in said
    assert "python -m workforce demo" in said


def test_an_empty_database_asks_for_an_import(tmp_path, monkeypatch, open_page):
    monkeypatch.setenv("WORKFORCE_DB", str(build(tmp_path / "empty.duckdb")))
    app = open_page(lang="en")
    assert not app.exception
    assert "no placements yet" in alert_texts(app)


def test_a_file_that_is_not_a_database_gives_a_message(tmp_path, monkeypatch, open_page):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("WORKFORCE_DB", str(junk))
    app = open_page(TRENDS)
    assert not app.exception
    assert "Не удалось прочитать базу данных" in alert_texts(app)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_file_of_a_newer_duckdb_says_how_to_carry_it_over(tmp_path, monkeypatch, open_page, lang):
    newer = tmp_path / "newer.duckdb"
    newer.write_bytes(b"x")
    monkeypatch.setenv("WORKFORCE_DB", str(newer))

    def refuse(*args, **kwargs):
        raise duckdb.IOException("IO Error: ... created with an newer version of DuckDB.")

    monkeypatch.setattr(db.duckdb, "connect", refuse)
    app = open_page(TRENDS, lang=lang)
    assert not app.exception
    expected = i18n.t("common.db.too_new", lang, path=newer.resolve(), engine=duckdb.__version__)
    assert expected in alert_texts(app)
