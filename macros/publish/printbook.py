"""The built site as one printable document: a title page, the contents, then every page in
navigation order, each starting on a new sheet (`make pdf` prints it with Chromium).

It reads the site `mkdocs build` wrote, not the Markdown: what prints is what readers see,
plan tables, charts and glossary definitions included. The order is the navigation's, as the
build recorded it (`READING_ORDER`, written by the site's hook; a page cannot change it).
Each page's article is taken whole, less what only works on a screen (edit button, tags,
permalinks); its ids get a per-page prefix, so that two pages' "#the-levels" or two charts'
patterns cannot collide, and links between pages in the book become links inside it; links
to the site's other files (schedule.csv, plan.ics) go to the published site.

The book is as inert as the site: its Content-Security-Policy allows no script and nothing
from anywhere but the site's own files on disk, and `pdf.py` prints it with JavaScript off.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

READING_ORDER = "reading-order.json"
"""The file in the built site that lists its pages' URLs in navigation order."""
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_SCREEN_ONLY = (
    re.compile(r'<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<nav class="md-tags"[^>]*>.*?</nav>', re.DOTALL),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL),
)
_ID = re.compile(r'(\sid=")([^"]+)(")')
_FRAGMENT = re.compile(r'(\s(?:xlink:)?href="#)([^"]+)(")')
_FOR = re.compile(r'(\sfor=")([^"]+)(")')
_URL_REF = re.compile(r"(url\(#)([^)]+)(\))")
_ID_LISTS = re.compile(r'(\saria-(?:labelledby|describedby|controls)=")([^"]+)(")')
_LINK = re.compile(r'(\s(?P<kind>href|src)=")([^"#][^"]*|#)(")')
_BASE = "https://book.invalid/"


@dataclass(frozen=True)
class Chapter:
    """One page of the site in the book."""

    url: str  # the page's path under the site: "", "plan/timeline/"
    title: str
    body: str  # the article's HTML, ids prefixed, links pointing into the book


def reading_order(site: Path) -> list[str]:
    """The site's pages in navigation order, as the build recorded them ("" is the home
    page). Raises FileNotFoundError for a site built without the project's hook."""
    urls = json.loads((site / READING_ORDER).read_text(encoding="utf-8"))
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError(f"{site / READING_ORDER}: not a list of page addresses")
    return [u for u in urls if _page_file(site, u).is_file()]


def _page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def _read(site: Path, url: str) -> str | None:
    file = _page_file(site, url)
    return file.read_text(encoding="utf-8") if file.is_file() else None


def _resolve(page_url: str, href: str) -> tuple[str, str]:
    """(path under the site, fragment) of `href` on the page at `page_url`; the path is
    "" for the home page and starts with "//" for another host."""
    joined = urljoin(_BASE + page_url, href)
    parts = urlsplit(joined)
    if not joined.startswith(_BASE):
        return "//" + joined, ""
    path = parts.path.lstrip("/")
    if path.endswith("index.html"):
        path = path.removesuffix("index.html")
    return path, parts.fragment


def chapters(site: Path, urls: Sequence[str], site_url: str) -> list[Chapter]:
    """The pages at `urls` as chapters: links to one another stay in the book, links to
    other files of the site go to the published site at `site_url`."""
    number = {url: n for n, url in enumerate(urls)}
    out = []
    for n, url in enumerate(urls):
        page = _read(site, url) or ""
        found = _ARTICLE.search(page)
        body = found.group(1) if found else ""
        for pattern in _SCREEN_ONLY:
            body = pattern.sub("", body)
        body = _prefix_ids(body, f"p{n}-")
        body = _LINK.sub(functools.partial(_relink, url, number, site_url, site), body)
        heading = _H1.search(body)
        title = Markup(heading.group(1)).striptags() if heading else url
        out.append(Chapter(url=url, title=title or "Home", body=body))
    return out


def _prefix_ids(body: str, prefix: str) -> str:
    """Every id of the page, and every reference to one, with `prefix`."""
    ids = {m.group(2) for m in _ID.finditer(body)}

    def named(name: str) -> str:
        return prefix + name if name in ids else name

    body = _ID.sub(lambda m: m.group(1) + prefix + m.group(2) + m.group(3), body)
    body = _FRAGMENT.sub(lambda m: m.group(1) + named(m.group(2)) + m.group(3), body)
    body = _FOR.sub(lambda m: m.group(1) + named(m.group(2)) + m.group(3), body)
    body = _URL_REF.sub(lambda m: m.group(1) + named(m.group(2)) + m.group(3), body)
    return _ID_LISTS.sub(
        lambda m: m.group(1) + " ".join(named(i) for i in m.group(2).split()) + m.group(3),
        body,
    )


def _relink(
    page_url: str, number: Mapping[str, int], site_url: str, site: Path, m: re.Match[str]
) -> str:
    where = _target(page_url, m.group(3), number, site_url, site, local=m.group("kind") == "src")
    return m.group(1) + where + m.group(4)


def _target(
    page_url: str,
    href: str,
    number: Mapping[str, int],
    site_url: str,
    site: Path,
    *,
    local: bool,
) -> str:
    """Where a link (or, `local`, an image's source) of the page at `page_url` points in
    the book: another chapter, the file on disk for an image, else the published site."""
    if href == "#" or re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
        return href  # http:, mailto:, data:, and the like
    path, fragment = _resolve(page_url, html.unescape(href))
    if path.startswith("//"):
        return href
    if path in number:
        return f"#p{number[path]}-{fragment}" if fragment else f"#p{number[path]}"
    if local and (site / path).is_file() and (site / path).resolve().is_relative_to(site.resolve()):
        return html.escape((site / path).resolve().as_uri())  # an image: printed from disk
    return html.escape(site_url.rstrip("/") + "/" + path + (f"#{fragment}" if fragment else ""))


@dataclass(frozen=True)
class Book:
    """What the title page says."""

    title: str
    subtitle: str
    date: str
    address: str


CSP = (
    "default-src 'none'; script-src 'none'; style-src file: 'unsafe-inline'; "
    "img-src file: data:; font-src file: data:; base-uri 'none'; form-action 'none'"
)
"""The book's policy: the site's stylesheets and images from disk, nothing else at all."""

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm; }
html, body { background: #fff; height: auto; }
body { margin: 0; display: block !important; }  /* Material's flex body would not break pages */
.md-typeset { font-size: 10.5pt; line-height: 1.5; }
.md-typeset h1 { font-size: 20pt; margin: 0 0 0.8em; color: #000; }
.md-typeset h2 { font-size: 14pt; }
.md-typeset h3 { font-size: 12pt; }
.op-chapter { break-before: page; }
.op-titlepage { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.op-titlepage h1 { font-size: 28pt; margin-bottom: 0.3em; }
.op-titlepage p { font-size: 13pt; margin: 0.2em 0; }
.op-contents { break-before: page; }
.op-contents ol { list-style: none; padding: 0; margin: 0; }
.op-contents li { display: flex; gap: 0.5em; margin: 0.15em 0; }
.op-contents li a { color: #000; text-decoration: none; }
.op-contents li .op-dots { flex: 1; border-bottom: 1px dotted #888; margin-bottom: 0.3em; }
.op-contents .op-depth-1 { padding-left: 1.2em; }
.op-contents .op-depth-2 { padding-left: 2.4em; }
.op-contents .op-tab { font-weight: 700; margin-top: 0.6em; }
.md-typeset a { color: #1a3a8a; }
.md-typeset__scrollwrap, .md-typeset__table { overflow: visible !important; display: block; }
.md-typeset table:not([class]) { font-size: 9pt; display: table; width: 100%; }
.md-typeset tr, .md-typeset img, .md-typeset pre, .admonition { break-inside: avoid; }
.md-typeset h2, .md-typeset h3 { break-after: avoid; }
/* The chart on a landscape sheet of its own: the widest the paper allows. */
@page chart { size: A4 landscape; margin: 12mm; }
.op-gantt-wrap { page: chart; }
/* Nothing wider than the sheet: one wide table would make Chromium shrink the whole book. */
.md-typeset table { max-width: 100%; }
.md-typeset table.op-schedule { font-size: 7.5pt; }
.md-typeset table.op-schedule th, .md-typeset table.op-schedule td {
  white-space: normal !important; min-width: 0 !important; padding: 0.3em 0.4em;
}
.op-gantt { overflow: visible !important; border: 0 !important; }
.op-gantt svg.op-gantt-svg, .md-typeset .op-gantt svg.op-gantt-svg {
  width: 100% !important; height: auto !important; max-width: 100% !important;
}
.headerlink, .md-content__button, .md-source-file, .op-screen-only, .md-clipboard,
.op-clear-ticks { display: none !important; }
"""


def book_html(
    book: Book,
    parts: Sequence[Chapter],
    stylesheets: Iterable[str],
    first_pages: Mapping[str, int] | None = None,
) -> str:
    """The whole book as one HTML document; `first_pages` (url -> page number) fills the
    contents' page numbers (a first pass leaves them blank, to count the pages)."""
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(s)}">' for s in stylesheets)
    toc = []
    for n, part in enumerate(parts):
        depth = min(max(part.url.count("/") - 1, 0), 2)
        cls = "op-tab" if depth == 0 else f"op-depth-{depth}"
        page = "" if first_pages is None else str(first_pages.get(part.url, ""))
        toc.append(
            f'<li class="{cls}"><a href="#p{n}">{html.escape(part.title)}</a>'
            f'<span class="op-dots"></span><span class="op-page">{page or "&nbsp;&nbsp;&nbsp;"}'
            "</span></li>"
        )
    body = "\n".join(
        f'<section class="op-chapter" id="p{n}">\n{part.body}\n</section>'
        for n, part in enumerate(parts)
    )
    return f"""<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{html.escape(book.title)}</title>
{links}
<style>{PRINT_CSS}</style></head>
<body data-md-color-scheme="default"><div class="md-typeset">
<section class="op-titlepage"><h1>{html.escape(book.title)}</h1>
<p>{html.escape(book.subtitle)}</p><p>Status as of {html.escape(book.date)}</p>
<p class="op-muted">{html.escape(book.address)}</p></section>
<section class="op-contents"><h1>Contents</h1><ol>
{chr(10).join(toc)}
</ol></section>
{body}
</div></body></html>
"""
