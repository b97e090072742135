"""The build's "today": the one place countdowns and overdue marks take the date from.

`PLAYBOOK_TODAY=YYYY-MM-DD` fixes it (tests, previews of a future date); otherwise
`SOURCE_DATE_EPOCH` (set by `make` from the last commit, so two builds of one commit are
identical); otherwise the clock.

A wrong value in either variable is a `PlanError` naming the variable, so that the build
(`macros.mkdocs.events`) and `python -m macros check` report it as they report the plan's errors.
It must fall in the dates a plan can use (`values.FIRST_DATE` to `values.LAST_DATE`): the
countdowns count working days from it to the plan's dates.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from macros.plan.problems import Loc, PlanError, Problem, clip
from macros.plan.values import FIRST_DATE, LAST_DATE, parse_date


def build_date() -> date:
    fixed = os.environ.get("PLAYBOOK_TODAY")
    if fixed:
        return _fixed_date(fixed)
    return build_time().date()


def build_time() -> datetime:
    """The build's timestamp in UTC (for DTSTAMP and the like)."""
    fixed = os.environ.get("PLAYBOOK_TODAY")
    if fixed:
        return datetime.combine(_fixed_date(fixed), datetime.min.time(), tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _epoch_time(epoch)
    return datetime.now(tz=UTC).replace(microsecond=0)


def _fixed_date(text: str) -> date:
    """The date `PLAYBOOK_TODAY` names, or PlanError saying what to write instead."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise _variable_error(
            "PLAYBOOK_TODAY",
            f"{exc}; set it to the build's date as YYYY-MM-DD, or unset it to use the clock",
        ) from None


def _epoch_time(text: str) -> datetime:
    """The time `SOURCE_DATE_EPOCH` names (seconds since 1970), or PlanError."""
    seconds = text.strip()
    # isascii: str.isdigit() also takes "²" and other digits int() refuses; the length
    # keeps int() from reading thousands of digits.
    if seconds.isascii() and seconds.isdigit() and len(seconds) <= 12:
        moment = datetime.fromtimestamp(int(seconds), tz=UTC)
        if FIRST_DATE <= moment.date() <= LAST_DATE:
            return moment
        what = f"{seconds} is {moment.date().isoformat()}, outside the dates a plan can use"
    else:
        what = f"{clip(text)!r} is not a number of seconds"
    raise _variable_error(
        "SOURCE_DATE_EPOCH",
        f"{what}: set it to seconds since 1970-01-01 (a date from {FIRST_DATE.isoformat()} "
        f"to {LAST_DATE.isoformat()}), such as `git log -1 --format=%ct`, or unset it",
    )


def _variable_error(name: str, message: str) -> PlanError:
    """A problem with an environment variable, shown where plan problems are: the location
    names the variable (`$PLAYBOOK_TODAY:1:1`), as there is no file to point at."""
    return PlanError([Problem(Loc(Path(f"${name}")), f"{name}: {message}")])


def plan_changed_on(directory: Path, status_date: date) -> date:
    """When the plan in `directory` last changed: the day a deadline was last judged.

    `PLAYBOOK_PLAN_DATE` when set; else the date of the last commit that touched the
    directory, when git knows it and nothing in it is uncommitted; else `status_date` (the
    plan is being changed now). A deadline the plan met on that day and misses on the
    status date is missed because time passed (see `macros.schedule.result.compute`).
    """
    fixed = os.environ.get("PLAYBOOK_PLAN_DATE")
    if fixed:
        try:
            return min(parse_date(fixed), status_date)
        except ValueError as exc:
            raise _variable_error(
                "PLAYBOOK_PLAN_DATE", f"{exc}; set it to YYYY-MM-DD, or unset it"
            ) from None
    try:
        git = ["git", "-C", str(directory)]
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        stamp = subprocess.run(
            [*git, "log", "-1", "--format=%ct", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return status_date  # no git, or not a repository: judge as of today
    if dirty or not stamp.isdigit():
        return status_date
    return min(datetime.fromtimestamp(int(stamp), tz=UTC).date(), status_date)
