"""Section `scheduler`: how `macros.schedule.scheduler.schedule` scales with the number of tasks."""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import FAIL, PASS, best_of, peak_memory, progress, table
from bench.plans import MAX_SPAN_YEARS, TASKS_PER_STREAM, check_span, generate, streams_for
from macros.schedule.scheduler import schedule
from macros.schedule.workdays import Calendars

SIZES = (500, 1_000, 2_000, 5_000, 10_000, 20_000)
TARGETS = {2_000: 0.3, 20_000: 3.0}
"""Seconds a cold run (fresh calendars) must stay under, per plan size."""

RUNS = 3
LINEARITY = (2_000, 20_000)


@dataclass(frozen=True)
class Row:
    tasks: int
    streams: int
    cold: float  # seconds, best of RUNS, fresh Calendars each run
    warm: float  # seconds, best of RUNS, Calendars already filled
    peak: int  # bytes, tracemalloc peak of one cold run
    years: float


def measure(n: int) -> Row:
    plan = generate(n)
    cold = best_of(RUNS, lambda: schedule(plan, Calendars(plan.sites, plan.project.start)))
    calendars = Calendars(plan.sites, plan.project.start)
    years = check_span(schedule(plan, calendars))  # also fills the calendars
    warm = best_of(RUNS, lambda: schedule(plan, calendars))
    peak = peak_memory(lambda: schedule(plan, Calendars(plan.sites, plan.project.start)))
    return Row(n, streams_for(n), cold, warm, peak, years)


def _target(row: Row) -> str:
    limit = TARGETS.get(row.tasks)
    if limit is None:
        return ""
    return f"< {limit:g} s {PASS if row.cold < limit else FAIL}"


def section() -> str:
    """The scheduler table and the linearity line, as markdown."""
    rows: list[Row] = []
    for n in SIZES:
        progress(f"scheduler: {n:,} tasks")
        rows.append(measure(n))
    header = (
        "Tasks",
        "Streams",
        "Schedule (s)",
        "Warm calendars (s)",
        "Per task (µs)",
        "Peak memory (MB)",
        "Span (years)",
        "Target",
    )
    body = [
        (
            f"{r.tasks:,}",
            f"{r.streams:,}",
            f"{r.cold:.3f}",
            f"{r.warm:.3f}",
            f"{r.cold / r.tasks * 1e6:.1f}",
            f"{r.peak / 1e6:.1f}",
            f"{r.years:.2f}",
            _target(r),
        )
        for r in rows
    ]
    right = (True, True, True, True, True, True, True, False)
    by_size = {r.tasks: r for r in rows}
    small, large = (by_size[n] for n in LINEARITY)
    ideal = large.tasks / small.tasks
    return "\n".join(
        [
            f"Synthetic plans (`bench/plans.py`): about three dependencies a task, "
            f"streams of about {TASKS_PER_STREAM} chained tasks, sites CA-ON, PL and IN, "
            f"spans of at most {MAX_SPAN_YEARS:g} years. Times are the best of {RUNS} runs "
            "of `schedule()`: *Schedule* with fresh `Calendars` each run (holiday tables and "
            "working-day indexes built inside the timing; the targets apply to it), "
            "*Warm calendars* reusing filled ones. Peak memory: tracemalloc, one fresh run.",
            "",
            table(header, body, right),
            "",
            f"Linearity: time({large.tasks:,}) / time({small.tasks:,}) = "
            f"{large.cold / small.cold:.1f} with fresh calendars, "
            f"{large.warm / small.warm:.1f} warm (ideal {ideal:g}).",
        ]
    )
