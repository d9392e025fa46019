"""The demo's real facts, from public reports, with their sources; the rows that carry them are built to
match them (the synthetic population around them is in ``population.py``).

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
"""

from __future__ import annotations

ZONE = "Technopolis Moscow SEZ"


REAL_INSTITUTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "MIET-C",
        "Колледж электроники и информатики МИЭТ",
        "college",
        "Зеленоград",
        "Microelectronics",
    ),
    ("SECHENOV", "Сеченовский университет", "university", "Хамовники", "Pharmaceuticals"),
    ("MUCTR", "РХТУ им. Д. И. Менделеева", "university", "Тверской", "Chemicals"),
    (
        "STT",
        "Ступинский техникум им. А.Т. Туманова",
        "technical_school",
        "Ступино",
        "Metallurgy",
    ),
)


REAL_EMPLOYERS: tuple[tuple[str, str, str, str, str | None], ...] = (
    (
        "TECHNOPOLIS",
        "ОЭЗ «Технополис Москва»",
        "Special economic zone",
        "Южнопортовый",
        ZONE,
    ),
    (
        "BINNOPHARM",
        "Биннофарм Групп (площадка в Зеленограде)",
        "Pharmaceuticals",
        "Зеленоград",
        None,
    ),
    ("CMK", "ЦМК", "Metallurgy", "Ступино", None),
    ("SMPP", "СМПП", "Mechanical engineering", "Ступино", None),
)


TECHNO_BLOCKS: tuple[tuple[str, str, int], ...] = (
    ("2022-02-01", "2022-06-30", 200),
    ("2022-07-01", "2022-12-23", 330),
    ("2023-01-09", "2023-06-30", 290),
    ("2023-07-01", "2023-12-22", 222),
    ("2024-01-09", "2024-06-30", 503),
    ("2024-07-01", "2024-12-20", 267),
    ("2025-01-09", "2025-06-30", 800),
    ("2025-07-01", "2025-12-19", 942),
)


TECHNO_PARTICIPANTS = sum(n for _, _, n in TECHNO_BLOCKS)


BINNOPHARM_INTERNS: tuple[tuple[str, int], ...] = (("SECHENOV", 12), ("MUCTR", 8))


RESIDENTS = 100


FIRST_WAVE_RESIDENTS = 63


PARTNER_COLLEGES = 22


PARTNER_UNIVERSITIES = 13


FIRST_WAVE_PARTNERS = 10


STUPINO_SIGNED_ON = "2024-04-10"


ZELENOGRAD_INFO_URL = (
    "https://xn----7sbifcamovvfggw9d.xn--p1ai/v-zelenograde/"
    "v-kompaniiah-i-organizaciiah-zelenograda-realizyutsia-programmy-"
    "stajirovok-dlia-stydentov.html"
)


RIA_URL = "https://ria.ru/20260121/moskva-2069234804.html"


PUBLISHED_FIGURES: tuple[tuple, ...] = (
    (
        "TECHNO-2023-07-EMPLOYERS",
        "TECHNO",
        None,
        None,
        "employers",
        "2022-01-01",
        "2023-07-08",
        60,
        "more_than",
        "Telegram-канал мэра Москвы (пересказ)",
        "https://www.ng.ru/news/771029.html",
        "2023-07-08",
    ),
    (
        "TECHNO-2023-07-PARTICIPANTS",
        "TECHNO",
        None,
        None,
        "participants",
        "2022-01-01",
        "2023-07-08",
        800,
        "more_than",
        "Telegram-канал мэра Москвы (пересказ)",
        "https://www.ng.ru/news/771029.html",
        "2023-07-08",
    ),
    (
        "TECHNO-2024-H1-PARTICIPANTS",
        "TECHNO",
        None,
        None,
        "participants",
        "2024-01-01",
        "2024-06-30",
        500,
        "about",
        "29ru.net",
        "https://29ru.net/video/391147593",
        "2024-07-15",
    ),
    (
        "TECHNO-2024-PARTICIPANTS",
        "TECHNO",
        None,
        None,
        "participants",
        "2024-01-01",
        "2024-12-31",
        750,
        "more_than",
        "Zelenograd INFO",
        ZELENOGRAD_INFO_URL,
        "2025-07-13",
    ),
    (
        "TECHNO-2025-PARTICIPANTS",
        "TECHNO",
        None,
        None,
        "participants",
        "2025-01-01",
        "2025-12-31",
        1700,
        "more_than",
        "РИА Новости",
        RIA_URL,
        "2026-01-21",
    ),
    (
        "TECHNO-2022-2025-PARTICIPANTS",
        "TECHNO",
        None,
        None,
        "participants",
        "2022-01-01",
        "2025-12-31",
        3200,
        "more_than",
        "РИА Новости",
        RIA_URL,
        "2026-01-21",
    ),
    (
        "TECHNOPOLIS-2022-2025-AGREEMENTS",
        None,
        "TECHNOPOLIS",
        None,
        "agreements",
        "2022-01-01",
        "2025-12-31",
        30,
        "more_than",
        "РИА Новости",
        RIA_URL,
        "2026-01-21",
    ),
    (
        "BINNOPHARM-2024-PARTICIPANTS",
        None,
        "BINNOPHARM",
        None,
        "participants",
        "2024-01-01",
        "2024-12-31",
        20,
        "exact",
        "Zelenograd INFO",
        ZELENOGRAD_INFO_URL,
        "2025-07-13",
    ),
    (
        "STT-2024-04-10-AGREEMENTS",
        None,
        None,
        "STT",
        "agreements",
        "2024-04-10",
        "2024-04-10",
        2,
        "exact",
        "Новости ЦМК",
        None,
        "2024-04-10",
    ),
)


# Dated events of the demo, both real (the sources above). The sources give the program's launch
# only as 2022: its day here is the first block's start (TECHNO_BLOCKS).
# (event_id, event_date, title, program_id, institution_id, employer_id, url)
EVENTS: tuple[tuple, ...] = (
    (
        "TECHNO-LAUNCH",
        "2022-02-01",
        "Старт «Техностажировки» в ОЭЗ «Технополис Москва»",
        "TECHNO",
        None,
        None,
        None,
    ),
    (
        "STT-AGREEMENTS",
        STUPINO_SIGNED_ON,
        "Ступинский техникум подписал соглашения с ЦМК и СМПП",
        None,
        "STT",
        None,
        None,
    ),
)

# The demo's targets are NOT real: no plan with these numbers was published. They are
# set near the published figures so that the pages have something to compare, and their
# source says so. (target_id, program_id, institution_id, employer_id, metric, year, value, source)
SYNTHETIC_TARGETS: tuple[tuple, ...] = (
    (
        "DEMO-TECHNO-2024",
        "TECHNO",
        None,
        None,
        "participants",
        2024,
        750,
        "демо: условная цель, не опубликована",
    ),
    (
        "DEMO-TECHNO-2025",
        "TECHNO",
        None,
        None,
        "participants",
        2025,
        1700,
        "демо: условная цель, не опубликована",
    ),
    (
        "DEMO-CITY-2025-RATE",
        None,
        None,
        None,
        "intern_hire_rate",
        2025,
        0.25,
        "демо: условная цель, не опубликована",
    ),
    ("DEMO-CITY-2026", None, None, None, "participants", 2026, 9000, "демо: условная цель, не опубликована"),
)
