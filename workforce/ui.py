"""Shared page furniture: the sidebar filters kept in the URL, headers, metrics, tables, charts, downloads.

A page reads ``f = ui.filters()`` and passes ``f.params`` (or ``f.scope``) to
``db.run``/``metrics``; everything it shows goes through the helpers here, so
numbers, dates and headers look the same, in the chosen language, everywhere.
"""

import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from workforce import accounts, db, disclosure, i18n

SCOPE = ("program", "institution", "employer", "sector", "district")
# Where each kind's choices come from: query, id column, label column.
OPTIONS = {
    "program": ("program_names", "program_id", "name"),
    "institution": ("institution_names", "institution_id", "name"),
    "employer": ("employer_names", "employer_id", "name"),
    "sector": ("sector_names", "sector", "sector"),
    "district": ("district_names", "district", "district"),
}
LANG_KEY = "lang"
OTHER = "(other)"
TOP_GROUPS = 10
PERIOD_KEY = "filter_period"
URL_PARAMS = ("lang", "year_from", "year_to", *SCOPE)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
SESSION_KEY = "account_session"
NOTICE_KEY = "_sign_in_notice"


def widget_key(name: str) -> str:
    """The session-state key of a scope filter's widget: ``filter_program``."""
    return f"filter_{name}"


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the viewer chose in the sidebar; ids (not names) for the scope."""

    lang: str
    year_from: int
    year_to: int
    program: str | None = None
    institution: str | None = None
    employer: str | None = None
    sector: str | None = None
    district: str | None = None
    viewer: accounts.Account | None = None

    @property
    def policy(self) -> disclosure.Policy:
        """The disclosure policy for the viewer of this scope: NONE when the viewer owns it."""
        return disclosure.policy_for(self.viewer, self.scope)

    @property
    def scope(self) -> dict[str, str | None]:
        """The bound parameters of every scoped query (``db.scope_params``)."""
        return db.scope_params(self.program, self.institution, self.employer, self.sector, self.district)

    @property
    def params(self) -> dict[str, Any]:
        """The scope plus ``year_from`` and ``year_to``."""
        return {**self.scope, "year_from": self.year_from, "year_to": self.year_to}

    @property
    def years(self) -> list[int]:
        """Every year of the period, in order."""
        return list(range(self.year_from, self.year_to + 1))

    @property
    def partial_year(self) -> int | None:
        """The year still in progress (today's), if it is in the period."""
        current = db.today().year
        return current if self.year_from <= current <= self.year_to else None

    @property
    def last_full_year(self) -> int:
        """The last year of the period that has ended; the period's last year if none has."""
        ended = [y for y in self.years if y < db.today().year]
        return ended[-1] if ended else self.year_to

    def as_of(self, year: int) -> dt.date:
        """The date a year's figures are computed for: its 31 December, or today while it is in progress."""
        return min(dt.date(year, 12, 31), db.today())

    @property
    def scoped(self) -> bool:
        """Whether any scope filter is set."""
        return any(v is not None for v in self.scope.values())


def leave_pages_folder_mode() -> None:
    """Make sure the entry script's st.navigation runs, even for a fresh server's first deep link.

    Streamlit runs the first script of a process in its legacy mode when a
    ``pages/`` folder exists: a deep link (``/trends``) then runs the page alone,
    without ``dashboard.py``. Switching the legacy mode off and rerunning makes
    the entry script run, as on every later request.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


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
    if path.exists():
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
    except (duckdb.Error, OSError):
        st.error(i18n.t("common.db.unreadable", lang, path=db.db_path()))
        st.stop()
    placements = int(summary["placements"].iloc[0])
    if placements == 0:
        st.info(i18n.t("common.db.empty", lang))
        st.stop()
    return placements


def options(kind: str, lang: str | None = None) -> dict[str, str]:
    """``{id: name}`` of one filter's choices (program, institution, employer, sector or district).

    Sectors arrive in English, as the contract's examples write them; with ``lang``
    they read in that language where the catalog (``sectors.json``) knows them.
    """
    query, id_column, label_column = OPTIONS[kind]
    frame = db.run(query)
    found = dict(zip(frame[id_column].astype(str), frame[label_column].astype(str)))
    if kind == "sector" and lang is not None:
        found = {
            k: i18n.t(f"sectors.{v}", lang) if i18n.has(f"sectors.{v}", lang) else v for k, v in found.items()
        }
    return found


def names(kind: str, ids: pd.Series, lang: str) -> pd.Series:
    """Ids replaced by their names: a missing id reads "No program" (or "District not given"),
    the query's ``(other)`` group reads "Other", an unknown id stays as it is."""
    known = {**options(kind, lang), OTHER: i18n.t("common.other", lang)}
    empty = i18n.t("common.no_district" if kind == "district" else "common.no_program", lang)
    return ids.map(lambda v: empty if i18n.is_missing(v) else known.get(str(v), str(v)))


def scope_label(lang: str, **scope: str | None) -> str:
    """A scope in words: the names of its parts joined by commas, or "the whole city" when it has none.

    Example: ``scope_label("ru", program="TECHNO", employer=None)`` -> "Техностажировка".
    """
    parts = [
        options(kind, lang).get(str(value), str(value))
        for kind, value in scope.items()
        if kind in OPTIONS and not i18n.is_missing(value)
    ]
    return ", ".join(parts) or i18n.t("common.whole_city", lang)


def _year_range() -> tuple[int, int]:
    row = db.run("placement_years").iloc[0]
    return int(row["first_year"]), int(row["last_year"])


def _parse_year(text: str | None, first: int, last: int) -> int | None:
    try:
        year = int(str(text))
    except ValueError:
        return None
    return year if first <= year <= last else None


def _read_url_filters(lang: str, first: int, last: int, choices: Mapping[str, Mapping[str, str]]) -> None:
    """Once per session, take the filters from the URL; a value we do not know is dropped with a notice."""
    if "_url_filters_read" in st.session_state:
        return
    st.session_state["_url_filters_read"] = True
    url = st.query_params
    for name in SCOPE:
        value = url.get(name)
        if value is None or value == "":
            continue
        if value in choices[name]:
            st.session_state[widget_key(name)] = value
        else:
            st.warning(i18n.t("common.filters.unknown_value", lang, value=value, name=name))
    if first == last:
        return
    period = [first, last]
    for position, name in enumerate(("year_from", "year_to")):
        text = url.get(name)
        if text is None:
            continue
        year = _parse_year(text, first, last)
        if year is None:
            st.warning(i18n.t("common.filters.bad_year", lang, value=text, name=name))
        else:
            period[position] = year
    if period[0] > period[1]:
        st.warning(
            i18n.t("common.filters.bad_year", lang, value=f"{period[0]}–{period[1]}", name="year_from")
        )
        period = [first, last]
    st.session_state[PERIOD_KEY] = tuple(period)


def _owned(chosen: Mapping[str, str | None]) -> bool:
    """Whether the signed-in viewer owns the scope these filters choose (no disclosure control)."""
    return disclosure.policy_for(viewer(), db.scope_params(**chosen)) is disclosure.NONE


def _chosen_scope() -> dict[str, str | None]:
    return {name: st.session_state.get(widget_key(name)) for name in SCOPE}


def _one_filter(changed: str) -> None:
    """A scope filter's on_change: unless the viewer owns the combination, the new choice replaces the others.

    Figures of one filter are protected together with the city's and every other
    one filter's (``yearly.protected_cube``); a combination of two is not, so a
    viewer under disclosure control could subtract one from the other.
    """
    chosen = _chosen_scope()
    if sum(v is not None for v in chosen.values()) > 1 and not _owned(chosen):
        for name in SCOPE:
            if name != changed:
                st.session_state[widget_key(name)] = None


def _keep_first_filter(lang: str) -> None:
    """Several filters (from a link) for a viewer who does not own the combination: keep the first, say so."""
    chosen = _chosen_scope()
    given = [name for name in SCOPE if chosen[name] is not None]
    if len(given) > 1 and not _owned(chosen):
        for name in given[1:]:
            st.session_state[widget_key(name)] = None
        st.warning(
            i18n.t("common.filters.link_reduced", lang, name=i18n.t(f"common.filters.{given[0]}", lang))
        )


def _write_url(chosen: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Put every non-default choice in the URL (and only those), touching nothing else."""
    wanted = {k: str(v) for k, v in chosen.items() if v is not None and v != defaults.get(k)}
    current = st.query_params.to_dict()
    for name in URL_PARAMS:
        if name in wanted and current.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in current:
            del st.query_params[name]


def filters(*, period: bool = True, scope: bool = True) -> Filters:
    """Draw the sidebar filters and return them; they live in the URL so a copied link opens the same view.

    ``period=False`` or ``scope=False`` hide those filters on a page that does not
    use them (their values are kept for the other pages). Stops the page with a
    message when the database is missing or empty.
    """
    leave_pages_folder_mode()
    lang = current_language()
    require_data(lang)
    first, last = _year_range()
    choices = {name: options(name, lang) for name in SCOPE}
    _read_url_filters(lang, first, last, choices)
    _keep_first_filter(lang)
    sidebar = st.sidebar
    if period or scope:
        sidebar.subheader(i18n.t("common.filters.header", lang))
    if first == last:
        year_from = year_to = first
        if period:
            sidebar.caption(i18n.t("common.filters.single_year", lang, year=first))
    elif period:
        if PERIOD_KEY in st.session_state:
            st.session_state[PERIOD_KEY] = st.session_state[PERIOD_KEY]
        kept = st.session_state.get(PERIOD_KEY)
        if kept is not None and not first <= kept[0] <= kept[1] <= last:
            del st.session_state[PERIOD_KEY]
        kwargs = {} if PERIOD_KEY in st.session_state else {"value": (first, last)}
        year_from, year_to = sidebar.slider(
            i18n.t("common.filters.period", lang),
            min_value=first,
            max_value=last,
            step=1,
            key=PERIOD_KEY,
            persist_state="session",
            **kwargs,
        )
    else:
        year_from, year_to = st.session_state.get(PERIOD_KEY, (first, last))
    chosen: dict[str, str | None] = {}
    for name in SCOPE:
        key = widget_key(name)
        if key in st.session_state:
            # Re-assigning claims the value for this run, so a filter taken from the link
            # survives the switch to another page (otherwise it is dropped there).
            st.session_state[key] = st.session_state[key]
        labels = choices[name]
        if scope:
            chosen[name] = sidebar.selectbox(
                i18n.t(f"common.filters.{name}", lang),
                options=list(labels),
                index=None,
                format_func=labels.get,
                placeholder=i18n.t("common.filters.all", lang),
                key=key,
                persist_state="session",
                on_change=_one_filter,
                args=(name,),
            )
        else:
            value = st.session_state.get(key)
            chosen[name] = value if value in labels else None
    if scope and not _owned({}):
        sidebar.caption(i18n.t("common.filters.one_at_a_time", lang))
    if scope and any(chosen.values()):
        sidebar.button(i18n.t("common.filters.reset", lang), key="filter_reset", on_click=_reset_scope)
    _write_url(
        {"lang": lang, "year_from": year_from, "year_to": year_to, **chosen},
        {"lang": i18n.DEFAULT_LANG, "year_from": first, "year_to": last},
    )
    return Filters(lang, int(year_from), int(year_to), **chosen, viewer=viewer())


def _reset_scope() -> None:
    for name in SCOPE:
        st.session_state[widget_key(name)] = None


def published(metric: str, f: Filters) -> pd.DataFrame:
    """Published figures about ``metric`` that a chart for these filters can be compared with.

    The figure must cover exactly one calendar year of the filters' period (a
    figure for half a year or for several years cannot sit on a yearly chart), its
    institution and employer must be the viewer's (both given and equal, or both
    absent), and its program the viewer's program (any program when the viewer
    chose none). A sector or district view matches no figure. Adds ``year``.
    """
    frame = db.run("published_figures_check")
    start, end = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    frame["year"] = end.dt.year
    whole_year = (
        (start.dt.year == end.dt.year)
        & (start.dt.day_of_year == 1)
        & (end.dt.month == 12)
        & (end.dt.day == 31)
    )
    keep = (frame["metric"] == metric) & whole_year & frame["year"].between(f.year_from, f.year_to)
    for name in ("institution", "employer"):
        chosen, given = getattr(f, name), frame[f"{name}_id"]
        keep &= given.isna() if chosen is None else given.eq(chosen)
    if f.program is not None:
        keep &= frame["program_id"].eq(f.program)
    if f.sector is not None or f.district is not None:
        keep &= False
    return frame[keep.fillna(False)].reset_index(drop=True)


def header(title_key: str, lang: str, caption_key: str | None = None, **kwargs: Any) -> None:
    """The page title and an optional one-line explanation under it."""
    st.title(i18n.t(title_key, lang, **kwargs))
    if caption_key:
        st.caption(i18n.t(caption_key, lang, **kwargs))


def detail_picker(kind: str, choices: Mapping[str, str], f: Filters, label: str, key: str) -> str:
    """The picker of the one institution or employer a page shows in detail; returns its id.

    It follows the sidebar's filter of the same kind whenever that changes, and
    offers an institution or employer account its own only, so the page opens on
    its own scope (``Account.scope()``) whatever the link; the page stops with a
    message when its own is not among ``choices`` (left out by the sidebar's
    other filters, or not in the data).
    """
    if f.viewer is not None and f.viewer.role == kind:
        own = f.viewer.scope()[kind]
        choices = {k: v for k, v in choices.items() if k == own}
        if not choices and f.scoped:
            st.info(i18n.t("common.auth.own_filtered_out", f.lang))
            st.stop()
        if not choices:
            st.info(i18n.t("common.auth.not_yours", f.lang, what=i18n.t(f"common.filters.{kind}", f.lang)))
            st.stop()
    followed, wanted = f"_{key}_followed", getattr(f, kind)
    if wanted in choices and st.session_state.get(followed) != wanted:
        st.session_state[key] = wanted
    st.session_state[followed] = wanted
    if st.session_state.get(key) not in choices:
        st.session_state.pop(key, None)
    return st.selectbox(label, options=list(choices), format_func=choices.get, key=key)


def withheld(by: str, f: Filters) -> None:
    """A split of the chosen scope hidden from the viewer (``ScopeYears.withheld``): why, what to do."""
    chosen = next((name for name in SCOPE if f.scope.get(name) is not None), None)
    st.info(
        i18n.t(
            "common.filters.split_withheld",
            f.lang,
            split=i18n.t(f"common.filters.{by}", f.lang),
            scope_name=i18n.t(f"common.filters.{chosen}", f.lang),
        ),
        icon=":material/lock:",
    )


def empty(message_key: str, lang: str, hint_key: str = "common.empty.hint", **kwargs: Any) -> None:
    """An empty result: what is missing, and what to change to see something."""
    st.info(f"{i18n.t(message_key, lang, **kwargs)}\n\n{i18n.t(hint_key, lang)}", icon=":material/info:")


FORMATTERS: dict[str, Callable[[Any, str], str]] = {
    "count": i18n.integer,
    "number": lambda v, lang: i18n.number(v, lang, 1),
    "rate": lambda v, lang: i18n.percent(v, lang, 1),
    "growth": lambda v, lang: i18n.signed_percent(v, lang, 1),
    "change": i18n.signed,
    "money": i18n.money,
    "days": i18n.days,
    "date": i18n.date,
    "bool": i18n.boolean,
    "year": lambda v, lang: i18n.MISSING if i18n.is_missing(v) else str(int(v)),
    "text": lambda v, lang: i18n.MISSING if i18n.is_missing(v) else str(v),
}


def show(value: Any, kind: str, lang: str) -> str:
    """One value formatted as ``kind``, one of the keys of FORMATTERS (count, rate, money, date...)."""
    return FORMATTERS[kind](value, lang)


def _delta(value: Any, previous: Any, kind: str, lang: str) -> str | None:
    """The change from ``previous`` to ``value`` as st.metric wants it (a leading ASCII minus when down)."""
    if i18n.is_missing(value) or i18n.is_missing(previous):
        return None
    difference = float(value) - float(previous)
    if kind == "rate":
        text = i18n.points(difference, lang, 1)
    elif kind == "money":
        text = i18n.signed_money(difference, lang)
    elif kind == "days":
        text = (
            i18n.signed(difference, lang) + i18n.NBSP + i18n.plural(abs(difference), lang, "common.unit.day")
        )
    else:
        text = i18n.signed(difference, lang)
        if kind == "count" and float(previous) > 0:
            text += f" ({i18n.signed_percent(difference / float(previous), lang)})"
    return text.replace(i18n.MINUS, "-", 1)


def rate_value(value: Any) -> Any:
    """The plain value of a figure: a rate dict ``{"value", "numerator", "denominator"}`` gives its value,
    a protected ``disclosure.Cell`` its true value."""
    if isinstance(value, disclosure.Cell):
        return value.value
    return value.get("value") if isinstance(value, Mapping) else value


def _metric_cell(value: Any, kind: str, policy: disclosure.Policy, base: Any) -> disclosure.Cell | None:
    """A headline figure under a policy; None when it is not a count, a rate or a statistic with a base.

    A ``disclosure.Cell`` is a figure already protected together with others (``yearly``): kept as it is.
    """
    if isinstance(value, disclosure.Cell):
        return value
    if isinstance(value, Mapping):
        return disclosure.report_rate(value, policy)
    if kind == "count":
        return disclosure.count(value, policy)
    if isinstance(base, tuple):
        return disclosure.rate(*base, policy, value=value)
    if base is not None:
        return disclosure.summary(value, base, policy)
    return None


def metric(
    label: str,
    value: Any,
    previous: Any,
    lang: str,
    *,
    kind: str = "count",
    previous_year: int | None = None,
    help: str | None = None,  # Streamlit's own name for it
    inverse: bool = False,
    policy: disclosure.Policy | None = None,
    base: Any = None,
    previous_base: Any = None,
) -> None:
    """A headline figure with its change against the previous year (``kind``: count, rate, money, days).

    ``value`` and ``previous`` may be numbers, None, protected cells, or rate dicts from ``metrics``
    (the numerator and denominator are then added to the help text). Under a
    ``policy`` (default: the viewer's for the whole city) counts and rate dicts
    are protected, a statistic (a median) over ``base`` individuals too, and a
    plain rate whose ``base`` is ``(numerator, denominator)``; a suppressed
    figure shows the policy's label and no change.
    """
    pol = policy or viewer_policy()
    now, then = rate_value(value), rate_value(previous)
    shown_now = None
    if pol is not disclosure.NONE:
        cell = _metric_cell(value, kind, pol, base)
        before = _metric_cell(previous, kind, pol, previous_base)
        if cell is not None and cell.state == disclosure.SUPPRESSED:
            shown_now = str(cell.shown)
            then = None
        elif cell is not None and cell.state == disclosure.ROUNDED:
            now = cell.shown
        if before is not None and before.state == disclosure.SUPPRESSED:
            then = None
        elif before is not None and before.state == disclosure.ROUNDED:
            then = before.shown
    delta = None if shown_now is not None else _delta(now, then, kind, lang)
    description = None
    if previous_year is not None:
        key = "common.change.vs_previous" if delta is not None else "common.change.no_previous"
        description = i18n.t(key, lang, year=previous_year)
    if isinstance(value, Mapping) and shown_now is None:
        numerator, denominator = value["numerator"], value["denominator"]
        if pol is not disclosure.NONE:
            numerator = disclosure.count_shown(numerator, pol)
            denominator = disclosure.count_shown(denominator, pol)
        parts = i18n.t(
            "common.rate_parts",
            lang,
            numerator=i18n.integer(numerator, lang),
            denominator=i18n.integer(denominator, lang),
        )
        help = f"{help}\n\n{parts}" if help else parts
    if shown_now is not None:
        help = f"{help}\n\n{privacy_note(pol, lang)}" if help else privacy_note(pol, lang)
    unchanged = delta is not None and float(now) == float(then)
    st.metric(
        label,
        shown_now if shown_now is not None else show(now, kind, lang),
        delta=delta,
        delta_color="off" if unchanged else "inverse" if inverse else "normal",
        delta_arrow="off" if unchanged else "auto",
        delta_description=description,
        help=help,
        border=True,
    )


def privacy_note(policy: disclosure.Policy, lang: str) -> str:
    """What the labels of suppressed figures mean, under this policy."""
    return i18n.t(
        "common.privacy.hidden",
        lang,
        label=policy.small_label,
        threshold=policy.threshold,
        secondary=policy.secondary_label,
    )


def protection(
    data: pd.DataFrame,
    policy: disclosure.Policy | None = None,
    *,
    counts: Sequence[str | disclosure.Count] = (),
    rates: Sequence[disclosure.Rate] = (),
    summaries: Sequence[disclosure.Summary] = (),
    total_row: Any = None,
    known_total: bool = False,
) -> disclosure.Protected | None:
    """The declared count, rate and statistic columns protected under the policy (default: the viewer's
    for the whole city); None for the owner's view or when nothing is declared. ``total_row`` and
    ``known_total``: see ``disclosure.protect_frame``."""
    pol = policy or viewer_policy()
    if pol is disclosure.NONE or not (counts or rates or summaries):
        return None
    present = set(data.columns)
    counts = [c for c in counts if (c.column if isinstance(c, disclosure.Count) else c) in present]
    rates = [r for r in rates if r.column in present and {r.numerator, r.denominator} <= present]
    summaries = [m for m in summaries if m.column in present and m.base in present]
    frame = data.reset_index(drop=True)
    return disclosure.protect_frame(
        frame,
        counts=counts,
        rates=rates,
        summaries=summaries,
        total_row=total_row,
        known_total=known_total,
        policy=pol,
    )


def combine(data: pd.DataFrame, *parts: disclosure.Protected | None) -> disclosure.Protected | None:
    """``data`` with the protected columns of each part (same rows, in order) laid over it; None if none."""
    found = [p for p in parts if p is not None]
    if not found:
        return None
    display = data.reset_index(drop=True).copy()
    numeric = display.copy()
    states = pd.DataFrame(index=display.index)
    secondary = pd.DataFrame(index=display.index)
    for part in found:
        for column in part.states.columns:
            display[column] = part.display[column].to_numpy()
            numeric[column] = part.numeric[column].to_numpy()
            states[column] = part.states[column].to_numpy()
            secondary[column] = part.secondary[column].to_numpy()
    return disclosure.Protected(display, numeric, states, secondary, found[-1].policy)


def rows(protected: disclosure.Protected | None, keep: Sequence[bool]) -> disclosure.Protected | None:
    """Some rows of a protected frame (a boolean per row), renumbered from 0."""
    if protected is None:
        return None
    mask = list(keep)

    def cut(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[mask].reset_index(drop=True)

    return disclosure.Protected(
        cut(protected.display),
        cut(protected.numeric),
        cut(protected.states),
        cut(protected.secondary),
        protected.policy,
    )


def funnel_protection(
    stages: pd.DataFrame, count_column: str, share_column: str, policy: disclosure.Policy
) -> disclosure.Protected | None:
    """Nested stages (each a subset of the one before, the first the whole group), protected so that
    neither a stage nor the difference of any two stages (those who dropped out between them) gives a
    small count away; a share is shown only beside a shown stage and a shown first stage. None for the owner.
    """
    if policy is disclosure.NONE:
        return None
    values = {("stage", k): int(v) for k, v in enumerate(stages[count_column])}
    groups = []
    for i in range(len(stages)):
        for j in range(i + 1, len(stages)):
            values[("gone", i, j)] = values[("stage", i)] - values[("stage", j)]
            groups.append((("stage", i), [("stage", j), ("gone", i, j)]))
    hidden = [k for k in values if k[0] == "gone"]
    # the first stage (the whole group) is shown as it is elsewhere (the cohort size)
    cells = disclosure.protect_related(values, groups, hidden=hidden, known=[("stage", 0)], policy=policy)
    counts = [cells[("stage", k)] for k in range(len(stages))]
    shares = []
    for k, share in enumerate(stages[share_column]):
        cell = disclosure.summary(share, counts[k].value, policy)
        if cell.state not in (disclosure.SUPPRESSED, disclosure.MISSING) and (
            counts[k].state == disclosure.SUPPRESSED or counts[0].state == disclosure.SUPPRESSED
        ):
            cell = disclosure.Cell(cell.value, policy.secondary_label, disclosure.SUPPRESSED, secondary=True)
        shares.append(cell)
    return disclosure.from_cells(stages, {count_column: counts, share_column: shares}, policy)


def reorder(protected: disclosure.Protected | None, order: Sequence[int]) -> disclosure.Protected | None:
    """The rows of a protected frame in another order (row positions), renumbered from 0."""
    if protected is None:
        return None

    def take(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.iloc[list(order)].reset_index(drop=True)

    return disclosure.Protected(
        take(protected.display),
        take(protected.numeric),
        take(protected.states),
        take(protected.secondary),
        protected.policy,
    )


def count_text(value: Any, lang: str, policy: disclosure.Policy | None = None) -> str:
    """A count as text under the policy: "12", "<5", "0", "—" (a ``disclosure.Cell`` as it was protected)."""
    cell = value if isinstance(value, disclosure.Cell) else disclosure.count(value, policy or viewer_policy())
    if cell.state == disclosure.SUPPRESSED:
        return str(cell.shown)
    return show(cell.shown, "count", lang)


def plotted(data: pd.DataFrame, protected: disclosure.Protected | None) -> pd.DataFrame:
    """What a chart may plot: the protected columns as numbers, NaN where suppressed or missing."""
    if protected is None:
        return data
    out = data.reset_index(drop=True).copy()
    for column in protected.states.columns:
        if column in out.columns:
            out[column] = protected.numeric[column].to_numpy()
    return out


def _protected_text(
    protected: disclosure.Protected, lang: str, formats: Mapping[str, str] | None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The protected frame for display: protected columns as text ("<5", "0", "—"), their formats "text"."""
    frame = protected.display.copy()
    kinds = dict(formats or {})
    for column in protected.states.columns:
        kind = (formats or {}).get(column) or ("rate" if column.endswith("rate") else "count")
        if kind == "count" and protected.policy.round_to:
            kind = "count"
        frame[column] = [
            i18n.MISSING
            if state == disclosure.MISSING
            else str(value)
            if state == disclosure.SUPPRESSED
            else show(value, kind, lang)
            for value, state in zip(protected.display[column], protected.states[column], strict=True)
        ]
        kinds[column] = "text"
    return frame, kinds


def _hidden(protected: disclosure.Protected | None) -> bool:
    return protected is not None and bool(protected.suppressed.to_numpy().any())


def export_frame(data: pd.DataFrame, lang: str, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The table as downloaded: translated headers, text cells that a spreadsheet would run made inert."""
    frame = data.reset_index(drop=True).copy()
    for name in frame.columns:
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]):
            frame[name] = frame[name].map(inert)
    headers: list[str] = []
    for c in frame.columns:
        header = inert(i18n.column(str(c), lang, dict(labels or {})))
        while header in headers:  # two columns with one header would break the Excel export
            header = f"{header} ({c})"
        headers.append(header)
    frame.columns = headers
    return frame


def inert(value: Any) -> Any:
    """A text cell starting with = + - @, tab or CR gets a leading apostrophe, so no spreadsheet runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """CSV bytes with a BOM; Russian uses ``;`` and decimal commas, the way Russian Excel reads CSV."""
    if i18n.language(lang) == "ru":
        text = frame.to_csv(index=False, sep=";", decimal=",", date_format="%Y-%m-%d")
    else:
        text = frame.to_csv(index=False, date_format="%Y-%m-%d")
    return text.encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook with one sheet; strings are never turned into formulas or links."""
    buffer = io.BytesIO()
    frame = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.DatetimeTZDtype):
            frame[name] = frame[name].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": EXCEL_OPTIONS}) as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        writer.sheets[sheet[:31]].autofit()
    return buffer.getvalue()


def download(
    data: pd.DataFrame,
    name: str,
    lang: str,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    counts: Sequence[str | disclosure.Count] = (),
    rates: Sequence[disclosure.Rate] = (),
    summaries: Sequence[disclosure.Summary] = (),
    total_row: Any = None,
    policy: disclosure.Policy | None = None,
    protected: disclosure.Protected | None = None,
) -> None:
    """CSV and Excel download buttons for a table's data (headers translated, formulas neutralised).

    The declared counts, rates and statistics are protected as on screen (``protection``).
    """
    key = key or f"download_{name}"
    if protected is None:
        protected = protection(
            data, policy, counts=counts, rates=rates, summaries=summaries, total_row=total_row
        )
    if protected is not None:
        data = protected.display[[c for c in data.columns if c in protected.display.columns]].copy()
        for column in [c for c in protected.states.columns if c in data.columns]:
            data[column] = [
                None if state == disclosure.MISSING else value
                for value, state in zip(protected.display[column], protected.states[column], strict=True)
            ]
    frame = export_frame(data, lang, labels)
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            i18n.t("common.download.csv", lang),
            data=lambda: to_csv(frame, lang),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            help=i18n.t("common.download.help_csv", lang),
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            i18n.t("common.download.xlsx", lang),
            data=lambda: to_xlsx(frame, name),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            help=i18n.t("common.download.help_xlsx", lang),
            icon=":material/download:",
            on_click="ignore",
        )


def _kind_of(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "year" if series.name in ("year", "graduation_year") else "count"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    sample = series.dropna()
    if not sample.empty and isinstance(sample.iloc[0], dt.date):
        return "date"
    return "text"


def _with_gaps(data: pd.DataFrame) -> list:
    """The columns that have an empty cell."""
    return [c for c in data.columns if data[c].isna().any()]


def _right_aligned(data: pd.DataFrame, formats: Mapping[str, str] | None) -> list:
    """Number and date columns that ``styled`` turns into text (they have gaps): keep them right-aligned."""
    return [c for c in _with_gaps(data) if ((formats or {}).get(c) or _kind_of(data[c])) != "text"]


def styled(
    data: pd.DataFrame,
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    highlight: pd.Series | None = None,
) -> "pd.io.formats.style.Styler":
    """The table for display: headers translated, each column formatted for the language, rows marked."""
    frame = data.reset_index(drop=True).copy()
    kinds = {c: (formats or {}).get(c) or _kind_of(frame[c]) for c in frame.columns}
    headers = {c: i18n.column(str(c), lang, dict(labels or {})) for c in frame.columns}
    # Streamlit draws an empty cell as "None" whatever the Styler says: a column
    # with empty cells is shown as its formatted text ("—" where it is empty).
    for c in _with_gaps(frame):
        frame[c] = [show(v, kinds[c], lang) for v in frame[c]]
        kinds[c] = "text"
    shown = frame.rename(columns=headers)
    styler = shown.style.format({headers[c]: (lambda v, k=kinds[c]: show(v, k, lang)) for c in frame.columns})
    if highlight is not None:
        marks = list(highlight.reset_index(drop=True).astype(bool))
        styler = styler.apply(
            lambda row: ["background-color: #FDECEA; color: #8E1B1B" if marks[row.name] else "" for _ in row],
            axis=1,
        )
    return styler


def table(
    data: pd.DataFrame,
    name: str,
    lang: str,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    highlight: pd.Series | None = None,
    column_config: Mapping[str, Any] | None = None,
    height: int | str = "auto",
    downloads: bool = True,
    counts: Sequence[str | disclosure.Count] = (),
    rates: Sequence[disclosure.Rate] = (),
    summaries: Sequence[disclosure.Summary] = (),
    total_row: Any = None,
    policy: disclosure.Policy | None = None,
    protected: disclosure.Protected | None = None,
) -> None:
    """A formatted table with its CSV/Excel downloads (``formats``: column -> kind, see ``show``).

    ``downloads=False`` when a chart right above already offers the same data.
    ``counts``, ``rates`` and ``summaries`` declare the columns protected under
    the viewer's disclosure policy (``policy``; see ``protection``).
    """
    if protected is None:
        protected = protection(
            data, policy, counts=counts, rates=rates, summaries=summaries, total_row=total_row
        )
    raw = data
    if protected is not None:
        data, formats = _protected_text(protected, lang, formats)
        data = data[[c for c in raw.columns if c in data.columns]]
        right = {
            c: st.column_config.TextColumn(alignment="right") for c in protected.states.columns if c in data
        }
        column_config = {**right, **(column_config or {})}
    st.dataframe(
        styled(data, lang, labels=labels, formats=formats, highlight=highlight),
        hide_index=True,
        width="stretch",
        height=height,
        key=key or f"table_{name}",
        column_config={
            i18n.column(c, lang, dict(labels or {})): v
            for c, v in {
                **{c: st.column_config.TextColumn(alignment="right") for c in _right_aligned(data, formats)},
                **(column_config or {}),
            }.items()
        },
    )
    if _hidden(protected):
        st.caption(privacy_note(protected.policy, lang))
    if downloads:
        download(raw, name, lang, key=key or f"table_{name}", labels=labels, protected=protected)


def chart(
    fig: go.Figure,
    data: pd.DataFrame,
    name: str,
    lang: str,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    caption: str | None = None,
    counts: Sequence[str | disclosure.Count] = (),
    rates: Sequence[disclosure.Rate] = (),
    summaries: Sequence[disclosure.Summary] = (),
    total_row: Any = None,
    policy: disclosure.Policy | None = None,
    protected: disclosure.Protected | None = None,
) -> None:
    """A plotly figure, an optional caption, and its data as CSV/Excel downloads.

    The figure must be drawn from ``plotted(data, protected)`` when columns are
    protected; the downloads carry the protected values and a caption says
    when some are hidden for privacy.
    """
    if protected is None:
        protected = protection(
            data, policy, counts=counts, rates=rates, summaries=summaries, total_row=total_row
        )
    st.plotly_chart(
        fig,
        key=key or f"chart_{name}",
        theme=None,
        width="stretch",
        config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True},
    )
    if caption:
        st.caption(caption)
    if _hidden(protected):
        st.caption(privacy_note(protected.policy, lang))
    download(data, name, lang, key=key or f"chart_{name}", labels=labels, protected=protected)
