"""The shared widgets drawn on their own (AppTest.from_function): a headline rate's interval and whether
its change on the year is beyond what chance explains."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import LANGS
from workforce import i18n


def enum_name(proto, field: str) -> str:
    """The name of an enum field's value in a metric's message (GRAY, NONE, ...)."""
    return proto.DESCRIPTOR.fields_by_name[field].enum_type.values_by_number[getattr(proto, field)].name


def headline(lang: str, base: tuple, previous_base: tuple, policy: str) -> object:
    def script(lang, base, previous_base, policy):
        from workforce import disclosure, ui

        pol = disclosure.NONE if policy == "none" else disclosure.get_policy(policy)
        value, previous = base[0] / base[1], previous_base[0] / previous_base[1]
        ui.metric(
            "Rate",
            value,
            previous,
            lang,
            kind="rate",
            previous_year=2024,
            policy=pol,
            base=base,
            previous_base=previous_base,
        )

    app = AppTest.from_function(script, args=(lang, base, previous_base, policy), default_timeout=30)
    return app.run().metric[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_beyond_chance_keeps_its_colour_and_arrow(lang):
    """30 of 100 against 50 of 100: Newcombe's interval of the difference is (-0.326, -0.064)."""
    shown = headline(lang, (30, 100), (50, 100), "none")
    assert shown.proto.delta_description == i18n.t("common.change.vs_previous", lang, year=2024)
    assert enum_name(shown.proto, "color") != "GRAY"
    interval = i18n.t(
        "common.interval", lang, low=i18n.percent(0.21912, lang, 1), high=i18n.percent(0.39553, lang, 1)
    )
    chance = i18n.t(
        "common.change.beyond_chance",
        lang,
        year=2024,
        low=i18n.points(-0.32577, lang, 1),
        high=i18n.points(-0.06422, lang, 1),
    )
    assert shown.help == f"{interval}\n\n{chance}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_within_chance_has_no_colour_and_no_arrow(lang):
    """3 of 10 against 5 of 10: the same 20 points, but the interval (-0.526, 0.202) holds 0."""
    shown = headline(lang, (3, 10), (5, 10), "none")
    assert (
        i18n.t(
            "common.change.within_chance",
            lang,
            year=2024,
            low=i18n.points(-0.52608, lang, 1),
            high=i18n.points(0.20165, lang, 1),
        )
        in shown.help
    )
    assert enum_name(shown.proto, "color") == "GRAY"
    assert enum_name(shown.proto, "direction") == "NONE"


def test_no_interval_beside_rounded_counts():
    """DfE rounds counts to 10: an interval of the exact counts would give them back."""
    shown = headline("en", (30, 100), (50, 100), "dfe")
    assert "95%" not in (shown.help or "")
    assert "95%" in headline("en", (30, 100), (50, 100), "default").help
