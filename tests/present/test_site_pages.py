"""PlanPages: every macro of the site callable alone, and nothing kept after a build."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from functools import cache

from macros.plan.loader import load_plan
from macros.present.site_pages import PlanPages
from macros.schedule.result import PlanResult, compute
from tests.conftest import SAMPLE_PLAN

TODAY = date(2026, 12, 2)


class _Links:
    def href(self, src: str, anchor: str = "") -> str:
        return f"/{src}#{anchor}" if anchor else f"/{src}"

    def href_file(self, name: str) -> str:
        return f"/{name}"


@cache
def sample() -> PlanResult:
    plan, warnings = load_plan(SAMPLE_PLAN, TODAY)
    return compute(plan, warnings, TODAY)


def _every_macro(pages: PlanPages) -> list[str]:
    out = []
    for name in PlanPages.MACROS:
        if name == "checklist_page":
            out += [pages.checklist_page(c.id) for c in pages.plan.checklists]
        elif name == "role_page":
            out += [pages.role_page(r.id) for r in pages.plan.roles]
        else:
            out.append(getattr(pages, name)())
    return out


def test_every_macro_renders_the_sample_with_the_links_it_is_given() -> None:
    html = "\n".join(_every_macro(PlanPages(sample(), TODAY, _Links())))
    assert 'href="/plan/timeline.md#task-kickoff"' in html  # a role page's task link
    assert "Maya Thornton" in html


def test_a_build_s_pages_object_is_released_with_it() -> None:
    pages = PlanPages(sample(), TODAY, _Links())
    _every_macro(pages)  # fills the caches the role pages share
    gone = weakref.ref(pages)
    del pages
    gc.collect()
    assert gone() is None  # no cache on the class holds a build's pages, and its plan
