"""One build's state, in one object: the computed plan, the pages' front matter and review
state, the macros' HTML blocks, the glossary marker, the page renderer, the theme's scripts.

`mkdocs serve` makes a new config for every rebuild; `Build.of(config)` gives the object of
that config, made on first use, so nothing of an earlier build is ever read again. The
latest build is the only one kept (`_LATEST`): a hook file cannot hold per-build state on a
plugin object of its own, so this slot is the one place it lives.
"""

from __future__ import annotations

import dataclasses
import logging
import weakref
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from macros.mkdocs.blocks import Blocks
from macros.mkdocs.csp import ThemeScripts
from macros.plan.loader import plan_dir
from macros.plan.model import Role, Term
from macros.present.glossary import GlossaryMarker
from macros.present.review import DEFAULT_REVIEW_EVERY, PageReview
from macros.present.sandbox import PageLimits
from macros.present.untrusted import search_problem
from macros.schedule.result import PlanResult, compute_dir
from macros.schedule.today import build_date

log = logging.getLogger("mkdocs.plugins.playbook")


class Build:
    """What one build knows, computed as the MkDocs events come (`macros.mkdocs.events`)."""

    def __init__(self, config: Any) -> None:
        self._config = weakref.ref(config)
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.docs = Path(config.docs_dir)
        self.plan_dir = self.root / plan_dir()
        self.today: date = build_date()
        self.blocks = Blocks()
        self.reviews: dict[str, PageReview] = {}
        """Authored pages' review state, by path in docs/ (`events.on_files`)."""
        self.front_matter: dict[str, dict[str, Any]] = {}
        """Every page's front matter, read once by the project's YAML 1.2 reader."""
        self.pruned_sections: frozenset[int] = frozenset()
        """The navigation's sections shown pruned where a page is not in them (`on_nav`)."""
        self.away_sections: frozenset[int] = frozenset()
        """Those of them a page not beside them leaves out (`on_nav`)."""
        self.glossary_url: str | None = None
        self.theme_scripts: ThemeScripts | None = None
        self.built_pages: set[str] = set()
        """The addresses of the pages this build rendered (`on_page_context`)."""
        self.reading_order: list[str] = []
        """The pages' URLs in navigation order (what `make pdf` prints, in that order)."""
        self.page_urls: set[str] | None = None
        """Every page's address, under `mkdocs serve --dirty` (`on_files`)."""
        self.renderer: Any = None
        """The page sandbox with this build's data (`events.define_env`)."""

    @classmethod
    def of(cls, config: Any) -> Build:
        if _LATEST and _LATEST[0]._config() is config:
            return _LATEST[0]
        build = cls(config)
        _LATEST[:] = [build]
        return build

    @cached_property
    def result(self) -> PlanResult:
        """The plan and all computed from it. Raises PlanError when the plan is invalid."""
        return compute_dir(self.plan_dir)

    @cached_property
    def roles(self) -> dict[str, Role]:
        """The plan's roles by id, for the pages' owners."""
        return {role.id: role for role in self.result.plan.roles}

    @cached_property
    def marker(self) -> GlossaryMarker:
        plan = self.result.plan
        return _marker_of(plan.terms, {s.id: s.name for s in plan.sites.values()})

    @property
    def review_every(self) -> int:
        config = self._config()
        value = config.extra.get("review_every", DEFAULT_REVIEW_EVERY) if config else None
        return value if isinstance(value, int) and 0 < value <= 3660 else DEFAULT_REVIEW_EVERY

    @cached_property
    def search_boosts(self) -> dict[str, float]:
        """Folder -> search weight, from `extra.search_boost` in mkdocs.yml; a weight a
        page could not have either is left out, with a warning."""
        config = self._config()
        wanted = (config.extra.get("search_boost") or {}) if config else {}
        if not isinstance(wanted, Mapping):
            log.warning("mkdocs.yml: extra.search_boost must map folders to weights")
            return {}
        boosts = {}
        for folder, weight in wanted.items():
            problem = search_problem({"boost": weight})
            if problem is None:
                boosts[str(folder)] = float(weight)
            else:
                log.warning(f"mkdocs.yml: extra.search_boost: {folder}: {problem}")
        return boosts

    def page_limits(self) -> PageLimits:
        """`PageLimits` with what `extra.page_limits` in mkdocs.yml changes."""
        config = self._config()
        wanted: Mapping[str, Any] = (config.extra.get("page_limits") or {}) if config else {}
        known = {f.name for f in dataclasses.fields(PageLimits)}
        chosen: dict[str, Any] = {
            k: v
            for k, v in wanted.items()
            if k in known and isinstance(v, int | float) and not isinstance(v, bool) and v > 0
        }
        return PageLimits(**chosen)

    def shown(self, src_uri: str) -> str:
        """A page's path as editors see it in messages: docs/x.md."""
        return f"{self.docs.name}/{src_uri}"


_LATEST: list[Build] = []

_LAST_MARKER: list[GlossaryMarker] = []
"""The last glossary matcher made, for the next build of `mkdocs serve`."""


def _marker_of(terms: tuple[Term, ...], site_names: Mapping[str, str]) -> GlossaryMarker:
    """A matcher for `terms`: the last one again while the glossary is the same.

    Making one sorts the entries and builds a pattern of every word, about 20 ms for 1,000
    terms, and compiling it as much again; a rebuild after an edit to a page or to the
    project file finds the same terms (compared by value, in half a millisecond).
    """
    if _LAST_MARKER and (_LAST_MARKER[0].terms, _LAST_MARKER[0].site_names) == (terms, site_names):
        return _LAST_MARKER[0]
    marker = GlossaryMarker(terms, dict(site_names))
    _LAST_MARKER[:] = [marker]
    return marker
