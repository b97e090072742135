"""Outsourcing Playbook: the plan model and computations behind the site.

mkdocs-macros imports this package (`module_name: macros`) and calls `define_env`; everything
else here is plain Python that imports nothing from MkDocs.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the plan's variables, macros and filters."""
    from .site import define_env as _define_env

    _define_env(env)
