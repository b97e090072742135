"""Mark glossary terms on every page: a tooltip with the definition and a link to the entry.

One pass per page with the build's single compiled matcher (`macros.glossary`); the
glossary page itself is left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    from macros.site import GLOSSARY_PAGE, marker_for

    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    if glossary is None or page.file.src_uri == GLOSSARY_PAGE or page.meta.get("glossary") is False:
        return html
    base = get_relative_url(glossary.url, page.url)
    return marker_for(config).mark(html, lambda entry: f"{base}#{entry.anchor}")
