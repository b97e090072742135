"""The build's date from PLAYBOOK_TODAY, SOURCE_DATE_EPOCH or the clock; wrong values named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from macros.plan.problems import PlanError
from macros.schedule.today import build_date, build_time

OUTSIDE = (
    "is outside the dates a plan can use: write a date from 1901-01-01 to 2100-12-31, the "
    "years whose public holidays are known"
)
SET_TODAY = "set it to the build's date as YYYY-MM-DD, or unset it to use the clock"
SET_EPOCH = (
    "set it to seconds since 1970-01-01 (a date from 1901-01-01 to 2100-12-31), such as "
    "`git log -1 --format=%ct`, or unset it"
)


@pytest.fixture(autouse=True)
def _no_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAYBOOK_TODAY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_playbook_today_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-03-20")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")

    assert build_date() == date(2027, 3, 20)
    assert build_time() == datetime(2027, 3, 20, tzinfo=UTC)


def test_source_date_epoch_next(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1800000000\n")

    assert build_time() == datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    assert build_date() == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-02-30", f"2027-02-30 is not a date: February 2027 has 28 days; {SET_TODAY}"),
        (
            "2027-1-5",
            f"'2027-1-5' is not a date: write it as YYYY-MM-DD, such as 2027-01-11; {SET_TODAY}",
        ),
        ("9999-12-31", f"9999-12-31 {OUTSIDE}; {SET_TODAY}"),
        ("1900-12-31", f"1900-12-31 {OUTSIDE}; {SET_TODAY}"),
    ],
)
def test_a_wrong_playbook_today_is_a_plan_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", value)

    for read in (build_date, build_time):
        with pytest.raises(PlanError) as caught:
            read()
        assert [str(p) for p in caught.value.problems] == [
            f"$PLAYBOOK_TODAY:1:1: PLAYBOOK_TODAY: {message}"
        ]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("99999999999999999999", "'99999999999999999999' is not a number of seconds"),
        ("9" * 5000, f"'{'9' * 61}...' is not a number of seconds"),
        ("²", "'²' is not a number of seconds"),
        ("-5", "'-5' is not a number of seconds"),
        ("yesterday", "'yesterday' is not a number of seconds"),
        ("9999999999", "9999999999 is 2286-11-20, outside the dates a plan can use"),
    ],
)
def test_a_wrong_source_date_epoch_is_a_plan_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, value: str, what: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)

    with pytest.raises(PlanError) as caught:
        build_date()
    assert [str(p) for p in caught.value.problems] == [
        f"$SOURCE_DATE_EPOCH:1:1: SOURCE_DATE_EPOCH: {what}: {SET_EPOCH}"
    ]
