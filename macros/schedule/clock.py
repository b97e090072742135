"""Local wall-clock times and UTC: the one conversion the shared hours, the escalation
path and the 24-hour bands all use.

An instant is a whole number of seconds on one scale, `date.toordinal() * DAY` plus the
seconds since midnight, counted in UTC or in a zone's local time. A local time is named by
its date and the minutes after its midnight; 24:00 (or any minute past 1440) is the next
day's wall time. A wall time that a clock change makes ambiguous or skips is read with
`fold=0`, as `zoneinfo` does by default: the offset in force before the change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DAY = 86_400
"""Seconds in a day without a clock change."""
ONE_DAY = timedelta(days=1)


def wall(zone: ZoneInfo, ordinal: int, minute: int) -> datetime:
    """`minute` past local midnight of the date `ordinal` in `zone`, as an aware datetime."""
    day = date.fromordinal(ordinal + minute // 1440)
    minute %= 1440
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)


def _seconds(offset: timedelta | None) -> int:
    return 0 if offset is None else int(offset.total_seconds())


def utc_offset(zone: ZoneInfo, ordinal: int, minute: int) -> int:
    """How many seconds `zone` is ahead of UTC at `minute` past midnight of date `ordinal`."""
    return _seconds(wall(zone, ordinal, minute).utcoffset())


def utc_offsets(zone: ZoneInfo, ordinal: int, count: int, minute: int) -> list[int]:
    """`utc_offset` at `minute` past midnight on `count` dates from `ordinal`, in one loop
    (adding a day to an aware datetime keeps its wall time): a plan asks for years of them."""
    moment = wall(zone, ordinal, minute)
    offsets = [_seconds(moment.utcoffset())]
    for _ in range(count - 1):
        moment += ONE_DAY
        offsets.append(_seconds(moment.utcoffset()))
    return offsets


def to_utc(zone: ZoneInfo, ordinal: int, minute: int) -> int:
    """The UTC instant at which it is `minute` past midnight of date `ordinal` in `zone`."""
    return ordinal * DAY + minute * 60 - utc_offset(zone, ordinal, minute)


def utc_datetime(instant: int) -> datetime:
    """A UTC instant as an aware datetime."""
    return datetime.fromordinal(instant // DAY).replace(tzinfo=UTC) + timedelta(
        seconds=instant % DAY
    )


def to_local(zone: ZoneInfo, instant: int) -> int:
    """The local time in `zone` (on the same scale) at the UTC `instant`."""
    return instant + _seconds(utc_datetime(instant).astimezone(zone).utcoffset())


def utc_minute(zone: ZoneInfo, day: date, minute: int) -> int:
    """Minutes from UTC midnight of `day` (rounded down) at which it is `minute` past
    local midnight of `day` in `zone`: negative before that UTC midnight, 1440 or more
    after the UTC day."""
    ordinal = day.toordinal()
    return (to_utc(zone, ordinal, minute) - ordinal * DAY) // 60
