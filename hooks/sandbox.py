"""Render pages in Jinja's sandbox: a page in a pull request must not run code in CI.

mkdocs-macros builds its Jinja environment in its own `on_config`; this hook runs after it,
swaps that environment for a sandboxed copy and renders pages through `macros.sandbox`, so
that a template error stops the build with the page, the line and what to write instead.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@event_priority(-100)  # after mkdocs-macros has built its environment
def on_config(config: MkDocsConfig) -> None:
    from macros.sandbox import PageTemplateError, render_page, sandboxed_copy

    plugin = config.plugins.get("macros")
    if plugin is None:
        return
    plugin._env = sandboxed_copy(plugin.env)

    def render(markdown: str, force_rendering: bool = False) -> str:
        """mkdocs-macros' `render`, with errors that stop the build cleanly."""
        page = plugin.variables.get("page")
        meta = getattr(page, "meta", None) or {}
        wanted = meta.get("render_macros")
        if wanted is False:
            return markdown
        if not plugin.config["render_by_default"] and not (force_rendering or wanted):
            return markdown
        env = plugin.env
        markers = (env.variable_start_string, env.block_start_string, env.comment_start_string)
        if not env.line_statement_prefix and not any(m in markdown for m in markers):
            return markdown  # nothing to render: skip Jinja for plain pages
        variables: dict[str, Any] = copy.copy(plugin.variables)
        variables.update(meta)
        file = plugin.page.file
        try:
            return render_page(
                plugin.env,
                markdown,
                variables,
                Path(file.abs_src_path or ""),
                f"{Path(config.docs_dir).name}/{file.src_uri}",
            )
        except PageTemplateError as exc:
            raise PluginError(str(exc)) from None

    plugin.render = render
