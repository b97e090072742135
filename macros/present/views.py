"""Calendar views of a plan: holidays per site, a month grid and the shared working hours.

Each view is a pure function of a `PlanResult` (and, for the month grid, the build's date)
that prepares plain data and renders it through `render.render`, so every plan value is
escaped by Jinja's autoescape (or built with `render.Snippet`, which escapes too). Nothing
here imports MkDocs; `site_pages.PlanPages` offers the views as macros with page links.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from babel import Locale
from markupsafe import Markup

from macros.plan.model import WEEKDAYS, Site, Weekday
from macros.plan.wording import DAY_NAMES, MONTHS, hhmm, longdate
from macros.present.render import Snippet, joined, render
from macros.schedule.clock import utc_minute
from macros.schedule.overlap import (
    LocalWindow,
    OverlapRange,
    clock_change_notes,
    date_span,
    duration,
    experience,
    usual_window,
)
from macros.schedule.result import PlanResult

LABEL_CHARS = 8
"""Longest site id shown whole as a chip or lane label; longer ones end in an ellipsis."""


def default_task_href(task_id: str) -> str:
    """The link to a task from a page beside the timeline page."""
    return f"../timeline/#task-{task_id}"


# -- words ------------------------------------------------------------------------------------
def day_text(day: date) -> str:
    """ "Monday 15 February 2027"."""
    return longdate(day)


def short_day_text(day: date) -> str:
    """ "Mon 15 Feb 2027"."""
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def and_join(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def short_label(site_id: str) -> str:
    """A site id short enough for a chip or a lane label."""
    if len(site_id) <= LABEL_CHARS:
        return site_id
    return site_id[: LABEL_CHARS - 1] + "…"


@cache
def country_name(code: str) -> str:
    """A country's English name from CLDR, through Babel ("SA" -> "Saudi Arabia"); an
    alias `holidays` accepts ("UK") is named as the country it stands for."""
    try:
        country = holidays.country_holidays(code).country
    except NotImplementedError:  # the loader refuses a country `holidays` does not know
        return code
    return str(Locale("en").territories.get(country, country))


@cache
def subdivision_name(country: str, code: str) -> str:
    """The first name `holidays` knows for a subdivision code ("ON" -> "Ontario")."""
    try:
        aliases = holidays.country_holidays(country).get_subdivision_aliases()
    except NotImplementedError:  # pragma: no cover - the loader checks country codes
        return code
    names = aliases.get(code, ())
    # Some aliases are other codes ("GP" for FR-971): the first that reads as a name.
    return next((n for n in names if not (n.isupper() and len(n) <= 3)), code)


def place(site: Site) -> str:
    """ "Canada, Ontario (CA-ON)" or "Poland (PL)"."""
    name = country_name(site.country)
    if site.subdivision:
        sub = subdivision_name(site.country, site.subdivision)
        return f"{name}, {sub} ({site.country}-{site.subdivision})"
    return f"{name} ({site.country})"


def weekend_days(result: PlanResult, site_id: str) -> tuple[Weekday, ...]:
    """The site's weekend over the plan's window, Monday first: the weekdays its calendar
    has as weekend days all through the window's weeks (Monday to Sunday)."""
    monday = result.first - timedelta(days=result.first.weekday())
    sunday = result.last + timedelta(days=6 - result.last.weekday())
    return tuple(WEEKDAYS[i] for i in result.calendars.site[site_id].weekend(monday, sunday))


def weekend_text(days: Iterable[Weekday]) -> str:
    """ "Saturday and Sunday", "Friday and Saturday", "none" for a site that works daily."""
    names = [DAY_NAMES[WEEKDAYS.index(d)] for d in days]
    return and_join(names) if names else "none: the site works every day"


def _lower_first(title: str) -> str:
    """A title inside a sentence: "Training and X" -> "training and X"; "SAP x" unchanged."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


# -- holidays by site -------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskLink:
    id: str
    title: str
    href: str


@dataclass(frozen=True)
class ClosedDay:
    """A public holiday or a company day off at one site, with the tasks it falls into."""

    date: date
    site: Site
    name: str
    local_name: str | None  # only when it differs from `name`
    estimated: bool
    day_off: bool
    on_weekend: bool
    tasks: tuple[TaskLink, ...]

    @property
    def day(self) -> str:
        return short_day_text(self.date)

    @property
    def long_day(self) -> str:
        return day_text(self.date)


@dataclass(frozen=True)
class SiteHolidays:
    site: Site
    place: str
    weekend: str
    closed: tuple[ClosedDay, ...]


@dataclass(frozen=True)
class TrainingCallout:
    title: str
    first: date
    last: date
    span: str
    closed: tuple[ClosedDay, ...]


def _touched(
    result: PlanResult, site_id: str, days: Iterable[date], href: Callable[[str], str]
) -> dict[date, tuple[TaskLink, ...]]:
    """For each of `days`, the site's tasks under way that day, in plan order.

    One pass over the tasks, finding the days inside each task's dates by bisection,
    rather than one pass over every task for each day.
    """
    ordered = sorted(set(days))
    found: dict[date, list[TaskLink]] = {day: [] for day in ordered}
    for task in result.plan.tasks:
        st = result.schedule[task.id]
        if site_id not in st.sites:
            continue
        first = bisect_left(ordered, st.start)
        last = bisect_right(ordered, st.end)
        if first < last:
            link = TaskLink(task.id, task.title, href(task.id))
            for day in ordered[first:last]:
                found[day].append(link)
    return {day: tuple(links) for day, links in found.items()}


def closed_days(
    result: PlanResult, site_id: str, task_href: Callable[[str], str] = default_task_href
) -> tuple[ClosedDay, ...]:
    """A site's public holidays and days off within the plan window, in date order."""
    site = result.plan.sites[site_id]
    cal = result.calendars.site[site_id]
    holidays = [h for h in result.holidays if h.site == site_id]
    days_off = sorted(cal.days_off(result.first, result.last))
    touched = _touched(result, site_id, [*(h.date for h in holidays), *days_off], task_href)
    found = [
        ClosedDay(
            date=h.date,
            site=site,
            name=h.name,
            local_name=h.local_name if h.local_name != h.name else None,
            estimated=h.estimated,
            day_off=False,
            on_weekend=cal.is_weekend(h.date),
            tasks=touched[h.date],
        )
        for h in holidays
    ]
    found.extend(
        ClosedDay(
            date=day,
            site=site,
            name="Company day off",
            local_name=None,
            estimated=False,
            day_off=True,
            on_weekend=cal.is_weekend(day),
            tasks=touched[day],
        )
        for day in days_off
    )
    found.sort(key=lambda c: (c.date, c.day_off))
    return tuple(found)


def training_window(result: PlanResult) -> tuple[date, date] | None:
    """From the first start to the last end of the tasks in training phases, if any."""
    training = {p.id for p in result.plan.phases if p.training}
    scheduled = [result.schedule[t.id] for t in result.plan.tasks if t.phase in training]
    if not scheduled:
        return None
    return min(s.start for s in scheduled), max(s.end for s in scheduled)


def training_callout(result: PlanResult, by_site: Sequence[SiteHolidays]) -> TrainingCallout | None:
    """The closures on working weekdays during training, or None when there are none."""
    window = training_window(result)
    if window is None:
        return None
    first, last = window
    closed = sorted(
        (c for s in by_site for c in s.closed if first <= c.date <= last and not c.on_weekend),
        key=lambda c: (c.date, list(result.plan.sites).index(c.site.id), c.day_off),
    )
    if not closed:
        return None
    phases = [p for p in result.plan.phases if p.training]
    title = _lower_first(phases[0].title) if len(phases) == 1 else "training"
    return TrainingCallout(title, first, last, date_span(first, last), tuple(closed))


def holidays_by_site(
    result: PlanResult,
    task_href: Callable[[str], str] = default_task_href,
    heading_level: int = 2,
) -> Markup:
    """Per site: its weekend, and a table of its public holidays and days off in the plan
    window with the tasks each one falls into; closures during training called out first.

    Args:
        result: The computed plan.
        task_href: Task id -> the link to the task (relative to the page shown).
        heading_level: The HTML heading level of each site's heading (2 for `<h2>`).

    Returns:
        An HTML block.
    """
    by_site = [
        SiteHolidays(
            site=site,
            place=place(site),
            weekend=weekend_text(weekend_days(result, site_id)),
            closed=closed_days(result, site_id, task_href),
        )
        for site_id, site in result.plan.sites.items()
    ]
    return render(
        "holidays.html",
        sites=by_site,
        callout=training_callout(result, by_site),
        window=date_span(result.first, result.last),
        h=f"h{min(max(heading_level, 1), 6)}",
    )


# -- month grid -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """One site's non-working day in a calendar cell."""

    site: str
    label: str  # the chip text: the site id, shortened
    kind: str  # "holiday", "dayoff" or "weekend"
    text: str  # the accessible text, such as "Northwind HQ: Family Day"


@dataclass(frozen=True)
class Cell:
    date: date
    in_window: bool
    today: bool
    marks: tuple[Mark, ...]
    all_off: bool  # no site works that day


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    caption: str
    weeks: tuple[tuple[Cell | None, ...], ...]


KIND_TEXT = {
    "holiday": "public holiday",
    "dayoff": "company day off",
    "weekend": "weekend",
}


def _marks(result: PlanResult, day: date, names: Mapping[tuple[date, str], str]) -> list[Mark]:
    marks = []
    for site_id, site in result.plan.sites.items():
        cal = result.calendars.site[site_id]
        holiday = names.get((day, site_id))
        if holiday is not None:
            kind, what = "holiday", holiday
        elif day in site.days_off:
            kind, what = "dayoff", KIND_TEXT["dayoff"]
        elif cal.is_weekend(day):
            kind, what = "weekend", KIND_TEXT["weekend"]
        else:
            continue
        marks.append(Mark(site_id, short_label(site_id), kind, f"{site.name}: {what}"))
    return marks


def months(result: PlanResult, today: date) -> list[Month]:
    """The months of the plan window, weeks from Monday, each date with its sites' marks."""
    names: dict[tuple[date, str], str] = {}
    for h in result.holidays:
        key = (h.date, h.site)
        names[key] = f"{names[key]}; {h.name}" if key in names else h.name
    grid = calendar.Calendar(firstweekday=0)
    out = []
    year, month = result.first.year, result.first.month
    while (year, month) <= (result.last.year, result.last.month):
        weeks = []
        for week in grid.monthdatescalendar(year, month):
            row: list[Cell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                inside = result.first <= day <= result.last
                marks = tuple(_marks(result, day, names)) if inside else ()
                off = inside and len(marks) == len(result.plan.sites)
                row.append(Cell(day, inside, day == today, marks, off))
            weeks.append(tuple(row))
        out.append(Month(year, month, f"{MONTHS[month - 1]} {year}", tuple(weeks)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


_CHIP = Snippet(
    '<span class="op-chip op-chip--{kind}" data-site="{site}" title="{text}">'
    '<span aria-hidden="true">{label}</span><span class="op-sr">{text}</span></span>'
)
_PAD = Markup('<td class="op-cal-pad"></td>')
_CURRENT = Markup(' aria-current="date"')
_TODAY_NOTE = Markup('<span class="op-sr"> (today)</span>')
_MARKS = Snippet('<span class="op-cal-marks">{}</span>')
_DAY = Snippet(
    '<td data-date="{date}" class="{classes}"{current}>\n'
    '<span class="op-cal-num">{day}</span>{note}{marks}</td>'
)


class _WeekCells:
    """A calendar week's `<td>` cells, built in Python: a long plan has thousands of days,
    and in the template each day's handful of values cost a Jinja call and lookup apiece.
    Only `Snippet` and `joined` (render.py) build them, escaping every value that is not
    markup; a site's chip for a kind of day is the same all along, so it is built once."""

    def __init__(self) -> None:
        self._chips: dict[Mark, Markup] = {}

    def chip(self, mark: Mark) -> Markup:
        if mark not in self._chips:
            self._chips[mark] = _CHIP(
                kind=mark.kind, site=mark.site, text=mark.text, label=mark.label
            )
        return self._chips[mark]

    def cell(self, cell: Cell | None) -> Markup:
        if cell is None:
            return _PAD
        classes = "op-cal-day" if cell.in_window else "op-cal-day op-cal-out"
        classes += " op-cal-off" * cell.all_off + " op-cal-today" * cell.today
        chips = joined((self.chip(mark) for mark in cell.marks), "")
        return _DAY(
            date=cell.date.isoformat(),
            classes=classes,
            current=_CURRENT if cell.today else "",
            day=cell.date.day,
            note=_TODAY_NOTE if cell.today else "",
            marks=_MARKS(chips) if cell.marks else "",
        )

    def __call__(self, week: tuple[Cell | None, ...]) -> Markup:
        return joined(self.cell(cell) for cell in week)


def month_grid(result: PlanResult, today: date) -> Markup:
    """The plan window as month calendars with every site's non-working days marked.

    Args:
        result: The computed plan.
        today: The build's date, outlined when it is shown.

    Returns:
        An HTML block: a legend and one table per month (weeks start on Monday).
    """
    return render(
        "holidays_calendar.html",
        months=months(result, today),
        week_cells=_WeekCells(),
        sites=list(result.plan.sites.values()),
        weekdays=DAY_NAMES,
        window=date_span(result.first, result.last),
        today=today,
    )


# -- shared hours -----------------------------------------------------------------------------
BAND_LEFT = 16.0
"""Percent of a band's width kept for the lane labels."""
BAND_RIGHT = 95.0
"""Percent of the width where the 24-hour axis ends."""
BAND_TOP = 22
BAND_LANE = 24
BAND_BAR = 14
BAND_AXIS = 26


def _x(minute: float) -> str:
    """A minute of the UTC day as a percentage of the band's width."""
    return f"{BAND_LEFT + (BAND_RIGHT - BAND_LEFT) * minute / 1440:.3f}%"


def _w(minutes: float) -> str:
    return f"{(BAND_RIGHT - BAND_LEFT) * minutes / 1440:.3f}%"


def _pieces(start: int, end: int) -> list[tuple[int, int]]:
    """An interval of minutes on the UTC clock face as pieces within 0..1440."""
    if end - start >= 1440:
        return [(0, 1440)]
    start, end = start % 1440, end % 1440 or 1440
    if end > start:
        return [(start, end)]
    return [piece for piece in ((start, 1440), (0, end)) if piece[1] > piece[0]]


def working_utc(site: Site, day: date) -> tuple[int, int]:
    """`site`'s working hours on its local date `day`, in minutes from UTC midnight of `day`."""
    zone = ZoneInfo(site.timezone)
    return utc_minute(zone, day, site.hours.start), utc_minute(zone, day, site.hours.end)


@dataclass(frozen=True)
class Segment:
    x: str
    width: str


@dataclass(frozen=True)
class Lane:
    site: Site
    label: str
    y: int
    bars: tuple[Segment, ...]
    text: str  # "Name: works 09:00-17:00 local, 14:00-22:00 UTC"


@dataclass(frozen=True)
class Band:
    id: str
    height: int
    top: int
    bottom: int
    bar: int  # a bar's height
    name_x: str  # where the lane labels end
    lanes: tuple[Lane, ...]
    shared: tuple[Segment, ...]
    label: str
    label_x: str
    label_anchor: str
    ticks: tuple[tuple[str, str], ...]
    title: str
    desc: str


@dataclass(frozen=True)
class LocalTime:
    site: Site
    label: str
    shared: LocalWindow | None  # the shared window in local time, if any
    hours: str  # the site's working hours, "09:00-17:00"


@dataclass(frozen=True)
class RangeView:
    range: OverlapRange
    span: str
    shared: str
    local: tuple[LocalTime, ...]
    band: Band
    usual: bool  # the range whose window holds on most dates
    changed: bool  # its length or local times differ from the usual window's


@dataclass(frozen=True)
class GroupView:
    id: str
    sites: tuple[Site, ...]
    title: str
    ranges: tuple[RangeView, ...]
    notes: tuple[str, ...]
    nothing: bool  # no shared time on any date
    usual: RangeView | None


def _hours_text(site: Site) -> str:
    return str(site.hours).replace("-", "–")


def _band(band_id: str, sites: Sequence[Site], item: OverlapRange, span: str) -> Band:
    lanes = []
    described = []
    for i, site in enumerate(sites):
        offset = item.local[site.id].day_offset if site.id in item.local else 0
        start, end = working_utc(site, item.first + timedelta(days=offset))
        utc = f"{hhmm(start % 1440)}–{hhmm(end % 1440 or 1440)} UTC"
        text = f"{site.name}: works {_hours_text(site)} local time, {utc}"
        described.append(f"{site.name} works {utc}")
        lanes.append(
            Lane(
                site=site,
                label=short_label(site.id),
                y=BAND_TOP + i * BAND_LANE + (BAND_LANE - BAND_BAR) // 2,
                bars=tuple(Segment(_x(a), _w(b - a)) for a, b in _pieces(start, end)),
                text=text,
            )
        )
    bottom = BAND_TOP + len(sites) * BAND_LANE
    shared: tuple[Segment, ...] = ()
    label, label_x, anchor = "nothing shared", _x(720), "middle"
    if item.utc_start is not None and item.utc_end is not None:
        start, end = item.utc_start, item.utc_end
        pieces = _pieces(start, end if end > start else end + 1440)
        shared = tuple(Segment(_x(a), _w(b - a)) for a, b in pieces)
        a, b = max(pieces, key=lambda p: p[1] - p[0])
        utc = f"{hhmm(start)}–{hhmm(end)} UTC"
        label = f"{duration(item.minutes)} · {utc}"
        middle = (a + b) / 2
        if middle < 300:
            label_x, anchor = _x(a), "start"
        elif middle > 1140:
            label_x, anchor = _x(b), "end"
        else:
            label_x = _x(middle)
        together = f"they share {utc} ({duration(item.minutes)})"
    else:
        together = "they share no working time"
    return Band(
        id=band_id,
        height=bottom + BAND_AXIS,
        top=BAND_TOP,
        bottom=bottom,
        bar=BAND_BAR,
        name_x=f"{BAND_LEFT - 1.5:.3f}%",
        lanes=tuple(lanes),
        shared=shared,
        label=label,
        label_x=label_x,
        label_anchor=anchor,
        ticks=tuple((_x(h * 60), f"{h:02}:00") for h in range(0, 25, 3)),
        title=f"Working hours in UTC, {span}",
        desc=f"On a 24-hour UTC axis: {and_join(described)}; {together}.",
    )


def _group_id(sites: Sequence[str], total: int) -> str:
    if len(sites) > 2 and len(sites) == total:
        return "shared-all"
    return "shared-" + "-".join(sites)


def shared_groups(result: PlanResult) -> list[GroupView]:
    """Every pair of sites (and all sites, with three or more) with its shared windows."""
    plan = result.plan
    names = {s.id: s.name for s in plan.sites.values()}
    groups = []
    for ids, ranges in result.overlaps.items():
        sites = tuple(plan.sites[i] for i in ids)
        group_id = _group_id(ids, len(plan.sites))
        usual = usual_window(ranges)
        views = []
        for n, item in enumerate(ranges):
            span = date_span(item.first, item.last)
            views.append(
                RangeView(
                    range=item,
                    span=span,
                    shared=duration(item.minutes),
                    local=tuple(
                        LocalTime(
                            site=s,
                            label=short_label(s.id),
                            shared=item.local.get(s.id),
                            hours=_hours_text(s),
                        )
                        for s in sites
                    ),
                    band=_band(f"{group_id}-{n}", sites, item, span),
                    usual=usual is not None and item is usual,
                    changed=usual is not None and experience(item) != experience(usual),
                )
            )
        title = and_join([s.name for s in sites])
        if len(ids) > 2 and len(ids) == len(plan.sites):
            title = f"All sites: {title}"
        groups.append(
            GroupView(
                id=group_id,
                sites=sites,
                title=title,
                ranges=tuple(views),
                notes=tuple(clock_change_notes(ranges, names)),
                nothing=all(r.minutes == 0 for r in ranges),
                usual=next((v for v in views if v.usual), None),
            )
        )
    return groups


def shared_hours(result: PlanResult, heading_level: int = 2) -> Markup:
    """Per pair of sites (and all sites, with three or more): the shared working window by
    date range, in UTC and in each site's local time, each range drawn as a 24-hour band.

    Args:
        result: The computed plan.
        heading_level: The HTML heading level of each group's heading.

    Returns:
        An HTML block with inline SVG (no script).
    """
    return render(
        "shared_hours.html",
        groups=shared_groups(result),
        window=date_span(result.first, result.last),
        h=f"h{min(max(heading_level, 1), 6)}",
    )
