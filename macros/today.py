"""The build's "today": the one place countdowns and overdue marks take the date from.

`PLAYBOOK_TODAY=YYYY-MM-DD` fixes it (tests, previews of a future date); otherwise
`SOURCE_DATE_EPOCH` (set by `make` from the last commit, so two builds of one commit are
identical); otherwise the clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from .values import parse_date


def build_date() -> date:
    fixed = os.environ.get("PLAYBOOK_TODAY")
    if fixed:
        return parse_date(fixed)
    return build_time().date()


def build_time() -> datetime:
    """The build's timestamp in UTC (for DTSTAMP and the like)."""
    fixed = os.environ.get("PLAYBOOK_TODAY")
    if fixed:
        return datetime.combine(parse_date(fixed), datetime.min.time(), tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)
