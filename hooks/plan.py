"""Validate the plan when the build starts: an invalid plan stops it before any file is written.

Each problem is reported as `path:line:col: message`, as `python -m macros check` does; the
plan is loaded here once and mkdocs-macros reuses it for every page.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.plan")


@event_priority(150)  # after hooks/reload.py, before mkdocs-macros reads the plan
def on_config(config: MkDocsConfig) -> None:
    from macros.problems import PlanError
    from macros.site import result_for

    try:
        warnings = result_for(config).warnings
    except PlanError as exc:
        errors = exc.errors
        raise PluginError(
            "The plan is invalid; nothing was built. Fix these and build again:\n"
            + "\n".join(str(p) for p in exc.problems)
            + f"\n({len(errors)} error{'s' if len(errors) != 1 else ''})"
        ) from None
    for warning in warnings:
        log.warning(str(warning))
