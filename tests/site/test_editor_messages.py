"""What an editor reads when a link or a tag is wrong: the file, line and column, and the
page or tag meant. Each case is a small site built as `mkdocs build --strict` would."""

from __future__ import annotations

from pathlib import Path

from macros.mkdocs.link_messages import Messages, Site, closest_page, position
from tests.conftest import make_site, run_build

FRONT = "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [{}]\n---\n\n"
STRICT_LINKS = (
    "validation:\n  links:\n    not_found: warn\n    anchors: warn\n    unrecognized_links: warn\n"
)


def _build(tmp_path: Path, pages: dict[str, str]) -> str:
    config = make_site(tmp_path / "s", pages)
    config.write_text(config.read_text(encoding="utf-8") + STRICT_LINKS, encoding="utf-8")
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1, build.output  # strict: each of these fails the build
    return build.output


def test_a_broken_link_names_its_line_and_the_page_meant(tmp_path: Path) -> None:
    out = _build(
        tmp_path,
        {
            "index.md": FRONT.format("a") + "# Home\n\nSee [the levels](kb/escalaton.md).\n"
            "Or [here](kb/escalation.md#the-levls), [there](nowhere/).\n"
            "![Logo](img/logo.png) [up](#the-tops)\n",
            "kb/escalation.md": FRONT.format("a") + "# Escalation\n\n## The levels\n\nText.\n",
        },
    )
    assert (
        "docs/index.md:9:18: the link 'kb/escalaton.md' leads to no page: did you mean "
        "'kb/escalation.md'?" in out
    )
    assert (
        "docs/index.md:10:11: the link 'kb/escalation.md#the-levls' leads to a heading "
        "'#the-levls' that docs/kb/escalation.md does not have: did you mean '#the-levels'?" in out
    )
    assert "docs/index.md:10:48: the link 'nowhere/' leads to no page" in out
    assert (  # not a page: no page is suggested for it
        "docs/index.md:11:9: the link 'img/logo.png' leads to no file: check the path" in out
    )
    assert (
        "docs/index.md:11:28: the link '#the-tops' leads to a heading '#the-tops' that this "
        "page does not have" in out
    )
    assert "Doc file" not in out  # MkDocs' own wording is replaced, not repeated


def test_a_misspelt_tag_gets_the_tag_meant(tmp_path: Path) -> None:
    out = _build(
        tmp_path,
        {
            "index.md": FRONT.format("escalation") + "# Home\n",
            "a.md": FRONT.format("escalation, agents") + "# A\n",
            "b.md": "---\nowner: key-contact\nreviewed: 2026-11-02\ntags:\n  - agents\n"
            "  - escalaton\n---\n\n# B\n",
        },
    )
    assert (
        "docs/b.md:6:5: the tag 'escalaton' is on no other page: did you mean 'escalation'?" in out
    )


def test_positions_and_the_closest_page() -> None:
    text = "# T\n\nA [link](b.md) and\n[ref]:  c.md\n[x](a.md#x-y) [y](a.md#x)\n"
    assert position(text, "b.md") == (3, 10)
    assert position(text, "c.md") == (4, 9)
    assert position(text, "a.md#x") == (5, 19)  # whole, not the start of a longer target
    assert position(text, "zzz.md") == (1, 1)
    pages = ["index.md", "kb/escalation.md", "kb/tools.md", "plan/holidays.md"]
    assert closest_page("kb/escalaton.md", pages) == "kb/escalation.md"
    assert closest_page("holidays.md", pages) == "plan/holidays.md"  # same name, elsewhere
    assert closest_page("kb/tools", pages) == "kb/tools.md"
    assert closest_page("x.md", []) is None
    assert closest_page("kb/nothere.md", pages) is None  # a shared folder is no likeness
    assert closest_page("img/logo.png", pages) is None  # not a page at all


def test_a_message_of_another_kind_passes_unchanged(tmp_path: Path) -> None:
    site = Site(tmp_path, lambda s: f"docs/{s}", ["a.md"], lambda s: None, lambda s: [])
    assert Messages(site).rewrite("Doc file 'a.md' contains something else.") is None
