"""A shown table as a file: CSV or Excel bytes, headers translated, formula-looking text made inert."""

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

from workforce import i18n

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
EXCEL_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def export_frame(data: pd.DataFrame, lang: str, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The table as downloaded: translated headers, text cells that a spreadsheet would run made inert."""
    frame = data.reset_index(drop=True).copy()
    for name in frame.columns:
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]):
            frame[name] = frame[name].map(inert)
    headers: list[str] = []
    for c in frame.columns:
        header = inert(i18n.column(str(c), lang, dict(labels or {})))
        while header in headers:  # two columns with one header would break the Excel export
            header = f"{header} ({c})"
        headers.append(header)
    frame.columns = headers
    return frame


def inert(value: Any) -> Any:
    """A text cell starting with = + - @, tab or CR gets a leading apostrophe, so no spreadsheet runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """CSV bytes with a BOM; Russian uses ``;`` and decimal commas, the way Russian Excel reads CSV."""
    if i18n.language(lang) == "ru":
        text = frame.to_csv(index=False, sep=";", decimal=",", date_format="%Y-%m-%d")
    else:
        text = frame.to_csv(index=False, date_format="%Y-%m-%d")
    return text.encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook with one sheet; strings are never turned into formulas or links."""
    buffer = io.BytesIO()
    frame = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.DatetimeTZDtype):
            frame[name] = frame[name].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": EXCEL_OPTIONS}) as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        writer.sheets[sheet[:31]].autofit()
    return buffer.getvalue()
