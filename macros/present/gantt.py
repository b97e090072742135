"""The Gantt chart (inline SVG, drawn at build time) and the schedule table.

`gantt_svg(result, today)` lays the plan out in Python (`chart_scale` and `layout` hold all
the geometry) and renders it through the escaping Jinja environment of `render.py`, so any
markup in a title reaches the page as text. There is no JavaScript: the chart prints, and its
colours come from classes in `docs/assets/css/gantt.css` (light, dark and print variants).

Scale: one column per day up to `WEEKLY_ABOVE` days; longer plans are drawn at week
granularity (a few pixels a day) and then shade only holidays and days off, not the weekly
days off that would turn into a grey blur at that size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from markupsafe import Markup

from macros.plan.model import Phase, Plan, Task
from macros.plan.wording import MONTHS, longdate, plural, shortdate
from macros.present.render import Snippet, joined, render
from macros.schedule.result import PlanResult
from macros.schedule.scheduler import DONE, IN_PROGRESS, NOT_STARTED, MissedDeadline, ScheduledTask

DAY = timedelta(days=1)

PX_PER_DAY = 14
"""Width of a day column while the chart is drawn day by day."""
WEEKLY_ABOVE = 400
"""Plans longer than this many days are drawn week by week."""
WEEKLY_PX_PER_DAY = 3.0
"""Pixels per day at week granularity, for plans up to `WEEKLY_MAX_WIDTH` wide."""
WEEKLY_MAX_WIDTH = 6000
"""At week granularity, very long plans shrink their days to stay about this wide..."""
MIN_PX_PER_DAY = 0.5
"""...but never below this."""
SITE_COLOURS = 6
"""Site lanes cycle through this many colour classes (`op-gantt-site-0` and on)."""

LABEL_WIDTH = 260
RIGHT_PAD = 12
TOP_STRIP = 18  # the status date's label
MONTH_ROW = 18
DAY_ROW = 16
LANE_HEIGHT = 10
LANE_GAP = 3
SECTION_GAP = 8
PHASE_ROW = 26
TASK_ROW = 24
BAR_HEIGHT = 14
DIAMOND = 7  # half the diagonal of a milestone diamond
# With a baseline, the current bar moves up and the baseline's thin bar sits just below it,
# both inside the same row.
BASELINE_BAR_TOP = 3  # from the row's top
BASELINE_BAR_HEIGHT = 12
BASELINE_TOP = 17.5  # the baseline bar, from the row's top
BASELINE_HEIGHT = 3.5
BASELINE_DIAMOND = 3.5
MARK_X = 10  # the centre of a task's status mark (done, in progress, behind), left of its label
BOTTOM_PAD = 8
LABEL_FONT_PX = 5.9  # average advance of a 12 px sans-serif character, for truncation
TASK_INDENT = 18
PHASE_INDENT = 8
LANE_INDENT = 22  # after the colour key


# -- small formatting helpers ----------------------------------------------------------------
def num(value: float) -> str:
    """A coordinate as short, stable text: integers bare, else two decimals at most.

    Whole numbers (most coordinates: rows sit on whole pixels) skip the formatting; a big
    chart asks for tens of thousands of numbers.
    """
    if isinstance(value, int) or value.is_integer():
        return str(int(value))  # what the formatting below gives, "-0" included
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def truncate(text: str, max_chars: int) -> str:
    """`text` cut to `max_chars` characters, the last one an ellipsis when it was cut."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    return text[: max(max_chars - 1, 1)].rstrip() + "…"


def days_between(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days grouped into (first, last) runs of consecutive days."""
    out: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if out and out[-1][1] + DAY == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


# -- the scale -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """Where days go: `x(day)` is the left edge of the day's column."""

    first: date  # a Monday
    last: date  # a Sunday
    px_per_day: float
    left: float = LABEL_WIDTH
    weekly: bool = False

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def right(self) -> float:
        """The right edge of the last day."""
        return self.x(self.last + DAY)

    @property
    def width(self) -> float:
        return self.right + RIGHT_PAD

    def x(self, day: date) -> float:
        return self.left + (day - self.first).days * self.px_per_day

    def center(self, day: date) -> float:
        return self.x(day) + self.px_per_day / 2

    def span(self, first: date, last: date) -> tuple[float, float]:
        """x and width of the days from `first` to `last`, inclusive."""
        return self.x(first), (last - first).days * self.px_per_day + self.px_per_day

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def chart_range(result: PlanResult) -> tuple[date, date]:
    """The dates the chart must show: the plan's first to last day, every deadline and,
    with a baseline, every task's baseline dates."""
    sched = result.schedule
    dates = [result.plan.project.start, sched.start, sched.end]
    dates += [t.deadline for t in result.plan.tasks if t.deadline is not None]
    if sched.baseline_saved is not None:
        for st in sched.tasks.values():
            if st.baseline_start is not None and st.baseline_end is not None:
                dates += [st.baseline_start, st.baseline_end]
    return min(dates), max(dates)


def chart_scale(result: PlanResult) -> Scale:
    """The scale of `result`'s chart: whole weeks, Monday to Sunday, around its dates."""
    low, high = chart_range(result)
    first = low - timedelta(days=low.weekday())
    last = high + timedelta(days=6 - high.weekday())
    days = (last - first).days + 1
    if days <= WEEKLY_ABOVE:
        return Scale(first, last, PX_PER_DAY)
    px = max(MIN_PX_PER_DAY, min(WEEKLY_PX_PER_DAY, WEEKLY_MAX_WIDTH / days))
    return Scale(first, last, px, weekly=True)


# -- what is drawn ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    x: float
    width: float
    title: str = ""

    @property
    def xs(self) -> str:
        return num(self.x)

    @property
    def ws(self) -> str:
        return num(self.width)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str = ""
    cls: str = ""

    @property
    def xs(self) -> str:
        return num(self.x)


@dataclass(frozen=True)
class Lane:
    y: float
    label: str
    title: str
    cls: str
    off: tuple[Box, ...]


@dataclass(frozen=True)
class Deadline:
    x: float
    missed: bool
    title: str


@dataclass(frozen=True)
class Row:
    """A phase header or a task: its label, tooltip and bar (or diamond)."""

    kind: Literal["phase", "task"]
    id: str
    y: float
    height: float
    label: str
    title: str
    cls: str
    bar: Box | None = None
    gaps: tuple[Box, ...] = ()
    diamond: tuple[float, float] | None = None  # centre
    deadline: Deadline | None = None
    status: str = "not started"  # "done", "in progress", "not started"
    behind: bool = False
    new: bool = False  # added since the baseline
    progress: Box | None = None  # the work done: all the bar when done, up to S in progress
    baseline: Box | None = None  # the baseline's dates (a milestone: its day's column)
    has_baseline: bool = False  # the plan has a baseline: bars make room for it

    @property
    def mid(self) -> float:
        return self.y + self.height / 2

    @property
    def bar_top(self) -> float:
        return self.y + BASELINE_BAR_TOP if self.has_baseline else self.mid - BAR_HEIGHT / 2

    @property
    def bar_height(self) -> float:
        return BASELINE_BAR_HEIGHT if self.has_baseline else BAR_HEIGHT

    @property
    def bar_mid(self) -> float:
        return self.bar_top + self.bar_height / 2

    @property
    def diamond_path(self) -> str:
        if self.diamond is None:
            return ""
        return diamond_path(*self.diamond, DIAMOND)


def diamond_path(cx: float, cy: float, half: float) -> str:
    """A diamond centred on (cx, cy), `half` its half diagonal, as an SVG path."""
    return (
        f"M{num(cx)} {num(cy - half)}L{num(cx + half)} {num(cy)}"
        f"L{num(cx)} {num(cy + half)}L{num(cx - half)} {num(cy)}Z"
    )


@dataclass(frozen=True)
class LegendItem:
    swatch: str  # "bar", "critical", "gap", "diamond", "deadline", "missed", "status", ...
    label: str
    cls: str = ""


@dataclass(frozen=True)
class Chart:
    """Everything the template draws, already positioned."""

    prefix: str
    scale: Scale
    width: float
    height: float
    title: str
    desc: str
    months: tuple[Box, ...]  # title holds the label
    days: tuple[Tick, ...]  # day numbers (daily) or Monday numbers (weekly)
    mondays: tuple[Tick, ...]
    month_lines: tuple[Tick, ...]
    lanes: tuple[Lane, ...]
    all_off: tuple[Box, ...]
    rows: tuple[Row, ...]
    status: Tick | None  # the status date's line, at the start of its day
    legend: tuple[LegendItem, ...]
    grid_top: float
    rows_top: float
    axis_bottom: float
    notes: tuple[str, ...] = field(default=())

    def n(self, value: float) -> str:
        return num(value)

    @property
    def geometry(self) -> dict[str, float]:
        """The fixed sizes the template uses."""
        return {
            "bar": BAR_HEIGHT,
            "lane": LANE_HEIGHT,
            "task_x": TASK_INDENT,
            "phase_x": PHASE_INDENT,
            "lane_x": LANE_INDENT,
            "day_row": DAY_ROW,
        }


# -- layout ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Calendar:
    """Per site, the days off to shade in the range (all of them, or only the exceptions),
    and every day it does not work (`closed`)."""

    off: dict[str, frozenset[date]]
    closed: dict[str, frozenset[date]]
    _sorted: dict[tuple[str, ...], list[date]] = field(default_factory=dict, compare=False)

    def off_between(self, sites: tuple[str, ...], first: date, last: date) -> list[date]:
        """The shaded days of any of `sites` from `first` to `last`, in order.

        A few hundred site sets at most, each sorted once: two thousand tasks then look up
        their gaps by bisection instead of testing every day of every task.
        """
        days = self._sorted.get(sites)
        if days is None:
            days = self._sorted[sites] = sorted(frozenset().union(*(self.off[s] for s in sites)))
        return days[bisect_left(days, first) : bisect_right(days, last)]


def _days_off(result: PlanResult, scale: Scale) -> _Calendar:
    """Per site, every day of the chart it does not work, asked of its calendar once here
    for the shading and the days when no site works alike; at week granularity, the days
    shaded leave out the site's weekend days."""
    days = list(days_between(scale.first, scale.last))
    off: dict[str, frozenset[date]] = {}
    closed: dict[str, frozenset[date]] = {}
    for site_id in result.plan.sites:
        calendar = result.calendars.site[site_id]
        closed[site_id] = frozenset(d for d in days if not calendar.is_working(d))
        off[site_id] = (
            frozenset(d for d in closed[site_id] if not calendar.is_weekend(d))
            if scale.weekly
            else closed[site_id]
        )
    return _Calendar(off, closed)


def _all_off(calendar: _Calendar) -> frozenset[date]:
    """Days when no site works (at week granularity: and one of them for a holiday)."""
    if not calendar.closed:
        return frozenset()
    shaded = frozenset().union(*calendar.off.values())
    return frozenset.intersection(*calendar.closed.values()) & shaded


def _named_days(result: PlanResult) -> dict[tuple[str, date], list[str]]:
    """Holiday names (and "day off" for the site's own days off) per (site, date)."""
    names: dict[tuple[str, date], list[str]] = {}
    for h in result.holidays:
        names.setdefault((h.site, h.date), []).append(h.name + (" (estimated)" * h.estimated))
    for site in result.plan.sites.values():
        for day in site.days_off:
            names.setdefault((site.id, day), []).append("day off")
    return names


def _run_title(site_name: str, named: list[tuple[date, str]]) -> str:
    """ "Toronto: Family Day (15 Feb 2027); day off (12 Feb 2027)"."""
    return f"{site_name}: " + "; ".join(f"{name} ({shortdate(day)})" for day, name in named)


def _axis(
    scale: Scale, weekend: Callable[[date], bool]
) -> tuple[tuple[Box, ...], tuple[Tick, ...], tuple[Tick, ...]]:
    """Month labels, day (or Monday) numbers and Monday ticks; the numbers of the days
    that are `weekend` days are set apart."""
    months: list[Box] = []
    month_start = scale.first.replace(day=1)
    while month_start <= scale.last:
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        shown_first = max(month_start, scale.first)
        shown_last = min(next_month - DAY, scale.last)
        x, width = scale.span(shown_first, shown_last)
        name = MONTHS[month_start.month - 1]
        year = str(month_start.year)
        if not scale.weekly:
            candidates = [f"{name} {year}", name, name[:3]]
        elif month_start.month == 1 or not months:  # the year where it starts and changes
            candidates = [f"{name[:3]} {year}", year, name[:1]]
        else:
            candidates = [name[:3], name[:1]]
        label = next((c for c in candidates if len(c) * 6.6 + 8 <= width), "")
        months.append(Box(x, width, label))
        month_start = next_month
    mondays = tuple(
        Tick(scale.x(d), str(d.day))
        for d in days_between(scale.first, scale.last)
        if d.weekday() == 0
    )
    if scale.weekly:
        days = mondays if 7 * scale.px_per_day >= 16 else ()
    else:
        days = tuple(
            Tick(
                scale.center(d),
                str(d.day),
                "op-gantt-dayno" + (" op-gantt-weekend" if weekend(d) else ""),
            )
            for d in days_between(scale.first, scale.last)
        )
    return tuple(months), days, mondays


def _task_title(plan: Plan, st: ScheduledTask, miss: MissedDeadline | None) -> str:
    """The tooltip of a task's row: its dates, progress, slack, baseline, deadline, sites."""
    task = st.task
    sites = ", ".join(plan.sites[s].name for s in st.sites if s in plan.sites)
    days = plural(task.days, "working day")
    if st.milestone:
        when = (
            f"milestone, happened on {longdate(st.start)}"
            if st.status == DONE
            else f"milestone on {longdate(st.start)}"
        )
    elif st.status == DONE:
        when = f"done, {longdate(st.start)} to {longdate(st.end)}, {days}"
    elif st.status == IN_PROGRESS:
        when = (
            f"in progress since {longdate(st.start)}, forecast to end {longdate(st.end)}, "
            f"{plural(st.remaining, 'working day')} of {task.days} left"
        )
    else:
        when = f"{longdate(st.start)} to {longdate(st.end)}, {days}"
    parts = [f"{task.title}: {when}"]
    if st.behind:
        parts.append("behind schedule")
    if st.slack is not None:
        parts.append("critical (no slack)" if st.critical else f"slack {plural(st.slack, 'day')}")
    if st.new:
        parts.append("new since the baseline")
    elif st.baseline_start is not None and st.baseline_end is not None:
        agreed = (
            longdate(st.baseline_end)
            if st.milestone
            else f"{longdate(st.baseline_start)} to {longdate(st.baseline_end)}"
        )
        parts.append(f"baseline {agreed}, {variance_words(st.variance or 0)}")
    if task.deadline is not None:
        parts.append(
            f"deadline {longdate(task.deadline)}"
            + (f", missed by {plural(miss.shortfall, 'working day')}" if miss else "")
        )
    parts.append(f"sites: {sites}")
    return "; ".join(parts)


def variance_words(days: int) -> str:
    """ "3 working days later", "1 working day earlier", "as agreed"."""
    if days == 0:
        return "as agreed"
    return f"{plural(abs(days), 'working day')} {'later' if days > 0 else 'earlier'}"


def _phases_in_order(plan: Plan) -> list[tuple[Phase, list[Task]]]:
    """Phases in plan order with their tasks (also in plan order); empty phases dropped."""
    return [(p, tasks) for p, tasks in plan.tasks_by_phase() if tasks]


STATUS_CLASS = {DONE: "done", IN_PROGRESS: "in-progress", NOT_STARTED: "not-started"}
"""The class a task's row (and its table row, as `op-status--…`) has for its status."""


def _rows(
    result: PlanResult, scale: Scale, calendar: _Calendar, top: float, status_date: date
) -> tuple[list[Row], float]:
    """The phase and task rows from `top` down, and where they end; work in progress is
    filled up to `status_date`."""
    plan, sched = result.plan, result.schedule
    baseline = sched.baseline_saved is not None
    missed = {m.task: m for m in sched.missed}
    rows: list[Row] = []
    y = top
    task_chars = int((LABEL_WIDTH - TASK_INDENT - 8) / LABEL_FONT_PX)
    critical_chars = int((LABEL_WIDTH - TASK_INDENT - 8) / (LABEL_FONT_PX * 1.1))  # semibold
    phase_chars = int((LABEL_WIDTH - PHASE_INDENT - 8) / (LABEL_FONT_PX * 1.12))  # bold
    for phase, tasks in _phases_in_order(plan):
        scheduled = [sched[t.id] for t in tasks]
        first = min(st.start for st in scheduled)
        last = max(st.end for st in scheduled)
        x, width = scale.span(first, last)
        rows.append(
            Row(
                kind="phase",
                id=phase.id,
                y=y,
                height=PHASE_ROW,
                label=truncate(phase.title, phase_chars),
                title=f"{phase.title}: {longdate(first)} to {longdate(last)}",
                cls="op-gantt-phase",
                bar=Box(x, width),
            )
        )
        y += PHASE_ROW
        for number, st in enumerate(scheduled):
            task = st.task
            miss = missed.get(task.id)
            classes = ["op-gantt-task", STATUS_CLASS[st.status]]
            if st.critical:
                classes.append("critical")
            if st.milestone:
                classes.append("milestone")
            if miss:
                classes.append("missed")
            if st.behind:
                classes.append("behind")
            if st.new:
                classes.append("new")
            if number % 2:
                classes.append("odd")
            bar: Box | None = None
            progress: Box | None = None
            gaps: list[Box] = []
            diamond: tuple[float, float] | None = None
            mid = y + (BASELINE_BAR_TOP + BASELINE_BAR_HEIGHT / 2 if baseline else TASK_ROW / 2)
            if st.milestone:
                diamond = (scale.center(st.start), mid)
            else:
                bx, bw = scale.span(st.start, st.end)
                bar = Box(bx, max(bw, 2.0))
                off = calendar.off_between(st.sites, st.start, st.end)
                gaps = [Box(*scale.span(a, b)) for a, b in runs(off)]
                if st.status == DONE:
                    progress = bar
                elif st.status == IN_PROGRESS:
                    done_to = min(max(scale.x(status_date), bar.x), bar.x + bar.width)
                    if done_to > bar.x:
                        progress = Box(bar.x, done_to - bar.x)
            agreed: Box | None = None
            if st.baseline_start is not None and st.baseline_end is not None:
                if st.milestone:
                    agreed = Box(scale.center(st.baseline_end), 0)
                else:
                    ax, aw = scale.span(st.baseline_start, st.baseline_end)
                    agreed = Box(ax, max(aw, 2.0))
            deadline = None
            if task.deadline is not None:
                late = f", missed by {plural(miss.shortfall, 'working day')}" if miss else ""
                deadline = Deadline(
                    scale.x(task.deadline + DAY),
                    miss is not None,
                    f"Deadline {longdate(task.deadline)}{late}",
                )
            rows.append(
                Row(
                    kind="task",
                    id=task.id,
                    y=y,
                    height=TASK_ROW,
                    label=truncate(task.title, critical_chars if st.critical else task_chars),
                    title=_task_title(plan, st, miss),
                    cls=" ".join(classes),
                    bar=bar,
                    gaps=tuple(gaps),
                    diamond=diamond,
                    deadline=deadline,
                    status=st.status,
                    behind=st.behind,
                    new=st.new,
                    progress=progress,
                    baseline=agreed,
                    has_baseline=baseline,
                )
            )
            y += TASK_ROW
    return rows, y


def _description(result: PlanResult, status_date: date) -> str:
    plan, sched = result.plan, result.schedule
    tasks = plan.tasks
    milestones = sum(t.milestone for t in tasks)
    phases = len(_phases_in_order(plan))
    critical = sum(sched[t.id].critical for t in tasks)
    parts = [
        f"{plural(len(tasks), 'task')} ({plural(milestones, 'milestone')}) in "
        f"{plural(phases, 'phase')}, from {longdate(sched.start)} to {longdate(sched.end)}."
    ]
    by_status = {DONE: 0, IN_PROGRESS: 0, NOT_STARTED: 0}
    for st in sched.tasks.values():
        by_status[st.status] += 1
    behind = sum(st.behind for st in sched.tasks.values())
    if by_status[DONE] or by_status[IN_PROGRESS] or behind:
        parts.append(
            f"As of {longdate(status_date)}: {by_status[DONE]} done, "
            f"{by_status[IN_PROGRESS]} in progress, {by_status[NOT_STARTED]} not started; "
            f"{plural(behind, 'task is', 'tasks are')} behind schedule."
        )
    go_live = plan.project.go_live
    if go_live and go_live in sched.tasks:
        live = sched[go_live]
        agreed = ""
        if live.variance is not None and sched.baseline_saved is not None:
            agreed = (
                f" ({variance_words(live.variance)}"
                f"{' than' if live.variance else ''} agreed on {longdate(sched.baseline_saved)})"
            )
        parts.append(f"Go-Live: {longdate(live.start)}{agreed}.")
    parts.append(
        f"{plural(critical, 'task is', 'tasks are')} on the critical path (no slack)."
        if critical
        else "No task is on the critical path."
    )
    if sched.missed:
        late = ", ".join(
            f"{plan.task(m.task).title} (deadline {longdate(m.deadline)}, "
            f"ends {longdate(m.scheduled)})"
            for m in sched.missed
        )
        parts.append(f"{plural(len(sched.missed), 'deadline is', 'deadlines are')} missed: {late}.")
    if sched.baseline_saved is not None:
        new = sum(st.new for st in sched.tasks.values())
        parts.append(
            "Under each task, a thin bar shows its dates in the baseline"
            + (f"; {plural(new, 'task is', 'tasks are')} new since then." if new else ".")
        )
    parts.append("The schedule table lists every task with its dates, status and variance.")
    return " ".join(parts)


def layout(result: PlanResult, today: date, prefix: str = "gantt") -> Chart:
    """Position everything the chart shows as of `today`, the status date; `gantt_svg`
    renders it."""
    plan = result.plan
    scale = chart_scale(result)
    calendar = _days_off(result, scale)
    names = _named_days(result)
    calendars = [result.calendars.site[site_id] for site_id in plan.sites]
    months, days, mondays = _axis(scale, lambda d: all(c.is_weekend(d) for c in calendars))

    axis_bottom = TOP_STRIP + MONTH_ROW + DAY_ROW
    y = axis_bottom + SECTION_GAP
    lanes: list[Lane] = []
    lane_chars = int((LABEL_WIDTH - LANE_INDENT - 8) / (LABEL_FONT_PX * 0.875))
    for number, (site_id, site) in enumerate(plan.sites.items()):
        boxes = []
        for a, b in runs(calendar.off[site_id]):
            found = [(d, n) for d in days_between(a, b) for n in names.get((site_id, d), [])]
            title = _run_title(site.name, found) if found else ""
            boxes.append(Box(*scale.span(a, b), title=title))
        lanes.append(
            Lane(
                y=y,
                label=truncate(site.name, lane_chars),
                title=f"Days off at {site.name}",
                cls=f"op-gantt-site-{number % SITE_COLOURS}",
                off=tuple(boxes),
            )
        )
        y += LANE_HEIGHT + LANE_GAP
    rows_top = y - LANE_GAP + SECTION_GAP
    rows, bottom = _rows(result, scale, calendar, rows_top, today)

    sites = tuple(plan.sites)
    all_off = tuple(Box(*scale.span(a, b)) for a, b in runs(_all_off(calendar)))
    status_tick = (
        Tick(scale.x(today), f"as of {shortdate(today)}") if scale.contains(today) else None
    )
    sched = result.schedule
    shown = {st.status for st in sched.tasks.values()}

    legend = [
        *(
            LegendItem("site", f"{site.name}: days off", f"op-gantt-site-{i % SITE_COLOURS}")
            for i, site in enumerate(plan.sites.values())
        ),
        LegendItem("alloff", "No site at work" if len(sites) > 1 else "Day off"),
        LegendItem("bar", "Task"),
        LegendItem("critical", "Critical task (no slack)"),
        LegendItem("gap", "Day off inside a task (not counted)"),
        LegendItem("diamond", "Milestone"),
        LegendItem("deadline", "Deadline"),
        LegendItem("missed", "Missed deadline"),
    ]
    if DONE in shown:
        legend.append(LegendItem("done", "Done (actual dates)"))
    if IN_PROGRESS in shown:
        legend.append(
            LegendItem("progress", "In progress: done up to the status date, then forecast")
        )
    if any(st.behind for st in sched.tasks.values()):
        legend.append(LegendItem("behind", "Behind schedule"))
    if sched.baseline_saved is not None:
        legend.append(
            LegendItem("baseline", f"Baseline, agreed on {shortdate(sched.baseline_saved)}")
        )
        if any(st.new for st in sched.tasks.values()):
            legend.append(LegendItem("new", "New since the baseline"))
    if status_tick:
        legend.append(LegendItem("status", f"Status date ({shortdate(today)})"))
    notes = (
        ("Long plan: drawn week by week; weekends are not shaded at this scale.",)
        if scale.weekly
        else ()
    )
    return Chart(
        prefix=prefix,
        scale=scale,
        width=scale.width,
        height=bottom + BOTTOM_PAD,
        title=f"Timeline of {plan.project.name}",
        desc=_description(result, today),
        months=months,
        days=days,
        mondays=mondays,
        month_lines=tuple(Tick(m.x) for m in months[1:]),
        lanes=tuple(lanes),
        all_off=all_off,
        rows=tuple(rows),
        status=status_tick,
        legend=tuple(legend),
        grid_top=TOP_STRIP,
        rows_top=rows_top,
        axis_bottom=axis_bottom,
        notes=notes,
    )


# -- the rows as SVG -------------------------------------------------------------------------
# One element group per phase and per task: thousands on a big plan. Built here rather than
# in the template, where each of their dozen values cost a Jinja call and attribute lookup
# (most of the chart's render time), but only with `Snippet` (render.py), which escapes every
# value it is given: plan text (ids, titles, labels) cannot reach the SVG unescaped.
_BAND = Snippet('<rect class="{}{}" x="0" y="{}" width="{}" height="{}"/>')
_PHASE = Snippet(
    '<g class="{cls}" id="{prefix}-phase-{id}">\n'
    "<title>{title}</title>\n"
    '<rect class="op-gantt-phase-span" x="{x}" y="{span_y}" width="{width}" height="4"/>\n'
    '<path class="op-gantt-phase-cap" d="M{x} {cap_y}v10M{right} {cap_y}v10"/>\n'
)
_PHASE_LABEL = Snippet(
    '<text class="op-gantt-phase-label" clip-path="url(#{}-labels)" x="{}" y="{}">{}</text>'
    "</g>\n</g>"
)
_NAME_HEAD = Snippet(
    '<g class="op-gantt-name"><rect class="op-gantt-namebg" x="0" y="{}" width="{}" height="{}"/>'
)
"""A row's name (and status mark) is drawn last in its row, over an opaque box of the
name column's width: when the chart scrolls sideways, gantt.js slides the names along so
they stay in view over the bars (see `.op-gantt-name` in gantt.css)."""
_BEHIND = Snippet(
    '<g class="op-gantt-mark behind"><circle cx="{x}" cy="{y}" r="5.5"/>'
    '<path d="M{x} {top}v3.6M{x} {dot}v1"/></g>'
)
_DONE = Snippet('<path class="op-gantt-mark done" d="M{} {}l3 3l5.5-6.5"/>')
_IN_PROGRESS = Snippet(
    '<g class="op-gantt-mark in-progress"><circle cx="{x}" cy="{y}" r="4.5"/>'
    '<path d="M{x} {top}a4.5 4.5 0 0 0 0 9z"/></g>'
)
_TASK_HEAD = Snippet(
    '<g class="{cls}" id="{prefix}-task-{id}" data-task="{id}">\n<title>{title}</title>'
)
_LABEL = Snippet('<text class="op-gantt-label" clip-path="url(#{}-labels)" x="{}" y="{}">{}</text>')
_PATH = Snippet('<path class="{}" d="{}"/>')
_RECT = Snippet('<rect class="{}" x="{}" y="{}" width="{}" height="{}"{}/>')
_ROUNDED = Markup(' rx="2"')
_HATCHED = Snippet(' fill="url(#{}-hatch)"')
_CRITICAL = Snippet(' rx="2" fill="url(#{}-critical)"')
_NEW = Snippet('<text class="op-gantt-new" x="{}" y="{}">new</text>')
_DEADLINE = Snippet(
    '<g class="op-gantt-deadline{missed}">\n'
    "<title>{title}</title>\n"
    '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}"/>\n'
    '<path d="M{left} {flag}h8l-4 6z"/>\n'
    "</g>"
)
_NEWLINE = Markup("\n")


def _bands_svg(chart: Chart) -> Markup:
    """The phase bands and row stripes drawn under everything, one `rect` per row."""
    width = num(chart.width)
    return joined(
        _BAND(
            "op-gantt-band" if row.kind == "phase" else "op-gantt-rowbg",
            " odd" if "odd" in row.cls.split() else "",
            num(row.y),
            width,
            num(row.height),
        )
        for row in chart.rows
    )


def _phase_svg(row: Row, prefix: str, names_width: float) -> Markup:
    """A phase header: its label and the span from its first start to its last end."""
    assert row.bar is not None  # every phase row has its span
    mid, bar = row.mid, row.bar
    head = _PHASE(
        cls=row.cls,
        prefix=prefix,
        id=row.id,
        title=row.title,
        x=bar.xs,
        span_y=num(mid - 2),
        width=bar.ws,
        cap_y=num(mid - 5),
        right=num(bar.x + bar.width),
    )
    name = _NAME_HEAD(num(row.y), num(names_width), num(row.height))
    label = _PHASE_LABEL(prefix, num(PHASE_INDENT), num(mid + 4), row.label)
    return joined([head, name, label])


def _mark_svg(row: Row) -> Markup | None:
    """The status mark left of a task's label: a tick when done, a half-filled circle in
    progress, an exclamation mark when behind (what the row's tooltip and the schedule
    table say in words)."""
    x, y = MARK_X, row.mid
    if row.behind:
        return _BEHIND(x=num(x), y=num(y), top=num(y - 3), dot=num(y + 2.2))
    if row.status == DONE:
        return _DONE(num(x - 4), num(y))
    if row.status == IN_PROGRESS:
        return _IN_PROGRESS(x=num(x), y=num(y), top=num(y - 4.5))
    return None


def _task_svg(row: Row, prefix: str, names_width: float) -> Markup:
    """A task: baseline, bar with the work done and its hatched gaps (or a milestone
    diamond), deadline, a "new" tag for a task the baseline lacks, then its name and status
    mark, last so that they stay readable over the bars when the chart scrolls."""
    mid = row.mid
    out: list[Markup | None] = [_TASK_HEAD(cls=row.cls, prefix=prefix, id=row.id, title=row.title)]
    if row.baseline:
        agreed = row.baseline
        if row.diamond:
            path = diamond_path(agreed.x, row.y + BASELINE_TOP + 2, BASELINE_DIAMOND)
            out.append(_PATH("op-gantt-baseline", path))
        else:
            top = num(row.y + BASELINE_TOP)
            height = num(BASELINE_HEIGHT)
            out.append(_RECT("op-gantt-baseline", agreed.xs, top, agreed.ws, height, ""))
    right = 0.0
    if row.bar:
        top, height = num(row.bar_top), num(row.bar_height)
        out.append(_RECT("op-gantt-bar", row.bar.xs, top, row.bar.ws, height, _ROUNDED))
        if "critical" in row.cls.split():
            stripes = _CRITICAL(prefix)
            out.append(_RECT("op-gantt-critmark", row.bar.xs, top, row.bar.ws, height, stripes))
        if row.progress:
            progress = row.progress
            out.append(_RECT("op-gantt-progress", progress.xs, top, progress.ws, height, _ROUNDED))
        hatched = _HATCHED(prefix)
        out.extend(_RECT("op-gantt-gap", gap.xs, top, gap.ws, height, hatched) for gap in row.gaps)
        right = row.bar.x + row.bar.width
    if row.diamond:
        out.append(_PATH("op-gantt-diamond", row.diamond_path))
        right = row.diamond[0] + DIAMOND
    if row.new:
        out.append(_NEW(num(right + 5), num(row.bar_mid + 3.5)))
    if row.deadline:
        line = row.deadline
        out.append(
            _DEADLINE(
                missed=" missed" if line.missed else "",
                title=line.title,
                x=num(line.x),
                top=num(row.y + 3),
                bottom=num(row.y + row.height - 2),
                left=num(line.x - 4),
                flag=num(row.y + 1),
            )
        )
    out += (
        _NAME_HEAD(num(row.y), num(names_width), num(row.height)),
        _mark_svg(row),
        _LABEL(prefix, num(TASK_INDENT), num(mid + 4), row.label),
        Markup("</g></g>"),
    )
    return joined(part for part in out if part)


def _rows_svg(chart: Chart) -> Markup:
    """Every phase and task row, in order (ids `<prefix>-phase-<id>`, `<prefix>-task-<id>`)."""
    prefix, names = chart.prefix, chart.scale.left
    return joined(
        _phase_svg(row, prefix, names) if row.kind == "phase" else _task_svg(row, prefix, names)
        for row in chart.rows
    )


def gantt_svg(result: PlanResult, today: date, prefix: str = "gantt") -> Markup:
    """The plan's Gantt chart: a scrolling region holding an inline SVG, and its legend.

    `prefix` starts every id in the SVG (title, description, pattern, rows); give a second
    chart on the same page another one.
    """
    chart = layout(result, today, prefix)
    return render("gantt.svg.j2", chart=chart, bands=_bands_svg(chart), rows=_rows_svg(chart))


# -- the schedule table ----------------------------------------------------------------------
@dataclass(frozen=True)
class TableRow:
    st: ScheduledTask
    phase: str
    sites: tuple[str, ...]
    responsible: tuple[tuple[str, str], ...]  # (role id, title)
    missed: MissedDeadline | None
    cls: str


def table_rows(result: PlanResult, today: date | None = None) -> list[TableRow]:
    """The rows of the schedule table, in plan order."""
    plan, sched = result.plan, result.schedule
    phase_titles = {p.id: p.title for p in plan.phases}
    role_titles = {r.id: r.title for r in plan.roles}
    missed = {m.task: m for m in sched.missed}
    out = []
    for task in plan.tasks:
        st = sched[task.id]
        classes = []
        if st.critical:
            classes.append("op-critical")
        if st.milestone:
            classes.append("op-milestone")
        if today is not None and st.end < today:
            classes.append("op-past")
        elif today is not None and st.start <= today <= st.end:
            classes.append("op-current")
        if st.behind:
            classes.append("op-behind")
        if st.new:
            classes.append("op-new")
        responsible = task.raci.responsible if task.raci else ()
        out.append(
            TableRow(
                st=st,
                phase=phase_titles.get(task.phase, task.phase),
                sites=tuple(plan.sites[s].name if s in plan.sites else s for s in st.sites),
                responsible=tuple((r, role_titles.get(r, r)) for r in responsible),
                missed=missed.get(task.id),
                cls=" ".join(classes),
            )
        )
    return out


def schedule_table(
    result: PlanResult,
    today: date | None = None,
    role_href: Callable[[str], str] | None = None,
) -> Markup:
    """Every task with status, phase, dates, variance against the baseline (when there is
    one), working days, slack, sites and who is responsible, as of `today` (the status date).

    Rows have the id `task-<id>` for links from other pages; critical rows the class
    `op-critical`, tasks behind schedule `op-behind`, tasks new since the baseline `op-new`.
    `role_href(role_id)`, when given, links each responsible role to its page.
    """
    sched = result.schedule
    baseline = sched.baseline_saved is not None
    rows = _table_rows_html(table_rows(result, today), role_href, baseline=baseline)
    return render(
        "gantt_table.html",
        rows=rows,
        status_date=today or sched.status_date,
        baseline_saved=sched.baseline_saved,
    )


# Built here rather than in `templates/gantt_table.html`: one row per task, each with a dozen
# values that cost a Jinja call and lookup apiece in the template. Only `Snippet` and `joined`
# (render.py) build the rows, and both escape every value that is not already markup.


NOBODY = Markup('<span class="op-muted">—</span>')
"""The Responsible cell of a task whose RACI names nobody."""
_BREAK = Markup("<br/>")
_TIME = Snippet('<time datetime="{}">{}</time>')
_LINK = Snippet('<a href="{}">{}</a>')


class _TableCells:
    """The cells that repeat down the schedule table (dates, phases, sites, who is
    responsible), each escaped and written once per table rather than once per row."""

    def __init__(self, role_href: Callable[[str], str] | None) -> None:
        self.role_href = role_href
        self._times: dict[date, Markup] = {}
        self._sites: dict[tuple[str, ...], Markup] = {}
        self._people: dict[tuple[tuple[str, str], ...], Markup] = {}

    def time(self, day: date) -> Markup:
        """A date as `<time>`: machine-readable ISO date, "14 Apr 2027" shown."""
        if day not in self._times:
            self._times[day] = _TIME(day.isoformat(), shortdate(day))
        return self._times[day]

    def sites(self, names: tuple[str, ...]) -> Markup:
        if names not in self._sites:
            self._sites[names] = _BREAK.join(names)
        return self._sites[names]

    def responsible(self, roles: tuple[tuple[str, str], ...]) -> Markup:
        """Role titles, linked to their pages when there is `role_href`; else a dash."""
        if roles not in self._people:
            href = self.role_href
            self._people[roles] = (
                _BREAK.join(
                    _LINK(href(role_id), title) if href else title for role_id, title in roles
                )
                or NOBODY
            )
        return self._people[roles]


_STATUS = {
    DONE: Markup('<span class="op-status op-status--done">done</span>'),
    IN_PROGRESS: Markup('<span class="op-status op-status--in-progress">in progress</span>'),
    NOT_STARTED: Markup('<span class="op-status op-status--not-started">not started</span>'),
}
_LEFT = Snippet('<br/><span class="op-muted">{} left</span>')
_BEHIND_BADGE = Markup('<br/><span class="op-badge op-badge--behind">behind</span>')


def status_cell(st: ScheduledTask) -> Markup:
    """A task's status as table cell content: "done", "in progress" (with the working days
    left), "not started", and a "behind" badge; a milestone done says when it happened."""
    if st.status == DONE:
        text = _STATUS[DONE]
        if st.milestone:
            text += Markup(" ") + _TIME(st.end.isoformat(), shortdate(st.end))
    elif st.status == IN_PROGRESS:
        text = _STATUS[IN_PROGRESS] + _LEFT(plural(st.remaining, "day"))
    else:
        text = _STATUS[NOT_STARTED]
    if st.behind:
        text += _BEHIND_BADGE
    return text


NEW_BADGE = Markup(
    '<span class="op-badge op-badge--new">new</span><span class="op-sr"> since the baseline</span>'
)
_VARIANCE = Snippet(
    '<span class="op-variance-value {}" aria-hidden="true">{}</span><span class="op-sr"> {}</span>'
)


def variance_cell(st: ScheduledTask) -> Markup:
    """A task's variance against the baseline as cell content: "+3" (later), "−2"
    (earlier), "0", or a "new" badge for a task added since; each with its meaning in
    words for screen readers. Empty without a baseline."""
    if st.new:
        return NEW_BADGE
    if st.variance is None:
        return Markup("")
    if st.variance > 0:
        shown, cls = f"+{st.variance}", "op-later"
    elif st.variance < 0:
        shown, cls = f"\u2212{-st.variance}", "op-earlier"
    else:
        shown, cls = "0", "op-on-time"
    words = f"{variance_words(st.variance)} than the baseline" if st.variance else "as agreed"
    return _VARIANCE(cls, shown, words)


_MILESTONE_MARK = Markup(
    '<span class="op-milestone-mark" title="Milestone" aria-label="Milestone">◆</span> '
)
_CRITICAL_BADGE = Markup(' <span class="op-badge op-badge--critical">critical</span>')
_DEADLINE_CELL = Snippet('<br/><span class="{}">deadline {}{}</span>')
_NEGATIVE = Snippet('<span class="op-bad">−{}</span>')
_VARIANCE_CELL = Snippet('<td class="op-num">{}</td>\n')
_ROW = Snippet(
    '<tr id="task-{id}"{cls}>\n'
    '<th scope="row">{mark}{title}{badge}</th>\n'
    '<td class="op-status-cell">{status}</td>\n'
    '<td class="op-wrap">{phase}</td>\n'
    "<td>{start}</td>\n"
    "<td>{end}</td>\n"
    "{variance}"
    '<td class="op-num">{days}</td>\n'
    '<td class="op-num">{slack}</td>\n'
    '<td class="op-wrap op-wide">{sites}</td>\n'
    '<td class="op-wrap">{responsible}</td>\n'
    "</tr>"
)


def _table_row_html(row: TableRow, cells: _TableCells, baseline: bool) -> Markup:
    """One task of the schedule table as a `<tr>`, a line per cell (a variance cell when
    the plan has a `baseline`)."""
    st, task = row.st, row.st.task
    end = Markup("—") if st.milestone else cells.time(st.end)
    if task.deadline:
        late = f", missed by {plural(row.missed.shortfall, 'day')}" if row.missed else ""
        state = "op-bad" if row.missed else "op-muted"
        end += _DEADLINE_CELL(state, cells.time(task.deadline), late)
    if st.slack is None:
        slack: Markup | str = "—"
    else:
        slack = _NEGATIVE(-st.slack) if st.slack < 0 else str(st.slack)
    return _ROW(
        id=task.id,
        cls=Snippet(' class="{}"')(row.cls) if row.cls else "",
        mark=_MILESTONE_MARK if st.milestone else "",
        title=task.title,
        badge=_CRITICAL_BADGE if st.critical else "",
        status=status_cell(st),
        phase=row.phase,
        start=cells.time(st.start),
        end=end,
        variance=_VARIANCE_CELL(variance_cell(st)) if baseline else "",
        days="milestone" if st.milestone else plural(task.days, "day"),
        slack=slack,
        sites=cells.sites(row.sites),
        responsible=cells.responsible(row.responsible),
    )


def _table_rows_html(
    rows: list[TableRow], role_href: Callable[[str], str] | None = None, *, baseline: bool = False
) -> Markup:
    """Every row of the schedule table (`role_href` links each responsible role; a
    variance column when the plan has a `baseline`)."""
    cells = _TableCells(role_href)
    return joined(_table_row_html(row, cells, baseline) for row in rows)


__all__ = [
    "Chart",
    "Scale",
    "chart_range",
    "chart_scale",
    "gantt_svg",
    "layout",
    "schedule_table",
    "status_cell",
    "table_rows",
    "variance_cell",
    "variance_words",
]
