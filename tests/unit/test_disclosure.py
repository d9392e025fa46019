"""Disclosure control: each policy on edge values, rates, and complementary suppression of differences."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workforce import disclosure
from workforce.disclosure import (
    MISSING,
    NONE,
    ROUNDED,
    SHOWN,
    SUPPRESSED,
    ZERO,
    Count,
    Rate,
    Summary,
    count,
    get_policy,
    protect_frame,
    protect_long,
    protect_table,
    rate,
    report_rate,
    safe_total,
    summary,
)
from workforce.store.accounts import Account

DEFAULT, DFE, ONS, INSERJEUNES = (get_policy(n) for n in ("default", "dfe", "ons", "inserjeunes"))


@pytest.mark.parametrize(
    ("policy", "value", "shown", "state"),
    [
        # default: 1..4 are "<5", zero stays zero, 5 and more exact
        (DEFAULT, 0, 0, ZERO),
        (DEFAULT, 1, "<5", SUPPRESSED),
        (DEFAULT, 4, "<5", SUPPRESSED),
        (DEFAULT, 5, 5, SHOWN),
        (DEFAULT, 9, 9, SHOWN),
        (DEFAULT, 10, 10, SHOWN),
        (DEFAULT, 19, 19, SHOWN),
        (DEFAULT, 20, 20, SHOWN),
        # dfe: "low" below 5, then the nearest 10 with halves upwards
        (DFE, 0, 0, ZERO),
        (DFE, 1, "low", SUPPRESSED),
        (DFE, 4, "low", SUPPRESSED),
        (DFE, 5, 10, ROUNDED),  # a half: up, and never to 0
        (DFE, 9, 10, ROUNDED),
        (DFE, 10, 10, ROUNDED),  # exact multiples are still "rounded": the reader cannot tell
        (DFE, 14, 10, ROUNDED),
        (DFE, 15, 20, ROUNDED),  # a half: up
        (DFE, 19, 20, ROUNDED),
        (DFE, 20, 20, ROUNDED),
        (DFE, 25, 30, ROUNDED),
        # ons: suppressed below 10, then the nearest 5
        (ONS, 0, 0, ZERO),
        (ONS, 1, "[c]", SUPPRESSED),
        (ONS, 4, "[c]", SUPPRESSED),
        (ONS, 5, "[c]", SUPPRESSED),
        (ONS, 9, "[c]", SUPPRESSED),
        (ONS, 10, 10, ROUNDED),
        (ONS, 12, 10, ROUNDED),
        (ONS, 13, 15, ROUNDED),
        (ONS, 19, 20, ROUNDED),
        (ONS, 20, 20, ROUNDED),
        (ONS, 22, 20, ROUNDED),
        (ONS, 23, 25, ROUNDED),
        # inserjeunes: nothing for fewer than 20
        (INSERJEUNES, 0, 0, ZERO),
        (INSERJEUNES, 1, "<20", SUPPRESSED),
        (INSERJEUNES, 4, "<20", SUPPRESSED),
        (INSERJEUNES, 5, "<20", SUPPRESSED),
        (INSERJEUNES, 9, "<20", SUPPRESSED),
        (INSERJEUNES, 10, "<20", SUPPRESSED),
        (INSERJEUNES, 19, "<20", SUPPRESSED),
        (INSERJEUNES, 20, 20, SHOWN),
        # the owner's view: everything exact
        (NONE, 1, 1, SHOWN),
        (NONE, 0, 0, ZERO),
    ],
)
def test_count_under_each_policy_on_edge_values(policy, value, shown, state):
    cell = count(value, policy)
    assert (cell.shown, cell.state, cell.value) == (shown, state, value)


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA])
def test_missing_count_is_missing_not_suppressed_or_zero(value):
    cell = count(value, DEFAULT)
    assert (cell.shown, cell.state, cell.number) == (None, MISSING, None)


@pytest.mark.parametrize("value", [-1, 2.5, "x"])
def test_a_count_that_is_not_a_whole_number_is_an_error(value):
    with pytest.raises(ValueError):
        count(value, DEFAULT)


def test_a_float_that_is_a_whole_number_is_a_count():
    assert count(7.0, DEFAULT).shown == 7


@pytest.mark.parametrize(
    ("value", "base", "rounded"),
    [(0, 10, 0), (4, 10, 0), (5, 10, 10), (14, 10, 10), (15, 10, 20), (25, 10, 30), (12, 5, 10), (13, 5, 15)],
)
def test_round_half_up_rounds_halves_upwards(value, base, rounded):
    assert disclosure.round_half_up(value, base) == rounded


@pytest.mark.parametrize(
    ("policy", "numerator", "denominator", "shown", "state"),
    [
        # default: numerator, denominator or complement 1..4 -> "<5"
        (DEFAULT, 3, 40, "<5", SUPPRESSED),
        (DEFAULT, 4, 40, "<5", SUPPRESSED),
        (DEFAULT, 5, 40, 0.125, SHOWN),
        (DEFAULT, 0, 40, 0.0, ZERO),  # zero stays zero
        (DEFAULT, 0, 4, "<5", SUPPRESSED),  # 0 of a group of 4: built on a small denominator
        (DEFAULT, 4, 4, "<5", SUPPRESSED),
        (DEFAULT, 5, 5, 1.0, SHOWN),  # complement 0 is not small
        (DEFAULT, 36, 40, "<5", SUPPRESSED),  # 40 - 36 = 4 not hired would follow
        (DEFAULT, 35, 40, 0.875, SHOWN),
        (DEFAULT, 0, 0, None, MISSING),  # a zero denominator: no rate
        (DEFAULT, None, 10, None, MISSING),
        # dfe: denominator below 5 -> "c"; the contract's floor on numerator and complement
        (DFE, 0, 4, "c", SUPPRESSED),
        (DFE, 0, 5, 0.0, ZERO),
        (DFE, 3, 40, "c", SUPPRESSED),
        (DFE, 5, 40, 0.125, SHOWN),
        (DFE, 36, 40, "c", SUPPRESSED),
        # ons: denominator below 10 -> "[c]", plus the floor
        (ONS, 5, 9, "[c]", SUPPRESSED),
        (ONS, 5, 10, 0.5, SHOWN),
        (ONS, 4, 100, "[c]", SUPPRESSED),
        (ONS, 7, 100, 0.07, SHOWN),
        (ONS, 96, 100, "[c]", SUPPRESSED),
        # inserjeunes: a group below 20 -> "nd", plus the floor
        (INSERJEUNES, 10, 19, "nd", SUPPRESSED),
        (INSERJEUNES, 10, 20, 0.5, SHOWN),
        (INSERJEUNES, 3, 20, "nd", SUPPRESSED),
        (INSERJEUNES, 17, 20, "nd", SUPPRESSED),
        # the owner's view
        (NONE, 1, 2, 0.5, SHOWN),
    ],
)
def test_rate_under_each_policy_on_small_numerators_and_denominators(
    policy, numerator, denominator, shown, state
):
    cell = rate(numerator, denominator, policy)
    assert (cell.shown, cell.state) == (shown, state)


def test_growth_over_a_small_previous_year_is_suppressed_but_not_by_a_complement():
    assert rate(6, 3, DEFAULT, value=1.0, complement=False).state == SUPPRESSED
    assert rate(12, 10, DEFAULT, value=0.2, complement=False).shown == 0.2
    assert rate(9, 10, DEFAULT, value=-0.1, complement=False).shown == -0.1


def test_a_rate_given_as_null_stays_missing_even_with_counts():
    assert rate(3, 40, DEFAULT, value=None).state == MISSING
    assert rate(30, 40, DEFAULT, value=float("nan")).state == MISSING


def test_a_rate_from_the_metrics_report_is_protected():
    assert report_rate({"value": 0.1, "numerator": 2, "denominator": 20}, DEFAULT).shown == "<5"
    assert report_rate({"value": 0.5, "numerator": 10, "denominator": 20}, DEFAULT).shown == 0.5
    assert report_rate(None, DEFAULT).state == MISSING


@pytest.mark.parametrize(
    ("policy", "value", "base", "state"),
    [
        (DEFAULT, 65000.0, 4, SUPPRESSED),  # one salary among four would be nearly known
        (DEFAULT, 65000.0, 5, SHOWN),
        (DEFAULT, 0.0, 5, ZERO),  # a median of 0 days is a zero, not a suppression
        (DEFAULT, None, 5, MISSING),
        (DEFAULT, 65000.0, 0, MISSING),
        (ONS, 65000.0, 9, SUPPRESSED),
        (INSERJEUNES, 65000.0, 19, SUPPRESSED),
        (INSERJEUNES, 65000.0, 20, SHOWN),
    ],
)
def test_a_median_over_few_individuals_is_suppressed(policy, value, base, state):
    assert summary(value, base, policy).state == state


def test_policy_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("WORKFORCE_DISCLOSURE", "ONS")
    assert get_policy() is ONS
    monkeypatch.delenv("WORKFORCE_DISCLOSURE")
    assert get_policy() is DEFAULT
    monkeypatch.setenv("WORKFORCE_DISCLOSURE", "none")  # the owner's view is not a configurable policy
    with pytest.raises(ValueError, match="unknown disclosure policy"):
        get_policy()


@pytest.mark.parametrize(
    ("account", "scope", "expected"),
    [
        (Account("a", "A", "admin"), {"institution": None}, "none"),
        (Account("c", "C", "city"), {"institution": None}, "default"),
        (Account("m", "M", "institution", institution_id="MIET-C"), {"institution": "MIET-C"}, "none"),
        (Account("m", "M", "institution", institution_id="MIET-C"), {"institution": None}, "default"),
        (Account("b", "B", "employer", employer_id="BINNOPHARM"), {"employer": "BINNOPHARM"}, "none"),
        (None, {"institution": None}, "default"),
    ],
)
def test_the_owner_of_a_scope_sees_it_exactly_and_everybody_else_protected(
    monkeypatch, account, scope, expected
):
    monkeypatch.delenv("WORKFORCE_DISCLOSURE", raising=False)
    assert disclosure.policy_for(account, scope).name == expected


# One-way tables: a total and its parts


def test_a_single_small_part_beside_a_shown_total_takes_the_next_smallest_part_with_it():
    result = safe_total(20, {"P1": 3, "P2": 7, "P3": 10}, policy=DEFAULT)
    assert result.total.shown == 20
    assert {k: c.shown for k, c in result.parts.items()} == {"P1": "<5", "P2": "c", "P3": 10}
    assert result.parts["P2"].secondary and not result.parts["P1"].secondary


def test_a_suppressed_cell_cannot_be_recovered_from_the_shown_total_and_its_shown_siblings():
    result = safe_total(20, {"P1": 3, "P2": 7, "P3": 10}, policy=DEFAULT)
    shown = sum(c.value for c in result.parts.values() if c.state == SHOWN)
    hidden = [c.value for c in result.parts.values() if c.state == SUPPRESSED]
    assert len(hidden) >= 2
    assert 20 - shown == sum(hidden)  # the reader learns only the sum of two or more cells


def test_two_ones_beside_a_total_that_gives_their_sum_away_are_protected_further():
    # 12 - 10 = 2 with both parts "<5" (so at least 1 each) would pin both to 1
    result = safe_total(12, {"a": 1, "b": 1, "c": 10}, policy=DEFAULT)
    assert [c.shown for c in result.parts.values()] == ["<5", "<5", "c"]


def test_two_fours_beside_a_total_of_eight_take_the_total_with_them():
    # 8 = x + y with x, y in 1..4 pins both to 4; no part is left to suppress, so the total goes
    result = safe_total(8, {"a": 4, "b": 4}, policy=DEFAULT)
    assert result.total.shown == "c" and result.total.secondary


def test_zeros_are_never_suppressed_to_protect_a_neighbour():
    result = safe_total(10, {"a": 3, "b": 0, "c": 7}, policy=DEFAULT)
    assert {k: c.shown for k, c in result.parts.items()} == {"a": "<5", "b": 0, "c": "c"}


def test_a_small_part_whose_siblings_are_all_zero_makes_the_total_small_itself():
    result = safe_total(3, {"a": 3, "b": 0}, policy=DEFAULT)
    assert (result.total.shown, result.parts["a"].shown, result.parts["b"].shown) == ("<5", "<5", 0)


def test_a_headline_without_a_breakdown_is_a_plain_count():
    assert safe_total(3, policy=DEFAULT).total.shown == "<5"
    assert safe_total(30, policy=DEFAULT).total.shown == 30


@pytest.mark.parametrize(
    ("total", "own", "shown"),
    [
        (12, 9, "c"),  # the college knows its 9; 12 would tell it the rest of the city is 3
        (14, 9, 14),  # the rest is 5
        (12, 12, 12),  # the rest is nobody: zero stays zero
        (3, 1, "<5"),  # small anyway
    ],
)
def test_a_benchmark_is_suppressed_when_the_viewer_could_subtract_its_own_part(total, own, shown):
    assert safe_total(total, own=own, policy=DEFAULT).total.shown == shown


def test_the_viewers_own_part_cannot_exceed_the_total():
    with pytest.raises(ValueError, match="larger than the total"):
        safe_total(3, own=4, policy=DEFAULT)


def test_rounding_policies_need_no_complementary_suppression_for_a_small_part():
    result = safe_total(18, {"a": 3, "b": 7, "c": 8}, policy=DFE)
    assert (result.total.shown, *(c.shown for c in result.parts.values())) == (20, "low", 10, 10)


def test_ons_suppresses_below_10_and_protects_with_the_same_label():
    result = safe_total(40, {"a": 6, "b": 12, "c": 22}, policy=ONS)
    # a (6) is primary; the reader knows 38..42 - (10..12) - (20..22) = 4..12 for a: not pinned
    assert [c.shown for c in result.parts.values()] == ["[c]", 10, 20]


def test_inserjeunes_protects_a_part_below_20_beside_exact_siblings():
    result = safe_total(100, {"a": 15, "b": 25, "c": 60}, policy=INSERJEUNES)
    assert [c.shown for c in result.parts.values()] == ["<20", "c", 60]


# Two-way tables with margins

TABLE = pd.DataFrame(
    {"2024": [3, 10, 12, 25], "2025": [8, 9, 20, 37], "all": [11, 19, 32, 62]},
    index=["P1", "P2", "P3", "all"],
)


def test_two_way_table_suppresses_a_rectangle_around_a_small_cell():
    # P1/2024 = 3 is primary; its row takes 8, its column 10, and column 2025 then needs 9
    result = protect_table(TABLE, row_total="all", column_total="all", policy=DEFAULT)
    assert result.display.to_dict("list") == {
        "2024": ["<5", "c", 12, 25],
        "2025": ["c", "c", 20, 37],
        "all": [11, 19, 32, 62],
    }
    assert result.suppressed.to_numpy().sum() == 4
    assert result.secondary.to_numpy().sum() == 3


def test_two_way_table_numeric_frame_has_gaps_where_suppressed():
    result = protect_table(TABLE, row_total="all", column_total="all", policy=DEFAULT)
    assert math.isnan(result.numeric.loc["P1", "2024"]) and result.numeric.loc["P3", "2024"] == 12.0


def test_every_suppressed_cell_has_a_suppressed_partner_in_its_row_and_column():
    result = protect_table(TABLE, row_total="all", column_total="all", policy=DEFAULT)
    hidden = result.suppressed.drop(index="all", columns="all")
    assert all(n in (0, 2) for n in hidden.sum(axis=0)) and all(n in (0, 2) for n in hidden.sum(axis=1))


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (DFE, {"2024": ["low", 10, 10, 30], "2025": [10, 10, 20, 40], "all": [10, 20, 30, 60]}),
        (ONS, {"2024": ["[c]", 10, 10, 25], "2025": ["[c]", "[c]", 20, 35], "all": [10, 20, 30, 60]}),
        (
            INSERJEUNES,
            {
                "2024": ["<20", "<20", "<20", 25],
                "2025": ["<20", "<20", "c", 37],
                "all": ["<20", "<20", 32, 62],
            },
        ),
        (NONE, TABLE.to_dict("list")),
    ],
)
def test_two_way_table_under_each_policy(policy, expected):
    assert (
        protect_table(TABLE, row_total="all", column_total="all", policy=policy).display.to_dict("list")
        == expected
    )


def test_a_table_without_the_named_total_is_an_error():
    with pytest.raises(ValueError, match="no total row"):
        protect_table(TABLE, row_total="Total", policy=DEFAULT)


def test_a_series_with_a_total_row_is_a_one_way_table():
    series = pd.Series([3, 7, 10, 20], index=["P1", "P2", "P3", "all"], name="n")
    assert protect_table(series, row_total="all", policy=DEFAULT).display["n"].tolist() == ["<5", "c", 10, 20]


def test_long_frame_is_protected_as_its_pivot_and_keeps_its_shape():
    frame = pd.DataFrame(
        {
            "group_id": ["P1", "P2", "P3", "(all)"] * 2,
            "year": [2024] * 4 + [2025] * 4,
            "participants": [3, 10, 12, 25, 8, 9, 20, 37],
            "name": ["a", "b", "c", "all"] * 2,
        }
    )
    result = protect_long(
        frame, "participants", rows="group_id", columns="year", row_total="(all)", policy=DEFAULT
    )
    assert result.display["participants"].tolist() == ["<5", "c", 12, 25, 8, 9, 20, 37]
    assert result.display["name"].tolist() == frame["name"].tolist()
    assert result.states["participants"].tolist()[:2] == [SUPPRESSED, SUPPRESSED]
    assert np.isnan(result.numeric["participants"].iloc[0])


def test_long_frame_with_duplicate_pairs_is_an_error():
    frame = pd.DataFrame({"g": ["a", "a"], "y": [1, 1], "n": [1, 2]})
    with pytest.raises(ValueError, match="more than one row"):
        protect_long(frame, "n", rows="g", columns="y", policy=DEFAULT)


# Frames: one row per group with counts, rates and statistics

COHORTS = pd.DataFrame(
    {
        "graduation_year": [2022, 2023, 2024],
        "cohort_size": [40, 3, 25],
        "placed": [30, 2, 22],
        "placement_rate": [0.75, 2 / 3, 0.88],
        "median_salary": [60000.0, 55000.0, None],
        "salaried": [12, 2, 0],
    }
)


def test_cohort_rows_protect_sizes_rates_and_medians_and_drop_the_raw_numerators():
    result = protect_frame(
        COHORTS,
        counts=["cohort_size"],
        rates=[Rate("placement_rate", "placed", "cohort_size")],
        summaries=[Summary("median_salary", "salaried")],
        policy=DEFAULT,
    )
    assert list(result.display.columns) == [
        "graduation_year",
        "cohort_size",
        "placement_rate",
        "median_salary",
    ]
    assert result.display["cohort_size"].tolist() == [40, "<5", 25]
    assert result.display["placement_rate"].tolist() == [0.75, "<5", "<5"]  # 25 - 22 = 3 not placed
    assert result.display["median_salary"].tolist() == [60000.0, "<5", None]
    assert result.states["median_salary"].tolist() == [SHOWN, SUPPRESSED, MISSING]


def test_a_rate_whose_count_was_suppressed_to_protect_another_row_is_suppressed_too():
    frame = pd.DataFrame(
        {"hires": [3, 7, 10, 20], "interns": [10, 20, 20, 50], "rate": [0.3, 0.35, 0.5, 0.4]},
        index=["P1", "P2", "P3", "all"],
    )
    result = protect_frame(
        frame,
        counts=["hires", "interns"],
        rates=[Rate("rate", "hires", "interns")],
        total_row="all",
        policy=DEFAULT,
    )
    assert result.display["hires"].tolist() == ["<5", "c", 10, 20]
    # P2's rate 0.35 of 20 shown interns would give its 7 hires back, and then P1's 3
    assert result.display["rate"].tolist() == ["<5", "c", 0.5, 0.4]
    assert result.secondary["rate"].tolist() == [False, True, False, False]


def test_a_numerator_shown_only_through_its_rate_cannot_be_recovered_from_the_total_row():
    # hires are not shown, but rate x interns gives them back: 20 - 7 - 10 would leave P1's 3
    frame = pd.DataFrame(
        {"hires": [3, 7, 10, 20], "interns": [10, 20, 20, 50], "rate": [0.3, 0.35, 0.5, 0.4]},
        index=["P1", "P2", "P3", "all"],
    )
    result = protect_frame(
        frame, counts=["interns"], rates=[Rate("rate", "hires", "interns")], total_row="all"
    )
    assert result.display["rate"].tolist() == ["<5", "c", 0.5, 0.4]
    assert "hires" not in result.display.columns


def test_a_benchmark_rate_is_suppressed_when_the_rest_of_the_city_would_be():
    frame = pd.DataFrame(
        {
            "city_rate": [0.5, 0.5],
            "city_hired": [20, 20],
            "city_cohort": [40, 40],
            "own_hired": [18, 10],
            "own_cohort": [30, 20],
        }
    )
    result = protect_frame(
        frame,
        rates=[
            Rate(
                "city_rate",
                "city_hired",
                "city_cohort",
                own_numerator="own_hired",
                own_denominator="own_cohort",
            )
        ],
        policy=DEFAULT,
    )
    # row 0: the rest of the city is 2 hired of 10: the college could work it out
    assert result.display["city_rate"].tolist() == ["c", 0.5]
    assert list(result.display.columns) == ["city_rate"]


def test_a_benchmark_count_is_suppressed_when_the_rest_is_small():
    frame = pd.DataFrame({"city": [12, 14], "mine": [9, 9]})
    result = protect_frame(frame, counts=[Count("city", own="mine")], policy=DEFAULT)
    assert result.display["city"].tolist() == ["c", 14]
    assert "mine" not in result.display.columns


def test_formatted_applies_formats_to_figures_and_leaves_labels():
    result = protect_frame(
        COHORTS,
        counts=["cohort_size"],
        rates=[Rate("placement_rate", "placed", "cohort_size")],
        policy=DEFAULT,
    )
    text = result.formatted(number=lambda v: f"{v:,}", percent=lambda v: f"{v:.0%}", rates=["placement_rate"])
    assert text["placement_rate"].tolist() == ["75%", "<5", "<5"]
    assert text["cohort_size"].tolist() == ["40", "<5", "25"]


# Property: no suppressed cell follows from the shown figures

POLICIES = [DEFAULT, DFE, ONS, INSERJEUNES]


def reader_bounds(shown, state, secondary, policy):
    """What a reader knows of a cell from what is displayed (independent of the engine)."""
    if state in (ZERO, MISSING):
        return (0, 0)
    if state == SHOWN:
        return (shown, shown)
    if state == ROUNDED:
        half = policy.round_to / 2
        return (max(math.ceil(shown - half), policy.threshold), math.ceil(shown + half) - 1)
    if policy.small_label == policy.secondary_label:
        return (1, math.inf)
    return (policy.threshold, math.inf) if secondary else (1, policy.threshold - 1)


def lines(n_rows, n_cols, row_total, column_total):
    """Each group as (total, parts) of (row, column) positions."""
    groups = []
    if row_total:
        groups += [((n_rows - 1, c), [(r, c) for r in range(n_rows - 1)]) for c in range(n_cols)]
    if column_total:
        groups += [((r, n_cols - 1), [(r, c) for c in range(n_cols - 1)]) for r in range(n_rows)]
    return groups


@st.composite
def tables(draw):
    n_rows, n_cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cell = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 25), st.integers(1, 60))
    body = np.array([[draw(cell) for _ in range(n_cols)] for _ in range(n_rows)], dtype=object)
    row_total, column_total = draw(st.sampled_from([(True, False), (False, True), (True, True)]))
    if column_total:
        body = np.column_stack([body, body.sum(axis=1)])
    if row_total:
        body = np.vstack([body, body.sum(axis=0)])
    frame = pd.DataFrame(
        body, index=[f"r{i}" for i in range(body.shape[0])], columns=[f"c{j}" for j in range(body.shape[1])]
    )
    return frame, row_total, column_total, draw(st.sampled_from(POLICIES))


def assert_protected(frame, row_total, column_total, policy):
    """No reader can pin a suppressed cell of the protected table, whichever way they subtract."""
    result = protect_table(
        frame,
        row_total=frame.index[-1] if row_total else None,
        column_total=frame.columns[-1] if column_total else None,
        policy=policy,
    )
    truth = frame.to_numpy(dtype=object)
    shown, states, secondary = (
        x.to_numpy(dtype=object) for x in (result.display, result.states, result.secondary)
    )
    exact = (states == SHOWN) | (states == ZERO)

    # primary rule: no count in 1..threshold-1 is displayed, zeros are zeros
    small = (truth >= 1) & (truth < policy.threshold)
    assert (states[small] == SUPPRESSED).all()
    assert (states[truth == 0] == ZERO).all()

    for total, parts in lines(*truth.shape, row_total, column_total):
        members = [total, *parts]
        # subtraction: a group with an exact total and exactly one non-exact member gives that member away
        unknown = [m for m in members if not exact[m]]
        assert not (len(unknown) == 1 and states[unknown[0]] == SUPPRESSED), (total, parts)
        # bounds: no suppressed member is pinned to one value by the group's equation
        bounds = {m: reader_bounds(shown[m], states[m], secondary[m], policy) for m in members}
        for m in members:
            if states[m] != SUPPRESSED:
                continue
            if m == total:
                low, high = sum(bounds[p][0] for p in parts), sum(bounds[p][1] for p in parts)
            else:
                others = [p for p in parts if p != m]
                low = bounds[total][0] - sum(bounds[p][1] for p in others)
                high = bounds[total][1] - sum(bounds[p][0] for p in others)
            low, high = max(low, bounds[m][0]), min(high, bounds[m][1])
            assert high == math.inf or math.floor(high) > math.ceil(low), (m, low, high)

    # all equations together: no suppressed cell is determined (rank test, independent of the engine)
    unknown = [pos for pos in np.ndindex(truth.shape) if states[pos] in (SUPPRESSED, ROUNDED)]
    groups = lines(*truth.shape, row_total, column_total)
    if unknown and groups:
        matrix = np.array(
            [
                [(1.0 if u in parts else 0.0) - (1.0 if u == total else 0.0) for u in unknown]
                for total, parts in groups
            ]
        )
        rank = np.linalg.matrix_rank(matrix)
        for k, pos in enumerate(unknown):
            if states[pos] == SUPPRESSED:
                unit = np.zeros(len(unknown))
                unit[k] = 1.0
                assert np.linalg.matrix_rank(np.vstack([matrix, unit])) > rank, pos


@settings(max_examples=300, deadline=None)
@given(case=tables())
def test_no_suppressed_cell_can_be_derived_from_shown_totals_and_shown_siblings(case):
    assert_protected(*case)


def test_four_ones_and_their_total_are_not_all_shown_as_small():
    # found by hypothesis: "<5" x 4 with a "<5" total of 4 could only be 1, 1, 1, 1
    frame = pd.DataFrame([[1, 1, 1, 1, 4]], columns=list("abcdT"))
    result = protect_table(frame, column_total="T", policy=DEFAULT)
    assert result.display.iloc[0].tolist() == ["<5", "<5", "<5", "<5", "c"]
    assert_protected(frame, False, True, DEFAULT)


def test_a_cell_fixed_by_rows_and_columns_together_is_protected():
    # found by hypothesis: with 5, 8, 8, 12 shown, the middle 1 followed from all the equations at once
    body = [[0, 0, 1, 1], [0, 1, 2, 3], [1, 2, 5, 8], [1, 3, 8, 12]]
    frame = pd.DataFrame(body, index=["r0", "r1", "r2", "all"], columns=["c0", "c1", "c2", "all"])
    assert_protected(frame, True, True, DEFAULT)


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.just(0), st.integers(1, 30)), min_size=1, max_size=6),
    policy=st.sampled_from(POLICIES),
)
def test_zeros_and_missing_are_never_shown_as_suppressed(values, policy):
    frame = pd.DataFrame({"n": [np.nan if v is None else v for v in values]})
    frame.loc["all"] = frame["n"].sum()
    result = protect_table(frame, row_total="all", policy=policy)
    for v, state in zip(values, result.states["n"]):
        if v is None:
            assert state == MISSING
        elif v == 0:
            assert state == ZERO


def test_a_total_with_several_splits_is_protected_against_all_of_them_at_once():
    values = {"all": 12, "P1": 9, "P2": 3, "A": 10, "B": 2, "X": 6, "Y": 6}
    groups = [("all", ["P1", "P2"]), ("all", ["A", "B"]), ("all", ["X", "Y"])]
    cells = disclosure.protect_related(values, groups)
    assert cells["all"].shown == 12
    assert [cells[k].shown for k in ("P1", "P2", "A", "B")] == ["c", "<5", "c", "<5"]
    assert [cells[k].shown for k in ("X", "Y")] == [6, 6]


def test_no_two_shown_funnel_stages_differ_by_a_small_count():

    stages = pd.DataFrame({"participants": [12, 10, 9, 9], "share": [1.0, 10 / 12, 0.75, 0.75]})
    protected = disclosure.protect_funnel(stages, "participants", "share", disclosure.get_policy("default"))
    shown = [v for v, s in zip(stages["participants"], protected.states["participants"]) if s == "shown"]
    assert shown == [12]
    assert list(protected.display["share"]) == [1.0, "c", "c", "c"]
    wide = pd.DataFrame({"participants": [40, 30, 20, 10], "share": [1.0, 0.75, 0.5, 0.25]})
    assert list(
        disclosure.protect_funnel(wide, "participants", "share", disclosure.get_policy()).display[
            "participants"
        ]
    ) == [40, 30, 20, 10]


def test_a_rates_interval_is_shown_with_the_rate_and_never_beside_rounded_counts():
    """Row 0: 3 of 20 (numerator 1..4: suppressed, and its interval with it); row 1: 10 of 20 (shown, and
    its interval); under DfE the counts are rounded and every interval is hidden."""
    import pandas as pd

    from workforce.analysis.intervals import wilson, with_intervals

    frame = with_intervals(pd.DataFrame({"n": [3, 10], "d": [20, 20], "rate": [0.15, 0.5]}), "rate", "n", "d")
    assert list(frame.columns) == ["n", "d", "rate", "rate_low", "rate_high"]
    spec = [disclosure.Rate("rate", "n", "d")]
    protected = disclosure.protect_frame(frame, counts=["n", "d"], rates=spec, policy=disclosure.get_policy())
    assert list(protected.states["rate_low"]) == ["suppressed", "shown"]
    assert list(protected.states["rate_high"]) == list(protected.states["rate"])
    assert protected.display["rate_low"][1] == pytest.approx(wilson(10, 20)[0])
    rounded = disclosure.protect_frame(
        frame, counts=["n", "d"], rates=spec, policy=disclosure.get_policy("dfe")
    )
    assert list(rounded.states["rate"]) == ["suppressed", "shown"]
    assert list(rounded.states["rate_low"]) == ["suppressed", "suppressed"]
