"""The Published figures page (AppTest): every figure against the data."""

import pytest

from tests.fixtures.factory import build, d
from tests.pages.helpers import FIGURES, alert_texts, table
from workforce import i18n


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_figures_single_out_the_contradicted_figure(city_database, open_page, lang):
    app = open_page(FIGURES, lang=lang)
    assert not app.exception
    assert "F2" in app.error[0].value or "F2" in alert_texts(app)
    shown = table(app, i18n.t("figures.columns.verdict", lang))
    verdicts = shown[i18n.t("figures.columns.verdict", lang)].tolist()
    assert verdicts == [i18n.t("figures.mark_matched", lang), i18n.t("figures.mark_contradicted", lang)]
    published = shown[i18n.t("figures.columns.published", lang)].tolist()
    assert published == ([("более 2"), "около 40"] if lang == "ru" else ["more than 2", "about 40"])


def test_figures_page_without_figures_says_where_to_add_them(tmp_path, monkeypatch, open_page):
    path = build(
        tmp_path / "plain.duckdb",
        participants=[{"participant_id": "p", "institution_id": "I"}],
        placements=[{"placement_id": "x", "participant_id": "p", "start_date": d("2024-05-01")}],
    )
    monkeypatch.setenv("WORKFORCE_DB", str(path))
    app = open_page(FIGURES)
    assert not app.exception
    assert "published_figures" in alert_texts(app)
