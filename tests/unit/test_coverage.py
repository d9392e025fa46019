"""How much of the picture the hire figures rest on (pagedata/coverage.py), worked out by hand on the mini
sample as of 01.03.2025: a placement is settled when it ended before 01.03.2024 (365 days earlier).

Completed placements: pl1 and pl2 (p1, p2, CMK, ended 31.07.2023), pl4 (p4, TP-7, 29.02.2024), pl5 (p4,
TP-7, 31.05.2024), pl7 (p6, CMK, 30.08.2024), pl8 (p5, SMPP, 15.03.2024). Hires from an internship: h1
(p1 from pl1) and h3 (p4 from pl5, the later of pl4 and pl5); h2 came a day after pl2's year, and h4 has
no completed placement at CMK.
"""

from tests.fixtures.factory import d
from workforce import disclosure
from workforce.pagedata import coverage
from workforce.store import db

TODAY = d("2025-03-01")
NO_SCOPE = db.scope_params()


def test_intern_hire_rate_coverage_by_year(mini_file):
    """2023: p1 and p2 both ended 31.07.2023, settled. 2024: p4 is hired (settled though pl5 ended
    31.05.2024); p5 (15.03.2024) and p6 (30.08.2024) may still be hired: 1 of 3. Of 2024's placements
    only pl4 (29.02.2024) ended before 01.03.2024: 1 of 4."""
    years = coverage.hire_rate(NO_SCOPE, None, None, TODAY, mini_file)
    assert years == {2023: coverage.Share(2, 2), 2024: coverage.Share(1, 3)}
    assert coverage.placements(NO_SCOPE, 2023, 2023, TODAY, mini_file) == coverage.Share(2, 2)
    assert coverage.placements(NO_SCOPE, 2024, 2024, TODAY, mini_file) == coverage.Share(1, 4)


def test_coverage_follows_the_scope_and_the_period(mini_file):
    """TP-7: pl4 and pl5, both 2024; p4 is hired: 1 of 1 intern, 1 of 2 placements. The period 2023
    alone keeps only 2023."""
    tp7 = {**NO_SCOPE, "employer": "TP-7"}
    assert coverage.hire_rate(tp7, None, None, TODAY, mini_file) == {2024: coverage.Share(1, 1)}
    assert coverage.placements(tp7, None, None, TODAY, mini_file) == coverage.Share(1, 2)
    assert list(coverage.hire_rate(NO_SCOPE, 2023, 2023, TODAY, mini_file)) == [2023]


def test_pipeline_placements_coverage_sums_the_period(mini_file):
    """2023–2024: 2 + 1 settled of 2 + 4; a year later (01.09.2025) pl5, pl7 and pl8 have settled too."""
    assert coverage.placements(NO_SCOPE, 2023, 2024, TODAY, mini_file) == coverage.Share(3, 6)
    assert coverage.placements(NO_SCOPE, 2023, 2024, d("2025-09-01"), mini_file) == coverage.Share(6, 6)


def test_retention_coverage(mini_file):
    """All four hires are made by 01.03.2025. Six months before is 31.08.2024: h1 (30.08.2023), h2
    (31.07.2024), h3 (01.05.2024), h4 (01.04.2024) are all old enough; a year before is 01.03.2024: only
    h1."""
    shares = coverage.retention(NO_SCOPE, TODAY, mini_file)
    assert shares == {"retention_6m": coverage.Share(4, 4), "retention_12m": coverage.Share(1, 4)}
    # before any hire there is nothing to rest on
    early = coverage.retention(NO_SCOPE, d("2023-01-01"), mini_file)
    assert early["retention_12m"] == coverage.Share(0, 0)


def test_a_share_is_protected_like_a_rate():
    """1 of 4 names a small count (and so would 3 of 4, by its rest); 0 of 0 is no figure at all; 20 of
    40 is shown; the owner sees 1 of 4 exactly."""
    policy = disclosure.get_policy("default")
    assert coverage.Share(1, 4).cell(policy).state == disclosure.SUPPRESSED
    assert coverage.Share(37, 40).cell(policy).state == disclosure.SUPPRESSED
    assert coverage.Share(0, 0).cell(policy).state == disclosure.MISSING
    assert coverage.Share(20, 40).cell(policy).shown == 0.5
    assert coverage.Share(1, 4).cell(disclosure.NONE).shown == 0.25
