"""The presentation: the only package that imports streamlit.

Pages call it as ``ui``: ``f = ui.filters()`` draws the sidebar and returns the
viewer's choices; ``ui.metric``, ``ui.table`` and ``ui.chart`` show figures in the
chosen language, under the viewer's disclosure policy. The parts:

- ``session``: language, sign-in, who is viewing, the database a first run builds;
- ``sidebar``: the filters of period and scope, kept in the URL;
- ``formatting``: figures as text;
- ``widgets``: headers, pickers, metrics, tables and charts with their downloads;
- ``curves``: the survival-curve section the Employers and Cohorts pages share;
- ``districts``: the district map on City trends, whose click chooses a district;
- ``coverage``: the notes on how much of the picture the hire figures rest on.
"""

from workforce import formatting
from workforce.disclosure import plotted
from workforce.formatting import event_lines, rate_value, show
from workforce.pagedata.scope import Filters, known_names, names, options, scope_label
from workforce.ui.coverage import hire_rate_note, placements_note, retention_note
from workforce.ui.curves import curve_labels, hidden_curve, time_to_hire
from workforce.ui.districts import district_map
from workforce.ui.session import (
    SESSION_KEY,
    current_language,
    ensure_database,
    language,
    require_data,
    sign_in,
    signed_in_account,
    viewer,
    viewer_policy,
)
from workforce.ui.sidebar import PERIOD_KEY, filters, widget_key
from workforce.ui.widgets import (
    card,
    chart,
    count_text,
    detail_picker,
    download,
    empty,
    event_kinds,
    header,
    metric,
    print_styles,
    privacy_note,
    protection,
    share_text,
    styled,
    table,
    targets,
    verdicts,
    withheld,
)

__all__ = [
    "PERIOD_KEY",
    "SESSION_KEY",
    "Filters",
    "card",
    "chart",
    "count_text",
    "current_language",
    "curve_labels",
    "detail_picker",
    "district_map",
    "download",
    "empty",
    "ensure_database",
    "event_kinds",
    "event_lines",
    "filters",
    "formatting",
    "header",
    "hidden_curve",
    "hire_rate_note",
    "known_names",
    "language",
    "metric",
    "names",
    "options",
    "placements_note",
    "plotted",
    "print_styles",
    "privacy_note",
    "protection",
    "rate_value",
    "require_data",
    "retention_note",
    "scope_label",
    "share_text",
    "show",
    "sign_in",
    "signed_in_account",
    "styled",
    "table",
    "targets",
    "time_to_hire",
    "verdicts",
    "viewer",
    "viewer_policy",
    "widget_key",
    "withheld",
]
