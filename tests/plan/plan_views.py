"""Every page view of a plan, computed without MkDocs, as `PlanPages` computes them.

A plan that `python -m macros check` accepts must build: the tests that feed the loader
hostile input (the broken-plan corpus, the fuzzer) run this on every plan that loads, so a
view that fails on an accepted plan fails the test instead of a site build.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from macros.plan.loader import load_plan
from macros.present import glossary
from macros.present.site_pages import PlanPages
from macros.publish import exports
from macros.schedule.result import PlanResult, compute, document


class _Links:
    """Links as plain paths: `PlanPages` needs some, and any will do to compute the views."""

    def href(self, src: str, anchor: str = "") -> str:
        return f"{src}#{anchor}" if anchor else src

    def href_file(self, name: str) -> str:
        return name


def every_view(result: PlanResult, today: date) -> list[str]:
    """Each published file and every macro's page fragment of `result` as text, in a fixed
    order: the files first (JSON, CSV, iCalendar), then the HTML, as the site's pages call
    them (`PlanPages.MACROS`, each checklist and role page) and the glossary marks."""
    plan = result.plan
    out: list[str] = [
        json.dumps(document(result), ensure_ascii=False),
        exports.schedule_csv(result),
        exports.plan_ics(result, datetime.combine(today, datetime.min.time(), tzinfo=UTC)),
    ]
    pages = PlanPages(result, today, _Links())
    for name in PlanPages.MACROS:
        if name == "checklist_page":
            out += [pages.checklist_page(c.id) for c in plan.checklists]
        elif name == "role_page":
            out += [pages.role_page(r.id) for r in plan.roles]
        else:
            out.append(getattr(pages, name)())
    marker = glossary.GlossaryMarker(plan.terms)
    out.append(marker.mark("<p>" + " ".join(t.term for t in plan.terms) + "</p>", lambda e: "g"))
    return [str(text) for text in out]


def load_and_view(directory: Path, today: date) -> list[str]:
    """Load the plan in `directory`, compute it and every view (PlanError if it is wrong)."""
    plan, warnings = load_plan(directory)
    return every_view(compute(plan, warnings), today)
