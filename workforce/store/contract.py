"""The data contract (../shared/CONTRACT.md) as data: tables, columns and their rules.

The importer's validation and the exporters read these definitions; the
database schema in ``schema/001_initial.sql`` states the same rules as SQL.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One contract column: its type ('text', 'date', 'bool', 'int', 'number') and rules."""

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    references: str | None = None
    not_before: str | None = None
    default: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    non_negative: bool = False
    share_when: tuple[str, str] | None = None
    """(column, value): when that column holds that value, this number is a share, in 0..1."""


@dataclass(frozen=True)
class Table:
    """One contract table: its key column first, then the others in contract order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        """The key column's name (always the first column)."""
        return self.columns[0].name

    @property
    def column_names(self) -> list[str]:
        """Column names in contract order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


def _key(name: str) -> Column:
    return Column(name, required=True)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "institutions",
            (
                _key("institution_id"),
                Column("name", required=True),
                Column(
                    "kind",
                    required=True,
                    choices=("university", "college", "technical_school"),
                ),
                Column("district"),
            ),
        ),
        Table(
            "employers",
            (
                _key("employer_id"),
                Column("name", required=True),
                Column("sector", required=True),
                Column("district"),
                Column("zone"),
            ),
        ),
        Table(
            "programs",
            (
                _key("program_id"),
                Column("name", required=True),
                Column("operator"),
                Column(
                    "kind",
                    required=True,
                    choices=(
                        "internship",
                        "practice",
                        "targeted_training",
                        "scholarship",
                    ),
                ),
            ),
        ),
        Table(
            "agreements",
            (
                _key("agreement_id"),
                Column("employer_id", required=True, references="employers"),
                Column("institution_id", required=True, references="institutions"),
                Column("signed_on", "date", required=True),
                Column("field"),
                Column("scholarships", "bool", default="false"),
                Column("guaranteed_practice", "bool", default="false"),
                Column("guaranteed_employment", "bool", default="false"),
            ),
        ),
        Table(
            "participants",
            (
                _key("participant_id"),
                Column("institution_id", required=True, references="institutions"),
                Column("specialty"),
                Column(
                    "level",
                    required=True,
                    choices=("vocational", "bachelor", "specialist", "master"),
                ),
                Column("graduation_year", "int", required=True, minimum=1990, maximum=2100),
            ),
        ),
        Table(
            "placements",
            (
                _key("placement_id"),
                Column("participant_id", required=True, references="participants"),
                Column("employer_id", required=True, references="employers"),
                Column("program_id", references="programs"),
                Column("start_date", "date", required=True),
                Column("end_date", "date", not_before="start_date"),
                Column("status", required=True, choices=("ongoing", "completed", "dropped")),
            ),
        ),
        Table(
            "hires",
            (
                _key("hire_id"),
                Column("participant_id", required=True, references="participants"),
                Column("employer_id", required=True, references="employers"),
                Column("hire_date", "date", required=True),
                Column("exit_date", "date", not_before="hire_date"),
                Column("monthly_salary", "number", positive=True),
            ),
        ),
        Table(
            "published_figures",
            (
                _key("figure_id"),
                Column("program_id", references="programs"),
                Column("employer_id", references="employers"),
                Column("institution_id", references="institutions"),
                Column(
                    "metric",
                    required=True,
                    choices=("participants", "employers", "agreements", "hires"),
                ),
                Column("period_start", "date", required=True),
                Column("period_end", "date", required=True),
                Column("value", "number", required=True),
                Column(
                    "qualifier",
                    choices=("exact", "about", "more_than", "at_least"),
                    default="exact",
                ),
                Column("source", required=True),
                Column("url"),
                Column("published_on", "date"),
            ),
        ),
        Table(
            "targets",
            (
                _key("target_id"),
                Column("program_id", references="programs"),
                Column("institution_id", references="institutions"),
                Column("employer_id", references="employers"),
                Column(
                    "metric",
                    required=True,
                    choices=("participants", "employers", "hires", "intern_hire_rate"),
                ),
                Column("year", "int", required=True, minimum=1990, maximum=2100),
                Column(
                    "value",
                    "number",
                    required=True,
                    non_negative=True,
                    share_when=("metric", "intern_hire_rate"),
                ),
                Column("source"),
            ),
        ),
        Table(
            "events",
            (
                _key("event_id"),
                Column("event_date", "date", required=True),
                Column("title", required=True),
                Column("program_id", references="programs"),
                Column("institution_id", references="institutions"),
                Column("employer_id", references="employers"),
                Column("url"),
            ),
        ),
    )
}
OPTIONAL_TABLES = ("targets", "events")
"""Tables a store may leave empty (CONTRACT.md, "Targets and events")."""

# Tables in an order where every table comes after the tables it refers to.
LOAD_ORDER: tuple[str, ...] = (
    "institutions",
    "employers",
    "programs",
    "agreements",
    "participants",
    "placements",
    "hires",
    "published_figures",
    "targets",
    "events",
)

# Headers that real files use for contract columns, as the importer suggests them
# on the Data page (lower case, spaces as underscores, like normalised headers).
SYNONYMS: dict[str, str] = {
    "код_учреждения": "institution_id",
    "код_оу": "institution_id",
    "учебное_заведение": "institution_id",
    "наименование": "name",
    "название": "name",
    "тип": "kind",
    "вид": "kind",
    "район": "district",
    "код_работодателя": "employer_id",
    "работодатель": "employer_id",
    "предприятие": "employer_id",
    "отрасль": "sector",
    "зона": "zone",
    "код_программы": "program_id",
    "программа": "program_id",
    "оператор": "operator",
    "номер_соглашения": "agreement_id",
    "дата_подписания": "signed_on",
    "направление": "field",
    "стипендии": "scholarships",
    "гарантия_практики": "guaranteed_practice",
    "гарантия_трудоустройства": "guaranteed_employment",
    "код_участника": "participant_id",
    "код_студента": "participant_id",
    "специальность": "specialty",
    "уровень": "level",
    "уровень_образования": "level",
    "год_выпуска": "graduation_year",
    "код_практики": "placement_id",
    "дата_начала": "start_date",
    "дата_окончания": "end_date",
    "статус": "status",
    "код_найма": "hire_id",
    "дата_найма": "hire_date",
    "дата_приёма": "hire_date",
    "дата_приема": "hire_date",
    "дата_увольнения": "exit_date",
    "зарплата": "monthly_salary",
    "оклад": "monthly_salary",
    "код_цели": "target_id",
    "показатель": "metric",
    "год": "year",
    "значение": "value",
    "цель": "value",
    "источник": "source",
    "код_события": "event_id",
    "дата_события": "event_date",
    "событие": "title",
    "заголовок": "title",
    "ссылка": "url",
    "инн": "",
    "огрн": "",
    "кпп": "",
}
