"""The pages built from the plan, with no file in docs/: what each holds and comes from.

- one page per role (listed on the roles page, not in the navigation);
- the glossary (`glossary.md`) and one page per checklist, plus their index;
- the editors' "Due for review" page.

Each page is a few lines of Markdown calling a macro; `macros.mkdocs.events` adds them to
the build (an authored page of the same name wins), and the benchmark writes them as
files for a build without macros, so that both builds have the same pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from macros.plan.model import Plan

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


def _page(body: str, title: str | None = None) -> str:
    """A page's Markdown with front matter. `title` is one of this module's own words: a
    title from the plan is never written into a page's source (see `_listed_page`)."""
    head = f"title: {json.dumps(title)}\n" if title else ""
    return f"---\n{head}generated: true\n---\n\n{body}"


def _listed_page(path: str, *, heading: str, body: str, source: str) -> GeneratedPage:
    """A page of one plan item, listed on its index page rather than in the nav.

    Its heading and body are Jinja expressions that read the item by its id (an id is
    checked to hold only lowercase letters, digits and hyphens), so the plan's text
    reaches the page as data, escaped like any value, and a plan change shows on the
    next build. The page's title is its heading."""
    content = f"# {{{{ {heading} }}}}\n\n{{{{ {body} }}}}\n"
    return GeneratedPage(path, _page(content), source, in_nav=False)


def generated_pages(plan: Plan) -> list[GeneratedPage]:
    """Every generated page of `plan`, in the order they join the site's files."""
    pages = []
    for role in plan.roles:
        key = json.dumps(role.id)
        pages.append(
            _listed_page(
                role_page_path(role.id),
                heading=f"plan.role({key}).title",
                body=f"role_page({key})",
                source="plan/project.yaml",
            )
        )
    intro = (
        "Words we use in this engagement, and what they mean here. A page's prose links "
        "each term where it first appears: hover it, or tap it on a phone, for the "
        "definition.\n\n"
    )
    pages.append(
        GeneratedPage(
            GLOSSARY_PAGE,
            _page(f"# Glossary\n\n{intro}{{{{ glossary_page() }}}}\n", "Glossary"),
            "plan/glossary.yaml",
        )
    )
    index = (
        "# Checklists\n\nWhat must be true before each step, with who makes it true and "
        "by when. Items are due when the task they belong to ends.\n\n"
        "{{ checklists_index() }}\n"
    )
    pages.append(
        GeneratedPage(CHECKLISTS_INDEX, _page(index, "Checklists"), "plan/checklists.yaml")
    )
    for checklist in plan.checklists:
        key = json.dumps(checklist.id)
        pages.append(
            _listed_page(
                checklist_page_path(checklist.id),
                heading=(
                    f"plan.checklists | selectattr('id', 'equalto', {key}) "
                    "| map(attribute='title') | first"
                ),
                body=f"checklist_page({key})",
                source="plan/checklists.yaml",
            )
        )
    review = "# Due for review\n\n{{ review_page() }}\n"
    pages.append(GeneratedPage(REVIEW_PAGE, _page(review, "Due for review"), "mkdocs.yml"))
    return pages
