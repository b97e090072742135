"""Outsourcing Playbook: the plan, its schedule, and the pages and files made from them.

The layers, in the direction data flows: `plan` (YAML to a checked, typed model) ->
`schedule` (calendars, the schedule as of the status date, shared hours) -> `present` (the
pages' views and the page sandbox) and `publish` (schedule.json, .csv, .ics); `mkdocs` is
the glue, the only part that imports MkDocs. mkdocs-macros imports this package
(`module_name: macros`) and calls the two hooks below; `python -m macros` is the CLI.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros, once a build: set up the page renderer (`macros.mkdocs.events`)."""
    from macros.mkdocs.events import define_env as _define_env

    _define_env(env)


def on_pre_page_macros(env: Any) -> None:
    """mkdocs-macros, before it renders a page: render it in the page sandbox instead."""
    from macros.mkdocs.events import on_pre_page_macros as _render

    _render(env)
