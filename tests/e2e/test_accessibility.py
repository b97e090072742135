"""axe-core on every page of the site, in the light and the dark colour scheme.

Generated pages (plan, roles, checklists, glossary, review, dashboard), the knowledge base and
the playbook: no violation of impact "serious" or "critical" may remain. The dark sweep runs
the rules that depend on colour only; the page structure is the same in both schemes and the
light sweep has checked the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Site, visit

pytestmark = pytest.mark.browser

GATED = ("critical", "serious")
COLOUR_RULES = ("color-contrast", "link-in-text-block")

# Violations that need a change outside the project's CSS, as (rule, target): why. Each
# must still occur somewhere, so the light sweep fails once it is fixed: then delete it here.
PENDING: dict[tuple[str, str], str] = {}

# The pages this must cover, whatever else the site holds.
REQUIRED = (
    "",
    "plan/",
    "plan/timeline/",
    "plan/roles/",
    "checklists/",
    "glossary/",
    "editors/review/",
    "knowledge-base/",
    "playbook/",
)

RUN_AXE = """async ([rules, context]) => {
  const options = { resultTypes: ["violations"] };
  if (rules) options.runOnly = { type: "rule", values: rules };
  const results = await axe.run(context || document, options);
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact || "",
    help: v.help,
    url: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" "),
      message: [...n.any, ...n.all, ...n.none].map((c) => c.message).join("; "),
    })),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One element failing one axe rule on one page."""

    page: str
    rule: str
    impact: str
    help: str
    url: str
    target: str
    message: str


def axe(
    page: Page, path: str, rules: tuple[str, ...] | None, context: str | None = None
) -> list[Violation]:
    """Run axe on the loaded page, or on the elements `context` selects."""
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, [list(rules) if rules else None, context])
    return [
        Violation(f"/{path}", v["rule"], v["impact"], v["help"], v["url"], **node)
        for v in found
        for node in v["nodes"]
    ]


def report(violations: list[Violation], where: str, limit: int = 12) -> str:
    """Violations by rule and by what axe says, each element with the pages it is on."""
    grouped: dict[tuple[str, ...], dict[str, dict[str, list[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for v in violations:
        grouped[v.rule, v.impact, v.help, v.url][v.message][v.target].append(v.page)
    lines = [f"axe: {len(violations)} serious or critical violations ({where})"]
    for (rule, impact, help_, url), messages in sorted(grouped.items()):
        lines += ["", f"{rule} ({impact}): {help_}", f"  {url}"]
        for message, targets in sorted(messages.items()):
            lines.append(f"  {message[:240]}")
            for target, pages in sorted(targets.items())[:limit]:
                more = f" (+{len(pages) - 3} more)" if len(pages) > 3 else ""
                lines.append(f"    {target}  on {', '.join(pages[:3])}{more}")
            if len(targets) > limit:
                lines.append(f"    … and {len(targets) - limit} more elements")
    return "\n".join(lines)


def sweep(page: Page, site: Site, rules: tuple[str, ...] | None) -> list[Violation]:
    missing = [path for path in REQUIRED if path not in site.pages]
    assert not missing, f"pages the sweep must cover are missing: {missing}"
    found: list[Violation] = []
    for path in site.pages:
        visit(page, path)
        found += [v for v in axe(page, path, rules) if v.impact in GATED]
    return found


def open_with_axe(open_page: Callable[..., Page], axe_script: Path, scheme: str) -> Page:
    page = open_page(color_scheme=scheme, search=False)
    # The same file page.add_script_tag(path=...) would inject, run in each new document
    # before the page's own scripts: compiled once per page, not sent over the wire each time
    # (0.2 s a page less).
    page.context.add_init_script(path=axe_script)
    return page


def test_no_serious_violations_in_light_mode(
    open_page: Callable[..., Page], axe_script: Path, site: Site
) -> None:
    page = open_with_axe(open_page, axe_script, "light")
    found = sweep(page, site, rules=None)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"

    pending = {key for key in PENDING if any((v.rule, v.target) == key for v in found)}
    fixed = [f"{rule} on {target}" for rule, target in PENDING if (rule, target) not in pending]
    left = [v for v in found if (v.rule, v.target) not in PENDING]
    assert not left, report(left, "light scheme")
    assert not fixed, f"fixed, now delete from PENDING in {Path(__file__).name}: {fixed}"


def test_no_serious_contrast_violations_in_dark_mode(
    open_page: Callable[..., Page], axe_script: Path, site: Site
) -> None:
    # Material follows prefers-color-scheme until the reader picks a scheme.
    page = open_with_axe(open_page, axe_script, "dark")
    found = sweep(page, site, rules=COLOUR_RULES)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    left = [v for v in found if (v.rule, v.target) not in PENDING]
    assert not left, report(left, "dark scheme")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hovered_links_and_buttons_keep_their_contrast(
    open_page: Callable[..., Page], axe_script: Path, site: Site, scheme: str
) -> None:
    # Hover swaps in the accent colour (text on the page, or behind a button's label),
    # which the sweeps above never see.
    page = open_with_axe(open_page, axe_script, scheme)
    path = site.pages_with("op-clear-ticks", under="checklists/")[0]
    visit(page, path)
    found: list[Violation] = []
    for selector in (".md-content p a:not(.op-term)", ".md-content .md-button"):
        element = page.locator(selector).first
        element.hover()
        element.evaluate("e => Promise.all(e.getAnimations().map((a) => a.finished))")
        found += axe(page, f"{path} ({selector}:hover)", ("color-contrast",), context=selector)
    assert not found, report(found, f"{scheme} scheme, hovered")
