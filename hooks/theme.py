"""Small fixes to the theme's HTML that the theme's options cannot make.

Material's search panel is a `role="dialog"` without an accessible name: screen readers
announce an unnamed dialog (axe: aria-dialog-name). This names it "Search".
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

UNNAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return output.replace(UNNAMED_SEARCH, NAMED_SEARCH, 1)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for pages built from templates alone, such as 404.html."""
    return output_content.replace(UNNAMED_SEARCH, NAMED_SEARCH, 1)
