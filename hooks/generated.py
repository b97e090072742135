"""Generated pages: built from the plan, with no file in docs/.

- one page per role (listed on the roles page, not in the navigation);
- the glossary (`glossary.md`) and one page per checklist, plus their index;
- the editors' "Due for review" page.

Their "edit this page" link points at the plan file they come from.
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


def _page(title: str, body: str, **meta: str) -> str:
    # Values go through JSON, which is valid YAML: any text is safe in front matter.
    lines = [f"title: {json.dumps(title)}", "generated: true"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def _add(
    files: Files,
    config: MkDocsConfig,
    path: str,
    content: str,
    source: str,  # the file it is built from, relative to the repository root
    *,
    in_nav: bool = True,
) -> None:
    if files.get_file_from_path(path) is not None:
        return  # an authored page of that name wins
    inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
    page = File.generated(config, path, content=content, inclusion=inclusion)
    # edit_uri points at docs/; browsers resolve the "../" to the repository root.
    page.edit_uri = "../" + source
    files.append(page)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.site import (
        CHECKLISTS_INDEX,
        GLOSSARY_PAGE,
        REVIEW_PAGE,
        checklist_page_path,
        result_for,
        role_page_path,
    )

    plan = result_for(config).plan
    for role in plan.roles:
        body = (
            f"# {{{{ plan.role({json.dumps(role.id)}).title }}}}\n\n"
            f"{{{{ role_page({json.dumps(role.id)}) }}}}\n"
        )
        _add(
            files,
            config,
            role_page_path(role.id),
            _page(role.title, body),
            "plan/project.yaml",
            in_nav=False,  # listed on the roles page
        )
    intro = (
        "Words we use in this engagement, and what they mean here. Each term is linked "
        "wherever it appears in the site's prose: hover it for the definition.\n\n"
    )
    _add(
        files,
        config,
        GLOSSARY_PAGE,
        _page("Glossary", f"# Glossary\n\n{intro}{{{{ glossary_page() }}}}\n"),
        "plan/glossary.yaml",
    )
    index = (
        "# Checklists\n\nWhat must be true before each step, with who makes it true and "
        "by when. Items are due when the task they belong to ends.\n\n"
        "{{ checklists_index() }}\n"
    )
    _add(files, config, CHECKLISTS_INDEX, _page("Checklists", index), "plan/checklists.yaml")
    for checklist in plan.checklists:
        body = (
            f"# {{{{ plan.checklists | selectattr('id', 'equalto', "
            f"{json.dumps(checklist.id)}) | map(attribute='title') | first }}}}\n\n"
            f"{{{{ checklist_page({json.dumps(checklist.id)}) }}}}\n"
        )
        _add(
            files,
            config,
            checklist_page_path(checklist.id),
            _page(checklist.title, body),
            "plan/checklists.yaml",
            in_nav=False,  # listed on the checklists page
        )
    review = "# Due for review\n\n{{ review_page() }}\n"
    _add(files, config, REVIEW_PAGE, _page("Due for review", review), "mkdocs.yml")
    return files
