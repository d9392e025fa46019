"""Command line: ``python -m workforce import|metrics|demo|users ...`` (``--help`` for each)."""

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from workforce import i18n
from workforce.pages import NAMES
from workforce.store import accounts, adhoc, db, importer, maintain, migrate


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _print_table(rows: list[dict], columns: list[str]) -> None:
    def cell(v: object) -> str:
        if v is None:
            return "-"
        if isinstance(v, dict):
            return f"{v['value']:.3f} ({v['numerator']}/{v['denominator']})"
        if isinstance(v, float):
            return f"{v:,.3f}".rstrip("0").rstrip(".")
        return str(v)

    body = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(b[i]) for b in body]) for i, c in enumerate(columns)]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths)))
    for b in body:
        print("  ".join(v.rjust(w) for v, w in zip(b, widths)))


def print_report(report: dict) -> None:
    """The metrics report as readable tables."""
    scope = ", ".join(f"{k}={v}" for k, v in report["scope"].items() if v) or "everything"
    print(f"Metrics as of {report['as_of']} for {scope}\n")
    _print_table(
        report["by_year"],
        [
            "year",
            "participants",
            "employers",
            "growth",
            "intern_hire_rate",
            "median_days_to_hire",
            "hires",
            "median_salary",
        ],
    )
    print()
    for key in ("retention_6m", "retention_12m"):
        print(f"{key}: {_print_rate(report[key])}")
    if report["cohorts"]:
        print()
        _print_table(
            report["cohorts"],
            [
                "institution_id",
                "graduation_year",
                "cohort_size",
                "placement_rate",
                "employed_1y",
            ],
        )
    if report["figures"]:
        print()
        _print_table(report["figures"], ["figure_id", "qualifier", "value", "in_data", "matched"])


def _print_rate(value: dict | str | None) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "- (no observable hires)"
    shown = f"{value['value']:.3f} ({value['numerator']}/{value['denominator']}"
    if value.get("low") is not None:
        shown += f"; 95% {value['low']:.3f}-{value['high']:.3f}"
    return shown + ")"


def cmd_metrics(args: argparse.Namespace) -> int:
    """Print the contract's metrics report."""
    if not db.exists(args.db):
        print(f"error: no database at {args.db}", file=sys.stderr)
        return 2
    db.ensure_current(args.db)
    from workforce.analysis import metrics  # here: scipy takes a second to load, and import needs none

    report = metrics.report(
        _date_or_today(args.as_of), args.program, args.institution, args.employer, args.db
    )
    if args.viewer:
        from workforce import disclosure
        from workforce.pagedata import yearly

        account = accounts.get_account(args.viewer, args.accounts)
        if account is None:
            print(f"error: no account {args.viewer!r} (see: python -m workforce users list)", file=sys.stderr)
            return 2
        scope = db.scope_params(program=args.program, institution=args.institution, employer=args.employer)
        policy = disclosure.policy_for(account, scope)
        report = yearly.viewer_report(report, scope, policy, args.db, yearly.own_key(account))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Validate files and import them in one transaction, or change nothing."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = importer.import_files(args.paths, args.db, user=args.user)
    except importer.ImportFailed as failed:
        print(
            f"Nothing was imported: {len(failed.problems)} problem(s) found.",
            file=sys.stderr,
        )
        print(importer.format_problems(failed.problems, args.show), file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"Imported {len(result.files)} file(s) into {db.db_path(args.db)}"
        f" in {elapsed:.2f} s ({cpu:.2f} s of CPU)"
    )
    for table, change in result.tables.items():
        print(f"  {table}: {change.added} added, {change.changed} changed, {change.unchanged} unchanged")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo database."""
    from workforce import demo

    started = time.perf_counter()
    path = demo.build(args.db, participants=args.participants, seed=args.seed, replace=args.replace)
    print(f"Demo database at {path} ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """List every import: when, by whom, files with checksums, rows added and changed."""
    from workforce.store import history

    if not db.exists(args.db):
        print(f"error: no database at {db.db_path(args.db)}", file=sys.stderr)
        return 2
    snapshots = history.snapshots_of_imports(args.db)
    for row in history.imports(args.db).itertuples():
        rolled_back = not pd.isna(row.rolled_back_at)
        state = f"  ROLLED BACK {row.rolled_back_at:%Y-%m-%d %H:%M}" if rolled_back else ""
        print(f"#{row.import_id}  {row.imported_at:%Y-%m-%d %H:%M:%S}  by {row.imported_by or '-'}{state}")
        if row.import_id in snapshots:
            at = snapshots[row.import_id]
            print(f"    snapshot {at} (sql --at {at}: the store as it left it)")
        for file in row.files:
            print(f"    {file['name']}  {file.get('sha256', '')[:16]}")
        for table, change in row.summary.items():
            print(f"    {table}: +{change['added']} added, {change['changed']} changed")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Roll one import back."""
    from workforce.store import history

    try:
        done = history.rollback(args.import_id, args.db, user=args.user)
    except (history.RollbackRefused, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Import {args.import_id} rolled back.")
    for table, counts in done.items():
        print(f"  {table}: {counts['removed']} removed, {counts['restored']} restored")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Time every page's data work on demo databases against raw DuckDB and a plain pandas build."""
    import benchmarks as bench

    try:
        sizes = bench.parse_sizes(args.participants)
        pages = bench.parse_pages(args.pages)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    cache = args.cache_dir or bench.DEFAULT_CACHE
    report = bench.run(
        sizes, pages, cache, seed=args.seed, repeat=args.repeat, imports=not args.no_import, role=args.role
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(bench.format_report(report))
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The new password: one line of standard input (--password-stdin), else asked twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def cmd_users_add(args: argparse.Namespace) -> int:
    """Add a dashboard account."""

    try:
        password = _read_password(args)
        account = accounts.add_account(
            args.username,
            password,
            args.role,
            name=args.name,
            institution_id=args.institution,
            employer_id=args.employer,
            path=args.accounts,
            database=args.db,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if (args.institution or args.employer) and not db.exists(args.db):
        print(
            f"warning: {args.institution or args.employer} not checked: no database at {db.db_path(args.db)}"
        )
    role = ", ".join(filter(None, [account.role, account.institution_id, account.employer_id]))
    print(f"Added {account.username} ({role}) to {accounts.accounts_path(args.accounts)}")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    """Give an account a new password and lift any lock."""

    try:
        accounts.set_password(args.username, _read_password(args), args.accounts)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"New password set for {accounts.normalise_username(args.username)}")
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    """Remove a dashboard account."""

    try:
        removed = accounts.remove_account(args.username, args.accounts)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not removed:
        print(f"error: there is no account {args.username!r}", file=sys.stderr)
        return 1
    print(f"Removed {accounts.normalise_username(args.username)}")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    """List the dashboard accounts (never their password hashes)."""

    rows = [
        {
            **row,
            "scope": row["institution_id"] or row["employer_id"],
            "created_at": row["created_at"][:19].replace("T", " "),
            "locked_until": row["locked_until"] and row["locked_until"][:19].replace("T", " "),
            "demo": "demo" if row["demo"] else "",
        }
        for row in accounts.list_accounts(args.accounts)
    ]
    if not rows:
        print(f"No accounts in {accounts.accounts_path(args.accounts)}")
        return 0
    columns = ["username", "role", "scope", "name", "created_at", "failed_count", "locked_until", "demo"]
    _print_table(rows, columns)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    """Run one read-only SELECT over the store; print CSV, or with --json an array of row objects."""
    try:
        result = adhoc.select(args.query, args.db, at=args.at)
    except (adhoc.NotASelect, ValueError) as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    except db.DatabaseMissing:
        print(f"error: there is no store at {db.db_path(args.db)}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(result.to_json() + "\n" if args.json else result.to_csv())
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    """List a lake's snapshots: every write, with who made it and what it was."""
    if not db.exists(args.db):
        print(f"error: there is no store at {db.db_path(args.db)}", file=sys.stderr)
        return 2
    listed = db.snapshots(args.db)
    if listed.empty:
        print(f"{db.db_path(args.db)} is a single database file: it keeps no snapshots")
        return 0
    for row in listed.head(args.last).itertuples():
        who = f"  by {row.author}" if row.author else ""
        print(f"#{row.snapshot_id}  {row.snapshot_time} UTC{who}  {row.commit_message or ''}".rstrip())
    return 0


def cmd_maintain(args: argparse.Namespace) -> int:
    """Compact a lake and delete what no kept snapshot needs (docs/deployment.md)."""
    try:
        done = maintain.maintain(
            args.db, keep=dt.timedelta(days=args.keep_days), grace=dt.timedelta(minutes=args.grace_minutes)
        )
    except maintain.MaintainRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    print(
        f"Maintained {db.db_path(args.db)}: {done.files_before:,} files, {done.bytes_before / 1e6:,.1f} MB"
        f" -> {done.files_after:,} files, {done.bytes_after / 1e6:,.1f} MB\n"
        f"  tables flushed from the catalog: {done.flushed_tables}\n"
        f"  snapshots expired (older than {args.keep_days:g} days): {done.expired_snapshots}\n"
        f"  small files merged: {done.merged_files}\n"
        f"  unused files deleted: {done.deleted_files}"
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Carry a store's rows and history into a new store at --db."""
    try:
        copied = migrate.carry_over(args.source, args.db)
    except migrate.MigrationRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    rows = sum(copied.values())
    print(f"Carried {rows:,} rows in {len(copied)} tables into {db.db_path(args.db)}")
    for name, count in sorted(copied.items()):
        print(f"  {name}: {count:,}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Write one account's digest as a PDF, and with --send e-mail it."""
    from workforce import digest
    from workforce.digest import mail, pdf

    account = accounts.get_account(args.account, args.accounts)
    if account is None:
        print(f"error: no account {args.account!r} (see: python -m workforce users list)", file=sys.stderr)
        return 2
    if args.send and not args.to:
        print("error: --send needs at least one --to ADDRESS", file=sys.stderr)
        return 2
    try:
        via = mail.server() if args.send else None
        if not db.exists(args.db):
            raise digest.DigestRefused(f"there is no store at {db.db_path(args.db)}")
        db.ensure_current(args.db)
        period = digest.parse_period(args.period)
        briefing = digest.build(account, period, args.lang, args.db)
        document = pdf.render(briefing)
    except (digest.DigestRefused, mail.MailError, pdf.RenderError) as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(document)
    print(f"Wrote {out} ({len(document):,} bytes) for {account.username}, {period.text}")
    if via is not None:
        lang = args.lang
        values = {
            "name": account.name,
            "period": briefing.period_label,
            "scope": briefing.scope_label,
            "file": out.name,
            "as_of": i18n.date(briefing.as_of, lang),
        }
        try:
            mail.send(
                args.to,
                i18n.t("digest.subject", lang, **values),
                i18n.t("digest.body", lang, **values),
                document,
                out.name,
                via,
            )
        except mail.MailError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"Sent to {', '.join(args.to)} through {via.host}:{via.port}")
    return 0


def _date_or_today(day: dt.date | None) -> dt.date:
    """``--as-of`` as given, else today (``db.today``, the one place "today" comes from)."""
    return db.today() if day is None else day


def _shared_options() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """Parent parsers for the options many commands share: ``--db`` and ``--accounts``."""
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--db",
        default=None,
        help="the store: a lake folder or a .duckdb file (default $WORKFORCE_DB or data/workforce)",
    )
    users = argparse.ArgumentParser(add_help=False)
    users.add_argument(
        "--accounts", default=None, help="accounts file (default $WORKFORCE_ACCOUNTS or data/accounts.sqlite)"
    )
    return store, users


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    store, users = _shared_options()
    top = argparse.ArgumentParser(prog="python -m workforce", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("metrics", parents=[store, users], help="print the metrics report for a scope")
    p.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--program")
    scope.add_argument("--institution")
    scope.add_argument("--employer")
    p.add_argument("--json", action="store_true", help="print the contract's JSON report")
    p.add_argument(
        "--viewer", help="an account name: print what that account would see (small counts hidden)"
    )
    p.set_defaults(run=cmd_metrics)

    p = commands.add_parser("import", parents=[store], help="import CSV/.xlsx files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--show", type=int, default=200, help="how many problems to print at most")
    p.add_argument("--user", default=os.environ.get("USER"), help="who is importing (for the history)")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("history", parents=[store], help="list every import")
    p.set_defaults(run=cmd_history)

    p = commands.add_parser("rollback", parents=[store], help="roll an import back (see history for ids)")
    p.add_argument("import_id", type=int)
    p.add_argument("--user", default=os.environ.get("USER"), help="who is rolling back (for the history)")
    p.set_defaults(run=cmd_rollback)

    p = commands.add_parser(
        "sql", parents=[store], help="run one read-only SELECT over the contract tables; print CSV or JSON"
    )
    p.add_argument("query", help='the SELECT, e.g. "select count(*) from placements"')
    p.add_argument("--json", action="store_true", help="print an array of row objects instead of CSV")
    p.add_argument(
        "--at", type=int, default=None, help="a snapshot id (see snapshots): the store as that write left it"
    )
    p.set_defaults(run=cmd_sql)

    p = commands.add_parser(
        "snapshots", parents=[store], help="list a lake's snapshots: every write, newest first"
    )
    p.add_argument("--last", type=int, default=50, help="how many to list (default 50)")
    p.set_defaults(run=cmd_snapshots)

    p = commands.add_parser(
        "maintain", parents=[store], help="compact a lake and delete files no kept snapshot needs"
    )
    p.add_argument(
        "--keep-days", type=float, default=7, help="keep snapshots this many days for sql --at (default 7)"
    )
    p.add_argument(
        "--grace-minutes",
        type=float,
        default=60,
        help="delete an unused file only after this many minutes (a reader may still hold it; default 60)",
    )
    p.set_defaults(run=cmd_maintain)

    p = commands.add_parser(
        "migrate", parents=[store], help="carry a store (a file, or an EXPORT DATABASE folder) into a new one"
    )
    p.add_argument("source", help="a store file, or a folder of EXPORT DATABASE ... (FORMAT parquet)")
    p.set_defaults(run=cmd_migrate)

    p = commands.add_parser(
        "digest", parents=[store, users], help="write an account's briefing as a PDF (docs/digest.md)"
    )
    p.add_argument(
        "--account", required=True, help="whose view: an account name (python -m workforce users list)"
    )
    p.add_argument("--period", required=True, help="a year (2025) or a month (2025-06)")
    p.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--send", action="store_true", help="also e-mail it (SMTP settings: docs/digest.md)")
    p.add_argument("--to", action="append", default=[], help="a recipient's address (repeat for more)")
    p.set_defaults(run=cmd_digest)

    p = commands.add_parser("demo", parents=[store], help="build the demo database")
    p.add_argument("--participants", type=int, default=None)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--replace", action="store_true", help="replace an existing database file")
    p.set_defaults(run=cmd_demo)

    p = commands.add_parser("bench", help="time every page's data work on demo data (docs/benchmarks.md)")
    p.add_argument(
        "--participants",
        default="100000,1000000",
        help="comma-separated demo sizes (default 100000,1000000; 10000000 builds in minutes, ~7 GB)",
    )
    p.add_argument("--pages", default=",".join(NAMES), help="comma-separated pages (default all)")
    p.add_argument("--cache-dir", default=None, help="where the demo databases are kept (default data/bench)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is reported")
    p.add_argument("--role", choices=("admin", "city"), default="admin", help="who views the pages")
    p.add_argument("--no-import", action="store_true", help="skip the import benchmark")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    p.set_defaults(run=cmd_bench)

    p = commands.add_parser("users", help="add, remove or list dashboard accounts (docs/access.md)")
    actions = p.add_subparsers(dest="action", required=True)
    stdin_help = "read the password from one line of standard input instead of asking"

    q = actions.add_parser("add", parents=[store, users], help="add an account (asks for its password)")
    q.add_argument("username")
    q.add_argument("--role", required=True, choices=list(accounts.ROLES))
    bound = q.add_mutually_exclusive_group()
    bound.add_argument("--institution", help="institution_id (role institution), checked against --db")
    bound.add_argument("--employer", help="employer_id (role employer), checked against --db")
    q.add_argument("--name", help="display name (default the username)")
    q.add_argument("--password-stdin", action="store_true", help=stdin_help)
    q.set_defaults(run=cmd_users_add)

    q = actions.add_parser("passwd", parents=[users], help="set a new password (and lift a lock)")
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true", help=stdin_help)
    q.set_defaults(run=cmd_users_passwd)

    q = actions.add_parser("remove", parents=[users], help="remove an account")
    q.add_argument("username")
    q.set_defaults(run=cmd_users_remove)

    q = actions.add_parser("list", parents=[users], help="list accounts (never their password hashes)")
    q.set_defaults(run=cmd_users_list)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except db.DatabaseTooNew as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
