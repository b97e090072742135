"""What a reader does on the site: search, glossary tooltips and links, the timeline, personal
checklist ticks and the dark-mode toggle, in a real browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, Site, visit, wait_for_search

pytestmark = pytest.mark.browser

GLOSSARY = "glossary/"


def test_search_finds_a_glossary_term(page: Page, site: Site) -> None:
    assert GLOSSARY in site.pages
    visit(page, "")
    wait_for_search(page)
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("hypercare")  # Material searches on key presses, not on fill()

    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching"))
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    links = page.locator("a.md-search-result__link")
    paths = {urlsplit(link.get_attribute("href") or "").path for link in links.all()}
    glossary = site.path + GLOSSARY
    assert glossary in paths, f"no search result links to {glossary}: {sorted(paths)}"


def test_hovering_a_term_shows_its_definition(page: Page, site: Site) -> None:
    visit(page, site.pages_with('class="op-term"', under="knowledge-base/")[0])
    term = page.locator(".md-content a.op-term abbr").filter(visible=True).first
    definition = term.get_attribute("title")  # Material moves it into the tooltip on hover
    assert definition, "a marked term has no definition in its title"

    term.hover()
    # content.tooltips: Material links the abbr to a div.md-tooltip2[role=tooltip] holding
    # the title's text, and removes the title so the browser's own tooltip does not show.
    expect(term).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip = page.locator(f"[id='{term.get_attribute('aria-describedby')}']")
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(definition)


# The sample's "Escalation" entry reads differently at each site: a good term to look at.
ESCALATION_MARK = ".md-content a.op-term[href$='#escalation']"
DEFINITION = "Passing a ticket or incident"
KRAKOW_READING = "At Provider support centre, Krakow:"


def test_the_tooltip_is_readable_and_gives_each_sites_reading(page: Page, site: Site) -> None:
    visit(page, "knowledge-base/escalation/")
    term = page.locator(f"{ESCALATION_MARK} abbr").first
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    expect(tooltip).to_be_visible()
    for words in (DEFINITION, "At Northwind Desk headquarters, Toronto:", KRAKOW_READING):
        expect(tooltip).to_contain_text(words)
    size = tooltip.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    body = page.locator(".md-content p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= 14, f"tooltip text {size}px"
    assert size >= 0.9 * body, f"tooltip text {size}px, body text {body}px"


def test_on_a_phone_a_tap_shows_the_definition_in_place(
    open_page: Callable[..., Page], site: Site
) -> None:
    phone = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    visit(phone, "knowledge-base/escalation/")
    mark = phone.locator(ESCALATION_MARK).first
    mark.scroll_into_view_if_needed()
    mark.tap()
    note = phone.locator(".md-content .op-term-note")
    expect(note).to_be_visible()
    for words in (DEFINITION, KRAKOW_READING):
        expect(note).to_contain_text(words)
    expect(mark).to_have_attribute("aria-expanded", "true")
    assert phone.url.endswith("/knowledge-base/escalation/"), "the tap left the page"
    # right under the word tapped, not at the foot of the page
    word, box = mark.bounding_box(), note.bounding_box()
    assert word is not None
    assert box is not None
    assert 0 <= box["y"] - (word["y"] + word["height"]) < 40
    expect(phone.locator(".md-tooltip2--active")).to_be_hidden()  # no tooltip covers it
    # the note leads on to the glossary; a second tap closes it
    expect(note.get_by_role("link", name="Open in the glossary")).to_have_attribute(
        "href", re.compile(r"glossary/#escalation$")
    )
    mark.tap()
    expect(note).to_have_count(0)
    expect(mark).to_have_attribute("aria-expanded", "false")


def test_a_term_links_to_its_glossary_entry(page: Page, site: Site) -> None:
    visit(page, site.pages_with('class="op-term"', under="knowledge-base/")[0])
    link = page.locator(".md-content a.op-term").filter(visible=True).first
    anchor = (link.get_attribute("href") or "").partition("#")[2]
    assert anchor, "a marked term's link has no #anchor"

    link.click()
    expect(page).to_have_url(re.compile(rf"/{GLOSSARY}#{re.escape(anchor)}$"))
    entry = page.locator(f"h3[id='{anchor}']")
    expect(entry).to_be_in_viewport()
    # Not just in the viewport: below the sticky header, where a reader can see it.
    header = page.locator(".md-header").bounding_box()
    box = entry.bounding_box()
    assert header is not None
    assert box is not None
    assert box["y"] >= header["y"] + header["height"] - 1, "the entry is under the header"


def test_the_timeline_chart_is_drawn(page: Page, site: Site) -> None:
    visit(page, site.pages_with('class="op-gantt"')[0])
    chart = page.locator(".op-gantt svg").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 0
    assert box["height"] > 0


def test_personal_ticks_survive_a_reload_until_cleared(page: Page, site: Site) -> None:
    visit(page, site.pages_with('class="op-tick"', under="checklists/")[0])
    tick = page.locator("input.op-tick").first
    expect(tick).not_to_be_checked()

    tick.check()
    expect(tick.locator("xpath=ancestor::tr[1]")).to_have_class(re.compile(r"\bop-ticked\b"))
    page.reload()
    expect(tick).to_be_checked()

    asked: list[str] = []

    def answer(accept: bool) -> None:
        page.once(
            "dialog", lambda d: (asked.append(d.message), d.accept() if accept else d.dismiss())
        )

    answer(False)  # "Cancel": the ticks stay
    page.get_by_role("button", name="Clear my ticks").click()
    expect(tick).to_be_checked()
    assert len(asked) == 1
    assert asked[0].startswith("Clear your 1 tick on this checklist?")
    answer(True)
    page.get_by_role("button", name="Clear my ticks").click()
    expect(tick).not_to_be_checked()
    page.reload()
    expect(tick).not_to_be_checked()


def test_a_printed_checklist_shows_the_plan_s_state_and_a_sign_off(page: Page, site: Site) -> None:
    visit(page, site.pages_with('class="op-tick"', under="checklists/")[0])
    tick = page.locator("input.op-tick").first
    tick.check()  # a personal tick: struck through on screen, not on paper
    label = page.locator(".op-ticked label").first
    assert label.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    page.emulate_media(media="print")
    assert label.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    signoff = page.locator(".op-signoff")
    expect(signoff).to_be_visible()
    expect(signoff).to_contain_text("Checked by (name and signature)")
    expect(signoff.locator("[data-op-address]")).to_contain_text("/checklists/")
    expect(page.locator(".op-clear-ticks")).to_be_hidden()


def test_the_palette_toggle_switches_between_light_and_dark(page: Page) -> None:
    visit(page, "")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")

    page.locator("label[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()  # the choice is remembered
    expect(body).to_have_attribute("data-md-color-scheme", "slate")

    page.locator("label[title='Switch to light mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_a_canned_reply_is_copied_with_one_click(
    open_page: Callable[..., Page], site: Site
) -> None:
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    visit(page, "knowledge-base/canned-replies/")
    block = page.locator(".md-typeset pre").first
    block.hover()
    page.locator(".md-code__button").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hi [first name],")
    assert copied.rstrip().endswith("Northwind Desk Support")


def test_each_page_links_the_previous_and_the_next(page: Page, site: Site) -> None:
    visit(page, "knowledge-base/canned-replies/")
    expect(page.locator("a.md-footer__link--prev")).to_contain_text("Tone and writing style")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(re.compile(r"/knowledge-base/billing-and-refunds/$"))


def test_on_a_phone_a_wide_table_says_it_scrolls(
    open_page: Callable[..., Page], site: Site
) -> None:
    phone = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    visit(phone, "knowledge-base/escalation/")
    box = phone.locator(".md-typeset__scrollwrap").first  # the escalation levels, 4 columns
    expect(box).to_have_class(re.compile(r"\bop-wide\b.*\bop-more\b"))
    hint = box.locator("xpath=preceding-sibling::*[1]")
    expect(hint).to_have_class("op-scroll-hint")
    expect(hint).to_be_visible()
    mask = box.evaluate("b => getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage")
    assert "gradient" in mask, "the cut-off edge does not fade"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    expect(box).not_to_have_class(re.compile(r"\bop-more\b"))  # the end reached: no fade
    # A desktop screen holds the table whole: no hint there.
    desk = open_page()
    visit(desk, "knowledge-base/escalation/")
    expect(desk.locator(".md-typeset__scrollwrap").first).not_to_have_class(re.compile("op-wide"))
    expect(desk.locator(".op-scroll-hint")).to_have_count(0)


def test_the_task_names_stay_in_view_while_the_chart_scrolls(
    open_page: Callable[..., Page], site: Site
) -> None:
    phone = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    visit(phone, "plan/timeline/")
    chart = phone.locator(".op-gantt").first
    chart.scroll_into_view_if_needed()
    name = chart.locator(".op-gantt-task .op-gantt-label").first
    before = name.bounding_box()
    chart.evaluate("c => { c.scrollLeft = 600; }")
    phone.wait_for_function(
        "() => document.querySelector('.op-gantt-svg').classList.contains('op-gantt-scrolled')"
    )
    after = name.bounding_box()
    frame = chart.bounding_box()
    assert before is not None
    assert after is not None
    assert frame is not None
    assert abs(after["x"] - before["x"]) < 1, "the name scrolled away with the chart"
    assert after["x"] >= frame["x"]
    # its box hides the bars passing under it
    fill = chart.locator(".op-gantt-namebg").first.evaluate("r => getComputedStyle(r).fill")
    assert fill not in ("none", "transparent", "rgba(0, 0, 0, 0)")


def test_critical_work_has_its_own_colour_and_a_pattern(page: Page, site: Site) -> None:
    visit(page, "plan/timeline/")
    chart = page.locator(".op-gantt-svg").first
    critical = chart.locator(".op-gantt-task.critical .op-gantt-bar").first
    colour = critical.evaluate("r => getComputedStyle(r).fill")
    sites = chart.locator(".op-gantt-lane-key").evaluate_all(
        "keys => keys.map(k => getComputedStyle(k).fill)"
    )
    assert sites, "no site lanes drawn"
    assert colour not in sites, f"critical work is drawn in a site's colour {colour}"
    stripes = chart.locator(".op-gantt-task.critical .op-gantt-critmark").first
    expect(stripes).to_have_attribute("fill", re.compile(r"url\(#.+-critical\)"))
    legend = page.locator(".op-gantt-legend .op-gantt-critmark")
    expect(legend.first).to_be_attached()
