"""The site's one MkDocs hook: every event it handles, in build order, handed to
`macros.mkdocs.events` (which says what each does).

Priorities (MkDocs runs higher first; plugins such as mkdocs-macros and search run at 0):

- `on_config` 100: before mkdocs-macros reads the plan (its `define_env`);
- `on_files` -50: after the plugins have listed the files;
- `on_page_markdown` 100: the front matter is read and escaped before mkdocs-macros renders;
- `on_page_context`, `on_template_context`, `on_post_page`, `on_post_template` -200: after
  the search plugin has indexed the page, so the CSP hashes describe the page as written;
- `on_post_build` -50: after the search plugin has written its index, before Material's
  offline plugin (-100) copies it into a script.

`mkdocs serve` rebuilds in one process. The `macros` package is imported again when a file
under macros/ changed (`_fresh_code`). MkDocs loads this file once per process and offers
no supported way to load it again: keep it this thin, so that edits land in macros/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = "_playbook_code_snapshot"
"""Where the snapshot of macros/ is kept: an attribute of the `macros` package, so it goes
when the package is dropped."""


def _fresh_code() -> None:
    """Drop the `macros` package from `sys.modules` when a file under macros/ changed
    (name, size or time), so that this build and mkdocs-macros import it afresh."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    current = frozenset(
        (str(p.relative_to(ROOT)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in (ROOT / "macros").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    loaded = sys.modules.get("macros")
    if loaded is not None and getattr(loaded, SNAPSHOT, None) == current:
        return
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    import macros

    setattr(macros, SNAPSHOT, current)


def _events() -> ModuleType:
    import macros.mkdocs.events

    return macros.mkdocs.events


def on_startup(command: str, dirty: bool) -> None:
    _fresh_code()
    _events().on_startup(command, dirty)


@event_priority(100)
def on_config(config: Any) -> Any:
    _fresh_code()
    _events().on_config(config)
    return config


@event_priority(-50)
def on_files(files: Any, config: Any) -> Any:
    return _events().on_files(files, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    return _events().on_nav(nav, config)


def on_env(env: Any, config: Any, files: Any) -> Any:
    _events().on_env(env, config, files)
    return env


@event_priority(100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return str(_events().on_page_markdown(markdown, page, config))


@event_priority(-200)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    return _events().on_page_context(context, page, config)


@event_priority(-200)
def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    return _events().on_template_context(context, template_name, config)


@event_priority(-200)
def on_post_page(output: str, page: Any, config: Any) -> str:
    return str(_events().on_post_page(output, page, config))


@event_priority(-200)
def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return str(_events().on_post_template(output_content, template_name, config))


@event_priority(-50)  # after the search plugin's index, before the offline plugin copies it
def on_post_build(config: Any) -> None:
    _events().on_post_build(config)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    return _events().on_serve(server, config)
