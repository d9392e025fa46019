"""The demo's synthetic population around the real facts of ``facts.py``.

Every participant, placement, hire and salary is invented, including those
at the real organisations of ``facts.py``; the other
institutions, employers and programs have invented names (any likeness to a
real organisation is accidental), and the split of the real totals over dates,
companies and schools is random. The Techno-internship and the real
organisations are the same size whatever ``participants`` is; the rest scales
with it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from workforce.demo.facts import (
    BINNOPHARM_INTERNS,
    EVENTS,
    FIRST_WAVE_PARTNERS,
    FIRST_WAVE_RESIDENTS,
    PARTNER_COLLEGES,
    PARTNER_UNIVERSITIES,
    PUBLISHED_FIGURES,
    REAL_EMPLOYERS,
    REAL_INSTITUTIONS,
    RESIDENTS,
    STUPINO_SIGNED_ON,
    SYNTHETIC_TARGETS,
    TECHNO_BLOCKS,
    TECHNO_PARTICIPANTS,
    ZONE,
)
from workforce.store import db, importer
from workforce.store.contract import TABLES

SNAPSHOT = "2025-12-31"


FIRST_START = "2022-01-10"


LAST_START = "2025-12-19"


SECTORS: tuple[str, ...] = (
    "Microelectronics",
    "Pharmaceuticals",
    "Biotechnology",
    "Metallurgy",
    "Mechanical engineering",
    "Instrument making",
    "IT",
    "Energy",
    "Food industry",
    "Chemicals",
    "New materials",
    "Additive manufacturing",
    "Medical devices",
)


SECTOR_WEIGHTS: tuple[float, ...] = (8, 5, 4, 5, 9, 7, 10, 5, 6, 4, 3, 2, 3)


ZONE_SECTOR_WEIGHTS: tuple[float, ...] = (30, 12, 8, 0, 6, 14, 8, 5, 2, 3, 6, 4, 6)


SALARY_MEDIANS: tuple[float, ...] = (
    82000,
    74000,
    76000,
    70000,
    68000,
    72000,
    92000,
    75000,
    56000,
    66000,
    78000,
    72000,
    74000,
)


SPECIALTIES: tuple[tuple[str, ...], ...] = (
    (
        "Электроника и наноэлектроника",
        "Конструирование и технология электронных средств",
        "Технология производства изделий электронной техники",
        "Электроника",
    ),
    (
        "Фармация",
        "Химическая технология лекарственных средств",
        "Технология фармацевтического производства",
    ),
    ("Биотехнология", "Промышленная биотехнология", "Лабораторный и химический анализ"),
    ("Металлургия", "Металлургия чёрных металлов", "Обработка металлов давлением"),
    (
        "Технология машиностроения",
        "Сварочное производство",
        "Мехатроника и робототехника",
        "Сварка",
    ),
    (
        "Приборостроение",
        "Оптотехника",
        "Метрология и стандартизация",
        "Техническое обслуживание радиоэлектронной техники",
    ),
    (
        "Информационные системы и программирование",
        "Прикладная информатика",
        "Программная инженерия",
        "Сетевое и системное администрирование",
    ),
    (
        "Электроэнергетика и электротехника",
        "Теплоэнергетика",
        "Электрические станции, сети и системы",
    ),
    ("Технология продуктов питания", "Технология хлеба и кондитерских изделий"),
    ("Химическая технология", "Технология полимеров"),
    ("Материаловедение и технологии материалов", "Наноинженерия"),
    ("Аддитивные технологии", "Технология полиграфического производства"),
    ("Биотехнические системы и технологии", "Медицинская техника"),
)


COMPANY_ROOTS: tuple[tuple[str, ...], ...] = (
    ("Кремнийлаб", "Микросхема", "Транзистор", "Нанокристалл", "Планар", "Литограф"),
    ("Фармлаб", "Медсинтез", "Фармавектор", "Капсула", "Субстанция", "Ампула"),
    ("Биосинтез", "Геномика", "Ферментика", "Клеткотех", "Биореактор", "Пептид"),
    ("Сплав", "Литейщик", "Металлпрокат", "Титанлит", "Алюмотех", "Кузница"),
    ("Станкомаш", "Редуктор", "Привод", "Машзавод", "Шестерня", "Турбомаш"),
    ("Прибор", "Датчик", "Эталон", "Оптрон", "Измеритель", "Сенсорика"),
    ("Кодлаб", "Датасофт", "Облачные системы", "Алгоритм", "Цифра", "Софтпром"),
    ("Энергомаш", "Аккумулятор", "Электросеть", "Теплотех", "Ветроток", "Литий-Энерго"),
    ("Хлебный дом", "Молочный край", "Кондитер", "Пищепром", "Мясной двор", "Солод"),
    ("Химпром", "Полимер", "Реактив", "Катализ", "Лакокраска", "Синтез-Хим"),
    ("Композит", "Графен", "Керамика", "Нанопокрытие", "Углеволокно", "Аэрогель"),
    ("3Д-Принт", "Аддитив", "Слой", "Порошок", "Прототип", "Печатный цех"),
    ("Медтехника", "Эндоскоп", "Кардиомед", "Имплант", "Ортомед", "Диагност"),
)


COMPANY_SUFFIXES: tuple[str, ...] = (
    "",
    "-Про",
    "-Тех",
    "-М",
    " Лаб",
    "-Систем",
    "-Инжиниринг",
    "-Групп",
    " Плюс",
    "-Центр",
)


LEGAL_FORMS: tuple[str, ...] = ("ООО", "АО", "НПО", "НПП")


MOSCOW_DISTRICTS: tuple[str, ...] = (
    "Печатники",
    "Южнопортовый",
    "Коньково",
    "Текстильщики",
    "Нагатинский затон",
    "Лефортово",
    "Басманный",
    "Хамовники",
    "Раменки",
    "Гагаринский",
    "Черёмушки",
    "Даниловский",
    "Марьина Роща",
    "Останкинский",
    "Бауманский",
    "Измайлово",
    "Перово",
    "Люблино",
    "Марьино",
    "Царицыно",
    "Митино",
    "Щукино",
    "Хорошёво-Мнёвники",
    "Северное Тушино",
    "Савёловский",
    "Академический",
    "Нагорный",
    "Зеленоград",
)


ZONE_DISTRICTS: tuple[str, ...] = (
    "Зеленоград",
    "Печатники",
    "Южнопортовый",
    "Руднево",
    "Коньково",
)


ZONE_DISTRICT_WEIGHTS: tuple[float, ...] = (0.34, 0.24, 0.26, 0.08, 0.08)


REGION_TOWNS: tuple[tuple[str, str], ...] = (
    ("Подольск", "Подольский"),
    ("Коломна", "Коломенский"),
    ("Серпухов", "Серпуховский"),
    ("Дубна", "Дубнинский"),
    ("Химки", "Химкинский"),
    ("Мытищи", "Мытищинский"),
    ("Королёв", "Королёвский"),
    ("Балашиха", "Балашихинский"),
    ("Люберцы", "Люберецкий"),
    ("Электросталь", "Электростальский"),
    ("Ногинск", "Ногинский"),
    ("Дмитров", "Дмитровский"),
    ("Клин", "Клинский"),
    ("Раменское", "Раменский"),
    ("Жуковский", "Жуковский"),
    ("Домодедово", "Домодедовский"),
    ("Щёлково", "Щёлковский"),
    ("Красногорск", "Красногорский"),
    ("Фрязино", "Фрязинский"),
    ("Кашира", "Каширский"),
)


COLLEGE_NAMES: tuple[tuple[str, str], ...] = (
    ("Политехнический колледж", "Mechanical engineering"),
    ("Технологический колледж", "Chemicals"),
    ("Колледж электроники и приборостроения", "Microelectronics"),
    ("Колледж автоматизации и информационных технологий", "IT"),
    ("Колледж современных технологий", "New materials"),
    ("Индустриальный колледж", "Mechanical engineering"),
    ("Колледж информатики и программирования", "IT"),
    ("Колледж биотехнологий и фармации", "Pharmaceuticals"),
    ("Колледж пищевых технологий", "Food industry"),
    ("Энергетический колледж", "Energy"),
    ("Колледж метрологии и измерительной техники", "Instrument making"),
    ("Колледж медицинской техники", "Medical devices"),
)


TECHNICAL_SCHOOL_NAMES: tuple[tuple[str, str], ...] = (
    ("индустриальный техникум", "Mechanical engineering"),
    ("машиностроительный техникум", "Mechanical engineering"),
    ("металлургический техникум", "Metallurgy"),
    ("химико-технологический техникум", "Chemicals"),
    ("энергетический техникум", "Energy"),
    ("приборостроительный техникум", "Instrument making"),
    ("технологический техникум", "Food industry"),
)


UNIVERSITY_PREFIXES: tuple[str, ...] = (
    "Столичный",
    "Московский городской",
    "Национальный",
    "Открытый",
    "Международный",
    "Подмосковный",
)


UNIVERSITY_NAMES: tuple[tuple[str, str], ...] = (
    ("технологический университет", "Mechanical engineering"),
    ("политехнический университет", "Mechanical engineering"),
    ("химико-технологический университет", "Chemicals"),
    ("университет приборостроения", "Instrument making"),
    ("энергетический университет", "Energy"),
    ("университет информационных технологий", "IT"),
    ("медико-биологический университет", "Biotechnology"),
    ("университет пищевых производств", "Food industry"),
    ("университет микроэлектроники", "Microelectronics"),
    ("университет новых материалов", "New materials"),
)


PROGRAMS: tuple[tuple[str, str, str | None, str], ...] = (
    ("TECHNO", "Техностажировка", "ОЭЗ «Технополис Москва»", "internship"),
    ("PRACTICE", "Производственная практика", None, "practice"),
    ("INTERN", "Промышленная стажировка", None, "internship"),
    ("TARGET", "Целевое обучение", None, "targeted_training"),
    ("GRANT", "Именные стипендии предприятий", None, "scholarship"),
    (
        "STUPINO",
        "Гарантированная практика на ЦМК и СМПП",
        "Ступинский техникум им. А.Т. Туманова",
        "practice",
    ),
)


LEVELS: tuple[str, ...] = ("vocational", "bachelor", "specialist", "master")


STATUSES: tuple[str, ...] = ("ongoing", "completed", "dropped")


MIN_PARTICIPANTS = TECHNO_PARTICIPANTS + sum(n for _, n in BINNOPHARM_INTERNS)


MONTH_WEIGHTS: tuple[float, ...] = (
    0.5,
    0.9,
    1.1,
    1.2,
    1.0,
    1.5,
    1.6,
    0.7,
    1.0,
    1.1,
    0.9,
    0.4,
)


HOLIDAYS: tuple[int, ...] = (101, 102, 103, 104, 105, 106, 107, 108, 223, 308, 501, 509)


HOLIDAYS_LATE: tuple[int, ...] = (612, 1104)


YEAR_WEIGHTS: tuple[float, ...] = (0.2, 0.23, 0.26, 0.31)


PLACEMENTS_PER_PARTICIPANT: tuple[float, ...] = (0.1, 0.32, 0.34, 0.17, 0.07)


EXTRA_PLACEMENT_SHARE = 0.25


PROGRAM_DURATIONS: tuple[tuple[int, int], ...] = (
    (28, 120),
    (21, 56),
    (28, 150),
    (30, 120),
    (90, 270),
    (21, 56),
    (14, 90),
)


HOST_HIRE_SHARES: tuple[float, ...] = (0.28, 0.12, 0.3, 0.7, 0.5, 0.55, 0.18)


DROP_SHARE = 0.06


TECHNO_DROP_SHARE = 0.05


ELSEWHERE_HIRE_SHARE = 0.32


EXIT_SHARE = 0.22


MISSING_SALARY_SHARE = 0.1


LEVEL_SALARY_FACTORS: tuple[float, ...] = (0.82, 1.0, 1.06, 1.2)


TECHNO, PRACTICE, INTERN, TARGET, GRANT, STUPINO, NO_PROGRAM = range(7)


def _day(text: str) -> int:
    """Days since 1970-01-01 of an ISO date, e.g. _day('1970-01-02') == 1."""
    return int(np.datetime64(text, "D").astype(np.int64))


def _years(days: np.ndarray) -> np.ndarray:
    """Calendar years of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _year_start(years: np.ndarray) -> np.ndarray:
    """Day numbers of 1 January of each year."""
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def _day_weights(days: np.ndarray) -> np.ndarray:
    """How likely a placement is to start on each day: seasons, weekends, holidays."""
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    month = months.astype(np.int64) % 12
    day_of_month = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    weekday = (days + 3) % 7
    weights = np.asarray(MONTH_WEIGHTS)[month] * np.where(weekday >= 5, 0.04, 1.0)
    weights[weekday == 0] *= 2.0
    weights[day_of_month == 1] *= 2.0
    code = (month + 1) * 100 + day_of_month
    weights[np.isin(code, HOLIDAYS + HOLIDAYS_LATE)] *= 0.02
    return weights


def _working_days(days: np.ndarray) -> np.ndarray:
    """Move each day forward to the next day that is not a weekend or a holiday."""
    if len(days) == 0:
        return days
    calendar = np.arange(days.min(), days.max() + 15)
    dates = calendar.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    day_of_month = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    code = (months.astype(np.int64) % 12 + 1) * 100 + day_of_month
    idle = ((calendar + 3) % 7 >= 5) | np.isin(code, HOLIDAYS + HOLIDAYS_LATE)
    next_working = np.where(idle, calendar[-1], calendar)
    next_working = np.minimum.accumulate(next_working[::-1])[::-1]
    return next_working[days - calendar[0]]


def _sample_days(
    rng: np.random.Generator,
    first: str,
    last: str,
    size: int,
    year_weights: tuple[float, ...] | None = None,
) -> np.ndarray:
    """Draw day numbers in [first, last] with realistic seasons and weekdays."""
    days = np.arange(_day(first), _day(last) + 1)
    weights = _day_weights(days)
    if year_weights is not None:
        year = _years(days) - _years(days[:1])[0]
        totals = np.bincount(year, weights=weights)
        weights = weights / totals[year] * np.asarray(year_weights)[year]
    return rng.choice(days, size=size, p=weights / weights.sum())


def _choose(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Draw indices into ``weights`` in proportion to them."""
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def _choose_eligible(
    rng: np.random.Generator, since: np.ndarray, weights: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """For each day, draw an index among those with ``since <= day``, by weight."""
    cumulative = np.cumsum(weights)
    eligible = np.searchsorted(since, days, side="right")
    target = rng.random(len(days)) * cumulative[eligible - 1]
    return np.minimum(np.searchsorted(cumulative, target, side="right"), eligible - 1)


def _text(values: np.ndarray | list) -> pd.arrays.StringArray:
    """A pandas string array; None becomes NA."""
    if not (isinstance(values, np.ndarray) and values.dtype.kind == "U"):
        values = np.asarray(values, dtype=object)
    return pd.array(values, dtype="string")


def _coded_text(labels: tuple | list, codes: np.ndarray) -> pd.arrays.StringArray:
    """Strings looked up from codes; code -1 is missing."""
    table = np.array([*labels, None], dtype=object)
    return _text(table[codes])


def _ids(prefix: str, count: int, width: int) -> np.ndarray:
    """Readable sequential keys, e.g. _ids('P', 2, 3) -> ['P001', 'P002']."""
    numbers = np.arange(1, count + 1).astype(f"U{max(width, len(str(count)))}")
    return np.strings.add(prefix, np.strings.zfill(numbers, width))


def _dates(days: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
    """Day numbers as datetime64[ns]; NaT where ``present`` is False."""
    dates = days.astype("datetime64[D]").astype("datetime64[ns]")
    if present is not None:
        dates[~present] = np.datetime64("NaT")
    return dates


def _unique_names(base: list[str], rng: np.random.Generator, size: int) -> list[str]:
    """``size`` distinct names from ``base`` in random order, numbered once it runs out."""
    order = rng.permutation(len(base))
    return [
        base[order[i % len(base)]] + ("" if i < len(base) else f" № {i // len(base) + 1}")
        for i in range(size)
    ]


def _institution_rows(
    rng: np.random.Generator, colleges: int, schools: int, universities: int
) -> pd.DataFrame:
    """Invented colleges (Moscow), technical schools (Moscow region) and universities."""
    numbers = rng.permutation(np.arange(1, max(120, 3 * colleges) + 1))[:colleges]
    college = rng.integers(0, len(COLLEGE_NAMES), colleges)
    school_pairs = [
        (town, adjective, name, sector)
        for town, adjective in REGION_TOWNS
        for name, sector in TECHNICAL_SCHOOL_NAMES
    ]
    school_order = rng.permutation(len(school_pairs))
    uni_pairs = [
        (f"{prefix} {name}", sector) for prefix in UNIVERSITY_PREFIXES for name, sector in UNIVERSITY_NAMES
    ]
    uni_names = _unique_names([n for n, _ in uni_pairs], rng, universities)
    uni_sector = {n: s for n, s in uni_pairs}
    rows = [
        (
            f"{COLLEGE_NAMES[c][0]} № {n}",
            "college",
            MOSCOW_DISTRICTS[rng.integers(len(MOSCOW_DISTRICTS))],
            COLLEGE_NAMES[c][1],
        )
        for c, n in zip(college, numbers, strict=True)
    ]
    for i in range(schools):
        town, adjective, name, sector = school_pairs[school_order[i % len(school_pairs)]]
        number = "" if i < len(school_pairs) else f" № {i // len(school_pairs) + 1}"
        rows.append((f"{adjective} {name}{number}", "technical_school", town, sector))
    for name in uni_names:
        district = MOSCOW_DISTRICTS[rng.integers(len(MOSCOW_DISTRICTS))]
        rows.append((name, "university", district, uni_sector[name.split(" № ")[0]]))
    return pd.DataFrame(rows, columns=["name", "kind", "district", "sector"])


def _institutions(rng: np.random.Generator, scaled: int) -> pd.DataFrame:
    """Real institutions, the zone's partners, then ``scaled`` more; with draw weights."""
    real = pd.DataFrame(
        REAL_INSTITUTIONS,
        columns=["institution_id", "name", "kind", "district", "sector"],
    )
    schools = round(scaled * 0.35)
    universities = round(scaled * 0.2)
    invented = _institution_rows(
        rng,
        PARTNER_COLLEGES + scaled - schools - universities,
        schools,
        PARTNER_UNIVERSITIES + universities,
    )
    partner = np.zeros(len(invented), dtype=bool)
    is_college = (invented["kind"] == "college").to_numpy()
    is_university = (invented["kind"] == "university").to_numpy()
    partner[np.flatnonzero(is_college)[:PARTNER_COLLEGES]] = True
    partner[np.flatnonzero(is_university)[:PARTNER_UNIVERSITIES]] = True
    invented = pd.concat([invented[partner], invented[~partner]], ignore_index=True).assign(
        partner=np.sort(partner)[::-1]
    )
    prefix = invented["kind"].map({"college": "COL", "technical_school": "TS", "university": "UNI"})
    number = invented.groupby("kind").cumcount() + 1
    invented["institution_id"] = prefix + "-" + number.astype(str).str.zfill(3)
    frame = pd.concat(
        [real.assign(partner=real["institution_id"] == "MIET-C"), invented],
        ignore_index=True,
    )
    size = rng.lognormal(0.0, 0.7, len(frame))
    frame["weight"] = size * np.where(frame["kind"] == "university", 3.0, 1.0)
    frame["sector_code"] = frame["sector"].map({s: i for i, s in enumerate(SECTORS)})
    return frame


def _employers(rng: np.random.Generator, scaled: int) -> pd.DataFrame:
    """Real employers, the zone's residents, then ``scaled`` more; with draw weights."""
    real = pd.DataFrame(
        REAL_EMPLOYERS,
        columns=["employer_id", "name", "sector", "district", "zone"],
    )
    sector = np.concatenate(
        [
            _choose(rng, np.asarray(ZONE_SECTOR_WEIGHTS, dtype=float), RESIDENTS),
            _choose(rng, np.asarray(SECTOR_WEIGHTS, dtype=float), scaled),
        ]
    )
    names = np.empty(len(sector), dtype=object)
    for s, roots in enumerate(COMPANY_ROOTS):
        where = np.flatnonzero(sector == s)
        base = [root + suffix for root in roots for suffix in COMPANY_SUFFIXES]
        forms = rng.integers(0, len(LEGAL_FORMS), len(where))
        quoted = _unique_names(base, rng, len(where))
        names[where] = [f"{LEGAL_FORMS[f]} «{q}»" for f, q in zip(forms, quoted, strict=True)]
    town = np.array([t for t, _ in REGION_TOWNS], dtype=object)
    district = np.concatenate(
        [
            np.array(ZONE_DISTRICTS, dtype=object)[
                _choose(rng, np.asarray(ZONE_DISTRICT_WEIGHTS), RESIDENTS)
            ],
            np.where(
                rng.random(scaled) < 0.7,
                np.array(MOSCOW_DISTRICTS, dtype=object)[rng.integers(0, len(MOSCOW_DISTRICTS), scaled)],
                town[rng.integers(0, len(town), scaled)],
            ),
        ]
    )
    district[RESIDENTS:][rng.random(scaled) < 0.05] = None
    invented = pd.DataFrame(
        {
            "employer_id": np.concatenate([_ids("TP-", RESIDENTS, 3), _ids("EMP-", scaled, 4)]),
            "name": names,
            "sector": np.array(SECTORS, dtype=object)[sector],
            "district": district,
            "zone": [ZONE] * RESIDENTS + [None] * scaled,
        }
    )
    frame = pd.concat([real, invented], ignore_index=True)
    codes = frame["sector"].map({s: i for i, s in enumerate(SECTORS)})
    frame["sector_code"] = codes.fillna(-1).astype(np.int64)
    frame["weight"] = rng.pareto(1.6, len(frame)) + 0.3
    return frame


def _levels(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """Level codes: vocational at colleges, mostly bachelor at universities."""
    higher = rng.choice([1, 2, 3], size=len(kind), p=[0.65, 0.15, 0.2])
    return np.where(kind == "university", higher, 0)


def _specialties(rng: np.random.Generator, sector: np.ndarray) -> np.ndarray:
    """Specialty codes into the flattened SPECIALTIES for each sector code."""
    sizes = np.array([len(s) for s in SPECIALTIES])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return offsets[sector] + (rng.random(len(sector)) * sizes[sector]).astype(np.int64)


def _durations(rng: np.random.Generator, program: np.ndarray) -> np.ndarray:
    """Planned length in days of placements in each program (NO_PROGRAM for none)."""
    bounds = np.asarray(PROGRAM_DURATIONS)
    low, high = bounds[program, 0], bounds[program, 1]
    return low + (rng.random(len(program)) * (high - low + 1)).astype(np.int64)


def _outcomes(
    rng: np.random.Generator, start: np.ndarray, duration: np.ndarray, drop_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """End day (-1 while ongoing) and status code of placements as of SNAPSHOT."""
    end = start + duration - 1
    dropped = rng.random(len(start)) < drop_share
    end = np.where(dropped, start + (rng.random(len(start)) * duration).astype(np.int64), end)
    ongoing = end > _day(SNAPSHOT)
    status = np.where(ongoing, 0, np.where(dropped, 2, 1))
    return np.where(ongoing, -1, end), status


def _synthetic_programs(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    """Program codes of ordinary placements, by the participant's level."""
    vocational = rng.choice([PRACTICE, INTERN, TARGET, NO_PROGRAM], len(level), p=[0.55, 0.15, 0.05, 0.25])
    higher = rng.choice(
        [INTERN, PRACTICE, TARGET, GRANT, NO_PROGRAM],
        len(level),
        p=[0.4, 0.2, 0.12, 0.08, 0.2],
    )
    return np.where(level == 0, vocational, higher)


def _synthetic_employers(
    rng: np.random.Generator,
    employers: pd.DataFrame,
    sector: np.ndarray,
) -> np.ndarray:
    """Host employer codes for ordinary placements: mostly of the student's sector."""
    pool = np.flatnonzero(
        employers["zone"].isna().to_numpy() & (employers["employer_id"] != "BINNOPHARM").to_numpy()
    )
    weights = employers["weight"].to_numpy()[pool]
    pool_sector = employers["sector_code"].to_numpy()[pool]
    host = pool[_choose(rng, weights, len(sector))]
    same = rng.random(len(sector)) < 0.7
    for s in range(len(SECTORS)):
        in_sector = np.flatnonzero(pool_sector == s)
        where = np.flatnonzero(same & (sector == s))
        if len(in_sector) and len(where):
            host[where] = pool[in_sector[_choose(rng, weights[in_sector], len(where))]]
    return host


def _stupino(
    rng: np.random.Generator,
    employers: pd.DataFrame,
    institution: np.ndarray,
    sector: np.ndarray,
    start: np.ndarray,
    host: np.ndarray,
    program: np.ndarray,
    stt: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Send most Stupino students to ЦМК or СМПП, under the agreements once signed."""
    ids = employers["employer_id"].to_numpy()
    cmk, smpp = np.flatnonzero(ids == "CMK")[0], np.flatnonzero(ids == "SMPP")[0]
    local = (institution == stt) & (rng.random(len(institution)) < 0.7)
    metallurgy = sector == SECTORS.index("Metallurgy")
    host = np.where(local, np.where(metallurgy, cmk, smpp), host)
    signed = start >= _day(STUPINO_SIGNED_ON)
    program = np.where(local, np.where(signed, STUPINO, PRACTICE), program)
    return host, program


def _graduation_years(rng: np.random.Generator, level: np.ndarray, last_start: np.ndarray) -> np.ndarray:
    """Graduation year: after the last placement, or any recent year without one."""
    offsets = np.where(
        level == 3,
        rng.choice([0, 1], len(level), p=[0.6, 0.4]),
        rng.choice([0, 1, 2], len(level), p=[0.4, 0.38, 0.22]),
    )
    after_summer = (last_start - _year_start(_years(np.maximum(last_start, 0))) > 181) & (offsets == 0)
    year = _years(np.maximum(last_start, 0)) + offsets + after_summer
    return np.where(last_start < 0, rng.integers(2022, 2029, len(level)), year)


def _salaries(rng: np.random.Generator, sector: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Gross monthly starting salaries in roubles, some missing."""
    median = np.asarray(SALARY_MEDIANS)[sector] * np.asarray(LEVEL_SALARY_FACTORS)[level]
    salary = np.clip(median * rng.lognormal(0.0, 0.22, len(sector)), 45000, 150000)
    salary = np.round(salary / 500) * 500
    salary[rng.random(len(sector)) < MISSING_SALARY_SHARE] = np.nan
    return salary


def _hires(
    rng: np.random.Generator,
    employers: pd.DataFrame,
    placements: dict[str, np.ndarray],
    level: np.ndarray,
    graduation: np.ndarray,
) -> dict[str, np.ndarray]:
    """Hires by the host after the last completed placement, and some elsewhere."""
    snapshot = _day(SNAPSHOT)
    done = np.flatnonzero(placements["status"] == 1)
    order = done[np.lexsort((placements["end"][done], placements["participant"][done]))]
    person = placements["participant"][order]
    last = order[np.append(person[1:] != person[:-1], True)]
    program = placements["program"][last]
    hired = rng.random(len(last)) < np.asarray(HOST_HIRE_SHARES)[program]
    last = last[hired]
    start, end = placements["start"][last], placements["end"][last]
    u = rng.random(len(last))
    lag = np.select(
        [u < 0.1, u < 0.35, u < 0.95],
        [
            -(rng.random(len(last)) * (end - start + 1)).astype(np.int64),
            rng.integers(0, 15, len(last)),
            15 + rng.exponential(55.0, len(last)).astype(np.int64),
        ],
        rng.integers(366, 540, len(last)),
    )
    host_day = end + lag
    kept = host_day <= snapshot
    host_person = placements["participant"][last][kept]
    host_employer = placements["employer"][last][kept]
    host_day = host_day[kept]

    free = np.ones(len(level), dtype=bool)
    free[host_person] = False
    elsewhere = np.flatnonzero(free & (graduation <= 2025) & (rng.random(len(level)) < ELSEWHERE_HIRE_SHARE))
    elsewhere_day = _year_start(graduation[elsewhere]) + 181 + rng.integers(-60, 300, len(elsewhere))
    kept = elsewhere_day <= snapshot
    elsewhere, elsewhere_day = elsewhere[kept], elsewhere_day[kept]
    pool = np.flatnonzero((employers["employer_id"] != "TECHNOPOLIS").to_numpy())
    weights = employers["weight"].to_numpy()[pool]
    elsewhere_employer = pool[_choose(rng, weights, len(elsewhere))]

    person = np.concatenate([host_person, elsewhere])
    employer = np.concatenate([host_employer, elsewhere_employer])
    day = np.concatenate([host_day, elsewhere_day])
    leaves = rng.random(len(day)) < EXIT_SHARE
    exit_day = day + 30 + rng.exponential(280.0, len(day)).astype(np.int64)
    exit_day = np.where(leaves & (exit_day <= snapshot), exit_day, -1)
    sector = employers["sector_code"].to_numpy()[employer]
    salary = _salaries(rng, sector, level[person])
    return {
        "participant": person,
        "employer": employer,
        "day": day,
        "exit": exit_day,
        "salary": salary,
    }


def _agreements(
    rng: np.random.Generator,
    institutions: pd.DataFrame,
    employers: pd.DataFrame,
    scaled: int,
) -> pd.DataFrame:
    """The zone's agreements with its partners, Stupino's two, and invented ones."""
    partners = institutions[institutions["partner"]].reset_index(drop=True)
    first_wave = _sample_days(rng, "2022-01-17", "2022-01-31", FIRST_WAVE_PARTNERS)
    later = _sample_days(rng, "2022-03-01", "2025-11-28", len(partners) - FIRST_WAVE_PARTNERS)
    zone = pd.DataFrame(
        {
            "employer_id": "TECHNOPOLIS",
            "institution_id": partners["institution_id"],
            "signed_on": np.concatenate([first_wave, later]),
            "field": partners["sector"],
            "scholarships": False,
            "guaranteed_practice": True,
            "guaranteed_employment": False,
        }
    )
    stupino = pd.DataFrame(
        {
            "employer_id": ["CMK", "SMPP"],
            "institution_id": "STT",
            "signed_on": _day(STUPINO_SIGNED_ON),
            "field": ["Metallurgy", "Mechanical engineering"],
            "scholarships": True,
            "guaranteed_practice": True,
            "guaranteed_employment": True,
        }
    )
    hosts = employers[
        ~employers["employer_id"].isin(["TECHNOPOLIS", "BINNOPHARM", "CMK", "SMPP"])
    ].reset_index(drop=True)
    schools = institutions[institutions["institution_id"] != "STT"].reset_index(drop=True)
    count = round(0.6 * scaled) + 10
    host = _choose(rng, hosts["weight"].to_numpy(), count)
    school = _choose(rng, schools["weight"].to_numpy(), count)
    invented = pd.DataFrame(
        {
            "employer_id": hosts["employer_id"].to_numpy()[host],
            "institution_id": schools["institution_id"].to_numpy()[school],
            "signed_on": _sample_days(rng, "2019-01-09", LAST_START, count),
            "field": hosts["sector"].to_numpy()[host],
            "scholarships": rng.random(count) < 0.3,
            "guaranteed_practice": rng.random(count) < 0.8,
            "guaranteed_employment": rng.random(count) < 0.25,
        }
    ).drop_duplicates(["employer_id", "institution_id"])
    frame = pd.concat([zone, stupino, invented], ignore_index=True)
    frame = frame.sort_values(["signed_on", "employer_id", "institution_id"])
    frame.insert(0, "agreement_id", _ids("AG-", len(frame), 5))
    frame["field"] = frame["field"].where(frame["field"].notna(), None)
    frame["signed_on"] = _dates(frame["signed_on"].to_numpy())
    return frame.reset_index(drop=True)


def _techno(
    rng: np.random.Generator,
    institutions: pd.DataFrame,
    employers: pd.DataFrame,
    agreements: pd.DataFrame,
) -> dict[str, np.ndarray]:
    """The Techno-internship: fixed counts per half-year, partners, residents."""
    start = np.concatenate([_sample_days(rng, first, last, n) for first, last, n in TECHNO_BLOCKS])
    zone = agreements[agreements["employer_id"] == "TECHNOPOLIS"]
    signed = zone["signed_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    by_date = np.argsort(signed, kind="stable")
    codes = institutions.reset_index().set_index("institution_id")["index"]
    partner = codes[zone["institution_id"].to_numpy()[by_date]].to_numpy()
    weights = institutions["weight"].to_numpy()[partner]
    institution = partner[_choose_eligible(rng, signed[by_date], weights, start)]
    institution[rng.choice(len(start), 12, replace=False)] = codes["MIET-C"]

    resident = employers["zone"].eq(ZONE) & employers["employer_id"].ne("TECHNOPOLIS")
    residents = np.flatnonzero(resident.to_numpy())
    joined = np.full(RESIDENTS, _day("2022-01-20"))
    joined[FIRST_WAVE_RESIDENTS:] = np.sort(
        _sample_days(rng, "2023-09-01", "2025-06-30", RESIDENTS - FIRST_WAVE_RESIDENTS)
    )
    weights = employers["weight"].to_numpy()[residents]
    employer = residents[_choose_eligible(rng, joined, weights, start)]
    # every first-wave resident hosts someone in 2022: more than 60 companies by July 2023
    employer[:FIRST_WAVE_RESIDENTS] = residents[:FIRST_WAVE_RESIDENTS]

    sector = np.where(
        rng.random(len(start)) < 0.6,
        institutions["sector_code"].to_numpy()[institution],
        employers["sector_code"].to_numpy()[employer],
    )
    duration = _durations(rng, np.full(len(start), TECHNO))
    end, status = _outcomes(rng, start, duration, TECHNO_DROP_SHARE)
    return {
        "institution": institution,
        "sector": sector,
        "employer": employer,
        "program": np.full(len(start), TECHNO),
        "start": start,
        "planned_end": start + duration - 1,
        "end": end,
        "status": status,
    }


def _binnopharm(
    rng: np.random.Generator, institutions: pd.DataFrame, employers: pd.DataFrame
) -> dict[str, np.ndarray]:
    """The 2024 interns at Binnopharm's Zelenograd site."""
    codes = institutions.reset_index().set_index("institution_id")["index"]
    institution = np.concatenate([np.full(n, codes[i]) for i, n in BINNOPHARM_INTERNS])
    size = len(institution)
    start = _sample_days(rng, "2024-06-03", "2024-07-31", size)
    duration = rng.integers(28, 57, size)
    host = np.flatnonzero(employers["employer_id"] == "BINNOPHARM")[0]
    return {
        "institution": institution,
        "sector": np.full(size, SECTORS.index("Pharmaceuticals")),
        "employer": np.full(size, host),
        "program": np.full(size, NO_PROGRAM),
        "start": start,
        "planned_end": start + duration - 1,
        "end": start + duration - 1,
        "status": np.ones(size, dtype=np.int64),
    }


def generate(participants: int = 20000, seed: int = 42) -> dict[str, pd.DataFrame]:
    """Every contract table for ``participants`` participants; the same seed gives the same data."""
    if participants < MIN_PARTICIPANTS:
        raise ValueError(
            f"participants must be at least {MIN_PARTICIPANTS}: the Techno-internship "
            f"alone has {TECHNO_PARTICIPANTS} and Binnopharm's 2024 interns "
            f"{MIN_PARTICIPANTS - TECHNO_PARTICIPANTS}; got {participants}"
        )
    rng = np.random.default_rng(seed)
    synthetic = participants - MIN_PARTICIPANTS
    scale = np.sqrt(synthetic / 1000)
    institutions = _institutions(rng, round(6 * scale))
    employers = _employers(rng, 20 + round(30 * scale))
    agreements = _agreements(rng, institutions, employers, round(30 * scale))
    parts = (
        _techno(rng, institutions, employers, agreements),
        _binnopharm(rng, institutions, employers),
    )
    fixed = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    n_fixed = len(fixed["start"])
    kinds = institutions["kind"].to_numpy()
    stt = int(np.flatnonzero(institutions["institution_id"] == "STT")[0])

    institution = np.concatenate(
        [
            fixed["institution"],
            _choose(rng, institutions["weight"].to_numpy(), synthetic),
        ]
    )
    level = _levels(rng, kinds[institution])
    sector = np.concatenate(
        [
            fixed["sector"],
            np.where(
                rng.random(synthetic) < 0.75,
                institutions["sector_code"].to_numpy()[institution[n_fixed:]],
                _choose(rng, np.asarray(SECTOR_WEIGHTS, dtype=float), synthetic),
            ),
        ]
    )
    binnopharm = np.arange(TECHNO_PARTICIPANTS, n_fixed)
    level[binnopharm] = np.where(
        institution[binnopharm] == institution[binnopharm[0]],
        2,
        rng.choice([1, 3], len(binnopharm), p=[0.6, 0.4]),
    )

    counts = rng.choice(len(PLACEMENTS_PER_PARTICIPANT), synthetic, p=PLACEMENTS_PER_PARTICIPANT)
    person = np.repeat(np.arange(n_fixed, participants), counts)
    first = _sample_days(rng, FIRST_START, LAST_START, synthetic, YEAR_WEIGHTS)
    program = _synthetic_programs(rng, level[person])
    duration = _durations(rng, program)
    step = duration + rng.integers(20, 270, len(person))
    before = np.cumsum(step) - step
    group_first = np.repeat(np.cumsum(counts) - counts, counts)
    start = _working_days(first[person - n_fixed] + before - before[group_first])

    extra = np.flatnonzero(rng.random(n_fixed) < EXTRA_PLACEMENT_SHARE)
    extra_program = _synthetic_programs(rng, level[extra])
    extra_duration = _durations(rng, extra_program)
    extra_start = _working_days(fixed["planned_end"][extra] + rng.integers(30, 300, len(extra)))

    person = np.concatenate([person, extra])
    program = np.concatenate([program, extra_program])
    duration = np.concatenate([duration, extra_duration])
    start = np.concatenate([start, extra_start])
    kept = start <= _day(LAST_START)
    person, program, duration, start = (
        person[kept],
        program[kept],
        duration[kept],
        start[kept],
    )
    host = _synthetic_employers(rng, employers, sector[person])
    host, program = _stupino(
        rng,
        employers,
        institution[person],
        sector[person],
        start,
        host,
        program,
        stt,
    )
    end, status = _outcomes(rng, start, duration, DROP_SHARE)

    placements = {
        "participant": np.concatenate([np.arange(n_fixed), person]),
        "employer": np.concatenate([fixed["employer"], host]),
        "program": np.concatenate([fixed["program"], program]),
        "start": np.concatenate([fixed["start"], start]),
        "end": np.concatenate([fixed["end"], end]),
        "status": np.concatenate([fixed["status"], status]),
    }
    last_start = np.full(participants, -1)
    np.maximum.at(last_start, placements["participant"], placements["start"])
    graduation = _graduation_years(rng, level, last_start)
    hires = _hires(rng, employers, placements, level, graduation)

    participant_ids = _ids("P", participants, 7)[rng.permutation(participants)]
    specialty = _specialties(rng, sector)
    specialty[rng.random(participants) < 0.03] = -1
    specialties = [name for group in SPECIALTIES for name in group]
    return {
        "institutions": _frame(institutions, "institutions"),
        "employers": _frame(employers, "employers"),
        "programs": _frame(pd.DataFrame(PROGRAMS, columns=TABLES["programs"].column_names), "programs"),
        "agreements": _frame(agreements, "agreements"),
        "participants": _participants(
            participant_ids, institutions, institution, specialties, specialty, level, graduation
        ),
        "placements": _placements(participant_ids, employers, placements),
        "hires": _hire_frame(participant_ids, employers, hires),
        "published_figures": _figures(),
        "targets": _frame(
            pd.DataFrame(SYNTHETIC_TARGETS, columns=TABLES["targets"].column_names).astype({"value": float}),
            "targets",
        ),
        "events": _events(),
    }


def _frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The contract columns of ``table``, text as pandas strings."""
    frame = frame.loc[:, TABLES[table].column_names].reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = _text(frame[column].to_numpy())
    return frame


def _participants(
    ids: np.ndarray,
    institutions: pd.DataFrame,
    institution: np.ndarray,
    specialties: list[str],
    specialty: np.ndarray,
    level: np.ndarray,
    graduation: np.ndarray,
) -> pd.DataFrame:
    """The participants table, sorted by key."""
    order = np.argsort(ids, kind="stable")
    institution_ids = institutions["institution_id"].to_numpy()
    return pd.DataFrame(
        {
            "participant_id": _text(ids[order]),
            "institution_id": _coded_text(list(institution_ids), institution[order]),
            "specialty": _coded_text(specialties, specialty[order]),
            "level": _coded_text(LEVELS, level[order]),
            "graduation_year": graduation[order].astype(np.int64),
        }
    )


def _placements(ids: np.ndarray, employers: pd.DataFrame, placements: dict[str, np.ndarray]) -> pd.DataFrame:
    """The placements table, keyed in order of start date."""
    order = np.lexsort((placements["participant"], placements["start"]))
    program = placements["program"][order]
    program = np.where(program == NO_PROGRAM, -1, program)
    end = placements["end"][order]
    return pd.DataFrame(
        {
            "placement_id": _text(_ids("PL", len(order), 8)),
            "participant_id": _text(ids[placements["participant"][order]]),
            "employer_id": _coded_text(list(employers["employer_id"]), placements["employer"][order]),
            "program_id": _coded_text([p[0] for p in PROGRAMS], program),
            "start_date": _dates(placements["start"][order]),
            "end_date": _dates(end, end >= 0),
            "status": _coded_text(STATUSES, placements["status"][order]),
        }
    )


def _hire_frame(ids: np.ndarray, employers: pd.DataFrame, hires: dict[str, np.ndarray]) -> pd.DataFrame:
    """The hires table, keyed in order of hire date."""
    order = np.lexsort((hires["participant"], hires["day"]))
    exit_day = hires["exit"][order]
    return pd.DataFrame(
        {
            "hire_id": _text(_ids("H", len(order), 7)),
            "participant_id": _text(ids[hires["participant"][order]]),
            "employer_id": _coded_text(list(employers["employer_id"]), hires["employer"][order]),
            "hire_date": _dates(hires["day"][order]),
            "exit_date": _dates(exit_day, exit_day >= 0),
            "monthly_salary": hires["salary"][order].astype(float),
        }
    )


def _figures() -> pd.DataFrame:
    """The published figures the data is built to match."""
    frame = pd.DataFrame(PUBLISHED_FIGURES, columns=TABLES["published_figures"].column_names)
    for column in ("period_start", "period_end", "published_on"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["value"] = frame["value"].astype(float)
    return _frame(frame, "published_figures")


def _events() -> pd.DataFrame:
    """The real dated events of ``facts.py``."""
    frame = pd.DataFrame(EVENTS, columns=TABLES["events"].column_names)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[ns]")
    return _frame(frame, "events")


DEFAULT_PARTICIPANTS = 20000


def _remove(path: Path) -> None:
    """A file or a lake folder, if it is there."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def build(
    path: str | os.PathLike | None = None,
    participants: int | None = None,
    seed: int = 42,
    replace: bool = False,
) -> Path:
    """Generate the demo and write it to a new database file through the importer's validation.

    An existing file is kept unless ``replace``; the new file is built beside it and
    swapped in at once, so a dashboard reading the old one is never disturbed.
    """
    target = db.db_path(path)
    count = participants or DEFAULT_PARTICIPANTS
    description = f"demo data: {count} participants, seed {seed}"
    if not isinstance(target, Path):  # a catalog in PostgreSQL: imported into, never swapped
        if db.exists(target):
            raise FileExistsError(f"{target} holds a store already; the demo goes only into a new one")
        importer.import_frames(generate(count, seed), target, description=description)
        return target
    if target.exists() and not replace:
        raise FileExistsError(f"{target} exists; pass replace=True (--replace) to rebuild it")
    frames = generate(count, seed)
    fresh = target.parent / f"{target.name}.demo-{os.getpid()}{target.suffix}"
    old = target.parent / f"{target.name}.old-{os.getpid()}{target.suffix}"
    for stray in (fresh, old):
        _remove(stray)
    try:
        importer.import_frames(frames, fresh, description=description)
        if target.is_dir():  # a lake folder cannot be renamed over another: the old one goes first
            os.replace(target, old)
        os.replace(fresh, target)
    finally:
        for stray in (fresh, old, *fresh.parent.glob(fresh.name + ".*")):
            _remove(stray)
    return target
