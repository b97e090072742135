"""Annotations that give plan fields their rules, their messages and their JSON Schema.

The model (`model.py`) declares each field once, with one of these in `Annotated[...]`;
the converter (`convert.py`) and the schema generator (`jsonschema.py`) both read them,
so the committed schema cannot say something the loader does not do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Doc:
    """A description shown by editors (hover text) and used in messages."""

    text: str


@dataclass(frozen=True)
class Pattern:
    """A string that must match `regex`; `expected` says in words what to write."""

    regex: str
    expected: str

    def matches(self, value: str) -> bool:
        return re.fullmatch(self.regex, value) is not None


@dataclass(frozen=True)
class Expected:
    """Says in words what to write, where the type alone would say it poorly."""

    text: str


@dataclass(frozen=True)
class Range:
    """Inclusive bounds for a number."""

    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, eq=False)  # hashed by identity: the schema is a dict
class Parsed:
    """A string parsed into a richer value; `parse` raises ValueError with the message."""

    parse: Callable[[str], Any]
    schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FromKey:
    """The field is filled from the mapping key the object is stored under."""


@dataclass(frozen=True)
class Internal:
    """The field is not read from YAML (locations, derived values)."""


ID_PATTERN = Pattern(
    r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?",
    "an id of lowercase letters, digits and hyphens that starts and ends with a letter "
    "or digit, such as `go-live`",
)
