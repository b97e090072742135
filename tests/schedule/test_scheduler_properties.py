"""Property tests of the scheduler against an independent, naive reference.

The reference below (`reference_schedule`) is written straight from PLAN_FORMAT.md,
"Scheduling semantics (exact)", without looking at `macros.schedule.workdays` or the internals of
`macros.schedule.scheduler`. It walks the calendar one `datetime.date` at a time and asks the
`holidays` package directly. It is deliberately slow and simple so that it is easy to check
by eye; the tests then compare the project's scheduler with it on random plans.

How the reference reads the spec
--------------------------------

Working days
    A date is a working day for a site when it is not a weekend day (the site's `weekend`
    when set, else `holidays.country_holidays(country, subdiv=...).is_weekend(day)`), not a
    public holiday of its country and subdivision (membership in that same `holidays`
    object, observed days included, as the package reports them), and not in `days_off`.
    A working day for a task is a working day for every site in the task's `sites`
    (an empty `sites` means every site of the plan).

Forward pass (earliest dates)
    For a dependency on P with lag L, the *first eligible day* is the day after P's end, or
    P's date itself when P is a milestone (a milestone is a point at the start of its day).
    The dependency allows the successor S to start on the (L+1)-th working day *for S*
    counted from the first eligible day, that day included: L working days of S are
    skipped in between. S's earliest start is the latest of those days and of the first
    working day for S on or after `project.start` (each bound is a working day for S and
    each constraint stays satisfied once satisfied, so the maximum is the first day meeting
    them all). A task of N days ends on the N-th working day for it counted from its start,
    the start included; a milestone starts and ends on its earliest start.

Backward pass (latest end)
    The plan's end is the latest end of all tasks. A task has a deadline *downstream* when
    it, or any task reachable from it through dependencies, has a `deadline`. A task's
    latest end is the minimum of these bounds, each a working day for the task:

    - its own deadline: the last working day for the task on or before the deadline (a
      task can only end on one of its working days);
    - when no deadline is downstream of it (its own included): the last working day for the
      task on or before the plan's end. A task with a deadline downstream is bound by that
      deadline only (through the chain), so a deadline later than the plan's end leaves
      real slack instead of being cut to the plan's end;
    - for every successor S with lag L: S's latest start is its latest end for a milestone,
      else the working day (for S) from which S's duration ends exactly on its latest end.
      Step L working days (for S) back from S's latest start to get a day X: S can still
      start by its latest start iff at least L working days of S lie between P's end and
      S's latest start, that is iff P's end is strictly before X (P ordinary: the first
      eligible day is after P's end) or on or before X (P a milestone: the first eligible
      day is P's date). So P's latest end is the last working day *for P* strictly before
      X, or on or before X when P is a milestone.

Slack, critical, missed deadlines
    Slack is the number of the task's working days in (earliest end, latest end] when the
    latest end is not earlier, else minus the number in (latest end, earliest end]: the
    signed distance in the task's own working-day sequence. Critical means slack <= 0.
    A deadline is missed when the task ends (a milestone: happens) after it; the shortfall
    is the number of the task's working days in (deadline, scheduled end].
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from macros.plan.model import Dependency, Phase, Plan, Project, Site, Task
from macros.plan.values import parse_hours
from macros.schedule.scheduler import Schedule, schedule

DAY = timedelta(days=1)
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
SEARCH_LIMIT = 3660  # days; a walk longer than ten years means the calendar has no working day

Works = Callable[[date], bool]


# --------------------------------------------------------------------------------------
# The reference implementation
# --------------------------------------------------------------------------------------


@functools.cache
def _public_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    # Membership tests expand the years on demand (the package's default, expand=True).
    return holidays.country_holidays(country, subdiv=subdivision)


def site_works(site: Site, day: date) -> bool:
    """Whether `day` is a working day for `site`, asked straight of `holidays`."""
    public = _public_holidays(site.country, site.subdivision)
    if site.weekend is not None:
        weekend = day.weekday() in {WEEKDAY_NUMBERS[w] for w in site.weekend}
    else:
        weekend = public.is_weekend(day)
    return not weekend and day not in public and day not in site.days_off


def task_site_ids(plan: Plan, task: Task) -> tuple[str, ...]:
    return task.sites or tuple(plan.sites)


def task_works(plan: Plan, task: Task) -> Works:
    """The working-day test for `task`: every one of its sites works that day."""
    sites = [plan.sites[s] for s in task_site_ids(plan, task)]
    memo: dict[date, bool] = {}

    def works(day: date) -> bool:
        if day not in memo:
            memo[day] = all(site_works(site, day) for site in sites)
        return memo[day]

    return works


def nth_on_or_after(works: Works, day: date, n: int) -> date:
    """The n-th working day (n >= 1) counted from `day`, `day` included."""
    seen = 0
    for _ in range(SEARCH_LIMIT * max(n, 1)):
        if works(day):
            seen += 1
            if seen == n:
                return day
        day += DAY
    raise AssertionError("no working day found going forward")


def last_on_or_before(works: Works, day: date) -> date:
    for _ in range(SEARCH_LIMIT):
        if works(day):
            return day
        day -= DAY
    raise AssertionError("no working day found going back")


def step_back(works: Works, day: date, n: int) -> date:
    """From working day `day`, the working day n working days earlier (n = 0: `day`)."""
    for _ in range(n):
        day = last_on_or_before(works, day - DAY)
    return day


def count_between(works: Works, after: date, upto: date) -> int:
    """Working days in (after, upto]; minus those in (upto, after] when upto < after."""
    sign, low, high = (1, after, upto) if after <= upto else (-1, upto, after)
    days, day = 0, low + DAY
    while day <= high:
        days += works(day)
        day += DAY
    return sign * days


@dataclass(frozen=True)
class RefTask:
    start: date
    end: date
    latest_end: date
    slack: int

    @property
    def critical(self) -> bool:
        return self.slack <= 0


@dataclass(frozen=True)
class RefSchedule:
    tasks: Mapping[str, RefTask]
    end: date
    missed: Mapping[str, int]  # task id -> shortfall in the task's working days


def dependencies(task: Task) -> list[tuple[str, int]]:
    return [(d.task, d.lag) if isinstance(d, Dependency) else (d, 0) for d in task.after]


def reference_order(plan: Plan) -> list[Task]:
    """Tasks with every dependency before its dependants (the plan is acyclic)."""
    by_id = {t.id: t for t in plan.tasks}
    done: dict[str, Task] = {}

    def visit(task: Task) -> None:
        if task.id in done:
            return
        for dep, _ in dependencies(task):
            visit(by_id[dep])
        done[task.id] = task

    for task in plan.tasks:
        visit(task)
    return list(done.values())


def reference_schedule(plan: Plan) -> RefSchedule:
    order = reference_order(plan)
    works = {t.id: task_works(plan, t) for t in order}
    by_id = {t.id: t for t in order}

    # Forward pass.
    start: dict[str, date] = {}
    end: dict[str, date] = {}
    for task in order:
        w = works[task.id]
        candidates = [nth_on_or_after(w, plan.project.start, 1)]
        for dep, lag in dependencies(task):
            first_eligible = end[dep] if by_id[dep].milestone else end[dep] + DAY
            candidates.append(nth_on_or_after(w, first_eligible, lag + 1))
        start[task.id] = max(candidates)
        end[task.id] = (
            start[task.id] if task.milestone else nth_on_or_after(w, start[task.id], task.days)
        )
    plan_end = max(end.values())

    # Backward pass.
    successors: dict[str, list[tuple[str, int]]] = {t.id: [] for t in order}
    for task in order:
        for dep, lag in dependencies(task):
            successors[dep].append((task.id, lag))
    deadline_downstream: dict[str, bool] = {}
    latest_end: dict[str, date] = {}
    latest_start: dict[str, date] = {}
    for task in reversed(order):
        w = works[task.id]
        deadline_downstream[task.id] = task.deadline is not None or any(
            deadline_downstream[s] for s, _ in successors[task.id]
        )
        bounds = []
        if task.deadline is not None:
            bounds.append(last_on_or_before(w, task.deadline))
        if not deadline_downstream[task.id]:
            bounds.append(last_on_or_before(w, plan_end))
        for succ, lag in successors[task.id]:
            x = step_back(works[succ], latest_start[succ], lag)
            bounds.append(last_on_or_before(w, x if task.milestone else x - DAY))
        latest_end[task.id] = min(bounds)
        latest_start[task.id] = (
            latest_end[task.id]
            if task.milestone
            else step_back(w, latest_end[task.id], task.days - 1)
        )

    tasks = {
        t.id: RefTask(
            start=start[t.id],
            end=end[t.id],
            latest_end=latest_end[t.id],
            slack=count_between(works[t.id], end[t.id], latest_end[t.id]),
        )
        for t in plan.tasks
    }
    missed = {
        t.id: count_between(works[t.id], t.deadline, end[t.id])
        for t in plan.tasks
        if t.deadline is not None and end[t.id] > t.deadline
    }
    return RefSchedule(tasks=tasks, end=plan_end, missed=missed)


# --------------------------------------------------------------------------------------
# Plans, by hand and at random
# --------------------------------------------------------------------------------------

HOURS = parse_hours("09:00-17:00")
SITE_KINDS = (
    ("CA", "ON", "America/Toronto"),
    ("PL", None, "Europe/Warsaw"),
    ("DE", "BY", "Europe/Berlin"),
    ("SA", None, "Asia/Riyadh"),  # Fri-Sat weekend per `holidays`
    ("IN", None, "Asia/Kolkata"),
)
WEEKEND_OVERRIDES = (("sat", "sun"), ("fri", "sat"), ("sun",), ("fri",), ("sat",))


def site(
    site_id: str,
    country: str,
    timezone: str,
    *,
    subdivision: str | None = None,
    weekend: tuple[str, ...] | None = None,
    days_off: tuple[date, ...] = (),
) -> Site:
    return Site(
        id=site_id,
        name=f"Site {site_id}",
        country=country,
        timezone=timezone,
        hours=HOURS,
        subdivision=subdivision,
        weekend=weekend,  # type: ignore[arg-type]
        days_off=days_off,
    )


def make_plan(start: date, sites: list[Site], tasks: list[Task]) -> Plan:
    return Plan(
        directory=Path("."),
        project=Project(name="Property test", start=start),
        sites={s.id: s for s in sites},
        roles=(),
        phases=(Phase(id="p", title="P"),),
        tasks=tuple(tasks),
    )


def task(
    task_id: str,
    duration: int | None = None,
    *,
    after: tuple[str | Dependency, ...] = (),
    sites: tuple[str, ...] = (),
    deadline: date | None = None,
) -> Task:
    """A task of `duration` days, or a milestone when `duration` is None."""
    return Task(
        id=task_id,
        title=task_id,
        phase="p",
        duration=duration,
        milestone=duration is None,
        sites=sites,
        after=after,
        deadline=deadline,
    )


@st.composite
def random_sites(draw: st.DrawFn, start: date) -> list[Site]:
    result = []
    for i in range(draw(st.integers(2, 3))):
        country, subdivision, timezone = draw(st.sampled_from(SITE_KINDS))
        weekend = draw(st.none() | st.none() | st.sampled_from(WEEKEND_OVERRIDES))
        offsets = draw(st.lists(st.integers(0, 200), max_size=4, unique=True))
        result.append(
            site(
                f"s{i}",
                country,
                timezone,
                subdivision=subdivision,
                weekend=weekend,
                days_off=tuple(sorted(start + timedelta(days=o) for o in offsets)),
            )
        )
    return result


@st.composite
def random_plans(draw: st.DrawFn) -> Plan:
    start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    sites = draw(random_sites(start))
    site_ids = [s.id for s in sites]
    tasks: list[Task] = []
    for i in range(draw(st.integers(1, 25))):
        milestone = draw(st.integers(0, 4)) == 0
        duration = None if milestone else draw(st.integers(1, 15))
        own_sites = draw(st.just(()) | st.lists(st.sampled_from(site_ids), min_size=1, unique=True))
        earlier = [t.id for t in tasks]
        after: list[str | Dependency] = []
        if earlier:
            for dep in draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True)):
                lag = draw(st.integers(0, 3))
                plain = lag == 0 and draw(st.booleans())
                after.append(dep if plain else Dependency(task=dep, lag=lag))
        deadline = None
        if draw(st.integers(0, 5)) == 0:
            deadline = start + timedelta(days=draw(st.integers(0, 400)))
        tasks.append(
            task(
                f"t{i}",
                duration,
                after=tuple(after),
                sites=tuple(sorted(own_sites)),
                deadline=deadline,
            )
        )
    plan = make_plan(start, sites, tasks)
    note(describe(plan))
    return plan


def describe(plan: Plan) -> str:
    """The plan as the YAML an editor would write, to paste a counterexample into a file."""
    lines = ["project:", f"  start: {plan.project.start}", "sites:"]
    for s in plan.sites.values():
        lines.append(f"  {s.id}: {{country: {s.country}, subdivision: {s.subdivision}, ")
        lines[-1] += f"weekend: {list(s.weekend) if s.weekend else None}, "
        lines[-1] += f"days_off: [{', '.join(map(str, s.days_off))}]}}"
    lines.append("tasks:")
    for t in plan.tasks:
        deps = [d if isinstance(d, str) else f"{{task: {d.task}, lag: {d.lag}}}" for d in t.after]
        size = "milestone: true" if t.milestone else f"duration: {t.duration}"
        text = f"  - {{id: {t.id}, {size}, sites: {list(t.sites)}, after: [{', '.join(deps)}]"
        lines.append(text + (f", deadline: {t.deadline}}}" if t.deadline else "}"))
    return "\n".join(lines)


def successors_of(plan: Plan) -> dict[str, list[tuple[str, int]]]:
    result: dict[str, list[tuple[str, int]]] = {t.id: [] for t in plan.tasks}
    for t in plan.tasks:
        for dep, lag in dependencies(t):
            result[dep].append((t.id, lag))
    return result


def with_deadline_downstream(plan: Plan) -> set[str]:
    """Ids of the tasks that have a deadline themselves or anywhere downstream."""
    successors = successors_of(plan)
    result: set[str] = set()
    for t in reversed(reference_order(plan)):
        if t.deadline is not None or any(s in result for s, _ in successors[t.id]):
            result.add(t.id)
    return result


def latest_start(plan: Plan, result: Schedule, t: Task) -> date:
    """Where `t` starts when it ends on its latest end, on the reference calendar."""
    late = result.tasks[t.id].latest_end
    return late if t.milestone else step_back(task_works(plan, t), late, t.days - 1)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


@SETTINGS
@given(random_plans())
def test_scheduler_agrees_with_reference(plan: Plan) -> None:
    expected = reference_schedule(plan)
    result = schedule(plan)
    for t in plan.tasks:
        got, want = result.tasks[t.id], expected.tasks[t.id]
        assert (got.start, got.end) == (want.start, want.end), f"earliest dates of {t.id}"
        assert got.latest_end == want.latest_end, f"latest end of {t.id}"
        assert got.slack == want.slack, f"slack of {t.id}"
        assert got.critical == want.critical, f"critical of {t.id}"
    assert result.end == expected.end
    assert {m.task: m.shortfall for m in result.missed} == dict(expected.missed)
    assert {m.task: m.deadline for m in result.missed} == {
        t: plan.task(t).deadline for t in expected.missed
    }
    assert {m.task: m.scheduled for m in result.missed} == {
        t: expected.tasks[t].end for t in expected.missed
    }


@SETTINGS
@given(random_plans())
def test_tasks_occupy_only_working_days(plan: Plan) -> None:
    result = schedule(plan)
    for t in plan.tasks:
        got = result.tasks[t.id]
        sites = [plan.sites[s] for s in task_site_ids(plan, t)]
        assert task_works(plan, t)(got.start), f"{t.id} starts on a day off"
        assert task_works(plan, t)(got.end), f"{t.id} ends on a day off"
        assert got.start >= plan.project.start
        assert got.start <= got.end
        assert not t.milestone or got.start == got.end
        day = got.start
        while day <= got.end:
            if task_works(plan, t)(day):
                assert all(site_works(s, day) for s in sites)
            day += DAY


@SETTINGS
@given(random_plans())
def test_durations_count_working_days(plan: Plan) -> None:
    result = schedule(plan)
    for t in plan.tasks:
        if t.milestone:
            continue
        got = result.tasks[t.id]
        assert count_between(task_works(plan, t), got.start - DAY, got.end) == t.duration


@SETTINGS
@given(random_plans())
def test_dependencies_and_lags_hold_and_starts_are_earliest(plan: Plan) -> None:
    result = schedule(plan)
    by_id = {t.id: t for t in plan.tasks}
    for t in plan.tasks:
        works = task_works(plan, t)
        got = result.tasks[t.id]
        for dep, lag in dependencies(t):
            before = result.tasks[dep]
            if by_id[dep].milestone:
                # Lag counts working days of the successor from the milestone's date on.
                skipped = count_between(works, before.end - DAY, got.start - DAY)
                assert got.start >= before.end
            else:
                skipped = count_between(works, before.end, got.start - DAY)
                assert got.start > before.end
            assert skipped >= lag, f"{t.id} starts too soon after {dep}"
        # Earliest: one working day sooner would break the project start or a dependency.
        sooner = last_on_or_before(works, got.start - DAY)
        allowed = [sooner >= plan.project.start]
        for dep, lag in dependencies(t):
            before = result.tasks[dep]
            if by_id[dep].milestone:
                ok = sooner >= before.end
                ok = ok and count_between(works, before.end - DAY, sooner - DAY) >= lag
            else:
                ok = sooner > before.end and count_between(works, before.end, sooner - DAY) >= lag
            allowed.append(ok)
        assert not all(allowed), f"{t.id} could start on {sooner}"


@SETTINGS
@given(random_plans())
def test_slack_is_consistent_between_passes(plan: Plan) -> None:
    result = schedule(plan)
    successors = successors_of(plan)
    downstream = with_deadline_downstream(plan)
    missed = {m.task for m in result.missed}
    assert result.end == max(result.tasks[t.id].end for t in plan.tasks)
    for t in plan.tasks:
        works = task_works(plan, t)
        got = result.tasks[t.id]
        assert got.critical == (got.slack <= 0)
        assert works(got.latest_end), f"the latest end of {t.id} is a day off"
        # The slack is the distance between the two ends in the task's own working days.
        assert got.slack == count_between(works, got.end, got.latest_end)
        if t.deadline is not None:
            assert got.latest_end <= t.deadline
            assert (t.id in missed) == (got.end > t.deadline)
            if t.id in missed:
                assert got.slack < 0
        if t.id not in downstream:
            assert got.latest_end <= result.end
            # Without any deadline downstream, nothing can be late.
            assert got.slack >= 0
            if not successors[t.id] and got.end == result.end:
                assert got.slack == 0, f"{t.id} ends the plan yet has slack"
        if got.slack < 0:
            # Negative slack only comes from a deadline missed here or downstream.
            reach, todo = set(), [t.id]
            while todo:
                current = todo.pop()
                if current not in reach:
                    reach.add(current)
                    todo.extend(s for s, _ in successors[current])
            assert reach & missed, f"{t.id} has negative slack but no missed deadline follows"
        # Ending on its latest end leaves every successor able to start by its latest start.
        for succ, lag in successors[t.id]:
            succ_works = task_works(plan, plan.task(succ))
            first = got.latest_end if t.milestone else got.latest_end + DAY
            assert nth_on_or_after(succ_works, first, lag + 1) <= latest_start(
                plan, result, plan.task(succ)
            ), f"{t.id} may end on {got.latest_end} but then {succ} starts too late"
    for m in result.missed:
        assert m.chain
        assert m.chain[-1] == m.task
        for a, b in itertools.pairwise(m.chain):
            assert a in {dep for dep, _ in dependencies(plan.task(b))}


@SETTINGS
@given(random_plans())
def test_without_deadlines_some_task_is_critical_and_none_is_late(plan: Plan) -> None:
    plan = make_plan(
        plan.project.start,
        list(plan.sites.values()),
        [task(t.id, t.duration, after=t.after, sites=t.sites) for t in plan.tasks],
    )
    result = schedule(plan)
    assert not result.missed
    assert all(result.tasks[t.id].slack >= 0 for t in plan.tasks)
    assert any(result.tasks[t.id].slack == 0 for t in plan.tasks)


# --------------------------------------------------------------------------------------
# Pinned examples
# --------------------------------------------------------------------------------------

TORONTO = site("hq", "CA", "America/Toronto", subdivision="ON")
KRAKOW = site("krakow", "PL", "Europe/Warsaw")
RIYADH = site("riyadh", "SA", "Asia/Riyadh")


def check_against_reference(plan: Plan) -> Schedule:
    expected = reference_schedule(plan)
    result = schedule(plan)
    for t in plan.tasks:
        got, want = result.tasks[t.id], expected.tasks[t.id]
        assert (got.start, got.end, got.latest_end, got.slack) == (
            want.start,
            want.end,
            want.latest_end,
            want.slack,
        ), t.id
    assert {m.task: m.shortfall for m in result.missed} == dict(expected.missed)
    return result


def test_milestone_chain_on_the_same_day() -> None:
    # Monday 2027-01-11; no holiday in Ontario or Poland until 2027-02-15.
    plan = make_plan(
        date(2027, 1, 11),
        [TORONTO, KRAKOW],
        [
            task("build", 5),
            task("ready", None, after=("build",)),
            task("go-live", None, after=("ready",)),
            task("hypercare", 2, after=("go-live",)),
            task("review", None, after=(Dependency(task="go-live", lag=1),)),
            task("side", 1),
        ],
    )
    result = check_against_reference(plan)
    dates = {t: (s.start, s.end, s.latest_end, s.slack) for t, s in result.tasks.items()}
    assert dates == {
        "build": (date(2027, 1, 11), date(2027, 1, 15), date(2027, 1, 15), 0),
        "ready": (date(2027, 1, 18), date(2027, 1, 18), date(2027, 1, 18), 0),
        "go-live": (date(2027, 1, 18), date(2027, 1, 18), date(2027, 1, 18), 0),
        "hypercare": (date(2027, 1, 18), date(2027, 1, 19), date(2027, 1, 19), 0),
        "review": (date(2027, 1, 19), date(2027, 1, 19), date(2027, 1, 19), 0),
        "side": (date(2027, 1, 11), date(2027, 1, 11), date(2027, 1, 19), 6),
    }
    assert result.end == date(2027, 1, 19)
    assert not result.tasks["side"].critical
    assert all(result.tasks[t].critical for t in ("build", "ready", "go-live", "hypercare"))


def test_lag_across_easter_in_toronto_and_krakow() -> None:
    # Easter 2027 is 28 March: Good Friday (26th) is off in Ontario, Easter Monday (29th)
    # in Poland, so joint work skips Friday to Monday.
    plan = make_plan(
        date(2027, 3, 23),
        [TORONTO, KRAKOW],
        [
            task("prepare", 3),
            task(
                "joint",
                1,
                after=(Dependency(task="prepare", lag=2),),
                deadline=date(2027, 3, 31),
            ),
            task("toronto", 1, after=(Dependency(task="prepare", lag=2),), sites=("hq",)),
            task("krakow", 1, after=(Dependency(task="prepare", lag=1),), sites=("krakow",)),
        ],
    )
    result = check_against_reference(plan)
    assert result.tasks["prepare"].end == date(2027, 3, 25)
    # Joint: lag days Tue 30 and Wed 31, start Thursday 1 April.
    assert result.tasks["joint"].start == date(2027, 4, 1)
    # Toronto: lag days Mon 29 and Tue 30, start Wednesday.
    assert result.tasks["toronto"].start == date(2027, 3, 31)
    # Krakow: lag day Fri 26, start Tuesday 30 (Monday is Easter Monday).
    assert result.tasks["krakow"].start == date(2027, 3, 30)
    # The deadline is missed by one joint working day, and so is the chain behind it.
    [missed] = result.missed
    assert (missed.task, missed.shortfall, missed.chain) == ("joint", 1, ("prepare", "joint"))
    assert result.tasks["joint"].slack == -1
    assert result.tasks["prepare"].latest_end == date(2027, 3, 24)
    assert result.tasks["prepare"].slack == -1
    assert result.tasks["toronto"].slack == 1
    assert result.tasks["krakow"].slack == 2


@pytest.mark.parametrize(
    ("krakow_weekend", "joint_end"),
    [
        (None, date(2027, 1, 19)),  # Sat-Sun with Fri-Sat: Mon-Thu together
        (("fri", "sat"), date(2027, 1, 18)),  # both Fri-Sat: Sun-Thu together
    ],
)
def test_fri_sat_weekend_with_sat_sun_weekend(
    krakow_weekend: tuple[str, ...] | None, joint_end: date
) -> None:
    krakow = site("krakow", "PL", "Europe/Warsaw", weekend=krakow_weekend)
    plan = make_plan(
        date(2027, 1, 11),  # a Monday; no holiday in Saudi Arabia or Poland that week or next
        [RIYADH, krakow],
        [
            task("joint", 6),
            task("riyadh", 6, sites=("riyadh",)),
            task("krakow", 6, sites=("krakow",)),
            task("after-riyadh", 1, after=("riyadh",)),
        ],
    )
    result = check_against_reference(plan)
    assert result.tasks["joint"].end == joint_end
    # Riyadh alone: Mon-Thu, then Sunday 17 and Monday 18.
    assert result.tasks["riyadh"].end == date(2027, 1, 18)
    assert result.tasks["after-riyadh"].start == date(2027, 1, 19)
    if krakow_weekend is None:
        assert result.tasks["krakow"].end == date(2027, 1, 18)  # Mon-Fri, then Monday
        # Friday the 15th and Sunday the 17th are no joint working days.
        assert not task_works(plan, plan.task("joint"))(date(2027, 1, 15))
        assert not task_works(plan, plan.task("joint"))(date(2027, 1, 17))


def test_reference_calendar_reads_holidays_directly() -> None:
    # Sanity of the reference itself: Good Friday in Ontario, Easter Monday in Poland,
    # Friday in Riyadh, and a site's own days off.
    assert not site_works(TORONTO, date(2027, 3, 26))
    assert site_works(TORONTO, date(2027, 3, 29))
    assert site_works(KRAKOW, date(2027, 3, 26))
    assert not site_works(KRAKOW, date(2027, 3, 29))
    assert not site_works(RIYADH, date(2027, 1, 15))
    assert site_works(RIYADH, date(2027, 1, 17))
    assert not site_works(
        site("x", "PL", "Europe/Warsaw", days_off=(date(2027, 1, 12),)), date(2027, 1, 12)
    )
