"""Every internal link and anchor of the built sample site resolves.

Each HTML file of the site is parsed (`html.parser`); the `href` of `a` and `link` and the
`src` of `script` and `img` are checked, as are `url(#id)` references inside attributes
(the SVG charts' patterns and clip paths). A URL with a scheme (`https:`, `mailto:`,
`tel:`, `data:`, ...) or starting with `//` points elsewhere and is not checked here.
Everything else is resolved against the page's own URL, as a browser would: it must name a
file of the site (a directory URL: its `index.html`), and its `#fragment` an element of that
page with that `id` (or an `<a name=...>`).

Nothing else is skipped: Material's search builds its `?q=` links in the browser, so they
are not in the HTML; a query string in a static link would be ignored by the check of the
file it names, as a static host ignores it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import Build
from tests.helpers import site_path

CHECKED = {"a": "href", "link": "href", "script": "src", "img": "src"}
URL_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)")


@dataclass
class Page:
    """What one HTML file links to and which anchors it offers."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, URL)
    anchors: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)  # url(#id) inside attributes


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.anchors.add(values["name"])
        attribute = CHECKED.get(tag)
        if attribute and attribute in values:
            self.page.links.append((tag, values[attribute]))
        for value in values.values():
            self.page.references.update(URL_REFERENCE.findall(value))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def base_path() -> str:
    """The path the site is served under: that of `site_url`, else the domain's root."""
    return site_path()


def is_internal(url: str) -> bool:
    return not (urlsplit(url).scheme or url.startswith("//"))


def target_of(page: str, url: str, base: str = "/") -> str | None:
    """The site file `url` on `page` (both relative to the site) names, or None outside it."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page  # only a fragment (or a query): this page
    if path.startswith("/"):
        if not path.startswith(base):
            return None  # above the site's root
        resolved = posixpath.normpath(path[len(base) :] or ".")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved.startswith(".."):
        return None
    if path.endswith("/") or resolved == ".":
        resolved = posixpath.join(resolved, "index.html")
    return posixpath.normpath(resolved)


PUBLISHED_AFTER_BUILD = {"playbook.pdf"}
"""Files the publish workflow adds to the built site (`make pdf`): linked, not built."""


def broken_links(site: Path, base: str = "/") -> Iterator[str]:
    """Each internal link of the site that does not resolve, as `page: URL (why)`."""
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    for name, page in pages.items():
        for tag, url in page.links:
            if not is_internal(url):
                continue
            target = target_of(name, url, base)
            if target is None:
                yield f"{name}: <{tag}> {url} (outside the site, served under {base})"
                continue
            if (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site / target).is_file() and target not in PUBLISHED_AFTER_BUILD:
                yield f"{name}: <{tag}> {url} (no file {target})"
                continue
            fragment = unquote(urlsplit(url).fragment)
            if not fragment or (fragment == "top" and tag == "a"):
                continue  # "#" and "#top" mean the top of the page in every browser
            if target not in pages:
                yield f"{name}: <{tag}> {url} (#{fragment} on {target}, which is no HTML page)"
            elif fragment not in pages[target].anchors:
                yield f"{name}: <{tag}> {url} (no id {fragment!r} on {target})"
        for reference in sorted(page.references - page.anchors):
            yield f"{name}: url(#{reference}) (no id {reference!r} on the page)"


def test_every_internal_link_and_anchor_resolves(sample_site: Build) -> None:
    pages = [parse(p) for p in sample_site.site.rglob("*.html")]
    internal = [url for page in pages for _, url in page.links if is_internal(url)]
    assert len(internal) > 1000, "the parser found too few links to check"
    assert sum("#" in url for url in internal) > 100, "too few anchors to check"
    broken = list(broken_links(sample_site.site, base_path()))
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:100])


def test_the_check_finds_broken_links(tmp_path: Path) -> None:
    """The checker itself: a missing file, a missing anchor and a link above the site."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "index.html").write_text(
        '<h1 id="top-heading">Home</h1><a name="old"></a>'
        '<a href="docs/">ok</a><a href="#top-heading">ok</a><a href="#old">ok</a>'
        '<a href="mailto:x@example.com">skipped</a><a href="https://example.com/x">skipped</a>'
        '<a href="missing/">missing file</a><a href="docs/#nowhere">missing anchor</a>'
        '<img src="/img.png"><script src="../up.js"></script>'
        '<svg><rect fill="url(#hatch)"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "img.png").write_bytes(b"")
    (tmp_path / "docs" / "index.html").write_text(
        '<a href="../index.html#top-heading">ok</a>', encoding="utf-8"
    )
    assert list(broken_links(tmp_path)) == [
        "index.html: <a> missing/ (no file missing/index.html)",
        "index.html: <a> docs/#nowhere (no id 'nowhere' on docs/index.html)",
        "index.html: <script> ../up.js (outside the site, served under /)",
        "index.html: url(#hatch) (no id 'hatch' on the page)",
    ]


def test_root_relative_urls_match_where_the_site_is_served(sample_site: Build) -> None:
    """A URL starting with / only works if the site is served from the domain's root.

    Without `site_url` MkDocs writes the 404 page's links that way (it may be shown at any
    depth). GitHub Pages serves a project's site under /<repository>/, where they all miss:
    setting `site_url` makes MkDocs write them under its path (and fills the sitemap).
    """
    base = base_path()
    rooted = sorted(
        {
            f"{p.relative_to(sample_site.site).as_posix()}: {url}"
            for p in sample_site.site.rglob("*.html")
            for _, url in parse(p).links
            if is_internal(url) and url.startswith("/")
        }
    )
    if base != "/":
        rooted = [line for line in rooted if not line.split(": ", 1)[1].startswith(base)]
        assert rooted == [], f"root-relative URLs outside {base}:\n" + "\n".join(rooted)
        return
    assert rooted == [], (
        f"{len(rooted)} root-relative URLs, but mkdocs.yml has no site_url to say the site "
        "is served from the domain's root; set site_url to the published address:\n"
        + "\n".join(rooted[:20])
    )


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("index.html", ".", "index.html"),
        ("index.html", "plan/", "plan/index.html"),
        ("plan/index.html", "../", "index.html"),
        ("plan/index.html", "timeline/#task-x", "plan/timeline/index.html"),
        ("plan/index.html", "../schedule.csv", "schedule.csv"),
        ("plan/index.html", "#x", "plan/index.html"),
        ("plan/index.html", "/assets/a.css", "assets/a.css"),
        ("plan/index.html", "../../x", None),
    ],
)
def test_target_of(page: str, url: str, expected: str | None) -> None:
    assert target_of(page, url) == expected
