"""Live reload for code: `mkdocs serve` picks up edits to macros/ and hooks/ without a restart.

MkDocs imports hook files once per process (a cached loader) and mkdocs-macros imports the
`macros` package once; both would keep running old code. Before each build this hook drops
the cached `macros` modules and the hook-loader cache, so the next config load (which
`mkdocs serve` makes for every rebuild) imports fresh code. It also watches the plan
directory when `PLAN_DIR` points outside the project.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("mkdocs.hooks.reload")


@event_priority(200)  # before every other config handler, so they import fresh code
def on_config(config: MkDocsConfig) -> None:
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # The hooks of this config are loaded already; the next load reads the files again.
    config_options.Hooks._load_hook.cache_clear()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    from macros.site import resolve_plan_dir

    plan = resolve_plan_dir(config)
    watched = [Path(p).resolve() for p in config.watch]
    if not any(plan == w or w in plan.parents for w in watched):
        log.info("Also watching the plan directory %s", plan)
        server.watch(str(plan))
    return server
