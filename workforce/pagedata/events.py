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


def _agreements(lang: str, database: Database) -> pd.DataFrame:
    frame = db.run("marked_agreements", {}, database)
    return pd.DataFrame(
        {
            "event_id": frame["agreement_id"],
            "event_date": frame["signed_on"],
            "title": [
                i18n.t(
                    "common.event_agreement", lang, institution=r.institution_name, employer=r.employer_name
                )
                for r in frame.itertuples()
            ],
            "program_id": None,
            "institution_id": frame["institution_id"],
            "employer_id": frame["employer_id"],
            "url": None,
            "kind": "agreements",
        },
        columns=COLUMNS,
    )


def _figures(lang: str, database: Database) -> pd.DataFrame:
    frame = db.run("marked_figures", {}, database)
    return pd.DataFrame(
        {
            "event_id": frame["figure_id"],
            "event_date": frame["published_on"],
            "title": [
                i18n.t(
                    "common.event_figure",
                    lang,
                    value=i18n.qualified(metrics.plain(r.qualifier), r.value, lang),
                    metric=i18n.t(f"common.metric.{r.metric}", lang).lower(),
                    source=r.source,
                )
                for r in frame.itertuples()
            ],
            "program_id": frame["program_id"],
            "institution_id": frame["institution_id"],
            "employer_id": frame["employer_id"],
            "url": frame["url"],
            "kind": "figures",
        },
        columns=COLUMNS,
    )


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
    parts = []
    if "events" in kinds:
        parts.append(db.run("events", {}, database).assign(kind="events")[COLUMNS])
    if "agreements" in kinds:
        parts.append(_agreements(lang, database))
    if "figures" in kinds:
        parts.append(_figures(lang, database))
    kept = [p for p in parts if not p.empty]
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
