"""What the page tests read off an AppTest run: texts, metrics, tables and charts, and the page paths."""

import base64
import json
import re

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

OVERVIEW = "app_pages/overview.py"
TRENDS = "app_pages/trends.py"
FIGURES = "app_pages/figures.py"
LANGS = ("ru", "en")


def shown_metrics(app) -> dict[str, tuple[str, str]]:
    """Every st.metric on the page: label -> (value, delta)."""
    return {m.label: (m.value, m.proto.delta) for m in app.metric}


def alert_texts(app) -> str:
    """All the alert, caption and markdown text of the page, for 'does it say X' checks."""
    parts = [
        e.value for e in [*app.info, *app.warning, *app.error, *app.success, *app.caption, *app.markdown]
    ]
    return "\n".join(str(p) for p in parts)


# A catalog key left untranslated shows as the key itself, e.g. "cohorts.stage.placed".
RAW_KEY = re.compile(r"\b(?:cohorts|employers|pipeline|common)\.[a-z_]+(?:\.[a-z_]+)*\b")


def reader_texts(app: AppTest) -> list[str]:
    """Every string a reader sees outside charts and tables."""
    found = []
    for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error"):
        found += [str(e.value) for e in getattr(app, kind)]
    found += [e.label for e in app.metric] + [str(e.value) for e in app.metric]
    found += [e.label for e in app.selectbox] + [str(o) for s in app.selectbox for o in s.options]
    found += [str(e.help or "") for e in app.metric]
    return found


def assert_all_translated(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]
    leftovers = [t for t in reader_texts(app) if RAW_KEY.search(t)]
    assert leftovers == []


def _plain(value: object) -> object:
    """Plotly's typed arrays ({"dtype", "bdata"}) and numpy arrays as plain lists, recursively."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def chart(app: AppTest, key: str) -> dict:
    """The plotly figure drawn with ``key``, as plain JSON."""
    found = [c for c in app.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert found, f"no chart {key}"
    return _plain(json.loads(found[0].proto.spec))


def table(app: AppTest, header: str) -> pd.DataFrame:
    """The first table with a column headed ``header``."""
    for frame in app.dataframe:
        if header in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {header!r}")


def metric_values(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}
