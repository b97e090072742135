"""`mkdocs serve --dirty` that stays right: what a save must rebuild besides the saved page.

MkDocs' `--dirty` rebuilds only the pages whose Markdown is newer than their HTML: a saved
article shows in about a second however large the site. Three things it does not know are
handled here:

- The pages that depend on what changed outside them. A change to the plan rebuilds every
  page that uses its data or macros (its text holds `{{` or `{%`); the pages generated from
  the plan are rebuilt every time anyway. A change to the glossary (its marks are on every
  page), to mkdocs.yml (the navigation), to the theme overrides or to macros/ rebuilds all.
  A page is marked for rebuilding by dating its HTML at the epoch, which is what MkDocs
  compares (`File.is_modified`).
- The search index. Material's search plugin keeps the previous index under `--dirty` and
  drops from it the entries of the first page it rebuilt: right when one page changed,
  but a change that rebuilds several (the plan's pages; the pages generated from the plan
  on every save) left their old entries beside the new ones. `repair_search_index` puts
  the previous build's entries of the pages not rebuilt and this build's entries together.
- MkDocs warns on every dirty build that navigation may be stale, which a strict preview
  turns into a failed build; the warning is replaced by one note at start-up.

Nothing is kept when `--dirty` is not used: a plain `mkdocs serve` rebuilds everything.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.playbook")

DIRTY_WARNING = "A 'dirty' build is being performed"
GLOSSARY_FILE = "glossary.yaml"
ACTIVE = "PLAYBOOK_DIRTY_PREVIEW"
"""Set for the process by `start` under `mkdocs serve --dirty`: in the environment, so
that it outlives a reload of this package after an edit to macros/."""


@dataclass
class Session:
    """What the previous build of this preview was made from, and the search entries it
    left: as Material wrote them, and as they should be."""

    inputs: Inputs | None = None
    written: list[dict[str, Any]] | None = None
    entries: list[dict[str, Any]] | None = None


SESSION = Session()
"""Lost when macros/ is imported again after an edit (hooks/playbook.py): the next build
then finds no inputs to compare and rebuilds every page, which is what a code change needs,
so macros/ itself need not be looked at here."""


def start(command: str, dirty: bool) -> None:
    """At `mkdocs serve --dirty`: remember it, and replace MkDocs' warning by one note."""
    if command == "serve" and dirty:
        os.environ[ACTIVE] = "1"
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyNote())
        log.info("Preview rebuilds what a save changes (--dirty): the page, or what uses the plan")
    else:
        os.environ.pop(ACTIVE, None)


def active() -> bool:
    return os.environ.get(ACTIVE) == "1"


@dataclass(frozen=True)
class Inputs:
    """What the pages are made from besides their own Markdown, as digests."""

    config: str  # mkdocs.yml: the navigation, the theme's settings
    code: str  # the theme overrides (an edit to macros/ reloads this package: see `SESSION`)
    glossary: str
    plan: str  # the other plan files


def _digest(paths: Iterable[Path], *, content: bool) -> str:
    """One digest of `paths`: of their bytes, or of their names, sizes and times."""
    found = hashlib.sha256()
    for path in sorted(paths):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        found.update(str(path).encode())
        if content:
            found.update(path.read_bytes())
        else:
            status = path.stat()
            found.update(f"{status.st_size}:{status.st_mtime_ns}".encode())
    return found.hexdigest()


def inputs(config_file: Path, theme_dirs: Sequence[Path], plan_dir: Path) -> Inputs:
    plan_files = sorted(plan_dir.glob("*.yaml"))
    return Inputs(
        config=_digest([config_file], content=True),
        code=_digest((p for d in theme_dirs for p in d.rglob("*")), content=False),
        glossary=_digest([p for p in plan_files if p.name == GLOSSARY_FILE], content=True),
        plan=_digest([p for p in plan_files if p.name != GLOSSARY_FILE], content=True),
    )


def uses_plan(markdown: str) -> bool:
    """Whether a page's text reads the plan: any template expression or statement."""
    return "{{" in markdown or "{%" in markdown


def to_rebuild(before: Inputs | None, now: Inputs, pages: Iterable[Any]) -> list[Any]:
    """The pages (MkDocs files) to rebuild beyond those whose Markdown changed."""
    if before is None or before == now:
        return []
    everything = (before.config, before.code, before.glossary) != (
        now.config,
        now.code,
        now.glossary,
    )
    out = []
    for file in pages:
        if file.generated_by or file.abs_src_path is None:
            continue  # generated pages are rebuilt in every build
        if everything or uses_plan(file.content_string):
            out.append(file)
    return out


def mark_stale(files: Iterable[Any]) -> None:
    """Date the HTML of `files` at the epoch, so that MkDocs rebuilds them."""
    for file in files:
        dest = Path(file.abs_dest_path)
        if dest.is_file():
            os.utime(dest, (0, 0))


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def search_location(url: str) -> str:
    """A page's address as the search index writes it: the home page's "./" is ""."""
    return "" if url == "./" else url


def new_entries(
    written: list[dict[str, Any]], before: list[dict[str, Any]], built: Iterable[str]
) -> list[dict[str, Any]] | None:
    """This build's entries in the index Material `written`: it put the entries of its
    previous index (`before`, as it wrote them) that do not start with the first page it
    rebuilt first, then this build's. None when no rebuilt page fits that shape."""
    for page in built:
        kept = [e for e in before if not str(e["location"]).startswith(page)]
        shaped = len(written) > len(kept) and written[: len(kept)] == kept
        if shaped and _page(written[len(kept)]) == page:
            return written[len(kept) :]
    return None


def repair_search_index(index: dict[str, Any], built: set[str], pages: set[str]) -> None:
    """Make the search index Material wrote (`index`, as parsed) hold every page's entries
    once, in place: the previous build's for the pages not `built` now (and still among
    the site's `pages`), this build's for the others. The first build's is whole already."""
    written: list[dict[str, Any]] = index["docs"]
    before, entries = SESSION.written, SESSION.entries
    SESSION.written = written
    if before is None or entries is None:
        SESSION.entries = written
        return
    fresh = new_entries(written, before, built)
    if fresh is None:  # not the shape Material writes: leave its index as it is
        log.debug("search index: cannot tell this build's entries; left as written")
        SESSION.entries = written
        return
    kept = [e for e in entries if _page(e) not in built and _page(e) in pages]
    index["docs"] = SESSION.entries = kept + fresh


class DirtyNote(logging.Filter):  # defined below its use in `start`: called at run time
    """Drops MkDocs' warning that a dirty build may leave the navigation stale: this
    project rebuilds what a change touches (see the module), and the warning, repeated
    on every save, would fail a strict preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)
