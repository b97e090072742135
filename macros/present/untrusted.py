"""Checks on what a pull request brings besides the plan: page files and their front matter.

Every file, file name and front-matter value is hostile until checked: a symlink may point
at the build's environment (`/proc/self/environ`), a device may never end, a file name or
a title may carry markup into the navigation. These functions only decide; the MkDocs
glue (`macros.mkdocs.events`) refuses or escapes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from markupsafe import escape

MAX_PAGE_BYTES = 5_000_000
"""A Markdown page larger than this is refused: no knowledge-base article comes near it."""

_UNSAFE_NAME = re.compile(r"[<>\"'`&\\\x00-\x1f\x7f]")
"""Characters a file name in docs/ may not hold: they are markup, quotes or controls."""


def file_problem(path: Path, relative: str, roots: tuple[Path, ...], *, page: bool) -> str | None:
    """What is wrong with the file at `path` (`relative` under docs/), or None.

    It must resolve inside one of `roots` (the repository, and the docs directory itself
    wherever it lies), be a regular file, have a name without markup characters and, for a
    page, be at most `MAX_PAGE_BYTES` long.
    """
    name = path.name
    if _UNSAFE_NAME.search(relative):
        bad = sorted({repr(c) for c in _UNSAFE_NAME.findall(relative)})
        return (
            f"the file name holds {', '.join(bad)}: rename it with letters, digits, "
            "hyphens and dots only"
        )
    real = Path(os.path.realpath(path))
    if not any(real.is_relative_to(Path(os.path.realpath(root))) for root in roots):
        return (
            f"{name} resolves to {real}, outside the repository: pages and assets must be "
            "files in the repository, not links out of it"
        )
    try:
        status = real.stat()
    except OSError as exc:
        return f"cannot read the file: {exc.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return "it is not a regular file (a device, a pipe or a directory): remove it"
    if page and status.st_size > MAX_PAGE_BYTES:
        return (
            f"the page is {status.st_size:,} bytes, more than {MAX_PAGE_BYTES:,}: split it "
            "into several pages"
        )
    return None


TEXT_KEYS = ("title", "description", "subtitle")
"""Front-matter values the theme writes into the page as HTML (title, meta description,
navigation): they are escaped, so they show as the text they are."""

REFUSED_KEYS = {
    "template": "pages cannot choose a theme template",
    "icon": "pages cannot choose an icon file",
    "status": "pages cannot set a navigation status",
    "ignore_macros": "write `render_macros: false` instead",
}
"""Front-matter keys Material reads as file names or markup, which this site does not use."""


def sanitize_meta(meta: MutableMapping[str, Any]) -> list[tuple[str, str]]:
    """Escape `meta`'s text values in place; returns (key, problem) for refused keys."""
    problems = []
    for key in TEXT_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, Mapping | list):
            problems.append((key, f"`{key}:` must be text, not a list or a mapping"))
            meta.pop(key)
            continue
        meta[key] = str(escape(str(value)))
    for key, why in REFUSED_KEYS.items():
        if key in meta:
            problems.append((key, f"`{key}:` is not supported here: {why}"))
    if "search" in meta:
        problem = search_problem(meta["search"])
        if problem:
            problems.append(("search", problem))
    return problems


SEARCH_HINT = "write `search: {boost: 2}` (a number from 0.1 to 10) or `search: {exclude: true}`"


def search_problem(value: Any) -> str | None:
    """What is wrong with a page's `search:` front matter (Material's weight in search
    results, or leaving the page out), or None."""
    if not isinstance(value, Mapping):
        return f"`search:` must be a mapping: {SEARCH_HINT}"
    unknown = sorted(str(k) for k in value if k not in ("boost", "exclude"))
    if unknown:
        names = ", ".join(f"`{k}`" for k in unknown)
        return f"`search:` has {names}, which it does not know: {SEARCH_HINT}"
    boost = value.get("boost", 1)
    if isinstance(boost, bool) or not isinstance(boost, int | float) or not 0.1 <= boost <= 10:
        return f"`search: boost:` is {boost!r}, not a number from 0.1 to 10: {SEARCH_HINT}"
    if not isinstance(value.get("exclude", False), bool):
        return f"`search: exclude:` must be true or false: {SEARCH_HINT}"
    return None
