"""Plan problems: errors and warnings that carry the file, line and column they point at."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings fail only strict runs, notices
    are shown on the site and by `check`, and fail only `check --strict`."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(text: str) -> str:
    """`text` with control characters and line breaks written as Python escapes (`\\n`)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a plan file; line and column count from 1, as editors show them."""

    path: Path
    line: int = 1
    col: int = 1

    def display_path(self) -> str:
        """The path relative to the working directory when it lies below it."""
        try:
            relative = os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            return str(self.path)
        return str(self.path) if relative.startswith("..") else relative

    def __str__(self) -> str:
        """`path:line:col`, with control characters in the path escaped: a file name with
        a line break would otherwise split the line, and its second half could pass for a
        line of its own (for GitHub, a workflow command)."""
        return f"{_escaped(self.display_path())}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the plan, with the place it points at."""

    loc: Loc
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        """One line, `path:line:col: message`: control characters are escaped, as in `Loc`."""
        message = _escaped(self.message)
        if self.is_error:
            return f"{self.loc}: {message}"
        return f"{self.loc}: {self.severity.value}: {message}"

    def github_annotation(self) -> str:
        """The workflow command that shows this problem on a pull request's diff.

        Escaped as GitHub's runner reads workflow commands: a file name (chosen by whoever
        opens the pull request) with a comma, colon or line break would otherwise end a
        property early or start a command of its own.
        """
        kind = self.severity.value
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", self.loc.display_path()),
                ("line", self.loc.line),
                ("col", self.loc.col),
            )
        )
        return f"::{kind} {properties}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    """A workflow command's message, as GitHub documents its escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and `:` and `,`."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def clip(text: str, limit: int = 64) -> str:
    """`text` as a message quotes it: cut to `limit` characters, so that one value of a
    megabyte cannot make every message about it a megabyte long."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class PlanError(Exception):
    """The plan cannot be used: it holds one or more errors (and maybe warnings)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"the plan has {len(errors)} error{'s' if len(errors) != 1 else ''}:\n"
            + "\n".join(str(p) for p in self.problems)
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
