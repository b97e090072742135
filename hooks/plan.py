"""Validate the plan when the build starts: an invalid plan stops it before any file is written.

Each problem is reported as `path:line:col: message`, as `python -m macros check` does; the
plan is loaded here once and mkdocs-macros reuses it for every page.

The cycle collector is held while the plan is loaded and scheduled, and once it is,
everything alive is moved out of its reach (`gc.freeze`) until the build ends. The plan
and its schedule (with a location for every value, tens of thousands of objects for a big
plan) live for the whole build, and every full collection walked them again: at 2,000
tasks that was a sixth of the build. The build's end (or failure) hands them back, so a
`mkdocs serve` rebuild frees the last build's plan as before.
"""

from __future__ import annotations

import gc
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
    from macros.mkdocs.site import result_for
    from macros.plan.loader import collector_paused
    from macros.plan.problems import PlanError

    try:
        with collector_paused():  # no collection may walk the half-made plan, then:
            warnings = result_for(config).warnings
            gc.freeze()  # before collections resume, so the first one finds nothing new
    except PlanError as exc:
        errors = exc.errors
        raise PluginError(
            "The plan is invalid; nothing was built. Fix these and build again:\n"
            + "\n".join(str(p) for p in exc.problems)
            + f"\n({len(errors)} error{'s' if len(errors) != 1 else ''})"
        ) from None
    from macros.plan.problems import Severity

    for warning in warnings:
        # Notices (work out of sequence, a deadline missed only because time passed) are
        # shown on the site and by `check`; they fail no build.
        log.log(
            logging.INFO if warning.severity is Severity.NOTICE else logging.WARNING, str(warning)
        )


def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()


def on_build_error(error: Exception) -> None:
    gc.unfreeze()
