"""The print book's pages: taken from the built site in navigation order, ids kept apart,
links kept inside the book."""

from __future__ import annotations

import json
from pathlib import Path

from macros.publish.printbook import CSP, READING_ORDER, Book, book_html, chapters, reading_order


def _page(site: Path, url: str, article: str) -> None:
    file = site / url / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        f'<html><body><article class="md-content__inner md-typeset">{article}</article>'
        "</body></html>",
        encoding="utf-8",
    )


def _site(tmp_path: Path) -> Path:
    _page(tmp_path, "", '<h1>Home</h1><p><a href="kb/a/#levels">levels</a></p>')
    _page(
        tmp_path,
        "kb/a",
        '<a href="https://example.org/edit" class="md-content__button md-icon">edit</a>'
        '<nav class="md-tags"><a href="../../tags/">x</a></nav>'
        '<h1 id="a">A <a class="headerlink" href="#a">¶</a></h1>'
        '<h2 id="levels">Levels</h2><svg><pattern id="hatch"/><rect fill="url(#hatch)"/></svg>'
        '<label for="tick">t</label><input id="tick"><p aria-describedby="levels other">x</p>'
        '<a href="../b/">b</a> <a href="../../schedule.json">json</a> <a href="#levels">up</a>'
        '<img src="../../logo.png" alt="">',
    )
    _page(tmp_path, "kb/b", "<h1>B</h1>")
    (tmp_path / "schedule.json").write_text("{}", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"png")
    order = ["", "kb/a/", "gone/", "kb/b/"]  # the build's record; a page since removed
    (tmp_path / READING_ORDER).write_text(json.dumps(order), encoding="utf-8")
    return tmp_path


def test_the_order_is_the_builds_and_skips_what_is_not_there(tmp_path: Path) -> None:
    assert reading_order(_site(tmp_path)) == ["", "kb/a/", "kb/b/"]


def test_ids_get_the_chapters_prefix_and_links_stay_in_the_book(tmp_path: Path) -> None:
    site = _site(tmp_path)
    home, a, b = chapters(site, ["", "kb/a/", "kb/b/"], "https://site.example/play/")
    assert (home.title, a.title, b.title) == ("Home", "A", "B")
    assert 'href="#p1-levels"' in home.body  # to another chapter's heading
    body = a.body
    assert "md-content__button" not in body  # screen-only furniture is gone
    assert "md-tags" not in body
    assert "headerlink" not in body
    assert 'id="p1-levels"' in body
    assert 'fill="url(#p1-hatch)"' in body
    assert 'for="p1-tick"' in body
    assert 'aria-describedby="p1-levels other"' in body  # an id not on the page is kept
    assert 'href="#p2"' in body  # the next chapter
    assert 'href="#p1-levels"' in body
    # a download goes to the published site; an image prints from the disk
    assert 'href="https://site.example/play/schedule.json"' in body
    assert f'src="{(site / "logo.png").resolve().as_uri()}"' in body


def test_the_book_has_a_title_page_and_numbered_contents(tmp_path: Path) -> None:
    site = _site(tmp_path)
    parts = chapters(site, ["", "kb/a/"], "https://site.example/")
    book = Book(title="Project <x>", subtitle="Site", date="2 December 2026", address="a")
    page = book_html(book, parts, ["file:///main.css"], {"": 3, "kb/a/": 5})
    assert "<h1>Project &lt;x&gt;</h1>" in page
    assert "Status as of 2 December 2026" in page
    assert '<a href="#p1">A</a><span class="op-dots"></span><span class="op-page">5' in page
    assert page.index('id="p0"') < page.index('id="p1"')
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "script-src 'none'" in CSP
