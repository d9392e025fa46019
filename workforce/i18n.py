"""Translations and number/date formatting for the dashboard's two languages (ru, en).

The catalog lives in ``workforce/locales/<lang>/<area>.json``; a key is
``<area>.<name>`` (nested objects join with dots), e.g. ``t("overview.title", "ru")``.
"""

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd

LOCALES = Path(__file__).resolve().parent / "locales"
LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
MISSING = "—"
NBSP = "\u00a0"
MINUS = "\u2212"


def _flatten(prefix: str, tree: dict, into: dict[str, str]) -> None:
    for name, value in tree.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            _flatten(key, value, into)
        else:
            into[key] = str(value)


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """Every key of one language: ``{"overview.title": "Обзор", ...}``."""
    found: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        _flatten(path.stem, json.loads(path.read_text(encoding="utf-8")), found)
    return found


def reload() -> None:
    """Forget the loaded catalog (after editing a locale file)."""
    catalog.cache_clear()


def language(lang: str | None) -> str:
    """A supported language code: the one given, else the default (``ru``)."""
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str, lang: str) -> bool:
    """Whether the catalog has ``key`` in ``lang``."""
    return key in catalog(language(lang))


def t(key: str, lang: str, **kwargs: Any) -> str:
    """The text for ``key`` in ``lang``, with ``str.format`` fields filled: ``t("common.all", "en")``.

    A missing key shows as the key itself, so it is visible on the page (a test
    checks that every literal key exists in both languages).
    """
    text = catalog(language(lang)).get(key)
    if text is None:
        return key
    return text.format(**kwargs) if kwargs else text


def column(name: str, lang: str, labels: dict[str, str] | None = None) -> str:
    """A column's header: ``labels[name]``, else ``columns.<name>`` from the catalog, else the name."""
    if labels and name in labels:
        return labels[name]
    key = f"columns.{name}"
    if has(key, lang):
        return t(key, lang)
    for suffix in ("interval", "low", "high"):  # a rate's 95% interval (ui.widgets.interval_pairs)
        if name.endswith(f"_{suffix}") and len(name) > len(suffix) + 1:
            return t(
                f"common.interval_{suffix if suffix != 'interval' else 'column'}",
                lang,
                name=column(name[: -len(suffix) - 1], lang, labels),
            )
    return name


def is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: Any, lang: str, digits: int = 0) -> str:
    """A number with the language's separators: ru ``1 234,5`` (U+00A0 groups), en ``1,234.5``."""
    if is_missing(value):
        return MISSING
    value = float(value)
    text = f"{abs(value):,.{digits}f}"
    if language(lang) == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return (MINUS if round(value, digits) < 0 else "") + text


def integer(value: Any, lang: str) -> str:
    """A whole number with the language's thousands separator: ``758``, ``1 234``."""
    return number(value, lang, 0)


def signed(value: Any, lang: str, digits: int = 0) -> str:
    """A change with its sign: ``+12``, ``−3``, ``0``."""
    if is_missing(value):
        return MISSING
    text = number(value, lang, digits)
    return "+" + text if round(float(value), digits) > 0 else text


def percent(value: Any, lang: str, digits: int = 0) -> str:
    """A fraction as a percentage: ru ``33,3 %``, en ``33.3%``."""
    if is_missing(value):
        return MISSING
    text = number(float(value) * 100, lang, digits)
    return text + (NBSP + "%" if language(lang) == "ru" else "%")


def signed_percent(value: Any, lang: str, digits: int = 0) -> str:
    """A relative change (growth) as a signed percentage: ``+33 %``, ``−5 %``."""
    if is_missing(value):
        return MISSING
    text = percent(value, lang, digits)
    return "+" + text if round(float(value) * 100, digits) > 0 else text


def points(value: Any, lang: str, digits: int = 0) -> str:
    """A difference of two rates in percentage points: ru ``+5 п. п.``, en ``+5 pp``."""
    if is_missing(value):
        return MISSING
    return signed(float(value) * 100, lang, digits) + NBSP + t("common.unit.points", lang)


def money(value: Any, lang: str) -> str:
    """Roubles, whole: ru ``62 000 ₽``, en ``₽62,000``."""
    if is_missing(value):
        return MISSING
    text = integer(value, lang)
    return text + NBSP + "₽" if language(lang) == "ru" else "₽" + text


def signed_money(value: Any, lang: str) -> str:
    """A change in roubles with its sign: ru ``+10 500 ₽``, en ``+₽10,500``."""
    if is_missing(value):
        return MISSING
    text = money(abs(float(value)), lang)
    rounded = round(float(value))
    return ("+" if rounded > 0 else MINUS if rounded < 0 else "") + text


def days(value: Any, lang: str) -> str:
    """A number of days with the right word form: ``30 дней``, ``1 day``."""
    if is_missing(value):
        return MISSING
    digits = 0 if float(value).is_integer() else 1
    return number(value, lang, digits) + NBSP + plural(float(value), lang, "common.unit.day")


def plural(n: float, lang: str, key: str) -> str:
    """The word form for ``n`` from catalog keys ``<key>.one``, ``<key>.few`` and ``<key>.many``."""
    if language(lang) == "ru":
        if not float(n).is_integer():
            form = "few"
        else:
            whole = abs(int(n))
            if whole % 10 == 1 and whole % 100 != 11:
                form = "one"
            elif whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14):
                form = "few"
            else:
                form = "many"
    else:
        form = "one" if n == 1 else "many"
    return t(f"{key}.{form}", lang)


def _as_date(value: Any) -> dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    return value


def date(value: Any, lang: str) -> str:
    """A calendar date: ru ``10.04.2024``, en ``2024-04-10``."""
    day = _as_date(value)
    if day is None:
        return MISSING
    return day.strftime("%d.%m.%Y") if language(lang) == "ru" else day.isoformat()


def boolean(value: Any, lang: str) -> str:
    """Yes / no in the language (``да``/``нет``)."""
    if is_missing(value):
        return MISSING
    return t("common.yes", lang) if bool(value) else t("common.no", lang)


def qualified(qualifier: str | None, value: Any, lang: str) -> str:
    """A published value with its qualifier: ``более 750``, ``about 500``, ``2``."""
    shown = number(value, lang, 0 if is_missing(value) or float(value).is_integer() else 1)
    return t(f"common.qualifier.{qualifier or 'exact'}", lang, value=shown)


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands mark) for the language."""
    return "," + NBSP if language(lang) == "ru" else ".,"


def date_format(lang: str) -> str:
    """The d3/strftime date pattern for axes and hovers: ``%d.%m.%Y`` or ``%Y-%m-%d``."""
    return "%d.%m.%Y" if language(lang) == "ru" else "%Y-%m-%d"
