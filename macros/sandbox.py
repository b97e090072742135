"""Page templates are rendered in Jinja's sandbox, so a page cannot run code at build time.

mkdocs-macros renders every page with a plain `jinja2.Environment`: a page holding
`{{ cycler.__init__.__globals__.os.popen('id').read() }}` would run a shell command in CI
from any pull request. `sandboxed_copy` rebuilds that environment as an
`ImmutableSandboxedEnvironment` (no underscore attributes, no unsafe callables, no mutation
of lists and dicts) with the same delimiters, loader, globals and filters.
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections import OrderedDict
from pathlib import Path
from types import CodeType

from jinja2 import Environment, Template, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .frontmatter import front_matter_end

_COPIED_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "undefined",
    "finalize",
    "loader",
)


def sandboxed_copy(env: Environment) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment that behaves like `env` for every safe template.

    It also autoescapes: a plan value such as a title with `<b>` in it is shown as text
    on a page, never read as markup. Macros that return HTML return `Markup`.
    """
    options = {name: getattr(env, name) for name in _COPIED_OPTIONS}
    options["autoescape"] = True
    sandbox = ImmutableSandboxedEnvironment(extensions=list(env.extensions), **options)
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    return sandbox


class PageTemplateError(Exception):
    """A page's template failed; the message names the file and line and what to do."""


def body_offset(source: Path, markdown: str) -> int:
    """How many lines of `source` come before the first line of `markdown`, its body.

    MkDocs hands plugins the page without its YAML front matter and the blank lines after
    it; template line numbers count from there, editors count from the top of the file.
    """
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    closing = front_matter_end(lines)
    start = 0 if closing is None else closing + 1
    first = markdown.splitlines()[0] if markdown.strip() else ""
    while start < len(lines) and not lines[start].strip() and first.strip():
        start += 1
    return start


def render_page(
    env: Environment, markdown: str, variables: dict[str, object], source: Path, shown: str
) -> str:
    """Render one page's Markdown as a template; errors become a PageTemplateError.

    `source` is the page file (for the line offset of its front matter), `shown` the path
    used in messages.
    """
    try:
        return _template(env, markdown).render(**variables)
    except TemplateError as exc:
        line = _template_line(exc)
        where = f"{shown}:{line + body_offset(source, markdown)}" if line else shown
        if isinstance(exc, SecurityError):
            advice = (
                "pages may use the plan's variables and macros, but not Python internals; "
                "remove that expression"
            )
        elif isinstance(exc, TemplateSyntaxError):
            advice = (
                "to show literal {{ }} or {% %}, wrap the text in {% raw %}...{% endraw %} "
                "or set `render_macros: false` in the page's front matter"
            )
        else:
            advice = _undefined_advice(exc, [*env.globals, *variables])
        detail = str(exc).rstrip(".")
        raise PageTemplateError(f"{where}: {type(exc).__name__}: {detail}: {advice}") from None


GUIDE = "docs/editors/writing-pages.md"
"""The editors' page that lists the macros and variables."""
_UNDEFINED_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)' is undefined")


def _undefined_advice(exc: TemplateError, names: list[str]) -> str:
    """What to write instead of an undefined name: the closest name a page can use."""
    found = _UNDEFINED_NAME.fullmatch(str(exc))
    public = [name for name in names if not name.startswith("_")]
    close = difflib.get_close_matches(found.group(1), public, n=1) if found else []
    if close:
        return (
            f"did you mean {close[0]!r}? (every macro and variable a page can use is "
            f"listed in {GUIDE})"
        )
    return f"check the variable or macro name against the list in {GUIDE}"


_COMPILE_OPTIONS = (
    *(name for name in _COPIED_OPTIONS if name not in ("loader", "undefined")),
    "autoescape",
    "optimized",
    "is_async",
)
"""The settings a template's compiled code depends on (the loader and the class of
undefined values are used only when it runs)."""

_CODE_CACHE_SIZE = 512
_code_cache: OrderedDict[tuple[object, ...], CodeType] = OrderedDict()


def _template(env: Environment, markdown: str) -> Template:
    """`env.from_string(markdown)`, with the compiled code kept for the next build.

    `mkdocs serve` rebuilds every page after each edit, and the pages' text rarely changes
    between two builds; compiling each again was most of the time spent on pages that use
    a macro or two. The code is keyed by the text and every setting that shapes it.
    """
    key = (
        markdown,
        type(env),
        tuple(sorted(env.extensions)),
        *(getattr(env, name) for name in _COMPILE_OPTIONS),
    )
    code = _code_cache.get(key)
    if code is None:
        code = env.compile(markdown)
        _code_cache[key] = code
        if len(_code_cache) > _CODE_CACHE_SIZE:
            _code_cache.popitem(last=False)
    else:
        _code_cache.move_to_end(key)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _template_line(exc: TemplateError) -> int | None:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
