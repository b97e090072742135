"""Pages lose their templates' indentation; code, scripts and form text keep every space."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from macros.present.compact import compact_html


def test_indentation_and_blank_lines_go() -> None:
    html = '<ul>\n    <li>\n      <a href="x">\n        One\n      </a>\n\n\n    </li>\n</ul>\n'
    assert compact_html(html) == '<ul>\n<li>\n<a href="x">\nOne\n</a>\n</li>\n</ul>\n'


def test_elements_whose_white_space_shows_are_untouched() -> None:
    kept = (
        "<pre><code>def f():\n    return 1\n\n\n    # end</code></pre>",
        "<code>a\n    b</code>",
        "<kbd>Ctrl\n  C</kbd>",
        "<textarea>\n  notes\n</textarea>",
        '<script>\n  var s = "a\n    b";\n</script>',
        "<STYLE>\n  .a { color: red }\n</STYLE>",
    )
    html = "\n    <div>\n      " + "\n      ".join(kept) + "\n    </div>\n"
    out = compact_html(html)
    for part in kept:
        assert part in out
    assert out.startswith("\n<div>\n<pre>")


@given(st.lists(st.sampled_from(["<p>", "</p>", "word", " ", "\n", "\t", "  ", "<b>x</b>"])))
def test_the_text_a_reader_sees_is_the_same(parts: list[str]) -> None:
    html = "".join(parts)
    squash = re.compile(r"\s+")
    assert squash.sub(" ", compact_html(html)) == squash.sub(" ", html)
    assert len(compact_html(html)) <= len(html)
