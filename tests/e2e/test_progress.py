"""Progress in the browser: the dashboard and the timeline of the sample under way, on a
wide screen and a phone, in the light and the dark colour scheme.

Each must fit the window (wide charts and tables scroll inside their own box) and show
what the plan's progress adds: the status date, percent complete, Go-Live against the
baseline, the tasks behind and in progress, work done and the baseline on the chart.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, visit
from tests.e2e.test_every_page import OVERFLOW

pytestmark = pytest.mark.browser

WIDE = {"width": 1400, "height": 900}
SCHEME = {"light": "default", "dark": "slate"}  # Material's scheme for each preference

DASHBOARD = (
    ".op-asof",
    ".op-progress--plan",
    ".op-progress--plan > span",
    ".op-variance",
    "#behind",
    ".op-card--behind .op-badge--behind",
    "#in-progress",
    "#milestones-done",
)
TIMELINE = (
    ".op-gantt-statusdate-label",
    ".op-gantt-task.done .op-gantt-progress",
    ".op-gantt-task.in-progress .op-gantt-progress",
    ".op-gantt-baseline",
    ".op-gantt-mark.behind",
    "table.op-schedule .op-status--in-progress",
    "table.op-schedule .op-badge--behind",
    "table.op-schedule .op-variance-value",
)


def open_in(open_page: Callable[..., Page], width: str, scheme: str) -> Page:
    page = open_page(viewport=WIDE if width == "wide" else PHONE, search=False)
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    return page


def fits(page: Page, path: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert found is None, f"/{path} scrolls sideways: {found}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["wide", "phone"])
def test_dashboard_and_timeline_show_progress_and_fit(
    open_page: Callable[..., Page], width: str, scheme: str
) -> None:
    page = open_in(open_page, width, scheme)
    visit(page, "")
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME[scheme]
    fits(page, "")
    for selector in DASHBOARD:
        expect(page.locator(selector).first).to_be_visible()
    expect(page.locator(".op-asof")).to_contain_text("Status as of Wednesday 2 December 2026")
    filled = page.locator(".op-progress--plan > span").evaluate("e => e.offsetWidth")
    assert filled > 0

    visit(page, "plan/timeline/")
    fits(page, "plan/timeline/")
    for selector in TIMELINE:
        expect(page.locator(selector).first).to_be_visible()
    expect(page.locator(".op-gantt-statusdate-label")).to_have_text("as of 2 Dec 2026")
    # A vertical line has no width, which Playwright takes for hidden: it is drawn down
    # the chart, in a colour.
    line = page.locator("#gantt-status-date").evaluate(
        "e => [e.getBoundingClientRect().height, getComputedStyle(e).stroke]"
    )
    assert line[0] > 500
    assert line[1] not in ("none", "")
    # The chart and the table scroll inside their own boxes on a phone.
    for box in (".op-gantt", "table.op-schedule"):
        inner = page.locator(box).evaluate("e => [e.scrollWidth, e.clientWidth]")
        if width == "phone":
            assert inner[0] > inner[1], box


def test_the_schemes_colour_work_done_differently(open_page: Callable[..., Page]) -> None:
    """Both colour schemes give work done a colour of their own, far from the background."""
    fills = {}
    for scheme in ("light", "dark"):
        page = open_in(open_page, "wide", scheme)
        visit(page, "plan/timeline/")
        fills[scheme] = page.locator(".op-gantt-task.done .op-gantt-progress").first.evaluate(
            "e => getComputedStyle(e).fill"
        )
    assert fills["light"] != fills["dark"]
    assert fills["light"] == "rgb(54, 59, 71)"
    assert fills["dark"] == "rgb(201, 207, 220)"
