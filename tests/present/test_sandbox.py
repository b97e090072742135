"""Pages are data-only templates: no code, no files, no secrets, no runaway page.

Every payload below is what a hostile pull request could put in a page. Each must stop the
page with a located message naming what is wrong, run nothing, read nothing and leak
nothing; the canary checks prove the "nothing" part.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from macros.mkdocs.events import PageInfo
from macros.plan.loader import load_plan
from macros.present.sandbox import PageLimits, PageSandbox, PageTemplateError, render_page
from macros.schedule.result import compute
from tests.conftest import SAMPLE_PLAN, make_site, run_build

CANARY = "op-canary-6c1f0e"
"""A value put in the environment of every render here: no output may ever contain it."""


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    """What a page sees in a real build, with a stand-in macro."""
    plan, warnings = load_plan(SAMPLE_PLAN)
    result = compute(plan, warnings)
    return {
        "plan": plan,
        "project": plan.project,
        "schedule": result.schedule,
        "today": date(2026, 12, 2),
        "site_name": "Site",
        "site_url": "https://example.com/",
        "page": PageInfo("Title", "page/", "page.md", {"owner": "key-contact", "tags": ["x"]}),
        "dashboard": lambda: Markup("<b>dashboard</b>"),
    }


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory the payloads aim to write into, and a secret in the environment."""
    monkeypatch.setenv("OP_CANARY_SECRET", CANARY)
    folder = tmp_path / "canary"
    folder.mkdir()
    return folder


def render(text: str, context: dict[str, Any], limits: PageLimits | None = None) -> str:
    return render_page(PageSandbox(limits), text, context, "docs/page.md")


def _payloads(canary: Path) -> list[tuple[str, str]]:
    """(page text, what the message must say)."""
    touch = f"'touch {canary}/ran'"
    env = "'/proc/self/environ'"
    return [
        # MkDocs' config and its theme's unsandboxed environment are not in a page's reach
        (
            "{{ config.theme.get_env().from_string('{{ 7*7 }}').render() }}",
            "'config' is undefined",
        ),
        ("{{ cycler.__init__.__globals__.os.popen(" + touch + ").read() }}", "internal"),
        ("{{ joiner.__init__.__globals__ }}", "internal"),
        ("{{ namespace.__init__.__globals__.sys }}", "internal"),
        ("{{ range.__globals__ }}", "internal"),
        ("{{ self._TemplateReference__context }}", "internal"),
        ("{{ dashboard.__globals__ }}", "internal"),
        ("{{ project.name.__class__.__mro__ }}", "internal"),
        ("{{ plan.role.__func__.__globals__ }}", "internal"),
        ("{{ plan | attr('__class__') }}", "internal"),
        ("{{ plan.tasks | map(attribute='__class__') | list }}", "internal"),
        # no Path, no location, no file object anywhere
        ("{{ plan.directory.joinpath(" + env + ").read_text() }}", "no 'directory'"),
        ("{{ plan.tasks[0].loc.path.read_text() }}", "no 'loc'"),
        ("{{ plan.tasks[0].locs }}", "no 'locs'"),
        ("{{ (plan.sites.values() | first).loc }}", "no 'loc'"),
        ("{{ schedule['go-live'].task.loc.path }}", "no 'loc'"),
        ("{{ plan | attr('directory') }}", "no 'directory'"),
        ("{{ plan.tasks | map(attribute='loc') | list }}", "no 'loc'"),
        ("{{ today.fromordinal(1) }}", "no 'fromordinal'"),
        ("{{ dict.fromkeys(range(10), 1) }}", "no 'fromkeys'"),
        ("{{ project.name.format(project) }}", "no 'format'"),
        ("{{ project.name.encode() }}", "no 'encode'"),
        ("{{ plan.roles.append(1) }}", "has no attribute 'append'"),
        ("{{ page.meta.update(owner='x') }}", "has no attribute 'update'"),
        # no files: no include, import or extends
        ("{% include '/etc/passwd' %}", "pages cannot include or import files"),
        ("{% import 'x.html' as x %}", "pages cannot include or import files"),
        ("{% extends 'main.html' %}", "pages cannot include or import files"),
        ("{% from 'x.html' import y %}", "pages cannot include or import files"),
        # no text becomes markup
        ("{{ project.name | safe }}", "pages cannot turn text into HTML with 'safe'"),
        ("{{ project.name | urlize }}", "pages cannot turn text into HTML with 'urlize'"),
        ("{{ {'onclick': 'x'} | xmlattr }}", "pages cannot turn text into HTML with 'xmlattr'"),
        ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
        # limits: range, repetition, powers, joins, widths, output, recursion
        ("{% for i in range(10**11) %}{% endfor %}", "Range too big"),
        ("{{ 'x' * 300000000 }}", "the repeated text or list would be 300,000,000"),
        ("{{ [1] * 300000000 }}", "the repeated text or list would be 300,000,000"),
        ("{{ 10 ** 100000 }}", "the power would have about 400,000 bits"),
        ("{{ 9 ** (9 ** 9) }}", "the power would have"),
        ("{{ (2 ** 5000) * (2 ** 5000) }}", "the product would have about 10,002 bits"),
        ("{% set x = 'x' * 999999 %}{{ x ~ x }}", "a value would be 1,999,998"),
        ("{% set x = 'x' * 999999 %}{{ x + x }}", "the sum would be 1,999,998"),
        ("{% set x = 'x' * 1000 %}{{ ([x] * 900) | join('y' * 1000) }}", "the joined text"),
        ("{% set x = 'x' * 1000 %}{{ ('y' * 1000).join([x] * 900) }}", "the joined text"),
        ("{{ ('x' * 100000).replace('x', 'xxxxxxxxxxxxxxx') }}", "the replaced text"),
        ("{{ ('x' * 100000) | replace('x', 'x' * 100) }}", "the replaced text"),
        ("{{ 'x' | center(10**9) }}", "the centred text"),
        ("{{ ('x\\n' * 1000) | indent(10**6) }}", "the indented text"),
        ("{{ ('x ' * 1000) | wordwrap(1, wrapstring='y' * 10000) }}", "the wrapped text"),
        ("{{ '%999999999d' % 1 }}", "the format '%999999999' is too wide"),
        ("{{ '%*d' % (10**9, 1) }}", "is too wide"),
        ("{{ '%999999999d' | format(1) }}", "is too wide"),
        (
            "{% set ns = namespace(x='a' * 1000) %}{% for i in range(60) %}"
            "{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
            "a value would be 1,024,000",
        ),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "the page would be more than 2,000,000 characters long",
        ),
        (
            "{% set s %}{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}{% endset %}",
            "the page would be more than 2,000,000 characters long",
        ),
        (
            "{% set l = range(100000) | list %}{{ ([l] * 100) | sort | length }}",
            "a list with all it holds would be more than 1,000,000",
        ),
        ("{{ ([[1]] * 10) | sum(start=[]) }}", "its start must be a number"),
        ("{{ range(10) | slice(10**9) | list }}", "the slices would be 1,000,000,000"),
        (
            "{% for i in range(100) %}{% set x = 'x' * 999999 %}{% endfor %}",
            "the page makes more than 20,000,000 characters and items",
        ),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "RecursionError"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{{ plan.task('no-such-task') }}", "StopIteration"),
        ("{{ plan | tojson }}", "TypeError"),
    ]


def test_every_hostile_payload_stops_with_a_located_message_and_does_nothing(
    context: dict[str, Any], canary: Path
) -> None:
    for text, expected in _payloads(canary):
        page = f"# Page\n\nSome text.\n\n{text}\n"
        with pytest.raises(PageTemplateError) as raised:
            render(page, context)
        message = str(raised.value)
        assert message.startswith("docs/page.md:5: "), (text, message)
        assert expected in message, (text, message)
        assert CANARY not in message
    assert list(canary.iterdir()) == []


def test_the_exploit_runs_in_plain_jinja(canary: Path) -> None:
    """The control: without the sandbox the first payload above would run a shell command."""
    page = f"{{{{ cycler.__init__.__globals__.os.system('touch {canary}/ran') }}}}"
    jinja2.Environment().from_string(page).render()
    assert (canary / "ran").exists()


def test_a_page_that_loops_for_ever_is_stopped_by_its_time_limit(context: dict[str, Any]) -> None:
    # No call, no output in the loops: only the loops' own checks can stop them.
    page = (
        "{% set r = range(100000) %}"
        "{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(PageTemplateError, match=r"more than 0\.5 s of CPU time"):
        render(page, context, PageLimits(max_seconds=0.5))


def test_plain_data_and_methods_are_all_a_page_needs(context: dict[str, Any]) -> None:
    page = (
        "{{ project.name }} | {{ project.start.isoformat() }}"
        " | {{ plan.role('key-contact').title }} | {{ schedule['go-live'].start }}"
        " | {{ plan.sites.hq.name.upper() }}"
        " | {{ plan.tasks | selectattr('milestone') | map(attribute='id') | join(', ') }}"
        " | {% for task in plan.tasks if task.days >= 10 %}{{ loop.index }}.{{ task.id }} "
        "{% endfor %}| {{ page.meta.owner }} {{ page.title }} {{ site_name }}"
        " | {{ (plan.sites.values() | first).hours.minutes }} {{ today.year }}"
        " | {% set ns = namespace(n=0) %}{% for t in plan.tasks %}{% set ns.n = ns.n + t.days %}"
        "{% endfor %}{{ ns.n }} | {{ dashboard() }}"
    )
    out = render(page, context)
    assert out.startswith("Northwind Desk tier-1 support outsourcing | 2026-10-26 | Key Contact")
    assert "| 2027-04-19 | NORTHWIND DESK HEADQUARTERS, TORONTO |" in out
    assert "| kickoff, " in out
    assert ", go-live, hypercare-exit |" in out
    assert "| 1.document-processes 2.recruit-agents 3.product-training 4.soft-launch" in out
    assert "| key-contact Title Site | 480 2026 | 185 |" in out  # 185 working days of tasks
    assert "<b>dashboard</b>" in out  # a macro's Markup passes as it is


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
        ("{: onclick=alert(1) }", "&#123;: onclick=alert(1) &#125;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("*bold* _it_ `code` # h | t ~ ! \\", "&#42;bold&#42; &#95;it&#95; &#96;code&#96; &#35; h"),
        ("line\n# heading", "line&#10;&#35; heading"),
        ("{{ 7*7 }}", "&#123;&#123; 7&#42;7 &#125;&#125;"),
        ("Q&A", "Q&amp;A"),
        ('Other\'s "x" #1', "Other&#39;s &#34;x&#34; &#35;1"),
    ],
)
def test_values_meet_markdown_as_text(value: str, shown: str, context: dict[str, Any]) -> None:
    assert render("{{ value }}", {**context, "value": value}).startswith(shown)


def test_a_misspelt_name_gets_the_name_to_write_instead(context: dict[str, Any]) -> None:
    with pytest.raises(PageTemplateError) as raised:
        render("line\n{{ dashbord() }}\n", context)
    assert str(raised.value) == (
        "docs/page.md:2: UndefinedError: 'dashbord' is undefined: did you mean "
        "'dashboard'? (every macro and variable a page can use is listed in "
        "docs/editors/writing-pages.md)"
    )
    with pytest.raises(PageTemplateError, match="did you mean 'upper'"):
        render("{{ project.name | uper }}", context)


def test_a_placeholder_in_a_canned_reply_gets_the_raw_hint(context: dict[str, Any]) -> None:
    with pytest.raises(PageTemplateError) as raised:
        render("Hello {{ customer.first_name }},\n", context)
    assert str(raised.value).endswith(
        "'customer' is undefined: check the variable or macro name against the list in "
        "docs/editors/writing-pages.md; if the braces are meant as text (a placeholder in a "
        "canned reply), wrap them in {% raw %}...{% endraw %}"
    )


def test_compiled_pages_are_reused_only_under_the_same_settings(context: dict[str, Any]) -> None:
    text = "{{ who }} and <% who %> {# note #}<# note #>\n"
    braces = PageSandbox()
    angles = PageSandbox(
        variable_start_string="<%",
        variable_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
    )
    for _ in range(2):  # the second round comes from the cache
        assert render_page(braces, text, {"who": "<b>"}, "p.md") == (
            "&lt;b&gt; and <% who %> <# note #>"
        )
        assert render_page(angles, text, {"who": "Ann"}, "p.md") == "{{ who }} and Ann {# note #}"


def test_a_cached_page_still_reports_its_errors() -> None:
    for _ in range(2):
        with pytest.raises(PageTemplateError, match=r"p\.md:12: UndefinedError"):
            render_page(PageSandbox(), "line one\n{{ missing.attribute }}\n", {}, "p.md", 11)


# -- whole builds --------------------------------------------------------------------------------


def test_a_page_with_an_exploit_fails_the_build_and_runs_nothing(
    tmp_path: Path, canary: Path
) -> None:
    exploit = f"{{{{ cycler.__init__.__globals__.os.popen('touch {canary}/ran').read() }}}}"
    page = f"---\ntitle: Evil\n---\n\n# Evil\n\nHello\n\n{exploit}\n"
    config = make_site(tmp_path / "s", {"index.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert list(canary.iterdir()) == []
    assert "docs/index.md:9: SecurityError: '__init__' is internal to Python" in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_pages_read_neither_config_nor_files_in_a_real_build(tmp_path: Path, canary: Path) -> None:
    pages = {
        "index.md": "# Home\n\n{{ config.site_name }}\n",
        "b.md": "# B\n\n{{ plan.directory }}\n",
    }
    for name, text in pages.items():
        config = make_site(tmp_path / name, {name: text})
        build = run_build(config, tmp_path / f"{name}-site")
        assert build.returncode == 1, build.output
        assert f"docs/{name}:9: " in build.output
        assert CANARY not in build.output
        assert "Traceback" not in build.output


def test_a_macro_called_in_a_loop_counts_as_the_page_s_output(tmp_path: Path) -> None:
    page = "# Loop\n\n{% for i in range(1000) %}{{ glossary_page() }}{% endfor %}\n"
    build = run_build(make_site(tmp_path / "s", {"index.md": page}), tmp_path / "site")
    assert build.returncode == 1
    assert "docs/index.md:9: LimitExceeded: the page would be more than 2,000,000" in build.output
    assert "look for a macro called in a loop" in build.output


def test_literal_braces_stay_writable_and_page_data_is_plain(tmp_path: Path) -> None:
    pages = {
        "index.md": (
            "# Braces\n\n```jinja\n{% raw %}Hello {{ customer.name }}{% endraw %}\n```\n\n"
            "Project: {{ project.name }} on {{ site_name }}, page {{ page.url or 'home' }}\n"
        ),
        "off.md": (
            "---\nrender_macros: false\nowner: support-lead\nreviewed: 2026-11-02\ntags: [x]\n"
            "---\n\n# Off\n\n`{{ not_a_variable }}`\n"
        ),
    }
    config = make_site(tmp_path / "s", pages)
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "Hello {{ customer.name }}" in build.html("index.html")
    text = re.sub(r"<[^>]+>", "", build.html("index.html"))  # without the glossary marks
    assert "Project: Northwind Desk tier-1 support outsourcing on Scenario, page home" in text
    assert "{{ not_a_variable }}" in build.html("off/index.html")


def test_ignore_macros_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    page = "---\nignore_macros: true\nowner: support-lead\nreviewed: 2026-11-02\ntags: [x]\n---\n"
    build = run_build(make_site(tmp_path / "s", {"index.md": page}), tmp_path / "site")
    assert build.returncode == 1
    assert "docs/index.md:2:1: `ignore_macros:` is not supported here: write" in build.output
    assert "Traceback" not in build.output


def test_printed_objects_leave_no_trace_of_the_machine(tmp_path: Path, canary: Path) -> None:
    """The build's environment holds a secret (`canary`); no page, index or export of a
    site whose page prints every object it has may hold it, nor the build's paths."""
    assert os.environ["OP_CANARY_SECRET"] == CANARY
    page = "# Home\n\n{{ page }} {{ plan }} {{ project }} {{ schedule }}\n"
    build = run_build(make_site(tmp_path / "s", {"index.md": page}), tmp_path / "site")
    assert build.returncode == 0, build.output
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
            assert str(tmp_path).encode() not in path.read_bytes(), path
