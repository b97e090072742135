"""Dates and counts in English words, the same whatever the machine's locale."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names, Monday first."""


def longdate(day: date) -> str:
    """ "Wednesday 14 April 2027"."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def shortdate(day: date) -> str:
    """ "14 Apr 2027"."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 task", "3 tasks", "2 people" (with `many`)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def hhmm(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 540 -> "09:00", 1440 -> "24:00"."""
    return f"{minutes // 60:02}:{minutes % 60:02}"
