"""A plain pandas build of the dashboard's queries: tables loaded into DataFrames once, then filtered and
grouped in pandas, so the benchmark can check our figures and compare times and memory."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.recorder import TABLES
from workforce.store import db
from workforce.store.db import OTHER

YEAR = pd.Timedelta(days=365)


def load_tables(database: Path) -> dict[str, pd.DataFrame]:
    """The contract's tables as DataFrames, the fastest way we found: DuckDB to Arrow to pandas."""
    with db.reading(database) as cursor:
        return {t: cursor.table(t).to_arrow_table().to_pandas(date_as_object=False) for t in TABLES}


class Frames:
    """The loaded tables, and the frames derived from them during one page run (each built once per run)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.tables = dict(tables)
        self._derived: dict[str, Any] = {}

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    def forget(self) -> None:
        """Start a new page run: derived frames are built again."""
        self._derived.clear()

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A frame derived from the tables, built on first use in this run."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]


def _day(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value)


def _in_years(years: pd.Series, year_from: int | None, year_to: int | None) -> pd.Series:
    keep = pd.Series(True, index=years.index)
    if year_from is not None:
        keep &= years >= year_from
    if year_to is not None:
        keep &= years <= year_to
    return keep


def _matching(frame: pd.DataFrame, **wanted: Any) -> pd.Series:
    """Rows whose columns equal the given values (None restricts nothing; a missing cell never matches)."""
    keep = pd.Series(True, index=frame.index)
    for column, value in wanted.items():
        if value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NA:
            keep &= frame[column] == value
    return keep


def _member(values: pd.Series, among: Iterable) -> np.ndarray:
    """Whether each value is among the others, by a hash lookup.

    ``Series.isin`` on pandas 3's Arrow-backed ``str`` dtype converts the set
    one scalar at a time (9 s for 1 M ids against 1 M); a fair pandas build
    would not ship that, so we look the values up in an Index instead.
    """
    return pd.Index(pd.unique(pd.Series(among))).get_indexer(values) >= 0


def _placements(frames: Frames) -> pd.DataFrame:
    """Placements with their participant's institution and their employer's sector and district."""

    def build() -> pd.DataFrame:
        people = frames["participants"][["participant_id", "institution_id"]]
        hosts = frames["employers"][["employer_id", "sector", "district"]]
        return frames["placements"].merge(people, on="participant_id").merge(hosts, on="employer_id")

    return frames.derived("placements", build)


def _hire_sources(frames: Frames) -> pd.DataFrame:
    """Hires from an internship: hire_id, source_placement_id, days_to_hire (the contract's rule)."""

    def build() -> pd.DataFrame:
        hires = frames["hires"][["hire_id", "participant_id", "employer_id", "hire_date"]]
        placements = frames["placements"]
        completed = placements.loc[
            placements["status"] == "completed",
            ["placement_id", "participant_id", "employer_id", "start_date", "end_date"],
        ]
        pairs = hires.merge(completed, on=["participant_id", "employer_id"])
        pairs = pairs[
            (pairs["start_date"] <= pairs["hire_date"]) & (pairs["hire_date"] <= pairs["end_date"] + YEAR)
        ]
        pairs = pairs.sort_values(["hire_id", "end_date", "placement_id"], ascending=[True, False, True])
        chosen = pairs.drop_duplicates("hire_id")
        return pd.DataFrame(
            {
                "hire_id": chosen["hire_id"],
                "source_placement_id": chosen["placement_id"],
                "days_to_hire": (chosen["hire_date"] - chosen["end_date"]).dt.days.clip(lower=0),
            }
        ).reset_index(drop=True)

    return frames.derived("hire_sources", build)


def _hires(frames: Frames) -> pd.DataFrame:
    """Hires with their participant's institution, their employer's sector and district, and their source."""

    def build() -> pd.DataFrame:
        people = frames["participants"][["participant_id", "institution_id"]]
        hosts = frames["employers"][["employer_id", "sector", "district"]]
        programs = frames["placements"][["placement_id", "program_id"]].rename(
            columns={"placement_id": "source_placement_id", "program_id": "source_program_id"}
        )
        return (
            frames["hires"]
            .merge(people, on="participant_id")
            .merge(hosts, on="employer_id")
            .merge(_hire_sources(frames), on="hire_id", how="left")
            .merge(programs, on="source_placement_id", how="left")
        )

    return frames.derived("hires", build)


def _scoped_placements(frames: Frames, params: Mapping, **override: Any) -> pd.DataFrame:
    """The scoped_placements macro: placements of the program, institution, employer, sector and district."""
    scope = {
        **{k: params.get(k) for k in ("program", "institution", "employer", "sector", "district")},
        **override,
    }
    frame = _placements(frames)
    keep = _matching(
        frame,
        program_id=scope["program"],
        institution_id=scope["institution"],
        employer_id=scope["employer"],
        sector=scope["sector"],
        district=scope["district"],
    )
    return frame if keep.all() else frame[keep]


def _scoped_hires(frames: Frames, params: Mapping, **override: Any) -> pd.DataFrame:
    """The scoped_hires macro: a program's hires are those whose source placement belongs to it."""
    scope = {
        **{k: params.get(k) for k in ("program", "institution", "employer", "sector", "district")},
        **override,
    }
    frame = _hires(frames)
    keep = _matching(
        frame,
        source_program_id=scope["program"],
        institution_id=scope["institution"],
        employer_id=scope["employer"],
        sector=scope["sector"],
        district=scope["district"],
    )
    return frame if keep.all() else frame[keep]


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def metrics_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/metrics_by_year.sql in pandas."""
    columns = [
        "year",
        "participants",
        "employers",
        "growth",
        "intern_hire_numerator",
        "intern_hire_denominator",
        "intern_hire_rate",
        "median_days_to_hire",
        "hires",
        "median_salary",
    ]
    placements = _scoped_placements(frames, params)
    if placements.empty:
        return pd.DataFrame(columns=columns)
    start_year = placements["start_date"].dt.year.rename("year")
    last = np.fmax(start_year, placements["end_date"].dt.year).max()
    years = pd.RangeIndex(int(start_year.min()), int(last) + 1, name="year")
    participation = placements.groupby(start_year).agg(
        participants=("participant_id", "nunique"), employers=("employer_id", "nunique")
    )
    completed = placements[(placements["status"] == "completed") & placements["end_date"].notna()]
    completed = completed[["placement_id", "participant_id"]].assign(year=completed["end_date"].dt.year)
    completers = completed.groupby("year")["participant_id"].nunique()
    sourced = completed.merge(_hire_sources(frames), left_on="placement_id", right_on="source_placement_id")
    hired = sourced.groupby("year").agg(
        numerator=("participant_id", "nunique"), days=("days_to_hire", "median")
    )
    hires = _scoped_hires(frames, params)
    hiring = hires.groupby(hires["hire_date"].dt.year.rename("year")).agg(
        hires=("hire_id", "size"), salary=("monthly_salary", "median")
    )
    participants = participation["participants"].reindex(years, fill_value=0)
    before = participants.shift(1)
    numerator = hired["numerator"].reindex(years, fill_value=0)
    denominator = completers.reindex(years, fill_value=0)
    return pd.DataFrame(
        {
            "year": years,
            "participants": participants.to_numpy(),
            "employers": participation["employers"].reindex(years, fill_value=0).to_numpy(),
            "growth": (participants / before - 1).where(before > 0).to_numpy(),
            "intern_hire_numerator": numerator.to_numpy(),
            "intern_hire_denominator": denominator.to_numpy(),
            "intern_hire_rate": _rate(numerator, denominator).to_numpy(),
            "median_days_to_hire": hired["days"].reindex(years).astype("float64").to_numpy(),
            "hires": hiring["hires"].reindex(years, fill_value=0).to_numpy(),
            "median_salary": hiring["salary"].reindex(years).to_numpy(),
        },
        columns=columns,
    )


def internship_hires_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/internship_hires_by_year.sql in pandas."""
    hires = _scoped_hires(frames, params)
    return (
        hires.groupby(hires["hire_date"].dt.year.rename("year"))
        .agg(hires=("hire_id", "size"), internship_hires=("source_placement_id", "count"))
        .reset_index()
    )


def retention(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/retention.sql in pandas."""
    hires = _scoped_hires(frames, params)
    as_of = _day(params["as_of"])
    row: dict[str, Any] = {}
    for months, days in ((6, 182), (12, 365)):
        span = pd.Timedelta(days=days)
        observable = hires["hire_date"] <= as_of - span
        kept = observable & (hires["exit_date"].isna() | (hires["exit_date"] > hires["hire_date"] + span))
        numerator, denominator = int(kept.sum()), int(observable.sum())
        row[f"numerator_{months}m"] = numerator
        row[f"denominator_{months}m"] = denominator
        row[f"retention_{months}m"] = numerator / denominator if denominator else None
    row["hires_to_date"] = int((hires["hire_date"] <= as_of).sum())
    return pd.DataFrame([row])


def _completed_in_period(placements: pd.DataFrame, params: Mapping) -> pd.DataFrame:
    """The completed placements with an end date in the period (``year_from``, ``year_to``; open ends)."""
    return placements[
        (placements["status"] == "completed")
        & placements["end_date"].notna()
        & _in_years(placements["end_date"].dt.year, params.get("year_from"), params.get("year_to"))
    ]


def placement_coverage(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/placement_coverage.sql in pandas."""
    placements = _scoped_placements(frames, params)
    completed = _completed_in_period(placements, params)
    long_ago = _day(params["today"]) - pd.Timedelta(days=365)
    settled = int((completed["end_date"] < long_ago).sum())
    return pd.DataFrame([{"placements": len(completed), "placements_settled": settled}])


def hire_coverage(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/hire_coverage.sql in pandas."""
    completed = _completed_in_period(_scoped_placements(frames, params), params)
    completed = completed.assign(year=completed["end_date"].dt.year)
    long_ago = _day(params["today"]) - pd.Timedelta(days=365)
    interns = completed.groupby(["year", "participant_id"]).agg(last_end=("end_date", "max")).reset_index()
    hires = _scoped_hires(frames, params)
    ends = frames["placements"][["placement_id", "end_date"]].rename(
        columns={"placement_id": "source_placement_id"}
    )
    hired = (
        hires[hires["source_placement_id"].notna()]
        .merge(ends, on="source_placement_id")
        .assign(year=lambda h: h["end_date"].dt.year)[["year", "participant_id"]]
        .drop_duplicates()
        .assign(hired=True)
    )
    interns = interns.merge(hired, on=["year", "participant_id"], how="left")
    interns["known"] = interns["hired"].fillna(False).astype(bool) | (interns["last_end"] < long_ago)
    return (
        interns.groupby("year")
        .agg(interns=("participant_id", "size"), interns_settled=("known", "sum"))
        .reset_index()
        .sort_values("year")
    )


def _durations(days: pd.Series, observed: pd.Series, count: str) -> pd.DataFrame:
    """One row per duration and whether its event was observed, with how many (ordered)."""
    frame = pd.DataFrame({"days": days.astype("int64"), "observed": observed.astype(bool)})
    counted = frame.groupby(["days", "observed"]).size().rename(count).reset_index()
    return counted.sort_values(["days", "observed"]).reset_index(drop=True)


def retention_durations(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/retention_durations.sql in pandas."""
    as_of = _day(params["as_of"])
    hires = _scoped_hires(frames, params)
    hires = hires[hires["hire_date"] <= as_of]
    exited = hires["exit_date"].notna() & (hires["exit_date"] <= as_of)
    end = hires["exit_date"].where(exited, as_of)
    return _durations((end - hires["hire_date"]).dt.days, exited, "hires").rename(
        columns={"observed": "exited"}
    )


def time_to_hire_durations(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/time_to_hire_durations.sql in pandas: each placement with its first hire, by placement id."""
    as_of = _day(params["as_of"])
    placements = _scoped_placements(frames, params)
    ended = placements[(placements["status"] == "completed") & (placements["end_date"] <= as_of)]
    hires = _hires(frames)
    hires = hires[hires["source_placement_id"].notna() & (hires["hire_date"] <= as_of)]
    first = hires.groupby("source_placement_id")["hire_date"].min().rename("first_hire")
    ended = ended.merge(first, left_on="placement_id", right_index=True, how="left")
    hired = ended["first_hire"].notna()
    days = ((ended["first_hire"] - ended["end_date"]).dt.days.clip(lower=0)).where(
        hired, (as_of - ended["end_date"]).dt.days
    )
    return _durations(days, hired, "placements").rename(columns={"observed": "hired"})


def targets(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/targets.sql in pandas."""
    columns = [
        "target_id",
        "program_id",
        "institution_id",
        "employer_id",
        "metric",
        "year",
        "value",
        "source",
    ]
    return frames["targets"][columns].sort_values(["year", "target_id"]).reset_index(drop=True)


def events(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/events.sql in pandas."""
    columns = ["event_id", "event_date", "title", "program_id", "institution_id", "employer_id", "url"]
    return frames["events"][columns].sort_values(["event_date", "event_id"]).reset_index(drop=True)


def figures_to_date(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/figures_to_date.sql in pandas."""
    start, end = _day(params["date_from"]), _day(params["date_to"])
    placements = _scoped_placements(frames, params)
    placed = placements[placements["start_date"].between(start, end)]
    completed = placements[(placements["status"] == "completed") & placements["end_date"].between(start, end)]
    hires = _scoped_hires(frames, params)
    sourced = hires[hires["source_placement_id"].notna()]
    sourced = sourced.merge(
        frames["placements"][["placement_id", "end_date"]].rename(
            columns={"placement_id": "source_placement_id", "end_date": "source_end_date"}
        ),
        on="source_placement_id",
    )
    numerator = sourced.loc[sourced["source_end_date"].between(start, end), "participant_id"].nunique()
    denominator = completed["participant_id"].nunique()
    row = {
        "participants": placed["participant_id"].nunique(),
        "employers": placed["employer_id"].nunique(),
        "hires": int(hires["hire_date"].between(start, end).sum()),
        "intern_hire_numerator": numerator,
        "intern_hire_denominator": denominator,
        "intern_hire_rate": numerator / denominator if denominator else None,
    }
    return pd.DataFrame([row])


def _checked_on(graduation_year: pd.Series) -> pd.Series:
    """(graduation_year + 1)-06-30 for every row."""
    dates = {year: pd.Timestamp(int(year) + 1, 6, 30) for year in graduation_year.unique()}
    return graduation_year.map(dates).astype("datetime64[ms]")


def _placed(frames: Frames) -> pd.Index:
    """Participants with at least one placement."""
    return frames.derived("placed", lambda: pd.Index(frames["placements"]["participant_id"].unique()))


def _employed_1y(frames: Frames) -> pd.Index:
    """Participants with a hire active on (graduation_year + 1)-06-30."""

    def build() -> pd.Index:
        people = frames["participants"][["participant_id", "graduation_year"]]
        hires = frames["hires"][["participant_id", "hire_date", "exit_date"]].merge(
            people, on="participant_id"
        )
        checked = _checked_on(hires["graduation_year"])
        active = (hires["hire_date"] <= checked) & (
            hires["exit_date"].isna() | (hires["exit_date"] > checked)
        )
        return pd.Index(hires.loc[active, "participant_id"].unique())

    return frames.derived("employed_1y", build)


def _cohort_rows(frames: Frames, cohort: pd.DataFrame, keys: list[str], as_of: Any) -> pd.DataFrame:
    """Cohort size, placed, placement rate and employed_1y per ``keys`` (cohorts.sql and its siblings)."""
    flags = cohort[keys].assign(
        placed=_member(cohort["participant_id"], _placed(frames)),
        employed=_member(cohort["participant_id"], _employed_1y(frames)),
        checked_on=_checked_on(cohort["graduation_year"]),
    )
    rows = (
        flags.groupby(keys, dropna=False, sort=False)
        .agg(
            cohort_size=("placed", "size"),
            placed=("placed", "sum"),
            employed_1y_numerator=("employed", "sum"),
            checked_on=("checked_on", "min"),
        )
        .reset_index()
    )
    observable = rows["checked_on"] <= _day(as_of)
    return rows.assign(
        placement_rate=rows["placed"] / rows["cohort_size"],
        employed_observable=observable,
        employed_1y=(rows["employed_1y_numerator"] / rows["cohort_size"]).where(observable),
    )


def cohorts(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohorts.sql in pandas."""
    people = frames["participants"]
    people = people[_matching(people, institution_id=params.get("institution"))]
    keys = ["institution_id", "graduation_year"]
    rows = _cohort_rows(frames, people, keys, params["as_of"]).sort_values(keys)
    return rows[
        [
            *keys,
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def cohort_strata(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohort_strata.sql in pandas."""
    people = frames["participants"]
    people = people[people["graduation_year"] == int(params["graduation_year"])]
    keys = ["institution_id", "specialty", "level"]
    rows = _cohort_rows(frames, people, keys, params["as_of"])
    rows = rows.sort_values(keys, na_position="last").reset_index(drop=True)
    return rows[[*keys, "cohort_size", "placed", "employed_1y_numerator", "employed_observable"]]


def pooled_cohorts(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/pooled_cohorts.sql in pandas."""
    people = frames["participants"]
    people = people[_in_years(people["graduation_year"], params.get("year_from"), params.get("year_to"))]
    rows = _cohort_rows(frames, people, ["graduation_year"], params["as_of"]).sort_values("graduation_year")
    return rows[
        [
            "graduation_year",
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def cohort_segments(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohort_segments.sql in pandas."""
    people = frames["participants"]
    people = people[
        _matching(
            people, institution_id=params.get("institution"), graduation_year=params.get("graduation_year")
        )
    ]
    people = people.assign(segment=people[params["split"]])
    rows = _cohort_rows(frames, people, ["graduation_year", "segment"], params["as_of"])
    rows = rows.sort_values(
        ["graduation_year", "cohort_size", "segment"], ascending=[True, False, True], na_position="last"
    )
    return rows[
        [
            "graduation_year",
            "segment",
            "cohort_size",
            "placed",
            "placement_rate",
            "employed_1y_numerator",
            "employed_observable",
            "employed_1y",
        ]
    ].reset_index(drop=True)


def cohort_funnel_stages(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/cohort_funnel_stages.sql in pandas."""
    people = frames["participants"]
    cohort = people.loc[
        _matching(people, institution_id=params.get("institution"))
        & (people["graduation_year"] == params["graduation_year"]),
        "participant_id",
    ]
    placed = cohort[_member(cohort, _placed(frames))]
    hires = frames["hires"]
    hired = placed[_member(placed, hires["participant_id"])]
    as_of = _day(params["as_of"])
    active = (hires["hire_date"] <= as_of) & (
        hires["exit_date"].isna() | (hires["exit_date"] > (hires["hire_date"] + YEAR).clip(upper=as_of))
    )
    still = hired[_member(hired, hires.loc[active, "participant_id"])]
    counts = [len(cohort), len(placed), len(hired), len(still)]
    largest = max(counts)
    return pd.DataFrame(
        {
            "step": [1, 2, 3, 4],
            "stage": ["cohort", "placed", "hired", "still_employed"],
            "participants": counts,
            "share_of_cohort": [n / largest if largest > 0 else None for n in counts],
        }
    )


def published_figures_check(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/published_figures_check.sql in pandas."""
    figures = frames["published_figures"].sort_values("figure_id").reset_index(drop=True)
    placements, hires, agreements = _placements(frames), _hires(frames), frames["agreements"]
    found = []
    for figure in figures.itertuples(index=False):
        scope = {"employer_id": figure.employer_id, "institution_id": figure.institution_id}
        if figure.metric in ("participants", "employers"):
            keep = placements["start_date"].between(figure.period_start, figure.period_end) & _matching(
                placements, program_id=figure.program_id, **scope
            )
            column = "participant_id" if figure.metric == "participants" else "employer_id"
            found.append(placements.loc[keep, column].nunique())
        elif figure.metric == "agreements":
            keep = agreements["signed_on"].between(figure.period_start, figure.period_end)
            found.append(int((keep & _matching(agreements, **scope)).sum()))
        elif figure.metric == "hires":
            keep = hires["hire_date"].between(figure.period_start, figure.period_end)
            found.append(int((keep & _matching(hires, source_program_id=figure.program_id, **scope)).sum()))
        else:
            found.append(None)
    rule = figures["qualifier"].fillna("exact")
    in_data = pd.Series(found, dtype="float64")
    value = figures["value"]
    matched = np.select(
        [rule == "exact", rule == "about", rule == "more_than", rule == "at_least"],
        [in_data == value, (in_data - value).abs() * 10 <= value.abs(), in_data > value, in_data >= value],
        default=False,
    )
    return figures[
        [
            "figure_id",
            "program_id",
            "employer_id",
            "institution_id",
            "metric",
            "period_start",
            "period_end",
            "value",
        ]
    ].assign(
        qualifier=rule,
        source=figures["source"],
        url=figures["url"],
        published_on=figures["published_on"],
        in_data=in_data,
        matched=matched,
    )


GROUP_COLUMNS = {
    "program": "program_id",
    "sector": "sector",
    "district": "district",
}


def participants_by_year_and_group(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/participants_by_year_and_group.sql in pandas."""
    by, top = params["by"], params["top"]
    year_from, year_to = params["year_from"], params["year_to"]
    placements = _scoped_placements(frames, params)
    grouped = placements[["participant_id", "employer_id"]].assign(
        year=placements["start_date"].dt.year, group_id=placements[GROUP_COLUMNS[by]]
    )
    in_period = grouped["year"].between(year_from, year_to)
    ranked = (
        grouped[in_period & grouped["group_id"].notna()]
        .groupby(["group_id", "year"])["participant_id"]
        .nunique()
        .groupby("group_id")
        .sum()
        .reset_index(name="participants")
        .sort_values(["participants", "group_id"], ascending=[False, True])
    )
    others = ranked["group_id"].iloc[top:]
    grouped["group_id"] = grouped["group_id"].where(~grouped["group_id"].isin(others), OTHER)
    counted = (
        grouped.groupby(["year", "group_id"], dropna=False)
        .agg(participants=("participant_id", "nunique"), employers=("employer_id", "nunique"))
        .reset_index()
    )
    groups = grouped.loc[in_period, ["group_id"]].drop_duplicates()
    grid = pd.DataFrame({"year": range(year_from, year_to + 1)}).merge(groups, how="cross")
    before = counted[["year", "group_id", "participants"]].rename(
        columns={"participants": "participants_before"}
    )
    grid = grid.merge(counted, on=["year", "group_id"], how="left").merge(
        before.assign(year=before["year"] + 1), on=["year", "group_id"], how="left"
    )
    grid[["participants", "employers", "participants_before"]] = (
        grid[["participants", "employers", "participants_before"]].fillna(0).astype("int64")
    )
    programs = frames["programs"].set_index("program_id")["name"]
    name = grid["group_id"].map(programs) if by == "program" else grid["group_id"]
    grid["group_name"] = name.where(grid["group_id"] != OTHER)
    grid["growth"] = (grid["participants"] / grid["participants_before"] - 1).where(
        grid["participants_before"] > 0
    )
    grid["kind"] = np.select([grid["group_id"].isna(), grid["group_id"] == OTHER], [2, 1], default=0)
    grid = grid.sort_values(["year", "kind", "group_name", "group_id"], na_position="last")
    return grid[["year", "group_id", "group_name", "participants", "employers", "growth"]].reset_index(
        drop=True
    )


def placement_years(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/placement_years.sql in pandas."""
    placements = frames["placements"]
    start_year = placements["start_date"].dt.year
    empty = placements.empty
    return pd.DataFrame(
        [
            {
                "placements": len(placements),
                "first_year": None if empty else int(start_year.min()),
                "last_year": None
                if empty
                else int(np.fmax(start_year, placements["end_date"].dt.year).max()),
            }
        ]
    )


def _names(table: str, columns: list[str]) -> Callable[[Frames, Mapping], pd.DataFrame]:
    def names(frames: Frames, params: Mapping) -> pd.DataFrame:
        return frames[table][columns].sort_values([columns[1], columns[0]]).reset_index(drop=True)

    names.__doc__ = f"{table} names for the filters, in pandas."
    return names


def _distinct_values(column: str) -> Callable[[Frames, Mapping], pd.DataFrame]:
    def values(frames: Frames, params: Mapping) -> pd.DataFrame:
        found = frames["employers"][column].dropna().drop_duplicates().sort_values()
        return found.to_frame().reset_index(drop=True)

    values.__doc__ = f"The employers' distinct {column} values for the filters, in pandas."
    return values


def interns_and_hires_by_institution(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/interns_and_hires_by_institution.sql in pandas."""
    year_from, year_to = params.get("year_from"), params.get("year_to")
    placements = _scoped_placements(frames, params)
    placements = placements[_in_years(placements["start_date"].dt.year, year_from, year_to)]
    interns = placements.groupby("institution_id")["participant_id"].nunique().rename("interns").reset_index()
    hires = _scoped_hires(frames, params)
    hires = hires[_in_years(hires["hire_date"].dt.year, year_from, year_to)]
    hired = hires.groupby("institution_id").size().rename("hires").reset_index()
    rows = interns.merge(hired, on="institution_id", how="outer").fillna({"interns": 0, "hires": 0})
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    rows = rows.merge(names, on="institution_id").astype({"interns": "int64", "hires": "int64"})
    rows = rows.sort_values(["interns", "hires", "institution_id"], ascending=[False, False, True])
    return rows[["institution_id", "institution_name", "interns", "hires"]].reset_index(drop=True)


def interns_and_hires_by_program(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/interns_and_hires_by_program.sql in pandas."""
    year_from, year_to = params.get("year_from"), params.get("year_to")
    placements = _scoped_placements(frames, params)
    placements = placements[_in_years(placements["start_date"].dt.year, year_from, year_to)]
    interns = (
        placements.groupby("program_id", dropna=False)["participant_id"]
        .nunique()
        .rename("interns")
        .reset_index()
    )
    hires = _scoped_hires(frames, params)
    hires = hires[
        _in_years(hires["hire_date"].dt.year, year_from, year_to) & hires["source_placement_id"].notna()
    ]
    hired = (
        hires.groupby("source_program_id", dropna=False)
        .size()
        .rename("hires_from_internship")
        .reset_index()
        .rename(columns={"source_program_id": "program_id"})
    )
    rows = interns.merge(hired, on="program_id", how="outer").fillna(
        {"interns": 0, "hires_from_internship": 0}
    )
    rows["program_name"] = rows["program_id"].map(frames["programs"].set_index("program_id")["name"])
    rows = rows.astype({"interns": "int64", "hires_from_internship": "int64"}).sort_values(
        ["interns", "hires_from_internship", "program_id"], ascending=[False, False, True], na_position="last"
    )
    return rows[["program_id", "program_name", "interns", "hires_from_internship"]].reset_index(drop=True)


def placement_outcomes(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/placement_outcomes.sql in pandas."""
    placements = _scoped_placements(frames, params)
    completed = _completed_in_period(placements, params)
    hires = frames["hires"][["participant_id", "employer_id", "hire_date"]].rename(
        columns={"employer_id": "hire_employer_id"}
    )
    pairs = completed[["placement_id", "participant_id", "employer_id", "start_date", "end_date"]].merge(
        hires, on="participant_id"
    )
    after_start = pairs["hire_date"] >= pairs["start_date"]
    by_host = (
        after_start
        & (pairs["hire_employer_id"] == pairs["employer_id"])
        & (pairs["hire_date"] <= pairs["end_date"] + YEAR)
    )
    outcome = np.select(
        [
            _member(completed["placement_id"], pairs.loc[by_host, "placement_id"]),
            _member(completed["placement_id"], pairs.loc[after_start, "placement_id"]),
        ],
        ["hired_by_host", "hired_elsewhere"],
        default="not_hired",
    )
    keys = ["institution_id", "sector", "outcome"]
    rows = completed[["institution_id", "sector"]].assign(outcome=outcome).groupby(keys).size()
    rows = rows.rename("placements").reset_index()
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    rows = rows.merge(names, on="institution_id").sort_values(keys)
    return rows[["institution_id", "institution_name", "sector", "outcome", "placements"]].reset_index(
        drop=True
    )


def sector_employers(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/sector_employers.sql in pandas."""
    employer = params["employer"]
    employers = frames["employers"]
    sector = employers.loc[employers["employer_id"] == employer, "sector"]
    peers = employers.loc[
        employers["sector"] == (sector.iloc[0] if len(sector) else None), ["employer_id", "name"]
    ].rename(columns={"name": "employer_name"})
    scope = {"employer": None, "sector": None}
    placements = _scoped_placements(frames, params, **scope)
    completed = placements[
        placements["employer_id"].isin(peers["employer_id"])
        & (placements["status"] == "completed")
        & placements["end_date"].notna()
        & _in_years(placements["end_date"].dt.year, params.get("year_from"), params.get("year_to"))
    ]
    sourced = completed[["placement_id", "participant_id", "employer_id"]].merge(
        _hire_sources(frames), left_on="placement_id", right_on="source_placement_id", how="left"
    )
    interning = sourced.groupby("employer_id").agg(
        intern_hire_denominator=("participant_id", "nunique"), median_days_to_hire=("days_to_hire", "median")
    )
    interning["intern_hire_numerator"] = (
        sourced[sourced["hire_id"].notna()].groupby("employer_id")["participant_id"].nunique()
    )
    hires = _scoped_hires(frames, params, **scope)
    hires = hires[
        hires["employer_id"].isin(peers["employer_id"]) & (hires["hire_date"] <= _day(params["as_of"]) - YEAR)
    ]
    retaining = (
        hires.assign(kept=hires["exit_date"].isna() | (hires["exit_date"] > hires["hire_date"] + YEAR))
        .groupby("employer_id")
        .agg(retention_12m_denominator=("kept", "size"), retention_12m_numerator=("kept", "sum"))
    )
    rows = peers.merge(interning, on="employer_id", how="left").merge(retaining, on="employer_id", how="left")
    counts = [
        "intern_hire_numerator",
        "intern_hire_denominator",
        "retention_12m_numerator",
        "retention_12m_denominator",
    ]
    rows[counts] = rows[counts].fillna(0).astype("int64")
    rows["is_selected"] = rows["employer_id"] == employer
    rows["intern_hire_rate"] = _rate(rows["intern_hire_numerator"], rows["intern_hire_denominator"])
    rows["median_days_to_hire"] = rows["median_days_to_hire"].astype("float64")
    rows["retention_12m"] = _rate(rows["retention_12m_numerator"], rows["retention_12m_denominator"])
    for column, key in (
        ("intern_hire_rate", "intern_hire_rate"),
        ("median_days_to_hire", "days_to_hire"),
        ("retention_12m", "retention_12m"),
    ):
        rows[f"sector_median_{key}"] = rows[column].median()
        rows[f"sector_employers_{key}"] = rows[column].count()
    rows = rows.sort_values(["is_selected", "employer_id"], ascending=[False, True])
    return rows[
        [
            "employer_id",
            "employer_name",
            "is_selected",
            "intern_hire_numerator",
            "intern_hire_denominator",
            "intern_hire_rate",
            "median_days_to_hire",
            "retention_12m_numerator",
            "retention_12m_denominator",
            "retention_12m",
            "sector_median_intern_hire_rate",
            "sector_employers_intern_hire_rate",
            "sector_median_days_to_hire",
            "sector_employers_days_to_hire",
            "sector_median_retention_12m",
            "sector_employers_retention_12m",
        ]
    ].reset_index(drop=True)


PROMISES = ("signed", "scholarships", "guaranteed_practice", "guaranteed_employment")


def _agreements_in_scope(frames: Frames, params: Mapping) -> pd.DataFrame:
    """Agreements of the scope's institution, employer, sector and district signed in the period."""
    hosts = frames["employers"][["employer_id", "name", "sector", "district"]].rename(
        columns={"name": "employer_name"}
    )
    agreements = frames["agreements"].merge(hosts, on="employer_id")
    keep = _matching(
        agreements,
        institution_id=params.get("institution"),
        employer_id=params.get("employer"),
        sector=params.get("sector"),
        district=params.get("district"),
    )
    keep &= agreements["signed_on"].dt.year.between(params["year_from"], params["year_to"])
    return agreements[keep]


def agreements_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreements_by_year.sql in pandas."""
    agreements = _agreements_in_scope(frames, params)
    year = agreements["signed_on"].dt.year
    counts = agreements.assign(signed=True)[list(PROMISES)].groupby(year).sum()
    years = range(params["year_from"], params["year_to"] + 1)
    counts = counts.reindex(years, fill_value=0)
    return pd.DataFrame(
        [{"year": y, "promise": p, "agreements": int(counts.at[y, p])} for y in years for p in PROMISES]
    )


def agreement_delivery(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreement_delivery.sql in pandas."""
    names = frames["institutions"][["institution_id", "name"]].rename(columns={"name": "institution_name"})
    agreements = _agreements_in_scope(frames, params).merge(names, on="institution_id")
    keys = ["institution_id", "employer_id"]
    pairs = agreements[["agreement_id", *keys, "signed_on"]]
    scope = {"program": None}

    def around(events: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
        joined = pairs.merge(events[[*keys, column]], on=keys)
        when, signed = joined[column], joined["signed_on"]
        return (
            joined.assign(
                before=(when >= signed - YEAR) & (when < signed),
                after=(when >= signed) & (when < signed + YEAR),
            )
            .groupby("agreement_id")[["before", "after"]]
            .sum()
            .add_prefix(f"{name}_")
        )

    placed = around(_scoped_placements(frames, params, **scope), "start_date", "placements")
    hired = around(_scoped_hires(frames, params, **scope), "hire_date", "hires")
    rows = agreements.merge(placed, on="agreement_id", how="left").merge(hired, on="agreement_id", how="left")
    counts = ["placements_before", "placements_after", "hires_before", "hires_after"]
    rows[counts] = rows[counts].fillna(0).astype("int64")
    passed = rows["signed_on"] + YEAR <= _day(params["as_of"])
    placed_after, hired_after = rows["placements_after"], rows["hires_after"]
    rows["status"] = np.select(
        [
            ~passed,
            (placed_after == 0) & (hired_after == 0),
            (placed_after > rows["placements_before"]) | (hired_after > rows["hires_before"]),
        ],
        ["too_early", "nothing", "grew"],
        default="no_growth",
    )
    rows["promise_unmet"] = passed & (
        (rows["guaranteed_practice"] & (placed_after == 0))
        | (rows["guaranteed_employment"] & (hired_after == 0))
    )
    rows = rows.sort_values(["signed_on", "agreement_id"], ascending=[False, True])
    return rows[
        [
            "agreement_id",
            "signed_on",
            "institution_id",
            "institution_name",
            "employer_id",
            "employer_name",
            "field",
            "scholarships",
            "guaranteed_practice",
            "guaranteed_employment",
            *counts,
            "status",
            "promise_unmet",
        ]
    ].reset_index(drop=True)


def agreement_activity_by_year(frames: Frames, params: Mapping) -> pd.DataFrame:
    """queries/agreement_activity_by_year.sql in pandas."""
    agreements = frames["agreements"]
    found = agreements[agreements["agreement_id"] == params["agreement"]]
    columns = ["year", "measure", "count"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    agreement = found.iloc[0]
    signed = agreement["signed_on"].year
    years = range(signed - 2, min(signed + 2, _day(params["as_of"]).year) + 1)
    scope = {
        "program": None,
        "institution": agreement["institution_id"],
        "employer": agreement["employer_id"],
        "sector": None,
        "district": None,
    }
    placed = _scoped_placements(frames, scope)["start_date"].dt.year.value_counts()
    hired = _scoped_hires(frames, scope)["hire_date"].dt.year.value_counts()
    rows = [
        {"year": y, "measure": measure, "count": int(counts.get(y, 0))}
        for y in years
        for measure, counts in (("placements", placed), ("hires", hired))
    ]
    return pd.DataFrame(rows, columns=columns)


# The pandas equivalent of each query a page issues; the Data page's import
# history and quality checks have none (they are not metrics).
PANDAS: dict[str, Callable[[Frames, Mapping], pd.DataFrame]] = {
    "placement_years": placement_years,
    "program_names": _names("programs", ["program_id", "name"]),
    "institution_names": _names("institutions", ["institution_id", "name", "kind", "district"]),
    "employer_names": _names("employers", ["employer_id", "name", "sector", "district"]),
    "sector_names": _distinct_values("sector"),
    "district_names": _distinct_values("district"),
    "metrics_by_year": metrics_by_year,
    "internship_hires_by_year": internship_hires_by_year,
    "retention": retention,
    "retention_durations": retention_durations,
    "targets": targets,
    "events": events,
    "figures_to_date": figures_to_date,
    "time_to_hire_durations": time_to_hire_durations,
    "cohorts": cohorts,
    "pooled_cohorts": pooled_cohorts,
    "cohort_strata": cohort_strata,
    "cohort_segments": cohort_segments,
    "cohort_funnel_stages": cohort_funnel_stages,
    "published_figures_check": published_figures_check,
    "participants_by_year_and_group": participants_by_year_and_group,
    "interns_and_hires_by_institution": interns_and_hires_by_institution,
    "interns_and_hires_by_program": interns_and_hires_by_program,
    "placement_outcomes": placement_outcomes,
    "hire_coverage": hire_coverage,
    "placement_coverage": placement_coverage,
    "sector_employers": sector_employers,
    "agreements_by_year": agreements_by_year,
    "agreement_delivery": agreement_delivery,
    "agreement_activity_by_year": agreement_activity_by_year,
}


# Queries every page issues for its sidebar; a page with no other pandas
# equivalent (the Data page) is not compared with pandas.
FILTER_OPTIONS = {
    "placement_years",
    "program_names",
    "institution_names",
    "employer_names",
    "sector_names",
    "district_names",
}


def pandas_run(frames: Frames, name: str, params: Mapping | None = None) -> pd.DataFrame:
    """The pandas equivalent of ``db.run(name, params)`` on loaded tables."""
    return PANDAS[name](frames, dict(params or {}))


def _plain(value: Any) -> Any:
    """A cell reduced to what a reader sees: None, a float, a date text or a text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, bool | np.bool_ | int | np.integer | float | np.floating):
        return float(value)
    if isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).isoformat()
    return str(value)


def differences(expected: pd.DataFrame, got: pd.DataFrame, limit: int = 5) -> list[str]:
    """How two results differ (columns, rows, cells), empty when they show the same figures."""
    if list(expected.columns) != list(got.columns):
        return [f"columns {list(expected.columns)} != {list(got.columns)}"]
    if len(expected) != len(got):
        return [f"{len(expected)} rows != {len(got)} rows"]
    found = []
    for column in expected.columns:
        for row, (a, b) in enumerate(
            zip(map(_plain, expected[column]), map(_plain, got[column]), strict=True)
        ):
            same = a == b or (
                isinstance(a, float) and isinstance(b, float) and np.isclose(a, b, rtol=1e-9, atol=1e-12)
            )
            if not same:
                found.append(f"row {row} {column}: {a!r} != {b!r}")
                if len(found) >= limit:
                    return found
    return found
