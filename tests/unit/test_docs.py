"""The docs stay true: every query's header, every subcommand in the README, every setting in its table."""

import re
from pathlib import Path

import pytest

from workforce import config
from workforce.cli import parser
from workforce.store import db

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERIES = sorted((ROOT / "queries").glob("*.sql"))


def header(sql: str) -> str:
    """The comment lines a query opens with."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_opens_with_what_one_row_is(path):
    assert path.read_text(encoding="utf-8").startswith("-- One row")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_header_lists_exactly_the_parameters_it_uses(path):
    sql = path.read_text(encoding="utf-8")
    assert set(re.findall(r"\$(\w+)", header(sql))) == db.parameter_names(sql)


@pytest.mark.parametrize(
    ("sql", "names"),
    [
        ("select $a", {"a"}),
        # a parameter in a string literal, a comment or a quoted name is text, not a parameter
        ("select '$b', $a", {"a"}),
        ("select $a -- and $c", {"a"}),
        ("select /* $d\n $e */ $a", {"a"}),
        ('select "$f" from t where x = $a', {"a"}),
        # a doubled quote stays inside its string
        ("select 'it''s $g', $a", {"a"}),
        ("select $a::date, $a_b", {"a", "a_b"}),
    ],
)
def test_parameter_names_skip_comments_and_quoted_text(sql, names):
    assert db.parameter_names(sql) == names


def subcommands() -> list[str]:
    """Every command and subcommand: ``metrics``, ``users add`` ..."""
    found = []
    for action in parser()._subparsers._group_actions:
        for name, sub in action.choices.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                found += [f"{name} {inner}" for inner in nested[0].choices]
            else:
                found.append(name)
    return found


def test_every_subcommand_is_in_the_readme():
    missing = [c for c in subcommands() if c.split()[-1] not in README or c.split()[0] not in README]
    assert missing == []
    for command in subcommands():
        first = command.split()[0]
        assert f"python -m workforce {first}" in README, command


def test_the_readme_settings_table_is_the_settings_table():
    rows = re.findall(r"^\| `(WORKFORCE_\w+)` \| (.*?) \| (.*?) \|$", README, flags=re.MULTILINE)
    expected = [(s.name, f"`{s.default}`" if s.default else "(not set)", s.help) for s in config.SETTINGS]
    assert rows == expected


def test_every_setting_the_code_reads_is_in_the_table():
    read = set()
    for path in [*ROOT.glob("workforce/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "dashboard.py"]:
        read |= set(re.findall(r"\b(WORKFORCE_[A-Z_]+)\b", path.read_text(encoding="utf-8")))
    assert read <= set(config.BY_NAME)


def test_no_module_reads_the_environment_but_the_settings():
    readers = [
        str(path.relative_to(ROOT))
        for path in [*ROOT.glob("workforce/**/*.py"), *ROOT.glob("app_pages/*.py")]
        if "os.environ" in path.read_text(encoding="utf-8") and path.name != "config.py"
    ]
    assert readers == ["workforce/cli.py"]  # --user defaults to $USER, who is importing
