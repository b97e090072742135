"""Let the search plugin read each page without the tags it throws away (searchview).

The plugin indexes a page in its `on_page_context` by handing the page to its index's
`add_entry_from_context`. This wraps that one call: the page's content is the lighter view
while the index reads it, and the page as it was straight after, so nothing else (other
handlers, the theme, the glossary marks) ever sees the view. Should a later version of the
plugin index pages differently, this leaves it alone and the build is only slower.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.search")


@event_priority(-100)  # after the search plugin has made its index, in its own on_config
def on_config(config: MkDocsConfig) -> None:
    try:
        from material.plugins.search.plugin import Parser, SearchIndex, void
    except ImportError:  # pragma: no cover - Material is not installed
        return
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    add_entry = getattr(index, "add_entry_from_context", None)
    # Only Material's index: the view is proved for its parser, not for MkDocs' own search
    if not isinstance(index, SearchIndex) or not callable(add_entry):
        log.debug("search: no Material search index to hand the lighter pages to")
        return
    if getattr(add_entry, "reads_view", False):
        return
    index.add_entry_from_context = reading_view(add_entry, frozenset(Parser().keep), void)


def reading_view(
    add_entry: Callable[[Page], Any], keep: frozenset[str], void: frozenset[str] | set[str]
) -> Callable[[Page], Any]:
    """`add_entry` reading each page's search view in place of its content."""
    from macros.present.searchview import search_view

    def add_entry_from_view(page: Page) -> Any:
        content = page.content
        view = search_view(content, keep, void) if content else None
        if view is None:
            return add_entry(page)
        page.content = view
        try:
            return add_entry(page)
        finally:
            page.content = content

    add_entry_from_view.reads_view = True  # type: ignore[attr-defined]
    return add_entry_from_view
