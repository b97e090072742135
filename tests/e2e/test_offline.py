"""`make offline`: the site built with Material's offline plugin works opened from the disk,
search included, and asks no other host for anything (the plugin's own worker stand-in
would come from unpkg.com; the site brings its own, assets/offline/iframe-worker.js)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, Build, run_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = tmp_path_factory.mktemp("offline") / "site"
    build = run_build(ROOT / "mkdocs.yml", site, env_extra={"PLAYBOOK_OFFLINE": "true"})
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def disk_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith("file:") else problems.append(r.url))
    yield page, problems
    context.close()


def test_the_copy_is_files_with_the_search_index_as_a_script(offline_site: Build) -> None:
    site = offline_site.site
    assert (site / "knowledge-base" / "escalation.html").is_file()  # no directory URLs
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    assert '"synonyms":' in script  # the glossary's synonyms reach the copy's search too
    page = offline_site.html("knowledge-base/escalation.html")
    assert '<script src="../assets/offline/iframe-worker.js"' in page
    assert "unpkg.com" not in page


def test_search_works_from_the_disk_and_nothing_is_fetched_elsewhere(
    offline_site: Build, disk_page: tuple[Page, list[str]]
) -> None:
    page, problems = disk_page
    page.goto((offline_site.site / "knowledge-base" / "escalation.html").as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("chargeback")
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_have_text("4 matching documents")
    first = page.locator("li.md-search-result__item > a.md-search-result__link").first
    billing = (offline_site.site / "knowledge-base" / "billing-and-refunds.html").as_uri()
    expect(first).to_have_attribute("href", billing + "?h=")
    first.click()
    expect(page).to_have_url(billing + "?h=")
    expect(page.locator("h1")).to_contain_text("Billing and refunds")
    assert not problems, problems


def test_the_published_site_does_without_the_stand_in(sample_site: Build) -> None:
    page = sample_site.html("knowledge-base/escalation/index.html")
    assert "iframe-worker" not in page  # served over https, Material's own worker runs
    assert not (sample_site.site / "search" / "search_index.js").exists()
