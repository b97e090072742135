"""Every page of the built site, in the browser: loads cleanly and fits a phone's width.

Each test walks all pages in one context and reports every offending page at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import PHONE, PageLog, Site, visit, wait_for_search

pytestmark = pytest.mark.browser

# The outermost elements that stick out on the right: those whose parent still fits.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && el.parentElement.getBoundingClientRect().right <= width + 0.5) {
      const edge = " (right edge " + Math.round(right) + "px)";
      culprits.push(name(el.parentElement) + " > " + name(el) + edge);
    }
  }
  return { scrollWidth, width, culprits: culprits.slice(0, 5) };
}"""


def test_every_page_loads_without_errors_or_other_hosts(
    page: Page, page_log: PageLog, site: Site
) -> None:
    assert len(site.pages) > 20, site.pages
    problems: list[str] = []
    for path in site.pages:
        visit(page, path)
        wait_for_search(page)  # the worker has fetched the index: late errors have shown
        problems += [f"/{path}: {problem}" for problem in page_log.take()]
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)


def test_no_page_scrolls_sideways_on_a_phone(open_page: Callable[..., Page], site: Site) -> None:
    # A plain 390px viewport, not is_mobile: a mobile viewport zooms out to fit a too-wide
    # page, which would hide the very overflow this looks for.
    page = open_page(viewport=PHONE, search=False)
    overflowing: list[str] = []
    for path in site.pages:
        visit(page, path)
        found = page.evaluate(OVERFLOW)
        if found:
            overflowing.append(
                f"/{path}: scrollWidth {found['scrollWidth']} > {found['width']}\n      "
                + "\n      ".join(found["culprits"])
            )
    assert not overflowing, (
        f"{len(overflowing)} pages scroll sideways at {PHONE['width']}px:\n  "
        + "\n  ".join(overflowing)
    )
