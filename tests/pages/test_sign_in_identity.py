"""Signing in through an identity provider (st.login): buttons from ``[auth]``, st.user mapped to an account.

AppTest's ``secrets`` stands for ``.streamlit/secrets.toml`` and its ``user`` for
``st.user`` (what the provider's identity token said). st.login itself needs a
real provider, so the tests record the call instead.
"""

import time

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from tests.conftest import DASHBOARD
from workforce import i18n, ui
from workforce.store import accounts

SHARED = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "not a real secret"}
CLIENT = {
    "client_id": "dashboard",
    "client_secret": "not a real secret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}
ONE_PROVIDER = {"auth": {**SHARED, **CLIENT}}
TWO_PROVIDERS = {"auth": {**SHARED, "microsoft": CLIENT, "okta": CLIENT}}
PASSWORD = "correct horse battery"
IVANOVA = "ivanova@city.example.org"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 with small parameters, so adding accounts is fast."""
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def logins(monkeypatch) -> list:
    """The provider of every st.login call (a real one would leave for the provider's page)."""
    called = []
    monkeypatch.setattr(ui.session.st, "login", lambda provider=None: called.append(provider))
    return called


def signed_in(email: str = IVANOVA, **claims) -> dict:
    """st.user after the provider signed someone in."""
    return {"is_logged_in": True, "email": email, "email_verified": True, "iat": int(time.time()), **claims}


def open_dashboard(user: dict, secrets: dict = ONE_PROVIDER, **query: str) -> AppTest:
    app = AppTest.from_file(str(DASHBOARD), default_timeout=30)
    for name, value in secrets.items():
        app.secrets[name] = value
    app.user = user
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def buttons(app: AppTest) -> dict[str, str]:
    return {b.key: b.label for b in app.button}


def test_with_an_auth_section_the_provider_button_replaces_the_password_form(city_database, accounts_file):
    app = open_dashboard({"is_logged_in": False}, lang="en")
    assert not app.exception
    assert app.title[0].value == "Sign in"
    assert buttons(app) == {"sign_in_with_default": "Sign in with your organisation's account"}
    assert not app.text_input
    assert not app.metric


def test_each_named_provider_has_its_button_and_it_calls_st_login_with_its_name(
    city_database, accounts_file, logins
):
    app = open_dashboard({"is_logged_in": False}, TWO_PROVIDERS, lang="ru")
    assert buttons(app) == {
        "sign_in_with_microsoft": "Войти через Microsoft",
        "sign_in_with_okta": "Войти через Okta",
    }
    app.button(key="sign_in_with_okta").click().run()
    assert logins == ["okta"]


def test_the_unnamed_provider_is_st_login_without_a_name(city_database, accounts_file, logins):
    app = open_dashboard({"is_logged_in": False})
    app.button(key="sign_in_with_default").click().run()
    assert logins == [None]


def test_without_an_auth_section_the_password_form_stays(city_database, accounts_file):
    app = open_dashboard({"is_logged_in": False}, {"other": {"token": "x"}}, lang="en")
    assert not app.exception
    assert [t.key for t in app.text_input] == ["sign_in_user", "sign_in_password"]
    assert not [key for key in buttons(app) if key.startswith("sign_in_with_")]


def test_a_verified_address_with_an_account_opens_the_dashboard_whatever_its_case(
    city_database, accounts_file
):
    accounts.add_account(IVANOVA, PASSWORD, "city", name="Иванова А. П.")
    app = open_dashboard(signed_in("Ivanova@City.Example.org"), lang="en")
    assert not app.exception
    assert app.title[0].value == "Overview"
    session = app.session_state[ui.SESSION_KEY]
    assert session.identity and session.account.username == IVANOVA
    assert "Signed in: Иванова А. П." in [c.value for c in app.sidebar.caption]


def test_the_first_run_after_the_provider_already_has_the_signed_in_navigation(city_database, accounts_file):
    accounts.add_account(IVANOVA, PASSWORD, "city")
    app = open_dashboard(signed_in(), lang="en")
    with pytest.raises(ValueError, match="Known pages"):  # the Data page is for administrators only
        app.switch_page("app_pages/data.py")
    app.switch_page("app_pages/trends.py").run()
    assert not app.exception
    assert app.title[0].value == i18n.t("trends.title", "en")


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": False},  # the provider says it has not verified the address
        {"email_verified": "false"},  # some providers send the claim as text
    ],
)
def test_an_unverified_address_is_refused_with_a_sign_out_button(city_database, accounts_file, claims):
    accounts.add_account(IVANOVA, PASSWORD, "city")
    app = open_dashboard(signed_in(**claims), lang="en")
    assert app.title[0].value == "Sign in"
    assert IVANOVA in app.error[0].value and "no account" in app.error[0].value
    assert ui.SESSION_KEY not in app.session_state
    assert "identity_sign_out" in buttons(app)


def test_an_address_without_an_account_is_refused_and_signing_out_returns_to_the_provider_button(
    city_database, accounts_file
):
    app = open_dashboard(signed_in("stranger@example.org"), lang="ru")
    assert "stranger@example.org" in app.error[0].value
    assert not app.metric
    app.button(key="identity_sign_out").click().run()
    assert app.user == {"is_logged_in": False}  # st.logout() ran
    assert "sign_in_with_default" in buttons(app)
    assert not app.error


def test_signing_out_of_an_identity_session_logs_out_of_streamlit_too(city_database, accounts_file):
    accounts.add_account(IVANOVA, PASSWORD, "admin")
    app = open_dashboard(signed_in(), lang="en")
    app.button(key="sign_out").click().run()
    assert app.user == {"is_logged_in": False}
    assert ui.SESSION_KEY not in app.session_state
    assert app.title[0].value == "Sign in" and "sign_in_with_default" in buttons(app)


def test_an_identity_session_expires_24_hours_after_the_provider_signed_in(city_database, accounts_file):
    accounts.add_account(IVANOVA, PASSWORD, "city")
    app = open_dashboard(signed_in(iat=int(time.time()) - 25 * 3600), lang="en")
    assert app.title[0].value == "Sign in"
    assert "expired" in app.error[0].value
    assert app.user == {"is_logged_in": False}  # st.logout() ran, so the cookie cannot sign in again


def test_an_idle_identity_session_expires_and_logs_out(city_database, accounts_file):
    accounts.add_account(IVANOVA, PASSWORD, "city")
    app = open_dashboard(signed_in(), lang="en")
    app.session_state[ui.SESSION_KEY].last_seen -= 9 * 3600
    app.run()
    assert "expired" in app.error[0].value
    assert app.user == {"is_logged_in": False}
