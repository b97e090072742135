"""`make pdf`: the sample site printed as one PDF by headless Chromium, as a trainer gets it.

The PDF's own structure is read back (its page tree and the named destinations Chromium
writes for link targets): the contents' page numbers must be where each chapter landed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.publish.pdf import destination_pages, page_count
from macros.publish.printbook import reading_order
from tests.conftest import ROOT, Build
from tests.e2e.conftest import CHROMIUM, require

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def printed(sample_site: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
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
    book = [u for u in order if not u.startswith(("editors/", "tags/"))]
    assert len(book) >= 40
    assert order[0] == ""
    assert (
        order.index("plan/timeline/")
        < order.index("playbook/")
        < order.index("knowledge-base/escalation/")
    )
    landed = destination_pages(pdf)
    starts = [landed[f"p{n}"] for n in range(len(book))]
    assert starts[0] >= 3, "the title page and the contents come first"
    assert starts == sorted(set(starts)), "each page starts on a sheet of its own, in order"
    assert f"p{len(book)}" not in landed, "the editors' guide and the tags are left out"
    assert page_count(pdf) >= starts[-1]
    assert re.search(r": \d+ pages, \d+ chapters", said)


def test_the_contents_give_the_page_each_chapter_starts_on(
    printed: tuple[Path, str], sample_site: Build
) -> None:
    from macros.publish.pdf import write_pdf

    out = printed[0].with_name("again.pdf")
    result = write_pdf(sample_site.site, out)
    landed = destination_pages(out.read_bytes())
    urls = list(result.first_pages)
    assert urls
    for n, url in enumerate(urls):
        assert result.first_pages[url] == landed[f"p{n}"], url  # what the contents print


def test_the_chart_gets_a_landscape_sheet_and_headings_become_bookmarks(
    printed: tuple[Path, str],
) -> None:
    pdf = printed[0].read_bytes()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    landscape = [b for b in boxes if float(b[0]) > float(b[1])]
    portrait = [b for b in boxes if float(b[0]) < float(b[1])]
    assert landscape, "the Gantt chart is not on a landscape sheet"
    assert len(portrait) > 100
    assert b"/Outlines" in pdf  # bookmarks from the headings
