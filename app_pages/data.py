"""Data: upload with a validation report and column mapping, import history with rollback, quality, export."""

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from workforce import disclosure, i18n, ui
from workforce.pagedata import data as page_data
from workforce.store import export, history, importer
from workforce.store.contract import LOAD_ORDER, TABLES

UPLOAD_TYPES = ("csv", "xlsx", "zip")
IGNORE = ""

lang = ui.current_language()
reader = ui.viewer()
if reader is None or not reader.manages_data:  # a deep link must not reach it either
    st.error(i18n.t("common.auth.no_access", lang))
    st.stop()
ui.header("data.title", lang, "data.caption")


KNOWLEDGE = ("knowledge_rate", *disclosure.interval_columns("knowledge_rate"))


def problem_text(p: importer.Problem) -> str:
    """A problem in the viewer's language, with its fields filled in."""
    return i18n.t(f"data.problem.{p.code}", lang, **dict(p.args))


def problems_table(problems: list[importer.Problem]) -> pd.DataFrame:
    """Problems as rows of file, row, column, value and what is wrong, in the viewer's language."""
    return pd.DataFrame(
        {
            "file": [p.file for p in problems],
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": [p.column or "" for p in problems],
            "value": [p.value or "" for p in problems],
            "problem": [problem_text(p) for p in problems],
        }
    )


def saved_uploads(files: list) -> tuple[list[Path], dict[str, str]]:
    """Uploaded files written under names of our own (never the user's), and the user's names for them."""
    folder = Path(st.session_state.setdefault("upload_dir", tempfile.mkdtemp(prefix="workforce-upload-")))
    paths, names = [], {}
    for index, file in enumerate(files):
        suffix = Path(file.name).suffix.lower().lstrip(".")
        if suffix not in UPLOAD_TYPES:
            continue
        path = folder / f"upload-{index}.{suffix}"
        path.write_bytes(file.getvalue())
        paths.append(path)
        names[str(path)] = Path(file.name).name
    return paths, names


def show_problems(problems: list[importer.Problem], key: str) -> None:
    """The problems as a table that can be filtered, sorted and downloaded."""
    frame = problems_table(problems)
    st.error(i18n.t("data.upload.problems", lang, count=i18n.integer(len(frame), lang)))
    left, right = st.columns(2)
    chosen_files = left.multiselect(
        i18n.t("data.upload.filter_file", lang), sorted(frame["file"].unique()), key=f"{key}_files"
    )
    chosen_columns = right.multiselect(
        i18n.t("data.upload.filter_column", lang), sorted(frame["column"].unique()), key=f"{key}_columns"
    )
    if chosen_files:
        frame = frame[frame["file"].isin(chosen_files)]
    if chosen_columns:
        frame = frame[frame["column"].isin(chosen_columns)]
    ui.table(frame, "import_problems", lang, key=key, formats={"row": "count", "value": "text"})


def show_changes(result: importer.ImportResult, key: str) -> None:
    """Rows added, changed and unchanged per table."""
    frame = pd.DataFrame(
        [
            {"table": i18n.t(f"data.table.{name}", lang), **vars(change)}
            for name, change in result.tables.items()
        ]
    )
    ui.table(frame, "import_changes", lang, key=key)
    for warning in result.warnings:
        st.warning(f"{warning.file}: «{warning.column}» — {problem_text(warning)}")


def upload_tab() -> None:
    """Drop files, check what they are, map columns, validate, then commit in one action."""
    limit = importer.max_file_bytes() // (1024 * 1024)
    files = st.file_uploader(
        i18n.t("data.upload.label", lang),
        type=list(UPLOAD_TYPES),
        accept_multiple_files=True,
        key="data_upload",
        help=i18n.t("data.upload.help", lang, limit=limit),
    )
    if not files:
        st.info(i18n.t("data.upload.hint", lang, limit=limit), icon=":material/upload_file:")
        return
    too_large = [f.name for f in files if f.size > importer.max_file_bytes()]
    if too_large:
        st.error(i18n.t("data.upload.too_large", lang, names=", ".join(too_large), limit=limit))
        return
    paths, names = saved_uploads(files)
    tables: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    choices = list(LOAD_ORDER)
    for file_index, path in enumerate(paths):
        if path.suffix == ".zip":
            st.caption(i18n.t("data.upload.zip", lang, name=names[str(path)]))
            continue
        for sheet_index, found in enumerate(importer.preview(path, names[str(path)])):
            key = f"map_{file_index}_{sheet_index}"
            with st.expander(found.label, expanded=True):
                if found.problems:
                    for p in found.problems:
                        st.error(problem_text(p))
                    continue
                table = st.selectbox(
                    i18n.t("data.upload.table", lang),
                    choices,
                    index=choices.index(found.table) if found.table in choices else None,
                    format_func=lambda name: i18n.t(f"data.table.{name}", lang),
                    key=f"{key}_table",
                    disabled=path.suffix == ".xlsx",
                    placeholder=i18n.t("data.upload.table_unknown", lang),
                )
                st.dataframe(found.sample, hide_index=True, width="stretch", key=f"{key}_sample")
                if table is None:
                    st.warning(i18n.t("data.upload.choose_table", lang))
                    continue
                tables[found.label] = table
                suggested = importer.suggest_columns(table, found.header)
                targets = [IGNORE, *TABLES[table].column_names]
                mapping = {}
                grid = st.columns(4)
                for position, header in enumerate(found.header):
                    if not header:
                        continue
                    mapping[header] = grid[position % 4].selectbox(
                        header,
                        targets,
                        index=targets.index(suggested.get(header, IGNORE)),
                        format_func=lambda c: i18n.t("data.upload.ignore", lang) if c == IGNORE else c,
                        key=f"{key}_{position}",
                    )
                missing = [
                    c.name for c in TABLES[table].columns if c.required and c.name not in mapping.values()
                ]
                if missing:
                    st.warning(i18n.t("data.upload.missing", lang, columns=", ".join(missing)))
                if any(mapping[h] != h for h in mapping):
                    columns[found.label] = mapping
    fingerprint = hashlib.sha256(
        repr((sorted(names.values()), [p.stat().st_size for p in paths], tables, columns)).encode()
    ).hexdigest()
    options = {"names": names, "tables": tables, "columns": columns}
    check, commit = st.columns(2)
    if check.button(i18n.t("data.upload.check", lang), key="data_check", icon=":material/rule:"):
        st.session_state["data_checked"] = (fingerprint, run_import(paths, options, dry_run=True))
    checked = st.session_state.get("data_checked")
    ready = (
        checked is not None and checked[0] == fingerprint and isinstance(checked[1], importer.ImportResult)
    )
    committing = bool(st.session_state.get("data_commit"))
    if checked is not None and checked[0] == fingerprint and not committing:
        outcome = checked[1]
        if isinstance(outcome, importer.ImportFailed):
            show_problems(outcome.problems, "check_problems")
        else:
            st.success(i18n.t("data.upload.valid", lang))
            show_changes(outcome, "check_changes")
    if commit.button(
        i18n.t("data.upload.commit", lang),
        key="data_commit",
        type="primary",
        disabled=not ready,
        icon=":material/cloud_upload:",
        help=None if ready else i18n.t("data.upload.check_first", lang),
    ):
        outcome = run_import(paths, options, dry_run=False)
        st.session_state.pop("data_checked", None)
        if isinstance(outcome, importer.ImportFailed):
            show_problems(outcome.problems, "commit_problems")
        else:
            page_data.forget_cached()
            st.cache_data.clear()
            st.success(i18n.t("data.upload.done", lang, id=outcome.import_id))
            show_changes(outcome, "commit_changes")


def run_import(
    paths: list[Path], options: dict, dry_run: bool
) -> importer.ImportResult | importer.ImportFailed:
    """Run (or check) an import with a progress bar; the outcome, or the problems found."""
    bar = st.progress(0.0, text=i18n.t("data.progress.reading", lang))

    def progress(fraction: float, stage: str) -> None:
        bar.progress(min(fraction, 1.0), text=i18n.t(f"data.progress.{stage}", lang))

    try:
        result = importer.import_files(paths, user="dashboard", dry_run=dry_run, progress=progress, **options)
    except importer.ImportFailed as failed:
        result = failed
    except RuntimeError as error:  # another import is writing
        result = importer.ImportFailed(
            [importer.problem("(database)", None, None, None, "busy", error=error)]
        )
    bar.empty()
    return result


def history_tab() -> None:
    """Every import, and rolling one back."""
    log = history.imports()
    if log.empty:
        st.info(i18n.t("data.history.none", lang))
        return
    rows = pd.DataFrame(
        {
            "import_id": log["import_id"],
            "imported_at": log["imported_at"].dt.strftime("%Y-%m-%d %H:%M"),
            "imported_by": log["imported_by"].fillna(""),
            "files": log["files"].map(
                lambda fs: ", ".join(f"{f['name']} ({f.get('sha256', '')[:10]})" for f in fs)
            ),
            "added": log["summary"].map(lambda s: sum(c["added"] for c in s.values())),
            "changed": log["summary"].map(lambda s: sum(c["changed"] for c in s.values())),
            "rolled_back_at": log["rolled_back_at"].dt.strftime("%Y-%m-%d %H:%M").fillna(""),
        }
    )
    ui.table(rows, "import_history", lang, key="import_history", formats={"import_id": "text"})
    open_ids = [int(i) for i, gone in zip(log["import_id"], log["rolled_back_at"].notna()) if not gone]
    if not open_ids:
        return
    chosen = st.selectbox(i18n.t("data.history.choose", lang), open_ids, key="rollback_id")
    sure = st.checkbox(i18n.t("data.history.confirm", lang, id=chosen), key="rollback_confirm")
    if st.button(i18n.t("data.history.rollback", lang), key="rollback_button", disabled=not sure):
        try:
            done = history.rollback(chosen, user="dashboard")
        except (history.RollbackRefused, RuntimeError) as error:
            st.error(i18n.t("data.history.refused", lang, reason=error))
        else:
            st.cache_data.clear()
            st.success(i18n.t("data.history.done", lang, id=chosen))
            summary = pd.DataFrame([{"table": i18n.t(f"data.table.{t}", lang), **c} for t, c in done.items()])
            ui.table(summary, "rollback_summary", lang, key="rollback_summary")


def quality_tab() -> None:
    """Row counts, completeness, broken references, date problems, knowledge rate, inactive records."""
    completeness = page_data.completeness()
    counts = completeness.groupby("table_name", sort=False)["total_rows"].first()
    cells = st.columns(4)
    for index, name in enumerate(LOAD_ORDER):
        cells[index % 4].metric(i18n.t(f"data.table.{name}", lang), i18n.integer(counts.get(name, 0), lang))
    st.subheader(i18n.t("data.quality.completeness", lang))
    incomplete = completeness[completeness["completeness"].fillna(1.0) < 1.0]
    if incomplete.empty:
        st.success(i18n.t("data.quality.complete", lang))
    else:
        ui.table(
            incomplete.drop(columns=["required"]),
            "quality_completeness",
            lang,
            key="quality_completeness",
            formats={"completeness": "rate"},
        )
    st.subheader(i18n.t("data.quality.problems", lang))
    found = page_data.problems()
    if found.empty:
        st.success(i18n.t("data.quality.no_problems", lang))
    else:
        found["problem"] = found["problem"].map(lambda code: i18n.t(f"data.quality.kind.{code}", lang))
        ui.table(found[["table_name", "column_name", "problem", "row_count"]], "quality_problems", lang)
    st.subheader(i18n.t("data.quality.knowledge", lang))
    st.caption(i18n.t("data.quality.knowledge_help", lang))
    knowledge = page_data.knowledge_rate()
    knowledge["institution"] = ui.names("institution", knowledge["institution_id"], lang)
    ui.table(
        knowledge[["institution", "graduation_year", "cohort_size", "known", *KNOWLEDGE]],
        "knowledge_rate",
        lang,
        formats={"knowledge_rate": "rate"},
        height=320,
    )
    st.subheader(i18n.t("data.quality.inactive", lang))
    inactive = page_data.inactive()
    if inactive.empty:
        st.success(i18n.t("data.quality.all_active", lang))
    else:
        inactive["kind"] = inactive["kind"].map(lambda k: i18n.t(f"data.quality.inactive_kind.{k}", lang))
        ui.table(inactive, "inactive", lang)


def export_tab() -> None:
    """The whole database as a zip of contract CSV files, or of Parquet files."""
    st.write(i18n.t("data.export.explain", lang))
    archives = (("csv", export.csv_zip), ("parquet", export.parquet_zip))
    for column, (kind, build) in zip(st.columns(len(archives)), archives, strict=True):
        column.download_button(
            i18n.t(f"data.export.{kind}", lang),
            data=build,
            file_name=f"workforce-{kind}.zip",
            mime="application/zip",
            key=f"export_{kind}",
            icon=":material/folder_zip:",
            on_click="ignore",
        )


upload, log, quality, download = st.tabs(
    [i18n.t(f"data.tab.{name}", lang) for name in ("upload", "history", "quality", "export")]
)
with upload:
    upload_tab()
has_data = page_data.has_data()
for tab, draw in ((log, history_tab), (quality, quality_tab), (download, export_tab)):
    with tab:
        if has_data:
            draw()
        else:
            st.info(i18n.t("data.no_database", lang))
