"""The translation catalog, number and date formats, exports and chart colours."""

import ast
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.conftest import ROOT
from workforce import charts, downloads, i18n, ui

NBSP = "\u00a0"
CODE = [
    ROOT / "dashboard.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "workforce").glob("**/*.py")),
]


def literal_keys(path: Path) -> set[str]:
    """Every string constant in a file that looks like a catalog key of a known area ('overview.title')."""
    areas = {p.stem for p in i18n.LOCALES.glob("*/*.json")}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                part.value = None if isinstance(part, ast.Constant) else part.value
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            head, dot, rest = node.value.partition(".")
            if dot and head in areas and rest and all(c.isalnum() or c in "._" for c in node.value):
                found.add(node.value)
    return found


def test_both_languages_have_the_same_keys():
    ru, en = set(i18n.catalog("ru")), set(i18n.catalog("en"))
    assert sorted(ru - en) == [], "keys only in Russian"
    assert sorted(en - ru) == [], "keys only in English"


def test_both_languages_have_the_same_catalog_files():
    assert {p.name for p in (i18n.LOCALES / "ru").glob("*.json")} == {
        p.name for p in (i18n.LOCALES / "en").glob("*.json")
    }


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_written_in_the_code_exists(path):
    def known(key: str, lang: str) -> bool:
        return i18n.has(key, lang) or i18n.has(f"{key}.one", lang)  # a plural's base key

    missing = sorted(k for k in literal_keys(path) if not known(k, "ru") or not known(k, "en"))
    assert missing == []


def test_every_catalog_text_formats_with_its_own_fields():
    for lang in i18n.LANGS:
        for key, text in i18n.catalog(lang).items():
            fields = {name: "x" for _, name, _, _ in __import__("string").Formatter().parse(text) if name}
            assert text.format(**fields), key


def test_the_catalog_files_are_valid_json_objects():
    for path in i18n.LOCALES.glob("*/*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path


def test_a_missing_key_shows_itself_rather_than_failing():
    assert i18n.t("overview.no_such_key", "ru") == "overview.no_such_key"


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (1234.5, "ru", 1, f"1{NBSP}234,5"),  # non-breaking space groups, decimal comma
        (1234.5, "en", 1, "1,234.5"),
        (1234567, "ru", 0, f"1{NBSP}234{NBSP}567"),
        (758, "ru", 0, "758"),
        (-3, "ru", 0, "\u22123"),  # a real minus sign
        (-0.04, "en", 1, "0.0"),  # no minus on a value that rounds to zero
        (None, "ru", 0, "—"),  # missing values show as a dash
        (float("nan"), "en", 1, "—"),
        (pd.NA, "en", 0, "—"),
    ],
)
def test_numbers_use_the_languages_separators(value, lang, digits, expected):
    assert i18n.number(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("function", "value", "ru", "en"),
    [
        (i18n.percent, 0.3333, f"33{NBSP}%", "33%"),
        (i18n.signed_percent, 0.516, f"+52{NBSP}%", "+52%"),
        (i18n.signed_percent, -0.05, f"\u22125{NBSP}%", "\u22125%"),
        (i18n.signed, 12, "+12", "+12"),
        (i18n.signed, 0, "0", "0"),
        (i18n.money, 62000, f"62{NBSP}000{NBSP}₽", "₽62,000"),
        (i18n.signed_money, -1500, f"\u22121{NBSP}500{NBSP}₽", "\u2212₽1,500"),
        (i18n.date, dt.date(2024, 4, 10), "10.04.2024", "2024-04-10"),
        (i18n.date, pd.Timestamp("2025-07-13"), "13.07.2025", "2025-07-13"),
        (i18n.date, "2024-04-10", "10.04.2024", "2024-04-10"),
        (i18n.date, pd.NaT, "—", "—"),
        (i18n.days, 1, f"1{NBSP}день", f"1{NBSP}day"),
        (i18n.days, 3, f"3{NBSP}дня", f"3{NBSP}days"),
        (i18n.days, 11, f"11{NBSP}дней", f"11{NBSP}days"),
        (i18n.days, 21, f"21{NBSP}день", f"21{NBSP}days"),
        (i18n.boolean, True, "да", "yes"),
    ],
)
def test_formats_in_both_languages(function, value, ru, en):
    assert function(value, "ru") == ru
    assert function(value, "en") == en


@pytest.mark.parametrize(
    ("qualifier", "ru", "en"),
    [
        ("more_than", f"более 3{NBSP}200", "more than 3,200"),
        ("about", "около 500", "about 500"),
        ("at_least", "не менее 1", "at least 1"),
        ("exact", "2", "2"),
        (None, "2", "2"),  # the contract's default is exact
    ],
)
def test_published_values_read_with_their_qualifier(qualifier, ru, en):
    value = {"more_than": 3200, "about": 500, "at_least": 1}.get(qualifier, 2)
    assert i18n.qualified(qualifier, value, "ru") == ru
    assert i18n.qualified(qualifier, value, "en") == en


def test_an_unknown_language_falls_back_to_russian():
    assert i18n.language("de") == "ru"
    assert i18n.t("common.yes", "de") == "да"


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),  # a formula
        ("+7 495 000", "'+7 495 000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Завод", "Завод"),  # ordinary text is left alone
        ("a=b", "a=b"),  # only the first character matters
    ],
)
def test_export_neutralises_cells_a_spreadsheet_would_run(cell, exported):
    frame = downloads.export_frame(pd.DataFrame({"employer": [cell], "hires": [-3]}), "en")
    assert frame.iloc[0, 0] == exported
    assert frame.iloc[0, 1] == -3  # numbers stay numbers, negative or not


def test_export_translates_the_headers():
    frame = pd.DataFrame({"year": [2024], "participants": [758], "custom": [1]})
    assert list(downloads.export_frame(frame, "ru").columns) == ["Год", "Участники", "custom"]
    assert list(downloads.export_frame(frame, "en", {"custom": "Mine"}).columns) == [
        "Year",
        "Participants",
        "Mine",
    ]


def test_russian_csv_uses_semicolons_and_decimal_commas_with_a_bom():
    frame = downloads.export_frame(pd.DataFrame({"year": [2024], "growth": [0.5], "employer": ["=x"]}), "ru")
    data = downloads.to_csv(frame, "ru")
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["Год;Рост к прошлому году;Работодатель", "2024;0,5;'=x"]
    assert downloads.to_csv(frame, "en").decode("utf-8-sig").splitlines()[1] == "2024,0.5,'=x"


def test_excel_export_writes_text_never_formulas():
    frame = downloads.export_frame(
        pd.DataFrame(
            {"employer": ["=1+1", "http://example.org"], "signed_on": pd.to_datetime(["2024-04-10", None])}
        ),
        "en",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(downloads.to_xlsx(frame, "agreements"))).active
    assert sheet.title == "agreements"
    assert [c.value for c in sheet[1]] == ["Employer", "Signed on"]
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "http://example.org" and sheet["A3"].hyperlink is None
    assert sheet["B2"].value == dt.datetime(2024, 4, 10)


def test_a_name_keeps_its_colour_whatever_else_is_drawn(city_database):
    everything = charts.colors("program", [], ui.known_names())
    assert (
        charts.colors("program", ["Техностажировка"], ui.known_names())["Техностажировка"]
        == everything["Техностажировка"]
    )
    assert everything == charts.palette(["Практика", "Техностажировка"])
    assert len(set(everything.values())) == len(everything)


def test_names_the_database_does_not_know_are_grey(city_database):
    shown = charts.colors("program", ["Без программы", "Остальные", "Others"], ui.known_names())
    assert shown["Без программы"] == charts.NONE_COLOR
    assert shown["Остальные"] == shown["Others"] == charts.OTHER_COLOR


def test_the_palette_is_fixed_by_the_sorted_names():
    assert charts.palette(["b", "a", "c"]) == {
        "a": charts.PALETTE[0],
        "b": charts.PALETTE[1],
        "c": charts.PALETTE[2],
    }
    assert charts.palette(["b", "a"]) == charts.palette(["a", "b", "a"])


@pytest.mark.parametrize(
    ("value", "previous", "kind", "lang", "delta"),
    [
        (5, 3, "count", "ru", f"+2 (+67{NBSP}%)"),
        (3, 5, "count", "en", "-2 (\u221240%)"),  # st.metric reads a leading ASCII minus as "down"
        (0.5, 1 / 3, "rate", "ru", f"+16,7{NBSP}п. п."),
        (72000, 70500, "money", "ru", f"+1{NBSP}500{NBSP}₽"),
        (5, None, "count", "ru", None),  # no previous year: no change shown
        (None, 5, "count", "ru", None),
    ],
)
def test_change_against_the_previous_year(value, previous, kind, lang, delta):
    assert ui.formatting.year_change(value, previous, kind, lang) == delta


def test_filters_give_every_scoped_query_its_parameters(monkeypatch):
    monkeypatch.setattr("workforce.store.db.today", lambda: dt.date(2025, 11, 1))
    f = ui.Filters("ru", 2022, 2025, program="TECHNO")
    assert f.scope == {
        "program": "TECHNO",
        "institution": None,
        "employer": None,
        "sector": None,
        "district": None,
    }
    assert f.params == {**f.scope, "year_from": 2022, "year_to": 2025}
    assert f.partial_year == 2025
    assert f.last_full_year == 2024
    assert f.as_of(2024) == dt.date(2024, 12, 31)
    assert f.as_of(2025) == dt.date(2025, 11, 1)
    assert ui.Filters("en", 2025, 2025).last_full_year == 2025  # no ended year: the period's own
