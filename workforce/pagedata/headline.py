"""A headline figure as a viewer sees it: the value shown, its change on the year, and what its help says.

The dashboard's cards (``ui.metric``) and the PDF digest (``workforce.digest``)
both draw a ``Headline``, so a figure reads the same wherever it is shown.
"""

import dataclasses
from collections.abc import Mapping
from typing import Any

from workforce import disclosure, i18n
from workforce.analysis import compare, intervals
from workforce.formatting import rate_value, show, year_change


@dataclasses.dataclass(frozen=True)
class Headline:
    """One figure as shown: ``value`` (text), ``delta`` (its change, or None), ``flat`` (a change that is no
    change or within chance: drawn without colour or arrow), ``notes`` (the help's paragraphs),
    ``hidden`` (the figure is suppressed) and ``description``."""

    value: str
    delta: str | None
    flat: bool
    notes: tuple[str, ...]
    hidden: bool
    description: str | None = None
    """What the change is against ("against 2024"), when the previous year is given."""


def _cell(value: Any, kind: str, policy: disclosure.Policy, base: Any) -> disclosure.Cell | None:
    """A headline figure under a policy; None when it is not a count, a rate or a statistic with a base.

    A ``disclosure.Cell`` is a figure already protected together with others (``yearly``): kept as it is.
    """
    if isinstance(value, disclosure.Cell):
        return value
    if isinstance(value, Mapping):
        return disclosure.report_rate(value, policy)
    if kind == "count":
        return disclosure.count(value, policy)
    if isinstance(base, tuple):
        return disclosure.rate(*base, policy, value=value)
    if base is not None:
        return disclosure.summary(value, base, policy)
    return None


def _rate_counts(value: Any, base: Any) -> tuple[int, int] | None:
    """A rate's exact numerator and denominator: from a report rate, else from ``base``; None if unknown."""
    pair = (value["numerator"], value["denominator"]) if isinstance(value, Mapping) else base
    if not isinstance(pair, tuple) or len(pair) != 2:
        return None
    exact = [p.value if isinstance(p, disclosure.Cell) else p for p in pair]  # a protected count's truth
    if any(i18n.is_missing(p) for p in exact):
        return None
    return int(exact[0]), int(exact[1])


def interval_text(numerator: int, denominator: int, lang: str) -> str:
    """``95% interval: 12.8 %–96.1 %`` of a rate (empty for a zero denominator)."""
    low, high = intervals.wilson(numerator, denominator)
    if low is None:
        return ""
    return i18n.t("common.interval", lang, low=i18n.percent(low, lang, 1), high=i18n.percent(high, lang, 1))


def privacy_note(policy: disclosure.Policy, lang: str) -> str:
    """What the labels of suppressed figures mean, under this policy."""
    return i18n.t(
        "common.privacy.hidden",
        lang,
        label=policy.small_label,
        threshold=policy.threshold,
        secondary=policy.secondary_label,
    )


def headline(
    value: Any,
    previous: Any,
    lang: str,
    policy: disclosure.Policy,
    *,
    kind: str = "count",
    previous_year: int | None = None,
    help: str | None = None,
    base: Any = None,
    previous_base: Any = None,
) -> Headline:
    """A figure with its change against the previous year (``kind``: count, rate, money, days).

    ``value`` and ``previous`` may be numbers, None, protected cells, or rate dicts from ``metrics``
    (the numerator and denominator are then added to the notes). Under a ``policy``
    other than NONE counts and rate dicts are protected, a statistic (a median) over
    ``base`` individuals too, and a plain rate whose ``base`` is ``(numerator,
    denominator)``; a suppressed figure shows the policy's label and no change.
    """
    now, then = rate_value(value), rate_value(previous)
    shown_now = None
    if policy is not disclosure.NONE:
        cell = _cell(value, kind, policy, base)
        before = _cell(previous, kind, policy, previous_base)
        if cell is not None and cell.state == disclosure.SUPPRESSED:
            shown_now = str(cell.shown)
            then = None
        elif cell is not None and cell.state == disclosure.ROUNDED:
            now = cell.shown
        if before is not None and before.state == disclosure.SUPPRESSED:
            then = None
        elif before is not None and before.state == disclosure.ROUNDED:
            then = before.shown
    delta = None if shown_now is not None else year_change(now, then, kind, lang)
    notes = [help] if help else []
    if previous_year is not None:
        key = "common.change.vs_previous" if delta is not None else "common.change.no_previous"
        description = i18n.t(key, lang, year=previous_year)
    else:
        description = None
    counts, previous_counts = _rate_counts(value, base), _rate_counts(previous, previous_base)
    chance = None  # a rate's change on the year: is it beyond what chance explains? (said in the notes)
    chance_text = ""
    if kind == "rate" and delta is not None and counts and previous_counts:
        difference = compare.rates(*counts, *previous_counts)
        chance = None if difference is None else difference.verdict
        if difference is not None:
            key = "common.change.within_chance" if chance == compare.SAME else "common.change.beyond_chance"
            chance_text = i18n.t(
                key,
                lang,
                year=previous_year,
                low=i18n.points(difference.low, lang, 1),
                high=i18n.points(difference.high, lang, 1),
            )
    if isinstance(value, Mapping) and shown_now is None:
        numerator, denominator = value["numerator"], value["denominator"]
        if policy is not disclosure.NONE:
            numerator = disclosure.count_shown(numerator, policy)
            denominator = disclosure.count_shown(denominator, policy)
        notes.append(
            i18n.t(
                "common.rate_parts",
                lang,
                numerator=i18n.integer(numerator, lang),
                denominator=i18n.integer(denominator, lang),
            )
        )
    if kind == "rate" and shown_now is None and counts and policy.round_to is None:
        # beside rounded counts the interval would give the exact ones back (docs/metrics.md)
        notes += [text for text in (interval_text(*counts, lang), chance_text) if text]
    if shown_now is not None:
        notes.append(privacy_note(policy, lang))
    # no colour and no arrow on a change that is no change, or one within what chance explains
    flat = (delta is not None and float(now) == float(then)) or chance == compare.SAME
    return Headline(
        value=shown_now if shown_now is not None else show(now, kind, lang),
        delta=delta,
        flat=flat,
        notes=tuple(notes),
        hidden=shown_now is not None,
        description=description,
    )
