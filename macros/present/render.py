"""HTML fragments for plan pages, rendered with Jinja autoescape: plan values are text.

Every value from the plan reaches a page through these templates, or through a `Snippet`
where a table has thousands of rows, so markup in a title or a name is shown, never
interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from macros.plan.wording import hhmm, longdate, shortdate


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("macros.present", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["longdate"] = longdate
    env.filters["shortdate"] = shortdate
    env.filters["hhmm"] = hhmm
    return env


def render(template: str, **context: Any) -> Markup:
    """Render `template` to an HTML block that Markdown passes through unchanged.

    Blank lines are removed, since Markdown would end a raw HTML block at the first one.
    """
    html = environment().get_template(template).render(**context)
    body = "\n".join(line for line in html.splitlines() if line.strip())
    return Markup(f"\n\n{body}\n\n")


def escaped(value: object) -> str:
    """`value` as HTML text: `markupsafe.escape`'s result as a plain `str` (the same five
    characters replaced, the same entities), and markup (`__html__`) as it is.

    A plain string is cheaper than the `Markup` object `escape` makes, and `Snippet` fills
    hundreds of thousands of holes on a big plan; tests hold the two to the same output.
    """
    kind = type(value)
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    if kind is not str and hasattr(value, "__html__"):
        return str(value.__html__())
    return (
        str(value)
        .replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


class Snippet:
    """A fixed piece of HTML with `{}` or `{name}` holes, for the rows of long tables and
    charts: calling it escapes every value (`escaped`, which leaves `Markup` as it is) and
    fills the holes, so plan text cannot reach the page unescaped.

    What `Markup(template).format(...)` does, at a fraction of its cost: that runs Python's
    `string.Formatter` on every call, and a plan of 2,000 tasks makes tens of thousands.
    The template is ours: no format specs or attribute lookups in the holes.
    """

    __slots__ = ("_template",)

    def __init__(self, template: str) -> None:
        self._template = template

    def __call__(self, *args: object, **kwargs: object) -> Markup:
        return Markup(
            self._template.format(
                *map(escaped, args), **{name: escaped(value) for name, value in kwargs.items()}
            )
        )


def joined(parts: Iterable[Markup], separator: str = "\n") -> Markup:
    """Markup parts joined by `separator` (ours, not text). Only `Markup` is accepted: a
    plain string would be taken for HTML here, so it is refused instead (`TypeError`)."""
    items = list(parts)
    for item in items:
        if not isinstance(item, Markup):
            raise TypeError(f"joined() takes Markup only, not {type(item).__name__}")
    return Markup(separator.join(items))
