"""The Data page under AppTest: upload, check, mapping, commit, history with rollback, quality, export."""

from pathlib import Path

import pytest

from tests.fixtures.factory import copy_store, fingerprint
from workforce import i18n
from workforce.store import db

PAGE = "app_pages/data.py"
NEW_PEOPLE = "participant_id;institution_id;specialty;level;graduation_year\np8;C1;;master;2026\n"


@pytest.fixture
def city_copy(city_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the small city, because these tests write to it."""
    path = copy_store(city_file, tmp_path / city_file.name)
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    return path


def digest(path: Path) -> object:
    return fingerprint(path)


def count(path: Path, sql: str) -> int:
    db.clear_cache()
    with db.reading(path) as con:
        return con.execute(sql).fetchone()[0]


def texts(app) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "error", "warning")
        for e in getattr(app, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang, title", [("ru", "Данные"), ("en", "Data")])
def test_data_page_shows_history_quality_and_export_in_both_languages(city_copy, open_page, lang, title):
    app = open_page(PAGE, lang=lang)
    assert not app.exception
    assert app.title[0].value == title
    assert len(app.tabs) == 4
    assert any(b.label for b in app.get("download_button"))


def test_a_good_file_is_checked_then_committed_and_shows_in_history(city_copy, open_page):
    app = open_page(PAGE, lang="en")
    app.file_uploader(key="data_upload").set_value(
        ("participants.csv", NEW_PEOPLE.encode("cp1251"), "text/csv")
    )
    app.run()
    assert not app.exception
    assert app.button(key="data_commit").disabled
    before = digest(city_copy)
    app.button(key="data_check").click().run()
    assert "No problems" in texts(app)
    assert digest(city_copy) == before
    app.button(key="data_commit").click().run()
    assert not app.exception
    assert "Import #2 is in the database." in texts(app)
    assert count(city_copy, "select count(*) from participants where participant_id = 'p8'") == 1


def test_a_bad_file_lists_every_problem_with_row_and_column_and_writes_nothing(city_copy, open_page):
    bad = "participant_id;institution_id;level;graduation_year\np8;NOPE;doctor;1800\np8;C1;master;2026\n"
    app = open_page(PAGE, lang="ru")
    app.file_uploader(key="data_upload").set_value(("participants.csv", bad.encode("cp1251"), "text/csv"))
    app.run()
    before = digest(city_copy)
    app.button(key="data_check").click().run()
    assert not app.exception
    assert "Найдено проблем: 4" in texts(app)
    row, column = i18n.column("row", "ru"), i18n.column("column", "ru")
    (shown,) = [d.value for d in app.dataframe if row in d.value.columns and column in d.value.columns]
    assert list(zip(shown[row], shown[column])) == [
        (2, "institution_id"),
        (2, "level"),
        (2, "graduation_year"),
        (3, "participant_id"),
    ]
    assert app.button(key="data_commit").disabled
    assert digest(city_copy) == before


def test_headers_in_russian_are_mapped_and_the_file_imports(city_copy, open_page):
    russian = "Код студента;ИНН;Учебное заведение;Уровень;Год выпуска\np9;7701;C2;bachelor;2027\n"
    app = open_page(PAGE, lang="en")
    app.file_uploader(key="data_upload").set_value(("students.csv", russian.encode("cp1251"), "text/csv"))
    app.run()
    assert app.selectbox(key="map_0_0_table").value is None
    app.selectbox(key="map_0_0_table").select("participants").run()
    assert app.selectbox(key="map_0_0_0").value == "participant_id"
    assert app.selectbox(key="map_0_0_1").value == ""  # ИНН is ignored
    assert app.selectbox(key="map_0_0_4").value == "graduation_year"
    app.button(key="data_check").click().run()
    assert "No problems" in texts(app)
    app.button(key="data_commit").click().run()
    assert count(city_copy, "select graduation_year from participants where participant_id = 'p9'") == 2027


def test_an_import_is_rolled_back_from_the_page(city_copy, open_page):
    app = open_page(PAGE, lang="en")
    app.file_uploader(key="data_upload").set_value(("participants.csv", NEW_PEOPLE.encode(), "text/csv"))
    app.run()
    app.button(key="data_check").click().run()
    app.button(key="data_commit").click().run()
    assert count(city_copy, "select count(*) from participants") == 8
    app = open_page(PAGE, lang="en")
    app.selectbox(key="rollback_id").select(2).run()
    app.checkbox(key="rollback_confirm").check().run()
    app.button(key="rollback_button").click().run()
    assert not app.exception
    assert "Import #2 was rolled back." in texts(app)
    assert count(city_copy, "select count(*) from participants") == 7


def test_a_file_that_is_not_a_workbook_gets_a_message(city_copy, open_page):
    app = open_page(PAGE, lang="ru")
    app.file_uploader(key="data_upload").set_value(("hires.xlsx", b"<html>nope</html>", "application/xlsx"))
    app.run()
    assert not app.exception
    assert "это не книга Excel" in "\n".join(e.value for e in app.error)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_quality_tables_have_translated_headers_and_the_knowledge_rate_its_interval(
    city_copy, open_page, lang
):
    app = open_page(PAGE, lang=lang)
    headers = [c for d in app.dataframe for c in d.value.columns]
    for raw in (
        "graduation_year",
        "cohort_size",
        "knowledge_rate",
        "table_name",
        "completeness",
        "import_id",
    ):
        assert raw not in headers
    knowledge = i18n.column("knowledge_rate", lang)
    assert i18n.t("common.interval_column", lang, name=knowledge) in headers
