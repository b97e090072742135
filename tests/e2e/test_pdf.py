"""`make pdf`: the sample site printed as one PDF by headless Chromium, as a trainer gets it.

The contents' page numbers are checked two ways: against where the PDF's own link targets
land (its page tree and named destinations), and against the sheets each chapter takes when
printed on its own (a page count only), which does not use the destinations at all.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from macros.publish.pdf import _book, destination_pages, page_count, sheet_options, write_pdf
from macros.publish.printbook import READING_ORDER, book_html, chapters, reading_order
from tests.conftest import ROOT, Build
from tests.e2e.conftest import CHROMIUM, require

pytestmark = pytest.mark.browser
LEFT_OUT = ("editors/", "tags/")


@pytest.fixture(scope="module")
def printed(sample_site: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`python -m macros.publish.pdf SITE OUT`, as `make pdf` runs it."""
    require(CHROMIUM.exists(), f"{CHROMIUM} not found: `make browser` installs it")
    out = tmp_path_factory.mktemp("pdf") / "playbook.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "macros.publish.pdf", str(sample_site.site), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out, done.stdout


def test_every_page_in_navigation_order_after_a_title_page_and_contents(
    printed: tuple[Path, str], sample_site: Build
) -> None:
    out, said = printed
    pdf = out.read_bytes()
    order = reading_order(sample_site.site)
    book = [u for u in order if not u.startswith(LEFT_OUT)]
    assert len(book) >= 40
    assert order[0] == ""
    assert order.index("plan/timeline/") < order.index("checklists/go-no-go/")
    assert order.index("checklists/go-no-go/") < order.index("knowledge-base/escalation/")
    landed = destination_pages(pdf)
    starts = [landed[f"p{n}"] for n in range(len(book))]
    assert starts[0] >= 3, "the title page and the contents come first"
    assert starts == sorted(set(starts)), "each page starts on a sheet of its own, in order"
    assert f"p{len(book)}" not in landed, "the editors' guide and the tags are left out"
    assert page_count(pdf) >= starts[-1]
    assert re.search(rf": {page_count(pdf)} pages, {len(book)} chapters", said)


def test_the_contents_give_the_sheet_each_chapter_starts_on(
    browser: Browser, sample_site: Build, tmp_path: Path
) -> None:
    site = sample_site.site
    result = write_pdf(site, tmp_path / "book.pdf", browser=browser)
    urls = [u for u in reading_order(site) if not u.startswith(LEFT_OUT)]
    assert list(result.first_pages) == urls
    # Independently of the destinations: a chapter printed alone (after its own title page
    # and one-line contents) takes as many sheets as the contents leave it in the book.
    home = (site / "index.html").read_text(encoding="utf-8")
    book, address = _book(site, home)
    styles = [
        (site / href).resolve().as_uri()
        for href in re.findall(r'rel="stylesheet" href="([^"]+)"', home)
    ]
    page = browser.new_page(java_script_enabled=False)
    try:
        for n in range(8):  # home, the plan, the timeline (a landscape sheet), holidays...
            alone = tmp_path / "alone.html"
            alone.write_text(book_html(book, chapters(site, [urls[n]], address), styles))
            page.goto(alone.as_uri())
            sheets = page_count(page.pdf(**sheet_options(book.title))) - 2
            gap = result.first_pages[urls[n + 1]] - result.first_pages[urls[n]]
            assert sheets == gap, f"{urls[n]}: {sheets} sheets alone, {gap} in the contents"
    finally:
        page.close()


def test_the_chart_gets_a_landscape_sheet_and_headings_become_bookmarks(
    printed: tuple[Path, str],
) -> None:
    pdf = printed[0].read_bytes()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    landscape = [b for b in boxes if float(b[0]) > float(b[1])]
    portrait = [b for b in boxes if float(b[0]) < float(b[1])]
    assert landscape, "the Gantt chart is not on a landscape sheet"
    assert len(portrait) > 100
    assert b"/Outlines" in pdf


SEEN: list[str] = []
"""What the witness server below was asked for."""


class _Witness(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_page_s_script_and_remote_image_do_nothing_in_print(
    browser: Browser, tmp_path: Path
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Witness)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    there = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        site = tmp_path / "site"
        (site / "kb").mkdir(parents=True)
        (site / "index.html").write_text("<title>T</title>", encoding="utf-8")
        (site / "kb" / "index.html").write_text(
            '<article class="md-content__inner md-typeset"><h1>KB</h1>'
            f"<script>fetch('{there}/script')</script><img src=\"{there}/image.png\">"
            f'<link rel="stylesheet" href="{there}/style.css"></article>',
            encoding="utf-8",
        )
        (site / READING_ORDER).write_text(json.dumps(["kb/"]), encoding="utf-8")
        result = write_pdf(site, tmp_path / "out.pdf", browser=browser)
        assert result.pages >= 3
    finally:
        server.shutdown()
        server.server_close()
    assert SEEN == [], f"the print asked another host for {SEEN}"
