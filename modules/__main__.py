"""The command line: `python -m modules validate | stats` (a thin shell over the library)."""

from __future__ import annotations

import argparse
import json
import sys
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
