"""The schedule: earliest dates, latest dates, slack, missed deadlines, progress, variance.

Semantics are those of PLAN_FORMAT.md, "Scheduling semantics (exact)" and "Progress and
baselines (exact)", with S the status date (the build's "today"):

- A task's working days are those of every site in its `sites` (default: every site).
- A finished task starts on `started` (a milestone on `finished`) and ends on `finished`.
- A started, unfinished task starts on `started` and ends on the R-th working day counted
  from the first working day on or after S: R is `remaining`, else the larger of 1 and
  `duration` minus its working days from `started` to the day before S.
- Any other task: earliest start is the first working day on or after `project.start` and,
  for each dependency, after the dependency's end with `lag` further working days skipped
  (a milestone dependency is a point at the start of its day: the successor may start on
  its date); and never before the first working day on or after the later of
  `project.start` and S. A task of N days ends on the N-th working day from its start; a
  milestone starts and ends on its earliest start.
- Latest end: a backward pass from every deadline and, where no deadline lies downstream,
  from the plan's last end date; started and finished tasks constrain no task before them.
  Slack counts the task's working days between earliest and latest end (none for a
  finished task); a task is critical when its slack is zero or less.
- Behind: not started while its earliest start without the S floor is before S; or started
  and unfinished with its planned end (the `duration`-th working day from the first
  working day on or after `started`) before S.
- Variance, with a baseline: the task's working days in (baseline end, end], negative when
  it ends earlier.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar, Literal

from macros.plan.model import Plan, Task
from macros.plan.problems import PlanError, Problem, Severity
from macros.plan.values import FIRST_DATE, LAST_DATE
from macros.schedule.workdays import Calendars, OutsideWindow, WorkdayIndex

Status = Literal["done", "in progress", "not started"]
DONE: Status = "done"
IN_PROGRESS: Status = "in progress"
NOT_STARTED: Status = "not started"


@dataclass(frozen=True)
class ScheduledTask:
    """A task with its computed dates, its progress and, with a baseline, its variance."""

    page_properties: ClassVar[tuple[str, ...]] = ("id", "critical", "milestone", "new")

    task: Task
    sites: tuple[str, ...]
    start: date
    end: date
    latest_end: date | None  # None for a finished task
    slack: int | None  # None for a finished task
    driver: str | None  # the dependency that set the start (None: the project start or S)
    status: Status = NOT_STARTED
    behind: bool = False
    remaining: int = 0
    """Working days of work left: all of them before it starts, none once it is done."""
    planned_end: date | None = None
    """For a task in progress: where `duration` working days from `started` would end."""
    ready: date | None = None
    """For a task not started: its earliest start without the status date's floor, the
    day its dependencies would have let it begin (before S: it is behind)."""
    baseline_start: date | None = None
    baseline_end: date | None = None
    variance: int | None = None
    """Working days later (negative: earlier) than the baseline; None without one."""
    in_baseline: bool = True
    """False for a task added since the baseline was saved."""

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def critical(self) -> bool:
        return self.slack is not None and self.slack <= 0

    @property
    def milestone(self) -> bool:
        return self.task.milestone

    @property
    def new(self) -> bool:
        """Added since the baseline was saved."""
        return not self.in_baseline


@dataclass(frozen=True)
class MissedDeadline:
    """A deadline the schedule cannot meet, with the chain of tasks that pushes it."""

    task: str
    deadline: date
    scheduled: date
    shortfall: int  # working days late
    chain: tuple[str, ...]  # from the first task of the driving chain to the late task
    by_time: bool = False
    """Met when the plan last changed, missed as of the status date: time passed."""
    held: bool = False
    """The first task of the chain waits for the status date (work not yet started)."""


@dataclass(frozen=True)
class Schedule:
    page_properties: ClassVar[tuple[str, ...]] = ("feasible",)

    tasks: Mapping[str, ScheduledTask]
    order: tuple[str, ...]  # topological, stable in plan order
    start: date
    end: date
    missed: tuple[MissedDeadline, ...]
    status_date: date | None = None
    baseline_saved: date | None = None
    removed: tuple[str, ...] = ()
    """Task ids in the baseline that the plan no longer has."""

    def __repr__(self) -> str:
        """A summary, as for `Plan`: one line, whatever the number of tasks."""
        return (
            f"Schedule({len(self.tasks)} tasks from {self.start} to {self.end}, "
            f"{len(self.missed)} deadlines missed)"
        )

    @property
    def feasible(self) -> bool:
        return not self.missed

    def __getitem__(self, task_id: str) -> ScheduledTask:
        return self.tasks[task_id]


def topological_order(tasks: tuple[Task, ...]) -> list[Task]:
    """Tasks in dependency order; ties keep the plan's order. The loader rejects cycles."""
    position = {t.id: i for i, t in enumerate(tasks)}
    waiting = {t.id: len({d.task for d in t.dependencies}) for t in tasks}
    successors: dict[str, list[str]] = {t.id: [] for t in tasks}
    for t in tasks:
        for dep in {d.task for d in t.dependencies}:
            successors[dep].append(t.id)
    ready = deque(sorted((t.id for t in tasks if waiting[t.id] == 0), key=position.__getitem__))
    by_id = {t.id: t for t in tasks}
    order: list[Task] = []
    while ready:
        current = ready.popleft()
        order.append(by_id[current])
        for succ in successors[current]:
            waiting[succ] -= 1
            if waiting[succ] == 0:
                ready.append(succ)
    if len(order) != len(tasks):  # pragma: no cover - the loader reports cycles first
        raise ValueError("the plan's dependencies form a cycle")
    return order


def schedule(
    plan: Plan, calendars: Calendars | None = None, status_date: date | None = None
) -> Schedule:
    """Compute every task's dates as of `status_date` (S); the plan must have passed the
    loader's checks. Without a status date, recorded progress still pins what it records
    and nothing is held back by S (as if S were the project's start)."""
    calendars = calendars or Calendars(plan.sites, plan.project.start)
    order = topological_order(plan.tasks)
    index_of: dict[str, WorkdayIndex] = {}
    sites_of: dict[str, tuple[str, ...]] = {}
    for task in plan.tasks:
        sites_of[task.id] = plan.task_sites(task)
        index_of[task.id] = calendars.index(sites_of[task.id])
    today = status_date or plan.project.start
    floor_day = max(plan.project.start, today)

    milestone = {t.id: t.milestone for t in plan.tasks}
    start: dict[str, date] = {}
    end: dict[str, date] = {}
    driver: dict[str, str | None] = {}
    progress: dict[str, _Progress] = {}
    held: set[str] = set()  # tasks the status date holds back
    for task in order:
        idx = index_of[task.id]
        best_driver: str | None = None
        try:
            if task.finished is not None:
                start[task.id] = task.finished if task.milestone else task.started or task.finished
                end[task.id] = task.finished
                progress[task.id] = _Progress(DONE, behind=False, remaining=0)
            elif task.started is not None and not task.milestone:
                progress[task.id] = _in_progress(task, idx, today)
                start[task.id] = task.started
                first = idx.on_or_after(today)
                end[task.id] = idx.shift(first, progress[task.id].remaining - 1)
            else:
                best = idx.on_or_after(plan.project.start)
                for dep in task.dependencies:
                    # After a milestone the task may start that same day; after a task,
                    # the next.
                    pred_end = end[dep.task]
                    first = (
                        idx.on_or_after(pred_end) if milestone[dep.task] else idx.after(pred_end)
                    )
                    candidate = idx.shift(first, dep.lag) if dep.lag else first
                    if candidate > best or (candidate == best and best_driver is None):
                        best, best_driver = candidate, dep.task
                floor = idx.on_or_after(floor_day)
                unfloored = best
                behind = status_date is not None and best < status_date
                if floor > best:
                    best, best_driver = floor, None
                    held.add(task.id)
                start[task.id] = best
                end[task.id] = best if task.milestone else idx.shift(best, task.days - 1)
                progress[task.id] = _Progress(
                    NOT_STARTED, behind=behind, remaining=task.days, ready=unfloored
                )
        except OutsideWindow:
            why = _unschedulable(
                plan, task, idx, driver, best_driver, held=held, status_date=status_date
            )
            raise PlanError([why]) from None
        driver[task.id] = best_driver
        if end[task.id] > LAST_DATE:
            why = _unschedulable(
                plan, task, idx, driver, best_driver, held=held, status_date=status_date
            )
            raise PlanError([why])

    plan_end = max(end.values())
    latest = _backward(plan, order, index_of, end, plan_end)
    baseline = plan.baseline.tasks if plan.baseline is not None else None

    scheduled: dict[str, ScheduledTask] = {}
    for t in plan.tasks:
        idx, p = index_of[t.id], progress[t.id]
        late = latest.get(t.id)
        agreed = baseline.get(t.id) if baseline is not None else None
        scheduled[t.id] = ScheduledTask(
            task=t,
            sites=sites_of[t.id],
            start=start[t.id],
            end=end[t.id],
            latest_end=late,
            slack=None if late is None else idx.rank(late) - idx.rank(end[t.id]),
            driver=driver[t.id],
            status=p.status,
            behind=p.behind,
            remaining=p.remaining,
            planned_end=p.planned_end,
            ready=p.ready,
            baseline_start=agreed.start if agreed is not None else None,
            baseline_end=agreed.end if agreed is not None else None,
            variance=_variance(idx, agreed.end, end[t.id]) if agreed is not None else None,
            in_baseline=baseline is None or agreed is not None,
        )
    missed = tuple(
        _missed(plan, scheduled[t.id], t.deadline, index_of[t.id], driver=driver, held=held)
        for t in plan.tasks
        if t.deadline is not None and progress[t.id].status != DONE and end[t.id] > t.deadline
    )
    ids = {t.id for t in plan.tasks}
    return Schedule(
        tasks=scheduled,
        order=tuple(t.id for t in order),
        start=min(start.values()),
        end=plan_end,
        missed=missed,
        status_date=status_date,
        baseline_saved=plan.baseline.saved if plan.baseline is not None else None,
        removed=tuple(i for i in baseline if i not in ids) if baseline is not None else (),
    )


@dataclass(frozen=True)
class _Progress:
    status: Status
    behind: bool
    remaining: int
    planned_end: date | None = None
    ready: date | None = None


def _in_progress(task: Task, idx: WorkdayIndex, today: date) -> _Progress:
    """A started, unfinished task's remaining work R and whether it is behind."""
    assert task.started is not None
    if task.remaining is not None:
        remaining = task.remaining
    else:
        done = idx.between(task.started, today - timedelta(days=1)) if today > task.started else 0
        remaining = max(1, task.days - done)
    planned_end = idx.shift(idx.on_or_after(task.started), task.days - 1)
    return _Progress(IN_PROGRESS, planned_end < today, remaining, planned_end)


def _variance(idx: WorkdayIndex, agreed: date, current: date) -> int:
    """The task's working days in (agreed, current]; minus those in (current, agreed]."""
    return idx.rank(current + timedelta(days=1)) - idx.rank(agreed + timedelta(days=1))


def _backward(
    plan: Plan,
    order: list[Task],
    index_of: Mapping[str, WorkdayIndex],
    end: Mapping[str, date],
    plan_end: date,
) -> dict[str, date]:
    """Latest end of every unfinished task: from deadlines, else from the plan's last end.

    A started or finished successor no longer constrains its predecessors; finished tasks
    get no latest end.
    """
    latest: dict[str, date] = {}
    latest_start: dict[str, date] = {}
    successors: dict[str, list[tuple[Task, int]]] = {t.id: [] for t in plan.tasks}
    for task in plan.tasks:
        if task.started is not None or task.finished is not None:
            continue  # under way or done: it no longer waits for its predecessors
        for dep in task.dependencies:
            successors[dep.task].append((task, dep.lag))
    for task in reversed(order):
        if task.finished is not None:
            continue
        idx = index_of[task.id]
        bounds: list[date] = []
        try:
            if task.deadline is not None:
                bounds.append(idx.on_or_before(task.deadline))
            for succ, lag in successors[task.id]:
                succ_idx = index_of[succ.id]
                # The successor's earliest start must not pass its latest start: walk its
                # lag back, then the predecessor must end before that day (a milestone: on it).
                limit = (
                    succ_idx.shift(latest_start[succ.id], -lag) if lag else latest_start[succ.id]
                )
                bounds.append(idx.on_or_before(limit) if task.milestone else idx.before(limit))
            if not bounds:
                bounds.append(idx.on_or_before(plan_end))
            latest[task.id] = min(bounds)
            latest_start[task.id] = (
                latest[task.id] if task.milestone else idx.shift(latest[task.id], -(task.days - 1))
            )
        except OutsideWindow:
            raise PlanError([_too_early(task)]) from None
    return latest


def _unschedulable(
    plan: Plan,
    task: Task,
    idx: WorkdayIndex,
    driver: Mapping[str, str | None],
    pushed_by: str | None,
    *,
    held: set[str],
    status_date: date | None,
) -> Problem:
    """Why `task` has no dates inside the plan's window, at the task, with what to change:
    its sites share no working day, or the work before it (from the project's start, or
    from the status date for work not done yet) runs past the last date."""
    sites = plan.task_sites(task)
    if idx.between(plan.project.start, LAST_DATE) <= 0:
        whose = (
            f"its site {sites[0]!r} has no working day"
            if len(sites) == 1
            else f"its sites {', '.join(repr(s) for s in sites)} have no working day in common"
        )
        return Problem(
            task.at("sites") if "sites" in task.locs else task.loc,
            f"{task.label} cannot be scheduled: {whose} from {plan.project.start.isoformat()} "
            f"to {LAST_DATE.isoformat()}: give the task `sites:` with the site that does the "
            "work, or change a site's `weekend` or `days_off`",
        )
    chain = [task.id]
    previous = pushed_by
    while previous is not None:
        chain.append(previous)
        previous = driver[previous]
    root = chain[-1]  # the first task of the chain: the one the status date may hold
    chain.reverse()
    if len(chain) > 8:  # a chain of a thousand tasks would make a message of pages
        chain[3:-3] = [f"({len(chain) - 6} more)"]
    pushed = f", pushed by {' -> '.join(chain)}" if len(chain) > 1 else ""
    where = task.at("duration") if "duration" in task.locs else task.loc
    past = f"{task.label} would end after {LAST_DATE.isoformat()}, the last date a plan can use"
    if status_date is not None and (root in held or task.started is not None):
        return Problem(
            where,
            f"{past}: as of the status date {status_date.isoformat()}, the work left"
            f"{pushed + ',' if pushed else ''} does not fit before it; shorten or overlap "
            "that work",
        )
    return Problem(
        where, f"{past}{pushed}: shorten or overlap those tasks, or start the project earlier"
    )


def _too_early(task: Task) -> Problem:
    """A task whose latest dates fall before the plan's window: a deadline after it (or its
    own) leaves less time than the work before it takes, by decades."""
    return Problem(
        task.at("deadline") if "deadline" in task.locs else task.loc,
        f"{task.label} would have to end before {FIRST_DATE.isoformat()}, the first date a "
        "plan can use, to meet its deadline or the deadlines of the tasks after it: "
        "move those deadlines later",
    )


def _missed(
    plan: Plan,
    task: ScheduledTask,
    deadline: date,
    idx: WorkdayIndex,
    *,
    driver: Mapping[str, str | None],
    held: set[str],
) -> MissedDeadline:
    chain = [task.id]
    while (previous := driver[chain[-1]]) is not None:
        chain.append(previous)
    try:
        shortfall = idx.rank(task.end) - idx.rank(idx.on_or_before(deadline))
    except OutsideWindow:  # no working day of the task's sites from 1900 to the deadline
        raise PlanError([_too_early(plan.task(task.id))]) from None
    return MissedDeadline(
        task.id, deadline, task.end, shortfall, tuple(reversed(chain)), held=chain[-1] in held
    )


def schedule_warnings(plan: Plan, result: Schedule) -> list[Problem]:
    """A problem per missed deadline, at the deadline's line: a warning (the strict build
    fails) when the plan as written misses it; a notice when it was met when the plan last
    changed and only time passing since (work not recorded as done) makes it late."""
    problems = []
    for miss in result.missed:
        task = plan.task(miss.task)
        titles = " -> ".join(miss.chain)
        if miss.held and result.status_date is not None:
            titles = f"the status date {result.status_date.isoformat()} -> {titles}"
        late = (
            f"task {miss.task!r} cannot meet its deadline {miss.deadline.isoformat()}: it is "
            f"scheduled to end on {miss.scheduled.isoformat()}, {miss.shortfall} working "
            f"day{'s' if miss.shortfall != 1 else ''} late, pushed by {titles}"
        )
        if miss.by_time and result.status_date is not None:
            problems.append(
                Problem(
                    task.at("deadline"),
                    f"{late}, as of {result.status_date.isoformat()}: the plan met it when it "
                    "last changed, and time has passed since; record the progress made, "
                    "or agree a new deadline",
                    Severity.NOTICE,
                )
            )
        else:
            problems.append(
                Problem(
                    task.at("deadline"),
                    f"{late}; shorten or overlap those tasks, drop a dependency, or move the "
                    "deadline",
                    Severity.WARNING,
                )
            )
    return problems
