"""Working days per site and per set of sites, with explicit expected dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from macros.schedule.workdays import Calendars, OutsideWindow, SiteCalendar, WorkdayIndex
from tests.helpers import site
from tests.schedule.test_scheduler_properties import site_works


def _working(calendar: SiteCalendar, first: date, last: date) -> list[date]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d for d in days if calendar.is_working(d)]


def test_easter_2027_ontario_against_poland() -> None:
    toronto = SiteCalendar(site("toronto"))
    krakow = SiteCalendar(site("krakow"))
    # Good Friday is an Ontario holiday, not a Polish one; Easter Monday the other way round.
    assert not toronto.is_working(date(2027, 3, 26))
    assert krakow.is_working(date(2027, 3, 26))
    assert toronto.is_working(date(2027, 3, 29))
    assert not krakow.is_working(date(2027, 3, 29))
    both = Calendars({"toronto": site("toronto"), "krakow": site("krakow")}, date(2027, 1, 1))
    joint = both.index(["toronto", "krakow"])
    assert list(joint.iter_days(date(2027, 3, 22), date(2027, 4, 2))) == [
        date(2027, 3, 22),
        date(2027, 3, 23),
        date(2027, 3, 24),
        date(2027, 3, 25),
        date(2027, 3, 30),
        date(2027, 3, 31),
        date(2027, 4, 1),
        date(2027, 4, 2),
    ]
    assert joint.between(date(2027, 3, 22), date(2027, 4, 2)) == 8


def test_family_day_is_ontario_only() -> None:
    assert not SiteCalendar(site("toronto")).is_working(date(2027, 2, 15))
    assert SiteCalendar(site("krakow")).is_working(date(2027, 2, 15))


def test_subdivisions_differ_bavaria_against_berlin() -> None:
    munich, berlin = SiteCalendar(site("munich")), SiteCalendar(site("berlin"))
    assert not munich.is_working(date(2027, 1, 6))  # Epiphany: Bavaria only
    assert berlin.is_working(date(2027, 1, 6))
    assert munich.is_working(date(2027, 3, 8))  # Women's Day: Berlin only
    assert not berlin.is_working(date(2027, 3, 8))
    assert not munich.is_working(date(2027, 5, 27))  # Corpus Christi: Bavaria only
    assert berlin.is_working(date(2027, 5, 27))


def test_friday_saturday_site_with_saturday_sunday_site() -> None:
    riyadh = SiteCalendar(site("riyadh"))
    week = (date(2027, 5, 9), date(2027, 5, 15))  # Sunday to Saturday, no weekday holidays
    assert _working(riyadh, *week) == [date(2027, 5, d) for d in (9, 10, 11, 12, 13)]
    calendars = Calendars({"riyadh": site("riyadh"), "berlin": site("berlin")}, date(2027, 5, 1))
    joint = calendars.index(["riyadh", "berlin"])
    assert list(joint.iter_days(*week)) == [date(2027, 5, d) for d in (10, 11, 12, 13)]


def test_historic_weekend_change_in_the_emirates() -> None:
    dubai = SiteCalendar(site("dubai"))
    # Until the end of 2021 Friday and Saturday were the weekend; from 2022, Saturday-Sunday.
    assert not dubai.is_working(date(2021, 12, 31))  # a Friday
    assert dubai.is_working(date(2022, 1, 7))  # a Friday
    assert not dubai.is_working(date(2022, 1, 9))  # a Sunday


def test_the_calendar_records_each_dates_weekend() -> None:
    dubai = SiteCalendar(site("dubai"))
    assert dubai.is_weekend(date(2021, 12, 31))  # a Friday, weekend until 2021
    assert not dubai.is_weekend(date(2022, 1, 7))  # a Friday, a working day from 2022
    assert dubai.weekend(date(2021, 11, 1), date(2021, 12, 26)) == (4, 5)  # Friday, Saturday
    assert dubai.weekend(date(2022, 1, 3), date(2022, 2, 27)) == (5, 6)  # Saturday, Sunday
    # over both: only Saturday is a weekend day all along
    assert dubai.weekend(date(2021, 11, 1), date(2022, 2, 27)) == (5,)
    toronto = SiteCalendar(site("toronto", days_off=(date(2027, 2, 12),)))
    # a holiday or a day off on a weekday is not a weekend day; one on a Saturday still is
    assert not toronto.is_weekend(date(2027, 2, 15))  # Family Day, a Monday
    assert not toronto.is_weekend(date(2027, 2, 12))  # the day off, a Friday
    assert toronto.weekend(date(2027, 2, 8), date(2027, 2, 21)) == (5, 6)
    assert toronto.weekend(date(2027, 2, 15), date(2027, 2, 17)) == ()  # no weekend day in it


def test_weekend_override_and_days_off() -> None:
    calendar = SiteCalendar(site("toronto", weekend=("fri", "sat"), days_off=(date(2027, 2, 12),)))
    assert calendar.is_working(date(2027, 2, 14))  # a Sunday is a working day now
    assert not calendar.is_working(date(2027, 2, 13))  # Saturday
    assert not calendar.is_working(date(2027, 2, 19))  # Friday
    assert not calendar.is_working(date(2027, 2, 12))  # the company day off
    assert not calendar.is_working(date(2027, 2, 15))  # Family Day is still a holiday
    assert calendar.weekend(date(2027, 2, 1), date(2027, 2, 28)) == (4, 5)


def test_holiday_names_in_the_site_language_and_english() -> None:
    calendar = SiteCalendar(site("krakow", language="pl"))
    (easter_monday,) = calendar.holidays(date(2027, 3, 29), date(2027, 3, 29))
    assert easter_monday.name == "Easter Monday"
    assert easter_monday.local_name == "Poniedziałek Wielkanocny"
    assert not easter_monday.estimated
    english_only = SiteCalendar(site("krakow"))
    (same,) = english_only.holidays(date(2027, 3, 29), date(2027, 3, 29))
    assert same.local_name == same.name == "Easter Monday"


def test_islamic_calendar_holidays_are_flagged_as_estimates() -> None:
    calendar = SiteCalendar(site("cairo"))
    fitr = [h for h in calendar.holidays(date(2027, 3, 1), date(2027, 3, 31)) if "Fitr" in h.name]
    assert [(h.date, h.name, h.estimated) for h in fitr] == [
        (date(2027, 3, 9), "Eid al-Fitr", True),
        (date(2027, 3, 10), "Eid al-Fitr", True),
    ]


def test_dates_past_the_chinese_calendar_tables_are_flagged_and_named_plainly() -> None:
    # `holidays` labels these itself, with no option to turn the label off
    calendar = SiteCalendar(site("kuala-lumpur"))
    (new_year, *_) = calendar.holidays(date(2028, 1, 26), date(2028, 1, 27))
    assert (new_year.name, new_year.estimated) == ("Chinese New Year", True)


def test_an_estimate_in_either_language_marks_the_date() -> None:
    # Independence Day and the Prophet's Birthday (estimated) share 15 August 2027
    calendar = SiteCalendar(site("delhi", language="hi"))
    both = calendar.holidays(date(2027, 8, 15), date(2027, 8, 15))
    assert {h.name for h in both} == {"Independence Day", "Prophet's Birthday"}
    assert all(h.estimated for h in both)
    assert all("estimated" not in h.name for h in both)


def test_index_grows_across_years_both_ways() -> None:
    calendars = Calendars({"krakow": site("krakow")}, date(2027, 6, 1))
    index = calendars.index(["krakow"])
    assert index.after(date(2027, 12, 31)) == date(2028, 1, 3)
    assert index.before(date(2027, 1, 4)) == date(2026, 12, 31)
    assert index.shift(date(2026, 12, 31), 1) == date(2027, 1, 4)  # Jan 1 holiday, weekend
    assert index.shift(date(2027, 1, 4), -1) == date(2026, 12, 31)


def _joint(around: date) -> WorkdayIndex:
    return WorkdayIndex([SiteCalendar(site("toronto")), SiteCalendar(site("krakow"))], around)


def test_counts_do_not_depend_on_where_the_index_started() -> None:
    # An index made around 2027 grows back to 2025 inside `between`: the count once used a
    # rank taken before the growth, 62 days short of the truth.
    late, early = _joint(date(2027, 1, 11)), _joint(date(2020, 1, 1))
    assert late.between(date(2025, 6, 2), date(2027, 3, 1)) == 429
    assert early.between(date(2025, 6, 2), date(2027, 3, 1)) == 429
    assert late.between(date(2027, 3, 1), date(2025, 6, 2)) == -429
    assert late.shift(date(2027, 1, 11), -5) == early.shift(date(2027, 1, 11), -5)


def test_ranks_stay_the_same_as_the_index_grows() -> None:
    index = _joint(date(2027, 1, 11))
    rank = index.rank(date(2027, 6, 1))
    index.rank(date(1990, 1, 1))  # grows backwards
    index.rank(date(2060, 1, 1))  # and forwards
    assert index.rank(date(2027, 6, 1)) == rank
    assert index.day(rank) == date(2027, 6, 1)


def test_the_index_stays_within_the_dates_a_plan_can_use() -> None:
    index = _joint(date(2027, 1, 11))
    assert index.after(date(2100, 12, 31)).year == 2101  # a year of margin, for the views
    with pytest.raises(OutsideWindow, match="from 1901-01-01 to 2100-12-31 only"):
        index.shift(date(2027, 1, 11), 200 * 260)
    with pytest.raises(OutsideWindow):
        index.rank(date(1899, 12, 31))
    with pytest.raises(OutsideWindow):
        index.rank(date(2102, 1, 1))


def test_sites_that_never_work_together_end_at_the_window() -> None:
    monday = site("toronto", weekend=("tue", "wed", "thu", "fri", "sat", "sun"))
    weekdays = site("krakow", weekend=("mon", "sat", "sun"))
    index = WorkdayIndex([SiteCalendar(monday), SiteCalendar(weekdays)], date(2027, 1, 11))
    with pytest.raises(OutsideWindow):
        index.on_or_after(date(2027, 1, 11))
    assert index.between(date(2027, 1, 11), date(2100, 12, 31)) == 0


# -- every method, called in any order, against a day-by-day count -------------------------------

_TORONTO, _KRAKOW = site("toronto"), site("krakow")
_WORKS: dict[date, bool] = {}


def _works(day: date) -> bool:
    """Toronto and Krakow both at work on `day`, asked of the `holidays` package directly
    (the property tests' reference calendar), one day at a time."""
    if day not in _WORKS:
        _WORKS[day] = site_works(_TORONTO, day) and site_works(_KRAKOW, day)
    return _WORKS[day]


def _count(first: date, last: date) -> int:
    """Working days from `first` to `last` inclusive, one day at a time; minus those from
    `last` to `first` when `last` is earlier, as `between` says."""
    if last < first:
        return -_count(last, first)
    return sum(_works(first + timedelta(days=i)) for i in range((last - first).days + 1))


def _walk(day: date, count: int) -> date:
    """The working day `count` working days after working day `day`, one day at a time."""
    step = timedelta(days=1 if count >= 0 else -1)
    for _ in range(abs(count)):
        day += step
        while not _works(day):
            day += step
    return day


_DATES = st.dates(date(2024, 1, 1), date(2031, 12, 31))
_CALLS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "between",
                "rank",
                "shift",
                "on_or_after",
                "after",
                "on_or_before",
                "before",
                "working",
            ]
        ),
        _DATES,
        _DATES,
        st.integers(-300, 300),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(around=_DATES, calls=_CALLS)
def test_every_method_agrees_with_a_day_by_day_count_in_any_order(
    around: date, calls: list[tuple[str, date, date, int]]
) -> None:
    """The index grows backwards and forwards as the calls need it; whatever it has
    covered, each answer is the day-by-day one, and ranks keep their meaning: a rank
    taken before a growth still differs from one taken after by the days between."""
    index = _joint(around)
    anchor, anchor_rank = around, index.rank(around)
    for method, first, last, count in calls:
        if method == "between":
            assert index.between(first, last) == _count(first, last)
        elif method == "rank":
            # working days in [anchor, first), or minus those in [first, anchor)
            low, high = sorted((anchor, first))
            days = sum(_works(low + timedelta(days=i)) for i in range((high - low).days))
            expected = anchor_rank + (days if first >= anchor else -days)
            assert index.rank(first) == expected
        elif method == "shift":
            start = index.on_or_after(first)
            assert index.shift(start, count) == _walk(start, count)
        elif method == "on_or_after":
            assert index.on_or_after(first) == _walk(first - timedelta(days=1), 1)
        elif method == "after":
            assert index.after(first) == _walk(first, 1)
        elif method == "on_or_before":
            assert index.on_or_before(first) == _walk(first + timedelta(days=1), -1)
        elif method == "before":
            assert index.before(first) == _walk(first, -1)
        else:
            assert index.is_working(first) == _works(first)
        assert index.rank(anchor) == anchor_rank  # the meaning of a rank never changes


@settings(max_examples=40, deadline=None)
@given(around=_DATES, due=_DATES, scheduled=_DATES, warm=_DATES)
def test_a_missed_deadline_s_shortfall_does_not_depend_on_what_the_index_covered(
    around: date, due: date, scheduled: date, warm: date
) -> None:
    """The shortfall the scheduler reports (ranks of the end and of the last working day
    on or before the deadline) counts the working days in (deadline, end], however the
    index grew before."""
    assume(scheduled > due)
    index = _joint(around)
    index.rank(warm)  # grow it somewhere first, or not at all
    end = index.on_or_after(scheduled)
    shortfall = index.rank(end) - index.rank(index.on_or_before(due))
    assert shortfall == _count(due + timedelta(days=1), end)
