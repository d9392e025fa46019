"""Page furniture: headers, pickers, metrics, tables and charts with their downloads, under the viewer's
disclosure policy."""

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from workforce import disclosure, i18n
from workforce.downloads import MIME_TYPES, export_frame, to_csv, to_xlsx
from workforce.formatting import show
from workforce.pagedata import headline
from workforce.pagedata import overview as overview_data
from workforce.pagedata.headline import privacy_note
from workforce.pagedata.scope import Filters
from workforce.store.db import SCOPE
from workforce.ui.session import viewer_policy

PRINT_CSS = Path(__file__).with_name("print.css")


def print_styles() -> None:
    """The rules that make every page print cleanly from the browser (``print.css``)."""
    st.html(f"<style>{PRINT_CSS.read_text(encoding='utf-8')}</style>")


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
    """A headline figure with its change against the previous year, as ``pagedata.headline`` reads it
    under ``policy`` (default: the viewer's for the whole city)."""
    shown = headline.headline(
        value,
        previous,
        lang,
        policy or viewer_policy(),
        kind=kind,
        previous_year=previous_year,
        help=help,
        base=base,
        previous_base=previous_base,
    )
    card(label, shown, inverse=inverse)


def card(label: str, shown: headline.Headline, *, inverse: bool = False) -> None:
    """A headline figure drawn as a bordered card, its notes as help (``inverse``: down is good)."""
    st.metric(
        label,
        shown.value,
        delta=shown.delta,
        delta_color="off" if shown.flat else "inverse" if inverse else "normal",
        delta_arrow="off" if shown.flat else "auto",
        delta_description=shown.description,
        help="\n\n".join(shown.notes) or None,
        border=True,
    )


def protection(
    data: pd.DataFrame,
    policy: disclosure.Policy | None = None,
    **declared: Any,
) -> disclosure.Protected | None:
    """``disclosure.protection`` under the policy given, by default the viewer's for the whole city."""
    return disclosure.protection(data, policy or viewer_policy(), **declared)


def count_text(value: Any, lang: str, policy: disclosure.Policy | None = None) -> str:
    """A count as text under the policy: "12", "<5", "0", "—" (a ``disclosure.Cell`` as it was protected)."""
    cell = value if isinstance(value, disclosure.Cell) else disclosure.count(value, policy or viewer_policy())
    if cell.state == disclosure.SUPPRESSED:
        return str(cell.shown)
    return show(cell.shown, "count", lang)


def share_text(cell: disclosure.Cell, lang: str) -> str:
    """A protected share as text: "92,0 %", the policy's label when it is hidden, "—" when there is none."""
    if cell.state == disclosure.SUPPRESSED:
        return str(cell.shown)
    return show(cell.shown, "rate", lang)


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


def interval_pairs(data: pd.DataFrame) -> list[str]:
    """The rate columns of a frame that have their 95% interval beside them (``<rate>_low``, ``_high``)."""
    return [c for c in data.columns if set(disclosure.interval_columns(c)) <= set(data.columns)]


def _interval_text(
    data: pd.DataFrame, protected: disclosure.Protected | None, lang: str
) -> tuple[pd.DataFrame, disclosure.Protected | None]:
    """For a table on screen: each rate's two interval columns as one text column ``<rate>_interval``
    ("12.8 %–96.1 %"; the policy's label where hidden, a dash where there is none), right after the rate.
    Downloads keep the two numbers."""
    rates = interval_pairs(data)
    if not rates:
        return data, protected
    display = data if protected is None else protected.display
    states = None if protected is None else protected.states
    out = data.reset_index(drop=True).copy()
    frames = (
        None if protected is None else {f: getattr(protected, f).copy() for f in disclosure.protected.FRAMES}
    )
    for rate in rates:
        low, high = disclosure.interval_columns(rate)
        texts = []
        for k in range(len(out)):
            if states is not None and low in states and states[low].iloc[k] == disclosure.SUPPRESSED:
                texts.append(str(display[low].iloc[k]))
            elif i18n.is_missing(out[low].iloc[k]) or i18n.is_missing(out[high].iloc[k]):
                texts.append(i18n.MISSING)
            else:
                texts.append(
                    f"{i18n.percent(out[low].iloc[k], lang, 1)}–{i18n.percent(out[high].iloc[k], lang, 1)}"
                )
        at = list(out.columns).index(rate) + 1
        out = out.drop(columns=[low, high])
        out.insert(min(at, len(out.columns)), f"{rate}_interval", texts)
        if frames is not None:
            for name, frame in frames.items():
                frame = frame.drop(columns=[c for c in (low, high) if c in frame.columns])
                if name in ("display", "numeric") and rate in frame.columns:
                    frame.insert(list(frame.columns).index(rate) + 1, f"{rate}_interval", texts)
                frames[name] = frame
    if frames is None:
        return out, None
    return out, disclosure.Protected(**frames, policy=protected.policy)


def verdicts(
    data: pd.DataFrame,
    column: str,
    compared: Sequence[str],
    protected: disclosure.Protected | None,
    lang: str,
) -> list[str]:
    """A verdict column (``analysis.compare``: higher, lower, same) as text; a dash where there is none or
    where one of the ``compared`` rates is hidden (the verdict would tell of a hidden rate)."""
    texts = []
    for k, code in enumerate(data[column]):
        hidden = protected is not None and any(
            c in protected.states and protected.states[c].iloc[k] == disclosure.SUPPRESSED for c in compared
        )
        texts.append(
            i18n.MISSING if hidden or i18n.is_missing(code) else i18n.t(f"common.verdict.{code}", lang)
        )
    return texts


def _hidden(protected: disclosure.Protected | None) -> bool:
    return protected is not None and bool(protected.suppressed.to_numpy().any())


def download(
    data: pd.DataFrame,
    name: str,
    lang: str,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    protected: disclosure.Protected | None = None,
) -> None:
    """CSV and Excel download buttons for a table's data (headers translated, formulas neutralised).

    ``protected`` (from ``protection``) gives the values shown on screen; its hidden cells are left empty.
    """
    key = key or f"download_{name}"
    protected = disclosure.intervals_follow_rates(data, protected)
    if protected is not None:
        data = protected.display[[c for c in data.columns if c in protected.display.columns]].copy()
        for column in [c for c in protected.states.columns if c in data.columns]:
            data[column] = [
                None if state == disclosure.MISSING else value
                for value, state in zip(protected.display[column], protected.states[column], strict=True)
            ]
    frame = export_frame(data, lang, labels)
    files = (("csv", lambda: to_csv(frame, lang)), ("xlsx", lambda: to_xlsx(frame, name)))
    with st.container(horizontal=True, gap="small"):
        for kind, data in files:
            st.download_button(
                i18n.t(f"common.download.{kind}", lang),
                data=data,
                file_name=f"{name}.{kind}",
                mime=MIME_TYPES[kind],
                key=f"{key}_{kind}",
                help=i18n.t(f"common.download.help_{kind}", lang),
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
    protected: disclosure.Protected | None = None,
) -> None:
    """A formatted table with its CSV/Excel downloads (``formats``: column -> kind, see ``show``).

    ``downloads=False`` when a chart right above already offers the same data.
    ``protected`` (from ``protection``) gives the protected columns' values
    and states under the viewer's disclosure policy.
    """
    protected = disclosure.intervals_follow_rates(data, protected)
    raw, exported = data, protected  # the downloads keep both ends of an interval, protected
    data, protected = _interval_text(data, protected, lang)
    intervals = {f"{rate}_interval" for rate in interval_pairs(raw)}
    columns = list(data.columns)
    if protected is not None:
        # the protected columns as the policy shows them; every other column as the page gave it
        text, formats = _protected_text(protected, lang, formats)
        data = data.reset_index(drop=True).copy()
        for column in protected.states.columns:
            if column in data.columns:
                data[column] = text[column].to_numpy()
        data = data[[c for c in columns if c in data.columns]]
        right = {
            c: st.column_config.TextColumn(alignment="right")
            for c in [*protected.states.columns, *intervals]
            if c in data
        }
        column_config = {**right, **(column_config or {})}
    elif intervals:
        column_config = {
            **{c: st.column_config.TextColumn(alignment="right") for c in intervals},
            **(column_config or {}),
        }
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
        download(raw, name, lang, key=key or f"table_{name}", labels=labels, protected=exported)


def chart(
    fig: go.Figure,
    data: pd.DataFrame,
    name: str,
    lang: str,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    caption: str | None = None,
    protected: disclosure.Protected | None = None,
) -> None:
    """A plotly figure, an optional caption, and its data as CSV/Excel downloads.

    The figure must be drawn from ``plotted(data, protected)`` when columns are
    protected; the downloads carry the protected values and a caption says
    when some are hidden for privacy.
    """
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


def targets(shown: list[dict], lang: str, key: str) -> None:
    """The targets of the page's scope against their actuals (``pagedata.overview.Overview.targets``), as
    a table with its reading; nothing when the scope has none."""
    if not shown:
        return
    st.subheader(i18n.t("overview.targets", lang))
    frame = overview_data.target_table(shown, lang)
    labels = {c: i18n.t(f"overview.target_columns.{c}", lang) for c in frame.columns}
    table(frame, "targets", lang, key=key, labels=labels, formats={"year": "year"})
    st.caption(i18n.t("overview.targets_caption", lang))


MARK_MORE_KEY = "mark_more_events"


def event_kinds(lang: str) -> tuple[str, ...]:
    """What the trend charts mark: the events, and agreements and published figures when the reader turns
    them on (one switch, kept across pages for the session)."""
    if MARK_MORE_KEY in st.session_state:  # claimed again, so the choice survives a switch of page
        st.session_state[MARK_MORE_KEY] = st.session_state[MARK_MORE_KEY]
    more = st.toggle(
        i18n.t("common.mark_more", lang),
        key=MARK_MORE_KEY,
        help=i18n.t("common.mark_more_help", lang),
        persist_state="session",
    )
    return ("events", "agreements", "figures") if more else ("events",)
