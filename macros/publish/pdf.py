"""`make pdf`: the built site as one PDF, printed by headless Chromium.

    python -m macros.publish.pdf [SITE_DIR] [OUT] [--skip PREFIX ...]

Reads SITE_DIR (default site/, as `make build` writes it) and writes OUT (default
SITE_DIR/playbook.pdf, where the published site links to it): a title page with the project
and its status date, the contents with page numbers, then every page in navigation order
(less the editors' guide and the tags index, by default), numbered at the foot of each
sheet. The contents' numbers come from a first printing: where Chromium put the link target
that starts each chapter.

Exit codes: 0 written, 1 the site is not there or Chromium failed, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.plan.wording import longdate
from macros.publish.printbook import READING_ORDER, Book, book_html, chapters, reading_order

if TYPE_CHECKING:
    from playwright.sync_api import Browser, PdfMargins

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SKIP = ("editors/", "tags/")
MARGIN: PdfMargins = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
FOOTER = (
    '<div style="font-size:8pt;width:100%;padding:0 15mm;color:#444;display:flex;'
    'justify-content:space-between;font-family:sans-serif"><span>{title}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_SITE_NAME = re.compile(r'md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>', re.DOTALL)


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_XREF_HEAD = re.compile(rb"(\d+) (\d+)\s*$")
_REF = re.compile(rb"(\d+) 0 R")
_DEST = re.compile(rb"/([^\s/\[]+) \[(\d+) 0 R ")


def sheet_options(title: str) -> dict[str, Any]:
    """How every sheet is printed: A4, margins, backgrounds, the title and page number at
    the foot (a chart's landscape sheet comes from the book's own CSS)."""
    return {
        "format": "A4",
        "margin": MARGIN,
        "print_background": True,
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": FOOTER.format(title=html.escape(title)),
    }


def page_count(pdf: bytes) -> int:
    """How many pages a PDF Chromium wrote has."""
    return len(_PAGE.findall(pdf))


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Each object's dictionary (before any stream), found through the cross-reference
    table the file ends with; empty for a file that has none (an xref stream)."""
    at = pdf.rfind(b"startxref")
    if at < 0:
        return {}
    offset = int(pdf[at + 9 :].split()[0])
    if pdf[offset : offset + 4] != b"xref":
        return {}
    objects: dict[int, bytes] = {}
    lines = pdf[offset + 4 : pdf.find(b"trailer", offset)].splitlines()
    number = 0
    for line in lines:
        head = _XREF_HEAD.match(line.strip())
        entry = _XREF_ENTRY.match(line.strip())
        if entry:
            if entry.group(3) == b"n":
                start = int(entry.group(1))
                end = pdf.find(b"endobj", start)
                body = pdf[start:end]
                body = body.split(b"obj", 1)[1] if b"obj" in body else body
                objects[number] = body.split(b"stream", 1)[0]
            number += 1
        elif head:
            number = int(head.group(1))
    return objects


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Page number (from 1) of each named destination of a PDF Chromium wrote, where the
    ids that links point to land: `{"p3": 12}`. Empty when the file is not laid out as
    Chromium (Skia) writes it: page tree and destinations as plain dictionaries."""
    objects = _objects(pdf)
    trees = {n: body for n, body in objects.items() if b"/Type /Pages" in body}
    roots = [n for n, body in trees.items() if b"/Parent" not in body]
    order: list[int] = []

    def walk(number: int) -> None:
        body = trees.get(number)
        if body is None:
            order.append(number)
            return
        kids = body.split(b"/Kids [", 1)[1].split(b"]", 1)[0] if b"/Kids [" in body else b""
        for kid in _REF.findall(kids):
            walk(int(kid))

    for root in roots:
        walk(root)
    where = {number: index + 1 for index, number in enumerate(order)}
    catalog = next((b for b in objects.values() if b"/Type /Catalog" in b), b"")
    found = re.search(rb"/Dests (\d+) 0 R", catalog)
    names = objects.get(int(found.group(1)), b"") if found else b""
    return {
        m.group(1).decode("latin-1"): where[int(m.group(2))]
        for m in _DEST.finditer(names)
        if int(m.group(2)) in where
    }


def _book(site: Path, home: str) -> tuple[Book, str]:
    """The title page's words, and the published site's address."""
    found = _CANONICAL.search(home)
    address = html.unescape(found.group(1)) if found else ""
    named = _SITE_NAME.search(home)
    site_name = html.unescape(named.group(1)).strip() if named else "Playbook"
    title, when = site_name, ""
    schedule = site / "schedule.json"
    if schedule.is_file():
        project = json.loads(schedule.read_text(encoding="utf-8")).get("project", {})
        title = str(project.get("name") or site_name)
        status = project.get("status_date")
        if status:
            when = longdate(date.fromisoformat(status))
    return Book(title=title, subtitle=site_name, date=when, address=address), address


@dataclass(frozen=True)
class Printed:
    """What `write_pdf` wrote: its page count, and the page each chapter starts on (as the
    contents say), by the chapter's address under the site."""

    pages: int
    first_pages: dict[str, int]


def write_pdf(
    site: Path, out: Path, skip: Sequence[str] = SKIP, browser: Browser | None = None
) -> Printed:
    """Print the site at `site` to `out`, in `browser` (else a Chromium of its own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright  # the browser only when printing

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            try:
                return write_pdf(site, out, skip, own)
            finally:
                own.close()
    home = (site / "index.html").read_text(encoding="utf-8")
    book, address = _book(site, home)
    urls = [u for u in reading_order(site) if not any(u.startswith(s) for s in skip)]
    parts = chapters(site, urls, address or "/")
    styles = [(site / href).resolve().as_uri() for href in _STYLESHEET.findall(home)]
    sheets = sheet_options(book.title)
    # Pages are inert here as on the site: no script runs, nothing is fetched but files.
    context = browser.new_context(java_script_enabled=False)
    context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())
    try:
        page = context.new_page()
        with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as work:

            def render(document: str, final: bool = False) -> bytes:
                file = Path(work) / "print.html"
                file.write_text(document, encoding="utf-8")
                page.goto(file.as_uri(), wait_until="load")
                return page.pdf(**sheets, outline=final, tagged=final)

            # Printed once with the contents' numbers blank (the same lines, so the same
            # sheets), to learn where each chapter lands; then again with them.
            landed = destination_pages(render(book_html(book, parts, styles)))
            first = {part.url: landed[f"p{n}"] for n, part in enumerate(parts) if f"p{n}" in landed}
            pdf = render(book_html(book, parts, styles, first), final=True)
    finally:
        context.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return Printed(page_count(pdf), first)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.publish.pdf", description=__doc__)
    parser.add_argument("site", nargs="?", default="site", help="the built site (site/)")
    parser.add_argument("out", nargs="?", help="the PDF to write (SITE/playbook.pdf)")
    parser.add_argument(
        "--skip",
        action="append",
        metavar="PREFIX",
        help=f"leave out pages whose address starts with PREFIX (default: {', '.join(SKIP)})",
    )
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file() or not (site / READING_ORDER).is_file():
        print(f"{site}: no site built here: build it first (make build)", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: `make browser` installs chromium", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else site / "playbook.pdf"
    printed = write_pdf(site, out, tuple(args.skip) if args.skip else SKIP)
    print(f"{out}: {printed.pages} pages, {len(printed.first_pages)} chapters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
