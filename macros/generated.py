"""The pages built from the plan, with no file in docs/: what each holds and comes from.

- one page per role (listed on the roles page, not in the navigation);
- the glossary (`glossary.md`) and one page per checklist, plus their index;
- the editors' "Due for review" page.

Each page is a few lines of Markdown calling a macro; `hooks/generated.py` adds them to
the build (an authored page of the same name wins), and the benchmark writes them as
files for a build without macros, so that both builds have the same pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Plan

GLOSSARY_PAGE = "glossary.md"
CHECKLISTS_INDEX = "checklists/index.md"
REVIEW_PAGE = "editors/review.md"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # in docs/
    content: str  # Markdown with front matter
    source: str  # the file it is built from, relative to the repository root
    in_nav: bool = True


def role_page_path(role_id: str) -> str:
    """Where the generated page of a role lives in the docs tree."""
    return f"plan/roles/{role_id}.md"


def checklist_page_path(checklist_id: str) -> str:
    return f"checklists/{checklist_id}.md"


def _page(title: str, body: str) -> str:
    # The title goes through JSON, which is valid YAML: any text is safe in front matter.
    return f"---\ntitle: {json.dumps(title)}\ngenerated: true\n---\n\n{body}"


def generated_pages(plan: Plan) -> list[GeneratedPage]:
    """Every generated page of `plan`, in the order they join the site's files."""
    pages = []
    for role in plan.roles:
        body = (
            f"# {{{{ plan.role({json.dumps(role.id)}).title }}}}\n\n"
            f"{{{{ role_page({json.dumps(role.id)}) }}}}\n"
        )
        pages.append(
            GeneratedPage(
                role_page_path(role.id),
                _page(role.title, body),
                "plan/project.yaml",
                in_nav=False,  # listed on the roles page
            )
        )
    intro = (
        "Words we use in this engagement, and what they mean here. Each term is linked "
        "wherever it appears in the site's prose: hover it for the definition.\n\n"
    )
    pages.append(
        GeneratedPage(
            GLOSSARY_PAGE,
            _page("Glossary", f"# Glossary\n\n{intro}{{{{ glossary_page() }}}}\n"),
            "plan/glossary.yaml",
        )
    )
    index = (
        "# Checklists\n\nWhat must be true before each step, with who makes it true and "
        "by when. Items are due when the task they belong to ends.\n\n"
        "{{ checklists_index() }}\n"
    )
    pages.append(
        GeneratedPage(CHECKLISTS_INDEX, _page("Checklists", index), "plan/checklists.yaml")
    )
    for checklist in plan.checklists:
        body = (
            f"# {{{{ plan.checklists | selectattr('id', 'equalto', "
            f"{json.dumps(checklist.id)}) | map(attribute='title') | first }}}}\n\n"
            f"{{{{ checklist_page({json.dumps(checklist.id)}) }}}}\n"
        )
        pages.append(
            GeneratedPage(
                checklist_page_path(checklist.id),
                _page(checklist.title, body),
                "plan/checklists.yaml",
                in_nav=False,  # listed on the checklists page
            )
        )
    review = "# Due for review\n\n{{ review_page() }}\n"
    pages.append(GeneratedPage(REVIEW_PAGE, _page("Due for review", review), "mkdocs.yml"))
    return pages
