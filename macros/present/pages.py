"""The data behind the dashboard, RACI, role and contacts pages (rendered by templates).

Pure functions of a `PlanResult` and the build date; `site_pages.PlanPages` hands
their output to the templates in `templates/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from macros.plan import wording
from macros.plan.model import WEEKDAYS, EscalationLevel, Phase, Plan, Role, Site, Task, Weekday
from macros.plan.problems import Severity
from macros.plan.wording import hhmm, longdate
from macros.present import gantt, views
from macros.present.render import Snippet, joined
from macros.schedule import clock
from macros.schedule.clock import DAY
from macros.schedule.result import PlanResult
from macros.schedule.scheduler import (
    DONE,
    IN_PROGRESS,
    MissedDeadline,
    ScheduledTask,
    schedule_warnings,
)

LETTERS = (("responsible", "R"), ("accountable", "A"), ("consulted", "C"), ("informed", "I"))
DAY_NAMES = dict(zip(WEEKDAYS, wording.DAY_NAMES, strict=True))


def key_contact(plan: Plan) -> Role | None:
    """The one role everybody reaches first: `project.key_contact`, else role `key-contact`."""
    wanted = plan.project.key_contact or "key-contact"
    return next((r for r in plan.roles if r.id == wanted), None)


def roles_key_first(plan: Plan) -> list[Role]:
    first = key_contact(plan)
    return [first, *(r for r in plan.roles if r is not first)] if first else list(plan.roles)


# -- dashboard ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Countdown:
    go_live: ScheduledTask
    working_days: int  # from today (exclusive) to Go-Live (inclusive); negative: since
    calendar_days: int

    @property
    def passed(self) -> bool:
        return self.calendar_days < 0


@dataclass(frozen=True)
class PhaseStatus:
    phase: Phase
    start: date
    end: date


@dataclass(frozen=True)
class Completion:
    """Working days done of all working days planned (milestones count none).

    Done: a finished task's `duration`; a task in progress, its `duration` less the
    working days it has left (at least 0). Planned: the sum of all durations.
    """

    done: int
    planned: int
    all_done: bool

    @property
    def percent(self) -> int:
        """Rounded down, so that 100 means every task is done."""
        if self.planned == 0:
            return 100 if self.all_done else 0
        return 100 * self.done // self.planned


@dataclass(frozen=True)
class Variance:
    """Go-Live against the baseline: how many working days later (negative: earlier)."""

    days: int
    saved: date  # the day the baseline was agreed
    agreed: date  # Go-Live's date in the baseline

    @property
    def lead(self) -> str:
        """ "3 working days later", "1 working day earlier", "as agreed"."""
        if self.days == 0:
            return "as agreed"
        word = "later" if self.days > 0 else "earlier"
        return f"{wording.plural(abs(self.days), 'working day')} {word}"

    @property
    def tail(self) -> str:
        """What follows `lead`: " than agreed on 2027-01-08" (" on 2027-01-08" as agreed)."""
        agreed = f" on {self.saved.isoformat()}"
        return agreed if self.days == 0 else f" than agreed{agreed}"

    @property
    def sentence(self) -> str:
        """ "3 working days later than agreed on 2027-01-08", "as agreed on 2027-01-08"."""
        return self.lead + self.tail


@dataclass(frozen=True)
class Late:
    """A task behind schedule, and by how much its end moves for it.

    In progress: it should have ended on `since` (its planned end) and is now forecast
    to end `days` working days later. Not started: it could have started on `since`
    and has not; each working day since then (up to the status date) moves its end.
    """

    scheduled: ScheduledTask
    since: date
    days: int

    @property
    def started(self) -> bool:
        return self.scheduled.status == IN_PROGRESS


@dataclass(frozen=True)
class Underway:
    """A task in progress: working days done and left, and its forecast end."""

    scheduled: ScheduledTask
    done: int
    left: int


@dataclass(frozen=True)
class Dashboard:
    countdown: Countdown | None
    current: list[PhaseStatus]  # phases under way today (several may overlap)
    before_start: bool
    finished: bool
    next_milestones: list[ScheduledTask]
    missed: list[tuple[MissedDeadline, list[Task]]]
    key_contact: Role | None
    phases: list[PhaseStatus]
    status_date: date  # S: what the dashboard is "as of"
    completion: Completion
    variance: Variance | None  # Go-Live against the baseline
    baseline_saved: date | None
    added: list[ScheduledTask]  # tasks added since the baseline
    removed: tuple[str, ...]  # task ids in the baseline that the plan no longer has
    behind: list[Late]  # the latest first
    in_progress: list[Underway]  # by forecast end
    done_milestones: list[ScheduledTask]  # by the day they happened
    notices: list[Markup]  # work out of sequence, as HTML

    @property
    def missed_by_plan(self) -> list[tuple[MissedDeadline, list[Task]]]:
        """Deadlines the plan as written misses: the build fails until it is changed."""
        return [(m, chain) for m, chain in self.missed if not m.by_time]

    @property
    def missed_by_time(self) -> list[tuple[MissedDeadline, list[Task]]]:
        """Deadlines met when the plan last changed, missed since as time passed."""
        return [(m, chain) for m, chain in self.missed if m.by_time]


def phase_spans(result: PlanResult) -> list[PhaseStatus]:
    """Each phase with tasks, from its first start to its last end, in plan order."""
    spans = []
    for phase, tasks in result.plan.tasks_by_phase():
        scheduled = [result.schedule[t.id] for t in tasks]
        if scheduled:
            spans.append(
                PhaseStatus(phase, min(s.start for s in scheduled), max(s.end for s in scheduled))
            )
    return spans


def completion(result: PlanResult) -> Completion:
    """Working days done of all planned, as `Completion` defines them."""
    done = planned = 0
    for st in result.schedule.tasks.values():
        days = st.task.days
        planned += days
        if st.status == DONE:
            done += days
        elif st.status == IN_PROGRESS:
            done += max(0, days - st.remaining)
    every = all(st.status == DONE for st in result.schedule.tasks.values())
    return Completion(done, planned, every)


def go_live_variance(result: PlanResult) -> Variance | None:
    """Go-Live's variance against the baseline, when there is one that has Go-Live."""
    go_live, saved = result.plan.project.go_live, result.schedule.baseline_saved
    if not go_live or saved is None:
        return None
    live = result.schedule[go_live]
    if live.variance is None or live.baseline_end is None:
        return None
    return Variance(live.variance, saved, live.baseline_end)


def lateness(result: PlanResult, st: ScheduledTask, today: date) -> Late:
    """How late a task that is behind is (see `Late`)."""
    idx = result.calendars.index(st.sites)
    if st.status == IN_PROGRESS and st.planned_end is not None:
        return Late(st, st.planned_end, idx.between(st.planned_end + timedelta(days=1), st.end))
    since = st.ready if st.ready is not None else st.start
    return Late(st, since, max(idx.between(since, today - timedelta(days=1)), 0))


def notices(result: PlanResult) -> list[Markup]:
    """The plan's notices other than missed deadlines (those the dashboard shows in full):
    work recorded out of sequence, as HTML with the `keys` they name set as code."""
    deadlines = set(schedule_warnings(result.plan, result.schedule))
    return [
        with_code(p.message)
        for p in result.warnings
        if p.severity is Severity.NOTICE and p not in deadlines
    ]


def with_code(text: str) -> Markup:
    """`text` as HTML, escaped, with each part between backticks set as `<code>`."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: leave them as they are
        return escape(text)
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def dashboard(result: PlanResult, today: date) -> Dashboard:
    """The home page's data as of `today`, the status date the schedule was made for."""
    plan, sched = result.plan, result.schedule
    countdown = None
    if plan.project.go_live:
        live = sched[plan.project.go_live]
        index = result.calendars.index(live.sites)
        if live.start >= today:
            working = index.between(today + timedelta(days=1), live.start)
        else:
            working = -index.between(live.start + timedelta(days=1), today)
        countdown = Countdown(live, working, (live.start - today).days)
    spans = phase_spans(result)
    position = {task_id: i for i, task_id in enumerate(sched.order)}
    in_order = [sched[t.id] for t in plan.tasks]
    milestones = sorted(
        (s for s in in_order if s.milestone and s.status != DONE and s.start >= today),
        key=lambda s: (s.start, position[s.id]),
    )
    behind = [lateness(result, s, today) for s in in_order if s.behind]
    behind.sort(key=lambda late: (-late.days, late.since, position[late.scheduled.id]))
    underway = [
        Underway(s, max(0, s.task.days - s.remaining), s.remaining)
        for s in in_order
        if s.status == IN_PROGRESS
    ]
    underway.sort(key=lambda u: (u.scheduled.end, position[u.scheduled.id]))
    done = sorted(
        (s for s in in_order if s.milestone and s.status == DONE),
        key=lambda s: (s.end, position[s.id]),
    )
    return Dashboard(
        countdown=countdown,
        current=[p for p in spans if p.start <= today <= p.end],
        before_start=today < sched.start,
        finished=today > sched.end,
        next_milestones=milestones[:3],
        missed=[(m, [plan.task(t) for t in m.chain]) for m in sched.missed],
        key_contact=key_contact(plan),
        phases=spans,
        status_date=today,
        completion=completion(result),
        variance=go_live_variance(result),
        baseline_saved=sched.baseline_saved,
        added=[s for s in in_order if s.new],
        removed=sched.removed,
        behind=behind,
        in_progress=underway,
        done_milestones=done,
        notices=notices(result),
    )


# -- RACI -------------------------------------------------------------------------------------
def task_raci(task: Task) -> dict[str, str]:
    """Role id -> its letters for `task` ("R", "A/R"), for every role the task names."""
    row: dict[str, list[str]] = {}
    if task.raci is not None:
        for name, letter in LETTERS:
            value = getattr(task.raci, name)
            for role_id in value if isinstance(value, tuple) else (value,):
                if role_id is not None and letter not in row.setdefault(role_id, []):
                    row[role_id].append(letter)
    return {role_id: "/".join(letters) for role_id, letters in row.items()}


def raci_letters(task: Task, role_id: str) -> str:
    """ "R", "A/R", "" ... : what `role_id` is for `task`."""
    return task_raci(task).get(role_id, "")


def raci_table(plan: Plan) -> dict[str, dict[str, str]]:
    """Task id -> role id -> its letters, for every task: worked out once per build for
    the RACI matrix and the role pages, which ask for every task and role pair."""
    return {task.id: task_raci(task) for task in plan.tasks}


# The body of the RACI matrix is built here rather than in `templates/raci.html`: a big plan
# has thousands of tasks times a dozen roles, a Jinja call and filter per cell, and the cells
# take a handful of distinct values. Only `Snippet` and `joined` (render.py) build it: every
# value is escaped unless it is markup already.
_PHASE_ROW = Snippet('<tr class="op-phase-row"><th scope="rowgroup" colspan="{}">{}</th></tr>\n')
_RACI_CELL = Snippet('<td class="op-raci-{}">{}</td>')
_RACI_ROW = Snippet('<tr><th scope="row"><a href="{}#task-{}">{}</a></th>{}</tr>\n')
_NO_LETTER = Markup('<td class="op-raci-none"></td>')


def raci_rows(plan: Plan, table: dict[str, dict[str, str]], timeline: str) -> Markup:
    """The RACI matrix's rows, each line ending in a newline: per phase with tasks, a
    heading row, then a row per task linking to it on the `timeline` page with its letters
    (`table` from `raci_table`) for each of the plan's roles, in plan order.

    A letter's cell is written once per table, and a task only fills in the few roles it
    names on a copy of the empty row: most of a row's cells are empty."""
    column = {role.id: i for i, role in enumerate(plan.roles)}
    empty = [_NO_LETTER] * len(column)
    colspan = len(column) + 1
    cell: dict[str, Markup] = {}  # "A/R" -> '<td class="op-raci-a">A/R</td>', a handful
    lines = []
    for phase, tasks in plan.tasks_by_phase():
        if not tasks:
            continue
        lines.append(_PHASE_ROW(colspan, phase.title))
        for task in tasks:
            cells = empty.copy()
            for role_id, letters in table[task.id].items():
                if role_id in column:
                    if letters not in cell:
                        kind = letters[0].lower() if letters else "none"
                        cell[letters] = _RACI_CELL(kind, letters)
                    cells[column[role_id]] = cell[letters]
            lines.append(_RACI_ROW(timeline, task.id, task.title, joined(cells, "")))
    return joined(lines, "")


def raci_gaps(plan: Plan) -> list[tuple[Task, str]]:
    """Tasks whose RACI lacks its one Accountable or any Responsible, with what is missing."""
    gaps = []
    for task in plan.tasks:
        if task.raci is None:
            continue
        if task.raci.accountable is None:
            gaps.append((task, "no Accountable"))
        if not task.raci.responsible:
            gaps.append((task, "no Responsible"))
    return gaps


@dataclass(frozen=True)
class RoleDuty:
    letter: str
    scheduled: ScheduledTask


@dataclass(frozen=True)
class RoleItem:
    checklist_title: str
    checklist_id: str
    text: str
    done: bool
    due: date | None


def _by_letter_then_date(duties: list[RoleDuty]) -> list[RoleDuty]:
    """R first, then A, C, I; by start date within a letter; plan order among equals."""
    order = {letter: i for i, (_, letter) in enumerate(LETTERS)}
    return sorted(duties, key=lambda d: (order[d.letter[0]], d.scheduled.start))


def duties_by_role(
    result: PlanResult, table: dict[str, dict[str, str]] | None = None
) -> dict[str, list[RoleDuty]]:
    """Role id -> the role's tasks, by R, A, C, I and then date, for every role some task
    names (`table` from `raci_table`).

    One pass over the tasks for all roles: the roles index and every role page need
    them, and a pass per role would read every task once per role.
    """
    table = table if table is not None else raci_table(result.plan)
    found: dict[str, list[RoleDuty]] = {}
    for task in result.plan.tasks:
        scheduled = result.schedule[task.id]
        for role_id, letters in table[task.id].items():
            if letters:
                found.setdefault(role_id, []).append(RoleDuty(letters, scheduled))
    return {role_id: _by_letter_then_date(duties) for role_id, duties in found.items()}


# The task table of a role page is built here rather than in `templates/role.html`: a big plan
# puts thousands of rows on the role pages, and most of each row is the same on every page.
# Only `Snippet` and `joined` (render.py) build it, escaping every value that is not markup.
_ROLE_TASK_CELLS = Snippet(
    '<td><a href="{href}#task-{id}">{title}</a>{critical}</td>'
    "<td>{start}</td><td>{end}</td><td>{days}</td>"
    '<td class="op-status-cell">{status}</td>{variance}'
)
_CRITICAL = Markup(' <span class="op-badge op-badge--critical">critical</span>')
_VARIANCE_CELL = Snippet('<td class="op-num">{}</td>')
_LETTER_CELL = Snippet('<td><abbr title="{}">{}</abbr></td>')
_ROLE_TASK_ROW = Snippet("<tr{}>{}{}</tr>")
_PAST = Markup(' class="op-past"')


def role_task_cells(result: PlanResult, timeline: str) -> dict[str, Markup]:
    """Task id -> its cells after the role's letter: link, badge, dates, working days,
    status and, when the plan has a baseline, variance.

    The same on every role page (all sit at the same depth, so the link to the
    `timeline` page is the same too): worked out once per build, not per role and task.
    """
    baseline = result.schedule.baseline_saved is not None
    cells = {}
    for task in result.plan.tasks:
        st = result.schedule[task.id]
        cells[task.id] = _ROLE_TASK_CELLS(
            href=timeline,
            id=task.id,
            title=task.title,
            critical=_CRITICAL if st.critical else "",
            start=st.start.isoformat(),
            end=st.end.isoformat(),
            days="milestone" if st.milestone else task.days,
            status=gantt.status_cell(st),
            variance=_VARIANCE_CELL(gantt.variance_cell(st)) if baseline else "",
        )
    return cells


def role_task_rows(
    duties: list[RoleDuty],
    cells: dict[str, Markup],
    today: date,
    names: Callable[[str], str],
) -> Markup:
    """A role's task table rows, one line each: its letter (`names` spells it out in the
    tooltip), then the task's `cells` from `role_task_cells`; tasks ended before `today`
    have the class `op-past`."""
    letters: dict[str, Markup] = {}  # a handful of distinct ones ("R", "A/R", ...)
    rows = []
    for duty in duties:
        st = duty.scheduled
        letter = letters.get(duty.letter)
        if letter is None:
            letter = letters[duty.letter] = _LETTER_CELL(names(duty.letter), duty.letter)
        rows.append(_ROLE_TASK_ROW(_PAST if st.end < today else "", letter, cells[st.task.id]))
    return joined(rows)


def role_items(result: PlanResult, role_id: str) -> list[RoleItem]:
    """Checklist items the role owns, with their due dates (the linked task's end)."""
    items = []
    for checklist in result.plan.checklists:
        due = result.schedule[checklist.task].end if checklist.task else None
        for item in checklist.items:
            if item.owner == role_id:
                items.append(RoleItem(checklist.title, checklist.id, item.text, item.done, due))
    return items


# -- escalation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LocalHours:
    site: Site
    text: str  # such as "15:00-23:00", "around the clock", "14:00-24:00 and 00:00-01:00"


@dataclass(frozen=True)
class LevelView:
    number: int
    level: EscalationLevel
    role: Role
    site: Site
    days: str
    hours: list[LocalHours]


def _days_text(days: tuple[Weekday, ...]) -> str:
    indexes = sorted(WEEKDAYS.index(d) for d in days)
    if len(indexes) == 7:
        return "every day"
    if indexes == list(range(indexes[0], indexes[-1] + 1)) and len(indexes) > 2:
        return f"{DAY_NAMES[WEEKDAYS[indexes[0]]]} to {DAY_NAMES[WEEKDAYS[indexes[-1]]]}"
    return ", ".join(DAY_NAMES[WEEKDAYS[i]] for i in indexes)


def local_hours(level: EscalationLevel, site: Site, other: Site, on: date) -> str:
    """The level's hours (in `site`'s time) seen from `other`'s clock on date `on`."""
    if level.hours.minutes >= 1440:
        return "around the clock"
    if other.id == site.id:
        return str(level.hours)
    zone, there = ZoneInfo(site.timezone), ZoneInfo(other.timezone)
    day = on.toordinal()
    start = clock.to_local(there, clock.to_utc(zone, day, level.hours.start))
    end = clock.to_local(there, clock.to_utc(zone, day, level.hours.end))
    midnight = end % DAY == 0
    text = f"{hhmm(start % DAY // 60)}-{'24:00' if midnight else hhmm(end % DAY // 60)}"
    if start // DAY != day:
        text += " (the day before)" if start // DAY < day else " (the next day)"
    elif end // DAY > day and not midnight:
        text += " (ends the next day)"
    return text


def escalation_levels(result: PlanResult, on: date) -> Iterator[LevelView]:
    plan = result.plan
    weekends: dict[str, tuple[Weekday, ...]] = {}
    for number, level in enumerate(plan.escalation, start=1):
        role = plan.role(level.role)
        site = plan.sites[role.site]
        if site.id not in weekends:
            weekends[site.id] = views.weekend_days(result, site.id)
        days = level.days or tuple(d for d in WEEKDAYS if d not in weekends[site.id])
        yield LevelView(
            number=number,
            level=level,
            role=role,
            site=site,
            days=_days_text(days),
            hours=[LocalHours(s, local_hours(level, site, s, on)) for s in plan.sites.values()],
        )


_OWNER_NOTE = Snippet('<p class="op-page-owner">Owner: {owner}{person}{reviewed}</p>')
_OWNER_LINK = Snippet('<a href="{}">{}</a>')
_PERSON = Snippet(" ({})")
_REVIEWED = Snippet(' · last reviewed <time datetime="{}">{}</time>')


def owner_note(
    role: Role | None, owner_id: str, role_href: str | None, reviewed: date | None
) -> Markup:
    """The line under a page naming its owner (role and person, linked to the role's page
    when there is one: an owner the plan does not know has none) and the day it was last
    reviewed."""
    if role is None or role_href is None:
        owner: Markup | str = owner_id
    else:
        owner = _OWNER_LINK(role_href, role.title)
    person = _PERSON(role.person) if role is not None and role.person else ""
    when = _REVIEWED(reviewed.isoformat(), longdate(reviewed)) if reviewed else ""
    return _OWNER_NOTE(owner=owner, person=person, reviewed=when)


def owner_words(role: Role | None, owner_id: str) -> str:
    """ "Customer Support Lead (Maya Thornton)": the owner as a sentence names them."""
    if role is None:
        return owner_id
    return f"{role.title} ({role.person})" if role.person else role.title
