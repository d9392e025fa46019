"""The events the trend charts of Overview and City trends mark (CONTRACT.md, "Targets and events"), and,
when the reader asks for them, the agreements signed and the figures published, as events too."""

from collections.abc import Mapping, Sequence

import pandas as pd

from workforce import i18n
from workforce.analysis import metrics
from workforce.pagedata.scope import Database
from workforce.store import db

KINDS = ("events", "agreements", "figures")
"""What a trend chart can mark: the events table's own, agreements (the day each was signed) and
published figures (the day each was published)."""
COLUMNS = ["event_id", "event_date", "title", "program_id", "institution_id", "employer_id", "url", "kind"]


def _agreement_title(row, lang: str) -> str:
    return i18n.t(
        "common.event_agreement", lang, institution=row.institution_name, employer=row.employer_name
    )


def _figure_title(row, lang: str) -> str:
    return i18n.t(
        "common.event_figure",
        lang,
        value=i18n.qualified(metrics.plain(row.qualifier), row.value, lang),
        metric=i18n.t(f"common.metric.{row.metric}", lang).lower(),
        source=row.source,
    )


# each kind: the query of its rows (in COLUMNS but title and kind) and how one row is titled
SOURCES = {
    "events": ("events", None),
    "agreements": ("marked_agreements", _agreement_title),
    "figures": ("marked_figures", _figure_title),
}


def _of_kind(kind: str, lang: str, database: Database) -> pd.DataFrame:
    query, title = SOURCES[kind]
    frame = db.run(query, {}, database)
    if title is not None:
        frame["title"] = [title(row, lang) for row in frame.itertuples()]
    return frame.assign(kind=kind)[COLUMNS]


def events(
    scope: Mapping[str, str | None],
    year_from: int,
    year_to: int,
    database: Database = None,
    *,
    kinds: Sequence[str] = ("events",),
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """The events to mark on the page's trends: those dated in the period whose given program,
    institution and employer each agree with the page's filter where it has one (the city's page
    shows them all). A sector or district filter keeps only the events of no particular scope.
    ``kinds`` (of KINDS) adds agreements and published figures, titled in ``lang``; by date."""
    kept = [part for kind in KINDS if kind in kinds and not (part := _of_kind(kind, lang, database)).empty]
    if not kept:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(kept, ignore_index=True)
    frame = frame.sort_values("event_date", kind="stable").reset_index(drop=True)
    frame = frame[frame["event_date"].map(lambda day: year_from <= day.year <= year_to)]
    fields = ("program_id", "institution_id", "employer_id")
    narrowed = scope.get("sector") is not None or scope.get("district") is not None

    def agrees(row) -> bool:
        given = {f: row[f] for f in fields if metrics.plain(row[f]) is not None}
        if narrowed and given:
            return False
        return all(scope.get(f.removesuffix("_id")) in (None, v) for f, v in given.items())

    keep = [agrees(row) for _, row in frame.iterrows()]
    return frame[keep].reset_index(drop=True)
