"""Review dates: every authored page names an owner, a `reviewed` date and tags.

At the start of the build each page's front matter is read and checked (a missing or wrong
owner, date or tags is a warning, so the strict build fails, with the file and line). A
page whose review is overdue gets a banner, and the build logs it: at INFO by default, at
WARNING when `extra.review_overdue: warning` is set in mkdocs.yml, so a strict run fails.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.review")


def _line_of(text: str, key: str) -> int:
    """The line of `key` in the page's front matter; 1 when it is not there."""
    from macros.present.frontmatter import front_matter_end

    lines = text.splitlines()
    end = front_matter_end(lines) or 0
    for number, line in enumerate(lines[1:end], start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _title(markdown: str, meta: dict[str, Any], path: str) -> str:
    if isinstance(meta.get("title"), str):
        return str(meta["title"])
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path


@event_priority(-50)  # after the generated pages exist
def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.mkdocs.site import result_for, review_every, set_reviews
    from macros.plan.problems import PlanError
    from macros.present.frontmatter import body_of
    from macros.present.review import front_matter, page_review

    role_ids: set[str] | None = {r.id for r in result_for(config).plan.roles}
    if os.environ.get("PLAN_DIR"):
        # The pages' owners name the roles of the project's own plan; another plan (a
        # preview, a fixture) need not have them, so only their presence is checked.
        log.info("PLAN_DIR is set: page owners are not checked against its roles")
        role_ids = None
    every = review_every(config)
    reviews = []
    for file in files.documentation_pages():
        if file.generated_by or file.abs_src_path is None:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        markdown = body_of(text)  # for the title: MkDocs' reader would parse YAML again
        shown = f"{Path(config.docs_dir).name}/{file.src_uri}"
        try:
            meta, error = front_matter(text, Path(file.abs_src_path))
        except PlanError as exc:  # aliases: stop here, as MkDocs' readers would expand them
            p = exc.problems[0]
            raise PluginError(
                f"{shown}:{p.loc.line}:{p.loc.col}: the page's front matter: {p.message}"
            ) from None
        if error:
            log.warning(f"{shown}:1:1: the page's {error}")
        title = _title(markdown, meta, file.src_uri)
        review = page_review(file.src_uri, title, meta, role_ids, every)
        for key, problem in review.problems:
            log.warning(f"{shown}:{_line_of(text, key)}:1: the page {problem}")
        reviews.append(review)
    set_reviews(config, reviews)
    return files


@event_priority(-50)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    from macros.mkdocs.site import review_of
    from macros.schedule.today import build_date

    review = review_of(config, page.file.src_uri)
    if review is None or not review.overdue(build_date()):
        return markdown
    level = logging.WARNING if config.extra.get("review_overdue") == "warning" else logging.INFO
    log.log(
        level,
        f"{page.file.src_uri}: review overdue since {review.due} (owner: {review.owner})",
    )
    banner = (
        f'!!! warning "Review overdue"\n'
        f"    This page was last reviewed on {review.reviewed}; its review was due on "
        f"{review.due}. It may be out of date: check with its owner before relying on it.\n\n"
    )
    return banner + markdown
