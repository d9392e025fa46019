"""Demo data in the contract's shape: a few real facts (``facts.py``) inside a synthetic population
(``population.py``); ``build`` writes the demo store.

Real (from public reports; the rows that carry them are built to match them):

- ОЭЗ «Технополис Москва» has run the Techno-internship ("Техностажировка") with
  its resident companies since 2022. More than 60 companies and more than 800
  students by July 2023 (the mayor's Telegram channel, retold by ng.ru,
  2023-07-08); about 500 students in the first half of 2024, 1.7 times the
  first half of 2023 (29ru.net, mid-2024; the day is approximate); more than
  750 in 2024, 1.5 times 2023 (Zelenograd INFO, 2025-07-13); more than 1,700 in
  2025, more than 3,200 since 2022 and more than 30 agreements between the zone
  and colleges and universities (РИА Новости, 2026-01-21).
- 20 students of Sechenov University and Mendeleev University interned at
  Binnopharm Group's Zelenograd site in 2024 (Zelenograd INFO).
- MIET's College of Electronics and Informatics is in the zone's education
  circuit.
- On 10.04.2024 the Tumanov Stupino Technical School signed partnership
  agreements with ЦМК and СМПП on metallurgy and mechanical engineering, with
  scholarships, guaranteed practice and guaranteed employment (Новости ЦМК).

Synthetic: everything else. Every participant, placement, hire and salary is
invented, including those at the real organisations above; the other
institutions, employers and programs have invented names (any likeness to a
real organisation is accidental), and the split of the real totals over dates,
companies and schools is random. The Techno-internship and the real
organisations are the same size whatever ``participants`` is; the rest scales
with it.
"""

from workforce.demo.facts import PUBLISHED_FIGURES, ZONE
from workforce.demo.population import DEFAULT_PARTICIPANTS, MIN_PARTICIPANTS, SNAPSHOT, build, generate

__all__ = [
    "DEFAULT_PARTICIPANTS",
    "MIN_PARTICIPANTS",
    "PUBLISHED_FIGURES",
    "SNAPSHOT",
    "ZONE",
    "build",
    "generate",
]
