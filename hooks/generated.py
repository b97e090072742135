"""Generated pages: built from the plan, with no file in docs/ (see `macros.present.generated`).

Their "edit this page" link points at the plan file they come from.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.mkdocs.site import result_for
    from macros.present.generated import generated_pages

    for page in generated_pages(result_for(config).plan):
        if files.get_file_from_path(page.path) is not None:
            continue  # an authored page of that name wins
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
        # edit_uri points at docs/; browsers resolve the "../" to the repository root.
        file.edit_uri = "../" + page.source
        files.append(file)
    return files
