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


def _listed_page(path: str, title: str, *, heading: str, body: str, source: str) -> GeneratedPage:
    """A page of one plan item, listed on its index page rather than in the nav: a heading
    and the item's macro, both Jinja expressions, so a plan change shows on the next build."""
    content = f"# {{{{ {heading} }}}}\n\n{{{{ {body} }}}}\n"
    return GeneratedPage(path, _page(title, content), source, in_nav=False)


def generated_pages(plan: Plan) -> list[GeneratedPage]:
    """Every generated page of `plan`, in the order they join the site's files."""
    pages = []
    for role in plan.roles:
        key = json.dumps(role.id)
        pages.append(
            _listed_page(
                role_page_path(role.id),
                role.title,
                heading=f"plan.role({key}).title",
                body=f"role_page({key})",
                source="plan/project.yaml",
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
        key = json.dumps(checklist.id)
        pages.append(
            _listed_page(
                checklist_page_path(checklist.id),
                checklist.title,
                heading=(
                    f"plan.checklists | selectattr('id', 'equalto', {key}) "
                    "| map(attribute='title') | first"
                ),
                body=f"checklist_page({key})",
                source="plan/checklists.yaml",
            )
        )
    review = "# Due for review\n\n{{ review_page() }}\n"
    pages.append(GeneratedPage(REVIEW_PAGE, _page("Due for review", review), "mkdocs.yml"))
    return pages
