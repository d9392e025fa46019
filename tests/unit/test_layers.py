"""The layers of docs/architecture.md, read from the code's own imports: no lower layer imports a higher one,
and only the presentation imports streamlit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each module's layer (the first prefix that matches), lowest first; docs/architecture.md draws the same.
LAYERS = (
    ("workforce.config", 0),
    ("workforce.pages", 0),
    ("workforce.i18n", 0),
    ("workforce.downloads", 1),
    ("workforce.store", 2),
    ("workforce.disclosure", 2),
    ("workforce.analysis", 3),
    ("workforce.demo", 3),
    ("workforce.charts", 3),
    ("workforce.formatting", 3),
    ("workforce.pagedata", 4),
    ("workforce.ui", 5),
    ("workforce.digest", 5),  # the PDF briefing: beside the dashboard, never importing it
    ("app_pages", 6),
    ("dashboard", 6),
    # the benchmark is a tool beside the product: it drives the pages; `python -m workforce bench` fronts it
    ("benchmarks", 7),
    ("workforce.cli", 8),
    ("workforce.__main__", 9),
    ("workforce", 0),  # the package itself (its __init__ is empty); every module of it matched above
)
STREAMLIT_ALLOWED = ("workforce.ui", "app_pages", "dashboard", "benchmarks")


def layer(module: str) -> int | None:
    for prefix, level in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (a function's body too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


SOURCES = sorted(
    [
        *ROOT.glob("workforce/**/*.py"),
        *ROOT.glob("app_pages/*.py"),
        ROOT / "dashboard.py",
        *ROOT.glob("benchmarks/*.py"),
    ]
)


def test_every_module_has_a_layer():
    assert [module_name(p) for p in SOURCES if layer(module_name(p)) is None] == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_higher_layer(path):
    own = layer(module_name(path))
    upward = sorted(name for name in imports(path) if (other := layer(name)) is not None and other > own)
    assert upward == [], f"{module_name(path)} (layer {own}) imports a higher layer"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_presentation_imports_streamlit(path):
    name = module_name(path)
    uses = any(i == "streamlit" or i.startswith("streamlit.") for i in imports(path))
    assert not uses or name.startswith(STREAMLIT_ALLOWED), f"{name} imports streamlit"


def test_the_layering_test_catches_an_upward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from workforce import ui\nimport streamlit as st\n")
    found = imports(sample)
    assert "workforce.ui" in found and "streamlit" in found
    assert layer("workforce.ui") > layer("workforce.store.db")
