"""Disclosure policies: thresholds, rounding and labels, by name; the owner's view is ``NONE``."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workforce import config


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A disclosure control policy: thresholds, rounding and the labels shown in place of figures.

    Example: ``Policy(name="dfe", title="...", threshold=5, round_to=10, small_label="low", rate_label="c")``.
    """

    name: str
    title: str
    threshold: int
    """Counts 1..threshold-1 are suppressed."""
    round_to: int | None = None
    """Counts from the threshold up are rounded to this base (None: shown exactly)."""
    rate_min_denominator: int | None = None
    """A rate (or a statistic) over fewer than this many is suppressed (None: the threshold)."""
    floor: int = 5
    """The contract's floor: a rate whose numerator, denominator or complement is 1..floor-1 is suppressed."""
    small_label: str
    """What a suppressed count shows."""
    rate_label: str | None = None
    """What a suppressed rate shows (None: the small count's label)."""
    secondary_label: str = "c"
    """What a figure suppressed to protect another shows."""

    def __post_init__(self) -> None:
        # a frozen dataclass: the defaults that follow other fields are set through object.__setattr__
        if self.rate_min_denominator is None:
            object.__setattr__(self, "rate_min_denominator", self.threshold)
        if self.rate_label is None:
            object.__setattr__(self, "rate_label", self.small_label)


NONE = Policy(
    name="none",
    title="Owner's view: nothing suppressed",
    threshold=1,
    floor=1,
    small_label="",
    secondary_label="",
)
POLICIES: dict[str, Policy] = {
    policy.name: policy
    for policy in (
        Policy(name="default", title="Counts 1-4 shown as <5", threshold=5, small_label="<5"),
        Policy(
            name="dfe",
            title="UK DfE: nearest 10, low below 5",
            threshold=5,
            round_to=10,
            small_label="low",
            rate_label="c",
        ),
        Policy(
            name="ons",
            title="ONS 10-5: suppress below 10, nearest 5",
            threshold=10,
            round_to=5,
            small_label="[c]",
            secondary_label="[c]",
        ),
        Policy(
            name="inserjeunes",
            title="InserJeunes: nothing below 20",
            threshold=20,
            small_label="<20",
            rate_label="nd",
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
