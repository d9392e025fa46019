"""Sending a digest by e-mail over SMTP (the standard library's smtplib and email).

The server comes from ``[smtp]`` in ``.streamlit/secrets.toml`` (host, port, user, password,
sender, security) or from the settings WORKFORCE_SMTP_HOST, WORKFORCE_SMTP_PORT and the rest (README),
which win where both are given.
"""

import dataclasses
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from workforce import config

SECRETS = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"
SECURITY = ("starttls", "ssl", "none")
SETTINGS = {
    "host": "WORKFORCE_SMTP_HOST",
    "port": "WORKFORCE_SMTP_PORT",
    "user": "WORKFORCE_SMTP_USER",
    "password": "WORKFORCE_SMTP_PASSWORD",
    "sender": "WORKFORCE_SMTP_FROM",
    "security": "WORKFORCE_SMTP_SECURITY",
}
"""Each [smtp] key of secrets.toml and the setting that overrides it."""


class MailError(RuntimeError):
    """The digest could not be sent; the message says why (no server configured, refused, unreachable)."""


@dataclasses.dataclass(frozen=True)
class Server:
    """Where and how to send: ``security`` is starttls (default), ssl or none (a relay on loopback)."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    security: str = "starttls"


def _secrets(path: Path) -> Mapping:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("smtp", {})
    except tomllib.TOMLDecodeError as error:
        raise MailError(f"{path}: not valid TOML ({error})") from None


def server(secrets: Path = SECRETS) -> Server:
    """The configured SMTP server; refused with what to set when there is none."""
    given = dict(_secrets(secrets))
    for key, name in SETTINGS.items():
        if config.is_set(name):
            given[key] = config.get(name)
    if not given.get("host") or not given.get("sender"):
        raise MailError(
            "no mail server is configured: set WORKFORCE_SMTP_HOST and WORKFORCE_SMTP_FROM, or host and "
            f"sender under [smtp] in {secrets}"
        )
    security = str(given.get("security") or config.get("WORKFORCE_SMTP_SECURITY"))
    if security not in SECURITY:
        raise MailError(f"SMTP security {security!r}: one of {', '.join(SECURITY)} is expected")
    try:
        port = int(given.get("port") or (465 if security == "ssl" else config.get("WORKFORCE_SMTP_PORT")))
    except ValueError:
        raise MailError(f"SMTP port {given.get('port')!r} is not a number") from None
    return Server(
        host=str(given["host"]),
        port=port,
        sender=str(given["sender"]),
        user=given.get("user") or None,
        password=given.get("password") or None,
        security=security,
    )


def send(
    to: Sequence[str], subject: str, body: str, attachment: bytes, filename: str, via: Server
) -> EmailMessage:
    """Send one message with the PDF attached; returns it as sent."""
    message = EmailMessage()
    message["From"] = via.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=via.sender.rpartition("@")[2] or None)
    message.set_content(body)
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    try:
        if via.security == "ssl":
            client = smtplib.SMTP_SSL(via.host, via.port, timeout=30, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(via.host, via.port, timeout=30)
        with client:
            if via.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if via.user:
                client.login(via.user, via.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"the mail server {via.host}:{via.port} did not take the digest: {error}") from None
    return message
