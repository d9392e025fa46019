"""Validated import of contract files (CSV, .xlsx, or DataFrames) into the database.

Every file is first loaded into a staging table, each value typed by the
contract beside the text it was read from; validation then runs as SQL over
whole tables and reports every problem with the file, the row as a
spreadsheet shows it (the header is row 1), the column, the value and what is
wrong. Only when nothing is wrong are the rows written, in one transaction on a
private copy of the database (see ``db.writing``), so a failed or interrupted
import leaves the database exactly as it was.
"""

import csv
import datetime as dt
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from workforce import config
from workforce.store import db
from workforce.store.contract import LOAD_ORDER, TABLES, Column, Table

MAX_PROBLEMS = 100_000

TRUE_WORDS = ["true", "1", "yes", "да", "y", "д"]
FALSE_WORDS = ["false", "0", "no", "нет", "n", "н"]

# What each problem says, in English; the Data page shows them in the viewer's
# language from the catalog (data.problem.<code>) with the same fields.
MESSAGES = {
    "empty_file": "the file is empty",
    "not_text": "this is not a text (CSV) file",
    "bad_encoding": "neither UTF-8 nor Windows-1251 text (byte {byte} at {offset})",
    "bad_header": "the header row cannot be read",
    "bad_xlsx": "this is not a readable .xlsx workbook ({error})",
    "empty_sheet": "the sheet is empty",
    "formula": "a formula, not a value: paste the values only (Paste Special > Values)",
    "no_such_path": "no such file or folder",
    "too_large": "the file is larger than the {limit} MB limit",
    "no_table_sheet": "no sheet is named for a contract table (e.g. 'placements')",
    "no_table_name": "the file name does not name a contract table (e.g. placements.csv)",
    "bad_csv": "could not be read as CSV: {error}",
    "bad_zip": "this is not a readable .zip archive",
    "zip_too_large": "the unpacked files are larger than the {limit} MB limit",
    "duplicate_column": "the column appears twice (columns {first} and {second})",
    "missing_column": "a required column is missing",
    "unknown_column": "not a column of the contract; ignored",
    "field_count": "rows have {width} fields but the header has {expected}",
    "required": "a required value is missing",
    "bad_date": "not a valid date (expected 2024-04-10 or 10.04.2024)",
    "bad_bool": "not a yes/no value (expected true/false, 1/0, yes/no, да/нет)",
    "bad_int": "not a whole number",
    "bad_number": "not a number",
    "choice": "must be one of: {choices}",
    "range": "must be between {low} and {high}",
    "positive": "must be greater than 0",
    "negative": "must not be negative",
    "share": "must be a share between 0 and 1 when {other} is {when}",
    "order": "is before {other}",
    "reference": "no such {target} in {table} (neither in this import nor already stored)",
    "duplicate_key": "duplicate key: already in {first_file}, row {first_row}",
    "no_files": "no files to import",
    "busy": "the database is busy: {error}",
}

# How a staged text column becomes its contract type. {c} is a quoted contract column name.
TYPED_SQL = {
    "text": "{c}",
    "date": "coalesce(try_strptime({c}, '%Y-%m-%d'), try_strptime({c}, '%d.%m.%Y'))::date",
    "bool": (
        "case when lower({c}) in (select unnest($true_words)) then true"
        " when lower({c}) in (select unnest($false_words)) then false end"
    ),
    "int": "try_cast({c} as integer)",
    "number": (
        "try_cast(case when {c} like '%,%' and {c} not like '%.%' and {c} not like '%,%,%'"
        " then replace(regexp_replace({c}, '[ \\x{{00A0}}\\x{{202F}}]', '', 'g'), ',', '.')"
        " else regexp_replace({c}, '[ \\x{{00A0}}\\x{{202F}}]', '', 'g') end as double)"
    ),
}


def max_file_bytes() -> int:
    """The largest file an import accepts ($WORKFORCE_MAX_FILE_MB, in MB)."""
    return int(config.get("WORKFORCE_MAX_FILE_MB")) * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user would find it."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    code: str
    args: tuple[tuple[str, object], ...] = ()

    @property
    def problem(self) -> str:
        """What is wrong, in English (see MESSAGES)."""
        return MESSAGES[self.code].format(**dict(self.args))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}: {self.problem}{shown}"


Progress = Callable[[float, str], None]


class _DryRun(Exception):
    """Raised inside a write to discard it after a successful validation."""

    def __init__(self, result: "ImportResult") -> None:
        self.result = result


class ImportFailed(Exception):
    """The input has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) found; nothing was imported")


@dataclass
class TableChange:
    """What an import did to one table."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import wrote, table by table, and warnings that did not stop it."""

    tables: dict[str, TableChange] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    import_id: int | None = None


@dataclass
class Source:
    """One table's rows from one file or sheet, still as the user wrote them."""

    label: str
    table: str
    header: list[str]
    rows: pd.DataFrame | None = None
    csv_path: str | None = None
    delimiter: str = ","


def table_for_name(name: str) -> str | None:
    """The contract table a file or sheet name stands for ('placements_2024.csv' -> 'placements')."""
    stem = Path(name).name.lower()
    for suffix in (".csv", ".xlsx", ".txt"):
        stem = stem.removesuffix(suffix)
    stem = stem.strip().replace("-", "_").replace(" ", "_")
    if stem in TABLES:
        return stem
    matches = [t for t in TABLES if stem.startswith(t) or stem.endswith(t)]
    return max(matches, key=len) if matches else None


def normalise_header(name: object) -> str:
    """Header cell to contract column form: trimmed, lower case, spaces as underscores."""
    text = "" if name is None else str(name)
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_")


def decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV file in UTF-8 (with or without BOM) or Windows-1251, and which of the two it was."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251"), "cp1251"


def sniff_delimiter(header_line: str) -> str:
    """Semicolon, comma or tab: whichever splits the header line into the most fields."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d))) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def problem(
    file: str, row: int | None, column: str | None, value: object, code: str, **args: object
) -> Problem:
    """A Problem with its message fields; ``value`` is kept as text."""
    return Problem(file, row, column, None if value is None else str(value), code, tuple(args.items()))


def _problem_file(label: str, code: str, **args: object) -> Problem:
    return problem(label, None, None, None, code, **args)


def read_csv_source(path: Path, label: str, table: str, workdir: Path) -> Source:
    """A CSV file as a Source: decoded, header checked; Windows-1251 is re-encoded as UTF-8 for DuckDB."""
    data = path.read_bytes()
    if not data or data.isspace():
        raise ImportFailed([_problem_file(label, "empty_file")])
    if b"\x00" in data[:65536]:
        raise ImportFailed([_problem_file(label, "not_text")])
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as error:
        failure = _problem_file(label, "bad_encoding", byte=f"{data[error.start]:#04x}", offset=error.start)
        raise ImportFailed([failure]) from None
    end_of_line = re.search(r"\r|\n", text)
    first_line = text[: end_of_line.start() if end_of_line else len(text)].lstrip("\ufeff")
    try:
        delimiter = sniff_delimiter(first_line)
        header = [normalise_header(h) for h in next(csv.reader([first_line], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        raise ImportFailed([problem(label, 1, None, first_line[:80], "bad_header")]) from None
    if not end_of_line or not text[end_of_line.end() :].strip():
        # a header and no rows (an export of an empty table): nothing to read, but a valid file
        return Source(
            label, table, header, rows=pd.DataFrame({h: pd.Series([], dtype=object) for h in header})
        )
    if encoding == "utf-8":
        # DuckDB reads it as it is: its first line, with any BOM, is the header and is skipped
        return Source(label, table, header, csv_path=str(path), delimiter=delimiter)
    utf8 = workdir / f"{len(list(workdir.iterdir()))}.csv"
    utf8.write_text(text.lstrip("\ufeff"), encoding="utf-8")
    return Source(label, table, header, csv_path=str(utf8), delimiter=delimiter)


def read_xlsx_sources(path: Path, label: str) -> list[Source]:
    """Each sheet of a workbook named for a contract table as a Source."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        failure = _problem_file(label, "bad_xlsx", error=error.__class__.__name__)
        raise ImportFailed([failure]) from None
    sources, problems = [], []
    try:
        single = len(workbook.sheetnames) == 1
        for sheet in workbook.worksheets:
            table = table_for_name(sheet.title) or (table_for_name(label) if single else None)
            if table is None:
                continue
            where = f"{label} [{sheet.title}]"
            rows = sheet.iter_rows()
            header_cells = next(rows, None)
            if header_cells is None:
                raise ImportFailed([_problem_file(where, "empty_sheet")])
            header = [normalise_header(c.value) for c in header_cells]
            while header and not header[-1]:
                header.pop()
            body = []
            for number, cells in enumerate(rows, start=2):
                values = []
                for position, cell in enumerate(cells[: len(header)]):
                    if cell.data_type == "f":
                        problems.append(problem(where, number, header[position], cell.value, "formula"))
                    values.append(_cell_text(cell.value))
                body.append(values)
            while body and all(v is None for v in body[-1]):
                body.pop()
            frame = pd.DataFrame(body, columns=[f"column{i}" for i in range(len(header))], dtype=object)
            sources.append(Source(where, table, header, rows=frame))
    finally:
        workbook.close()
    if problems:
        raise ImportFailed(problems)
    return sources


def collect_sources(
    paths: Iterable[str | os.PathLike],
    workdir: Path,
    names: Mapping[str, str] | None = None,
    tables: Mapping[str, str] | None = None,
) -> list[Source]:
    """Sources from files and folders; a name that names no contract table is a problem."""
    names, tables = names or {}, tables or {}
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".zip")))
        elif path.exists():
            files.append(path)
        else:
            problems.append(_problem_file(str(given), "no_such_path"))
    sources: list[Source] = []
    for path in files:
        label = names.get(str(path), path.name)
        try:
            if path.stat().st_size > max_file_bytes():
                limit = max_file_bytes() // (1024 * 1024)
                raise ImportFailed([_problem_file(label, "too_large", limit=limit)])
            if path.suffix.lower() == ".zip":
                sources.extend(collect_sources(_unzip(path, label, workdir), workdir, None))
                continue
            if path.suffix.lower() == ".xlsx":
                found = read_xlsx_sources(path, label)
                if not found:
                    problems.append(_problem_file(label, "no_table_sheet"))
                sources.extend(found)
                continue
            table = tables.get(label) or table_for_name(label)
            if table not in TABLES:
                problems.append(_problem_file(label, "no_table_name"))
                continue
            sources.append(read_csv_source(path, label, table, workdir))
        except ImportFailed as failed:
            problems.extend(failed.problems)
    if problems:
        raise ImportFailed(problems)
    return sources


def signature(table: str, header: list[str]) -> str:
    """How a file's source is recognised next time: its table and the set of its headers."""
    return table + ":" + "|".join(sorted(normalise_header(h) for h in header))


def _remember(con: duckdb.DuckDBPyConnection, key: str, mapping: Mapping[str, str]) -> None:
    for header, column in mapping.items():  # the table declares no key on a lake: replace by hand
        con.execute(
            "delete from column_mappings where signature = $s and header = $h", {"s": key, "h": header}
        )
        con.execute(
            "insert into column_mappings (signature, header, column_name) values ($s, $h, $c)",
            {"s": key, "h": header, "c": column},
        )


def suggest_columns(
    table: str, header: list[str], database: str | os.PathLike | None = None
) -> dict[str, str]:
    """For each header as written, the contract column it most likely is ('' = ignore).

    A mapping chosen by hand for the same source before wins; then the header
    itself when it is a contract column; then well-known Russian headers.
    """
    from workforce.store.contract import SYNONYMS

    remembered: dict[str, str] = {}
    try:
        frame = db.run("column_mappings", {"signature": signature(table, header)}, database)
        remembered = dict(zip(frame["header"], frame["column_name"]))
    except (db.DatabaseMissing, duckdb.Error):
        pass
    names = TABLES[table].column_names
    suggested = {}
    for raw in header:
        h = normalise_header(raw)
        if h in remembered:
            suggested[h] = remembered[h]
        elif h in names:
            suggested[h] = h
        elif SYNONYMS.get(h) in names or SYNONYMS.get(h) == "":
            suggested[h] = SYNONYMS[h]
        else:
            suggested[h] = ""
    return suggested


@dataclass
class Preview:
    """What the Data page shows of an uploaded file before importing: its table, headers, first rows."""

    label: str
    table: str | None
    header: list[str]
    sample: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def preview(path: str | os.PathLike, label: str, rows: int = 5) -> list[Preview]:
    """Table, header and first rows of each table in a CSV or .xlsx file, or why it cannot be read."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="workforce-preview-") as workdir:
        try:
            if path.suffix.lower() == ".xlsx":
                sources = read_xlsx_sources(path, label)
            else:
                if path.stat().st_size > max_file_bytes():
                    limit = max_file_bytes() // (1024 * 1024)
                    raise ImportFailed([_problem_file(label, "too_large", limit=limit)])
                sources = [read_csv_source(path, label, table_for_name(label) or "", Path(workdir))]
        except ImportFailed as failed:
            return [Preview(label, None, [], pd.DataFrame(), failed.problems)]
        shown = []
        for source in sources:
            if source.rows is not None:
                sample = source.rows.head(rows).copy()
            else:
                try:
                    sample = _csv_head(source, rows)
                except duckdb.Error as error:
                    problem = _problem_file(label, "bad_csv", error=str(error).splitlines()[0])
                    return [Preview(label, None, source.header, pd.DataFrame(), [problem])]
            sample = sample.iloc[:, : len(source.header)]
            sample.columns = [h or f"({i + 1})" for i, h in enumerate(source.header)][: sample.shape[1]]
            shown.append(Preview(source.label, source.table or None, source.header, sample))
    return shown


def _csv_head(source: Source, rows: int) -> pd.DataFrame:
    with duckdb.connect() as con:
        return con.execute(
            "select * from read_csv($path, delim = $delim, header = false, skip = 1,"
            " all_varchar = true, quote = '\"', escape = '\"', null_padding = true) limit $n",
            {"path": source.csv_path, "delim": source.delimiter, "n": rows},
        ).df()


def _unzip(path: Path, label: str, workdir: Path) -> list[Path]:
    """The CSV and .xlsx members of a zip archive, extracted under names of our own."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportFailed([_problem_file(label, "bad_zip")]) from None
    with archive:
        members = [m for m in archive.infolist() if Path(m.filename).suffix.lower() in (".csv", ".xlsx")]
        if sum(m.file_size for m in members) > max_file_bytes():
            limit = max_file_bytes() // (1024 * 1024)
            raise ImportFailed([_problem_file(label, "zip_too_large", limit=limit)])
        folder = workdir / f"zip-{len(list(workdir.iterdir()))}"
        folder.mkdir()
        extracted = []
        for member in members:
            # Keep only the base name: a member called ../../x.csv stays inside our folder.
            target = folder / Path(member.filename).name
            target.write_bytes(archive.read(member))
            extracted.append(target)
    return extracted


def frame_sources(frames: Mapping[str, pd.DataFrame]) -> list[Source]:
    """Typed DataFrames (e.g. the demo generator's) as Sources, keyed by table name."""
    sources = []
    for table, frame in frames.items():
        header = [normalise_header(c) for c in frame.columns]
        renamed = frame.set_axis([f"column{i}" for i in range(len(header))], axis=1)
        sources.append(Source(f"{table} (generated)", table, header, rows=renamed))
    return sources


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_header(source: Source, table: Table) -> tuple[list[Problem], list[Problem]]:
    problems, warnings = [], []
    seen: dict[str, int] = {}
    for position, name in enumerate(source.header):
        if name in seen and name:
            problems.append(
                problem(
                    source.label, 1, name, name, "duplicate_column", first=seen[name] + 1, second=position + 1
                )
            )
        seen.setdefault(name, position)
    for column in table.columns:
        if column.required and column.name not in seen:
            problems.append(problem(source.label, 1, column.name, None, "missing_column"))
    for name in seen:
        if name and name not in table.column_names:
            warnings.append(problem(source.label, 1, name, None, "unknown_column"))
    return problems, warnings


def _stage(con: duckdb.DuckDBPyConnection, source: Source, index: int, table: Table) -> str:
    """Load a source into a temp table of its typed values; raw_<index> views it with _source and _row.

    The table has, per contract column, the value typed by the contract and,
    where the two can differ, the trimmed text it was read from (see _raw). It
    is made in one pass over the file; rows keep the file's order, so a row's
    place in the file follows from its rowid.
    """
    raw = f"raw_{index}"
    params: dict[str, object] = {}
    if source.csv_path is not None:
        reader = (
            "read_csv($path, delim = $delim, header = false, skip = 1, all_varchar = true, quote = '\"',"
            " escape = '\"', auto_detect = true, strict_mode = true, null_padding = false)"
        )
        params = {"path": source.csv_path, "delim": source.delimiter}
        try:
            actual = [d[0] for d in con.execute(f"select * from {reader} limit 0", params).description]
        except duckdb.Error as error:
            message = str(error).split("\n")[0]
            raise ImportFailed([_problem_file(source.label, "bad_csv", error=message)]) from None
        if len(actual) != len(source.header):
            failure = _problem_file(
                source.label, "field_count", width=len(actual), expected=len(source.header)
            )
            raise ImportFailed([failure])
    else:
        con.register(f"{raw}_frame", source.rows)
        types = {d[0]: str(d[1]) for d in con.execute(f"select * from {raw}_frame limit 0").description}
        casts = ", ".join(
            f"{_quote(c)}{'::date' if types[c].startswith('TIMESTAMP') else ''}::varchar as {_quote(c)}"
            for c in source.rows.columns
        )
        reader = f"(select {casts} from {raw}_frame)"
        actual = list(source.rows.columns)
    positions = {name: i for i, name in reversed(list(enumerate(source.header)))}
    selected = []
    for column in table.columns:
        if column.name in positions:
            inner = _quote(actual[positions[column.name]])
            # trim() copies every string; most have no space at either end to remove
            trimmed = f"case when {inner} like ' %' or {inner} like '% ' then trim({inner}) else {inner} end"
            selected.append(f"nullif({trimmed}, '') as {_quote(column.name)}")
        else:
            selected.append(f"null::varchar as {_quote(column.name)}")
    if any(c.type == "bool" for c in table.columns):
        params |= {"true_words": TRUE_WORDS, "false_words": FALSE_WORDS}
    try:
        con.execute(
            f"create temp table {raw}_in as select {_typed_select(table)}"
            f" from (select {', '.join(selected)} from {reader})",
            params,
        )
    except duckdb.Error as error:
        message = str(error).split("\n")[0]
        raise ImportFailed([_problem_file(source.label, "bad_csv", error=message)]) from None
    finally:
        if source.csv_path is None:
            con.unregister(f"{raw}_frame")
    offset = con.execute(f"select coalesce(min(rowid), 0) from {raw}_in").fetchone()[0]
    con.execute(
        f"create temp view {raw} as select {int(index)} as _source, rowid - {int(offset)} + 2 as _row, *"
        f" from {raw}_in"
    )
    return raw


def _kept_as_text(column: Column) -> bool:
    """Whether a column's typed value can differ from its staged text (then both are kept)."""
    return column.type != "text" or bool(column.choices) or column.default is not None


def _raw(column: Column) -> str:
    """The staged text of a column in new_<table>: kept beside its typed value, or that value itself."""
    return _quote(("s_" if _kept_as_text(column) else "") + column.name)


def _typed_select(table: Table) -> str:
    parts = [f"{_quote(c.name)} as {_raw(c)}" for c in table.columns if _kept_as_text(c)]
    for column in table.columns:
        c = _quote(column.name)
        expression = TYPED_SQL[column.type].format(c=c)
        if column.choices:
            expression = f"lower({c})"
        if column.default is not None:
            default = "false" if column.type == "bool" else "'exact'"
            expression = f"coalesce({expression}, {default})"
        parts.append(f"{expression} as {c}")
    return ", ".join(parts)


def _validate(con: duckdb.DuckDBPyConnection, table: Table, labels: list[str]) -> list[Problem]:
    """Every problem in new_<table>, found by SQL over the whole table.

    One scan counts every kind of problem at once; only the kinds that occur are
    then listed row by row. ``labels`` names the files by their _source number.
    """
    typed = f"new_{table.name}"
    params: dict[str, object] = {"true_words": TRUE_WORDS, "false_words": FALSE_WORDS}
    # (column, condition over the staged text "s_<column>" and the typed "<column>", problem code, fields)
    checks: list[tuple[Column, str, str, dict]] = []
    for column in table.columns:
        raw, value, name = _raw(column), _quote(column.name), column.name
        if column.required:
            checks.append((column, f"{raw} is null", "required", {}))
        if column.type != "text":
            # the typed value is null exactly when the text does not parse, unless a default filled it
            parsed = value if column.default is None else TYPED_SQL[column.type].format(c=raw)
            checks.append((column, f"{raw} is not null and ({parsed}) is null", f"bad_{column.type}", {}))
        if column.choices:
            params[f"choices_{name}"] = list(column.choices)
            condition = f"{raw} is not null and lower({raw}) not in (select unnest($choices_{name}))"
            checks.append((column, condition, "choice", {"choices": ", ".join(column.choices)}))
        if column.minimum is not None:
            params[f"low_{name}"], params[f"high_{name}"] = column.minimum, column.maximum
            condition = f"{value} is not null and ({value} < $low_{name} or {value} > $high_{name})"
            fields = {"low": f"{column.minimum:g}", "high": f"{column.maximum:g}"}
            checks.append((column, condition, "range", fields))
        if column.positive:
            checks.append((column, f"{value} is not null and {value} <= 0", "positive", {}))
        if column.non_negative:
            checks.append((column, f"{value} is not null and {value} < 0", "negative", {}))
        if column.share_when:
            other, when = column.share_when
            params[f"share_{name}"] = when
            condition = (
                f"{value} is not null and lower({_raw(table.column(other))}) = $share_{name} and {value} > 1"
            )
            checks.append((column, condition, "share", {"other": other, "when": when}))
        if column.not_before:
            other = _quote(column.not_before)
            condition = f"{value} is not null and {other} is not null and {value} < {other}"
            checks.append((column, condition, "order", {"other": column.not_before}))
        if column.references:
            parent = TABLES[column.references]
            key = _quote(parent.key)
            condition = (
                f"{raw} is not null and {raw} not in (select {key} from {parent.name})"
                f" and {raw} not in (select {key} from new_{parent.name} where {key} is not null)"
            )
            checks.append((column, condition, "reference", {"target": parent.key, "table": parent.name}))
    key = _quote(table.key)
    *counts, repeated = con.execute(  # and how many keys are there more than once
        "select "
        + ", ".join(f"count(*) filter (where {c[1]})" for c in checks)
        + f", count({key}) - count(distinct {key}) from {typed}",
        {k: v for k, v in params.items() if f"${k}" in " ".join(c[1] for c in checks)},
    ).fetchone()
    problems = []
    for (column, condition, code, fields), found in zip(checks, counts, strict=True):
        if not found:
            continue
        used = {k: v for k, v in params.items() if f"${k}" in condition}
        rows = con.execute(
            f"select _source, _row, {_raw(column)} from {typed}"
            f" where {condition} order by _source, _row limit {MAX_PROBLEMS}",
            used,
        ).fetchall()
        problems.extend(problem(labels[f], r, column.name, v, code, **fields) for f, r, v in rows)
    if not repeated:
        return problems
    duplicates = con.execute(
        f"select _source, _row, {key}, first_source, first_row from ("
        f" select _source, _row, {key},"
        f" first_value(_source) over w as first_source, first_value(_row) over w as first_row,"
        f" row_number() over w as n"
        f" from {typed} where {key} is not null"
        f" window w as (partition by {key} order by _source, _row))"
        f" where n > 1 order by _source, _row limit {MAX_PROBLEMS}"
    ).fetchall()
    problems.extend(
        problem(labels[f], r, table.key, v, "duplicate_key", first_file=labels[ff], first_row=fr)
        for f, r, v, ff, fr in duplicates
    )
    return problems


def _merge(con: duckdb.DuckDBPyConnection, table: Table, import_id: int) -> TableChange:
    """Insert new rows and replace changed ones by key, keeping what was replaced for rollback."""
    key = _quote(table.key)
    total = con.execute(f"select count(*) from new_{table.name}").fetchone()[0]
    columns = ", ".join(f"n.{_quote(c)}" for c in table.column_names)
    if con.execute(f"select count(*) from {table.name}").fetchone()[0]:
        differs = " or ".join(f"n.{_quote(c)} is distinct from o.{_quote(c)}" for c in table.column_names)
        con.execute(
            f"create temp table changed_{table.name} as select {columns}, o.{key} is null as _added"
            f" from new_{table.name} as n left join {table.name} as o on o.{key} = n.{key}"
            f" where o.{key} is null or ({differs})"
        )
    else:  # an empty table: every row is new, with nothing to compare it with
        con.execute(
            f"create temp view changed_{table.name} as select {columns}, true as _added"
            f" from new_{table.name} as n"
        )
    added, changed = con.execute(
        f"select count(*) filter (where _added), count(*) filter (where not _added) from changed_{table.name}"
    ).fetchone()
    con.execute(
        f"insert into replaced_{table.name} select $id, o.* from {table.name} as o"
        f" join changed_{table.name} as n on n.{key} = o.{key} where not n._added",
        {"id": import_id},
    )
    con.execute(
        f"insert into import_added select $id, $table, {key} from changed_{table.name} where _added",
        {"id": import_id, "table": table.name},
    )
    if changed:  # a changed row replaces the stored one by key (the tables declare no key: see 005)
        con.execute(
            f"delete from {table.name} where {key} in"
            f" (select {key} from changed_{table.name} where not _added)"
        )
    con.execute(f"insert into {table.name} by name select * exclude (_added) from changed_{table.name}")
    return TableChange(added=added, changed=changed, unchanged=total - added - changed)


def load_sources(
    con: duckdb.DuckDBPyConnection,
    sources: list[Source],
    files: list[dict] | None = None,
    user: str | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Stage, validate and merge sources in an open write transaction; ImportFailed on any problem.

    ``columns`` maps a source's label to {header as written: contract column, or "" to ignore it}.
    """
    step = progress or (lambda fraction, stage: None)
    problems: list[Problem] = []
    result = ImportResult(files=sorted({s.label for s in sources}))
    staged: dict[str, list[str]] = {}
    for index, source in enumerate(sources):
        step(0.1 + 0.3 * index / len(sources), "reading")
        mapping = {normalise_header(k): v for k, v in (columns or {}).get(source.label, {}).items()}
        if mapping:
            _remember(con, signature(source.table, source.header), mapping)
        # a copy: a write that loses to a concurrent one runs again from the sources as given
        source = replace(source, header=[mapping.get(h, h) for h in source.header])
        table = TABLES[source.table]
        header_problems, warnings = _check_header(source, table)
        result.warnings.extend(warnings)
        if header_problems:
            problems.extend(header_problems)
            continue
        try:
            staged.setdefault(table.name, []).append(_stage(con, source, index, table))
        except ImportFailed as failed:
            problems.extend(failed.problems)
    if problems:
        raise ImportFailed(problems)
    for name in LOAD_ORDER:  # new_<table>: every staged source of the table, or none
        table = TABLES[name]
        parts = staged.get(name, [])
        if parts:
            con.execute(
                f"create temp view new_{name} as " + " union all ".join(f"select * from {r}" for r in parts)
            )
            continue
        empty = ", ".join(f"null::varchar as {_quote(c)}" for c in table.column_names)
        con.execute(
            f"create temp table new_{name} as select null::integer as _source, null::bigint as _row,"
            f" {_typed_select(table)} from (select {empty}) where false",
            {"true_words": TRUE_WORDS, "false_words": FALSE_WORDS}
            if any(c.type == "bool" for c in table.columns)
            else {},
        )
    step(0.45, "validating")
    for name in LOAD_ORDER:
        if staged.get(name):
            problems.extend(_validate(con, TABLES[name], [s.label for s in sources]))
    if problems:
        # By file and row, as a person works through them; within a row, in column order.
        problems.sort(key=lambda p: (p.file, p.row or 0))
        raise ImportFailed(problems)
    # numbered here, not by a sequence: a lake has none, and its writes are serialised at commit
    import_id = con.execute("select coalesce(max(import_id), 0) + 1 from imports").fetchone()[0]
    con.execute(
        "insert into imports (import_id, imported_at, imported_by, files, summary)"
        " values ($id, current_timestamp, $user, $files, '{}')",
        {
            "id": import_id,
            "user": user,
            "files": json.dumps(files or [{"name": f} for f in result.files], ensure_ascii=False),
        },
    )
    db.describe_write(con, user, f"import {import_id}: " + ", ".join(result.files))
    step(0.7, "writing")
    for name in LOAD_ORDER:
        if staged.get(name):
            result.tables[name] = _merge(con, TABLES[name], import_id)
    db.mark_changed(con, [name for name, change in result.tables.items() if change.added or change.changed])
    summary = {name: vars(change) for name, change in result.tables.items()}
    con.execute(
        "update imports set summary = $summary where import_id = $id",
        {"summary": json.dumps(summary), "id": import_id},
    )
    result.import_id = import_id
    return result


def import_files(
    paths: Iterable[str | os.PathLike],
    database: str | os.PathLike | None = None,
    user: str | None = None,
    names: Mapping[str, str] | None = None,
    tables: Mapping[str, str] | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import CSV/.xlsx/.zip files or folders into the database in one transaction, or change nothing.

    ``names`` maps a path to the name to report it by (uploads are stored under
    names of our own); ``tables`` maps such a name to its table when the name
    does not say; ``columns`` maps it to a header mapping (see ``load_sources``).
    With ``dry_run`` everything is checked and counted, and nothing is written.
    """
    paths = list(paths)
    names = {str(k): v for k, v in (names or {}).items()}
    step = progress or (lambda fraction, stage: None)
    with tempfile.TemporaryDirectory(prefix="workforce-import-") as workdir:
        step(0.0, "reading")
        sources = collect_sources(paths, Path(workdir), names, tables)
        if not sources:
            raise ImportFailed([_problem_file("(input)", "no_files")])
        files = [{"name": label, "sha256": digest} for label, digest in _checksums(paths, names)]

        def work(con: duckdb.DuckDBPyConnection) -> ImportResult:
            result = load_sources(con, sources, files, user, columns, progress)
            if dry_run:
                raise _DryRun(result)
            return result

        try:
            result = db.write(work, database)
        except _DryRun as checked:
            checked.result.import_id = None
            return checked.result
    step(1.0, "done")
    return result


def _checksums(paths: Iterable[str | os.PathLike], names: Mapping[str, str]) -> list[tuple[str, str]]:
    found = []
    for given in paths:
        path = Path(given)
        for file in sorted(path.iterdir()) if path.is_dir() else [path]:
            if file.is_file() and file.suffix.lower() in (".csv", ".xlsx", ".txt"):
                found.append((names.get(str(file), file.name), db.file_checksum(file)))
    return found


def import_frames(
    frames: Mapping[str, pd.DataFrame],
    database: str | os.PathLike | None = None,
    user: str | None = None,
    description: str = "generated data",
) -> ImportResult:
    """Import typed DataFrames keyed by table name, with the same validation as files."""
    sources = frame_sources(frames)
    return db.write(lambda con: load_sources(con, sources, [{"name": description}], user), database)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table (file, row, column, value, problem) for display and download."""
    return pd.DataFrame(
        [(p.file, p.row, p.column, p.value, p.problem) for p in problems],
        columns=["file", "row", "column", "value", "problem"],
    )


def format_problems(problems: list[Problem], limit: int = 200) -> str:
    """Problems as lines of text, at most ``limit`` of them plus a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)
