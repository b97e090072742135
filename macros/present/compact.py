"""A finished page without the indentation of its templates: a lighter page, the same look.

Material's templates indent every line of the navigation; on a page of a large knowledge
base a third of the bytes are those spaces. A line break followed by spaces and tabs
becomes a line break alone, and a run of blank lines one line break: HTML shows white
space between words and tags as one space either way. Elements whose white space shows
(`pre`, and `code` and `kbd`, which Material sets as pre-wrap), and those whose text is
not HTML (`script`, `style`, `textarea`) are left exactly as they are, so code blocks and
the hashes of inline scripts do not change.
"""

from __future__ import annotations

import re

_VERBATIM = re.compile(
    r"<(pre|code|kbd|textarea|script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_INDENT = re.compile(r"\n[ \t\n]+")


def compact_html(html: str) -> str:
    """`html` with the indentation and blank lines between its lines removed, elements
    whose white space matters untouched."""
    out: list[str] = []
    done = 0
    for found in _VERBATIM.finditer(html):
        out.append(_INDENT.sub("\n", html[done : found.start()]))
        out.append(found.group(0))
        done = found.end()
    out.append(_INDENT.sub("\n", html[done:]))
    return "".join(out)
