"""Data for the City trends page: agreements signed per year, whether each delivers, one agreement's years.

The participants and employers per program, sector and district come from the
yearly cube (``yearly.scope_years``), protected together with the Overview's.
"""

from collections.abc import Mapping

import pandas as pd

from workforce.pagedata.scope import Database
from workforce.store import db


def agreements_by_year(params: Mapping, database: Database = None) -> pd.DataFrame:
    """Agreements signed per year and what they promise (``agreements_by_year``)."""
    return db.run("agreements_by_year", params, database)


def agreement_delivery(params: Mapping, database: Database = None) -> pd.DataFrame:
    """Each agreement's placements and hires before and after its signing, as of today."""
    return db.run("agreement_delivery", {**params, "as_of": db.today()}, database)


def agreement_activity(agreement: str, database: Database = None) -> pd.DataFrame:
    """One agreement's placements and hires per year around its signing (``agreement_activity_by_year``)."""
    return db.run("agreement_activity_by_year", {"agreement": agreement, "as_of": db.today()}, database)
