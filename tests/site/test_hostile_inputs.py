"""Hostile plan values, file names, links and front matter build to inert text or stop.

The sample plan with every free-text value turned into a payload (template syntax, HTML,
Markdown links and attribute lists) must build, and no page may hold a live handler, a
`javascript:` link, a script that is not the theme's, or an evaluated expression.
"""

from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.plan.reader import MappingNode, Node, ScalarNode, SequenceNode, compose_text
from tests.conftest import SAMPLE_PLAN, Build, make_site, run_build

PAYLOAD = (
    " <img src=x onerror=alert(1)> [x](javascript:alert(1)) {: onclick=alert(1) }"
    " {{ 7*1979 }} {% raw %} *e* `c` </title><script>alert(1)</script> &amp; | ~"
)
"""Appended to every free-text value (so that terms, aliases and ids stay distinct)."""
WORD_PAYLOAD = " <img src=x onerror=alert(1)> {{ 7*1979 }} <script>alert(1)</script>"
"""Appended to glossary words instead: a term or an alias is at most 100 characters
(`macros.plan.checks.MAX_TERM`), and the sample's longest has 28."""

TEXT_KEYS = frozenset(
    {"name", "title", "description", "person", "notes", "contact", "definition", "text", "area"}
)
"""Free-text fields of the plan files; `term`, `aliases`, `see_also` and `not_in` go together."""
GLOSSARY_WORDS = frozenset({"term", "aliases", "see_also", "not_in"})


def _text_scalars(node: Node, key: str = "") -> list[ScalarNode]:
    """The free-text scalars under `node`, with `key` the mapping key it is the value of."""
    if isinstance(node, ScalarNode):
        return [node] if key in TEXT_KEYS | GLOSSARY_WORDS or key.startswith("context.") else []
    if isinstance(node, SequenceNode):
        return [s for item in node.value for s in _text_scalars(item, key)]
    if isinstance(node, MappingNode):
        found = []
        for key_node, value in node.value:
            name = str(key_node.value)
            if key == "context":
                name = f"context.{name}"
            found += _text_scalars(value, name)
        return found
    return []


def _word_scalars(node: Node, key: str = "") -> list[ScalarNode]:
    """The glossary words under `node`: terms, aliases and the terms `see_also` names."""
    if isinstance(node, ScalarNode):
        return [node] if key in GLOSSARY_WORDS else []
    if isinstance(node, SequenceNode):
        return [s for item in node.value for s in _word_scalars(item, key)]
    if isinstance(node, MappingNode):
        return [s for k, value in node.value for s in _word_scalars(value, str(k.value))]
    return []


def hostile_plan(directory: Path) -> Path:
    """A copy of the sample plan with `PAYLOAD` added to every free-text value
    (`WORD_PAYLOAD` to glossary words)."""
    directory.mkdir(parents=True)
    for source in SAMPLE_PLAN.glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        root = compose_text(text, source)
        assert root is not None
        words = {s.start_mark.index for s in _word_scalars(root)}
        for scalar in sorted(_text_scalars(root), key=lambda n: -n.start_mark.index):
            start, end = scalar.start_mark.index, scalar.end_mark.index
            tail = "\n" if text[start:end].endswith("\n") else ""
            payload = WORD_PAYLOAD if start in words else PAYLOAD
            text = text[:start] + json.dumps(scalar.value + payload) + tail + text[end:]
        (directory / source.name).write_text(text, encoding="utf-8")
    return directory


class _LiveMarkup(HTMLParser):
    """Collects what in a page could run: handlers, script URLs, scripts, stray images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "xlink:href") and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.found.append(f"<script>{data[:40]}")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("hostile")
    plan = hostile_plan(root / "plan")
    build = run_build(Path(__file__).resolve().parents[2] / "mkdocs.yml", root / "site", plan)
    assert build.returncode == 0, build.output
    return build


def test_every_free_text_value_of_the_sample_is_hostile(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path / "plan")
    from macros.plan.loader import load_plan

    loaded, _ = load_plan(plan)
    assert loaded.project.name.endswith(PAYLOAD)
    assert all(
        r.title.endswith(PAYLOAD) and r.person.endswith(PAYLOAD) for r in loaded.roles if r.person
    )
    assert all(t.term.endswith(WORD_PAYLOAD) for t in loaded.terms)
    assert all(a.endswith(WORD_PAYLOAD) for t in loaded.terms for a in t.aliases)
    assert all(i.text.endswith(PAYLOAD) for c in loaded.checklists for i in c.items)


def test_no_page_of_the_hostile_plan_holds_live_markup(hostile_build: Build) -> None:
    pages = sorted(hostile_build.site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        parser = _LiveMarkup()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        assert parser.found == [], page
        # the expressions in the values are shown, never evaluated (7*1979: a number no
        # page holds by chance, as slack, a count or a day could be 49)
        assert "13853" not in html, page


def test_the_hostile_values_are_shown_as_text(hostile_build: Build) -> None:
    home = hostile_build.html("index.html")
    # the heading from `project.name`, escaped for Markdown: still exactly the text
    assert "&lt;img src=x onerror=alert(1)&gt; &#91;x&#93;(javascript:alert(1))" in home
    assert "&#123;&#123; 7&#42;1979 &#125;&#125;" in home
    role = hostile_build.html("plan/roles/key-contact/index.html")
    title = role.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title, title
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "{{ 7*1979 }}" in hostile_build.html("plan/timeline/index.html")


def test_search_results_show_the_hostile_values_as_text(hostile_build: Build) -> None:
    index = json.loads(hostile_build.html("search/search_index.json"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert "<img src=x" not in doc[field], doc["location"]
            assert "<script>" not in doc[field], doc["location"]


# -- files and front matter ----------------------------------------------------------------


def test_a_link_out_of_the_repository_is_refused_and_nothing_is_published(tmp_path: Path) -> None:
    config = make_site(tmp_path / "s", {"index.md": "# Home\n"})
    (tmp_path / "s" / "docs" / "env.txt").symlink_to("/proc/self/environ")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (tmp_path / "s" / "docs" / "linked").symlink_to(outside, target_is_directory=True)
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert "docs/env.txt: env.txt resolves to /proc/" in build.output
    assert "docs/linked/secret.md: secret.md resolves to " in build.output
    assert "outside the repository" in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "env.txt").exists()


def test_a_device_a_huge_page_and_a_file_name_with_markup_are_refused(tmp_path: Path) -> None:
    config = make_site(tmp_path / "s", {"index.md": "# Home\n"})
    docs = tmp_path / "s" / "docs"
    os.mkfifo(docs / "pipe.txt")
    (docs / "huge.md").write_text("# Huge\n\n" + "word " * 1_100_000, encoding="utf-8")
    shutil.copy(docs / "index.md", docs / "<img src=x onerror=alert(1)>.md")
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert "docs/pipe.txt: it is not a regular file" in build.output
    assert "docs/huge.md: the page is 5,500,008 bytes, more than 5,000,000" in build.output
    assert "docs/<img src=x onerror=alert(1)>.md: the file name holds '<', '>'" in build.output
    assert "Traceback" not in build.output


def test_front_matter_text_is_shown_as_text_everywhere(tmp_path: Path) -> None:
    page = (
        "---\ntitle: '</title><script>alert(1)</script><img src=x onerror=alert(1)>'\n"
        "description: '\"><script>alert(2)</script>'\nowner: key-contact\n"
        "reviewed: 2026-11-02\ntags: [x]\n---\n\nBody.\n"
    )
    config = make_site(tmp_path / "s", {"index.md": "# Home\n", "evil.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    for name in ("evil/index.html", "index.html"):  # the page and the navigation to it
        parser = _LiveMarkup()
        parser.feed(build.html(name))
        assert parser.found == [], name
        assert "<script>alert" not in build.html(name)
    assert "&lt;img src=x onerror=alert(1)&gt;" in build.html("index.html")


def test_front_matter_that_makes_the_theme_read_files_is_refused(tmp_path: Path) -> None:
    page = (
        "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [x]\n"
        "template: ../../../etc/passwd\nicon: ../../x\n---\n\n# Evil\n"
    )
    config = make_site(tmp_path / "s", {"index.md": "# Home\n", "evil.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert "docs/evil.md:5:1: `template:` is not supported here" in build.output
    assert "docs/evil.md:6:1: `icon:` is not supported here" in build.output
    assert "Traceback" not in build.output
