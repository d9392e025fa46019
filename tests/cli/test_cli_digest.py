"""``python -m workforce digest``: an account's briefing as a PDF (charts drawn by Debian's chromium),
e-mailed to a real SMTP server on loopback; refusals with a clear message.

The PDF's pages are rendered to PNG with pdftoppm into tests/screenshots/ (git-ignored) for a person to
look at. Figures (tests/unit/test_digest.py works them out): the small city's median starting salary in
2025 is 80 000 (hires of 90 000 and 70 000); college C1's own is 90 000 (s4's hire). A city official
sees neither: two hires are a small count.
"""

import os
import shutil
import socket
import subprocess
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, TODAY
from workforce.store import accounts, db

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "screenshots"


def needs_chromium(test):
    """The PDF's charts start Debian's chromium: such a test runs with the browser tests (``-m "not
    browser"`` skips them) and is skipped without chromium, except in CI."""
    missing = not CHROMIUM.exists() and not os.environ.get("CI")
    return pytest.mark.browser(pytest.mark.skipif(missing, reason="no /usr/bin/chromium (Debian's)")(test))


@pytest.fixture
def city(city_database, accounts_file, cheap_hashes, monkeypatch):
    """The small city seen on 2026-03-01, with an account of each role."""
    monkeypatch.setattr(db, "today", lambda: TODAY)
    for username, role, bound in (
        ("admin", "admin", {}),
        ("mayor", "city", {}),
        ("college", "institution", {"institution_id": "C1"}),
    ):
        accounts.add_account(username, "a long password 1", role, name=f"{username} office", **bound)
    return city_database


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _pages_as_png(path: Path, name: str) -> list[Path]:
    """Every page as a PNG for a person to look at (pdftoppm, from Debian's poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        return []
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(SHOTS / name)], check=True)
    return sorted(SHOTS.glob(f"{name}-*.png"))


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_city_officials_digest_hides_what_the_dashboard_hides(cli, city, tmp_path, lang):
    out = tmp_path / "mayor.pdf"
    ran = cli("digest", "--account", "mayor", "--period", "2025", "--lang", lang, "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert f"Wrote {out}" in ran.stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert 1 <= len(PdfReader(out).pages) <= 3
    text = _text(out)
    assert ("Briefing for mayor office, 2025" if lang == "en" else "Сводка для: mayor office, 2025") in text
    assert "<5" in text
    assert "80,000" not in text and "80 000" not in text  # the city's median salary rests on 2 hires
    assert _pages_as_png(out, f"digest-city-{lang}") or shutil.which("pdftoppm") is None


@needs_chromium
def test_the_administrator_and_a_college_each_see_their_own(cli, city, tmp_path):
    admin, college = tmp_path / "admin.pdf", tmp_path / "college.pdf"
    assert (
        cli(
            "digest", "--account", "admin", "--period", "2025", "--lang", "en", "--out", str(admin)
        ).returncode
        == 0
    )
    assert cli("digest", "--account", "college", "--period", "2025", "--out", str(college)).returncode == 0
    assert "₽80,000" in _text(admin)
    own = _text(college)
    assert "Колледж Зеленограда" in own
    assert "90" in own and "80 000" not in own  # its own hire, never the city's median
    _pages_as_png(admin, "digest-admin-en")
    _pages_as_png(college, "digest-college-ru")


class Inbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content))
        )
        return "250 OK"


@pytest.fixture
def inbox():
    """A real SMTP server (aiosmtpd) on a free loopback port."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@needs_chromium
def test_send_delivers_the_pdf_to_a_real_smtp_server(cli, city, tmp_path, inbox):
    handler, port = inbox
    out = tmp_path / "digest.pdf"
    env = {
        "WORKFORCE_SMTP_HOST": "127.0.0.1",
        "WORKFORCE_SMTP_PORT": str(port),
        "WORKFORCE_SMTP_SECURITY": "none",
        "WORKFORCE_SMTP_FROM": "digest@city.example",
    }
    args = ("digest", "--account", "mayor", "--period", "2025", "--lang", "en", "--out", str(out))
    ran = cli(*args, "--send", "--to", "deputy@city.example", "--to", "office@city.example", env=env)
    assert ran.returncode == 0, ran.stderr
    assert "Sent to deputy@city.example, office@city.example" in ran.stdout
    [(sender, recipients, message)] = handler.messages
    assert sender == "digest@city.example"
    assert recipients == ["deputy@city.example", "office@city.example"]
    assert message["Subject"] == "Briefing 2025: All of Moscow"
    [attachment] = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_filename() == "digest.pdf"
    assert attachment.get_payload(decode=True) == out.read_bytes()


def test_send_without_a_server_is_refused_before_anything_is_written(cli, city, tmp_path, monkeypatch):
    for name in ("WORKFORCE_SMTP_HOST", "WORKFORCE_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("workforce.digest.mail.SECRETS", tmp_path / "no-secrets.toml")
    out = tmp_path / "digest.pdf"
    ran = cli(
        "digest", "--account", "mayor", "--period", "2025", "--out", str(out), "--send", "--to", "a@b.example"
    )
    assert ran.returncode == 2
    assert "no mail server is configured" in ran.stderr
    assert not out.exists()


@needs_chromium
def test_a_refused_server_says_which_and_why(cli, city, tmp_path, monkeypatch):
    """Nothing listens on the port: the message names the server, and the PDF is still written."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "WORKFORCE_SMTP_HOST": "127.0.0.1",
        "WORKFORCE_SMTP_PORT": str(port),
        "WORKFORCE_SMTP_SECURITY": "none",
        "WORKFORCE_SMTP_FROM": "digest@city.example",
    }
    out = tmp_path / "digest.pdf"
    args = ("digest", "--account", "mayor", "--period", "2025", "--out", str(out))
    ran = cli(*args, "--send", "--to", "a@b.example", env=env)
    assert ran.returncode == 1
    assert f"the mail server 127.0.0.1:{port} did not take the digest" in ran.stderr
    assert out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--account", "nobody", "--period", "2025"), "no account 'nobody'"),
        (("--account", "mayor", "--period", "2025-13"), "--period '2025-13': the month must be 01 to 12"),
        (("--account", "mayor", "--period", "20xx"), "give a year (2025) or a month (2025-06)"),
        (("--account", "mayor", "--period", "2023"), "the data starts in 2024"),
        (("--account", "mayor", "--period", "2025", "--send"), "--send needs at least one --to"),
    ],
)
def test_refusals_say_what_is_wrong(cli, city, tmp_path, args, message):
    out = tmp_path / "digest.pdf"
    ran = cli("digest", *args, "--out", str(out))
    assert ran.returncode == 2
    assert message in ran.stderr
    assert not out.exists()
