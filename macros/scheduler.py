"""The schedule: earliest dates, latest dates, slack and missed deadlines.

Semantics are those of PLAN_FORMAT.md, "Scheduling semantics (exact)":

- A task's working days are those of every site in its `sites` (default: every site).
- Earliest start: the first working day (for the task) on or after `project.start` and,
  for each dependency, after the dependency's end with `lag` further working days (for the
  task) skipped. A milestone dependency is a point at the start of its day, so the successor
  may start on the milestone's date (lag counts from that date on).
- A task of N days ends on the N-th working day counted from its start; a milestone starts
  and ends on its earliest start.
- Latest end: a backward pass from every deadline and, where no deadline lies downstream,
  from the plan's last end date. Slack counts the task's working days between earliest and
  latest end; a task is critical when its slack is zero or less.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from .model import Plan, Task
from .problems import PlanError, Problem, Severity
from .values import FIRST_DATE, LAST_DATE
from .workdays import Calendars, OutsideWindow, WorkdayIndex


@dataclass(frozen=True)
class ScheduledTask:
    """A task with its computed dates."""

    page_properties: ClassVar[tuple[str, ...]] = ("id", "critical", "milestone")

    task: Task
    sites: tuple[str, ...]
    start: date
    end: date
    latest_end: date
    slack: int
    driver: str | None  # the dependency that set the start (None: the project start)

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def critical(self) -> bool:
        return self.slack <= 0

    @property
    def milestone(self) -> bool:
        return self.task.milestone


@dataclass(frozen=True)
class MissedDeadline:
    """A deadline the schedule cannot meet, with the chain of tasks that pushes it."""

    task: str
    deadline: date
    scheduled: date
    shortfall: int  # working days late
    chain: tuple[str, ...]  # from the first task of the driving chain to the late task


@dataclass(frozen=True)
class Schedule:
    page_properties: ClassVar[tuple[str, ...]] = ("feasible",)

    tasks: Mapping[str, ScheduledTask]
    order: tuple[str, ...]  # topological, stable in plan order
    start: date
    end: date
    missed: tuple[MissedDeadline, ...]

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


def schedule(plan: Plan, calendars: Calendars | None = None) -> Schedule:
    """Compute every task's dates; the plan must have passed the loader's checks."""
    calendars = calendars or Calendars(plan.sites, plan.project.start)
    order = topological_order(plan.tasks)
    index_of: dict[str, WorkdayIndex] = {}
    sites_of: dict[str, tuple[str, ...]] = {}
    for task in plan.tasks:
        sites_of[task.id] = plan.task_sites(task)
        index_of[task.id] = calendars.index(sites_of[task.id])

    milestone = {t.id: t.milestone for t in plan.tasks}
    start: dict[str, date] = {}
    end: dict[str, date] = {}
    driver: dict[str, str | None] = {}
    for task in order:
        idx = index_of[task.id]
        best_driver: str | None = None
        try:
            best = idx.on_or_after(plan.project.start)
            for dep in task.dependencies:
                # After a milestone the task may start that same day; after a task, the next.
                pred_end = end[dep.task]
                first = idx.on_or_after(pred_end) if milestone[dep.task] else idx.after(pred_end)
                candidate = idx.shift(first, dep.lag) if dep.lag else first
                if candidate > best or (candidate == best and best_driver is None):
                    best, best_driver = candidate, dep.task
            start[task.id] = best
            end[task.id] = best if task.milestone else idx.shift(best, task.days - 1)
        except OutsideWindow:
            raise PlanError([_unschedulable(plan, task, idx, driver, best_driver)]) from None
        driver[task.id] = best_driver
        if end[task.id] > LAST_DATE:
            raise PlanError([_unschedulable(plan, task, idx, driver, best_driver)])

    plan_end = max(end.values())
    latest = _backward(plan, order, index_of, end, plan_end)

    scheduled = {
        t.id: ScheduledTask(
            task=t,
            sites=sites_of[t.id],
            start=start[t.id],
            end=end[t.id],
            latest_end=latest[t.id],
            slack=index_of[t.id].rank(latest[t.id]) - index_of[t.id].rank(end[t.id]),
            driver=driver[t.id],
        )
        for t in plan.tasks
    }
    missed = tuple(
        _missed(plan, scheduled[t.id], t.deadline, index_of[t.id], driver)
        for t in plan.tasks
        if t.deadline is not None and end[t.id] > t.deadline
    )
    return Schedule(
        tasks=scheduled,
        order=tuple(t.id for t in order),
        start=min(start.values()),
        end=plan_end,
        missed=missed,
    )


def _backward(
    plan: Plan,
    order: list[Task],
    index_of: Mapping[str, WorkdayIndex],
    end: Mapping[str, date],
    plan_end: date,
) -> dict[str, date]:
    """Latest end of every task: from deadlines, else from the plan's last end date."""
    latest: dict[str, date] = {}
    latest_start: dict[str, date] = {}
    successors: dict[str, list[tuple[Task, int]]] = {t.id: [] for t in plan.tasks}
    for task in plan.tasks:
        for dep in task.dependencies:
            successors[dep.task].append((task, dep.lag))
    for task in reversed(order):
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
) -> Problem:
    """Why `task` has no dates inside the plan's window, at the task, with what to change."""
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
    pushed = f", pushed by {' -> '.join(reversed(chain))}" if len(chain) > 1 else ""
    return Problem(
        task.at("duration") if "duration" in task.locs else task.loc,
        f"{task.label} would end after {LAST_DATE.isoformat()}, the last date a plan can "
        f"use{pushed}: shorten or overlap those tasks, or start the project earlier",
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
    driver: Mapping[str, str | None],
) -> MissedDeadline:
    chain = [task.id]
    while (previous := driver[chain[-1]]) is not None:
        chain.append(previous)
    try:
        shortfall = idx.rank(task.end) - idx.rank(idx.on_or_before(deadline))
    except OutsideWindow:  # no working day of the task's sites from 1900 to the deadline
        raise PlanError([_too_early(plan.task(task.id))]) from None
    return MissedDeadline(task.id, deadline, task.end, shortfall, tuple(reversed(chain)))


def schedule_warnings(plan: Plan, result: Schedule) -> list[Problem]:
    """A build warning per missed deadline, at the deadline's line."""
    problems = []
    for miss in result.missed:
        task = plan.task(miss.task)
        titles = " -> ".join(miss.chain)
        problems.append(
            Problem(
                task.at("deadline"),
                f"task {miss.task!r} cannot meet its deadline {miss.deadline.isoformat()}: it is "
                f"scheduled to end on {miss.scheduled.isoformat()}, {miss.shortfall} working "
                f"day{'s' if miss.shortfall != 1 else ''} late, pushed by {titles}; shorten or "
                "overlap those tasks, drop a dependency, or move the deadline",
                Severity.WARNING,
            )
        )
    return problems
