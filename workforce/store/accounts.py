"""Dashboard accounts: who may sign in, with which role, bound to which institution or employer.

Accounts live in a small SQLite file (``$WORKFORCE_ACCOUNTS``, else
``data/accounts.sqlite`` beside the default database), never in the DuckDB
database that imports replace. Passwords are stored only as argon2id hashes and
re-hashed at the next successful sign-in when the hashing parameters change.

Roles (see docs/access.md):

- ``admin``: sees every scope exactly, manages data and accounts.
- ``city``: a city official; sees every scope, always under disclosure control.
- ``institution``: bound to one institution_id; sees its own institution's
  scope exactly, everything else under disclosure control.
- ``employer``: bound to one employer_id; likewise for its own employer.

Repeated failures slow sign-in down: from the third consecutive wrong password
the account is locked for 2^(n-3) seconds after the n-th failure (1 s, 2 s,
4 s, ...), at most 15 minutes; while locked, ``authenticate`` refuses without
looking at the password. A success resets the count.
"""

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workforce import config
from workforce.store import db

ROLES = ("admin", "city", "institution", "employer")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
LOCK_AFTER = 3
MAX_LOCK_SECONDS = 15 * 60
SESSION_IDLE_HOURS = 8.0
SESSION_MAX_HOURS = 24.0
DEFAULT_ACCOUNTS = db.DEFAULT_DB.parent / "accounts.sqlite"
SCHEMA_VERSION = 1

HASHER = PasswordHasher()
"""argon2id with argon2-cffi's default (RFC 9106 low-memory) parameters; tests may swap in cheaper ones."""

DEMO_ACCOUNTS = (
    # username, password, display name, role, institution_id, employer_id
    ("demo-admin", "demo-admin", "Demo administrator (demo data only)", "admin", None, None),
    ("demo-city", "demo-city", "Demo city official (demo data only)", "city", None, None),
    ("demo-college", "demo-college", "Demo MIET college (demo data only)", "institution", "MIET-C", None),
    ("demo-company", "demo-company", "Demo Binnopharm HR (demo data only)", "employer", None, "BINNOPHARM"),
)

_USERNAME = re.compile(r"^[\w.@+-]{1,128}$")
_SCHEMA = f"""
create table if not exists accounts (
    username text primary key collate nocase,
    name text not null,
    role text not null check (role in ({", ".join(f"'{r}'" for r in ROLES)})),
    institution_id text,
    employer_id text,
    password_hash text not null check (password_hash like '$argon2id$%'),
    demo integer not null default 0,
    created_at text not null,
    failed_count integer not null default 0,
    locked_until text,
    last_failed_at text,
    check ((role = 'institution') = (institution_id is not null)),
    check ((role = 'employer') = (employer_id is not null))
);
pragma user_version = {SCHEMA_VERSION};
"""


class AccountError(ValueError):
    """An account request that cannot be carried out; the message says why, for the user."""


@dataclass(frozen=True)
class Account:
    """A signed-in user: ``Account("ivanova", "Ivanova", "institution", institution_id="MIET-C")``."""

    username: str
    name: str
    role: str
    institution_id: str | None = None
    employer_id: str | None = None

    def scope(self) -> dict[str, str | None]:
        """The scope the account is bound to, as db.scope_params (all None for admin and city)."""
        return db.scope_params(institution=self.institution_id, employer=self.employer_id)

    def owns(self, scope: Mapping[str, str | None]) -> bool:
        """Whether a view of ``scope`` (db.scope_params keys) is this account's own data, shown unprotected.

        admin owns every scope; city owns none; an institution account owns a
        scope whose ``institution`` is its own, and an employer account one whose
        ``employer`` is its own, whatever the other filters (they only narrow
        the rows further, so every row is still its own participants' or its own
        placements and hires). A scope without that key set (the whole city, a
        sector, a district, a program, another institution) is not owned.
        """
        if self.role == "admin":
            return True
        if self.role == "institution":
            return self.institution_id is not None and scope.get("institution") == self.institution_id
        if self.role == "employer":
            return self.employer_id is not None and scope.get("employer") == self.employer_id
        return False

    @property
    def manages_data(self) -> bool:
        """Whether the account may import, roll back, export record-level tables and manage accounts."""
        return self.role == "admin"


@dataclass
class Session:
    """A signed-in session: expired after ``idle_seconds`` without activity or 24 hours after sign-in."""

    account: Account
    issued_at: float
    last_seen: float
    idle_seconds: float
    max_seconds: float = SESSION_MAX_HOURS * 3600
    identity: bool = False
    """Signed in through an identity provider (st.login), so signing out is st.logout()."""

    @classmethod
    def start(
        cls,
        account: Account,
        now: float | None = None,
        *,
        issued_at: float | None = None,
        identity: bool = False,
    ) -> "Session":
        """A new session from ``now`` (epoch seconds); idle timeout from session_idle_hours().

        ``issued_at`` is when the sign-in happened, if earlier (an identity token's
        ``iat``): the 24-hour limit counts from then.
        """
        now = time.time() if now is None else now
        issued_at = now if issued_at is None else min(issued_at, now)
        return cls(
            account,
            issued_at=issued_at,
            last_seen=now,
            idle_seconds=session_idle_hours() * 3600,
            identity=identity,
        )

    def expired(self, now: float | None = None) -> bool:
        """True once idle for the timeout, or once the absolute maximum since sign-in has passed."""
        now = time.time() if now is None else now
        return now - self.last_seen >= self.idle_seconds or now - self.issued_at >= self.max_seconds

    def touch(self, now: float | None = None) -> None:
        """Record activity (call on every page run of a live session)."""
        self.last_seen = time.time() if now is None else now


def session_idle_hours() -> float:
    """The idle timeout in hours: $WORKFORCE_SESSION_HOURS, default 8, never above the 24-hour maximum."""
    text = config.get("WORKFORCE_SESSION_HOURS")
    try:
        hours = float(text)
    except ValueError:
        raise AccountError(f"WORKFORCE_SESSION_HOURS is not a number of hours: {text!r}") from None
    if not 0 < hours:
        raise AccountError(f"WORKFORCE_SESSION_HOURS must be positive: {text!r}")
    return min(hours, SESSION_MAX_HOURS)


def demo_mode() -> bool:
    """Whether demo accounts exist and may sign in: $WORKFORCE_DEMO set to 1, true or yes."""
    return config.get("WORKFORCE_DEMO").strip().lower() in ("1", "true", "yes")


def accounts_path(path: str | os.PathLike | None = None) -> Path:
    """The accounts file: the one given, else $WORKFORCE_ACCOUNTS, else data/accounts.sqlite."""
    chosen = path or (
        config.get("WORKFORCE_ACCOUNTS") if config.is_set("WORKFORCE_ACCOUNTS") else DEFAULT_ACCOUNTS
    )
    return Path(chosen).resolve()


def normalise_username(username: str) -> str:
    """The stored, case-insensitive form of a username: ``" Ivanova@X.org"`` -> ``"ivanova@x.org"``."""
    key = unicodedata.normalize("NFKC", username).strip().casefold()
    if not _USERNAME.match(key):
        raise AccountError(
            f"not a valid username: {username!r} (1 to 128 letters, digits and . _ @ + -, no spaces)"
        )
    return key


@contextlib.contextmanager
def _connect(path: str | os.PathLike | None) -> Iterator[sqlite3.Connection]:
    """A connection to the accounts file, created (owner-only) with its table if missing."""
    file = accounts_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    if not file.exists():
        os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
    connection = sqlite3.connect(file, timeout=10, isolation_level=None)
    try:
        connection.row_factory = sqlite3.Row
        version = connection.execute("pragma user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise AccountError(f"{file} was written by a newer release (accounts schema {version})")
        if version < SCHEMA_VERSION:
            connection.executescript(_SCHEMA)
        yield connection
    finally:
        connection.close()


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken before reading so concurrent sign-ins count failures exactly."""
    connection.execute("begin immediate")
    try:
        yield
    except BaseException:
        connection.execute("rollback")
        raise
    connection.execute("commit")


def _timestamp(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="microseconds")


def _seconds(text: str | None) -> float | None:
    return None if text is None else dt.datetime.fromisoformat(text).timestamp()


def _account(row: sqlite3.Row) -> Account:
    return Account(row["username"], row["name"], row["role"], row["institution_id"], row["employer_id"])


def _check_password(password: str, demo: bool) -> None:
    if not isinstance(password, str) or not password:
        raise AccountError("the password is empty")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password is longer than {MAX_PASSWORD_LENGTH} characters")
    if not demo and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def _check_binding(role: str, institution_id: str | None, employer_id: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "institution" and not institution_id:
        raise AccountError("an institution account needs --institution ID")
    if role == "employer" and not employer_id:
        raise AccountError("an employer account needs --employer ID")
    if institution_id and role != "institution":
        raise AccountError(f"only an institution account is bound to an institution, not a {role} account")
    if employer_id and role != "employer":
        raise AccountError(f"only an employer account is bound to an employer, not a {role} account")


def scope_exists(
    institution_id: str | None,
    employer_id: str | None,
    database: str | os.PathLike | None = None,
) -> bool | None:
    """Whether the institution and employer given exist in the database; None when there is no database."""
    if not db.exists(database):
        return None
    row = db.run(
        "account_scope_exists", {"institution": institution_id, "employer": employer_id}, database
    ).iloc[0]
    return bool(row["institution_exists"]) and bool(row["employer_exists"])


def add_account(
    username: str,
    password: str,
    role: str,
    *,
    name: str | None = None,
    institution_id: str | None = None,
    employer_id: str | None = None,
    demo: bool = False,
    check_scope: bool = True,
    path: str | os.PathLike | None = None,
    database: str | os.PathLike | None = None,
    now: float | None = None,
) -> Account:
    """Create an account; ``demo=True`` marks a demo account and waives the password length rule.

    The institution or employer it is bound to must exist in the database when
    there is one (``check_scope``). Raises AccountError, changing nothing, when
    the username is taken or anything is invalid.
    """
    key = normalise_username(username)
    institution_id = (institution_id or "").strip() or None
    employer_id = (employer_id or "").strip() or None
    _check_binding(role, institution_id, employer_id)
    _check_password(password, demo)
    name = (name or "").strip() or key
    if len(name) > 200:
        raise AccountError("the display name is longer than 200 characters")
    if check_scope and scope_exists(institution_id, employer_id, database) is False:
        bound = f"institution {institution_id!r}" if institution_id else f"employer {employer_id!r}"
        raise AccountError(f"there is no {bound} in the database {db.db_path(database)}")
    hashed = HASHER.hash(password)
    now = time.time() if now is None else now
    with _connect(path) as connection:
        try:
            connection.execute(
                "insert into accounts (username, name, role, institution_id, employer_id,"
                " password_hash, demo, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, name, role, institution_id, employer_id, hashed, int(demo), _timestamp(now)),
            )
        except sqlite3.IntegrityError:
            raise AccountError(f"there is already an account {key!r}") from None
    return Account(key, name, role, institution_id, employer_id)


def remove_account(username: str, path: str | os.PathLike | None = None) -> bool:
    """Delete an account; False when there was none by that name."""
    key = normalise_username(username)
    if not accounts_path(path).exists():
        return False
    with _connect(path) as connection:
        return connection.execute("delete from accounts where username = ?", (key,)).rowcount > 0


def set_password(
    username: str, password: str, path: str | os.PathLike | None = None, *, demo: bool = False
) -> None:
    """Give an account a new password and lift any lock; AccountError when there is no such account."""
    key = normalise_username(username)
    _check_password(password, demo)
    hashed = HASHER.hash(password)
    with _connect(path) as connection:
        changed = connection.execute(
            "update accounts set password_hash = ?, failed_count = 0, locked_until = null where username = ?",
            (hashed, key),
        ).rowcount
    if not changed:
        raise AccountError(f"there is no account {key!r}")


def get_account(username: str, path: str | os.PathLike | None = None) -> Account | None:
    """The account by that name (any case), or None."""
    try:
        key = normalise_username(username)
    except (AccountError, TypeError):
        return None
    if not accounts_path(path).exists():
        return None
    with _connect(path) as connection:
        row = connection.execute("select * from accounts where username = ?", (key,)).fetchone()
    return None if row is None else _account(row)


def account_for_identity(claims: Mapping[str, Any], path: str | os.PathLike | None = None) -> Account | None:
    """The account named by an identity provider's e-mail claim, or None.

    ``{"email": "Ivanova@City.org", "email_verified": True}`` -> the account
    ``ivanova@city.org``. None when there is no e-mail, when the provider says it
    is not verified (``email_verified`` false; a provider that does not send the
    claim is trusted), when no account has that username, and for a demo account
    outside demo mode.
    """
    email = claims.get("email")
    verified = claims.get("email_verified", True)
    if not isinstance(email, str) or verified is False or str(verified).strip().lower() == "false":
        return None
    try:
        key = normalise_username(email)
    except AccountError:
        return None
    if not accounts_path(path).exists():
        return None
    with _connect(path) as connection:
        row = connection.execute("select * from accounts where username = ?", (key,)).fetchone()
    if row is None or (row["demo"] and not demo_mode()):
        return None
    return _account(row)


def list_accounts(path: str | os.PathLike | None = None) -> list[dict]:
    """Every account, sorted by username, without password hashes."""
    if not accounts_path(path).exists():
        return []
    with _connect(path) as connection:
        rows = connection.execute(
            "select username, name, role, institution_id, employer_id, demo, created_at,"
            " failed_count, locked_until from accounts order by username"
        ).fetchall()
    return [{**dict(row), "demo": bool(row["demo"])} for row in rows]


_dummies: dict[tuple, str] = {}


def _dummy_verify(password: str) -> None:
    """Spend the time of one verification, so an unknown or locked user answers as slowly as a known one."""
    params = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism, HASHER.hash_len, HASHER.salt_len)
    if params not in _dummies:
        _dummies[params] = HASHER.hash("not anybody's password")
    with contextlib.suppress(VerificationError, InvalidHashError):
        HASHER.verify(_dummies[params], password)


def _verify(stored: str, password: str) -> bool:
    if not stored.startswith("$argon2id$"):
        return False
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def lock_seconds(failures: int) -> float:
    """How long the account stays locked after ``failures`` consecutive failures: 0, then 1, 2, 4 ... 900."""
    if failures < LOCK_AFTER:
        return 0.0
    return float(min(2 ** min(failures - LOCK_AFTER, 20), MAX_LOCK_SECONDS))


def authenticate(
    username: str,
    password: str,
    *,
    now: float | None = None,
    path: str | os.PathLike | None = None,
) -> Account | None:
    """The account if the password is right and the account is not locked; else None (no reason given).

    Demo accounts sign in only while demo mode is on (demo_mode()).
    """
    now = time.time() if now is None else now
    password = password if isinstance(password, str) else ""
    try:
        key = normalise_username(username)
    except (AccountError, TypeError):
        _dummy_verify(password)
        return None
    with _connect(path) as connection:
        row = connection.execute("select * from accounts where username = ?", (key,)).fetchone()
        if row is None or (row["demo"] and not demo_mode()):
            _dummy_verify(password)
            return None
        locked_until = _seconds(row["locked_until"])
        if locked_until is not None and now < locked_until:
            _dummy_verify(password)
            return None
        if not _verify(row["password_hash"], password):
            with _transaction(connection):
                found = connection.execute(
                    "select failed_count from accounts where username = ?", (key,)
                ).fetchone()
                failures = (found[0] if found else 0) + 1
                lock = lock_seconds(failures)
                connection.execute(
                    "update accounts set failed_count = ?, last_failed_at = ?, locked_until = ?"
                    " where username = ?",
                    (failures, _timestamp(now), _timestamp(now + lock) if lock else None, key),
                )
            return None
        rehashed = HASHER.hash(password) if HASHER.check_needs_rehash(row["password_hash"]) else None
        connection.execute(
            "update accounts set failed_count = 0, locked_until = null,"
            " password_hash = coalesce(?, password_hash) where username = ?",
            (rehashed, key),
        )
        return _account(row)


def ensure_demo_accounts(path: str | os.PathLike | None = None, *, demo: bool | None = None) -> list[Account]:
    """Create the demo accounts (docs/access.md) when demo mode is on and there are no accounts yet.

    ``demo`` overrides $WORKFORCE_DEMO for creating them; signing in with them still needs demo mode.
    Returns the accounts created (none when demo mode is off or any account exists).
    """
    if not (demo_mode() if demo is None else demo):
        return []
    with _connect(path) as connection:
        if connection.execute("select count(*) from accounts").fetchone()[0]:
            return []
    created = []
    for username, password, name, role, institution, employer in DEMO_ACCOUNTS:
        with contextlib.suppress(AccountError):  # another process created it first
            created.append(
                add_account(
                    username,
                    password,
                    role,
                    name=name,
                    institution_id=institution,
                    employer_id=employer,
                    demo=True,
                    check_scope=False,
                    path=path,
                )
            )
    return created
