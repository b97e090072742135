"""The MkDocs and mkdocs-macros events the site handles, in the order a build meets them.

hooks/playbook.py hands each MkDocs event here, with the priority stated there; mkdocs-macros
calls `define_env` and `on_pre_page_macros` through the `macros` package. All per-build
state is in `Build` (`macros.mkdocs.build`); everything computed lives in the MkDocs-free
layers (`macros.plan`, `macros.schedule`, `macros.present`, `macros.publish`).

1. `on_startup`: note a `mkdocs serve`, whose live-reload script the CSP must let run.
2. `on_config`: read, check and schedule the plan (an invalid plan stops the build before
   anything is written); Markdown gets the extension that puts the macros' HTML in place.
3. `define_env` (mkdocs-macros): the page renderer, with the plan's data and the macros.
4. `on_files`: refuse files that leave the repository; add the pages generated from the
   plan and the exports; read every page's front matter once and check owners and reviews.
5. `on_nav`, `on_env`: which sections of a large tab the navigation shows pruned
   (`macros.mkdocs.navigation`); the glossary page's address; the theme's inline scripts
   for the CSP.
6. `on_page_markdown` (before mkdocs-macros): the page's front matter as this project reads
   it, its text for the theme escaped, keys that would make the theme read files refused.
7. `on_pre_page_macros` (mkdocs-macros): render the page in the sandbox; the review banner.
8. `on_page_context` (after search has indexed the page): glossary marks; theme scripts.
9. `on_template_context`, `on_post_page`, `on_post_template`: the CSP hashes; the charts
   and grids kept aside from search go into the finished page.
10. `on_post_build`: under `mkdocs serve --dirty`, a search index with every page once
    (`macros.mkdocs.preview`, which also picks in `on_files` the pages a save touches).
11. `on_serve`: watch the plan directory too when it lies outside the watched folders.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from macros.mkdocs import csp, link_messages, navigation, preview
from macros.mkdocs.blocks import INLINE_BLOCK, BlocksExtension
from macros.mkdocs.build import Build
from macros.mkdocs.nav_checklists import nest_checklists
from macros.plan.problems import PlanError, Severity
from macros.present import search
from macros.present.compact import compact_html
from macros.present.frontmatter import body_of, front_matter_end
from macros.present.generated import (
    CHECKLISTS_INDEX,
    GLOSSARY_PAGE,
    checklist_page_path,
    generated_pages,
    role_page_path,
)
from macros.present.pages import owner_note, owner_words
from macros.present.review import front_matter, page_review
from macros.present.sandbox import (
    PageSandbox,
    PageTemplateError,
    count_output,
    render_page,
)
from macros.present.site_pages import PlanPages
from macros.present.tags import tag_typos
from macros.present.untrusted import file_problem, sanitize_meta
from macros.publish.exports import plan_ics, schedule_csv
from macros.publish.printbook import READING_ORDER
from macros.schedule.result import document
from macros.schedule.today import build_time

log = logging.getLogger("mkdocs.plugins.playbook")


# 1 ---------------------------------------------------------------------------------------------
def on_startup(command: str, dirty: bool = False) -> None:
    preview.start(command, dirty)
    if command == "serve":
        os.environ[csp.LIVE_RELOAD] = "1"
    else:  # a build in the same process after a serve must not allow the script
        os.environ.pop(csp.LIVE_RELOAD, None)


# 2 ---------------------------------------------------------------------------------------------
def on_config(config: MkDocsConfig) -> None:
    try:
        build = Build.of(config)
        warnings = build.result.warnings
    except PlanError as exc:
        errors = len(exc.errors)
        raise PluginError(
            "The plan is invalid; nothing was built. Fix these and build again:\n"
            + "\n".join(str(p) for p in exc.problems)
            + f"\n({errors} error{'s' if errors != 1 else ''})"
        ) from None
    for warning in warnings:
        # Notices (work out of sequence, a deadline missed only because time passed) are
        # shown on the site and by `check`; they fail no build.
        notice = warning.severity is Severity.NOTICE
        log.log(logging.INFO if notice else logging.WARNING, str(warning))
    config.markdown_extensions.append(BlocksExtension(build.blocks))
    checklists = [checklist_page_path(c.id) for c in build.result.plan.checklists]
    nest_checklists(config.nav, CHECKLISTS_INDEX, checklists)
    _offline_worker(config)


OFFLINE_WORKER = "assets/offline/iframe-worker.js"
"""The site's own stand-in for a Web Worker on file:// pages (see the file)."""


def _offline_worker(config: MkDocsConfig) -> None:
    """For an offline copy (Material's offline plugin enabled), the site's worker stand-in
    in place of the one the plugin would load from unpkg.com: it adds its own only when no
    polyfill named "iframe-worker" is there, and this runs before it (priority 100)."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    plugin_config = getattr(offline, "config", None)
    if plugin_config is None or not plugin_config.get("enabled"):
        return
    polyfills = list(config.extra.get("polyfills") or [])
    if OFFLINE_WORKER not in polyfills:
        config.extra["polyfills"] = [OFFLINE_WORKER, *polyfills]


# 3 ---------------------------------------------------------------------------------------------
class _Links:
    """Links from the page mkdocs-macros is rendering (its `page` and `files` variables)."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self._urls: dict[tuple[int, str], str] = {}

    def _page_url(self) -> str:
        return str(getattr(self.env.variables.get("page"), "url", "") or "")

    def href(self, src: str, anchor: str = "") -> str:
        files = self.env.variables.get("files")
        key = (id(files), src)
        if key not in self._urls:
            target = files.get_file_from_path(src) if files is not None else None
            self._urls[key] = target.url if target is not None else src.removesuffix(".md") + "/"
        relative = get_relative_url(self._urls[key], self._page_url())
        return f"{relative}#{anchor}" if anchor else relative

    def href_file(self, name: str) -> str:
        return get_relative_url(name, self._page_url())


class PageRenderer:
    """Renders the pages of one build in the page sandbox (`macros.present.sandbox`).

    Pages see plain data only: the plan, its schedule, the status date, the site's name and
    address, the page's own title, address and front matter, and the macros of `PlanPages`.
    Never MkDocs' config, files or plugins.
    """

    def __init__(self, build: Build, config: Any, pages: PlanPages) -> None:
        self.build = build
        self.sandbox = PageSandbox(build.page_limits())
        plan = pages.plan
        macros = {name: self._block(getattr(pages, name)) for name in PlanPages.MACROS}
        self.data = {
            "plan": plan,
            "project": plan.project,
            "schedule": pages.result.schedule,
            "today": pages.today,
            "site_name": str(config.site_name or ""),
            "site_url": str(config.site_url or ""),
            **macros,
        }

    def _block(self, macro: Any) -> Any:
        """`macro` as pages call it: its HTML kept aside, a one-line placeholder in the page."""

        def placeholder(*args: Any, **kwargs: Any) -> Markup:
            html = macro(*args, **kwargs)
            count_output(len(html))  # kept aside, but the page's output all the same
            return self.build.blocks.put(html)

        placeholder.__name__ = macro.__name__
        return placeholder

    def render(self, markdown: str, page: Page) -> str:
        """`markdown`, the body of `page`, rendered; PluginError names the page and line."""
        try:
            first = _first_line(page.file.content_string, markdown)
            context = {**self.data, "page": page_info(page)}
            return render_page(
                self.sandbox, markdown, context, self.build.shown(page.file.src_uri), first
            )
        except PageTemplateError as exc:
            raise PluginError(str(exc)) from None


@dataclass(frozen=True)
class PageInfo:
    """What a page may know of itself: `{{ page.title }}`, `{{ page.meta.owner }}`."""

    title: str
    url: str
    path: str
    meta: Mapping[str, Any]


def page_info(page: Page) -> PageInfo:
    return PageInfo(
        title=Markup(str(page.title or "")).striptags(),  # the theme's HTML, as text
        url=str(page.url or ""),
        path=str(page.file.src_uri),
        meta=dict(page.meta),
    )


def _first_line(source: str, markdown: str) -> int:
    """The line of `source` (a page file) where `markdown`, its body, starts, from 1."""
    lines = source.splitlines()
    closing = front_matter_end(lines)
    start = 0 if closing is None else closing + 1
    if markdown.strip():
        while start < len(lines) and not lines[start].strip():
            start += 1
    return start + 1


def define_env(env: Any) -> None:
    build = Build.of(env.conf)
    pages = PlanPages(
        build.result,
        build.today,
        _Links(env),
        reviews=lambda: list(build.reviews.values()),
        review_every=build.review_every,
        aside=build.blocks.aside,
    )
    build.renderer = PageRenderer(build, env.conf, pages)


# 4 ---------------------------------------------------------------------------------------------
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = Build.of(config)
    _refuse_files_outside(build, files)
    _add_generated_pages(build, files, config)
    _add_exports(build, files, config)
    _read_front_matter(build, files)
    _link_messages(build, files)
    if preview.active():  # mkdocs serve --dirty (`macros.mkdocs.preview`)
        _mark_what_the_save_changed(build, files, config)
        build.page_urls = {preview.search_location(f.url) for f in files.documentation_pages()}
    return files


def _link_messages(build: Build, files: Files) -> None:
    """Broken links reported at their line, with the page meant (`link_messages`)."""

    def page(src: str) -> Page | None:
        file = files.get_file_from_path(src)
        return file.page if file is not None else None

    def title(src: str) -> str | None:
        found = page(src)
        return str(found.title) if found is not None and found.title else None

    def anchors(src: str) -> list[str]:
        found = page(src)
        if found is not None and found.present_anchor_ids is not None:
            return sorted(found.present_anchor_ids)
        items = list(found.toc) if found is not None and found.toc else []
        ids = []
        while items:
            item = items.pop(0)
            ids.append(item.id)
            items[:0] = item.children
        return ids

    pages = [f.src_uri for f in files.documentation_pages()]
    link_messages.install(link_messages.Site(build.docs, build.shown, pages, title, anchors))


def _mark_what_the_save_changed(build: Build, files: Files, config: MkDocsConfig) -> None:
    """Under `mkdocs serve --dirty`, the pages a change outside them touches (the plan,
    the glossary, the navigation, the code) are rebuilt too (`macros.mkdocs.preview`)."""
    theme = [Path(d) for d in config.theme.dirs if Path(d).is_relative_to(build.root)]
    now = preview.inputs(Path(config.config_file_path or "mkdocs.yml"), theme, build.plan_dir)
    pages = list(files.documentation_pages())
    before = preview.SESSION.inputs
    if before is None and any(Path(p.abs_dest_path).is_file() for p in pages):
        stale = [p for p in pages if not p.generated_by]  # the code was loaded again: all
    else:
        stale = preview.to_rebuild(before, now, pages)
    if stale:
        log.info(f"Rebuilding {len(stale)} pages that depend on what changed")
    preview.mark_stale(stale)
    preview.SESSION.inputs = now


def _refuse_files_outside(build: Build, files: Files) -> None:
    roots = (build.root, build.docs)
    problems = []
    for file in files:
        if file.generated_by or file.abs_src_path is None:
            continue
        if not Path(file.abs_src_path).is_relative_to(build.docs):
            continue  # the theme's own files, from the installed package
        problem = file_problem(
            Path(file.abs_src_path), file.src_uri, roots, page=file.is_documentation_page()
        )
        if problem:
            problems.append(f"{build.shown(file.src_uri)}: {problem}")
    if problems:
        raise PluginError("\n".join(problems))


def _add_generated_pages(build: Build, files: Files, config: MkDocsConfig) -> None:
    for page in generated_pages(build.result.plan):
        if files.get_file_from_path(page.path) is not None:
            continue  # an authored page of that name wins
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
        file.edit_uri = "../" + page.source  # edit_uri points at docs/; this at the plan file
        files.append(file)


def _add_exports(build: Build, files: Files, config: MkDocsConfig) -> None:
    result = build.result
    outputs = {
        "schedule.json": json.dumps(document(result), indent=2, ensure_ascii=False) + "\n",
        # CSV and iCalendar keep their CRLF line endings: the content is written as bytes.
        "schedule.csv": schedule_csv(result),
        "plan.ics": plan_ics(result, build_time()),
    }
    for name, text in outputs.items():
        files.append(File.generated(config, name, content=text.encode("utf-8")))


def _read_front_matter(build: Build, files: Files) -> None:
    """Every page's front matter, by the project's reader; authored pages' owner, review
    date and tags checked (warnings, so the strict build fails, with file and line)."""
    role_ids: set[str] | None = set(build.roles)
    if os.environ.get("PLAN_DIR"):
        # The pages' owners name the roles of the project's own plan; another plan (a
        # preview, a fixture) need not have them, so only their presence is checked.
        log.info("PLAN_DIR is set: page owners are not checked against its roles")
        role_ids = None
    every = build.review_every
    for file in files.documentation_pages():
        text = file.content_string
        shown = build.shown(file.src_uri)
        try:
            meta, error = front_matter(text, Path(shown))
        except PlanError as exc:  # aliases: stop here, as MkDocs' readers would expand them
            p = exc.problems[0]
            raise PluginError(
                f"{shown}:{p.loc.line}:{p.loc.col}: the page's front matter: {p.message}"
            ) from None
        build.front_matter[file.src_uri] = meta
        if file.generated_by or file.abs_src_path is None:
            continue
        if error:
            log.warning(f"{shown}:1:1: the page's {error}")
        review = page_review(
            file.src_uri, _title(body_of(text), meta, file.src_uri), meta, role_ids, every
        )
        for key, problem in review.problems:
            log.warning(f"{shown}:{_line_of(text, key)}:1: the page {problem}")
        build.reviews[file.src_uri] = review
    _check_tags(build, files)


def _check_tags(build: Build, files: Files) -> None:
    """A tag only this page has, a letter or two from one other pages share: a typo."""
    authored = [f for f in files.documentation_pages() if not f.generated_by and f.abs_src_path]
    tags = {}
    for file in authored:  # the front matter read already: no page is read again here
        listed = build.front_matter.get(file.src_uri, {}).get("tags")
        if isinstance(listed, list):
            tags[file.src_uri] = [str(t) for t in listed if isinstance(t, str | int | float)]
    for src, tag, meant in tag_typos(tags):
        found = files.get_file_from_path(src)
        text = found.content_string if found is not None else ""
        lines = text.splitlines()
        start = _line_of(text, "tags")  # the tag on that line, or in the list below it
        line = next((n for n in range(start, len(lines) + 1) if tag in lines[n - 1]), start)
        column = (
            lines[line - 1].find(tag) + 1 if line <= len(lines) and tag in lines[line - 1] else 1
        )
        log.warning(
            f"{build.shown(src)}:{line}:{column}: the tag '{tag}' is on no other page: did "
            f"you mean '{meant}'? (pages that share a tag are listed together on the tags "
            "page)"
        )


def _line_of(text: str, key: str) -> int:
    """The line of `key` in the page's front matter; 1 when it is not there."""
    lines = text.splitlines()
    end = front_matter_end(lines) or 0
    return next((n for n, line in enumerate(lines[1:end], 2) if line.startswith(f"{key}:")), 1)


def _title(markdown: str, meta: dict[str, Any], path: str) -> str:
    if isinstance(meta.get("title"), str):
        return str(meta["title"])
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path


# 5 ---------------------------------------------------------------------------------------------
def on_nav(nav: Any, config: MkDocsConfig) -> Any:
    build = Build.of(config)
    build.reading_order = [page.url for page in nav.pages]
    build.pruned_sections = navigation.pruned_sections(nav.items)
    build.away_sections = navigation.away_sections(nav.items, build.pruned_sections)
    return nav


def on_env(env: Any, config: MkDocsConfig, files: Files) -> None:
    build = Build.of(config)
    navigation.add_tests(env, build.pruned_sections, build.away_sections)
    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    build.glossary_url = glossary.url if glossary is not None else None
    features = list(config.theme.get("features") or [])
    build.theme_scripts = csp.ThemeScripts(env, list(config.theme.dirs), features)


# 6 ---------------------------------------------------------------------------------------------
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    build = Build.of(config)
    meta = build.front_matter.get(page.file.src_uri)
    if meta is not None:  # one reader, one set of types for everyone after this
        page.meta = dict(meta)
    problems = sanitize_meta(page.meta)
    if problems:
        text = page.file.content_string
        shown = build.shown(page.file.src_uri)
        raise PluginError(
            "\n".join(f"{shown}:{_line_of(text, key)}:1: {problem}" for key, problem in problems)
        )
    if "search" not in page.meta:  # the folder's weight in search, unless the page sets one
        boost = search.page_boost(page.file.src_uri, build.search_boosts)
        if boost is not None:
            page.meta["search"] = {"boost": boost}
    return markdown


# 7 ---------------------------------------------------------------------------------------------
def on_pre_page_macros(env: Any) -> None:
    """Render the page in the sandbox, in mkdocs-macros' place.

    mkdocs-macros then leaves the page alone: its own environment (unsandboxed, with MkDocs'
    config in reach) never sees a page. `render_macros: false` keeps a page's text as it is,
    as mkdocs-macros documents.
    """
    page: Page = env.page
    build = Build.of(env.conf)
    meta = page.meta
    if meta.get("render_macros") is not False:
        renderer: PageRenderer = build.renderer
        title = str(page.title or "")
        if "title" not in meta and renderer.sandbox.variable_start_string in title:
            # MkDocs' title before rendering is the first heading's source, such as
            # `# {{ project.name }}`: it gets the same data, escaped the same way.
            page.title = renderer.render(title, page)
            if build.blocks.placeholder.search(page.title):
                raise PluginError(f"{build.shown(page.file.src_uri)}:1: {INLINE_BLOCK}")
        env.markdown = renderer.render(env.markdown, page)
    meta["render_macros"] = False  # rendered once, here: mkdocs-macros must not again
    env.markdown = _review_banner(build, page) + env.markdown + _owner_note(build, page, env)


def _review_banner(build: Build, page: Page) -> str:
    review = build.reviews.get(page.file.src_uri)
    if review is None or not review.overdue(build.today):
        return ""
    config = build._config()
    warn = config is not None and config.extra.get("review_overdue") == "warning"
    log.log(
        logging.WARNING if warn else logging.INFO,
        f"{page.file.src_uri}: review overdue since {review.due} (owner: {review.owner})",
    )
    owner = owner_words(build.roles.get(review.owner or ""), review.owner or "")
    # Kept aside from search like the owner line: a result's snippet should be the answer,
    # not "Review overdue…".
    banner = Markup(
        '<div class="admonition warning op-review-banner"><p class="admonition-title">'
        "Review overdue</p><p>This page was last reviewed on {}; its review was due on {}. "
        "It may be out of date: check with its owner, {}, before relying on it.</p></div>"
    ).format(review.reviewed, review.due, owner)
    return str(build.blocks.put(build.blocks.aside(banner))) + "\n\n"


OWNED_SECTIONS = ("knowledge-base/", "playbook/")
"""Pages under these folders say who owns them and when they were last reviewed."""


def _owner_note(build: Build, page: Page, env: Any) -> str:
    """The owner line at the end of a knowledge-base or playbook page, as a block kept
    aside from search (it is no answer to a question) and from the glossary marks."""
    review = build.reviews.get(page.file.src_uri)
    if review is None or not review.owner or not page.file.src_uri.startswith(OWNED_SECTIONS):
        return ""
    role = build.roles.get(review.owner)
    href = _Links(env).href(role_page_path(review.owner)) if role is not None else None
    note = owner_note(role, review.owner, href, review.reviewed)
    return "\n\n" + str(build.blocks.put(build.blocks.aside(note))) + "\n"


# 8 ---------------------------------------------------------------------------------------------
def on_page_context(context: Any, page: Page, config: MkDocsConfig) -> Any:
    build = Build.of(config)
    if (
        page.content
        and build.glossary_url is not None
        and page.file.src_uri != GLOSSARY_PAGE
        and page.meta.get("glossary") is not False
    ):
        base = get_relative_url(build.glossary_url, page.url)
        page.content = build.marker.mark(page.content, lambda entry: f"{base}#{entry.anchor}")
    _scripts(build).render(page.file.src_uri, context)
    build.built_pages.add(preview.search_location(page.url))
    return context


# 9 ---------------------------------------------------------------------------------------------
def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    if template_name.endswith(".html"):
        _scripts(Build.of(config)).render(template_name, context)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The page's script hashes filled in, then the charts and grids kept aside put back
    (they hold no script: the policy would block one), and the templates' indentation
    dropped (`compact_html`: scripts and code stay as they are)."""
    build, key = Build.of(config), page.file.src_uri
    sources = _scripts(build).sources(key, output, page.content or "")
    return compact_html(build.blocks.restore_asides(csp.fill(output, sources, key)))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    sources = _scripts(Build.of(config)).sources(template_name, output, "")
    return csp.fill(output, sources, template_name)


def _scripts(build: Build) -> csp.ThemeScripts:
    if build.theme_scripts is None:
        raise PluginError("csp: the theme's environment was never loaded (on_env)")
    return build.theme_scripts


# 10 --------------------------------------------------------------------------------------------
def on_post_build(config: MkDocsConfig) -> None:
    """Under `mkdocs serve --dirty`, a search index with every page once; then the
    glossary's synonyms in it."""
    build = Build.of(config)
    site = Path(config.site_dir)
    (site / READING_ORDER).write_text(json.dumps(build.reading_order, indent=0), encoding="utf-8")
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))  # read once, written once
    if preview.active() and build.page_urls is not None:
        preview.repair_search_index(data, build.built_pages, build.page_urls)
    if search.SYNONYMS_FIELD in data.get("config", {}).get("fields", {}):
        data = search.with_synonyms(data, build.marker)
    index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


# 11 --------------------------------------------------------------------------------------------
def on_serve(server: Any, config: MkDocsConfig) -> Any:
    plan = Build.of(config).plan_dir.resolve()
    watched = [Path(p).resolve() for p in config.watch]
    if not any(plan == w or w in plan.parents for w in watched):
        log.info("Also watching the plan directory %s", plan)
        server.watch(str(plan))
    return server
