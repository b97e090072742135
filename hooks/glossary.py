"""Mark glossary terms on every page: a tooltip with the definition and a link to the entry.

One pass per page with the build's single compiled matcher (`macros.glossary`); the
glossary page itself is left alone.

The marks go into the page's content once the page is finished (`on_post_page`), where
the theme placed it, rather than before the theme runs. The text is the same either
way, so the search index is too; but the search plugin, which parses the content of
every page in `on_page_context`, then reads it without the thousands of tooltip elements,
which had made search indexing one of the largest costs of a build.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.glossary")

_glossary: dict[str, str] = {}
"""The URL of this build's glossary page under "url"; this file is loaded for every build."""


def on_env(env: Any, config: MkDocsConfig, files: Files) -> None:
    from macros.generated import GLOSSARY_PAGE

    _glossary.clear()
    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    if glossary is not None:
        _glossary["url"] = glossary.url


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    from macros.generated import GLOSSARY_PAGE
    from macros.site import marker_for

    content = page.content
    if (
        not content
        or "url" not in _glossary
        or page.file.src_uri == GLOSSARY_PAGE
        or page.meta.get("glossary") is False
    ):
        return output
    start = output.find(content, max(output.find("<article"), 0))
    if start < 0:
        log.warning(
            "%s: glossary terms are not marked: the theme changed the page's content",
            page.file.src_uri,
        )
        return output
    base = get_relative_url(_glossary["url"], page.url)
    marked = marker_for(config).mark(content, lambda entry: f"{base}#{entry.anchor}")
    return output[:start] + marked + output[start + len(content) :]
