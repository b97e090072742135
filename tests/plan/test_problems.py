"""Problems as lines and as GitHub annotations: one line each, whatever a file is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.plan.problems import Loc, Problem, Severity, clip


def test_annotation_of_a_plain_problem() -> None:
    problem = Problem(Loc(Path("plan/project.yaml"), 3, 10), "project: start is wrong")

    assert problem.github_annotation() == (
        "::error file=plan/project.yaml,line=3,col=10::project: start is wrong"
    )


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("a,b.yaml", "a%2Cb.yaml"),
        ("a:b.yaml", "a%3Ab.yaml"),
        ("100%.yaml", "100%25.yaml"),
        ("a\nb.yaml", "a%0Ab.yaml"),
        ("a\rb.yaml", "a%0Db.yaml"),
        ("x,line=9::\n::warning::y", "x%2Cline=9%3A%3A%0A%3A%3Awarning%3A%3Ay"),
    ],
)
def test_annotation_properties_are_escaped_as_github_documents(name: str, escaped: str) -> None:
    problem = Problem(Loc(Path(name), 1, 2), "m", Severity.WARNING)

    assert problem.github_annotation() == f"::warning file={escaped},line=1,col=2::m"


def test_annotation_message_escapes_percent_and_line_breaks_only() -> None:
    problem = Problem(Loc(Path("p.yaml")), "a: 100%, b\r\nc")

    assert problem.github_annotation().endswith("::a: 100%25, b%0D%0Ac")


def test_a_problem_is_one_line_whatever_its_file_name() -> None:
    problem = Problem(Loc(Path("a\n::error::b.yaml"), 2, 3), "bad\x1b[31m\nvalue")

    assert str(problem) == "a\\n::error::b.yaml:2:3: bad\\x1b[31m\\nvalue"
    assert "\n" not in str(problem)


def test_clip_cuts_long_values_for_messages() -> None:
    assert clip("short") == "short"
    assert clip("x" * 64) == "x" * 64
    assert clip("x" * 65) == "x" * 61 + "..."
    assert clip("abcdef", 5) == "ab..."
