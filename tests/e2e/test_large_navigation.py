"""On a knowledge base of 1,000 articles, a reader finds their way through the navigation.

The site is the sample with 1,000 generated articles in sections of 40 (`bench/kbsite.py`,
as the benchmark builds it). Each page carries only its own branch of the navigation; in
Chromium, at a desktop's width and in a phone's drawer, a reader goes from an article in
one section to one in another through the navigation alone, and sees where they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.kbsite import article_path, write_kb_project
from tests.conftest import run_build
from tests.e2e.conftest import PHONE, PageLog, Site, fail_on_problems, page_opener, served

pytestmark = pytest.mark.browser

ARTICLES = 1_000
START = 45  # article 46, in the second section
TARGET = 974  # article 975, in the last


def url_of(number: int) -> str:
    return article_path(number).removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def kb_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = write_kb_project(tmp_path_factory.mktemp("kb1000") / "project", ARTICLES)
    build = run_build(project.config, project.root / "site")
    assert build.returncode == 0, build.output
    with served(build.site) as site:
        yield site


@pytest.fixture
def open_kb(browser: Browser, kb_site: Site) -> Iterator[Callable[..., Page]]:
    log = PageLog(kb_site.origin)
    with page_opener(browser, kb_site, log) as opener:
        yield opener
    fail_on_problems(log)


def expect_current(page: Page, number: int) -> None:
    """The page is article `number + 1`, and the navigation marks it as the current page."""
    assert page.url.endswith(url_of(number)), page.url
    # a link on a desktop; in the drawer, the label that opens the page's table of contents
    active = page.locator("nav.md-nav--primary .md-nav__link--active").filter(visible=True)
    expect(active.first).to_contain_text(f"Article {number + 1}:")


def click_nav(page: Page, text: str) -> None:
    link = page.locator("nav.md-nav--primary a").filter(has_text=text).filter(visible=True)
    link.first.click()


def test_on_a_desktop_the_sidebar_leads_to_another_section(open_kb: Callable[..., Page]) -> None:
    page = open_kb(viewport={"width": 1400, "height": 900})
    page.goto(url_of(START))
    expect_current(page, START)
    expect(page.locator(".md-sidebar--primary")).to_contain_text("Articles 41–80")
    page.locator("a.md-tabs__link", has_text="Knowledge base").click()
    page.wait_for_url(re.compile(r"/knowledge-base/$"))
    click_nav(page, "Articles 961–1000")
    page.wait_for_url(re.compile(r"article-00961/$"))
    click_nav(page, f"Article {TARGET + 1}:")
    page.wait_for_url(re.compile(rf"article-{TARGET + 1:05d}/$"))
    expect_current(page, TARGET)


def open_drawer(page: Page) -> None:
    page.locator('label.md-header__button[for="__drawer"]').click()
    expect(page.locator("nav.md-nav--primary")).to_be_visible()


def drawer_back(page: Page, title: str) -> None:
    """The drawer's arrow back from the panel named `title` to the one above it."""
    panel = page.locator("nav.md-nav--primary label.md-nav__title")
    panel.filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).click()


def test_on_a_phone_the_drawer_leads_to_another_section(open_kb: Callable[..., Page]) -> None:
    page = open_kb(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(url_of(START))
    open_drawer(page)
    expect_current(page, START)  # the drawer opens at the page's own section
    # up to the top level, where the knowledge base's index page lists every section
    drawer_back(page, "Articles 41–80")
    drawer_back(page, "Knowledge base")
    top = page.locator("nav.md-nav--primary > ul > li > .md-nav__container > a")
    top.filter(has_text="Knowledge base").click()
    page.wait_for_url(re.compile(r"/knowledge-base/$"))
    open_drawer(page)
    click_nav(page, "Articles 961–1000")
    page.wait_for_url(re.compile(r"article-00961/$"))
    open_drawer(page)
    click_nav(page, f"Article {TARGET + 1}:")
    page.wait_for_url(re.compile(rf"article-{TARGET + 1:05d}/$"))
    open_drawer(page)
    expect_current(page, TARGET)
