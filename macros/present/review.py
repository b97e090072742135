"""Review dates: every page has an owner and a date it was last reviewed; knowledge rots.

A page's review is due `review_every` days after `reviewed` (site default in mkdocs.yml
`extra.review_every`, overridable in the page's front matter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from macros.plan.convert import suggest
from macros.plan.problems import Loc, PlanError, Problem, clip
from macros.plan.reader import compose_text, first_alias, plain
from macros.plan.values import parse_date
from macros.present.frontmatter import front_matter_end, opens_front_matter
from macros.schedule.today import build_date


def front_matter(text: str, path: Path) -> tuple[dict[str, Any], str | None]:
    """A page's YAML front matter as plain values (dates stay text), or the syntax error.

    Read with the plan's YAML 1.2 reader rather than MkDocs', which drops the whole front
    matter silently when one value (such as an impossible date) does not parse.

    Raises PlanError, at the alias's line and column in the page, for front matter with
    an alias (`*name`): it has no use for them, and MkDocs' reader keeps them, so a few
    hundred bytes of nested aliases would stand for billions of values to whatever reads
    the page's metadata as text (mkdocs-macros does, for its debug log).
    """
    lines = text.splitlines()
    end = front_matter_end(lines)
    if end is None:
        if not opens_front_matter(lines):
            return {}, None
        return {}, "front matter starts with --- but never ends: add a closing --- line"
    yaml_text = "\n".join(lines[1:end])
    try:
        node = compose_text(yaml_text, path)
    except PlanError as exc:
        problem = exc.problems[0]
        return {}, f"front matter line {problem.loc.line + 1}: {problem.message}"
    if node is not None and "*" in yaml_text:
        alias = first_alias(yaml_text, path)
        if alias is not None:  # the front matter starts on the page's second line
            at = Loc(path, alias.loc.line + 1, alias.loc.col)
            raise PlanError([Problem(at, alias.message)])
    data = plain(node)
    return (data if isinstance(data, dict) else {}), None


DEFAULT_REVIEW_EVERY = 180
MAX_REVIEW_EVERY = 3660
"""The longest review interval, ten years: longer ones are mistakes (and overflow dates)."""


@dataclass(frozen=True)
class PageReview:
    """A page's owner and review state, or the problem with its front matter."""

    path: str  # the page's path in docs/
    title: str
    owner: str | None
    reviewed: date | None
    due: date | None
    tags: tuple[str, ...]
    problems: tuple[tuple[str, str], ...]  # (front matter key, what is wrong)

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def _shown(value: Any) -> str:
    """A front matter value as a message quotes it: short, and never a deep `repr`."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return clip(repr(value))


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def page_review(
    path: str,
    title: str,
    meta: Mapping[str, Any],
    role_ids: set[str] | None,
    default_every: int = DEFAULT_REVIEW_EVERY,
    *,
    today: date | None = None,
) -> PageReview:
    """Read `owner`, `reviewed`, `tags` and `review_every` from a page's front matter.

    `role_ids` are the roles an owner may name; None accepts any owner. A `reviewed` date
    after `today` (default: the build's date) is a problem: a review cannot have happened
    yet, and a date far ahead would keep the page from ever coming due.
    """
    problems: list[tuple[str, str]] = []
    if not any(key in meta for key in ("owner", "reviewed", "tags")):
        example = sorted(role_ids)[0] if role_ids else "support-lead"
        roles = f" (one of the plan's role ids: {', '.join(sorted(role_ids))})" if role_ids else ""
        day = (today or build_date()).isoformat()
        problems.append(
            (
                "owner",
                "has no front matter: start it with these five lines: `---`, "
                f"`owner: {example}`{roles}, `reviewed: {day}`, `tags: [agents]`, `---`",
            )
        )
        return PageReview(path, title, None, None, None, (), tuple(problems))
    owner = meta.get("owner")
    if owner is None:
        problems.append(
            ("owner", "has no `owner:` in its front matter: add the role id of its owner")
        )
    elif not isinstance(owner, str) or (role_ids is not None and owner not in role_ids):
        known = ", ".join(sorted(role_ids or ()))
        hint = suggest(owner, role_ids or ()) if isinstance(owner, str) else ""
        problems.append(
            (
                "owner",
                f"names owner {_shown(owner)}, which is not a role id of the plan"
                + (hint or f" ({known})"),
            )
        )
        owner = None
    reviewed: date | None = None
    raw = meta.get("reviewed")
    if raw is None:
        problems.append(
            ("reviewed", "has no `reviewed:` date in its front matter: add `reviewed: YYYY-MM-DD`")
        )
    else:
        try:
            reviewed = _as_date(raw)
        except ValueError as exc:
            problems.append(("reviewed", f"has a wrong `reviewed:` date: {exc}"))
        else:
            if reviewed is None:  # neither a date nor text: a number, a list
                problems.append(
                    (
                        "reviewed",
                        f"has reviewed: {_shown(raw)}, which is not a date: write YYYY-MM-DD",
                    )
                )
        today = today or build_date()
        if reviewed is not None and reviewed > today:
            problems.append(
                (
                    "reviewed",
                    f"has reviewed: {reviewed.isoformat()}, after today ({today.isoformat()}): "
                    "write the date the page was last reviewed",
                )
            )
            reviewed = None
    every = meta.get("review_every", default_every)
    if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= MAX_REVIEW_EVERY:
        problems.append(
            (
                "review_every",
                f"has review_every: {_shown(every)}: write a whole number of days from 1 "
                f"to {MAX_REVIEW_EVERY} (ten years)",
            )
        )
        every = min(max(default_every, 1), MAX_REVIEW_EVERY)
    tags = meta.get("tags")
    if tags is None:
        problems.append(
            ("tags", "has no `tags:` in its front matter: add a list such as [agents, billing]")
        )
        tags = []
    elif not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(
            ("tags", "has tags that are not a list of words: write them as [agents, billing]")
        )
        tags = []
    due = reviewed + timedelta(days=every) if reviewed else None
    return PageReview(path, title, owner, reviewed, due, tuple(tags), tuple(problems))
