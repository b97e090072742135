"""The navigation of a large knowledge base: each page carries its own branch expanded and
the rest as links, every article stays reachable, and the sample keeps its full navigation.

The site is the sample project with 130 generated articles listed in the knowledge base's
tab in sections of 40 (`bench/kbsite.py`, the benchmark's generator), built as a user would.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import material
import pytest

from bench.kbsite import SECTION, article_path, write_kb_project
from macros.mkdocs.navigation import FULL_TAB_PAGES, pruned_sections
from tests.conftest import ROOT, Build, run_build
from tests.helpers import check_material_copy

ARTICLES = 130  # four sections: 40, 40, 40 and 10
MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDE = ROOT / "hooks" / "theme" / "partials" / "nav-item.html"
CHANGES = (
    (
        "{% if level == 2 and parent.active and "
        "(nav_item.active or not nav_item is pruned_section) %}",
        "{% if level == 2 and parent.active %}",
    ),
    (
        '{% if "navigation.prune" in features or nav_item is pruned_section %}',
        '{% if "navigation.prune" in features %}',
    ),
    (
        "{% if (not index or item != index) and not (item is away_section and not "
        "item.active and page.parent != nav_item) %}",
        "{% if not index or item != index %}",
    ),
)


class _Nav(HTMLParser):
    """The links of a page's primary navigation, and the one marked as the current page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.active: list[str] = []
        self._depth = 0  # inside <nav class="md-nav--primary">, counting nested <nav>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "nav" and (self._depth or "md-nav--primary" in classes):
            self._depth += 1
        elif tag == "a" and self._depth and found.get("href"):
            href = found["href"] or ""
            self.links.append(href)
            if "md-nav__link--active" in classes:
                self.active.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


def nav_of(site: Path, url: str) -> _Nav:
    parser = _Nav()
    parser.feed((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    return parser


def url_of(number: int) -> str:
    return article_path(number).removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def kb_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = write_kb_project(tmp_path_factory.mktemp("kb") / "project", ARTICLES)
    build = run_build(project.config, project.root / "site")
    assert build.returncode == 0, build.output
    return build


def test_the_override_is_materials_partial_with_three_changes() -> None:
    check_material_copy(OVERRIDE, list(CHANGES))


def test_an_article_carries_its_own_section_and_the_tab_s_pages(kb_site: Build) -> None:
    nav = nav_of(kb_site.site, url_of(45))  # in the second section
    own = {f"../{url_of(n).split('/')[-2]}/" for n in range(SECTION, 2 * SECTION) if n != 45}
    assert own <= set(nav.links)  # every article of its section, as a sibling link
    assert nav.active == ["./"]  # the page itself, marked as current
    assert "../../../escalation/" in nav.links  # the tab's own pages
    assert "../../../" in nav.links  # the tab's index, which lists every section
    # nothing of the other sections: the page's weight does not grow with the site
    assert [h for h in nav.links if "/section-" in h] == []
    size = (kb_site.site / url_of(45) / "index.html").stat().st_size
    assert size < 60_000


def test_the_tab_s_index_lists_every_section_as_a_link(kb_site: Build) -> None:
    nav = nav_of(kb_site.site, "knowledge-base/")
    firsts = [
        f"articles/section-{s:03d}/article-{(s - 1) * SECTION + 1:05d}/" for s in (1, 2, 3, 4)
    ]
    assert [h for h in nav.links if "/section-" in h] == firsts


def test_a_page_in_another_tab_links_the_large_tab_once(kb_site: Build) -> None:
    nav = nav_of(kb_site.site, "playbook/")
    assert [h for h in nav.links if "/articles/" in h] == []  # the large tab: one link
    assert "../knowledge-base/" in nav.links
    assert any("assume-nothing/" in h for h in nav.links)  # its own small tab, in full


def test_every_article_is_reachable_through_the_navigation(kb_site: Build) -> None:
    site = kb_site.site
    seen = {"/"}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        for href in nav_of(site, url).links:
            target = urlsplit(urljoin(url, href)).path
            if target.endswith("/") and target not in seen and (site / target.strip("/")).is_dir():
                seen.add(target)
                queue.append(target)
    missing = [n for n in range(ARTICLES) if "/" + url_of(n) not in seen]
    assert missing == []


def test_the_sample_keeps_materials_full_navigation(sample_site: Build) -> None:
    # No tab of the sample is large: its articles' pages list every page of their tab.
    nav = nav_of(sample_site.site, "knowledge-base/tools/")
    assert any("escalation/" in h for h in nav.links)
    assert any("assume-nothing/" in h for h in nav.links)  # another tab, for the phone


def _section(title: str, *children: object) -> SimpleNamespace:
    return SimpleNamespace(title=title, children=list(children), is_page=False)


def _page(title: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, children=None, is_page=True)


def test_only_the_sections_of_tabs_above_the_limit_are_pruned() -> None:
    inner = [_section(f"s{i}", *(_page(f"p{i}-{j}") for j in range(40))) for i in range(3)]
    large = _section("Knowledge base", _page("index"), *inner)
    small = _section("Playbook", _section("Preparation", _page("a"), _page("b")), _page("c"))
    home = _page("Home")
    pruned = pruned_sections([home, small, large], full_up_to=FULL_TAB_PAGES)
    assert pruned == {id(large), *(id(s) for s in inner)}
    assert pruned_sections([home, small, large], full_up_to=121) == frozenset()


def test_the_checklists_sit_under_the_plan_one_page_each(sample_site: Build) -> None:
    from macros.plan.loader import load_plan

    plan, _ = load_plan(ROOT / "plan")
    ids = [c.id for c in plan.checklists]
    assert len(ids) >= 3
    nav = nav_of(sample_site.site, f"checklists/{ids[1]}/")
    plan_at = nav.links.index("../../plan/")
    playbook_at = nav.links.index("../../playbook/")
    # under the plan's tab, after its pages: the index, then each checklist in plan order
    wanted = ["../", *(f"../{i}/" if i != ids[1] else "./" for i in ids)]
    at = nav.links.index("../", plan_at)
    assert plan_at < at < playbook_at
    assert nav.links[at : at + len(wanted)] == wanted
    assert nav.active == ["./"]  # the page is marked where it sits
    # the footer leads from one checklist to the next, in the same order
    page = sample_site.html(f"checklists/{ids[1]}/index.html")
    assert f'href="../{ids[2]}/" class="md-footer__link md-footer__link--next"' in page
    assert f'href="../{ids[0]}/" class="md-footer__link md-footer__link--prev"' in page
    # and the knowledge base no longer lists them
    kb = nav_of(sample_site.site, "knowledge-base/tools/")
    kb_tab = kb.links.index("../")
    assert "../../checklists/" not in kb.links[kb_tab:]


def test_the_checklists_entry_expands_once_wherever_it_is() -> None:
    from macros.mkdocs.nav_checklists import nest_checklists

    nav: list[object] = [{"Home": "index.md"}, {"Plan": ["plan/index.md", {"Lists": "c/index.md"}]}]
    assert nest_checklists(nav, "c/index.md", ["c/a.md", "c/b.md"])
    assert nav[1] == {"Plan": ["plan/index.md", {"Lists": ["c/index.md", "c/a.md", "c/b.md"]}]}
    assert not nest_checklists(nav, "c/index.md", ["c/a.md", "c/b.md"])  # a rebuild: as it is
    assert nav[1] == {"Plan": ["plan/index.md", {"Lists": ["c/index.md", "c/a.md", "c/b.md"]}]}
    assert not nest_checklists([{"Home": "index.md"}], "c/index.md", ["c/a.md"])
