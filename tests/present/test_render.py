"""The HTML builders for long tables escape every value: `Snippet`, `joined`, `escaped`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from macros.present.render import Snippet, escaped, joined


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)))
def test_escaped_is_markupsafe_escape_as_plain_text(value: object) -> None:
    assert escaped(value) == str(escape(value))
    assert type(escaped(value)) is str


def test_markup_is_left_as_it_is() -> None:
    assert escaped(Markup("<b>x</b>")) == "<b>x</b>"

    class Html:
        def __html__(self) -> str:
            return "<i>y</i>"

    assert escaped(Html()) == "<i>y</i>"


def test_a_snippet_escapes_every_value_positional_or_named() -> None:
    row = Snippet('<td title="{title}">{}</td><td>{n}</td>')
    html = row('<script>alert("1")</script>', title="a\"b' & <c>", n=7)
    assert html == (
        '<td title="a&#34;b&#39; &amp; &lt;c&gt;">'
        "&lt;script&gt;alert(&#34;1&#34;)&lt;/script&gt;</td><td>7</td>"
    )
    assert isinstance(html, Markup)
    assert row(Markup("<b>kept</b>"), title="t", n=0).startswith('<td title="t"><b>kept</b>')


def test_joined_takes_markup_only() -> None:
    assert joined([Markup("<td>1</td>"), Markup("<td>2</td>")]) == "<td>1</td>\n<td>2</td>"
    assert joined([], "") == ""
    with pytest.raises(TypeError, match="Markup only, not str"):
        joined([Markup("<td>1</td>"), "<td>2</td>"])  # type: ignore[list-item]
