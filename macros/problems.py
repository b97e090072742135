"""Plan problems: errors and warnings that carry the file, line and column they point at."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings fail only strict runs."""

    ERROR = "error"
    WARNING = "warning"


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
        return f"{self.display_path()}:{self.line}:{self.col}"


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
        if self.is_error:
            return f"{self.loc}: {self.message}"
        return f"{self.loc}: warning: {self.message}"

    def github_annotation(self) -> str:
        """The workflow command that shows this problem on a pull request's diff."""
        kind = "error" if self.is_error else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{kind} file={self.loc.display_path()},line={self.loc.line},"
            f"col={self.loc.col}::{message}"
        )


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
