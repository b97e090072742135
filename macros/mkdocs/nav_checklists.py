"""The checklists in the navigation, under the plan: the Checklists entry of `nav:` in
mkdocs.yml becomes a section of its own, its index page first, then one page per checklist
of the plan, in the plan's order.

The checklist pages are generated from the plan (macros/present/generated.py), so
mkdocs.yml cannot list them: they would be missing for another plan, or stale. MkDocs'
`on_nav` event is where a plugin may change the navigation; the pages are the ones MkDocs
made for every file, so their titles, URLs and previous/next links behave as any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section


def nest_checklists(nav: Navigation, files: Files, index: str, pages: Sequence[str]) -> None:
    """Turn the nav entry of `index` (a src path) into a section holding it and the pages
    at `pages` (src paths; those without a file are skipped). Nothing when the navigation
    does not list `index`."""
    entry = next((p for p in nav.pages if p.file.src_uri == index), None)
    found = [files.get_file_from_path(src) for src in pages]
    children = [f.page for f in found if f is not None and f.page is not None]
    if entry is None or not children or any(child in nav.pages for child in children):
        return
    section = Section(entry.title or "Checklists", [entry, *children])
    siblings: list[Any] = entry.parent.children if entry.parent is not None else nav.items
    siblings[siblings.index(entry)] = section
    section.parent = entry.parent
    for child in section.children:
        child.parent = section
    at = nav.pages.index(entry) + 1
    nav.pages[at:at] = children
    _link_previous_and_next(nav.pages)


def _link_previous_and_next(pages: list[Any]) -> None:
    """Each page's previous and next page in navigation order (the footer's links)."""
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
