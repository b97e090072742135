"""HTML fragments for plan pages, rendered with Jinja autoescape: plan values are text.

Every value from the plan reaches a page through these templates, so markup in a title or a
name is shown, never interpreted.
"""

from __future__ import annotations

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
