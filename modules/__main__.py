"""The command line: `python -m modules validate | stats | create-admin` (a thin shell over the
library: every behaviour lives in modules/, and library errors become one-line messages)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from modules.course import load_course
from modules.settings import load_settings


def _content_root(args: argparse.Namespace) -> Path:
    return Path(args.content) if args.content else load_settings().content_root


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every content file; print each problem as `path:line: field: message`."""
    root = _content_root(args)
    result = load_course(root)
    for problem in result.problems:
        print(problem)
    stats = result.course.stats()
    summary = (
        f"{stats['modules']} modules, {stats['lessons']} lessons, {stats['questions']} questions, "
        f"{stats['glossary_terms']} glossary terms"
    )
    if result.problems:
        count = len(result.problems)
        noun = "problem" if count == 1 else "problems"
        print(f"{count} {noun} in {root} ({summary} loaded)", file=sys.stderr)
        return 1
    print(f"OK: {summary} in {root}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Count what the course holds."""
    result = load_course(_content_root(args))
    stats = result.course.stats()
    stats["problems"] = len(result.problems)
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        width = max(len(key) for key in stats)
        for key, value in stats.items():
            print(f"{key:<{width}}  {value}")
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    """Create an administrator account (the first one, or another with --additional)."""
    from modules.accounts import AccountError, AccountsService, Role
    from modules.tracking import StoreError, StoreFactory

    settings = load_settings()
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    now = datetime.now(UTC)
    try:
        with StoreFactory(settings.db_path).connection() as db:
            accounts = AccountsService(db)
            if accounts.needs_first_admin():
                accounts.create_first_admin(args.name, args.email, password, now)
            elif args.additional:
                accounts.create_account(args.name, args.email, password, Role.ADMIN, now)
            else:
                print("This database already has accounts; add --additional to create another "
                      "administrator.", file=sys.stderr)  # fmt: skip
                return 1
    except (AccountError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Administrator {args.email} created in {settings.db_path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a demo cohort of synthetic trainees with varied progress on the database."""
    import time

    from modules.accounts.passwords import hash_password
    from modules.learning.demo import DEMO_PASSWORD, make_demo
    from modules.tracking import StoreError, StoreFactory

    settings = load_settings()
    loaded = load_course(settings.content_root)
    started = time.perf_counter()
    try:
        with StoreFactory(settings.db_path).connection() as db:
            demo = make_demo(db, loaded.course, datetime.now(UTC), hash_password(DEMO_PASSWORD),
                             trainees=args.trainees)  # fmt: skip
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Demo cohort made in {time.perf_counter() - started:.1f} s in {settings.db_path}")
    print(f"Every demo account's password: {demo.password}")
    print(f"  coordinator: {demo.coordinator}")
    print(f"  leader:      {demo.leader}")
    print(f"  trainees:    {demo.trainees[0]} ... {demo.trainees[-1]} ({len(demo.trainees)})")
    print(f"  cohort invitation code: {demo.cohort_code}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a certificate's verification code: exit 0 and describe it, or exit 1."""
    from modules.learning import LearningService
    from modules.learning.certificates import CertificateService
    from modules.tracking import StoreError, StoreFactory

    settings = load_settings()
    try:
        with StoreFactory(settings.db_path).connection() as db:
            course = load_course(settings.content_root).course
            found = CertificateService(LearningService(db, course)).verify(args.code)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    if found is None:
        print(f"{args.code}: no certificate has this code", file=sys.stderr)
        return 1
    print(f"{found.code}: genuine. {found.name} completed '{found.course}' on "
          f"{found.completed_on.isoformat()} ({found.hours:g} hours).")  # fmt: skip
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export a cohort: gradebook and every answer as CSV, or xAPI 1.0.3 statements as JSON."""
    from modules.accounts.roles import PermissionDenied, Role
    from modules.accounts.service import SignedIn
    from modules.learning import LearningService
    from modules.learning.exports import gradebook, responses, statements
    from modules.tracking import StoreError, StoreFactory
    from modules.tracking import cohorts as cohort_store

    settings = load_settings()
    out = Path(args.out)
    try:
        with StoreFactory(settings.db_path).connection() as db:
            cohort = cohort_store.cohort_by_id(db, args.cohort)
            if cohort is None:
                print(f"There is no cohort {args.cohort}.", file=sys.stderr)
                return 1
            # the command line runs with the database's own rights, as the cohort's coordinator
            actor = SignedIn(cohort.coordinator_id, "command line", "", Role.COORDINATOR, 0)
            learning = LearningService(db, load_course(settings.content_root).course)
            out.mkdir(parents=True, exist_ok=True)
            if args.format == "csv":
                gradebook(learning, actor, cohort.id).to_csv(out / "gradebook.csv", index=False)
                responses(learning, actor, cohort.id).to_csv(out / "responses.csv", index=False)
                written = ["gradebook.csv", "responses.csv"]
            else:
                base = settings.public_url or "https://dbt-course.invalid"
                found = statements(learning, actor, cohort.id, base)
                (out / "statements.json").write_text(json.dumps(found, indent=2))
                written = [f"statements.json ({len(found)} statements)"]
    except (StoreError, PermissionDenied, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Cohort {cohort.id} ({cohort.name}) exported to {out}: {', '.join(written)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the live database to a backup file (safe while the app runs and writes)."""
    from datetime import UTC, datetime

    from modules.tracking.backup import BackupError, backup

    settings = load_settings()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(args.to) if args.to else settings.db_path.parent / "backups" / (
        f"{settings.db_path.stem}-{stamp}.db")  # fmt: skip
    try:
        made = backup(settings.db_path, target)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    rows = sum(made.tables.values())
    print(f"Backed up {settings.db_path} to {made.path} ({made.bytes:,} bytes, {rows:,} rows in "
          f"{len(made.tables)} tables; integrity check passed).")  # fmt: skip
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a backup (stop the app first); the data it replaces is kept."""
    from datetime import UTC, datetime

    from modules.tracking import StoreError, StoreFactory
    from modules.tracking.backup import BackupError, restore

    settings = load_settings()
    if not args.yes:
        print(f"This replaces {settings.db_path} with {args.backup}. Stop the app, then run "
              "again with --yes.", file=sys.stderr)  # fmt: skip
        return 1
    try:
        made, kept = restore(Path(args.backup), settings.db_path, datetime.now(UTC))
        with StoreFactory(settings.db_path).connection():
            pass  # an older backup is brought up to the current schema here
    except (BackupError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Restored {args.backup} into {made.path} ({sum(made.tables.values()):,} rows)."
          + (f" What it replaced is kept in {kept.path}." if kept else ""))  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m modules", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, handler in (("validate", cmd_validate), ("stats", cmd_stats)):
        sub = commands.add_parser(name, help=handler.__doc__, description=handler.__doc__)
        sub.add_argument(
            "--content",
            help="folder holding content/, quizzes/, case_vignettes/ "
            "(default: DBT_COURSE_CONTENT or the repository root)",
        )
        sub.set_defaults(handler=handler)
        if name == "stats":
            sub.add_argument("--json", action="store_true", help="print the counts as JSON")
    admin = commands.add_parser(
        "create-admin", help=cmd_create_admin.__doc__, description=cmd_create_admin.__doc__
    )
    admin.add_argument("--name", required=True)
    admin.add_argument("--email", required=True)
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    admin.add_argument(
        "--additional", action="store_true", help="allow it when accounts already exist"
    )
    admin.set_defaults(handler=cmd_create_admin)
    demo = commands.add_parser("demo", help=cmd_demo.__doc__, description=cmd_demo.__doc__)
    demo.add_argument("--trainees", type=int, default=40, help="how many (default 40)")
    demo.set_defaults(handler=cmd_demo)
    verify = commands.add_parser("verify", help=cmd_verify.__doc__, description=cmd_verify.__doc__)
    verify.add_argument("code")
    verify.set_defaults(handler=cmd_verify)
    export = commands.add_parser("export", help=cmd_export.__doc__, description=cmd_export.__doc__)
    export.add_argument("--cohort", type=int, required=True, help="the cohort's id")
    export.add_argument("--format", choices=["csv", "xapi"], default="csv")
    export.add_argument("--out", default="exports", help="folder to write to (default exports/)")
    export.set_defaults(handler=cmd_export)
    saved = commands.add_parser("backup", help=cmd_backup.__doc__, description=cmd_backup.__doc__)
    saved.add_argument("--to", help="the backup file (default progress/backups/<name>-<time>.db)")
    saved.set_defaults(handler=cmd_backup)
    back = commands.add_parser("restore", help=cmd_restore.__doc__,
                               description=cmd_restore.__doc__)  # fmt: skip
    back.add_argument("backup", help="the backup file to restore")
    back.add_argument("--yes", action="store_true", help="confirm: the app is stopped")
    back.set_defaults(handler=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
