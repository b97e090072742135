"""Outsourcing Playbook: the plan model and computations behind the site.

mkdocs-macros imports this package (`module_name: macros`) and calls `define_env` once per
build and `on_pre_page_macros` for each page (see `macros.mkdocs.site`); everything
else here is plain Python that imports nothing from MkDocs.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the plan's variables, macros and filters."""
    from macros.mkdocs.site import define_env as _define_env

    _define_env(env)


def on_pre_page_macros(env: Any) -> None:
    """mkdocs-macros hook, before it renders a page: render it in the page sandbox instead."""
    from macros.mkdocs.site import render_current_page

    render_current_page(env)
