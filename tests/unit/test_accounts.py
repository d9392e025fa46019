"""Accounts: argon2id hashes, lockout, sessions, scope binding, demo accounts and the ``users`` command."""

import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from workforce.store import accounts
from workforce.store.accounts import Account, AccountError, Session

ROOT = Path(__file__).resolve().parents[2]

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.usefixtures("cheap_hashes")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """An empty accounts file, and no database to check scopes against."""
    path = tmp_path / "accounts.sqlite"
    monkeypatch.setenv("WORKFORCE_ACCOUNTS", str(path))
    monkeypatch.setenv("WORKFORCE_DB", str(tmp_path / "absent.duckdb"))
    monkeypatch.delenv("WORKFORCE_DEMO", raising=False)
    monkeypatch.delenv("WORKFORCE_SESSION_HOURS", raising=False)
    return path


def stored(path: Path, username: str) -> sqlite3.Row:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("select * from accounts where username = ?", (username,)).fetchone()


def test_password_is_stored_only_as_an_argon2id_hash(store):
    accounts.add_account("ivanova", PASSWORD, "city")
    assert stored(store, "ivanova")["password_hash"].startswith("$argon2id$")
    assert PASSWORD.encode() not in store.read_bytes()


def test_accounts_file_is_readable_by_its_owner_only(store):
    accounts.add_account("ivanova", PASSWORD, "city")
    assert store.stat().st_mode & 0o077 == 0


def test_right_password_signs_in_and_a_wrong_one_does_not(store):
    accounts.add_account("ivanova", PASSWORD, "city", name="Ivanova")
    assert accounts.authenticate("ivanova", PASSWORD) == Account("ivanova", "Ivanova", "city")
    assert accounts.authenticate("ivanova", PASSWORD + "!") is None
    assert accounts.authenticate("ivanova", "") is None


class CountingHasher(PasswordHasher):
    """A cheap hasher that counts verifications."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, stored: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(stored, password)


def test_an_unknown_user_costs_a_verification_too(store, monkeypatch):
    hasher = CountingHasher()
    monkeypatch.setattr(accounts, "HASHER", hasher)
    assert accounts.authenticate("nobody", PASSWORD) is None
    assert accounts.authenticate("not a valid name!", PASSWORD) is None
    assert hasher.verified == 2


def test_usernames_are_case_insensitive(store):
    accounts.add_account("Ivanova", PASSWORD, "city")
    assert accounts.authenticate("IVANOVA", PASSWORD).username == "ivanova"
    assert accounts.authenticate(" ivanova ", PASSWORD) is not None
    with pytest.raises(AccountError, match="already an account"):
        accounts.add_account("IVANOVA", PASSWORD, "city")
    assert accounts.remove_account("iVaNoVa") is True


@pytest.mark.parametrize("username", ["", "with space", "a" * 129, "semi;colon"])
def test_a_malformed_username_is_refused(store, username):
    with pytest.raises(AccountError, match="not a valid username"):
        accounts.add_account(username, PASSWORD, "city")


def test_a_password_shorter_than_10_characters_is_refused_unless_for_a_demo_account(store):
    with pytest.raises(AccountError, match="at least 10"):
        accounts.add_account("ivanova", "123456789", "city")
    accounts.add_account("ivanova", "1234567890", "city")
    accounts.add_account("demo", "demo", "city", demo=True)


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 0), (2, 0), (3, 1), (4, 2), (5, 4), (12, 512), (13, 900), (100, 900)],
)
def test_the_lock_doubles_from_the_third_failure_up_to_15_minutes(failures, seconds):
    assert accounts.lock_seconds(failures) == seconds


def test_three_failures_lock_the_account_and_the_right_password_waits_for_the_lock(store):
    accounts.add_account("ivanova", PASSWORD, "city")
    for t in (0.0, 1.0, 2.0):
        assert accounts.authenticate("ivanova", "wrong", now=t) is None
    row = stored(store, "ivanova")
    assert row["failed_count"] == 3 and row["locked_until"] is not None
    assert accounts.authenticate("ivanova", PASSWORD, now=2.5) is None  # locked until 3.0
    assert accounts.authenticate("ivanova", PASSWORD, now=3.0) is not None


def test_attempts_during_a_lock_are_not_checked_and_do_not_extend_it(store, monkeypatch):
    accounts.add_account("ivanova", PASSWORD, "city")
    for t in (0.0, 1.0, 2.0, 3.0):
        accounts.authenticate("ivanova", "wrong", now=t)  # the fourth: locked 2 s, until 5.0
    checked = []
    monkeypatch.setattr(accounts, "_verify", lambda *a: checked.append(1) or True)
    assert accounts.authenticate("ivanova", "wrong", now=4.0) is None
    assert checked == [] and stored(store, "ivanova")["failed_count"] == 4


def test_a_success_resets_the_failure_count(store):
    accounts.add_account("ivanova", PASSWORD, "city")
    accounts.authenticate("ivanova", "wrong", now=0.0)
    accounts.authenticate("ivanova", "wrong", now=1.0)
    assert accounts.authenticate("ivanova", PASSWORD, now=2.0) is not None
    accounts.authenticate("ivanova", "wrong", now=3.0)
    accounts.authenticate("ivanova", "wrong", now=4.0)
    assert stored(store, "ivanova")["failed_count"] == 2
    assert accounts.authenticate("ivanova", PASSWORD, now=4.1) is not None  # two failures: no lock


def test_a_hash_with_old_parameters_is_replaced_at_the_next_sign_in(store, monkeypatch):
    accounts.add_account("ivanova", PASSWORD, "city")
    old = stored(store, "ivanova")["password_hash"]
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert accounts.authenticate("ivanova", PASSWORD) is not None
    new = stored(store, "ivanova")["password_hash"]
    assert new != old and "m=16,t=2,p=1" in new
    assert accounts.authenticate("ivanova", PASSWORD) is not None


def test_set_password_replaces_the_password_and_lifts_the_lock(store):
    accounts.add_account("ivanova", PASSWORD, "city")
    for t in (0.0, 1.0, 2.0):
        accounts.authenticate("ivanova", "wrong", now=t)
    accounts.set_password("ivanova", "another long password")
    assert accounts.authenticate("ivanova", "another long password", now=2.1) is not None
    with pytest.raises(AccountError, match="no account"):
        accounts.set_password("nobody", "another long password")


def test_list_shows_accounts_without_their_hashes(store):
    accounts.add_account("b-user", PASSWORD, "employer", employer_id="BINNOPHARM")
    accounts.add_account("a-user", PASSWORD, "admin")
    listed = accounts.list_accounts()
    assert [r["username"] for r in listed] == ["a-user", "b-user"]
    assert not any("hash" in key or "$argon2" in str(value) for r in listed for key, value in r.items())


def test_removing_an_unknown_account_says_so(store):
    assert accounts.remove_account("nobody") is False


def test_session_expires_after_the_idle_timeout(store):
    session = Session.start(Account("a", "A", "city"), now=0.0)
    assert not session.expired(now=8 * 3600 - 1)
    assert session.expired(now=8 * 3600)


def test_activity_keeps_a_session_alive_but_never_beyond_24_hours(store):
    session = Session.start(Account("a", "A", "city"), now=0.0)
    for hour in range(1, 24):
        session.touch(now=hour * 3600.0)
        assert not session.expired(now=hour * 3600.0 + 1)
    assert session.expired(now=24 * 3600.0)


def test_the_idle_timeout_comes_from_the_environment(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SESSION_HOURS", "0.5")
    assert Session.start(Account("a", "A", "city"), now=0.0).expired(now=1800.0)
    monkeypatch.setenv("WORKFORCE_SESSION_HOURS", "100")  # capped at the absolute maximum
    assert accounts.session_idle_hours() == 24.0
    monkeypatch.setenv("WORKFORCE_SESSION_HOURS", "soon")
    with pytest.raises(AccountError):
        accounts.session_idle_hours()


def test_a_session_signed_in_earlier_expires_24_hours_after_that_sign_in(store):
    session = Session.start(Account("a", "A", "city"), now=20 * 3600.0, issued_at=0.0, identity=True)
    assert session.identity and not session.expired(now=20 * 3600.0 + 1)
    assert session.expired(now=24 * 3600.0)
    # a sign-in time in the future (a clock ahead of ours) counts as now
    assert Session.start(Account("a", "A", "city"), now=0.0, issued_at=3600.0).issued_at == 0.0


@pytest.mark.parametrize(
    ("claims", "found"),
    [
        ({"email": "ivanova@city.org", "email_verified": True}, "ivanova@city.org"),
        ({"email": "Ivanova@City.ORG", "email_verified": True}, "ivanova@city.org"),  # any case
        ({"email": "ivanova@city.org"}, "ivanova@city.org"),  # a provider that does not send the claim
        ({"email": "ivanova@city.org", "email_verified": False}, None),  # the provider has not verified it
        ({"email": "ivanova@city.org", "email_verified": "false"}, None),  # sent as text by some providers
        ({"email": "ivanova@city.org", "email_verified": "true"}, "ivanova@city.org"),
        ({"email": "petrov@city.org", "email_verified": True}, None),  # no such account
        ({"name": "Ivanova", "sub": "ivanova@city.org"}, None),  # no e-mail claim: the subject is not used
        ({"email": None}, None),
        ({"email": "not an address with spaces"}, None),
        ({"email": "demo-city", "email_verified": True}, None),  # a demo account outside demo mode
    ],
)
def test_an_identity_maps_to_the_account_of_its_verified_email(store, claims, found):
    accounts.add_account("ivanova@city.org", PASSWORD, "city")
    accounts.add_account("demo-city", "demo-city", "city", demo=True)
    account = accounts.account_for_identity(claims)
    assert (account and account.username) == found


def test_a_demo_account_maps_from_an_identity_only_in_demo_mode(store, monkeypatch):
    accounts.add_account("demo@example.org", "demo", "city", demo=True)
    assert accounts.account_for_identity({"email": "demo@example.org"}) is None
    monkeypatch.setenv("WORKFORCE_DEMO", "1")
    assert accounts.account_for_identity({"email": "demo@example.org"}).username == "demo@example.org"


def test_no_accounts_file_maps_no_identity(store):
    assert accounts.account_for_identity({"email": "ivanova@city.org"}) is None
    assert not store.exists()


MIET = Account("m", "M", "institution", institution_id="MIET-C")
BINNO = Account("b", "B", "employer", employer_id="BINNOPHARM")


@pytest.mark.parametrize(
    ("account", "scope", "owned"),
    [
        (Account("a", "A", "admin"), {}, True),  # admin owns everything
        (Account("a", "A", "admin"), {"employer": "X"}, True),
        (Account("c", "C", "city"), {}, False),  # a city official owns nothing at record level
        (Account("c", "C", "city"), {"program": "TECHNO"}, False),
        (MIET, {"institution": "MIET-C"}, True),
        (
            MIET,
            {"institution": "MIET-C", "program": "TECHNO", "employer": "X"},
            True,
        ),  # narrower: still its own
        (MIET, {"institution": None}, False),  # the whole city
        (MIET, {"institution": "STT"}, False),
        (MIET, {"employer": "MIET-C"}, False),  # an employer with the same id is not the institution
        (BINNO, {"employer": "BINNOPHARM"}, True),
        (BINNO, {"employer": "BINNOPHARM", "institution": "SECHENOV"}, True),
        (BINNO, {"sector": "Pharmaceuticals"}, False),  # its sector includes other employers
    ],
)
def test_who_owns_which_scope(account, scope, owned):
    assert account.owns(scope) is owned


def test_scope_is_the_bound_institution_or_employer_as_query_parameters():
    assert MIET.scope() == {
        "program": None,
        "institution": "MIET-C",
        "employer": None,
        "sector": None,
        "district": None,
    }
    assert BINNO.scope()["employer"] == "BINNOPHARM"
    assert Account("c", "C", "city").scope() == dict.fromkeys(MIET.scope())


@pytest.mark.parametrize(
    ("role", "institution", "employer", "message"),
    [
        ("institution", None, None, "needs --institution"),
        ("employer", None, None, "needs --employer"),
        ("city", "MIET-C", None, "only an institution account"),
        ("institution", None, "BINNOPHARM", "needs --institution"),
        ("employer", "MIET-C", "BINNOPHARM", "only an institution account"),
        ("mayor", None, None, "unknown role"),
    ],
)
def test_an_account_is_bound_to_exactly_what_its_role_needs(store, role, institution, employer, message):
    with pytest.raises(AccountError, match=message):
        accounts.add_account("x-user", PASSWORD, role, institution_id=institution, employer_id=employer)


def test_the_bound_institution_or_employer_must_exist_in_the_database(store, bound_store):
    accounts.add_account("college", PASSWORD, "institution", institution_id="MIET-C")
    accounts.add_account("company", PASSWORD, "employer", employer_id="BINNOPHARM")
    with pytest.raises(AccountError, match="no institution 'NOPE'"):
        accounts.add_account("other", PASSWORD, "institution", institution_id="NOPE")
    with pytest.raises(AccountError, match="no employer 'MIET-C'"):
        accounts.add_account("other", PASSWORD, "employer", employer_id="MIET-C")
    assert accounts.scope_exists("MIET-C", None) is True


def test_without_a_database_the_scope_cannot_be_checked(store):
    assert accounts.scope_exists("ANY", None) is None
    accounts.add_account("college", PASSWORD, "institution", institution_id="ANY")


def test_demo_accounts_are_created_only_in_demo_mode_and_only_into_an_empty_file(store, monkeypatch):
    assert accounts.ensure_demo_accounts() == []
    monkeypatch.setenv("WORKFORCE_DEMO", "1")
    created = accounts.ensure_demo_accounts()
    assert [a.username for a in created] == ["demo-admin", "demo-city", "demo-college", "demo-company"]
    assert accounts.get_account("demo-college").institution_id == "MIET-C"
    assert accounts.get_account("demo-company").employer_id == "BINNOPHARM"
    assert all("demo" in a.name.lower() for a in created)
    assert accounts.ensure_demo_accounts() == []  # not again


def test_demo_accounts_are_not_created_beside_real_ones(store, monkeypatch):
    accounts.add_account("ivanova", PASSWORD, "admin")
    monkeypatch.setenv("WORKFORCE_DEMO", "true")
    assert accounts.ensure_demo_accounts() == []


def test_demo_accounts_sign_in_with_their_documented_passwords_only_in_demo_mode(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DEMO", "yes")
    accounts.ensure_demo_accounts()
    for username, password, *_ in accounts.DEMO_ACCOUNTS:
        assert accounts.authenticate(username, password) is not None
    assert "`demo-college` / `demo-college`" in (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    monkeypatch.delenv("WORKFORCE_DEMO")
    assert accounts.authenticate("demo-admin", "demo-admin") is None
