"""Command line: `python -m macros check|schedule|baseline [DIR]`, `python -m macros schema`.

Exit codes: 0 the plan is valid, 1 it has errors (or warnings with --strict), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from macros.plan.loader import plan_dir
from macros.plan.problems import PlanError, Problem, Severity
from macros.schedule.result import PlanResult, compute_dir, document

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _report(problems: Sequence[Problem], out: TextIO) -> None:
    for problem in problems:
        print(problem, file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), file=out)


def _usage_dir(parser: argparse.ArgumentParser, directory: str | None) -> Path:
    root = plan_dir(directory)
    if not root.is_dir():
        source = "PLAN_DIR" if directory is None and os.environ.get("PLAN_DIR") else "DIR"
        parser.error(f"{source} {str(root)!r} is not a directory")
    return root


def _compute(root: Path) -> PlanResult | None:
    """The plan in `root` with its schedule and warnings; None after reporting its errors
    (the loader's, and those only scheduling finds, such as a task past the last date)."""
    try:
        result = compute_dir(root)
    except PlanError as exc:
        _report(exc.problems, sys.stderr)
        errors = len(exc.errors)
        print(f"{root}: {errors} error{'s' if errors != 1 else ''}", file=sys.stderr)
        return None
    _report(result.warnings, sys.stderr)
    return result


def cmd_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Errors and warnings as the build reports them, scheduling ones included."""
    root = _usage_dir(parser, args.dir)
    result = _compute(root)
    if result is None:
        return EXIT_INVALID
    counts = _counts(result.warnings)
    if result.warnings and args.strict:
        print(f"{root}: {counts}, failing because of --strict", file=sys.stderr)
        return EXIT_INVALID
    print(f"{root}: the plan is valid" + (f" ({counts})" if result.warnings else ""))
    return EXIT_OK


def _counts(problems: Sequence[Problem]) -> str:
    """ "2 warnings, 1 notice" """
    parts = []
    for severity in (Severity.WARNING, Severity.NOTICE):
        n = sum(1 for p in problems if p.severity is severity)
        if n:
            parts.append(f"{n} {severity.value}{'s' if n != 1 else ''}")
    return ", ".join(parts)


def cmd_schedule(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    result = _compute(_usage_dir(parser, args.dir))
    if result is None:
        return EXIT_INVALID
    print(json.dumps(document(result), indent=2, ensure_ascii=False))
    return EXIT_INVALID if result.warnings and args.strict else EXIT_OK


def cmd_baseline(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Save the current schedule as the baseline, dated the status date."""
    from macros.schedule.baseline import write_baseline

    root = _usage_dir(parser, args.dir)
    result = _compute(root)
    if result is None:
        return EXIT_INVALID
    saved = result.schedule.status_date
    assert saved is not None  # compute_dir always schedules as of the build's date
    path = write_baseline(root, result, saved)
    print(f"wrote {path}: {len(result.plan.tasks)} tasks as of {saved.isoformat()}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from macros.plan.schema import write_schemas

    changed = write_schemas(Path(args.out), check=args.check)
    if args.check and changed:
        for path in changed:
            print(f"{path}: out of date; run `python -m macros schema`", file=sys.stderr)
        return EXIT_INVALID
    for path in changed:
        print(f"wrote {path}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros", description="Check and compute the outsourcing plan."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="validate the plan; every problem as path:line:col")
    check.add_argument("dir", nargs="?", help="plan directory (default: $PLAN_DIR or plan/)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(func=cmd_check)
    sched = sub.add_parser("schedule", help="print the schedule as JSON (as schedule.json)")
    sched.add_argument("dir", nargs="?", help="plan directory (default: $PLAN_DIR or plan/)")
    sched.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    sched.set_defaults(func=cmd_schedule)
    base = sub.add_parser(
        "baseline", help="save the current schedule as DIR/baseline.yaml, dated today"
    )
    base.add_argument("dir", nargs="?", help="plan directory (default: $PLAN_DIR or plan/)")
    base.set_defaults(func=cmd_baseline)
    schema = sub.add_parser("schema", help="write the JSON Schemas of the plan files")
    schema.add_argument("--out", default="schemas", help="directory (default: schemas/)")
    schema.add_argument("--check", action="store_true", help="only report drift; exit 1 if any")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args, parser))
