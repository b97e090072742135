"""Macro HTML goes into pages through Python-Markdown's stash, whole (macros/mkdocs/blocks.py)."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from macros.mkdocs.blocks import Blocks, BlocksExtension, search_separated
from tests.conftest import Build, make_site, run_build


def _markdown(blocks: Blocks, text: str) -> str:
    return markdown.markdown(text, extensions=[BlocksExtension(blocks), "admonition"])


def test_blocks_come_back_in_place_and_unchanged_through_markdown_s_stash() -> None:
    blocks = Blocks()
    chart_html = '<div><svg role="img"><title>a < b</title></svg></div>'
    chart = blocks.put(chart_html + "\n")
    table = blocks.put("<table><tr><td>1</td></tr></table>")
    html = _markdown(blocks, f"Before\n\n{chart}\n\nBetween\n\n{table}\n\n## After\n")
    assert '<svg role="img"><title>a < b</title></svg>' in html  # not parsed again
    # byte for byte the page Markdown makes of the same HTML written in place
    written = '<div><svg role="img"><title>a &lt; b</title></svg></div>'
    expected = markdown.markdown(
        f"Before\n\n{written}\n\nBetween\n\n<table><tr><td>1</td></tr></table>\n\n## After\n"
    )
    assert html == expected.replace("a &lt; b", "a < b")


def test_asides_stay_out_of_the_content_until_the_page_is_finished() -> None:
    blocks = Blocks()
    placeholder = blocks.aside(Markup("<svg><text>Mon</text></svg>"))
    content = _markdown(blocks, f"Text\n\n{blocks.put(placeholder)}\n")
    assert "<svg" not in content  # what search and the glossary marker read
    assert blocks.restore_asides(content) == "<p>Text</p>\n<svg><text>Mon</text></svg>"
    # a page cannot forge one: the placeholder carries a key of this build only
    forged = str(placeholder).replace(str(placeholder).split('"')[1], "0-0")
    assert blocks.restore_asides(forged) == forged


def test_a_block_in_an_admonition_stays_in_it() -> None:
    blocks = Blocks()
    table = blocks.put("<table><tr><td>1</td></tr></table>")
    html = _markdown(blocks, f'!!! note "Who"\n\n    {table}\n\nAfter\n')
    note = html.split('<div class="admonition note">', 1)[1]
    assert note.startswith('\n<p class="admonition-title">Who</p>\n<table>')
    assert "<p>After</p>" in html


def test_a_page_cannot_write_a_placeholder_of_its_own() -> None:
    blocks = Blocks()
    blocks.put("<p>secret</p>")
    forged = '<div data-op-block="0"></div>\n\n`<div data-op-block="0"></div>`\n'
    html = _markdown(blocks, forged)
    assert "secret" not in html  # what the page wrote stays what it is
    assert '<div data-op-block="0"></div>' in html


def test_a_block_inside_a_line_is_refused_with_what_to_write() -> None:
    blocks = Blocks()
    table = blocks.put("<table><tr><td>1</td></tr></table>")
    for text in (f"See {table} here", f"# Title {table}", f"[x]({table})", f"`{table}`"):
        with pytest.raises(PluginError, match="on a line of its own"):
            _markdown(blocks, text + "\n")


def test_a_block_in_a_code_block_stays_code() -> None:
    blocks = Blocks()
    table = blocks.put("<table><tr><td>1</td></tr></table>")
    html = markdown.markdown(
        f"```text\n{table}\n```\n", extensions=[BlocksExtension(blocks), "pymdownx.superfences"]
    )
    assert "<table>" not in html
    assert "&lt;div data-op-block=" in html


def test_no_placeholder_is_left_in_the_built_site(sample_site: Build) -> None:
    pages = list(sample_site.site.rglob("*.html"))
    assert len(pages) > 40
    left = [p for p in pages if "data-op-block" in p.read_text(encoding="utf-8")]
    assert left == []
    timeline = sample_site.html("plan/timeline/index.html")
    assert "<svg" in timeline
    assert "<table" in timeline


def test_charts_are_on_the_page_but_not_in_the_search_index(sample_site: Build) -> None:
    timeline = sample_site.html("plan/timeline/index.html")
    assert 'class="op-gantt-svg" role="img"' in timeline
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    docs = {d["location"]: d["text"] for d in index["docs"]}
    assert "<svg" not in docs["plan/timeline/"]
    assert "Timeline of" not in docs["plan/timeline/"]  # the chart's title
    assert "Joint kickoff meeting" in docs["plan/timeline/#schedule"]  # the table is indexed
    holidays = sample_site.html("plan/holidays/index.html")
    assert "MonTueWedThuFriSatSun" not in "".join(docs.values())
    assert 'class="op-cal-month"' in holidays


def test_tables_that_repeat_the_schedule_are_not_search_results(sample_site: Build) -> None:
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    docs = {d["location"]: d["text"] for d in index["docs"]}
    kickoff = [where for where, text in docs.items() if "Joint kickoff meeting" in text]
    assert "plan/timeline/#schedule" in kickoff
    assert not [where for where in kickoff if where.startswith(("plan/roles/", "plan/raci/"))]
    assert "Maya Thornton" in docs["plan/roles/key-contact/"]  # the role itself is found
    role = sample_site.html("plan/roles/key-contact/index.html")
    assert '<table class="op-role-tasks">' in role
    assert "Joint kickoff meeting" in role
    assert '<table class="op-raci-table">' in sample_site.html("plan/raci/index.html")


def test_a_macro_in_an_admonition_a_list_or_after_text_stays_where_it_was(
    tmp_path: Path,
) -> None:
    config = make_site(
        tmp_path / "project",
        {
            "index.md": (
                '# Home\n\n!!! note "Who"\n\n    {{ roles_index() }}\n\n'
                "- Roles:\n\n    {{ roles_index() }}\n\n"
                "Some text\n{{ roles_index() }}\nMore text\n"
            )
        },
    )
    with config.open("a", encoding="utf-8") as file:
        file.write("markdown_extensions:\n  - admonition\n")
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    html = build.html("index.html")
    assert "data-op-block" not in html
    table = '<table class="op-roles op-no-glossary">'
    assert html.count(table) == 3
    note = html.split('<div class="admonition note">', 1)[1].split("</div>", 1)[0]
    assert f'<p class="admonition-title">Who</p>\n{table}' in note
    item = html.split("<li>", 1)[1].split("</li>", 1)[0]
    assert f"<p>Roles:</p>\n{table}" in item
    assert "<p>" + table not in html
    assert html.index("Some text") < html.rindex(table) < html.index("More text")


def test_table_cells_and_line_breaks_are_separate_words_for_search() -> None:
    html = "<tr><th>Role</th><th scope=col>Person</th></tr><tr><td>A<br/>B</td><td>C</td></tr>"
    assert search_separated(html) == (
        "<tr><th>Role</th>\n<th scope=col>Person</th></tr>\n<tr><td>A<br/>\nB</td>\n<td>C</td></tr>"
    )
    assert search_separated("<td>A</td>\n<td>B<br>\n</td>") == "<td>A</td>\n<td>B<br>\n</td>"


def test_the_search_index_does_not_run_table_cells_together(sample_site: Build) -> None:
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    texts = {d["location"]: d["text"] for d in index["docs"]}
    assert "Role Person Site E-mail Phone" in " ".join(texts["plan/contacts/"].split())
    schedule = " ".join(texts["plan/timeline/#schedule"].split())
    assert "Task Status Phase Start End Variance Duration" in schedule
    assert not any("RolePerson" in text or "TaskPhase" in text for text in texts.values())


@pytest.mark.parametrize(
    "text", ["# Plan\n\nThe table {{ schedule_table() }} here.\n", "# Home {{ month_grid() }}\n"]
)
def test_a_block_macro_inside_text_stops_the_build_naming_the_page(
    tmp_path: Path, text: str
) -> None:
    config = make_site(tmp_path, {"index.md": text})
    build = run_build(config, tmp_path / "site")
    assert build.returncode != 0
    assert "index.md" in build.output
    assert "on a line of its own" in build.output
    assert "Traceback" not in build.output
