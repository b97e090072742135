"""Local time to UTC and back, checked against offsets worked out by hand.

2027: America/Toronto is EST (UTC-5) until 14 March 02:00 and from 7 November 02:00, EDT
(UTC-4) in between; Europe/Warsaw is CET (UTC+1), CEST (UTC+2) from 28 March 02:00 to
31 October 03:00; Asia/Kolkata is UTC+5:30 all year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from macros.schedule import clock
from macros.schedule.clock import DAY

TORONTO = ZoneInfo("America/Toronto")
WARSAW = ZoneInfo("Europe/Warsaw")
KOLKATA = ZoneInfo("Asia/Kolkata")


def instant(year: int, month: int, day: int, hour: int, minute: int = 0) -> int:
    """An instant on the clock's scale, written as its date and time."""
    return date(year, month, day).toordinal() * DAY + hour * 3600 + minute * 60


@pytest.mark.parametrize(
    ("zone", "day", "minute", "utc"),
    [
        (TORONTO, date(2027, 1, 11), 9 * 60, instant(2027, 1, 11, 14)),
        (TORONTO, date(2027, 7, 12), 9 * 60, instant(2027, 7, 12, 13)),
        (WARSAW, date(2027, 1, 11), 8 * 60, instant(2027, 1, 11, 7)),
        (WARSAW, date(2027, 1, 11), 24 * 60, instant(2027, 1, 11, 23)),  # 24:00 ends the day
        (KOLKATA, date(2027, 1, 11), 9 * 60, instant(2027, 1, 11, 3, 30)),
        # 02:30 does not happen in Toronto on 14 March; fold=0 reads it as EST
        (TORONTO, date(2027, 3, 14), 150, instant(2027, 3, 14, 7, 30)),
        # 01:30 happens twice on 7 November; fold=0 is the first, EDT
        (TORONTO, date(2027, 11, 7), 90, instant(2027, 11, 7, 5, 30)),
    ],
)
def test_local_time_to_utc(zone: ZoneInfo, day: date, minute: int, utc: int) -> None:
    assert clock.to_utc(zone, day.toordinal(), minute) == utc
    assert clock.utc_minute(zone, day, minute) == (utc - day.toordinal() * DAY) // 60


def test_utc_to_local_time_and_datetimes() -> None:
    assert clock.to_local(WARSAW, instant(2027, 1, 11, 23)) == instant(2027, 1, 12, 0)
    assert clock.to_local(TORONTO, instant(2027, 1, 11, 3)) == instant(2027, 1, 10, 22)
    assert clock.to_local(KOLKATA, instant(2027, 1, 11, 20)) == instant(2027, 1, 12, 1, 30)
    assert clock.utc_datetime(instant(2027, 1, 11, 3, 30)) == datetime(
        2027, 1, 11, 3, 30, tzinfo=UTC
    )


def test_minutes_before_and_after_the_utc_day() -> None:
    assert clock.utc_minute(KOLKATA, date(2027, 1, 11), 60) == -270  # 19:30 UTC the day before
    assert clock.utc_minute(TORONTO, date(2027, 1, 11), 22 * 60) == 1620  # 03:00 UTC next day


def test_offsets_over_a_clock_change_match_one_by_one() -> None:
    first = date(2027, 3, 10).toordinal()
    offsets = clock.utc_offsets(TORONTO, first, 8, 9 * 60)
    assert offsets == [clock.utc_offset(TORONTO, first + n, 9 * 60) for n in range(8)]
    assert offsets == [-5 * 3600] * 4 + [-4 * 3600] * 4
