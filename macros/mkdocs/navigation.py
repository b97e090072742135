"""Which sections of the navigation a page shows pruned: the Jinja test `pruned_section`.

Material writes the whole navigation into every page. A tab of a few dozen pages costs
little, but a knowledge base of thousands of articles made every page hundreds of kilobytes
and the build's time grow with the square of the page count. In a tab holding more than
`FULL_TAB_PAGES` pages, the override of Material's nav partial (hooks/theme/partials/
nav-item.html) shows a section the page is not in as a link to the section's first page,
or leaves it out where a page beside it lists it (the tab's index page lists every
section); the page's own section and the sections above it stay expanded, and the other
tabs are links as well. Every page carries navigation of about the same size whatever the
site's, and every article stays reachable: from the tab's index to its section, then to
it, on a desktop and in the phone's drawer. Search is not affected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

FULL_TAB_PAGES = 100
"""A tab with at most this many pages keeps Material's full navigation (the sample's
largest has 18): the weight is small, and its sections stay open side by side."""


def _sections(items: Iterable[Any]) -> Iterator[Any]:
    """Every section among `items` and below them."""
    for item in items:
        children = getattr(item, "children", None)
        if children:
            yield item
            yield from _sections(children)


def _page_count(item: Any) -> int:
    children = getattr(item, "children", None)
    if not children:
        return 1 if getattr(item, "is_page", False) else 0
    return sum(_page_count(child) for child in children)


def pruned_sections(nav_items: Iterable[Any], full_up_to: int = FULL_TAB_PAGES) -> frozenset[int]:
    """The ids of the sections to show pruned where the page is not in them: those of every
    top-level section (tab) with more than `full_up_to` pages, the tab itself included."""
    found: set[int] = set()
    for top in nav_items:
        if getattr(top, "children", None) and _page_count(top) > full_up_to:
            found.update(id(section) for section in _sections([top]))
    return frozenset(found)


def away_sections(nav_items: Iterable[Any], pruned: frozenset[int]) -> frozenset[int]:
    """Of the `pruned` sections below the top level, those a page of their parent lists:
    a page elsewhere leaves them out of its navigation, since that page (the tab's index,
    say) links to each. A section whose parent holds only sections is always listed, so
    that every article stays reachable."""
    found: set[int] = set()
    for parent in _sections(nav_items):
        children = parent.children
        if any(getattr(child, "is_page", False) for child in children):
            found.update(id(child) for child in children if id(child) in pruned)
    return frozenset(found)


def add_tests(env: Any, pruned: frozenset[int], away: frozenset[int]) -> None:
    """Give the theme's Jinja environment the tests `pruned_section` and `away_section`."""
    env.tests["pruned_section"] = lambda item: id(item) in pruned
    env.tests["away_section"] = lambda item: id(item) in away
