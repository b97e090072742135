"""Put the macros' finished HTML blocks back into each page (see `macros.present.blocks`).

Tables and text go back first among the `on_page_content` handlers, so search and the
theme see them; charts and calendar grids go back into the finished page, last among the
`on_post_page` handlers (so the glossary marker, which runs before the theme, never reads
them).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _restore(html, page, config, searchable_only=True)


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _restore(output, page, config, searchable_only=False)


def _restore(html: str, page: Page, config: MkDocsConfig, *, searchable_only: bool) -> str:
    from macros.mkdocs.site import blocks_for

    try:
        return blocks_for(config).restore(html, searchable_only=searchable_only)
    except KeyError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc.args[0]}") from None
