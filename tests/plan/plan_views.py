"""Every page view of a plan, computed without MkDocs, as `PlanPages` computes them.

A plan that `python -m macros check` accepts must build: the tests that feed the loader
hostile input (the broken-plan corpus, the fuzzer) run this on every plan that loads, so a
view that fails on an accepted plan fails the test instead of a site build.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from markupsafe import Markup

from macros.plan.loader import load_plan
from macros.present import checklists, gantt, glossary, pages, views
from macros.present.render import render
from macros.publish import exports
from macros.schedule.result import PlanResult, compute, document


def _href(src: str, anchor: str = "") -> str:
    return f"{src}#{anchor}" if anchor else src


def every_view(result: PlanResult, today: date) -> list[str]:
    """Each page fragment and published file of `result` as text, in a fixed order."""
    plan = result.plan
    common = {
        "plan": plan,
        "schedule": result.schedule,
        "href": _href,
        "today": today,
        "unindexed": Markup,
    }
    out: list[str] = [
        json.dumps(document(result), ensure_ascii=False),
        exports.schedule_csv(result),
        exports.plan_ics(result, datetime.combine(today, datetime.min.time(), tzinfo=UTC)),
        gantt.gantt_svg(result, today),
        gantt.schedule_table(result, today, role_href=_href),
        views.holidays_by_site(result, task_href=_href),
        views.month_grid(result, today),
        views.shared_hours(result),
    ]
    ready = checklists.readiness(result, today)
    out.append(render("readiness.html", r=ready, checklist_href=_href, **common))
    out.append(
        render(
            "dashboard.html",
            d=pages.dashboard(result, today),
            href_file=_href,
            readiness=Markup(""),
            **common,
        )
    )
    out.append(
        render(
            "checklists_index.html",
            views=checklists.checklist_views(result, today),
            checklist_href=_href,
            **common,
        )
    )
    for checklist in plan.checklists:
        view = checklists.checklist_view(result, checklist, today)
        out.append(render("checklist.html", v=view, role_href=_href, storage_key="key", **common))
    entries = glossary.entries(plan.terms)
    by_name = {w.casefold(): e for e in entries for w in (e.term.term, *e.term.aliases)}
    out.append(
        render(
            "glossary.html",
            entries=entries,
            letters=sorted({e.letter for e in entries}),
            by_name=by_name,
            site_names={s.id: s.name for s in plan.sites.values()},
            context_notes=glossary.context_notes,
            **common,
        )
    )
    marker = glossary.GlossaryMarker(plan.terms)
    out.append(marker.mark("<p>" + " ".join(t.term for t in plan.terms) + "</p>", lambda e: "g"))
    table = pages.raci_table(plan)
    out.append(
        render(
            "raci.html",
            rows=pages.raci_rows(plan, table, "t"),
            gaps=pages.raci_gaps(plan),
            **common,
        )
    )
    duties = pages.duties_by_role(result, table)
    cells = pages.role_task_cells(result, "t")
    levels = list(pages.escalation_levels(result, today))
    for role in pages.roles_key_first(plan):
        mine = duties.get(role.id, [])
        out.append(
            render(
                "role.html",
                role=role,
                site=plan.sites[role.site],
                duties=mine,
                task_rows=pages.role_task_rows(mine, cells, today, str),
                items=pages.role_items(result, role.id),
                levels=[lv for lv in levels if lv.role.id == role.id],
                names=str,
                **common,
            )
        )
    out.append(
        render(
            "contacts.html",
            key=pages.key_contact(plan),
            roles=pages.roles_key_first(plan),
            levels=levels,
            on=today,
            **common,
        )
    )
    return [str(text) for text in out]


def load_and_view(directory: Path, today: date) -> list[str]:
    """Load the plan in `directory`, compute it and every view (PlanError if it is wrong)."""
    plan, warnings = load_plan(directory)
    return every_view(compute(plan, warnings), today)
