"""Statistical disclosure control: what a viewer who does not own a scope may see of small counts.

CONTRACT.md ("Small counts"): in any view seen by someone who does not own the
scope, no figure may let a reader learn a count between 1 and 4, directly or by
subtracting shown figures from a shown total. The owner's view (see
``accounts.Account.owns``) is exact: use ``policy_for`` and it returns ``NONE``.

Policies (``$WORKFORCE_DISCLOSURE``, default ``default``) and our exact readings.
Counts are non-negative integers; "zero stays zero" in every policy (a true 0
is shown as 0, never suppressed, also by complementary suppression); rounding
is to the nearest multiple, halves upwards (15 -> 20 to base 10).

``default`` (this project's contract; the common "fewer than 5" convention, as
in Ofqual's rounding policy for statistical publications, where values 1 to 4
are shown as "fewer than 5" and true zero as 0):
    count 0 -> 0; 1..4 -> "<5"; 5 and more -> exact.
    rate -> "<5" when its numerator, its denominator, or (for a share of a
    group) the complement denominator - numerator is 1..4; else exact.

``dfe`` (UK Department for Education's convention for published volumes, e.g.
its further education and skills statistics: volumes rounded to the nearest
10, "low" for fewer than 5; percentages from unrounded figures). Reading:
    count 0 -> 0; 1..4 -> "low"; 5 and more -> rounded to the nearest 10
    (5..14 -> 10, 15..24 -> 20).
    rate -> computed from the unrounded counts; "c" when the denominator is
    below 5, and (the contract's floor, which applies to every policy) when the
    numerator or the complement is 1..4.

``ons`` (the contract's "ONS 10-5": the ONS output-checking threshold of 10
combined with rounding to base 5). Reading:
    count 0 -> 0; 1..9 -> "[c]"; 10 and more -> rounded to the nearest 5
    (10..12 -> 10, 13..17 -> 15). One label for primary and complementary
    suppression, as ONS tables use "[c]" for both.
    rate -> from unrounded counts; "[c]" when the denominator is below 10, or
    by the contract's floor (numerator or complement 1..4).

``inserjeunes`` (France, DEPP/DARES InserJeunes: indicators are published for
a training only when its headcount is sufficient; the threshold is 20).
Reading: no indicator for a group of fewer than 20.
    count 0 -> 0; 1..19 -> "<20" (a count is the size of the group it counts);
    20 and more -> exact.
    rate -> "nd" (non diffusé) when the denominator (the group) is below 20,
    or by the contract's floor (numerator or complement 1..4).

Every policy: a statistic over individuals (a median salary, a median of days)
is suppressed when it is computed over fewer individuals than the policy's
rate threshold (``summary``).

Differencing. When a table shows totals and their parts, a suppressed cell
could be recovered by subtraction. ``protect_table`` (and ``protect_long``,
``protect_frame(total_row=...)``, ``safe_total``) apply complementary
suppression: every group (a total and the parts that add up to it: each row
and each column of a two-way table with margins) is checked; while a
suppressed cell of a group can be pinned to a single value from that group's
equation and what the reader knows of the other cells (exact shown values,
rounding intervals, "<5" = 1..4, a complementary "c" = 5 or more), the smallest
non-zero shown part of the group is suppressed too ("c"), or the total when no
part is left (when only small cells are left, one of them, the total first, is
shown as "c" rather than "<5", so that four "<5" beside a "<5" total of 4 do
not read as 1, 1, 1, 1). This repeats over rows and columns to a fixed point, and then a
linear-algebra check of all the table's equations together suppresses more
until no suppressed cell is determined by them. So a group never has exactly
one suppressed cell beside a shown total, and "<5" "<5" beside a shown total
of 2 is protected too. ``protect_related`` does the same for figures linked by
any totals and parts, by key: a total with several splits that different pages
show, or nested stages whose differences are counts no page shows (``hidden``).
Not covered: reasoning that combines several equations with the bounds (linear
programming over the whole table), and figures of different scopes (filter
combinations) that a reader puts together: see docs/access.md.

Benchmarks. A viewer who owns a part of a total (a college looking at the
city-wide figure that includes its own students) can subtract what it knows:
``safe_total(total, own=...)`` and ``Count(column, own=...)`` /
``Rate(..., own_numerator=..., own_denominator=...)`` suppress the figure when
the rest (total minus own) would itself be suppressed.

A protected cell has a state: ``shown`` (exact), ``rounded``, ``suppressed``,
``zero`` or ``missing`` (no figure: a rate with a zero denominator, a null).
"""

from workforce.disclosure.cells import (
    MISSING,
    ROUNDED,
    SHOWN,
    STATES,
    SUPPRESSED,
    ZERO,
    Cell,
    count,
    count_shown,
    rate,
    report_rate,
    round_half_up,
    summary,
)
from workforce.disclosure.curves import protect_curve, shown_points
from workforce.disclosure.policy import NONE, POLICIES, Policy, get_policy, policy_for
from workforce.disclosure.protected import (
    Count,
    Protected,
    Rate,
    Summary,
    from_cells,
    interval_columns,
    intervals_follow_rates,
    plotted,
    protect_frame,
    protect_funnel,
    protect_long,
    protect_points,
    protect_table,
    protection,
)
from workforce.disclosure.solver import Breakdown, protect_related, safe_total

__all__ = [
    "MISSING",
    "NONE",
    "POLICIES",
    "ROUNDED",
    "SHOWN",
    "STATES",
    "SUPPRESSED",
    "ZERO",
    "Breakdown",
    "Cell",
    "Count",
    "Policy",
    "Protected",
    "Rate",
    "Summary",
    "count",
    "count_shown",
    "from_cells",
    "get_policy",
    "interval_columns",
    "intervals_follow_rates",
    "plotted",
    "policy_for",
    "protect_curve",
    "protect_frame",
    "protect_funnel",
    "protect_long",
    "protect_points",
    "protect_related",
    "protect_table",
    "protection",
    "rate",
    "report_rate",
    "round_half_up",
    "safe_total",
    "shown_points",
    "summary",
]
