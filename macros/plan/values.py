"""Parsers for the plan's textual values: dates and working hours."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from macros.plan.problems import clip
from macros.plan.wording import hhmm

# ASCII digits only: `\d` alone also takes other scripts' digits ("٢٠٢٧"), which int() reads.
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
HOURS_RE = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})", re.ASCII)

FIRST_DATE = date(1901, 1, 1)
LAST_DATE = date(2100, 12, 31)
"""The dates a plan can use. The `holidays` package knows public holidays for these years
(for most countries from 1901, for none after 2100), so a calendar outside them would be
silently wrong; and date arithmetic near year 1 or 9999 overflows."""


def parse_date(text: str) -> date:
    """An ISO date such as 2027-01-11, with a message that names what is wrong."""
    text = text.strip()
    match = DATE_RE.fullmatch(text)
    if not match:
        raise ValueError(
            f"{clip(text)!r} is not a date: write it as YYYY-MM-DD, such as 2027-01-11"
        )
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a date: the month must be 01 to 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            f"{text} is not a date: {calendar.month_name[month]} {year} has {last} days"
        )
    if not FIRST_DATE.year <= year <= LAST_DATE.year:  # the window is whole years
        raise ValueError(
            f"{text} is outside the dates a plan can use: write a date from "
            f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}, the years whose public "
            "holidays are known"
        )
    return date(year, month, day)


@dataclass(frozen=True)
class Hours:
    """A site's daily working hours in its local time, as minutes after midnight."""

    page_properties: ClassVar[tuple[str, ...]] = ("minutes",)

    start: int
    end: int

    def __str__(self) -> str:
        return f"{hhmm(self.start)}-{hhmm(self.end)}"

    @property
    def minutes(self) -> int:
        return self.end - self.start


def parse_hours(text: str) -> Hours:
    """Working hours written as HH:MM-HH:MM in 24-hour time; 24:00 ends the day."""
    match = HOURS_RE.fullmatch(text.replace(" ", ""))
    if not match:
        raise ValueError(
            f'{clip(text)!r} is not working hours: write them as "HH:MM-HH:MM" in 24-hour '
            'time, such as "09:00-17:00"'
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            raise ValueError(f"{text!r} is not working hours: {hour:02}:{minute:02} is not a time")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise ValueError(
            f"{text!r} ends before it starts: hours past midnight are not supported, "
            'so write the part before midnight, such as "22:00-24:00"'
        )
    return Hours(start, end)


@dataclass(frozen=True)
class Minutes:
    """A span of time such as a response time, kept in minutes; a day counts 24 hours."""

    minutes: int

    def __str__(self) -> str:
        if self.minutes % 1440 == 0:
            days = self.minutes // 1440
            return f"{days} day{'s' if days != 1 else ''}"
        if self.minutes % 60 == 0:
            hours = self.minutes // 60
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{self.minutes} min"


MINUTES_RE = re.compile(r"(\d{1,9})\s*(min|minutes?|h|hours?|d|days?)", re.ASCII)
_UNIT = {"m": 1, "h": 60, "d": 1440}
MAX_MINUTES = 366 * 1440
"""The longest response time: a year (longer ones are mistakes, and overflow clocks)."""


def parse_minutes(text: str) -> Minutes:
    """A duration such as "30 min", "4 h" or "1 d"."""
    match = MINUTES_RE.fullmatch(text.strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f"{clip(text)!r} is not a response time: write a number and a unit, such as "
            '"30 min", "4 h" or "1 d"'
        )
    minutes = int(match.group(1)) * _UNIT[match.group(2)[0]]
    if minutes > MAX_MINUTES:
        raise ValueError(f"{text.strip()!r} is longer than a year: write at most 366 d")
    return Minutes(minutes)
