"""Disclosure policies: thresholds, rounding and labels, by name; the owner's view is ``NONE``."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workforce import config


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A disclosure control policy: thresholds, rounding and the labels shown in place of figures."""

    name: str
    title: str
    threshold: int
    """Counts 1..threshold-1 are suppressed."""
    round_to: int | None
    """Counts from the threshold up are rounded to this base (None: shown exactly)."""
    rate_min_denominator: int
    """A rate (or a statistic) over fewer than this many is suppressed."""
    floor: int
    """The contract's floor: a rate whose numerator, denominator or complement is 1..floor-1 is suppressed."""
    small_label: str
    rate_label: str
    secondary_label: str


NONE = Policy(
    name="none",
    title="Owner's view: nothing suppressed",
    threshold=1,
    round_to=None,
    rate_min_denominator=1,
    floor=1,
    small_label="",
    rate_label="",
    secondary_label="",
)
POLICIES: dict[str, Policy] = {
    policy.name: policy
    for policy in (
        Policy(
            name="default",
            title="Counts 1-4 shown as <5",
            threshold=5,
            round_to=None,
            rate_min_denominator=5,
            floor=5,
            small_label="<5",
            rate_label="<5",
            secondary_label="c",
        ),
        Policy(
            name="dfe",
            title="UK DfE: nearest 10, low below 5",
            threshold=5,
            round_to=10,
            rate_min_denominator=5,
            floor=5,
            small_label="low",
            rate_label="c",
            secondary_label="c",
        ),
        Policy(
            name="ons",
            title="ONS 10-5: suppress below 10, nearest 5",
            threshold=10,
            round_to=5,
            rate_min_denominator=10,
            floor=5,
            small_label="[c]",
            rate_label="[c]",
            secondary_label="[c]",
        ),
        Policy(
            name="inserjeunes",
            title="InserJeunes: nothing below 20",
            threshold=20,
            round_to=None,
            rate_min_denominator=20,
            floor=5,
            small_label="<20",
            rate_label="nd",
            secondary_label="c",
        ),
    )
}


def get_policy(name: str | None = None) -> Policy:
    """The policy by name, else $WORKFORCE_DISCLOSURE, else ``default``: ``get_policy("ons").name``."""
    chosen = (name or config.get("WORKFORCE_DISCLOSURE")).strip().lower()
    if chosen not in POLICIES:
        raise ValueError(f"unknown disclosure policy {chosen!r}; one of {', '.join(POLICIES)}")
    return POLICIES[chosen]


def policy_for(account: Any, scope: Mapping[str, Any], name: str | None = None) -> Policy:
    """NONE when the account owns the scope (``account.owns(scope)``), else the configured policy."""
    if account is not None and account.owns(scope):
        return NONE
    return get_policy(name)
