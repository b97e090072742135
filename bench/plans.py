"""Deterministic synthetic plans for benchmarks: N tasks over three sites.

The tasks form parallel *streams* of chained work (think work packages running side by
side). Each task waits for the previous task of its stream and for about two recent tasks of
other streams (cross-links), so a task has about three dependencies and the critical path
hops between streams. The number of streams grows with N while the length of a stream stays
fixed, so the plan's span stays about the same (under five years) whatever N is.

Everything comes from one seeded `random.Random`: the same arguments give the same plan.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from macros.plan.model import Dependency, Phase, Plan, Project, Site, Task
from macros.plan.values import parse_hours
from macros.schedule.scheduler import Schedule

START = date(2027, 1, 11)
"""The project start (a Monday), as in the sample plan."""

TASKS_PER_STREAM = 120
"""Tasks chained in one stream: with the cross-links, plans span about four years."""

MAX_SPAN_YEARS = 5.0
"""The longest a generated plan's schedule may span."""

CROSS_LINKS = 2
"""Dependencies on tasks of other streams, besides the previous task of the own stream."""

CROSS_LINK_DEPTH = 3
"""Cross-links point at tasks at most this many positions back in their stream."""

MILESTONE_SHARE = 0.10
LAG_SHARE = 0.10
"""Share of dependencies with a lag (1 to 5 working days)."""

PHASES = (
    Phase(id="discovery", title="Discovery"),
    Phase(id="transition", title="Transition"),
    Phase(id="shadowing", title="Shadowing"),
    Phase(id="reverse-shadowing", title="Reverse shadowing"),
    Phase(id="steady-state", title="Steady state"),
)


def sites(third: str = "in") -> dict[str, Site]:
    """Toronto (CA-ON), Warsaw (PL) and either India (`in`) or the Philippines (`ph`)."""
    hours = parse_hours("09:00-17:00")
    if third == "in":
        offshore = Site(
            id="in",
            name="Delivery centre, Pune",
            country="IN",
            timezone="Asia/Kolkata",
            hours=hours,
        )
    elif third == "ph":
        offshore = Site(
            id="ph",
            name="Delivery centre, Manila",
            country="PH",
            timezone="Asia/Manila",
            hours=hours,
        )
    else:
        raise ValueError(f"the third site is 'in' or 'ph', not {third!r}")
    return {
        "ca": Site(
            id="ca",
            name="Headquarters, Toronto",
            country="CA",
            subdivision="ON",
            timezone="America/Toronto",
            hours=hours,
        ),
        "pl": Site(
            id="pl",
            name="Support centre, Warsaw",
            country="PL",
            timezone="Europe/Warsaw",
            hours=hours,
        ),
        offshore.id: offshore,
    }


def streams_for(n: int, tasks_per_stream: int = TASKS_PER_STREAM) -> int:
    """How many parallel streams N tasks are spread over."""
    return max(1, round(n / tasks_per_stream))


def _task_id(stream: int, position: int) -> str:
    return f"s{stream:04d}-t{position:03d}"


def generate(
    n: int,
    *,
    seed: int = 2027,
    tasks_per_stream: int = TASKS_PER_STREAM,
    third_site: str = "in",
) -> Plan:
    """A plan of exactly `n` tasks; the same arguments always give the same plan.

    Tasks are listed position by position (round robin over the streams), which is also a
    valid topological order; every dependency points at a task listed earlier.
    """
    if n < 1:
        raise ValueError("a plan needs at least one task")
    rng = random.Random(seed)
    plan_sites = sites(third_site)
    site_ids = tuple(plan_sites)
    site_sets: list[tuple[str, ...]] = [(s,) for s in site_ids]
    site_sets += [(a, b) for i, a in enumerate(site_ids) for b in site_ids[i + 1 :]]
    stream_count = streams_for(n, tasks_per_stream)
    positions = -(-n // stream_count)  # ceiling: the longest stream's length
    tasks: list[Task] = []
    for position in range(positions):
        phase = PHASES[min(position * len(PHASES) // positions, len(PHASES) - 1)].id
        for stream in range(stream_count):
            if len(tasks) == n:
                break
            task_id = _task_id(stream, position)
            targets: list[str] = []
            if position > 0:
                targets.append(_task_id(stream, position - 1))
                others = [s for s in range(stream_count) if s != stream]
                for other in rng.sample(others, min(CROSS_LINKS, len(others))):
                    back = rng.randint(1, min(CROSS_LINK_DEPTH, position))
                    targets.append(_task_id(other, position - back))
            after = tuple(
                Dependency(task=t, lag=rng.randint(1, 5)) if rng.random() < LAG_SHARE else t
                for t in dict.fromkeys(targets)
            )
            milestone = rng.random() < MILESTONE_SHARE
            share = rng.random()
            if share < 0.5:
                task_sites = site_sets[rng.randrange(3)]  # one site
            elif share < 0.75:
                task_sites = site_sets[3 + rng.randrange(3)]  # two sites
            else:
                task_sites = ()  # every site
            tasks.append(
                Task(
                    id=task_id,
                    title=f"Stream {stream} step {position}",
                    phase=phase,
                    duration=None if milestone else rng.randint(1, 10),
                    milestone=milestone,
                    sites=task_sites,
                    after=after,
                )
            )
    return Plan(
        directory=Path("."),
        project=Project(name=f"Synthetic plan of {n} tasks", start=START),
        sites=plan_sites,
        roles=(),
        phases=PHASES,
        tasks=tuple(tasks),
    )


def span_years(result: Schedule) -> float:
    """The schedule's span, first start to last end, in years."""
    return ((result.end - result.start).days + 1) / 365.25


def check_span(result: Schedule, limit: float = MAX_SPAN_YEARS) -> float:
    """The schedule's span in years; `AssertionError` when it exceeds `limit`."""
    years = span_years(result)
    if years > limit:
        raise AssertionError(
            f"the generated plan spans {years:.2f} years, more than {limit}: lower TASKS_PER_STREAM"
        )
    return years
