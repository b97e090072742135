"""Mark glossary terms on every page: a tooltip with the definition and a link to the entry.

One pass per page with the build's single compiled matcher (`macros.present.glossary`); the
glossary page itself is left alone.

The marks go into the page's content after the search plugin has read it (last among the
`on_page_context` handlers) and before the theme writes the page. The text is the same
either way, so the search index is too; but search, which parses the content of every
page, then reads it without the thousands of tooltip elements, which had made search
indexing one of the largest costs of a build.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


_glossary: dict[str, str] = {}
"""The URL of this build's glossary page under "url"; this file is loaded for every build."""


def on_env(env: Any, config: MkDocsConfig, files: Files) -> None:
    from macros.present.generated import GLOSSARY_PAGE

    _glossary.clear()
    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    if glossary is not None:
        _glossary["url"] = glossary.url


@event_priority(-100)  # after the search plugin has read the page
def on_page_context(context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    from macros.mkdocs.site import marker_for
    from macros.present.generated import GLOSSARY_PAGE

    if (
        page.content
        and "url" in _glossary
        and page.file.src_uri != GLOSSARY_PAGE
        and page.meta.get("glossary") is not False
    ):
        base = get_relative_url(_glossary["url"], page.url)
        page.content = marker_for(config).mark(page.content, lambda entry: f"{base}#{entry.anchor}")
    return context
