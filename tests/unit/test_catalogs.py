"""Every text the code asks for by a literal key is in both catalogs (a renamed key shows as the raw key
on the page: City trends once showed "page_data.agreements")."""

import ast
from pathlib import Path

import pytest

from workforce import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("workforce/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "dashboard.py"])


def literal_keys(path: Path) -> set[str]:
    """The first argument of every ``i18n.t("...")`` / ``t("...")`` call that is a plain string."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        first = node.args[0]
        if name == "t" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(first.value)
    return found


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_literal_key_is_in_the_catalog(lang):
    missing = sorted(
        f"{path.relative_to(ROOT)}: {key}"
        for path in SOURCES
        for key in literal_keys(path)
        if not i18n.has(key, lang)
    )
    assert missing == []


def test_the_scan_finds_keys(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('i18n.t("trends.title", lang)\nt("nowhere.key", "en")\nt(f"x.{y}", lang)\n')
    assert literal_keys(sample) == {"trends.title", "nowhere.key"}
