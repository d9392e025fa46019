"""Every setting, in one table: its environment variable, default and meaning.

A value is read where it is used (``config.get("WORKFORCE_DB")``), never at
import, so a test or a long-running server sees the environment as it is now.
The README's table of settings is this one; tests/unit/test_docs.py keeps the two
the same.
"""

import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class Setting:
    """One environment variable the product reads."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "WORKFORCE_DB",
        "data/workforce",
        "the store every command and the dashboard use: a lake folder, or a .duckdb file "
        "(docs/deployment.md)",
    ),
    Setting(
        "WORKFORCE_ACCOUNTS", "data/accounts.sqlite", "the accounts file: who may sign in (docs/access.md)"
    ),
    Setting(
        "WORKFORCE_DEMO", "", "1, true or yes: the demo accounts exist and may sign in (dashboard.sh sets 1)"
    ),
    Setting(
        "WORKFORCE_DISCLOSURE",
        "default",
        "the disclosure policy for readers who do not own the data: default, dfe, ons or inserjeunes",
    ),
    Setting(
        "WORKFORCE_SESSION_HOURS", "8", "hours a dashboard session may stay idle (at most 24) before sign-in"
    ),
    Setting(
        "WORKFORCE_LAKE_DATA",
        "",
        "for a store whose catalog is in PostgreSQL: the (shared) folder of its Parquet files",
    ),
    Setting(
        "WORKFORCE_READ_COPIES",
        "",
        "where a machine keeps its read copies of a lake's snapshots (default: the system's temp folder)",
    ),
    Setting("WORKFORCE_MEMORY_LIMIT", "4GB", "DuckDB's memory limit in each process"),
    Setting("WORKFORCE_THREADS", "2", "DuckDB's worker threads in each process"),
    Setting("WORKFORCE_MAX_FILE_MB", "500", "the largest file (or workbook) an import accepts, in MB"),
    Setting(
        "WORKFORCE_DISTRICT_BOUNDARIES",
        "",
        "a GeoJSON file of district boundaries (properties.district), drawn instead of the tile map",
    ),
    Setting("WORKFORCE_CHROMIUM", "/usr/bin/chromium", "the Chromium the digest draws its charts with"),
    Setting(
        "WORKFORCE_SMTP_HOST", "", "the mail server `digest --send` uses (or [smtp] host in secrets.toml)"
    ),
    Setting("WORKFORCE_SMTP_PORT", "587", "its port (465 with security ssl)"),
    Setting("WORKFORCE_SMTP_SECURITY", "starttls", "starttls, ssl, or none (a relay on loopback)"),
    Setting("WORKFORCE_SMTP_USER", "", "the user to sign in to the mail server as, if it asks"),
    Setting("WORKFORCE_SMTP_PASSWORD", "", "that user's password (better kept under [smtp] in secrets.toml)"),
    Setting("WORKFORCE_SMTP_FROM", "", "the digest's sender address"),
)
BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> str:
    """The setting's value now: the environment's if set and not empty, else its default."""
    return os.environ.get(name) or BY_NAME[name].default


def is_set(name: str) -> bool:
    """Whether the environment gives the setting a value of its own."""
    return bool(os.environ.get(name))
