"""Untrusted input from a pull request: page files and front matter (`macros.present.untrusted`).

Pages themselves are rendered in the page sandbox by mkdocs-macros' `on_pre_page_macros`
hook (`macros.mkdocs.site.render_current_page`); this hook guards what reaches MkDocs around it:

- `on_files` (priority -90, after the generated pages are added): a file in docs/ that
  resolves outside the repository, is not a regular file, has markup in its name, or is a
  page over the size cap stops the build, named, before anything is read or copied.
- `on_page_markdown` (priority 100, before mkdocs-macros renders the page): front-matter
  text the theme writes as HTML (title, description) is escaped, and keys that make the
  theme read files stop the build with the page and line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@event_priority(-90)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.present.untrusted import file_problem

    docs_dir = Path(config.docs_dir)
    roots = (Path(config.config_file_path or ".").resolve().parent, docs_dir)
    docs = docs_dir.name
    problems = []
    for file in files:
        if file.generated_by or file.abs_src_path is None:
            continue
        if not Path(file.abs_src_path).is_relative_to(docs_dir):
            continue  # the theme's own files, from the installed package
        problem = file_problem(
            Path(file.abs_src_path), file.src_uri, roots, page=file.is_documentation_page()
        )
        if problem:
            problems.append(f"{docs}/{file.src_uri}: {problem}")
    if problems:
        raise PluginError("\n".join(problems))
    return files


@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    from macros.present.frontmatter import front_matter_end
    from macros.present.untrusted import sanitize_meta

    problems = sanitize_meta(page.meta)
    if problems:
        lines = page.file.content_string.splitlines()
        end = front_matter_end(lines) or 0
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        found = []
        for key, problem in problems:
            line = next(
                (n for n, text in enumerate(lines[1:end], 2) if text.startswith(f"{key}:")), 1
            )
            found.append(f"{shown}:{line}:1: {problem}")
        raise PluginError("\n".join(found))
    return markdown
