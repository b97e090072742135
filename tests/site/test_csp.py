"""Every page carries a Content-Security-Policy that lets only the site's own scripts run.

hooks/theme/main.html writes the policy first in <head>; macros/mkdocs/csp.py names
Material's inline scripts in it by hash. Built here: the sample site (every page), and
scenario sites whose pages hold the markup a hostile pull request would bring: scripts,
event handlers and titles that try to become markup. Front matter reaches the theme escaped
already (macros/mkdocs/events.py), so the title block and the hashing rule are also tested
alone, with the raw values they must withstand. The browser's side is tests/e2e/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import material
import pytest
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

from macros.mkdocs import csp
from tests.conftest import FRONT_MATTER, ROOT, Build, make_site, run_build
from tests.helpers import check_material_copy

MATERIAL = Path(material.__file__).parent / "templates"
SEARCH_OVERRIDE = ROOT / "hooks" / "theme" / "partials" / "search.html"

# The policy as hooks/theme/main.html writes it; the script hashes differ per page.
POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def sha256_source(script: str) -> str:
    """The source a policy names an inline script by, computed as browsers do."""
    digest = hashlib.sha256(script.replace("\r\n", "\n").encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class Scan(HTMLParser):
    """What a page's HTML holds that matters to its policy, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head: list[tuple[str, dict[str, str]]] = []  # the elements in <head>
        self.policies: list[str] = []
        self.scripts: list[str] = []  # the text of inline scripts that would run
        self.titles: list[str] = []  # in <head>; SVGs have theirs
        self._in_head = False
        self._script: list[str] | None = None
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append((tag, values))
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content", ""))
        elif tag == "script" and "src" not in values:
            if values.get("type", "").lower() in JS_TYPES:
                self._script = []
        elif tag == "title" and self._in_head:
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        elif tag == "title" and self._title is not None:
            self.titles.append("".join(self._title))
            self._title = None

    def handle_data(self, data: str) -> None:
        for part in (self._script, self._title):
            if part is not None:
                part.append(data)


def scan(html: str) -> Scan:
    found = Scan()
    found.feed(html)
    found.close()
    return found


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


def pages(build: Build) -> list[Path]:
    found = sorted(build.site.rglob("*.html"))
    assert found, f"no pages in {build.site}"
    return found


# -- The sample site ------------------------------------------------------------------------


def test_every_page_has_one_policy_first_in_its_head(sample_site: Build) -> None:
    wrong = []
    for path in pages(sample_site):
        html = path.read_text(encoding="utf-8")
        page = scan(html)
        first = page.head[0] if page.head else ("nothing", {})
        if len(page.policies) != 1 or first[1].get("http-equiv") != "Content-Security-Policy":
            wrong.append(f"{path.relative_to(sample_site.site)}: {len(page.policies)}, {first}")
        # Browsers look for the charset in the first 1024 bytes; the policy comes before it.
        if html.encode("utf-8").find(b'<meta charset="utf-8">') not in range(1024):
            wrong.append(f"{path.relative_to(sample_site.site)}: charset after 1024 bytes")
    assert not wrong, "\n".join(wrong)


def test_every_inline_script_is_named_by_its_hash_and_nothing_else(sample_site: Build) -> None:
    wrong = []
    for path in pages(sample_site):
        page = scan(path.read_text(encoding="utf-8"))
        policy = directives(page.policies[0])
        scripts = policy["script-src"]
        hashes = {source for source in scripts if HASH.fullmatch(source)}
        written = {sha256_source(script) for script in page.scripts}
        where = path.relative_to(sample_site.site)
        if written - hashes:
            wrong.append(f"{where}: scripts not in the policy: {sorted(written - hashes)}")
        if hashes - written:
            wrong.append(f"{where}: hashes of no script on the page: {sorted(hashes - written)}")
        others = {
            name: [s for s in sources if not HASH.fullmatch(s)] for name, sources in policy.items()
        }
        if others != POLICY:
            wrong.append(f"{where}: {page.policies[0]}")
    assert not wrong, "\n".join(wrong)


def test_the_policy_names_no_other_host_and_no_way_around_it(sample_site: Build) -> None:
    for path in pages(sample_site):
        policy = scan(path.read_text(encoding="utf-8")).policies[0]
        for name, sources in directives(policy).items():
            for source in sources:
                # Keywords and hashes are quoted; data: is the one scheme, for images.
                assert source.startswith("'") or (name, source) == ("img-src", "data:"), policy
                assert "//" not in source, policy
                if name.startswith("script-src"):
                    assert source not in {"'unsafe-inline'", "'unsafe-hashes'", "'unsafe-eval'"}


def test_the_search_dialog_is_named(sample_site: Build) -> None:
    for path in pages(sample_site):
        html = path.read_text(encoding="utf-8")
        assert 'role="dialog" aria-label="Search"' in html, path


def test_titles_are_plain_text_as_material_writes_them(sample_site: Build) -> None:
    # The home page's front matter names it; other pages: their title, then the site's name.
    assert scan(sample_site.html("index.html")).titles == [
        "Dashboard - Northwind Desk support playbook"
    ]
    assert scan(sample_site.html("plan/timeline/index.html")).titles == [
        "Timeline - Northwind Desk support playbook"
    ]
    assert scan(sample_site.html("404.html")).titles == ["Northwind Desk support playbook"]


# -- Material's search partial, copied ------------------------------------------------------


def test_the_search_partial_is_materials_own_with_a_name() -> None:
    # Nothing else changed: the copy is Material's file, its comment and the one attribute.
    check_material_copy(SEARCH_OVERRIDE, [(' role="dialog" aria-label="Search"', ' role="dialog"')])


def test_material_is_pinned_to_the_minor_version_the_overrides_follow() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"mkdocs-material>=9.8.2,<9.9"' in pyproject


# -- Hostile pages --------------------------------------------------------------------------

INJECTED = '<script>window.__pwned2=1</script>\n\n<img src=x onerror="window.__pwned=1">\n'


def page_with_title(title: str, text: str = "Text.\n") -> str:
    return FRONT_MATTER.replace("---\n\n", f"title: '{title}'\n---\n\n", 1) + text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A scenario site whose pages bring scripts, handlers and markup in their titles."""
    directory = tmp_path_factory.mktemp("hostile")
    palette = (MATERIAL / "partials" / "javascripts" / "palette.html").read_text(encoding="utf-8")
    config = make_site(
        directory,
        {
            "index.md": "# Home\n\nThe home page.\n",
            "injected.md": "# Injected\n\n<script>alert(1)</script>\n\n" + INJECTED,
            "title-script.md": page_with_title("</title><script>alert(1)</script>"),
            "title-image.md": page_with_title("<img src=x onerror=alert(1)>"),
            "title-escaped.md": page_with_title("&lt;/title&gt;&lt;script&gt;alert(1)"),
            "heading.md": "# Tom &amp; <em>Jerry</em> &lt;/title&gt;\n\nText.\n",
            # A page that copies Material's own palette script: its copy must not run.
            "copy.md": "# Copy\n\n" + palette.split("-#}\n", 1)[1],
        },
    )
    build = run_build(config, directory / "site")
    assert build.returncode == 0, build.output
    return build


def test_a_page_with_scripts_builds_but_its_scripts_are_not_allowed(hostile: Build) -> None:
    page = scan(hostile.html("injected/index.html"))
    scripts = directives(page.policies[0])["script-src"]
    for own in ("alert(1)", "window.__pwned2=1"):
        assert own in page.scripts
        assert sha256_source(own) not in scripts
    assert "'unsafe-inline'" not in scripts
    # Material's own scripts on that page still run.
    theme = [s for s in page.scripts if s not in {"alert(1)", "window.__pwned2=1"}]
    assert len(theme) == 3
    assert {sha256_source(s) for s in theme} == set(scripts) - {"'self'"}


def test_a_page_copying_a_theme_script_does_not_get_it_hashed(hostile: Build) -> None:
    palette = scan(hostile.html("copy/index.html"))
    elsewhere = scan(hostile.html("index.html"))
    copied = [s for s in palette.scripts if s.startswith("var palette=")]
    assert copied
    assert sha256_source(copied[0]) in elsewhere.policies[0]
    assert sha256_source(copied[0]) not in palette.policies[0]


@pytest.mark.parametrize(
    "page", ["title-script", "title-image", "title-escaped", "heading", "injected"]
)
def test_a_title_is_text_never_markup(hostile: Build, page: str) -> None:
    html = hostile.html(f"{page}/index.html")
    head = html[: html.index("</head>")]
    # One <title>, with no tag in it: brackets only escaped, whatever front matter held.
    element = re.findall(r"<title>(.*?)</title>", head, re.DOTALL)
    assert len(element) == 1, head
    assert "<" not in element[0]
    assert ">" not in element[0]
    assert scan(html).titles[0].endswith(" - Scenario")
    assert scan(hostile.html("index.html")).titles == ["Scenario"]  # the home page


# -- The two halves, alone ------------------------------------------------------------------


class FakePage:
    """What Material's htmltitle block reads of a page."""

    def __init__(self, title: str | None, meta: dict[str, str], is_homepage: bool) -> None:
        self.title, self.meta, self.is_homepage = title, meta, is_homepage


@pytest.fixture(scope="module")
def htmltitle() -> Callable[[FakePage, str], str]:
    """The htmltitle block of hooks/theme/main.html, rendered alone, as Material's env does."""
    env = Theme(name="material", custom_dir=str(ROOT / "hooks" / "theme")).get_env()
    template = env.get_template("main.html")

    def render(page: FakePage, site_name: str = "Site") -> str:
        context = template.new_context({"page": page, "config": {"site_name": site_name}})
        return "".join(template.blocks["htmltitle"](context)).strip()

    return render


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (FakePage("T", {"title": "</title><script>alert(1)</script>"}, False), "alert(1) - Site"),
        (FakePage("T", {"title": "<img src=x onerror=alert(1)>"}, False), "Site"),
        (
            FakePage("T", {"title": "&lt;/title&gt;&lt;script&gt;alert(1)"}, False),
            "&lt;/title&gt;&lt;script&gt;alert(1) - Site",
        ),
        (
            FakePage("Tom &amp; <em>Jerry</em> &lt;b&gt;", {}, False),
            "Tom &amp; Jerry &lt;b&gt; - Site",
        ),
        (FakePage("Home", {}, True), "Site"),  # the home page: the site's name alone
        (FakePage("Home", {"title": "Dashboard"}, True), "Dashboard - Site"),  # as in Material
        (FakePage(None, {}, False), "Site"),
    ],
)
def test_the_title_block_strips_tags_then_escapes(
    htmltitle: Callable[[FakePage, str], str], page: FakePage, title: str
) -> None:
    assert htmltitle(page, "Site") == f"<title>{title}</title>"


def test_the_title_block_escapes_the_site_name(
    htmltitle: Callable[[FakePage, str], str],
) -> None:
    assert (
        htmltitle(FakePage("Q", {}, False), "Q&A <desk>")
        == "<title>Q - Q&amp;A &lt;desk&gt;</title>"
    )


def test_only_what_the_theme_templates_render_is_hashed(tmp_path: Path) -> None:
    # A script outside the page's content that no script template renders (as a title in
    # Material's navigation would be) is not hashed; one the page's content holds neither.
    theme_dir = tmp_path / "theme"
    (theme_dir / "partials" / "javascripts").mkdir(parents=True)
    template = "<script>var a={{ base_url | tojson }}</script>"
    (theme_dir / "partials" / "javascripts" / "a.html").write_text(template, encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(theme_dir))
    scripts = csp.ThemeScripts(env, [str(theme_dir)], [])
    theme, nav = '<script>var a="../.."</script>', "<script>alert(1)</script>"
    output = f"<head>{theme}</head><body><nav>{nav}</nav><main>Text</main></body>"
    scripts.render("page.md", {"base_url": "../.."})
    assert scripts.sources("page.md", output, "<p>Text</p>") == sha256_source('var a="../.."')
    scripts.render("copy.md", {"base_url": "../.."})
    assert scripts.sources("copy.md", output + theme, theme) == ""


def test_a_hash_is_the_one_browsers_compute() -> None:
    # The empty script's, as browsers report it; and line breaks count as LF.
    assert csp.source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert csp.source("a\r\nb") == csp.source("a\nb") == sha256_source("a\nb")


@pytest.mark.parametrize(
    "output",
    [
        "<head><title>No policy</title></head>",
        f'<head><script>x</script>{csp.CSP_META}{csp.MARKER}"></head>',
        f"<head>{csp.CSP_META}script-src 'self'\"></head>",
    ],
)
def test_a_page_without_its_policy_first_is_an_error(output: str) -> None:
    with pytest.raises(PluginError, match="no Content-Security-Policy before its first script"):
        csp.fill(output, "", "page.md")


def test_the_hashes_go_into_the_policy_only() -> None:
    page = f"<head>{csp.CSP_META}script-src 'self' {csp.MARKER}\"></head><p>{csp.MARKER}</p>"
    filled = csp.fill(page, "'sha256-x'", "page.md")
    assert (
        filled == f"<head>{csp.CSP_META}script-src 'self' 'sha256-x'\"></head><p>{csp.MARKER}</p>"
    )
    assert csp.fill(page, "", "page.md").startswith(f"<head>{csp.CSP_META}script-src 'self'\">")


# -- A theme without the override ----------------------------------------------------------


def test_a_page_without_the_policy_stops_the_build(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n\nText.\n"})
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  custom_dir: hooks/theme\n", ""), encoding="utf-8")
    build = run_build(config, tmp_path / "site")
    assert build.returncode != 0
    # The first page written, 404.html, stops it: MkDocs writes theme templates first.
    assert "has no Content-Security-Policy before its first script" in build.output
    assert "theme.custom_dir hooks/theme" in build.output
