"""The session: language, sign-in and who is viewing, and the database a first run builds."""

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from workforce import disclosure, i18n
from workforce.store import accounts, db

LANG_KEY = "lang"


SESSION_KEY = "account_session"


NOTICE_KEY = "_sign_in_notice"


def current_language() -> str:
    """The language in use: the switch's value, else the URL's ``lang``, else Russian."""
    if LANG_KEY in st.session_state:
        return i18n.language(st.session_state[LANG_KEY])
    return i18n.language(st.query_params.get("lang"))


def language() -> str:
    """Draw the ru/en switch in the sidebar (once per run, from the entry script) and return the choice."""
    if "_url_lang_read" not in st.session_state:
        st.session_state["_url_lang_read"] = True
        wanted = st.query_params.get("lang")
        if wanted is not None and wanted not in i18n.LANGS:
            st.warning(i18n.t("common.filters.unknown_value", i18n.DEFAULT_LANG, value=wanted, name="lang"))
    lang = current_language()
    chosen = st.sidebar.segmented_control(
        i18n.t("common.language", lang),
        options=list(i18n.LANGS),
        format_func=lambda code: i18n.t("common.language_name", code),
        default=lang,
        required=True,
        key=LANG_KEY,
    )
    return i18n.language(chosen)


def viewer() -> accounts.Account | None:
    """The signed-in account of this session, or None."""
    session = st.session_state.get(SESSION_KEY)
    return session.account if isinstance(session, accounts.Session) else None


def viewer_policy(scope: Mapping[str, Any] | None = None) -> disclosure.Policy:
    """The signed-in viewer's policy for ``scope`` (the whole city when not given)."""
    return disclosure.policy_for(viewer(), db.scope_params(**(scope or {})))


def role_label(account: accounts.Account, lang: str) -> str:
    """The account's role in words: "employer (BINNOPHARM)"."""
    bound = account.institution_id or account.employer_id or ""
    return i18n.t(f"common.role.{account.role}", lang, id=bound)


def _sign_out() -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop("sign_in_password", None)
    if isinstance(session, accounts.Session) and session.identity:
        st.logout()  # else Streamlit's identity cookie would sign the same person in again


def identity_providers() -> list[str | None]:
    """The identity providers of the ``[auth]`` section of ``.streamlit/secrets.toml``, for st.login.

    None stands for the unnamed provider (``client_id`` in ``[auth]`` itself), a
    name for an ``[auth.<name>]`` section; empty without a secrets file or ``[auth]``.
    """
    if not st.secrets.load_if_toml_exists():
        return []
    auth = st.secrets.get("auth")
    if not isinstance(auth, Mapping):
        return []
    named = [name for name, value in auth.items() if isinstance(value, Mapping) and "client_id" in value]
    return [None, *named] if "client_id" in auth else named


def provider_label(provider: str | None, lang: str) -> str:
    """The sign-in button for a provider: "Sign in with Microsoft", or with the organisation's account."""
    if provider is None:
        return i18n.t("common.auth.provider_default", lang)
    return i18n.t("common.auth.provider_button", lang, provider=provider.capitalize())


def _identity_session() -> accounts.Session | None:
    """Start a session for the person the identity provider signed in, when they have an account."""
    if not identity_providers() or not st.user.get("is_logged_in"):
        return None
    claims = st.user.to_dict()
    account = accounts.account_for_identity(claims)
    if account is None:
        return None
    issued = claims.get("iat")
    issued_at = float(issued) if isinstance(issued, int | float) else None  # the token's sign-in time
    session = accounts.Session.start(account, issued_at=issued_at, identity=True)
    st.session_state[SESSION_KEY] = session
    return session


def _sign_in_clicked() -> None:
    user = st.session_state.get("sign_in_user") or ""
    password = st.session_state.get("sign_in_password") or ""
    st.session_state["sign_in_password"] = ""
    try:
        account = accounts.authenticate(user, password)
    except accounts.AccountError:
        account = None
    if account is None:
        st.session_state[NOTICE_KEY] = "common.auth.failed"
        return
    st.session_state.pop(NOTICE_KEY, None)
    st.session_state[SESSION_KEY] = accounts.Session.start(account)


def signed_in_account() -> accounts.Account | None:
    """The account of a live session, or None; draws nothing (see ``sign_in``).

    Without a session, a person the identity provider has signed in (st.user)
    who has an account gets one here.
    """
    session = st.session_state.get(SESSION_KEY)
    if session is None:
        session = _identity_session()
    if isinstance(session, accounts.Session) and not session.expired():
        return session.account
    return None


def _identity_sign_in(providers: Sequence[str | None], lang: str) -> None:
    """A sign-in button per identity provider, or the refusal of a signed-in person without an account."""
    st.title(i18n.t("common.auth.title", lang))
    st.caption(i18n.t("common.auth.intro", lang))
    notice = st.session_state.get(NOTICE_KEY)
    if notice is not None:
        st.error(i18n.t(notice, lang))
    if st.user.get("is_logged_in"):
        st.error(i18n.t("common.auth.no_account", lang, email=st.user.get("email") or i18n.MISSING))
        st.button(
            i18n.t("common.auth.sign_out", lang),
            key="identity_sign_out",
            on_click=st.logout,
            icon=":material/logout:",
        )
        return
    for provider in providers:
        st.button(
            provider_label(provider, lang),
            key=f"sign_in_with_{provider or 'default'}",
            on_click=st.login,
            args=(provider,),
            type="primary",
            icon=":material/login:",
        )


def sign_in(lang: str) -> accounts.Account:
    """The signed-in account; without a live session, draw the sign-in form and stop the page.

    A signed-in session shows who and the role in the sidebar with a sign-out
    button; an expired one signs out with a message. In demo mode the demo
    accounts are created and listed, labelled as demo. With identity providers
    in ``[auth]`` (``identity_providers``) their buttons replace the password form.
    """
    session = st.session_state.get(SESSION_KEY)
    if session is None:
        session = _identity_session()
    if isinstance(session, accounts.Session):
        if not session.expired():
            session.touch()
            account = session.account
            st.sidebar.caption(i18n.t("common.auth.signed_in", lang, name=account.name))
            st.sidebar.caption(i18n.t("common.auth.role_line", lang, role=role_label(account, lang)))
            st.sidebar.button(
                i18n.t("common.auth.sign_out", lang),
                key="sign_out",
                on_click=_sign_out,
                icon=":material/logout:",
            )
            return account
        _sign_out()
        st.session_state[NOTICE_KEY] = "common.auth.expired"
    elif session is not None:
        _sign_out()
    providers = identity_providers()
    if providers:
        _identity_sign_in(providers, lang)
        st.stop()
    demo = accounts.demo_mode()
    if demo:
        accounts.ensure_demo_accounts()
    st.title(i18n.t("common.auth.title", lang))
    st.caption(i18n.t("common.auth.intro", lang))
    notice = st.session_state.get(NOTICE_KEY)
    if notice is not None:
        st.error(i18n.t(notice, lang))
    with st.form("sign_in", enter_to_submit=True):
        st.text_input(i18n.t("common.auth.username", lang), key="sign_in_user", autocomplete="username")
        st.text_input(
            i18n.t("common.auth.password", lang),
            type="password",
            key="sign_in_password",
            autocomplete="current-password",
        )
        st.form_submit_button(
            i18n.t("common.auth.button", lang),
            key="sign_in_button",
            on_click=_sign_in_clicked,
            type="primary",
        )
    if demo:
        listed = pd.DataFrame(
            [
                {
                    i18n.t("common.auth.demo_user", lang): username,
                    i18n.t("common.auth.demo_password", lang): password,
                    i18n.t("common.auth.demo_role", lang): role_label(
                        accounts.Account(username, name, role, institution, employer), lang
                    ),
                }
                for username, password, name, role, institution, employer in accounts.DEMO_ACCOUNTS
                if accounts.get_account(username) is not None  # not when real accounts came first
            ]
        )
        if not listed.empty:
            st.subheader(i18n.t("common.auth.demo_title", lang))
            st.caption(i18n.t("common.auth.demo_intro", lang))
            st.dataframe(listed, hide_index=True, key="sign_in_demo_accounts")
    st.stop()


@st.cache_resource(show_spinner=False)
def _build_demo(path: str) -> str:
    """Build the demo database once per process, however many sessions ask at the same time."""
    from workforce import demo

    return str(demo.build(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def _refresh(path: str, version: tuple[int, int] | None) -> bool:
    """Bring a file written by an older release up to date, once per file version and process."""
    try:
        return db.ensure_current(path)
    except RuntimeError:  # an import is writing right now; it migrates the file itself
        return False


def ensure_database(lang: str) -> None:
    """On first run, when there is no database file yet, build the demo database (with a spinner)."""
    path = db.db_path()
    if db.exists(path):
        _refresh(str(path), db.database_version())
        return
    with st.spinner(i18n.t("common.db.building_demo", lang)):
        try:
            built = _build_demo(str(path))
        except Exception as error:  # any failure becomes a message, never a traceback
            st.error(i18n.t("common.db.demo_failed", lang, error=error.__class__.__name__))
            return
    st.toast(i18n.t("common.db.demo_built", lang, path=built), icon=":material/check_circle:")


def require_data(lang: str) -> int:
    """Stop the page with a translated message if the database is missing, unreadable or empty.

    Returns the number of placements.
    """
    try:
        summary = db.run("placement_years")
    except db.DatabaseMissing:
        st.error(i18n.t("common.db.missing", lang, path=db.db_path()))
        st.stop()
    except db.DatabaseTooNew:
        st.error(i18n.t("common.db.too_new", lang, path=db.db_path(), engine=duckdb.__version__))
        st.stop()
    except (duckdb.Error, OSError):
        st.error(i18n.t("common.db.unreadable", lang, path=db.db_path()))
        st.stop()
    placements = int(summary["placements"].iloc[0])
    if placements == 0:
        st.info(i18n.t("common.db.empty", lang))
        st.stop()
    return placements
