"""Dates and working hours, parsed with messages that say what to write."""

from __future__ import annotations

from datetime import date

import pytest

from macros.plan.values import Hours, parse_date, parse_hours


def test_parse_date() -> None:
    assert parse_date("2027-01-11") == date(2027, 1, 11)
    assert parse_date("2028-02-29") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30", "2027-02-30 is not a date: February 2027 has 28 days"),
        ("2027-02-29", "2027-02-29 is not a date: February 2027 has 28 days"),
        ("2027-13-01", "2027-13-01 is not a date: the month must be 01 to 12"),
        ("2027-1-5", "'2027-1-5' is not a date: write it as YYYY-MM-DD, such as 2027-01-11"),
        ("next monday", "'next monday' is not a date: write it as YYYY-MM-DD, such as 2027-01-11"),
    ],
)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(") + "$"):
        parse_date(text)


def test_parse_hours() -> None:
    assert parse_hours("09:00-17:00") == Hours(540, 1020)
    assert parse_hours("22:00-24:00") == Hours(1320, 1440)
    assert str(parse_hours("08:30 - 16:30")) == "08:30-16:30"
    assert parse_hours("08:30-16:30").minutes == 480


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9-5", 'write them as "HH:MM-HH:MM"'),
        ("17:00-09:00", "ends before it starts"),
        ("09:00-09:00", "ends before it starts"),
        ("09:00-25:00", "25:00 is not a time"),
        ("09:61-17:00", "09:61 is not a time"),
    ],
)
def test_bad_hours(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_hours(text)
