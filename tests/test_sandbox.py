"""Pages are templates rendered in a sandbox: a pull request cannot run code in CI."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from conftest import make_site, run_build
from macros.sandbox import PageTemplateError, render_page, sandboxed_copy


def _exploit(marker: Path) -> str:
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def test_the_exploit_runs_in_plain_jinja(tmp_path: Path) -> None:
    """The control: without the sandbox the page below would run a shell command."""
    marker = tmp_path / "ran"
    page = f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
    jinja2.Environment().from_string(page).render()
    assert marker.exists()


def test_the_exploit_is_refused_by_the_sandboxed_copy(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    sandbox = sandboxed_copy(jinja2.Environment())
    with pytest.raises(SecurityError):
        sandbox.from_string(_exploit(marker)).render()
    assert not marker.exists()


def test_a_page_with_the_exploit_fails_the_build_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    page = f"---\ntitle: Evil\n---\n\n# Evil\n\nHello\n\n{_exploit(marker)}\n"
    config = make_site(tmp_path / "s", {"index.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert not marker.exists()
    assert "docs/index.md:9: SecurityError: access to attribute '__init__'" in build.output
    assert "not Python internals; remove that expression" in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_literal_braces_stay_writable(tmp_path: Path) -> None:
    pages = {
        "index.md": (
            "# Braces\n\n```jinja\n{% raw %}Hello {{ customer.name }}{% endraw %}\n```\n\n"
            "Project: {{ project.name }}\n"
        ),
        "off.md": (
            "---\nrender_macros: false\nowner: support-lead\nreviewed: 2027-03-01\ntags: [x]\n"
            "---\n\n# Off\n\n`{{ not_a_variable }}`\n"
        ),
    }
    config = make_site(tmp_path / "s", pages)
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "Hello {{ customer.name }}" in build.html("index.html")
    assert "Project: Northwind Desk" in build.html("index.html")
    assert "{{ not_a_variable }}" in build.html("off/index.html")


def test_undefined_variable_fails_with_page_and_line(tmp_path: Path) -> None:
    front = "---\nowner: key-contact\nreviewed: 2027-03-01\ntags: [x]\n---\n\n"
    page = front + "# Page\n\n{{ projcet.name }}\n"
    config = make_site(tmp_path / "s", {"index.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert "docs/index.md:9: UndefinedError: 'projcet' is undefined" in build.output
    assert "Traceback" not in build.output


def test_a_misspelt_macro_gets_the_name_to_write_instead(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    env = sandboxed_copy(jinja2.Environment(undefined=jinja2.StrictUndefined))
    env.globals["schedule_table"] = lambda: "table"
    with pytest.raises(PageTemplateError) as raised:
        render_page(env, "{{ shedule_table() }}\n", {"plan": None}, page, "page.md")
    assert str(raised.value) == (
        "page.md:1: UndefinedError: 'shedule_table' is undefined: did you mean "
        "'schedule_table'? (every macro and variable a page can use is listed in "
        "docs/editors/writing-pages.md)"
    )
    with pytest.raises(PageTemplateError, match="check the variable or macro name"):
        render_page(env, "{{ zzz }}\n", {"plan": None}, page, "page.md")


def test_compiled_pages_are_reused_only_under_the_same_settings(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    text = "{{ who }} and <% who %> {# note #}<# note #>\n"
    page.write_text(text, encoding="utf-8")
    braces = sandboxed_copy(jinja2.Environment())
    angles = sandboxed_copy(
        jinja2.Environment(
            variable_start_string="<%",
            variable_end_string="%>",
            comment_start_string="<#",
            comment_end_string="#>",
        )
    )
    for _ in range(2):  # the second round comes from the cache
        assert render_page(braces, text, {"who": "<b>"}, page, "page.md") == (
            "&lt;b&gt; and <% who %> <# note #>"
        )
        assert render_page(angles, text, {"who": "Ann"}, page, "page.md") == (
            "{{ who }} and Ann {# note #}"
        )


def test_a_cached_page_still_reports_its_errors(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    text = "line one\n{{ missing.attribute }}\n"
    page.write_text(text, encoding="utf-8")
    env = sandboxed_copy(jinja2.Environment(undefined=jinja2.StrictUndefined))
    for _ in range(2):
        with pytest.raises(PageTemplateError, match=r"page\.md:2: UndefinedError"):
            render_page(env, text, {}, page, "page.md")
