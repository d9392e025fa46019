"""The events the trend charts of Overview and City trends mark (CONTRACT.md, "Targets and events")."""

from collections.abc import Mapping

import pandas as pd

from workforce.analysis import metrics
from workforce.pagedata.scope import Database
from workforce.store import db


def events(
    scope: Mapping[str, str | None], year_from: int, year_to: int, database: Database = None
) -> pd.DataFrame:
    """The events to mark on the page's trends: those dated in the period whose given program,
    institution and employer each agree with the page's filter where it has one (the city's page
    shows them all). A sector or district filter keeps only the events of no particular scope."""
    frame = db.run("events", {}, database)
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
