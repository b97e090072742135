"""Generated pages: one page per role, built from the plan (no file in docs/).

They are listed on the roles page rather than in the navigation, and their "edit this
page" link points at the plan file they come from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.site import result_for, role_page_path

    plan = result_for(config).plan
    for role in plan.roles:
        # The title goes through JSON, which is valid YAML: any text is safe in it.
        content = (
            f"---\ntitle: {json.dumps(role.title)}\nrole: {role.id}\n---\n\n"
            f"# {{{{ plan.role({json.dumps(role.id)}).title }}}}\n\n"
            f"{{{{ role_page({json.dumps(role.id)}) }}}}\n"
        )
        page = File.generated(
            config, role_page_path(role.id), content=content, inclusion=InclusionLevel.NOT_IN_NAV
        )
        page.edit_uri = "../plan/project.yaml"
        files.append(page)
    return files
