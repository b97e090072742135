"""Shared working hours between sites, right across daylight-saving changes.

Each site works its `hours` in its own time zone. For a reference date (the local date at the
first site of a group) the shared window is the UTC interval when every site of the group is at
work. Each site's local start and end of work are converted to UTC separately, so a day on
which the clocks change gets that day's offsets at those times (`fold=0` for ambiguous and
missing local times, as `zoneinfo` does by default).

Instants are seconds on the scale of `macros.schedule.clock`, which does every conversion
between local time and UTC; here the daily work is integer arithmetic, and each site's clock
is asked for two UTC offsets per local date, kept. Times of day are minutes after midnight
(1440 is 24:00), written as text only where they are shown. Weekends and holidays are not
considered here: that is the calendar's job; this module is about clocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import NamedTuple
from zoneinfo import ZoneInfo

from macros.plan.model import Site
from macros.plan.problems import Loc, Problem, Severity
from macros.plan.wording import MONTHS, hhmm
from macros.schedule import clock
from macros.schedule.clock import DAY

REACH = 2
"""Working days of the other sites considered on each side of the reference date.

One day either side is enough unless two sites are more than 24 hours apart (such as
Pacific/Kiritimati, UTC+14, and Pacific/Pago_Pago, UTC-11); two days cover every zone.
"""


ADVICE = "move working hours, or plan the joint meetings as hand-overs"
SPELLED_OUT = 3
"""Date ranges a warning names before it says "and N more"."""


@dataclass(frozen=True)
class LocalWindow:
    """One site's view of a shared window, in the site's own local time.

    Attributes:
        start: Minutes after local midnight at the site when the shared window starts.
        end: Minutes after local midnight when it ends; 1440 (24:00) when it ends at local
            midnight. It is earlier than `start` only when the window runs on past local
            midnight, which only a site that works until 24:00 and again from 00:00 allows.
        day_offset: The site's local date at the start of the window minus the range's
            reference date: -1, 0 or +1 (+-2 only for sites more than a day apart). Always 0
            for the first site of the group.
    """

    start: int
    end: int
    day_offset: int

    def __str__(self) -> str:
        """ "09:00–10:00", "05:00–09:00 the next day"."""
        return f"{hhmm(self.start)}–{hhmm(self.end)}{_day_note(self.day_offset)}"


@dataclass(frozen=True)
class OverlapRange:
    """Consecutive reference dates with the same shared window.

    Attributes:
        sites: Site ids, in plan order (a pair, or all sites); the first one fixes the
            reference date.
        first: First reference date of the range (inclusive).
        last: Last reference date of the range (inclusive).
        minutes: Shared minutes per day in this range (0 = nothing shared).
        utc_start: Minutes after UTC midnight when the shared window starts, None when
            nothing is shared.
        utc_end: Minutes after UTC midnight when it ends (1440 at midnight; earlier than
            `utc_start` when the window runs past UTC midnight), None when nothing is shared.
        local: Site id -> the window in that site's local time; empty when nothing is shared.
    """

    sites: tuple[str, ...]
    first: date
    last: date
    minutes: int
    utc_start: int | None
    utc_end: int | None
    local: Mapping[str, LocalWindow] = field(hash=False)

    @property
    def days(self) -> int:
        """The number of dates in the range."""
        return (self.last - self.first).days + 1


class _Work(NamedTuple):
    """A site's working interval on one local date, in UTC seconds, with the offsets used."""

    start: int
    end: int
    start_offset: int
    end_offset: int


class _Clock:
    """One site's working intervals in UTC, from `clock`, computed once per local date
    and kept."""

    __slots__ = ("_spans", "_steady", "_unsettled", "_work", "site", "zone")

    def __init__(self, site: Site) -> None:
        self.site = site
        self.zone = ZoneInfo(site.timezone)
        self._work: dict[int, _Work] = {}
        self._spans: dict[int, tuple[tuple[int, int], ...]] = {}
        self._steady: dict[int, int | None] = {}
        self._unsettled: dict[tuple[int, int], frozenset[int]] = {}

    def work(self, ordinal: int) -> _Work:
        """The working interval on the local date with this ordinal (may be empty or reversed
        when a working-hours boundary falls in a clock change's missing hour)."""
        found = self._work.get(ordinal)
        if found is None:
            hours = self.site.hours
            start_offset = clock.utc_offset(self.zone, ordinal, hours.start)
            end_offset = clock.utc_offset(self.zone, ordinal, hours.end)
            base = ordinal * DAY
            found = _Work(
                base + hours.start * 60 - start_offset,
                base + hours.end * 60 - end_offset,
                start_offset,
                end_offset,
            )
            self._work[ordinal] = found
        return found

    def spans(self, ordinal: int) -> tuple[tuple[int, int], ...]:
        """When the site is at work around a reference date: its working intervals on the
        dates `ordinal - REACH` to `ordinal + REACH`, in order, touching ones joined."""
        found = self._spans.get(ordinal)
        if found is None:
            merged: list[tuple[int, int]] = []
            for day in range(ordinal - REACH, ordinal + REACH + 1):
                start, end, _, _ = self.work(day)
                if end <= start:
                    continue
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            found = tuple(merged)
            self._spans[ordinal] = found
        return found

    def steady(self, ordinal: int) -> int | None:
        """The UTC offset at every start and end of work on the dates `ordinal - REACH` to
        `ordinal + REACH`, or None when they are not all the same (a clock change is near)."""
        if ordinal not in self._steady:
            offsets: set[int] = set()
            for day in range(ordinal - REACH, ordinal + REACH + 1):
                work = self.work(day)
                offsets.update((work.start_offset, work.end_offset))
            self._steady[ordinal] = offsets.pop() if len(offsets) == 1 else None
        return self._steady[ordinal]

    def unsettled(self, first: int, last: int) -> frozenset[int]:
        """The reference dates from `first` to `last` on which `_unchanged` may be False.

        Asking `_unchanged` of every date of a plan (years, for each group of sites) took most
        of the time of `all_overlaps`. Instead, the UTC offsets at the start and at the end of
        work are sampled for every date in one tight loop, the same wall times as `work` asks
        (`fold=0`), so nothing depends on how zoneinfo stores its clock changes. A date whose
        two offsets differ, or whose start offset differs from the day before's, is a break;
        `steady` of the dates `d - 1` and `d` looks at the dates `d - REACH - 1` to `d + REACH`,
        so only dates within that reach of a break can change. More dates than needed is
        fine: they are asked `_unchanged` as before.
        """
        found = self._unsettled.get((first, last))
        if found is None:
            low = first - REACH - 1
            count = last + REACH - low + 1
            starts = clock.utc_offsets(self.zone, low, count, self.site.hours.start)
            ends = clock.utc_offsets(self.zone, low, count, self.site.hours.end)
            dates: set[int] = set()
            previous: int | None = None
            for day, start, end in zip(range(low, low + count), starts, ends, strict=True):
                if start != end or start != previous:  # always on `low`: nothing before it
                    dates.update(range(max(first, day - REACH), min(last, day + REACH + 1) + 1))
                previous = start
            found = frozenset(dates)
            self._unsettled[first, last] = found
        return found

    def local(self, instant: int, ordinal: int) -> int:
        """The local time (same scale) at a UTC instant near the reference date `ordinal`."""
        for day in range(ordinal - REACH, ordinal + REACH + 1):
            start, end, start_offset, end_offset = self.work(day)
            if start <= instant <= end and start_offset == end_offset:
                return instant + start_offset  # no clock change during that working day
        return clock.to_local(self.zone, instant)


def _clocks(sites: Sequence[Site]) -> tuple[_Clock, ...]:
    if not sites:
        raise ValueError("shared hours need at least one site")
    return tuple(_Clock(site) for site in sites)


def _intersect(
    pieces: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of `pieces` that lie inside `spans`, both sorted and disjoint."""
    out = []
    for a_start, a_end in pieces:
        for b_start, b_end in spans:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return out


def _window(clocks: Sequence[_Clock], ordinal: int) -> tuple[int, int] | None:
    """The shared UTC interval on a reference date, as seconds, or None."""
    start, end, _, _ = clocks[0].work(ordinal)
    pieces = [(start, end)] if start < end else []
    for other in clocks[1:]:
        if not pieces:
            break
        pieces = _intersect(pieces, other.spans(ordinal))
    if not pieces:
        return None
    # The longest piece; of equally long ones, the earliest.
    return max(pieces, key=lambda piece: (piece[1] - piece[0], -piece[0]))


def daily_window(sites: Sequence[Site], day: date) -> tuple[datetime, datetime] | None:
    """The UTC interval on reference date `day` when every site in `sites` is at work.

    `day` is the local date at the first site. The other sites' working intervals on the
    dates around it (one, or for sites more than a day apart two, either side) are
    considered, so sites whose working days fall on different local dates still find their
    shared hours. A site that works until 24:00 and from 00:00 is at work across its
    midnight. When several separate shared intervals exist, the longest one (the earliest of
    equally long ones) is returned; all lie inside the first site's working interval on `day`.

    Args:
        sites: The sites, the first one fixing the reference date.
        day: The reference date.

    Returns:
        The shared interval as two aware UTC datetimes (start inclusive, end exclusive), or
        None when the sites share no working time on that date.

    Raises:
        ValueError: When `sites` is empty.
    """
    window = _window(_clocks(sites), day.toordinal())
    return (
        None if window is None else (clock.utc_datetime(window[0]), clock.utc_datetime(window[1]))
    )


def _minute(instant: int) -> int:
    """The minute of its day at which `instant` falls (seconds dropped)."""
    return instant % DAY // 60


def _local_window(site_clock: _Clock, window: tuple[int, int], ordinal: int) -> LocalWindow:
    start = site_clock.local(window[0], ordinal)
    end = site_clock.local(window[1], ordinal)
    start_day, end_day = start // DAY, end // DAY
    end_minute = 1440 if end % DAY == 0 and end_day == start_day + 1 else _minute(end)
    return LocalWindow(_minute(start), end_minute, start_day - ordinal)


class _Key(NamedTuple):
    """Everything that makes one date's window equal to the next one's."""

    minutes: int
    utc_start: int | None
    utc_end: int | None
    local: tuple[tuple[str, LocalWindow], ...]


_NOTHING = _Key(0, None, None, ())


def _key(clocks: Sequence[_Clock], ordinal: int) -> _Key:
    window = _window(clocks, ordinal)
    if window is None:
        return _NOTHING
    start, end = window
    return _Key(
        (end - start) // 60,
        _minute(start),
        1440 if end % DAY == 0 and end > start else _minute(end),
        tuple((c.site.id, _local_window(c, window, ordinal)) for c in clocks),
    )


def _unchanged(site_clock: _Clock, ordinal: int) -> bool:
    offset = site_clock.steady(ordinal)
    return offset is not None and offset == site_clock.steady(ordinal - 1)


def _ranges(clocks: Sequence[_Clock], first: date, last: date) -> list[OverlapRange]:
    ids = tuple(c.site.id for c in clocks)

    def close(start: int, end: int, key: _Key) -> OverlapRange:
        return OverlapRange(
            sites=ids,
            first=date.fromordinal(start),
            last=date.fromordinal(end),
            minutes=key.minutes,
            utc_start=key.utc_start,
            utc_end=key.utc_end,
            local=dict(key.local),
        )

    ranges: list[OverlapRange] = []
    run_key: _Key | None = None
    run_start, stop = first.toordinal(), last.toordinal()
    # The dates skipped here are ones on which every clock is `_unchanged`: the loop below
    # would pass over them too. The first date is always looked at, to start the first run.
    dates = (
        sorted({run_start}.union(*(c.unsettled(run_start, stop) for c in clocks)))
        if run_start <= stop
        else []
    )
    for ordinal in dates:
        if run_key is not None and all(_unchanged(c, ordinal) for c in clocks):
            continue  # the same hours at the same offsets as yesterday: the same window
        key = _key(clocks, ordinal)
        if key != run_key:
            if run_key is not None:
                ranges.append(close(run_start, ordinal - 1, run_key))
            run_key, run_start = key, ordinal
    if run_key is not None:
        ranges.append(close(run_start, last.toordinal(), run_key))
    return ranges


def shared_ranges(sites: Sequence[Site], first: date, last: date) -> list[OverlapRange]:
    """The shared window of `sites` on each date from `first` to `last`, as ranges.

    Consecutive dates with the same window (minutes, UTC times and every site's local times)
    form one range.

    Args:
        sites: The sites, the first one fixing the reference date (see `daily_window`).
        first: The first reference date (inclusive).
        last: The last reference date (inclusive).

    Returns:
        The ranges in date order, covering every date from `first` to `last` (none when
        `last` is before `first`).

    Raises:
        ValueError: When `sites` is empty.
    """
    return _ranges(_clocks(sites), first, last)


def all_overlaps(
    sites: Sequence[Site], first: date, last: date
) -> dict[tuple[str, ...], list[OverlapRange]]:
    """Shared ranges for every pair of sites and, with three or more sites, for all of them.

    Args:
        sites: The plan's sites, in plan order.
        first: The first reference date (inclusive).
        last: The last reference date (inclusive).

    Returns:
        Site ids -> `shared_ranges`: the pairs in plan order (first site i, second site j,
        i < j), then the tuple of all site ids when there are three or more sites.
    """
    if not sites:
        return {}
    clocks = _clocks(sites)  # shared, so each site's hours are converted once per date
    groups: list[tuple[_Clock, ...]] = [
        (clocks[i], clocks[j]) for i, j in combinations(range(len(clocks)), 2)
    ]
    if len(clocks) >= 3:
        groups.append(clocks)
    return {tuple(c.site.id for c in group): _ranges(group, first, last) for group in groups}


def duration(minutes: int) -> str:
    """Minutes as people say them: "1 h 30 min", "2 h", "45 min", "nothing" for 0."""
    if minutes <= 0:
        return "nothing"
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return " ".join(parts)


def date_span(first: date, last: date) -> str:
    """A date range as a heading would write it: "14–27 March 2027", "14 March 2027",
    "28 March – 30 October 2027", "28 December 2027 – 2 January 2028"."""
    if first == last:
        return f"{first.day} {MONTHS[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return (
            f"{first.day} {MONTHS[first.month - 1]} – {last.day} {MONTHS[last.month - 1]} "
            f"{last.year}"
        )
    return f"{date_span(first, first)} – {date_span(last, last)}"


def _day_note(offset: int) -> str:
    if offset == 0:
        return ""
    if offset in (-1, 1):
        return " the day before" if offset < 0 else " the next day"
    return f" {abs(offset)} days {'before' if offset < 0 else 'later'}"


def experience(item: OverlapRange) -> tuple[object, ...]:
    """What people at the sites notice of a window: its length and their local times (two
    ranges whose windows only move in UTC are the same to them)."""
    return (item.minutes, tuple(item.local.items()))


def usual_window(ranges: Sequence[OverlapRange]) -> OverlapRange | None:
    """The first range of the window that holds on most dates (by minutes and local times)."""
    days: dict[tuple[object, ...], int] = {}
    firsts: dict[tuple[object, ...], OverlapRange] = {}
    for item in ranges:
        key = experience(item)
        days[key] = days.get(key, 0) + item.days
        firsts.setdefault(key, item)
    if not days:
        return None
    return firsts[max(days, key=lambda key: days[key])]  # ties: the first seen


def clock_change_notes(
    ranges: Sequence[OverlapRange], names: Mapping[str, str] | None = None
) -> list[str]:
    """Notes for the ranges whose window differs from the one that holds on most dates.

    A range differs when its shared minutes or any site's local times differ; a window that
    only moves in UTC (both sites change their clocks together) is no news to anyone.

    Args:
        ranges: One group's ranges, as from `shared_ranges`.
        names: Site id -> the name to show; the id when missing.

    Returns:
        One note per differing range, in date order, such as
        "14–27 March 2027: 2 h shared instead of 1 h (Toronto 09:00–11:00,
        Warsaw 14:00–16:00)".
    """
    usual = usual_window(ranges)
    if usual is None:
        return []
    names = names or {}
    notes = []
    for item in ranges:
        if experience(item) == experience(usual):
            continue
        if item.minutes != usual.minutes:
            what = f"{duration(item.minutes)} shared instead of {duration(usual.minutes)}"
        else:
            what = f"{duration(item.minutes)} shared as usual, at other local times"
        where = ", ".join(
            f"{names.get(site, site)} {window}" for site, window in item.local.items()
        )
        notes.append(
            f"{date_span(item.first, item.last)}: {what}" + (f" ({where})" if where else "")
        )
    return notes


def overlap_warnings(
    overlaps: Mapping[tuple[str, ...], Sequence[OverlapRange]],
    minimum_minutes: int,
    loc: Loc,
    names: Mapping[str, str],
) -> list[Problem]:
    """A warning per pair of sites that shares less than `minimum_minutes` on some dates.

    Groups of more than two sites are skipped: a short all-sites window is normal and the
    pairs already tell which sites are far apart.

    Args:
        overlaps: Site ids -> ranges, as from `all_overlaps`.
        minimum_minutes: The shared minutes a day a pair needs; less, or nothing, warns.
        loc: Where the warnings point.
        names: Site id -> the site's name; the id when missing.

    Returns:
        Severity.WARNING problems, in the order of `overlaps`.
    """
    problems = []
    for sites, ranges in overlaps.items():
        if len(sites) != 2:
            continue
        short = [r for r in ranges if r.minutes < minimum_minutes or r.minutes == 0]
        if not short:
            continue
        items = [
            f"{'no time' if r.minutes == 0 else duration(r.minutes)} on {_iso_span(r)}"
            for r in short[:SPELLED_OUT]
        ]
        listed = ", ".join(items)
        if len(short) > SPELLED_OUT:
            listed += f" and {len(short) - SPELLED_OUT} more"
        first, second = (names.get(site, site) for site in sites)
        need = (
            f"less than {duration(minimum_minutes)} of" if minimum_minutes > 0 else "no"
        ) + " working time a day"
        problems.append(
            Problem(
                loc,
                f"sites {first!r} and {second!r} share {need}: {listed}; {ADVICE}",
                Severity.WARNING,
            )
        )
    return problems


def _iso_span(item: OverlapRange) -> str:
    if item.first == item.last:
        return item.first.isoformat()
    return f"{item.first.isoformat()} to {item.last.isoformat()}"
