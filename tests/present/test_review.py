"""Review dates from page front matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macros.plan.problems import PlanError
from macros.present.frontmatter import body_of, front_matter_end
from macros.present.review import front_matter, page_review

ROLES = {"support-lead", "trainers"}


def test_due_date_from_reviewed_and_the_default_interval() -> None:
    review = page_review(
        "kb/a.md", "A", {"owner": "trainers", "reviewed": date(2026, 3, 1), "tags": ["x"]}, ROLES
    )
    assert review.problems == ()
    assert review.due == date(2026, 8, 28)  # 180 days later
    assert review.overdue(date(2026, 8, 29))
    assert not review.overdue(date(2026, 8, 28))


def test_a_page_may_set_its_own_interval() -> None:
    meta = {"owner": "trainers", "reviewed": "2026-03-01", "tags": ["x"], "review_every": 30}
    review = page_review("kb/a.md", "A", meta, ROLES, default_every=365)
    assert review.due == date(2026, 3, 31)


def test_missing_and_wrong_front_matter_is_reported_by_key() -> None:
    review = page_review("kb/a.md", "A", {"owner": "nobody", "reviewed": "2026-02-30"}, ROLES)
    assert [key for key, _ in review.problems] == ["owner", "reviewed", "tags"]
    assert "not a role id of the plan (support-lead, trainers)" in review.problems[0][1]
    assert "February 2026 has 28 days" in review.problems[1][1]
    assert review.due is None
    assert not review.overdue(date(2030, 1, 1))


def test_the_body_is_what_follows_the_front_matter() -> None:
    page = "---\n# an owner is required\nowner: qa\n---\n\n# Title\n\nText\n"
    assert body_of(page) == "\n# Title\n\nText"
    assert body_of("# No front matter\n") == "# No front matter\n"
    unclosed = "---\nowner: qa\n# Title\n"
    assert body_of(unclosed) == unclosed


def test_front_matter_ends_at_the_next_dashes_or_dots_line() -> None:
    assert front_matter_end(["---", "owner: qa", "...", "# Title"]) == 2
    assert front_matter_end(["  ---  ", "owner: qa", "---"]) == 2
    assert front_matter_end(["# Title", "---"]) is None  # no front matter
    assert front_matter_end(["---", "owner: qa"]) is None  # never closed
    assert front_matter_end([]) is None


def test_review_every_is_bounded() -> None:
    meta = {"owner": "trainers", "reviewed": "2026-03-01", "tags": ["x"], "review_every": 999999999}
    review = page_review("kb/a.md", "A", meta, ROLES, today=date(2026, 6, 1))
    assert review.problems == (
        (
            "review_every",
            "has review_every: 999999999: write a whole number of days from 1 to 3660 (ten years)",
        ),
    )
    assert review.due == date(2026, 8, 28)  # the default interval instead


def test_a_review_date_after_today_is_a_problem() -> None:
    meta = {"owner": "trainers", "reviewed": "2027-06-01", "tags": ["x"]}
    review = page_review("kb/a.md", "A", meta, ROLES, today=date(2027, 3, 20))
    assert review.problems == (
        (
            "reviewed",
            "has reviewed: 2027-06-01, after today (2027-03-20): write the date the page was "
            "last reviewed",
        ),
    )
    assert review.due is None


def test_a_review_date_far_off_is_outside_the_dates_a_plan_can_use() -> None:
    meta = {"owner": "trainers", "reviewed": "9999-12-31", "tags": ["x"]}
    review = page_review("kb/a.md", "A", meta, ROLES, today=date(2027, 3, 20))
    assert review.problems == (
        (
            "reviewed",
            "has a wrong `reviewed:` date: 9999-12-31 is outside the dates a plan can use: "
            "write a date from "
            "1901-01-01 to 2100-12-31, the years whose public holidays are known",
        ),
    )


def test_odd_front_matter_values_are_quoted_short() -> None:
    meta = {"owner": [["deep"]], "reviewed": 7, "tags": ["x"], "review_every": "x" * 500}
    review = page_review("kb/a.md", "A", meta, ROLES, today=date(2027, 3, 20))
    assert [message for _, message in review.problems] == [
        "names owner a list, which is not a role id of the plan (support-lead, trainers)",
        "has reviewed: 7, which is not a date: write YYYY-MM-DD",
        f"has review_every: '{'x' * 60}...: write a whole number of days from 1 to 3660 (ten "
        "years)",
    ]


PAGE = "---\nowner: qa\nreviewed: 2027-03-01\n{extra}---\n\n# Title\n"


def test_front_matter_with_an_alias_is_refused_at_the_alias(tmp_path: Path) -> None:
    page = PAGE.format(extra="a: &a [lol, lol]\nb: [*a, *a]\n")
    with pytest.raises(PlanError) as caught:
        front_matter(page, tmp_path / "p.md")
    assert [(p.loc.line, p.loc.col, p.message) for p in caught.value.problems] == [
        (
            5,
            5,
            "the alias *a repeats a value written elsewhere, which is not allowed here: write "
            "the value out",
        )
    ]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ("a: x\x00y\n", "front matter line 4: the file holds U+0000 (NUL), a control character"),
        ("a: " + "[" * 1200 + "]" * 1200 + "\n", "front matter line 4: lists and mappings nest"),
        ("a: [\n", "front matter line 5: YAML syntax error:"),
    ],
)
def test_bad_front_matter_is_a_message(tmp_path: Path, extra: str, error: str) -> None:
    meta, found = front_matter(PAGE.format(extra=extra), tmp_path / "p.md")
    assert meta == {}
    assert found is not None
    assert found.startswith(error)


def test_deep_front_matter_libyaml_reads_is_read_without_recursion(tmp_path: Path) -> None:
    meta, error = front_matter(PAGE.format(extra="a: " + "[" * 900 + "]" * 900 + "\n"), tmp_path)
    assert error is None
    assert meta["owner"] == "qa"


def test_a_page_without_front_matter_gets_the_lines_to_paste() -> None:
    review = page_review("x.md", "X", {}, {"support-lead", "key-contact"}, today=date(2026, 12, 2))
    ((key, message),) = review.problems
    assert key == "owner"
    assert message == (
        "has no front matter: start it with these five lines: `---`, `owner: key-contact` "
        "(one of the plan's role ids: key-contact, support-lead), `reviewed: 2026-12-02`, "
        "`tags: [agents]`, `---`"
    )


def test_a_misspelt_owner_gets_the_role_it_meant() -> None:
    meta = {"owner": "suport-lead", "reviewed": "2026-11-02", "tags": ["agents"]}
    review = page_review(
        "x.md", "X", meta, {"support-lead", "key-contact"}, today=date(2026, 12, 2)
    )
    assert review.problems == (
        (
            "owner",
            "names owner 'suport-lead', which is not a role id of the plan: "
            "did you mean 'support-lead'?",
        ),
    )
