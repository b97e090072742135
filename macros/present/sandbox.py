"""Pages are data-only templates: nothing a page can reach leads to code, files or secrets.

A page in a pull request is hostile input. mkdocs-macros renders pages with a plain
`jinja2.Environment` whose context holds MkDocs' `config` (and through its theme an
unsandboxed environment), `pathlib.Path` objects and the like: one expression away from a
shell. Pages are rendered here instead, with `PageSandbox`:

- **Default-deny attribute access.** A page reads only the declared fields of the plan's
  own frozen types (`page_attributes`), and the plain methods of strings, numbers, dates,
  lists and mappings (`PLAIN_METHODS`); anything else is undefined or a `SecurityError`.
  Every value a page obtains (from an attribute, an item, a call, a filter, a loop) must
  be of a type it may hold (`_allowed`): a `Path` or a module can never reach it.
- **Limits, each ending in `page:line: message`**: ranges, repetition, powers, `+` and `~`
  of text and lists, the size of every value, the page's output, and CPU time per page
  (`PageLimits`). Loops, calls, attribute reads and output are where time is checked.
- **Plan values meet Markdown as text.** Every `{{ value }}` is escaped for HTML and for
  Markdown (`markdown_text`), so `[x](javascript:...)` or `{: onclick=... }` in a plan
  value stays text; only a macro's own HTML (`Markup`) passes as it is. The `safe`,
  `urlize` and `xmlattr` filters, which turn text into markup, are gone.
- **No files.** Pages cannot include or import other templates.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import re
import time
import traceback
import types
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, wraps
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    Undefined,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

__all__ = [
    "LimitExceeded",
    "PageLimits",
    "PageSandbox",
    "PageTemplateError",
    "count_output",
    "markdown_text",
    "page_attributes",
    "render_page",
]


@dataclass(frozen=True)
class PageLimits:
    """What one page may spend; each limit ends the build with the page and line."""

    max_range: int = 100_000
    """Items in a `range()` (Jinja's own sandbox limit)."""
    max_size: int = 1_000_000
    """Characters of a text, items of a list or mapping, made by a page."""
    max_output: int = 2_000_000
    """Characters a page writes in all, counting what loops and macros write."""
    max_made: int = 20_000_000
    """Characters and items of all the values a page makes, added up."""
    max_int_bits: int = 10_000
    """Bits of a whole number made with `*` or `**` (about 3,000 digits)."""
    max_seconds: float = 10.0
    """CPU seconds to render one page, macros included."""


class LimitExceeded(SecurityError):
    """A page went past one of its `PageLimits`."""


class PageTemplateError(Exception):
    """A page's template failed; the message names the file and line and what to do."""


# -- what a page may read ----------------------------------------------------------------------

_STR_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    }
)
_DATE_METHODS = frozenset(
    {
        "year",
        "month",
        "day",
        "isoformat",
        "isoweekday",
        "weekday",
        "toordinal",
        "strftime",
        "replace",
    }
)
PLAIN_METHODS: Mapping[type, frozenset[str]] = {
    str: _STR_METHODS,
    Markup: _STR_METHODS | {"striptags", "unescape"},
    bool: frozenset(),
    int: frozenset({"real", "imag", "numerator", "denominator"}),
    float: frozenset({"real", "imag", "is_integer"}),
    date: _DATE_METHODS,
    datetime: _DATE_METHODS | {"hour", "minute", "second", "date", "time"},
    timedelta: frozenset({"days", "seconds", "total_seconds"}),
    tuple: frozenset({"count", "index"}),
    list: frozenset({"count", "index"}),
    dict: frozenset({"get", "items", "keys", "values"}),
    types.MappingProxyType: frozenset({"get", "items", "keys", "values"}),
    LoopContext: frozenset(
        {
            "index",
            "index0",
            "revindex",
            "revindex0",
            "first",
            "last",
            "length",
            "depth",
            "depth0",
            "previtem",
            "nextitem",
            "cycle",
            "changed",
        }
    ),
    Cycler: frozenset({"current", "next", "reset"}),
}
"""Per type: the attributes and methods a page may use. None of them changes a value, reads
a file or returns an object outside `_allowed`."""


def page_attributes(cls: type) -> frozenset[str]:
    """The attributes a page may read on an instance of `cls`, one of the plan's own types.

    A frozen dataclass of this package shows its declared fields, except those marked
    internal (locations, the plan's directory), and the names in its `page_properties`.
    Any other class shows nothing.
    """
    return _page_attributes(cls)


@cache
def _page_attributes(cls: Any) -> frozenset[str]:
    if not (
        isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__.split(".")[0] == __name__.split(".")[0]
        and getattr(cls, "__dataclass_params__").frozen  # noqa: B009 - not in the stubs
    ):
        return frozenset()
    fields = {f.name for f in dataclasses.fields(cls) if "internal" not in f.metadata}
    extra: Iterable[str] = getattr(cls, "page_properties", ())
    return frozenset(name for name in (*fields, *extra) if not name.startswith("_"))


def _attribute_allowed(obj: Any, name: str) -> bool:
    if not isinstance(name, str) or name.startswith("_"):
        return False
    if isinstance(obj, Namespace):
        return True  # its attributes are the values a page put there
    methods = PLAIN_METHODS.get(type(obj))
    if methods is not None:
        return name in methods
    return name in page_attributes(type(obj))


_GROUP_TUPLE = type(Environment().filters["groupby"](Environment(), [{"a": 1}], "a")[0])
"""`groupby` yields named tuples of (grouper, list)."""

_ALLOWED_TYPES: tuple[type, ...] = (
    str,
    int,
    float,
    type(None),
    date,
    timedelta,
    tuple,
    list,
    dict,
    types.MappingProxyType,
    range,
    Undefined,
    LoopContext,
    Namespace,
    Cycler,
    Joiner,
    Macro,
    types.GeneratorType,
    _GROUP_TUPLE,
)
"""What a page may hold (`bool` and `datetime` are subclasses of these; `Markup` of str)."""


def _allowed(value: Any) -> bool:
    if isinstance(value, _ALLOWED_TYPES) or page_attributes(type(value)):
        return True
    if isinstance(value, (types.BuiltinMethodType, types.MethodType)):
        owner = getattr(value, "__self__", None)
        return _allowed(owner) and _attribute_allowed(owner, value.__name__)
    # Iterators over plain values made by filters and methods: dict views, reversed(), ...
    return type(value).__module__ == "builtins" and isinstance(value, Iterator | Iterable)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict) else 0


# -- budgets -------------------------------------------------------------------------------------


class _Budget:
    """What the page being rendered has spent."""

    def __init__(self, limits: PageLimits) -> None:
        self.limits = limits
        self.deadline = time.thread_time() + limits.max_seconds
        self.output = 0
        self.made = 0
        self.weights: dict[int, tuple[Any, int]] = {}
        """id -> (the list, tuple or mapping, its weight): the value is kept, so that its
        id is not reused while the page renders (values a page makes never change)."""

    def weight(self, value: Any, limit: int) -> int:
        """Characters and items of `value` with everything it holds, spelled out: a list
        holding the same long list a million times weighs a million times that list.

        Stops counting past `limit`. What lists weigh is what sorting or comparing them
        may cost, in C code that no time check can interrupt.
        """
        if isinstance(value, str):
            return len(value)
        if not isinstance(value, list | tuple | dict):
            return 1
        known = self.weights.get(id(value))
        if known is not None:
            return known[1]
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        total = len(items)
        for item in items:
            if total > limit:
                break
            total += self.weight(item, limit - total)
        self.weights[id(value)] = (value, total)
        return total


def count_output(characters: int) -> None:
    """Count `characters` of a macro's HTML, kept aside for the page, as the page's output."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.output += characters
        if budget.output > budget.limits.max_output:
            raise LimitExceeded(
                f"the page would be more than {budget.limits.max_output:,} characters long: "
                "look for a macro called in a loop"
            )


_BUDGET: ContextVar[_Budget | None] = ContextVar("page_budget", default=None)


# -- code generation -----------------------------------------------------------------------------

_LOOP_FILTER = "_page_loop"
"""The filter every `for` loop's items go through, so that a loop spends time visibly."""


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the page's output, joins, filters and loops counted.

    `Environment.code_generator_class` is Jinja's documented way to change the code a
    template compiles to. Each piece a page writes (to the page or to a buffer: a loop
    inside `{% set %}`, a macro's body) goes through `PageSandbox.counted`, each `~` join
    and filter result through `PageSandbox.made`, and each loop through `_LOOP_FILTER`.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(
                loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno
            )
        super().visit_Template(node, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.counted({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.counted(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.made(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Filter(self, node: nodes.Filter, frame: Frame) -> None:
        self.write("environment.made(")
        super().visit_Filter(node, frame)
        self.write(")")


class _NoFiles(BaseLoader):
    """Pages cannot include or import other files."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, None]:
        raise TemplateNotFound(
            f"{template} (pages cannot include or import files: put the text in the page, "
            "or ask for a macro)"
        )


_AS_TEXT = str.maketrans(
    {
        **{c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~\n\r"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&#34;",
        "'": "&#39;",
    }
)
"""HTML's five, as `markupsafe.escape` writes them, and Markdown's syntax characters."""


def markdown_text(value: Any) -> Markup:
    """`value` as text that HTML and Markdown both show as it is.

    Escaped for HTML, then every character that Markdown or its extensions read as syntax
    (links, images, emphasis, code, attribute lists, tables, headings, admonitions,
    abbreviations, line breaks) becomes a numeric character reference, which Markdown
    passes through and the browser shows as the character. A macro's HTML (`Markup`)
    is kept as it is.
    """
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(str(value).translate(_AS_TEXT))


_REMOVED_FILTERS = ("safe", "urlize", "xmlattr")
_REMOVED_GLOBALS = ("lipsum",)
_FORMAT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class PageSandbox(ImmutableSandboxedEnvironment):
    """The environment pages are rendered in (see the module's docstring)."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    limits: PageLimits

    def __init__(self, limits: PageLimits | None = None, **options: Any) -> None:
        options.setdefault("undefined", StrictUndefined)
        super().__init__(
            autoescape=True,
            finalize=markdown_text,
            loader=_NoFiles(),
            extensions=(),
            **options,
        )
        self.limits = limits or PageLimits()
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)
        for name in _REMOVED_GLOBALS:
            self.globals.pop(name, None)
        self.filters = {name: self._guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = self._loop

    # -- time and size ---------------------------------------------------------------------

    def _spend(self) -> _Budget | None:
        budget = _BUDGET.get()
        if budget is not None and time.thread_time() > budget.deadline:
            raise LimitExceeded(
                f"the page took more than {budget.limits.max_seconds:g} s of CPU time to "
                "render: look for a loop that runs too often"
            )
        return budget

    def _check_size(self, size: int, what: str) -> None:
        if size > self.limits.max_size:
            raise LimitExceeded(
                f"{what} would be {size:,} characters or items long, more than a page may "
                f"make ({self.limits.max_size:,})"
            )

    def checked(self, value: Any) -> Any:
        """`value`, once it is known to be of an allowed type and size (every read)."""
        self._spend()
        if not _allowed(value):
            raise SecurityError(f"a page cannot use a value of type {type(value).__name__!r}")
        self._check_size(_size(value), "a value")
        return value

    def made(self, value: Any) -> Any:
        """`value`, just made by the page (a call, a filter, an operator, a `~` join): as
        `checked`, and counted against what the page may make in all and weigh."""
        budget = self._spend()
        self.checked(value)
        if budget is not None and isinstance(value, str | list | tuple | dict):
            budget.made += len(value)
            if budget.made > self.limits.max_made:
                raise LimitExceeded(
                    f"the page makes more than {self.limits.max_made:,} characters and items "
                    "of text and lists in all: look for a loop that builds too much"
                )
            limit = self.limits.max_size
            if not isinstance(value, str) and budget.weight(value, limit) > limit:
                raise LimitExceeded(
                    f"a list with all it holds would be more than {limit:,} characters or "
                    "items long"
                )
        return value

    def counted(self, value: Any) -> Any:
        """`value`, a piece of the page's output, counted against the output limit."""
        budget = self._spend()
        if budget is not None:
            budget.output += len(value)
            if budget.output > self.limits.max_output:
                raise LimitExceeded(
                    f"the page would be more than {self.limits.max_output:,} characters "
                    "long: look for a loop that writes too much"
                )
        return value

    def _loop(self, iterable: Any) -> Iterator[Any]:
        """A loop's items, each checked, with the time checked as the loop runs."""
        for item in iterable:
            yield self.checked(item)

    def _guarded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)

        @wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if check is not None:
                # Past the environment or context some filters are handed first.
                data = [a for a in args if not isinstance(a, _PASSED)]
                check(self, *data, **kwargs)
            return self.made(function(*args, **kwargs))

        return guarded

    # -- reads ---------------------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return _attribute_allowed(obj, attr)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute`, where `_attribute_allowed`; else a mapping's item of that name."""
        self._spend()
        _refuse_internal(attribute)
        if isinstance(obj, Undefined):
            return getattr(obj, attribute)  # fails as the undefined value says
        if _attribute_allowed(obj, attribute):
            try:
                return self.checked(getattr(obj, attribute))
            except AttributeError:
                pass
        if isinstance(obj, Mapping):
            try:
                return self.checked(obj[attribute])
            except (TypeError, LookupError):
                pass
        return self._missing(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """`obj[argument]` on a value a page may hold; else the attribute of that name."""
        self._spend()
        _refuse_internal(argument)
        if isinstance(obj, Undefined):
            return obj[argument]  # fails as the undefined value says
        if _allowed(obj) and hasattr(obj, "__getitem__"):
            try:
                return self.checked(obj[argument])
            except (TypeError, LookupError):
                pass
        if isinstance(argument, str) and _attribute_allowed(obj, argument):
            try:
                return self.checked(getattr(obj, argument))
            except AttributeError:
                pass
        return self._missing(obj, argument)

    def _missing(self, obj: Any, name: Any) -> Undefined:
        """An undefined value for a name `obj` does not have; a SecurityError, at once, for
        one it has but a page may not use (not an undefined value that a list or an
        `is defined` test would pass over quietly)."""
        if (
            isinstance(name, str)
            and not isinstance(obj, Mapping)
            and inspect.getattr_static(obj, name, None) is not None
        ):
            raise SecurityError(f"{type(obj).__name__!r} has no {name!r} that a page may use")
        return self.undefined(obj=obj, name=name)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        return self.undefined(
            f"{type(obj).__name__!r} has no {attribute!r} that a page may use",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    # -- calls and operators -------------------------------------------------------------------

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._spend()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(__self, owner, __obj.__name__, args)
        return __self.made(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._spend()
        if operator == "*":
            self._check_times(left, right)
        elif operator == "**":
            self._check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format_spec(self, left)
        elif operator == "+" and isinstance(left, str | list | tuple):
            self._check_size(_size(left) + _size(right), "the sum")
        return self.made(super().call_binop(context, operator, left, right))

    def _check_times(self, left: Any, right: Any) -> None:
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(count, int):
                self._check_size(len(sequence) * max(count, 0), "the repeated text or list")
                return
        if isinstance(left, int) and isinstance(right, int):
            self._check_bits(abs(left).bit_length() + abs(right).bit_length(), "the product")

    def _check_power(self, left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            self._check_bits(abs(left).bit_length() * right, "the power")
        elif isinstance(right, int | float) and abs(right) > self.limits.max_int_bits:
            raise LimitExceeded(f"the exponent {right} is too large for a page")

    def _check_bits(self, bits: int, what: str) -> None:
        if bits > self.limits.max_int_bits:
            raise LimitExceeded(
                f"{what} would have about {bits:,} bits, more than a page may make "
                f"({self.limits.max_int_bits:,})"
            )


def _refuse_internal(name: Any) -> None:
    """Names that start with "_" are Python's internals: never a page's business."""
    if isinstance(name, str) and name.startswith("_"):
        raise SecurityError(
            f"{name!r} is internal to Python: pages cannot use names that start with _"
        )


def _check_str_method(env: PageSandbox, text: str, name: str, args: tuple[Any, ...]) -> None:
    """Refuse a call of a text method whose result would be too large, before it is made."""
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], args[1]
        times = text.count(old) if old else len(text) + 1
        env._check_size(len(text) + times * (_size(new) - len(old)), "the replaced text")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, str | list | tuple):
            count = len(items)
            total = sum(_size(item) for item in items) if not isinstance(items, str) else count
            env._check_size(total + max(count - 1, 0) * len(text), "the joined text")


def _check_format_spec(env: PageSandbox, text: str) -> None:
    """Refuse `"%999999999d" % x`: a printf-style width or precision may not be huge."""
    for match in _FORMAT_SPEC.finditer(text):
        for number in match.groups():
            if number == "*" or (number and int(number) > env.limits.max_size):
                raise LimitExceeded(f"the format {match.group()!r} is too wide for a page")


def _width(value: Any) -> int:
    return len(value) if isinstance(value, str) else int(value or 0)


def _check_center(env: PageSandbox, value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    env._check_size(_width(width), "the centred text")


def _check_indent(env: PageSandbox, value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    lines = str(value).count("\n") + 1
    env._check_size(len(str(value)) + lines * _width(width), "the indented text")


def _check_wordwrap(env: PageSandbox, value: Any, *args: Any, **kwargs: Any) -> None:
    wrap = kwargs.get("wrapstring") or (args[2] if len(args) > 2 else None) or "\n"
    words = len(str(value).split()) + 1
    env._check_size(len(str(value)) + words * _size(str(wrap)), "the wrapped text")


def _check_replace(env: PageSandbox, value: Any, old: Any = "", new: Any = "", *_: Any) -> None:
    _check_str_method(env, str(value), "replace", (str(old), str(new)))


def _check_join(env: PageSandbox, value: Any = (), separator: Any = "", *_: Any, **kw: Any) -> None:
    separator = kw.get("d", separator)
    if isinstance(value, list | tuple):
        _check_str_method(env, str(separator), "join", (value,))


def _check_format(env: PageSandbox, value: Any, *_: Any, **__: Any) -> None:
    _check_format_spec(env, str(value))


_PASSED = (Environment, EvalContext, Context)


def _check_sum(env: PageSandbox, value: Any, attribute: Any = None, start: Any = 0) -> None:
    if not isinstance(start, int | float):
        raise LimitExceeded("`sum` adds numbers: its start must be a number")


def _check_slice(env: PageSandbox, value: Any, slices: Any = 1, *_: Any) -> None:
    env._check_size(int(slices), "the slices")


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "sum": _check_sum,
    "slice": _check_slice,
    "center": _check_center,
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "replace": _check_replace,
    "join": _check_join,
    "format": _check_format,
}
"""Filters whose result can be far larger than their input: checked before they run."""


# -- rendering -----------------------------------------------------------------------------------

GUIDE = "docs/editors/writing-pages.md"
"""The editors' page that lists the macros and variables."""
_UNDEFINED_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)' is undefined")
_NO_FILTER = re.compile(r"No filter named '([^']*)'")


def render_page(
    env: PageSandbox,
    markdown: str,
    context: Mapping[str, Any],
    shown: str,
    first_line: int = 1,
) -> str:
    """Render one page's Markdown as a template with the data in `context`.

    Errors become a PageTemplateError naming `shown` (the page's path as editors see it)
    and the line in the file, `first_line` being the file line of the Markdown's first
    line (after the front matter).
    """
    token = _BUDGET.set(_Budget(env.limits))
    try:
        return _template(env, markdown).render(context)
    except Exception as exc:  # any failure of a page is the page's, reported as such
        line = _template_line(exc)
        where = f"{shown}:{line + first_line - 1}" if line else shown
        detail = str(exc).rstrip(".") or type(exc).__name__
        raise PageTemplateError(
            f"{where}: {type(exc).__name__}: {detail}: {_advice(exc, env, context)}"
        ) from None
    finally:
        _BUDGET.reset(token)


def _advice(exc: Exception, env: PageSandbox, context: Mapping[str, Any]) -> str:
    if isinstance(exc, LimitExceeded):
        return "pages are for text and the plan's data, not for long computations"
    if isinstance(exc, SecurityError):
        return (
            "pages may use the plan's values and macros, not Python internals or other "
            f"objects; remove that expression (what pages can use is listed in {GUIDE})"
        )
    missing_filter = _NO_FILTER.search(str(exc)) if isinstance(exc, TemplateSyntaxError) else None
    if missing_filter:
        name = missing_filter.group(1)
        if name in _REMOVED_FILTERS:
            return (
                f"pages cannot turn text into HTML with '{name}': write the HTML in the page "
                "itself, or ask for a macro"
            )
        close = difflib.get_close_matches(name, [f for f in env.filters if f[0] != "_"], n=1)
        return f"did you mean {close[0]!r}?" if close else "see Jinja's list of filters"
    if isinstance(exc, TemplateSyntaxError):
        return (
            "to show literal {{ }} or {% %}, wrap the text in {% raw %}...{% endraw %} "
            "or set `render_macros: false` in the page's front matter"
        )
    if isinstance(exc, RecursionError | MemoryError | OverflowError):
        return "pages are for text and the plan's data, not for long computations"
    found = _UNDEFINED_NAME.fullmatch(str(exc))
    if found:
        names = [n for n in (*env.globals, *context) if not n.startswith("_")]
        close = difflib.get_close_matches(found.group(1), names, n=1)
        if close:
            return (
                f"did you mean {close[0]!r}? (every macro and variable a page can use is "
                f"listed in {GUIDE})"
            )
        return (
            f"check the variable or macro name against the list in {GUIDE}; if the braces "
            "are meant as text (a placeholder in a canned reply), wrap them in "
            "{% raw %}...{% endraw %}"
        )
    if isinstance(exc, TemplateError):
        return f"check the expression against what {GUIDE} says pages can use"
    return "check the values this expression works on"


_COMPILE_OPTIONS = (
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
    "autoescape",
    "optimized",
    "is_async",
)
"""The settings a template's compiled code depends on."""

_CODE_CACHE_SIZE = 512
_code_cache: OrderedDict[tuple[object, ...], types.CodeType] = OrderedDict()


def _template(env: Environment, markdown: str) -> Template:
    """`env.from_string(markdown)`, with the compiled code kept for the next build.

    `mkdocs serve` rebuilds every page after each edit, and the pages' text rarely changes
    between two builds; compiling each again was most of the time spent on pages that use
    a macro or two. The code is keyed by the text and every setting that shapes it.
    """
    key = (markdown, type(env), *(getattr(env, name) for name in _COMPILE_OPTIONS))
    code = _code_cache.get(key)
    if code is None:
        code = env.compile(markdown)
        _code_cache[key] = code
        if len(_code_cache) > _CODE_CACHE_SIZE:
            _code_cache.popitem(last=False)
    else:
        _code_cache.move_to_end(key)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
