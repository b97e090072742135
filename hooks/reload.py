"""Live reload for code: `mkdocs serve` picks up edits to macros/ and hooks/ without a restart.

MkDocs imports hook files once per process (a cached loader) and mkdocs-macros imports the
`macros` package once; both would keep running old code. Before each build this hook
clears the hook-loader cache, so the next config load (which `mkdocs serve` makes for
every rebuild) reads the hook files again; the hooks are small and load in a moment. The
`macros` package is dropped only when a file under macros/ changed (name, size or
modification time), so a rebuild after a page or plan edit keeps the loaded modules and
their compiled templates rather than importing and compiling them again. It also watches
the plan directory when `PLAN_DIR` points outside the project.
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
SNAPSHOT = "_playbook_code_snapshot"
"""Where the snapshot of macros/ is kept: an attribute of the `macros` package, so it goes
when the package is dropped and survives this file being loaded again."""
log = logging.getLogger("mkdocs.hooks.reload")


def code_snapshot(directory: Path = ROOT / "macros") -> frozenset[tuple[str, int, int]]:
    """Every file under `directory` (bytecode caches aside) with its size and mtime."""
    found = set()
    for path in directory.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        status = path.stat()
        found.add((str(path.relative_to(directory)), status.st_size, status.st_mtime_ns))
    return frozenset(found)


@event_priority(200)  # before every other config handler, so they import fresh code
def on_config(config: MkDocsConfig) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # The hooks of this config are loaded already; the next load reads the files again.
    config_options.Hooks._load_hook.cache_clear()
    current = code_snapshot()
    loaded = sys.modules.get("macros")
    if loaded is not None and getattr(loaded, SNAPSHOT, None) == current:
        return
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    import macros  # the fresh package, marked with the files it was imported from

    setattr(macros, SNAPSHOT, current)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    from macros.mkdocs.site import resolve_plan_dir

    plan = resolve_plan_dir(config)
    watched = [Path(p).resolve() for p in config.watch]
    if not any(plan == w or w in plan.parents for w in watched):
        log.info("Also watching the plan directory %s", plan)
        server.watch(str(plan))
    return server
