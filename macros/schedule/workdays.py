"""Working-day calendars per site and per set of sites, from the `holidays` package.

A date is a working day for a site when it is not in the site's weekend (the `weekend`
override, else `holidays`' `is_weekend()`, which knows regional and historic weekends), not
a public holiday of its country and subdivision (observed days included), and not one of
its `days_off`. A date is a working day for a set of sites when it is one for each of them.

Calendars are built a year at a time and cached; `WorkdayIndex` turns "the N-th working day
after" into index arithmetic, so scheduling never walks day by day per task.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays

from macros.plan.model import WEEKDAYS, Site
from macros.plan.values import FIRST_DATE, LAST_DATE


@dataclass(frozen=True)
class Holiday:
    """A public holiday at a site: English name, local name, and whether it is an estimate."""

    date: date
    site: str
    name: str
    local_name: str
    estimated: bool = False


@cache
def _english(country: str) -> str | None:
    """The English variant `holidays` has for a country, if any."""
    languages = holidays.country_holidays(country).supported_languages
    for preferred in ("en_US", "en_GB", "en_CA", "en"):
        if preferred in languages:
            return preferred
    return next((lang for lang in languages if lang.startswith("en")), None)


@cache
def _estimate_options(country: str) -> tuple[str, ...]:
    """The options of a country's calendar that label its estimated dates, such as
    `islamic_show_estimated` (from `get_supported_options()`, public in `holidays`)."""
    options = holidays.country_holidays(country).get_supported_options()
    return tuple(sorted(name for name in options if name.endswith("_show_estimated")))


def _names(entity: Any, day: date) -> list[str]:
    """A date's holiday names: `holidays` joins them with '; '."""
    return str(entity[day]).split("; ") if day in entity else []


def _label_pattern(entity: Any) -> re.Pattern[str] | None:
    """The calendar's own "%s (estimated)" label, in its language, as a pattern.

    Dates of the Chinese and other calendars past `holidays`' tables (Chinese New Year in
    Malaysia, Vesak in Singapore) carry this label with no option to turn it off: the one
    place the label's text is read. `estimated_label` and `tr` are public attributes.
    """
    label = getattr(entity, "estimated_label", None)
    if label and hasattr(entity, "tr"):
        label = entity.tr(label)
    if not label or "%s" not in label:
        return None
    return re.compile("^" + re.escape(label).replace("%s", "(.*)") + "$")


def _estimates(plain: Any, labelled: Any, day: date) -> list[tuple[str, bool]]:
    """A date's holiday names in one language, each with whether it is an estimate: a
    name the `*_show_estimated` options change (`plain` without the label, `labelled`
    with it), or one that still carries the calendar's own label."""
    names = _names(plain, day)
    shown = _names(labelled, day) if labelled is not plain else names
    if len(shown) != len(names):
        shown = names
    pattern = _label_pattern(plain)
    out = []
    for name, label in zip(names, shown, strict=True):
        found = pattern.match(name) if pattern else None
        out.append((found.group(1), True) if found else (name, name != label))
    return out


@dataclass
class SiteCalendar:
    """One site's working days and weekend days, computed a year at a time.

    The weekend is decided here, once per date, and kept: the views ask `is_weekend` and
    `weekend` rather than guess it from the days the site does not work.
    """

    site: Site
    _years: dict[int, bytearray] = field(default_factory=dict, repr=False)
    _weekends: dict[int, bytearray] = field(default_factory=dict, repr=False)
    _holidays: dict[int, list[Holiday]] = field(default_factory=dict, repr=False)

    def _entity(self, year: int, language: str | None, estimates: bool = False) -> Any:
        """The country's holidays for `year`, named in `language`; a name says "estimated"
        only when `estimates` is true."""
        options: dict[str, Any] = dict.fromkeys(_estimate_options(self.site.country), estimates)
        return holidays.country_holidays(
            self.site.country,
            subdiv=self.site.subdivision,
            years=year,
            language=language,
            **options,
        )

    def _load(self, year: int) -> None:
        english_code = _english(self.site.country)
        english = self._entity(year, english_code)
        local = self._entity(year, self.site.language) if self.site.language else english
        weekends = bytearray(366 if _leap(year) else 365)
        first = date(year, 1, 1)
        override = self.site.weekend
        weekend = {WEEKDAYS.index(d) for d in override} if override is not None else None
        for offset in range(len(weekends)):
            day = first + timedelta(days=offset)
            is_weekend = day.weekday() in weekend if weekend is not None else local.is_weekend(day)
            weekends[offset] = is_weekend
        days = bytearray(1 - flag for flag in weekends)
        # Dates a calendar only estimates (lunar ones) are told in each language by their
        # names: they differ when the calendar is asked to label estimates.
        labels = bool(_estimate_options(self.site.country))
        english_labelled = self._entity(year, english_code, estimates=True) if labels else english
        if not self.site.language:
            local_labelled = english_labelled
        elif labels:
            local_labelled = self._entity(year, self.site.language, estimates=True)
        else:
            local_labelled = local
        found: list[Holiday] = []
        for day in sorted(local):
            if day.year != year:
                continue
            days[(day - first).days] = 0
            local_names = _estimates(local, local_labelled, day)
            english_names = _estimates(english, english_labelled, day) or local_names
            if len(english_names) != len(local_names):
                english_names = local_names
            # Paired by position: `holidays` sorts a date's names in each language, so two
            # holidays on one date may pair across; a date is an estimate if either says so.
            for (en, en_guess), (loc, loc_guess) in zip(english_names, local_names, strict=True):
                found.append(Holiday(day, self.site.id, en, loc, en_guess or loc_guess))
        for day in self.site.days_off:
            if day.year == year:
                days[(day - first).days] = 0
        self._years[year] = days
        self._weekends[year] = weekends
        self._holidays[year] = found

    def year(self, year: int) -> bytearray:
        """One byte per day of `year`: 1 for a working day, 0 otherwise."""
        if year not in self._years:
            self._load(year)
        return self._years[year]

    def is_working(self, day: date) -> bool:
        return bool(self.year(day.year)[day.timetuple().tm_yday - 1])

    def is_weekend(self, day: date) -> bool:
        """Whether `day` falls on the site's weekend (the `weekend` it sets, else the one
        `holidays` knows for its country and that date), holiday or not."""
        self.year(day.year)
        return bool(self._weekends[day.year][day.timetuple().tm_yday - 1])

    def weekend(self, first: date, last: date) -> tuple[int, ...]:
        """The weekdays (0 is Monday) that are weekend days on every date from `first` to
        `last` they fall on, in order: the site's weekend over those dates."""
        found = []
        for weekday in range(7):
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            if day > last:
                continue
            while day <= last and self.is_weekend(day):
                day += timedelta(days=7)
            if day > last:
                found.append(weekday)
        return tuple(found)

    def holidays(self, first: date, last: date) -> list[Holiday]:
        """Public holidays from `first` to `last`, inclusive."""
        out: list[Holiday] = []
        for year in range(first.year, last.year + 1):
            self.year(year)
            out.extend(h for h in self._holidays[year] if first <= h.date <= last)
        return out

    def days_off(self, first: date, last: date) -> list[date]:
        return [d for d in self.site.days_off if first <= d <= last]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class OutsideWindow(ValueError):
    """A calendar question reached past the years a plan can use (see `FIRST_DATE`)."""


MIN_YEAR = FIRST_DATE.year - 1
MAX_YEAR = LAST_DATE.year + 1
"""The years an index may cover: the plan's window and a year either side, for the views
that show a little before a plan's first date or after its last."""


class WorkdayIndex:
    """The working days common to a set of sites, as a sorted list with O(1) rank lookup.

    `rank(d)` counts the working days from the first day of the year the index was made
    around up to `d` (negative before it); `day(i)` is the working day of rank `i`. Ranks
    stay the same as the covered range grows, backwards and forwards, as queries need it:
    a quarter at least each time, and never past `MIN_YEAR` and `MAX_YEAR` (OutsideWindow).
    """

    def __init__(self, calendars: Iterable[SiteCalendar], around: date) -> None:
        self.calendars = tuple(calendars)
        year = min(max(around.year, MIN_YEAR), MAX_YEAR)
        self._first_year = self._last_year = year
        self._origin = date(year, 1, 1).toordinal()  # rank 0 counts from here
        self._days: list[int] = []  # ordinals of working days
        self._before: list[int] = []  # per day from base: working days before it
        self._base = self._last = 0  # ordinals of the first and last day covered
        self._skip = 0  # working days from base to the origin
        self._rebuild()

    def _rebuild(self) -> None:
        base = date(self._first_year, 1, 1).toordinal()
        end = date(self._last_year, 12, 31).toordinal()
        flags = bytearray(b"\x01") * (end - base + 1)
        for calendar in self.calendars:
            offset = 0
            for year in range(self._first_year, self._last_year + 1):
                year_flags = calendar.year(year)
                for i, value in enumerate(year_flags):
                    if not value:
                        flags[offset + i] = 0
                offset += len(year_flags)
        days = [base + i for i, value in enumerate(flags) if value]
        before = [0] * (len(flags) + 1)
        count = 0
        for i, value in enumerate(flags):
            before[i] = count
            count += value
        before[len(flags)] = count
        self._base, self._days, self._before = base, days, before
        self._last = end
        self._skip = before[self._origin - base]

    def _grow(self, first_year: int, last_year: int) -> None:
        """Cover at least `first_year` to `last_year`, growing by a quarter of the range
        at least: a long plan asks year after year, and each growth rebuilds the index."""
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise OutsideWindow(
                f"working days are known from {FIRST_DATE.isoformat()} to "
                f"{LAST_DATE.isoformat()} only"
            )
        span = (self._last_year - self._first_year + 1) // 4
        if first_year < self._first_year:
            first_year = max(MIN_YEAR, min(first_year, self._first_year - span))
        if last_year > self._last_year:
            last_year = min(MAX_YEAR, max(last_year, self._last_year + span))
        first_year, last_year = min(first_year, self._first_year), max(last_year, self._last_year)
        if (first_year, last_year) != (self._first_year, self._last_year):
            self._first_year, self._last_year = first_year, last_year
            self._rebuild()

    def _cover(self, ordinal: int) -> None:
        if not self._base <= ordinal <= self._last:
            year = date.fromordinal(max(1, ordinal)).year
            self._grow(year, year)

    def rank(self, day: date) -> int:
        """How many working days come from the index's origin up to `day` (negative before)."""
        ordinal = day.toordinal()
        if not self._base <= ordinal <= self._last:
            self._cover(ordinal)
        return self._before[ordinal - self._base] - self._skip

    def day(self, index: int) -> date:
        """The working day with rank `index`, growing the range as needed."""
        while index + self._skip >= len(self._days):
            self._grow(self._first_year, self._last_year + 1)
        while index + self._skip < 0:
            self._grow(self._first_year - 1, self._last_year)
        return date.fromordinal(self._days[index + self._skip])

    def is_working(self, day: date) -> bool:
        ordinal = day.toordinal()
        self._cover(ordinal)
        i = bisect.bisect_left(self._days, ordinal)
        return i < len(self._days) and self._days[i] == ordinal

    def on_or_after(self, day: date) -> date:
        return self.day(self.rank(day))

    def after(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.day(self.rank(day + timedelta(days=1)))

    def on_or_before(self, day: date) -> date:
        """The last working day on or before `day`."""
        return self.day(self.rank(day + timedelta(days=1)) - 1)

    def before(self, day: date) -> date:
        """The last working day strictly before `day`."""
        return self.day(self.rank(day) - 1)

    def shift(self, day: date, count: int) -> date:
        """The working day `count` working days after working day `day` (may be negative)."""
        return self.day(self.rank(day) + count)

    def between(self, first: date, last: date) -> int:
        """Working days from `first` to `last` inclusive; negative when `last` < `first`."""
        if last >= first:
            return self.rank(last + timedelta(days=1)) - self.rank(first)
        return -(self.rank(first + timedelta(days=1)) - self.rank(last))

    def iter_days(self, first: date, last: date) -> Iterator[date]:
        index = self.rank(first)
        while (day := self.day(index)) <= last:
            yield day
            index += 1


class Calendars:
    """Every site's calendar and the indexes of the site sets a plan uses, cached."""

    def __init__(self, sites: Mapping[str, Site], around: date) -> None:
        self.sites = sites
        self.around = around
        self.site = {site_id: SiteCalendar(site) for site_id, site in sites.items()}
        self._indexes: dict[frozenset[str], WorkdayIndex] = {}

    def index(self, site_ids: Iterable[str]) -> WorkdayIndex:
        key = frozenset(site_ids)
        if key not in self._indexes:
            ordered = [self.site[s] for s in self.sites if s in key]
            self._indexes[key] = WorkdayIndex(ordered, self.around)
        return self._indexes[key]
