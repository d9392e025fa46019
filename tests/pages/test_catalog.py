"""Every code the Cohorts, Employers and Pipeline pages show has a text in both languages."""

from tests.pages.helpers import LANGS
from workforce import i18n
from workforce.pagedata import cohorts as cohort_data
from workforce.pagedata import employers as employer_data
from workforce.pagedata import pipeline as pipeline_data
from workforce.store.contract import TABLES


def test_every_code_the_pages_name_has_a_text_in_both_languages():
    keys = [
        *(f"cohorts.stage.{s}" for s in cohort_data.STAGES),
        *(f"cohorts.split_by.{s}" for s in cohort_data.SPLITS),
        *(f"cohorts.no_{s}" for s in cohort_data.SPLITS),
        *(f"cohorts.level.{c}" for c in TABLES["participants"].column("level").choices),
        *(f"employers.compared.{m}" for m in employer_data.COMPARED),
        *(f"pipeline.outcome.{o}" for o in pipeline_data.OUTCOMES),
        *(f"pipeline.outcome_short.{o}" for o in pipeline_data.OUTCOMES),
        *(f"pipeline.help.{o}" for o in pipeline_data.OUTCOMES),
    ]
    missing = [(k, lang) for k in keys for lang in LANGS if not i18n.has(k, lang)]
    assert missing == []
