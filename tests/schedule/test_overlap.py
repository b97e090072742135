"""Shared working hours between sites, checked against offsets worked out by hand.

UTC offsets used below (2027): America/Toronto is EST (UTC-5) until 2027-03-14 02:00 and
from 2027-11-07 02:00, EDT (UTC-4) in between. Europe/Warsaw and Europe/London change on the
EU dates, 2027-03-28 and 2027-10-31 at 01:00 UTC: Warsaw UTC+1 / UTC+2, London UTC+0 /
UTC+1. Asia/Manila is UTC+8 all year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from macros.plan.model import Site
from macros.plan.problems import Loc, Problem, Severity
from macros.plan.values import Hours, parse_hours
from macros.schedule import overlap
from macros.schedule.overlap import (
    LocalWindow,
    OverlapRange,
    all_overlaps,
    clock_change_notes,
    daily_window,
    date_span,
    duration,
    overlap_warnings,
    shared_ranges,
)

LOC = Loc(Path("plan/project.yml"), 3, 1)


def site(id: str, timezone: str, hours: str, name: str | None = None) -> Site:
    return Site(id=id, name=name or id, country="XX", timezone=timezone, hours=parse_hours(hours))


TORONTO = site("tor", "America/Toronto", "09:00-17:00", "Toronto office")
WARSAW = site("waw", "Europe/Warsaw", "08:00-16:00", "Warsaw centre")
MANILA = site("mnl", "Asia/Manila", "07:00-16:00", "Manila hub")
LONDON = site("lon", "Europe/London", "09:00-17:30", "London desk")
NAMES = {s.id: s.name for s in (TORONTO, WARSAW, MANILA, LONDON)}


def utc(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        hours=hours, minutes=minutes
    )


def hm(hhmm: str) -> int:
    """ "HH:MM" as the minutes after midnight that the windows hold ("24:00" is 1440)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return hours * 60 + minutes


def window(start: str, end: str, day_offset: int = 0) -> LocalWindow:
    """A site's local window, written as its "HH:MM" start and end."""
    return LocalWindow(hm(start), hm(end), day_offset)


def pair_range(
    first: date, last: date, minutes: int, shape: tuple[tuple[str, str], str, str]
) -> OverlapRange:
    """A Toronto-Warsaw range; `shape` is the UTC window and the "HH:MM-HH:MM" local ones."""
    (utc_start, utc_end), tor, waw = shape
    return OverlapRange(
        sites=("tor", "waw"),
        first=first,
        last=last,
        minutes=minutes,
        utc_start=hm(utc_start),
        utc_end=hm(utc_end),
        local={"tor": window(tor[:5], tor[6:]), "waw": window(waw[:5], waw[6:])},
    )


# Before 2027-03-14: Toronto 09-17 EST = 14:00-22:00 UTC, Warsaw 08-16 CET = 07:00-15:00 UTC.
WINTER = ("14:00", "15:00"), "09:00-10:00", "15:00-16:00"
# Toronto on EDT, Warsaw still on CET: Toronto 13:00-21:00 UTC, Warsaw 07:00-15:00 UTC.
GAP = ("13:00", "15:00"), "09:00-11:00", "14:00-16:00"
# Both on summer time: Toronto 13:00-21:00 UTC, Warsaw CEST 06:00-14:00 UTC.
SUMMER = ("13:00", "14:00"), "09:00-10:00", "15:00-16:00"


def test_spring_clock_changes() -> None:
    assert shared_ranges([TORONTO, WARSAW], date(2027, 3, 1), date(2027, 4, 10)) == [
        pair_range(date(2027, 3, 1), date(2027, 3, 13), 60, WINTER),
        pair_range(date(2027, 3, 14), date(2027, 3, 27), 120, GAP),
        pair_range(date(2027, 3, 28), date(2027, 4, 10), 60, SUMMER),
    ]


def test_autumn_clock_changes() -> None:
    # Until 2027-10-30 both are on summer time (13:00-14:00 UTC, 60 min). Warsaw goes back to
    # CET on 2027-10-31 (07:00-15:00 UTC) while Toronto stays on EDT (13:00-21:00 UTC) until
    # 2027-11-07: 13:00-15:00 UTC, 120 min, from 31 October to 6 November. From 7 November
    # Toronto is on EST again (14:00-22:00 UTC): 14:00-15:00 UTC, 60 min, as in winter.
    assert shared_ranges([TORONTO, WARSAW], date(2027, 10, 20), date(2027, 11, 20)) == [
        pair_range(date(2027, 10, 20), date(2027, 10, 30), 60, SUMMER),
        pair_range(date(2027, 10, 31), date(2027, 11, 6), 120, GAP),
        pair_range(date(2027, 11, 7), date(2027, 11, 20), 60, WINTER),
    ]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2027, 3, 13), "14:00", "15:00"),
        (date(2027, 3, 14), "13:00", "15:00"),  # Toronto changed at 02:00: 09:00 is EDT
        (date(2027, 3, 27), "13:00", "15:00"),
        (date(2027, 3, 28), "13:00", "14:00"),  # Warsaw changed at 02:00: 08:00 is CEST
        (date(2027, 10, 31), "13:00", "15:00"),  # Warsaw back to CET at 03:00
        (date(2027, 11, 7), "14:00", "15:00"),  # Toronto back to EST at 02:00
    ],
)
def test_transition_days(day: date, start: str, end: str) -> None:
    assert daily_window([TORONTO, WARSAW], day) == (utc(day, start), utc(day, end))


def test_ambiguous_and_missing_local_times_use_fold_0() -> None:
    # 2027-11-07 01:30 happens twice in Toronto; fold=0 is the first, EDT: 05:30 UTC.
    # 03:00 is EST: 08:00 UTC.
    night = site("night", "America/Toronto", "01:30-03:00")
    day = date(2027, 11, 7)
    assert daily_window([night], day) == (utc(day, "05:30"), utc(day, "08:00"))
    # 2027-03-14 02:30 does not exist in Toronto; fold=0 reads it with the offset before the
    # change, EST: 07:30 UTC. 04:00 is EDT: 08:00 UTC.
    early = site("early", "America/Toronto", "02:30-04:00")
    day = date(2027, 3, 14)
    assert daily_window([early], day) == (utc(day, "07:30"), utc(day, "08:00"))


def test_nothing_shared() -> None:
    # Manila 07:00-16:00 UTC+8 is 23:00 (the day before) to 08:00 UTC; Toronto works
    # 14:00-22:00 UTC (EST) or 13:00-21:00 UTC (EDT): an hour apart at best.
    assert daily_window([TORONTO, MANILA], date(2027, 1, 11)) is None
    assert daily_window([TORONTO, MANILA], date(2027, 7, 12)) is None
    ranges = shared_ranges([TORONTO, MANILA], date(2027, 1, 1), date(2027, 12, 31))
    assert ranges == [
        OverlapRange(("tor", "mnl"), date(2027, 1, 1), date(2027, 12, 31), 0, None, None, {})
    ]
    assert overlap_warnings({("tor", "mnl"): ranges}, 60, LOC, NAMES) == [
        Problem(
            LOC,
            "sites 'Toronto office' and 'Manila hub' share less than 1 h of working time a "
            "day: no time on 2027-01-01 to 2027-12-31; move working hours, or plan the joint "
            "meetings as hand-overs",
            Severity.WARNING,
        )
    ]


def test_thirty_minutes_warns() -> None:
    # Warsaw 08:00-15:30 CET is 07:00-14:30 UTC; Toronto 14:00-22:00 UTC: 14:00-14:30.
    short = site("waw", "Europe/Warsaw", "08:00-15:30", "Warsaw centre")
    ranges = shared_ranges([TORONTO, short], date(2027, 1, 4), date(2027, 1, 31))
    assert [(r.first, r.last, r.minutes, r.utc_start, r.utc_end) for r in ranges] == [
        (date(2027, 1, 4), date(2027, 1, 31), 30, hm("14:00"), hm("14:30"))
    ]
    [problem] = overlap_warnings({("tor", "waw"): ranges}, 60, LOC, NAMES)
    assert problem.severity is Severity.WARNING
    assert str(problem) == (
        "plan/project.yml:3:1: warning: sites 'Toronto office' and 'Warsaw centre' share less "
        "than 1 h of working time a day: 30 min on 2027-01-04 to 2027-01-31; move working "
        "hours, or plan the joint meetings as hand-overs"
    )
    assert overlap_warnings({("tor", "waw"): ranges}, 30, LOC, NAMES) == []


def test_warning_names_three_ranges_then_counts() -> None:
    # 30 min in winter and summer, 90 min in the weeks between the US and EU changes.
    short = site("waw", "Europe/Warsaw", "08:00-15:30", "Warsaw centre")
    overlaps = all_overlaps([TORONTO, short], date(2027, 1, 1), date(2028, 12, 31))
    assert [r.minutes for r in overlaps["tor", "waw"]] == [30, 90, 30, 90, 30, 90, 30, 90, 30]
    [problem] = overlap_warnings(overlaps, 60, LOC, {"tor": "Toronto office"})
    assert problem.message == (
        "sites 'Toronto office' and 'waw' share less than 1 h of working time a day: "
        "30 min on 2027-01-01 to 2027-03-13, 30 min on 2027-03-28 to 2027-10-30, "
        "30 min on 2027-11-07 to 2028-03-11 and 2 more; move working hours, or plan the "
        "joint meetings as hand-overs"
    )


def test_an_hour_or_more_does_not_warn() -> None:
    overlaps = all_overlaps([TORONTO, WARSAW], date(2027, 1, 1), date(2027, 12, 31))
    assert overlap_warnings(overlaps, 60, LOC, NAMES) == []
    assert len(overlap_warnings(overlaps, 61, LOC, NAMES)) == 1


def test_three_sites_give_pairs_and_the_group() -> None:
    overlaps = all_overlaps([TORONTO, WARSAW, LONDON], date(2027, 3, 1), date(2027, 4, 10))
    assert list(overlaps) == [("tor", "waw"), ("tor", "lon"), ("waw", "lon"), ("tor", "waw", "lon")]
    assert overlaps["tor", "waw"] == shared_ranges(
        [TORONTO, WARSAW], date(2027, 3, 1), date(2027, 4, 10)
    )
    # London 09:00-17:30 is 09:00-17:30 UTC (GMT), from 28 March 08:00-16:30 UTC (BST): it
    # covers the Toronto-Warsaw window all along, so the group shares that same window.
    group = overlaps["tor", "waw", "lon"]
    assert [(r.first, r.last, r.minutes, r.utc_start, r.utc_end) for r in group] == [
        (date(2027, 3, 1), date(2027, 3, 13), 60, hm("14:00"), hm("15:00")),
        (date(2027, 3, 14), date(2027, 3, 27), 120, hm("13:00"), hm("15:00")),
        (date(2027, 3, 28), date(2027, 4, 10), 60, hm("13:00"), hm("14:00")),
    ]
    assert [dict(r.local) for r in group] == [
        {
            "tor": window("09:00", "10:00"),
            "waw": window("15:00", "16:00"),
            "lon": window("14:00", "15:00"),
        },
        {
            "tor": window("09:00", "11:00"),
            "waw": window("14:00", "16:00"),
            "lon": window("13:00", "15:00"),
        },
        {
            "tor": window("09:00", "10:00"),
            "waw": window("15:00", "16:00"),
            "lon": window("14:00", "15:00"),
        },
    ]
    # Toronto-London: 14:00-17:30 UTC in winter (EST, GMT), 13:00-17:30 UTC from 14 March
    # (EDT, GMT), 13:00-16:30 UTC from 28 March (EDT, BST).
    assert [(r.minutes, r.utc_start, r.utc_end) for r in overlaps["tor", "lon"]] == [
        (210, hm("14:00"), hm("17:30")),
        (270, hm("13:00"), hm("17:30")),
        (210, hm("13:00"), hm("16:30")),
    ]
    # The group is never a warning, only pairs.
    assert overlap_warnings(overlaps, 24 * 60, LOC, NAMES)[-1].message.startswith(
        "sites 'Warsaw centre' and 'London desk'"
    )
    assert len(overlap_warnings(overlaps, 24 * 60, LOC, NAMES)) == 3


def test_two_sites_only_pairs() -> None:
    assert list(all_overlaps([TORONTO, WARSAW], date(2027, 1, 1), date(2027, 1, 1))) == [
        ("tor", "waw")
    ]
    assert all_overlaps([], date(2027, 1, 1), date(2027, 1, 1)) == {}


def test_hours_ending_at_midnight() -> None:
    # London 18:00-24:00 GMT is 18:00-24:00 UTC; Toronto 13:00-20:00 EST is 18:00-01:00 UTC.
    late = site("lon", "Europe/London", "18:00-24:00")
    assert late.hours == Hours(1080, 1440)
    afternoon = site("tor", "America/Toronto", "13:00-20:00")
    day = date(2027, 1, 12)
    assert daily_window([afternoon, late], day) == (utc(day, "18:00"), utc(day, "24:00"))
    assert daily_window([late, afternoon], day) == (utc(day, "18:00"), utc(day, "24:00"))
    [both] = shared_ranges([late, afternoon], day, day)
    assert (both.minutes, both.utc_start, both.utc_end) == (360, hm("18:00"), hm("24:00"))
    assert both.local == {
        "lon": window("18:00", "24:00"),
        "tor": window("13:00", "19:00"),
    }


def test_working_days_on_different_local_dates() -> None:
    # Toronto 12:00-20:00 EST is 17:00-01:00 UTC; Manila 05:00-12:00 (UTC+8) on the next local
    # date is 21:00-04:00 UTC: shared 21:00-01:00 UTC, across UTC midnight.
    afternoon = site("tor", "America/Toronto", "12:00-20:00")
    morning = site("mnl", "Asia/Manila", "05:00-12:00")
    day = date(2027, 1, 12)
    assert daily_window([afternoon, morning], day) == (
        utc(day, "21:00"),
        utc(day + timedelta(days=1), "01:00"),
    )
    [shared] = shared_ranges([afternoon, morning], day, day)
    assert (shared.minutes, shared.utc_start, shared.utc_end) == (240, hm("21:00"), hm("01:00"))
    assert shared.local == {
        "tor": window("16:00", "20:00"),
        "mnl": window("05:00", "09:00", 1),
    }
    # From Manila's side the same hours fall on the date before, at Toronto.
    [back] = shared_ranges([morning, afternoon], day + timedelta(days=1), day + timedelta(days=1))
    assert back.local == {
        "mnl": window("05:00", "09:00"),
        "tor": window("16:00", "20:00", -1),
    }


def test_sites_more_than_a_day_apart() -> None:
    # Kiritimati (UTC+14) 09:00-17:00 is 19:00-03:00 UTC from the date before; Pago Pago
    # (UTC-11) 08:00-16:00 on that date before is 19:00-03:00 UTC too: the same hours.
    kiritimati = site("kir", "Pacific/Kiritimati", "09:00-17:00")
    pago = site("ppg", "Pacific/Pago_Pago", "08:00-16:00")
    day = date(2027, 6, 16)
    before = day - timedelta(days=1)
    assert daily_window([kiritimati, pago], day) == (utc(before, "19:00"), utc(day, "03:00"))
    [shared] = shared_ranges([kiritimati, pago], day, day)
    assert shared.local["ppg"] == window("08:00", "16:00", -1)
    # 25 hours apart: Kiritimati 00:00-02:00 is 10:00-12:00 UTC the date before; Pago Pago
    # 22:00-24:00 two dates before is 09:00-11:00 UTC that same UTC date: 10:00-11:00 shared.
    kiritimati = site("kir", "Pacific/Kiritimati", "00:00-02:00")
    pago = site("ppg", "Pacific/Pago_Pago", "22:00-24:00")
    assert daily_window([kiritimati, pago], day) == (utc(before, "10:00"), utc(before, "11:00"))
    [shared] = shared_ranges([kiritimati, pago], day, day)
    assert shared.local == {
        "kir": window("00:00", "01:00"),
        "ppg": window("23:00", "24:00", -2),
    }


def test_round_the_clock_site_is_at_work_across_its_midnight() -> None:
    # Toronto 09:00-17:00 EDT is 13:00-21:00 UTC, 21:00-05:00 in Manila: all of it is shared
    # with a site that works 00:00-24:00 every day, though it spans two Manila dates.
    always = site("mnl", "Asia/Manila", "00:00-24:00")
    day = date(2027, 7, 12)
    assert daily_window([TORONTO, always], day) == (utc(day, "13:00"), utc(day, "21:00"))
    [shared] = shared_ranges([TORONTO, always], day, day)
    assert shared.minutes == 480
    assert shared.local["mnl"] == window("21:00", "05:00")


def test_two_equally_long_windows_take_the_earlier() -> None:
    # London round the clock is 00:00-24:00 UTC in January; Warsaw 00:00-02:00 (UTC+1) is
    # 23:00-01:00 UTC, so London's day meets two Warsaw spells of an hour each.
    always = site("lon", "Europe/London", "00:00-24:00")
    spell = site("waw", "Europe/Warsaw", "00:00-02:00")
    day = date(2027, 1, 12)
    assert daily_window([always, spell], day) == (utc(day, "00:00"), utc(day, "01:00"))
    [shared] = shared_ranges([always, spell], day, day)
    assert shared.local == {
        "lon": window("00:00", "01:00"),
        "waw": window("01:00", "02:00"),
    }


def test_clock_change_notes() -> None:
    ranges = shared_ranges([TORONTO, WARSAW], date(2027, 1, 1), date(2027, 12, 31))
    assert clock_change_notes(ranges, NAMES) == [
        "14–27 March 2027: 2 h shared instead of 1 h "
        "(Toronto office 09:00–11:00, Warsaw centre 14:00–16:00)",
        "31 October – 6 November 2027: 2 h shared instead of 1 h "
        "(Toronto office 09:00–11:00, Warsaw centre 14:00–16:00)",
    ]
    # Without names the ids are shown.
    assert clock_change_notes(ranges)[0].endswith("(tor 09:00–11:00, waw 14:00–16:00)")
    assert clock_change_notes([]) == []
    assert clock_change_notes(ranges[2:3]) == []


def test_clock_change_notes_same_length_other_local_times() -> None:
    # Manila 03:00-05:00 (UTC+8) is 19:00-21:00 UTC the day before: inside Toronto's day
    # both on EST (14:00-16:00 local) and EDT (15:00-17:00 local, the usual one: 238 days).
    night = site("mnl", "Asia/Manila", "03:00-05:00")
    ranges = shared_ranges([TORONTO, night], date(2027, 1, 1), date(2027, 12, 31))
    assert [r.minutes for r in ranges] == [120, 120, 120]
    assert clock_change_notes(ranges, {"tor": "Toronto", "mnl": "Manila"}) == [
        "1 January – 13 March 2027: 2 h shared as usual, at other local times "
        "(Toronto 14:00–16:00, Manila 03:00–05:00 the next day)",
        "7 November – 31 December 2027: 2 h shared as usual, at other local times "
        "(Toronto 14:00–16:00, Manila 03:00–05:00 the next day)",
    ]


def test_clock_change_notes_nothing_shared() -> None:
    usual = pair_range(
        date(2027, 1, 1), date(2027, 1, 20), 90, (("14:00", "15:30"), "09:00-10:30", "15:00-16:30")
    )
    gap = OverlapRange(("tor", "waw"), date(2027, 1, 21), date(2027, 1, 21), 0, None, None, {})
    assert clock_change_notes([usual, gap]) == [
        "21 January 2027: nothing shared instead of 1 h 30 min"
    ]


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "nothing"), (30, "30 min"), (60, "1 h"), (90, "1 h 30 min"), (600, "10 h")],
)
def test_duration(minutes: int, text: str) -> None:
    assert duration(minutes) == text


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2027, 3, 14), date(2027, 3, 14), "14 March 2027"),
        (date(2027, 3, 14), date(2027, 3, 27), "14–27 March 2027"),
        (date(2027, 3, 28), date(2027, 10, 30), "28 March – 30 October 2027"),
        (date(2027, 12, 28), date(2028, 1, 2), "28 December 2027 – 2 January 2028"),
    ],
)
def test_date_span(first: date, last: date, text: str) -> None:
    assert date_span(first, last) == text


def test_empty_inputs() -> None:
    assert shared_ranges([TORONTO, WARSAW], date(2027, 2, 1), date(2027, 1, 31)) == []
    with pytest.raises(ValueError, match="at least one site"):
        daily_window([], date(2027, 1, 1))


ZONES = [
    "UTC",
    "America/Toronto",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Europe/London",
    "Europe/Warsaw",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Manila",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]


def _sites_at(zones: list[str]) -> list[Site]:
    return [site(f"s{i}", zone, "09:00-17:00") for i, zone in enumerate(zones)]


def test_steady_days_shortcut_matches_day_by_day() -> None:
    # shared_ranges skips days on which no site's offsets change; a day-by-day computation
    # must give the same ranges.
    sites = _sites_at(["America/Toronto", "Europe/Warsaw", "Australia/Lord_Howe"])
    sites.append(site("x", "America/Sao_Paulo", "00:00-24:00"))
    first, last = date(2026, 12, 1), date(2028, 2, 1)
    for group, ranges in all_overlaps(sites, first, last).items():
        chosen = [s for s in sites if s.id in group]
        clocks = [overlap._Clock(s) for s in chosen]
        day_by_day = []
        for n in range((last - first).days + 1):
            day = first + timedelta(days=n)
            key = overlap._key(clocks, day.toordinal())
            day_by_day.append((key.minutes, key.utc_start, key.utc_end, dict(key.local)))
        expanded = [
            (r.minutes, r.utc_start, r.utc_end, r.local) for r in ranges for _ in range(r.days)
        ]
        assert expanded == day_by_day


def test_five_sites_give_ten_pairs_and_the_whole_group() -> None:
    # Speed is measured by `make bench`, not asserted here.
    zones = ["America/Toronto", "Europe/Warsaw", "Asia/Manila", "Australia/Sydney", "UTC"]
    overlaps = all_overlaps(_sites_at(zones), date(2027, 1, 1), date(2031, 12, 31))
    assert len(overlaps) == 11
    assert all(
        ranges[0].first == date(2027, 1, 1) and ranges[-1].last == date(2031, 12, 31)
        for ranges in overlaps.values()
    )


# Property tests. An independent check: walk UTC in 15-minute steps, ask zoneinfo for each
# site's local wall time at that instant (the reverse of the code under test) and see who is
# at work. Hours are drawn in quarter hours and every zone's offsets and changes fall on
# quarter hours, so the steps meet every boundary exactly. Boundaries that fall in a missing
# or repeated local hour are left out (there fold=0 picks one reading on purpose).

STEP = timedelta(minutes=15)
TRANSITIONS = [
    date(2027, 3, 14),
    date(2027, 3, 28),
    date(2027, 4, 4),  # Sydney, Auckland, Lord Howe back to standard time
    date(2027, 9, 26),  # Auckland, Chatham to summer time
    date(2027, 10, 3),  # Sydney to summer time
    date(2027, 10, 31),
    date(2027, 11, 7),
]


@st.composite
def any_hours(draw: st.DrawFn) -> Hours:
    start = draw(st.integers(0, 95)) * 15
    end = draw(st.integers(start // 15 + 1, 96)) * 15
    return Hours(start, end)


# Round the clock, and short spells at either end of the day (which can meet another site's
# working day twice), come up often enough to matter.
hours = st.one_of(
    any_hours(),
    st.sampled_from([Hours(0, 1440), Hours(0, 120), Hours(1320, 1440), Hours(540, 1020)]),
)


@st.composite
def sites(draw: st.DrawFn, count: int) -> list[Site]:
    zones = draw(st.lists(st.sampled_from(ZONES), min_size=count, max_size=count))
    return [
        Site(id=f"s{i}", name=f"s{i}", country="XX", timezone=zone, hours=draw(hours))
        for i, zone in enumerate(zones)
    ]


days = st.one_of(st.dates(date(2025, 1, 1), date(2032, 12, 31)), st.sampled_from(TRANSITIONS))


def _clear_boundaries(members: list[Site], day: date) -> bool:
    """True when no start or end of work near `day` falls in a missing or repeated hour."""
    for member in members:
        zone = ZoneInfo(member.timezone)
        for n in range(-3, 4):
            for minute in (member.hours.start, member.hours.end):
                wall = datetime.combine(day + timedelta(days=n), datetime.min.time())
                wall += timedelta(minutes=minute)
                early, late = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
                if early.utcoffset() != late.utcoffset():
                    return False
    return True


def _at_work(member: Site, instant: datetime, day: date | None) -> bool:
    wall = instant.astimezone(ZoneInfo(member.timezone)).replace(tzinfo=None)
    minute = wall.hour * 60 + wall.minute
    if day is not None and wall.date() != day:
        return False
    return member.hours.start <= minute < member.hours.end


def _brute_force(members: list[Site], day: date) -> tuple[datetime, datetime] | None:
    """The longest run (earliest of equal ones) of steps when all are at work, the first
    site on its local date `day`."""
    best: tuple[datetime, datetime] | None = None
    run_start: datetime | None = None
    instant = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    stop = instant + timedelta(days=3)
    while instant <= stop:
        working = instant < stop and _at_work(members[0], instant, day)
        working = working and all(_at_work(m, instant, None) for m in members[1:])
        if working and run_start is None:
            run_start = instant
        elif not working and run_start is not None:
            if best is None or instant - run_start > best[1] - best[0]:
                best = (run_start, instant)
            run_start = None
        instant += STEP
    return best


@settings(deadline=None, max_examples=300)
@given(members=st.integers(1, 3).flatmap(sites), day=days)
def test_window_matches_brute_force(members: list[Site], day: date) -> None:
    assume(_clear_boundaries(members, day))
    window = daily_window(members, day)
    assert window == _brute_force(members, day)
    [shared] = shared_ranges(members, day, day)
    if window is None:
        assert (shared.minutes, shared.utc_start, shared.local) == (0, None, {})
        return
    start, end = window
    assert shared.minutes * 60 == (end - start).total_seconds() > 0
    assert shared.utc_start == start.hour * 60 + start.minute
    # Each site's local window is the shared window seen on its own clock.
    for member in members:
        local = shared.local[member.id]
        zone = ZoneInfo(member.timezone)
        seen = start.astimezone(zone)
        assert local.start == seen.hour * 60 + seen.minute
        assert seen.date() == day + timedelta(days=local.day_offset)
    assert shared.local[members[0].id].day_offset == 0


@settings(deadline=None, max_examples=150)
@given(members=sites(2), day=days)
def test_window_is_symmetric(members: list[Site], day: date) -> None:
    # With less than 22 working hours between them, a site's working day meets at most one
    # working day of the other, so the pair's window on the first site's date d is the reverse
    # pair's window on the other site's local date at its start (d + its day_offset).
    first, second = members
    assume(first.hours.minutes + second.hours.minutes <= 22 * 60)
    assume(_clear_boundaries(members, day))
    window = daily_window(members, day)
    if window is None:
        return
    [shared] = shared_ranges(members, day, day)
    other_day = day + timedelta(days=shared.local[second.id].day_offset)
    assert daily_window([second, first], other_day) == window


# Zones whose clocks changed in odd ways: Casablanca suspends summer time for Ramadan (two
# changes a month apart), Apia skipped a whole day in December 2011, Santiago and Chatham
# change on southern dates, Troll moves by two hours.
ODD_ZONES = [
    "Africa/Casablanca",
    "Pacific/Apia",
    "America/Santiago",
    "Antarctica/Troll",
    "Europe/Moscow",
]


@settings(deadline=None, max_examples=120)
@given(
    zones=st.lists(st.sampled_from(ZONES + ODD_ZONES), min_size=1, max_size=3),
    chosen_hours=st.lists(hours, min_size=3, max_size=3),
    first=st.one_of(st.dates(date(2009, 1, 1), date(2034, 12, 31)), days),
    length=st.integers(0, 500),
)
def test_skipped_dates_match_day_by_day(
    zones: list[str], chosen_hours: list[Hours], first: date, length: int
) -> None:
    # `_ranges` looks only at the dates near a clock change (`_Clock.unsettled`); walking every
    # date and asking each one's window must give the same ranges, and every date left out
    # must be one on which no clock changed (`_unchanged`), as the day-by-day loop decides.
    members = [
        Site(id=f"s{i}", name=f"s{i}", country="XX", timezone=zone, hours=chosen_hours[i])
        for i, zone in enumerate(zones)
    ]
    last = first + timedelta(days=length)
    ranges = shared_ranges(members, first, last)
    clocks = [overlap._Clock(member) for member in members]
    day_by_day = []
    for n in range(length + 1):
        ordinal = (first + timedelta(days=n)).toordinal()
        key = overlap._key(clocks, ordinal)
        day_by_day.append((key.minutes, key.utc_start, key.utc_end, dict(key.local)))
        for clock in clocks:
            if ordinal not in clock.unsettled(first.toordinal(), last.toordinal()):
                assert overlap._unchanged(clock, ordinal)
    expanded = [(r.minutes, r.utc_start, r.utc_end, r.local) for r in ranges for _ in range(r.days)]
    assert expanded == day_by_day
