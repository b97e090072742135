"""Progress, the status date and baselines against an independent reference, field by field.

`reference_progress` below is written from PLAN_FORMAT.md, "Progress and baselines
(exact)", on top of the day-by-day calendar of `test_scheduler_properties` (which asks
the `holidays` package directly): nothing of `macros.schedule` is
used. Random plans get random recorded progress (finished, started with or without
`remaining`, not started; out of sequence too), a random status date anywhere from
before the plan to long after it, and a random baseline; every task's `start`, `end`,
`slack`, `critical`, `status`, `behind` and `variance` must agree.

How the reference reads the format
----------------------------------
S is the status date. A *finished* task starts on `started` (a milestone on `finished`)
and ends on `finished`. A *started, unfinished* task starts on `started`; R is
`remaining`, else the larger of 1 and `duration` minus its working days d with
`started` <= d < S; it ends on the R-th working day counted from S (S included when it
is a working day). Any other task starts at the latest of: the first working day on or
after `project.start`, each dependency's bound (as in the scheduling semantics), and the
first working day on or after the later of `project.start` and S. Behind: not started
and the start without that last bound is before S; or started, unfinished, and the
`duration`-th working day counted from `started` is before S.

The late pass keeps only the edges into tasks that have neither started nor finished (a
started or finished task no longer constrains the tasks before it); the plan's end is the
last end of all tasks; a finished task has no latest end and no slack, and is not
critical. Variance is the task's working days in (baseline end, end], negative when the
end is earlier; none for a task missing from the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from macros.plan.model import BaselineFile, BaselineTask, Plan, Project, Task
from macros.schedule.scheduler import schedule
from tests import helpers
from tests.schedule.test_scheduler_properties import (
    DAY,
    count_between,
    dependencies,
    last_on_or_before,
    nth_on_or_after,
    random_plans,
    reference_order,
    step_back,
    task_works,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Row:
    start: date
    end: date
    slack: int | None
    critical: bool
    status: str
    behind: bool
    variance: int | None
    ready: date | None = None


def _worked(works: object, first: date, before: date) -> int:
    """Working days d with first <= d < before."""
    count, day = 0, first
    while day < before:
        count += works(day)  # type: ignore[operator]
        day += DAY
    return count


def reference_progress(plan: Plan, status: date) -> dict[str, Row]:
    order = reference_order(plan)
    works = {t.id: task_works(plan, t) for t in order}
    by_id = {t.id: t for t in order}
    start: dict[str, date] = {}
    end: dict[str, date] = {}
    state: dict[str, str] = {}
    behind: dict[str, bool] = {}
    ready: dict[str, date] = {}
    floor_day = max(plan.project.start, status)
    for task in order:
        w = works[task.id]
        if task.finished is not None:
            start[task.id] = task.finished if task.milestone else task.started  # type: ignore[assignment]
            end[task.id] = task.finished
            state[task.id], behind[task.id] = "done", False
        elif task.started is not None:
            r = task.remaining or max(1, task.days - _worked(w, task.started, status))
            start[task.id] = task.started
            end[task.id] = nth_on_or_after(w, status, r)
            planned = nth_on_or_after(w, task.started, task.days)
            state[task.id], behind[task.id] = "in progress", planned < status
        else:
            bounds = [nth_on_or_after(w, plan.project.start, 1)]
            for dep, lag in dependencies(task):
                first = end[dep] if by_id[dep].milestone else end[dep] + DAY
                bounds.append(nth_on_or_after(w, first, lag + 1))
            unfloored = ready[task.id] = max(bounds)
            start[task.id] = max(unfloored, nth_on_or_after(w, floor_day, 1))
            end[task.id] = (
                start[task.id] if task.milestone else nth_on_or_after(w, start[task.id], task.days)
            )
            state[task.id], behind[task.id] = "not started", unfloored < status
    plan_end = max(end.values())

    # The late pass, over the edges into tasks not yet started only.
    open_ = {t.id for t in order if t.started is None and t.finished is None}
    successors: dict[str, list[tuple[str, int]]] = {t.id: [] for t in order}
    for task in order:
        if task.id in open_:
            for dep, lag in dependencies(task):
                successors[dep].append((task.id, lag))
    downstream: dict[str, bool] = {}
    latest: dict[str, date] = {}
    latest_start: dict[str, date] = {}
    for task in reversed(order):
        w = works[task.id]
        downstream[task.id] = task.deadline is not None or any(
            downstream[s] for s, _ in successors[task.id]
        )
        if task.finished is not None:
            continue
        bounds = []
        if task.deadline is not None:
            bounds.append(last_on_or_before(w, task.deadline))
        if not downstream[task.id]:
            bounds.append(last_on_or_before(w, plan_end))
        for succ, lag in successors[task.id]:
            x = step_back(works[succ], latest_start[succ], lag)
            bounds.append(last_on_or_before(w, x if task.milestone else x - DAY))
        latest[task.id] = min(bounds)
        latest_start[task.id] = (
            latest[task.id] if task.milestone else step_back(w, latest[task.id], task.days - 1)
        )

    agreed = plan.baseline.tasks if plan.baseline is not None else {}
    rows = {}
    for task in plan.tasks:
        w = works[task.id]
        slack = count_between(w, end[task.id], latest[task.id]) if task.id in latest else None
        rows[task.id] = Row(
            start=start[task.id],
            end=end[task.id],
            slack=slack,
            critical=slack is not None and slack <= 0,
            status=state[task.id],
            behind=behind[task.id],
            variance=(
                count_between(w, agreed[task.id].end, end[task.id]) if task.id in agreed else None
            ),
            ready=ready.get(task.id),
        )
    return rows


# -- random progress ---------------------------------------------------------------------------


@st.composite
def plans_with_progress(draw: st.DrawFn) -> tuple[Plan, date]:
    """A random plan, a random status date, progress recorded on or before it, a baseline."""
    plan = draw(random_plans())
    start = plan.project.start
    status = start + timedelta(days=draw(st.integers(-60, 500)))
    tasks: list[Task] = []
    for planned in plan.tasks:
        kind = draw(st.sampled_from(["none", "none", "started", "finished"]))
        earliest = start - timedelta(days=30)
        if kind == "none" or status < earliest:
            tasks.append(planned)
            continue
        span = (status - earliest).days
        began = earliest + timedelta(days=draw(st.integers(0, span)))
        if planned.milestone:
            recorded = replace(planned, finished=began) if kind == "finished" else planned
        elif kind == "started":
            remaining = draw(st.none() | st.integers(1, 20))
            recorded = replace(planned, started=began, remaining=remaining)
        else:
            ended = began + timedelta(days=draw(st.integers(0, (status - began).days)))
            recorded = replace(planned, started=began, finished=ended)
        tasks.append(recorded)
    plan = replace(plan, tasks=tuple(tasks))
    if draw(st.booleans()):
        agreed = {}
        for task in plan.tasks:
            if draw(st.integers(0, 5)) == 0:
                continue  # added since the baseline
            first = start + timedelta(days=draw(st.integers(-10, 200)))
            last = first + timedelta(days=draw(st.integers(0, 40)))
            agreed[task.id] = BaselineTask(id=task.id, start=first, end=last)
        if draw(st.booleans()):
            agreed["removed-task"] = BaselineTask(id="removed-task", start=start, end=start)
        plan = replace(plan, baseline=BaselineFile(saved=start, tasks=agreed))
    note(f"status date {status}; progress: " + ", ".join(_progress_text(t) for t in plan.tasks))
    return plan, status


def _progress_text(task: Task) -> str:
    parts = [f"started {task.started}" if task.started else "", f"finished {task.finished}"]
    parts += [f"remaining {task.remaining}" if task.remaining else ""]
    return f"{task.id}({' '.join(p for p in parts if p and 'None' not in p)})"


@SETTINGS
@given(plans_with_progress())
def test_progress_agrees_with_the_reference_field_by_field(case: tuple[Plan, date]) -> None:
    plan, status = case
    expected = reference_progress(plan, status)
    got = schedule(plan, status_date=status)
    for task in plan.tasks:
        st_ = got[task.id]
        row = Row(
            st_.start,
            st_.end,
            st_.slack,
            st_.critical,
            st_.status,
            st_.behind,
            st_.variance,
            st_.ready,
        )
        assert row == expected[task.id], task.id
    if plan.baseline is not None:
        ids = {t.id for t in plan.tasks}
        assert got.removed == tuple(i for i in plan.baseline.tasks if i not in ids)
        assert {t for t, s in got.tasks.items() if s.new} == ids - set(plan.baseline.tasks)


@SETTINGS
@given(plans_with_progress())
def test_unstarted_work_is_never_scheduled_before_the_status_date(case: tuple[Plan, date]) -> None:
    plan, status = case
    got = schedule(plan, status_date=status)
    for task in plan.tasks:
        st_ = got[task.id]
        if st_.status == "not started" and status > plan.project.start:
            assert st_.start >= status, task.id
        if st_.status == "in progress":
            assert st_.end >= status, task.id
        if st_.status == "done":
            assert (st_.end, st_.slack, st_.critical) == (task.finished, None, False)


@SETTINGS
@given(random_plans(), st.integers(-400, -1))
def test_before_the_plan_starts_nothing_changes(plan: Plan, days_before: int) -> None:
    """With no progress and S on or before `project.start`, the schedule is the plan's own."""
    early = schedule(plan, status_date=plan.project.start + timedelta(days=days_before))
    plain = schedule(plan)
    for task in plan.tasks:
        a, b = early[task.id], plain[task.id]
        assert (a.start, a.end, a.slack, a.behind) == (b.start, b.end, b.slack, False)


def test_a_worked_example_in_toronto_and_krakow() -> None:
    """Read off a calendar by hand: kickoff done late, training half done, go-live held."""
    kickoff = replace(
        helpers.task("kickoff", 2), started=date(2027, 1, 12), finished=date(2027, 1, 14)
    )
    training = replace(
        helpers.task("training", 10, "kickoff", sites=("krakow",)), started=date(2027, 1, 18)
    )
    go_live = helpers.task("go-live", None, "training")
    plan = Plan(
        directory=Path("."),
        project=Project(name="Worked example", start=date(2027, 1, 11)),
        sites={s.id: s for s in (helpers.site("toronto"), helpers.site("krakow"))},
        roles=(),
        phases=(),
        tasks=(kickoff, training, go_live),
    )
    got = schedule(plan, status_date=date(2027, 1, 25))  # a Monday
    # Kickoff: the facts, whatever its two days would say.
    assert (got["kickoff"].start, got["kickoff"].end) == (date(2027, 1, 12), date(2027, 1, 14))
    assert got["kickoff"].status == "done"
    # Training worked Mon 18 to Fri 22 in Krakow (5 days): 5 remain from Mon 25, to Fri 29.
    assert got["training"].remaining == 5
    assert got["training"].end == date(2027, 1, 29)
    assert not got["training"].behind  # planned to end Fri 29 as well
    # Go-Live: the first day both sites work after training's last day.
    assert got["go-live"].start == date(2027, 2, 1)
    assert got["go-live"].status == "not started"
