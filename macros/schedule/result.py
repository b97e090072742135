"""Everything computed from a plan, once: schedule, holidays, shared hours and warnings.

`compute(plan)` is what the site and the CLI use; `document(result)` is the JSON the site
publishes as `schedule.json` and `python -m macros schedule` prints.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from macros.plan.model import Plan
from macros.plan.problems import PlanError, Problem
from macros.plan.wording import hhmm
from macros.schedule.overlap import OverlapRange, all_overlaps, overlap_warnings
from macros.schedule.scheduler import Schedule, schedule, schedule_warnings
from macros.schedule.today import build_date, plan_changed_on
from macros.schedule.workdays import Calendars, Holiday

FORMAT_VERSION = 1


@dataclass(frozen=True)
class PlanResult:
    """A checked plan with all that is computed from it."""

    plan: Plan
    schedule: Schedule
    calendars: Calendars
    holidays: tuple[Holiday, ...]
    overlaps: Mapping[tuple[str, ...], list[OverlapRange]]
    warnings: tuple[Problem, ...]

    @property
    def first(self) -> date:
        return self.plan.project.start

    @property
    def last(self) -> date:
        return self.schedule.end


def compute(
    plan: Plan,
    loader_warnings: list[Problem] | None = None,
    status_date: date | None = None,
    plan_date: date | None = None,
) -> PlanResult:
    """Schedule `plan` as of `status_date` (S, default the build's date) and work out
    what its pages show.

    `plan_date` is when the plan last changed (`macros.schedule.today.plan_changed_on`; default S).
    A deadline the plan still met on that day but misses as of S is missed only because
    time passed: a notice, shown loudly on the site, that fails no build. Any other missed
    deadline is a warning, which fails the strict build.

    Raises PlanError, located at a task, when the plan cannot be scheduled within the
    dates a plan can use, and for a wrong `PLAYBOOK_TODAY` or `SOURCE_DATE_EPOCH`: every
    page reads the build's date, so it is read here first, where the build (macros.mkdocs.events)
    and `python -m macros check` report problems before anything is made.
    """
    today = status_date or build_date()
    calendars = Calendars(plan.sites, plan.project.start)
    try:
        result = schedule(plan, calendars, today)
        if result.missed and plan_date is not None and plan_date < today:
            then = schedule(plan, calendars, plan_date)
            met_then = {m.task for m in result.missed} - {m.task for m in then.missed}
            result = replace(
                result,
                missed=tuple(replace(m, by_time=m.task in met_then) for m in result.missed),
            )
    except PlanError as exc:  # keep the loader's warnings with the scheduling error
        raise PlanError([*exc.problems, *(loader_warnings or [])]) from None
    first, last = plan.project.start, max(result.end, plan.project.start)
    found = sorted(
        (h for site_id in plan.sites for h in calendars.site[site_id].holidays(first, last)),
        key=lambda h: (h.date, list(plan.sites).index(h.site)),
    )
    overlaps = all_overlaps(list(plan.sites.values()), first, last)
    warnings = [
        *(loader_warnings or []),
        *schedule_warnings(plan, result),
        *overlap_warnings(
            overlaps,
            plan.project.min_shared_minutes,
            plan.project.at("min_shared_minutes"),
            {s.id: s.name for s in plan.sites.values()},
        ),
    ]
    return PlanResult(plan, result, calendars, tuple(found), overlaps, tuple(sorted(warnings)))


def compute_dir(directory: str | os.PathLike[str] | None = None) -> PlanResult:
    """Load, check and compute the plan in `directory` as every command does: as of the
    build's date, judging deadlines against the day the plan last changed.

    Raises PlanError with every error (and the warnings found so far)."""
    from macros.plan.loader import load_plan, plan_dir

    root = plan_dir(directory)
    today = build_date()
    plan, warnings = load_plan(root, today)
    return compute(plan, warnings, today, plan_changed_on(root, today))


def document(result: PlanResult) -> dict[str, Any]:
    """The schedule as plain JSON-ready data (the published `schedule.json`)."""
    plan, sched = result.plan, result.schedule
    go_live = plan.project.go_live
    baseline = plan.baseline is not None
    return {
        "format": FORMAT_VERSION,
        "project": {
            "name": plan.project.name,
            "start": plan.project.start.isoformat(),
            "end": sched.end.isoformat(),
            "go_live": sched[go_live].start.isoformat() if go_live else None,
            "feasible": sched.feasible,
            "status_date": _iso(sched.status_date),
            **({"baseline_saved": _iso(sched.baseline_saved)} if baseline else {}),
            **({"removed_since_baseline": list(sched.removed)} if baseline else {}),
        },
        "sites": [
            {
                "id": s.id,
                "name": s.name,
                "country": s.country,
                "subdivision": s.subdivision,
                "timezone": s.timezone,
                "hours": str(s.hours),
            }
            for s in plan.sites.values()
        ],
        "tasks": [
            {
                "id": st.id,
                "title": st.task.title,
                "phase": st.task.phase,
                "sites": list(st.sites),
                "start": st.start.isoformat(),
                "end": st.end.isoformat(),
                "duration": st.task.days,
                "milestone": st.milestone,
                "slack": st.slack,
                "critical": st.critical,
                "latest_end": _iso(st.latest_end),
                "deadline": _iso(st.task.deadline),
                "after": [d.task for d in st.task.dependencies],
                "driver": st.driver,
                "status": st.status,
                "started": _iso(st.task.started),
                "finished": _iso(st.task.finished),
                "remaining": st.remaining,
                "behind": st.behind,
                **(
                    {
                        "baseline_start": _iso(st.baseline_start),
                        "baseline_end": _iso(st.baseline_end),
                        "variance": st.variance,
                        "new": st.new,
                    }
                    if baseline
                    else {}
                ),
            }
            for st in (sched[t.id] for t in plan.tasks)
        ],
        "holidays": [
            {
                "date": h.date.isoformat(),
                "site": h.site,
                "name": h.name,
                "local_name": h.local_name,
                "estimated": h.estimated,
            }
            for h in result.holidays
        ],
        "overlap": [
            {
                "sites": list(r.sites),
                "from": r.first.isoformat(),
                "to": r.last.isoformat(),
                "minutes": r.minutes,
                "utc_start": None if r.utc_start is None else hhmm(r.utc_start),
                "utc_end": None if r.utc_end is None else hhmm(r.utc_end),
                "local": {
                    site: {"start": hhmm(w.start), "end": hhmm(w.end)}
                    for site, w in r.local.items()
                },
            }
            for ranges in result.overlaps.values()
            for r in ranges
        ],
        "missed_deadlines": [
            {
                "task": m.task,
                "deadline": m.deadline.isoformat(),
                "scheduled": m.scheduled.isoformat(),
                "shortfall": m.shortfall,
                "chain": list(m.chain),
                "because_time_passed": m.by_time,
            }
            for m in sched.missed
        ],
        "warnings": [str(w) for w in result.warnings],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
