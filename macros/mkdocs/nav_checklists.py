"""The checklists in the navigation, under the plan: the `Checklists: checklists/index.md`
entry of `nav:` in mkdocs.yml becomes a section of its own, its index page first, then one
page per checklist of the plan, in the plan's order.

The checklist pages are generated from the plan (macros/present/generated.py), so
mkdocs.yml cannot list them: they would be missing for another plan, or stale. The entry is
expanded in the configuration, before MkDocs builds the navigation from it, so parents,
titles and previous/next links are MkDocs' own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def nest_checklists(nav: list[Any] | None, index: str, pages: Sequence[str]) -> bool:
    """Expand, in place, the entry of `nav` (mkdocs.yml's `nav:` as loaded) that names the
    page `index` into a section of it and `pages`. False when there is none to expand."""
    if not nav or not pages or nav[0] == index:  # nothing to do, or expanded already
        return False
    for at, item in enumerate(nav):
        if item == index:
            nav[at] = {"Checklists": [index, *pages]}
            return True
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == index:
                item[title] = [index, *pages]
                return True
            if isinstance(value, list) and nest_checklists(value, index, pages):
                return True
    return False
